/* test-upload-options.c: what the user chose reaches VOD; errors are clear
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-test-util.h"

static JsonObject *
first_apply_params (JsonObject *state)
{
  JsonArray *applies = json_object_get_array_member (state, "applies");

  g_assert_cmpuint (json_array_get_length (applies), >=, 1);

  return json_object_get_object_member (json_array_get_object_element (applies, 0), "params");
}

static void
test_every_option (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(GFile) file = vodup_test_make_file (env, "trip.mp4", 3000, 1);
  g_autoptr(GFile) cover = vodup_test_make_file (env, "poster.PNG", 2000, 2);
  g_autofree char *cover_crc = vodup_test_file_crc64 (cover);
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  g_autoptr(JsonObject) state = NULL;
  g_autofree char *event = NULL;
  JsonObject *params, *commit;
  VodupUpload *upload;

  options->procedure = g_strdup ("LongVideoPreset");
  options->storage_region = g_strdup ("ap-guangzhou");
  options->sub_app_id = 1500000002;
  options->class_id = 2;
  options->media_name = g_strdup ("旅行 Trip");
  options->expire_time = g_strdup ("2030-01-01T00:00:00+08:00");
  options->source_context = g_strdup ("job-42");
  options->session_context = g_strdup ("{\"user\":\"ada\"}");
  options->cover = g_object_ref (cover);

  upload = vodup_upload_queue_add_file (env->queue, file, options);
  vodup_test_wait_finished (upload, 60);
  g_assert_null (vodup_upload_get_error (upload));
  /* Media and cover count in one progress. */
  g_assert_cmpuint (vodup_upload_get_bytes_total (upload), ==, 5000);
  g_assert_cmpuint (vodup_upload_get_bytes_sent (upload), ==, 5000);

  state = vodup_sim_dup_state (env->sim);
  params = first_apply_params (state);
  g_assert_cmpstr (json_object_get_string_member (params, "MediaType"), ==, "mp4");
  g_assert_cmpstr (json_object_get_string_member (params, "Procedure"), ==, "LongVideoPreset");
  g_assert_cmpstr (json_object_get_string_member (params, "StorageRegion"), ==, "ap-guangzhou");
  g_assert_cmpint (json_object_get_int_member (params, "SubAppId"), ==, 1500000002);
  g_assert_cmpint (json_object_get_int_member (params, "ClassId"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (params, "MediaName"), ==, "旅行 Trip");
  g_assert_cmpstr (json_object_get_string_member (params, "ExpireTime"), ==, "2030-01-01T00:00:00+08:00");
  g_assert_cmpstr (json_object_get_string_member (params, "SourceContext"), ==, "job-42");
  g_assert_cmpstr (json_object_get_string_member (params, "SessionContext"), ==, "{\"user\":\"ada\"}");
  g_assert_cmpstr (json_object_get_string_member (params, "CoverType"), ==, "png");

  commit = json_array_get_object_element (json_object_get_array_member (state, "commits"), 0);
  g_assert_cmpint (json_object_get_int_member (commit, "sub_app_id"), ==, 1500000002);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (commit, "cover"), "crc64"),
                   ==, cover_crc);
  g_assert_nonnull (vodup_upload_get_cover_url (upload));
  g_assert_cmpstr (vodup_upload_get_cover_url (upload), !=, "");

  /* The task flow is followed until it ends. */
  vodup_upload_set_task_poll_interval (upload, 10);
  vodup_upload_follow_task (upload);
  while (vodup_upload_get_task_status (upload) == NULL || !vodup_upload_get_task_status (upload)->finished)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (vodup_upload_get_procedure_task_id (upload));
  g_assert_cmpint (vodup_upload_get_task_status (upload)->progress, ==, 100);

  event = vodup_upload_dup_event_json (upload);
  g_assert_nonnull (strstr (event, vodup_upload_get_file_id (upload)));
  g_assert_nonnull (strstr (event, "\"SourceContext\" : \"job-42\""));
  g_assert_nonnull (strstr (event, vodup_upload_get_procedure_task_id (upload)));
}

static void
test_default_media_name (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(GFile) file = vodup_test_make_file (env, "Holiday.2026.MP4", 100, 3);
  g_autoptr(JsonObject) state = NULL;
  JsonObject *params;
  VodupUpload *upload;

  upload = vodup_upload_queue_add_file (env->queue, file, NULL);
  vodup_test_wait_finished (upload, 30);
  g_assert_null (vodup_upload_get_error (upload));

  state = vodup_sim_dup_state (env->sim);
  params = first_apply_params (state);
  g_assert_cmpstr (json_object_get_string_member (params, "MediaName"), ==, "Holiday.2026");
  g_assert_cmpstr (json_object_get_string_member (params, "MediaType"), ==, "mp4");
  g_assert_false (json_object_has_member (params, "SubAppId"));
  g_assert_false (json_object_has_member (params, "ClassId"));
  g_assert_false (json_object_has_member (params, "Procedure"));
}

static void
test_wrong_key (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, "notTheRightSecretKey000000000000");
  g_autoptr(GFile) file = vodup_test_make_file (env, "a.mp4", 100, 4);
  const GError *error;
  VodupUpload *upload;

  upload = vodup_upload_queue_add_file (env->queue, file, NULL);
  vodup_test_wait_finished (upload, 30);

  error = vodup_upload_get_error (upload);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_AUTH);
  g_assert_cmpstr (vodup_error_get_remote_code (error), ==, "AuthFailure.SignatureFailure");
  g_assert_nonnull (vodup_error_get_request_id (error));
  g_assert_null (strstr (error->message, "notTheRightSecretKey"));
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "PutObject"), ==, 0);
}

static void
test_unknown_procedure (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(GFile) file = vodup_test_make_file (env, "a.mp4", 100, 5);
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  VodupUpload *upload;

  options->procedure = g_strdup ("NoSuchFlow");
  upload = vodup_upload_queue_add_file (env->queue, file, options);
  vodup_test_wait_finished (upload, 30);

  g_assert_error (vodup_upload_get_error (upload), VODUP_ERROR, VODUP_ERROR_UNKNOWN_PROCEDURE);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "PutObject"), ==, 0);
}

static void
test_bad_options_refused_locally (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(GFile) file = vodup_test_make_file (env, "a.mp4", 100, 6);
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  VodupUpload *upload;

  options->source_context = g_strnfill (251, 'x');
  upload = vodup_upload_queue_add_file (env->queue, file, options);
  vodup_test_wait_finished (upload, 30);

  g_assert_error (vodup_upload_get_error (upload), VODUP_ERROR, VODUP_ERROR_INVALID_PARAMETER);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "requests"), ==, 0);
}

static void
idle_cb (VodupUploadQueue *queue,
         guint            *n_idle)
{
  (*n_idle)++;
}

static void
test_queue_files_in_flight (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  guint n_idle = 0, max_running = 0;

  vodup_upload_queue_set_files_in_flight (env->queue, 2);
  g_signal_connect (env->queue, "idle", G_CALLBACK (idle_cb), &n_idle);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("clip%u.mp4", i);
      g_autoptr(GFile) file = vodup_test_make_file (env, name, 50000, i);

      vodup_upload_queue_add_file (env->queue, file, NULL);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (env->queue)), ==, 5);

  while (n_idle == 0)
    {
      guint running = 0;

      for (guint i = 0; i < 5; i++)
        {
          g_autoptr(VodupUpload) upload = g_list_model_get_item (G_LIST_MODEL (env->queue), i);

          running += vodup_upload_is_running (upload);
        }
      max_running = MAX (max_running, running);
      g_main_context_iteration (NULL, TRUE);
    }

  g_assert_cmpuint (max_running, ==, 2);
  g_assert_cmpuint (n_idle, ==, 1);
  g_assert_cmpuint (vodup_upload_queue_get_n_active (env->queue), ==, 0);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "CommitUpload"), ==, 5);

  vodup_upload_queue_clear_finished (env->queue);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (env->queue)), ==, 0);
}

static void
test_queue_waits_for_clients (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(VodupUploadQueue) queue = vodup_upload_queue_new (NULL, NULL);
  g_autoptr(GFile) file = vodup_test_make_file (env, "later.mp4", 100, 7);
  VodupUpload *upload;

  /* A file dropped before the keys are set is kept, not lost. */
  upload = vodup_upload_queue_add_file (queue, file, NULL);
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_QUEUED);
  g_assert_true (vodup_upload_queue_is_busy (queue));

  vodup_upload_queue_set_clients (queue, env->vod, env->cos);
  vodup_test_wait_finished (upload, 30);
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_DONE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/upload-options/every-option", test_every_option);
  g_test_add_func ("/engine/upload-options/default-media-name", test_default_media_name);
  g_test_add_func ("/engine/upload-options/wrong-key", test_wrong_key);
  g_test_add_func ("/engine/upload-options/unknown-procedure", test_unknown_procedure);
  g_test_add_func ("/engine/upload-options/refused-locally", test_bad_options_refused_locally);
  g_test_add_func ("/engine/upload-queue/files-in-flight", test_queue_files_in_flight);
  g_test_add_func ("/engine/upload-queue/waits-for-clients", test_queue_waits_for_clients);

  return g_test_run ();
}
