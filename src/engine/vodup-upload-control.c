/* vodup-upload-control.c: starting, pausing, resuming, cancelling, retrying
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-upload-private.h"

/* Part size: starts at base and doubles until the file fits in 10 000 parts. */
guint64
vodup_upload_choose_part_size (guint64 file_size,
                               guint64 base)
{
  guint64 part_size = MAX (base, VODUP_COS_MIN_PART_SIZE);

  while (part_size < VODUP_COS_MAX_PART_SIZE &&
         (file_size + part_size - 1) / part_size > VODUP_COS_MAX_PARTS)
    part_size *= 2;

  return MIN (part_size, VODUP_COS_MAX_PART_SIZE);
}

void
vodup_upload_set_parts_in_flight (VodupUpload *self,
                                  guint        parts_in_flight)
{
  g_return_if_fail (VODUP_IS_UPLOAD (self));

  self->parts_in_flight = CLAMP (parts_in_flight, 1, 16);
}

void
vodup_upload_set_part_size (VodupUpload *self,
                            guint64      part_size)
{
  g_return_if_fail (VODUP_IS_UPLOAD (self));

  self->part_size = CLAMP (part_size, VODUP_COS_MIN_PART_SIZE, VODUP_COS_MAX_PART_SIZE);
}

void
vodup_upload_set_task_poll_interval (VodupUpload *self,
                                     guint        milliseconds)
{
  g_return_if_fail (VODUP_IS_UPLOAD (self));

  self->task_poll_ms = MAX (milliseconds, 1);
}

void
vodup_upload_start (VodupUpload    *self,
                    VodupVodClient *vod,
                    VodupCosClient *cos)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VODUP_IS_UPLOAD (self));
  g_return_if_fail (VODUP_IS_VOD_CLIENT (vod));
  g_return_if_fail (VODUP_IS_COS_CLIENT (cos));
  g_return_if_fail (!vodup_upload_is_running (self));
  g_return_if_fail (!vodup_upload_is_finished (self));

  g_set_object (&self->vod, vod);
  g_set_object (&self->cos, cos);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->stop = STOP_NONE;
  _vodup_upload_set_running (self, TRUE);

  if (!_vodup_upload_take_lock (self, &error))
    {
      _vodup_upload_step_failed (self, g_steal_pointer (&error));
      return;
    }

  _vodup_upload_advance (self);
}

void
vodup_upload_pause (VodupUpload *self)
{
  g_return_if_fail (VODUP_IS_UPLOAD (self));

  if (self->state == VODUP_UPLOAD_STATE_QUEUED)
    _vodup_upload_set_state (self, VODUP_UPLOAD_STATE_PAUSED);
  else if (self->running && self->state != VODUP_UPLOAD_STATE_COMMITTING)
    {
      self->stop = STOP_PAUSE;
      g_cancellable_cancel (self->cancellable);
    }
}

void
vodup_upload_resume (VodupUpload *self)
{
  g_return_if_fail (VODUP_IS_UPLOAD (self));

  if (self->state == VODUP_UPLOAD_STATE_PAUSED)
    _vodup_upload_set_state (self, VODUP_UPLOAD_STATE_QUEUED);
}

void
vodup_upload_cancel (VodupUpload *self)
{
  g_return_if_fail (VODUP_IS_UPLOAD (self));

  if (vodup_upload_is_finished (self) || self->state == VODUP_UPLOAD_STATE_COMMITTING)
    return;

  if (self->running)
    {
      self->stop = STOP_CANCEL;
      g_cancellable_cancel (self->cancellable);
      return;
    }

  _vodup_upload_reset_transfer (self);
  _vodup_upload_forget_record (self);
  _vodup_upload_set_state (self, VODUP_UPLOAD_STATE_CANCELLED);
}

void
vodup_upload_retry (VodupUpload *self)
{
  g_return_if_fail (VODUP_IS_UPLOAD (self));

  if (self->state != VODUP_UPLOAD_STATE_FAILED && self->state != VODUP_UPLOAD_STATE_CANCELLED)
    return;

  if (self->state == VODUP_UPLOAD_STATE_CANCELLED || _vodup_upload_error_is_final (self->error))
    {
      _vodup_upload_reset_transfer (self);
      self->bytes_total = 0;
      _vodup_upload_set_bytes_sent (self, 0);
    }

  _vodup_upload_clear_error (self);
  self->forgotten = FALSE;
  _vodup_upload_set_state (self, VODUP_UPLOAD_STATE_QUEUED);
}
