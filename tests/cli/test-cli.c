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
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "vodup-engine.h"
#include "vodup-sim.h"

#define SMALL_SIZE      (100 * 1024)
#define MULTIPART_SIZE  (9 * 1024 * 1024)
#define LARGE_SIZE      (G_GUINT64_CONSTANT (64) * 1024 * 1024)
#define ONE_MIB         "1048576"

static const char *cli_path;
static const char *sim_path;

typedef struct
{
  GSubprocess *sim;
  char        *uri;       /* http://127.0.0.1:PORT */
  SoupSession *session;   /* for /_sim/state and /_sim/faults */
  char        *dir;       /* files to upload */
} Fixture;

typedef struct
{
  int    status;          /* exit status, or -signal */
  char  *out;
  char  *err;
  GPtrArray *events;      /* JsonObject per stdout line, for --json runs */
} CliRun;

/* Children die with the test, also when an assertion aborts it: a
 * simulator left behind would keep meson waiting on its stderr. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Simulator ------------------------------------------------------------- */

static char *
read_endpoint (GDataInputStream *reader,
               const char       *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = g_strconcat (name, "=", NULL);
  char *line;

  while ((line = g_data_input_stream_read_line_utf8 (reader, NULL, NULL, &error)) != NULL)
    {
      if (g_str_has_prefix (line, prefix))
        {
          char *value = g_strdup (line + strlen (prefix));

          g_free (line);
          return value;
        }
      g_free (line);
    }

  g_assert_no_error (error);
  g_error ("vodup-sim ended without printing %s", name);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) reader = NULL;
  g_autofree char *cos_uri = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  fixture->sim = g_subprocess_launcher_spawn (launcher, &error, sim_path, "--port", "0", NULL);
  g_assert_no_error (error);

  /* Keep the reader's stream open: the simulator may print more. */
  reader = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->sim));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (reader), FALSE);
  fixture->uri = read_endpoint (reader, "VODUP_API_ENDPOINT");
  cos_uri = read_endpoint (reader, "VODUP_COS_ENDPOINT");
  g_assert_cmpstr (cos_uri, ==, fixture->uri);
  g_assert_true (g_str_has_prefix (fixture->uri, "http://127.0.0.1:"));

  fixture->session = soup_session_new_with_options ("timeout", 30, NULL);
  fixture->dir = g_dir_make_tmp ("vodup-test-cli-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_assert_cmpint (g_remove (child), ==, 0);
    }

  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (fixture->sim, SIGTERM);
  g_subprocess_wait (fixture->sim, NULL, &error);
  g_assert_no_error (error);

  remove_dir (fixture->dir);
  g_clear_object (&fixture->sim);
  g_clear_object (&fixture->session);
  g_free (fixture->uri);
  g_free (fixture->dir);
}

static JsonObject *
sim_request (Fixture    *fixture,
             const char *method,
             const char *path,
             const char *body)
{
  g_autofree char *uri = g_strconcat (fixture->uri, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  reply = soup_session_send_and_read (fixture->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)));

  if (g_bytes_get_size (reply) == 0)
    return NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
sim_state (Fixture *fixture)
{
  return sim_request (fixture, "GET", "/_sim/state", NULL);
}

static void
sim_set_faults (Fixture    *fixture,
                const char *faults)
{
  g_autoptr(JsonObject) reply = sim_request (fixture, "POST", "/_sim/faults", faults);
}

/* Files ----------------------------------------------------------------- */

/* size bytes of pseudo-random content; returns its path and CRC-64. */
static char *
make_file (Fixture    *fixture,
           const char *name,
           gsize       size,
           guint64    *crc64)
{
  g_autofree guint8 *data = g_malloc (size);
  g_autoptr(GRand) rand = g_rand_new_with_seed (size);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  for (gsize i = 0; i < size; i++)
    data[i] = g_rand_int (rand) & 0xff;

  g_file_set_contents (path, (const char *) data, size, &error);
  g_assert_no_error (error);

  if (crc64 != NULL)
    *crc64 = vodup_crc64_update (0, data, size);

  return path;
}

/* A sparse file: big, yet cheap to make. */
static char *
make_sparse_file (Fixture    *fixture,
                  const char *name,
                  guint64     size)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_seekable_truncate (G_SEEKABLE (stream), size, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error);
  g_assert_no_error (error);

  return path;
}

/* Running vodup-cli ----------------------------------------------------- */

static void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  g_clear_pointer (&run->events, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

/* The simulator's keys and endpoints unless the test says otherwise. */
static GSubprocessLauncher *
cli_launcher_new (Fixture          *fixture,
                  GSubprocessFlags  flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags |
                                                             G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDERR_PIPE);

  g_subprocess_launcher_setenv (launcher, "TENCENTCLOUD_SECRET_ID", VODUP_SIM_SECRET_ID, TRUE);
  g_subprocess_launcher_setenv (launcher, "TENCENTCLOUD_SECRET_KEY", VODUP_SIM_SECRET_KEY, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "TENCENTCLOUD_SESSION_TOKEN");
  if (fixture != NULL)
    {
      g_subprocess_launcher_setenv (launcher, "VODUP_API_ENDPOINT", fixture->uri, TRUE);
      g_subprocess_launcher_setenv (launcher, "VODUP_COS_ENDPOINT", fixture->uri, TRUE);
    }
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  return launcher;
}

static int
wait_status (GSubprocess *process)
{
  if (g_subprocess_get_if_signaled (process))
    return -g_subprocess_get_term_sig (process);

  return g_subprocess_get_exit_status (process);
}

/* Every stdout line must be one JSON object with an "event". */
static GPtrArray *
parse_events (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = NULL;
      g_autoptr(GError) error = NULL;
      JsonObject *object;

      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break;

      parser = json_parser_new ();
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_nonnull (json_object_get_string_member_with_default (object, "event", NULL));
      g_ptr_array_add (events, json_object_ref (object));
    }

  return events;
}

static void
finish_run (GSubprocess *process,
            const char  *input,
            CliRun      *run)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = wait_status (process);

  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
}

static void
run_cli_with (GSubprocessLauncher *launcher,
              const char * const  *args,
              const char          *input,
              CliRun              *run)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (char *) cli_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  finish_run (process, input, run);
  if (g_str_equal (args[0], "upload") && g_strv_contains (args, "--json"))
    run->events = parse_events (run->out);
}

static void
run_cli (Fixture            *fixture,
         const char * const *args,
         CliRun             *run)
{
  g_autoptr(GSubprocessLauncher) launcher = cli_launcher_new (fixture, G_SUBPROCESS_FLAGS_NONE);

  run_cli_with (launcher, args, NULL, run);
}

/* The one result event for file; fails the test unless there is exactly one. */
static JsonObject *
find_result (GPtrArray  *events,
             const char *file)
{
  JsonObject *found = NULL;

  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (events, i);

      if (g_str_equal (json_object_get_string_member (event, "event"), "result") &&
          g_str_equal (json_object_get_string_member (event, "file"), file))
        {
          g_assert_null (found);
          found = event;
        }
    }

  g_assert_nonnull (found);
  return found;
}

static guint
count_events (GPtrArray  *events,
              const char *kind)
{
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    n += g_str_equal (json_object_get_string_member (g_ptr_array_index (events, i), "event"), kind);

  return n;
}

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

/* The commit of file_id in the simulator's state, or NULL. */
static JsonObject *
find_commit (JsonObject *state,
             const char *file_id)
{
  JsonArray *commits = json_object_get_array_member (state, "commits");

  for (guint i = 0; i < json_array_get_length (commits); i++)
    {
      JsonObject *commit = json_array_get_object_element (commits, i);

      if (g_strcmp0 (json_object_get_string_member (commit, "file_id"), file_id) == 0)
        return commit;
    }

  return NULL;
}

static void
assert_committed (Fixture    *fixture,
                  JsonObject *result,
                  guint64     size,
                  guint64     crc64)
{
  g_autoptr(JsonObject) state = sim_state (fixture);
  g_autofree char *crc_text = g_strdup_printf ("%" G_GUINT64_FORMAT, crc64);
  const char *file_id;
  JsonObject *commit, *media;

  g_assert_false (json_object_has_member (result, "error"));
  file_id = json_object_get_string_member (result, "file_id");
  g_assert_nonnull (file_id);
  g_assert_cmpstr (json_object_get_string_member (result, "crc64"), ==, crc_text);
  g_assert_nonnull (json_object_get_string_member (result, "media_url"));
  g_assert_nonnull (json_object_get_string_member (result, "request_id"));
  g_assert_true (json_object_has_member (result, "cover_url"));

  commit = find_commit (state, file_id);
  g_assert_nonnull (commit);
  g_assert_cmpstr (json_object_get_string_member (commit, "media_url"), ==,
                   json_object_get_string_member (result, "media_url"));
  media = json_object_get_object_member (commit, "media");
  g_assert_cmpint (json_object_get_int_member (media, "size"), ==, size);
  g_assert_cmpstr (json_object_get_string_member (media, "crc64"), ==, crc_text);
}

/* Tests ----------------------------------------------------------------- */

static void
test_upload_json (Fixture       *fixture,
                  gconstpointer  data)
{
  guint64 crc64;
  g_autofree char *path = make_file (fixture, "clip.mp4", SMALL_SIZE, &crc64);
  const char *args[] = { "upload", "--json", path, NULL };
  g_auto(CliRun) run = { 0 };

  run_cli (fixture, args, &run);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (count_events (run.events, "result"), ==, 1);
  g_assert_cmpuint (count_events (run.events, "progress"), >=, 1);
  assert_progress_events (run.events);
  assert_committed (fixture, find_result (run.events, path), SMALL_SIZE, crc64);
}

/* Two files, one of them in 1 MiB parts; the endpoints as flags this time. */
static void
test_upload_multipart (Fixture       *fixture,
                       gconstpointer  data)
{
  guint64 small_crc, big_crc;
  g_autofree char *small = make_file (fixture, "a.mp4", SMALL_SIZE, &small_crc);
  g_autofree char *big = make_file (fixture, "b.mov", MULTIPART_SIZE, &big_crc);
  const char *args[] = { "upload", "--json", "--part-size", ONE_MIB, "--parts-in-flight", "3",
                         "--api-endpoint", fixture->uri, "--cos-endpoint", fixture->uri,
                         small, big, NULL };
  g_autoptr(GSubprocessLauncher) launcher = cli_launcher_new (NULL, G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(JsonObject) state = NULL;
  g_auto(CliRun) run = { 0 };

  /* Tests run with endpoints that lead nowhere: the flags must win. */
  g_subprocess_launcher_setenv (launcher, "VODUP_API_ENDPOINT", "http://127.0.0.1:9", TRUE);
  g_subprocess_launcher_setenv (launcher, "VODUP_COS_ENDPOINT", "http://127.0.0.1:9", TRUE);
  run_cli_with (launcher, args, NULL, &run);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (count_events (run.events, "result"), ==, 2);
  assert_progress_events (run.events);
  assert_committed (fixture, find_result (run.events, small), SMALL_SIZE, small_crc);
  assert_committed (fixture, find_result (run.events, big), MULTIPART_SIZE, big_crc);

  state = sim_state (fixture);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (state, "counters"),
                                               "UploadPart"), ==, 9);
}

static void
test_unknown_procedure (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *good = make_file (fixture, "good.mp4", SMALL_SIZE, NULL);
  const char *args[] = { "upload", "--json", "--procedure", "NoSuchProcedure", good, NULL };
  g_auto(CliRun) run = { 0 };
  JsonObject *result, *error;

  run_cli (fixture, args, &run);

  g_assert_cmpint (run.status, ==, 1);
  result = find_result (run.events, good);
  g_assert_false (json_object_has_member (result, "file_id"));
  error = json_object_get_object_member (result, "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "InvalidParameterValue.Procedure");
  g_assert_cmpstr (json_object_get_string_member (error, "message"), !=, "");
}

/* One file fails (it does not exist), the other is committed: still 1. */
static void
test_one_of_two_fails (Fixture       *fixture,
                       gconstpointer  data)
{
  guint64 crc64;
  g_autofree char *good = make_file (fixture, "fine.mp4", SMALL_SIZE, &crc64);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.mp4", NULL);
  const char *args[] = { "upload", "--json", missing, good, NULL };
  g_auto(CliRun) run = { 0 };
  JsonObject *error;

  run_cli (fixture, args, &run);

  g_assert_cmpint (run.status, ==, 1);
  assert_committed (fixture, find_result (run.events, good), SMALL_SIZE, crc64);
  error = json_object_get_object_member (find_result (run.events, missing), "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "Vodup.FileNotFound");
}

static void
assert_usage_error (Fixture            *fixture,
                    const char * const *args)
{
  g_autoptr(JsonObject) state = NULL;
  g_auto(CliRun) run = { 0 };

  run_cli (fixture, args, &run);

  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.err, !=, "");
  /* Refused before any request. */
  state = sim_state (fixture);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (state, "counters"),
                                               "ApplyUpload"), ==, 0);
}

static void
test_bad_usage (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = make_file (fixture, "clip.mp4", SMALL_SIZE, NULL);
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
test_regions (Fixture       *fixture,
              gconstpointer  data)
{
  const char *json_args[] = { "regions", "--json", NULL };
  const char *table_args[] = { "regions", NULL };
  const char *procedure_args[] = { "procedures", "--json", NULL };
  g_auto(CliRun) json_run = { 0 };
  g_auto(CliRun) table_run = { 0 };
  g_auto(CliRun) procedure_run = { 0 };
  g_autoptr(JsonArray) regions = NULL;
  g_autoptr(JsonArray) procedures = NULL;

  /* Not an event stream: one JSON array. */
  run_cli (fixture, (const char * const *) json_args, &json_run);
  g_assert_cmpint (json_run.status, ==, 0);
  regions = parse_array (json_run.out);
  g_assert_true (array_has_id (regions, "ap-chongqing"));
  g_assert_true (array_has_id (regions, "ap-guangzhou"));
  g_assert_false (array_has_id (regions, "ap-singapore"));   /* not opened */

  run_cli (fixture, table_args, &table_run);
  g_assert_cmpint (table_run.status, ==, 0);
  g_assert_nonnull (strstr (table_run.out, "ap-chongqing"));
  g_assert_nonnull (strstr (table_run.out, "重庆"));

  run_cli (fixture, procedure_args, &procedure_run);
  g_assert_cmpint (procedure_run.status, ==, 0);
  procedures = parse_array (procedure_run.out);
  g_assert_true (array_has_id (procedures, "vodup-transcode"));
}

/* Without --json and not on a terminal: plain lines, the FileId among them. */
static void
test_plain_output (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = make_file (fixture, "plain.mp4", SMALL_SIZE, NULL);
  const char *args[] = { "upload", path, NULL };
  g_autoptr(JsonObject) state = NULL;
  JsonObject *commit;
  g_auto(CliRun) run = { 0 };

  run_cli (fixture, args, &run);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "\033["));   /* no terminal control codes in a pipe */
  state = sim_state (fixture);
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
test_sigint (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = make_sparse_file (fixture, "long.mp4", LARGE_SIZE);
  const char *argv[] = { cli_path, "upload", "--json", "--part-size", ONE_MIB,
                         "--parts-in-flight", "2", path, NULL };
  g_autoptr(GSubprocessLauncher) launcher = cli_launcher_new (fixture, G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  JsonObject *upload_state, *result_error;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  sim_set_faults (fixture, "{\"delay_ms\": 300}");

  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  do
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
      g_clear_pointer (&state, json_object_unref);
      state = sim_state (fixture);
    }
  while (!has_active_multipart (state));

  g_subprocess_send_signal (process, SIGINT);
  finish_run (process, NULL, &run);
  run.events = parse_events (run.out);

  g_assert_cmpint (run.status, ==, 130);
  result_error = json_object_get_object_member (find_result (run.events, path), "error");
  g_assert_cmpstr (json_object_get_string_member (result_error, "code"), ==, "Vodup.Cancelled");

  g_clear_pointer (&state, json_object_unref);
  state = sim_state (fixture);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (state, "counters"),
                                               "AbortMultipartUpload"), >=, 1);
  upload_state = json_array_get_object_element (json_object_get_array_member (state, "multipart_uploads"), 0);
  g_assert_cmpstr (json_object_get_string_member (upload_state, "state"), ==, "aborted");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state, "commits")), ==, 0);
}

/* No keys in the environment and no keyring to fall back on. */
static void
test_no_credentials (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = make_file (fixture, "clip.mp4", SMALL_SIZE, NULL);
  g_autofree char *bus = g_strdup_printf ("unix:path=%s/no-such-bus", fixture->dir);
  const char *args[] = { "upload", "--json", path, NULL };
  g_autoptr(GSubprocessLauncher) launcher = cli_launcher_new (fixture, G_SUBPROCESS_FLAGS_NONE);
  g_auto(CliRun) run = { 0 };
  JsonObject *error;

  g_subprocess_launcher_setenv (launcher, "TENCENTCLOUD_SECRET_ID", "", TRUE);
  g_subprocess_launcher_setenv (launcher, "TENCENTCLOUD_SECRET_KEY", "", TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
  run_cli_with (launcher, args, NULL, &run);

  g_assert_cmpint (run.status, ==, 1);
  error = json_object_get_object_member (find_result (run.events, path), "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "Vodup.KeyringUnavailable");
}

/* login → upload with the keyring's key → logout → no key. Only in the
 * throwaway keyring of build-aux/run-headless.sh. */
static void
test_login_logout (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = make_file (fixture, "keyring.mp4", SMALL_SIZE, NULL);
  g_autofree char *input = g_strdup_printf ("%s\n%s\n", VODUP_SIM_SECRET_ID, VODUP_SIM_SECRET_KEY);
  const char *login[] = { "login", NULL };
  const char *logout[] = { "logout", NULL };
  const char *upload[] = { "upload", "--json", path, NULL };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_auto(CliRun) login_run = { 0 };
  g_auto(CliRun) upload_run = { 0 };
  g_auto(CliRun) logout_run = { 0 };
  g_auto(CliRun) after_run = { 0 };
  JsonObject *error;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL || g_strcmp0 (g_getenv ("VODUP_HEADLESS"), "1") != 0)
    {
      g_test_skip ("Needs the throwaway keyring of build-aux/run-headless.sh "
                   "(would otherwise replace the user's real key)");
      return;
    }

  launcher = cli_launcher_new (fixture, G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_setenv (launcher, "TENCENTCLOUD_SECRET_ID", "", TRUE);
  g_subprocess_launcher_setenv (launcher, "TENCENTCLOUD_SECRET_KEY", "", TRUE);

  run_cli_with (launcher, login, input, &login_run);
  g_assert_cmpint (login_run.status, ==, 0);
  g_assert_null (strstr (login_run.out, VODUP_SIM_SECRET_KEY));
  g_assert_null (strstr (login_run.err, VODUP_SIM_SECRET_KEY));

  run_cli_with (launcher, upload, "", &upload_run);
  g_assert_cmpint (upload_run.status, ==, 0);
  g_assert_nonnull (json_object_get_string_member (find_result (upload_run.events, path), "file_id"));

  run_cli_with (launcher, logout, "", &logout_run);
  g_assert_cmpint (logout_run.status, ==, 0);

  run_cli_with (launcher, upload, "", &after_run);
  g_assert_cmpint (after_run.status, ==, 1);
  error = json_object_get_object_member (find_result (after_run.events, path), "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "Vodup.NoCredentials");
}

static void
test_login_needs_two_lines (void)
{
  const char *login[] = { "login", NULL };
  g_autoptr(GSubprocessLauncher) launcher = cli_launcher_new (NULL, G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_auto(CliRun) run = { 0 };

  /* Refused before the keyring is asked, so safe anywhere. */
  run_cli_with (launcher, login, "AKIDonlyTheId\n", &run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "two lines"));
}

int
main (int   argc,
      char *argv[])
{
  if (argc < 3 || argv[1][0] == '-' || argv[2][0] == '-')
    {
      g_printerr ("Usage: %s VODUP-CLI VODUP-SIM [GTEST OPTION…]\n", argv[0]);
      return 2;
    }

  /* meson passes them relative to the build directory. */
  cli_path = g_canonicalize_filename (argv[1], NULL);
  sim_path = g_canonicalize_filename (argv[2], NULL);
  argv[2] = argv[0];
  argc -= 2;
  argv += 2;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
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
