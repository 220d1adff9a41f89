/* vodup-types.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _VodupChoice             VodupChoice;
typedef struct _VodupCosClient          VodupCosClient;
typedef struct _VodupCredentials        VodupCredentials;
typedef struct _VodupUpload             VodupUpload;
typedef struct _VodupUploadOptions      VodupUploadOptions;
typedef struct _VodupUploadQueue        VodupUploadQueue;
typedef struct _VodupVodClient          VodupVodClient;

/* COS objects are at most 10 000 parts of 5 GiB (tencent-vod-api.md §4.4). */
#define VODUP_COS_MAX_PARTS        10000
#define VODUP_COS_MAX_PART_SIZE    (G_GUINT64_CONSTANT (5) * 1024 * 1024 * 1024)
#define VODUP_COS_MIN_PART_SIZE    (G_GUINT64_CONSTANT (1) * 1024 * 1024)
#define VODUP_COS_MAX_OBJECT_SIZE  (VODUP_COS_MAX_PART_SIZE * VODUP_COS_MAX_PARTS)

/* Below this a file goes up in one PUT; at or above, multipart. */
#define VODUP_MULTIPART_THRESHOLD  (G_GUINT64_CONSTANT (8) * 1024 * 1024)
#define VODUP_DEFAULT_PART_SIZE    (G_GUINT64_CONSTANT (8) * 1024 * 1024)

typedef enum
{
  VODUP_UPLOAD_STATE_QUEUED,
  VODUP_UPLOAD_STATE_APPLYING,
  VODUP_UPLOAD_STATE_UPLOADING,
  VODUP_UPLOAD_STATE_VERIFYING,
  VODUP_UPLOAD_STATE_COMMITTING,
  VODUP_UPLOAD_STATE_DONE,
  VODUP_UPLOAD_STATE_PAUSED,
  VODUP_UPLOAD_STATE_FAILED,
  VODUP_UPLOAD_STATE_CANCELLED,
} VodupUploadState;

typedef enum
{
  VODUP_CHOICE_KIND_PROCEDURE,
  VODUP_CHOICE_KIND_REGION,
  VODUP_CHOICE_KIND_CLASS,
  VODUP_CHOICE_KIND_SUB_APP,
} VodupChoiceKind;

G_END_DECLS
