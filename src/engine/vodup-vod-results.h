/* vodup-vod-results.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-credentials.h"

G_BEGIN_DECLS

#define VODUP_TYPE_APPLY_RESULT  (vodup_apply_result_get_type ())
#define VODUP_TYPE_COMMIT_RESULT (vodup_commit_result_get_type ())
#define VODUP_TYPE_TASK_STATUS   (vodup_task_status_get_type ())

/* ApplyUpload's answer (tencent-vod-api.md §3.2). credentials is the
 * TempCertificate, or the caller's own keys without token when the
 * response had none. */
typedef struct
{
  char             *storage_bucket;
  char             *storage_region;
  char             *vod_session_key;
  char             *media_storage_path;
  char             *cover_storage_path;
  char             *request_id;
  VodupCredentials *credentials;
  gint64            expired_time;   /* TempCertificate.ExpiredTime; 0 if none */
} VodupApplyResult;

typedef struct
{
  char *file_id;
  char *media_url;
  char *cover_url;
  char *request_id;
} VodupCommitResult;

/* DescribeTaskDetail, reduced to what a row shows. */
typedef struct
{
  char     *task_id;
  char     *status;        /* WAITING | PROCESSING | FINISH | ABORTED */
  int       progress;      /* 0–100, mean of the sub-tasks */
  gboolean  finished;
  gboolean  failed;        /* some sub-task failed */
  char     *message;       /* first failure's message, or NULL */
} VodupTaskStatus;

GType              vodup_apply_result_get_type  (void) G_GNUC_CONST;
VodupApplyResult  *vodup_apply_result_copy      (const VodupApplyResult  *self);
void               vodup_apply_result_free      (VodupApplyResult        *self);

GType              vodup_commit_result_get_type (void) G_GNUC_CONST;
VodupCommitResult *vodup_commit_result_copy     (const VodupCommitResult *self);
void               vodup_commit_result_free     (VodupCommitResult       *self);

GType              vodup_task_status_get_type   (void) G_GNUC_CONST;
VodupTaskStatus   *vodup_task_status_copy       (const VodupTaskStatus   *self);
void               vodup_task_status_free       (VodupTaskStatus         *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VodupApplyResult, vodup_apply_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VodupCommitResult, vodup_commit_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VodupTaskStatus, vodup_task_status_free)

G_END_DECLS
