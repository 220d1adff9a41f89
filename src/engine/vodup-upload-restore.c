/* vodup-upload-restore.c: an upload back from its journal record,
 * resumed or abandoned
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

/* Reading ------------------------------------------------------------------- */

static void
restore_finished (VodupUpload *self,
                  JsonObject  *record,
                  JsonObject  *identity)
{
  guint64 total = (guint64) _vodup_json_get_int (identity, "size", 0) +
                  (guint64) _vodup_json_get_int (record, "cover_size", 0);

  self->commit = _vodup_record_get_commit (_vodup_json_get_object (record, "commit"));
  self->crc64 = g_strdup (_vodup_json_get_string (record, "crc64"));
  self->task_id = g_strdup (_vodup_json_get_string (record, "task_id"));
  self->bytes_total = self->bytes_sent = total;
  self->state = VODUP_UPLOAD_STATE_DONE;
}

/* An upload as the journal left it: done, failed, or to be resumed when
 * it is started (the record is checked against the file then). */
VodupUpload *
_vodup_upload_new_from_record (JsonObject *record)
{
  const char *uri = _vodup_json_get_string (record, "file");
  const char *id = _vodup_json_get_string (record, "id");
  const char *state = _vodup_json_get_string (record, "state");
  JsonObject *options_json = _vodup_json_get_object (record, "options");
  g_autoptr(VodupUploadOptions) options = NULL;
  g_autoptr(GFile) file = NULL;
  VodupUpload *self;

  if (uri == NULL || id == NULL || state == NULL || options_json == NULL ||
      _vodup_json_get_int (record, "version", 0) != VODUP_RECORD_VERSION)
    return NULL;

  file = g_file_new_for_uri (uri);
  options = _vodup_record_get_options (options_json);
  self = vodup_upload_new (file, options);
  g_free (self->id);
  self->id = g_strdup (id);
  self->created = _vodup_json_get_int (record, "created", self->created);

  /* Kept for every state: a finished upload is never started, a failed one
   * resumes from it when retried. */
  self->resume_record = json_object_ref (record);

  if (g_str_equal (state, "done") && json_object_has_member (record, "commit"))
    restore_finished (self, record, _vodup_json_get_object (record, "identity"));
  else if (g_str_equal (state, "failed"))
    {
      self->state = VODUP_UPLOAD_STATE_FAILED;
      self->error = g_error_new_literal (VODUP_ERROR, VODUP_ERROR_FAILED,
                                         _vodup_json_get_string (record, "error") ?: _("The upload failed."));
    }

  return self;
}

/* Resuming ------------------------------------------------------------------ */

/* Gives up the record and starts this file from the beginning. */
static void
start_afresh (VodupUpload *self,
              const char  *notice)
{
  g_clear_pointer (&self->resume_record, json_object_unref);
  g_clear_object (&self->identity);
  _vodup_upload_drop_credentials (self);
  _vodup_upload_set_notice (self, notice);
  _vodup_upload_advance (self);
}

static void
vault_looked_up_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VodupUpload) self = user_data;
  g_autoptr(VodupCredentials) credentials = NULL;
  g_autoptr(JsonObject) record = g_steal_pointer (&self->resume_record);
  g_autoptr(GError) error = NULL;
  JsonObject *apply = _vodup_json_get_object (record, "apply");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC + vodup_cos_client_get_clock_offset (self->cos);

  credentials = vodup_credential_vault_lookup_finish (VODUP_CREDENTIAL_VAULT (object), result, &error);
  if (!_vodup_record_credentials_match (apply, credentials) ||
      !_vodup_record_credentials_fresh (apply, now))
    {
      self->resume_record = g_steal_pointer (&record);
      start_afresh (self, _("The interrupted upload could not be continued (its temporary "
                            "credential is gone or expired), so it starts again."));
      return;
    }

  self->apply = _vodup_record_get_apply (apply, credentials);
  self->cover_size = (guint64) _vodup_json_get_int (record, "cover_size", 0);
  self->bytes_total += self->cover_size;
  _vodup_upload_create_transfers (self);
  _vodup_record_restore_transfer (self->media, _vodup_json_get_object (record, "media"));
  _vodup_record_restore_transfer (self->cover, _vodup_json_get_object (record, "cover"));
  _vodup_upload_advance (self);
}

static void
abandoned_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VodupUpload) self = user_data;

  g_task_propagate_boolean (G_TASK (result), NULL);
  self->forgotten = FALSE;   /* the fresh upload is journaled again */
  start_afresh (self, _("The file changed since its upload was interrupted, so it is "
                        "uploaded again from the start."));
}

static void
identity_checked_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(VodupUpload) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  JsonObject *record = self->resume_record;

  info = g_file_query_info_finish (self->file, result, NULL);
  if (info == NULL || !_vodup_upload_identity_matches (_vodup_json_get_object (record, "identity"), info))
    {
      GTask *task = g_task_new (self, NULL, abandoned_cb, g_object_ref (self));

      /* The old multipart upload holds bytes of another version: abort it. */
      _vodup_upload_abandon (self, self->cos, task);
      return;
    }

  self->identity = g_steal_pointer (&info);
  self->bytes_total = (guint64) g_file_info_get_size (self->identity);

  if (!json_object_has_member (record, "apply") || self->vault == NULL)
    {
      g_clear_pointer (&self->resume_record, json_object_unref);
      _vodup_upload_advance (self);
      return;
    }

  vodup_credential_vault_lookup_async (self->vault, self->id, self->cancellable,
                                       vault_looked_up_cb, g_object_ref (self));
}

gboolean
vodup_upload_is_busy_elsewhere (GFile                    *file,
                                const VodupUploadOptions *options)
{
  g_autoptr(VodupUploadOptions) defaults = NULL;
  g_autoptr(GPtrArray) records = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (options == NULL)
    options = defaults = vodup_upload_options_new ();

  records = vodup_journal_list ();
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      const char *id = _vodup_json_get_string (record, "id");

      if (id != NULL && g_strcmp0 (_vodup_json_get_string (record, "state"), "done") != 0 &&
          _vodup_upload_record_matches (record, file, options) && vodup_journal_is_locked (id))
        return TRUE;
    }

  return FALSE;
}

/* The first step of a recorded upload: same file? credential still
 * there? then the same ApplyUpload, UploadId and finished parts. */
void
_vodup_upload_resume (VodupUpload *self)
{
  g_file_query_info_async (self->file, VODUP_IDENTITY_ATTRIBUTES, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, self->cancellable, identity_checked_cb,
                           g_object_ref (self));
}

/* Abandoning (vodup-cli --restart) ------------------------------------------ */

typedef struct
{
  VodupCosClient *cos;
  VodupCosTarget *target;
  char           *upload_id;
} Abandon;

static void
abandon_free (Abandon *abandon)
{
  g_clear_object (&abandon->cos);
  g_clear_pointer (&abandon->target, vodup_cos_target_free);
  g_free (abandon->upload_id);
  g_free (abandon);
}

static void
abort_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Abandon *abandon = task_data;
  g_autoptr(GError) error = NULL;

  /* Best effort: a credential COS no longer takes cannot abort anything. */
  if (!vodup_cos_client_abort_multipart (abandon->cos, abandon->target, abandon->upload_id,
                                         cancellable, &error))
    g_debug ("Could not abort an abandoned upload: %s", error->message);

  g_task_return_boolean (task, TRUE);
}

static void
abandon_looked_up_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VodupUpload *self = g_object_get_data (G_OBJECT (task), "upload");
  Abandon *abandon = g_task_get_task_data (task);
  g_autoptr(VodupCredentials) credentials = NULL;
  JsonObject *apply = _vodup_json_get_object (self->resume_record, "apply");

  credentials = vodup_credential_vault_lookup_finish (VODUP_CREDENTIAL_VAULT (object), result, NULL);
  _vodup_upload_forget_record (self);

  if (credentials == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  abandon->target = vodup_cos_target_new (_vodup_json_get_string (apply, "storage_bucket"),
                                          _vodup_json_get_string (apply, "storage_region"),
                                          _vodup_json_get_string (apply, "media_storage_path"),
                                          credentials,
                                          _vodup_json_get_int (apply, "expired_time", 0));
  g_task_run_in_thread (task, abort_thread);
}

/* Forgets this recorded upload, aborting its multipart upload on COS when
 * the credential for it is still kept; completes task with TRUE. */
void
_vodup_upload_abandon (VodupUpload    *self,
                       VodupCosClient *cos,
                       GTask          *task)
{
  JsonObject *record = self->resume_record;
  JsonObject *apply = _vodup_json_get_object (record, "apply");
  JsonObject *media = _vodup_json_get_object (record, "media");
  const char *upload_id = _vodup_json_get_string (media, "upload_id");
  Abandon *abandon;

  if (apply == NULL || upload_id == NULL || cos == NULL || self->vault == NULL ||
      _vodup_json_get_string (apply, "storage_bucket") == NULL ||
      _vodup_json_get_string (apply, "media_storage_path") == NULL)
    {
      _vodup_upload_forget_record (self);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  abandon = g_new0 (Abandon, 1);
  abandon->cos = g_object_ref (cos);
  abandon->upload_id = g_strdup (upload_id);
  g_task_set_task_data (task, abandon, (GDestroyNotify) abandon_free);
  g_object_set_data_full (G_OBJECT (task), "upload", g_object_ref (self), g_object_unref);

  vodup_credential_vault_lookup_async (self->vault, self->id, g_task_get_cancellable (task),
                                       abandon_looked_up_cb, task);
}
