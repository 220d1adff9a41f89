/* vodup-upload-task.c: following an upload's Procedure task
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-error.h"
#include "vodup-upload-private.h"

/* The task may not be listed right after CommitUpload
 * (tencent-vod-api.md §7.2), so DescribeTasks is asked a few times. */
#define MAX_TASK_LOOKUPS 12

static void poll_task (VodupUpload *self);

static gboolean
poll_task_cb (gpointer user_data)
{
  VodupUpload *self = user_data;

  self->task_source = 0;
  poll_task (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_poll (VodupUpload *self)
{
  g_clear_handle_id (&self->task_source, g_source_remove);
  self->task_source = g_timeout_add (self->task_poll_ms, poll_task_cb, self);
}

static void
described_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VodupUpload) self = user_data;
  g_autoptr(GError) error = NULL;
  VodupTaskStatus *status;

  status = vodup_vod_client_describe_task_finish (VODUP_VOD_CLIENT (object), result, &error);
  if (status == NULL)
    {
      if (vodup_error_is_transient (error))
        schedule_poll (self);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Stopped following task %s: %s", self->task_id, error->message);
      return;
    }

  g_clear_pointer (&self->task_status, vodup_task_status_free);
  self->task_status = status;
  _vodup_upload_notify_task (self);

  if (!status->finished)
    schedule_poll (self);
}

static void
found_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VodupUpload) self = user_data;
  g_autoptr(GError) error = NULL;

  self->task_id = vodup_vod_client_find_procedure_task_finish (VODUP_VOD_CLIENT (object),
                                                               result, &error);
  if (self->task_id != NULL)
    {
      _vodup_upload_notify_task (self);
      poll_task (self);
    }
  else if (error == NULL || vodup_error_is_transient (error))
    {
      if (++self->task_lookups < MAX_TASK_LOOKUPS)
        schedule_poll (self);
    }
}

static void
poll_task (VodupUpload *self)
{
  const char *file_id = vodup_upload_get_file_id (self);
  guint64 sub_app_id = self->options->sub_app_id;

  if (self->task_id == NULL)
    vodup_vod_client_find_procedure_task_async (self->vod, file_id, sub_app_id,
                                                self->task_cancellable, found_cb,
                                                g_object_ref (self));
  else
    vodup_vod_client_describe_task_async (self->vod, self->task_id, sub_app_id,
                                          self->task_cancellable, described_cb,
                                          g_object_ref (self));
}

void
vodup_upload_follow_task (VodupUpload *self)
{
  g_return_if_fail (VODUP_IS_UPLOAD (self));

  if (self->state != VODUP_UPLOAD_STATE_DONE || self->task_cancellable != NULL ||
      self->options->procedure == NULL || *self->options->procedure == '\0')
    return;

  self->task_cancellable = g_cancellable_new ();
  poll_task (self);
}
