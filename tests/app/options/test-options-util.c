/* test-options-util.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "test-options-util.h"

void
test_ui_init (int    *argc,
              char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  adw_init ();
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;

  return G_SOURCE_REMOVE;
}

void
test_ui_wait (TestCondition condition,
              gpointer      data,
              guint         timeout_seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_seconds, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("condition not met within %u s", timeout_seconds);
  g_source_remove (id);
}

typedef struct
{
  gpointer    object;
  const char *property;
  gboolean    value;
} PropertyWait;

static gboolean
property_is (gpointer data)
{
  PropertyWait *wait = data;
  gboolean value;

  g_object_get (wait->object, wait->property, &value, NULL);

  return !!value == !!wait->value;
}

void
test_ui_wait_property (gpointer    object,
                       const char *property,
                       gboolean    value,
                       guint       timeout_seconds)
{
  PropertyWait wait = { object, property, value };

  test_ui_wait (property_is, &wait, timeout_seconds);
}

void
test_ui_spin (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

GtkWidget *
test_ui_window_new (GtkWidget *child,
                    int        width,
                    int        height)
{
  GtkWidget *window = adw_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  adw_window_set_content (ADW_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  test_ui_wait (is_mapped, window, 10);

  return window;
}

static gboolean
count_frames_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  int *frames = user_data;

  return --(*frames) > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
frames_done (gpointer data)
{
  return *(int *) data <= 0;
}

void
test_ui_screenshot (GtkWidget  *window,
                    const char *name)
{
  const char *dir = g_getenv ("VODUP_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderer) renderer = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  int frames = 3, width, height;

  if (dir == NULL)
    return;

  /* Let entry-row title animations settle; a node is only there once
   * layout has run (ci-notes.md §4). */
  test_ui_spin (500);
  gtk_widget_add_tick_callback (window, count_frames_cb, &frames, NULL);
  test_ui_wait (frames_done, &frames, 10);

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

  g_mkdir_with_parents (dir, 0755);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

GtkWidget *
test_ui_find_row (GtkWidget  *root,
                  const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = test_ui_find_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

int
test_ui_find_choice (GListModel *model,
                     const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VodupChoice) choice = g_list_model_get_item (model, i);

      if (g_strcmp0 (vodup_choice_get_id (choice), id) == 0)
        return i;
    }

  return -1;
}

void
test_ui_reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}
