/* vodup-upload-journal.c: writing an upload's record, keeping its
 * credential and holding its lock
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vodup-error.h"
#include "vodup-journal.h"
#include "vodup-upload-record-private.h"

#define CHECKPOINT_PERIOD_US G_USEC_PER_SEC

/* Checkpoints --------------------------------------------------------------- */

static guint
n_done_parts (VodupUpload *self)
{
  return (self->media ? vodup_transfer_get_n_done (self->media) : 0) +
         (self->cover ? vodup_transfer_get_n_done (self->cover) : 0);
}

static gboolean
upload_id_changed (VodupUpload *self)
{
  g_autofree char *upload_id = self->media ? vodup_transfer_dup_upload_id (self->media) : NULL;

  return g_strcmp0 (upload_id, self->checkpointed_upload_id) != 0;
}

/* A journal that cannot be written (disk full) does not stop the upload:
 * only its resume after a restart is lost, and the row says so. */
static void
journal_written (VodupUpload  *self,
                 gboolean      written,
                 const GError *error)
{
  g_autofree char *notice = NULL;

  if (written)
    {
      if (self->journal_failed)
        _vodup_upload_set_notice (self, NULL);
      self->journal_failed = FALSE;
      return;
    }

  g_debug ("Could not write the journal of %s: %s", self->display_name, error->message);
  /* TRANSLATORS: %s is the reason, such as “No space left on device”. */
  notice = g_strdup_printf (_("Progress could not be saved: %s — the upload cannot resume "
                              "after a restart."), error->message);
  self->journal_failed = TRUE;
  _vodup_upload_set_notice (self, notice);
}

/* Writes the record: at once when forced (a step finished), else at most
 * once a second and only when a part finished or an UploadId appeared. */
void
_vodup_upload_checkpoint (VodupUpload *self,
                          gboolean     force)
{
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_monotonic_time ();
  gboolean written;

  /* Until a recorded upload has resumed, its record is the truth; a
   * record another process uploads is its own. */
  if (self->vault == NULL || self->forgotten || self->resume_record != NULL ||
      self->busy_elsewhere)
    return;

  /* A new UploadId at once: without it a crash would leave an upload on
   * COS that nothing can find again. Parts at most once a second (a resume
   * also takes the parts COS lists beyond the journal). */
  if (!force && !upload_id_changed (self) &&
      (n_done_parts (self) == self->checkpointed_parts ||
       now - self->last_checkpoint < CHECKPOINT_PERIOD_US))
    return;

  record = _vodup_upload_to_record (self);
  written = vodup_journal_write (self->id, record, &error);
  journal_written (self, written, error);

  self->last_checkpoint = now;
  self->checkpointed_parts = n_done_parts (self);
  g_free (self->checkpointed_upload_id);
  self->checkpointed_upload_id = self->media ? vodup_transfer_dup_upload_id (self->media) : NULL;
}

/* The credential (in the keyring) -------------------------------------- */

static void
vault_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Without it only the resume after a crash is lost, not the upload. */
  if (!vodup_credential_vault_store_finish (VODUP_CREDENTIAL_VAULT (object), result, &error))
    g_debug ("Could not keep the upload credential: %s", error->message);
}

void
_vodup_upload_keep_credentials (VodupUpload *self)
{
  if (self->vault != NULL && self->apply != NULL)
    vodup_credential_vault_store_async (self->vault, self->id, self->apply->credentials, NULL,
                                        vault_done_cb, NULL);
}

static void
vault_cleared_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vodup_credential_vault_clear_finish (VODUP_CREDENTIAL_VAULT (object), result, &error))
    g_debug ("Could not remove an upload credential: %s", error->message);
}

void
_vodup_upload_drop_credentials (VodupUpload *self)
{
  if (self->vault != NULL)
    vodup_credential_vault_clear_async (self->vault, self->id, NULL, vault_cleared_cb, NULL);
}

/* The upload is gone for good (removed, cancelled): no record, no key. */
void
_vodup_upload_forget_record (VodupUpload *self)
{
  if (self->vault == NULL || self->forgotten)
    return;

  self->forgotten = TRUE;
  /* Another process uploads it now: the record and key are its own. */
  if (self->lock == NULL && (self->busy_elsewhere || vodup_journal_is_locked (self->id)))
    return;

  vodup_journal_delete (self->id);
  _vodup_upload_drop_credentials (self);
}

/* Locking (one process per record) -------------------------------------- */

/* Another process may have carried the record on while this one only
 * listed it: resume from the record as it is now. */
static void
refresh_resume_record (VodupUpload *self)
{
  JsonObject *record;

  if (self->resume_record == NULL || !(record = vodup_journal_read (self->id)))
    return;

  json_object_unref (self->resume_record);
  self->resume_record = record;
}

static void
set_busy_error (GError **error)
{
  g_set_error_literal (error, VODUP_ERROR, VODUP_ERROR_FAILED,
                       _("This file is being uploaded by another Vodup window or command."));
}

/* Records of two uploads of one file with the same options are unrelated
 * (the app's row, a vodup-cli run): this lock keeps them from running two
 * multipart uploads for that one task at once. */
static gboolean
take_task_lock (VodupUpload  *self,
                GError      **error)
{
  g_autofree char *key = NULL;
  g_autoptr(GError) local_error = NULL;

  if (self->task_lock != NULL)
    return TRUE;

  key = _vodup_record_task_key (self->file, self->options);
  self->task_lock = vodup_journal_lock (key, &local_error);
  if (self->task_lock != NULL || !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_BUSY))
    return TRUE;

  set_busy_error (error);
  return FALSE;
}

static gboolean
take_record_lock (VodupUpload  *self,
                  GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  g_clear_handle_id (&self->unlock_id, g_source_remove);
  if (self->vault == NULL || self->lock != NULL)
    return TRUE;

  /* A few tries: vodup_journal_is_locked() elsewhere holds the lock for
   * an instant to ask. */
  for (guint attempt = 0; attempt < 3 && self->lock == NULL; attempt++)
    {
      if (attempt > 0)
        g_usleep (5 * 1000);
      g_clear_error (&local_error);
      self->lock = vodup_journal_lock (self->id, &local_error);
    }
  self->busy_elsewhere = g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_BUSY);
  if (self->lock != NULL)
    {
      refresh_resume_record (self);
      return TRUE;
    }

  /* No lock file (disk full…): upload anyway, like without a journal. */
  if (!self->busy_elsewhere)
    {
      g_debug ("Could not lock the journal of %s: %s", self->display_name, local_error->message);
      return TRUE;
    }

  set_busy_error (error);
  return FALSE;
}

gboolean
_vodup_upload_take_lock (VodupUpload  *self,
                         GError      **error)
{
  if (!take_record_lock (self, error))
    return FALSE;

  if (self->vault != NULL && !take_task_lock (self, error))
    {
      g_clear_pointer (&self->lock, vodup_journal_unlock);
      return FALSE;
    }

  return TRUE;
}

static void
drop_locks (VodupUpload *self)
{
  g_clear_pointer (&self->lock, vodup_journal_unlock);
  g_clear_pointer (&self->task_lock, vodup_journal_unlock_and_delete);
}

static gboolean
unlock_cb (gpointer user_data)
{
  VodupUpload *self = user_data;

  self->unlock_id = 0;
  drop_locks (self);

  return G_SOURCE_REMOVE;
}

/* Later (from an idle) when the upload just stopped running: the step
 * that stopped it still writes the record (failed, paused) under the
 * lock; at once when that state has been written. */
void
_vodup_upload_release_lock (VodupUpload *self,
                            gboolean     later)
{
  if (self->lock == NULL && self->task_lock == NULL)
    return;

  if (!later)
    {
      g_clear_handle_id (&self->unlock_id, g_source_remove);
      drop_locks (self);
    }
  else if (self->unlock_id == 0)
    {
      self->unlock_id = g_idle_add_full (G_PRIORITY_DEFAULT, unlock_cb, g_object_ref (self),
                                         g_object_unref);
    }
}

/* Journaled from now on; the first record is written by the caller. */
void
_vodup_upload_attach_vault (VodupUpload          *self,
                            VodupCredentialVault *vault)
{
  g_set_object (&self->vault, vault);
}

void
_vodup_upload_set_vault (VodupUpload          *self,
                         VodupCredentialVault *vault)
{
  _vodup_upload_attach_vault (self, vault);
  _vodup_upload_checkpoint (self, TRUE);
}
