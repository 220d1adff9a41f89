/* vodup-upload.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-cos-client.h"
#include "vodup-credential-vault.h"
#include "vodup-upload-options.h"
#include "vodup-vod-client.h"

G_BEGIN_DECLS

#define VODUP_TYPE_UPLOAD (vodup_upload_get_type ())

G_DECLARE_FINAL_TYPE (VodupUpload, vodup_upload, VODUP, UPLOAD, GObject)

/* One file through design.md's pipeline. Properties change, and notify,
 * on the main context that created the upload only; progress at most
 * about four times a second. */
VodupUpload        *vodup_upload_new                 (GFile                    *file,
                                                      const VodupUploadOptions *options);

/* Names the upload's journal record. */
const char         *vodup_upload_get_id              (VodupUpload *self);
GFile              *vodup_upload_get_file            (VodupUpload *self);
const VodupUploadOptions *
                    vodup_upload_get_options         (VodupUpload *self);
const char         *vodup_upload_get_display_name    (VodupUpload *self);
VodupUploadState    vodup_upload_get_state           (VodupUpload *self);
gboolean            vodup_upload_is_finished         (VodupUpload *self);
gboolean            vodup_upload_is_running          (VodupUpload *self);
guint64             vodup_upload_get_bytes_sent      (VodupUpload *self);
guint64             vodup_upload_get_bytes_total     (VodupUpload *self);
double              vodup_upload_get_fraction        (VodupUpload *self);
double              vodup_upload_get_speed           (VodupUpload *self);
gint64              vodup_upload_get_time_left       (VodupUpload *self);
const GError       *vodup_upload_get_error           (VodupUpload *self);
/* Something worth telling that is not a failure (an automatic restart). */
const char         *vodup_upload_get_notice          (VodupUpload *self);
const char         *vodup_upload_get_file_id         (VodupUpload *self);
const char         *vodup_upload_get_media_url       (VodupUpload *self);
const char         *vodup_upload_get_cover_url       (VodupUpload *self);
const char         *vodup_upload_get_crc64           (VodupUpload *self);
const char         *vodup_upload_get_apply_request_id  (VodupUpload *self);
const char         *vodup_upload_get_commit_request_id (VodupUpload *self);
const char         *vodup_upload_get_procedure_task_id (VodupUpload *self);
const VodupTaskStatus *
                    vodup_upload_get_task_status     (VodupUpload *self);
/* JSON text of the NewFileUpload event the app backend will receive. */
char               *vodup_upload_dup_event_json      (VodupUpload *self);

/* Transfer tuning; takes effect at the next start. */
void                vodup_upload_set_parts_in_flight (VodupUpload *self,
                                                      guint        parts_in_flight);
void                vodup_upload_set_part_size       (VodupUpload *self,
                                                      guint64      part_size);

void                vodup_upload_set_task_poll_interval (VodupUpload *self,
                                                         guint        milliseconds);

/* Runs the pipeline with these clients; the queue calls this. */
void                vodup_upload_start               (VodupUpload    *self,
                                                      VodupVodClient *vod,
                                                      VodupCosClient *cos);
void                vodup_upload_pause               (VodupUpload *self);
void                vodup_upload_resume              (VodupUpload *self);
void                vodup_upload_cancel              (VodupUpload *self);
void                vodup_upload_retry               (VodupUpload *self);
/* Polls DescribeTaskDetail until the Procedure task ends (only when a
 * Procedure was chosen and the upload is done). */
void                vodup_upload_follow_task         (VodupUpload *self);

/* TRUE when another process (Vodup window or vodup-cli) is uploading
 * this file with these options from its journal record right now. */
gboolean            vodup_upload_is_busy_elsewhere   (GFile                    *file,
                                                      const VodupUploadOptions *options);

/* Goes through the journal and forgets every record that can no longer be
 * resumed: its file is gone or changed, its temporary credential expired,
 * or the vault lost that credential. A multipart upload such a record left
 * on COS is aborted first while its credential is still valid; otherwise a
 * g_message() says so (the credential is scoped to that upload: nothing
 * else can abort it). Finished records, records another process holds and
 * those named in skip_ids (may be NULL) are left alone. Finishes with how
 * many records were forgotten. */
void                vodup_upload_cleanup_abandoned_async  (VodupCredentialVault *vault,
                                                           VodupCosClient       *cos,
                                                           const char * const   *skip_ids,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gssize              vodup_upload_cleanup_abandoned_finish (GAsyncResult         *result,
                                                           GError              **error);

/* Part size: starts at base and doubles until the file fits in 10 000 parts. */
guint64             vodup_upload_choose_part_size    (guint64      file_size,
                                                      guint64      base);

G_END_DECLS
