/* vodup-sim-cos-auth.c: COS request signatures and temporary credentials (tencent-vod-api.md §4.2)
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vodup-cos-signer.h"
#include "vodup-sim-private.h"

static GHashTable *
parse_authorization (const char *authorization)
{
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = g_strsplit (authorization, "&", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq = strchr (pairs[i], '=');

      if (eq != NULL)
        g_hash_table_replace (fields, g_strndup (pairs[i], eq - pairs[i]), g_strdup (eq + 1));
    }

  return fields;
}

static gboolean
parse_key_time (const char *text,
                gint64     *start,
                gint64     *end)
{
  g_auto(GStrv) parts = g_strsplit (text, ";", -1);

  return g_strv_length (parts) == 2 &&
         g_ascii_string_to_signed (parts[0], 10, 0, G_MAXINT64, start, NULL) &&
         g_ascii_string_to_signed (parts[1], 10, 0, G_MAXINT64, end, NULL) &&
         *start <= *end;
}

static const char *
find_param (GHashTable  *query,
            const char  *lower_name,
            const char **value)
{
  GHashTableIter iter;
  gpointer key, val;

  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, &val))
    if (g_ascii_strcasecmp (key, lower_name) == 0)
      {
        *value = val;
        return key;
      }

  return NULL;
}

/* Recomputes q-signature over the headers and parameters the client listed. */
static gboolean
check_signature (SimRequest *req,
                 GHashTable *fields,
                 SimApply   *apply,
                 gint64      start,
                 gint64      end,
                 SimFailure *failure)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  g_auto(GStrv) header_names = g_strsplit (g_hash_table_lookup (fields, "q-header-list"), ";", -1);
  g_auto(GStrv) param_names = g_strsplit (g_hash_table_lookup (fields, "q-url-param-list"), ";", -1);
  g_autoptr(GArray) signed_headers = g_array_new (FALSE, TRUE, sizeof (VodupKeyValue));
  g_autoptr(GArray) signed_params = g_array_new (FALSE, TRUE, sizeof (VodupKeyValue));
  g_autofree char *signature = NULL;
  VodupCosRequest request = { 0, };

  for (guint i = 0; header_names[i] != NULL; i++)
    {
      VodupKeyValue kv = { header_names[i], soup_message_headers_get_one (headers, header_names[i]) };

      if (*kv.name == '\0')
        continue;
      if (kv.value == NULL)
        return _vodup_sim_fail (failure, 403, "SignatureDoesNotMatch",
                                "The signed header %s was not sent.", kv.name);
      g_array_append_val (signed_headers, kv);
    }

  for (guint i = 0; param_names[i] != NULL; i++)
    {
      VodupKeyValue kv = { NULL, NULL };

      if (*param_names[i] == '\0')
        continue;
      kv.name = find_param (req->query, param_names[i], &kv.value);
      if (kv.name == NULL)
        return _vodup_sim_fail (failure, 403, "SignatureDoesNotMatch",
                                "The signed parameter %s was not sent.", param_names[i]);
      g_array_append_val (signed_params, kv);
    }

  request.secret_id = apply->secret_id;
  request.secret_key = apply->secret_key;
  request.method = soup_server_message_get_method (req->msg);
  request.path = req->path;
  request.params = (const VodupKeyValue *) signed_params->data;
  request.n_params = signed_params->len;
  request.headers = (const VodupKeyValue *) signed_headers->data;
  request.n_headers = signed_headers->len;
  request.start_time = start;
  request.end_time = end;

  signature = vodup_cos_signature (&request);
  if (g_strcmp0 (signature, g_hash_table_lookup (fields, "q-signature")) != 0)
    return _vodup_sim_fail (failure, 403, "SignatureDoesNotMatch",
                            "The request signature we calculated does not match the signature "
                            "you provided. Check your key and signing method.");

  return TRUE;
}

static gboolean
check_fields (GHashTable *fields,
              SimFailure *failure)
{
  static const char * const required[] = {
    "q-ak", "q-sign-time", "q-key-time", "q-header-list", "q-url-param-list", "q-signature",
  };

  if (g_strcmp0 (g_hash_table_lookup (fields, "q-sign-algorithm"), "sha1") != 0)
    return _vodup_sim_fail (failure, 403, "AccessDenied", "q-sign-algorithm must be sha1.");

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (!g_hash_table_contains (fields, required[i]))
      return _vodup_sim_fail (failure, 403, "AccessDenied",
                              "The Authorization lacks %s.", required[i]);

  return TRUE;
}

static gboolean
header_listed (GHashTable *fields,
               const char *name)
{
  g_auto(GStrv) names = g_strsplit (g_hash_table_lookup (fields, "q-header-list"), ";", -1);

  return g_strv_contains ((const char * const *) names, name);
}

static gboolean
check_credential (SimRequest *req,
                  GHashTable *fields,
                  SimApply  **apply_out,
                  SimFailure *failure)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *token = soup_message_headers_get_one (headers, "x-cos-security-token");
  SimApply *apply;

  apply = g_hash_table_lookup (req->sim->applies_by_secret_id, g_hash_table_lookup (fields, "q-ak"));
  if (apply == NULL)
    return _vodup_sim_fail (failure, 403, "InvalidAccessKeyId",
                            "The access key Id you provided does not exist in our records.");

  if (token == NULL || g_strcmp0 (token, apply->token) != 0)
    return _vodup_sim_fail (failure, 403, "InvalidSecurity",
                            "The provided security credentials are not valid.");

  if (!header_listed (fields, "host") || !header_listed (fields, "x-cos-security-token"))
    return _vodup_sim_fail (failure, 403, "AccessDenied",
                            "host and x-cos-security-token must be signed.");

  if (_vodup_sim_now_locked (req->sim) >= apply->expired_time)
    return _vodup_sim_fail (failure, 403, "ExpiredToken",
                            "The provided token has expired.");

  *apply_out = apply;
  return TRUE;
}

gboolean
_vodup_sim_cos_check_auth_locked (SimRequest *req,
                                  SimFailure *failure)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(GHashTable) fields = NULL;
  SimApply *apply = NULL;
  gint64 start, end, now;

  if (authorization == NULL)
    return _vodup_sim_fail (failure, 403, "AccessDenied", "Authorization is missing.");

  fields = parse_authorization (authorization);
  if (!check_fields (fields, failure) || !check_credential (req, fields, &apply, failure))
    return FALSE;

  if (g_strcmp0 (g_hash_table_lookup (fields, "q-sign-time"),
                 g_hash_table_lookup (fields, "q-key-time")) != 0 ||
      !parse_key_time (g_hash_table_lookup (fields, "q-key-time"), &start, &end))
    return _vodup_sim_fail (failure, 403, "AccessDenied",
                            "q-sign-time and q-key-time must be one valid \"start;end\".");

  now = _vodup_sim_now_locked (req->sim);
  if (now < start || now > end)
    return _vodup_sim_fail (failure, 403, "RequestTimeTooSkewed",
                            "The difference between the request time and the server's time "
                            "is too large (q-key-time %s).",
                            (const char *) g_hash_table_lookup (fields, "q-key-time"));

  if (!check_signature (req, fields, apply, start, end, failure))
    return FALSE;

  if (g_strcmp0 (req->bucket, apply->bucket) != 0 || g_strcmp0 (req->region, apply->region) != 0)
    return _vodup_sim_fail (failure, 404, "NoSuchBucket", "The specified bucket does not exist.");

  if (g_strcmp0 (req->path, apply->media_path) != 0 && g_strcmp0 (req->path, apply->cover_path) != 0)
    return _vodup_sim_fail (failure, 403, "AccessDenied",
                            "The temporary credential does not allow this key.");

  req->secret_id = g_strdup (apply->secret_id);
  return TRUE;
}
