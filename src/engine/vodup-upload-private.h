/* vodup-upload-private.h: shared by vodup-upload.c and vodup-upload-pipeline.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-transfer.h"
#include "vodup-upload.h"

G_BEGIN_DECLS

#define SPEED_SAMPLES 20   /* 20 ticks of 250 ms: a five-second moving average */

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
void _vodup_upload_step_failed     (VodupUpload      *self,
                                    GError           *error);
void _vodup_upload_reset_transfer  (VodupUpload      *self);

G_END_DECLS
