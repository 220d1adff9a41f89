/* vodup-sim-body.c: request bodies, hashed (and stored) as they arrive
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-crc64.h"
#include "vodup-sim-private.h"

#define STORE_BUFFER_SIZE (1 << 20)

SimSink *
_vodup_sim_sink_new (const char  *path,
                     GError     **error)
{
  g_autoptr(GFileOutputStream) out = NULL;
  SimSink *sink;

  if (path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, error);
      if (out == NULL)
        return NULL;
    }

  sink = g_new0 (SimSink, 1);
  sink->md5 = g_checksum_new (G_CHECKSUM_MD5);
  if (out != NULL)
    {
      sink->out = g_buffered_output_stream_new_sized (G_OUTPUT_STREAM (out), STORE_BUFFER_SIZE);
      sink->path = g_strdup (path);
    }

  return sink;
}

void
_vodup_sim_sink_update (SimSink      *sink,
                        const guint8 *data,
                        gsize         length)
{
  g_assert (sink != NULL);

  sink->crc = vodup_crc64_update (sink->crc, data, length);
  g_checksum_update (sink->md5, data, length);
  sink->size += length;

  /* A write error is kept and reported when the request completes. */
  if (sink->out != NULL && sink->error == NULL)
    g_output_stream_write_all (sink->out, data, length, NULL, NULL, &sink->error);
}

gboolean
_vodup_sim_sink_finish (SimSink  *sink,
                        GError  **error)
{
  g_assert (sink != NULL);

  if (sink->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&sink->error));
      return FALSE;
    }

  if (sink->out != NULL)
    {
      gboolean closed = g_output_stream_close (sink->out, NULL, error);

      g_clear_object (&sink->out);
      return closed;
    }

  return TRUE;
}

char *
_vodup_sim_sink_steal_path (SimSink *sink)
{
  g_assert (sink != NULL);
  g_assert (sink->out == NULL);

  return g_steal_pointer (&sink->path);
}

/* "\"<hex md5>\"", the ETag COS gives a body. */
char *
_vodup_sim_sink_etag (SimSink *sink)
{
  return g_strdup_printf ("\"%s\"", g_checksum_get_string (sink->md5));
}

void
_vodup_sim_sink_free (SimSink *sink)
{
  if (sink->out != NULL)
    {
      g_output_stream_close (sink->out, NULL, NULL);
      g_clear_object (&sink->out);
    }
  /* A path nobody took is a body nobody wants. */
  _vodup_sim_delete_file (sink->path);
  g_free (sink->path);
  g_checksum_free (sink->md5);
  g_clear_error (&sink->error);
  g_free (sink);
}

static void
finished_cb (SoupServerMessage *msg,
             gpointer           user_data)
{
  _vodup_sim_receiving_end (user_data);
}

/* Bodies being received at the same time (max_concurrent_uploads); a body
 * ends when it is complete, or its message finishes or is dropped. */
void
_vodup_sim_receiving_begin (SimRequest *req)
{
  g_assert (!req->receiving);

  g_signal_connect (req->msg, "finished", G_CALLBACK (finished_cb), req);
  req->receiving = TRUE;
  g_mutex_lock (&req->sim->mutex);
  req->sim->receiving++;
  _vodup_sim_count_max_locked (req->sim, "max_concurrent_uploads", req->sim->receiving);
  g_mutex_unlock (&req->sim->mutex);
}

void
_vodup_sim_receiving_end (SimRequest *req)
{
  if (!req->receiving)
    return;

  req->receiving = FALSE;
  g_mutex_lock (&req->sim->mutex);
  req->sim->receiving--;
  g_mutex_unlock (&req->sim->mutex);
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  SimRequest *req = user_data;
  gsize length;
  const guint8 *data = g_bytes_get_data (chunk, &length);

  if (req->sink != NULL)
    {
      _vodup_sim_sink_update (req->sink, data, length);
      g_mutex_lock (&req->sim->mutex);
      _vodup_sim_count_locked (req->sim, "body_bytes", length);
      g_mutex_unlock (&req->sim->mutex);
    }

  req->received += length;

  if (req->drop_after >= 0 && req->received >= req->drop_after)
    _vodup_sim_drop_connection (req);
  else if (req->stall_after >= 0 && req->received >= req->stall_after)
    _vodup_sim_stall (req);
}

/* stream: do not accumulate the body (a COS PUT); it only passes the sink. */
void
_vodup_sim_watch_body (SimRequest *req,
                       gboolean    stream)
{
  if (stream)
    soup_message_body_set_accumulate (soup_server_message_get_request_body (req->msg), FALSE);

  /* req lives as long as msg (it is msg's data). */
  g_signal_connect (req->msg, "got-chunk", G_CALLBACK (got_chunk_cb), req);
}
