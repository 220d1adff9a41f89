/* vodup-cos-signer.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vodup-cos-signer.h"

typedef struct
{
  char *key;     /* lowercase (UrlEncode (name)) */
  char *value;   /* UrlEncode (value) */
} EncodedPair;

static gboolean
pairs_are_valid (const VodupKeyValue *pairs,
                 gsize                n_pairs)
{
  if (n_pairs > 0 && pairs == NULL)
    return FALSE;

  for (gsize i = 0; i < n_pairs; i++)
    if (pairs[i].name == NULL || pairs[i].value == NULL)
      return FALSE;

  return TRUE;
}

static gboolean
request_is_valid (const VodupCosRequest *request)
{
  return request != NULL &&
         request->secret_id != NULL &&
         request->secret_key != NULL &&
         request->method != NULL &&
         request->path != NULL &&
         pairs_are_valid (request->params, request->n_params) &&
         pairs_are_valid (request->headers, request->n_headers);
}

/* RFC 3986 unreserved characters only (§4.2 step 5); stricter than
 * g_uri_escape_string(), which keeps sub-delimiters such as "!*'()". */
static gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '~';
}

char *
vodup_cos_url_encode (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text));
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (is_unreserved (*p))
        g_string_append_c (out, (char) *p);
      else
        g_string_append_printf (out, "%%%02X", *p);
    }

  return g_string_free (out, FALSE);
}

static void
encoded_pair_clear (gpointer data)
{
  EncodedPair *pair = data;

  g_free (pair->key);
  g_free (pair->value);
}

static int
encoded_pair_compare (gconstpointer a,
                      gconstpointer b)
{
  const EncodedPair *pa = a;
  const EncodedPair *pb = b;
  int result = strcmp (pa->key, pb->key);

  return result != 0 ? result : strcmp (pa->value, pb->value);
}

/* Encodes, lowercases the keys and sorts (§4.2 steps 3 and 4). Header values
 * are trimmed because surrounding whitespace is not part of an HTTP field
 * value, so the server never sees it; query values are signed as given. */
static GArray *
encode_pairs (const VodupKeyValue *pairs,
              gsize                n_pairs,
              gboolean             trim_values)
{
  GArray *encoded = g_array_sized_new (FALSE, FALSE, sizeof (EncodedPair), n_pairs);

  g_array_set_clear_func (encoded, encoded_pair_clear);

  for (gsize i = 0; i < n_pairs; i++)
    {
      g_autofree char *name = vodup_cos_url_encode (pairs[i].name);
      g_autofree char *value = g_strdup (pairs[i].value);
      EncodedPair pair;

      if (trim_values)
        g_strstrip (value);

      pair.key = g_ascii_strdown (name, -1);
      pair.value = vodup_cos_url_encode (value);
      g_array_append_val (encoded, pair);
    }

  g_array_sort (encoded, encoded_pair_compare);

  return encoded;
}

/* "k1;k2" (the q-*-list form). */
static char *
join_keys (GArray *encoded)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < encoded->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ';');
      g_string_append (out, g_array_index (encoded, EncodedPair, i).key);
    }

  return g_string_free (out, FALSE);
}

/* "k1=v1&k2=v2" (the HttpParameters / HttpHeaders form). */
static char *
join_pairs (GArray *encoded)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < encoded->len; i++)
    {
      const EncodedPair *pair = &g_array_index (encoded, EncodedPair, i);

      if (i > 0)
        g_string_append_c (out, '&');
      g_string_append_printf (out, "%s=%s", pair->key, pair->value);
    }

  return g_string_free (out, FALSE);
}

static char *
key_time (const VodupCosRequest *request)
{
  g_assert (request != NULL);

  return g_strdup_printf ("%" G_GINT64_FORMAT ";%" G_GINT64_FORMAT,
                          request->start_time, request->end_time);
}

char *
vodup_cos_sign_key (const VodupCosRequest *request)
{
  g_autofree char *key_time_text = NULL;

  g_return_val_if_fail (request_is_valid (request), NULL);

  key_time_text = key_time (request);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA1,
                                    (const guchar *) request->secret_key,
                                    strlen (request->secret_key),
                                    key_time_text, -1);
}

char *
vodup_cos_http_string (const VodupCosRequest *request)
{
  g_autoptr(GArray) params = NULL;
  g_autoptr(GArray) headers = NULL;
  g_autofree char *method = NULL;
  g_autofree char *http_parameters = NULL;
  g_autofree char *http_headers = NULL;

  g_return_val_if_fail (request_is_valid (request), NULL);

  params = encode_pairs (request->params, request->n_params, FALSE);
  headers = encode_pairs (request->headers, request->n_headers, TRUE);
  method = g_ascii_strdown (request->method, -1);
  http_parameters = join_pairs (params);
  http_headers = join_pairs (headers);

  /* The path is signed decoded, in raw UTF-8 (§4.2 step 6). */
  return g_strdup_printf ("%s\n%s\n%s\n%s\n",
                          method, request->path, http_parameters, http_headers);
}

char *
vodup_cos_string_to_sign (const VodupCosRequest *request)
{
  g_autofree char *key_time_text = NULL;
  g_autofree char *http_string = NULL;
  g_autofree char *http_string_hash = NULL;

  g_return_val_if_fail (request_is_valid (request), NULL);

  key_time_text = key_time (request);
  http_string = vodup_cos_http_string (request);
  http_string_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1, http_string, -1);

  return g_strdup_printf ("sha1\n%s\n%s\n", key_time_text, http_string_hash);
}

char *
vodup_cos_signature (const VodupCosRequest *request)
{
  g_autofree char *sign_key = NULL;
  g_autofree char *string_to_sign = NULL;

  g_return_val_if_fail (request_is_valid (request), NULL);

  sign_key = vodup_cos_sign_key (request);
  string_to_sign = vodup_cos_string_to_sign (request);

  /* Unlike TC3, the key of the second HMAC is the hex text of the first
   * (§4.2 step 8). */
  return g_compute_hmac_for_string (G_CHECKSUM_SHA1,
                                    (const guchar *) sign_key, strlen (sign_key),
                                    string_to_sign, -1);
}

char *
vodup_cos_authorization (const VodupCosRequest *request)
{
  g_autoptr(GArray) params = NULL;
  g_autoptr(GArray) headers = NULL;
  g_autofree char *key_time_text = NULL;
  g_autofree char *header_list = NULL;
  g_autofree char *param_list = NULL;
  g_autofree char *signature = NULL;

  g_return_val_if_fail (request_is_valid (request), NULL);

  params = encode_pairs (request->params, request->n_params, FALSE);
  headers = encode_pairs (request->headers, request->n_headers, TRUE);
  key_time_text = key_time (request);
  header_list = join_keys (headers);
  param_list = join_keys (params);
  signature = vodup_cos_signature (request);

  return g_strdup_printf ("q-sign-algorithm=sha1&q-ak=%s&q-sign-time=%s&q-key-time=%s"
                          "&q-header-list=%s&q-url-param-list=%s&q-signature=%s",
                          request->secret_id, key_time_text, key_time_text,
                          header_list, param_list, signature);
}
