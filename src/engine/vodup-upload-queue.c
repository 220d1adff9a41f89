/* vodup-upload-queue.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-journal.h"
#include "vodup-upload-private.h"
#include "vodup-upload-queue.h"

struct _VodupUploadQueue
{
  GObject         parent_instance;

  GListStore     *uploads;
  VodupVodClient *vod;
  VodupCosClient *cos;
  guint           files_in_flight;
  guint           parts_in_flight;
  guint64         part_size;
  gboolean        busy;
  gboolean        scheduling;
  gboolean        reschedule;
  guint           schedule_id;
  guint           held;          /* > 0: settle once when released */
  gboolean        settle_pending;
  VodupCredentialVault *vault;   /* non-NULL: uploads are journaled */
  gboolean        quitting;      /* shut down: starts nothing any more */
  GTask          *shutdown;      /* until nothing runs */
  guint           shutdown_id;

  /* Lookups that stay O(1) with tens of thousands of uploads. */
  GHashTable     *by_id;         /* upload id → upload */
  GHashTable     *unfinished;    /* file URI → unfinished upload */
  GPtrArray      *recorded;      /* unfinished journal records not in the list */
  GQueue          unjournaled;   /* uploads whose record waits to be written */
  GHashTable     *unjournaled_set;
  guint           journal_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VodupUploadQueue, vodup_upload_queue, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  UPLOAD_FINISHED,
  IDLE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
vodup_upload_queue_get_item_type (GListModel *model)
{
  return VODUP_TYPE_UPLOAD;
}

static guint
vodup_upload_queue_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (VODUP_UPLOAD_QUEUE (model)->uploads));
}

static gpointer
vodup_upload_queue_get_item (GListModel *model,
                             guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (VODUP_UPLOAD_QUEUE (model)->uploads), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = vodup_upload_queue_get_item_type;
  iface->get_n_items = vodup_upload_queue_get_n_items;
  iface->get_item = vodup_upload_queue_get_item;
}

static void
uploads_changed_cb (VodupUploadQueue *self,
                    guint             position,
                    guint             removed,
                    guint             added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
vodup_upload_queue_dispose (GObject *object)
{
  VodupUploadQueue *self = VODUP_UPLOAD_QUEUE (object);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->uploads));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VodupUpload) upload = g_list_model_get_item (G_LIST_MODEL (self->uploads), i);

      g_signal_handlers_disconnect_by_data (upload, self);
    }

  g_clear_handle_id (&self->schedule_id, g_source_remove);
  g_clear_handle_id (&self->journal_id, g_source_remove);
  g_clear_handle_id (&self->shutdown_id, g_source_remove);
  g_clear_object (&self->shutdown);
  g_queue_clear_full (&self->unjournaled, g_object_unref);
  g_hash_table_remove_all (self->unjournaled_set);
  g_clear_object (&self->vod);
  g_clear_object (&self->cos);
  g_clear_object (&self->vault);

  G_OBJECT_CLASS (vodup_upload_queue_parent_class)->dispose (object);
}

static void
vodup_upload_queue_finalize (GObject *object)
{
  VodupUploadQueue *self = VODUP_UPLOAD_QUEUE (object);

  g_clear_object (&self->uploads);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->unfinished, g_hash_table_unref);
  g_clear_pointer (&self->recorded, g_ptr_array_unref);
  g_clear_pointer (&self->unjournaled_set, g_hash_table_unref);

  G_OBJECT_CLASS (vodup_upload_queue_parent_class)->finalize (object);
}

static void
vodup_upload_queue_class_init (VodupUploadQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vodup_upload_queue_dispose;
  object_class->finalize = vodup_upload_queue_finalize;

  signals[UPLOAD_FINISHED] = g_signal_new ("upload-finished", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, VODUP_TYPE_UPLOAD);
  signals[IDLE] = g_signal_new ("idle", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vodup_upload_queue_init (VodupUploadQueue *self)
{
  self->uploads = g_list_store_new (VODUP_TYPE_UPLOAD);
  self->files_in_flight = 2;
  self->parts_in_flight = 4;
  self->part_size = VODUP_DEFAULT_PART_SIZE;
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->unfinished = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->unjournaled_set = g_hash_table_new (NULL, NULL);

  g_signal_connect_object (self->uploads, "items-changed", G_CALLBACK (uploads_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

VodupUploadQueue *
vodup_upload_queue_new (VodupVodClient *vod,
                        VodupCosClient *cos)
{
  VodupUploadQueue *self = g_object_new (VODUP_TYPE_UPLOAD_QUEUE, NULL);

  if (vod != NULL && cos != NULL)
    vodup_upload_queue_set_clients (self, vod, cos);

  return self;
}

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
static void
schedule (VodupUploadQueue *self)
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
  schedule (self);
  if (was_busy && !self->busy)
    g_signal_emit (self, signals[IDLE], 0);

  return G_SOURCE_REMOVE;
}

/* One pass for many additions (a folder of 10 000 files). */
static void
schedule_soon (VodupUploadQueue *self)
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

static void
unindex_upload (VodupUploadQueue *self,
                VodupUpload      *upload)
{
  g_autofree char *uri = g_file_get_uri (vodup_upload_get_file (upload));

  if (g_hash_table_lookup (self->unfinished, uri) == upload)
    g_hash_table_remove (self->unfinished, uri);
  g_hash_table_remove (self->by_id, vodup_upload_get_id (upload));
}

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
static void
check_shut_down (VodupUploadQueue *self)
{
  if (self->shutdown != NULL && !self->busy && g_queue_is_empty (&self->unjournaled) &&
      self->shutdown_id == 0)
    self->shutdown_id = g_idle_add (shutdown_done_cb, self);
}

/* Fills free slots; says ::idle when the last thing to do is done. Each
 * pass walks the whole list, so bulk changes hold it and settle once. */
static void
settle (VodupUploadQueue *self)
{
  gboolean was_busy = self->busy;

  if (self->held > 0)
    {
      self->settle_pending = TRUE;
      return;
    }

  schedule (self);

  if (was_busy && !self->busy)
    g_signal_emit (self, signals[IDLE], 0);

  check_shut_down (self);
}

static void
hold (VodupUploadQueue *self)
{
  self->held++;
}

static void
release (VodupUploadQueue *self)
{
  g_assert (self->held > 0);

  if (--self->held > 0 || !self->settle_pending)
    return;

  self->settle_pending = FALSE;
  settle (self);
}

static void
upload_state_changed_cb (VodupUpload      *upload,
                         GParamSpec       *pspec,
                         VodupUploadQueue *self)
{
  g_object_ref (self);

  index_upload (self, upload);
  if (vodup_upload_is_finished (upload))
    g_signal_emit (self, signals[UPLOAD_FINISHED], 0, upload);
  settle (self);

  g_object_unref (self);
}

static void
upload_running_changed_cb (VodupUpload      *upload,
                           GParamSpec       *pspec,
                           VodupUploadQueue *self)
{
  g_object_ref (self);
  settle (self);
  g_object_unref (self);
}

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
  check_shut_down (self);

  return G_SOURCE_REMOVE;
}

static void
journal_later (VodupUploadQueue *self,
               VodupUpload      *upload)
{
  /* Once is enough: the record is made when it is written. */
  if (!g_hash_table_add (self->unjournaled_set, upload))
    return;

  g_queue_push_tail (&self->unjournaled, g_object_ref (upload));
  if (self->journal_id == 0)
    self->journal_id = g_idle_add_full (G_PRIORITY_LOW, journal_cb, self, NULL);
}

/* Watched, indexed and journaled; the caller puts it in the store. */
static void
track (VodupUploadQueue *self,
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
      journal_later (self, upload);
    }
}

static void
append (VodupUploadQueue *self,
        VodupUpload      *upload)
{
  track (self, upload);
  g_list_store_append (self->uploads, upload);
}

/* The unfinished journal record of this file and these options, taken out
 * of the records read when the journal was set. */
static VodupUpload *
find_recorded (VodupUploadQueue         *self,
               GFile                    *file,
               const VodupUploadOptions *options)
{
  for (guint i = 0; self->recorded != NULL && i < self->recorded->len; i++)
    {
      JsonObject *record = g_ptr_array_index (self->recorded, i);
      const char *id = json_object_get_string_member_with_default (record, "id", "");
      VodupUpload *upload;

      if (contains_id (self, id) || !_vodup_upload_record_matches (record, file, options))
        continue;

      upload = _vodup_upload_new_from_record (record);
      g_ptr_array_remove_index (self->recorded, i);

      return upload;
    }

  return NULL;
}

/* The upload of this file in the list that is not done, failed or
 * cancelled, or NULL. */
VodupUpload *
vodup_upload_queue_find_unfinished (VodupUploadQueue *self,
                                    GFile            *file)
{
  g_autofree char *uri = NULL;

  g_return_val_if_fail (VODUP_IS_UPLOAD_QUEUE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  uri = g_file_get_uri (file);

  return g_hash_table_lookup (self->unfinished, uri);
}

/* A new upload, or the recorded one of the same file to resume. */
static VodupUpload *
new_upload (VodupUploadQueue         *self,
            GFile                    *file,
            const VodupUploadOptions *options)
{
  VodupUpload *upload = NULL;

  if (self->vault != NULL)
    upload = find_recorded (self, file, options);
  if (upload == NULL)
    upload = vodup_upload_new (file, options);
  else if (vodup_upload_is_finished (upload))
    vodup_upload_retry (upload);   /* a recorded failure: the same file again */

  return upload;
}

VodupUpload *
vodup_upload_queue_add_file (VodupUploadQueue         *self,
                             GFile                    *file,
                             const VodupUploadOptions *options)
{
  g_autoptr(VodupUploadOptions) defaults = NULL;
  g_autoptr(VodupUpload) upload = NULL;

  g_return_val_if_fail (VODUP_IS_UPLOAD_QUEUE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (options == NULL)
    options = defaults = vodup_upload_options_new ();

  upload = new_upload (self, file, options);
  append (self, upload);
  schedule_soon (self);

  return upload;
}

GPtrArray *
vodup_upload_queue_add_files (VodupUploadQueue         *self,
                              GFile                   **files,
                              guint                     n_files,
                              const VodupUploadOptions *options)
{
  g_autoptr(VodupUploadOptions) defaults = NULL;
  g_autoptr(GPtrArray) uploads = NULL;

  g_return_val_if_fail (VODUP_IS_UPLOAD_QUEUE (self), NULL);
  g_return_val_if_fail (files != NULL || n_files == 0, NULL);

  if (options == NULL)
    options = defaults = vodup_upload_options_new ();

  uploads = g_ptr_array_new_full (n_files, g_object_unref);
  for (guint i = 0; i < n_files; i++)
    {
      VodupUpload *upload = new_upload (self, files[i], options);

      track (self, upload);
      g_ptr_array_add (uploads, upload);
    }

  /* One items-changed: GtkListView handles each one on its own. */
  g_list_store_splice (self->uploads, g_list_model_get_n_items (G_LIST_MODEL (self->uploads)),
                       0, uploads->pdata, uploads->len);
  if (n_files > 0)
    schedule_soon (self);

  return g_steal_pointer (&uploads);
}

void
vodup_upload_queue_remove (VodupUploadQueue *self,
                           VodupUpload      *upload)
{
  guint position;

  g_return_if_fail (VODUP_IS_UPLOAD_QUEUE (self));
  g_return_if_fail (VODUP_IS_UPLOAD (upload));

  if (!g_list_store_find (self->uploads, upload, &position))
    return;

  /* Cancelling aborts a multipart upload left on COS. */
  vodup_upload_cancel (upload);
  _vodup_upload_forget_record (upload);
  g_signal_handlers_disconnect_by_data (upload, self);
  unindex_upload (self, upload);
  g_list_store_remove (self->uploads, position);
  schedule (self);
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
      unindex_upload (self, upload);
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
  hold (self);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VodupUpload) upload = g_list_model_get_item (G_LIST_MODEL (self->uploads), i);

      func (upload);
    }

  release (self);
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
  hold (self);

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
        journal_later (self, upload);
    }

  release (self);
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

guint
vodup_upload_queue_get_n_active (VodupUploadQueue *self)
{
  guint n, active = 0;

  g_return_val_if_fail (VODUP_IS_UPLOAD_QUEUE (self), 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->uploads));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VodupUpload) upload = g_list_model_get_item (G_LIST_MODEL (self->uploads), i);

      active += !vodup_upload_is_finished (upload);
    }

  return active;
}

gboolean
vodup_upload_queue_is_busy (VodupUploadQueue *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD_QUEUE (self), FALSE);

  return self->busy;
}

void
vodup_upload_queue_set_files_in_flight (VodupUploadQueue *self,
                                        guint             n)
{
  g_return_if_fail (VODUP_IS_UPLOAD_QUEUE (self));

  self->files_in_flight = CLAMP (n, 1, 16);
  schedule (self);
}

void
vodup_upload_queue_set_parts_in_flight (VodupUploadQueue *self,
                                        guint             n)
{
  g_return_if_fail (VODUP_IS_UPLOAD_QUEUE (self));

  self->parts_in_flight = CLAMP (n, 1, 16);
}

void
vodup_upload_queue_set_part_size (VodupUploadQueue *self,
                                  guint64           part_size)
{
  g_return_if_fail (VODUP_IS_UPLOAD_QUEUE (self));

  self->part_size = CLAMP (part_size, VODUP_COS_MIN_PART_SIZE, VODUP_COS_MAX_PART_SIZE);
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
  settle (self);
}

gboolean
vodup_upload_queue_shutdown_finish (VodupUploadQueue  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vodup_upload_queue_set_clients (VodupUploadQueue *self,
                                VodupVodClient   *vod,
                                VodupCosClient   *cos)
{
  g_return_if_fail (VODUP_IS_UPLOAD_QUEUE (self));
  g_return_if_fail (!vod || VODUP_IS_VOD_CLIENT (vod));
  g_return_if_fail (!cos || VODUP_IS_COS_CLIENT (cos));

  g_set_object (&self->vod, vod);
  g_set_object (&self->cos, cos);
  schedule (self);
}


void
vodup_upload_queue_set_journal (VodupUploadQueue     *self,
                                VodupCredentialVault *vault)
{
  guint n;

  g_return_if_fail (VODUP_IS_UPLOAD_QUEUE (self));
  g_return_if_fail (!vault || VODUP_IS_CREDENTIAL_VAULT (vault));

  g_set_object (&self->vault, vault);
  g_clear_pointer (&self->recorded, g_ptr_array_unref);
  if (vault != NULL)
    self->recorded = vodup_journal_list ();

  n = g_list_model_get_n_items (G_LIST_MODEL (self->uploads));
  for (guint i = 0; i < n && vault != NULL; i++)
    {
      g_autoptr(VodupUpload) upload = g_list_model_get_item (G_LIST_MODEL (self->uploads), i);

      _vodup_upload_set_vault (upload, vault);
    }
}

void
vodup_upload_queue_restore (VodupUploadQueue *self,
                            gboolean          paused)
{
  g_autoptr(GPtrArray) records = NULL;

  g_return_if_fail (VODUP_IS_UPLOAD_QUEUE (self));
  g_return_if_fail (self->vault != NULL);

  records = g_steal_pointer (&self->recorded);
  self->recorded = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      const char *id = json_object_get_string_member_with_default (record, "id", "");
      g_autoptr(VodupUpload) upload = NULL;

      if (contains_id (self, id) || !(upload = _vodup_upload_new_from_record (record)))
        continue;

      if (paused)
        vodup_upload_pause (upload);
      append (self, upload);
    }

  schedule (self);
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

  if (self->vault == NULL || !(old = find_recorded (self, file, options)))
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
