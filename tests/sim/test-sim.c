/* test-sim.c: the simulator against hand-built, hand-signed requests
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "vodup-cos-signer.h"
#include "vodup-crc64.h"
#include "vodup-sim.h"
#include "vodup-tc3-signer.h"

#define MIB           (1024 * 1024)
#define CONTENT_TYPE  "application/json; charset=utf-8"
#define CHECK_CRC     "11051210869376104954"   /* CRC-64/XZ of "123456789" */
#define CHECK_ETAG    "\"25f9e794323b453885f5181f1b624d0b\""

typedef struct
{
  VodupSim    *sim;
  SoupSession *session;
  const char  *host;
} Fixture;

static SoupSession *
new_session (guint timeout)
{
  SoupSession *session = soup_session_new_with_options ("timeout", timeout, NULL);

  /* Loopback only, whatever the environment's proxy says. */
  g_object_set (session, "proxy-resolver", NULL, NULL);
  return session;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->sim = vodup_sim_new (TRUE, NULL);
  g_assert_true (vodup_sim_start (f->sim, 0, &error));
  g_assert_no_error (error);
  f->host = vodup_sim_get_uri (f->sim) + strlen ("http://");
  f->session = new_session (30);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  vodup_sim_stop (f->sim);
  g_clear_object (&f->sim);
}

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static JsonObject *
parse_object (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  g_assert_true (json_parser_load_from_data (parser, data, length, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* VOD API 3.0 */

/* Returns Response of a signed POST; secret_key and timestamp as given. */
static JsonObject *
vod_call_full (Fixture    *f,
               const char *action,
               const char *body,
               const char *secret_key,
               gint64      timestamp,
               guint      *http_status)
{
  g_autofree char *uri = g_strconcat (vodup_sim_get_uri (f->sim), "/", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonObject) envelope = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *timestamp_text = g_strdup_printf ("%" G_GINT64_FORMAT, timestamp);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  VodupTc3Request request = {
    VODUP_SIM_SECRET_ID, secret_key, "vod", f->host, CONTENT_TYPE, action, timestamp,
    (const guint8 *) body, strlen (body),
  };

  authorization = vodup_tc3_authorization (&request);
  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "X-TC-Action", action);
  soup_message_headers_replace (headers, "X-TC-Timestamp", timestamp_text);
  soup_message_headers_replace (headers, "X-TC-Version", "2018-07-17");
  soup_message_headers_replace (headers, "X-TC-Region", "ap-guangzhou");
  soup_message_set_request_body_from_bytes (msg, CONTENT_TYPE, request_body);

  reply = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  if (http_status != NULL)
    *http_status = soup_message_get_status (msg);
  else
    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);

  envelope = parse_object (reply);
  g_assert_true (json_object_has_member (envelope, "Response"));
  return json_object_ref (json_object_get_object_member (envelope, "Response"));
}

static JsonObject *
vod_call (Fixture    *f,
          const char *action,
          const char *body)
{
  return vod_call_full (f, action, body, VODUP_SIM_SECRET_KEY, now (), NULL);
}

static const char *
error_code (JsonObject *response)
{
  g_assert_nonnull (json_object_get_string_member (response, "RequestId"));
  if (!json_object_has_member (response, "Error"))
    return NULL;

  return json_object_get_string_member (json_object_get_object_member (response, "Error"), "Code");
}

static JsonObject *
apply_upload (Fixture    *f,
              const char *body)
{
  JsonObject *response = vod_call (f, "ApplyUpload", body);

  g_assert_null (error_code (response));
  return response;
}

/* COS */

typedef struct
{
  const char          *method;
  const char          *path;
  const VodupKeyValue *params;
  gsize                n_params;
  GBytes              *body;
  const char          *content_type;
  gint64               start_offset;
  gboolean             bad_key;
} CosCall;

static char *
query_string (const CosCall *call)
{
  GString *query = g_string_new (NULL);

  for (gsize i = 0; i < call->n_params; i++)
    {
      g_autofree char *value = g_uri_escape_string (call->params[i].value, NULL, FALSE);

      g_string_append (query, i == 0 ? "?" : "&");
      g_string_append (query, call->params[i].name);
      if (*value != '\0')
        g_string_append_printf (query, "=%s", value);
    }

  return g_string_free (query, FALSE);
}

static SoupMessage *
cos_send_with (Fixture       *f,
               SoupSession   *session,
               JsonObject    *apply,
               const CosCall *call,
               GBytes       **reply,
               GError       **error)
{
  JsonObject *certificate = json_object_get_object_member (apply, "TempCertificate");
  g_autofree char *host = g_strdup_printf ("%s.cos.%s.myqcloud.com",
                                           json_object_get_string_member (apply, "StorageBucket"),
                                           json_object_get_string_member (apply, "StorageRegion"));
  g_autofree char *path = g_uri_escape_string (call->path, "/", FALSE);
  g_autofree char *query = query_string (call);
  g_autofree char *uri = g_strconcat (vodup_sim_get_uri (f->sim), path, query, NULL);
  g_autofree char *length = NULL;
  g_autofree char *authorization = NULL;
  SoupMessage *msg = soup_message_new (call->method, uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  const char *token = json_object_get_string_member (certificate, "Token");
  VodupKeyValue signed_headers[4] = { { "host", host }, { "x-cos-security-token", token } };
  gsize n_headers = 2;
  VodupCosRequest request = { 0, };

  if (call->body != NULL)
    {
      length = g_strdup_printf ("%" G_GSIZE_FORMAT, g_bytes_get_size (call->body));
      signed_headers[n_headers++] = (VodupKeyValue) { "content-length", length };
      soup_message_set_request_body_from_bytes (msg, call->content_type, call->body);
    }
  if (call->content_type != NULL)
    signed_headers[n_headers++] = (VodupKeyValue) { "content-type", call->content_type };

  request.secret_id = json_object_get_string_member (certificate, "SecretId");
  request.secret_key = call->bad_key ? "notTheTemporarySecretKey" :
                       json_object_get_string_member (certificate, "SecretKey");
  request.method = call->method;
  request.path = call->path;
  request.params = call->params;
  request.n_params = call->n_params;
  request.headers = signed_headers;
  request.n_headers = n_headers;
  request.start_time = now () + call->start_offset;
  request.end_time = request.start_time + 3600;
  authorization = vodup_cos_authorization (&request);

  soup_message_headers_replace (headers, "Host", host);
  soup_message_headers_replace (headers, "x-cos-security-token", token);
  soup_message_headers_replace (headers, "Authorization", authorization);

  *reply = soup_session_send_and_read (session, msg, NULL, error);
  return msg;
}

static SoupMessage *
cos_send (Fixture       *f,
          JsonObject    *apply,
          const CosCall *call,
          GBytes       **reply)
{
  g_autoptr(GError) error = NULL;
  SoupMessage *msg = cos_send_with (f, f->session, apply, call, reply, &error);

  g_assert_no_error (error);
  return msg;
}

static const char *
response_header (SoupMessage *msg,
                 const char  *name)
{
  return soup_message_headers_get_one (soup_message_get_response_headers (msg), name);
}

/* The text of <element> in an XML reply (enough for these flat replies). */
static char *
xml_text (GBytes     *xml,
          const char *element)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (xml, NULL), g_bytes_get_size (xml));
  g_autofree char *open = g_strdup_printf ("<%s>", element);
  g_autofree char *close = g_strdup_printf ("</%s>", element);
  char *start = strstr (text, open);
  char *end;

  if (start == NULL)
    return NULL;
  start += strlen (open);
  end = strstr (start, close);
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

static void
assert_cos_error (SoupMessage *msg,
                  GBytes      *reply,
                  guint        status,
                  const char  *code)
{
  g_autofree char *reply_code = xml_text (reply, "Code");
  g_autofree char *request_id = xml_text (reply, "RequestId");

  g_assert_cmpuint (soup_message_get_status (msg), ==, status);
  g_assert_cmpstr (reply_code, ==, code);
  g_assert_nonnull (response_header (msg, "x-cos-request-id"));
  g_assert_cmpstr (request_id, ==, response_header (msg, "x-cos-request-id"));
}

static SoupMessage *
put_media (Fixture    *f,
           JsonObject *apply,
           GBytes     *body,
           GBytes    **reply)
{
  CosCall call = { "PUT", json_object_get_string_member (apply, "MediaStoragePath") };

  call.body = body;
  return cos_send (f, apply, &call, reply);
}

static GBytes *
check_bytes (void)
{
  return g_bytes_new_static ("123456789", 9);
}

static JsonObject *
dup_state_object (Fixture    *f,
                  const char *member)
{
  g_autoptr(JsonObject) state = vodup_sim_dup_state (f->sim);

  return json_object_ref (json_object_get_object_member (state, member));
}

/* Tests: VOD */

static void
test_apply_upload (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(JsonObject) state = NULL;
  JsonObject *certificate;
  JsonObject *recorded;

  response = apply_upload (f, "{\"MediaType\":\"mp4\",\"MediaName\":\"demo\",\"CoverType\":\"jpg\","
                              "\"SourceContext\":\"job-42\",\"SubAppId\":1500000002}");

  g_assert_cmpstr (json_object_get_string_member (response, "StorageRegion"), ==, "ap-chongqing");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (response, "StorageBucket"),
                                   "-" VODUP_SIM_APPID));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (response, "MediaStoragePath"), "/"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (response, "CoverStoragePath"), ".jpg"));
  certificate = json_object_get_object_member (response, "TempCertificate");
  g_assert_cmpint (json_object_get_int_member (certificate, "ExpiredTime"), >, now () + 3000);
  g_assert_nonnull (json_object_get_string_member (certificate, "Token"));

  state = vodup_sim_dup_state (f->sim);
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "ApplyUpload"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state, "applies")), ==, 1);
  recorded = json_array_get_object_element (json_object_get_array_member (state, "applies"), 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (recorded, "params"),
                                                  "SourceContext"), ==, "job-42");
  g_assert_cmpstr (json_object_get_string_member (recorded, "vod_session_key"), ==,
                   json_object_get_string_member (response, "VodSessionKey"));
  g_assert_false (json_object_get_boolean_member (recorded, "committed"));
}

static void
test_vod_wrong_key (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) response = NULL;

  response = vod_call_full (f, "ApplyUpload", "{\"MediaType\":\"mp4\"}",
                            "notTheSimulatorSecretKey00000000", now (), NULL);
  g_assert_cmpstr (error_code (response), ==, "AuthFailure.SignatureFailure");
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "errors"), ==, 1);
}

static void
test_vod_stale_timestamp (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(JsonObject) stale = NULL;
  g_autoptr(JsonObject) skewed = NULL;
  g_autoptr(JsonObject) ahead = NULL;
  g_autoptr(JsonObject) faults = json_object_new ();

  stale = vod_call_full (f, "ApplyUpload", "{\"MediaType\":\"mp4\"}", VODUP_SIM_SECRET_KEY,
                         now () - 600, NULL);
  g_assert_cmpstr (error_code (stale), ==, "AuthFailure.SignatureExpire");

  /* With the simulator's clock 1000 s ahead, "now" is stale and now+1000 is fine. */
  json_object_set_int_member (faults, "clock_offset", 1000);
  vodup_sim_set_faults (f->sim, faults);
  skewed = vod_call_full (f, "DescribeStorageRegions", "{}", VODUP_SIM_SECRET_KEY, now (), NULL);
  g_assert_cmpstr (error_code (skewed), ==, "AuthFailure.SignatureExpire");
  ahead = vod_call_full (f, "DescribeStorageRegions", "{}", VODUP_SIM_SECRET_KEY, now () + 1000, NULL);
  g_assert_null (error_code (ahead));
}

static void
test_vod_parameters (Fixture       *f,
                     gconstpointer  data)
{
  static const struct {
    const char *action;
    const char *body;
    const char *code;
  } cases[] = {
    { "ApplyUpload", "{\"MediaType\":\"mp4\",\"Procedure\":\"NoSuchFlow\"}", "InvalidParameterValue.Procedure" },
    { "ApplyUpload", "{\"MediaType\":\"mp4\",\"StorageRegion\":\"ap-singapore\"}", "InvalidParameterValue.StorageRegion" },
    { "ApplyUpload", "{\"MediaType\":\"mp4\",\"ClassId\":99}", "InvalidParameterValue.ClassId" },
    { "ApplyUpload", "{\"MediaType\":\"exe\"}", "InvalidParameterValue.MediaType" },
    { "ApplyUpload", "{\"MediaType\":\"mp4\",\"SubAppId\":\"1500000001\"}", "InvalidParameter" },
    { "ApplyUpload", "{\"MediaType\":\"mp4\",\"Colour\":\"red\"}", "UnknownParameter" },
    { "ApplyUpload", "{\"MediaName\":\"x\"}", "MissingParameter" },
    { "ApplyUpload", "not json", "InvalidParameter" },
    { "DeleteMedia", "{}", "InvalidAction" },
    { "DescribeTaskDetail", "{\"TaskId\":\"1500000001-procedurev2-00\"}", "InvalidParameterValue.TaskId" },
    { "CommitUpload", "{\"VodSessionKey\":\"nope\"}", "InvalidParameterValue.VodSessionKey" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) response = vod_call (f, cases[i].action, cases[i].body);

      g_assert_cmpstr (error_code (response), ==, cases[i].code);
    }
}

static void
test_vod_pickers (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) procedures = vod_call (f, "DescribeProcedureTemplates", "{\"Offset\":1,\"Limit\":1}");
  g_autoptr(JsonObject) regions = vod_call (f, "DescribeStorageRegions", "{\"SubAppId\":1500000001}");
  g_autoptr(JsonObject) classes = vod_call (f, "DescribeAllClass", "{}");
  g_autoptr(JsonObject) apps = vod_call (f, "DescribeSubAppIds", "{}");
  JsonArray *set;

  g_assert_cmpint (json_object_get_int_member (procedures, "TotalCount"), ==, 3);
  set = json_object_get_array_member (procedures, "ProcedureTemplateSet");
  g_assert_cmpuint (json_array_get_length (set), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (set, 0), "Name"),
                   ==, "SimpleAesEncryptPreset");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (regions, "StorageRegionInfos")), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (classes, "ClassInfoSet")), ==, 3);
  g_assert_cmpint (json_object_get_int_member (apps, "TotalCount"), ==, 2);
}

/* Tests: COS */

static void
test_put_object (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonObject) apply = apply_upload (f, "{\"MediaType\":\"mp4\"}");
  g_autoptr(GBytes) body = check_bytes ();
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(SoupMessage) msg = put_media (f, apply, body, &reply);
  g_autoptr(JsonObject) objects = NULL;
  g_autofree char *name = NULL;
  g_autofree char *stored = NULL;
  gsize stored_length;
  JsonObject *object;

  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (response_header (msg, "ETag"), ==, CHECK_ETAG);
  g_assert_cmpstr (response_header (msg, "x-cos-hash-crc64ecma"), ==, CHECK_CRC);
  g_assert_nonnull (response_header (msg, "x-cos-request-id"));

  objects = dup_state_object (f, "objects");
  name = g_strdup_printf ("/%s%s", json_object_get_string_member (apply, "StorageBucket"),
                          json_object_get_string_member (apply, "MediaStoragePath"));
  g_assert_true (json_object_has_member (objects, name));
  object = json_object_get_object_member (objects, name);
  g_assert_cmpint (json_object_get_int_member (object, "size"), ==, 9);
  g_assert_cmpstr (json_object_get_string_member (object, "crc64"), ==, CHECK_CRC);
  g_assert_true (g_file_get_contents (json_object_get_string_member (object, "path"),
                                      &stored, &stored_length, NULL));
  g_assert_cmpmem (stored, stored_length, "123456789", 9);
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "body_bytes"), ==, 9);
}

static void
test_cos_bad_signature (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) apply = apply_upload (f, "{\"MediaType\":\"mp4\"}");
  g_autoptr(GBytes) body = check_bytes ();
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GBytes) reply_skewed = NULL;
  g_autoptr(GBytes) reply_key = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupMessage) skewed = NULL;
  g_autoptr(SoupMessage) wrong_key = NULL;
  g_autoptr(JsonObject) state = NULL;
  JsonObject *error;
  CosCall call = { "PUT", json_object_get_string_member (apply, "MediaStoragePath") };

  call.body = body;
  call.bad_key = TRUE;
  msg = cos_send (f, apply, &call, &reply);
  assert_cos_error (msg, reply, 403, "SignatureDoesNotMatch");

  call.bad_key = FALSE;
  call.start_offset = 600;
  skewed = cos_send (f, apply, &call, &reply_skewed);
  assert_cos_error (skewed, reply_skewed, 403, "RequestTimeTooSkewed");

  call.start_offset = 0;
  call.path = "/not/issued.mp4";
  wrong_key = cos_send (f, apply, &call, &reply_key);
  assert_cos_error (wrong_key, reply_key, 403, "AccessDenied");

  state = vodup_sim_dup_state (f->sim);
  error = json_array_get_object_element (json_object_get_array_member (state, "errors"), 0);
  g_assert_cmpstr (json_object_get_string_member (error, "kind"), ==, "PutObject");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "SignatureDoesNotMatch");
  g_assert_cmpint (json_object_get_int_member (error, "status"), ==, 403);
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "body_bytes"), ==, 0);
}

static char *
initiate (Fixture    *f,
          JsonObject *apply)
{
  const VodupKeyValue params[] = { { "uploads", "" } };
  CosCall call = { "POST", json_object_get_string_member (apply, "MediaStoragePath"), params, 1 };
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(SoupMessage) msg = cos_send (f, apply, &call, &reply);
  char *upload_id;

  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  upload_id = xml_text (reply, "UploadId");
  g_assert_nonnull (upload_id);
  return upload_id;
}

static char *
upload_part (Fixture    *f,
             JsonObject *apply,
             const char *upload_id,
             const char *number,
             GBytes     *body,
             guint64     expected_crc)
{
  const VodupKeyValue params[] = { { "partNumber", number }, { "uploadId", upload_id } };
  CosCall call = { "PUT", json_object_get_string_member (apply, "MediaStoragePath"), params, 2, body };
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(SoupMessage) msg = cos_send (f, apply, &call, &reply);
  g_autofree char *crc = g_strdup_printf ("%" G_GUINT64_FORMAT, expected_crc);

  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (response_header (msg, "x-cos-hash-crc64ecma"), ==, crc);
  return g_strdup (response_header (msg, "ETag"));
}

static SoupMessage *
complete (Fixture     *f,
          JsonObject  *apply,
          const char  *upload_id,
          const char  *etag1,
          const char  *etag2,
          GBytes     **reply)
{
  const VodupKeyValue params[] = { { "uploadId", upload_id } };
  CosCall call = { "POST", json_object_get_string_member (apply, "MediaStoragePath"), params, 1 };
  g_autofree char *xml = g_strdup_printf ("<CompleteMultipartUpload>"
                                          "<Part><PartNumber>1</PartNumber><ETag>%s</ETag></Part>"
                                          "<Part><PartNumber>2</PartNumber><ETag>%s</ETag></Part>"
                                          "</CompleteMultipartUpload>", etag1, etag2);
  gsize length = strlen (xml);
  g_autoptr(GBytes) body = g_bytes_new_take (g_steal_pointer (&xml), length);

  call.body = body;
  call.content_type = "application/xml";
  return cos_send (f, apply, &call, reply);
}

static GBytes *
pattern_bytes (gsize length,
               guint seed)
{
  guint8 *data = g_malloc (length);

  for (gsize i = 0; i < length; i++)
    data[i] = (guint8) ((i * 131 + seed) ^ (i >> 9));

  return g_bytes_new_take (data, length);
}

static guint64
crc_of (GBytes *bytes)
{
  return vodup_crc64_update (0, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
list_parts (Fixture    *f,
            JsonObject *apply,
            const char *upload_id)
{
  const VodupKeyValue params[] = { { "max-parts", "1" }, { "uploadId", upload_id } };
  CosCall call = { "GET", json_object_get_string_member (apply, "MediaStoragePath"), params, 2 };
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(SoupMessage) msg = cos_send (f, apply, &call, &reply);
  g_autofree char *number = xml_text (reply, "PartNumber");
  g_autofree char *truncated = xml_text (reply, "IsTruncated");

  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (number, ==, "1");
  g_assert_cmpstr (truncated, ==, "true");
}

static void
commit_and_follow_task (Fixture    *f,
                        JsonObject *apply,
                        guint64     expected_crc)
{
  g_autofree char *body = g_strdup_printf ("{\"VodSessionKey\":\"%s\"}",
                                           json_object_get_string_member (apply, "VodSessionKey"));
  g_autoptr(JsonObject) commit = vod_call (f, "CommitUpload", body);
  g_autoptr(JsonObject) again = vod_call (f, "CommitUpload", body);
  g_autoptr(JsonObject) tasks = NULL;
  g_autoptr(JsonObject) state = vodup_sim_dup_state (f->sim);
  g_autofree char *crc = g_strdup_printf ("%" G_GUINT64_FORMAT, expected_crc);
  g_autofree char *tasks_body = NULL;
  g_autofree char *detail_body = NULL;
  const char *file_id = json_object_get_string_member (commit, "FileId");
  const char *expected_status[] = { "PROCESSING", "PROCESSING", "FINISH" };
  JsonObject *recorded;
  JsonArray *set;

  g_assert_null (error_code (commit));
  g_assert_cmpuint (strspn (file_id, "0123456789"), ==, strlen (file_id));
  g_assert_cmpstr (error_code (again), ==, "InvalidParameterValue.VodSessionKey");
  recorded = json_array_get_object_element (json_object_get_array_member (state, "commits"), 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (recorded, "media"),
                                                  "crc64"), ==, crc);

  tasks_body = g_strdup_printf ("{\"FileId\":\"%s\"}", file_id);
  tasks = vod_call (f, "DescribeTasks", tasks_body);
  set = json_object_get_array_member (tasks, "TaskSet");
  g_assert_cmpuint (json_array_get_length (set), ==, 1);
  detail_body = g_strdup_printf ("{\"TaskId\":\"%s\"}",
                                 json_object_get_string_member (json_array_get_object_element (set, 0),
                                                                "TaskId"));
  for (guint i = 0; i < G_N_ELEMENTS (expected_status); i++)
    {
      g_autoptr(JsonObject) detail = vod_call (f, "DescribeTaskDetail", detail_body);

      g_assert_cmpstr (json_object_get_string_member (detail, "Status"), ==, expected_status[i]);
    }
}

/* The object is recorded as multipart and its file holds part1 ‖ part2. */
static void
assert_stored_object (Fixture    *f,
                      JsonObject *apply,
                      GBytes     *part1,
                      GBytes     *part2)
{
  g_autoptr(JsonObject) objects = dup_state_object (f, "objects");
  g_autofree char *name = g_strdup_printf ("/%s%s", json_object_get_string_member (apply, "StorageBucket"),
                                           json_object_get_string_member (apply, "MediaStoragePath"));
  g_autofree char *stored = NULL;
  gsize length, length1 = g_bytes_get_size (part1);
  JsonObject *object = json_object_get_object_member (objects, name);

  g_assert_nonnull (object);
  g_assert_true (json_object_get_boolean_member (object, "multipart"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "md5"), "-2"));
  g_assert_true (g_file_get_contents (json_object_get_string_member (object, "path"),
                                      &stored, &length, NULL));
  g_assert_cmpuint (length, ==, length1 + g_bytes_get_size (part2));
  g_assert_cmpmem (stored, length1, g_bytes_get_data (part1, NULL), length1);
  g_assert_cmpmem (stored + length1, length - length1, g_bytes_get_data (part2, NULL),
                   g_bytes_get_size (part2));
}

static void
test_multipart (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonObject) apply = apply_upload (f, "{\"MediaType\":\"mp4\",\"Procedure\":\"LongVideoPreset\"}");
  g_autoptr(GBytes) part1 = pattern_bytes (MIB, 1);
  g_autoptr(GBytes) part2 = pattern_bytes (1000, 2);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *upload_id = initiate (f, apply);
  g_autofree char *etag1 = upload_part (f, apply, upload_id, "1", part1, crc_of (part1));
  g_autofree char *etag2 = upload_part (f, apply, upload_id, "2", part2, crc_of (part2));
  g_autofree char *crc = NULL;
  g_autofree char *etag = NULL;
  guint64 whole_crc = vodup_crc64_update (crc_of (part1), g_bytes_get_data (part2, NULL), 1000);

  list_parts (f, apply, upload_id);
  msg = complete (f, apply, upload_id, etag1, etag2, &reply);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  crc = g_strdup_printf ("%" G_GUINT64_FORMAT, whole_crc);
  g_assert_cmpstr (response_header (msg, "x-cos-hash-crc64ecma"), ==, crc);
  etag = xml_text (reply, "ETag");
  g_assert_true (g_str_has_prefix (etag, "\"") && g_str_has_suffix (etag, "-2\""));
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "UploadPart"), ==, 2);
  assert_stored_object (f, apply, part1, part2);

  commit_and_follow_task (f, apply, whole_crc);
}

static void
test_entity_too_small (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonObject) apply = apply_upload (f, "{\"MediaType\":\"mp4\"}");
  g_autoptr(GBytes) part1 = pattern_bytes (MIB - 1, 1);
  g_autoptr(GBytes) part2 = pattern_bytes (10, 2);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GBytes) reply_order = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupMessage) wrong_etag = NULL;
  g_autofree char *upload_id = initiate (f, apply);
  g_autofree char *etag1 = upload_part (f, apply, upload_id, "1", part1, crc_of (part1));
  g_autofree char *etag2 = upload_part (f, apply, upload_id, "2", part2, crc_of (part2));

  msg = complete (f, apply, upload_id, etag1, etag2, &reply);
  assert_cos_error (msg, reply, 400, "EntityTooSmall");

  wrong_etag = complete (f, apply, upload_id, etag2, etag2, &reply_order);
  assert_cos_error (wrong_etag, reply_order, 400, "InvalidPart");
}

static void
test_blackhole (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *uri = g_strconcat (vodup_sim_get_uri (f->sim), "/_sim/blackhole/check", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("PUT", uri);
  g_autoptr(GBytes) body = check_bytes ();
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, NULL, body);
  reply = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (response_header (msg, "ETag"), ==, CHECK_ETAG);
  g_assert_cmpstr (response_header (msg, "x-cos-hash-crc64ecma"), ==, CHECK_CRC);
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "Blackhole"), ==, 1);
}

/* Tests: faults and the /_sim/ routes */

static GBytes *
sim_route (Fixture    *f,
           const char *method,
           const char *route,
           const char *json)
{
  g_autofree char *uri = g_strconcat (vodup_sim_get_uri (f->sim), route, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  GBytes *reply;

  if (json != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }

  reply = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  return reply;
}

static void
test_fail_nth (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonObject) apply = apply_upload (f, "{\"MediaType\":\"mp4\"}");
  g_autoptr(GBytes) body = check_bytes ();
  g_autoptr(GBytes) ok = sim_route (f, "POST", "/_sim/faults",
                                    "{\"fail_nth\":{\"n\":2,\"kind\":\"PutObject\",\"status\":503}}");
  g_autoptr(JsonObject) vod_faults = json_object_new ();
  g_autoptr(JsonObject) fail = json_object_new ();
  g_autoptr(JsonObject) failed_apply = NULL;
  guint status = 0;

  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(SoupMessage) msg = put_media (f, apply, body, &reply);

      if (i == 2)
        assert_cos_error (msg, reply, 503, "ServiceUnavailable");
      else
        g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
    }

  json_object_set_int_member (fail, "status", 500);
  json_object_set_string_member (fail, "kind", "ApplyUpload");
  json_object_set_object_member (vod_faults, "fail_nth", json_object_ref (fail));
  vodup_sim_set_faults (f->sim, vod_faults);
  failed_apply = vod_call_full (f, "ApplyUpload", "{\"MediaType\":\"mp4\"}", VODUP_SIM_SECRET_KEY,
                                now (), &status);
  g_assert_cmpuint (status, ==, 500);
  g_assert_cmpstr (error_code (failed_apply), ==, "InternalError");
}

static void
test_expired_credentials (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(JsonObject) apply = apply_upload (f, "{\"MediaType\":\"mp4\"}");
  g_autoptr(GBytes) body = check_bytes ();
  g_autoptr(GBytes) faults = sim_route (f, "POST", "/_sim/faults", "{\"expire_credentials\":true}");
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(SoupMessage) msg = put_media (f, apply, body, &reply);

  assert_cos_error (msg, reply, 403, "ExpiredToken");
}

static void
test_state_route (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) apply = apply_upload (f, "{\"MediaType\":\"mp4\"}");
  g_autoptr(GBytes) reply = sim_route (f, "GET", "/_sim/state", NULL);
  g_autoptr(JsonObject) state = parse_object (reply);
  g_autoptr(GBytes) reset = sim_route (f, "POST", "/_sim/reset", "{}");
  g_autoptr(JsonObject) counters = NULL;
  JsonObject *state_counters = json_object_get_object_member (state, "counters");

  g_assert_cmpint (json_object_get_int_member (state_counters, "ApplyUpload"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (state_counters, "requests"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state, "applies")), ==, 1);
  g_assert_true (json_object_has_member (state, "objects"));
  g_assert_true (json_object_has_member (state, "multipart_uploads"));

  counters = dup_state_object (f, "counters");
  g_assert_cmpint (json_object_get_int_member (counters, "ApplyUpload"), ==, 0);
}

static void
test_delay (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GBytes) faults = sim_route (f, "POST", "/_sim/faults", "{\"delay_ms\":400}");
  g_autoptr(JsonObject) response = NULL;
  gint64 start = g_get_monotonic_time ();

  response = vod_call (f, "DescribeAllClass", "{}");
  g_assert_null (error_code (response));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 380 * 1000);
}

static void
test_drop_connection (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) apply = apply_upload (f, "{\"MediaType\":\"mp4\"}");
  g_autoptr(GBytes) big = pattern_bytes (4 * MIB, 3);
  g_autoptr(GBytes) faults = sim_route (f, "POST", "/_sim/faults",
                                        "{\"drop_after_bytes\":{\"n\":65536,\"kind\":\"PutObject\"}}");
  /* A fresh session: libsoup silently retries a PUT that failed on a reused connection. */
  g_autoptr(SoupSession) session = new_session (30);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GBytes) reply_after = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupMessage) after = NULL;
  g_autoptr(GError) error = NULL;
  CosCall call = { "PUT", json_object_get_string_member (apply, "MediaStoragePath") };

  call.body = big;
  msg = cos_send_with (f, session, apply, &call, &reply, &error);
  g_assert_nonnull (error);
  g_test_message ("dropped: %s", error->message);
  g_assert_null (reply);
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "dropped_connections"), ==, 1);

  /* The fault is used up and the server still serves. */
  after = put_media (f, apply, big, &reply_after);
  g_assert_cmpuint (soup_message_get_status (after), ==, SOUP_STATUS_OK);
}

/* POST / on a fresh connection; the transport error, if any. */
static GError *
vod_transport_error (Fixture *f)
{
  g_autofree char *uri = g_strconcat (vodup_sim_get_uri (f->sim), "/", NULL);
  g_autoptr(SoupSession) session = new_session (5);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
  g_autoptr(GBytes) reply = NULL;
  GError *error = NULL;

  soup_message_set_request_body_from_bytes (msg, CONTENT_TYPE, body);
  reply = soup_session_send_and_read (session, msg, NULL, &error);

  return error;
}

static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GBytes) on = sim_route (f, "POST", "/_sim/faults", "{\"offline\":true}");
  g_autoptr(GBytes) off = NULL;
  g_autoptr(GError) error = vod_transport_error (f);
  g_autoptr(JsonObject) response = NULL;

  g_assert_nonnull (error);
  g_test_message ("offline: %s", error->message);
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "dropped_connections"), ==, 1);
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "requests"), ==, 0);

  /* The control API still answers, and the network comes back. */
  off = sim_route (f, "POST", "/_sim/faults", "{\"offline\":false}");
  response = vod_call (f, "DescribeAllClass", "{}");
  g_assert_null (error_code (response));
}

static void
test_close_connections (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) first = vod_call (f, "DescribeAllClass", "{}");
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) faults = json_object_new ();
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* Not through the control API: its request would share the session's
   * one keep-alive connection, which is about to close. */
  json_object_set_boolean_member (faults, "close_connections", TRUE);
  vodup_sim_set_faults (f->sim, faults);
  while (vodup_sim_get_counter (f->sim, "closed_connections") < 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * 1000);
    }
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "closed_connections"), ==, 1);

  /* The client finds its idle connection closed and makes a new one. */
  g_usleep (50 * 1000);
  second = vod_call (f, "DescribeAllClass", "{}");
  g_assert_null (error_code (second));
}

static void
test_stall (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonObject) apply = apply_upload (f, "{\"MediaType\":\"mp4\"}");
  g_autoptr(GBytes) big = pattern_bytes (16 * MIB, 4);
  g_autoptr(GBytes) faults = sim_route (f, "POST", "/_sim/faults",
                                        "{\"stall\":{\"after_bytes\":1000,\"seconds\":1}}");
  g_autoptr(GBytes) faults2 = NULL;
  g_autoptr(SoupSession) impatient = new_session (1);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GBytes) reply_timeout = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupMessage) timed_out = NULL;
  g_autoptr(GError) error = NULL;
  CosCall call = { "PUT", json_object_get_string_member (apply, "MediaStoragePath") };
  gint64 start = g_get_monotonic_time ();

  /* A stall the client waits out. */
  msg = put_media (f, apply, big, &reply);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "stalls"), ==, 1);

  /* A stall longer than the client's patience. */
  faults2 = sim_route (f, "POST", "/_sim/faults", "{\"stall\":{\"after_bytes\":0,\"seconds\":3}}");
  call.body = big;
  timed_out = cos_send_with (f, impatient, apply, &call, &reply_timeout, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

typedef struct
{
  Fixture    *f;
  JsonObject *apply;
  GBytes     *body;
  guint       status;
} PutJob;

static gpointer
put_thread (gpointer data)
{
  PutJob *job = data;
  g_autoptr(SoupSession) session = new_session (30);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  CosCall call = { "PUT", json_object_get_string_member (job->apply, "MediaStoragePath") };

  /* A session of its own: this thread is not the fixture's. */
  call.body = job->body;
  msg = cos_send_with (job->f, session, job->apply, &call, &reply, &error);
  g_assert_no_error (error);
  job->status = soup_message_get_status (msg);
  return NULL;
}

static void
test_concurrent_uploads (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) apply = apply_upload (f, "{\"MediaType\":\"mp4\",\"CoverType\":\"png\"}");
  g_autoptr(GBytes) big = pattern_bytes (4 * MIB, 5);
  g_autoptr(GBytes) cover = check_bytes ();
  g_autoptr(GBytes) faults = sim_route (f, "POST", "/_sim/faults",
                                        "{\"stall\":{\"after_bytes\":1000,\"seconds\":1}}");
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  CosCall call = { "PUT", json_object_get_string_member (apply, "CoverStoragePath") };
  PutJob job = { f, apply, big, 0 };
  GThread *thread;

  /* The media body stalls on its way in while the cover goes up beside it. */
  thread = g_thread_new ("stalled-put", put_thread, &job);
  while (vodup_sim_get_counter (f->sim, "stalls") < 1)
    g_usleep (1000);

  call.body = cover;
  msg = cos_send (f, apply, &call, &reply);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_thread_join (thread);
  g_assert_cmpuint (job.status, ==, SOUP_STATUS_OK);
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "max_concurrent_uploads"), ==, 2);
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "body_bytes"), ==, 4 * MIB + 9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/engine/sim/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("vod/apply-upload", test_apply_upload);
  ADD ("vod/wrong-key", test_vod_wrong_key);
  ADD ("vod/stale-timestamp", test_vod_stale_timestamp);
  ADD ("vod/parameters", test_vod_parameters);
  ADD ("vod/pickers", test_vod_pickers);
  ADD ("cos/put-object", test_put_object);
  ADD ("cos/bad-signature", test_cos_bad_signature);
  ADD ("cos/multipart", test_multipart);
  ADD ("cos/entity-too-small", test_entity_too_small);
  ADD ("cos/blackhole", test_blackhole);
  ADD ("faults/fail-nth", test_fail_nth);
  ADD ("faults/expired-credentials", test_expired_credentials);
  ADD ("faults/delay", test_delay);
  ADD ("faults/drop-connection", test_drop_connection);
  ADD ("faults/offline", test_offline);
  ADD ("faults/close-connections", test_close_connections);
  ADD ("faults/stall", test_stall);
  ADD ("cos/concurrent-uploads", test_concurrent_uploads);
  ADD ("admin/state", test_state_route);

#undef ADD

  return g_test_run ();
}
