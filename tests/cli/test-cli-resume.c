/* test-cli-resume.c: vodup-cli's crash-safe resume against the simulator
 * executable (design.md: running `upload` again for a file whose upload
 * was interrupted resumes it; --restart starts it afresh).
 *
 * Usage: test-cli-resume VODUP-CLI VODUP-SIM [GTEST OPTION…]
 *
 * The temporary credentials wait in the keyring, so all but the
 * no-keyring test need the throwaway one of build-aux/run-headless.sh.
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "test-cli-util.h"
#include "vodup-secret-store.h"

/* 100 MiB and a bit: 101 parts of 1 MiB, the last one short. */
#define FILE_SIZE         (G_GUINT64_CONSTANT (100) * 1024 * 1024 + 12345)
#define PART_SIZE         (1024 * 1024)
#define PART_SIZE_TEXT    "1048576"
#define N_PARTS           101
#define PARTS_IN_FLIGHT   4
#define IN_FLIGHT_TEXT    "4"
/* Slow enough that the first run is killed early in its parts. */
#define SLOW_FAULTS       "{\"delay_ms\": 150}"
#define KILL_AFTER_PARTS  3

/* What the killed first run left behind. */
typedef struct
{
  char    *path;
  guint64  size;
  guint64  crc64;
  char    *upload_id;   /* of the multipart upload it started */
  char    *record_id;   /* of its journal record (and keyring item) */
} Interrupted;

static void
interrupted_clear (Interrupted *it)
{
  g_clear_pointer (&it->path, g_free);
  g_clear_pointer (&it->upload_id, g_free);
  g_clear_pointer (&it->record_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Interrupted, interrupted_clear)

/* Simulator state ------------------------------------------------------- */

static gint64
counter (JsonObject *state,
         const char *name)
{
  JsonObject *counters = json_object_get_object_member (state, "counters");

  return json_object_get_int_member_with_default (counters, name, 0);
}

static JsonArray *
multipart_uploads (JsonObject *state)
{
  return json_object_get_array_member (state, "multipart_uploads");
}

/* The multipart upload with this UploadId; fails the test if none. */
static JsonObject *
find_multipart (JsonObject *state,
                const char *upload_id)
{
  JsonArray *uploads = multipart_uploads (state);

  for (guint i = 0; i < json_array_get_length (uploads); i++)
    {
      JsonObject *upload = json_array_get_object_element (uploads, i);

      if (g_str_equal (json_object_get_string_member (upload, "upload_id"), upload_id))
        return upload;
    }

  g_error ("The simulator has no multipart upload %s", upload_id);
}

static JsonObject *
the_other_multipart (JsonObject *state,
                     const char *upload_id)
{
  JsonArray *uploads = multipart_uploads (state);

  g_assert_cmpuint (json_array_get_length (uploads), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *upload = json_array_get_object_element (uploads, i);

      if (!g_str_equal (json_object_get_string_member (upload, "upload_id"), upload_id))
        return upload;
    }

  g_error ("Both multipart uploads are %s", upload_id);
}

/* The one commit was made with the VodSessionKey of ApplyUpload n. */
static void
assert_committed_apply (JsonObject *state,
                        guint       n)
{
  JsonArray *commits = json_object_get_array_member (state, "commits");
  JsonArray *applies = json_object_get_array_member (state, "applies");
  JsonObject *apply = json_array_get_object_element (applies, n);
  JsonObject *commit;

  g_assert_cmpuint (json_array_get_length (commits), ==, 1);
  commit = json_array_get_object_element (commits, 0);
  g_assert_cmpstr (json_object_get_string_member (commit, "vod_session_key"), ==,
                   json_object_get_string_member (apply, "vod_session_key"));
}

/* The journal ------------------------------------------------------------ */

static char *
journal_dir (VodupCliFixture *fixture)
{
  return g_build_filename (fixture->state_dir, "vodup", "uploads", NULL);
}

static guint
count_records (VodupCliFixture *fixture)
{
  g_autofree char *path = journal_dir (fixture);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_suffix (name, ".json");

  return n;
}

/* The one record's id, and (for the log) how many finished parts it held. */
static guint
read_record (VodupCliFixture  *fixture,
             char            **record_id)
{
  g_autofree char *path = journal_dir (fixture);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *record, *media;

      if (!g_str_has_suffix (name, ".json") || !json_parser_load_from_file (parser, file, NULL))
        continue;

      record = json_node_get_object (json_parser_get_root (parser));
      g_free (*record_id);
      *record_id = g_strdup (json_object_get_string_member (record, "id"));
      media = json_object_get_object_member (record, "media");
      if (media != NULL && json_object_has_member (media, "parts"))
        n += json_array_get_length (json_object_get_array_member (media, "parts"));
    }

  return n;
}

/* The temporary credential of the upload with this journal record. */
static guint
count_keyring_items (const char *record_id)
{
  g_autoptr(GError) error = NULL;
  GList *items;
  guint n;

  items = secret_password_search_sync (vodup_secret_store_get_upload_schema (), SECRET_SEARCH_ALL,
                                       NULL, &error, "upload", record_id, NULL);
  g_assert_no_error (error);
  n = g_list_length (items);
  g_list_free_full (items, g_object_unref);

  return n;
}

/* Running --------------------------------------------------------------- */

static gboolean
skip_without_keyring (void)
{
  if (vodup_test_cli_in_private_keyring ())
    return FALSE;

  g_test_skip ("Resuming needs a keyring: run under build-aux/run-headless.sh");
  return TRUE;
}

/* Parts of the first multipart upload that reached COS whole. */
static guint
parts_on_cos (JsonObject  *state,
              char       **upload_id)
{
  JsonArray *uploads = multipart_uploads (state);
  JsonObject *upload;

  if (json_array_get_length (uploads) == 0)
    return 0;

  upload = json_array_get_object_element (uploads, 0);
  g_free (*upload_id);
  *upload_id = g_strdup (json_object_get_string_member (upload, "upload_id"));

  return json_array_get_length (json_object_get_array_member (upload, "parts"));
}

/* What to do while the first run is still uploading. */
typedef void (*WhileRunning) (VodupCliFixture *fixture,
                              Interrupted     *it);

/* Starts a slowed upload of a new 100 MiB file and SIGKILLs vodup-cli once
 * KILL_AFTER_PARTS parts are on COS: no chance to save anything more. */
static void
upload_and_kill_after (VodupCliFixture *fixture,
                       Interrupted     *it,
                       WhileRunning     while_running)
{
  g_autofree char *log = g_build_filename (fixture->dir, "killed-run.log", NULL);
  g_autoptr(GSubprocessLauncher) launcher = vodup_test_cli_launcher_new (fixture, G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  const char *argv[] = { vodup_test_cli_path (), "upload", "--json", "--part-size", PART_SIZE_TEXT,
                         "--parts-in-flight", IN_FLIGHT_TEXT, NULL, NULL };

  it->size = FILE_SIZE;
  it->path = vodup_test_cli_make_file (fixture, "long.mp4", it->size, &it->crc64);
  argv[G_N_ELEMENTS (argv) - 2] = it->path;

  /* Nobody reads a pipe while it runs: its output goes to a file. */
  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);

  vodup_test_cli_set_faults (fixture, SLOW_FAULTS);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  do
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
      g_clear_pointer (&state, json_object_unref);
      state = vodup_test_cli_sim_state (fixture);
    }
  while (parts_on_cos (state, &it->upload_id) < KILL_AFTER_PARTS);

  if (while_running != NULL)
    while_running (fixture, it);
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);

  g_clear_pointer (&state, json_object_unref);
  state = vodup_test_cli_sim_state (fixture);
  g_test_message ("Killed with %u parts on COS (UploadPart requests: %" G_GINT64_FORMAT "); "
                  "the journal held %u finished parts",
                  parts_on_cos (state, &it->upload_id), counter (state, "UploadPart"),
                  read_record (fixture, &it->record_id));
  g_assert_cmpint (counter (state, "ApplyUpload"), ==, 1);
  g_assert_cmpint (counter (state, "InitiateMultipartUpload"), ==, 1);
  g_assert_cmpint (counter (state, "CompleteMultipartUpload"), ==, 0);
  g_assert_cmpuint (count_records (fixture), ==, 1);
  /* The secret part of the credential waits in the keyring, not on disk. */
  g_assert_nonnull (it->record_id);
  g_assert_cmpuint (count_keyring_items (it->record_id), ==, 1);

  vodup_test_cli_set_faults (fixture, "{\"delay_ms\": null}");
}

static void
upload_and_kill (VodupCliFixture *fixture,
                 Interrupted     *it)
{
  upload_and_kill_after (fixture, it, NULL);
}

/* The same command again (with --restart if asked): it commits the file
 * as it is now, without a word about a missing keyring. */
static void
run_again (VodupCliFixture *fixture,
           Interrupted     *it,
           gboolean         restart)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(VodupCliRun) run = { 0 };

  g_ptr_array_add (args, "upload");
  g_ptr_array_add (args, "--json");
  g_ptr_array_add (args, "--part-size");
  g_ptr_array_add (args, PART_SIZE_TEXT);
  g_ptr_array_add (args, "--parts-in-flight");
  g_ptr_array_add (args, IN_FLIGHT_TEXT);
  if (restart)
    g_ptr_array_add (args, "--restart");
  g_ptr_array_add (args, it->path);
  g_ptr_array_add (args, NULL);

  vodup_test_cli_run (fixture, (const char * const *) args->pdata, &run);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.err, "keyring"));
  vodup_test_cli_assert_committed (fixture, vodup_test_cli_find_result (run.events, it->path),
                                   it->size, it->crc64);
  /* Committed uploads leave the journal, and their credentials the
   * keyring (before vodup-cli exits). */
  g_assert_cmpuint (count_records (fixture), ==, 0);
  g_assert_cmpuint (count_keyring_items (it->record_id), ==, 0);
}

/* Tests ----------------------------------------------------------------- */

/* Killed, run again: the same ApplyUpload and UploadId carry on from the
 * parts COS has, re-sending at most the parts that were in flight. */
static void
test_resume_after_kill (VodupCliFixture *fixture,
                        gconstpointer    data)
{
  g_auto(Interrupted) it = { 0 };
  g_autoptr(JsonObject) state = NULL;
  JsonObject *upload;

  if (skip_without_keyring ())
    return;

  upload_and_kill (fixture, &it);
  run_again (fixture, &it, FALSE);

  state = vodup_test_cli_sim_state (fixture);
  g_assert_cmpint (counter (state, "ApplyUpload"), ==, 1);
  g_assert_cmpint (counter (state, "InitiateMultipartUpload"), ==, 1);
  g_assert_cmpint (counter (state, "CompleteMultipartUpload"), ==, 1);
  g_assert_cmpint (counter (state, "AbortMultipartUpload"), ==, 0);
  g_assert_cmpint (counter (state, "ListParts"), >=, 1);
  assert_committed_apply (state, 0);

  g_assert_cmpuint (json_array_get_length (multipart_uploads (state)), ==, 1);
  upload = find_multipart (state, it.upload_id);
  g_assert_cmpstr (json_object_get_string_member (upload, "state"), ==, "completed");

  g_assert_cmpint (counter (state, "UploadPart"), <=, N_PARTS + PARTS_IN_FLIGHT);
  g_assert_cmpint (counter (state, "body_bytes"), <=, FILE_SIZE + PARTS_IN_FLIGHT * PART_SIZE);
}

/* Killed, run again with --restart: the old multipart upload is aborted
 * and a new ApplyUpload and multipart upload carry the file. */
static void
test_restart_after_kill (VodupCliFixture *fixture,
                         gconstpointer    data)
{
  g_auto(Interrupted) it = { 0 };
  g_autoptr(JsonObject) state = NULL;
  JsonObject *old, *fresh;

  if (skip_without_keyring ())
    return;

  upload_and_kill (fixture, &it);
  run_again (fixture, &it, TRUE);

  state = vodup_test_cli_sim_state (fixture);
  g_assert_cmpint (counter (state, "ApplyUpload"), ==, 2);
  g_assert_cmpint (counter (state, "InitiateMultipartUpload"), ==, 2);
  g_assert_cmpint (counter (state, "CompleteMultipartUpload"), ==, 1);
  g_assert_cmpint (counter (state, "AbortMultipartUpload"), >=, 1);
  assert_committed_apply (state, 1);

  old = find_multipart (state, it.upload_id);
  g_assert_cmpstr (json_object_get_string_member (old, "state"), ==, "aborted");
  fresh = the_other_multipart (state, it.upload_id);
  g_assert_cmpstr (json_object_get_string_member (fresh, "state"), ==, "completed");
}

/* Killed, the file grows, run again: the old upload is not resumed (its
 * parts would be of another file); a new one carries the file as it is. */
static void
test_changed_file (VodupCliFixture *fixture,
                   gconstpointer    data)
{
  g_auto(Interrupted) it = { 0 };
  g_autoptr(JsonObject) state = NULL;
  JsonObject *old, *fresh;
  const guint64 appended = PART_SIZE + 777;

  if (skip_without_keyring ())
    return;

  upload_and_kill (fixture, &it);
  vodup_test_cli_append_random (it.path, appended, 42, &it.crc64);
  it.size += appended;
  run_again (fixture, &it, FALSE);

  state = vodup_test_cli_sim_state (fixture);
  g_assert_cmpint (counter (state, "ApplyUpload"), ==, 2);
  g_assert_cmpint (counter (state, "InitiateMultipartUpload"), ==, 2);
  g_assert_cmpint (counter (state, "CompleteMultipartUpload"), ==, 1);
  assert_committed_apply (state, 1);

  old = find_multipart (state, it.upload_id);
  g_assert_cmpstr (json_object_get_string_member (old, "state"), !=, "completed");
  fresh = the_other_multipart (state, it.upload_id);
  g_assert_cmpstr (json_object_get_string_member (fresh, "state"), ==, "completed");
}

/* A second vodup-cli for the same file while the first one uploads it:
 * refused, before any request, with a clear reason. */
static void
run_second_process (VodupCliFixture *fixture,
                    Interrupted     *it)
{
  g_autoptr(JsonObject) before = vodup_test_cli_sim_state (fixture);
  g_autoptr(JsonObject) after = NULL;
  const char *args[] = { "upload", "--json", "--part-size", PART_SIZE_TEXT,
                         "--parts-in-flight", IN_FLIGHT_TEXT, it->path, NULL };
  g_auto(VodupCliRun) run = { 0 };

  vodup_test_cli_run (fixture, args, &run);
  after = vodup_test_cli_sim_state (fixture);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "This file is being uploaded by another Vodup window or command"));
  g_assert_cmpint (counter (after, "ApplyUpload"), ==, 1);
  g_assert_cmpint (counter (after, "ListParts"), ==, counter (before, "ListParts"));
  g_assert_cmpint (counter (after, "InitiateMultipartUpload"), ==, 1);
}

/* One process per journal record: a second run is refused while the
 * first is alive; once it is killed, its lock is gone with it and the
 * next run resumes the same multipart upload. */
static void
test_second_process (VodupCliFixture *fixture,
                     gconstpointer    data)
{
  g_auto(Interrupted) it = { 0 };
  g_autoptr(JsonObject) state = NULL;

  if (skip_without_keyring ())
    return;

  upload_and_kill_after (fixture, &it, run_second_process);
  run_again (fixture, &it, FALSE);

  state = vodup_test_cli_sim_state (fixture);
  g_assert_cmpint (counter (state, "ApplyUpload"), ==, 1);
  g_assert_cmpint (counter (state, "InitiateMultipartUpload"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (find_multipart (state, it.upload_id), "state"), ==,
                   "completed");
}

/* Killed, then the file is deleted: `vodup-cli cleanup` aborts the
 * multipart upload with the credential from the keyring and forgets the
 * record and the credential. */
static void
test_cleanup (VodupCliFixture *fixture,
              gconstpointer    data)
{
  g_auto(Interrupted) it = { 0 };
  g_autoptr(JsonObject) state = NULL;
  const char *args[] = { "cleanup", NULL };
  g_auto(VodupCliRun) run = { 0 };

  if (skip_without_keyring ())
    return;

  upload_and_kill (fixture, &it);
  g_assert_cmpint (g_unlink (it.path), ==, 0);
  vodup_test_cli_run (fixture, args, &run);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Forgot 1 "));
  state = vodup_test_cli_sim_state (fixture);
  g_assert_cmpint (counter (state, "AbortMultipartUpload"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (find_multipart (state, it.upload_id), "state"), ==,
                   "aborted");
  g_assert_cmpuint (count_records (fixture), ==, 0);
  g_assert_cmpuint (count_keyring_items (it.record_id), ==, 0);
}

/* No keyring: one warning line, and the upload itself goes on (without a
 * journal). Safe anywhere: the bus leads nowhere. */
static void
test_no_keyring (VodupCliFixture *fixture,
                 gconstpointer    data)
{
  guint64 crc64;
  g_autofree char *path = vodup_test_cli_make_file (fixture, "clip.mp4", 100 * 1024, &crc64);
  g_autofree char *bus = g_strdup_printf ("unix:path=%s/no-such-bus", fixture->dir);
  const char *args[] = { "upload", "--json", path, NULL };
  g_autoptr(GSubprocessLauncher) launcher = vodup_test_cli_launcher_new (fixture, G_SUBPROCESS_FLAGS_NONE);
  g_auto(VodupCliRun) run = { 0 };
  g_auto(GStrv) lines = NULL;

  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
  vodup_test_cli_run_with (launcher, args, NULL, &run);

  g_assert_cmpint (run.status, ==, 0);
  vodup_test_cli_assert_committed (fixture, vodup_test_cli_find_result (run.events, path),
                                   100 * 1024, crc64);

  lines = g_strsplit (run.err, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);   /* one line and its end */
  g_assert_true (g_str_has_prefix (lines[0], "vodup-cli upload: Warning: "));
  g_assert_nonnull (strstr (lines[0], "cannot be resumed"));
  g_assert_cmpuint (count_records (fixture), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  vodup_test_cli_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, VodupCliFixture, NULL, vodup_test_cli_set_up, func, vodup_test_cli_tear_down)
  ADD ("/cli/resume/after-kill", test_resume_after_kill);
  ADD ("/cli/resume/restart", test_restart_after_kill);
  ADD ("/cli/resume/changed-file", test_changed_file);
  ADD ("/cli/resume/no-keyring", test_no_keyring);
  ADD ("/cli/resume/second-process", test_second_process);
  ADD ("/cli/resume/cleanup", test_cleanup);
#undef ADD

  return g_test_run ();
}
