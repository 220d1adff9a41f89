/* test-upload-control.c: pause, resume, cancel and retry against the simulator
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-journal.h"
#include "vodup-memory-vault.h"
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

static void
shut_down_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vodup_upload_queue_shutdown_finish (VODUP_UPLOAD_QUEUE (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static JsonObject *
only_record (void)
{
  g_autoptr(GPtrArray) records = vodup_journal_list ();

  g_assert_cmpuint (records->len, ==, 1);

  return json_object_ref (g_ptr_array_index (records, 0));
}

static const char *
record_upload_id (JsonObject *record)
{
  JsonObject *media = json_object_get_object_member (record, "media");

  g_assert_nonnull (media);

  return json_object_get_string_member_with_default (media, "upload_id", NULL);
}

/* Quitting the app mid-multipart: nothing is aborted, the journal still
 * has the upload (not as paused), and the next start resumes the same
 * multipart upload and commits it. */
static void
test_shutdown_keeps_upload (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (FALSE, NULL);
  g_autoptr(VodupMemoryVault) vault = vodup_memory_vault_new ();
  g_autoptr(GFile) file = vodup_test_make_file (env, "quit.mp4", 100 * MiB, 23);
  g_autofree char *local_crc = vodup_test_file_crc64 (file);
  g_autoptr(GFile) other_file = vodup_test_make_file (env, "waiting.mp4", 1 * MiB, 24);
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(VodupUpload) resumed = NULL;
  g_autofree char *upload_id = NULL;
  gboolean shut_down = FALSE;
  VodupUpload *upload, *waiting;

  vodup_upload_queue_set_journal (env->queue, VODUP_CREDENTIAL_VAULT (vault));
  vodup_upload_queue_set_files_in_flight (env->queue, 1);
  set_faults (env->sim, "{\"delay_ms\": 50}");
  upload = vodup_upload_queue_add_file (env->queue, file, NULL);
  waiting = vodup_upload_queue_add_file (env->queue, other_file, NULL);
  vodup_test_wait_counter (env->sim, "UploadPart", 4, 60);

  vodup_upload_queue_shutdown_async (env->queue, NULL, shut_down_cb, &shut_down);
  while (!shut_down)
    g_main_context_iteration (NULL, TRUE);

  /* Stopped, and the slot it left was not given to the next file. */
  g_assert_false (vodup_upload_is_running (upload));
  g_assert_false (vodup_upload_is_finished (upload));
  g_assert_cmpint (vodup_upload_get_state (waiting), ==, VODUP_UPLOAD_STATE_QUEUED);
  g_assert_false (vodup_upload_queue_is_busy (env->queue));
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "AbortMultipartUpload"), ==, 0);
  state = vodup_sim_dup_state (env->sim);
  g_assert_cmpstr (json_object_get_string_member (only_multipart (state), "state"), !=, "aborted");
  g_assert_cmpuint (vodup_memory_vault_size (vault), >, 0);

  /* The journal has it as it was, not paused; the other file's record
   * may be kept or not, so only this one is looked at. */
  vodup_upload_queue_remove (env->queue, waiting);
  record = only_record ();
  g_assert_cmpstr (json_object_get_string_member (record, "state"), !=, "paused");
  upload_id = g_strdup (record_upload_id (record));
  g_assert_nonnull (upload_id);

  /* The next start: a new queue, the same journal and vault. */
  g_clear_object (&env->queue);
  set_faults (env->sim, "{\"delay_ms\": 0}");
  env->queue = vodup_upload_queue_new (env->vod, env->cos);
  vodup_upload_queue_set_journal (env->queue, VODUP_CREDENTIAL_VAULT (vault));
  vodup_upload_queue_restore (env->queue, FALSE);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (env->queue)), ==, 1);
  resumed = g_list_model_get_item (G_LIST_MODEL (env->queue), 0);
  vodup_test_wait_finished (resumed, 120);
  g_assert_cmpint (vodup_upload_get_state (resumed), ==, VODUP_UPLOAD_STATE_DONE);
  g_assert_cmpstr (vodup_upload_get_crc64 (resumed), ==, local_crc);

  g_clear_pointer (&state, json_object_unref);
  state = vodup_sim_dup_state (env->sim);
  g_assert_cmpstr (json_object_get_string_member (only_multipart (state), "upload_id"), ==, upload_id);
  g_assert_cmpstr (json_object_get_string_member (only_multipart (state), "state"), ==, "completed");
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "ApplyUpload"), ==, 1);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "InitiateMultipartUpload"), ==, 1);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "AbortMultipartUpload"), ==, 0);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "CommitUpload"), ==, 1);
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static gboolean
all_recorded_as (guint       n,
                 const char *state)
{
  g_autoptr(GPtrArray) records = vodup_journal_list ();
  guint matching = 0;

  for (guint i = 0; i < records->len; i++)
    matching += g_strcmp0 (json_object_get_string_member (g_ptr_array_index (records, i), "state"),
                           state) == 0;

  return records->len == n && matching == n;
}

static void
wait_recorded_as (guint       n,
                  const char *state)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!all_recorded_as (n, state))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Thousands of files: one list change to add them and one to clear them,
 * and Pause All / Resume All still end up in the journal. */
static void
test_bulk_operations (void)
{
  g_autoptr(VodupUploadQueue) queue = vodup_upload_queue_new (NULL, NULL);
  g_autoptr(VodupMemoryVault) vault = vodup_memory_vault_new ();
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) uploads = NULL;
  GListModel *model = G_LIST_MODEL (queue);
  gboolean shut_down = FALSE;
  guint changes = 0;
  guint n = 300;

  vodup_upload_queue_set_journal (queue, VODUP_CREDENTIAL_VAULT (vault));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("/nonexistent/clip-%03u.mp4", i);

      g_ptr_array_add (files, g_file_new_for_path (path));
    }
  g_signal_connect (queue, "items-changed", G_CALLBACK (count_changes_cb), &changes);

  uploads = vodup_upload_queue_add_files (queue, (GFile **) files->pdata, n, NULL);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (uploads->len, ==, n);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VodupUpload) item = g_list_model_get_item (model, i);

      g_assert_true (item == g_ptr_array_index (uploads, i));
      g_assert_true (vodup_upload_get_file (item) == g_ptr_array_index (files, i));
    }
  g_assert_true (vodup_upload_queue_find_unfinished (queue, g_ptr_array_index (files, 7)) ==
                 g_ptr_array_index (uploads, 7));
  wait_recorded_as (n, "queued");

  vodup_upload_queue_pause_all (queue);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (vodup_upload_get_state (g_ptr_array_index (uploads, i)), ==, VODUP_UPLOAD_STATE_PAUSED);
  wait_recorded_as (n, "paused");
  vodup_upload_queue_resume_all (queue);
  g_assert_cmpint (vodup_upload_get_state (g_ptr_array_index (uploads, 0)), ==, VODUP_UPLOAD_STATE_QUEUED);
  wait_recorded_as (n, "queued");

  /* Every third goes; the rest stay in order. */
  for (guint i = 0; i < n; i += 3)
    vodup_upload_cancel (g_ptr_array_index (uploads, i));
  changes = 0;
  vodup_upload_queue_clear_finished (queue);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n - n / 3);
  for (guint i = 0, j = 0; i < n; i++)
    {
      g_autoptr(VodupUpload) item = NULL;

      if (i % 3 == 0)
        {
          g_assert_null (vodup_upload_queue_find_unfinished (queue, g_ptr_array_index (files, i)));
          continue;
        }
      item = g_list_model_get_item (model, j++);
      g_assert_true (item == g_ptr_array_index (uploads, i));
    }
  wait_recorded_as (n - n / 3, "queued");

  /* Nothing more to clear: no change at all. */
  changes = 0;
  vodup_upload_queue_clear_finished (queue);
  g_assert_cmpuint (changes, ==, 0);

  /* Quitting right after Pause All: the records are written first. */
  vodup_upload_queue_pause_all (queue);
  g_assert_false (all_recorded_as (n - n / 3, "paused"));
  vodup_upload_queue_shutdown_async (queue, NULL, shut_down_cb, &shut_down);
  while (!shut_down)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (all_recorded_as (n - n / 3, "paused"));
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
  g_test_add_func ("/engine/upload-control/shutdown-keeps-upload", test_shutdown_keeps_upload);
  g_test_add_func ("/engine/upload-control/bulk-operations", test_bulk_operations);

  return g_test_run ();
}
