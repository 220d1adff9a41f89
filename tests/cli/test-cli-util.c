/* test-cli-util.c: vodup-cli and the simulator as programs, for the CLI
 * tests
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "test-cli-util.h"

/* How much of a file of random bytes is made at a time. */
#define CHUNK_SIZE (1024 * 1024)

static const char *cli_path;
static const char *sim_path;

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

void
vodup_test_cli_set_up (VodupCliFixture *fixture,
                       gconstpointer    data)
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
  /* Each test its own journal, apart from the user's and other tests'. */
  fixture->state_dir = g_build_filename (fixture->dir, "state", NULL);
  g_assert_cmpint (g_mkdir (fixture->state_dir, 0700), ==, 0);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_dir (child);
      else
        g_assert_cmpint (g_remove (child), ==, 0);
    }

  g_assert_cmpint (g_rmdir (path), ==, 0);
}

void
vodup_test_cli_tear_down (VodupCliFixture *fixture,
                          gconstpointer    data)
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
  g_free (fixture->state_dir);
}

static JsonObject *
sim_request (VodupCliFixture *fixture,
             const char      *method,
             const char      *path,
             const char      *body)
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

JsonObject *
vodup_test_cli_sim_state (VodupCliFixture *fixture)
{
  return sim_request (fixture, "GET", "/_sim/state", NULL);
}

void
vodup_test_cli_set_faults (VodupCliFixture *fixture,
                           const char      *faults)
{
  g_autoptr(JsonObject) reply = sim_request (fixture, "POST", "/_sim/faults", faults);
}

/* Files ----------------------------------------------------------------- */

void
vodup_test_cli_append_random (const char *path,
                              guint64     size,
                              guint32     seed,
                              guint64    *crc64)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree guint32 *chunk = g_new (guint32, CHUNK_SIZE / sizeof (guint32));
  g_autoptr(GError) error = NULL;

  stream = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);

  while (size > 0)
    {
      gsize n = MIN (size, CHUNK_SIZE);

      for (gsize i = 0; i < CHUNK_SIZE / sizeof (guint32); i++)
        chunk[i] = g_rand_int (rand);

      g_output_stream_write_all (G_OUTPUT_STREAM (stream), chunk, n, NULL, NULL, &error);
      g_assert_no_error (error);
      if (crc64 != NULL)
        *crc64 = vodup_crc64_update (*crc64, chunk, n);
      size -= n;
    }

  g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error);
  g_assert_no_error (error);
}

char *
vodup_test_cli_make_file (VodupCliFixture *fixture,
                          const char      *name,
                          guint64          size,
                          guint64         *crc64)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  guint64 crc = 0;

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  vodup_test_cli_append_random (path, size, (guint32) size, &crc);
  if (crc64 != NULL)
    *crc64 = crc;

  return path;
}

char *
vodup_test_cli_make_sparse_file (VodupCliFixture *fixture,
                                 const char      *name,
                                 guint64          size)
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

void
vodup_test_cli_run_clear (VodupCliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  g_clear_pointer (&run->events, g_ptr_array_unref);
}

gboolean
vodup_test_cli_in_private_keyring (void)
{
  return g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL &&
         g_strcmp0 (g_getenv ("VODUP_HEADLESS"), "1") == 0;
}

GSubprocessLauncher *
vodup_test_cli_launcher_new (VodupCliFixture  *fixture,
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
      g_autofree char *no_bus = g_strdup_printf ("unix:path=%s/no-such-bus", fixture->dir);

      g_subprocess_launcher_setenv (launcher, "VODUP_API_ENDPOINT", fixture->uri, TRUE);
      g_subprocess_launcher_setenv (launcher, "VODUP_COS_ENDPOINT", fixture->uri, TRUE);
      g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", fixture->state_dir, TRUE);
      if (!vodup_test_cli_in_private_keyring ())
        g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", no_bus, TRUE);
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

GPtrArray *
vodup_test_cli_parse_events (const char *out)
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

void
vodup_test_cli_finish_run (GSubprocess *process,
                           const char  *input,
                           VodupCliRun *run)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = wait_status (process);

  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
}

void
vodup_test_cli_run_with (GSubprocessLauncher *launcher,
                         const char * const  *args,
                         const char          *input,
                         VodupCliRun         *run)
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

  vodup_test_cli_finish_run (process, input, run);
  if (g_str_equal (args[0], "upload") && g_strv_contains (args, "--json"))
    run->events = vodup_test_cli_parse_events (run->out);
}

void
vodup_test_cli_run (VodupCliFixture    *fixture,
                    const char * const *args,
                    VodupCliRun        *run)
{
  g_autoptr(GSubprocessLauncher) launcher = vodup_test_cli_launcher_new (fixture, G_SUBPROCESS_FLAGS_NONE);

  vodup_test_cli_run_with (launcher, args, NULL, run);
}

JsonObject *
vodup_test_cli_find_result (GPtrArray  *events,
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

guint
vodup_test_cli_count_events (GPtrArray  *events,
                             const char *kind)
{
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    n += g_str_equal (json_object_get_string_member (g_ptr_array_index (events, i), "event"), kind);

  return n;
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

void
vodup_test_cli_assert_committed (VodupCliFixture *fixture,
                                 JsonObject      *result,
                                 guint64          size,
                                 guint64          crc64)
{
  g_autoptr(JsonObject) state = vodup_test_cli_sim_state (fixture);
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

/* Set-up ---------------------------------------------------------------- */

void
vodup_test_cli_init (int    *argc,
                     char ***argv)
{
  if (*argc < 3 || (*argv)[1][0] == '-' || (*argv)[2][0] == '-')
    {
      g_printerr ("Usage: %s VODUP-CLI VODUP-SIM [GTEST OPTION…]\n", (*argv)[0]);
      exit (2);
    }

  /* meson passes them relative to the build directory. */
  cli_path = g_canonicalize_filename ((*argv)[1], NULL);
  sim_path = g_canonicalize_filename ((*argv)[2], NULL);
  (*argv)[2] = (*argv)[0];
  *argc -= 2;
  *argv += 2;

  g_test_init (argc, argv, NULL);
}

const char *
vodup_test_cli_path (void)
{
  return cli_path;
}
