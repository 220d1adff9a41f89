/* test-screenshot.c: PNGs of the window for people to look at
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * $VODUP_SCREENSHOT_DIR/$VODUP_SCREENSHOT_NAME-{empty,drop,queue,preferences}.png, rendered in
 * the process (ci-notes.md §4), in the language of $LANGUAGE.
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "test-app-util.h"
#include "vodup-preferences-page.h"
#include "vodup-test-util.h"

#define MiB (G_GUINT64_CONSTANT (1024) * 1024)

static char *
save_screenshot (GtkWidget  *window,
                 const char *what)
{
  const char *dir = g_getenv ("VODUP_SCREENSHOT_DIR");
  const char *name = g_getenv ("VODUP_SCREENSHOT_NAME");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = NULL;
  char *path;
  GtkSnapshot *snapshot;
  int width, height;

  if (dir == NULL || name == NULL)
    {
      g_test_skip ("VODUP_SCREENSHOT_DIR and VODUP_SCREENSHOT_NAME are not set");
      return NULL;
    }
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  /* The render node is NULL while a layout is pending. */
  vodup_test_app_wait_frames (window, 2);

  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gsk_cairo_renderer_new ();
  gsk_renderer_realize (renderer, NULL, &error);
  g_assert_no_error (error);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);

  basename = g_strdup_printf ("%s-%s.png", name, what);
  path = g_build_filename (dir, basename, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);

  return path;
}

static void
assert_png (const char *path)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;

  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), >=, 360);
  g_assert_cmpint (gdk_texture_get_height (texture), >=, 300);
}

static void
test_empty (void)
{
  VodupWindow *window = vodup_test_app_new_window ();
  g_autofree char *path = save_screenshot (GTK_WIDGET (window), "empty");

  assert_png (path);
}

/* What a drag over the window looks like. */
static void
test_drop (void)
{
  VodupWindow *window = vodup_test_app_new_window ();
  g_autofree char *path = NULL;

  gtk_widget_set_state_flags (GTK_WIDGET (window), GTK_STATE_FLAG_DROP_ACTIVE, FALSE);
  path = save_screenshot (GTK_WIDGET (window), "drop");
  gtk_widget_unset_state_flags (GTK_WIDGET (window), GTK_STATE_FLAG_DROP_ACTIVE);

  assert_png (path);
}

static VodupUpload *
add_file (VodupWindow *window,
          const char  *name,
          guint64      size,
          guint32      seed)
{
  g_autoptr(GFile) file = vodup_test_app_make_file (name, size, seed);
  GList list = { file, NULL, NULL };
  GListModel *model = G_LIST_MODEL (vodup_window_get_queue (window));

  _vodup_window_add_files (window, &list);
  vodup_test_app_wait_added (window);

  return vodup_test_app_upload_at (window, g_list_model_get_n_items (model) - 1);
}

static gboolean
sending (gpointer data)
{
  return vodup_upload_get_bytes_sent (data) > 0 && vodup_upload_get_speed (data) > 0 &&
         vodup_upload_get_time_left (data) >= 0;
}

/* One row in each state a person meets. */
static void
test_queue (void)
{
  GSettings *settings = vodup_application_get_settings (vodup_test_app_application ());
  VodupWindow *window = vodup_test_app_new_window ();
  g_autofree char *path = NULL;
  VodupUpload *upload;
  GtkLabel *status;

  g_settings_set_uint (settings, "files-in-flight", 1);

  upload = add_file (window, "Holiday in Chongqing.mp4", 3 * MiB, 1);
  vodup_test_wait_finished (upload, 60);

  vodup_test_app_set_faults ("{\"require_sub_app_id\": true}");
  upload = add_file (window, "Interview (raw take).mov", 2 * MiB, 2);
  vodup_test_wait_finished (upload, 60);
  vodup_test_app_set_faults ("{\"require_sub_app_id\": false, \"delay_ms\": 1500}");

  upload = add_file (window, "Keynote 2026 — full session.mp4", 48 * MiB, 3);
  vodup_test_app_spin_until (sending, upload, 60, "the keynote to be sent");
  vodup_upload_pause (upload);
  vodup_test_wait_state (upload, VODUP_UPLOAD_STATE_PAUSED, 60);

  upload = add_file (window, "Product launch 4K.mkv", 160 * MiB, 4);
  add_file (window, "Team offsite.webm", 12 * MiB, 5);
  vodup_test_app_spin_until (sending, upload, 60, "the launch video to be sent");

  path = save_screenshot (GTK_WIDGET (window), "queue");
  assert_png (path);

  /* At the default width the whole status of an upload under way shows,
   * in every language: it wraps rather than being cut off. */
  vodup_test_app_wait_frames (GTK_WIDGET (window), 2);
  status = vodup_test_app_row_child (vodup_test_app_find_row (window, upload), "status");
  g_assert_nonnull (strstr (gtk_label_get_label (status), "/s"));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (status)));

  g_settings_reset (settings, "files-in-flight");
}

/* The preferences page as the dialog shows it, all of it: its rows read
 * whole in every language. */
static void
test_preferences (void)
{
  GtkWidget *window = gtk_window_new ();
  g_autofree char *path = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 880);
  gtk_window_set_child (GTK_WINDOW (window), vodup_preferences_page_new ());
  gtk_window_present (GTK_WINDOW (window));

  path = save_screenshot (window, "preferences");
  assert_png (path);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("VODUP_TEST_LOCALEDIR");

  /* The app's own translations from the build tree, where they exist. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  vodup_test_app_init (&argc, &argv);

  g_test_add_func ("/app/screenshot/empty", test_empty);
  g_test_add_func ("/app/screenshot/drop", test_drop);
  g_test_add_func ("/app/screenshot/queue", test_queue);
  g_test_add_func ("/app/screenshot/preferences", test_preferences);

  return vodup_test_app_run ();
}
