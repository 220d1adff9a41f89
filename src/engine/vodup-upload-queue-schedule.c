/* vodup-upload-queue-schedule.c: starting queued uploads and watching them
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-upload-queue-private.h"

/* Starts queued uploads, in list order, until files-in-flight run. */
static void
schedule_pass (VodupUploadQueue *self)
{
  GListModel *model = G_LIST_MODEL (self->uploads);
  guint n = g_list_model_get_n_items (model);
  guint running = 0;
  gboolean waiting = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VodupUpload) upload = g_list_model_get_item (model, i);

      running += vodup_upload_is_running (upload);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VodupUpload) upload = g_list_model_get_item (model, i);

      if (vodup_upload_get_state (upload) != VODUP_UPLOAD_STATE_QUEUED ||
          vodup_upload_is_running (upload))
        continue;

      /* Quitting: what waits stays as the journal has it. */
      if (self->quitting)
        continue;

      if (self->vod == NULL || running >= self->files_in_flight)
        {
          waiting = TRUE;
          continue;
        }

      vodup_upload_set_parts_in_flight (upload, self->parts_in_flight);
      vodup_upload_set_part_size (upload, self->part_size);
      running++;
      vodup_upload_start (upload, self->vod, self->cos);
    }

  self->busy = running > 0 || waiting;
}

/* Starting an upload notifies its state, which asks for scheduling again:
 * that inner request only marks the pass to be repeated, so the running
 * count of a pass is never stale. */
void
_vodup_upload_queue_schedule (VodupUploadQueue *self)
{
  if (self->scheduling)
    {
      self->reschedule = TRUE;
      return;
    }

  self->scheduling = TRUE;
  do
    {
      self->reschedule = FALSE;
      schedule_pass (self);
    }
  while (self->reschedule);
  self->scheduling = FALSE;
}

static gboolean
schedule_cb (gpointer user_data)
{
  VodupUploadQueue *self = user_data;
  gboolean was_busy = self->busy;

  self->schedule_id = 0;
  _vodup_upload_queue_schedule (self);
  if (was_busy && !self->busy)
    _vodup_upload_queue_emit_idle (self);

  return G_SOURCE_REMOVE;
}

/* One pass for many additions (a folder of 10 000 files). */
void
_vodup_upload_queue_schedule_soon (VodupUploadQueue *self)
{
  self->busy = TRUE;
  /* Default priority: before the next frame is drawn, after the additions
   * of the current main loop iteration. */
  if (self->schedule_id == 0)
    self->schedule_id = g_idle_add_full (G_PRIORITY_DEFAULT, schedule_cb, self, NULL);
}

static void
index_upload (VodupUploadQueue *self,
              VodupUpload      *upload)
{
  g_autofree char *uri = g_file_get_uri (vodup_upload_get_file (upload));

  if (vodup_upload_is_finished (upload))
    {
      if (g_hash_table_lookup (self->unfinished, uri) == upload)
        g_hash_table_remove (self->unfinished, uri);
    }
  else
    g_hash_table_insert (self->unfinished, g_steal_pointer (&uri), upload);
}

void
_vodup_upload_queue_unindex (VodupUploadQueue *self,
                             VodupUpload      *upload)
{
  g_autofree char *uri = g_file_get_uri (vodup_upload_get_file (upload));

  if (g_hash_table_lookup (self->unfinished, uri) == upload)
    g_hash_table_remove (self->unfinished, uri);
  g_hash_table_remove (self->by_id, vodup_upload_get_id (upload));
}

/* Fills free slots; says ::idle when the last thing to do is done. Each
 * pass walks the whole list, so bulk changes hold it and settle once. */
void
_vodup_upload_queue_settle (VodupUploadQueue *self)
{
  gboolean was_busy = self->busy;

  if (self->held > 0)
    {
      self->settle_pending = TRUE;
      return;
    }

  _vodup_upload_queue_schedule (self);

  if (was_busy && !self->busy)
    _vodup_upload_queue_emit_idle (self);

  _vodup_upload_queue_check_shut_down (self);
}

void
_vodup_upload_queue_hold (VodupUploadQueue *self)
{
  self->held++;
}

void
_vodup_upload_queue_release (VodupUploadQueue *self)
{
  g_assert (self->held > 0);

  if (--self->held > 0 || !self->settle_pending)
    return;

  self->settle_pending = FALSE;
  _vodup_upload_queue_settle (self);
}

static void
upload_state_changed_cb (VodupUpload      *upload,
                         GParamSpec       *pspec,
                         VodupUploadQueue *self)
{
  g_object_ref (self);

  index_upload (self, upload);
  if (vodup_upload_is_finished (upload))
    _vodup_upload_queue_emit_upload_finished (self, upload);
  _vodup_upload_queue_settle (self);

  g_object_unref (self);
}

static void
upload_running_changed_cb (VodupUpload      *upload,
                           GParamSpec       *pspec,
                           VodupUploadQueue *self)
{
  g_object_ref (self);
  _vodup_upload_queue_settle (self);
  g_object_unref (self);
}

/* Watched, indexed and journaled; the caller puts it in the store. */
void
_vodup_upload_queue_track (VodupUploadQueue *self,
                           VodupUpload      *upload)
{
  g_signal_connect_object (upload, "notify::state", G_CALLBACK (upload_state_changed_cb),
                           self, 0);
  g_signal_connect_object (upload, "notify::running", G_CALLBACK (upload_running_changed_cb),
                           self, 0);
  g_hash_table_insert (self->by_id, (gpointer) vodup_upload_get_id (upload), upload);
  index_upload (self, upload);

  if (self->vault != NULL)
    {
      _vodup_upload_attach_vault (upload, self->vault);
      _vodup_upload_queue_journal_later (self, upload);
    }
}

void
_vodup_upload_queue_append (VodupUploadQueue *self,
                            VodupUpload      *upload)
{
  _vodup_upload_queue_track (self, upload);
  g_list_store_append (self->uploads, upload);
}
