/* vodup-transfer-checks.c: what a transfer checks while it runs: the
 * file's identity, and the journal's checkpoint before parts are sent
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vodup-error.h"
#include "vodup-transfer-private.h"

void
vodup_transfer_set_identity (VodupTransfer *self,
                             GFileInfo     *identity)
{
  g_return_if_fail (VODUP_IS_TRANSFER (self));
  g_return_if_fail (G_IS_FILE_INFO (identity));

  /* Copied: workers compare with it while the caller keeps its info. */
  self->has_identity = TRUE;
  self->id_size = g_file_info_get_size (identity);
  self->id_mtime = g_file_info_get_attribute_uint64 (identity, G_FILE_ATTRIBUTE_TIME_MODIFIED);
  self->id_mtime_usec = g_file_info_get_attribute_uint32 (identity, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
  self->id_inode = g_file_info_get_attribute_uint64 (identity, G_FILE_ATTRIBUTE_UNIX_INODE);
}

#define IDENTITY_ATTRIBUTES \
  G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_TIME_MODIFIED "," \
  G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC "," G_FILE_ATTRIBUTE_UNIX_INODE

static GError *
file_error (GFile      *file,
            VodupError  code)
{
  g_autofree char *name = g_file_get_parse_name (file);

  if (code == VODUP_ERROR_FILE_CHANGED)
    return g_error_new (VODUP_ERROR, code,
                        _("“%s” changed while it was being uploaded. Upload it again when it is finished."),
                        name);
  if (code == VODUP_ERROR_FILE_NOT_FOUND)
    return g_error_new (VODUP_ERROR, code, _("“%s” does not exist."), name);

  return g_error_new (VODUP_ERROR, VODUP_ERROR_FILE_UNREADABLE, _("“%s” cannot be read."), name);
}

/* Still the file that was checked? A stat after each part and before
 * Complete (nothing is read again), so that a file that changes stops the
 * upload before COS puts two versions of it together. */
gboolean
_vodup_transfer_check_file (VodupTransfer  *self,
                            GError        **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!self->has_identity)
    return TRUE;

  info = g_file_query_info (self->file, IDENTITY_ATTRIBUTES, G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_propagate_error (error, file_error (self->file,
                                            g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                                            ? VODUP_ERROR_FILE_NOT_FOUND : VODUP_ERROR_FILE_UNREADABLE));
      return FALSE;
    }

  if (g_file_info_get_size (info) == self->id_size &&
      g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) == self->id_mtime &&
      g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC) == self->id_mtime_usec &&
      g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE) == self->id_inode)
    return TRUE;

  g_propagate_error (error, file_error (self->file, VODUP_ERROR_FILE_CHANGED));
  return FALSE;
}

void
vodup_transfer_set_checkpoint (VodupTransfer           *self,
                               VodupTransferCheckpoint  checkpoint,
                               gpointer                 user_data)
{
  g_return_if_fail (VODUP_IS_TRANSFER (self));

  self->checkpoint = checkpoint;
  self->checkpoint_data = user_data;
}

/* Shared by the worker that waits and the idle source that runs the
 * checkpoint. Refcounted, not on the waiter's stack: when the wait times
 * out while the checkpoint is still running on the main thread, the
 * callback must still find its mutex and condition alive afterwards. */
typedef struct
{
  VodupTransfer *self;
  GMutex         mutex;
  GCond          cond;
  gboolean       done;
} Checkpoint;

static void
checkpoint_clear (gpointer data)
{
  Checkpoint *checkpoint = data;

  g_object_unref (checkpoint->self);
  g_cond_clear (&checkpoint->cond);
  g_mutex_clear (&checkpoint->mutex);
}

static void
checkpoint_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, checkpoint_clear);
}

static gboolean
checkpoint_cb (gpointer user_data)
{
  Checkpoint *checkpoint = user_data;
  VodupTransfer *self = checkpoint->self;

  self->checkpoint (self->checkpoint_data);

  g_mutex_lock (&checkpoint->mutex);
  checkpoint->done = TRUE;
  g_cond_signal (&checkpoint->cond);
  g_mutex_unlock (&checkpoint->mutex);

  return G_SOURCE_REMOVE;
}

/* From a worker thread: runs the checkpoint on the owner's context and
 * waits for it. Bounded, so a main loop that has stopped cannot hang us. */
void
_vodup_transfer_run_checkpoint (VodupTransfer *self)
{
  Checkpoint *checkpoint;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GSource *source;

  if (self->checkpoint == NULL)
    return;

  checkpoint = g_atomic_rc_box_new0 (Checkpoint);
  checkpoint->self = g_object_ref (self);
  g_mutex_init (&checkpoint->mutex);
  g_cond_init (&checkpoint->cond);

  source = g_idle_source_new ();
  g_source_set_callback (source, checkpoint_cb, g_atomic_rc_box_acquire (checkpoint),
                         checkpoint_release);
  g_source_attach (source, self->context);

  g_mutex_lock (&checkpoint->mutex);
  while (!checkpoint->done)
    if (!g_cond_wait_until (&checkpoint->cond, &checkpoint->mutex, deadline))
      break;
  g_mutex_unlock (&checkpoint->mutex);

  /* Timed out: a checkpoint that has not started yet never runs. */
  g_source_destroy (source);
  g_source_unref (source);
  checkpoint_release (checkpoint);
}
