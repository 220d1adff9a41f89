/* vodup-vod-results.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-vod-results.h"

G_DEFINE_BOXED_TYPE (VodupApplyResult, vodup_apply_result,
                     vodup_apply_result_copy, vodup_apply_result_free)
G_DEFINE_BOXED_TYPE (VodupCommitResult, vodup_commit_result,
                     vodup_commit_result_copy, vodup_commit_result_free)
G_DEFINE_BOXED_TYPE (VodupTaskStatus, vodup_task_status,
                     vodup_task_status_copy, vodup_task_status_free)

VodupApplyResult *
vodup_apply_result_copy (const VodupApplyResult *self)
{
  VodupApplyResult *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (VodupApplyResult, 1);
  copy->storage_bucket = g_strdup (self->storage_bucket);
  copy->storage_region = g_strdup (self->storage_region);
  copy->vod_session_key = g_strdup (self->vod_session_key);
  copy->media_storage_path = g_strdup (self->media_storage_path);
  copy->cover_storage_path = g_strdup (self->cover_storage_path);
  copy->request_id = g_strdup (self->request_id);
  copy->credentials = self->credentials ? vodup_credentials_ref (self->credentials) : NULL;
  copy->expired_time = self->expired_time;

  return copy;
}

void
vodup_apply_result_free (VodupApplyResult *self)
{
  if (self == NULL)
    return;

  g_free (self->storage_bucket);
  g_free (self->storage_region);
  g_free (self->vod_session_key);
  g_free (self->media_storage_path);
  g_free (self->cover_storage_path);
  g_free (self->request_id);
  g_clear_pointer (&self->credentials, vodup_credentials_unref);
  g_free (self);
}

VodupCommitResult *
vodup_commit_result_copy (const VodupCommitResult *self)
{
  VodupCommitResult *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (VodupCommitResult, 1);
  copy->file_id = g_strdup (self->file_id);
  copy->media_url = g_strdup (self->media_url);
  copy->cover_url = g_strdup (self->cover_url);
  copy->request_id = g_strdup (self->request_id);

  return copy;
}

void
vodup_commit_result_free (VodupCommitResult *self)
{
  if (self == NULL)
    return;

  g_free (self->file_id);
  g_free (self->media_url);
  g_free (self->cover_url);
  g_free (self->request_id);
  g_free (self);
}

VodupTaskStatus *
vodup_task_status_copy (const VodupTaskStatus *self)
{
  VodupTaskStatus *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (VodupTaskStatus, 1);
  copy->task_id = g_strdup (self->task_id);
  copy->status = g_strdup (self->status);
  copy->progress = self->progress;
  copy->finished = self->finished;
  copy->failed = self->failed;
  copy->message = g_strdup (self->message);

  return copy;
}

void
vodup_task_status_free (VodupTaskStatus *self)
{
  if (self == NULL)
    return;

  g_free (self->task_id);
  g_free (self->status);
  g_free (self->message);
  g_free (self);
}
