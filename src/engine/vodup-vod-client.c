/* vodup-vod-client.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vodup-endpoint.h"
#include "vodup-error.h"
#include "vodup-tc3-signer.h"
#include "vodup-session.h"
#include "vodup-vod-client-private.h"

/* tencent-vod-api.md §1.2 */
#define VOD_SERVICE       "vod"
#define VOD_VERSION       "2018-07-17"
#define VOD_REGION        "ap-guangzhou"
/* Signed byte for byte: libsoup must send exactly this. */
#define VOD_CONTENT_TYPE  "application/json; charset=utf-8"


struct _VodupVodClient
{
  GObject                  parent_instance;
  VodupCredentialProvider *provider;
  SoupSession             *session;
  GUri                    *uri;
  char                    *endpoint;
  char                    *host;
  const char              *language;
  gint64                   clock_offset;
};

G_DEFINE_FINAL_TYPE (VodupVodClient, vodup_vod_client, G_TYPE_OBJECT)

#define API_MAX_ATTEMPTS 4
#define API_BACKOFF_MS   500

/* One request in flight. The credentials are kept because ApplyUpload
 * falls back to them when VOD hands out no temporary ones. */
typedef struct
{
  char             *action;
  GBytes           *body;
  VodupCredentials *credentials;
  guint             attempt;
  gboolean          resigned;   /* sent again with the server's time */
} CallData;

static void
call_data_free (CallData *data)
{
  g_free (data->action);
  g_bytes_unref (data->body);
  g_clear_pointer (&data->credentials, vodup_credentials_unref);
  g_free (data);
}

static void
vodup_vod_client_finalize (GObject *object)
{
  VodupVodClient *self = VODUP_VOD_CLIENT (object);

  g_clear_object (&self->provider);
  g_clear_object (&self->session);
  g_clear_pointer (&self->uri, g_uri_unref);
  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->host, g_free);

  G_OBJECT_CLASS (vodup_vod_client_parent_class)->finalize (object);
}

static void
vodup_vod_client_class_init (VodupVodClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vodup_vod_client_finalize;
}

/* Tencent's own messages are only ever logged, but in the user's language. */
static const char *
pick_language (void)
{
  const char * const *names = g_get_language_names ();

  return g_str_has_prefix (names[0], "zh") ? "zh-CN" : "en-US";
}

static void
vodup_vod_client_init (VodupVodClient *self)
{
  self->language = pick_language ();
}

VodupVodClient *
vodup_vod_client_new (VodupCredentialProvider  *provider,
                      SoupSession              *session,
                      const char               *endpoint,
                      GError                  **error)
{
  g_autoptr(VodupVodClient) self = NULL;
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (VODUP_IS_CREDENTIAL_PROVIDER (provider), NULL);
  g_return_val_if_fail (!session || SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (endpoint == NULL)
    endpoint = g_getenv ("VODUP_API_ENDPOINT");
  if (endpoint == NULL || *endpoint == '\0')
    endpoint = VODUP_DEFAULT_API_ENDPOINT;

  if (!(uri = vodup_endpoint_parse (endpoint, error)))
    return NULL;

  self = g_object_new (VODUP_TYPE_VOD_CLIENT, NULL);
  self->provider = g_object_ref (provider);
  self->session = session ? g_object_ref (session) : vodup_session_new ();
  self->host = vodup_endpoint_host_header (uri);
  self->uri = g_steal_pointer (&uri);
  self->endpoint = g_strdup (endpoint);

  return g_steal_pointer (&self);
}

SoupSession *
vodup_vod_client_get_session (VodupVodClient *self)
{
  g_return_val_if_fail (VODUP_IS_VOD_CLIENT (self), NULL);

  return self->session;
}

VodupCredentialProvider *
vodup_vod_client_get_provider (VodupVodClient *self)
{
  g_return_val_if_fail (VODUP_IS_VOD_CLIENT (self), NULL);

  return self->provider;
}

const char *
vodup_vod_client_get_endpoint (VodupVodClient *self)
{
  g_return_val_if_fail (VODUP_IS_VOD_CLIENT (self), NULL);

  return self->endpoint;
}

void
vodup_vod_client_set_clock_offset (VodupVodClient *self,
                                   gint64          offset)
{
  g_return_if_fail (VODUP_IS_VOD_CLIENT (self));

  self->clock_offset = offset;
}

gint64
vodup_vod_client_get_clock_offset (VodupVodClient *self)
{
  g_return_val_if_fail (VODUP_IS_VOD_CLIENT (self), 0);

  return self->clock_offset;
}

static GBytes *
serialize_params (JsonObject *params)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  gsize length;
  char *data;

  json_node_set_object (root, params);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);

  return g_bytes_new_take (data, length);
}

/* The signed request, or NULL when it cannot be signed. */
static SoupMessage *
build_message (VodupVodClient *self,
               CallData       *data)
{
  VodupTc3Request request = { 0 };
  g_autofree char *authorization = NULL;
  g_autofree char *timestamp = NULL;
  SoupMessageHeaders *headers;
  const char *token;
  SoupMessage *msg;
  gsize length;

  request.secret_id = vodup_credentials_get_secret_id (data->credentials);
  request.secret_key = vodup_credentials_get_secret_key (data->credentials);
  request.service = VOD_SERVICE;
  request.host = self->host;
  request.content_type = VOD_CONTENT_TYPE;
  request.action = data->action;
  request.timestamp = g_get_real_time () / G_USEC_PER_SEC + self->clock_offset;
  request.body = g_bytes_get_data (data->body, &length);
  request.body_length = length;

  /* NULL only for impossible input, such as a clock offset before 1970. */
  if (!(authorization = vodup_tc3_authorization (&request)))
    return NULL;
  timestamp = g_strdup_printf ("%" G_GINT64_FORMAT, request.timestamp);

  msg = soup_message_new_from_uri (SOUP_METHOD_POST, self->uri);
  soup_message_set_request_body_from_bytes (msg, VOD_CONTENT_TYPE, data->body);

  headers = soup_message_get_request_headers (msg);
  /* The Host that was signed, whatever libsoup would have written. */
  soup_message_headers_replace (headers, "Host", self->host);
  soup_message_headers_replace (headers, "Content-Type", VOD_CONTENT_TYPE);
  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "X-TC-Action", data->action);
  soup_message_headers_replace (headers, "X-TC-Timestamp", timestamp);
  soup_message_headers_replace (headers, "X-TC-Version", VOD_VERSION);
  soup_message_headers_replace (headers, "X-TC-Region", VOD_REGION);
  soup_message_headers_replace (headers, "X-TC-Language", self->language);
  if ((token = vodup_credentials_get_token (data->credentials)) != NULL)
    soup_message_headers_replace (headers, "X-TC-Token", token);

  return msg;
}

/* {"Response": {…}} or NULL. */
static JsonObject *
envelope_response (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  JsonObject *response;
  JsonNode *root;

  if (length == 0 || !json_parser_load_from_data (parser, data, length, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  response = _vodup_json_get_object (json_node_get_object (root), "Response");

  return response ? json_object_ref (response) : NULL;
}

static GError *
http_status_error (guint       status,
                   JsonObject *response)
{
  JsonObject *remote_error = response ? _vodup_json_get_object (response, "Error") : NULL;
  const char *request_id = response ? _vodup_json_get_string (response, "RequestId") : NULL;
  const char *remote_code = remote_error ? _vodup_json_get_string (remote_error, "Code") : NULL;
  g_autofree char *message = NULL;
  VodupError code;

  if (status >= 500)
    code = VODUP_ERROR_SERVER;
  else if (status == 429)
    code = VODUP_ERROR_THROTTLED;
  else
    code = VODUP_ERROR_NETWORK;   /* a proxy or portal, not VOD */

  if (code == VODUP_ERROR_NETWORK)
    message = g_strdup_printf (_("Something between this computer and Tencent Cloud answered "
                                 "with HTTP status %u. Check the network and proxy settings."),
                               status);
  else
    message = g_strdup_printf (_("Tencent Cloud is temporarily unavailable (HTTP status %u). "
                                 "Try again later."), status);

  return vodup_error_new_remote (code, remote_code, request_id, message);
}

static JsonObject *
parse_answer (const char  *action,
              guint        status,
              GBytes      *body,
              GError     **error)
{
  g_autoptr(JsonObject) response = envelope_response (body);
  JsonObject *remote_error;
  const char *request_id;

  if (status != SOUP_STATUS_OK)
    {
      g_propagate_error (error, http_status_error (status, response));
      return NULL;
    }

  if (response == NULL)
    {
      g_propagate_error (error, _vodup_vod_client_protocol_error (action, NULL));
      return NULL;
    }

  request_id = _vodup_json_get_string (response, "RequestId");
  if ((remote_error = _vodup_json_get_object (response, "Error")) != NULL)
    {
      const char *code = _vodup_json_get_string (remote_error, "Code");
      const char *message = _vodup_json_get_string (remote_error, "Message");

      g_debug ("%s failed with %s (RequestId %s)", action, code, request_id);
      g_propagate_error (error, vodup_error_from_tencent (code, message, request_id));
      return NULL;
    }

  g_debug ("%s succeeded (RequestId %s)", action, request_id);

  return g_steal_pointer (&response);
}

static void send_request (GTask *task);

/* The server's clock, from the Date header of any answer: signatures use
 * it from then on (VOD refuses timestamps more than five minutes off). */
static void
learn_clock (VodupVodClient *self,
             SoupMessage    *msg)
{
  gint64 offset;

  /* Date has one-second resolution: keep small offsets as they are. */
  if (vodup_session_server_offset (msg, &offset) && ABS (offset - self->clock_offset) > 2)
    {
      g_debug ("Clock offset to %s is now %" G_GINT64_FORMAT " s", self->host, offset);
      self->clock_offset = offset;
    }
}

static gboolean
retry_cb (gpointer user_data)
{
  send_request (user_data);

  return G_SOURCE_REMOVE;
}

static void
network_back_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!vodup_network_gate_wait_finish (VODUP_NETWORK_GATE (object), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  send_request (task);
}

/* Network errors, 5xx and throttling are retried with exponential backoff
 * and jitter; a failed connection while the system has no network waits
 * for it instead, without counting an attempt. CommitUpload only when it
 * surely never reached VOD: a commit that may have succeeded is not
 * repeated blindly. */
static gboolean
schedule_retry (GTask        *task,
                const GError *transport_error,
                const GError *error)
{
  CallData *data = g_task_get_task_data (task);
  VodupNetworkGate *gate = vodup_network_gate_get_default ();
  guint delay;

  if (g_str_equal (data->action, "CommitUpload") && vodup_error_is_transient (error) &&
      (transport_error == NULL || !vodup_error_is_unsent (transport_error)))
    return FALSE;
  if (vodup_network_gate_is_offline_failure (gate, error))
    {
      g_debug ("%s: waiting for the network after: %s", data->action, error->message);
      vodup_network_gate_wait_async (gate, g_task_get_cancellable (task), network_back_cb, task);
      return TRUE;
    }
  if (data->attempt + 1 >= API_MAX_ATTEMPTS || !vodup_error_is_transient (error))
    return FALSE;

  delay = API_BACKOFF_MS << data->attempt;
  delay += g_random_int_range (0, delay / 2 + 1);
  data->attempt++;
  g_debug ("%s: retry %u in %u ms after: %s", data->action, data->attempt, delay, error->message);
  g_timeout_add (delay, retry_cb, task);

  return TRUE;
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  GTask *task = user_data;
  VodupVodClient *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) transport_error = NULL;
  GError *error = NULL;
  JsonObject *response = NULL;
  SoupMessage *msg;

  msg = soup_session_get_async_result_message (session, result);
  body = soup_session_send_and_read_finish (session, result, &transport_error);
  if (msg != NULL)
    learn_clock (self, msg);

  if (body == NULL)
    error = vodup_session_error_from_transport (self->session, transport_error);
  else
    response = parse_answer (data->action, soup_message_get_status (msg), body, &error);

  if (response != NULL)
    {
      g_task_return_pointer (task, response, (GDestroyNotify) json_object_unref);
      g_object_unref (task);
      return;
    }

  if (g_error_matches (error, VODUP_ERROR, VODUP_ERROR_CLOCK_SKEW) && !data->resigned)
    {
      /* The answer's Date told us the server's time: sign with it. */
      data->resigned = TRUE;
      g_clear_error (&error);
      send_request (task);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      g_clear_error (&error);
      g_object_unref (task);
      return;
    }

  if (schedule_retry (task, transport_error, error))
    {
      g_clear_error (&error);   /* the retry's timeout holds the task now */
      return;
    }

  if (g_error_matches (error, VODUP_ERROR, VODUP_ERROR_CLOCK_SKEW))
    {
      GError *plain = vodup_error_new_clock_skew (self->clock_offset,
                                                  vodup_error_get_remote_code (error),
                                                  vodup_error_get_request_id (error));
      g_clear_error (&error);
      error = plain;
    }

  g_task_return_error (task, error);
  g_object_unref (task);
}

/* Signs (with the current time and clock offset) and sends; takes the
 * task's reference. */
static void
send_request (GTask *task)
{
  VodupVodClient *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = NULL;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (!(msg = build_message (self, data)))
    {
      g_task_return_new_error (task, VODUP_ERROR, VODUP_ERROR_FAILED,
                               _("The request to Tencent Cloud could not be signed."));
      g_object_unref (task);
      return;
    }

  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), send_cb, task);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CallData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->credentials = vodup_credential_provider_lookup_finish (VODUP_CREDENTIAL_PROVIDER (object),
                                                               result, &error);
  if (data->credentials == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (VODUP_ERROR, VODUP_ERROR_NO_CREDENTIALS,
                                     _("No API key is set."));
      g_task_return_error (task, error);
      return;
    }

  send_request (g_steal_pointer (&task));
}

void
vodup_vod_client_call_async (VodupVodClient      *self,
                             const char          *action,
                             JsonObject          *params,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CallData *data;

  g_return_if_fail (VODUP_IS_VOD_CLIENT (self));
  g_return_if_fail (action != NULL && *action != '\0');
  g_return_if_fail (params != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vodup_vod_client_call_async);

  /* Serialized now: the caller may change params once we return. */
  data = g_new0 (CallData, 1);
  data->action = g_strdup (action);
  data->body = serialize_params (params);
  g_task_set_task_data (task, data, (GDestroyNotify) call_data_free);

  vodup_credential_provider_lookup_async (self->provider, cancellable,
                                          lookup_cb, g_steal_pointer (&task));
}

JsonObject *
vodup_vod_client_call_finish (VodupVodClient  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (VODUP_IS_VOD_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The keys a finished call was signed with. */
VodupCredentials *
_vodup_vod_client_call_get_credentials (GAsyncResult *result)
{
  CallData *data = g_task_get_task_data (G_TASK (result));

  g_assert (g_task_get_source_tag (G_TASK (result)) == vodup_vod_client_call_async);

  return data->credentials;
}

GError *
_vodup_vod_client_protocol_error (const char *action,
                                  JsonObject *response)
{
  g_autofree char *message = NULL;

  /* Translators: %s is a VOD API action such as ApplyUpload. */
  message = g_strdup_printf (_("Tencent Cloud’s answer to %s could not be understood."), action);

  return vodup_error_new_remote (VODUP_ERROR_PROTOCOL, NULL,
                                 response ? _vodup_json_get_string (response, "RequestId") : NULL,
                                 message);
}

/* 0 means "not chosen": older accounts may leave it out (§8.2). */
void
_vodup_json_builder_add_sub_app_id (JsonBuilder *builder,
                                    guint64      sub_app_id)
{
  if (sub_app_id != 0)
    _vodup_json_builder_add_int (builder, "SubAppId", (gint64) sub_app_id);
}
