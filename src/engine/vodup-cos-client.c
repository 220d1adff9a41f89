/* vodup-cos-client.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-cos-client-private.h"
#include "vodup-session.h"
#include "vodup-cos-xml.h"
#include "vodup-endpoint.h"
#include "vodup-error.h"

#define LIST_PAGE_SIZE "1000"

G_DEFINE_FINAL_TYPE (VodupCosClient, vodup_cos_client, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (VodupCosTarget, vodup_cos_target, vodup_cos_target_copy, vodup_cos_target_free)
G_DEFINE_BOXED_TYPE (VodupCosPart, vodup_cos_part, vodup_cos_part_copy, vodup_cos_part_free)

VodupCosTarget *
vodup_cos_target_new (const char       *bucket,
                      const char       *region,
                      const char       *key,
                      VodupCredentials *credentials,
                      gint64            expired_time)
{
  VodupCosTarget *self;

  g_return_val_if_fail (bucket != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (credentials != NULL, NULL);

  self = g_new0 (VodupCosTarget, 1);
  self->bucket = g_strdup (bucket);
  self->region = g_strdup (region);
  self->key = g_strdup (key);
  self->credentials = vodup_credentials_ref (credentials);
  self->expired_time = expired_time;

  return self;
}

VodupCosTarget *
vodup_cos_target_copy (const VodupCosTarget *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return vodup_cos_target_new (self->bucket, self->region, self->key,
                               self->credentials, self->expired_time);
}

void
vodup_cos_target_free (VodupCosTarget *self)
{
  g_return_if_fail (self != NULL);

  g_free (self->bucket);
  g_free (self->region);
  g_free (self->key);
  g_clear_pointer (&self->credentials, vodup_credentials_unref);
  g_free (self);
}

VodupCosPart *
vodup_cos_part_new (guint       number,
                    const char *etag,
                    guint64     size,
                    guint64     crc64)
{
  VodupCosPart *self;

  g_return_val_if_fail (etag != NULL, NULL);

  self = g_new0 (VodupCosPart, 1);
  self->number = number;
  self->etag = g_strdup (etag);
  self->size = size;
  self->crc64 = crc64;

  return self;
}

VodupCosPart *
vodup_cos_part_copy (const VodupCosPart *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return vodup_cos_part_new (self->number, self->etag, self->size, self->crc64);
}

void
vodup_cos_part_free (VodupCosPart *self)
{
  g_return_if_fail (self != NULL);

  g_free (self->etag);
  g_free (self);
}

static void
vodup_cos_client_finalize (GObject *object)
{
  VodupCosClient *self = (VodupCosClient *) object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->endpoint, g_uri_unref);

  G_OBJECT_CLASS (vodup_cos_client_parent_class)->finalize (object);
}

static void
vodup_cos_client_class_init (VodupCosClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vodup_cos_client_finalize;
}

static void
vodup_cos_client_init (VodupCosClient *self)
{
}

VodupCosClient *
vodup_cos_client_new (SoupSession  *session,
                      const char   *endpoint,
                      GError      **error)
{
  g_autoptr(VodupCosClient) self = NULL;
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (session == NULL || SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (endpoint == NULL)
    endpoint = g_getenv ("VODUP_COS_ENDPOINT");

  if (endpoint != NULL && *endpoint != '\0' &&
      !(uri = vodup_endpoint_parse (endpoint, error)))
    return NULL;

  self = g_object_new (VODUP_TYPE_COS_CLIENT, NULL);
  self->session = session ? g_object_ref (session) : vodup_session_new ();
  self->endpoint = g_steal_pointer (&uri);

  return g_steal_pointer (&self);
}

void
vodup_cos_client_set_clock_offset (VodupCosClient *self,
                                   gint64          offset)
{
  g_return_if_fail (VODUP_IS_COS_CLIENT (self));

  __atomic_store_n (&self->clock_offset, offset, __ATOMIC_RELAXED);
}

gint64
vodup_cos_client_get_clock_offset (VodupCosClient *self)
{
  g_return_val_if_fail (VODUP_IS_COS_CLIENT (self), 0);

  return __atomic_load_n (&self->clock_offset, __ATOMIC_RELAXED);
}

static char *
upload_range (VodupCosClient        *self,
              const VodupCosTarget  *target,
              const VodupKeyValue   *params,
              gsize                  n_params,
              VodupCosUpload        *upload,
              guint64               *out_crc64,
              GCancellable          *cancellable,
              GError               **error)
{
  VodupCosCall call = { "PUT", params, n_params, NULL, upload };
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  const char *etag;
  guint64 crc64;

  answer = _vodup_cos_client_call (self, target, &call, &msg, cancellable, error);
  if (answer == NULL)
    return NULL;

  etag = soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag");
  if (etag == NULL || *etag == '\0' ||
      vodup_range_input_stream_get_position (upload->stream) != upload->length)
    {
      _vodup_cos_client_protocol_error (error);
      return NULL;
    }

  crc64 = vodup_range_input_stream_get_crc64 (upload->stream);
  if (!_vodup_cos_client_check_crc64 (msg, crc64, error))
    return NULL;

  if (out_crc64 != NULL)
    *out_crc64 = crc64;

  return g_strdup (etag);
}

char *
vodup_cos_client_put_object (VodupCosClient        *self,
                             const VodupCosTarget  *target,
                             GFile                 *file,
                             guint64                length,
                             gint64                *bytes_sent,
                             guint64               *out_crc64,
                             GCancellable          *cancellable,
                             GError               **error)
{
  VodupCosUpload upload = { file, 0, length, bytes_sent, 0, NULL };
  char *etag;

  g_return_val_if_fail (VODUP_IS_COS_CLIENT (self), NULL);
  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  etag = upload_range (self, target, NULL, 0, &upload, out_crc64, cancellable, error);
  g_clear_object (&upload.stream);

  return etag;
}

char *
vodup_cos_client_initiate_multipart (VodupCosClient        *self,
                                     const VodupCosTarget  *target,
                                     GCancellable          *cancellable,
                                     GError               **error)
{
  const VodupKeyValue params[] = { { "uploads", "" } };
  VodupCosCall call = { "POST", params, G_N_ELEMENTS (params), NULL, NULL };
  g_autoptr(GBytes) answer = NULL;

  g_return_val_if_fail (VODUP_IS_COS_CLIENT (self), NULL);
  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(answer = _vodup_cos_client_call (self, target, &call, NULL, cancellable, error)))
    return NULL;

  return vodup_cos_xml_parse_upload_id (answer, error);
}

char *
vodup_cos_client_upload_part (VodupCosClient        *self,
                              const VodupCosTarget  *target,
                              const char            *upload_id,
                              guint                  part_number,
                              GFile                 *file,
                              guint64                offset,
                              guint64                length,
                              gint64                *bytes_sent,
                              guint64               *out_crc64,
                              GCancellable          *cancellable,
                              GError               **error)
{
  VodupCosUpload upload = { file, offset, length, bytes_sent, 0, NULL };
  g_autofree char *number = NULL;
  char *etag;

  g_return_val_if_fail (VODUP_IS_COS_CLIENT (self), NULL);
  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (upload_id != NULL, NULL);
  g_return_val_if_fail (part_number >= 1 && part_number <= VODUP_COS_MAX_PARTS, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  number = g_strdup_printf ("%u", part_number);
  {
    const VodupKeyValue params[] = { { "partNumber", number }, { "uploadId", upload_id } };

    etag = upload_range (self, target, params, G_N_ELEMENTS (params), &upload,
                         out_crc64, cancellable, error);
  }
  g_clear_object (&upload.stream);

  return etag;
}

static int
compare_parts (gconstpointer a,
               gconstpointer b)
{
  const VodupCosPart *part_a = *(const VodupCosPart * const *) a;
  const VodupCosPart *part_b = *(const VodupCosPart * const *) b;

  return (part_a->number > part_b->number) - (part_a->number < part_b->number);
}

/* COS starts a 200 before the object is assembled, so the result can still
 * be an <Error>, or lack the ETag that proves the object was made. */
static gboolean
check_complete_answer (SoupMessage  *msg,
                       GBytes       *answer,
                       guint64       expected_crc64,
                       GError      **error)
{
  g_autofree char *etag = NULL;

  if (vodup_cos_xml_parse_error (answer, NULL, NULL, NULL))
    {
      g_propagate_error (error, _vodup_cos_client_answer_error (msg, answer));
      return FALSE;
    }

  if (!(etag = vodup_cos_xml_parse_complete (answer, error)))
    return FALSE;

  return _vodup_cos_client_check_crc64 (msg, expected_crc64, error);
}

gboolean
vodup_cos_client_complete_multipart (VodupCosClient        *self,
                                     const VodupCosTarget  *target,
                                     const char            *upload_id,
                                     GPtrArray             *parts,
                                     guint64                expected_crc64,
                                     GCancellable          *cancellable,
                                     GError               **error)
{
  const VodupKeyValue params[] = { { "uploadId", upload_id } };
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  VodupCosCall call = { "POST", params, G_N_ELEMENTS (params), NULL, NULL };

  g_return_val_if_fail (VODUP_IS_COS_CLIENT (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);
  g_return_val_if_fail (upload_id != NULL, FALSE);
  g_return_val_if_fail (parts != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* COS rejects any other order (InvalidPartOrder). A plain copy would
   * also take the caller's free function. */
  sorted = g_ptr_array_sized_new (parts->len);
  for (guint i = 0; i < parts->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (parts, i));
  g_ptr_array_sort (sorted, compare_parts);
  call.xml = xml = vodup_cos_xml_build_complete (sorted);

  if (!(answer = _vodup_cos_client_call (self, target, &call, &msg, cancellable, error)))
    return FALSE;

  return check_complete_answer (msg, answer, expected_crc64, error);
}

gboolean
vodup_cos_client_abort_multipart (VodupCosClient        *self,
                                  const VodupCosTarget  *target,
                                  const char            *upload_id,
                                  GCancellable          *cancellable,
                                  GError               **error)
{
  const VodupKeyValue params[] = { { "uploadId", upload_id } };
  VodupCosCall call = { "DELETE", params, G_N_ELEMENTS (params), NULL, NULL };
  g_autoptr(GBytes) answer = NULL;

  g_return_val_if_fail (VODUP_IS_COS_CLIENT (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);
  g_return_val_if_fail (upload_id != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  answer = _vodup_cos_client_call (self, target, &call, NULL, cancellable, error);

  return answer != NULL;
}

static GPtrArray *
list_parts_page (VodupCosClient        *self,
                 const VodupCosTarget  *target,
                 const char            *upload_id,
                 guint                  marker,
                 gboolean              *is_truncated,
                 guint                 *next_marker,
                 GCancellable          *cancellable,
                 GError               **error)
{
  g_autofree char *marker_text = g_strdup_printf ("%u", marker);
  const VodupKeyValue params[] = {
    { "uploadId", upload_id },
    { "max-parts", LIST_PAGE_SIZE },
    { "part-number-marker", marker_text },
  };
  VodupCosCall call = { "GET", params, marker > 0 ? 3 : 2, NULL, NULL };
  g_autoptr(GBytes) answer = NULL;

  if (!(answer = _vodup_cos_client_call (self, target, &call, NULL, cancellable, error)))
    return NULL;

  return vodup_cos_xml_parse_list_parts (answer, is_truncated, next_marker, error);
}

GPtrArray *
vodup_cos_client_list_parts (VodupCosClient        *self,
                             const VodupCosTarget  *target,
                             const char            *upload_id,
                             GCancellable          *cancellable,
                             GError               **error)
{
  g_autoptr(GPtrArray) parts = NULL;
  gboolean is_truncated = FALSE;
  guint marker = 0;

  g_return_val_if_fail (VODUP_IS_COS_CLIENT (self), NULL);
  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (upload_id != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parts = g_ptr_array_new_with_free_func ((GDestroyNotify) vodup_cos_part_free);

  do
    {
      g_autoptr(GPtrArray) page = NULL;
      guint next_marker = 0;

      page = list_parts_page (self, target, upload_id, marker, &is_truncated, &next_marker,
                              cancellable, error);
      if (page == NULL)
        return NULL;

      /* A marker that does not advance would page forever. */
      if (is_truncated && next_marker <= marker)
        {
          _vodup_cos_client_protocol_error (error);
          return NULL;
        }

      g_ptr_array_extend_and_steal (parts, g_steal_pointer (&page));
      marker = next_marker;
    }
  while (is_truncated);

  return g_steal_pointer (&parts);
}
