/* test-app-util.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "test-app-util.h"

static VodupSim         *sim;
static VodupApplication *application;
static VodupWindow      *window;
static char             *test_dir;
static GLogFunc          test_log_handler;

static gboolean
credentials_settled (gpointer data)
{
  return !vodup_application_get_looking_up (application);
}

/* Windows fight for the focus without a window manager, so the app may send
 * a desktop notification, and the test bus has no notification server: GIO
 * warns, and warnings are fatal in tests (and GTest's handler would say
 * "Bail out!"). Not that one. */
static gboolean
is_notification_warning (const char *log_domain,
                         const char *message)
{
  return g_strcmp0 (log_domain, "GLib-GIO") == 0 &&
         message != NULL && strstr (message, "unable to send notifications") != NULL;
}

static gboolean
fatal_log_cb (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        data)
{
  return !is_notification_warning (log_domain, message);
}

static void
gio_log_cb (const char     *log_domain,
            GLogLevelFlags  log_level,
            const char     *message,
            gpointer        data)
{
  if (is_notification_warning (log_domain, message))
    g_test_message ("Ignored: %s", message);
  else
    test_log_handler (log_domain, log_level, message, NULL);
}

void
vodup_test_app_init (int    *argc,
                     char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state_dir = NULL;

  test_dir = g_dir_make_tmp ("vodup-app-test-XXXXXX", &error);
  g_assert_no_error (error);

  /* The upload journal the app restores at start-up, and writes to: this
   * test's own, never the user's nor another test's. Set before GLib
   * reads (and caches) it. */
  state_dir = g_build_filename (test_dir, "state", NULL);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);

  gtk_test_init (argc, argv, NULL);
  adw_init ();

  /* GTest's own handler for everything else from GIO. */
  test_log_handler = g_log_set_default_handler (g_log_default_handler, NULL);
  g_log_set_default_handler (test_log_handler, NULL);
  g_log_set_handler ("GLib-GIO", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
                     gio_log_cb, NULL);

  sim = vodup_sim_new (TRUE, NULL);
  vodup_sim_start (sim, 0, &error);
  g_assert_no_error (error);

  /* What the app reads at start-up: the simulator's keys and address. */
  g_setenv ("TENCENTCLOUD_SECRET_ID", VODUP_SIM_SECRET_ID, TRUE);
  g_setenv ("TENCENTCLOUD_SECRET_KEY", VODUP_SIM_SECRET_KEY, TRUE);
  g_setenv ("VODUP_API_ENDPOINT", vodup_sim_get_uri (sim), TRUE);
  g_setenv ("VODUP_COS_ENDPOINT", vodup_sim_get_uri (sim), TRUE);

  /* Not unique: tests run side by side on one session bus. */
  application = g_object_new (VODUP_TYPE_APPLICATION,
                              "application-id", APP_ID,
                              "resource-base-path", "/io/github/vodup/Vodup",
                              "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN,
                              NULL);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);

  vodup_test_app_spin_until (credentials_settled, NULL, 10, "the credentials lookup");
  g_assert_null (vodup_application_get_credentials_problem (application));
  g_assert_nonnull (vodup_application_get_vod_client (application));
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL && g_file_enumerator_iterate (children, &info, NULL, NULL, NULL) && info)
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

      remove_tree (child);
    }

  g_file_delete (file, NULL, NULL);
}

int
vodup_test_app_run (void)
{
  g_autoptr(GFile) dir = NULL;
  int result = g_test_run ();

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  vodup_upload_queue_cancel_all (vodup_application_get_queue (application));
  g_clear_object (&application);

  vodup_sim_stop (sim);
  g_clear_object (&sim);

  dir = g_file_new_for_path (test_dir);
  remove_tree (dir);
  g_free (test_dir);

  return result;
}

VodupSim *
vodup_test_app_sim (void)
{
  return sim;
}

VodupApplication *
vodup_test_app_application (void)
{
  return application;
}

static gboolean
queue_stopped (gpointer data)
{
  GListModel *model = data;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VodupUpload) upload = g_list_model_get_item (model, i);

      if (vodup_upload_is_running (upload))
        return FALSE;
    }

  return TRUE;
}

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

VodupWindow *
vodup_test_app_new_window (void)
{
  VodupUploadQueue *queue = vodup_application_get_queue (application);
  GListModel *model = G_LIST_MODEL (queue);

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (window);

  /* g_test_run() resets the fatal handler for every test. */
  g_test_log_set_fatal_handler (fatal_log_cb, NULL);

  vodup_upload_queue_cancel_all (queue);
  vodup_test_app_spin_until (queue_stopped, model, 30, "the queue to stop");
  while (g_list_model_get_n_items (model) > 0)
    {
      g_autoptr(VodupUpload) upload = g_list_model_get_item (model, 0);

      vodup_upload_queue_remove (queue, upload);
    }
  vodup_sim_reset (sim);

  window = vodup_window_new (application);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));

  vodup_test_app_spin_until (window_mapped, window, 10, "the window to map");
  vodup_test_app_wait_frames (GTK_WIDGET (window), 2);

  return window;
}

GFile *
vodup_test_app_make_file (const char *name,
                          guint64     size,
                          guint32     seed)
{
  g_autofree char *path = g_build_filename (test_dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autofree guint32 *block = g_new (guint32, 64 * 1024);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  FILE *stream;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  stream = g_fopen (path, "wb");
  g_assert_nonnull (stream);

  while (size > 0)
    {
      gsize chunk = MIN (size, 64 * 1024 * sizeof (guint32));

      for (guint i = 0; i < (chunk + 3) / 4; i++)
        block[i] = g_rand_int (rand);
      g_assert_cmpuint (fwrite (block, 1, chunk, stream), ==, chunk);
      size -= chunk;
    }

  g_assert_cmpint (fclose (stream), ==, 0);

  return g_file_new_for_path (path);
}

GFile *
vodup_test_app_make_dir (const char *name)
{
  g_autofree char *path = g_build_filename (test_dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);

  return g_file_new_for_path (path);
}

void
vodup_test_app_set_faults (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  vodup_sim_set_faults (sim, json_node_get_object (node));
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;

  return G_SOURCE_REMOVE;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
vodup_test_app_spin_until (gboolean   (*check) (gpointer data),
                           gpointer     data,
                           guint        timeout_seconds,
                           const char  *what)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (timeout_seconds, timed_out_cb, &timed_out);
  /* Checks that look at other threads (the simulator) need a wake-up. */
  guint wake = g_timeout_add (20, wake_cb, NULL);

  while (!check (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake);
  if (timed_out)
    g_error ("Waited %u s for %s", timeout_seconds, what);
  g_source_remove (timeout);
}

void
vodup_test_app_spin_ms (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, timed_out_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  guint *left = data;

  if (*left > 0)
    (*left)--;

  return *left > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
no_frames_left (gpointer data)
{
  return *(guint *) data == 0;
}

void
vodup_test_app_wait_frames (GtkWidget *widget,
                            guint      n)
{
  guint left = n;

  gtk_widget_add_tick_callback (widget, count_frame_cb, &left, NULL);
  gtk_widget_queue_draw (widget);
  vodup_test_app_spin_until (no_frames_left, &left, 10, "frames");
}

static gboolean
nothing_adding (gpointer data)
{
  return _vodup_window_get_n_adding (data) == 0;
}

void
vodup_test_app_wait_added (VodupWindow *self)
{
  vodup_test_app_spin_until (nothing_adding, self, 10, "files to be added");
}

static VodupUploadRow *
find_row_in (GtkWidget   *widget,
             VodupUpload *upload)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      VodupUploadRow *row;

      if (VODUP_IS_UPLOAD_ROW (child) &&
          vodup_upload_row_get_upload (VODUP_UPLOAD_ROW (child)) == upload)
        return VODUP_UPLOAD_ROW (child);

      if ((row = find_row_in (child, upload)) != NULL)
        return row;
    }

  return NULL;
}

typedef struct
{
  VodupWindow    *window;
  VodupUpload    *upload;
  VodupUploadRow *row;
} FindRow;

static gboolean
row_found (gpointer data)
{
  FindRow *find = data;

  find->row = find_row_in (GTK_WIDGET (find->window), find->upload);

  return find->row != NULL;
}

VodupUploadRow *
vodup_test_app_find_row (VodupWindow *self,
                         VodupUpload *upload)
{
  FindRow find = { self, upload, NULL };

  vodup_test_app_spin_until (row_found, &find, 10, "the upload's row");

  return find.row;
}

VodupUpload *
vodup_test_app_upload_at (VodupWindow *self,
                          guint        position)
{
  GListModel *model = G_LIST_MODEL (vodup_window_get_queue (self));
  g_autoptr(VodupUpload) upload = g_list_model_get_item (model, position);

  g_assert_nonnull (upload);

  /* The queue keeps it alive. */
  return upload;
}

gpointer
vodup_test_app_row_child (VodupUploadRow *row,
                          const char     *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (row), VODUP_TYPE_UPLOAD_ROW, name);

  g_assert_nonnull (child);

  return child;
}
