/* test-cli-suspend.c: vodup-cli survives a suspend of the computer
 *
 * A suspend, as the upload sees it: the process stops (SIGSTOP), and when
 * it continues its connections are gone and the clock has jumped past the
 * temporary credential's ExpiredTime. The simulator plays the second part
 * (close_connections, clock_offset).
 *
 * Usage: test-cli-suspend VODUP-CLI VODUP-SIM [GTEST OPTION…]
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/types.h>

#include "test-cli-util.h"

/* 20 MiB and a bit: 21 parts of 1 MiB. */
#define FILE_SIZE         (G_GUINT64_CONSTANT (20) * 1024 * 1024 + 4321)
#define PART_SIZE         (1024 * 1024)
#define PART_SIZE_TEXT    "1048576"
#define PARTS_IN_FLIGHT   4
#define IN_FLIGHT_TEXT    "4"
#define STOP_AFTER_PARTS  3
/* An hour and a minute: past the default credential lifetime (3600 s);
 * ten minutes: the credential still holds, the clock is off for VOD. */
#define LONG_SLEEP        3660
#define SHORT_SLEEP       600

static gint64
counter (JsonObject *state,
         const char *name)
{
  JsonObject *counters = json_object_get_object_member (state, "counters");

  return json_object_get_int_member_with_default (counters, name, 0);
}

static guint
count_multipart (JsonObject *state,
                 const char *wanted_state)
{
  JsonArray *uploads = json_object_get_array_member (state, "multipart_uploads");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (uploads); i++)
    n += g_str_equal (json_object_get_string_member (json_array_get_object_element (uploads, i),
                                                     "state"), wanted_state);

  return n;
}

/* The expiry of the credential that may write object ("/bucket/key"). */
static gint64
object_expiry (JsonObject *state,
               const char *object)
{
  JsonArray *applies = json_object_get_array_member (state, "applies");

  for (guint i = 0; i < json_array_get_length (applies); i++)
    {
      JsonObject *apply = json_array_get_object_element (applies, i);
      g_autofree char *path = g_strconcat ("/", json_object_get_string_member (apply, "bucket"),
                                           json_object_get_string_member (apply, "media_storage_path"),
                                           NULL);

      if (g_str_equal (path, object))
        return json_object_get_int_member (apply, "expired_time");
    }

  g_error ("No ApplyUpload issued %s", object);
}

/* Active multipart uploads that someone could still write to: one whose
 * credential expired is dead to everyone, its owner included (the
 * temporary credential is the only one that may even abort it; COS's
 * lifecycle rules remove it). */
static guint
count_live (JsonObject *state)
{
  JsonArray *uploads = json_object_get_array_member (state, "multipart_uploads");
  gint64 now = json_object_get_int_member (state, "now");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (uploads); i++)
    {
      JsonObject *upload = json_array_get_object_element (uploads, i);

      n += g_str_equal (json_object_get_string_member (upload, "state"), "active") &&
           object_expiry (state, json_object_get_string_member (upload, "object")) > now;
    }

  return n;
}

static guint
parts_received (JsonObject *state)
{
  JsonArray *uploads = json_object_get_array_member (state, "multipart_uploads");
  JsonObject *upload;

  if (json_array_get_length (uploads) == 0)
    return 0;

  upload = json_array_get_object_element (uploads, 0);
  return json_array_get_length (json_object_get_array_member (upload, "parts"));
}

static void
wait_for_parts (VodupCliFixture *fixture,
                guint            n_parts)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(JsonObject) state = vodup_test_cli_sim_state (fixture);

      if (parts_received (state) >= n_parts)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

static gboolean
process_done (GSubprocess *process)
{
  return g_subprocess_get_identifier (process) == NULL;
}

/* data: the seconds asleep. */
static void
test_suspend_resume (VodupCliFixture *fixture,
                     gconstpointer    data)
{
  int slept = GPOINTER_TO_INT (data);
  g_autofree char *log = g_build_filename (fixture->dir, "suspended-run.log", NULL);
  g_autofree char *err_log = g_build_filename (fixture->dir, "suspended-run.err", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GSubprocessLauncher) launcher = vodup_test_cli_launcher_new (fixture, G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *faults = NULL;
  const char *argv[] = { vodup_test_cli_path (), "upload", "--json", "--part-size", PART_SIZE_TEXT,
                         "--parts-in-flight", IN_FLIGHT_TEXT, NULL, NULL };
  gint64 deadline, bytes_before, most_live = 0;
  guint64 crc64;
  pid_t pid;

  path = vodup_test_cli_make_file (fixture, "suspended.mp4", FILE_SIZE, &crc64);
  argv[G_N_ELEMENTS (argv) - 2] = path;
  /* Nobody reads a pipe while it runs: its output goes to files. */
  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_stderr_file_path (launcher, err_log);

  /* Slow enough to be caught mid-upload. */
  vodup_test_cli_set_faults (fixture, "{\"delay_ms\": 100}");
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  pid = (pid_t) g_ascii_strtoll (g_subprocess_get_identifier (process), NULL, 10);

  wait_for_parts (fixture, STOP_AFTER_PARTS);
  g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);

  /* Asleep: the clock jumps, the connections die. */
  faults = g_strdup_printf ("{\"delay_ms\": null, \"clock_offset\": %d, \"close_connections\": true}",
                            slept);
  vodup_test_cli_set_faults (fixture, faults);
  g_usleep (300 * 1000);
  state = vodup_test_cli_sim_state (fixture);
  bytes_before = counter (state, "body_bytes");
  g_test_message ("Stopped with %u parts on COS, %" G_GINT64_FORMAT " body bytes, "
                  "%" G_GINT64_FORMAT " connections closed",
                  parts_received (state), bytes_before, counter (state, "closed_connections"));
  g_assert_cmpint (counter (state, "closed_connections"), >=, 1);
  g_assert_cmpint (counter (state, "CompleteMultipartUpload"), ==, 0);

  g_assert_cmpint (kill (pid, SIGCONT), ==, 0);

  deadline = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;
  while (!process_done (process))
    {
      g_clear_pointer (&state, json_object_unref);
      state = vodup_test_cli_sim_state (fixture);
      most_live = MAX (most_live, count_live (state));
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (log, &out, NULL, NULL));
  g_assert_true (g_file_get_contents (err_log, &err, NULL, NULL));
  g_test_message ("vodup-cli said:\n%s", err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  events = vodup_test_cli_parse_events (out);
  vodup_test_cli_assert_committed (fixture, vodup_test_cli_find_result (events, path),
                                   FILE_SIZE, crc64);

  g_clear_pointer (&state, json_object_unref);
  state = vodup_test_cli_sim_state (fixture);
  g_test_message ("ApplyUpload %" G_GINT64_FORMAT ", multipart uploads %u (aborted %u), "
                  "body bytes %" G_GINT64_FORMAT " for a file of %" G_GUINT64_FORMAT,
                  counter (state, "ApplyUpload"),
                  json_array_get_length (json_object_get_array_member (state, "multipart_uploads")),
                  count_multipart (state, "aborted"), counter (state, "body_bytes"), FILE_SIZE);
  /* Never two live multipart uploads for the one file. */
  g_assert_cmpint (most_live, <=, 1);
  g_assert_cmpuint (count_live (state), ==, 0);
  g_assert_cmpuint (count_multipart (state, "completed"), ==, 1);
  /* The one from before the suspend was at least asked to go. */
  g_assert_cmpint (counter (state, "AbortMultipartUpload"), >=,
                   json_array_get_length (json_object_get_array_member (state, "multipart_uploads")) - 1);
  if (slept < LONG_SLEEP)
    {
      /* The same upload goes on: only the parts cut off are sent again. */
      g_assert_cmpint (counter (state, "InitiateMultipartUpload"), ==, 1);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state, "applies")), ==, 1);
      g_assert_cmpint (counter (state, "body_bytes"), <=,
                       (gint64) FILE_SIZE + PARTS_IN_FLIGHT * PART_SIZE);
    }
  else
    {
      /* Started over: what was sent before the credential expired (it
       * cannot write the new upload's key) and the whole file again, plus
       * at most a part per part in flight. */
      g_assert_cmpint (counter (state, "InitiateMultipartUpload"), ==, 2);
      g_assert_cmpint (counter (state, "body_bytes"), <=,
                       bytes_before + (gint64) FILE_SIZE + PARTS_IN_FLIGHT * PART_SIZE);
    }
}

int
main (int   argc,
      char *argv[])
{
  vodup_test_cli_init (&argc, &argv);

  g_test_add ("/cli/suspend/short", VodupCliFixture, GINT_TO_POINTER (SHORT_SLEEP),
              vodup_test_cli_set_up, test_suspend_resume, vodup_test_cli_tear_down);
  g_test_add ("/cli/suspend/past-expiry", VodupCliFixture, GINT_TO_POINTER (LONG_SLEEP),
              vodup_test_cli_set_up, test_suspend_resume, vodup_test_cli_tear_down);

  return g_test_run ();
}
