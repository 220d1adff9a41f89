/* vodup-upload-queue-bulk.c: what the queue does to all its uploads at once
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-upload-queue-private.h"

static gboolean
shutdown_done_cb (gpointer user_data)
{
  VodupUploadQueue *self = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&self->shutdown);

  self->shutdown_id = 0;
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);

  return G_SOURCE_REMOVE;
}

/* Shut down once nothing runs and every record is written. From an idle:
 * this runs inside an upload's notify handler. */
void
_vodup_upload_queue_check_shut_down (VodupUploadQueue *self)
{
  if (self->shutdown != NULL && !self->busy && g_queue_is_empty (&self->unjournaled) &&
      self->shutdown_id == 0)
    self->shutdown_id = g_idle_add (shutdown_done_cb, self);
}

static gboolean
is_cleared (VodupUpload *upload)
{
  VodupUploadState state = vodup_upload_get_state (upload);

  return state == VODUP_UPLOAD_STATE_DONE || state == VODUP_UPLOAD_STATE_CANCELLED;
}

/* One splice from the first cleared upload to the last: a removal per
 * row makes GtkListView build a row per removal. */
void
vodup_upload_queue_clear_finished (VodupUploadQueue *self)
{
  GListModel *model;
  g_autoptr(GPtrArray) kept = NULL;
  guint n, first = G_MAXUINT, last = 0;

  g_return_if_fail (VODUP_IS_UPLOAD_QUEUE (self));

  model = G_LIST_MODEL (self->uploads);
  n = g_list_model_get_n_items (model);
  kept = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VodupUpload) upload = g_list_model_get_item (model, i);

      if (!is_cleared (upload))
        {
          if (first != G_MAXUINT)
            g_ptr_array_add (kept, g_steal_pointer (&upload));
          continue;
        }

      _vodup_upload_forget_record (upload);
      g_signal_handlers_disconnect_by_data (upload, self);
      _vodup_upload_queue_unindex (self, upload);
      first = MIN (first, i);
      last = i;
    }

  if (first == G_MAXUINT)
    return;

  /* kept holds what was kept from first on; only up to last goes back. */
  g_ptr_array_set_size (kept, kept->len - (n - 1 - last));
  g_list_store_splice (self->uploads, first, last - first + 1, kept->pdata, kept->len);
}

static void
foreach_upload (VodupUploadQueue *self,
                void            (*func) (VodupUpload *upload))
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->uploads));

  g_object_ref (self);
  _vodup_upload_queue_hold (self);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VodupUpload) upload = g_list_model_get_item (G_LIST_MODEL (self->uploads), i);

      func (upload);
    }

  _vodup_upload_queue_release (self);
  g_object_unref (self);
}

/* Pause or resume of an upload that waits changes only the state in its
 * record: written in the background, as new uploads' first records are,
 * instead of one synchronous write (with fsync) per upload. Running
 * uploads write theirs at once: it holds their finished parts. */
static void
foreach_waiting_upload (VodupUploadQueue *self,
                        void            (*func) (VodupUpload *upload))
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->uploads));

  g_object_ref (self);
  _vodup_upload_queue_hold (self);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VodupUpload) upload = g_list_model_get_item (G_LIST_MODEL (self->uploads), i);
      VodupUploadState state = vodup_upload_get_state (upload);
      gboolean deferred = self->vault != NULL && upload->vault == self->vault &&
                          !vodup_upload_is_running (upload);

      if (deferred)
        _vodup_upload_attach_vault (upload, NULL);
      func (upload);
      if (deferred)
        _vodup_upload_attach_vault (upload, self->vault);
      if (deferred && state != vodup_upload_get_state (upload))
        _vodup_upload_queue_journal_later (self, upload);
    }

  _vodup_upload_queue_release (self);
  g_object_unref (self);
}

void
vodup_upload_queue_pause_all (VodupUploadQueue *self)
{
  g_return_if_fail (VODUP_IS_UPLOAD_QUEUE (self));

  foreach_waiting_upload (self, vodup_upload_pause);
}

void
vodup_upload_queue_resume_all (VodupUploadQueue *self)
{
  g_return_if_fail (VODUP_IS_UPLOAD_QUEUE (self));

  foreach_waiting_upload (self, vodup_upload_resume);
}

void
vodup_upload_queue_cancel_all (VodupUploadQueue *self)
{
  g_return_if_fail (VODUP_IS_UPLOAD_QUEUE (self));

  foreach_upload (self, vodup_upload_cancel);
}

/* The record keeps the upload as it is now; without the vault, the pause
 * that stops it is not written over it, nor is anything forgotten. */
static void
stop_for_exit (VodupUpload *upload)
{
  /* A commit may have reached VOD: let it finish and be recorded. */
  if (!vodup_upload_is_running (upload) ||
      vodup_upload_get_state (upload) == VODUP_UPLOAD_STATE_COMMITTING)
    return;

  _vodup_upload_checkpoint (upload, TRUE);
  _vodup_upload_attach_vault (upload, NULL);
  vodup_upload_pause (upload);
}

void
vodup_upload_queue_shutdown_async (VodupUploadQueue    *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VODUP_IS_UPLOAD_QUEUE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vodup_upload_queue_shutdown_async);

  if (self->quitting)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "The queue is already shut down");
      return;
    }

  self->quitting = TRUE;
  self->shutdown = g_steal_pointer (&task);
  g_clear_handle_id (&self->schedule_id, g_source_remove);

  /* Records still to be written are written in the background (the
   * window is gone) before the task completes. */
  foreach_upload (self, stop_for_exit);
  /* Nothing may have been running at all. */
  _vodup_upload_queue_settle (self);
}

gboolean
vodup_upload_queue_shutdown_finish (VodupUploadQueue  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
