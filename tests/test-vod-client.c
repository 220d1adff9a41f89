/* test-vod-client.c: the VOD API client against the loopback simulator
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vodup-engine.h"
#include "vodup-sim.h"

#define WRONG_SECRET_KEY "wrongSecretKeyThatMustNeverShow1"
#define SUB_APP_ID       G_GUINT64_CONSTANT (1500000001)

typedef struct
{
  VodupSim       *sim;
  VodupVodClient *client;
  GMainLoop      *loop;
  GAsyncResult   *result;
} Fixture;

static VodupCredentialProvider *
provider_for (const char *secret_id,
              const char *secret_key)
{
  g_autoptr(VodupCredentials) credentials = vodup_credentials_new (secret_id, secret_key, NULL);

  return vodup_static_credential_provider_new (credentials);
}

static VodupCredentialProvider *
sim_provider (void)
{
  return provider_for (VODUP_SIM_SECRET_ID, VODUP_SIM_SECRET_KEY);
}

static VodupVodClient *
client_for (Fixture    *f,
            const char *secret_id,
            const char *secret_key)
{
  g_autoptr(VodupCredentialProvider) provider = provider_for (secret_id, secret_key);
  g_autoptr(GError) error = NULL;
  VodupVodClient *client;

  client = vodup_vod_client_new (provider, NULL, vodup_sim_get_uri (f->sim), &error);
  g_assert_no_error (error);
  g_assert_nonnull (client);

  return client;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->sim = vodup_sim_new (TRUE, NULL);
  g_assert_true (vodup_sim_start (f->sim, 0, &error));
  g_assert_no_error (error);
  f->client = client_for (f, VODUP_SIM_SECRET_ID, VODUP_SIM_SECRET_KEY);
  f->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->result);
  g_clear_object (&f->client);
  vodup_sim_stop (f->sim);
  g_clear_object (&f->sim);
  g_clear_pointer (&f->loop, g_main_loop_unref);
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;

  g_assert_null (f->result);
  f->result = g_object_ref (result);
  g_main_loop_quit (f->loop);
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("The operation did not complete in time");
  return G_SOURCE_REMOVE;
}

/* Spins the test's main context until done_cb ran; the result is f->result. */
static GAsyncResult *
wait_result (Fixture *f)
{
  guint timeout_id;

  g_clear_object (&f->result);
  timeout_id = g_timeout_add_seconds (60, timeout_cb, NULL);
  g_main_loop_run (f->loop);
  g_source_remove (timeout_id);
  g_assert_nonnull (f->result);

  return f->result;
}

static void
set_faults (Fixture    *f,
            const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  vodup_sim_set_faults (f->sim, json_node_get_object (json_parser_get_root (parser)));
}

static VodupApplyResult *
apply (Fixture                   *f,
       VodupVodClient            *client,
       const VodupUploadOptions  *options,
       const char                *cover_type,
       GError                   **error)
{
  vodup_vod_client_apply_upload_async (client, options, "mp4", "holiday", cover_type,
                                       NULL, done_cb, f);

  return vodup_vod_client_apply_upload_finish (client, wait_result (f), error);
}

static JsonObject *
applied_params (Fixture *f,
                guint    index)
{
  g_autoptr(JsonObject) state = vodup_sim_dup_state (f->sim);
  JsonArray *applies = json_object_get_array_member (state, "applies");
  JsonObject *entry;

  g_assert_cmpuint (json_array_get_length (applies), >, index);
  entry = json_array_get_object_element (applies, index);

  return json_object_ref (json_object_get_object_member (entry, "params"));
}

static void
test_apply_every_option (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  g_autoptr(VodupApplyResult) result = NULL;
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(GError) error = NULL;

  options->procedure = g_strdup ("LongVideoPreset");
  options->storage_region = g_strdup ("ap-chongqing");
  options->sub_app_id = SUB_APP_ID;
  options->class_id = 2;
  options->media_name = g_strdup ("假期 Holiday");
  options->expire_time = g_strdup ("2030-01-01T00:00:00+08:00");
  options->source_context = g_strdup ("job-42");
  options->session_context = g_strdup ("session ☃");

  result = apply (f, f->client, options, "jpg", &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  params = applied_params (f, 0);
  g_assert_cmpuint (json_object_get_size (params), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (params, "MediaType"), ==, "mp4");
  g_assert_cmpstr (json_object_get_string_member (params, "MediaName"), ==, "假期 Holiday");
  g_assert_cmpstr (json_object_get_string_member (params, "CoverType"), ==, "jpg");
  g_assert_cmpstr (json_object_get_string_member (params, "Procedure"), ==, "LongVideoPreset");
  g_assert_cmpstr (json_object_get_string_member (params, "StorageRegion"), ==, "ap-chongqing");
  g_assert_cmpstr (json_object_get_string_member (params, "ExpireTime"), ==,
                   "2030-01-01T00:00:00+08:00");
  g_assert_cmpstr (json_object_get_string_member (params, "SourceContext"), ==, "job-42");
  g_assert_cmpstr (json_object_get_string_member (params, "SessionContext"), ==, "session ☃");
  g_assert_cmpint (json_object_get_int_member (params, "SubAppId"), ==, (gint64) SUB_APP_ID);
  g_assert_cmpint (json_object_get_int_member (params, "ClassId"), ==, 2);

  /* The TempCertificate, not our own keys. */
  g_assert_nonnull (result->credentials);
  g_assert_cmpstr (vodup_credentials_get_secret_id (result->credentials), !=, VODUP_SIM_SECRET_ID);
  g_assert_nonnull (vodup_credentials_get_token (result->credentials));
  g_assert_cmpint (result->expired_time, >, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_nonnull (result->storage_bucket);
  g_assert_cmpstr (result->storage_region, ==, "ap-chongqing");
  g_assert_nonnull (result->vod_session_key);
  g_assert_true (g_str_has_prefix (result->media_storage_path, "/"));
  g_assert_nonnull (result->cover_storage_path);
  g_assert_nonnull (result->request_id);
}

static void
test_apply_minimal (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  g_autoptr(VodupApplyResult) result = NULL;
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(GError) error = NULL;

  result = apply (f, f->client, options, NULL, &error);
  g_assert_no_error (error);

  /* Unset options are not sent at all: class 0 and SubAppId 0 mean something. */
  params = applied_params (f, 0);
  g_assert_cmpuint (json_object_get_size (params), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (params, "MediaType"), ==, "mp4");
  g_assert_cmpstr (json_object_get_string_member (params, "MediaName"), ==, "holiday");
  g_assert_false (json_object_has_member (params, "SubAppId"));
  g_assert_false (json_object_has_member (params, "ClassId"));
}

static void
test_wrong_key (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(VodupVodClient) client = client_for (f, VODUP_SIM_SECRET_ID, WRONG_SECRET_KEY);
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  g_autoptr(VodupApplyResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = apply (f, client, options, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_AUTH);
  g_assert_cmpstr (vodup_error_get_remote_code (error), ==, "AuthFailure.SignatureFailure");
  g_assert_nonnull (vodup_error_get_request_id (error));
  g_assert_null (strstr (error->message, WRONG_SECRET_KEY));
  g_assert_null (strstr (error->message, VODUP_SIM_SECRET_KEY));
}

static void
test_unknown_secret_id (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VodupVodClient) client = NULL;
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  g_autoptr(VodupApplyResult) result = NULL;
  g_autoptr(GError) error = NULL;

  client = client_for (f, "AKIDnobodyHasThisSecretId000000", VODUP_SIM_SECRET_KEY);
  result = apply (f, client, options, NULL, &error);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_AUTH);
  g_assert_cmpstr (vodup_error_get_remote_code (error), ==, "AuthFailure.SecretIdNotFound");
}

/* X-TC-Token goes out whenever the credentials carry one: the simulator
 * refuses a token that comes with its permanent key. */
static void
test_token_sent (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(VodupCredentials) credentials = NULL;
  g_autoptr(VodupCredentialProvider) provider = NULL;
  g_autoptr(VodupVodClient) client = NULL;
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  g_autoptr(VodupApplyResult) result = NULL;
  g_autoptr(GError) error = NULL;

  credentials = vodup_credentials_new (VODUP_SIM_SECRET_ID, VODUP_SIM_SECRET_KEY, "stsTokenValue");
  provider = vodup_static_credential_provider_new (credentials);
  client = vodup_vod_client_new (provider, NULL, vodup_sim_get_uri (f->sim), &error);
  g_assert_no_error (error);

  result = apply (f, client, options, NULL, &error);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_CREDENTIALS_EXPIRED);
  g_assert_cmpstr (vodup_error_get_remote_code (error), ==, "AuthFailure.TokenFailure");
  g_assert_null (strstr (error->message, "stsTokenValue"));
}

/* VOD refuses timestamps more than five minutes off; the client learns
 * the server's time from the refusal's Date header and signs again. */
static void
test_clock_skew (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  g_autoptr(VodupApplyResult) first = NULL;
  g_autoptr(VodupApplyResult) second = NULL;
  g_autoptr(GError) error = NULL;

  /* This computer's clock ten minutes slow. */
  vodup_vod_client_set_clock_offset (f->client, -600);
  first = apply (f, f->client, options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ABS (vodup_vod_client_get_clock_offset (f->client)), <=, 2);
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "errors"), ==, 1);

  /* The server's clock ten minutes ahead. */
  set_faults (f, "{\"clock_offset\": 600}");
  second = apply (f, f->client, options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vodup_vod_client_get_clock_offset (f->client), >=, 598);
  g_assert_cmpint (vodup_vod_client_get_clock_offset (f->client), <=, 602);
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "errors"), ==, 2);
}

static void
expect_apply_error (Fixture                  *f,
                    const VodupUploadOptions *options,
                    VodupError                code)
{
  g_autoptr(VodupApplyResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = apply (f, f->client, options, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, VODUP_ERROR, (int) code);
  g_assert_nonnull (vodup_error_get_remote_code (error));
  g_assert_nonnull (vodup_error_get_request_id (error));
}

static void
test_unknown_procedure (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();

  options->procedure = g_strdup ("NoSuchTaskFlow");
  expect_apply_error (f, options, VODUP_ERROR_UNKNOWN_PROCEDURE);
}

static void
test_region_not_enabled (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();

  options->storage_region = g_strdup ("ap-singapore");
  expect_apply_error (f, options, VODUP_ERROR_REGION_NOT_ENABLED);
}

static void
test_unknown_class (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();

  options->class_id = 9999;
  expect_apply_error (f, options, VODUP_ERROR_UNKNOWN_CLASS);
}

static void
test_sub_app_id_required (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  g_autoptr(VodupApplyResult) result = NULL;
  g_autoptr(GError) error = NULL;

  set_faults (f, "{\"require_sub_app_id\": true}");
  result = apply (f, f->client, options, NULL, &error);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_SUB_APP_ID);
  g_assert_cmpstr (vodup_error_get_remote_code (error), ==, "MissingParameter.SubAppId");
  g_assert_nonnull (strstr (error->message, "2023"));
  g_clear_error (&error);

  options->sub_app_id = SUB_APP_ID;
  g_clear_pointer (&result, vodup_apply_result_free);
  result = apply (f, f->client, options, NULL, &error);
  g_assert_no_error (error);
}

static void
test_server_unavailable (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  g_autoptr(VodupApplyResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* A 503 is retried, after a pause, and the second try goes through. */
  set_faults (f, "{\"fail_nth\": {\"n\": 1, \"status\": 503}}");
  result = apply (f, f->client, options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "ApplyUpload"), ==, 2);
}

static GListModel *
list_choices (Fixture         *f,
              VodupChoiceKind  kind,
              guint64          sub_app_id)
{
  g_autoptr(GError) error = NULL;
  GListModel *model;

  vodup_vod_client_list_choices_async (f->client, kind, sub_app_id, NULL, done_cb, f);
  model = vodup_vod_client_list_choices_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);
  g_assert_true (g_list_model_get_item_type (model) == VODUP_TYPE_CHOICE);

  return model;
}

static VodupChoice *
find_choice (GListModel *model,
             const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VodupChoice) choice = g_list_model_get_item (model, i);

      if (g_str_equal (vodup_choice_get_id (choice), id))
        return choice;
    }

  return NULL;
}

static void
test_list_procedures (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GListModel) model = list_choices (f, VODUP_CHOICE_KIND_PROCEDURE, SUB_APP_ID);
  VodupChoice *custom;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_nonnull (find_choice (model, "LongVideoPreset"));
  g_assert_nonnull (find_choice (model, "SimpleAesEncryptPreset"));
  custom = find_choice (model, "vodup-transcode");
  g_assert_nonnull (custom);
  g_assert_cmpint (vodup_choice_get_kind (custom), ==, VODUP_CHOICE_KIND_PROCEDURE);
  g_assert_cmpstr (vodup_choice_get_name (custom), ==, "vodup-transcode");
}

static void
test_list_regions (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GListModel) model = list_choices (f, VODUP_CHOICE_KIND_REGION, 0);
  VodupChoice *chongqing = find_choice (model, "ap-chongqing");
  VodupChoice *guangzhou = find_choice (model, "ap-guangzhou");

  /* ap-singapore is unopened and must not be offered. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_null (find_choice (model, "ap-singapore"));
  g_assert_nonnull (chongqing);
  g_assert_cmpstr (vodup_choice_get_name (chongqing), ==, "重庆");
  g_assert_true (vodup_choice_get_is_default (chongqing));
  g_assert_nonnull (guangzhou);
  g_assert_cmpstr (vodup_choice_get_name (guangzhou), ==, "广州");
  g_assert_false (vodup_choice_get_is_default (guangzhou));
}

static void
test_list_classes (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GListModel) model = list_choices (f, VODUP_CHOICE_KIND_CLASS, SUB_APP_ID);
  VodupChoice *other = find_choice (model, "0");
  VodupChoice *film = find_choice (model, "1");
  VodupChoice *trailer = find_choice (model, "2");

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_nonnull (other);
  g_assert_nonnull (film);
  g_assert_nonnull (trailer);
  g_assert_cmpstr (vodup_choice_get_name (other), ==, "其他");
  g_assert_true (vodup_choice_get_is_default (other));
  g_assert_cmpstr (vodup_choice_get_name (film), ==, "电影");
  g_assert_cmpstr (vodup_choice_get_name (trailer), ==, "电影 / 预告片");
}

static void
test_list_sub_apps (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GListModel) model = list_choices (f, VODUP_CHOICE_KIND_SUB_APP, 0);
  VodupChoice *main_app = find_choice (model, "1500000001");
  VodupChoice *marketing = find_choice (model, "1500000002");

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_nonnull (main_app);
  g_assert_cmpstr (vodup_choice_get_name (main_app), ==, "默认应用");
  g_assert_nonnull (marketing);
  g_assert_cmpstr (vodup_choice_get_name (marketing), ==, "Marketing");
  g_assert_cmpint (vodup_choice_get_kind (marketing), ==, VODUP_CHOICE_KIND_SUB_APP);
}

/* Stands in for the COS client: one signed PUT of the media object. */
static void
put_media (Fixture          *f,
           VodupApplyResult *result,
           const char       *content)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static (content, strlen (content));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *token = vodup_credentials_get_token (result->credentials);
  SoupMessageHeaders *request_headers;
  VodupKeyValue headers[2];
  VodupCosRequest request = { 0 };

  host = g_strdup_printf ("%s.cos.%s.myqcloud.com", result->storage_bucket, result->storage_region);
  headers[0] = (VodupKeyValue) { "host", host };
  headers[1] = (VodupKeyValue) { "x-cos-security-token", token };
  request.secret_id = vodup_credentials_get_secret_id (result->credentials);
  request.secret_key = vodup_credentials_get_secret_key (result->credentials);
  request.method = "PUT";
  request.path = result->media_storage_path;
  request.headers = headers;
  request.n_headers = G_N_ELEMENTS (headers);
  request.start_time = now - 60;
  request.end_time = MIN (now + 600, result->expired_time);
  authorization = vodup_cos_authorization (&request);

  url = g_strconcat (vodup_sim_get_uri (f->sim), result->media_storage_path, NULL);
  msg = soup_message_new (SOUP_METHOD_PUT, url);
  g_assert_nonnull (msg);
  soup_message_set_request_body_from_bytes (msg, "application/octet-stream", body);
  request_headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (request_headers, "Host", host);
  soup_message_headers_replace (request_headers, "x-cos-security-token", token);
  soup_message_headers_replace (request_headers, "Authorization", authorization);

  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
}

static VodupCommitResult *
commit (Fixture     *f,
        const char  *vod_session_key,
        guint64      sub_app_id,
        GError     **error)
{
  vodup_vod_client_commit_upload_async (f->client, vod_session_key, sub_app_id, NULL, done_cb, f);

  return vodup_vod_client_commit_upload_finish (f->client, wait_result (f), error);
}

static char *
find_task (Fixture    *f,
           const char *file_id)
{
  g_autoptr(GError) error = NULL;
  char *task_id;

  vodup_vod_client_find_procedure_task_async (f->client, file_id, SUB_APP_ID, NULL, done_cb, f);
  task_id = vodup_vod_client_find_procedure_task_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);

  return task_id;
}

static void
follow_task (Fixture    *f,
             const char *task_id)
{
  int last_progress = -1;

  for (guint poll = 0; poll < 10; poll++)
    {
      g_autoptr(VodupTaskStatus) status = NULL;
      g_autoptr(GError) error = NULL;

      vodup_vod_client_describe_task_async (f->client, task_id, SUB_APP_ID, NULL, done_cb, f);
      status = vodup_vod_client_describe_task_finish (f->client, wait_result (f), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (status->task_id, ==, task_id);
      g_assert_cmpint (status->progress, >=, last_progress);
      g_assert_cmpint (status->progress, <=, 100);
      g_assert_false (status->failed);
      last_progress = status->progress;

      if (status->finished)
        {
          g_assert_cmpstr (status->status, ==, "FINISH");
          g_assert_cmpuint (poll, >=, 1);
          return;
        }
      g_assert_cmpstr (status->status, !=, "FINISH");
    }

  g_assert_not_reached ();
}

static void
test_commit_and_follow_task (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  g_autoptr(VodupApplyResult) applied = NULL;
  g_autoptr(VodupCommitResult) committed = NULL;
  g_autoptr(VodupCommitResult) again = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *task_id = NULL;
  JsonObject *commit_entry;

  options->procedure = g_strdup ("LongVideoPreset");
  options->sub_app_id = SUB_APP_ID;
  applied = apply (f, f->client, options, NULL, &error);
  g_assert_no_error (error);
  put_media (f, applied, "not really a video");

  committed = commit (f, applied->vod_session_key, SUB_APP_ID, &error);
  g_assert_no_error (error);
  g_assert_nonnull (committed->file_id);
  /* A digit string, kept as text (it does not fit a double). */
  for (const char *p = committed->file_id; *p; p++)
    g_assert_true (g_ascii_isdigit (*p));
  g_assert_nonnull (committed->media_url);
  g_assert_nonnull (committed->request_id);

  state = vodup_sim_dup_state (f->sim);
  commit_entry = json_array_get_object_element (json_object_get_array_member (state, "commits"), 0);
  g_assert_cmpstr (json_object_get_string_member (commit_entry, "file_id"), ==, committed->file_id);
  g_assert_cmpint (json_object_get_int_member (commit_entry, "sub_app_id"), ==,
                   (gint64) SUB_APP_ID);

  /* A session key is good for one commit only. */
  again = commit (f, applied->vod_session_key, SUB_APP_ID, &error);
  g_assert_null (again);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_INVALID_PARAMETER);
  g_assert_cmpstr (vodup_error_get_remote_code (error), ==, "InvalidParameterValue.VodSessionKey");

  task_id = find_task (f, committed->file_id);
  g_assert_nonnull (task_id);
  g_assert_true (g_str_has_prefix (task_id, "1500000001-procedurev2-"));
  follow_task (f, task_id);
}

static void
test_commit_no_procedure (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  g_autoptr(VodupApplyResult) applied = NULL;
  g_autoptr(VodupCommitResult) committed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *task_id = NULL;

  options->sub_app_id = SUB_APP_ID;
  applied = apply (f, f->client, options, NULL, &error);
  g_assert_no_error (error);
  put_media (f, applied, "plain upload");
  committed = commit (f, applied->vod_session_key, SUB_APP_ID, &error);
  g_assert_no_error (error);

  task_id = find_task (f, committed->file_id);
  g_assert_null (task_id);
}

static void
test_commit_before_upload (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  g_autoptr(VodupApplyResult) applied = NULL;
  g_autoptr(VodupCommitResult) committed = NULL;
  g_autoptr(GError) error = NULL;

  applied = apply (f, f->client, options, NULL, &error);
  g_assert_no_error (error);
  committed = commit (f, applied->vod_session_key, 0, &error);
  g_assert_null (committed);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_FAILED);
  g_assert_cmpstr (vodup_error_get_remote_code (error), ==, "ResourceNotFound");
}

static void
test_generic_call (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(GError) error = NULL;

  vodup_vod_client_call_async (f->client, "DescribeStorageRegions", params, NULL, done_cb, f);
  response = vodup_vod_client_call_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (response, "StorageRegionInfos"));
  g_assert_true (json_object_has_member (response, "RequestId"));
  g_assert_cmpuint (json_object_get_size (params), ==, 0);
  g_clear_pointer (&response, json_object_unref);

  vodup_vod_client_call_async (f->client, "NoSuchAction", params, NULL, done_cb, f);
  response = vodup_vod_client_call_finish (f->client, wait_result (f), &error);
  g_assert_null (response);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_FAILED);
  g_assert_cmpstr (vodup_error_get_remote_code (error), ==, "InvalidAction");
}

static void
test_no_credentials (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(VodupCredentialProvider) provider = vodup_static_credential_provider_new (NULL);
  g_autoptr(VodupVodClient) client = NULL;
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  g_autoptr(VodupApplyResult) result = NULL;
  g_autoptr(GError) error = NULL;

  client = vodup_vod_client_new (provider, NULL, vodup_sim_get_uri (f->sim), &error);
  g_assert_no_error (error);
  result = apply (f, client, options, NULL, &error);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_NO_CREDENTIALS);
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "requests"), ==, 0);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  vodup_vod_client_list_choices_async (f->client, VODUP_CHOICE_KIND_REGION, 0, cancellable,
                                       done_cb, f);
  model = vodup_vod_client_list_choices_finish (f->client, wait_result (f), &error);
  g_assert_null (model);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_insecure_endpoint (void)
{
  g_autoptr(VodupCredentialProvider) provider = sim_provider ();
  g_autoptr(VodupVodClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = vodup_vod_client_new (provider, NULL, "http://example.com", &error);
  g_assert_null (client);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_INSECURE_ENDPOINT);
}

static void
test_endpoint_from_environment (void)
{
  g_autoptr(VodupCredentialProvider) provider = sim_provider ();
  g_autoptr(VodupVodClient) from_env = NULL;
  g_autoptr(VodupVodClient) fallback = NULL;
  g_autoptr(VodupVodClient) insecure = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("VODUP_API_ENDPOINT", "http://127.0.0.1:9", TRUE);
  from_env = vodup_vod_client_new (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vodup_vod_client_get_endpoint (from_env), ==, "http://127.0.0.1:9");
  g_assert_true (SOUP_IS_SESSION (vodup_vod_client_get_session (from_env)));
  g_assert_true (vodup_vod_client_get_provider (from_env) == provider);

  g_setenv ("VODUP_API_ENDPOINT", "http://example.com", TRUE);
  insecure = vodup_vod_client_new (provider, NULL, NULL, &error);
  g_assert_null (insecure);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_INSECURE_ENDPOINT);
  g_clear_error (&error);

  g_unsetenv ("VODUP_API_ENDPOINT");
  fallback = vodup_vod_client_new (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vodup_vod_client_get_endpoint (fallback), ==, VODUP_DEFAULT_API_ENDPOINT);
}

static void
test_connection_refused (void)
{
  g_autoptr(VodupCredentialProvider) provider = sim_provider ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(VodupVodClient) client = NULL;
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  Fixture f = { .loop = loop };

  /* Port 9 (discard) on loopback: nothing listens there. */
  client = vodup_vod_client_new (provider, NULL, "http://127.0.0.1:9", &error);
  g_assert_no_error (error);
  vodup_vod_client_list_choices_async (client, VODUP_CHOICE_KIND_REGION, 0, NULL, done_cb, &f);
  model = vodup_vod_client_list_choices_finish (client, wait_result (&f), &error);
  g_assert_null (model);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_NETWORK);
  g_assert_true (vodup_error_is_transient (error));
  g_assert_null (vodup_error_get_request_id (error));
  g_clear_object (&f.result);
}

static void
add_sim_test (const char *path,
              void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  /* The isolated XDG dirs hide the GSettings schemas that GNOME's proxy
   * resolver needs; the simulator is on loopback anyway. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", FALSE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_sim_test ("/engine/vod-client/apply/every-option", test_apply_every_option);
  add_sim_test ("/engine/vod-client/apply/minimal", test_apply_minimal);
  add_sim_test ("/engine/vod-client/error/wrong-key", test_wrong_key);
  add_sim_test ("/engine/vod-client/error/unknown-secret-id", test_unknown_secret_id);
  add_sim_test ("/engine/vod-client/error/token-sent", test_token_sent);
  add_sim_test ("/engine/vod-client/error/clock-skew", test_clock_skew);
  add_sim_test ("/engine/vod-client/error/unknown-procedure", test_unknown_procedure);
  add_sim_test ("/engine/vod-client/error/region-not-enabled", test_region_not_enabled);
  add_sim_test ("/engine/vod-client/error/unknown-class", test_unknown_class);
  add_sim_test ("/engine/vod-client/error/sub-app-id-required", test_sub_app_id_required);
  add_sim_test ("/engine/vod-client/error/server-unavailable", test_server_unavailable);
  add_sim_test ("/engine/vod-client/error/no-credentials", test_no_credentials);
  add_sim_test ("/engine/vod-client/error/cancelled", test_cancelled);
  add_sim_test ("/engine/vod-client/choices/procedures", test_list_procedures);
  add_sim_test ("/engine/vod-client/choices/regions", test_list_regions);
  add_sim_test ("/engine/vod-client/choices/classes", test_list_classes);
  add_sim_test ("/engine/vod-client/choices/sub-apps", test_list_sub_apps);
  add_sim_test ("/engine/vod-client/commit/follow-task", test_commit_and_follow_task);
  add_sim_test ("/engine/vod-client/commit/no-procedure-no-task", test_commit_no_procedure);
  add_sim_test ("/engine/vod-client/commit/before-upload", test_commit_before_upload);
  add_sim_test ("/engine/vod-client/call/generic", test_generic_call);
  g_test_add_func ("/engine/vod-client/endpoint/insecure", test_insecure_endpoint);
  g_test_add_func ("/engine/vod-client/endpoint/from-environment", test_endpoint_from_environment);
  g_test_add_func ("/engine/vod-client/endpoint/connection-refused", test_connection_refused);

  return g_test_run ();
}
