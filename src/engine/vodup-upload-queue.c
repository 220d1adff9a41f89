/* vodup-upload-queue.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-upload-queue-private.h"

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VodupUploadQueue, vodup_upload_queue, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  UPLOAD_FINISHED,
  IDLE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
_vodup_upload_queue_emit_idle (VodupUploadQueue *self)
{
  g_signal_emit (self, signals[IDLE], 0);
}

void
_vodup_upload_queue_emit_upload_finished (VodupUploadQueue *self,
                                          VodupUpload      *upload)
{
  g_signal_emit (self, signals[UPLOAD_FINISHED], 0, upload);
}

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
    upload = _vodup_upload_queue_find_recorded (self, file, options);
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
  _vodup_upload_queue_append (self, upload);
  _vodup_upload_queue_schedule_soon (self);

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

      _vodup_upload_queue_track (self, upload);
      g_ptr_array_add (uploads, upload);
    }

  /* One items-changed: GtkListView handles each one on its own. */
  g_list_store_splice (self->uploads, g_list_model_get_n_items (G_LIST_MODEL (self->uploads)),
                       0, uploads->pdata, uploads->len);
  if (n_files > 0)
    _vodup_upload_queue_schedule_soon (self);

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
  _vodup_upload_queue_unindex (self, upload);
  g_list_store_remove (self->uploads, position);
  _vodup_upload_queue_schedule (self);
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
  _vodup_upload_queue_schedule (self);
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
  _vodup_upload_queue_schedule (self);
}
