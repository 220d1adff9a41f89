/* test-fault-matrix.c: 101 MiB multipart uploads under every fault the
 * simulator injects (tests/fault/README.md)
 *
 * Usage: test-fault-matrix VODUP-CLI VODUP-SIM [GTEST OPTION…]
 *
 * Each case uploads a new file through the real engine (nothing mocked)
 * or, for the SIGKILL case, through vodup-cli and the vodup-sim program,
 * and asserts: committed with the file's size and CRC-64, or failed with
 * the expected error; never a commit of other bytes; one multipart upload
 * per file (two only when the upload had to start over, never two
 * completed); bytes re-sent at most one part per part in flight. The table
 * of results is printed at the end. VODUP_FAULT_SEED=<n> draws the fault
 * parameters at random (tests/bench/soak/).
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fault-matrix-util.h"
#include "test-cli-util.h"
#include "vodup-test-util.h"

#define MiB              (G_GUINT64_CONSTANT (1024) * 1024)
/* 13 parts of 8 MiB, the last one 5 MiB. */
#define FILE_SIZE        (101 * MiB)
#define PART_SIZE        (8 * MiB)
#define PART_SIZE_TEXT   "8388608"
#define N_PARTS          13
#define PARTS_IN_FLIGHT  4
#define IN_FLIGHT_TEXT   "4"
/* What may be re-sent: each part in flight once. */
#define RESEND_BOUND     ((gint64) (PARTS_IN_FLIGHT * PART_SIZE))

/* One engine upload under a fault. */
typedef struct
{
  VodupTestEnv  *env;
  GFile         *file;
  VodupUpload   *upload;
  VodupFaultRow *row;
} Run;

static void
run_begin (Run        *run,
           const char *name,
           guint32     content_seed)
{
  run->row = vodup_fault_row_add (name);
  run->env = vodup_test_env_new (FALSE, NULL);
  run->file = vodup_test_make_file (run->env, "fault.mp4", FILE_SIZE, content_seed);
  vodup_upload_queue_set_part_size (run->env->queue, PART_SIZE);
  vodup_upload_queue_set_parts_in_flight (run->env->queue, PARTS_IN_FLIGHT);
}

static void
run_add (Run *run)
{
  run->upload = vodup_upload_queue_add_file (run->env->queue, run->file, NULL);
}

static void
run_clear (Run *run)
{
  g_clear_object (&run->file);
  g_clear_pointer (&run->env, vodup_test_env_free);
}

static guint64
file_size (GFile *file)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);

  return g_file_info_get_size (info);
}

static void
record_outcome (VodupFaultRow *row,
                const GError  *error)
{
  g_free (row->outcome);
  if (error == NULL)
    row->outcome = g_strdup ("committed");
  else
    row->outcome = g_strdup_printf ("failed: %s", vodup_fault_error_nick (error));
}

static void
log_row (VodupFaultRow *row)
{
  g_test_message ("%s: %s, re-sent %" G_GINT64_FORMAT " of at most %" G_GINT64_FORMAT
                  " bytes, %u multipart upload(s); %s",
                  row->name, row->outcome, row->resent, row->bound, row->n_multipart, row->note);
}

/* Parts of the completed multipart upload. */
static guint
completed_parts (JsonObject *state)
{
  JsonArray *uploads = json_object_get_array_member (state, "multipart_uploads");

  for (guint i = 0; i < json_array_get_length (uploads); i++)
    {
      JsonObject *upload = json_array_get_object_element (uploads, i);

      if (g_str_equal (json_object_get_string_member (upload, "state"), "completed"))
        return json_array_get_length (json_object_get_array_member (upload, "parts"));
    }

  return 0;
}

/* Waits for the end and asserts the matrix's invariants. expected_code -1:
 * committed. restarts: the upload may start over with a new ApplyUpload,
 * which re-sends what the first attempt had sent. */
static void
run_finish (Run      *run,
            int       expected_code,
            gboolean  restarts)
{
  g_autofree char *crc = NULL;
  g_autoptr(JsonObject) state = NULL;
  const GError *error;
  guint64 size;
  guint n_commits;

  vodup_test_wait_finished (run->upload, 240);
  error = vodup_upload_get_error (run->upload);
  /* The file as it is now: what a commit must match. */
  crc = vodup_test_file_crc64 (run->file);
  size = file_size (run->file);
  state = vodup_sim_dup_state (run->env->sim);

  record_outcome (run->row, error);
  run->row->n_multipart = vodup_fault_count_state (state, NULL);
  run->row->resent = vodup_fault_counter (state, "body_bytes") - (gint64) FILE_SIZE;
  run->row->bound = restarts ? (gint64) FILE_SIZE + RESEND_BOUND : RESEND_BOUND;
  log_row (run->row);

  n_commits = vodup_fault_check_commits (state, size, crc);
  if (expected_code < 0)
    {
      g_assert_no_error ((GError *) error);
      g_assert_cmpint (vodup_upload_get_state (run->upload), ==, VODUP_UPLOAD_STATE_DONE);
      g_assert_cmpstr (vodup_upload_get_crc64 (run->upload), ==, crc);
      g_assert_cmpuint (n_commits, ==, 1);
      g_assert_cmpuint (vodup_fault_count_state (state, "completed"), ==, 1);
      g_assert_cmpuint (completed_parts (state), ==, N_PARTS);
    }
  else
    {
      g_assert_error ((GError *) error, VODUP_ERROR, expected_code);
      /* A sentence for people, not a code. */
      g_assert_cmpuint (strlen (error->message), >, 10);
      g_assert_cmpint (vodup_upload_get_state (run->upload), ==, VODUP_UPLOAD_STATE_FAILED);
      g_assert_cmpuint (n_commits, ==, 0);
    }

  g_assert_cmpuint (vodup_fault_count_state (state, "completed"), <=, 1);
  if (!restarts)
    g_assert_cmpuint (run->row->n_multipart, <=, 1);
  g_assert_cmpint (run->row->resent, <=, run->row->bound);
}

/* Engine cases ---------------------------------------------------------- */

static void
test_no_fault (void)
{
  Run run = { 0 };

  run_begin (&run, "no fault", 101);
  run_add (&run);
  run_finish (&run, -1, FALSE);
  g_assert_cmpint (run.row->resent, ==, 0);
  run_clear (&run);
}

/* The connection is closed mid-part. On a fresh connection (the first
 * parts) the engine sees the reset; on a reused one libsoup re-sends the
 * PUT by itself with an empty body (tests/sim/README.md). */
static void
drop_case (const char *name,
           gint32      fixed_after_parts)
{
  Run run = { 0 };
  gint32 after_parts = vodup_fault_pick (0, N_PARTS - 2, fixed_after_parts);
  gint32 offset = vodup_fault_pick (0, PART_SIZE - 1, 3 * MiB + 4321);
  g_autofree char *faults = g_strdup_printf ("{\"drop_after_bytes\": {\"n\": %d, \"kind\": \"UploadPart\"}}",
                                             offset);

  run_begin (&run, name, 102 + fixed_after_parts);
  vodup_fault_row_set_note (run.row, "drop after %d bytes of the UploadPart after %d", offset, after_parts);
  if (after_parts == 0)
    vodup_test_set_faults (run.env->sim, faults);
  else
    vodup_test_set_faults (run.env->sim, "{\"delay_ms\": 50}");
  run_add (&run);
  if (after_parts > 0)
    {
      vodup_test_wait_counter (run.env->sim, "UploadPart", after_parts, 60);
      vodup_test_set_faults (run.env->sim, faults);
      vodup_test_set_faults (run.env->sim, "{\"delay_ms\": null}");
    }

  run_finish (&run, -1, FALSE);
  g_assert_cmpint (vodup_sim_get_counter (run.env->sim, "dropped_connections"), ==, 1);
  vodup_fault_row_set_note (run.row, "drop after %d bytes of the UploadPart after %d; %" G_GINT64_FORMAT
                            " UploadParts, %" G_GINT64_FORMAT " error replies", offset, after_parts,
                            vodup_sim_get_counter (run.env->sim, "UploadPart"),
                            vodup_sim_get_counter (run.env->sim, "errors"));
  run_clear (&run);
}

static void
test_drop_first_part (void)
{
  drop_case ("drop mid-part 1", 0);
}

static void
test_drop_later_part (void)
{
  drop_case ("drop mid-part 2", 6);
}

/* A 500 on the n-th request, whichever it is: retried, except a
 * CommitUpload, which may have reached VOD and is left to the person. */
static void
test_500_nth (void)
{
  Run run = { 0 };
  gint32 n = vodup_fault_pick (1, 18, 5);
  g_autofree char *faults = g_strdup_printf ("{\"fail_nth\": {\"n\": %d, \"status\": 500}}", n);
  g_autoptr(JsonObject) state = NULL;
  const char *failed_kind = "none";
  JsonArray *errors;

  run_begin (&run, "500 on request n", 103);
  vodup_test_set_faults (run.env->sim, faults);
  run_add (&run);
  vodup_test_wait_finished (run.upload, 240);

  state = vodup_sim_dup_state (run.env->sim);
  errors = json_object_get_array_member (state, "errors");
  for (guint i = 0; i < json_array_get_length (errors); i++)
    {
      JsonObject *entry = json_array_get_object_element (errors, i);

      if (json_object_get_int_member (entry, "status") == 500)
        failed_kind = json_object_get_string_member (entry, "kind");
    }
  vodup_fault_row_set_note (run.row, "request %d got the 500: %s", n, failed_kind);

  run_finish (&run, g_str_equal (failed_kind, "CommitUpload") ? VODUP_ERROR_SERVER : -1, FALSE);
  run_clear (&run);
}

/* A 5xx on one kind of request; each is retried (not CommitUpload). */
static void
kind_case (const char *name,
           const char *kind,
           int         status)
{
  Run run = { 0 };
  g_autofree char *faults = g_strdup_printf ("{\"fail_nth\": {\"n\": 1, \"status\": %d, "
                                             "\"kind\": \"%s\"}}", status, kind);

  run_begin (&run, name, 111);
  vodup_fault_row_set_note (run.row, "%d on the first %s", status, kind);
  vodup_test_set_faults (run.env->sim, faults);
  run_add (&run);
  run_finish (&run, -1, FALSE);
  g_assert_cmpint (vodup_sim_get_counter (run.env->sim, kind), ==, 2);
  run_clear (&run);
}

static void
test_500_apply (void)
{
  kind_case ("500 ApplyUpload", "ApplyUpload", 500);
}

static void
test_503_initiate (void)
{
  kind_case ("503 Initiate", "InitiateMultipartUpload", 503);
}

static void
test_500_complete (void)
{
  kind_case ("500 Complete", "CompleteMultipartUpload", 500);
}

static void
test_5xx_commit (void)
{
  Run run = { 0 };

  int status = vodup_fault_pick (0, 2, 1) ? 503 : 500;
  g_autofree char *faults = g_strdup_printf ("{\"fail_nth\": {\"n\": 1, \"status\": %d, "
                                             "\"kind\": \"CommitUpload\"}}", status);

  run_begin (&run, "5xx CommitUpload", 104);
  vodup_fault_row_set_note (run.row, "%d; not repeated by itself: it may have reached VOD", status);
  vodup_test_set_faults (run.env->sim, faults);
  run_add (&run);
  run_finish (&run, VODUP_ERROR_SERVER, FALSE);
  g_assert_cmpint (vodup_sim_get_counter (run.env->sim, "CommitUpload"), ==, 1);
  run_clear (&run);
}

static void
test_503_rate (void)
{
  Run run = { 0 };
  gint32 percent = vodup_fault_pick (5, 21, 15);
  gint32 seed = vodup_fault_pick (1, G_MAXINT32, 7);
  g_autofree char *faults = g_strdup_printf ("{\"fail_rate\": %d.%02d, \"seed\": %d}",
                                             percent / 100, percent % 100, seed);

  run_begin (&run, "503 random COS", 105);
  vodup_fault_row_set_note (run.row, "fail_rate %d %%, seed %d", percent, seed);
  vodup_test_set_faults (run.env->sim, faults);
  run_add (&run);
  run_finish (&run, -1, FALSE);
  vodup_fault_row_set_note (run.row, "fail_rate %d %%, seed %d: %" G_GINT64_FORMAT " errors", percent,
                            seed, vodup_sim_get_counter (run.env->sim, "errors"));
  run_clear (&run);
}

static void
test_slow (void)
{
  Run run = { 0 };
  gint32 delay = vodup_fault_pick (50, 1500, 300);
  g_autofree char *faults = g_strdup_printf ("{\"delay_ms\": %d}", delay);

  run_begin (&run, "slow replies", 106);
  vodup_fault_row_set_note (run.row, "every reply %d ms late (stall timeout 2 s)", delay);
  vodup_test_set_faults (run.env->sim, faults);
  run_add (&run);
  run_finish (&run, -1, FALSE);
  g_assert_cmpint (run.row->resent, ==, 0);
  run_clear (&run);
}

/* The server stops reading a part for longer than the stall timeout
 * (VODUP_STALL_TIMEOUT=2): the engine gives that request up and sends
 * the part again. */
static void
test_stall (void)
{
  Run run = { 0 };
  gint32 after_parts = vodup_fault_pick (0, N_PARTS - 2, 2);
  gint32 offset = vodup_fault_pick (0, PART_SIZE - 1, 2 * MiB);
  g_autofree char *faults = g_strdup_printf ("{\"stall\": {\"after_bytes\": %d, \"kind\": \"UploadPart\", "
                                             "\"seconds\": 5}}", offset);

  g_assert_cmpstr (g_getenv ("VODUP_STALL_TIMEOUT"), ==, "2");
  run_begin (&run, "stalled conn", 107);
  vodup_fault_row_set_note (run.row, "5 s stall after %d bytes of the UploadPart after %d",
                            offset, after_parts);
  vodup_test_set_faults (run.env->sim, after_parts == 0 ? faults : "{\"delay_ms\": 50}");
  run_add (&run);
  if (after_parts > 0)
    {
      vodup_test_wait_counter (run.env->sim, "UploadPart", after_parts, 60);
      vodup_test_set_faults (run.env->sim, faults);
      vodup_test_set_faults (run.env->sim, "{\"delay_ms\": null}");
    }

  run_finish (&run, -1, FALSE);
  g_assert_cmpint (vodup_sim_get_counter (run.env->sim, "stalls"), ==, 1);
  run_clear (&run);
}

/* COS answers ExpiredToken mid-upload: the upload starts over with a new
 * ApplyUpload (and a notice), re-sending everything once. */
static void
test_credential_expired (void)
{
  Run run = { 0 };
  g_autoptr(JsonObject) state = NULL;
  gint32 after_parts = vodup_fault_pick (1, N_PARTS - 1, 3);

  run_begin (&run, "credential expired", 108);
  vodup_fault_row_set_note (run.row, "expired after %d UploadParts; restart re-sends all", after_parts);
  vodup_test_set_faults (run.env->sim, "{\"delay_ms\": 100}");
  run_add (&run);
  vodup_test_wait_counter (run.env->sim, "UploadPart", after_parts, 60);
  vodup_test_set_faults (run.env->sim, "{\"expire_credentials\": true, \"delay_ms\": null}");

  run_finish (&run, -1, TRUE);
  g_assert_nonnull (vodup_upload_get_notice (run.upload));
  g_assert_cmpint (vodup_sim_get_counter (run.env->sim, "ApplyUpload"), ==, 2);
  state = vodup_sim_dup_state (run.env->sim);
  g_assert_cmpuint (vodup_fault_count_state (state, NULL), <=, 2);
  vodup_fault_row_set_note (run.row, "expired after %d UploadParts; restart re-sends what the first "
                            "attempt sent; first upload left %s", after_parts,
                            vodup_fault_count_state (state, "aborted") > 0 ? "aborted" : "active");
  run_clear (&run);
}

/* The engine learns the offset from the Date headers. */
static void
test_clock_ahead (void)
{
  Run run = { 0 };
  gint32 offset = vodup_fault_pick (120, 3600, 600) * (vodup_fault_pick (0, 4, 1) ? 1 : -1);
  g_autofree char *faults = g_strdup_printf ("{\"clock_offset\": %d}", offset);

  run_begin (&run, "clock ahead", 109);
  vodup_fault_row_set_note (run.row, "server clock %+d s off", offset);
  vodup_test_set_faults (run.env->sim, faults);
  run_add (&run);
  run_finish (&run, -1, FALSE);
  run_clear (&run);
}

typedef enum
{
  CHANGE_APPEND,
  CHANGE_TRUNCATE,
  CHANGE_OVERWRITE,
} Change;

/* Appends size bytes, cuts the file to size, or overwrites size bytes at
 * its start (same size, new mtime). */
static void
change_file (GFile   *file,
             Change   change,
             guint64  size)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *bytes = g_malloc (size);
  FILE *stream;

  if (change == CHANGE_TRUNCATE)
    {
      g_assert_cmpint (truncate (path, size), ==, 0);
      return;
    }

  stream = fopen (path, change == CHANGE_APPEND ? "ab" : "r+b");
  g_assert_nonnull (stream);
  memset (bytes, 0x5a, size);
  g_assert_cmpuint (fwrite (bytes, 1, size, stream), ==, size);
  g_assert_cmpint (fclose (stream), ==, 0);
}

static const char *
multipart_states (JsonObject *state)
{
  if (vodup_fault_count_state (state, "completed") > 0)
    return "completed";
  if (vodup_fault_count_state (state, "aborted") > 0)
    return "aborted";

  return "active";
}

/* The file changes during the upload: a short read or the identity check
 * after a part stops it before Complete, and nothing is committed. */
static void
file_change_case (const char *name,
                  Change      change,
                  gint32      size)
{
  Run run = { 0 };
  g_autoptr(JsonObject) state = NULL;
  gint32 after_parts = vodup_fault_pick (1, N_PARTS - 1, 3);
  static const char * const verbs[] = { "appended", "left (truncated)", "overwritten at the start" };

  run_begin (&run, name, 110 + change);
  vodup_test_set_faults (run.env->sim, "{\"delay_ms\": 100}");
  run_add (&run);
  vodup_test_wait_counter (run.env->sim, "UploadPart", after_parts, 60);
  change_file (run.file, change, size);
  vodup_test_set_faults (run.env->sim, "{\"delay_ms\": null}");

  run_finish (&run, VODUP_ERROR_FILE_CHANGED, FALSE);
  g_assert_cmpint (vodup_sim_get_counter (run.env->sim, "CommitUpload"), ==, 0);
  /* Stopped before Complete (a stat after each part and before Complete),
   * and the multipart upload aborted at once, not kept for a retry that
   * could not use it (vodup_test_wait_finished() waited for the abort). */
  g_assert_cmpint (vodup_sim_get_counter (run.env->sim, "CompleteMultipartUpload"), ==, 0);
  state = vodup_sim_dup_state (run.env->sim);
  g_assert_cmpuint (vodup_fault_count_state (state, "aborted"), ==, 1);
  g_assert_cmpuint (vodup_fault_count_state (state, "active"), ==, 0);
  vodup_fault_row_set_note (run.row, "%d bytes %s after %d UploadParts; multipart upload %s", size,
                            verbs[change], after_parts, multipart_states (state));
  run_clear (&run);
}

static void
test_file_appended (void)
{
  file_change_case ("file appended", CHANGE_APPEND, vodup_fault_pick (1, 4 * MiB, MiB + 17));
}

static void
test_file_truncated (void)
{
  file_change_case ("file truncated", CHANGE_TRUNCATE, vodup_fault_pick (0, FILE_SIZE, 50 * MiB));
}

static void
test_file_overwritten (void)
{
  file_change_case ("file overwritten", CHANGE_OVERWRITE, vodup_fault_pick (1, 4 * MiB, 4096));
}

/* The connection of CompleteMultipartUpload is closed before its answer:
 * Complete is sent again and the object is the file's. */
static void
test_drop_complete (void)
{
  Run run = { 0 };

  run_begin (&run, "drop Complete", 114);
  vodup_fault_row_set_note (run.row, "CompleteMultipartUpload's connection closed after 10 bytes");
  vodup_test_set_faults (run.env->sim, "{\"drop_after_bytes\": {\"n\": 10, \"kind\": \"CompleteMultipartUpload\"}}");
  run_add (&run);
  run_finish (&run, -1, FALSE);
  g_assert_cmpint (vodup_sim_get_counter (run.env->sim, "dropped_connections"), ==, 1);
  run_clear (&run);
}

/* vodup-cli killed ------------------------------------------------------ */

static guint
parts_on_cos (JsonObject *state)
{
  JsonArray *uploads = json_object_get_array_member (state, "multipart_uploads");

  if (json_array_get_length (uploads) == 0)
    return 0;

  return json_array_get_length (json_object_get_array_member (json_array_get_object_element (uploads, 0),
                                                              "parts"));
}

/* Starts `vodup-cli upload --json` slowed down; once kill_after parts are
 * on COS, the next parts stall halfway and vodup-cli is SIGKILLed with
 * parts half sent. Returns the parts COS had then. */
static guint
cli_upload_and_kill (VodupCliFixture *fixture,
                     const char      *path,
                     guint            kill_after)
{
  g_autofree char *log = g_build_filename (fixture->dir, "killed-run.log", NULL);
  g_autoptr(GSubprocessLauncher) launcher = vodup_test_cli_launcher_new (fixture, G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  const char *argv[] = { vodup_test_cli_path (), "upload", "--json", "--part-size", PART_SIZE_TEXT,
                         "--parts-in-flight", IN_FLIGHT_TEXT, path, NULL };

  /* Nobody reads a pipe while it runs: its output goes to a file. */
  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);

  vodup_test_cli_set_faults (fixture, "{\"delay_ms\": 100}");
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  do
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * 1000);
      g_clear_pointer (&state, json_object_unref);
      state = vodup_test_cli_sim_state (fixture);
    }
  while (parts_on_cos (state) < kill_after);

  vodup_test_cli_set_faults (fixture, "{\"stall\": {\"after_bytes\": 1048576, \"kind\": \"UploadPart\", "
                             "\"seconds\": 30, \"count\": " IN_FLIGHT_TEXT "}}");
  do
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * 1000);
      g_clear_pointer (&state, json_object_unref);
      state = vodup_test_cli_sim_state (fixture);
    }
  while (vodup_fault_counter (state, "stalls") < 1);

  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
  /* The run again goes unhindered. */
  vodup_test_cli_set_faults (fixture, "{\"delay_ms\": null, \"stall\": null}");

  g_clear_pointer (&state, json_object_unref);
  state = vodup_test_cli_sim_state (fixture);
  g_assert_cmpint (vodup_fault_counter (state, "CompleteMultipartUpload"), ==, 0);

  return parts_on_cos (state);
}

static void
test_cli_killed (void)
{
  VodupFaultRow *row = vodup_fault_row_add ("SIGKILL, rerun");
  VodupCliFixture fixture = { 0 };
  g_auto(VodupCliRun) run = { 0 };
  g_autoptr(JsonObject) state = NULL;
  g_autofree char *path = NULL;
  g_autofree char *crc_text = NULL;
  guint kill_after = vodup_fault_pick (3, N_PARTS - 1, 3);
  guint64 crc64;
  guint at_kill;

  if (!vodup_test_cli_in_private_keyring ())
    {
      g_free (row->outcome);
      row->outcome = g_strdup ("skipped");
      vodup_fault_row_set_note (row, "needs the keyring of build-aux/run-headless.sh");
      g_test_skip ("vodup-cli resumes only with a keyring (the temporary secret waits there): "
                   "run under build-aux/run-headless.sh");
      return;
    }

  vodup_test_cli_set_up (&fixture, NULL);
  path = vodup_test_cli_make_file (&fixture, "killed.mp4", FILE_SIZE, &crc64);
  crc_text = g_strdup_printf ("%" G_GUINT64_FORMAT, crc64);
  at_kill = cli_upload_and_kill (&fixture, path, kill_after);

  {
    const char *args[] = { "upload", "--json", "--part-size", PART_SIZE_TEXT,
                           "--parts-in-flight", IN_FLIGHT_TEXT, path, NULL };

    vodup_test_cli_run (&fixture, args, &run);
  }
  if (run.status != 0)
    g_test_message ("vodup-cli said: %s", run.err);

  state = vodup_test_cli_sim_state (&fixture);
  g_free (row->outcome);
  row->outcome = run.status == 0 ? g_strdup ("committed") : g_strdup_printf ("exit status %d", run.status);
  row->n_multipart = vodup_fault_count_state (state, NULL);
  row->resent = vodup_fault_counter (state, "body_bytes") - (gint64) FILE_SIZE;
  row->bound = RESEND_BOUND;
  vodup_fault_row_set_note (row, "killed with %u of %d parts on COS; %" G_GINT64_FORMAT " UploadParts",
                            at_kill, N_PARTS, vodup_fault_counter (state, "UploadPart"));
  log_row (row);

  g_assert_cmpint (run.status, ==, 0);
  vodup_test_cli_assert_committed (&fixture, vodup_test_cli_find_result (run.events, path),
                                   FILE_SIZE, crc64);
  g_assert_cmpuint (vodup_fault_check_commits (state, FILE_SIZE, crc_text), ==, 1);
  /* Resumed: the same ApplyUpload and multipart upload. */
  g_assert_cmpint (vodup_fault_counter (state, "ApplyUpload"), ==, 1);
  g_assert_cmpint (vodup_fault_counter (state, "InitiateMultipartUpload"), ==, 1);
  g_assert_cmpuint (row->n_multipart, ==, 1);
  g_assert_cmpuint (vodup_fault_count_state (state, "completed"), ==, 1);
  g_assert_cmpint (row->resent, <=, row->bound);

  vodup_test_cli_tear_down (&fixture, NULL);
}

static void
test_print_table (void)
{
  vodup_fault_print_table ();
}

int
main (int   argc,
      char *argv[])
{
  vodup_test_cli_init (&argc, &argv);

  g_test_add_func ("/fault/matrix/no-fault", test_no_fault);
  g_test_add_func ("/fault/matrix/drop-first-part", test_drop_first_part);
  g_test_add_func ("/fault/matrix/drop-later-part", test_drop_later_part);
  g_test_add_func ("/fault/matrix/500-nth-request", test_500_nth);
  g_test_add_func ("/fault/matrix/500-apply", test_500_apply);
  g_test_add_func ("/fault/matrix/503-initiate", test_503_initiate);
  g_test_add_func ("/fault/matrix/500-complete", test_500_complete);
  g_test_add_func ("/fault/matrix/drop-complete", test_drop_complete);
  g_test_add_func ("/fault/matrix/5xx-commit", test_5xx_commit);
  g_test_add_func ("/fault/matrix/503-rate", test_503_rate);
  g_test_add_func ("/fault/matrix/slow-replies", test_slow);
  g_test_add_func ("/fault/matrix/stall", test_stall);
  g_test_add_func ("/fault/matrix/credential-expired", test_credential_expired);
  g_test_add_func ("/fault/matrix/clock-ahead", test_clock_ahead);
  g_test_add_func ("/fault/matrix/file-appended", test_file_appended);
  g_test_add_func ("/fault/matrix/file-truncated", test_file_truncated);
  g_test_add_func ("/fault/matrix/file-overwritten", test_file_overwritten);
  g_test_add_func ("/fault/matrix/sigkill-cli", test_cli_killed);
  /* Last, after the cases (GTest runs them in this order). */
  g_test_add_func ("/fault/matrix/table", test_print_table);

  return g_test_run ();
}
