/* vodup-transfer-resume.c: a transfer's state for the journal, and taking
 * it back after a restart (confirmed with ListParts)
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-error.h"
#include "vodup-range-input-stream.h"
#include "vodup-transfer-private.h"

char *
vodup_transfer_dup_upload_id (VodupTransfer *self)
{
  char *upload_id;

  g_return_val_if_fail (VODUP_IS_TRANSFER (self), NULL);

  g_mutex_lock (&self->mutex);
  upload_id = g_strdup (self->upload_id);
  g_mutex_unlock (&self->mutex);

  return upload_id;
}

GPtrArray *
vodup_transfer_dup_parts (VodupTransfer *self)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func ((GDestroyNotify) vodup_cos_part_free);

  g_return_val_if_fail (VODUP_IS_TRANSFER (self), parts);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->n_parts; i++)
    if (self->done[i] != NULL)
      g_ptr_array_add (parts, vodup_cos_part_copy (self->done[i]));
  g_mutex_unlock (&self->mutex);

  return parts;
}

guint
vodup_transfer_get_n_done (VodupTransfer *self)
{
  guint n = 0;

  g_return_val_if_fail (VODUP_IS_TRANSFER (self), 0);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->n_parts; i++)
    n += self->done[i] != NULL;
  g_mutex_unlock (&self->mutex);

  return n;
}

/* Caller holds the mutex. */
static void
forget_part (VodupTransfer *self,
             guint          index)
{
  g_clear_pointer (&self->done[index], vodup_cos_part_free);
  __atomic_store_n (&self->part_sent[index], 0, __ATOMIC_RELAXED);
}

void
vodup_transfer_restore (VodupTransfer *self,
                        const char    *upload_id,
                        GPtrArray     *parts,
                        gboolean       complete,
                        guint64        crc64)
{
  g_return_if_fail (VODUP_IS_TRANSFER (self));

  g_mutex_lock (&self->mutex);

  if (complete)
    {
      self->sent = self->complete = TRUE;
      self->crc64 = crc64;
      for (guint i = 0; i < MAX (self->n_parts, 1); i++)
        __atomic_store_n (&self->part_sent[i],
                          (gint64) (self->n_parts ? _vodup_transfer_part_length (self, i + 1) : self->size),
                          __ATOMIC_RELAXED);
    }
  else if (self->n_parts > 0 && upload_id != NULL)
    {
      g_free (self->upload_id);
      self->upload_id = g_strdup (upload_id);
      self->unconfirmed = TRUE;

      for (guint i = 0; parts != NULL && i < parts->len; i++)
        {
          VodupCosPart *part = g_ptr_array_index (parts, i);

          /* Only parts that fit this file's layout. */
          if (part->number < 1 || part->number > self->n_parts ||
              part->size != _vodup_transfer_part_length (self, part->number))
            continue;

          g_clear_pointer (&self->done[part->number - 1], vodup_cos_part_free);
          self->done[part->number - 1] = vodup_cos_part_copy (part);
          __atomic_store_n (&self->part_sent[part->number - 1], (gint64) part->size,
                            __ATOMIC_RELAXED);
        }
    }

  g_mutex_unlock (&self->mutex);
}

static gboolean
listed_as_done (GPtrArray          *listed,
                const VodupCosPart *part)
{
  for (guint i = 0; i < listed->len; i++)
    {
      VodupCosPart *on_cos = g_ptr_array_index (listed, i);

      if (on_cos->number == part->number && on_cos->size == part->size &&
          g_strcmp0 (on_cos->etag, part->etag) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The part as this file has it: CRC-64 and MD5 of its bytes, read again
 * (not sent again). NULL when it cannot be read. */
static VodupCosPart *
read_part (VodupTransfer *self,
           guint          number,
           GCancellable  *cancellable)
{
  g_autoptr(VodupRangeInputStream) stream = NULL;
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  g_autofree guint8 *buffer = g_malloc (256 * 1024);
  g_autofree char *etag = NULL;
  guint64 length = _vodup_transfer_part_length (self, number);
  gssize n;

  stream = vodup_range_input_stream_new (self->file, (guint64) (number - 1) * self->part_size, length);
  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, 256 * 1024, cancellable, NULL)) > 0)
    g_checksum_update (md5, buffer, n);

  if (n < 0 || vodup_range_input_stream_get_position (stream) != length)
    return NULL;

  etag = g_strdup_printf ("\"%s\"", g_checksum_get_string (md5));

  return vodup_cos_part_new (number, etag, length, vodup_range_input_stream_get_crc64 (stream));
}

/* A part COS has that the journal had not caught up with: taken when COS's
 * ETag (the MD5 of the part) is that of the file's bytes at that place. */
static VodupCosPart *
adopt_listed (VodupTransfer      *self,
              const VodupCosPart *listed,
              GCancellable       *cancellable)
{
  g_autoptr(VodupCosPart) local = NULL;

  if (listed->number < 1 || listed->number > self->n_parts ||
      listed->size != _vodup_transfer_part_length (self, listed->number) ||
      !(local = read_part (self, listed->number, cancellable)) ||
      g_ascii_strcasecmp (local->etag, listed->etag) != 0)
    return NULL;

  return g_steal_pointer (&local);
}

static void
adopt_unrecorded (VodupTransfer *self,
                  GPtrArray     *listed,
                  GCancellable  *cancellable)
{
  for (guint i = 0; i < listed->len; i++)
    {
      VodupCosPart *on_cos = g_ptr_array_index (listed, i);
      VodupCosPart *adopted;
      gboolean known;

      g_mutex_lock (&self->mutex);
      known = on_cos->number >= 1 && on_cos->number <= self->n_parts &&
              self->done[on_cos->number - 1] != NULL;
      g_mutex_unlock (&self->mutex);

      if (known || !(adopted = adopt_listed (self, on_cos, cancellable)))
        continue;

      g_mutex_lock (&self->mutex);
      self->done[adopted->number - 1] = adopted;
      __atomic_store_n (&self->part_sent[adopted->number - 1], (gint64) adopted->size,
                        __ATOMIC_RELAXED);
      g_mutex_unlock (&self->mutex);
    }
}

/* After a restore: keep only the parts COS really has, and take those it
 * has beyond the journal. An upload COS no longer knows (NoSuchUpload) is
 * started afresh for the same object. */
gboolean
_vodup_transfer_confirm_parts (VodupTransfer  *self,
                               GCancellable   *cancellable,
                               GError        **error)
{
  g_autofree char *upload_id = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) local_error = NULL;

  g_mutex_lock (&self->mutex);
  if (self->unconfirmed)
    upload_id = g_strdup (self->upload_id);
  g_mutex_unlock (&self->mutex);

  if (upload_id == NULL)
    return TRUE;

  listed = vodup_cos_client_list_parts (self->cos, self->target, upload_id, cancellable,
                                        &local_error);
  if (listed == NULL && g_strcmp0 (vodup_error_get_remote_code (local_error), "NoSuchUpload") != 0)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_mutex_lock (&self->mutex);
  self->unconfirmed = FALSE;
  if (listed == NULL)
    g_clear_pointer (&self->upload_id, g_free);   /* gone from COS */
  for (guint i = 0; i < self->n_parts; i++)
    if (self->done[i] != NULL && (listed == NULL || !listed_as_done (listed, self->done[i])))
      forget_part (self, i);
  g_mutex_unlock (&self->mutex);

  if (listed != NULL)
    adopt_unrecorded (self, listed, cancellable);

  return TRUE;
}
