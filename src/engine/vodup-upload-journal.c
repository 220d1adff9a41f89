/* vodup-upload-journal.c: an upload as a journal record, and back
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vodup-enums.h"
#include "vodup-error.h"
#include "vodup-journal.h"
#include "vodup-upload-private.h"

#define RECORD_VERSION       1
#define CHECKPOINT_PERIOD_US G_USEC_PER_SEC
/* A credential this close to its expiry is not worth resuming with. */
#define RESUME_MARGIN_S      120

/* Writing ------------------------------------------------------------------- */

static void
set_string (JsonObject *object,
            const char *name,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  return object ? json_object_get_string_member_with_default (object, name, NULL) : NULL;
}

/* Optional members: NULL when absent (json-glib would complain). */
static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  return object && json_object_has_member (object, name)
         ? json_object_get_object_member (object, name) : NULL;
}

static JsonObject *
options_to_json (const VodupUploadOptions *options)
{
  JsonObject *object = json_object_new ();
  g_autofree char *cover = options->cover ? g_file_get_uri (options->cover) : NULL;

  set_string (object, "procedure", options->procedure);
  set_string (object, "storage_region", options->storage_region);
  json_object_set_int_member (object, "sub_app_id", (gint64) options->sub_app_id);
  json_object_set_int_member (object, "class_id", options->class_id);
  set_string (object, "media_name", options->media_name);
  set_string (object, "expire_time", options->expire_time);
  set_string (object, "source_context", options->source_context);
  set_string (object, "session_context", options->session_context);
  set_string (object, "cover", cover);

  return object;
}

static VodupUploadOptions *
options_from_json (JsonObject *object)
{
  VodupUploadOptions *options = vodup_upload_options_new ();
  const char *cover = get_string (object, "cover");

  options->procedure = g_strdup (get_string (object, "procedure"));
  options->storage_region = g_strdup (get_string (object, "storage_region"));
  options->sub_app_id = (guint64) json_object_get_int_member_with_default (object, "sub_app_id", 0);
  options->class_id = json_object_get_int_member_with_default (object, "class_id", -1);
  options->media_name = g_strdup (get_string (object, "media_name"));
  options->expire_time = g_strdup (get_string (object, "expire_time"));
  options->source_context = g_strdup (get_string (object, "source_context"));
  options->session_context = g_strdup (get_string (object, "session_context"));
  options->cover = cover ? g_file_new_for_uri (cover) : NULL;

  return options;
}

static JsonObject *
identity_to_json (GFileInfo *info)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "size", g_file_info_get_size (info));
  json_object_set_int_member (object, "mtime",
                              (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED));
  json_object_set_int_member (object, "mtime_usec",
                              g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC));
  json_object_set_int_member (object, "inode",
                              (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE));

  return object;
}

static gboolean
identity_matches (JsonObject *object,
                  GFileInfo  *info)
{
  g_autoptr(JsonObject) now = identity_to_json (info);

  return object != NULL &&
         json_object_get_int_member_with_default (object, "size", -1) == g_file_info_get_size (info) &&
         json_object_get_int_member_with_default (object, "mtime", -1) ==
         json_object_get_int_member (now, "mtime") &&
         json_object_get_int_member_with_default (object, "mtime_usec", -1) ==
         json_object_get_int_member (now, "mtime_usec") &&
         json_object_get_int_member_with_default (object, "inode", -1) ==
         json_object_get_int_member (now, "inode");
}

gboolean
_vodup_upload_identity_matches (JsonObject *identity,
                                GFileInfo  *info)
{
  return identity_matches (identity, info);
}

/* Everything of ApplyUpload's answer but the credential's secret part. */
static JsonObject *
apply_to_json (VodupApplyResult *apply)
{
  JsonObject *object = json_object_new ();

  set_string (object, "storage_bucket", apply->storage_bucket);
  set_string (object, "storage_region", apply->storage_region);
  set_string (object, "vod_session_key", apply->vod_session_key);
  set_string (object, "media_storage_path", apply->media_storage_path);
  set_string (object, "cover_storage_path", apply->cover_storage_path);
  set_string (object, "request_id", apply->request_id);
  set_string (object, "secret_id", vodup_credentials_get_secret_id (apply->credentials));
  json_object_set_int_member (object, "expired_time", apply->expired_time);

  return object;
}

static JsonObject *
transfer_to_json (VodupTransfer *transfer)
{
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_new ();
  g_autoptr(GPtrArray) parts = vodup_transfer_dup_parts (transfer);
  g_autofree char *upload_id = vodup_transfer_dup_upload_id (transfer);
  g_autofree char *crc = vodup_transfer_dup_crc64 (transfer);

  for (guint i = 0; i < parts->len; i++)
    {
      VodupCosPart *part = g_ptr_array_index (parts, i);
      JsonObject *item = json_object_new ();
      g_autofree char *part_crc = g_strdup_printf ("%" G_GUINT64_FORMAT, part->crc64);

      json_object_set_int_member (item, "n", part->number);
      json_object_set_string_member (item, "etag", part->etag);
      json_object_set_int_member (item, "size", (gint64) part->size);
      json_object_set_string_member (item, "crc64", part_crc);
      json_array_add_object_element (array, item);
    }

  set_string (object, "upload_id", upload_id);
  set_string (object, "crc64", crc);
  json_object_set_boolean_member (object, "complete", vodup_transfer_is_complete (transfer));
  json_object_set_array_member (object, "parts", array);

  return object;
}

static JsonObject *
commit_to_json (VodupCommitResult *commit)
{
  JsonObject *object = json_object_new ();

  set_string (object, "file_id", commit->file_id);
  set_string (object, "media_url", commit->media_url);
  set_string (object, "cover_url", commit->cover_url);
  set_string (object, "request_id", commit->request_id);

  return object;
}

static const char *
state_nick (VodupUploadState state)
{
  GEnumClass *klass = g_type_class_ref (VODUP_TYPE_UPLOAD_STATE);
  const char *nick = g_enum_get_value (klass, state)->value_nick;

  g_type_class_unref (klass);

  return nick;
}

static JsonObject *
to_record (VodupUpload *self)
{
  JsonObject *record = json_object_new ();
  g_autofree char *uri = g_file_get_uri (self->file);

  json_object_set_int_member (record, "version", RECORD_VERSION);
  json_object_set_string_member (record, "id", self->id);
  json_object_set_int_member (record, "created", self->created);
  json_object_set_string_member (record, "file", uri);
  json_object_set_string_member (record, "state", state_nick (self->state));
  json_object_set_object_member (record, "options", options_to_json (self->options));
  if (self->identity != NULL)
    json_object_set_object_member (record, "identity", identity_to_json (self->identity));
  json_object_set_int_member (record, "cover_size", (gint64) self->cover_size);
  if (self->apply != NULL)
    json_object_set_object_member (record, "apply", apply_to_json (self->apply));
  if (self->media != NULL)
    json_object_set_object_member (record, "media", transfer_to_json (self->media));
  if (self->cover != NULL)
    json_object_set_object_member (record, "cover", transfer_to_json (self->cover));
  if (self->commit != NULL)
    json_object_set_object_member (record, "commit", commit_to_json (self->commit));
  set_string (record, "crc64", self->crc64);
  set_string (record, "error", self->error ? self->error->message : NULL);
  set_string (record, "task_id", self->task_id);

  return record;
}

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

  record = to_record (self);
  written = vodup_journal_write (self->id, record, &error);
  journal_written (self, written, error);

  self->last_checkpoint = now;
  self->checkpointed_parts = n_done_parts (self);
  g_free (self->checkpointed_upload_id);
  self->checkpointed_upload_id = self->media ? vodup_transfer_dup_upload_id (self->media) : NULL;
}

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

gboolean
_vodup_upload_take_lock (VodupUpload  *self,
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

  g_set_error_literal (error, VODUP_ERROR, VODUP_ERROR_FAILED,
                       _("This file is being uploaded by another Vodup window or command."));
  return FALSE;
}

static gboolean
unlock_cb (gpointer user_data)
{
  VodupUpload *self = user_data;

  self->unlock_id = 0;
  g_clear_pointer (&self->lock, vodup_journal_unlock);

  return G_SOURCE_REMOVE;
}

/* Later (from an idle) when the upload just stopped running: the step
 * that stopped it still writes the record (failed, paused) under the
 * lock; at once when that state has been written. */
void
_vodup_upload_release_lock (VodupUpload *self,
                            gboolean     later)
{
  if (self->lock == NULL)
    return;

  if (!later)
    {
      g_clear_handle_id (&self->unlock_id, g_source_remove);
      g_clear_pointer (&self->lock, vodup_journal_unlock);
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

/* Reading ------------------------------------------------------------------- */

gboolean
_vodup_upload_record_matches (JsonObject               *record,
                              GFile                    *file,
                              const VodupUploadOptions *options)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(VodupUploadOptions) recorded = NULL;

  if (g_strcmp0 (get_string (record, "file"), uri) != 0 || !get_object (record, "options"))
    return FALSE;

  recorded = options_from_json (get_object (record, "options"));

  return vodup_upload_options_equal (recorded, options);
}

static VodupCommitResult *
commit_from_json (JsonObject *object)
{
  VodupCommitResult *commit = g_new0 (VodupCommitResult, 1);

  commit->file_id = g_strdup (get_string (object, "file_id"));
  commit->media_url = g_strdup (get_string (object, "media_url"));
  commit->cover_url = g_strdup (get_string (object, "cover_url"));
  commit->request_id = g_strdup (get_string (object, "request_id"));

  return commit;
}

static void
restore_finished (VodupUpload *self,
                  JsonObject  *record,
                  JsonObject  *identity)
{
  guint64 total = (guint64) json_object_get_int_member_with_default (identity, "size", 0) +
                  (guint64) json_object_get_int_member_with_default (record, "cover_size", 0);

  self->commit = commit_from_json (get_object (record, "commit"));
  self->crc64 = g_strdup (get_string (record, "crc64"));
  self->task_id = g_strdup (get_string (record, "task_id"));
  self->bytes_total = self->bytes_sent = total;
  self->state = VODUP_UPLOAD_STATE_DONE;
}

/* An upload as the journal left it: done, failed, or to be resumed when
 * it is started (the record is checked against the file then). */
VodupUpload *
_vodup_upload_new_from_record (JsonObject *record)
{
  const char *uri = get_string (record, "file");
  const char *id = get_string (record, "id");
  const char *state = get_string (record, "state");
  JsonObject *options_json = get_object (record, "options");
  g_autoptr(VodupUploadOptions) options = NULL;
  g_autoptr(GFile) file = NULL;
  VodupUpload *self;

  if (uri == NULL || id == NULL || state == NULL || options_json == NULL ||
      json_object_get_int_member_with_default (record, "version", 0) != RECORD_VERSION)
    return NULL;

  /* Another process uploads it (restore skips it). */
  if (vodup_journal_is_locked (id))
    return NULL;

  file = g_file_new_for_uri (uri);
  options = options_from_json (options_json);
  self = vodup_upload_new (file, options);
  g_free (self->id);
  self->id = g_strdup (id);
  self->created = json_object_get_int_member_with_default (record, "created", self->created);

  /* Kept for every state: a finished upload is never started, a failed one
   * resumes from it when retried. */
  self->resume_record = json_object_ref (record);

  if (g_str_equal (state, "done") && json_object_has_member (record, "commit"))
    restore_finished (self, record, get_object (record, "identity"));
  else if (g_str_equal (state, "failed"))
    {
      self->state = VODUP_UPLOAD_STATE_FAILED;
      self->error = g_error_new_literal (VODUP_ERROR, VODUP_ERROR_FAILED,
                                         get_string (record, "error") ?: _("The upload failed."));
    }

  return self;
}

/* Resuming ------------------------------------------------------------------ */

static VodupApplyResult *
apply_from_json (JsonObject       *object,
                 VodupCredentials *credentials)
{
  VodupApplyResult *apply = g_new0 (VodupApplyResult, 1);

  apply->storage_bucket = g_strdup (get_string (object, "storage_bucket"));
  apply->storage_region = g_strdup (get_string (object, "storage_region"));
  apply->vod_session_key = g_strdup (get_string (object, "vod_session_key"));
  apply->media_storage_path = g_strdup (get_string (object, "media_storage_path"));
  apply->cover_storage_path = g_strdup (get_string (object, "cover_storage_path"));
  apply->request_id = g_strdup (get_string (object, "request_id"));
  apply->expired_time = json_object_get_int_member_with_default (object, "expired_time", 0);
  apply->credentials = vodup_credentials_ref (credentials);

  return apply;
}

static GPtrArray *
parts_from_json (JsonArray *array)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func ((GDestroyNotify) vodup_cos_part_free);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      const char *etag = get_string (item, "etag");
      guint64 crc = g_ascii_strtoull (get_string (item, "crc64") ?: "0", NULL, 10);

      if (item != NULL && etag != NULL)
        g_ptr_array_add (parts, vodup_cos_part_new (json_object_get_int_member (item, "n"), etag,
                                                    json_object_get_int_member (item, "size"), crc));
    }

  return parts;
}

static void
restore_transfer (VodupTransfer *transfer,
                  JsonObject    *object)
{
  g_autoptr(GPtrArray) parts = NULL;

  if (transfer == NULL || object == NULL)
    return;

  parts = parts_from_json (json_object_has_member (object, "parts")
                           ? json_object_get_array_member (object, "parts") : NULL);
  vodup_transfer_restore (transfer, get_string (object, "upload_id"), parts,
                          json_object_get_boolean_member_with_default (object, "complete", FALSE),
                          g_ascii_strtoull (get_string (object, "crc64") ?: "0", NULL, 10));
}

static gboolean
credentials_usable (JsonObject       *apply,
                    VodupCredentials *credentials,
                    gint64            now)
{
  gint64 expired_time = json_object_get_int_member_with_default (apply, "expired_time", 0);

  return credentials != NULL &&
         g_strcmp0 (get_string (apply, "secret_id"), vodup_credentials_get_secret_id (credentials)) == 0 &&
         (expired_time == 0 || now < expired_time - RESUME_MARGIN_S);
}

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
  JsonObject *apply = get_object (record, "apply");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC + vodup_cos_client_get_clock_offset (self->cos);

  credentials = vodup_credential_vault_lookup_finish (VODUP_CREDENTIAL_VAULT (object), result, &error);
  if (!credentials_usable (apply, credentials, now))
    {
      self->resume_record = g_steal_pointer (&record);
      start_afresh (self, _("The interrupted upload could not be continued (its temporary "
                            "credential is gone or expired), so it starts again."));
      return;
    }

  self->apply = apply_from_json (apply, credentials);
  self->cover_size = (guint64) json_object_get_int_member_with_default (record, "cover_size", 0);
  self->bytes_total += self->cover_size;
  _vodup_upload_create_transfers (self);
  restore_transfer (self->media, get_object (record, "media"));
  restore_transfer (self->cover, get_object (record, "cover"));
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
  if (info == NULL || !identity_matches (get_object (record, "identity"), info))
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
      const char *id = get_string (record, "id");

      if (id != NULL && g_strcmp0 (get_string (record, "state"), "done") != 0 &&
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
  JsonObject *apply = get_object (self->resume_record, "apply");

  credentials = vodup_credential_vault_lookup_finish (VODUP_CREDENTIAL_VAULT (object), result, NULL);
  _vodup_upload_forget_record (self);

  if (credentials == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  abandon->target = vodup_cos_target_new (get_string (apply, "storage_bucket"),
                                          get_string (apply, "storage_region"),
                                          get_string (apply, "media_storage_path"),
                                          credentials,
                                          json_object_get_int_member_with_default (apply, "expired_time", 0));
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
  JsonObject *apply = record ? get_object (record, "apply") : NULL;
  JsonObject *media = record ? get_object (record, "media") : NULL;
  const char *upload_id = get_string (media, "upload_id");
  Abandon *abandon;

  if (apply == NULL || upload_id == NULL || cos == NULL || self->vault == NULL ||
      get_string (apply, "storage_bucket") == NULL || get_string (apply, "media_storage_path") == NULL)
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
