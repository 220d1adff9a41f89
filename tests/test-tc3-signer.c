/* test-tc3-signer.c: TC3-HMAC-SHA256 known answers (tencent-vod-api.md §10 K1–K4).
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vodup-engine.h"

#define K1_SECRET_ID "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
#define K1_SECRET_KEY "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
#define JSON_UTF8 "application/json; charset=utf-8"
#define CVM_HOST "cvm.tencentcloudapi.com"
#define VOD_HOST "vod.tencentcloudapi.com"

/* Exact body bytes: literal backslash-u escapes, not UTF-8. */
#define K1_BODY \
  "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], " \
  "\"Name\": \"instance-name\"}]}"
#define K3_BODY \
  "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"unnamed\"], \"Name\": \"instance-name\"}]}"
#define K3_UTF8_BODY \
  "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"未命名\"], \"Name\": \"instance-name\"}]}"
#define K4_BODY \
  "{\"MediaType\":\"mp4\",\"MediaName\":\"demo\",\"Procedure\":\"LongVideoPreset\"," \
  "\"SourceContext\":\"job-42\",\"SubAppId\":1500000001}"

#define K1_PAYLOAD_HASH "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
#define K4_PAYLOAD_HASH "4554701bbf3f82161b5ba45b8fdbcb33c4b252be641932e6f4c053c8e6d4e06f"
#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

#define CANONICAL_HEAD(host) \
  "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:" host "\n"
#define STRING_TO_SIGN_HEAD(timestamp, date, service) \
  "TC3-HMAC-SHA256\n" timestamp "\n" date "/" service "/tc3_request\n"
#define AUTHORIZATION_HEAD(date, service) \
  "TC3-HMAC-SHA256 Credential=" K1_SECRET_ID "/" date "/" service "/tc3_request, "

typedef struct
{
  const char *path;
  const char *service;
  const char *host;
  const char *action;
  gint64      timestamp;
  const char *body;                   /* NULL: no body at all */

  /* Expected; NULL where the vector publishes nothing. */
  const char *payload_hash;
  const char *canonical_request;
  const char *canonical_request_hash;
  const char *string_to_sign;
  const char *signature;
  const char *authorization;
} Tc3Vector;

static const Tc3Vector vectors[] = {
  {
    .path = "/engine/tc3-signer/k1",
    .service = "cvm", .host = CVM_HOST, .timestamp = 1551113065, .body = K1_BODY,
    .payload_hash = K1_PAYLOAD_HASH,
    .canonical_request = CANONICAL_HEAD (CVM_HOST) "\ncontent-type;host\n" K1_PAYLOAD_HASH,
    .canonical_request_hash = "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
    .string_to_sign = STRING_TO_SIGN_HEAD ("1551113065", "2019-02-25", "cvm")
                      "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
    .signature = "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
    .authorization = AUTHORIZATION_HEAD ("2019-02-25", "cvm")
                     "SignedHeaders=content-type;host, "
                     "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
  },
  {
    /* K2's own key is masked; the signature is the [SELF] one with K1's key. */
    .path = "/engine/tc3-signer/k2-x-tc-action",
    .service = "cvm", .host = CVM_HOST, .action = "DescribeInstances",
    .timestamp = 1551113065, .body = K1_BODY,
    .payload_hash = K1_PAYLOAD_HASH,
    .canonical_request = CANONICAL_HEAD (CVM_HOST) "x-tc-action:describeinstances\n"
                         "\ncontent-type;host;x-tc-action\n" K1_PAYLOAD_HASH,
    .canonical_request_hash = "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84",
    .string_to_sign = STRING_TO_SIGN_HEAD ("1551113065", "2019-02-25", "cvm")
                      "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84",
    .signature = "644be983de9a8a3f00db8eadaba61467c3b429e2215758ba897b738ca469fd26",
  },
  {
    .path = "/engine/tc3-signer/k3-unnamed",
    .service = "cvm", .host = CVM_HOST, .timestamp = 1551113065, .body = K3_BODY,
    .payload_hash = "99d58dfbc6745f6747f36bfca17dee5e6881dc0428a0a36f96199342bc5b4907",
    .canonical_request_hash = "2815843035062fffda5fd6f2a44ea8a34818b0dc46f024b8b3786976a3adda7a",
    .signature = "63eae8f4b793c20564dafd5a5f62817d6e8de7ce5d4fb2d38f7babf1531c493c",
  },
  {
    /* Catches a body re-encoded between signing and sending. */
    .path = "/engine/tc3-signer/k3-raw-utf8",
    .service = "cvm", .host = CVM_HOST, .timestamp = 1551113065, .body = K3_UTF8_BODY,
    .payload_hash = "1e07682a01ae959704b7d77a9c0dd92ad8284fc90f9bb2ab5cc941be1d7ea716",
    .signature = "57ed31a395c63c472410096cc67e56aa39aa2b06b960d4f31beea21236106ca9",
  },
  {
    .path = "/engine/tc3-signer/k4",
    .service = "vod", .host = VOD_HOST, .timestamp = 1551113065, .body = K4_BODY,
    .payload_hash = K4_PAYLOAD_HASH,
    .canonical_request_hash = "a45f8e7e5b30e0596dd33cca4ed843bdce818c1c7bf8f6d786b130e02966b28c",
    .signature = "06fe048665817b779d33e24fb324398f48c6dbf9e6a7a559f82d4e72d0874b7e",
  },
  {
    /* The full ApplyUpload request of §2.5. */
    .path = "/engine/tc3-signer/k4-x-tc-action",
    .service = "vod", .host = VOD_HOST, .action = "ApplyUpload",
    .timestamp = 1551113065, .body = K4_BODY,
    .payload_hash = K4_PAYLOAD_HASH,
    .canonical_request = CANONICAL_HEAD (VOD_HOST) "x-tc-action:applyupload\n"
                         "\ncontent-type;host;x-tc-action\n" K4_PAYLOAD_HASH,
    .canonical_request_hash = "58188342ea42695523fc3f86e160c9e3b9daa8959f3c50851d0ca1da73c80c94",
    .string_to_sign = STRING_TO_SIGN_HEAD ("1551113065", "2019-02-25", "vod")
                      "58188342ea42695523fc3f86e160c9e3b9daa8959f3c50851d0ca1da73c80c94",
    .signature = "8ab455c237ea74ac32f133135b543d615a85f7508e6c39b46192b1070d470673",
    .authorization = AUTHORIZATION_HEAD ("2019-02-25", "vod")
                     "SignedHeaders=content-type;host;x-tc-action, "
                     "Signature=8ab455c237ea74ac32f133135b543d615a85f7508e6c39b46192b1070d470673",
  },
  {
    /* Last second of a UTC day, no body at all ([SELF], python). */
    .path = "/engine/tc3-signer/utc-day-last-second",
    .service = "vod", .host = VOD_HOST, .action = "ApplyUpload",
    .timestamp = 1551139199, .body = NULL,
    .payload_hash = EMPTY_SHA256,
    .canonical_request_hash = "b388d094ca5dec256174432d1f5b02d66505d26a753e5ef8c4cf11e9ef7a5294",
    .string_to_sign = STRING_TO_SIGN_HEAD ("1551139199", "2019-02-25", "vod")
                      "b388d094ca5dec256174432d1f5b02d66505d26a753e5ef8c4cf11e9ef7a5294",
    .signature = "98bdf87e5df6b4adf868bffa62490351d7c3493d9ccb6a53ef69455da51b4b13",
  },
  {
    /* First second of the next UTC day, empty body ([SELF], python). */
    .path = "/engine/tc3-signer/utc-day-first-second",
    .service = "vod", .host = VOD_HOST, .action = "ApplyUpload",
    .timestamp = 1551139200, .body = "",
    .payload_hash = EMPTY_SHA256,
    .canonical_request_hash = "b388d094ca5dec256174432d1f5b02d66505d26a753e5ef8c4cf11e9ef7a5294",
    .string_to_sign = STRING_TO_SIGN_HEAD ("1551139200", "2019-02-26", "vod")
                      "b388d094ca5dec256174432d1f5b02d66505d26a753e5ef8c4cf11e9ef7a5294",
    .signature = "4dadd951fe55faaa6986df6f1b43fabf9fc12c5a3b25a00aa8d9f172d8415bb9",
    .authorization = AUTHORIZATION_HEAD ("2019-02-26", "vod")
                     "SignedHeaders=content-type;host;x-tc-action, "
                     "Signature=4dadd951fe55faaa6986df6f1b43fabf9fc12c5a3b25a00aa8d9f172d8415bb9",
  },
};

static const Tc3Vector *
find_vector (const char *path)
{
  for (gsize i = 0; i < G_N_ELEMENTS (vectors); i++)
    if (g_str_equal (vectors[i].path, path))
      return &vectors[i];

  g_assert_not_reached ();
}

static VodupTc3Request
request_from_vector (const Tc3Vector *v)
{
  VodupTc3Request request = {
    .secret_id = K1_SECRET_ID,
    .secret_key = K1_SECRET_KEY,
    .service = v->service,
    .host = v->host,
    .content_type = JSON_UTF8,
    .action = v->action,
    .timestamp = v->timestamp,
    .body = (const guint8 *) v->body,
    .body_length = v->body != NULL ? strlen (v->body) : 0,
  };

  return request;
}

static void
test_vector (gconstpointer data)
{
  const Tc3Vector *v = data;
  VodupTc3Request request = request_from_vector (v);
  g_autofree char *canonical = vodup_tc3_canonical_request (&request);
  g_autofree char *canonical_hash = NULL;
  g_autofree char *string_to_sign = vodup_tc3_string_to_sign (&request);
  g_autofree char *signature = vodup_tc3_signature (&request);
  g_autofree char *authorization = vodup_tc3_authorization (&request);
  const char *payload_hash = strrchr (canonical, '\n') + 1;

  canonical_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);

  g_assert_cmpstr (payload_hash, ==, v->payload_hash);
  if (v->canonical_request != NULL)
    g_assert_cmpstr (canonical, ==, v->canonical_request);
  if (v->canonical_request_hash != NULL)
    g_assert_cmpstr (canonical_hash, ==, v->canonical_request_hash);
  if (v->string_to_sign != NULL)
    g_assert_cmpstr (string_to_sign, ==, v->string_to_sign);
  g_assert_true (g_str_has_suffix (string_to_sign, canonical_hash));
  g_assert_cmpstr (signature, ==, v->signature);
  if (v->authorization != NULL)
    g_assert_cmpstr (authorization, ==, v->authorization);
  g_assert_true (g_str_has_suffix (authorization, signature));
}

/* Header values are trimmed and lowercased in the canonical form only. */
static void
test_header_normalization (void)
{
  const Tc3Vector *v = find_vector ("/engine/tc3-signer/k4-x-tc-action");
  VodupTc3Request request = request_from_vector (v);
  g_autofree char *expected = vodup_tc3_signature (&request);
  g_autofree char *signature = NULL;

  request.host = " VOD.TencentCloudAPI.com ";
  request.content_type = "Application/JSON; charset=UTF-8";
  request.action = "APPLYUPLOAD ";
  signature = vodup_tc3_signature (&request);

  g_assert_cmpstr (signature, ==, expected);
}

/* Every input that is signed changes the signature. */
static void
test_inputs_are_signed (void)
{
  const Tc3Vector *v = find_vector ("/engine/tc3-signer/k4-x-tc-action");
  VodupTc3Request base = request_from_vector (v);
  g_autofree char *expected = vodup_tc3_signature (&base);
  VodupTc3Request changed[6];

  for (guint i = 0; i < G_N_ELEMENTS (changed); i++)
    changed[i] = base;
  changed[0].secret_key = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLF";
  changed[1].service = "cvm";
  changed[2].host = "vod.tencentcloudapi.com:443";
  changed[3].action = "CommitUpload";
  changed[4].timestamp = base.timestamp + 1;
  changed[5].body_length = base.body_length - 1;

  for (guint i = 0; i < G_N_ELEMENTS (changed); i++)
    {
      g_autofree char *signature = vodup_tc3_signature (&changed[i]);

      g_assert_cmpstr (signature, !=, expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* UTC+8 (POSIX form, needs no tzdata): signing with the local date would
   * give 2019-02-26 for K1 and fail. */
  g_setenv ("TZ", "CST-8", TRUE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (vectors); i++)
    g_test_add_data_func (vectors[i].path, &vectors[i], test_vector);
  g_test_add_func ("/engine/tc3-signer/header-normalization", test_header_normalization);
  g_test_add_func ("/engine/tc3-signer/inputs-are-signed", test_inputs_are_signed);

  return g_test_run ();
}
