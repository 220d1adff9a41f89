/* test-upload-control.c: pause, resume, cancel and retry against the simulator
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-test-util.h"

#define MiB (G_GUINT64_CONSTANT (1024) * 1024)

static void
set_faults (VodupSim   *sim,
            const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  vodup_sim_set_faults (sim, json_node_get_object (node));
}

static void
wait_bytes_sent (VodupUpload *upload,
                 guint64      bytes)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (vodup_upload_get_bytes_sent (upload) < bytes)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_assert_false (vodup_upload_is_finished (upload));
      g_main_context_iteration (NULL, TRUE);
    }
}

static JsonObject *
only_multipart (JsonObject *state)
{
  JsonArray *uploads = json_object_get_array_member (state, "multipart_uploads");

  g_assert_cmpuint (json_array_get_length (uploads), ==, 1);

  return json_array_get_object_element (uploads, 0);
}

static void
test_cancel_aborts (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (FALSE, NULL);
  g_autoptr(GFile) file = vodup_test_make_file (env, "cancel.mp4", 100 * MiB, 7);
  g_autoptr(JsonObject) state = NULL;
  VodupUpload *upload;

  set_faults (env->sim, "{\"delay_ms\": 100}");
  upload = vodup_upload_queue_add_file (env->queue, file, NULL);
  vodup_test_wait_counter (env->sim, "UploadPart", 1, 60);

  vodup_upload_cancel (upload);
  vodup_test_wait_state (upload, VODUP_UPLOAD_STATE_CANCELLED, 60);
  vodup_test_wait_counter (env->sim, "AbortMultipartUpload", 1, 60);

  state = vodup_sim_dup_state (env->sim);
  g_assert_cmpstr (json_object_get_string_member (only_multipart (state), "state"), ==, "aborted");
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "CommitUpload"), ==, 0);
}

/* A cancel while InitiateMultipartUpload is on its way must still abort the
 * upload it creates, or it would be left on COS. */
static void
test_cancel_during_initiate (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (FALSE, NULL);
  g_autoptr(GFile) file = vodup_test_make_file (env, "early.mp4", 20 * MiB, 11);
  g_autoptr(JsonObject) state = NULL;
  VodupUpload *upload;

  set_faults (env->sim, "{\"delay_ms\": 500}");
  upload = vodup_upload_queue_add_file (env->queue, file, NULL);
  vodup_test_wait_counter (env->sim, "InitiateMultipartUpload", 1, 60);

  vodup_upload_cancel (upload);
  vodup_test_wait_finished (upload, 60);
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_CANCELLED);

  state = vodup_sim_dup_state (env->sim);
  g_assert_cmpstr (json_object_get_string_member (only_multipart (state), "state"), ==, "aborted");
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "UploadPart"), ==, 0);
}

static void
test_pause_resume (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (FALSE, NULL);
  g_autoptr(GFile) file = vodup_test_make_file (env, "pause.mp4", 100 * MiB, 8);
  g_autofree char *local_crc = vodup_test_file_crc64 (file);
  g_autoptr(JsonObject) state = NULL;
  VodupUpload *upload;
  guint64 sent_at_pause;
  JsonArray *parts;

  set_faults (env->sim, "{\"delay_ms\": 20}");
  upload = vodup_upload_queue_add_file (env->queue, file, NULL);
  wait_bytes_sent (upload, 30 * MiB);

  vodup_upload_pause (upload);
  vodup_test_wait_state (upload, VODUP_UPLOAD_STATE_PAUSED, 60);
  sent_at_pause = vodup_upload_get_bytes_sent (upload);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "AbortMultipartUpload"), ==, 0);

  vodup_upload_resume (upload);
  vodup_test_wait_finished (upload, 120);

  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_DONE);
  g_assert_cmpuint (vodup_upload_get_bytes_sent (upload), >=, sent_at_pause);
  g_assert_cmpstr (vodup_upload_get_crc64 (upload), ==, local_crc);

  /* One multipart upload throughout, and the parts finished before the
   * pause were not sent again: at most one re-send per part in flight. */
  state = vodup_sim_dup_state (env->sim);
  g_assert_cmpstr (json_object_get_string_member (only_multipart (state), "state"), ==, "completed");
  parts = json_object_get_array_member (only_multipart (state), "parts");
  g_assert_cmpuint (json_array_get_length (parts), ==, 13);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "UploadPart"), <=, 13 + 4);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "InitiateMultipartUpload"), ==, 1);
}

static void
test_transient_failure_retried (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (FALSE, NULL);
  g_autoptr(GFile) file = vodup_test_make_file (env, "retry.mp4", 20 * MiB, 9);
  g_autofree char *local_crc = vodup_test_file_crc64 (file);
  VodupUpload *upload;

  set_faults (env->sim, "{\"fail_nth\": {\"n\": 2, \"status\": 503, \"kind\": \"UploadPart\"}}");
  upload = vodup_upload_queue_add_file (env->queue, file, NULL);
  vodup_test_wait_finished (upload, 120);

  g_assert_null (vodup_upload_get_error (upload));
  g_assert_cmpstr (vodup_upload_get_crc64 (upload), ==, local_crc);
  /* 3 parts plus the one that got the 503. */
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "UploadPart"), ==, 4);
}

static void
test_retry_after_failure (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(GFile) file = vodup_test_make_file (env, "later.mp4", 4096, 10);
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  VodupUpload *upload;

  /* Fails for good (not transient): a new account needs a SubAppId. */
  set_faults (env->sim, "{\"require_sub_app_id\": true}");
  upload = vodup_upload_queue_add_file (env->queue, file, options);
  vodup_test_wait_finished (upload, 30);
  g_assert_error (vodup_upload_get_error (upload), VODUP_ERROR, VODUP_ERROR_SUB_APP_ID);

  set_faults (env->sim, "{\"require_sub_app_id\": false}");
  vodup_upload_retry (upload);
  vodup_test_wait_finished (upload, 30);
  g_assert_null (vodup_upload_get_error (upload));
  g_assert_nonnull (vodup_upload_get_file_id (upload));
}

/* A CommitUpload that failed after it may have reached VOD is not sent
 * again by itself; the person decides (retry). */
static void
test_commit_not_repeated (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(GFile) file = vodup_test_make_file (env, "commit.mp4", 4096, 12);
  VodupUpload *upload;

  set_faults (env->sim, "{\"fail_nth\": {\"n\": 1, \"status\": 503, \"kind\": \"CommitUpload\"}}");
  upload = vodup_upload_queue_add_file (env->queue, file, NULL);
  vodup_test_wait_finished (upload, 30);
  g_assert_error (vodup_upload_get_error (upload), VODUP_ERROR, VODUP_ERROR_SERVER);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "CommitUpload"), ==, 1);

  vodup_upload_retry (upload);
  vodup_test_wait_finished (upload, 30);
  g_assert_nonnull (vodup_upload_get_file_id (upload));
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "CommitUpload"), ==, 2);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "PutObject"), ==, 1);
}

static void
assert_done_with_crc (VodupUpload *upload,
                      GFile       *file)
{
  g_autofree char *local_crc = vodup_test_file_crc64 (file);

  g_assert_null (vodup_upload_get_error (upload));
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_DONE);
  g_assert_cmpstr (vodup_upload_get_crc64 (upload), ==, local_crc);
}

/* The credential would run out mid-upload: parts stop starting a minute
 * before, the old upload is aborted while the credential still works,
 * and the file starts over with a fresh ApplyUpload. */
static void
test_credential_expiry_ahead (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (FALSE, NULL);
  g_autoptr(GFile) file = vodup_test_make_file (env, "expiring.mp4", 60 * MiB, 13);
  g_autoptr(JsonObject) state = NULL;
  JsonArray *uploads;
  VodupUpload *upload;

  vodup_upload_queue_set_parts_in_flight (env->queue, 2);
  set_faults (env->sim, "{\"credential_lifetime\": 62, \"delay_ms\": 700}");
  upload = vodup_upload_queue_add_file (env->queue, file, NULL);
  /* The first credential is issued; later ones last an hour. */
  vodup_test_wait_state (upload, VODUP_UPLOAD_STATE_UPLOADING, 30);
  set_faults (env->sim, "{\"credential_lifetime\": 3600}");

  vodup_test_wait_finished (upload, 120);
  assert_done_with_crc (upload, file);
  g_assert_nonnull (vodup_upload_get_notice (upload));
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "ApplyUpload"), ==, 2);

  state = vodup_sim_dup_state (env->sim);
  uploads = json_object_get_array_member (state, "multipart_uploads");
  g_assert_cmpuint (json_array_get_length (uploads), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (uploads, 0), "state"),
                   ==, "aborted");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (uploads, 1), "state"),
                   ==, "completed");
}

/* COS says the token expired (ExpiredToken) in the middle of the parts. */
static void
test_credential_expired_mid_upload (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (FALSE, NULL);
  g_autoptr(GFile) file = vodup_test_make_file (env, "expired.mp4", 60 * MiB, 14);
  VodupUpload *upload;

  vodup_upload_queue_set_parts_in_flight (env->queue, 2);
  set_faults (env->sim, "{\"delay_ms\": 200}");
  upload = vodup_upload_queue_add_file (env->queue, file, NULL);
  vodup_test_wait_counter (env->sim, "UploadPart", 2, 60);
  set_faults (env->sim, "{\"expire_credentials\": true, \"delay_ms\": 0}");

  vodup_test_wait_finished (upload, 120);
  assert_done_with_crc (upload, file);
  g_assert_nonnull (vodup_upload_get_notice (upload));
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "ApplyUpload"), ==, 2);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "CommitUpload"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/upload-control/cancel-aborts", test_cancel_aborts);
  g_test_add_func ("/engine/upload-control/cancel-during-initiate", test_cancel_during_initiate);
  g_test_add_func ("/engine/upload-control/pause-resume", test_pause_resume);
  g_test_add_func ("/engine/upload-control/transient-failure-retried", test_transient_failure_retried);
  g_test_add_func ("/engine/upload-control/retry-after-failure", test_retry_after_failure);
  g_test_add_func ("/engine/upload-control/commit-not-repeated", test_commit_not_repeated);
  g_test_add_func ("/engine/upload-control/credential-expiry-ahead", test_credential_expiry_ahead);
  g_test_add_func ("/engine/upload-control/credential-expired-mid-upload",
                   test_credential_expired_mid_upload);

  return g_test_run ();
}
