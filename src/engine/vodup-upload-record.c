/* vodup-upload-record.c: an upload as a journal record, and the parts of
 * one read back
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-enums.h"
#include "vodup-upload-record-private.h"

/* Writing ------------------------------------------------------------------- */

static JsonObject *
options_to_json (const VodupUploadOptions *options)
{
  JsonObject *object = json_object_new ();
  g_autofree char *cover = options->cover ? g_file_get_uri (options->cover) : NULL;

  _vodup_json_set_string (object, "procedure", options->procedure);
  _vodup_json_set_string (object, "storage_region", options->storage_region);
  json_object_set_int_member (object, "sub_app_id", (gint64) options->sub_app_id);
  json_object_set_int_member (object, "class_id", options->class_id);
  _vodup_json_set_string (object, "media_name", options->media_name);
  _vodup_json_set_string (object, "expire_time", options->expire_time);
  _vodup_json_set_string (object, "source_context", options->source_context);
  _vodup_json_set_string (object, "session_context", options->session_context);
  _vodup_json_set_string (object, "cover", cover);

  return object;
}

static JsonObject *
identity_to_json (GFileInfo *info)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "size", g_file_info_get_size (info));
  json_object_set_int_member (object, "mtime",
                              (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED));
  json_object_set_int_member (object, "mtime_usec",
                              g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC));
  json_object_set_int_member (object, "inode",
                              (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE));

  return object;
}

/* Everything of ApplyUpload's answer but the credential's secret part. */
static JsonObject *
apply_to_json (VodupApplyResult *apply)
{
  JsonObject *object = json_object_new ();

  _vodup_json_set_string (object, "storage_bucket", apply->storage_bucket);
  _vodup_json_set_string (object, "storage_region", apply->storage_region);
  _vodup_json_set_string (object, "vod_session_key", apply->vod_session_key);
  _vodup_json_set_string (object, "media_storage_path", apply->media_storage_path);
  _vodup_json_set_string (object, "cover_storage_path", apply->cover_storage_path);
  _vodup_json_set_string (object, "request_id", apply->request_id);
  _vodup_json_set_string (object, "secret_id", vodup_credentials_get_secret_id (apply->credentials));
  json_object_set_int_member (object, "expired_time", apply->expired_time);

  return object;
}

static JsonObject *
transfer_to_json (VodupTransfer *transfer)
{
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_new ();
  g_autoptr(GPtrArray) parts = vodup_transfer_dup_parts (transfer);
  g_autofree char *upload_id = vodup_transfer_dup_upload_id (transfer);
  g_autofree char *crc = vodup_transfer_dup_crc64 (transfer);

  for (guint i = 0; i < parts->len; i++)
    {
      VodupCosPart *part = g_ptr_array_index (parts, i);
      JsonObject *item = json_object_new ();
      g_autofree char *part_crc = g_strdup_printf ("%" G_GUINT64_FORMAT, part->crc64);

      json_object_set_int_member (item, "n", part->number);
      json_object_set_string_member (item, "etag", part->etag);
      json_object_set_int_member (item, "size", (gint64) part->size);
      json_object_set_string_member (item, "crc64", part_crc);
      json_array_add_object_element (array, item);
    }

  _vodup_json_set_string (object, "upload_id", upload_id);
  _vodup_json_set_string (object, "crc64", crc);
  json_object_set_boolean_member (object, "complete", vodup_transfer_is_complete (transfer));
  json_object_set_array_member (object, "parts", array);

  return object;
}

static JsonObject *
commit_to_json (VodupCommitResult *commit)
{
  JsonObject *object = json_object_new ();

  _vodup_json_set_string (object, "file_id", commit->file_id);
  _vodup_json_set_string (object, "media_url", commit->media_url);
  _vodup_json_set_string (object, "cover_url", commit->cover_url);
  _vodup_json_set_string (object, "request_id", commit->request_id);

  return object;
}

static const char *
state_nick (VodupUploadState state)
{
  GEnumClass *klass = g_type_class_ref (VODUP_TYPE_UPLOAD_STATE);
  const char *nick = g_enum_get_value (klass, state)->value_nick;

  g_type_class_unref (klass);

  return nick;
}

JsonObject *
_vodup_upload_to_record (VodupUpload *self)
{
  JsonObject *record = json_object_new ();
  g_autofree char *uri = g_file_get_uri (self->file);

  json_object_set_int_member (record, "version", VODUP_RECORD_VERSION);
  json_object_set_string_member (record, "id", self->id);
  json_object_set_int_member (record, "created", self->created);
  json_object_set_string_member (record, "file", uri);
  json_object_set_string_member (record, "state", state_nick (self->state));
  json_object_set_object_member (record, "options", options_to_json (self->options));
  if (self->identity != NULL)
    json_object_set_object_member (record, "identity", identity_to_json (self->identity));
  json_object_set_int_member (record, "cover_size", (gint64) self->cover_size);
  if (self->apply != NULL)
    json_object_set_object_member (record, "apply", apply_to_json (self->apply));
  if (self->media != NULL)
    json_object_set_object_member (record, "media", transfer_to_json (self->media));
  if (self->cover != NULL)
    json_object_set_object_member (record, "cover", transfer_to_json (self->cover));
  if (self->commit != NULL)
    json_object_set_object_member (record, "commit", commit_to_json (self->commit));
  _vodup_json_set_string (record, "crc64", self->crc64);
  _vodup_json_set_string (record, "error", self->error ? self->error->message : NULL);
  _vodup_json_set_string (record, "task_id", self->task_id);

  return record;
}

char *
_vodup_record_task_key (GFile                    *file,
                        const VodupUploadOptions *options)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autofree char *digest = NULL;

  json_node_take_object (node, options_to_json (options));
  json = json_to_string (node, FALSE);
  text = g_strconcat (uri, "\n", json, NULL);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

  return g_strconcat (VODUP_TASK_LOCK_PREFIX, digest, NULL);
}

/* Reading ------------------------------------------------------------------- */

gboolean
_vodup_upload_identity_matches (JsonObject *identity,
                                GFileInfo  *info)
{
  g_autoptr(JsonObject) now = identity_to_json (info);

  return identity != NULL &&
         _vodup_json_get_int (identity, "size", -1) == g_file_info_get_size (info) &&
         _vodup_json_get_int (identity, "mtime", -1) ==
         json_object_get_int_member (now, "mtime") &&
         _vodup_json_get_int (identity, "mtime_usec", -1) ==
         json_object_get_int_member (now, "mtime_usec") &&
         _vodup_json_get_int (identity, "inode", -1) ==
         json_object_get_int_member (now, "inode");
}

VodupUploadOptions *
_vodup_record_get_options (JsonObject *object)
{
  VodupUploadOptions *options = vodup_upload_options_new ();
  const char *cover = _vodup_json_get_string (object, "cover");

  options->procedure = g_strdup (_vodup_json_get_string (object, "procedure"));
  options->storage_region = g_strdup (_vodup_json_get_string (object, "storage_region"));
  options->sub_app_id = (guint64) _vodup_json_get_int (object, "sub_app_id", 0);
  options->class_id = _vodup_json_get_int (object, "class_id", -1);
  options->media_name = g_strdup (_vodup_json_get_string (object, "media_name"));
  options->expire_time = g_strdup (_vodup_json_get_string (object, "expire_time"));
  options->source_context = g_strdup (_vodup_json_get_string (object, "source_context"));
  options->session_context = g_strdup (_vodup_json_get_string (object, "session_context"));
  options->cover = cover ? g_file_new_for_uri (cover) : NULL;

  return options;
}

gboolean
_vodup_upload_record_matches (JsonObject               *record,
                              GFile                    *file,
                              const VodupUploadOptions *options)
{
  g_autofree char *uri = g_file_get_uri (file);
  JsonObject *options_json = _vodup_json_get_object (record, "options");
  g_autoptr(VodupUploadOptions) recorded = NULL;

  if (g_strcmp0 (_vodup_json_get_string (record, "file"), uri) != 0 || options_json == NULL)
    return FALSE;

  recorded = _vodup_record_get_options (options_json);

  return vodup_upload_options_equal (recorded, options);
}

VodupCommitResult *
_vodup_record_get_commit (JsonObject *object)
{
  VodupCommitResult *commit = g_new0 (VodupCommitResult, 1);

  commit->file_id = g_strdup (_vodup_json_get_string (object, "file_id"));
  commit->media_url = g_strdup (_vodup_json_get_string (object, "media_url"));
  commit->cover_url = g_strdup (_vodup_json_get_string (object, "cover_url"));
  commit->request_id = g_strdup (_vodup_json_get_string (object, "request_id"));

  return commit;
}

VodupApplyResult *
_vodup_record_get_apply (JsonObject       *object,
                         VodupCredentials *credentials)
{
  VodupApplyResult *apply = g_new0 (VodupApplyResult, 1);

  apply->storage_bucket = g_strdup (_vodup_json_get_string (object, "storage_bucket"));
  apply->storage_region = g_strdup (_vodup_json_get_string (object, "storage_region"));
  apply->vod_session_key = g_strdup (_vodup_json_get_string (object, "vod_session_key"));
  apply->media_storage_path = g_strdup (_vodup_json_get_string (object, "media_storage_path"));
  apply->cover_storage_path = g_strdup (_vodup_json_get_string (object, "cover_storage_path"));
  apply->request_id = g_strdup (_vodup_json_get_string (object, "request_id"));
  apply->expired_time = _vodup_json_get_int (object, "expired_time", 0);
  apply->credentials = vodup_credentials_ref (credentials);

  return apply;
}

static GPtrArray *
parts_from_json (JsonArray *array)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func ((GDestroyNotify) vodup_cos_part_free);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      const char *etag = _vodup_json_get_string (item, "etag");
      guint64 crc = g_ascii_strtoull (_vodup_json_get_string (item, "crc64") ?: "0", NULL, 10);

      if (item != NULL && etag != NULL)
        g_ptr_array_add (parts, vodup_cos_part_new (json_object_get_int_member (item, "n"), etag,
                                                    json_object_get_int_member (item, "size"), crc));
    }

  return parts;
}

void
_vodup_record_restore_transfer (VodupTransfer *transfer,
                                JsonObject    *object)
{
  g_autoptr(GPtrArray) parts = NULL;

  if (transfer == NULL || object == NULL)
    return;

  parts = parts_from_json (json_object_has_member (object, "parts")
                           ? json_object_get_array_member (object, "parts") : NULL);
  vodup_transfer_restore (transfer, _vodup_json_get_string (object, "upload_id"), parts,
                          json_object_get_boolean_member_with_default (object, "complete", FALSE),
                          g_ascii_strtoull (_vodup_json_get_string (object, "crc64") ?: "0", NULL, 10));
}

/* Another upload's key under this id is no key for this one. */
gboolean
_vodup_record_credentials_match (JsonObject       *apply,
                                 VodupCredentials *credentials)
{
  return credentials != NULL &&
         g_strcmp0 (_vodup_json_get_string (apply, "secret_id"),
                    vodup_credentials_get_secret_id (credentials)) == 0;
}

gboolean
_vodup_record_credentials_fresh (JsonObject *apply,
                                 gint64      now)
{
  gint64 expired_time = apply ? _vodup_json_get_int (apply, "expired_time", 0) : 0;

  return expired_time == 0 || now < expired_time - VODUP_RESUME_MARGIN_S;
}
