/* vodup-sim-vod-upload.c: ApplyUpload and CommitUpload (tencent-vod-api.md §3, §5)
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-sim-private.h"

#define DEFAULT_REGION      "ap-chongqing"
#define FILE_ID_BASE        G_GUINT64_CONSTANT (5285890784273500000)
#define MEDIA_URL_BASE      "https://vodsim.example.com"
#define MAX_SOURCE_CONTEXT  250
#define MAX_SESSION_CONTEXT 1000

/* tencent-vod-api.md §9.2, lowercase. */
static const char * const media_types[] = {
  "wmv", "rm", "mov", "mpeg", "mp4", "3gp", "flv", "avi", "rmvb", "ts", "asf", "mpg", "webm",
  "mkv", "m3u8", "wm", "asx", "ram", "mpe", "vob", "dat", "mp4v", "m4v", "f4v", "mxf", "qt",
  "ogg", "mp3", "m4a", "flac", "wav", "ra", "aac", "amr", NULL,
};
static const char * const cover_types[] = {
  "jpg", "jpeg", "png", "gif", "bmp", "tiff", "ai", "cdr", "eps", "tif", "heif", NULL,
};

static const char *
get_string (JsonObject *params,
            const char *name)
{
  return json_object_has_member (params, name) ? json_object_get_string_member (params, name) : NULL;
}

gboolean
_vodup_sim_check_sub_app_id (JsonObject *params,
                             gint64     *sub_app_id,
                             SimFailure *failure)
{
  *sub_app_id = SIM_DEFAULT_SUB_APP_ID;
  if (!json_object_has_member (params, "SubAppId"))
    return TRUE;

  *sub_app_id = json_object_get_int_member (params, "SubAppId");
  if (*sub_app_id != SIM_DEFAULT_SUB_APP_ID && *sub_app_id != SIM_DEFAULT_SUB_APP_ID + 1)
    return _vodup_sim_fail (failure, 0, "InvalidParameterValue.SubAppId",
                            "invalid subappid %" G_GINT64_FORMAT, *sub_app_id);

  return TRUE;
}

static gboolean
check_expire_time (VodupSim   *self,
                   const char *text,
                   SimFailure *failure)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL)
    return TRUE;

  time = g_date_time_new_from_iso8601 (text, utc);
  if (time == NULL || g_date_time_to_unix (time) <= _vodup_sim_now_locked (self))
    return _vodup_sim_fail (failure, 0, "InvalidParameterValue.ExpireTime",
                            "ExpireTime must be an ISO 8601 time in the future.");

  return TRUE;
}

static gboolean
check_choices (JsonObject *params,
               SimFailure *failure)
{
  const char *cover_type = get_string (params, "CoverType");
  const char *procedure = get_string (params, "Procedure");
  const char *region = get_string (params, "StorageRegion");

  if (!g_strv_contains (media_types, get_string (params, "MediaType")))
    return _vodup_sim_fail (failure, 0, "InvalidParameterValue.MediaType",
                            "The media type is not supported.");
  if (cover_type && !g_strv_contains (cover_types, cover_type))
    return _vodup_sim_fail (failure, 0, "InvalidParameterValue.CoverType",
                            "The cover type is not supported.");
  if (procedure && !_vodup_sim_known_procedure (procedure))
    return _vodup_sim_fail (failure, 0, "InvalidParameterValue.Procedure",
                            "The task flow template %s does not exist.", procedure);
  if (region && g_strcmp0 (_vodup_sim_region_status (region), "opened") != 0)
    return _vodup_sim_fail (failure, 0, "InvalidParameterValue.StorageRegion",
                            "The storage region %s is not enabled.", region);
  if (json_object_has_member (params, "ClassId") &&
      !_vodup_sim_known_class (json_object_get_int_member (params, "ClassId")))
    return _vodup_sim_fail (failure, 0, "InvalidParameterValue.ClassId",
                            "The category does not exist.");

  return TRUE;
}

static gboolean
check_apply_params (VodupSim   *self,
                    JsonObject *params,
                    gint64     *sub_app_id,
                    SimFailure *failure)
{
  const char *source_context = get_string (params, "SourceContext");
  const char *session_context = get_string (params, "SessionContext");

  if (self->faults.require_sub_app_id && !json_object_has_member (params, "SubAppId"))
    return _vodup_sim_fail (failure, 0, "MissingParameter.SubAppId",
                            "SubAppId is required for this account.");
  if (!_vodup_sim_check_sub_app_id (params, sub_app_id, failure) ||
      !check_choices (params, failure))
    return FALSE;
  if (source_context && g_utf8_strlen (source_context, -1) > MAX_SOURCE_CONTEXT)
    return _vodup_sim_fail (failure, 0, "InvalidParameterValue.SourceContext",
                            "SourceContext is longer than %d characters.", MAX_SOURCE_CONTEXT);
  if (session_context && g_utf8_strlen (session_context, -1) > MAX_SESSION_CONTEXT)
    return _vodup_sim_fail (failure, 0, "InvalidParameterValue.SessionContext",
                            "SessionContext is longer than %d characters.", MAX_SESSION_CONTEXT);
  if (json_object_has_member (params, "MediaStoragePath"))
    return _vodup_sim_fail (failure, 0, "InvalidParameterValue.MediaStoragePath",
                            "The application is not in FileID+Path mode.");

  return check_expire_time (self, get_string (params, "ExpireTime"), failure);
}

static SimApply *
new_apply_locked (VodupSim   *self,
                  JsonObject *params,
                  gint64      sub_app_id)
{
  SimApply *apply = g_new0 (SimApply, 1);
  g_autofree char *dir = _vodup_sim_random_hex_locked (self, 8);
  g_autofree char *id_hex = _vodup_sim_random_hex_locked (self, 12);
  const char *region = get_string (params, "StorageRegion");
  const char *cover_type = get_string (params, "CoverType");
  guint8 key[36];

  /* Real keys are long base64 strings, often with "+" and "/". */
  for (guint i = 0; i < sizeof key; i++)
    key[i] = (guint8) g_rand_int_range (self->rand, 0, 256);

  apply->params = json_object_ref (params);
  apply->session_key = g_base64_encode (key, sizeof key);
  apply->sub_app_id = sub_app_id;
  apply->region = g_strdup (region ? region : DEFAULT_REGION);
  apply->bucket = g_strdup (_vodup_sim_region_bucket (apply->region));
  apply->media_type = g_strdup (get_string (params, "MediaType"));
  apply->media_path = g_strdup_printf ("/vodsim/%s/f0.%s", dir, apply->media_type);
  apply->cover_type = g_strdup (cover_type);
  if (cover_type != NULL)
    apply->cover_path = g_strdup_printf ("/vodsim/%s/cover.%s", dir, cover_type);
  apply->media_name = g_strdup (get_string (params, "MediaName"));
  apply->procedure = g_strdup (get_string (params, "Procedure"));
  apply->session_context = g_strdup (get_string (params, "SessionContext"));
  apply->secret_id = g_strdup_printf ("AKIDvodsimTmp%s", id_hex);
  apply->secret_key = _vodup_sim_random_hex_locked (self, 16);
  apply->token = _vodup_sim_random_hex_locked (self, 32);
  apply->expired_time = _vodup_sim_now_locked (self) + self->faults.credential_lifetime;

  g_ptr_array_add (self->applies, apply);
  g_hash_table_insert (self->applies_by_key, apply->session_key, apply);
  g_hash_table_insert (self->applies_by_secret_id, apply->secret_id, apply);

  return apply;
}

JsonObject *
_vodup_sim_apply_upload (VodupSim   *self,
                         JsonObject *params,
                         SimFailure *failure)
{
  JsonObject *response;
  JsonObject *certificate;
  SimApply *apply;
  gint64 sub_app_id;

  if (!check_apply_params (self, params, &sub_app_id, failure))
    return NULL;

  apply = new_apply_locked (self, params, sub_app_id);

  certificate = json_object_new ();
  json_object_set_string_member (certificate, "SecretId", apply->secret_id);
  json_object_set_string_member (certificate, "SecretKey", apply->secret_key);
  json_object_set_string_member (certificate, "Token", apply->token);
  json_object_set_int_member (certificate, "ExpiredTime", apply->expired_time);

  response = json_object_new ();
  json_object_set_string_member (response, "StorageBucket", apply->bucket);
  json_object_set_string_member (response, "StorageRegion", apply->region);
  json_object_set_string_member (response, "VodSessionKey", apply->session_key);
  json_object_set_string_member (response, "MediaStoragePath", apply->media_path);
  json_object_set_string_member (response, "CoverStoragePath",
                                 apply->cover_path ? apply->cover_path : "");
  json_object_set_object_member (response, "TempCertificate", certificate);

  return response;
}

/* CommitUpload */

static SimObject *
find_object_locked (VodupSim   *self,
                    SimApply   *apply,
                    const char *path)
{
  g_autofree char *name = NULL;

  if (path == NULL)
    return NULL;

  name = g_strdup_printf ("/%s%s", apply->bucket, path);
  return g_hash_table_lookup (self->objects, name);
}

static SimTask *
new_task_locked (VodupSim  *self,
                 SimApply  *apply,
                 SimCommit *commit)
{
  SimTask *task = g_new0 (SimTask, 1);
  g_autofree char *hex = _vodup_sim_random_hex_locked (self, 16);

  task->task_id = g_strdup_printf ("%" G_GINT64_FORMAT "-procedurev2-%s", apply->sub_app_id, hex);
  task->file_id = g_strdup (commit->file_id);
  task->file_name = g_strdup (apply->media_name ? apply->media_name : "");
  task->file_url = g_strdup (commit->media_url);
  task->procedure = g_strdup (apply->procedure);
  task->session_context = g_strdup (apply->session_context ? apply->session_context : "");
  task->sub_app_id = apply->sub_app_id;
  task->create_time = _vodup_sim_now_locked (self);
  g_ptr_array_add (self->tasks, task);

  return task;
}

static SimCommit *
new_commit_locked (VodupSim  *self,
                   SimApply  *apply,
                   SimObject *media,
                   SimObject *cover)
{
  SimCommit *commit = g_new0 (SimCommit, 1);

  commit->session_key = g_strdup (apply->session_key);
  commit->sub_app_id = apply->sub_app_id;
  commit->file_id = g_strdup_printf ("%" G_GUINT64_FORMAT, FILE_ID_BASE + ++self->seq);
  commit->media_url = g_strdup_printf (MEDIA_URL_BASE "/%" G_GINT64_FORMAT "/%s/f0.%s",
                                       apply->sub_app_id, commit->file_id, apply->media_type);
  commit->media_size = media->size;
  commit->media_crc = media->crc;
  commit->has_cover = cover != NULL;
  if (cover != NULL)
    {
      commit->cover_url = g_strdup_printf (MEDIA_URL_BASE "/%" G_GINT64_FORMAT "/%s/cover.%s",
                                           apply->sub_app_id, commit->file_id, apply->cover_type);
      commit->cover_size = cover->size;
      commit->cover_crc = cover->crc;
    }
  else
    commit->cover_url = g_strdup ("");

  if (apply->procedure != NULL)
    commit->task_id = g_strdup (new_task_locked (self, apply, commit)->task_id);

  apply->committed = TRUE;
  g_ptr_array_add (self->commits, commit);

  return commit;
}

JsonObject *
_vodup_sim_commit_upload (VodupSim   *self,
                          JsonObject *params,
                          SimFailure *failure)
{
  SimApply *apply = g_hash_table_lookup (self->applies_by_key,
                                         json_object_get_string_member (params, "VodSessionKey"));
  JsonObject *response;
  SimCommit *commit;
  SimObject *media;
  gint64 sub_app_id;

  if (apply == NULL || apply->committed)
    {
      _vodup_sim_fail (failure, 0, "InvalidParameterValue.VodSessionKey",
                       "The VodSessionKey is invalid or was already used.");
      return NULL;
    }
  if (!_vodup_sim_check_sub_app_id (params, &sub_app_id, failure))
    return NULL;
  if (sub_app_id != apply->sub_app_id)
    {
      _vodup_sim_fail (failure, 0, "InvalidParameterValue.SubAppId",
                       "SubAppId differs from the one of ApplyUpload.");
      return NULL;
    }

  media = find_object_locked (self, apply, apply->media_path);
  if (media == NULL)
    {
      _vodup_sim_fail (failure, 0, "ResourceNotFound", "The media file was not uploaded.");
      return NULL;
    }

  commit = new_commit_locked (self, apply, media, find_object_locked (self, apply, apply->cover_path));

  response = json_object_new ();
  json_object_set_string_member (response, "FileId", commit->file_id);
  json_object_set_string_member (response, "MediaUrl", commit->media_url);
  json_object_set_string_member (response, "CoverUrl", commit->cover_url);
  return response;
}
