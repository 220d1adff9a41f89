/* test-network.c: uploads wait for the network instead of failing
 *
 * The test's own GNetworkMonitor (below) plays the system's: the test
 * switches it off and on while the simulator drops every connection.
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vodup-network-notice.h"
#include "vodup-test-util.h"

#define MiB (G_GUINT64_CONSTANT (1024) * 1024)

/* Longer than every retry budget: 5 part attempts back off 0.5 + 1 + 2 + 4 s
 * plus up to half as much jitter (≤ 11.25 s); 4 API attempts ≤ 5.25 s. */
#define PART_BUDGET_SECONDS 12
#define API_BUDGET_SECONDS  6

/* A GNetworkMonitor the test switches ------------------------------------- */

#define TEST_TYPE_MONITOR (test_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestMonitor, test_monitor, TEST, MONITOR, GObject)

struct _TestMonitor
{
  GObject  parent_instance;
  int      available;   /* atomic: worker threads may ask */
};

enum {
  PROP_0,
  PROP_NETWORK_AVAILABLE,
  PROP_NETWORK_METERED,
  PROP_CONNECTIVITY,
};

static void test_monitor_iface_init (GNetworkMonitorInterface *iface);
static void test_monitor_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestMonitor, test_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      test_monitor_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR,
                                                      test_monitor_iface_init))

static void
test_monitor_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TestMonitor *self = TEST_MONITOR (object);
  gboolean available = g_atomic_int_get (&self->available);

  switch (prop_id)
    {
    case PROP_NETWORK_AVAILABLE:
      g_value_set_boolean (value, available);
      break;
    case PROP_NETWORK_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case PROP_CONNECTIVITY:
      g_value_set_enum (value, available ? G_NETWORK_CONNECTIVITY_FULL
                                         : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_monitor_class_init (TestMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_monitor_get_property;
  g_object_class_override_property (object_class, PROP_NETWORK_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, PROP_NETWORK_METERED, "network-metered");
  g_object_class_override_property (object_class, PROP_CONNECTIVITY, "connectivity");
}

static void
test_monitor_init (TestMonitor *self)
{
  self->available = TRUE;
}

static gboolean
test_monitor_can_reach (GNetworkMonitor     *monitor,
                        GSocketConnectable  *connectable,
                        GCancellable        *cancellable,
                        GError             **error)
{
  if (g_atomic_int_get (&TEST_MONITOR (monitor)->available))
    return TRUE;

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, "Network unreachable");
  return FALSE;
}

static void
test_monitor_iface_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = test_monitor_can_reach;
}

static gboolean
test_monitor_initable_init (GInitable     *initable,
                            GCancellable  *cancellable,
                            GError       **error)
{
  return TRUE;
}

static void
test_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = test_monitor_initable_init;
}

/* Main thread: as a real monitor, it tells on the main context. */
static void
set_network (gboolean available)
{
  TestMonitor *monitor = TEST_MONITOR (g_network_monitor_get_default ());

  g_atomic_int_set (&monitor->available, available);
  g_object_notify (G_OBJECT (monitor), "network-available");
  g_signal_emit_by_name (monitor, "network-changed", available);
}

/* Helpers ------------------------------------------------------------------ */

/* The network gone (the monitor says so first, then the simulator drops
 * every connection), or back (the simulator first). */
static void
set_offline (VodupSim *sim,
             gboolean  offline)
{
  g_autoptr(JsonObject) faults = json_object_new ();

  if (offline)
    set_network (FALSE);
  json_object_set_boolean_member (faults, "offline", offline);
  vodup_sim_set_faults (sim, faults);
  if (!offline)
    set_network (TRUE);
}

static void
spin_for (guint seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (10 * 1000), TRUE);
}

static void
assert_waiting (VodupUpload *upload)
{
  g_assert_null (vodup_upload_get_error (upload));
  g_assert_false (vodup_upload_is_finished (upload));
  g_assert_true (vodup_upload_is_running (upload));
  g_assert_true (vodup_network_gate_get_waiting (vodup_network_gate_get_default ()));
  g_assert_cmpstr (vodup_upload_get_notice (upload), ==, _("Waiting for the network…"));
}

static void
assert_committed (VodupTestEnv *env,
                  VodupUpload  *upload,
                  GFile        *file,
                  guint64       size)
{
  g_autofree char *local_crc = vodup_test_file_crc64 (file);
  g_autoptr(JsonObject) state = NULL;
  JsonObject *commit, *media;

  vodup_test_wait_finished (upload, 60);
  g_assert_no_error ((GError *) vodup_upload_get_error (upload));
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_DONE);
  g_assert_null (vodup_upload_get_notice (upload));
  g_assert_false (vodup_network_gate_get_waiting (vodup_network_gate_get_default ()));

  state = vodup_sim_dup_state (env->sim);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state, "commits")), ==, 1);
  commit = json_array_get_object_element (json_object_get_array_member (state, "commits"), 0);
  media = json_object_get_object_member (commit, "media");
  g_assert_cmpint (json_object_get_int_member (media, "size"), ==, (gint64) size);
  g_assert_cmpstr (json_object_get_string_member (media, "crc64"), ==, local_crc);
  g_assert_cmpstr (vodup_upload_get_crc64 (upload), ==, local_crc);
}

static VodupUpload *
start_upload (VodupTestEnv *env,
              GFile        *file)
{
  VodupUpload *upload = vodup_upload_new (file, NULL);

  vodup_upload_set_part_size (upload, 1 * MiB);
  vodup_upload_set_parts_in_flight (upload, 2);
  /* Until vodup-upload.c attaches it to every upload itself. */
  _vodup_network_notice_attach (upload);
  vodup_upload_start (upload, env->vod, env->cos);

  return upload;
}

/* Tests -------------------------------------------------------------------- */

/* Parts fail while the network is gone: they wait for it, however long,
 * and finish once it is back. */
static void
test_parts_wait (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(GFile) file = vodup_test_make_file (env, "parts.mp4", 24 * MiB, 4);
  g_autoptr(VodupUpload) upload = NULL;
  g_autoptr(JsonObject) faults = json_object_new ();
  gint64 dropped, parts_before;

  /* Slow enough that the upload is surely still sending when we cut. */
  json_object_set_int_member (faults, "delay_ms", 150);
  vodup_sim_set_faults (env->sim, faults);

  upload = start_upload (env, file);
  vodup_test_wait_counter (env->sim, "UploadPart", 3, 60);

  set_offline (env->sim, TRUE);
  spin_for (PART_BUDGET_SECONDS);

  assert_waiting (upload);
  dropped = vodup_sim_get_counter (env->sim, "dropped_connections");
  g_test_message ("dropped while offline: %" G_GINT64_FORMAT, dropped);
  g_assert_cmpint (dropped, >=, 1);
  /* Waiting, not retrying: about one failure per part in flight (libsoup
   * may resend a PUT once on a reused connection). */
  g_assert_cmpint (dropped, <=, 2 * 2);
  parts_before = vodup_sim_get_counter (env->sim, "UploadPart");

  set_offline (env->sim, FALSE);
  assert_committed (env, upload, file, 24 * MiB);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "UploadPart"), >, parts_before);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "AbortMultipartUpload"), ==, 0);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "ApplyUpload"), ==, 1);
}

/* ApplyUpload while offline waits too, through the async API client. */
static void
test_api_call_waits (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(GFile) file = vodup_test_make_file (env, "api.mp4", 3 * MiB, 5);
  g_autoptr(VodupUpload) upload = NULL;

  set_offline (env->sim, TRUE);
  upload = start_upload (env, file);
  spin_for (API_BUDGET_SECONDS);

  assert_waiting (upload);
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_APPLYING);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "dropped_connections"), <=, 2);

  set_offline (env->sim, FALSE);
  assert_committed (env, upload, file, 3 * MiB);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "ApplyUpload"), ==, 1);
}

/* Pausing ends the wait at once and takes the notice away. */
static void
test_pause_while_waiting (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(GFile) file = vodup_test_make_file (env, "pause.mp4", 3 * MiB, 6);
  g_autoptr(VodupUpload) upload = NULL;

  set_offline (env->sim, TRUE);
  upload = start_upload (env, file);
  spin_for (1);
  assert_waiting (upload);

  vodup_upload_pause (upload);
  vodup_test_wait_state (upload, VODUP_UPLOAD_STATE_PAUSED, 10);
  spin_for (1);
  g_assert_null (vodup_upload_get_notice (upload));
  g_assert_false (vodup_network_gate_get_waiting (vodup_network_gate_get_default ()));

  set_offline (env->sim, FALSE);
  vodup_upload_resume (upload);
  vodup_upload_start (upload, env->vod, env->cos);   /* the queue's job */
  assert_committed (env, upload, file, 3 * MiB);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* Ours, before GIO picks one. The extension point must exist first. */
  g_io_extension_point_register (G_NETWORK_MONITOR_EXTENSION_POINT_NAME);
  g_io_extension_point_implement (G_NETWORK_MONITOR_EXTENSION_POINT_NAME,
                                  TEST_TYPE_MONITOR, "vodup-test", 1000);
  g_setenv ("GIO_USE_NETWORK_MONITOR", "vodup-test", TRUE);
  g_assert_true (TEST_IS_MONITOR (g_network_monitor_get_default ()));

  g_test_add_func ("/engine/network/parts-wait", test_parts_wait);
  g_test_add_func ("/engine/network/api-call-waits", test_api_call_waits);
  g_test_add_func ("/engine/network/pause-while-waiting", test_pause_while_waiting);

  return g_test_run ();
}
