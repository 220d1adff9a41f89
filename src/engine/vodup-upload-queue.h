/* vodup-upload-queue.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-credential-vault.h"
#include "vodup-upload.h"

G_BEGIN_DECLS

#define VODUP_TYPE_UPLOAD_QUEUE (vodup_upload_queue_get_type ())

G_DECLARE_FINAL_TYPE (VodupUploadQueue, vodup_upload_queue, VODUP, UPLOAD_QUEUE, GObject)

/* A GListModel of VodupUpload that starts at most files-in-flight of them
 * at once. Emits ::upload-finished (done, failed or cancelled) and
 * ::idle when nothing is left to do. */
VodupUploadQueue *vodup_upload_queue_new                 (VodupVodClient           *vod,
                                                          VodupCosClient           *cos);
VodupUpload      *vodup_upload_queue_add_file            (VodupUploadQueue         *self,
                                                          GFile                    *file,
                                                          const VodupUploadOptions *options);
/* Many files with one ::items-changed (a folder of thousands). Returns
 * the new uploads, in order (transfer container). */
GPtrArray        *vodup_upload_queue_add_files           (VodupUploadQueue         *self,
                                                          GFile                   **files,
                                                          guint                     n_files,
                                                          const VodupUploadOptions *options);
void              vodup_upload_queue_remove              (VodupUploadQueue         *self,
                                                          VodupUpload              *upload);
void              vodup_upload_queue_clear_finished      (VodupUploadQueue         *self);
void              vodup_upload_queue_pause_all           (VodupUploadQueue         *self);
void              vodup_upload_queue_resume_all          (VodupUploadQueue         *self);
void              vodup_upload_queue_cancel_all          (VodupUploadQueue         *self);
/* The upload of this file not yet done, failed or cancelled, or NULL. */
VodupUpload      *vodup_upload_queue_find_unfinished     (VodupUploadQueue         *self,
                                                          GFile                    *file);
/* Uploads not yet done, failed or cancelled. */
guint             vodup_upload_queue_get_n_active        (VodupUploadQueue         *self);
/* Something runs, or waits for a free slot or for clients. */
gboolean          vodup_upload_queue_is_busy             (VodupUploadQueue         *self);
void              vodup_upload_queue_set_files_in_flight (VodupUploadQueue         *self,
                                                          guint                     n);
void              vodup_upload_queue_set_parts_in_flight (VodupUploadQueue         *self,
                                                          guint                     n);
void              vodup_upload_queue_set_part_size       (VodupUploadQueue         *self,
                                                          guint64                   part_size);
/* The journal (crash-safe resume). With a vault, every upload of this
 * queue is recorded in $XDG_STATE_HOME/vodup/uploads/ (atomic writes):
 * file identity, options, the ApplyUpload answer, UploadId and finished
 * parts; the temporary credential's secret part goes to the vault only.
 * add_file then resumes an unfinished recorded upload of the same file
 * (same identity and options) instead of starting a new one. */
void              vodup_upload_queue_set_journal         (VodupUploadQueue         *self,
                                                          VodupCredentialVault     *vault);
/* Puts every recorded upload back, in order: finished ones as they
 * finished, unfinished ones resuming (or paused, if paused is TRUE). */
void              vodup_upload_queue_restore             (VodupUploadQueue         *self,
                                                          gboolean                  paused);
/* The same, with the records read in a thread; the uploads are back when
 * _finish() returns. A file added meanwhile still resumes its record. */
void              vodup_upload_queue_restore_async       (VodupUploadQueue         *self,
                                                          gboolean                  paused,
                                                          GCancellable             *cancellable,
                                                          GAsyncReadyCallback       callback,
                                                          gpointer                  user_data);
gboolean          vodup_upload_queue_restore_finish      (VodupUploadQueue         *self,
                                                          GAsyncResult             *result,
                                                          GError                  **error);
/* Drops any recorded upload of this file and options, aborting its
 * multipart upload on COS when it can (vodup-cli --restart). */
void              vodup_upload_queue_forget_file_async   (VodupUploadQueue         *self,
                                                          GFile                    *file,
                                                          const VodupUploadOptions *options,
                                                          GCancellable             *cancellable,
                                                          GAsyncReadyCallback       callback,
                                                          gpointer                  user_data);
gboolean          vodup_upload_queue_forget_file_finish  (VodupUploadQueue         *self,
                                                          GAsyncResult             *result,
                                                          GError                  **error);

/* For quitting: stops every transfer without aborting its multipart
 * upload and without recording a pause, so the journal keeps each upload
 * as it was and the next start resumes it. Commits under way finish
 * first. Afterwards the queue starts nothing more. Completes once nothing
 * runs. */
void              vodup_upload_queue_shutdown_async      (VodupUploadQueue         *self,
                                                          GCancellable             *cancellable,
                                                          GAsyncReadyCallback       callback,
                                                          gpointer                  user_data);
gboolean          vodup_upload_queue_shutdown_finish     (VodupUploadQueue         *self,
                                                          GAsyncResult             *result,
                                                          GError                  **error);

/* Holds uploads queued while no clients exist (no keys yet). */
void              vodup_upload_queue_set_clients         (VodupUploadQueue         *self,
                                                          VodupVodClient           *vod,
                                                          VodupCosClient           *cos);

G_END_DECLS
