/* test-inhibit.c: the window asks the session not to suspend while files
 * upload, through a stand-in org.gnome.SessionManager
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-app-util.h"
#include "vodup-test-util.h"

#define MiB (G_GUINT64_CONSTANT (1024) * 1024)

/* The stand-in session manager ---------------------------------------------
 *
 * It serves org.gnome.SessionManager on a connection of its own, in a
 * thread of its own: GtkApplication calls Inhibit synchronously from the
 * main thread. meson runs this test alone (is_parallel: false), so no other
 * test's application finds it on the shared private bus. */

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.gnome.SessionManager'>"
  "    <method name='Inhibit'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='u' name='toplevel_xid' direction='in'/>"
  "      <arg type='s' name='reason' direction='in'/>"
  "      <arg type='u' name='flags' direction='in'/>"
  "      <arg type='u' name='inhibit_cookie' direction='out'/>"
  "    </method>"
  "    <method name='Uninhibit'>"
  "      <arg type='u' name='inhibit_cookie' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct
{
  GMutex      mutex;
  GCond       cond;
  gboolean    owned;
  GHashTable *inhibitions;  /* cookie → flags */
  guint       next_cookie;
  guint       n_inhibit_calls;
} FakeSession;

static FakeSession fake;
static gboolean have_session;

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  guint flags, cookie;

  g_mutex_lock (&fake.mutex);
  if (g_str_equal (method_name, "Inhibit"))
    {
      g_variant_get (parameters, "(&su&su)", NULL, NULL, NULL, &flags);
      cookie = ++fake.next_cookie;
      fake.n_inhibit_calls++;
      g_hash_table_insert (fake.inhibitions, GUINT_TO_POINTER (cookie), GUINT_TO_POINTER (flags));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", cookie));
    }
  else
    {
      g_variant_get (parameters, "(u)", &cookie);
      g_hash_table_remove (fake.inhibitions, GUINT_TO_POINTER (cookie));
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  g_mutex_unlock (&fake.mutex);
}

static const GDBusInterfaceVTable vtable = { method_call_cb, NULL, NULL, { NULL } };

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  g_mutex_lock (&fake.mutex);
  fake.owned = TRUE;
  g_cond_signal (&fake.cond);
  g_mutex_unlock (&fake.mutex);
}

static gpointer
fake_session_thread (gpointer data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (introspection_xml, &error);
  g_autofree char *address = NULL;
  GDBusConnection *connection;

  g_assert_no_error (error);
  g_main_context_push_thread_default (context);

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (connection, "/org/gnome/SessionManager", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (connection, "org.gnome.SessionManager", G_BUS_NAME_OWNER_FLAGS_NONE,
                                name_acquired_cb, NULL, NULL, NULL);

  /* Lives as long as the test program. */
  while (TRUE)
    g_main_context_iteration (context, TRUE);

  return NULL;
}

/* Before the application starts up: GtkApplication looks for a session
 * manager then. */
static gboolean
fake_session_start (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gboolean owned;

  fake.inhibitions = g_hash_table_new (NULL, NULL);
  g_thread_unref (g_thread_new ("fake-session", fake_session_thread, NULL));

  g_mutex_lock (&fake.mutex);
  while (!fake.owned && g_cond_wait_until (&fake.cond, &fake.mutex, deadline))
    ;
  owned = fake.owned;
  g_mutex_unlock (&fake.mutex);

  return owned;
}

/* The flags of every inhibition in force, ORed. */
static guint
inhibited_flags (void)
{
  GHashTableIter iter;
  gpointer value;
  guint flags = 0;

  g_mutex_lock (&fake.mutex);
  g_hash_table_iter_init (&iter, fake.inhibitions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    flags |= GPOINTER_TO_UINT (value);
  g_mutex_unlock (&fake.mutex);

  return flags;
}

static guint
n_inhibit_calls (void)
{
  guint n;

  g_mutex_lock (&fake.mutex);
  n = fake.n_inhibit_calls;
  g_mutex_unlock (&fake.mutex);

  return n;
}

/* Tests --------------------------------------------------------------------- */

static gboolean
suspend_inhibited (gpointer data)
{
  return (inhibited_flags () & GTK_APPLICATION_INHIBIT_SUSPEND) != 0;
}

static gboolean
nothing_inhibited (gpointer data)
{
  return inhibited_flags () == 0;
}

static gboolean
is_uploading (gpointer data)
{
  return vodup_upload_get_state (data) == VODUP_UPLOAD_STATE_UPLOADING;
}

static VodupUpload *
start_upload (const char   *name,
              guint32       seed,
              VodupWindow **window_out)
{
  VodupWindow *window = vodup_test_app_new_window ();
  g_autoptr(GFile) file = vodup_test_app_make_file (name, 8 * MiB, seed);
  GList list = { file, NULL, NULL };

  /* Slow enough to look at while it runs. */
  vodup_test_app_set_faults ("{\"delay_ms\": 300}");
  _vodup_window_add_files (window, &list);
  vodup_test_app_wait_added (window);
  if (window_out != NULL)
    *window_out = window;

  return vodup_test_app_upload_at (window, 0);
}

/* Asked once for the whole upload, however often the window refreshes, and
 * released when it is done. */
static void
test_inhibit_while_uploading (void)
{
  VodupUpload *upload;

  if (!have_session)
    {
      g_test_skip ("Needs the private session bus of build-aux/run-headless.sh");
      return;
    }

  upload = start_upload ("awake.mp4", 41, NULL);

  vodup_test_app_spin_until (suspend_inhibited, NULL, 10, "the session to be asked not to suspend");
  g_assert_cmpuint (n_inhibit_calls (), ==, 1);

  vodup_test_wait_finished (upload, 60);
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_DONE);
  vodup_test_app_spin_until (nothing_inhibited, NULL, 10, "the inhibition to be released");
  g_assert_cmpuint (n_inhibit_calls (), ==, 1);
}

/* Preferences › Transfers › Keep the Computer Awake: off asks nothing; on
 * again while an upload runs asks at once. */
static void
test_inhibit_preference (void)
{
  GSettings *settings = vodup_application_get_settings (vodup_test_app_application ());
  guint before = n_inhibit_calls ();
  VodupWindow *window;
  VodupUpload *upload;

  if (!have_session)
    {
      g_test_skip ("Needs the private session bus of build-aux/run-headless.sh");
      return;
    }

  g_settings_set_boolean (settings, "inhibit-suspend", FALSE);
  upload = start_upload ("asleep.mp4", 42, &window);
  vodup_test_app_spin_until (is_uploading, upload, 30, "the upload to send bytes");
  /* The window has seen it running (its refresh decides about inhibiting). */
  vodup_test_app_wait_frames (GTK_WIDGET (window), 2);
  g_assert_cmpstr (adw_window_title_get_subtitle (window->window_title), ==, "1 uploading");
  g_assert_cmpuint (inhibited_flags (), ==, 0);
  g_assert_cmpuint (n_inhibit_calls (), ==, before);

  g_settings_set_boolean (settings, "inhibit-suspend", TRUE);
  vodup_test_app_spin_until (suspend_inhibited, NULL, 10, "the session to be asked not to suspend");

  g_settings_set_boolean (settings, "inhibit-suspend", FALSE);
  vodup_test_app_spin_until (nothing_inhibited, NULL, 10, "the inhibition to be released");

  g_settings_reset (settings, "inhibit-suspend");
  vodup_test_wait_finished (upload, 60);
}

int
main (int   argc,
      char *argv[])
{
  /* Never on a real desktop session: its session manager owns the name. */
  have_session = g_getenv ("VODUP_HEADLESS") != NULL && fake_session_start ();

  vodup_test_app_init (&argc, &argv);

  g_test_add_func ("/app/inhibit/while-uploading", test_inhibit_while_uploading);
  g_test_add_func ("/app/inhibit/preference", test_inhibit_preference);

  return vodup_test_app_run ();
}
