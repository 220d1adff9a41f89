/* test-secret-store.c: VodupSecretStore against a real gnome-keyring on a
 * private bus (build-aux/run-headless.sh), and against a bus without any
 * Secret Service, or no bus at all, that the test starts itself.
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "vodup-engine.h"
#include "vodup-secret-store.h"

/* Sample values, not real keys; the quote and the non-ASCII character make
 * sure the JSON value round-trips. */
#define TEST_SECRET_ID   "AKIDtestSecretStore0000000000001"
#define TEST_SECRET_KEY  "test\"Key\\with/odd-chars-é"
#define OTHER_SECRET_ID  "AKIDtestSecretStore0000000000002"
#define OTHER_SECRET_KEY "anotherTestKey000000000000000002"

static const char *self_exe;

/* A bus with no .service files: nothing can provide org.freedesktop.secrets. */
static const char bus_config[] =
  "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
  " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
  "<busconfig>\n"
  "  <type>session</type>\n"
  "  <listen>unix:dir=%s</listen>\n"
  "  <auth>EXTERNAL</auth>\n"
  "  <policy context=\"default\">\n"
  "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
  "    <allow eavesdrop=\"true\"/>\n"
  "    <allow own=\"*\"/>\n"
  "  </policy>\n"
  "</busconfig>\n";

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static VodupCredentials *
lookup_sync (VodupSecretStore  *store,
             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vodup_credential_provider_lookup_async (VODUP_CREDENTIAL_PROVIDER (store), NULL,
                                          store_result_cb, &result);
  return vodup_credential_provider_lookup_finish (VODUP_CREDENTIAL_PROVIDER (store),
                                                  wait_for_result (&result), error);
}

static gboolean
save_sync (VodupSecretStore  *store,
           const char        *secret_id,
           const char        *secret_key,
           GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vodup_secret_store_save_async (store, secret_id, secret_key, NULL, store_result_cb, &result);
  return vodup_secret_store_save_finish (store, wait_for_result (&result), error);
}

static gboolean
clear_sync (VodupSecretStore  *store,
            GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vodup_secret_store_clear_async (store, NULL, store_result_cb, &result);
  return vodup_secret_store_clear_finish (store, wait_for_result (&result), error);
}

/* Only the wrapper's throwaway keyring may be written to: a plain
 * `meson test` in a desktop session would otherwise replace, then delete,
 * the developer's own Vodup API key. */
static gboolean
skip_without_private_keyring (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("DBUS_SESSION_BUS_ADDRESS is not set: no session bus to reach a keyring. "
                   "Run the tests under build-aux/run-headless.sh.");
      return TRUE;
    }

  if (g_strcmp0 (g_getenv ("VODUP_HEADLESS"), "1") != 0)
    {
      g_test_skip ("Not running under build-aux/run-headless.sh: refusing to write to "
                   "what may be the user's real keyring.");
      return TRUE;
    }

  return FALSE;
}

static void
assert_credentials (VodupCredentials *credentials,
                    const char       *secret_id,
                    const char       *secret_key)
{
  g_assert_nonnull (credentials);
  g_assert_cmpstr (vodup_credentials_get_secret_id (credentials), ==, secret_id);
  g_assert_cmpstr (vodup_credentials_get_secret_key (credentials), ==, secret_key);
  g_assert_null (vodup_credentials_get_token (credentials));
}

static void
test_round_trip (void)
{
  g_autoptr(VodupSecretStore) store = vodup_secret_store_new ();
  g_autoptr(VodupCredentials) first = NULL;
  g_autoptr(VodupCredentials) second = NULL;
  g_autoptr(VodupCredentials) gone = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_private_keyring ())
    return;

  g_assert_true (VODUP_IS_CREDENTIAL_PROVIDER (store));

  g_assert_true (save_sync (store, TEST_SECRET_ID, TEST_SECRET_KEY, &error));
  g_assert_no_error (error);
  first = lookup_sync (store, &error);
  g_assert_no_error (error);
  assert_credentials (first, TEST_SECRET_ID, TEST_SECRET_KEY);

  /* Saving again replaces the key rather than adding a second item. */
  g_assert_true (save_sync (store, OTHER_SECRET_ID, OTHER_SECRET_KEY, &error));
  g_assert_no_error (error);
  second = lookup_sync (store, &error);
  g_assert_no_error (error);
  assert_credentials (second, OTHER_SECRET_ID, OTHER_SECRET_KEY);

  g_assert_true (clear_sync (store, &error));
  g_assert_no_error (error);
  gone = lookup_sync (store, &error);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_NO_CREDENTIALS);
  g_assert_null (gone);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  /* Clearing what is not there is not an error (logout twice). */
  g_assert_true (clear_sync (store, &error));
  g_assert_no_error (error);
}

static gboolean
string_contains_secret (const char *text)
{
  return strstr (text, TEST_SECRET_ID) != NULL || strstr (text, TEST_SECRET_KEY) != NULL;
}

/* Attributes and labels are searchable and shown in Seahorse: no secrets. */
static void
test_item_metadata (void)
{
  g_autoptr(VodupSecretStore) store = vodup_secret_store_new ();
  g_autoptr(GError) error = NULL;
  GList *items;
  SecretRetrievable *item;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  GHashTableIter iter;
  gpointer name, value;

  if (skip_without_private_keyring ())
    return;

  g_assert_true (save_sync (store, TEST_SECRET_ID, TEST_SECRET_KEY, &error));
  g_assert_no_error (error);

  items = secret_password_search_sync (vodup_secret_store_get_schema (), SECRET_SEARCH_ALL,
                                       NULL, &error, "profile", "default", NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);

  item = items->data;
  label = secret_retrievable_get_label (item);
  g_assert_cmpstr (label, ==, "Vodup API key");

  attributes = secret_retrievable_get_attributes (item);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "profile"), ==, "default");
  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      g_assert_false (string_contains_secret (name));
      g_assert_false (string_contains_secret (value));
    }
  g_list_free_full (items, g_object_unref);

  g_assert_true (clear_sync (store, &error));
  g_assert_no_error (error);
}

/* Something else under our schema that is not our JSON: treated as absent. */
static void
test_damaged_value (void)
{
  g_autoptr(VodupSecretStore) store = vodup_secret_store_new ();
  g_autoptr(VodupCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_private_keyring ())
    return;

  g_assert_true (secret_password_store_sync (vodup_secret_store_get_schema (), SECRET_COLLECTION_DEFAULT,
                                             "damaged", "{\"SecretId\": 42}", NULL, &error,
                                             "profile", "default", NULL));
  g_assert_no_error (error);

  credentials = lookup_sync (store, &error);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_NO_CREDENTIALS);
  g_assert_null (credentials);
  g_clear_error (&error);

  g_assert_true (clear_sync (store, &error));
  g_assert_no_error (error);
}

/* In the child: one lookup and one save, each reported as one line
 * "<vodup code or -1> <message>". */
static int
run_child (void)
{
  g_autoptr(VodupSecretStore) store = vodup_secret_store_new ();
  g_autoptr(VodupCredentials) credentials = NULL;
  g_autoptr(GError) lookup_error = NULL;
  g_autoptr(GError) save_error = NULL;

  credentials = lookup_sync (store, &lookup_error);
  save_sync (store, TEST_SECRET_ID, TEST_SECRET_KEY, &save_error);

  for (guint i = 0; i < 2; i++)
    {
      const GError *error = i == 0 ? lookup_error : save_error;

      if (error == NULL)
        g_print ("ok\n");
      else
        g_print ("%d %s\n", error->domain == VODUP_ERROR ? error->code : -1, error->message);
    }

  return 0;
}

/* Runs this program as a child on the given bus (and HOME, if not NULL)
 * and returns its two result lines. */
static GStrv
run_child_on_bus (const char *bus_address,
                  const char *home)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  GStrv lines;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", bus_address, TRUE);
  /* No X: an unlock prompt must fail at once instead of waiting for a click. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  if (home != NULL)
    {
      g_autofree char *data_home = g_build_filename (home, "data", NULL);

      g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
      g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
    }
  child = g_subprocess_launcher_spawn (launcher, &error, self_exe, "--child", NULL);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);

  g_test_message ("child said: %s", out);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);

  return lines;
}

static void
assert_line_is_error (const char *line,
                      VodupError  code,
                      const char *text)
{
  g_autofree char *prefix = g_strdup_printf ("%d ", code);

  g_assert_true (g_str_has_prefix (line, prefix));
  g_assert_nonnull (strstr (line, text));
  g_assert_false (string_contains_secret (line));
}

/* Both the lookup and the save fail with KEYRING_UNAVAILABLE. */
static void
assert_child_unavailable (const char *bus_address)
{
  g_auto(GStrv) lines = run_child_on_bus (bus_address, NULL);

  for (guint i = 0; i < 2; i++)
    assert_line_is_error (lines[i], VODUP_ERROR_KEYRING_UNAVAILABLE, "No keyring is available");
}

static char *
make_scratch_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *bus_dir = NULL;
  g_autofree char *runtime_dir = NULL;
  g_autofree char *config = NULL;
  g_autofree char *config_path = NULL;

  dir = g_dir_make_tmp ("vodup-test-bus-XXXXXX", &error);
  g_assert_no_error (error);

  bus_dir = g_build_filename (dir, "bus", NULL);
  runtime_dir = g_build_filename (dir, "runtime", NULL);
  g_assert_cmpint (g_mkdir (bus_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (runtime_dir, 0700), ==, 0);

  config = g_strdup_printf (bus_config, bus_dir);
  config_path = g_build_filename (dir, "bus.conf", NULL);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&dir);
}

static void
remove_scratch_dir (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* A private dbus-daemon that can activate nothing; returns its address. */
static GSubprocess *
start_bus (const char  *dir,
           char       **address)
{
  g_autofree char *config_path = g_build_filename (dir, "bus.conf", NULL);
  g_autoptr(GDataInputStream) reader = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *bus;

  bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                          "dbus-daemon", "--nofork", "--print-address=1",
                          "--config-file", config_path, NULL);
  g_assert_no_error (error);

  reader = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
  *address = g_data_input_stream_read_line_utf8 (reader, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*address);

  return bus;
}

static void
stop_process (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
name_has_owner (GDBusConnection *connection,
                const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

/* gnome-keyring-daemon on that bus, its login keyring in dir, unlocked
 * (or not) with password; returns once it serves the Secret Service. */
static GSubprocess *
start_keyring (const char *dir,
               const char *address,
               const char *password)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_build_filename (dir, "data", NULL);
  g_autofree char *runtime_dir = g_build_filename (dir, "runtime", NULL);
  GOutputStream *input;
  GSubprocess *keyring;
  gint64 deadline;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime_dir, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  keyring = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--foreground",
                                         "--unlock", "--components=secrets", NULL);
  g_assert_no_error (error);

  input = g_subprocess_get_stdin_pipe (keyring);
  g_output_stream_write_all (input, password, strlen (password), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (input, NULL, &error);
  g_assert_no_error (error);

  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!name_has_owner (connection, "org.freedesktop.secrets"))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }

  return keyring;
}

static void
test_no_secret_service (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *address = NULL;
  g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");
  g_autoptr(GSubprocess) bus = NULL;

  if (daemon == NULL)
    {
      g_test_skip ("dbus-daemon is not installed (package dbus)");
      return;
    }

  dir = make_scratch_dir ();
  bus = start_bus (dir, &address);

  assert_child_unavailable (address);

  stop_process (bus);
  remove_scratch_dir (dir);
}

static void
test_no_bus (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GError) error = NULL;

  dir = g_dir_make_tmp ("vodup-test-nobus-XXXXXX", &error);
  g_assert_no_error (error);
  address = g_strdup_printf ("unix:path=%s/no-such-socket", dir);

  assert_child_unavailable (address);

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The keyring file from a first session, opened by a second one with
 * another password, stays locked: that is KEYRING_LOCKED, for a save and
 * for a lookup whose unlock prompt cannot be shown. */
static void
test_locked_keyring (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");
  g_autofree char *keyring_daemon = g_find_program_in_path ("gnome-keyring-daemon");

  if (daemon == NULL || keyring_daemon == NULL)
    {
      g_test_skip ("dbus-daemon or gnome-keyring-daemon is not installed (packages dbus, gnome-keyring)");
      return;
    }

  dir = make_scratch_dir ();

  for (guint session = 0; session < 2; session++)
    {
      g_autofree char *address = NULL;
      g_autoptr(GSubprocess) bus = start_bus (dir, &address);
      g_autoptr(GSubprocess) keyring = start_keyring (dir, address, session == 0 ? "first" : "second");
      g_auto(GStrv) lines = run_child_on_bus (address, dir);

      if (session == 0)
        {
          assert_line_is_error (lines[0], VODUP_ERROR_NO_CREDENTIALS, "No API key");
          g_assert_cmpstr (lines[1], ==, "ok");
        }
      else
        {
          assert_line_is_error (lines[0], VODUP_ERROR_KEYRING_LOCKED, "locked");
          assert_line_is_error (lines[1], VODUP_ERROR_KEYRING_LOCKED, "locked");
        }

      stop_process (keyring);
      stop_process (bus);
    }

  remove_scratch_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  self_exe = argv[0];

  if (argc == 2 && g_strcmp0 (argv[1], "--child") == 0)
    return run_child ();

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secret/round-trip", test_round_trip);
  g_test_add_func ("/secret/item-metadata", test_item_metadata);
  g_test_add_func ("/secret/damaged-value", test_damaged_value);
  g_test_add_func ("/secret/no-secret-service", test_no_secret_service);
  g_test_add_func ("/secret/no-bus", test_no_bus);
  g_test_add_func ("/secret/locked-keyring", test_locked_keyring);

  return g_test_run ();
}
