/* vodup-sim-vod.c: the VOD API 3.0 transport — TC3 checks, parameters, envelope
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vodup-tc3-signer.h"
#include "vodup-sim-private.h"

#define TC3_ALGORITHM "TC3-HMAC-SHA256"
#define API_VERSION   "2018-07-17"

/* Parameter types: s string, i integer, S string array, a array, o object. */
typedef struct
{
  const char *name;
  char        type;
  gboolean    required;
} SimParam;

typedef JsonObject *(*SimActionFunc) (VodupSim   *self,
                                      JsonObject *params,
                                      SimFailure *failure);

typedef struct
{
  const char     *name;
  const SimParam *params;
  SimActionFunc   func;
} SimAction;

static const SimParam apply_params[] = {
  { "MediaType", 's', TRUE }, { "SubAppId", 'i' }, { "MediaName", 's' }, { "CoverType", 's' },
  { "Procedure", 's' }, { "ExpireTime", 's' }, { "StorageRegion", 's' }, { "ClassId", 'i' },
  { "SourceContext", 's' }, { "SessionContext", 's' }, { "ExtInfo", 's' },
  { "MediaStoragePath", 's' }, { NULL },
};
static const SimParam commit_params[] = {
  { "VodSessionKey", 's', TRUE }, { "SubAppId", 'i' }, { NULL },
};
static const SimParam procedures_params[] = {
  { "SubAppId", 'i' }, { "Names", 'S' }, { "Type", 's' }, { "Offset", 'i' }, { "Limit", 'i' },
  { "SortBy", 'o' }, { NULL },
};
static const SimParam sub_app_only_params[] = {
  { "SubAppId", 'i' }, { NULL },
};
static const SimParam sub_apps_params[] = {
  { "Name", 's' }, { "Tags", 'a' }, { "Offset", 'i' }, { "Limit", 'i' }, { NULL },
};
static const SimParam tasks_params[] = {
  { "SubAppId", 'i' }, { "FileId", 's' }, { "Status", 's' }, { "CreateTime", 'o' },
  { "FinishTime", 'o' }, { "Sort", 'o' }, { "Limit", 'i' }, { "ScrollToken", 's' }, { NULL },
};
static const SimParam task_params[] = {
  { "TaskId", 's', TRUE }, { "SubAppId", 'i' }, { NULL },
};

static const SimAction actions[] = {
  { "ApplyUpload", apply_params, _vodup_sim_apply_upload },
  { "CommitUpload", commit_params, _vodup_sim_commit_upload },
  { "DescribeProcedureTemplates", procedures_params, _vodup_sim_describe_procedures },
  { "DescribeStorageRegions", sub_app_only_params, _vodup_sim_describe_regions },
  { "DescribeAllClass", sub_app_only_params, _vodup_sim_describe_classes },
  { "DescribeSubAppIds", sub_apps_params, _vodup_sim_describe_sub_apps },
  { "DescribeTasks", tasks_params, _vodup_sim_describe_tasks },
  { "DescribeTaskDetail", task_params, _vodup_sim_describe_task },
};

/* Replies: always HTTP 200 and Tencent's envelope, except injected 5xx. */

static void
vod_reply (SimRequest *req,
           guint       http_status,
           JsonObject *response)
{
  g_autoptr(JsonObject) envelope = json_object_new ();

  json_object_set_string_member (response, "RequestId", req->request_id);
  json_object_set_object_member (envelope, "Response", json_object_ref (response));
  _vodup_sim_reply_json (req->msg, http_status, envelope);
}

void
_vodup_sim_vod_reply_error (SimRequest *req,
                            guint       http_status,
                            const char *code,
                            const char *message)
{
  g_autoptr(JsonObject) response = json_object_new ();
  JsonObject *error = json_object_new ();

  json_object_set_string_member (error, "Code", code);
  json_object_set_string_member (error, "Message", message ? message : "");
  json_object_set_object_member (response, "Error", error);
  _vodup_sim_record_error (req->sim, req->kind, code, http_status);
  vod_reply (req, http_status, response);
}

static void
reply_failure (SimRequest *req,
               SimFailure *failure)
{
  guint status = failure->status ? failure->status : SOUP_STATUS_OK;

  _vodup_sim_vod_reply_error (req, status, failure->code, failure->message);
}

/* TC3-HMAC-SHA256 (tencent-vod-api.md §2) */

typedef struct
{
  char *secret_id;
  char *date;
  char *service;
  char *terminator;
  char *signed_headers;
  char *signature;
} Tc3Authorization;

static void
tc3_authorization_clear (Tc3Authorization *auth)
{
  g_free (auth->secret_id);
  g_free (auth->date);
  g_free (auth->service);
  g_free (auth->terminator);
  g_free (auth->signed_headers);
  g_free (auth->signature);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Tc3Authorization, tc3_authorization_clear)

/* "TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=…, Signature=…" */
static gboolean
parse_tc3_authorization (const char       *text,
                         Tc3Authorization *auth)
{
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) scope = NULL;

  if (!g_str_has_prefix (text, TC3_ALGORITHM " "))
    return FALSE;

  parts = g_strsplit (text + strlen (TC3_ALGORITHM " "), ", ", -1);
  if (g_strv_length (parts) != 3 ||
      !g_str_has_prefix (parts[0], "Credential=") ||
      !g_str_has_prefix (parts[1], "SignedHeaders=") ||
      !g_str_has_prefix (parts[2], "Signature="))
    return FALSE;

  scope = g_strsplit (parts[0] + strlen ("Credential="), "/", -1);
  if (g_strv_length (scope) != 4)
    return FALSE;

  auth->secret_id = g_strdup (scope[0]);
  auth->date = g_strdup (scope[1]);
  auth->service = g_strdup (scope[2]);
  auth->terminator = g_strdup (scope[3]);
  auth->signed_headers = g_strdup (parts[1] + strlen ("SignedHeaders="));
  auth->signature = g_strdup (parts[2] + strlen ("Signature="));
  return TRUE;
}

static gboolean
check_headers (SoupMessageHeaders *headers,
               SimFailure         *failure)
{
  static const char * const required[] = { "X-TC-Action", "X-TC-Timestamp", "X-TC-Version" };
  const char *content_type = soup_message_headers_get_one (headers, "Content-Type");
  const char *token = soup_message_headers_get_one (headers, "X-TC-Token");

  if (soup_message_headers_get_one (headers, "Authorization") == NULL)
    return _vodup_sim_fail (failure, 0, "AuthFailure.InvalidAuthorization",
                            "The Authorization header is missing.");
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (soup_message_headers_get_one (headers, required[i]) == NULL)
      return _vodup_sim_fail (failure, 0, "MissingParameter",
                              "The request is missing the %s header.", required[i]);
  if (g_strcmp0 (soup_message_headers_get_one (headers, "X-TC-Version"), API_VERSION) != 0)
    return _vodup_sim_fail (failure, 0, "NoSuchVersion",
                            "The VOD API version must be " API_VERSION ".");
  if (soup_message_headers_get_one (headers, "Host") == NULL)
    return _vodup_sim_fail (failure, 0, "AuthFailure.SignatureFailure",
                            "The signed Host header is missing.");
  if (content_type == NULL || g_ascii_strncasecmp (content_type, "application/json", 16) != 0)
    return _vodup_sim_fail (failure, 0, "InvalidParameter",
                            "Content-Type must be application/json.");
  if (token != NULL && *token != '\0')
    return _vodup_sim_fail (failure, 0, "AuthFailure.TokenFailure",
                            "X-TC-Token was sent with a permanent key.");

  return TRUE;
}

static char *
utc_date (gint64 timestamp)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (timestamp);

  return time ? g_date_time_format (time, "%Y-%m-%d") : g_strdup ("");
}

static gboolean
check_scope (const Tc3Authorization *auth,
             gint64                  timestamp,
             SimFailure             *failure)
{
  g_autofree char *date = utc_date (timestamp);

  if (!g_str_equal (auth->date, date) || !g_str_equal (auth->service, "vod") ||
      !g_str_equal (auth->terminator, "tc3_request"))
    return _vodup_sim_fail (failure, 0, "AuthFailure.SignatureFailure",
                            "The credential scope must be %s/vod/tc3_request.", date);

  /* The signer signs content-type and host, and x-tc-action when asked. */
  if (!g_str_equal (auth->signed_headers, "content-type;host") &&
      !g_str_equal (auth->signed_headers, "content-type;host;x-tc-action"))
    return _vodup_sim_fail (failure, 0, "AuthFailure.SignatureFailure",
                            "SignedHeaders must be content-type;host or "
                            "content-type;host;x-tc-action (simulator).");

  return TRUE;
}

static gboolean
check_tc3 (SimRequest *req,
           GBytes     *body,
           SimFailure *failure)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  g_auto(Tc3Authorization) auth = { 0, };
  g_autofree char *signature = NULL;
  VodupTc3Request request = { 0, };
  gint64 timestamp;
  gint64 now;

  if (!check_headers (headers, failure))
    return FALSE;
  if (!parse_tc3_authorization (soup_message_headers_get_one (headers, "Authorization"), &auth))
    return _vodup_sim_fail (failure, 0, "AuthFailure.InvalidAuthorization",
                            "The Authorization header is malformed.");
  if (!g_ascii_string_to_signed (soup_message_headers_get_one (headers, "X-TC-Timestamp"),
                                 10, 0, G_MAXINT64, &timestamp, NULL))
    return _vodup_sim_fail (failure, 0, "InvalidParameter", "X-TC-Timestamp is not a number.");

  now = _vodup_sim_now (req->sim);
  if (ABS (now - timestamp) > SIM_TC3_MAX_SKEW)
    return _vodup_sim_fail (failure, 0, "AuthFailure.SignatureExpire",
                            "Request timestamp %" G_GINT64_FORMAT " is more than %d s from "
                            "the server time %" G_GINT64_FORMAT ".",
                            timestamp, SIM_TC3_MAX_SKEW, now);
  if (!g_str_equal (auth.secret_id, VODUP_SIM_SECRET_ID))
    return _vodup_sim_fail (failure, 0, "AuthFailure.SecretIdNotFound",
                            "The SecretId is not found.");
  if (!check_scope (&auth, timestamp, failure))
    return FALSE;

  request.secret_id = auth.secret_id;
  request.secret_key = VODUP_SIM_SECRET_KEY;
  request.service = "vod";
  request.host = soup_message_headers_get_one (headers, "Host");
  request.content_type = soup_message_headers_get_one (headers, "Content-Type");
  request.action = strstr (auth.signed_headers, "x-tc-action")
                   ? soup_message_headers_get_one (headers, "X-TC-Action") : NULL;
  request.timestamp = timestamp;
  request.body = g_bytes_get_data (body, &request.body_length);

  signature = vodup_tc3_signature (&request);
  if (g_strcmp0 (signature, auth.signature) != 0)
    return _vodup_sim_fail (failure, 0, "AuthFailure.SignatureFailure",
                            "The provided credentials could not be validated. "
                            "Please check your signature is correct.");

  return TRUE;
}

/* Parameters */

static gboolean
param_has_type (JsonNode *node,
                char      type)
{
  switch (type)
    {
    case 's':
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
    case 'i':
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
    case 'o':
      return JSON_NODE_HOLDS_OBJECT (node);
    case 'a':
      return JSON_NODE_HOLDS_ARRAY (node);
    case 'S':
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return FALSE;
      for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
        if (!param_has_type (json_array_get_element (json_node_get_array (node), i), 's'))
          return FALSE;
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

static const SimParam *
find_param (const SimParam *params,
            const char     *name)
{
  for (; params->name != NULL; params++)
    if (g_str_equal (params->name, name))
      return params;

  return NULL;
}

static gboolean
check_params (const SimAction *action,
              JsonObject      *params,
              SimFailure      *failure)
{
  g_autoptr(GList) names = json_object_get_members (params);

  for (const GList *l = names; l != NULL; l = l->next)
    {
      const SimParam *param = find_param (action->params, l->data);

      if (param == NULL)
        return _vodup_sim_fail (failure, 0, "UnknownParameter",
                                "The parameter %s is not recognized.", (const char *) l->data);
      if (!param_has_type (json_object_get_member (params, param->name), param->type))
        return _vodup_sim_fail (failure, 0, "InvalidParameter",
                                "The parameter %s has the wrong type.", param->name);
    }

  for (const SimParam *param = action->params; param->name != NULL; param++)
    if (param->required && !json_object_has_member (params, param->name))
      return _vodup_sim_fail (failure, 0, "MissingParameter",
                              "The parameter %s is missing.", param->name);

  return TRUE;
}

static JsonObject *
parse_params (GBytes     *body,
              SimFailure *failure)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  JsonNode *root;

  if (length == 0 || !json_parser_load_from_data (parser, data, length, NULL) ||
      !(root = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_OBJECT (root))
    {
      _vodup_sim_fail (failure, 0, "InvalidParameter", "The body must be a JSON object.");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static const SimAction *
find_action (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_strcmp0 (actions[i].name, name) == 0)
      return &actions[i];

  return NULL;
}

/* Request flow */

void
_vodup_sim_vod_early (SimRequest *req)
{
  g_auto(SimFailure) failure = { 0, };
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *action = soup_message_headers_get_one (headers, "X-TC-Action");
  goffset length = soup_message_headers_get_content_length (headers);

  req->kind = g_strdup (action ? action : "");
  g_mutex_lock (&req->sim->mutex);
  _vodup_sim_count_locked (req->sim, "requests", 1);
  if (find_action (action) != NULL)
    _vodup_sim_count_locked (req->sim, action, 1);
  g_mutex_unlock (&req->sim->mutex);

  if (!_vodup_sim_check_fail (req, &failure))
    {
      soup_message_body_set_accumulate (soup_server_message_get_request_body (req->msg), FALSE);
      reply_failure (req, &failure);
    }
  else if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED ||
           length > SIM_MAX_API_BODY)
    {
      soup_message_body_set_accumulate (soup_server_message_get_request_body (req->msg), FALSE);
      _vodup_sim_vod_reply_error (req, SOUP_STATUS_OK, "RequestSizeLimitExceeded",
                                  "The request body must have a Content-Length of at most 1 MiB.");
    }
}

void
_vodup_sim_vod_handle (SimRequest *req)
{
  g_auto(SimFailure) failure = { 0, };
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(JsonObject) response = NULL;
  const SimAction *action = NULL;

  if (!g_str_equal (soup_server_message_get_method (req->msg), "POST"))
    _vodup_sim_fail (&failure, 0, "UnsupportedProtocol", "The simulator only accepts POST.");
  else if (check_tc3 (req, body, &failure))
    {
      if (!(action = find_action (req->kind)))
        _vodup_sim_fail (&failure, 0, "InvalidAction", "The action %s is not supported.", req->kind);
      else if ((params = parse_params (body, &failure)) && check_params (action, params, &failure))
        {
          g_mutex_lock (&req->sim->mutex);
          response = action->func (req->sim, params, &failure);
          g_mutex_unlock (&req->sim->mutex);
        }
    }

  if (response != NULL)
    vod_reply (req, SOUP_STATUS_OK, response);
  else
    reply_failure (req, &failure);
}
