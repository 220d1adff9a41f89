/* vodup-sim-cos.c: the COS XML API — routing, replies, PUT Object and the blackhole
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vodup-sim-private.h"

#define COS_HOST_SUFFIX ".myqcloud.com"

/* "<bucket>.cos.<region>.myqcloud.com[:port]" */
gboolean
_vodup_sim_cos_parse_host (const char  *host,
                           char       **bucket,
                           char       **region)
{
  g_autofree char *name = g_ascii_strdown (host, -1);
  char *colon = strrchr (name, ':');
  char *dot;
  char *region_start;

  if (colon != NULL)
    *colon = '\0';
  if (!g_str_has_suffix (name, COS_HOST_SUFFIX))
    return FALSE;
  name[strlen (name) - strlen (COS_HOST_SUFFIX)] = '\0';

  dot = strchr (name, '.');
  if (dot == NULL || dot == name || !g_str_has_prefix (dot, ".cos."))
    return FALSE;
  region_start = dot + strlen (".cos.");
  if (*region_start == '\0' || strchr (region_start, '.') != NULL)
    return FALSE;

  *bucket = g_strndup (name, dot - name);
  *region = g_strdup (region_start);
  return TRUE;
}

static const char *
classify (const char *method,
          GHashTable *query)
{
  gboolean upload_id = g_hash_table_contains (query, "uploadId");

  if (g_str_equal (method, "PUT"))
    return g_hash_table_contains (query, "partNumber") || upload_id ? "UploadPart" : "PutObject";
  if (g_str_equal (method, "POST") && g_hash_table_contains (query, "uploads"))
    return "InitiateMultipartUpload";
  if (g_str_equal (method, "POST") && upload_id)
    return "CompleteMultipartUpload";
  if (g_str_equal (method, "GET") && upload_id)
    return "ListParts";
  if (g_str_equal (method, "DELETE") && upload_id)
    return "AbortMultipartUpload";

  return "Unsupported";
}

/* Replies */

void
_vodup_sim_cos_reply_xml (SimRequest *req,
                          guint       status,
                          const char *xml)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  g_autofree char *body = g_strconcat ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", xml, NULL);
  gsize length = strlen (body);

  soup_message_headers_replace (headers, "x-cos-request-id", req->request_id);
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "application/xml", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&body), length);
}

void
_vodup_sim_cos_reply_error (SimRequest *req,
                            SimFailure *failure)
{
  g_autofree char *resource = NULL;
  g_autofree char *xml = NULL;

  if (req->route == SIM_ROUTE_COS)
    resource = g_strdup_printf ("%s.cos.%s.myqcloud.com%s", req->bucket, req->region, req->path);
  else
    resource = g_strdup (req->path);

  xml = g_markup_printf_escaped ("<Error><Code>%s</Code><Message>%s</Message>"
                                 "<Resource>%s</Resource><RequestId>%s</RequestId>"
                                 "<TraceId>%s</TraceId></Error>\n",
                                 failure->code, failure->message ? failure->message : "",
                                 resource, req->request_id, req->request_id);
  _vodup_sim_record_error (req->sim, req->kind, failure->code, failure->status);
  _vodup_sim_cos_reply_xml (req, failure->status, xml);
}

void
_vodup_sim_cos_reply_body_done (SimRequest *req,
                                guint64     crc,
                                const char *etag)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  g_autofree char *crc_text = g_strdup_printf ("%" G_GUINT64_FORMAT, crc);

  soup_message_headers_replace (headers, "ETag", etag);
  soup_message_headers_replace (headers, "x-cos-hash-crc64ecma", crc_text);
  soup_message_headers_replace (headers, "x-cos-request-id", req->request_id);
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);
}

/* Request flow */

static gint64
request_content_length (SimRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);

  /* -1: chunked, length unknown; a request without either header has none. */
  switch (soup_message_headers_get_encoding (headers))
    {
    case SOUP_ENCODING_CONTENT_LENGTH:
      return soup_message_headers_get_content_length (headers);
    case SOUP_ENCODING_NONE:
      return 0;
    default:
      return -1;
    }
}

static gboolean
check_put_length (SimRequest *req,
                  SimFailure *failure)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  gint64 length = request_content_length (req);

  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    return _vodup_sim_fail (failure, 411, "MissingContentLength",
                            "You must provide the Content-Length HTTP header.");
  if (length > SIM_MAX_PART_SIZE)
    return _vodup_sim_fail (failure, 400, "EntityTooLarge",
                            "Your proposed upload exceeds the maximum allowed object size.");

  return TRUE;
}

static gboolean
check_request (SimRequest *req,
               SimFailure *failure)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&req->sim->mutex);
  const char *kind = req->kind;

  if (g_str_equal (kind, "Unsupported"))
    return _vodup_sim_fail (failure, 405, "MethodNotAllowed",
                            "The simulator does not support this COS request.");

  if (!_vodup_sim_cos_check_auth_locked (req, failure))
    return FALSE;

  if (g_str_equal (kind, "PutObject"))
    return check_put_length (req, failure);
  if (g_str_equal (kind, "UploadPart"))
    return _vodup_sim_part_check_locked (req, failure) && check_put_length (req, failure);
  if (!g_str_equal (kind, "InitiateMultipartUpload"))
    return _vodup_sim_upload_check_locked (req, failure);

  return TRUE;
}

static gboolean
open_sink (SimRequest *req,
           gboolean    store,
           SimFailure *failure)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (store)
    {
      g_mutex_lock (&req->sim->mutex);
      path = _vodup_sim_data_path_locked (req->sim);
      g_mutex_unlock (&req->sim->mutex);
    }

  req->sink = _vodup_sim_sink_new (path, &error);
  if (req->sink == NULL)
    return _vodup_sim_fail (failure, 500, "InternalError", "Cannot store the body: %s",
                            error->message);

  _vodup_sim_receiving_begin (req);
  return TRUE;
}

static void
count_request (SimRequest *req)
{
  g_mutex_lock (&req->sim->mutex);
  _vodup_sim_count_locked (req->sim, "requests", 1);
  _vodup_sim_count_locked (req->sim, req->kind, 1);
  g_mutex_unlock (&req->sim->mutex);
}

void
_vodup_sim_cos_early (SimRequest *req)
{
  g_auto(SimFailure) failure = { 0, };
  const char *method = soup_server_message_get_method (req->msg);
  gboolean put = g_str_equal (method, "PUT");

  req->kind = g_strdup (classify (method, req->query));
  req->object = g_strdup_printf ("/%s%s", req->bucket, req->path);
  count_request (req);

  if (!_vodup_sim_check_fail (req, &failure) || !check_request (req, &failure) ||
      (put && !open_sink (req, TRUE, &failure)))
    {
      /* Whatever body follows is read and dropped, never buffered. */
      soup_message_body_set_accumulate (soup_server_message_get_request_body (req->msg), FALSE);
      _vodup_sim_cos_reply_error (req, &failure);
      return;
    }

  _vodup_sim_watch_body (req, put);
  _vodup_sim_arm_body_faults (req, request_content_length (req));
}

/* Checks the optional Content-MD5 against what arrived. */
gboolean
_vodup_sim_check_body (SimRequest *req,
                       SimFailure *failure)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *content_md5 = soup_message_headers_get_one (headers, "Content-MD5");
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *expected = NULL;
  guint8 digest[16];
  gsize digest_length = sizeof digest;
  gsize expected_length = 0;

  _vodup_sim_receiving_end (req);

  if (!_vodup_sim_sink_finish (req->sink, &error))
    return _vodup_sim_fail (failure, 500, "InternalError", "Cannot store the body: %s",
                            error->message);

  if (content_md5 == NULL)
    return TRUE;

  expected = g_base64_decode (content_md5, &expected_length);
  if (expected_length != sizeof digest)
    return _vodup_sim_fail (failure, 400, "InvalidDigest",
                            "The Content-MD5 you specified is not valid.");

  g_checksum_get_digest (req->sink->md5, digest, &digest_length);
  if (memcmp (digest, expected, sizeof digest) != 0)
    return _vodup_sim_fail (failure, 400, "BadDigest",
                            "The Content-MD5 you specified did not match what we received.");

  return TRUE;
}

static void
put_object (SimRequest *req)
{
  g_auto(SimFailure) failure = { 0, };
  g_autofree char *etag = NULL;
  SimObject *object;
  SimObject *old;

  if (!_vodup_sim_check_body (req, &failure))
    {
      _vodup_sim_cos_reply_error (req, &failure);
      return;
    }

  etag = _vodup_sim_sink_etag (req->sink);
  object = g_new0 (SimObject, 1);
  object->size = req->sink->size;
  object->crc = req->sink->crc;
  g_strlcpy (object->md5, g_checksum_get_string (req->sink->md5), sizeof object->md5);
  object->path = _vodup_sim_sink_steal_path (req->sink);

  g_mutex_lock (&req->sim->mutex);
  old = g_hash_table_lookup (req->sim->objects, req->object);
  if (old != NULL && g_strcmp0 (old->path, object->path) != 0)
    _vodup_sim_delete_file (old->path);
  g_hash_table_replace (req->sim->objects, g_strdup (req->object), object);
  g_mutex_unlock (&req->sim->mutex);

  _vodup_sim_cos_reply_body_done (req, object->crc, etag);
}

void
_vodup_sim_cos_handle (SimRequest *req)
{
  const char *kind = req->kind;

  if (g_str_equal (kind, "PutObject"))
    put_object (req);
  else if (g_str_equal (kind, "UploadPart"))
    _vodup_sim_upload_part (req);
  else if (g_str_equal (kind, "InitiateMultipartUpload"))
    _vodup_sim_initiate (req);
  else if (g_str_equal (kind, "CompleteMultipartUpload"))
    _vodup_sim_complete (req);
  else if (g_str_equal (kind, "ListParts"))
    _vodup_sim_list_parts (req);
  else if (g_str_equal (kind, "AbortMultipartUpload"))
    _vodup_sim_abort (req);
  else
    g_assert_not_reached ();
}

/* PUT /_sim/blackhole/<name>: a PutObject body path without signatures,
 * so that curl -T can be compared with a client (benchmarks). */

void
_vodup_sim_blackhole_early (SimRequest *req)
{
  g_auto(SimFailure) failure = { 0, };

  req->kind = g_strdup ("Blackhole");
  req->object = g_strdup (req->path);
  count_request (req);

  if (!g_str_equal (soup_server_message_get_method (req->msg), "PUT"))
    _vodup_sim_fail (&failure, 405, "MethodNotAllowed", "Only PUT goes to the blackhole.");
  else if (_vodup_sim_check_fail (req, &failure))
    open_sink (req, FALSE, &failure);

  if (failure.code != NULL)
    {
      soup_message_body_set_accumulate (soup_server_message_get_request_body (req->msg), FALSE);
      _vodup_sim_cos_reply_error (req, &failure);
      return;
    }

  _vodup_sim_watch_body (req, TRUE);
  _vodup_sim_arm_body_faults (req, request_content_length (req));
}

void
_vodup_sim_blackhole_handle (SimRequest *req)
{
  put_object (req);
}
