/* vodup-sim-state.c: what the simulator records, and its JSON snapshot
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "vodup-sim-private.h"

/* Always present in the snapshot, so tests can compare with 0. */
static const char * const default_counters[] = {
  "requests", "ApplyUpload", "CommitUpload", "PutObject", "InitiateMultipartUpload",
  "UploadPart", "CompleteMultipartUpload", "AbortMultipartUpload", "ListParts",
  "DescribeTaskDetail", "errors", "body_bytes", "dropped_connections", "stalls",
  "max_concurrent_uploads",
};

void
_vodup_sim_apply_free (gpointer data)
{
  SimApply *apply = data;

  g_clear_pointer (&apply->params, json_object_unref);
  g_free (apply->session_key);
  g_free (apply->bucket);
  g_free (apply->region);
  g_free (apply->media_path);
  g_free (apply->cover_path);
  g_free (apply->media_type);
  g_free (apply->cover_type);
  g_free (apply->media_name);
  g_free (apply->procedure);
  g_free (apply->session_context);
  g_free (apply->secret_id);
  g_free (apply->secret_key);
  g_free (apply->token);
  g_free (apply);
}

void
_vodup_sim_commit_free (gpointer data)
{
  SimCommit *commit = data;

  g_free (commit->session_key);
  g_free (commit->file_id);
  g_free (commit->media_url);
  g_free (commit->cover_url);
  g_free (commit->task_id);
  g_free (commit);
}

void
_vodup_sim_task_free (gpointer data)
{
  SimTask *task = data;

  g_free (task->task_id);
  g_free (task->file_id);
  g_free (task->file_name);
  g_free (task->file_url);
  g_free (task->procedure);
  g_free (task->session_context);
  g_free (task);
}

void
_vodup_sim_object_free (gpointer data)
{
  SimObject *object = data;

  g_free (object->path);
  g_free (object);
}

void
_vodup_sim_part_free (gpointer data)
{
  SimPart *part = data;

  g_free (part->etag);
  g_free (part->path);
  g_free (part);
}

void
_vodup_sim_upload_free (gpointer data)
{
  SimUpload *upload = data;

  g_free (upload->upload_id);
  g_free (upload->object);
  g_free (upload->bucket);
  g_free (upload->region);
  g_free (upload->key);
  g_clear_pointer (&upload->parts, g_tree_unref);
  g_free (upload);
}

static void
sim_error_free (gpointer data)
{
  SimError *error = data;

  g_free (error->kind);
  g_free (error->code);
  g_free (error);
}

void
_vodup_sim_delete_file (const char *path)
{
  if (path != NULL)
    g_unlink (path);
}

void
_vodup_sim_state_init (VodupSim *self)
{
  self->counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->applies = g_ptr_array_new_with_free_func (_vodup_sim_apply_free);
  self->applies_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  self->applies_by_secret_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->commits = g_ptr_array_new_with_free_func (_vodup_sim_commit_free);
  self->tasks = g_ptr_array_new_with_free_func (_vodup_sim_task_free);
  self->objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, _vodup_sim_object_free);
  self->uploads = g_ptr_array_new_with_free_func (_vodup_sim_upload_free);
  self->uploads_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->errors = g_ptr_array_new_with_free_func (sim_error_free);
  if (self->rand == NULL)
    self->rand = g_rand_new ();
}

static gboolean
delete_part_file_cb (gpointer key,
                     gpointer value,
                     gpointer user_data)
{
  SimPart *part = value;

  _vodup_sim_delete_file (part->path);
  return FALSE;
}

static void
delete_files (VodupSim *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->objects);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    _vodup_sim_delete_file (((SimObject *)value)->path);

  for (guint i = 0; i < self->uploads->len; i++)
    {
      SimUpload *upload = g_ptr_array_index (self->uploads, i);

      g_tree_foreach (upload->parts, delete_part_file_cb, NULL);
    }
}

void
_vodup_sim_state_clear (VodupSim *self,
                        gboolean  delete_files_too)
{
  if (delete_files_too && self->objects != NULL)
    delete_files (self);

  g_clear_pointer (&self->counters, g_hash_table_unref);
  g_clear_pointer (&self->applies_by_key, g_hash_table_unref);
  g_clear_pointer (&self->applies_by_secret_id, g_hash_table_unref);
  g_clear_pointer (&self->applies, g_ptr_array_unref);
  g_clear_pointer (&self->commits, g_ptr_array_unref);
  g_clear_pointer (&self->tasks, g_ptr_array_unref);
  g_clear_pointer (&self->objects, g_hash_table_unref);
  g_clear_pointer (&self->uploads_by_id, g_hash_table_unref);
  g_clear_pointer (&self->uploads, g_ptr_array_unref);
  g_clear_pointer (&self->errors, g_ptr_array_unref);
}

gint64
_vodup_sim_now_locked (VodupSim *self)
{
  return g_get_real_time () / G_USEC_PER_SEC + self->faults.clock_offset;
}

gint64
_vodup_sim_now (VodupSim *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return _vodup_sim_now_locked (self);
}

char *
_vodup_sim_format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  return time ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
}

void
_vodup_sim_count_locked (VodupSim   *self,
                         const char *name,
                         gint64      n)
{
  gint64 *value = g_hash_table_lookup (self->counters, name);

  if (value == NULL)
    {
      value = g_new0 (gint64, 1);
      g_hash_table_insert (self->counters, g_strdup (name), value);
    }
  *value += n;
}

void
_vodup_sim_count_max_locked (VodupSim   *self,
                             const char *name,
                             gint64      value)
{
  gint64 *current = g_hash_table_lookup (self->counters, name);

  if (current == NULL || *current < value)
    _vodup_sim_count_locked (self, name, value - (current ? *current : 0));
}

void
_vodup_sim_record_error (VodupSim   *self,
                         const char *kind,
                         const char *code,
                         guint       status)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  SimError *error = g_new0 (SimError, 1);

  error->kind = g_strdup (kind ? kind : "");
  error->code = g_strdup (code);
  error->status = status;
  g_ptr_array_add (self->errors, error);
  _vodup_sim_count_locked (self, "errors", 1);
}

char *
_vodup_sim_random_hex_locked (VodupSim *self,
                              guint     n_bytes)
{
  GString *hex = g_string_sized_new (n_bytes * 2);

  for (guint i = 0; i < n_bytes; i++)
    g_string_append_printf (hex, "%02x", g_rand_int_range (self->rand, 0, 256));

  return g_string_free (hex, FALSE);
}

char *
_vodup_sim_data_path_locked (VodupSim *self)
{
  g_autofree char *name = NULL;

  if (!self->store_bodies || self->data_dir == NULL)
    return NULL;

  name = g_strdup_printf ("body-%06" G_GUINT64_FORMAT ".bin", ++self->seq);
  return g_build_filename (self->data_dir, name, NULL);
}

/* The snapshot */

static void
set_crc_member (JsonObject *object,
                const char *name,
                guint64     crc)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, crc);

  json_object_set_string_member (object, name, text);
}

static JsonObject *
size_crc_to_json (gint64  size,
                  guint64 crc)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "size", size);
  set_crc_member (object, "crc64", crc);
  return object;
}

static void
set_nullable_string (JsonObject *object,
                     const char *name,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static JsonObject *
deep_copy_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(JsonNode) copy = json_from_string (text, NULL);

  return json_object_ref (json_node_get_object (copy));
}

static JsonObject *
counters_to_json (VodupSim *self)
{
  JsonObject *counters = json_object_new ();
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < G_N_ELEMENTS (default_counters); i++)
    json_object_set_int_member (counters, default_counters[i], 0);

  g_hash_table_iter_init (&iter, self->counters);
  while (g_hash_table_iter_next (&iter, &key, &value))
    json_object_set_int_member (counters, key, *(gint64 *)value);

  return counters;
}

static JsonArray *
applies_to_json (VodupSim *self)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < self->applies->len; i++)
    {
      SimApply *apply = g_ptr_array_index (self->applies, i);
      JsonObject *object = json_object_new ();

      json_object_set_object_member (object, "params", deep_copy_object (apply->params));
      json_object_set_string_member (object, "vod_session_key", apply->session_key);
      json_object_set_int_member (object, "sub_app_id", apply->sub_app_id);
      json_object_set_string_member (object, "bucket", apply->bucket);
      json_object_set_string_member (object, "region", apply->region);
      json_object_set_string_member (object, "media_storage_path", apply->media_path);
      set_nullable_string (object, "cover_storage_path", apply->cover_path);
      json_object_set_string_member (object, "secret_id", apply->secret_id);
      json_object_set_int_member (object, "expired_time", apply->expired_time);
      json_object_set_boolean_member (object, "committed", apply->committed);
      json_array_add_object_element (array, object);
    }

  return array;
}

static JsonArray *
commits_to_json (VodupSim *self)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < self->commits->len; i++)
    {
      SimCommit *commit = g_ptr_array_index (self->commits, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "vod_session_key", commit->session_key);
      json_object_set_int_member (object, "sub_app_id", commit->sub_app_id);
      json_object_set_string_member (object, "file_id", commit->file_id);
      json_object_set_string_member (object, "media_url", commit->media_url);
      json_object_set_string_member (object, "cover_url", commit->cover_url);
      json_object_set_object_member (object, "media",
                                     size_crc_to_json (commit->media_size, commit->media_crc));
      if (commit->has_cover)
        json_object_set_object_member (object, "cover",
                                       size_crc_to_json (commit->cover_size, commit->cover_crc));
      else
        json_object_set_null_member (object, "cover");
      set_nullable_string (object, "task_id", commit->task_id);
      json_array_add_object_element (array, object);
    }

  return array;
}

static JsonObject *
objects_to_json (VodupSim *self)
{
  JsonObject *objects = json_object_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->objects);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      SimObject *sim_object = value;
      JsonObject *object = size_crc_to_json (sim_object->size, sim_object->crc);

      json_object_set_string_member (object, "md5", sim_object->md5);
      json_object_set_boolean_member (object, "multipart", sim_object->multipart);
      set_nullable_string (object, "path", sim_object->path);
      json_object_set_object_member (objects, key, object);
    }

  return objects;
}

static gboolean
part_to_json_cb (gpointer key,
                 gpointer value,
                 gpointer user_data)
{
  SimPart *part = value;
  JsonObject *object = size_crc_to_json (part->size, part->crc);

  json_object_set_int_member (object, "number", part->number);
  json_object_set_string_member (object, "etag", part->etag);
  json_object_set_int_member (object, "puts", part->puts);
  json_array_add_object_element (user_data, object);
  return FALSE;
}

static JsonArray *
uploads_to_json (VodupSim *self)
{
  static const char * const states[] = { "active", "completed", "aborted" };
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < self->uploads->len; i++)
    {
      SimUpload *upload = g_ptr_array_index (self->uploads, i);
      JsonObject *object = json_object_new ();
      JsonArray *parts = json_array_new ();

      g_tree_foreach (upload->parts, part_to_json_cb, parts);
      json_object_set_string_member (object, "upload_id", upload->upload_id);
      json_object_set_string_member (object, "object", upload->object);
      json_object_set_string_member (object, "state", states[upload->state]);
      json_object_set_array_member (object, "parts", parts);
      json_array_add_object_element (array, object);
    }

  return array;
}

static JsonArray *
errors_to_json (VodupSim *self)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < self->errors->len; i++)
    {
      SimError *error = g_ptr_array_index (self->errors, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "kind", error->kind);
      json_object_set_string_member (object, "code", error->code);
      json_object_set_int_member (object, "status", error->status);
      json_array_add_object_element (array, object);
    }

  return array;
}

JsonObject *
_vodup_sim_state_to_json (VodupSim *self)
{
  JsonObject *state = json_object_new ();

  json_object_set_object_member (state, "counters", counters_to_json (self));
  json_object_set_array_member (state, "applies", applies_to_json (self));
  json_object_set_array_member (state, "commits", commits_to_json (self));
  json_object_set_object_member (state, "objects", objects_to_json (self));
  json_object_set_array_member (state, "multipart_uploads", uploads_to_json (self));
  json_object_set_array_member (state, "errors", errors_to_json (self));
  json_object_set_int_member (state, "now", _vodup_sim_now_locked (self));

  return state;
}
