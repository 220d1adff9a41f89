/* vodup-upload-queue-journal.c: the queue's uploads in the journal
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-journal.h"
#include "vodup-json-private.h"
#include "vodup-upload-queue-private.h"

static gboolean
contains_id (VodupUploadQueue *self,
             const char       *id)
{
  return g_hash_table_contains (self->by_id, id);
}

/* About a third of a frame: a write can take milliseconds (fsync, a
 * file system busy allocating inodes), and frames must keep coming. When
 * quitting no window waits. */
#define JOURNAL_SLICE_US      5000
#define JOURNAL_QUIT_SLICE_US 50000

/* Records are written a few at a time when the main loop is idle: adding
 * a folder of 10 000 files, or pausing them all, must not wait for 10 000
 * writes. */
static gboolean
journal_cb (gpointer user_data)
{
  VodupUploadQueue *self = user_data;
  gint64 end = g_get_monotonic_time () + (self->quitting ? JOURNAL_QUIT_SLICE_US : JOURNAL_SLICE_US);

  while (!g_queue_is_empty (&self->unjournaled) && g_get_monotonic_time () < end)
    {
      g_autoptr(VodupUpload) upload = g_queue_pop_head (&self->unjournaled);

      g_hash_table_remove (self->unjournaled_set, upload);
      _vodup_upload_checkpoint (upload, TRUE);
    }

  if (!g_queue_is_empty (&self->unjournaled))
    return G_SOURCE_CONTINUE;

  self->journal_id = 0;
  _vodup_upload_queue_check_shut_down (self);

  return G_SOURCE_REMOVE;
}

void
_vodup_upload_queue_journal_later (VodupUploadQueue *self,
                                   VodupUpload      *upload)
{
  /* Once is enough: the record is made when it is written. */
  if (!g_hash_table_add (self->unjournaled_set, upload))
    return;

  g_queue_push_tail (&self->unjournaled, g_object_ref (upload));
  if (self->journal_id == 0)
    self->journal_id = g_idle_add_full (G_PRIORITY_LOW, journal_cb, self, NULL);
}

/* Every record but those another process uploads now (its own): file
 * I/O, in a thread where it can be. */
static GPtrArray *
read_free_records (void)
{
  GPtrArray *records = vodup_journal_list ();

  for (guint i = records->len; i > 0; i--)
    {
      JsonObject *record = g_ptr_array_index (records, i - 1);
      const char *id = _vodup_json_get_string (record, "id") ?: "";

      if (*id == '\0' || vodup_journal_is_locked (id))
        g_ptr_array_remove_index (records, i - 1);
    }

  return records;
}

/* The unfinished journal record of this file and these options, taken out
 * of the records not restored (read now if they have not been yet). */
VodupUpload *
_vodup_upload_queue_find_recorded (VodupUploadQueue         *self,
                                   GFile                    *file,
                                   const VodupUploadOptions *options)
{
  if (self->recorded == NULL && self->vault != NULL)
    self->recorded = read_free_records ();

  for (guint i = 0; self->recorded != NULL && i < self->recorded->len; i++)
    {
      JsonObject *record = g_ptr_array_index (self->recorded, i);
      const char *id = _vodup_json_get_string (record, "id") ?: "";
      VodupUpload *upload;

      if (contains_id (self, id) || !_vodup_upload_record_matches (record, file, options))
        continue;

      upload = _vodup_upload_new_from_record (record);
      g_ptr_array_remove_index (self->recorded, i);

      return upload;
    }

  return NULL;
}

void
vodup_upload_queue_set_journal (VodupUploadQueue     *self,
                                VodupCredentialVault *vault)
{
  guint n;

  g_return_if_fail (VODUP_IS_UPLOAD_QUEUE (self));
  g_return_if_fail (!vault || VODUP_IS_CREDENTIAL_VAULT (vault));

  g_set_object (&self->vault, vault);
  /* Read when first needed: a restore, or a file to look up. */
  g_clear_pointer (&self->recorded, g_ptr_array_unref);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->uploads));
  for (guint i = 0; i < n && vault != NULL; i++)
    {
      g_autoptr(VodupUpload) upload = g_list_model_get_item (G_LIST_MODEL (self->uploads), i);

      _vodup_upload_set_vault (upload, vault);
    }
}

/* In one list change; records a file added meanwhile took are in the
 * queue already. None is left to look up afterwards. */
static void
restore_records (VodupUploadQueue *self,
                 GPtrArray        *records,
                 gboolean          paused)
{
  g_autoptr(GPtrArray) uploads = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      const char *id = _vodup_json_get_string (record, "id") ?: "";
      VodupUpload *upload;

      if (contains_id (self, id) || !(upload = _vodup_upload_new_from_record (record)))
        continue;

      if (paused)
        vodup_upload_pause (upload);
      _vodup_upload_queue_track (self, upload);
      g_ptr_array_add (uploads, upload);
    }

  if (uploads->len > 0)
    g_list_store_splice (self->uploads, g_list_model_get_n_items (G_LIST_MODEL (self->uploads)),
                         0, uploads->pdata, uploads->len);
  g_clear_pointer (&self->recorded, g_ptr_array_unref);
  self->recorded = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  _vodup_upload_queue_schedule (self);
}

void
vodup_upload_queue_restore (VodupUploadQueue *self,
                            gboolean          paused)
{
  g_autoptr(GPtrArray) records = NULL;

  g_return_if_fail (VODUP_IS_UPLOAD_QUEUE (self));
  g_return_if_fail (self->vault != NULL);

  records = self->recorded ? g_steal_pointer (&self->recorded) : read_free_records ();
  restore_records (self, records, paused);
}

static void
read_records_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  g_task_return_pointer (task, read_free_records (), (GDestroyNotify) g_ptr_array_unref);
}

static void
records_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  VodupUploadQueue *self = VODUP_UPLOAD_QUEUE (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) records = NULL;
  GError *error = NULL;

  if (!(records = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The journal may have been turned off meanwhile. */
  if (self->vault != NULL)
    restore_records (self, records, GPOINTER_TO_INT (g_task_get_task_data (task)));
  g_task_return_boolean (task, TRUE);
}

void
vodup_upload_queue_restore_async (VodupUploadQueue    *self,
                                  gboolean             paused,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) read_task = NULL;

  g_return_if_fail (VODUP_IS_UPLOAD_QUEUE (self));
  g_return_if_fail (self->vault != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vodup_upload_queue_restore_async);
  g_task_set_task_data (task, GINT_TO_POINTER (paused), NULL);

  read_task = g_task_new (self, cancellable, records_read_cb, g_steal_pointer (&task));
  g_task_run_in_thread (read_task, read_records_thread);
}

gboolean
vodup_upload_queue_restore_finish (VodupUploadQueue  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --restart: every unfinished record of the file goes, its multipart
 * upload aborted through the upload's own cancel path when the
 * credential is still in the vault. */
void
vodup_upload_queue_forget_file_async (VodupUploadQueue         *self,
                                      GFile                    *file,
                                      const VodupUploadOptions *options,
                                      GCancellable             *cancellable,
                                      GAsyncReadyCallback       callback,
                                      gpointer                  user_data)
{
  g_autoptr(VodupUploadOptions) defaults = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(VodupUpload) old = NULL;

  g_return_if_fail (VODUP_IS_UPLOAD_QUEUE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vodup_upload_queue_forget_file_async);

  if (options == NULL)
    options = defaults = vodup_upload_options_new ();

  if (self->vault == NULL || !(old = _vodup_upload_queue_find_recorded (self, file, options)))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_set_object (&old->vault, self->vault);
  _vodup_upload_abandon (old, self->cos, g_steal_pointer (&task));
}

gboolean
vodup_upload_queue_forget_file_finish (VodupUploadQueue  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
