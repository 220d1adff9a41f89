/* vodup-sim-multipart.c: COS multipart uploads — initiate, parts, list, abort (tencent-vod-api.md §4.4)
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-sim-private.h"

#define DEFAULT_MAX_PARTS 1000

static int
compare_numbers (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return GPOINTER_TO_INT (a) - GPOINTER_TO_INT (b);
}

const char *
_vodup_sim_object_key (SimRequest *req)
{
  /* The key as COS names it: the path without its leading "/". */
  return req->path + 1;
}

SimUpload *
_vodup_sim_find_upload_locked (SimRequest *req,
                               SimFailure *failure)
{
  const char *upload_id = g_hash_table_lookup (req->query, "uploadId");
  SimUpload *upload = upload_id ? g_hash_table_lookup (req->sim->uploads_by_id, upload_id) : NULL;

  if (upload == NULL || upload->state != SIM_UPLOAD_ACTIVE ||
      g_strcmp0 (upload->object, req->object) != 0)
    {
      _vodup_sim_fail (failure, 404, "NoSuchUpload",
                       "The specified multipart upload does not exist.");
      return NULL;
    }

  return upload;
}

static gboolean
parse_part_number (SimRequest *req,
                   int        *number,
                   SimFailure *failure)
{
  const char *text = g_hash_table_lookup (req->query, "partNumber");
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, SIM_MAX_PARTS, &value, NULL))
    return _vodup_sim_fail (failure, 400, "InvalidArgument",
                            "Part number must be an integer between 1 and %d, inclusive.",
                            SIM_MAX_PARTS);

  *number = (int) value;
  return TRUE;
}

gboolean
_vodup_sim_part_check_locked (SimRequest *req,
                              SimFailure *failure)
{
  int number = 0;

  return parse_part_number (req, &number, failure) &&
         _vodup_sim_find_upload_locked (req, failure) != NULL;
}

gboolean
_vodup_sim_upload_check_locked (SimRequest *req,
                                SimFailure *failure)
{
  return _vodup_sim_find_upload_locked (req, failure) != NULL;
}

void
_vodup_sim_delete_upload_files (SimUpload *upload)
{
  GTreeNode *node;

  for (node = g_tree_node_first (upload->parts); node != NULL; node = g_tree_node_next (node))
    {
      SimPart *part = g_tree_node_value (node);

      _vodup_sim_delete_file (part->path);
      g_clear_pointer (&part->path, g_free);
    }
}

void
_vodup_sim_initiate (SimRequest *req)
{
  SimUpload *upload = g_new0 (SimUpload, 1);
  g_autofree char *hex = NULL;
  g_autofree char *xml = NULL;

  g_mutex_lock (&req->sim->mutex);
  hex = _vodup_sim_random_hex_locked (req->sim, 8);
  upload->upload_id = g_strdup_printf ("%" G_GINT64_FORMAT "%s", _vodup_sim_now_locked (req->sim), hex);
  upload->object = g_strdup (req->object);
  upload->bucket = g_strdup (req->bucket);
  upload->region = g_strdup (req->region);
  upload->key = g_strdup (_vodup_sim_object_key (req));
  upload->state = SIM_UPLOAD_ACTIVE;
  upload->parts = g_tree_new_full (compare_numbers, NULL, NULL, _vodup_sim_part_free);
  g_ptr_array_add (req->sim->uploads, upload);
  g_hash_table_insert (req->sim->uploads_by_id, upload->upload_id, upload);
  xml = g_markup_printf_escaped ("<InitiateMultipartUploadResult><Bucket>%s</Bucket>"
                                 "<Key>%s</Key><UploadId>%s</UploadId>"
                                 "</InitiateMultipartUploadResult>\n",
                                 upload->bucket, upload->key, upload->upload_id);
  g_mutex_unlock (&req->sim->mutex);

  _vodup_sim_cos_reply_xml (req, SOUP_STATUS_OK, xml);
}

static void
store_part_locked (SimRequest *req,
                   SimUpload  *upload,
                   int         number)
{
  SimPart *part = g_tree_lookup (upload->parts, GINT_TO_POINTER (number));
  gsize digest_length = sizeof part->md5;

  if (part == NULL)
    {
      part = g_new0 (SimPart, 1);
      part->number = number;
      g_tree_insert (upload->parts, GINT_TO_POINTER (number), part);
    }

  /* Uploading a part number again replaces it. */
  _vodup_sim_delete_file (part->path);
  g_free (part->path);
  g_free (part->etag);
  part->size = req->sink->size;
  part->crc = req->sink->crc;
  part->etag = _vodup_sim_sink_etag (req->sink);
  g_checksum_get_digest (req->sink->md5, part->md5, &digest_length);
  part->puts++;
  part->modified = _vodup_sim_now_locked (req->sim);
  part->path = _vodup_sim_sink_steal_path (req->sink);
}

void
_vodup_sim_upload_part (SimRequest *req)
{
  g_auto(SimFailure) failure = { 0, };
  g_autofree char *etag = NULL;
  SimUpload *upload;
  int number = 0;

  if (!_vodup_sim_check_body (req, &failure) || !parse_part_number (req, &number, &failure))
    {
      _vodup_sim_cos_reply_error (req, &failure);
      return;
    }

  g_mutex_lock (&req->sim->mutex);
  /* Aborted or completed while the body was on its way? */
  upload = _vodup_sim_find_upload_locked (req, &failure);
  if (upload != NULL)
    store_part_locked (req, upload, number);
  g_mutex_unlock (&req->sim->mutex);

  if (upload == NULL)
    {
      _vodup_sim_cos_reply_error (req, &failure);
      return;
    }

  etag = _vodup_sim_sink_etag (req->sink);
  _vodup_sim_cos_reply_body_done (req, req->sink->crc, etag);
}

/* ListParts and Abort */

static gboolean
parse_list_args (SimRequest *req,
                 guint64    *max_parts,
                 guint64    *marker,
                 SimFailure *failure)
{
  const char *max_text = g_hash_table_lookup (req->query, "max-parts");
  const char *marker_text = g_hash_table_lookup (req->query, "part-number-marker");

  *max_parts = DEFAULT_MAX_PARTS;
  *marker = 0;
  if ((max_text && !g_ascii_string_to_unsigned (max_text, 10, 1, DEFAULT_MAX_PARTS, max_parts, NULL)) ||
      (marker_text && !g_ascii_string_to_unsigned (marker_text, 10, 0, SIM_MAX_PARTS, marker, NULL)))
    return _vodup_sim_fail (failure, 400, "InvalidArgument",
                            "max-parts must be 1–%d and part-number-marker 0–%d.",
                            DEFAULT_MAX_PARTS, SIM_MAX_PARTS);

  return TRUE;
}

static char *
list_parts_xml_locked (SimUpload *upload,
                       guint64    max_parts,
                       guint64    marker)
{
  GString *xml = g_string_new (NULL);
  g_autofree char *head = NULL;
  GTreeNode *node = g_tree_node_first (upload->parts);
  guint64 listed = 0;
  int next_marker = (int) marker;

  while (node != NULL && GPOINTER_TO_INT (g_tree_node_key (node)) <= (int) marker)
    node = g_tree_node_next (node);

  for (; node != NULL && listed < max_parts; node = g_tree_node_next (node), listed++)
    {
      SimPart *part = g_tree_node_value (node);
      g_autofree char *modified = _vodup_sim_format_time (part->modified);
      g_autofree char *entry = NULL;

      entry = g_strdup_printf ("<Part><PartNumber>%d</PartNumber><LastModified>%s</LastModified>"
                               "<ETag>%s</ETag><Size>%" G_GINT64_FORMAT "</Size></Part>",
                               part->number, modified, part->etag, part->size);
      g_string_append (xml, entry);
      next_marker = part->number;
    }

  head = g_markup_printf_escaped ("<ListPartsResult><Bucket>%s</Bucket><Encoding-type/>"
                                  "<Key>%s</Key><UploadId>%s</UploadId>"
                                  "<Initiator><ID>%s</ID><DisplayName>%s</DisplayName></Initiator>"
                                  "<Owner><ID>%s</ID><DisplayName>%s</DisplayName></Owner>"
                                  "<StorageClass>STANDARD</StorageClass>",
                                  upload->bucket, upload->key, upload->upload_id,
                                  VODUP_SIM_APPID, VODUP_SIM_APPID, VODUP_SIM_APPID, VODUP_SIM_APPID);
  g_string_prepend (xml, head);
  g_string_append_printf (xml, "<PartNumberMarker>%" G_GUINT64_FORMAT "</PartNumberMarker>"
                          "<NextPartNumberMarker>%d</NextPartNumberMarker>"
                          "<MaxParts>%" G_GUINT64_FORMAT "</MaxParts>"
                          "<IsTruncated>%s</IsTruncated></ListPartsResult>\n",
                          marker, next_marker, max_parts, node != NULL ? "true" : "false");

  return g_string_free (xml, FALSE);
}

void
_vodup_sim_list_parts (SimRequest *req)
{
  g_auto(SimFailure) failure = { 0, };
  g_autofree char *xml = NULL;
  guint64 max_parts, marker;
  SimUpload *upload;

  if (!parse_list_args (req, &max_parts, &marker, &failure))
    {
      _vodup_sim_cos_reply_error (req, &failure);
      return;
    }

  g_mutex_lock (&req->sim->mutex);
  upload = _vodup_sim_find_upload_locked (req, &failure);
  if (upload != NULL)
    xml = list_parts_xml_locked (upload, max_parts, marker);
  g_mutex_unlock (&req->sim->mutex);

  if (xml == NULL)
    _vodup_sim_cos_reply_error (req, &failure);
  else
    _vodup_sim_cos_reply_xml (req, SOUP_STATUS_OK, xml);
}

void
_vodup_sim_abort (SimRequest *req)
{
  g_auto(SimFailure) failure = { 0, };
  SimUpload *upload;

  g_mutex_lock (&req->sim->mutex);
  upload = _vodup_sim_find_upload_locked (req, &failure);
  if (upload != NULL)
    {
      upload->state = SIM_UPLOAD_ABORTED;
      _vodup_sim_delete_upload_files (upload);
    }
  g_mutex_unlock (&req->sim->mutex);

  if (upload == NULL)
    {
      _vodup_sim_cos_reply_error (req, &failure);
      return;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "x-cos-request-id", req->request_id);
  soup_server_message_set_status (req->msg, SOUP_STATUS_NO_CONTENT, NULL);
  soup_server_message_set_response (req->msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);
}
