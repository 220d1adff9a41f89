/* test-upload-failures.c: failures a retry cannot mend and those it can,
 * the journal's locks, the cleanup of abandoned uploads and a full disk
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "vodup-journal.h"
#include "vodup-memory-vault.h"
#include "vodup-test-util.h"

#define MiB (G_GUINT64_CONSTANT (1024) * 1024)
/* Where the shim (tests/util/enospc-shim.c) makes writes fail. */
#define ENOSPC_MARK "/vodup-enospc-journal/"

typedef struct
{
  VodupTestEnv     *env;
  VodupMemoryVault *vault;
  GFile            *file;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->env = vodup_test_env_new (FALSE, NULL);
  f->vault = vodup_memory_vault_new ();
  vodup_upload_queue_set_journal (f->env->queue, VODUP_CREDENTIAL_VAULT (f->vault));
  /* 24 parts of 1 MiB, two at a time: quick, and long enough to act in. */
  vodup_upload_queue_set_part_size (f->env->queue, MiB);
  vodup_upload_queue_set_parts_in_flight (f->env->queue, 2);
  f->file = vodup_test_make_file (f->env, "failures.mp4", 24 * MiB, 31);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->file);
  g_clear_object (&f->vault);
  g_clear_pointer (&f->env, vodup_test_env_free);
}

static const char *
multipart_state (VodupSim *sim)
{
  g_autoptr(JsonObject) state = vodup_sim_dup_state (sim);
  JsonArray *uploads = json_object_get_array_member (state, "multipart_uploads");
  static char result[16];

  g_assert_cmpuint (json_array_get_length (uploads), ==, 1);
  g_strlcpy (result, json_object_get_string_member (json_array_get_object_element (uploads, 0), "state"),
             sizeof result);

  return result;
}

static guint
n_records (void)
{
  g_autoptr(GPtrArray) records = vodup_journal_list ();

  return records->len;
}

/* A slowed upload, left paused with some parts on COS and its record
 * written, as a crash would leave it; the queue is gone. */
static char *
interrupt_upload (Fixture *f)
{
  VodupUpload *upload = vodup_test_interrupt_upload (f->env, f->file, 3);
  char *id = g_strdup (vodup_upload_get_id (upload));

  g_clear_object (&f->env->queue);

  g_assert_cmpuint (n_records (), ==, 1);
  return id;
}

static VodupUploadQueue *
new_queue (Fixture *f)
{
  return vodup_test_env_new_queue (f->env, VODUP_CREDENTIAL_VAULT (f->vault));
}

/* Errors found before any request -------------------------------------- */

static void
assert_refused_before_requests (Fixture    *f,
                                GFile      *file,
                                VodupError  code)
{
  VodupUpload *upload = vodup_upload_queue_add_file (f->env->queue, file, NULL);

  vodup_test_wait_finished (upload, 30);
  g_assert_error ((GError *) vodup_upload_get_error (upload), VODUP_ERROR, (int) code);
  g_test_message ("%s", vodup_upload_get_error (upload)->message);
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "requests"), ==, 0);
}

/* A FIFO has no size and no identity: "cannot be read", nothing sent (and
 * nothing opened, so nothing blocks). chmod 000 would not do as root. */
static void
test_fifo (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->env->dir, "pipe.mp4", NULL);
  g_autoptr(GFile) fifo = g_file_new_for_path (path);

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  assert_refused_before_requests (f, fifo, VODUP_ERROR_FILE_UNREADABLE);
}

static void
test_vanished (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->env->dir, "gone.mp4", NULL);
  g_autoptr(GFile) gone = g_file_new_for_path (path);

  assert_refused_before_requests (f, gone, VODUP_ERROR_FILE_NOT_FOUND);
}

/* Which failures keep the multipart upload --------------------------------- */

/* COS answers 503 to everything for longer than the retries last: the
 * upload fails, and keeps its multipart upload, which a retry resumes. */
static void
test_transient_keeps_upload (Fixture       *f,
                             gconstpointer  data)
{
  VodupUpload *upload;
  const GError *error;

  vodup_test_set_faults (f->env->sim, "{\"delay_ms\": 50}");
  upload = vodup_upload_queue_add_file (f->env->queue, f->file, NULL);
  vodup_test_wait_counter (f->env->sim, "UploadPart", 3, 60);
  vodup_test_set_faults (f->env->sim, "{\"fail_rate\": 1.0, \"delay_ms\": null}");
  vodup_test_wait_finished (upload, 120);

  error = vodup_upload_get_error (upload);
  g_assert_nonnull (error);
  g_assert_true (g_error_matches (error, VODUP_ERROR, VODUP_ERROR_SERVER) ||
                 g_error_matches (error, VODUP_ERROR, VODUP_ERROR_THROTTLED));
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "AbortMultipartUpload"), ==, 0);
  g_assert_cmpstr (multipart_state (f->env->sim), ==, "active");

  vodup_test_set_faults (f->env->sim, "{\"fail_rate\": null}");
  vodup_upload_retry (upload);
  vodup_test_wait_finished (upload, 120);
  g_assert_null (vodup_upload_get_error (upload));
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "InitiateMultipartUpload"), ==, 1);
  g_assert_cmpstr (multipart_state (f->env->sim), ==, "completed");
}

/* The file is deleted mid-upload: no retry can use what was sent, so the
 * multipart upload is aborted at once, before any Complete. */
static void
test_deleted_file_aborts (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_file_get_path (f->file);
  VodupUpload *upload;
  const GError *error;

  vodup_test_set_faults (f->env->sim, "{\"delay_ms\": 50}");
  upload = vodup_upload_queue_add_file (f->env->queue, f->file, NULL);
  vodup_test_wait_counter (f->env->sim, "UploadPart", 3, 60);
  g_assert_cmpint (g_unlink (path), ==, 0);
  vodup_test_wait_finished (upload, 60);

  error = vodup_upload_get_error (upload);
  g_assert_nonnull (error);
  g_assert_true (g_error_matches (error, VODUP_ERROR, VODUP_ERROR_FILE_NOT_FOUND) ||
                 g_error_matches (error, VODUP_ERROR, VODUP_ERROR_FILE_UNREADABLE));
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "CompleteMultipartUpload"), ==, 0);
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "AbortMultipartUpload"), ==, 1);
  g_assert_cmpstr (multipart_state (f->env->sim), ==, "aborted");
  /* Nothing left to resume: the key is gone from the vault too. */
  g_assert_cmpuint (vodup_memory_vault_size (f->vault), ==, 0);
}

/* Locks ------------------------------------------------------------------ */

static void
test_lock (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(VodupJournalLock) lock = vodup_journal_lock ("some-upload", NULL);
  g_autoptr(VodupJournalLock) again = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (lock);
  again = vodup_journal_lock ("some-upload", &error);
  g_assert_null (again);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_assert_true (vodup_journal_is_locked ("some-upload"));

  g_clear_pointer (&lock, vodup_journal_unlock);
  g_assert_false (vodup_journal_is_locked ("some-upload"));
}

static guint
n_task_locks (void)
{
  g_autofree char *path = vodup_journal_dup_dir ();
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "task-") && g_str_has_suffix (name, ".lock"))
      n++;

  return n;
}

static void
spin_until_no_task_lock (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* The lock goes from an idle, once the final record is written. */
  while (n_task_locks () > 0 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (n_task_locks (), ==, 0);
}

/* One task (file and options) in two records, as the app's row and a
 * vodup-cli run would have: while one uploads, the other is refused
 * before any request. Other options are another task. */
static void
test_task_lock (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(VodupUploadQueue) other = vodup_upload_queue_new (f->env->vod, f->env->cos);
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  VodupUpload *running, *refused, *different;
  gint64 applies;

  vodup_upload_queue_set_journal (other, VODUP_CREDENTIAL_VAULT (f->vault));
  vodup_test_set_faults (f->env->sim, "{\"delay_ms\": 50}");
  running = vodup_upload_queue_add_file (f->env->queue, f->file, NULL);
  vodup_test_wait_counter (f->env->sim, "UploadPart", 2, 60);
  applies = vodup_sim_get_counter (f->env->sim, "ApplyUpload");
  g_assert_cmpuint (n_task_locks (), ==, 1);

  refused = vodup_upload_queue_add_file (other, f->file, NULL);
  vodup_test_wait_finished (refused, 30);
  g_assert_cmpint (vodup_upload_get_state (refused), ==, VODUP_UPLOAD_STATE_FAILED);
  g_assert_nonnull (strstr (vodup_upload_get_error (refused)->message, "another Vodup"));
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "ApplyUpload"), ==, applies);

  options->source_context = g_strdup ("another task");
  different = vodup_upload_queue_add_file (other, f->file, options);
  vodup_test_wait_counter (f->env->sim, "ApplyUpload", applies + 1, 30);
  vodup_upload_cancel (different);
  vodup_test_wait_finished (different, 60);
  g_assert_cmpint (vodup_upload_get_state (different), ==, VODUP_UPLOAD_STATE_CANCELLED);

  vodup_test_set_faults (f->env->sim, "{\"delay_ms\": null}");
  vodup_test_wait_finished (running, 120);
  g_assert_null (vodup_upload_get_error (running));
  /* Nothing is left behind for each task ever uploaded. */
  spin_until_no_task_lock ();

  /* Once the other is done, a retry goes ahead (a second media, asked for). */
  vodup_upload_retry (refused);
  vodup_test_wait_finished (refused, 120);
  g_assert_null (vodup_upload_get_error (refused));
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "CompleteMultipartUpload"), ==, 2);
}

/* A record someone else holds is not restored; one that gets taken before
 * its row starts makes the row fail, without touching the record. */
static void
test_locked_record (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = interrupt_upload (f);
  g_autoptr(VodupJournalLock) lock = vodup_journal_lock (id, NULL);
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(VodupUpload) upload = NULL;

  g_assert_nonnull (lock);
  vodup_upload_queue_restore (new_queue (f), FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->env->queue)), ==, 0);
  g_assert_true (vodup_upload_is_busy_elsewhere (f->file, NULL));
  g_clear_object (&f->env->queue);

  g_clear_pointer (&lock, vodup_journal_unlock);
  g_assert_false (vodup_upload_is_busy_elsewhere (f->file, NULL));
  vodup_upload_queue_restore (new_queue (f), TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->env->queue)), ==, 1);
  upload = g_list_model_get_item (G_LIST_MODEL (f->env->queue), 0);

  lock = vodup_journal_lock (id, NULL);
  vodup_upload_resume (upload);
  vodup_test_wait_finished (upload, 30);
  g_assert_nonnull (strstr (vodup_upload_get_error (upload)->message, "another Vodup"));
  record = vodup_journal_read (id);
  g_assert_cmpstr (json_object_get_string_member (record, "state"), ==, "paused");
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "ListParts"), ==, 0);
}

/* Cleanup of abandoned uploads ------------------------------------------ */

static gssize
run_cleanup (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gssize forgotten;

  vodup_upload_cleanup_abandoned_async (VODUP_CREDENTIAL_VAULT (f->vault), f->env->cos, NULL, NULL,
                                        vodup_test_keep_result, &result);
  vodup_test_wait_result (&result);
  forgotten = vodup_upload_cleanup_abandoned_finish (result, &error);
  g_assert_no_error (error);

  return forgotten;
}

static void
test_cleanup_deleted_file (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *id = interrupt_upload (f);
  g_autofree char *path = g_file_get_path (f->file);

  /* Still resumable: left alone. */
  g_assert_cmpint (run_cleanup (f), ==, 0);
  g_assert_cmpuint (n_records (), ==, 1);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (run_cleanup (f), ==, 1);
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "AbortMultipartUpload"), ==, 1);
  g_assert_cmpstr (multipart_state (f->env->sim), ==, "aborted");
  g_assert_cmpuint (n_records (), ==, 0);
  g_assert_cmpuint (vodup_memory_vault_size (f->vault), ==, 0);
}

/* A crash leaves a task's lock file behind (only the kernel's lock goes):
 * cleanup removes it, and leaves the one a running upload holds. */
static void
test_cleanup_task_locks (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(VodupJournalLock) held = vodup_journal_lock ("task-held", NULL);

  vodup_journal_unlock (vodup_journal_lock ("task-crashed", NULL));
  g_assert_cmpuint (n_task_locks (), ==, 2);

  g_assert_cmpint (run_cleanup (f), ==, 0);
  g_assert_cmpuint (n_task_locks (), ==, 1);
  g_assert_true (vodup_journal_is_locked ("task-held"));
}

/* Past its credential's lifetime nothing can abort it: forgotten, with a
 * note. */
static void
test_cleanup_expired (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = interrupt_upload (f);
  g_autoptr(JsonObject) record = vodup_journal_read (id);
  JsonObject *apply = json_object_get_object_member (record, "apply");

  json_object_set_int_member (apply, "expired_time", g_get_real_time () / G_USEC_PER_SEC - 10);
  g_assert_true (vodup_journal_write (id, record, NULL));

  g_test_expect_message ("vodup-engine", G_LOG_LEVEL_MESSAGE, "*stay on COS*");
  g_assert_cmpint (run_cleanup (f), ==, 1);
  g_test_assert_expected_messages ();
  g_assert_cmpint (vodup_sim_get_counter (f->env->sim, "AbortMultipartUpload"), ==, 0);
  g_assert_cmpuint (n_records (), ==, 0);
}

/* A full disk ------------------------------------------------------------ */

/* The journal cannot be written (a real ENOSPC from write(), through the
 * shim): the upload goes on and commits, and says that it could not save
 * its progress. Runs in a child that has the shim preloaded. */
static void
test_journal_disk_full (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *full = g_build_filename (f->env->dir, "vodup-enospc-journal", NULL);
  g_autofree char *journal = vodup_journal_dup_dir ();
  g_autofree char *parent = g_path_get_dirname (journal);
  VodupUpload *upload;
  const char *notice;

  if (!g_test_subprocess ())
    return;

  /* The journal's directory leads into the "full" one. */
  g_assert_cmpint (g_mkdir_with_parents (full, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_assert_cmpint (symlink (full, journal), ==, 0);

  upload = vodup_upload_queue_add_file (f->env->queue, f->file, NULL);
  vodup_test_wait_finished (upload, 60);

  g_assert_null (vodup_upload_get_error (upload));
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_DONE);
  notice = vodup_upload_get_notice (upload);
  g_assert_nonnull (notice);
  g_test_message ("%s", notice);
  g_assert_nonnull (strstr (notice, "No space left on device"));
  g_assert_nonnull (strstr (notice, "cannot resume"));
  g_assert_cmpuint (n_records (), ==, 0);
}

static void
test_journal_disk_full_parent (void)
{
  const char *shim = g_getenv ("VODUP_TEST_ENOSPC_SHIM");
  g_autofree char *asan = NULL;

  if (shim == NULL)
    {
      g_test_skip ("VODUP_TEST_ENOSPC_SHIM is not set (run it with meson test)");
      return;
    }

  /* First in the program, before any thread reads the environment. Under
   * ASan the shim comes before its runtime, which is fine here. */
  asan = g_strdup_printf ("%s:verify_asan_link_order=0", g_getenv ("ASAN_OPTIONS") ?: "");
  g_setenv ("ASAN_OPTIONS", asan, TRUE);
  g_setenv ("LD_PRELOAD", shim, TRUE);
  g_setenv ("VODUP_TEST_ENOSPC_MARK", ENOSPC_MARK, TRUE);

  g_test_trap_subprocess ("/engine/failures/journal-disk-full/subprocess", 120 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("LD_PRELOAD");
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/engine/failures/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/engine/failures/journal-disk-full", test_journal_disk_full_parent);
  ADD ("journal-disk-full/subprocess", test_journal_disk_full);
  ADD ("fifo", test_fifo);
  ADD ("vanished", test_vanished);
  ADD ("transient-keeps-upload", test_transient_keeps_upload);
  ADD ("deleted-file-aborts", test_deleted_file_aborts);
  ADD ("lock", test_lock);
  ADD ("locked-record", test_locked_record);
  ADD ("task-lock", test_task_lock);
  ADD ("cleanup-deleted-file", test_cleanup_deleted_file);
  ADD ("cleanup-expired", test_cleanup_expired);
  ADD ("cleanup-task-locks", test_cleanup_task_locks);

  return g_test_run ();
}
