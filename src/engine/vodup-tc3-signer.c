/* vodup-tc3-signer.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vodup-tc3-signer.h"

#define TC3_ALGORITHM "TC3-HMAC-SHA256"
#define TC3_TERMINATOR "tc3_request"

/* Largest timestamp GDateTime can express (9999-12-31T23:59:59Z). */
#define TC3_MAX_TIMESTAMP G_GINT64_CONSTANT (253402300799)

static gboolean
request_is_valid (const VodupTc3Request *request)
{
  return request != NULL &&
         request->secret_id != NULL &&
         request->secret_key != NULL &&
         request->service != NULL &&
         request->host != NULL &&
         request->content_type != NULL &&
         request->timestamp >= 0 &&
         request->timestamp <= TC3_MAX_TIMESTAMP &&
         (request->body != NULL || request->body_length == 0);
}

/* Canonical header values are trimmed and lowercased (§2.1), so that
 * "X-TC-Action: ApplyUpload" is signed as "x-tc-action:applyupload". */
static void
append_canonical_header (GString    *out,
                         const char *name,
                         const char *value)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value));
  g_autofree char *lower = g_ascii_strdown (trimmed, -1);

  g_string_append_printf (out, "%s:%s\n", name, lower);
}

static const char *
signed_headers (const VodupTc3Request *request)
{
  g_assert (request != NULL);

  return request->action != NULL ? "content-type;host;x-tc-action" : "content-type;host";
}

/* The date is the UTC date of the timestamp, never the local one (§2.2). */
static char *
credential_date (const VodupTc3Request *request)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (request->timestamp);

  g_assert (utc != NULL);

  return g_date_time_format (utc, "%Y-%m-%d");
}

static char *
credential_scope (const VodupTc3Request *request)
{
  g_autofree char *date = credential_date (request);

  return g_strdup_printf ("%s/%s/" TC3_TERMINATOR, date, request->service);
}

char *
vodup_tc3_canonical_request (const VodupTc3Request *request)
{
  GString *out;
  g_autofree char *payload_hash = NULL;

  g_return_val_if_fail (request_is_valid (request), NULL);

  payload_hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                              request->body, request->body_length);

  out = g_string_new ("POST\n/\n\n");
  append_canonical_header (out, "content-type", request->content_type);
  append_canonical_header (out, "host", request->host);
  if (request->action != NULL)
    append_canonical_header (out, "x-tc-action", request->action);
  g_string_append_printf (out, "\n%s\n%s", signed_headers (request), payload_hash);

  return g_string_free (out, FALSE);
}

char *
vodup_tc3_string_to_sign (const VodupTc3Request *request)
{
  g_autofree char *canonical = NULL;
  g_autofree char *canonical_hash = NULL;
  g_autofree char *scope = NULL;

  g_return_val_if_fail (request_is_valid (request), NULL);

  canonical = vodup_tc3_canonical_request (request);
  canonical_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
  scope = credential_scope (request);

  return g_strdup_printf (TC3_ALGORITHM "\n%" G_GINT64_FORMAT "\n%s\n%s",
                          request->timestamp, scope, canonical_hash);
}

/* One step of the key chain: the raw digest (not its hex form) is the key
 * of the next step (§2.3). */
static void
hmac_sha256_raw (const guint8 *key,
                 gsize         key_length,
                 const char   *message,
                 guint8        digest[32])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_length);
  gsize digest_length = 32;

  g_hmac_update (hmac, (const guchar *) message, strlen (message));
  g_hmac_get_digest (hmac, digest, &digest_length);
  g_assert (digest_length == 32);
}

char *
vodup_tc3_signature (const VodupTc3Request *request)
{
  g_autofree char *date = NULL;
  g_autofree char *string_to_sign = NULL;
  g_autofree char *date_key = NULL;
  guint8 secret_date[32];
  guint8 secret_service[32];
  guint8 secret_signing[32];

  g_return_val_if_fail (request_is_valid (request), NULL);

  date = credential_date (request);
  string_to_sign = vodup_tc3_string_to_sign (request);
  date_key = g_strconcat ("TC3", request->secret_key, NULL);

  hmac_sha256_raw ((const guint8 *) date_key, strlen (date_key), date, secret_date);
  hmac_sha256_raw (secret_date, sizeof secret_date, request->service, secret_service);
  hmac_sha256_raw (secret_service, sizeof secret_service, TC3_TERMINATOR, secret_signing);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256,
                                    secret_signing, sizeof secret_signing,
                                    string_to_sign, -1);
}

char *
vodup_tc3_authorization (const VodupTc3Request *request)
{
  g_autofree char *scope = NULL;
  g_autofree char *signature = NULL;

  g_return_val_if_fail (request_is_valid (request), NULL);

  scope = credential_scope (request);
  signature = vodup_tc3_signature (request);

  return g_strdup_printf (TC3_ALGORITHM " Credential=%s/%s, SignedHeaders=%s, Signature=%s",
                          request->secret_id, scope, signed_headers (request), signature);
}
