/* vodup-transfer.c: sending, completing and aborting (the part workers)
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vodup-crc64.h"
#include "vodup-error.h"
#include "vodup-network-gate.h"
#include "vodup-transfer-private.h"
#include "vodup-types.h"

#define MAX_ATTEMPTS     5
#define BACKOFF_BASE_MS  500
/* No part starts this close to the temporary credential's expiry: better
 * to stop while the credential can still abort the upload. */
#define EXPIRY_MARGIN_S  60

G_DEFINE_FINAL_TYPE (VodupTransfer, vodup_transfer, G_TYPE_OBJECT)

static void
vodup_transfer_finalize (GObject *object)
{
  VodupTransfer *self = VODUP_TRANSFER (object);

  for (guint i = 0; i < self->n_parts; i++)
    g_clear_pointer (&self->done[i], vodup_cos_part_free);
  g_free (self->done);
  g_free (self->part_sent);
  g_free (self->upload_id);
  g_clear_pointer (&self->target, vodup_cos_target_free);
  g_clear_object (&self->file);
  g_clear_object (&self->cos);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (vodup_transfer_parent_class)->finalize (object);
}

static void
vodup_transfer_class_init (VodupTransferClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vodup_transfer_finalize;
}

static void
vodup_transfer_init (VodupTransfer *self)
{
  g_mutex_init (&self->mutex);
}

VodupTransfer *
vodup_transfer_new (VodupCosClient       *cos,
                    const VodupCosTarget *target,
                    GFile                *file,
                    guint64               size,
                    guint64               part_size,
                    guint                 parts_in_flight)
{
  VodupTransfer *self;

  g_return_val_if_fail (VODUP_IS_COS_CLIENT (cos), NULL);
  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (part_size >= VODUP_COS_MIN_PART_SIZE, NULL);

  self = g_object_new (VODUP_TYPE_TRANSFER, NULL);
  self->context = g_main_context_ref_thread_default ();
  self->cos = g_object_ref (cos);
  self->target = vodup_cos_target_copy (target);
  self->file = g_object_ref (file);
  self->size = size;
  self->part_size = part_size;
  self->parts_in_flight = CLAMP (parts_in_flight, 1, 16);

  if (size >= VODUP_MULTIPART_THRESHOLD)
    self->n_parts = (guint) ((size + part_size - 1) / part_size);

  self->part_sent = g_new0 (gint64, MAX (self->n_parts, 1));
  self->done = g_new0 (VodupCosPart *, MAX (self->n_parts, 1));

  return self;
}

gboolean
vodup_transfer_is_multipart (VodupTransfer *self)
{
  g_return_val_if_fail (VODUP_IS_TRANSFER (self), FALSE);

  return self->n_parts > 0;
}

guint64
vodup_transfer_get_size (VodupTransfer *self)
{
  g_return_val_if_fail (VODUP_IS_TRANSFER (self), 0);

  return self->size;
}

guint64
vodup_transfer_get_bytes_sent (VodupTransfer *self)
{
  guint64 total = 0;

  g_return_val_if_fail (VODUP_IS_TRANSFER (self), 0);

  for (guint i = 0; i < MAX (self->n_parts, 1); i++)
    total += (guint64) __atomic_load_n (&self->part_sent[i], __ATOMIC_RELAXED);

  return MIN (total, self->size);
}

gboolean
vodup_transfer_is_sent (VodupTransfer *self)
{
  gboolean sent;

  g_return_val_if_fail (VODUP_IS_TRANSFER (self), FALSE);

  g_mutex_lock (&self->mutex);
  sent = self->sent;
  g_mutex_unlock (&self->mutex);

  return sent;
}

gboolean
vodup_transfer_is_complete (VodupTransfer *self)
{
  gboolean complete;

  g_return_val_if_fail (VODUP_IS_TRANSFER (self), FALSE);

  g_mutex_lock (&self->mutex);
  complete = self->complete;
  g_mutex_unlock (&self->mutex);

  return complete;
}

char *
vodup_transfer_dup_crc64 (VodupTransfer *self)
{
  char *crc = NULL;

  g_return_val_if_fail (VODUP_IS_TRANSFER (self), NULL);

  g_mutex_lock (&self->mutex);
  if (self->complete)
    crc = g_strdup_printf ("%" G_GUINT64_FORMAT, self->crc64);
  g_mutex_unlock (&self->mutex);

  return crc;
}

/* How many network waits the calling thread's current retry loop made.
 * Each loop runs in one thread and its first failure is attempt 0. */
static GPrivate network_waits;

/* Sleeps before the next attempt (exponential backoff with jitter);
 * FALSE when there is no next attempt. A connection that failed while the
 * system has no network waits for it instead, as long as it takes, and
 * that wait does not count as an attempt. */
static gboolean
should_retry (const GError *error,
              guint         attempt,
              GCancellable *cancellable)
{
  VodupNetworkGate *gate = vodup_network_gate_get_default ();
  guint waits = attempt == 0 ? 0 : GPOINTER_TO_UINT (g_private_get (&network_waits));
  gint64 delay_us, deadline;

  if (vodup_network_gate_is_offline_failure (gate, error))
    {
      g_private_set (&network_waits, GUINT_TO_POINTER (waits + 1));
      g_debug ("Waiting for the network after: %s", error->message);
      return vodup_network_gate_wait (gate, cancellable);
    }
  g_private_set (&network_waits, GUINT_TO_POINTER (waits));
  attempt -= MIN (waits, attempt);

  if (attempt + 1 >= MAX_ATTEMPTS || !vodup_error_is_transient (error))
    return FALSE;

  delay_us = (gint64) BACKOFF_BASE_MS * 1000 * (1 << attempt);
  delay_us += g_random_int_range (0, (gint32) (delay_us / 2) + 1);
  deadline = g_get_monotonic_time () + delay_us;

  while (g_get_monotonic_time () < deadline)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (20 * 1000);
    }

  g_debug ("Retrying after: %s", error->message);
  return TRUE;
}

static gboolean
check_credentials (VodupTransfer  *self,
                   GError        **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC + vodup_cos_client_get_clock_offset (self->cos);

  if (self->target->expired_time == 0 || now < self->target->expired_time - EXPIRY_MARGIN_S)
    return TRUE;

  g_set_error_literal (error, VODUP_ERROR, VODUP_ERROR_CREDENTIALS_EXPIRED,
                       _("The temporary upload credential from VOD expired."));
  return FALSE;
}

static gboolean
send_single (VodupTransfer  *self,
             GCancellable   *cancellable,
             GError        **error)
{
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *etag = NULL;
      guint64 crc = 0;

      if (check_credentials (self, &local_error))
        etag = vodup_cos_client_put_object (self->cos, self->target, self->file, self->size,
                                            &self->part_sent[0], &crc, cancellable, &local_error);
      /* The object is on COS then, but a changed file is never committed. */
      if (etag != NULL && !_vodup_transfer_check_file (self, error))
        return FALSE;

      if (etag != NULL)
        {
          __atomic_store_n (&self->part_sent[0], (gint64) self->size, __ATOMIC_RELAXED);
          g_mutex_lock (&self->mutex);
          self->sent = self->complete = TRUE;
          self->crc64 = crc;
          g_mutex_unlock (&self->mutex);
          return TRUE;
        }

      if (!should_retry (local_error, attempt, cancellable))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
}

static char *
ensure_upload_id (VodupTransfer  *self,
                  GCancellable   *cancellable,
                  GError        **error)
{
  char *upload_id;

  g_mutex_lock (&self->mutex);
  upload_id = g_strdup (self->upload_id);
  g_mutex_unlock (&self->mutex);

  if (upload_id != NULL)
    return upload_id;

  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;

      /* Not cancellable: a cancelled initiate may still create the upload on
       * COS, and without its UploadId nothing could abort it. The caller
       * checks for cancellation right after. */
      upload_id = vodup_cos_client_initiate_multipart (self->cos, self->target,
                                                       NULL, &local_error);
      if (upload_id != NULL)
        break;

      if (!should_retry (local_error, attempt, cancellable))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_mutex_lock (&self->mutex);
  g_free (self->upload_id);
  self->upload_id = g_strdup (upload_id);
  g_mutex_unlock (&self->mutex);

  _vodup_transfer_run_checkpoint (self);

  return upload_id;
}

/* Shared by the part workers of one send. */
typedef struct
{
  VodupTransfer *self;
  const char    *upload_id;
  GCancellable  *cancellable;   /* cancelled by the caller or the first failure */
  GMutex         mutex;
  GError        *error;         /* the first failure */
} PartRun;

static void
record_part_failure (PartRun *run,
                     GError  *error)
{
  g_mutex_lock (&run->mutex);
  if (run->error == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    run->error = g_steal_pointer (&error);
  g_mutex_unlock (&run->mutex);

  g_clear_error (&error);
  g_cancellable_cancel (run->cancellable);
}

static void
send_part (gpointer data,
           gpointer user_data)
{
  PartRun *run = user_data;
  VodupTransfer *self = run->self;
  guint number = GPOINTER_TO_UINT (data);
  guint64 length = _vodup_transfer_part_length (self, number);
  gint64 *sent = &self->part_sent[number - 1];

  for (guint attempt = 0;; attempt++)
    {
      GError *error = NULL;
      g_autofree char *etag = NULL;
      guint64 crc = 0;

      if (g_cancellable_is_cancelled (run->cancellable))
        return;

      if (check_credentials (self, &error))
        etag = vodup_cos_client_upload_part (self->cos, self->target, run->upload_id, number,
                                             self->file, (guint64) (number - 1) * self->part_size,
                                             length, sent, &crc, run->cancellable, &error);
      if (etag != NULL && !_vodup_transfer_check_file (self, &error))
        {
          record_part_failure (run, error);
          return;
        }

      if (etag != NULL)
        {
          __atomic_store_n (sent, (gint64) length, __ATOMIC_RELAXED);
          g_mutex_lock (&self->mutex);
          self->done[number - 1] = vodup_cos_part_new (number, etag, length, crc);
          g_mutex_unlock (&self->mutex);
          return;
        }

      if (!should_retry (error, attempt, run->cancellable))
        {
          record_part_failure (run, error);
          return;
        }

      g_clear_error (&error);
    }
}

static void
forward_cancel_cb (GCancellable *cancellable,
                   GCancellable *child)
{
  g_cancellable_cancel (child);
}

static gboolean
send_parts (VodupTransfer  *self,
            const char     *upload_id,
            GCancellable   *cancellable,
            GError        **error)
{
  PartRun run = { self, upload_id, g_cancellable_new (), { 0 }, NULL };
  GThreadPool *pool;
  gulong handler = 0;

  g_mutex_init (&run.mutex);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb),
                                     g_object_ref (run.cancellable), g_object_unref);

  pool = g_thread_pool_new (send_part, &run, self->parts_in_flight, FALSE, NULL);
  for (guint number = 1; number <= self->n_parts; number++)
    {
      gboolean done;

      g_mutex_lock (&self->mutex);
      done = self->done[number - 1] != NULL;
      g_mutex_unlock (&self->mutex);

      if (!done)
        g_thread_pool_push (pool, GUINT_TO_POINTER (number), NULL);
    }
  g_thread_pool_free (pool, FALSE, TRUE);   /* waits for every part */

  g_cancellable_disconnect (cancellable, handler);
  g_object_unref (run.cancellable);
  g_mutex_clear (&run.mutex);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_clear_error (&run.error);
      return FALSE;
    }

  if (run.error != NULL)
    {
      g_propagate_error (error, run.error);
      return FALSE;
    }

  return TRUE;
}

static void
send_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  VodupTransfer *self = source_object;
  g_autofree char *upload_id = NULL;
  GError *error = NULL;

  if (self->n_parts == 0)
    {
      if (send_single (self, cancellable, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      return;
    }

  if (!_vodup_transfer_confirm_parts (self, cancellable, &error) ||
      !(upload_id = ensure_upload_id (self, cancellable, &error)) ||
      !send_parts (self, upload_id, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_mutex_lock (&self->mutex);
  self->sent = TRUE;
  g_mutex_unlock (&self->mutex);

  g_task_return_boolean (task, TRUE);
}

void
vodup_transfer_send_async (VodupTransfer       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VODUP_IS_TRANSFER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vodup_transfer_send_async);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, send_thread);
}

gboolean
vodup_transfer_send_finish (VodupTransfer  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Snapshot of the finished parts, ascending, and their combined CRC-64. */
static GPtrArray *
collect_parts (VodupTransfer *self,
               guint64       *crc)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func ((GDestroyNotify) vodup_cos_part_free);

  *crc = 0;
  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->n_parts; i++)
    {
      g_assert (self->done[i] != NULL);
      g_ptr_array_add (parts, vodup_cos_part_copy (self->done[i]));
      *crc = i == 0 ? self->done[i]->crc64
                    : vodup_crc64_combine (*crc, self->done[i]->crc64, self->done[i]->size);
    }
  g_mutex_unlock (&self->mutex);

  return parts;
}

static void
complete_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  VodupTransfer *self = source_object;
  g_autoptr(GPtrArray) parts = NULL;
  g_autofree char *upload_id = NULL;
  GError *error = NULL;
  guint64 crc;

  g_mutex_lock (&self->mutex);
  upload_id = g_strdup (self->upload_id);
  g_mutex_unlock (&self->mutex);

  parts = collect_parts (self, &crc);

  if (!_vodup_transfer_check_file (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint attempt = 0;; attempt++)
    {
      if (vodup_cos_client_complete_multipart (self->cos, self->target, upload_id, parts, crc,
                                               cancellable, &error))
        break;

      if (!should_retry (error, attempt, cancellable))
        {
          g_task_return_error (task, error);
          return;
        }
      g_clear_error (&error);
    }

  g_mutex_lock (&self->mutex);
  self->complete = TRUE;
  self->crc64 = crc;
  g_mutex_unlock (&self->mutex);

  g_task_return_boolean (task, TRUE);
}

void
vodup_transfer_complete_async (VodupTransfer       *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VODUP_IS_TRANSFER (self));
  g_return_if_fail (vodup_transfer_is_sent (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vodup_transfer_complete_async);

  if (vodup_transfer_is_complete (self))
    g_task_return_boolean (task, TRUE);
  else
    g_task_run_in_thread (task, complete_thread);
}

gboolean
vodup_transfer_complete_finish (VodupTransfer  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
abort_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  VodupTransfer *self = source_object;
  g_autofree char *upload_id = NULL;
  GError *error = NULL;

  g_mutex_lock (&self->mutex);
  if (!self->complete)
    upload_id = g_steal_pointer (&self->upload_id);
  g_mutex_unlock (&self->mutex);

  if (upload_id != NULL &&
      !vodup_cos_client_abort_multipart (self->cos, self->target, upload_id, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
vodup_transfer_abort_async (VodupTransfer       *self,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VODUP_IS_TRANSFER (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, vodup_transfer_abort_async);
  g_task_run_in_thread (task, abort_thread);
}

gboolean
vodup_transfer_abort_finish (VodupTransfer  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
