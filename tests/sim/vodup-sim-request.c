/* vodup-sim-request.c: per-request context, routing and the /_sim/ routes
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vodup-sim-private.h"

#define REQUEST_KEY "vodup-sim-request"

/* Requests */

static void
sim_request_free (gpointer data)
{
  SimRequest *req = data;

  _vodup_sim_receiving_end (req);
  g_free (req->kind);
  g_free (req->request_id);
  g_free (req->bucket);
  g_free (req->region);
  g_free (req->path);
  g_free (req->object);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_free (req->secret_id);
  g_clear_pointer (&req->sink, _vodup_sim_sink_free);
  g_free (req);
}

SimRequest *
_vodup_sim_request_get (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), REQUEST_KEY);
}

/* The query as name → value, both decoded; "?uploads" gives "uploads" → "".
 * (soup_form_decode() drops parameters without "=".) */
static GHashTable *
parse_query (const char *query)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = NULL;

  if (query == NULL)
    return table;

  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq = strchr (pairs[i], '=');
      char *name;
      char *value;

      if (pairs[i][0] == '\0')
        continue;
      if (eq != NULL)
        *eq = '\0';
      name = g_uri_unescape_string (pairs[i], NULL);
      value = g_uri_unescape_string (eq ? eq + 1 : "", NULL);
      if (name == NULL || value == NULL || g_hash_table_contains (table, name))
        {
          g_free (name);
          g_free (value);
          continue;
        }
      g_hash_table_insert (table, name, value);
    }

  return table;
}

static SimRequest *
sim_request_new (VodupSim          *self,
                 SoupServerMessage *msg)
{
  SimRequest *req = g_new0 (SimRequest, 1);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *host;

  req->sim = self;
  req->msg = msg;
  req->request_id = g_uuid_string_random ();
  req->path = g_strdup (g_uri_get_path (uri));
  req->query = parse_query (g_uri_get_query (uri));
  req->drop_after = -1;
  req->stall_after = -1;

  host = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Host");
  if (host && _vodup_sim_cos_parse_host (host, &req->bucket, &req->region))
    req->route = SIM_ROUTE_COS;
  else if (g_str_has_prefix (req->path, "/_sim/blackhole/"))
    req->route = SIM_ROUTE_BLACKHOLE;
  else if (g_str_has_prefix (req->path, "/_sim/"))
    req->route = SIM_ROUTE_ADMIN;
  else
    req->route = SIM_ROUTE_VOD;

  g_object_set_data_full (G_OBJECT (msg), REQUEST_KEY, req, sim_request_free);
  return req;
}

/* Failures */

gboolean
_vodup_sim_fail (SimFailure *failure,
                 guint       status,
                 const char *code,
                 const char *format,
                 ...)
{
  va_list args;

  g_assert (failure != NULL);

  g_free (failure->message);
  failure->status = status;
  failure->code = code;
  va_start (args, format);
  failure->message = g_strdup_vprintf (format, args);
  va_end (args);

  return FALSE;
}

void
_vodup_sim_failure_clear (SimFailure *failure)
{
  g_clear_pointer (&failure->message, g_free);
  failure->code = NULL;
  failure->status = 0;
}

void
_vodup_sim_reply_json (SoupServerMessage *msg,
                       guint              status,
                       JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  char *text;
  gsize length;

  json_node_set_object (node, object);
  text = json_to_string (node, FALSE);
  length = strlen (text);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, length);
}

/* The /_sim/ administration routes */

static void
admin_reply_ok (SoupServerMessage *msg)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_boolean_member (object, "ok", TRUE);
  _vodup_sim_reply_json (msg, SOUP_STATUS_OK, object);
}

static void
admin_reply_error (SoupServerMessage *msg,
                   guint              status,
                   const char        *message)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, "error", message);
  _vodup_sim_reply_json (msg, status, object);
}

static void
admin_set_faults (VodupSim          *self,
                  SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, length, &error))
    {
      admin_reply_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      admin_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "the body must be a JSON object");
      return;
    }

  vodup_sim_set_faults (self, json_node_get_object (root));
  admin_reply_ok (msg);
}

static void
admin_handle (VodupSim          *self,
              SimRequest        *req)
{
  SoupServerMessage *msg = req->msg;
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (req->path, "/_sim/state") && g_str_equal (method, "GET"))
    {
      g_autoptr(JsonObject) state = vodup_sim_dup_state (self);

      _vodup_sim_reply_json (msg, SOUP_STATUS_OK, state);
    }
  else if (g_str_equal (req->path, "/_sim/faults") && g_str_equal (method, "POST"))
    admin_set_faults (self, msg);
  else if (g_str_equal (req->path, "/_sim/reset") && g_str_equal (method, "POST"))
    {
      vodup_sim_reset (self);
      admin_reply_ok (msg);
    }
  else
    admin_reply_error (msg, SOUP_STATUS_NOT_FOUND, "no such simulator route");
}

/* Server callbacks (server thread) */

/* Date by the simulator's own clock (clock_offset), as a skewed server
 * would send it; libsoup's own Date uses the real time. */
static void
set_date_header (VodupSim          *self,
                 SoupServerMessage *msg)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (_vodup_sim_now (self));
  g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Date", date);
}

void
_vodup_sim_early_handler_cb (SoupServer        *server,
                             SoupServerMessage *msg,
                             const char        *path,
                             GHashTable        *query,
                             gpointer           user_data)
{
  SimRequest *req = sim_request_new (VODUP_SIM (user_data), msg);

  set_date_header (req->sim, msg);

  if (req->route != SIM_ROUTE_ADMIN)
    {
      _vodup_sim_track_socket (req);
      if (!_vodup_sim_check_offline (req))
        return;
    }

  switch (req->route)
    {
    case SIM_ROUTE_COS:
      _vodup_sim_cos_early (req);
      break;
    case SIM_ROUTE_BLACKHOLE:
      _vodup_sim_blackhole_early (req);
      break;
    case SIM_ROUTE_VOD:
      _vodup_sim_vod_early (req);
      break;
    case SIM_ROUTE_ADMIN:
    default:
      return;
    }

  /* Rejected already: the reply goes out once the body is read (or at
   * once with "Expect: 100-continue"). */
  if (soup_server_message_get_status (msg) != 0)
    _vodup_sim_delay_reply (req);
}

void
_vodup_sim_handler_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           user_data)
{
  VodupSim *self = user_data;
  SimRequest *req = _vodup_sim_request_get (msg);

  if (req == NULL)
    req = sim_request_new (self, msg);
  set_date_header (self, msg);

  switch (req->route)
    {
    case SIM_ROUTE_COS:
      _vodup_sim_cos_handle (req);
      break;
    case SIM_ROUTE_BLACKHOLE:
      _vodup_sim_blackhole_handle (req);
      break;
    case SIM_ROUTE_VOD:
      _vodup_sim_vod_handle (req);
      break;
    case SIM_ROUTE_ADMIN:
    default:
      admin_handle (self, req);
      return;
    }

  _vodup_sim_delay_reply (req);
}
