/* vodup-cos-client-request.c: building, signing and sending one COS request
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "vodup-cos-client-private.h"
#include "vodup-cos-xml.h"
#include "vodup-error.h"
#include "vodup-session.h"

/* COS answers are a few KiB; anything much bigger is not COS talking. */
#define MAX_ANSWER_SIZE   (8 * 1024 * 1024)
/* KeyTime starts a minute early so that a server clock slightly behind
 * ours still finds "now" inside it. */
#define KEY_TIME_SLACK    60
#define KEY_TIME_LIFETIME 3600

gboolean
_vodup_cos_client_protocol_error (GError **error)
{
  g_set_error_literal (error, VODUP_ERROR, VODUP_ERROR_PROTOCOL,
                       _("The storage service sent an answer Vodup does not understand."));
  return FALSE;
}

static gboolean
is_host_label (const char *text)
{
  if (text == NULL || *text == '\0' || strlen (text) > 63)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;

  return TRUE;
}

static gboolean
is_object_key (const char *key)
{
  g_auto(GStrv) segments = NULL;

  if (key == NULL || key[0] != '/' || key[1] == '\0')
    return FALSE;

  /* URI parsing would remove dot segments, and the path sent would no
   * longer be the one signed. */
  segments = g_strsplit (key + 1, "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    if (g_str_equal (segments[i], ".") || g_str_equal (segments[i], ".."))
      return FALSE;

  return TRUE;
}

/* Bucket, region and key come from the VOD API; keep them from reshaping
 * the URL. */
static gboolean
check_target (const VodupCosTarget  *target,
              GError               **error)
{
  if (is_host_label (target->bucket) && is_host_label (target->region) &&
      is_object_key (target->key) && g_utf8_validate (target->key, -1, NULL))
    return TRUE;

  g_set_error_literal (error, VODUP_ERROR, VODUP_ERROR_PROTOCOL,
                       _("The server gave an invalid storage location for the upload."));
  return FALSE;
}

static void
append_base_url (VodupCosClient *self,
                 GString        *url,
                 const char     *cos_host)
{
  g_autofree char *base = NULL;
  const char *path;
  gsize path_length;

  if (self->endpoint == NULL)
    {
      g_string_append_printf (url, "https://%s", cos_host);
      return;
    }

  base = g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (self->endpoint), NULL,
                     g_uri_get_host (self->endpoint), g_uri_get_port (self->endpoint),
                     "", NULL, NULL);
  path = g_uri_get_path (self->endpoint);
  path_length = strlen (path);
  while (path_length > 0 && path[path_length - 1] == '/')
    path_length--;

  g_string_append (url, base);
  g_string_append_len (url, path, (gssize) path_length);
}

/* Each key segment is percent-encoded, '/' kept; the signature is over the
 * decoded key. */
static char *
build_url (VodupCosClient     *self,
           const char         *cos_host,
           const char         *key,
           const VodupCosCall *call)
{
  GString *url = g_string_new (NULL);
  g_auto(GStrv) segments = g_strsplit (key + 1, "/", -1);

  append_base_url (self, url, cos_host);

  for (guint i = 0; segments[i] != NULL; i++)
    {
      g_autofree char *segment = g_uri_escape_string (segments[i], NULL, FALSE);

      g_string_append_printf (url, "/%s", segment);
    }

  for (gsize i = 0; i < call->n_params; i++)
    {
      g_autofree char *name = g_uri_escape_string (call->params[i].name, NULL, FALSE);
      g_autofree char *value = g_uri_escape_string (call->params[i].value, NULL, FALSE);

      g_string_append_printf (url, "%c%s", i == 0 ? '?' : '&', name);
      if (*value != '\0')
        g_string_append_printf (url, "=%s", value);
    }

  return g_string_free (url, FALSE);
}

static SoupMessage *
new_message (VodupCosClient        *self,
             const VodupCosTarget  *target,
             const VodupCosCall    *call,
             GError               **error)
{
  g_autofree char *cos_host = NULL;
  g_autofree char *url = NULL;
  SoupMessageHeaders *headers;
  SoupMessage *msg;
  const char *token;

  if (!check_target (target, error))
    return NULL;

  cos_host = g_strdup_printf ("%s.cos.%s.myqcloud.com", target->bucket, target->region);
  url = build_url (self, cos_host, target->key, call);

  if (!(msg = soup_message_new (call->method, url)))
    {
      _vodup_cos_client_protocol_error (error);
      return NULL;
    }

  /* With an endpoint override the connection goes there, but COS (and the
   * simulator) route by this name and it is what gets signed. libsoup
   * only sets Host itself when none is given. */
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Host", cos_host);

  if ((token = vodup_credentials_get_token (target->credentials)) != NULL)
    soup_message_headers_replace (headers, "x-cos-security-token", token);

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  return msg;
}

static void
get_key_time (VodupCosClient       *self,
              const VodupCosTarget *target,
              gint64               *start,
              gint64               *end)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC + vodup_cos_client_get_clock_offset (self);

  *start = now - KEY_TIME_SLACK;
  *end = *start + KEY_TIME_LIFETIME;

  /* Only a future ExpiredTime caps the window: capping at a past one would
   * make COS report an expired request (clock skew) instead of the
   * expired token it really is. */
  if (target->expired_time > now)
    *end = MIN (*end, target->expired_time);
}

/* Signs what is sent: host, the body's length and type when there is a
 * body, the token, and every query parameter. */
static void
sign_message (VodupCosClient       *self,
              const VodupCosTarget *target,
              const VodupCosCall   *call,
              SoupMessage          *msg)
{
  static const char * const names[] = { "Host", "Content-Length", "Content-Type", "x-cos-security-token" };
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  VodupKeyValue signed_headers[G_N_ELEMENTS (names)];
  g_autofree char *authorization = NULL;
  VodupCosRequest request = { 0 };
  gsize n_headers = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = soup_message_headers_get_one (headers, names[i]);

      if (value != NULL)
        signed_headers[n_headers++] = (VodupKeyValue) { names[i], value };
    }

  request.secret_id = vodup_credentials_get_secret_id (target->credentials);
  request.secret_key = vodup_credentials_get_secret_key (target->credentials);
  request.method = call->method;
  request.path = target->key;
  request.params = call->params;
  request.n_params = call->n_params;
  request.headers = signed_headers;
  request.n_headers = n_headers;
  get_key_time (self, target, &request.start_time, &request.end_time);

  authorization = vodup_cos_authorization (&request);
  soup_message_headers_replace (headers, "Authorization", authorization);
}

static void
upload_body_attach (VodupCosUpload *upload,
                    SoupMessage    *msg)
{
  g_clear_object (&upload->stream);
  upload->stream = vodup_range_input_stream_new (upload->file, upload->offset, upload->length);
  soup_message_set_request_body (msg, NULL, G_INPUT_STREAM (upload->stream), (gssize) upload->length);

  upload->written = 0;
  if (upload->bytes_sent != NULL)
    __atomic_store_n (upload->bytes_sent, 0, __ATOMIC_RELAXED);
}

/* Emitted in the sending thread. */
static void
wrote_body_data_cb (SoupMessage    *msg,
                    guint           chunk_size,
                    VodupCosUpload *upload)
{
  upload->written += chunk_size;
  if (upload->bytes_sent != NULL)
    __atomic_store_n (upload->bytes_sent, upload->written, __ATOMIC_RELAXED);
}

/* libsoup resends an idempotent request by itself when a reused keep-alive
 * connection turns out closed, and drops the body stream first: the new
 * attempt needs a fresh one from the start of the range. */
static void
restarted_cb (SoupMessage    *msg,
              VodupCosUpload *upload)
{
  upload_body_attach (upload, msg);
}

static gboolean
prepare_body (const VodupCosCall  *call,
              SoupMessage         *msg,
              GCancellable        *cancellable,
              GError             **error)
{
  if (call->xml != NULL)
    {
      soup_message_set_request_body_from_bytes (msg, "application/xml", call->xml);
      return TRUE;
    }

  if (call->upload == NULL)
    return TRUE;

  g_return_val_if_fail (call->upload->length <= G_MAXSSIZE, FALSE);

  upload_body_attach (call->upload, msg);
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (wrote_body_data_cb), call->upload);
  g_signal_connect (msg, "restarted", G_CALLBACK (restarted_cb), call->upload);

  /* Fail on an unreadable file before anything goes on the wire. */
  return vodup_range_input_stream_open (call->upload->stream, cancellable, error);
}

static GBytes *
read_answer (GInputStream  *stream,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 buffer[8192];
  gssize n_read;

  while ((n_read = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, error)) > 0)
    {
      if (data->len + (gsize) n_read > MAX_ANSWER_SIZE)
        {
          _vodup_cos_client_protocol_error (error);
          return NULL;
        }
      g_byte_array_append (data, buffer, (guint) n_read);
    }

  if (n_read < 0)
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/* Cancellation stays G_IO_ERROR_CANCELLED; a failed file read beats the
 * error libsoup made of it; the rest is the network's. */
static void
propagate_send_error (VodupCosClient      *self,
                      const VodupCosCall  *call,
                      GCancellable        *cancellable,
                      GError              *local_error,
                      GError             **error)
{
  const GError *file_error = NULL;

  if (call->upload != NULL && call->upload->stream != NULL)
    file_error = vodup_range_input_stream_get_error (call->upload->stream);

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      local_error->domain == VODUP_ERROR)
    g_propagate_error (error, local_error);
  else if (g_cancellable_set_error_if_cancelled (cancellable, error))
    g_error_free (local_error);
  else if (file_error != NULL)
    {
      g_propagate_error (error, g_error_copy (file_error));
      g_error_free (local_error);
    }
  else
    {
      /* Names the proxy when the session has one of its own. */
      g_propagate_error (error, vodup_session_error_from_transport (self->session, local_error));
      g_error_free (local_error);
    }
}

static GBytes *
send_message (VodupCosClient      *self,
              const VodupCosCall  *call,
              SoupMessage         *msg,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autoptr(GInputStream) stream = NULL;
  GError *local_error = NULL;
  GBytes *answer = NULL;

  if ((stream = soup_session_send (self->session, msg, cancellable, &local_error)))
    {
      answer = read_answer (stream, cancellable, &local_error);
      g_input_stream_close (stream, NULL, NULL);
    }

  if (call->upload != NULL)
    g_signal_handlers_disconnect_by_data (msg, call->upload);

  if (answer == NULL)
    propagate_send_error (self, call, cancellable, local_error, error);

  return answer;
}

GError *
_vodup_cos_client_answer_error (SoupMessage *msg,
                                GBytes      *answer)
{
  const char *header_id = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                        "x-cos-request-id");
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autofree char *request_id = NULL;

  vodup_cos_xml_parse_error (answer, &code, &message, &request_id);

  return vodup_error_from_cos (soup_message_get_status (msg), code, message,
                               header_id != NULL ? header_id : request_id);
}

/* Builds, signs and sends one request. Returns the answer of a 2xx, with
 * the message in out_msg for its headers. */
/* The server's clock from the answer's Date: TRUE when it moved, so that a
 * request refused as too skewed is worth signing again. */
static gboolean
learn_clock (VodupCosClient *self,
             SoupMessage    *msg)
{
  gint64 offset;

  if (!vodup_session_server_offset (msg, &offset) ||
      ABS (offset - vodup_cos_client_get_clock_offset (self)) <= 2)
    return FALSE;

  vodup_cos_client_set_clock_offset (self, offset);
  return TRUE;
}

/* Builds, signs and sends one request. Returns the answer of a 2xx, with
 * the message in out_msg for its headers. A request refused for clock
 * skew is signed again once with the server's time. */
GBytes *
_vodup_cos_client_call (VodupCosClient        *self,
                        const VodupCosTarget  *target,
                        const VodupCosCall    *call,
                        SoupMessage          **out_msg,
                        GCancellable          *cancellable,
                        GError               **error)
{
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GError) refusal = NULL;
      gboolean clock_moved;

      if (!(msg = new_message (self, target, call, error)) ||
          !prepare_body (call, msg, cancellable, error))
        return NULL;

      sign_message (self, target, call, msg);

      if (!(answer = send_message (self, call, msg, cancellable, error)))
        return NULL;

      clock_moved = learn_clock (self, msg);
      if (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
        {
          if (out_msg != NULL)
            *out_msg = g_steal_pointer (&msg);
          return g_steal_pointer (&answer);
        }

      refusal = _vodup_cos_client_answer_error (msg, answer);
      if (!g_error_matches (refusal, VODUP_ERROR, VODUP_ERROR_CLOCK_SKEW))
        {
          g_propagate_error (error, g_steal_pointer (&refusal));
          return NULL;
        }

      if (attempt > 0 || !clock_moved)
        {
          g_propagate_error (error,
                             vodup_error_new_clock_skew (vodup_cos_client_get_clock_offset (self),
                                                         vodup_error_get_remote_code (refusal),
                                                         vodup_error_get_request_id (refusal)));
          return NULL;
        }
    }
}

gboolean
_vodup_cos_client_check_crc64 (SoupMessage  *msg,
                               guint64       expected,
                               GError      **error)
{
  const char *header = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                     "x-cos-hash-crc64ecma");
  g_autofree char *remote_text = NULL;
  g_autofree char *local_text = NULL;
  guint64 remote;

  /* COS leaves it out only when it has no CRC (an object assembled from
   * parts without one); nothing to compare then. */
  if (header == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (header, 10, 0, G_MAXUINT64, &remote, NULL))
    return _vodup_cos_client_protocol_error (error);

  if (remote == expected)
    return TRUE;

  remote_text = g_strdup_printf ("%" G_GUINT64_FORMAT, remote);
  local_text = g_strdup_printf ("%" G_GUINT64_FORMAT, expected);
  g_set_error (error, VODUP_ERROR, VODUP_ERROR_CHECKSUM_MISMATCH,
               _("The uploaded data does not match the file (CRC-64 %s, expected %s)."),
               remote_text, local_text);
  return FALSE;
}
