/* vodup-upload-cleanup.c: forgetting journal records that cannot be resumed
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-journal.h"
#include "vodup-upload-record-private.h"

/* A credential too close to its expiry to resume with may still abort. */
#define ABORT_MARGIN_S 30

typedef struct
{
  VodupCredentialVault *vault;
  VodupCosClient       *cos;
  GPtrArray            *records;
  GStrv                 skip_ids;
  guint                 index;
  guint                 forgotten;

  /* The record being looked at. */
  JsonObject           *record;
  VodupJournalLock     *lock;
  gboolean              file_ok;
  VodupCredentials     *credentials;
} Cleanup;

static void
cleanup_free (Cleanup *cleanup)
{
  g_clear_object (&cleanup->vault);
  g_clear_object (&cleanup->cos);
  g_clear_pointer (&cleanup->records, g_ptr_array_unref);
  g_clear_pointer (&cleanup->skip_ids, g_strfreev);
  g_clear_pointer (&cleanup->lock, vodup_journal_unlock);
  g_clear_pointer (&cleanup->credentials, vodup_credentials_unref);
  g_free (cleanup);
}

static gint64
expired_time (JsonObject *record)
{
  JsonObject *apply = _vodup_json_get_object (record, "apply");

  return apply ? _vodup_json_get_int (apply, "expired_time", 0) : 0;
}

/* The UploadId of the record's media or cover multipart upload. */
static const char *
upload_id (JsonObject *record,
           const char *transfer)
{
  return _vodup_json_get_string (_vodup_json_get_object (record, transfer), "upload_id");
}

static gint64
cos_now (Cleanup *cleanup)
{
  return g_get_real_time () / G_USEC_PER_SEC + vodup_cos_client_get_clock_offset (cleanup->cos);
}

static void next_record (GTask *task);

static void
cleared_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vodup_credential_vault_clear_finish (VODUP_CREDENTIAL_VAULT (object), result, &error))
    g_debug ("Could not remove an upload credential: %s", error->message);
}

/* The record and its key go; the lock file goes with the record. */
static void
forget (GTask *task)
{
  Cleanup *cleanup = g_task_get_task_data (task);
  const char *id = _vodup_json_get_string (cleanup->record, "id");

  vodup_journal_delete (id);
  vodup_credential_vault_clear_async (cleanup->vault, id, NULL, cleared_cb, NULL);
  cleanup->forgotten++;
  next_record (task);
}

/* The multipart uploads (media, cover) a record left on COS. */
static void
abort_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Cleanup *cleanup = task_data;
  JsonObject *apply = _vodup_json_get_object (cleanup->record, "apply");
  static const char * const objects[][2] = {
    { "media", "media_storage_path" }, { "cover", "cover_storage_path" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      const char *id = upload_id (cleanup->record, objects[i][0]);
      const char *key = _vodup_json_get_string (apply, objects[i][1]);
      g_autoptr(VodupCosTarget) target = NULL;
      g_autoptr(GError) error = NULL;

      if (id == NULL || key == NULL)
        continue;

      target = vodup_cos_target_new (_vodup_json_get_string (apply, "storage_bucket"),
                                     _vodup_json_get_string (apply, "storage_region"), key,
                                     cleanup->credentials, expired_time (cleanup->record));
      /* Best effort: NoSuchUpload means it is already gone. */
      if (!vodup_cos_client_abort_multipart (cleanup->cos, target, id, cancellable, &error))
        g_debug ("Could not abort an abandoned upload: %s", error->message);
    }

  g_task_return_boolean (task, TRUE);
}

static void
aborted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  g_task_propagate_boolean (G_TASK (result), NULL);
  forget (task);
}

static gboolean
has_upload_id (JsonObject *record)
{
  return upload_id (record, "media") != NULL || upload_id (record, "cover") != NULL;
}

/* Abandoned: abort what it left on COS while its credential still can,
 * else say what stays there (the credential is scoped to that upload, so
 * nothing else can abort it; COS keeps the parts until they expire). */
static void
abandon (GTask *task)
{
  Cleanup *cleanup = g_task_get_task_data (task);
  g_autoptr(GTask) abort_task = NULL;
  gint64 expires = expired_time (cleanup->record);

  if (!has_upload_id (cleanup->record))
    {
      forget (task);
      return;
    }

  if (cleanup->credentials == NULL || (expires != 0 && cos_now (cleanup) >= expires - ABORT_MARGIN_S))
    {
      const char *uri = _vodup_json_get_string (cleanup->record, "file");
      g_autofree char *name = g_filename_display_basename (uri);

      g_message ("Forgetting the interrupted upload of %s: its temporary credential is gone or "
                 "expired, so its parts stay on COS", name);
      forget (task);
      return;
    }

  abort_task = g_task_new (NULL, g_task_get_cancellable (task), aborted_cb, g_object_ref (task));
  g_task_set_task_data (abort_task, cleanup, NULL);   /* task holds it */
  g_task_run_in_thread (abort_task, abort_thread);
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Cleanup *cleanup = g_task_get_task_data (task);
  JsonObject *apply = _vodup_json_get_object (cleanup->record, "apply");
  g_autoptr(GError) error = NULL;
  gboolean fresh;

  cleanup->credentials = vodup_credential_vault_lookup_finish (cleanup->vault, result, &error);
  /* A locked or absent keyring has not lost the key: ask again next time. */
  if (error != NULL)
    {
      g_debug ("Keeping an upload record: %s", error->message);
      next_record (task);
      return;
    }

  if (!_vodup_record_credentials_match (apply, cleanup->credentials))
    g_clear_pointer (&cleanup->credentials, vodup_credentials_unref);

  fresh = _vodup_record_credentials_fresh (apply, cos_now (cleanup));
  if (cleanup->file_ok && fresh && cleanup->credentials != NULL)
    next_record (task);   /* can still be resumed */
  else
    abandon (task);
}

static void
file_checked_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Cleanup *cleanup = g_task_get_task_data (task);
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, NULL);
  JsonObject *identity = _vodup_json_get_object (cleanup->record, "identity");

  cleanup->file_ok = info != NULL &&
                     (identity == NULL || _vodup_upload_identity_matches (identity, info));

  if (_vodup_json_get_object (cleanup->record, "apply") == NULL)
    {
      /* Nothing on COS: only a missing file makes it useless. */
      if (cleanup->file_ok)
        next_record (task);
      else
        forget (task);
      return;
    }

  vodup_credential_vault_lookup_async (cleanup->vault, _vodup_json_get_string (cleanup->record, "id"),
                                       g_task_get_cancellable (task), looked_up_cb,
                                       g_object_ref (task));
}

/* Finished records are the app's list; those another process holds, or
 * that the caller shows, are not ours to judge. */
static gboolean
is_candidate (Cleanup    *cleanup,
              JsonObject *record)
{
  const char *id = _vodup_json_get_string (record, "id");
  const char *state = _vodup_json_get_string (record, "state");
  g_autoptr(GError) error = NULL;

  if (id == NULL || _vodup_json_get_string (record, "file") == NULL || g_strcmp0 (state, "done") == 0 ||
      (cleanup->skip_ids != NULL && g_strv_contains ((const char * const *) cleanup->skip_ids, id)))
    return FALSE;

  cleanup->lock = vodup_journal_lock (id, &error);

  return cleanup->lock != NULL;
}

static void
next_record (GTask *task)
{
  Cleanup *cleanup = g_task_get_task_data (task);
  g_autoptr(GFile) file = NULL;

  g_clear_pointer (&cleanup->lock, vodup_journal_unlock);
  g_clear_pointer (&cleanup->credentials, vodup_credentials_unref);
  cleanup->record = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  while (cleanup->index < cleanup->records->len && cleanup->record == NULL)
    {
      JsonObject *record = g_ptr_array_index (cleanup->records, cleanup->index++);

      if (is_candidate (cleanup, record))
        cleanup->record = record;
    }

  if (cleanup->record == NULL)
    {
      g_task_return_int (task, cleanup->forgotten);
      return;
    }

  file = g_file_new_for_uri (_vodup_json_get_string (cleanup->record, "file"));
  g_file_query_info_async (file, VODUP_IDENTITY_ATTRIBUTES, G_FILE_QUERY_INFO_NONE, G_PRIORITY_LOW,
                           g_task_get_cancellable (task), file_checked_cb, g_object_ref (task));
}

/* Reading every record is file I/O: not on the main thread at start-up. */
static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  vodup_journal_remove_stale_locks (VODUP_TASK_LOCK_PREFIX);
  g_task_return_pointer (task, vodup_journal_list (), (GDestroyNotify) g_ptr_array_unref);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Cleanup *cleanup = g_task_get_task_data (task);

  cleanup->records = g_task_propagate_pointer (G_TASK (result), NULL);
  next_record (task);
}

void
vodup_upload_cleanup_abandoned_async (VodupCredentialVault *vault,
                                      VodupCosClient       *cos,
                                      const char * const   *skip_ids,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) list_task = NULL;
  Cleanup *cleanup;

  g_return_if_fail (VODUP_IS_CREDENTIAL_VAULT (vault));
  g_return_if_fail (VODUP_IS_COS_CLIENT (cos));

  cleanup = g_new0 (Cleanup, 1);
  cleanup->vault = g_object_ref (vault);
  cleanup->cos = g_object_ref (cos);
  cleanup->skip_ids = g_strdupv ((char **) skip_ids);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vodup_upload_cleanup_abandoned_async);
  g_task_set_task_data (task, cleanup, (GDestroyNotify) cleanup_free);

  list_task = g_task_new (NULL, cancellable, listed_cb, g_steal_pointer (&task));
  g_task_run_in_thread (list_task, list_thread);
}

gssize
vodup_upload_cleanup_abandoned_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);

  return g_task_propagate_int (G_TASK (result), error);
}
