/* test-journal.c: crash-safe resume against the simulator
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

typedef struct
{
  VodupTestEnv     *env;
  VodupMemoryVault *vault;
  GFile            *file;
  char             *local_crc;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->env = vodup_test_env_new (FALSE, NULL);
  f->vault = vodup_memory_vault_new ();
  vodup_upload_queue_set_journal (f->env->queue, VODUP_CREDENTIAL_VAULT (f->vault));
  f->file = vodup_test_make_file (f->env, "journal.mp4", 100 * MiB, 21);
  f->local_crc = vodup_test_file_crc64 (f->file);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->file);
  g_clear_pointer (&f->local_crc, g_free);
  g_clear_object (&f->vault);
  g_clear_pointer (&f->env, vodup_test_env_free);
}

/* What a crash leaves behind: some parts on COS, a journal, no process.
 * The upload is stopped without aborting anything, then the queue and
 * its clients are thrown away. */
static void
crash_mid_upload (Fixture *f)
{
  /* A real crash (SIGKILL) is tested with vodup-cli in tests/cli. */
  vodup_test_interrupt_upload (f->env, f->file, 6);

  g_clear_object (&f->env->queue);
  g_clear_object (&f->env->vod);
  g_clear_object (&f->env->cos);
}

/* A new process: new clients, a new queue, the same journal and vault. */
static VodupUploadQueue *
new_queue (Fixture *f)
{
  vodup_test_env_connect (f->env, NULL);

  return vodup_test_env_new_queue (f->env, VODUP_CREDENTIAL_VAULT (f->vault));
}

static VodupUpload *
only_upload (VodupUploadQueue *queue)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 1);

  return g_list_model_get_item (G_LIST_MODEL (queue), 0);
}

static void
assert_resumed_once (Fixture     *f,
                     VodupUpload *upload)
{
  g_autoptr(JsonObject) state = vodup_sim_dup_state (f->env->sim);
  JsonArray *uploads = json_object_get_array_member (state, "multipart_uploads");

  g_assert_null (vodup_upload_get_error (upload));
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_DONE);
  g_assert_cmpstr (vodup_upload_get_crc64 (upload), ==, f->local_crc);

  /* The same ApplyUpload and the same multipart upload, confirmed with
   * ListParts; parts re-sent at most one per part in flight. */
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "ApplyUpload"), ==, 1);
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "InitiateMultipartUpload"), ==, 1);
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "ListParts"), ==, 1);
  g_assert_cmpuint (json_array_get_length (uploads), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (uploads, 0), "state"),
                   ==, "completed");
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "UploadPart"), <=, 13 + 4);
}

static void
test_restore_resumes (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(VodupUpload) upload = NULL;

  crash_mid_upload (f);
  vodup_upload_queue_restore (new_queue (f), FALSE);

  upload = only_upload (f->env->queue);
  vodup_test_wait_finished (upload, 120);
  assert_resumed_once (f, upload);

  /* Done: the credential is gone from the vault, the record says done. */
  g_assert_cmpuint (vodup_memory_vault_size (f->vault), ==, 0);
}

/* A crash can leave the journal a few parts behind COS: the resume takes
 * the parts ListParts reports whose ETag is the MD5 of the file's bytes
 * there, instead of sending them again. */
static void
test_parts_beyond_journal_adopted (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(VodupUpload) upload = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *record, *media;
  JsonArray *parts;

  crash_mid_upload (f);

  records = vodup_journal_list ();
  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  media = json_object_get_object_member (record, "media");
  parts = json_object_get_array_member (media, "parts");
  g_assert_cmpuint (json_array_get_length (parts), >=, 2);
  while (json_array_get_length (parts) > 0)
    json_array_remove_element (parts, 0);
  vodup_journal_write (json_object_get_string_member (record, "id"), record, &error);
  g_assert_no_error (error);

  vodup_upload_queue_restore (new_queue (f), FALSE);
  upload = only_upload (f->env->queue);
  vodup_test_wait_finished (upload, 120);
  assert_resumed_once (f, upload);
}

static void
test_add_same_file_resumes (Fixture       *f,
                            gconstpointer  data)
{
  VodupUpload *upload;

  crash_mid_upload (f);
  upload = vodup_upload_queue_add_file (new_queue (f), f->file, NULL);
  vodup_test_wait_finished (upload, 120);
  assert_resumed_once (f, upload);
}

static void
restore_async (Fixture  *f,
               gboolean  add_file_first)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VodupUpload) upload = NULL;
  VodupUploadQueue *queue = new_queue (f);
  VodupUpload *added = NULL;

  vodup_upload_queue_restore_async (queue, FALSE, NULL, vodup_test_keep_result, &result);
  /* What `vodup video.mp4` does at start-up, before the records are in. */
  if (add_file_first)
    added = vodup_upload_queue_add_file (queue, f->file, NULL);
  vodup_test_wait_result (&result);
  g_assert_true (vodup_upload_queue_restore_finish (queue, result, &error));
  g_assert_no_error (error);

  /* One row: the added file took its record, the restore did not add it again. */
  upload = only_upload (queue);
  if (add_file_first)
    g_assert_true (upload == added);
  vodup_test_wait_finished (upload, 120);
  assert_resumed_once (f, upload);
}

/* The app reads the journal in a thread at start-up. */
static void
test_restore_async (Fixture       *f,
                    gconstpointer  data)
{
  crash_mid_upload (f);
  restore_async (f, FALSE);
}

static void
test_restore_async_add_meanwhile (Fixture       *f,
                                  gconstpointer  data)
{
  crash_mid_upload (f);
  restore_async (f, TRUE);
}

/* A record damaged by hand or by another version: members of the wrong
 * type make it unusable, without a warning (which the tests make fatal). */
static void
test_damaged_record_skipped (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(JsonNode) node = json_from_string ("{\"version\": \"1\", \"id\": 7, \"file\": {},"
                                               " \"state\": [], \"options\": \"none\","
                                               " \"identity\": 3, \"created\": \"soon\"}", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (vodup_journal_write ("damaged", json_node_get_object (node), &error));
  g_assert_no_error (error);
  vodup_upload_queue_restore (new_queue (f), FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->env->queue)), ==, 0);
  vodup_upload_queue_add_file (f->env->queue, f->file, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->env->queue)), ==, 1);
}

static void
test_restore_paused (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(VodupUpload) upload = NULL;

  crash_mid_upload (f);
  vodup_upload_queue_restore (new_queue (f), TRUE);

  upload = only_upload (f->env->queue);
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_PAUSED);
  vodup_upload_resume (upload);
  vodup_test_wait_finished (upload, 120);
  assert_resumed_once (f, upload);
}

static void
test_changed_file_starts_afresh (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *new_crc = NULL;
  VodupUpload *upload;

  crash_mid_upload (f);
  stream = g_file_append_to (f->file, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (G_OUTPUT_STREAM (stream), "more", 4, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error);
  g_assert_no_error (error);
  new_crc = vodup_test_file_crc64 (f->file);

  upload = vodup_upload_queue_add_file (new_queue (f), f->file, NULL);
  vodup_test_wait_finished (upload, 120);
  g_assert_null (vodup_upload_get_error (upload));
  g_assert_cmpstr (vodup_upload_get_crc64 (upload), ==, new_crc);
  g_assert_nonnull (vodup_upload_get_notice (upload));
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "ApplyUpload"), ==, 2);
  /* The old upload held bytes of the old file: aborted, never completed. */
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "AbortMultipartUpload"), ==, 1);
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "CompleteMultipartUpload"), ==, 1);
}

static void
forgotten_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vodup_upload_queue_forget_file_finish (VODUP_UPLOAD_QUEUE (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
test_forget_aborts (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) state = NULL;
  gboolean forgotten = FALSE;
  VodupUpload *upload;

  crash_mid_upload (f);
  vodup_upload_queue_forget_file_async (new_queue (f), f->file, NULL, NULL, forgotten_cb, &forgotten);
  while (!forgotten)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "AbortMultipartUpload"), ==, 1);
  g_assert_cmpuint (vodup_memory_vault_size (f->vault), ==, 0);

  upload = vodup_upload_queue_add_file (f->env->queue, f->file, NULL);
  vodup_test_wait_finished (upload, 120);
  g_assert_cmpstr (vodup_upload_get_crc64 (upload), ==, f->local_crc);
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "ApplyUpload"), ==, 2);

  state = vodup_sim_dup_state (f->env->sim);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (state, "multipart_uploads"), 0),
                     "state"), ==, "aborted");
}

static void
test_finished_rows_stay_finished (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(VodupUpload) restored = NULL;
  g_autofree char *file_id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *dir = vodup_journal_dup_dir ();
  g_autofree char *path = NULL;
  VodupUpload *upload;

  upload = vodup_upload_queue_add_file (f->env->queue, f->file, NULL);
  vodup_test_wait_finished (upload, 120);
  file_id = g_strdup (vodup_upload_get_file_id (upload));
  g_assert_nonnull (file_id);

  /* The record holds no secret: neither key is in it. */
  path = g_strdup_printf ("%s/%s.json", dir, vodup_upload_get_id (upload));
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_null (strstr (text, VODUP_SIM_SECRET_KEY));
  g_assert_null (strstr (text, "SecretKey"));
  g_assert_null (strstr (text, "Token"));

  g_clear_object (&f->env->queue);
  vodup_upload_queue_restore (new_queue (f), FALSE);
  restored = only_upload (f->env->queue);
  g_assert_cmpint (vodup_upload_get_state (restored), ==, VODUP_UPLOAD_STATE_DONE);
  g_assert_cmpstr (vodup_upload_get_file_id (restored), ==, file_id);
  g_assert_cmpstr (vodup_upload_get_crc64 (restored), ==, f->local_crc);
  g_assert_cmpuint (vodup_upload_get_bytes_sent (restored), ==, 100 * MiB);
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "ApplyUpload"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/engine/journal/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("restore-resumes", test_restore_resumes);
  ADD ("parts-beyond-journal-adopted", test_parts_beyond_journal_adopted);
  ADD ("add-same-file-resumes", test_add_same_file_resumes);
  ADD ("restore-paused", test_restore_paused);
  ADD ("restore-async", test_restore_async);
  ADD ("damaged-record-skipped", test_damaged_record_skipped);
  ADD ("restore-async-add-meanwhile", test_restore_async_add_meanwhile);
  ADD ("changed-file-starts-afresh", test_changed_file_starts_afresh);
  ADD ("forget-aborts", test_forget_aborts);
  ADD ("finished-rows-stay-finished", test_finished_rows_stay_finished);

  return g_test_run ();
}
