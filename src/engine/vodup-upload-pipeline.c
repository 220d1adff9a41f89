/* vodup-upload-pipeline.c: the steps of design.md's upload pipeline
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vodup-error.h"
#include "vodup-upload-private.h"

static GError *
file_error (GFile      *file,
            VodupError  code)
{
  g_autofree char *name = g_file_get_parse_name (file);

  switch (code)
    {
    case VODUP_ERROR_FILE_NOT_FOUND:
      return g_error_new (VODUP_ERROR, code, _("“%s” does not exist."), name);
    case VODUP_ERROR_FILE_IS_DIRECTORY:
      return g_error_new (VODUP_ERROR, code, _("“%s” is a folder, not a video file."), name);
    case VODUP_ERROR_FILE_EMPTY:
      return g_error_new (VODUP_ERROR, code, _("“%s” is empty."), name);
    case VODUP_ERROR_FILE_TOO_LARGE:
      return g_error_new (VODUP_ERROR, code,
                          _("“%s” is larger than the 48.8 TB that Cloud Object Storage accepts."), name);
    case VODUP_ERROR_FILE_CHANGED:
      return g_error_new (VODUP_ERROR, code,
                          _("“%s” changed while it was being uploaded. Upload it again when it is finished."),
                          name);
    case VODUP_ERROR_FILE_UNREADABLE:
    default:
      return g_error_new (VODUP_ERROR, VODUP_ERROR_FILE_UNREADABLE, _("“%s” cannot be read."), name);
    }
}

/* What can be refused before any request is sent. */
static GError *
check_identity (GFile     *file,
                GFileInfo *info,
                gboolean   want_video)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *type = vodup_media_type_for_name (basename);
  guint64 size;

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    return file_error (file, VODUP_ERROR_FILE_IS_DIRECTORY);

  /* A FIFO, socket or device has no size to upload, nor an identity. */
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    return file_error (file, VODUP_ERROR_FILE_UNREADABLE);

  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_ACCESS_CAN_READ) &&
      !g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_ACCESS_CAN_READ))
    return file_error (file, VODUP_ERROR_FILE_UNREADABLE);

  size = (guint64) g_file_info_get_size (info);
  if (size == 0)
    return file_error (file, VODUP_ERROR_FILE_EMPTY);
  if (size > VODUP_COS_MAX_OBJECT_SIZE)
    return file_error (file, VODUP_ERROR_FILE_TOO_LARGE);

  if (want_video && !vodup_media_type_is_video (type))
    return g_error_new (VODUP_ERROR, VODUP_ERROR_INVALID_PARAMETER,
                        _("“%s” is not a video or audio file that VOD accepts."), basename);

  return NULL;
}

static gboolean
same_identity (GFileInfo *a,
               GFileInfo *b)
{
  return g_file_info_get_size (a) == g_file_info_get_size (b) &&
         g_file_info_get_attribute_uint64 (a, G_FILE_ATTRIBUTE_TIME_MODIFIED) ==
         g_file_info_get_attribute_uint64 (b, G_FILE_ATTRIBUTE_TIME_MODIFIED) &&
         g_file_info_get_attribute_uint32 (a, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC) ==
         g_file_info_get_attribute_uint32 (b, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC) &&
         g_file_info_get_attribute_uint64 (a, G_FILE_ATTRIBUTE_UNIX_INODE) ==
         g_file_info_get_attribute_uint64 (b, G_FILE_ATTRIBUTE_UNIX_INODE);
}

static GFileInfo *
query_finish (GFile         *file,
              GAsyncResult  *result,
              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GFileInfo *info;

  info = g_file_query_info_finish (file, result, &local_error);
  if (info != NULL)
    return info;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_propagate_error (error, file_error (file, VODUP_ERROR_FILE_NOT_FOUND));
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_propagate_error (error, file_error (file, VODUP_ERROR_FILE_UNREADABLE));

  return NULL;
}

static void
cover_checked_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VodupUpload) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  GError *error = NULL;

  if (!(info = query_finish (G_FILE (object), result, &error)) ||
      (error = check_identity (G_FILE (object), info, FALSE)))
    {
      _vodup_upload_step_failed (self, error);
      return;
    }

  self->cover_size = (guint64) g_file_info_get_size (info);
  self->bytes_total += self->cover_size;
  g_object_notify (G_OBJECT (self), "bytes-total");
  _vodup_upload_advance (self);
}

static void
file_checked_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VodupUpload) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  GError *error = NULL;

  if (!(info = query_finish (self->file, result, &error)) ||
      (error = check_identity (self->file, info, TRUE)) ||
      !vodup_upload_options_validate (self->options, &error))
    {
      _vodup_upload_step_failed (self, error);
      return;
    }

  self->identity = g_steal_pointer (&info);
  self->bytes_total = (guint64) g_file_info_get_size (self->identity);
  g_object_notify (G_OBJECT (self), "bytes-total");

  if (self->options->cover == NULL)
    {
      _vodup_upload_advance (self);
      return;
    }

  g_file_query_info_async (self->options->cover, VODUP_IDENTITY_ATTRIBUTES, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, self->cancellable, cover_checked_cb,
                           g_object_ref (self));
}

static void
check_file (VodupUpload *self)
{
  g_file_query_info_async (self->file, VODUP_IDENTITY_ATTRIBUTES, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, self->cancellable, file_checked_cb,
                           g_object_ref (self));
}

static void
transfer_checkpoint_cb (gpointer user_data)
{
  _vodup_upload_checkpoint (user_data, TRUE);
}

void
_vodup_upload_create_transfers (VodupUpload *self)
{
  VodupApplyResult *apply = self->apply;
  g_autoptr(VodupCosTarget) media = NULL;
  guint64 size = (guint64) g_file_info_get_size (self->identity);
  guint64 part_size = vodup_upload_choose_part_size (size, self->part_size);

  media = vodup_cos_target_new (apply->storage_bucket, apply->storage_region,
                                apply->media_storage_path, apply->credentials,
                                apply->expired_time);
  self->media = vodup_transfer_new (self->cos, media, self->file, size, part_size,
                                    self->parts_in_flight);
  vodup_transfer_set_identity (self->media, self->identity);
  vodup_transfer_set_checkpoint (self->media, transfer_checkpoint_cb, self);

  if (self->options->cover != NULL)
    {
      g_autoptr(VodupCosTarget) cover = NULL;

      cover = vodup_cos_target_new (apply->storage_bucket, apply->storage_region,
                                    apply->cover_storage_path, apply->credentials,
                                    apply->expired_time);
      self->cover = vodup_transfer_new (self->cos, cover, self->options->cover, self->cover_size,
                                        vodup_upload_choose_part_size (self->cover_size,
                                                                       self->part_size),
                                        self->parts_in_flight);
      vodup_transfer_set_checkpoint (self->cover, transfer_checkpoint_cb, self);
    }
}

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VodupUpload) self = user_data;
  GError *error = NULL;

  self->apply = vodup_vod_client_apply_upload_finish (VODUP_VOD_CLIENT (object), result, &error);
  if (self->apply == NULL)
    {
      _vodup_upload_step_failed (self, error);
      return;
    }

  if (self->options->cover != NULL &&
      (self->apply->cover_storage_path == NULL || *self->apply->cover_storage_path == '\0'))
    {
      g_clear_pointer (&self->apply, vodup_apply_result_free);
      _vodup_upload_step_failed (self, g_error_new_literal (VODUP_ERROR, VODUP_ERROR_PROTOCOL,
                                                            _("VOD gave no place to store the cover.")));
      return;
    }

  _vodup_upload_create_transfers (self);
  _vodup_upload_keep_credentials (self);
  _vodup_upload_checkpoint (self, TRUE);
  _vodup_upload_notify_result (self);
  _vodup_upload_advance (self);
}

static void
apply (VodupUpload *self)
{
  g_autofree char *basename = g_file_get_basename (self->file);
  g_autofree char *media_type = vodup_media_type_for_name (basename);
  g_autofree char *media_name = NULL;
  g_autofree char *cover_type = NULL;

  media_name = self->options->media_name ? g_strdup (self->options->media_name)
                                         : vodup_media_name_for_name (basename);

  if (self->options->cover != NULL)
    {
      g_autofree char *cover_name = g_file_get_basename (self->options->cover);

      cover_type = vodup_media_type_for_name (cover_name);
    }

  vodup_vod_client_apply_upload_async (self->vod, self->options, media_type, media_name,
                                       cover_type, self->cancellable, applied_cb,
                                       g_object_ref (self));
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VodupUpload) self = user_data;
  GError *error = NULL;

  _vodup_upload_checkpoint (self, TRUE);
  if (!vodup_transfer_send_finish (VODUP_TRANSFER (object), result, &error))
    _vodup_upload_step_failed (self, error);
  else
    _vodup_upload_advance (self);
}

static void
completed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VodupUpload) self = user_data;
  GError *error = NULL;

  if (!vodup_transfer_complete_finish (VODUP_TRANSFER (object), result, &error))
    {
      _vodup_upload_step_failed (self, error);
      return;
    }

  _vodup_upload_checkpoint (self, TRUE);

  _vodup_upload_advance (self);
}

static void
rechecked_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VodupUpload) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  GError *error = NULL;

  if (!(info = query_finish (self->file, result, &error)))
    {
      _vodup_upload_step_failed (self, error);
      return;
    }

  /* Bytes of two versions of the file must never be committed as one. */
  if (!same_identity (self->identity, info))
    {
      _vodup_upload_step_failed (self, file_error (self->file, VODUP_ERROR_FILE_CHANGED));
      return;
    }

  /* Verified by COS against the bytes read: what the row shows. */
  self->rechecked = TRUE;
  g_free (self->crc64);
  self->crc64 = vodup_transfer_dup_crc64 (self->media);
  _vodup_upload_notify_result (self);
  _vodup_upload_advance (self);
}

static void
committed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VodupUpload) self = user_data;
  GError *error = NULL;

  self->commit = vodup_vod_client_commit_upload_finish (VODUP_VOD_CLIENT (object), result, &error);
  if (self->commit == NULL)
    _vodup_upload_step_failed (self, error);
  else
    _vodup_upload_advance (self);
}

static void
commit (VodupUpload *self)
{
  /* Not cancellable: a commit that may have reached VOD must not be cut
   * off and repeated blindly. */
  vodup_vod_client_commit_upload_async (self->vod, self->apply->vod_session_key,
                                        self->options->sub_app_id, NULL, committed_cb,
                                        g_object_ref (self));
}

static void
finish (VodupUpload *self)
{
  _vodup_upload_set_running (self, FALSE);
  _vodup_upload_set_bytes_sent (self, self->bytes_total);
  _vodup_upload_notify_result (self);
  _vodup_upload_set_state (self, VODUP_UPLOAD_STATE_DONE);
  _vodup_upload_drop_credentials (self);
}

/* Runs the next missing step; every step's callback comes back here, so
 * resuming after a pause is just calling this again. */
void
_vodup_upload_advance (VodupUpload *self)
{
  g_assert (VODUP_IS_UPLOAD (self));

  if (self->stop != STOP_NONE && self->state != VODUP_UPLOAD_STATE_COMMITTING)
    {
      _vodup_upload_step_failed (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, ""));
      return;
    }

  if (self->resume_record != NULL)
    {
      _vodup_upload_set_state (self, VODUP_UPLOAD_STATE_APPLYING);
      _vodup_upload_resume (self);
    }
  else if (self->identity == NULL)
    {
      _vodup_upload_set_state (self, VODUP_UPLOAD_STATE_APPLYING);
      check_file (self);
    }
  else if (self->apply == NULL)
    {
      _vodup_upload_set_state (self, VODUP_UPLOAD_STATE_APPLYING);
      apply (self);
    }
  else if (!vodup_transfer_is_sent (self->media) ||
           (self->cover && !vodup_transfer_is_sent (self->cover)))
    {
      VodupTransfer *next = vodup_transfer_is_sent (self->media) ? self->cover : self->media;

      _vodup_upload_set_state (self, VODUP_UPLOAD_STATE_UPLOADING);
      vodup_transfer_send_async (next, self->cancellable, sent_cb, g_object_ref (self));
    }
  else if (!vodup_transfer_is_complete (self->media) ||
           (self->cover && !vodup_transfer_is_complete (self->cover)))
    {
      VodupTransfer *next = vodup_transfer_is_complete (self->media) ? self->cover : self->media;

      _vodup_upload_set_state (self, VODUP_UPLOAD_STATE_VERIFYING);
      vodup_transfer_complete_async (next, self->cancellable, completed_cb, g_object_ref (self));
    }
  else if (!self->rechecked)
    {
      _vodup_upload_set_state (self, VODUP_UPLOAD_STATE_VERIFYING);
      g_file_query_info_async (self->file, VODUP_IDENTITY_ATTRIBUTES, G_FILE_QUERY_INFO_NONE,
                               G_PRIORITY_DEFAULT, self->cancellable, rechecked_cb,
                               g_object_ref (self));
    }
  else if (self->commit == NULL)
    {
      _vodup_upload_set_state (self, VODUP_UPLOAD_STATE_COMMITTING);
      commit (self);
    }
  else
    {
      finish (self);
    }
}

static void
aborted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VodupUpload) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Not fatal: what is left on COS expires with the temporary credential. */
  if (!vodup_transfer_abort_finish (VODUP_TRANSFER (object), result, &error))
    g_debug ("Could not abort a multipart upload: %s", error->message);

  _vodup_upload_abort_done (self);
}

static void
abort_transfer (VodupUpload   *self,
                VodupTransfer *transfer)
{
  if (transfer == NULL)
    return;

  _vodup_upload_abort_started (self);
  vodup_transfer_abort_async (transfer, aborted_cb, g_object_ref (self));
}

/* Forgets everything sent, aborting any multipart upload left on COS. */
void
_vodup_upload_reset_transfer (VodupUpload *self)
{
  abort_transfer (self, self->media);
  abort_transfer (self, self->cover);

  g_clear_object (&self->media);
  g_clear_object (&self->cover);
  g_clear_pointer (&self->resume_record, json_object_unref);
  g_clear_pointer (&self->apply, vodup_apply_result_free);
  g_clear_object (&self->identity);
  g_clear_pointer (&self->crc64, g_free);
  self->rechecked = FALSE;
  self->cover_size = 0;
}

#define MAX_RESTARTS 3

/* The temporary credential ran out with bytes still to send: there is no
 * way to renew it for the same storage path (tencent-vod-api.md §4.5), so
 * the file starts over with a new ApplyUpload. */
static gboolean
restart_after_expiry (VodupUpload  *self,
                      const GError *error)
{
  if (!g_error_matches (error, VODUP_ERROR, VODUP_ERROR_CREDENTIALS_EXPIRED) ||
      self->apply == NULL || self->stop != STOP_NONE || self->restarts >= MAX_RESTARTS)
    return FALSE;

  self->restarts++;
  _vodup_upload_reset_transfer (self);
  _vodup_upload_set_bytes_sent (self, 0);
  _vodup_upload_set_notice (self, _("The temporary upload credential from VOD expired, "
                                    "so this file is being uploaded again from the start."));
  _vodup_upload_advance (self);

  return TRUE;
}

/* Which failures keep the multipart upload on COS for a retry, and
 * which abort it at once:
 * - kept: a retry can resume with the same UploadId and credential —
 *   network, server, throttling, a paused upload, clock skew, the
 *   account's key or keyring, protocol surprises and anything unknown;
 * - aborted: what was sent cannot be used again — the file changed, is
 *   gone or unreadable, the CRC-64 disagreed, the temporary credential
 *   expired (a retry starts over with a new ApplyUpload), or VOD refused
 *   the options (unknown procedure, region, class, sub-application,
 *   parameter), which a retry repeats. Keeping those would leave the
 *   parts on COS until the row is removed or retried. */
gboolean
_vodup_upload_error_is_final (const GError *error)
{
  static const VodupError final_codes[] = {
    VODUP_ERROR_FILE_NOT_FOUND, VODUP_ERROR_FILE_UNREADABLE, VODUP_ERROR_FILE_IS_DIRECTORY,
    VODUP_ERROR_FILE_EMPTY, VODUP_ERROR_FILE_TOO_LARGE, VODUP_ERROR_FILE_CHANGED,
    VODUP_ERROR_CHECKSUM_MISMATCH, VODUP_ERROR_CREDENTIALS_EXPIRED,
    VODUP_ERROR_UNKNOWN_PROCEDURE, VODUP_ERROR_REGION_NOT_ENABLED, VODUP_ERROR_UNKNOWN_CLASS,
    VODUP_ERROR_SUB_APP_ID, VODUP_ERROR_INVALID_PARAMETER,
  };

  if (error == NULL || error->domain != VODUP_ERROR)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (final_codes); i++)
    if (error->code == (int) final_codes[i])
      return TRUE;

  return FALSE;
}

void
_vodup_upload_step_failed (VodupUpload *self,
                           GError      *error)
{
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert (VODUP_IS_UPLOAD (self));
  g_assert (error != NULL);

  if (restart_after_expiry (self, error))
    {
      g_error_free (error);
      return;
    }

  /* Start the aborts first: the upload counts as running until they are
   * done, so nobody sees it settle before COS has been told. */
  if (cancelled && self->stop == STOP_CANCEL)
    {
      _vodup_upload_reset_transfer (self);
      _vodup_upload_forget_record (self);
    }
  else if (_vodup_upload_error_is_final (error) && self->apply != NULL)
    {
      _vodup_upload_reset_transfer (self);
      _vodup_upload_drop_credentials (self);
    }

  _vodup_upload_set_running (self, FALSE);

  if (!cancelled)
    _vodup_upload_set_failed (self, error);
  else if (self->stop == STOP_CANCEL)
    _vodup_upload_set_state (self, VODUP_UPLOAD_STATE_CANCELLED);
  else
    _vodup_upload_set_state (self, VODUP_UPLOAD_STATE_PAUSED);

  if (cancelled)
    g_error_free (error);
}
