/* vodup-upload.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-enums.h"
#include "vodup-error.h"
#include "vodup-network-notice.h"
#include "vodup-upload-private.h"

#define PUBLISH_INTERVAL_MS   250
#define DEFAULT_TASK_POLL_MS  5000

G_DEFINE_FINAL_TYPE (VodupUpload, vodup_upload, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_DISPLAY_NAME,
  PROP_STATE,
  PROP_RUNNING,
  PROP_BYTES_SENT,
  PROP_BYTES_TOTAL,
  PROP_FRACTION,
  PROP_SPEED,
  PROP_TIME_LEFT,
  PROP_ERROR_MESSAGE,
  PROP_NOTICE,
  PROP_FILE_ID,
  PROP_MEDIA_URL,
  PROP_CRC64,
  PROP_PROCEDURE_TASK_ID,
  PROP_TASK_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vodup_upload_dispose (GObject *object)
{
  VodupUpload *self = VODUP_UPLOAD (object);

  g_clear_handle_id (&self->publish_id, g_source_remove);
  g_clear_handle_id (&self->task_source, g_source_remove);
  g_cancellable_cancel (self->task_cancellable);

  G_OBJECT_CLASS (vodup_upload_parent_class)->dispose (object);
}

static void
vodup_upload_finalize (GObject *object)
{
  VodupUpload *self = VODUP_UPLOAD (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->lock, vodup_journal_unlock);
  g_clear_pointer (&self->task_lock, vodup_journal_unlock_and_delete);
  g_clear_object (&self->vault);
  g_clear_pointer (&self->resume_record, json_object_unref);
  g_clear_pointer (&self->checkpointed_upload_id, g_free);
  g_clear_object (&self->file);
  g_clear_pointer (&self->options, vodup_upload_options_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_error (&self->error);
  g_clear_object (&self->vod);
  g_clear_object (&self->cos);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->identity);
  g_clear_pointer (&self->apply, vodup_apply_result_free);
  g_clear_object (&self->media);
  g_clear_object (&self->cover);
  g_clear_pointer (&self->commit, vodup_commit_result_free);
  g_clear_pointer (&self->crc64, g_free);
  g_clear_pointer (&self->notice, g_free);
  g_clear_pointer (&self->task_id, g_free);
  g_clear_pointer (&self->task_status, vodup_task_status_free);
  g_clear_object (&self->task_cancellable);

  G_OBJECT_CLASS (vodup_upload_parent_class)->finalize (object);
}

static void
vodup_upload_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VodupUpload *self = VODUP_UPLOAD (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, vodup_upload_is_running (self));
      break;
    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->bytes_sent);
      break;
    case PROP_BYTES_TOTAL:
      g_value_set_uint64 (value, self->bytes_total);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, vodup_upload_get_fraction (self));
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    case PROP_TIME_LEFT:
      g_value_set_int64 (value, self->time_left);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error ? self->error->message : NULL);
      break;
    case PROP_NOTICE:
      g_value_set_string (value, self->notice);
      break;
    case PROP_FILE_ID:
      g_value_set_string (value, vodup_upload_get_file_id (self));
      break;
    case PROP_MEDIA_URL:
      g_value_set_string (value, vodup_upload_get_media_url (self));
      break;
    case PROP_CRC64:
      g_value_set_string (value, self->crc64);
      break;
    case PROP_PROCEDURE_TASK_ID:
      g_value_set_string (value, self->task_id);
      break;
    case PROP_TASK_PROGRESS:
      g_value_set_int (value, self->task_status ? self->task_status->progress : -1);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vodup_upload_class_init (VodupUploadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = vodup_upload_dispose;
  object_class->finalize = vodup_upload_finalize;
  object_class->get_property = vodup_upload_get_property;

  properties[PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, VODUP_TYPE_UPLOAD_STATE,
                                              VODUP_UPLOAD_STATE_QUEUED, flags);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  properties[PROP_BYTES_SENT] = g_param_spec_uint64 ("bytes-sent", NULL, NULL,
                                                     0, G_MAXUINT64, 0, flags);
  properties[PROP_BYTES_TOTAL] = g_param_spec_uint64 ("bytes-total", NULL, NULL,
                                                      0, G_MAXUINT64, 0, flags);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_SPEED] = g_param_spec_double ("speed", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_TIME_LEFT] = g_param_spec_int64 ("time-left", NULL, NULL,
                                                   -1, G_MAXINT64, -1, flags);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, flags);
  properties[PROP_NOTICE] = g_param_spec_string ("notice", NULL, NULL, NULL, flags);
  properties[PROP_FILE_ID] = g_param_spec_string ("file-id", NULL, NULL, NULL, flags);
  properties[PROP_MEDIA_URL] = g_param_spec_string ("media-url", NULL, NULL, NULL, flags);
  properties[PROP_CRC64] = g_param_spec_string ("crc64", NULL, NULL, NULL, flags);
  properties[PROP_PROCEDURE_TASK_ID] = g_param_spec_string ("procedure-task-id", NULL, NULL,
                                                            NULL, flags);
  properties[PROP_TASK_PROGRESS] = g_param_spec_int ("task-progress", NULL, NULL,
                                                     -1, 100, -1, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vodup_upload_init (VodupUpload *self)
{
  self->state = VODUP_UPLOAD_STATE_QUEUED;
  self->parts_in_flight = 4;
  self->part_size = VODUP_DEFAULT_PART_SIZE;
  self->task_poll_ms = DEFAULT_TASK_POLL_MS;
  self->time_left = -1;
  self->id = g_uuid_string_random ();
  self->created = g_get_real_time ();
}

VodupUpload *
vodup_upload_new (GFile                    *file,
                  const VodupUploadOptions *options)
{
  VodupUpload *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (VODUP_TYPE_UPLOAD, NULL);
  self->file = g_object_ref (file);
  self->options = options ? vodup_upload_options_copy (options) : vodup_upload_options_new ();
  self->display_name = g_file_get_basename (file);
  _vodup_network_notice_attach (self);

  return self;
}

/* Progress ----------------------------------------------------------------- */

static guint64
current_bytes_sent (VodupUpload *self)
{
  guint64 sent = 0;

  if (self->media != NULL)
    sent += vodup_transfer_get_bytes_sent (self->media);
  if (self->cover != NULL)
    sent += vodup_transfer_get_bytes_sent (self->cover);

  return sent;
}

static void
update_speed (VodupUpload *self,
              gint64       now)
{
  SpeedSample *oldest;
  guint index;

  index = self->n_samples % SPEED_SAMPLES;
  self->samples[index].time = now;
  self->samples[index].bytes = self->bytes_sent;
  self->n_samples++;

  oldest = &self->samples[self->n_samples > SPEED_SAMPLES ? self->n_samples % SPEED_SAMPLES : 0];
  if (now > oldest->time)
    self->speed = (double) (self->bytes_sent - oldest->bytes) * G_USEC_PER_SEC / (now - oldest->time);

  if (self->speed > 0)
    self->time_left = (gint64) ((self->bytes_total - self->bytes_sent) / self->speed);
  else
    self->time_left = -1;
}

void
_vodup_upload_set_bytes_sent (VodupUpload *self,
                              guint64      bytes_sent)
{
  if (self->bytes_sent == bytes_sent)
    return;

  self->bytes_sent = bytes_sent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

/* Publishes the byte count; it only ever grows, also when a part is sent
 * again after a failure or a pause. */
void
_vodup_upload_publish (VodupUpload *self)
{
  guint64 sent = MAX (self->bytes_sent, current_bytes_sent (self));
  double old_speed = self->speed;
  gint64 old_time_left = self->time_left;

  _vodup_upload_set_bytes_sent (self, MIN (sent, self->bytes_total));
  update_speed (self, g_get_monotonic_time ());

  if (old_speed != self->speed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
  if (old_time_left != self->time_left)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_LEFT]);
}

static gboolean
publish_cb (gpointer user_data)
{
  _vodup_upload_publish (user_data);
  _vodup_upload_checkpoint (user_data, FALSE);

  return G_SOURCE_CONTINUE;
}

static gboolean
state_is_active (VodupUploadState state)
{
  return state == VODUP_UPLOAD_STATE_APPLYING || state == VODUP_UPLOAD_STATE_UPLOADING ||
         state == VODUP_UPLOAD_STATE_VERIFYING || state == VODUP_UPLOAD_STATE_COMMITTING;
}

void
_vodup_upload_set_state (VodupUpload      *self,
                         VodupUploadState  state)
{
  if (self->state == state)
    return;

  self->state = state;

  if (state_is_active (state) && self->publish_id == 0)
    {
      self->n_samples = 0;
      self->publish_id = g_timeout_add (PUBLISH_INTERVAL_MS, publish_cb, self);
    }
  else if (!state_is_active (state))
    {
      g_clear_handle_id (&self->publish_id, g_source_remove);
      _vodup_upload_publish (self);
      self->speed = 0;
      self->time_left = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_LEFT]);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  _vodup_upload_checkpoint (self, TRUE);

  if (!vodup_upload_is_running (self))
    _vodup_upload_release_lock (self, FALSE);
}

/* Running includes aborting on COS after a cancel, so that whoever waits
 * for the queue to settle (vodup-cli on Ctrl-C) waits for the aborts too. */
static void
notify_running_since (VodupUpload *self,
                      gboolean     was_running)
{
  if (was_running == vodup_upload_is_running (self))
    return;

  if (was_running)
    _vodup_upload_release_lock (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
_vodup_upload_set_running (VodupUpload *self,
                           gboolean     running)
{
  gboolean was_running = vodup_upload_is_running (self);

  self->running = running;
  notify_running_since (self, was_running);
}

void
_vodup_upload_abort_started (VodupUpload *self)
{
  gboolean was_running = vodup_upload_is_running (self);

  self->aborting++;
  notify_running_since (self, was_running);
}

void
_vodup_upload_abort_done (VodupUpload *self)
{
  gboolean was_running = vodup_upload_is_running (self);

  g_assert (self->aborting > 0);

  self->aborting--;
  notify_running_since (self, was_running);
}

void
_vodup_upload_set_failed (VodupUpload *self,
                          GError      *error)
{
  g_clear_error (&self->error);
  self->error = error;
  g_debug ("%s failed: %s", self->display_name, error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  _vodup_upload_set_state (self, VODUP_UPLOAD_STATE_FAILED);
}

void
_vodup_upload_clear_error (VodupUpload *self)
{
  g_clear_error (&self->error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

void
_vodup_upload_notify_result (VodupUpload *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_URL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CRC64]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_TOTAL]);
}

/* Something the person should know that is not a failure. */
void
_vodup_upload_set_notice (VodupUpload *self,
                          const char  *notice)
{
  if (g_strcmp0 (self->notice, notice) == 0)
    return;

  g_free (self->notice);
  self->notice = g_strdup (notice);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTICE]);
}

void
_vodup_upload_notify_task (VodupUpload *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROCEDURE_TASK_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK_PROGRESS]);
}
