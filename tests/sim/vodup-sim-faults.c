/* vodup-sim-faults.c: injected failures, delays, stalls and dropped connections
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vodup-sim-private.h"

#define DEFAULT_CREDENTIAL_LIFETIME 3600

void
_vodup_sim_faults_init (SimFaults *faults)
{
  memset (faults, 0, sizeof *faults);
  faults->credential_lifetime = DEFAULT_CREDENTIAL_LIFETIME;
  faults->fail_rand = g_rand_new ();
}

void
_vodup_sim_faults_clear (SimFaults *faults)
{
  g_clear_pointer (&faults->fail_kind, g_free);
  g_clear_pointer (&faults->drop_kind, g_free);
  g_clear_pointer (&faults->stall_kind, g_free);
  g_clear_pointer (&faults->fail_rand, g_rand_free);
}

/* Parsing: every key is optional; JSON null puts a key back to its default. */

static gboolean
member_is_null (JsonObject *object,
                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

static gint64
get_int (JsonObject *object,
         const char *name,
         gint64      fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  return json_node_get_int (node);
}

static double
get_double (JsonObject *object,
            const char *name,
            double      fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  return json_node_get_double (node);
}

static char *
dup_kind (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "kind");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (node));
}

static void
merge_fail_nth (SimFaults  *faults,
                JsonObject *faults_json)
{
  JsonObject *fail;

  g_clear_pointer (&faults->fail_kind, g_free);
  faults->fail_armed = FALSE;
  if (!(fail = get_object (faults_json, "fail_nth")))
    return;

  faults->fail_armed = TRUE;
  faults->fail_n = MAX (1, get_int (fail, "n", 1));
  faults->fail_seen = 0;
  faults->fail_status = (guint) CLAMP (get_int (fail, "status", 503), 500, 599);
  faults->fail_kind = dup_kind (fail);
}

static void
merge_drop (SimFaults  *faults,
            JsonObject *faults_json)
{
  JsonObject *drop;

  g_clear_pointer (&faults->drop_kind, g_free);
  faults->drop_armed = FALSE;
  if (!(drop = get_object (faults_json, "drop_after_bytes")))
    return;

  faults->drop_armed = TRUE;
  faults->drop_n = MAX (0, get_int (drop, "n", 0));
  faults->drop_kind = dup_kind (drop);
}

static void
merge_stall (SimFaults  *faults,
             JsonObject *faults_json)
{
  JsonObject *stall;

  g_clear_pointer (&faults->stall_kind, g_free);
  faults->stall_count = 0;
  if (!(stall = get_object (faults_json, "stall")))
    return;

  faults->stall_count = (guint) CLAMP (get_int (stall, "count", 1), 1, 10000);
  faults->stall_after = MAX (0, get_int (stall, "after_bytes", 0));
  faults->stall_seconds = (guint) CLAMP (get_int (stall, "seconds", 1), 0, 3600);
  faults->stall_kind = dup_kind (stall);
}

static void
expire_credentials_locked (VodupSim *self)
{
  gint64 now = _vodup_sim_now_locked (self);

  for (guint i = 0; i < self->applies->len; i++)
    {
      SimApply *apply = g_ptr_array_index (self->applies, i);

      apply->expired_time = MIN (apply->expired_time, now);
    }
}

/* Closing connections, as a network that went away (or a suspend) does */

/* Connections of VOD and COS requests, kept to be closed on demand (not
 * the control API's own: its reply must still go out). */
void
_vodup_sim_track_socket (SimRequest *req)
{
  GSocket *socket = soup_server_message_get_socket (req->msg);
  GPtrArray *sockets = req->sim->sockets;

  for (guint i = sockets->len; i > 0; i--)
    if (g_socket_is_closed (g_ptr_array_index (sockets, i - 1)))
      g_ptr_array_remove_index_fast (sockets, i - 1);

  if (socket != NULL && !g_ptr_array_find (sockets, socket, NULL))
    g_ptr_array_add (sockets, g_object_ref (socket));
}

static gboolean
close_connections_cb (gpointer user_data)
{
  VodupSim *self = user_data;
  gint64 closed = 0;

  /* shutdown(), not close(): the server still owns the sockets and
   * notices the end itself; clients see their connection end. */
  for (guint i = 0; i < self->sockets->len; i++)
    {
      GSocket *socket = g_ptr_array_index (self->sockets, i);

      if (!g_socket_is_closed (socket) && g_socket_shutdown (socket, TRUE, TRUE, NULL))
        closed++;
    }
  g_ptr_array_set_size (self->sockets, 0);

  g_mutex_lock (&self->mutex);
  _vodup_sim_count_locked (self, "closed_connections", closed);
  g_mutex_unlock (&self->mutex);

  return G_SOURCE_REMOVE;
}

static void
close_connections_later (VodupSim *self)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_callback (source, close_connections_cb, self, NULL);
  g_source_attach (source, self->context);
}

/* Every request's connection is dropped once its headers are in. */
gboolean
_vodup_sim_check_offline (SimRequest *req)
{
  gboolean offline;

  g_mutex_lock (&req->sim->mutex);
  offline = req->sim->faults.offline;
  g_mutex_unlock (&req->sim->mutex);

  if (offline)
    _vodup_sim_drop_connection (req);

  return !offline;
}

static const char * const known_keys[] = {
  "clock_offset", "credential_lifetime", "expire_credentials", "require_sub_app_id",
  "delay_ms", "fail_nth", "fail_rate", "seed", "drop_after_bytes", "stall",
  "offline", "close_connections",
};

static void
warn_unknown_keys (JsonObject *faults_json)
{
  g_autoptr(GList) names = json_object_get_members (faults_json);

  for (const GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains ((const char * const *) known_keys, l->data))
      g_message ("vodup-sim: ignoring unknown fault “%s”", (const char *) l->data);
}

void
_vodup_sim_faults_merge_locked (VodupSim   *self,
                                JsonObject *faults_json)
{
  SimFaults *faults = &self->faults;

  if (json_object_has_member (faults_json, "clock_offset"))
    faults->clock_offset = get_int (faults_json, "clock_offset", 0);
  if (json_object_has_member (faults_json, "credential_lifetime"))
    faults->credential_lifetime = get_int (faults_json, "credential_lifetime",
                                           DEFAULT_CREDENTIAL_LIFETIME);
  if (json_object_has_member (faults_json, "require_sub_app_id"))
    faults->require_sub_app_id = get_int (faults_json, "require_sub_app_id", FALSE) != 0;
  if (json_object_has_member (faults_json, "delay_ms"))
    faults->delay_ms = MAX (0, get_int (faults_json, "delay_ms", 0));
  if (json_object_has_member (faults_json, "fail_nth"))
    merge_fail_nth (faults, faults_json);
  if (json_object_has_member (faults_json, "fail_rate"))
    faults->fail_rate = CLAMP (get_double (faults_json, "fail_rate", 0.0), 0.0, 1.0);
  if (json_object_has_member (faults_json, "seed") && !member_is_null (faults_json, "seed"))
    g_rand_set_seed (faults->fail_rand, (guint32) get_int (faults_json, "seed", 0));
  if (json_object_has_member (faults_json, "drop_after_bytes"))
    merge_drop (faults, faults_json);
  if (json_object_has_member (faults_json, "stall"))
    merge_stall (faults, faults_json);
  if (get_int (faults_json, "expire_credentials", FALSE))
    expire_credentials_locked (self);
  if (json_object_has_member (faults_json, "offline"))
    faults->offline = get_int (faults_json, "offline", FALSE) != 0;
  if (get_int (faults_json, "close_connections", FALSE) && self->context != NULL)
    close_connections_later (self);

  warn_unknown_keys (faults_json);
}

/* Checks at the start of a request */

static gboolean
kind_matches (const char *wanted,
              const char *kind)
{
  return wanted == NULL || g_strcmp0 (wanted, kind) == 0;
}

static const char *
failure_code (guint status)
{
  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    return "ServiceUnavailable";
  return "InternalError";
}

gboolean
_vodup_sim_check_fail (SimRequest *req,
                       SimFailure *failure)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&req->sim->mutex);
  SimFaults *faults = &req->sim->faults;

  if (faults->fail_armed && kind_matches (faults->fail_kind, req->kind) &&
      ++faults->fail_seen >= faults->fail_n)
    {
      guint status = faults->fail_status;

      faults->fail_armed = FALSE;
      return _vodup_sim_fail (failure, status, failure_code (status),
                              "Injected failure (fail_nth).");
    }

  if (req->route == SIM_ROUTE_COS && faults->fail_rate > 0 &&
      g_rand_double (faults->fail_rand) < faults->fail_rate)
    return _vodup_sim_fail (failure, SOUP_STATUS_SERVICE_UNAVAILABLE,
                            g_rand_boolean (faults->fail_rand) ? "SlowDown" : "ServiceUnavailable",
                            "Injected failure (fail_rate); reduce your request rate.");

  return TRUE;
}

/* Pausing and resuming messages. Sources are kept in self->pending so that
 * stopping the server can cancel them before it lets go of the messages. */

typedef struct
{
  VodupSim          *sim;
  SoupServerMessage *msg;
  GSource           *source;
  GSourceFunc        func;
} SimResume;

static void
sim_resume_free (gpointer data)
{
  SimResume *resume = data;

  g_object_unref (resume->msg);
  g_free (resume);
}

static gboolean
sim_resume_cb (gpointer data)
{
  SimResume *resume = data;

  resume->func (resume->msg);
  if (g_ptr_array_remove_fast (resume->sim->pending, resume->source))
    g_source_unref (resume->source);

  return G_SOURCE_REMOVE;
}

static void
schedule (SimRequest  *req,
          guint        ms,
          GSourceFunc  func)
{
  SimResume *resume = g_new0 (SimResume, 1);

  resume->sim = req->sim;
  resume->msg = g_object_ref (req->msg);
  resume->func = func;
  resume->source = g_timeout_source_new (ms);
  g_source_set_callback (resume->source, sim_resume_cb, resume, sim_resume_free);
  g_ptr_array_add (req->sim->pending, resume->source);
  g_source_attach (resume->source, req->sim->context);
}

void
_vodup_sim_cancel_pending (VodupSim *self)
{
  for (guint i = 0; i < self->pending->len; i++)
    {
      GSource *source = g_ptr_array_index (self->pending, i);

      g_source_destroy (source);
      g_source_unref (source);
    }
  g_ptr_array_set_size (self->pending, 0);
}

static gboolean
unpause_cb (gpointer data)
{
  soup_server_message_unpause (SOUP_SERVER_MESSAGE (data));
  return G_SOURCE_REMOVE;
}

void
_vodup_sim_delay_reply (SimRequest *req)
{
  gint64 delay_ms;

  g_mutex_lock (&req->sim->mutex);
  delay_ms = req->sim->faults.delay_ms;
  g_mutex_unlock (&req->sim->mutex);

  if (delay_ms <= 0)
    return;

  /* A paused message writes nothing, so the reply waits. */
  soup_server_message_pause (req->msg);
  schedule (req, (guint) MIN (delay_ms, G_MAXUINT), unpause_cb);
}

void
_vodup_sim_stall (SimRequest *req)
{
  guint seconds = req->stall_seconds;

  req->stall_after = -1;
  g_mutex_lock (&req->sim->mutex);
  _vodup_sim_count_locked (req->sim, "stalls", 1);
  g_mutex_unlock (&req->sim->mutex);

  /* A paused message reads nothing: the client's writes back up. */
  soup_server_message_pause (req->msg);
  schedule (req, seconds * 1000, unpause_cb);
}

static gboolean
drop_cb (gpointer data)
{
  SoupServerMessage *msg = data;
  GSocket *borrowed = soup_server_message_get_socket (msg);
  g_autoptr(GSocket) socket = borrowed ? g_object_ref (borrowed) : NULL;
  g_autoptr(GIOStream) stream = NULL;

  /* Stealing takes the connection away from the server without a reply;
   * closing the socket then resets it under the client's feet. */
  g_object_ref (msg);
  stream = soup_server_message_steal_connection (msg);
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
  if (socket != NULL)
    g_socket_close (socket, NULL);
  g_object_unref (msg);

  return G_SOURCE_REMOVE;
}

void
_vodup_sim_drop_connection (SimRequest *req)
{
  req->drop_after = -1;
  req->stall_after = -1;
  _vodup_sim_receiving_end (req);
  g_mutex_lock (&req->sim->mutex);
  _vodup_sim_count_locked (req->sim, "dropped_connections", 1);
  g_mutex_unlock (&req->sim->mutex);

  /* Not from inside libsoup's read loop: pause now, steal from a source. */
  soup_server_message_pause (req->msg);
  schedule (req, 0, drop_cb);
}

void
_vodup_sim_arm_body_faults (SimRequest *req,
                            gint64      content_length)
{
  SimFaults *faults = &req->sim->faults;

  if (content_length == 0)
    return;

  g_mutex_lock (&req->sim->mutex);
  if (faults->drop_armed && kind_matches (faults->drop_kind, req->kind) &&
      (content_length < 0 || content_length > faults->drop_n))
    {
      faults->drop_armed = FALSE;
      req->drop_after = faults->drop_n;
    }
  if (faults->stall_count > 0 && kind_matches (faults->stall_kind, req->kind) &&
      (content_length < 0 || content_length > faults->stall_after))
    {
      faults->stall_count--;
      req->stall_after = faults->stall_after;
      req->stall_seconds = faults->stall_seconds;
    }
  g_mutex_unlock (&req->sim->mutex);

  if (req->drop_after == 0)
    _vodup_sim_drop_connection (req);
  else if (req->stall_after == 0)
    _vodup_sim_stall (req);
}
