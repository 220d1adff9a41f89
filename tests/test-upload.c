/* test-upload.c: whole uploads of several sizes against the simulator
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-test-util.h"

#define MiB (G_GUINT64_CONSTANT (1024) * 1024)

static void
bytes_sent_changed_cb (VodupUpload *upload,
                       GParamSpec  *pspec,
                       guint64     *last)
{
  guint64 sent = vodup_upload_get_bytes_sent (upload);

  g_assert_cmpuint (sent, >=, *last);
  g_assert_cmpuint (sent, <=, vodup_upload_get_bytes_total (upload));
  *last = sent;
}

/* Uploads one file and checks that the simulator holds exactly its bytes. */
static JsonObject *
upload_and_check (VodupTestEnv *env,
                  const char   *name,
                  guint64       size)
{
  g_autoptr(GFile) file = vodup_test_make_file (env, name, size, (guint32) size);
  g_autofree char *local_crc = vodup_test_file_crc64 (file);
  VodupUpload *upload;
  JsonObject *state, *commit;
  const char *media_path;
  guint64 last = 0;

  upload = vodup_upload_queue_add_file (env->queue, file, NULL);
  g_signal_connect (upload, "notify::bytes-sent", G_CALLBACK (bytes_sent_changed_cb), &last);
  vodup_test_wait_finished (upload, 240);

  g_assert_null (vodup_upload_get_error (upload));
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_DONE);
  g_assert_cmpuint (vodup_upload_get_bytes_sent (upload), ==, size);
  g_assert_cmpuint (last, ==, size);
  g_assert_cmpstr (vodup_upload_get_crc64 (upload), ==, local_crc);

  state = vodup_sim_dup_state (env->sim);
  commit = json_array_get_object_element (json_object_get_array_member (state, "commits"), 0);
  g_assert_cmpstr (json_object_get_string_member (commit, "file_id"), ==,
                   vodup_upload_get_file_id (upload));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (commit, "media"), "size"),
                   ==, (gint64) size);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (commit, "media"), "crc64"),
                   ==, local_crc);

  media_path = json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (state, "applies"), 0),
    "media_storage_path");
  g_assert_cmpstr (vodup_test_sim_object_crc (state, media_path + 1), ==, local_crc);
  g_assert_nonnull (vodup_upload_get_media_url (upload));

  return state;
}

static void
test_upload_1k (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(JsonObject) state = upload_and_check (env, "small.mp4", 1024);

  g_assert_cmpint (vodup_sim_get_counter (env->sim, "PutObject"), ==, 1);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "InitiateMultipartUpload"), ==, 0);
}

static void
test_upload_7m_single_put (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(JsonObject) state = upload_and_check (env, "seven.mov", 7 * MiB);

  g_assert_cmpint (vodup_sim_get_counter (env->sim, "PutObject"), ==, 1);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "UploadPart"), ==, 0);
}

static void
set_faults (VodupSim   *sim,
            const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  vodup_sim_set_faults (sim, json_node_get_object (node));
}

/* The first parts' bodies are held for a second half-way through, so
 * they can only overlap at the simulator if the client really sends
 * several at once. */
#define HOLD_PARTS "{\"stall\": {\"kind\": \"UploadPart\", \"after_bytes\": 1048576, " \
                   "\"seconds\": 1, \"count\": %d}}"

static void
test_upload_100m_multipart (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (FALSE, NULL);
  g_autoptr(JsonObject) state = NULL;
  g_autofree char *faults = g_strdup_printf (HOLD_PARTS, 6);
  JsonObject *multipart;

  set_faults (env->sim, faults);
  vodup_upload_queue_set_parts_in_flight (env->queue, 4);
  state = upload_and_check (env, "large.mkv", 100 * MiB);

  /* 8 MiB parts: 12 full ones and a 4 MiB tail, each sent once. */
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "PutObject"), ==, 0);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "InitiateMultipartUpload"), ==, 1);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "UploadPart"), ==, 13);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "CompleteMultipartUpload"), ==, 1);

  multipart = json_array_get_object_element (json_object_get_array_member (state, "multipart_uploads"), 0);
  g_assert_cmpstr (json_object_get_string_member (multipart, "state"), ==, "completed");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (multipart, "parts")), ==, 13);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "max_concurrent_uploads"), ==, 4);
}

static void
test_upload_parts_in_flight_limit (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (FALSE, NULL);
  g_autoptr(JsonObject) state = NULL;
  g_autofree char *faults = g_strdup_printf (HOLD_PARTS, 4);

  set_faults (env->sim, faults);
  vodup_upload_queue_set_parts_in_flight (env->queue, 2);
  state = upload_and_check (env, "limit.mp4", 60 * MiB);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "max_concurrent_uploads"), ==, 2);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "UploadPart"), ==, 8);
}

static void
assert_refused (VodupTestEnv *env,
                GFile        *file,
                gint          code)
{
  VodupUpload *upload = vodup_upload_queue_add_file (env->queue, file, NULL);
  const GError *error;

  vodup_test_wait_finished (upload, 30);
  error = vodup_upload_get_error (upload);
  g_assert_error (error, VODUP_ERROR, code);
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_FAILED);
  /* Refused before any request. */
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "requests"), ==, 0);
}

static void
test_upload_refusals (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(GFile) empty = vodup_test_make_file (env, "empty.mp4", 0, 1);
  g_autoptr(GFile) missing = g_file_new_build_filename (env->dir, "missing.mp4", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (env->dir);
  g_autoptr(GFile) text = vodup_test_make_file (env, "notes.txt", 10, 2);
  g_autofree char *message = NULL;
  VodupUpload *upload;

  assert_refused (env, empty, VODUP_ERROR_FILE_EMPTY);
  assert_refused (env, missing, VODUP_ERROR_FILE_NOT_FOUND);
  assert_refused (env, folder, VODUP_ERROR_FILE_IS_DIRECTORY);
  assert_refused (env, text, VODUP_ERROR_INVALID_PARAMETER);

  /* The message names the file, so the person knows which one. */
  upload = g_list_model_get_item (G_LIST_MODEL (env->queue), 0);
  g_assert_nonnull (strstr (vodup_upload_get_error (upload)->message, "empty.mp4"));
  g_object_unref (upload);
}

static void
test_part_size (void)
{
  const guint64 GiB = 1024 * MiB;

  g_assert_cmpuint (vodup_upload_choose_part_size (100 * MiB, 8 * MiB), ==, 8 * MiB);
  g_assert_cmpuint (vodup_upload_choose_part_size (80000 * MiB, 8 * MiB), ==, 8 * MiB);
  g_assert_cmpuint (vodup_upload_choose_part_size (80001 * MiB, 8 * MiB), ==, 16 * MiB);
  g_assert_cmpuint (vodup_upload_choose_part_size (1024 * GiB, 8 * MiB), ==, 128 * MiB);
  g_assert_cmpuint (vodup_upload_choose_part_size (48000 * GiB, 8 * MiB), ==, 5 * GiB);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/upload/part-size", test_part_size);
  g_test_add_func ("/engine/upload/1k", test_upload_1k);
  g_test_add_func ("/engine/upload/7m-single-put", test_upload_7m_single_put);
  g_test_add_func ("/engine/upload/100m-multipart", test_upload_100m_multipart);
  g_test_add_func ("/engine/upload/parts-in-flight-limit", test_upload_parts_in_flight_limit);
  g_test_add_func ("/engine/upload/refusals", test_upload_refusals);

  return g_test_run ();
}
