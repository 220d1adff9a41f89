/* vodup-upload-private.h: the VodupUpload struct and helpers shared by the vodup-upload-*.c files
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "vodup-credential-vault.h"
#include "vodup-journal.h"
#include "vodup-transfer.h"
#include "vodup-upload.h"

G_BEGIN_DECLS

/* 20 ticks of 250 ms: a five-second moving average */
#define SPEED_SAMPLES 20

#define VODUP_IDENTITY_ATTRIBUTES \
  G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE "," \
  G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC "," \
  G_FILE_ATTRIBUTE_UNIX_INODE "," G_FILE_ATTRIBUTE_ACCESS_CAN_READ

typedef enum
{
  STOP_NONE,
  STOP_PAUSE,
  STOP_CANCEL,
} StopReason;

typedef struct
{
  gint64  time;
  guint64 bytes;
} SpeedSample;

struct _VodupUpload
{
  GObject             parent_instance;

  char               *id;            /* names its journal record */
  gint64              created;
  GFile              *file;
  VodupUploadOptions *options;
  char               *display_name;
  VodupUploadState    state;
  GError             *error;
  guint               parts_in_flight;
  guint64             part_size;
  guint               task_poll_ms;

  /* Pipeline, main thread only. */
  VodupVodClient     *vod;
  VodupCosClient     *cos;
  GCancellable       *cancellable;
  StopReason          stop;
  gboolean            running;
  guint               aborting;      /* multipart aborts still in flight */
  GFileInfo          *identity;
  guint64             cover_size;
  gboolean            rechecked;
  guint               restarts;      /* fresh ApplyUploads after expiry */
  char               *notice;
  VodupApplyResult   *apply;
  VodupTransfer      *media;
  VodupTransfer      *cover;
  VodupCommitResult  *commit;
  char               *crc64;

  /* Journal (crash-safe resume). */
  VodupCredentialVault *vault;
  JsonObject         *resume_record;  /* to be resumed at the next start */
  gint64              last_checkpoint;
  guint               checkpointed_parts;
  char               *checkpointed_upload_id;
  gboolean            forgotten;
  gboolean            journal_failed;  /* the last write failed (disk full) */
  VodupJournalLock   *lock;            /* held while running */
  VodupJournalLock   *task_lock;       /* the same, for file and options */
  gboolean            busy_elsewhere;  /* another process holds the record */
  guint               unlock_id;

  /* Progress as published. */
  guint64             bytes_sent;
  guint64             bytes_total;
  double              speed;
  gint64              time_left;
  SpeedSample         samples[SPEED_SAMPLES];
  guint               n_samples;
  guint               publish_id;

  /* Procedure task. */
  char               *task_id;
  VodupTaskStatus    *task_status;
  GCancellable       *task_cancellable;
  guint               task_source;
  guint               task_lookups;
};

void _vodup_upload_set_state       (VodupUpload      *self,
                                    VodupUploadState  state);
void _vodup_upload_set_failed      (VodupUpload      *self,
                                    GError           *error);
void _vodup_upload_clear_error     (VodupUpload      *self);
void _vodup_upload_publish         (VodupUpload      *self);
void _vodup_upload_set_bytes_sent  (VodupUpload      *self,
                                    guint64           bytes_sent);
void _vodup_upload_notify_result   (VodupUpload      *self);
void _vodup_upload_set_running     (VodupUpload      *self,
                                    gboolean          running);
void _vodup_upload_abort_started   (VodupUpload      *self);
void _vodup_upload_abort_done      (VodupUpload      *self);
void _vodup_upload_notify_task     (VodupUpload      *self);
void _vodup_upload_set_notice      (VodupUpload      *self,
                                    const char       *notice);

void _vodup_upload_advance         (VodupUpload      *self);
void _vodup_upload_create_transfers (VodupUpload     *self);

void         _vodup_upload_checkpoint         (VodupUpload              *self,
                                               gboolean                  force);
void         _vodup_upload_keep_credentials   (VodupUpload              *self);
void         _vodup_upload_drop_credentials   (VodupUpload              *self);
void         _vodup_upload_forget_record      (VodupUpload              *self);
gboolean     _vodup_upload_take_lock          (VodupUpload              *self,
                                               GError                  **error);
void         _vodup_upload_release_lock       (VodupUpload              *self,
                                               gboolean                  later);
void         _vodup_upload_set_vault          (VodupUpload              *self,
                                               VodupCredentialVault     *vault);
void         _vodup_upload_attach_vault       (VodupUpload              *self,
                                               VodupCredentialVault     *vault);
gboolean     _vodup_upload_identity_matches   (JsonObject               *identity,
                                               GFileInfo                *info);
gboolean     _vodup_upload_record_matches     (JsonObject               *record,
                                               GFile                    *file,
                                               const VodupUploadOptions *options);
VodupUpload *_vodup_upload_new_from_record    (JsonObject               *record);
void         _vodup_upload_resume             (VodupUpload              *self);
void         _vodup_upload_abandon            (VodupUpload              *self,
                                               VodupCosClient           *cos,
                                               GTask                    *task);
void _vodup_upload_step_failed     (VodupUpload      *self,
                                    GError           *error);
void _vodup_upload_reset_transfer  (VodupUpload      *self);
gboolean _vodup_upload_error_is_final (const GError   *error);

G_END_DECLS
