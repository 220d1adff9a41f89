/* vodup-upload-getters.c: what an upload tells about itself
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "vodup-upload-private.h"

const char *
vodup_upload_get_id (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), NULL);

  return self->id;
}

GFile *
vodup_upload_get_file (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), NULL);

  return self->file;
}

const VodupUploadOptions *
vodup_upload_get_options (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), NULL);

  return self->options;
}

const char *
vodup_upload_get_display_name (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), NULL);

  return self->display_name;
}

VodupUploadState
vodup_upload_get_state (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), VODUP_UPLOAD_STATE_QUEUED);

  return self->state;
}

gboolean
vodup_upload_is_finished (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), FALSE);

  return self->state == VODUP_UPLOAD_STATE_DONE ||
         self->state == VODUP_UPLOAD_STATE_FAILED ||
         self->state == VODUP_UPLOAD_STATE_CANCELLED;
}

gboolean
vodup_upload_is_running (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), FALSE);

  return self->running || self->aborting > 0;
}

guint64
vodup_upload_get_bytes_sent (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), 0);

  return self->bytes_sent;
}

guint64
vodup_upload_get_bytes_total (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), 0);

  return self->bytes_total;
}

double
vodup_upload_get_fraction (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), 0);

  if (self->bytes_total == 0)
    return self->state == VODUP_UPLOAD_STATE_DONE ? 1.0 : 0.0;

  return (double) self->bytes_sent / (double) self->bytes_total;
}

double
vodup_upload_get_speed (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), 0);

  return self->speed;
}

gint64
vodup_upload_get_time_left (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), -1);

  return self->time_left;
}

const char *
vodup_upload_get_notice (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), NULL);

  return self->notice;
}

const GError *
vodup_upload_get_error (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), NULL);

  return self->error;
}

const char *
vodup_upload_get_file_id (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), NULL);

  return self->commit ? self->commit->file_id : NULL;
}

const char *
vodup_upload_get_media_url (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), NULL);

  return self->commit ? self->commit->media_url : NULL;
}

const char *
vodup_upload_get_cover_url (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), NULL);

  return self->commit ? self->commit->cover_url : NULL;
}

const char *
vodup_upload_get_crc64 (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), NULL);

  return self->crc64;
}

const char *
vodup_upload_get_apply_request_id (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), NULL);

  return self->apply ? self->apply->request_id : NULL;
}

const char *
vodup_upload_get_commit_request_id (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), NULL);

  return self->commit ? self->commit->request_id : NULL;
}

const char *
vodup_upload_get_procedure_task_id (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), NULL);

  return self->task_id;
}

const VodupTaskStatus *
vodup_upload_get_task_status (VodupUpload *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (self), NULL);

  return self->task_status;
}

/* The MediaBasicInfo member of the event below. */
static void
add_media_basic_info (VodupUpload *self,
                      JsonBuilder *builder)
{
  const VodupUploadOptions *options = self->options;
  g_autofree char *name = NULL;

  g_assert (VODUP_IS_UPLOAD (self));

  name = options->media_name ? g_strdup (options->media_name)
                             : vodup_media_name_for_name (self->display_name);

  json_builder_set_member_name (builder, "MediaBasicInfo");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "MediaUrl");
  json_builder_add_string_value (builder, vodup_upload_get_media_url (self));
  json_builder_set_member_name (builder, "CoverUrl");
  json_builder_add_string_value (builder, vodup_upload_get_cover_url (self));
  json_builder_set_member_name (builder, "ClassId");
  json_builder_add_int_value (builder, MAX (options->class_id, 0));
  json_builder_set_member_name (builder, "StorageRegion");
  json_builder_add_string_value (builder, self->apply ? self->apply->storage_region : NULL);
  json_builder_set_member_name (builder, "SourceInfo");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "SourceType");
  json_builder_add_string_value (builder, "Upload");
  json_builder_set_member_name (builder, "SourceContext");
  json_builder_add_string_value (builder, options->source_context ? options->source_context : "");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* NewFileUpload (tencent-vod-api.md §7.3) as VOD will send it to the app's
 * backend, from what Vodup knows. */
char *
vodup_upload_dup_event_json (VodupUpload *self)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (VODUP_IS_UPLOAD (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "EventType");
  json_builder_add_string_value (builder, "NewFileUpload");
  json_builder_set_member_name (builder, "FileUploadEvent");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "FileId");
  json_builder_add_string_value (builder, vodup_upload_get_file_id (self));
  add_media_basic_info (self, builder);
  json_builder_set_member_name (builder, "ProcedureTaskId");
  json_builder_add_string_value (builder, self->task_id ? self->task_id : "");
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return json_to_string (root, TRUE);
}
