/* vodup-range-input-stream.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vodup-crc64.h"
#include "vodup-error.h"
#include "vodup-range-input-stream.h"

struct _VodupRangeInputStream
{
  GInputStream  parent_instance;

  GFile        *file;
  GInputStream *base;      /* NULL until opened */
  guint64       offset;
  guint64       length;
  guint64       position;
  guint64       crc64;
  GError       *error;
};

G_DEFINE_FINAL_TYPE (VodupRangeInputStream, vodup_range_input_stream, G_TYPE_INPUT_STREAM)

static void
set_file_error (VodupRangeInputStream  *self,
                GError                 *cause,
                GError                **error)
{
  g_autofree char *name = NULL;
  VodupError code;

  g_assert (cause != NULL);

  /* Cancellation is not a property of the file; keep it recognisable. */
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED) || cause->domain == VODUP_ERROR)
    {
      g_propagate_error (error, cause);
      return;
    }

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    code = VODUP_ERROR_FILE_NOT_FOUND;
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    code = VODUP_ERROR_FILE_IS_DIRECTORY;
  else
    code = VODUP_ERROR_FILE_UNREADABLE;

  name = g_file_get_parse_name (self->file);
  g_set_error (error, VODUP_ERROR, code,
               _("Could not read “%s”: %s"), name, cause->message);
  g_error_free (cause);
}

gboolean
vodup_range_input_stream_open (VodupRangeInputStream  *self,
                               GCancellable           *cancellable,
                               GError                **error)
{
  g_autoptr(GFileInputStream) base = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (VODUP_IS_RANGE_INPUT_STREAM (self), FALSE);

  if (self->base != NULL)
    return TRUE;

  if (!(base = g_file_read (self->file, cancellable, &local_error)))
    {
      set_file_error (self, local_error, error);
      return FALSE;
    }

  /* Seeking past the end succeeds; the first read then finds the file
   * shorter than expected, which is reported as FILE_CHANGED. */
  if (self->offset > 0 &&
      !g_seekable_seek (G_SEEKABLE (base), (goffset) self->offset, G_SEEK_SET,
                        cancellable, &local_error))
    {
      set_file_error (self, local_error, error);
      return FALSE;
    }

  self->base = G_INPUT_STREAM (g_steal_pointer (&base));

  return TRUE;
}

static gssize
read_range (VodupRangeInputStream  *self,
            void                   *buffer,
            gsize                   count,
            GCancellable           *cancellable,
            GError                **error)
{
  guint64 remaining = self->length - self->position;
  gssize n_read;

  if (remaining == 0 || count == 0)
    return 0;

  if (!vodup_range_input_stream_open (self, cancellable, error))
    return -1;

  n_read = g_input_stream_read (self->base, buffer, MIN (count, remaining), cancellable, error);
  if (n_read < 0)
    return -1;

  if (n_read == 0)
    {
      g_set_error (error, VODUP_ERROR, VODUP_ERROR_FILE_CHANGED,
                   _("The file became shorter while it was being uploaded."));
      return -1;
    }

  self->crc64 = vodup_crc64_update (self->crc64, buffer, (gsize) n_read);
  self->position += (guint64) n_read;

  return n_read;
}

static gssize
vodup_range_input_stream_read (GInputStream  *stream,
                               void          *buffer,
                               gsize          count,
                               GCancellable  *cancellable,
                               GError       **error)
{
  VodupRangeInputStream *self = VODUP_RANGE_INPUT_STREAM (stream);
  GError *local_error = NULL;
  gssize n_read;

  n_read = read_range (self, buffer, count, cancellable, &local_error);

  if (local_error != NULL)
    {
      /* libsoup reports a failed request body as its own error, so keep the
       * first one for the caller to tell "file changed" from "network". */
      if (self->error == NULL)
        self->error = g_error_copy (local_error);
      g_propagate_error (error, local_error);
    }

  return n_read;
}

static gboolean
vodup_range_input_stream_close (GInputStream  *stream,
                                GCancellable  *cancellable,
                                GError       **error)
{
  VodupRangeInputStream *self = VODUP_RANGE_INPUT_STREAM (stream);

  if (self->base == NULL)
    return TRUE;

  return g_input_stream_close (self->base, cancellable, error);
}

static void
vodup_range_input_stream_finalize (GObject *object)
{
  VodupRangeInputStream *self = (VodupRangeInputStream *) object;

  g_clear_object (&self->base);
  g_clear_object (&self->file);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (vodup_range_input_stream_parent_class)->finalize (object);
}

static void
vodup_range_input_stream_class_init (VodupRangeInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = vodup_range_input_stream_finalize;

  stream_class->read_fn = vodup_range_input_stream_read;
  stream_class->close_fn = vodup_range_input_stream_close;
}

static void
vodup_range_input_stream_init (VodupRangeInputStream *self)
{
}

VodupRangeInputStream *
vodup_range_input_stream_new (GFile   *file,
                              guint64  offset,
                              guint64  length)
{
  VodupRangeInputStream *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (offset <= G_MAXINT64 && length <= G_MAXINT64 - offset, NULL);

  self = g_object_new (VODUP_TYPE_RANGE_INPUT_STREAM, NULL);
  self->file = g_object_ref (file);
  self->offset = offset;
  self->length = length;

  return self;
}

guint64
vodup_range_input_stream_get_length (VodupRangeInputStream *self)
{
  g_return_val_if_fail (VODUP_IS_RANGE_INPUT_STREAM (self), 0);

  return self->length;
}

guint64
vodup_range_input_stream_get_position (VodupRangeInputStream *self)
{
  g_return_val_if_fail (VODUP_IS_RANGE_INPUT_STREAM (self), 0);

  return self->position;
}

guint64
vodup_range_input_stream_get_crc64 (VodupRangeInputStream *self)
{
  g_return_val_if_fail (VODUP_IS_RANGE_INPUT_STREAM (self), 0);

  return self->crc64;
}

const GError *
vodup_range_input_stream_get_error (VodupRangeInputStream *self)
{
  g_return_val_if_fail (VODUP_IS_RANGE_INPUT_STREAM (self), NULL);

  return self->error;
}
