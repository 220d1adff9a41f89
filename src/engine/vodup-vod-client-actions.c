/* vodup-vod-client-actions.c: the typed VOD actions on top of
 * vodup_vod_client_call_async()
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vodup-error.h"
#include "vodup-vod-client-private.h"

/* tencent-vod-api.md §7.2 */
#define TASKS_LIMIT 100

static VodupApplyResult *
parse_apply (JsonObject       *response,
             VodupCredentials *own_credentials)
{
  g_autoptr(VodupApplyResult) apply = g_new0 (VodupApplyResult, 1);
  JsonObject *cert = _vodup_json_get_object (response, "TempCertificate");
  const char *cert_id = cert ? _vodup_json_get_string (cert, "SecretId") : NULL;
  const char *cert_key = cert ? _vodup_json_get_string (cert, "SecretKey") : NULL;

  apply->storage_bucket = g_strdup (_vodup_json_get_string (response, "StorageBucket"));
  apply->storage_region = g_strdup (_vodup_json_get_string (response, "StorageRegion"));
  apply->vod_session_key = g_strdup (_vodup_json_get_string (response, "VodSessionKey"));
  apply->media_storage_path = g_strdup (_vodup_json_get_string (response, "MediaStoragePath"));
  apply->cover_storage_path = g_strdup (_vodup_json_get_string (response, "CoverStoragePath"));
  apply->request_id = g_strdup (_vodup_json_get_string (response, "RequestId"));

  if (apply->storage_bucket == NULL || apply->storage_region == NULL ||
      apply->vod_session_key == NULL || apply->media_storage_path == NULL)
    return NULL;

  /* §3.2: no TempCertificate means COS takes the account's own keys. */
  if (cert_id != NULL && cert_key != NULL)
    {
      apply->credentials = vodup_credentials_new (cert_id, cert_key,
                                                  _vodup_json_get_string (cert, "Token"));
      apply->expired_time = _vodup_json_get_int (cert, "ExpiredTime", 0);
    }
  else
    {
      apply->credentials = vodup_credentials_ref (own_credentials);
    }

  return g_steal_pointer (&apply);
}

static void
apply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  VodupVodClient *self = VODUP_VOD_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) response = NULL;
  VodupApplyResult *apply;
  GError *error = NULL;

  if (!(response = vodup_vod_client_call_finish (self, result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if (!(apply = parse_apply (response, _vodup_vod_client_call_get_credentials (result))))
    g_task_return_error (task, _vodup_vod_client_protocol_error ("ApplyUpload", response));
  else
    g_task_return_pointer (task, apply, (GDestroyNotify) vodup_apply_result_free);
}

/* Every option the user set, and nothing else (tencent-vod-api.md §3.1). */
static JsonObject *
apply_params (const VodupUploadOptions *options,
              const char               *media_type,
              const char               *media_name,
              const char               *cover_type)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  _vodup_json_builder_add_string (builder, "MediaType", media_type);
  _vodup_json_builder_add_string (builder, "MediaName",
                                  (options->media_name && *options->media_name)
                                  ? options->media_name : media_name);
  _vodup_json_builder_add_string (builder, "CoverType", cover_type);
  _vodup_json_builder_add_string (builder, "Procedure", options->procedure);
  _vodup_json_builder_add_string (builder, "StorageRegion", options->storage_region);
  _vodup_json_builder_add_string (builder, "ExpireTime", options->expire_time);
  _vodup_json_builder_add_string (builder, "SourceContext", options->source_context);
  _vodup_json_builder_add_string (builder, "SessionContext", options->session_context);
  _vodup_json_builder_add_sub_app_id (builder, options->sub_app_id);
  if (options->class_id >= 0)
    _vodup_json_builder_add_int (builder, "ClassId", options->class_id);

  return _vodup_json_builder_end (builder);
}

void
vodup_vod_client_apply_upload_async (VodupVodClient           *self,
                                     const VodupUploadOptions *options,
                                     const char               *media_type,
                                     const char               *media_name,
                                     const char               *cover_type,
                                     GCancellable             *cancellable,
                                     GAsyncReadyCallback       callback,
                                     gpointer                  user_data)
{
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VODUP_IS_VOD_CLIENT (self));
  g_return_if_fail (options != NULL);
  g_return_if_fail (media_type != NULL && *media_type != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vodup_vod_client_apply_upload_async);

  params = apply_params (options, media_type, media_name, cover_type);
  vodup_vod_client_call_async (self, "ApplyUpload", params, cancellable,
                               apply_cb, g_steal_pointer (&task));
}

VodupApplyResult *
vodup_vod_client_apply_upload_finish (VodupVodClient  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (VODUP_IS_VOD_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
commit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  VodupVodClient *self = VODUP_VOD_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(VodupCommitResult) commit = NULL;
  GError *error = NULL;

  if (!(response = vodup_vod_client_call_finish (self, result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  commit = g_new0 (VodupCommitResult, 1);
  commit->file_id = _vodup_json_dup_id (response, "FileId");
  commit->media_url = g_strdup (_vodup_json_get_string (response, "MediaUrl"));
  commit->cover_url = g_strdup (_vodup_json_get_string (response, "CoverUrl"));
  commit->request_id = g_strdup (_vodup_json_get_string (response, "RequestId"));

  if (commit->file_id == NULL)
    g_task_return_error (task, _vodup_vod_client_protocol_error ("CommitUpload", response));
  else
    g_task_return_pointer (task, g_steal_pointer (&commit),
                           (GDestroyNotify) vodup_commit_result_free);
}

void
vodup_vod_client_commit_upload_async (VodupVodClient      *self,
                                      const char          *vod_session_key,
                                      guint64              sub_app_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VODUP_IS_VOD_CLIENT (self));
  g_return_if_fail (vod_session_key != NULL && *vod_session_key != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vodup_vod_client_commit_upload_async);

  json_builder_begin_object (builder);
  _vodup_json_builder_add_string (builder, "VodSessionKey", vod_session_key);
  _vodup_json_builder_add_sub_app_id (builder, sub_app_id);
  params = _vodup_json_builder_end (builder);

  vodup_vod_client_call_async (self, "CommitUpload", params, cancellable,
                               commit_cb, g_steal_pointer (&task));
}

VodupCommitResult *
vodup_vod_client_commit_upload_finish (VodupVodClient  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (VODUP_IS_VOD_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The first Procedure task of the file, or NULL. */
static char *
find_procedure_task (JsonObject *response,
                     const char *file_id)
{
  JsonArray *set = _vodup_json_get_array (response, "TaskSet");
  guint n = set ? json_array_get_length (set) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *info = _vodup_json_array_get_object (set, i);
      g_autofree char *task_file_id = _vodup_json_dup_id (info, "FileId");

      if (g_strcmp0 (_vodup_json_get_string (info, "TaskType"), "Procedure") == 0 &&
          (task_file_id == NULL || g_str_equal (task_file_id, file_id)) &&
          _vodup_json_get_string (info, "TaskId") != NULL)
        return g_strdup (_vodup_json_get_string (info, "TaskId"));
    }

  return NULL;
}

static void
find_task_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  VodupVodClient *self = VODUP_VOD_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) response = NULL;
  GError *error = NULL;

  if (!(response = vodup_vod_client_call_finish (self, result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, find_procedure_task (response, g_task_get_task_data (task)), g_free);
}

void
vodup_vod_client_find_procedure_task_async (VodupVodClient      *self,
                                            const char          *file_id,
                                            guint64              sub_app_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VODUP_IS_VOD_CLIENT (self));
  g_return_if_fail (file_id != NULL && *file_id != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vodup_vod_client_find_procedure_task_async);
  g_task_set_task_data (task, g_strdup (file_id), g_free);

  json_builder_begin_object (builder);
  _vodup_json_builder_add_string (builder, "FileId", file_id);
  _vodup_json_builder_add_int (builder, "Limit", TASKS_LIMIT);
  _vodup_json_builder_add_sub_app_id (builder, sub_app_id);
  params = _vodup_json_builder_end (builder);

  vodup_vod_client_call_async (self, "DescribeTasks", params, cancellable,
                               find_task_cb, g_steal_pointer (&task));
}

char *
vodup_vod_client_find_procedure_task_finish (VodupVodClient  *self,
                                             GAsyncResult    *result,
                                             GError         **error)
{
  g_return_val_if_fail (VODUP_IS_VOD_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* MediaProcessResultSet[i] = {Type: "Transcode", TranscodeTask: {…}}. */
static JsonObject *
sub_task (JsonObject *result)
{
  const char *type = _vodup_json_get_string (result, "Type");
  g_autofree char *member = NULL;
  JsonObject *found;

  member = g_strconcat (type ? type : "", "Task", NULL);
  if ((found = _vodup_json_get_object (result, member)) != NULL)
    return found;

  /* An unknown Type: take whichever *Task object is there. */
  for (GList *l = json_object_get_members (result); l != NULL; l = g_list_delete_link (l, l))
    {
      if (found == NULL && g_str_has_suffix (l->data, "Task"))
        found = _vodup_json_get_object (result, l->data);
    }

  return found;
}

static void
add_sub_task (VodupTaskStatus *status,
              JsonObject      *sub,
              gint64          *progress_sum)
{
  const char *err_code = _vodup_json_get_string (sub, "ErrCodeExt");
  gint64 progress = _vodup_json_get_int (sub, "Progress", 0);

  *progress_sum += CLAMP (progress, 0, 100);

  if (status->failed)
    return;

  if (g_strcmp0 (_vodup_json_get_string (sub, "Status"), "FAIL") == 0 ||
      (err_code != NULL && *err_code != '\0'))
    {
      const char *message = _vodup_json_get_string (sub, "Message");

      status->failed = TRUE;
      status->message = g_strdup (message && *message ? message : err_code);
    }
}

static VodupTaskStatus *
parse_task_status (JsonObject *response,
                   const char *task_id)
{
  g_autoptr(VodupTaskStatus) status = g_new0 (VodupTaskStatus, 1);
  JsonObject *procedure = _vodup_json_get_object (response, "ProcedureTask");
  JsonArray *results = _vodup_json_get_array (procedure, "MediaProcessResultSet");
  guint n = results ? json_array_get_length (results) : 0;
  guint n_sub_tasks = 0;
  gint64 progress_sum = 0;

  if (_vodup_json_get_string (response, "Status") == NULL)
    return NULL;

  status->task_id = g_strdup (task_id);
  status->status = g_strdup (_vodup_json_get_string (response, "Status"));
  status->finished = g_str_equal (status->status, "FINISH") ||
                     g_str_equal (status->status, "ABORTED");

  for (guint i = 0; i < n; i++)
    {
      JsonObject *sub = sub_task (_vodup_json_array_get_object (results, i));

      if (sub != NULL)
        {
          add_sub_task (status, sub, &progress_sum);
          n_sub_tasks++;
        }
    }

  /* Tencent gives no overall figure: the mean of the sub-tasks is ours. */
  if (n_sub_tasks > 0)
    status->progress = progress_sum / n_sub_tasks;
  else
    status->progress = status->finished ? 100 : 0;

  if (g_str_equal (status->status, "ABORTED") && !status->failed)
    {
      status->failed = TRUE;
      status->message = g_strdup (_("The task was stopped before it finished."));
    }

  return g_steal_pointer (&status);
}

static void
describe_task_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  VodupVodClient *self = VODUP_VOD_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonObject) response = NULL;
  VodupTaskStatus *status;
  GError *error = NULL;

  if (!(response = vodup_vod_client_call_finish (self, result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if (!(status = parse_task_status (response, g_task_get_task_data (task))))
    g_task_return_error (task, _vodup_vod_client_protocol_error ("DescribeTaskDetail", response));
  else
    g_task_return_pointer (task, status, (GDestroyNotify) vodup_task_status_free);
}

void
vodup_vod_client_describe_task_async (VodupVodClient      *self,
                                      const char          *task_id,
                                      guint64              sub_app_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VODUP_IS_VOD_CLIENT (self));
  g_return_if_fail (task_id != NULL && *task_id != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vodup_vod_client_describe_task_async);
  g_task_set_task_data (task, g_strdup (task_id), g_free);

  json_builder_begin_object (builder);
  _vodup_json_builder_add_string (builder, "TaskId", task_id);
  _vodup_json_builder_add_sub_app_id (builder, sub_app_id);
  params = _vodup_json_builder_end (builder);

  vodup_vod_client_call_async (self, "DescribeTaskDetail", params, cancellable,
                               describe_task_cb, g_steal_pointer (&task));
}

VodupTaskStatus *
vodup_vod_client_describe_task_finish (VodupVodClient  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (VODUP_IS_VOD_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
