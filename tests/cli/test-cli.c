/* test-cli.c: vodup-cli's stable interface (design.md) against the
 * simulator executable: JSON lines, exit statuses, SIGINT, credentials.
 *
 * Usage: test-cli VODUP-CLI VODUP-SIM [GTEST OPTION…]
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "test-cli-util.h"

#define SMALL_SIZE      (100 * 1024)
#define MULTIPART_SIZE  (9 * 1024 * 1024)
#define LARGE_SIZE      (G_GUINT64_CONSTANT (64) * 1024 * 1024)
#define ONE_MIB         "1048576"

static void
assert_progress_events (GPtrArray *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (events, i);

      if (!g_str_equal (json_object_get_string_member (event, "event"), "progress"))
        continue;

      g_assert_cmpint (json_object_get_int_member (event, "bytes_sent"), <=,
                       json_object_get_int_member (event, "bytes_total"));
      g_assert_cmpint (json_object_get_int_member (event, "speed"), >=, 0);
      g_assert_nonnull (json_object_get_string_member (event, "state"));
      g_assert_nonnull (json_object_get_string_member (event, "file"));
    }
}

/* Tests ----------------------------------------------------------------- */

static void
test_upload_json (VodupCliFixture *fixture,
                  gconstpointer    data)
{
  guint64 crc64;
  g_autofree char *path = vodup_test_cli_make_file (fixture, "clip.mp4", SMALL_SIZE, &crc64);
  const char *args[] = { "upload", "--json", path, NULL };
  g_auto(VodupCliRun) run = { 0 };

  vodup_test_cli_run (fixture, args, &run);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (vodup_test_cli_count_events (run.events, "result"), ==, 1);
  g_assert_cmpuint (vodup_test_cli_count_events (run.events, "progress"), >=, 1);
  assert_progress_events (run.events);
  vodup_test_cli_assert_committed (fixture, vodup_test_cli_find_result (run.events, path), SMALL_SIZE, crc64);
}

/* Two files, one of them in 1 MiB parts; the endpoints as flags this time. */
static void
test_upload_multipart (VodupCliFixture *fixture,
                       gconstpointer    data)
{
  guint64 small_crc, big_crc;
  g_autofree char *small = vodup_test_cli_make_file (fixture, "a.mp4", SMALL_SIZE, &small_crc);
  g_autofree char *big = vodup_test_cli_make_file (fixture, "b.mov", MULTIPART_SIZE, &big_crc);
  const char *args[] = { "upload", "--json", "--part-size", ONE_MIB, "--parts-in-flight", "3",
                         "--api-endpoint", fixture->uri, "--cos-endpoint", fixture->uri,
                         small, big, NULL };
  g_autoptr(GSubprocessLauncher) launcher = vodup_test_cli_launcher_new (fixture, G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(JsonObject) state = NULL;
  g_auto(VodupCliRun) run = { 0 };

  /* Tests run with endpoints that lead nowhere: the flags must win. */
  g_subprocess_launcher_setenv (launcher, "VODUP_API_ENDPOINT", "http://127.0.0.1:9", TRUE);
  g_subprocess_launcher_setenv (launcher, "VODUP_COS_ENDPOINT", "http://127.0.0.1:9", TRUE);
  vodup_test_cli_run_with (launcher, args, NULL, &run);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (vodup_test_cli_count_events (run.events, "result"), ==, 2);
  assert_progress_events (run.events);
  vodup_test_cli_assert_committed (fixture, vodup_test_cli_find_result (run.events, small),
                                   SMALL_SIZE, small_crc);
  vodup_test_cli_assert_committed (fixture, vodup_test_cli_find_result (run.events, big),
                                   MULTIPART_SIZE, big_crc);

  state = vodup_test_cli_sim_state (fixture);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (state, "counters"),
                                               "UploadPart"), ==, 9);
}

static void
test_unknown_procedure (VodupCliFixture *fixture,
                        gconstpointer    data)
{
  g_autofree char *good = vodup_test_cli_make_file (fixture, "good.mp4", SMALL_SIZE, NULL);
  const char *args[] = { "upload", "--json", "--procedure", "NoSuchProcedure", good, NULL };
  g_auto(VodupCliRun) run = { 0 };
  JsonObject *result, *error;

  vodup_test_cli_run (fixture, args, &run);

  g_assert_cmpint (run.status, ==, 1);
  result = vodup_test_cli_find_result (run.events, good);
  g_assert_false (json_object_has_member (result, "file_id"));
  error = json_object_get_object_member (result, "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "InvalidParameterValue.Procedure");
  g_assert_cmpstr (json_object_get_string_member (error, "message"), !=, "");
}

/* One file fails (it does not exist), the other is committed: still 1. */
static void
test_one_of_two_fails (VodupCliFixture *fixture,
                       gconstpointer    data)
{
  guint64 crc64;
  g_autofree char *good = vodup_test_cli_make_file (fixture, "fine.mp4", SMALL_SIZE, &crc64);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.mp4", NULL);
  const char *args[] = { "upload", "--json", missing, good, NULL };
  g_auto(VodupCliRun) run = { 0 };
  JsonObject *error;

  vodup_test_cli_run (fixture, args, &run);

  g_assert_cmpint (run.status, ==, 1);
  vodup_test_cli_assert_committed (fixture, vodup_test_cli_find_result (run.events, good), SMALL_SIZE, crc64);
  error = json_object_get_object_member (vodup_test_cli_find_result (run.events, missing), "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "Vodup.FileNotFound");
}

static void
assert_usage_error (VodupCliFixture    *fixture,
                    const char * const *args)
{
  g_autoptr(JsonObject) state = NULL;
  g_auto(VodupCliRun) run = { 0 };

  vodup_test_cli_run (fixture, args, &run);

  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.err, !=, "");
  /* Refused before any request. */
  state = vodup_test_cli_sim_state (fixture);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (state, "counters"),
                                               "ApplyUpload"), ==, 0);
}

static void
test_bad_usage (VodupCliFixture *fixture,
                gconstpointer    data)
{
  g_autofree char *path = vodup_test_cli_make_file (fixture, "clip.mp4", SMALL_SIZE, NULL);
  const char *no_files[] = { "upload", "--json", NULL };
  const char *unknown_option[] = { "upload", "--no-such-option", path, NULL };
  const char *zero_parts[] = { "upload", "--parts-in-flight", "0", path, NULL };
  const char *tiny_parts[] = { "upload", "--part-size", "1000", path, NULL };
  const char *bad_time[] = { "upload", "--expire-time", "next tuesday", path, NULL };
  const char *bad_class[] = { "upload", "--class-id", "-3", path, NULL };
  const char *insecure[] = { "upload", "--api-endpoint", "http://example.com", path, NULL };
  const char *unknown_command[] = { "frobnicate", NULL };
  const char *extra_argument[] = { "regions", "extra", NULL };

  assert_usage_error (fixture, no_files);
  assert_usage_error (fixture, unknown_option);
  assert_usage_error (fixture, zero_parts);
  assert_usage_error (fixture, tiny_parts);
  assert_usage_error (fixture, bad_time);
  assert_usage_error (fixture, bad_class);
  assert_usage_error (fixture, insecure);
  assert_usage_error (fixture, unknown_command);
  assert_usage_error (fixture, extra_argument);
}

static gboolean
array_has_id (JsonArray  *array,
              const char *id)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (item, "id"), id) == 0)
        return TRUE;
    }

  return FALSE;
}

static JsonArray *
parse_array (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));

  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

static void
test_regions (VodupCliFixture *fixture,
              gconstpointer    data)
{
  const char *json_args[] = { "regions", "--json", NULL };
  const char *table_args[] = { "regions", NULL };
  const char *procedure_args[] = { "procedures", "--json", NULL };
  g_auto(VodupCliRun) json_run = { 0 };
  g_auto(VodupCliRun) table_run = { 0 };
  g_auto(VodupCliRun) procedure_run = { 0 };
  g_autoptr(JsonArray) regions = NULL;
  g_autoptr(JsonArray) procedures = NULL;

  /* Not an event stream: one JSON array. */
  vodup_test_cli_run (fixture, (const char * const *) json_args, &json_run);
  g_assert_cmpint (json_run.status, ==, 0);
  regions = parse_array (json_run.out);
  g_assert_true (array_has_id (regions, "ap-chongqing"));
  g_assert_true (array_has_id (regions, "ap-guangzhou"));
  g_assert_false (array_has_id (regions, "ap-singapore"));   /* not opened */

  vodup_test_cli_run (fixture, table_args, &table_run);
  g_assert_cmpint (table_run.status, ==, 0);
  g_assert_nonnull (strstr (table_run.out, "ap-chongqing"));
  g_assert_nonnull (strstr (table_run.out, "重庆"));

  vodup_test_cli_run (fixture, procedure_args, &procedure_run);
  g_assert_cmpint (procedure_run.status, ==, 0);
  procedures = parse_array (procedure_run.out);
  g_assert_true (array_has_id (procedures, "vodup-transcode"));
}

/* Without --json and not on a terminal: plain lines, the FileId among them. */
static void
test_plain_output (VodupCliFixture *fixture,
                   gconstpointer    data)
{
  g_autofree char *path = vodup_test_cli_make_file (fixture, "plain.mp4", SMALL_SIZE, NULL);
  const char *args[] = { "upload", path, NULL };
  g_autoptr(JsonObject) state = NULL;
  JsonObject *commit;
  g_auto(VodupCliRun) run = { 0 };

  vodup_test_cli_run (fixture, args, &run);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "\033["));   /* no terminal control codes in a pipe */
  state = vodup_test_cli_sim_state (fixture);
  commit = json_array_get_object_element (json_object_get_array_member (state, "commits"), 0);
  g_assert_nonnull (strstr (run.out, json_object_get_string_member (commit, "file_id")));
}

/* An active multipart upload that parts are being sent to: the client
 * has its UploadId by then (a cancel during InitiateMultipartUpload is a
 * different case). */
static gboolean
has_active_multipart (JsonObject *state)
{
  JsonArray *uploads = json_object_get_array_member (state, "multipart_uploads");
  JsonObject *counters = json_object_get_object_member (state, "counters");

  if (json_object_get_int_member (counters, "UploadPart") < 1)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (uploads); i++)
    {
      JsonObject *upload = json_array_get_object_element (uploads, i);

      if (g_str_equal (json_object_get_string_member (upload, "state"), "active"))
        return TRUE;
    }

  return FALSE;
}

/* SIGINT while parts are in flight: every upload is cancelled, the
 * multipart upload aborted on COS, and the exit status is 130. */
static void
test_sigint (VodupCliFixture *fixture,
             gconstpointer    data)
{
  g_autofree char *path = vodup_test_cli_make_sparse_file (fixture, "long.mp4", LARGE_SIZE);
  const char *argv[] = { vodup_test_cli_path (), "upload", "--json", "--part-size", ONE_MIB,
                         "--parts-in-flight", "2", path, NULL };
  g_autoptr(GSubprocessLauncher) launcher = vodup_test_cli_launcher_new (fixture, G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(VodupCliRun) run = { 0 };
  JsonObject *upload_state, *result_error;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  vodup_test_cli_set_faults (fixture, "{\"delay_ms\": 300}");

  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  do
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
      g_clear_pointer (&state, json_object_unref);
      state = vodup_test_cli_sim_state (fixture);
    }
  while (!has_active_multipart (state));

  g_subprocess_send_signal (process, SIGINT);
  vodup_test_cli_finish_run (process, NULL, &run);
  run.events = vodup_test_cli_parse_events (run.out);

  g_assert_cmpint (run.status, ==, 130);
  result_error = json_object_get_object_member (vodup_test_cli_find_result (run.events, path), "error");
  g_assert_cmpstr (json_object_get_string_member (result_error, "code"), ==, "Vodup.Cancelled");

  g_clear_pointer (&state, json_object_unref);
  state = vodup_test_cli_sim_state (fixture);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (state, "counters"),
                                               "AbortMultipartUpload"), >=, 1);
  upload_state = json_array_get_object_element (json_object_get_array_member (state, "multipart_uploads"), 0);
  g_assert_cmpstr (json_object_get_string_member (upload_state, "state"), ==, "aborted");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state, "commits")), ==, 0);
}

/* No keys in the environment and no keyring to fall back on. */
static void
test_no_credentials (VodupCliFixture *fixture,
                     gconstpointer    data)
{
  g_autofree char *path = vodup_test_cli_make_file (fixture, "clip.mp4", SMALL_SIZE, NULL);
  g_autofree char *bus = g_strdup_printf ("unix:path=%s/no-such-bus", fixture->dir);
  const char *args[] = { "upload", "--json", path, NULL };
  g_autoptr(GSubprocessLauncher) launcher = vodup_test_cli_launcher_new (fixture, G_SUBPROCESS_FLAGS_NONE);
  g_auto(VodupCliRun) run = { 0 };
  JsonObject *error;

  g_subprocess_launcher_setenv (launcher, "TENCENTCLOUD_SECRET_ID", "", TRUE);
  g_subprocess_launcher_setenv (launcher, "TENCENTCLOUD_SECRET_KEY", "", TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
  vodup_test_cli_run_with (launcher, args, NULL, &run);

  g_assert_cmpint (run.status, ==, 1);
  error = json_object_get_object_member (vodup_test_cli_find_result (run.events, path), "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "Vodup.KeyringUnavailable");
}

/* login → upload with the keyring's key → logout → no key. Only in the
 * throwaway keyring of build-aux/run-headless.sh. */
static void
test_login_logout (VodupCliFixture *fixture,
                   gconstpointer    data)
{
  g_autofree char *path = vodup_test_cli_make_file (fixture, "keyring.mp4", SMALL_SIZE, NULL);
  g_autofree char *input = g_strdup_printf ("%s\n%s\n", VODUP_SIM_SECRET_ID, VODUP_SIM_SECRET_KEY);
  const char *login[] = { "login", NULL };
  const char *logout[] = { "logout", NULL };
  const char *upload[] = { "upload", "--json", path, NULL };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_auto(VodupCliRun) login_run = { 0 };
  g_auto(VodupCliRun) upload_run = { 0 };
  g_auto(VodupCliRun) logout_run = { 0 };
  g_auto(VodupCliRun) after_run = { 0 };
  JsonObject *result, *error;

  if (!vodup_test_cli_in_private_keyring ())
    {
      g_test_skip ("Needs the throwaway keyring of build-aux/run-headless.sh "
                   "(would otherwise replace the user's real key)");
      return;
    }

  launcher = vodup_test_cli_launcher_new (fixture, G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_setenv (launcher, "TENCENTCLOUD_SECRET_ID", "", TRUE);
  g_subprocess_launcher_setenv (launcher, "TENCENTCLOUD_SECRET_KEY", "", TRUE);

  vodup_test_cli_run_with (launcher, login, input, &login_run);
  g_assert_cmpint (login_run.status, ==, 0);
  g_assert_null (strstr (login_run.out, VODUP_SIM_SECRET_KEY));
  g_assert_null (strstr (login_run.err, VODUP_SIM_SECRET_KEY));

  vodup_test_cli_run_with (launcher, upload, "", &upload_run);
  g_assert_cmpint (upload_run.status, ==, 0);
  result = vodup_test_cli_find_result (upload_run.events, path);
  g_assert_nonnull (json_object_get_string_member (result, "file_id"));

  vodup_test_cli_run_with (launcher, logout, "", &logout_run);
  g_assert_cmpint (logout_run.status, ==, 0);

  vodup_test_cli_run_with (launcher, upload, "", &after_run);
  g_assert_cmpint (after_run.status, ==, 1);
  error = json_object_get_object_member (vodup_test_cli_find_result (after_run.events, path), "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "Vodup.NoCredentials");
}

static void
test_login_needs_two_lines (void)
{
  const char *login[] = { "login", NULL };
  g_autoptr(GSubprocessLauncher) launcher = vodup_test_cli_launcher_new (NULL, G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_auto(VodupCliRun) run = { 0 };

  /* Refused before the keyring is asked, so safe anywhere. */
  vodup_test_cli_run_with (launcher, login, "AKIDonlyTheId\n", &run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "two lines"));
}

int
main (int   argc,
      char *argv[])
{
  vodup_test_cli_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, VodupCliFixture, NULL, vodup_test_cli_set_up, func, vodup_test_cli_tear_down)
  ADD ("/cli/upload/json", test_upload_json);
  ADD ("/cli/upload/multipart", test_upload_multipart);
  ADD ("/cli/upload/unknown-procedure", test_unknown_procedure);
  ADD ("/cli/upload/one-of-two-fails", test_one_of_two_fails);
  ADD ("/cli/upload/plain-output", test_plain_output);
  ADD ("/cli/upload/sigint", test_sigint);
  ADD ("/cli/usage", test_bad_usage);
  ADD ("/cli/list/regions", test_regions);
  ADD ("/cli/credentials/none", test_no_credentials);
  ADD ("/cli/credentials/login-logout", test_login_logout);
#undef ADD
  g_test_add_func ("/cli/credentials/login-needs-two-lines", test_login_needs_two_lines);

  return g_test_run ();
}
