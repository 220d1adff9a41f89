/* vodup-sim-complete.c: CompleteMultipartUpload (tencent-vod-api.md §4.4)
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-crc64.h"
#include "vodup-sim-private.h"

typedef struct
{
  int   number;
  char *etag;
} ListedPart;

typedef struct
{
  GArray  *parts;
  GString *text;
  int      depth;
  int      number;
  char    *etag;
} CompleteParser;

static void
listed_part_clear (gpointer data)
{
  g_free (((ListedPart *) data)->etag);
}

static void
complete_start (GMarkupParseContext  *context,
                const char           *element,
                const char          **attribute_names,
                const char          **attribute_values,
                gpointer              user_data,
                GError              **error)
{
  CompleteParser *parser = user_data;

  parser->depth++;
  g_string_truncate (parser->text, 0);

  if ((parser->depth == 1 && !g_str_equal (element, "CompleteMultipartUpload")) ||
      (parser->depth == 2 && !g_str_equal (element, "Part")))
    g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_UNKNOWN_ELEMENT, "unexpected <%s>", element);

  if (parser->depth == 2)
    {
      parser->number = -1;
      g_clear_pointer (&parser->etag, g_free);
    }
}

static void
complete_end (GMarkupParseContext  *context,
              const char           *element,
              gpointer              user_data,
              GError              **error)
{
  CompleteParser *parser = user_data;
  const char *text = g_strstrip (parser->text->str);
  guint64 number;

  if (parser->depth == 3 && g_str_equal (element, "PartNumber"))
    {
      if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT, &number, error))
        return;
      parser->number = (int) number;
    }
  else if (parser->depth == 3 && g_str_equal (element, "ETag"))
    {
      g_free (parser->etag);
      parser->etag = g_strdup (text);
    }
  else if (parser->depth == 2)
    {
      ListedPart part = { parser->number, g_steal_pointer (&parser->etag) };

      if (part.number < 0 || part.etag == NULL)
        {
          g_free (part.etag);
          g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                       "a <Part> needs <PartNumber> and <ETag>");
          return;
        }
      g_array_append_val (parser->parts, part);
    }

  parser->depth--;
  g_string_truncate (parser->text, 0);
}

static void
complete_text (GMarkupParseContext  *context,
               const char           *text,
               gsize                 length,
               gpointer              user_data,
               GError              **error)
{
  CompleteParser *parser = user_data;

  g_string_append_len (parser->text, text, length);
}

static GArray *
parse_complete_body (SoupServerMessage *msg)
{
  static const GMarkupParser callbacks = { complete_start, complete_end, complete_text, NULL, NULL };
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GMarkupParseContext) context = NULL;
  CompleteParser parser = { 0, };
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  gboolean ok;

  parser.parts = g_array_new (FALSE, TRUE, sizeof (ListedPart));
  g_array_set_clear_func (parser.parts, listed_part_clear);
  parser.text = g_string_new (NULL);
  context = g_markup_parse_context_new (&callbacks, G_MARKUP_PREFIX_ERROR_POSITION, &parser, NULL);

  ok = length > 0 &&
       g_markup_parse_context_parse (context, data, length, NULL) &&
       g_markup_parse_context_end_parse (context, NULL);

  g_string_free (parser.text, TRUE);
  g_free (parser.etag);
  if (!ok || parser.parts->len == 0)
    g_clear_pointer (&parser.parts, g_array_unref);

  return parser.parts;
}

static gboolean
check_listed_parts_locked (SimUpload  *upload,
                           GArray     *listed,
                           SimFailure *failure)
{
  for (guint i = 0; i < listed->len; i++)
    {
      ListedPart *lp = &g_array_index (listed, ListedPart, i);

      if (i > 0 && lp->number <= g_array_index (listed, ListedPart, i - 1).number)
        return _vodup_sim_fail (failure, 400, "InvalidPartOrder",
                                "The list of parts was not in ascending order.");
    }

  for (guint i = 0; i < listed->len; i++)
    {
      ListedPart *lp = &g_array_index (listed, ListedPart, i);
      SimPart *part = g_tree_lookup (upload->parts, GINT_TO_POINTER (lp->number));

      if (part == NULL || g_strcmp0 (part->etag, lp->etag) != 0)
        return _vodup_sim_fail (failure, 400, "InvalidPart",
                                "Part %d could not be found or its ETag does not match.",
                                lp->number);
      if (i + 1 < listed->len && part->size < SIM_MIN_PART_SIZE)
        return _vodup_sim_fail (failure, 400, "EntityTooSmall",
                                "Part %d is smaller than the minimum allowed size.", lp->number);
    }

  return TRUE;
}

/* Concatenates the stored parts into one file (store mode only). */
static char *
join_part_files_locked (VodupSim  *self,
                        SimUpload *upload,
                        GArray    *listed)
{
  g_autofree char *path = _vodup_sim_data_path_locked (self);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return NULL;

  file = g_file_new_for_path (path);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &error);
  for (guint i = 0; out != NULL && error == NULL && i < listed->len; i++)
    {
      int number = g_array_index (listed, ListedPart, i).number;
      SimPart *part = g_tree_lookup (upload->parts, GINT_TO_POINTER (number));
      g_autoptr(GFile) part_file = NULL;
      g_autoptr(GFileInputStream) in = NULL;

      if (part->path == NULL)
        break;
      part_file = g_file_new_for_path (part->path);
      in = g_file_read (part_file, NULL, &error);
      if (in != NULL)
        g_output_stream_splice (G_OUTPUT_STREAM (out), G_INPUT_STREAM (in),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE, NULL, &error);
    }

  if (out == NULL || error != NULL || !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error))
    {
      g_warning ("vodup-sim: cannot join the parts of %s: %s", upload->object,
                 error ? error->message : "no file");
      _vodup_sim_delete_file (path);
      return NULL;
    }

  return g_steal_pointer (&path);
}

static SimObject *
complete_locked (VodupSim  *self,
                 SimUpload *upload,
                 GArray    *listed)
{
  SimObject *object = g_new0 (SimObject, 1);
  g_autoptr(GChecksum) md5s = g_checksum_new (G_CHECKSUM_MD5);
  SimObject *old;

  for (guint i = 0; i < listed->len; i++)
    {
      int number = g_array_index (listed, ListedPart, i).number;
      SimPart *part = g_tree_lookup (upload->parts, GINT_TO_POINTER (number));

      object->crc = vodup_crc64_combine (object->crc, part->crc, part->size);
      object->size += part->size;
      g_checksum_update (md5s, part->md5, sizeof part->md5);
    }

  /* md5 holds the ETag without quotes: "<md5 of the part md5s>-N". */
  g_snprintf (object->md5, sizeof object->md5, "%s-%u",
              g_checksum_get_string (md5s), listed->len);
  object->multipart = TRUE;
  object->path = join_part_files_locked (self, upload, listed);

  upload->state = SIM_UPLOAD_COMPLETED;
  _vodup_sim_delete_upload_files (upload);

  old = g_hash_table_lookup (self->objects, upload->object);
  if (old != NULL)
    _vodup_sim_delete_file (old->path);
  g_hash_table_replace (self->objects, g_strdup (upload->object), object);

  return object;
}

/* ETags go out with literal quotes, as COS writes them; they hold nothing
 * else that XML would need escaped. */
static char *
complete_result_xml (SimRequest *req,
                     const char *etag)
{
  g_autofree char *head = NULL;

  head = g_markup_printf_escaped ("<CompleteMultipartUploadResult>"
                                  "<Location>%s.cos.%s.myqcloud.com%s</Location>"
                                  "<Bucket>%s</Bucket><Key>%s</Key>",
                                  req->bucket, req->region, req->path,
                                  req->bucket, _vodup_sim_object_key (req));
  return g_strdup_printf ("%s<ETag>%s</ETag></CompleteMultipartUploadResult>\n", head, etag);
}

void
_vodup_sim_complete (SimRequest *req)
{
  g_auto(SimFailure) failure = { 0, };
  g_autoptr(GArray) listed = parse_complete_body (req->msg);
  g_autofree char *etag = NULL;
  g_autofree char *crc = NULL;
  g_autofree char *xml = NULL;
  SimUpload *upload = NULL;

  g_mutex_lock (&req->sim->mutex);
  if (listed == NULL)
    _vodup_sim_fail (&failure, 400, "MalformedXML",
                     "The XML you provided was not well-formed or did not list any part.");
  else if ((upload = _vodup_sim_find_upload_locked (req, &failure)) &&
           check_listed_parts_locked (upload, listed, &failure))
    {
      SimObject *object = complete_locked (req->sim, upload, listed);

      etag = g_strdup_printf ("\"%s\"", object->md5);
      crc = g_strdup_printf ("%" G_GUINT64_FORMAT, object->crc);
    }
  g_mutex_unlock (&req->sim->mutex);

  if (etag == NULL)
    {
      _vodup_sim_cos_reply_error (req, &failure);
      return;
    }

  xml = complete_result_xml (req, etag);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "x-cos-hash-crc64ecma", crc);
  _vodup_sim_cos_reply_xml (req, SOUP_STATUS_OK, xml);
}
