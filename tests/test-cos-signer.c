/* test-cos-signer.c: COS q-sign-algorithm=sha1 known answers
 * (tencent-vod-api.md §10 C1–C6).
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vodup-engine.h"

/* Tencent's documented example account (C1, C2). */
#define DOC_SECRET_ID "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q"
#define DOC_SECRET_KEY "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz"
#define DOC_HOST "examplebucket-1250000000.cos.ap-beijing.myqcloud.com"
#define DOC_PATH "/exampleobject(腾讯云)"

/* The VOD temporary credential (C3–C6). */
#define TMP_SECRET_ID "AKIDtmpEXAMPLE0123456789"
#define TMP_SECRET_KEY "tmpSecretKeyEXAMPLE0123456789abcd"
#define TMP_HOST "xadacq111211-100922.cos.ap-chongqing.myqcloud.com"
#define TMP_TOKEN "tmpTokenEXAMPLE"
#define TMP_SIGN_KEY "e31dcf92fc652779a3a025349f0d6d2e179f1a51"
#define TMP_KEY_TIME "1551113065;1551116665"
#define TMP_HEADERS_TAIL "host=" TMP_HOST "&x-cos-security-token=" TMP_TOKEN

/* Names in mixed case and out of order: the signer lowercases and sorts. */
static const VodupKeyValue c1_headers[] = {
  { "x-cos-grant-read", "uin=\"100000000011\"" },
  { "Host", DOC_HOST },
  { "Content-Type", "text/plain" },
  { "Date", "Thu, 16 May 2019 06:45:51 GMT" },
  { "Content-MD5", "mQ/fVh815F3k6TAUm8m0eg==" },
  { "x-cos-acl", "private" },
  { "Content-Length", "13" },
};

static const VodupKeyValue c2_params[] = {
  { "response-content-type", "application/octet-stream" },
  { "response-cache-control", "max-age=600" },
};

static const VodupKeyValue c2_headers[] = {
  { "Host", DOC_HOST },
  { "Date", "Thu, 16 May 2019 06:55:53 GMT" },
};

static const VodupKeyValue c3_headers[] = {
  { "Content-Length", "13" },
  { "Host", TMP_HOST },
  { "x-cos-security-token", TMP_TOKEN },
};

static const VodupKeyValue c4_params[] = {
  { "uploads", "" },
};

static const VodupKeyValue c4_headers[] = {
  { "x-cos-security-token", TMP_TOKEN },
  { "Host", TMP_HOST },
};

static const VodupKeyValue c5_params[] = {
  { "uploadId", "1551113065abcdef" },
  { "partNumber", "1" },
};

static const VodupKeyValue c5_headers[] = {
  { "Host", TMP_HOST },
  { "x-cos-security-token", TMP_TOKEN },
  { "Content-Length", "1048576" },
};

static const VodupKeyValue c6_params[] = {
  { "uploadId", "1551113065abcdef" },
};

static const VodupKeyValue c6_headers[] = {
  { "Content-Type", "application/xml" },
  { "Host", TMP_HOST },
  { "x-cos-security-token", TMP_TOKEN },
};

typedef struct
{
  const char          *path;
  VodupCosRequest      request;

  /* Expected; NULL where the vector publishes nothing. */
  const char          *sign_key;
  const char          *http_string;
  const char          *http_string_sha1;
  const char          *signature;
  const char          *authorization;
} CosVector;

#define TMP_REQUEST(m, params_, n_params_, headers_) \
  { \
    .secret_id = TMP_SECRET_ID, .secret_key = TMP_SECRET_KEY, \
    .method = m, .path = "/dir/name.mp4", \
    .params = params_, .n_params = n_params_, \
    .headers = headers_, .n_headers = G_N_ELEMENTS (headers_), \
    .start_time = 1551113065, .end_time = 1551116665, \
  }

static const CosVector vectors[] = {
  {
    .path = "/engine/cos-signer/c1-put",
    .request = {
      .secret_id = DOC_SECRET_ID, .secret_key = DOC_SECRET_KEY, .method = "PUT", .path = DOC_PATH,
      .headers = c1_headers, .n_headers = G_N_ELEMENTS (c1_headers),
      .start_time = 1557989151, .end_time = 1557996351,
    },
    .sign_key = "eb2519b498b02ac213cb1f3d1a3d27a3b3c9bc5f",
    .http_string = "put\n" DOC_PATH "\n\n"
                   "content-length=13&content-md5=mQ%2FfVh815F3k6TAUm8m0eg%3D%3D"
                   "&content-type=text%2Fplain"
                   "&date=Thu%2C%2016%20May%202019%2006%3A45%3A51%20GMT&host=" DOC_HOST
                   "&x-cos-acl=private&x-cos-grant-read=uin%3D%22100000000011%22\n",
    .http_string_sha1 = "8b2751e77f43a0995d6e9eb9477f4b685cca4172",
    .signature = "3b8851a11a569213c17ba8fa7dcf2abec6935172",
    .authorization = "q-sign-algorithm=sha1&q-ak=" DOC_SECRET_ID
                     "&q-sign-time=1557989151;1557996351&q-key-time=1557989151;1557996351"
                     "&q-header-list=content-length;content-md5;content-type;date;host"
                     ";x-cos-acl;x-cos-grant-read"
                     "&q-url-param-list=&q-signature=3b8851a11a569213c17ba8fa7dcf2abec6935172",
  },
  {
    .path = "/engine/cos-signer/c2-get",
    .request = {
      .secret_id = DOC_SECRET_ID, .secret_key = DOC_SECRET_KEY, .method = "get", .path = DOC_PATH,
      .params = c2_params, .n_params = G_N_ELEMENTS (c2_params),
      .headers = c2_headers, .n_headers = G_N_ELEMENTS (c2_headers),
      .start_time = 1557989753, .end_time = 1557996953,
    },
    .sign_key = "937914bf490e9e8c189836aad2052e4feeb35eaf",
    .http_string = "get\n" DOC_PATH "\n"
                   "response-cache-control=max-age%3D600"
                   "&response-content-type=application%2Foctet-stream\n"
                   "date=Thu%2C%2016%20May%202019%2006%3A55%3A53%20GMT&host=" DOC_HOST "\n",
    .http_string_sha1 = "54ecfe22f59d3514fdc764b87a32d8133ea611e6",
    .signature = "01681b8c9d798a678e43b685a9f1bba0f6c0e012",
    .authorization = "q-sign-algorithm=sha1&q-ak=" DOC_SECRET_ID
                     "&q-sign-time=1557989753;1557996953&q-key-time=1557989753;1557996953"
                     "&q-header-list=date;host"
                     "&q-url-param-list=response-cache-control;response-content-type"
                     "&q-signature=01681b8c9d798a678e43b685a9f1bba0f6c0e012",
  },
  {
    /* The PUT Object request of §4.3. */
    .path = "/engine/cos-signer/c3-put-object",
    .request = TMP_REQUEST ("PUT", NULL, 0, c3_headers),
    .sign_key = TMP_SIGN_KEY,
    .http_string = "put\n/dir/name.mp4\n\ncontent-length=13&" TMP_HEADERS_TAIL "\n",
    .http_string_sha1 = "91b69619ef2e22e484ee9fd1d36cc421ae133382",
    .signature = "87b2ade331a00f30fd24451f417b66faed17de86",
    .authorization = "q-sign-algorithm=sha1&q-ak=" TMP_SECRET_ID
                     "&q-sign-time=" TMP_KEY_TIME "&q-key-time=" TMP_KEY_TIME
                     "&q-header-list=content-length;host;x-cos-security-token&q-url-param-list="
                     "&q-signature=87b2ade331a00f30fd24451f417b66faed17de86",
  },
  {
    .path = "/engine/cos-signer/c4-initiate-multipart",
    .request = TMP_REQUEST ("POST", c4_params, G_N_ELEMENTS (c4_params), c4_headers),
    .sign_key = TMP_SIGN_KEY,
    .http_string = "post\n/dir/name.mp4\nuploads=\n" TMP_HEADERS_TAIL "\n",
    .http_string_sha1 = "b20f7a48d820b46c7835af0aeb0ab411cb10b6b3",
    .signature = "31e638f97999e6cc4fdee31c05ead912641932d6",
    .authorization = "q-sign-algorithm=sha1&q-ak=" TMP_SECRET_ID
                     "&q-sign-time=" TMP_KEY_TIME "&q-key-time=" TMP_KEY_TIME
                     "&q-header-list=host;x-cos-security-token&q-url-param-list=uploads"
                     "&q-signature=31e638f97999e6cc4fdee31c05ead912641932d6",
  },
  {
    .path = "/engine/cos-signer/c5-upload-part",
    .request = TMP_REQUEST ("PUT", c5_params, G_N_ELEMENTS (c5_params), c5_headers),
    .sign_key = TMP_SIGN_KEY,
    .http_string = "put\n/dir/name.mp4\npartnumber=1&uploadid=1551113065abcdef\n"
                   "content-length=1048576&" TMP_HEADERS_TAIL "\n",
    .http_string_sha1 = "83d2df837fc1cb0bde7277801130fd68d2cd9dd1",
    .signature = "9244e76e565677448d3f66b9c172f584443c7ffa",
    .authorization = "q-sign-algorithm=sha1&q-ak=" TMP_SECRET_ID
                     "&q-sign-time=" TMP_KEY_TIME "&q-key-time=" TMP_KEY_TIME
                     "&q-header-list=content-length;host;x-cos-security-token"
                     "&q-url-param-list=partnumber;uploadid"
                     "&q-signature=9244e76e565677448d3f66b9c172f584443c7ffa",
  },
  {
    .path = "/engine/cos-signer/c6-complete-multipart",
    .request = TMP_REQUEST ("POST", c6_params, G_N_ELEMENTS (c6_params), c6_headers),
    .sign_key = TMP_SIGN_KEY,
    .http_string = "post\n/dir/name.mp4\nuploadid=1551113065abcdef\n"
                   "content-type=application%2Fxml&" TMP_HEADERS_TAIL "\n",
    .http_string_sha1 = "ab20fa766d7e5bfd9b404be606c7a7dc4cd46a80",
    .signature = "9e648265ba185276585ea46504f51f93b7a1e46b",
    .authorization = "q-sign-algorithm=sha1&q-ak=" TMP_SECRET_ID
                     "&q-sign-time=" TMP_KEY_TIME "&q-key-time=" TMP_KEY_TIME
                     "&q-header-list=content-type;host;x-cos-security-token"
                     "&q-url-param-list=uploadid"
                     "&q-signature=9e648265ba185276585ea46504f51f93b7a1e46b",
  },
};

static const CosVector *
find_vector (const char *path)
{
  for (gsize i = 0; i < G_N_ELEMENTS (vectors); i++)
    if (g_str_equal (vectors[i].path, path))
      return &vectors[i];

  g_assert_not_reached ();
}

static void
test_vector (gconstpointer data)
{
  const CosVector *v = data;
  const VodupCosRequest *request = &v->request;
  g_autofree char *sign_key = vodup_cos_sign_key (request);
  g_autofree char *http_string = vodup_cos_http_string (request);
  g_autofree char *http_string_sha1 = NULL;
  g_autofree char *string_to_sign = vodup_cos_string_to_sign (request);
  g_autofree char *expected_string_to_sign = NULL;
  g_autofree char *signature = vodup_cos_signature (request);
  g_autofree char *authorization = vodup_cos_authorization (request);

  http_string_sha1 = g_compute_checksum_for_string (G_CHECKSUM_SHA1, http_string, -1);
  expected_string_to_sign = g_strdup_printf ("sha1\n%" G_GINT64_FORMAT ";%" G_GINT64_FORMAT
                                             "\n%s\n",
                                             request->start_time, request->end_time,
                                             v->http_string_sha1);

  g_assert_cmpstr (sign_key, ==, v->sign_key);
  g_assert_cmpstr (http_string, ==, v->http_string);
  g_assert_cmpstr (http_string_sha1, ==, v->http_string_sha1);
  g_assert_cmpstr (string_to_sign, ==, expected_string_to_sign);
  g_assert_cmpstr (signature, ==, v->signature);
  g_assert_cmpstr (authorization, ==, v->authorization);
}

typedef struct
{
  const char *input;
  const char *expected;
} EncodeVector;

static const EncodeVector encode_vectors[] = {
  { "", "" },
  { "AZaz09-_.~", "AZaz09-_.~" },
  { " /=;\",:", "%20%2F%3D%3B%22%2C%3A" },
  { "!*'()", "%21%2A%27%28%29" },
  { "+&?#%", "%2B%26%3F%23%25" },
  { "腾讯云", "%E8%85%BE%E8%AE%AF%E4%BA%91" },
  { "\x7f\x01", "%7F%01" },
  { "mQ/fVh815F3k6TAUm8m0eg==", "mQ%2FfVh815F3k6TAUm8m0eg%3D%3D" },
};

static void
test_url_encode (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (encode_vectors); i++)
    {
      g_autofree char *encoded = vodup_cos_url_encode (encode_vectors[i].input);

      g_assert_cmpstr (encoded, ==, encode_vectors[i].expected);
    }
}

/* Keys are lowercased after encoding; values keep their case. */
static void
test_keys_lowercased_values_not (void)
{
  static const VodupKeyValue params[] = {
    { "Prefix/Key", "Value/Case" },
  };
  static const VodupKeyValue headers[] = {
    { "X-COS-Meta-Name", "  Mixed Case  " },
  };
  VodupCosRequest request = TMP_REQUEST ("Put", params, G_N_ELEMENTS (params), headers);
  g_autofree char *http_string = vodup_cos_http_string (&request);
  g_autofree char *authorization = vodup_cos_authorization (&request);

  g_assert_cmpstr (http_string, ==,
                   "put\n/dir/name.mp4\nprefix%2fkey=Value%2FCase\nx-cos-meta-name=Mixed%20Case\n");
  g_assert_true (strstr (authorization, "&q-header-list=x-cos-meta-name&") != NULL);
  g_assert_true (strstr (authorization, "&q-url-param-list=prefix%2fkey&") != NULL);
}

/* Every input that is signed changes the signature. */
static void
test_inputs_are_signed (void)
{
  static const VodupKeyValue other_params[] = {
    { "partNumber", "2" },
    { "uploadId", "1551113065abcdef" },
  };
  static const VodupKeyValue other_headers[] = {
    { "Content-Length", "1048575" },
    { "Host", TMP_HOST },
    { "x-cos-security-token", TMP_TOKEN },
  };
  const VodupCosRequest *base = &find_vector ("/engine/cos-signer/c5-upload-part")->request;
  g_autofree char *expected = vodup_cos_signature (base);
  VodupCosRequest changed[7];

  for (guint i = 0; i < G_N_ELEMENTS (changed); i++)
    changed[i] = *base;
  changed[0].secret_key = "tmpSecretKeyEXAMPLE0123456789abce";
  changed[1].method = "POST";
  changed[2].path = "/dir/name.mp5";
  changed[3].params = other_params;
  changed[4].headers = other_headers;
  changed[5].start_time += 1;
  changed[6].end_time += 1;

  for (guint i = 0; i < G_N_ELEMENTS (changed); i++)
    {
      g_autofree char *signature = vodup_cos_signature (&changed[i]);

      g_assert_cmpstr (signature, !=, expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (vectors); i++)
    g_test_add_data_func (vectors[i].path, &vectors[i], test_vector);
  g_test_add_func ("/engine/cos-signer/url-encode", test_url_encode);
  g_test_add_func ("/engine/cos-signer/keys-lowercased-values-not",
                   test_keys_lowercased_values_not);
  g_test_add_func ("/engine/cos-signer/inputs-are-signed", test_inputs_are_signed);

  return g_test_run ();
}
