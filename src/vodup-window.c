/* vodup-window.c: the queue window
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Actions, closing and notifications live in vodup-window-actions.c,
 * drag and drop and adding files in vodup-window-dnd.c.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vodup-upload-row.h"
#include "vodup-window-private.h"

G_DEFINE_FINAL_TYPE (VodupWindow, vodup_window, ADW_TYPE_APPLICATION_WINDOW)

typedef struct
{
  guint   running;
  guint   queued;
  guint   paused;
  guint   failed;
  guint   done;
  guint   cancelled;
} Counts;

/* Settings ----------------------------------------------------------------- */

static void
restore_size (VodupWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_size (VodupWindow *self)
{
  int width, height;

  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));

  /* A maximized window's size says nothing about the size to come back to. */
  if (gtk_window_is_maximized (GTK_WINDOW (self)))
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
}

/* Upload options ----------------------------------------------------------- */

static void
vod_client_changed_cb (VodupWindow      *self,
                       GParamSpec       *pspec,
                       VodupApplication *application)
{
  vodup_options_panel_set_client (self->options_panel,
                                  vodup_application_get_vod_client (application));
}

static void
attach_options_panel (VodupWindow *self)
{
  self->options_panel = VODUP_OPTIONS_PANEL (vodup_options_panel_new ());
  adw_bin_set_child (self->options_bin, GTK_WIDGET (self->options_panel));

  g_signal_connect_object (self->application, "notify::vod-client",
                           G_CALLBACK (vod_client_changed_cb), self, G_CONNECT_SWAPPED);
  vod_client_changed_cb (self, NULL, self->application);
}

/* The options new uploads get: what the options pane shows now. */
VodupUploadOptions *
_vodup_window_dup_options (VodupWindow *self)
{
  g_assert (VODUP_IS_WINDOW (self));

  if (self->options_panel == NULL)
    return vodup_upload_options_new ();

  return vodup_options_panel_dup_options (self->options_panel);
}

void
_vodup_window_options_used (VodupWindow *self)
{
  g_assert (VODUP_IS_WINDOW (self));

  if (self->options_panel != NULL)
    vodup_options_panel_reset_next_file (self->options_panel);
}

/* Credentials and endpoint banners ----------------------------------------- */

static void
credentials_changed_cb (VodupWindow      *self,
                        GParamSpec       *pspec,
                        VodupApplication *application)
{
  const char *problem = vodup_application_get_credentials_problem (application);

  if (problem != NULL)
    gtk_label_set_label (self->credentials_label, problem);
  gtk_revealer_set_reveal_child (self->credentials_revealer, problem != NULL);
  gtk_revealer_set_reveal_child (self->simulator_revealer,
                                 vodup_application_get_local_endpoint (application));
}

/* Batch, summary, total progress ------------------------------------------- */

void
_vodup_window_batch_add (VodupWindow *self,
                         VodupUpload *upload,
                         guint64      size)
{
  guint64 *known;

  g_assert (VODUP_IS_WINDOW (self));
  g_assert (VODUP_IS_UPLOAD (upload));

  /* The size may be known before the upload reads it itself, or after. */
  known = g_hash_table_lookup (self->batch, upload);
  if (known != NULL)
    *known = MAX (*known, size);
  else
    g_hash_table_insert (self->batch, g_object_ref (upload), g_memdup2 (&size, sizeof size));

  _vodup_window_queue_update (self);
}

static double
batch_fraction (VodupWindow *self)
{
  GHashTableIter iter;
  gpointer key, value;
  guint64 sent = 0, total = 0;

  g_hash_table_iter_init (&iter, self->batch);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      VodupUpload *upload = key;
      guint64 size = MAX (*(guint64 *) value, vodup_upload_get_bytes_total (upload));

      total += size;
      /* Failed and cancelled files are over too, as far as the batch goes. */
      sent += vodup_upload_is_finished (upload) ? size : MIN (vodup_upload_get_bytes_sent (upload), size);
    }

  return total > 0 ? (double) sent / (double) total : 0.0;
}

static void
count_uploads (VodupWindow *self,
               Counts      *counts)
{
  GListModel *model = G_LIST_MODEL (self->queue);
  guint n = g_list_model_get_n_items (model);

  *counts = (Counts) { 0 };

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VodupUpload) upload = g_list_model_get_item (model, i);

      switch (vodup_upload_get_state (upload))
        {
        case VODUP_UPLOAD_STATE_QUEUED:
          counts->queued++;
          break;
        case VODUP_UPLOAD_STATE_PAUSED:
          counts->paused++;
          break;
        case VODUP_UPLOAD_STATE_FAILED:
          counts->failed++;
          break;
        case VODUP_UPLOAD_STATE_DONE:
          counts->done++;
          break;
        case VODUP_UPLOAD_STATE_CANCELLED:
          counts->cancelled++;
          break;
        case VODUP_UPLOAD_STATE_APPLYING:
        case VODUP_UPLOAD_STATE_UPLOADING:
        case VODUP_UPLOAD_STATE_VERIFYING:
        case VODUP_UPLOAD_STATE_COMMITTING:
        default:
          counts->running++;
          break;
        }
    }
}

static void
append_part (GString *summary,
             guint    n,
             char    *part)
{
  g_autofree char *owned_part = part;

  if (n == 0)
    return;

  if (summary->len > 0)
    /* Translators: between the parts of "2 uploading, 3 queued". */
    g_string_append (summary, _(", "));
  g_string_append (summary, part);
}

/* "2 uploading, 3 queued" */
static char *
format_summary (const Counts *counts)
{
  GString *summary = g_string_new (NULL);

  append_part (summary, counts->running,
               g_strdup_printf (ngettext ("%u uploading", "%u uploading", counts->running),
                                counts->running));
  append_part (summary, counts->queued,
               g_strdup_printf (ngettext ("%u queued", "%u queued", counts->queued),
                                counts->queued));
  append_part (summary, counts->paused,
               g_strdup_printf (ngettext ("%u paused", "%u paused", counts->paused),
                                counts->paused));
  append_part (summary, counts->failed,
               g_strdup_printf (ngettext ("%u failed", "%u failed", counts->failed),
                                counts->failed));
  append_part (summary, counts->done,
               g_strdup_printf (ngettext ("%u done", "%u done", counts->done),
                                counts->done));

  return g_string_free (summary, FALSE);
}

/* Suspend would cut uploads off (they resume, but later): the session
 * is asked not to, while anything runs and the preference allows. */
static void
update_inhibit (VodupWindow *self,
                gboolean     busy)
{
  GtkApplication *application = GTK_APPLICATION (self->application);
  gboolean wanted = busy && g_settings_get_boolean (self->settings, "inhibit-suspend");

  if (wanted && !self->inhibit_asked)
    {
      self->inhibit_asked = TRUE;
      self->inhibit_cookie = gtk_application_inhibit (application, GTK_WINDOW (self),
                                                      GTK_APPLICATION_INHIBIT_SUSPEND |
                                                      GTK_APPLICATION_INHIBIT_LOGOUT,
                                                      _("Uploading videos"));
    }
  else if (!wanted)
    {
      self->inhibit_asked = FALSE;
      if (self->inhibit_cookie != 0)
        gtk_application_uninhibit (application, self->inhibit_cookie);
      self->inhibit_cookie = 0;
    }
}

static void
update_total_progress (VodupWindow *self,
                       gboolean     busy)
{
  /* A single file shows its own progress; the bar is for batches. */
  gboolean show = busy && g_hash_table_size (self->batch) > 1;

  if (show)
    gtk_progress_bar_set_fraction (self->total_progress, batch_fraction (self));
  gtk_widget_set_visible (GTK_WIDGET (self->total_progress), show);
}

static gboolean
update_cb (gpointer user_data)
{
  VodupWindow *self = user_data;
  g_autofree char *summary = NULL;
  gboolean busy;
  Counts counts;

  self->update_source = 0;

  count_uploads (self, &counts);
  busy = counts.running > 0 || counts.queued > 0;

  summary = format_summary (&counts);
  adw_window_title_set_subtitle (self->window_title, summary);
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->queue)) > 0
                                    ? "queue" : "empty");

  _vodup_window_update_actions (self, counts.running + counts.queued, counts.paused,
                                counts.done + counts.cancelled);
  update_total_progress (self, busy);
  update_inhibit (self, busy);

  return G_SOURCE_REMOVE;
}

/* Uploads notify up to four times a second each: one refresh per burst. */
void
_vodup_window_queue_update (VodupWindow *self)
{
  g_assert (VODUP_IS_WINDOW (self));

  if (self->update_source == 0)
    self->update_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_cb, self, NULL);
}

static void
upload_state_cb (VodupWindow *self,
                 GParamSpec  *pspec,
                 VodupUpload *upload)
{
  /* A retried or resumed upload joins the batch under way. */
  if (!vodup_upload_is_finished (upload) && vodup_upload_get_state (upload) != VODUP_UPLOAD_STATE_PAUSED)
    _vodup_window_batch_add (self, upload, vodup_upload_get_bytes_total (upload));
  else
    _vodup_window_queue_update (self);
}

static void
watch_upload (VodupWindow *self,
              VodupUpload *upload)
{
  /* A splice may put back uploads that were in the list already. */
  if (!g_hash_table_add (self->watched, g_object_ref (upload)))
    return;

  g_signal_connect_object (upload, "notify::state", G_CALLBACK (upload_state_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (upload, "notify::bytes-sent", G_CALLBACK (_vodup_window_queue_update),
                           self, G_CONNECT_SWAPPED);
}

/* The queue's uploads as a set: one pass, not one per upload. */
static GHashTable *
queue_set (VodupWindow *self)
{
  GListModel *model = G_LIST_MODEL (self->queue);
  guint n = g_list_model_get_n_items (model);
  GHashTable *set = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VodupUpload) upload = g_list_model_get_item (model, i);

      g_hash_table_add (set, upload);
    }

  return set;
}

/* Uploads that left the list are not followed and leave the batch. */
static void
forget_removed (VodupWindow *self)
{
  g_autoptr(GHashTable) present = queue_set (self);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->batch);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (present, key))
      g_hash_table_iter_remove (&iter);

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (present, key))
      {
        g_signal_handlers_disconnect_by_data (key, self);
        g_hash_table_iter_remove (&iter);
      }
}

static void
items_changed_cb (VodupWindow *self,
                  guint        position,
                  guint        removed,
                  guint        added,
                  GListModel  *model)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(VodupUpload) upload = g_list_model_get_item (model, i);

      watch_upload (self, upload);
    }

  if (removed > 0)
    forget_removed (self);

  _vodup_window_queue_update (self);
}

/* Queue signals ------------------------------------------------------------ */

static void
upload_finished_cb (VodupWindow      *self,
                    VodupUpload      *upload,
                    VodupUploadQueue *queue)
{
  _vodup_window_upload_finished (self, upload);
  _vodup_window_queue_update (self);
}

static void
queue_idle_cb (VodupWindow      *self,
               VodupUploadQueue *queue)
{
  _vodup_window_batch_idle (self);
  _vodup_window_queue_update (self);
}

/* Toasts ------------------------------------------------------------------- */

void
vodup_window_add_toast (VodupWindow *self,
                        AdwToast    *toast)
{
  g_return_if_fail (VODUP_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  g_set_object (&self->last_toast, toast);
  self->n_toasts++;
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

AdwToast *
_vodup_window_get_last_toast (VodupWindow *self)
{
  g_return_val_if_fail (VODUP_IS_WINDOW (self), NULL);

  return self->last_toast;
}

guint
_vodup_window_get_n_toasts (VodupWindow *self)
{
  g_return_val_if_fail (VODUP_IS_WINDOW (self), 0);

  return self->n_toasts;
}

/* GObject ------------------------------------------------------------------ */

static void
disconnect_uploads (VodupWindow *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_signal_handlers_disconnect_by_data (key, self);

  g_hash_table_iter_init (&iter, self->batch);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_signal_handlers_disconnect_by_data (key, self);
}

static gboolean
vodup_window_close_request (GtkWindow *window)
{
  VodupWindow *self = VODUP_WINDOW (window);

  if (_vodup_window_confirm_close (self))
    return TRUE;

  save_size (self);

  return GTK_WINDOW_CLASS (vodup_window_parent_class)->close_request (window);
}

/* After construction: GtkWindow:application is not a construct property. */
static void
vodup_window_setup (VodupWindow *self)
{
  GListModel *model;

  self->application = VODUP_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_assert (VODUP_IS_APPLICATION (self->application));

  self->settings = g_object_ref (vodup_application_get_settings (self->application));
  g_signal_connect_object (self->settings, "changed::inhibit-suspend",
                           G_CALLBACK (_vodup_window_queue_update), self, G_CONNECT_SWAPPED);
  self->queue = g_object_ref (vodup_application_get_queue (self->application));
  model = G_LIST_MODEL (self->queue);

  restore_size (self);
  attach_options_panel (self);

  /* gtk_no_selection_new() takes the reference it is given. */
  gtk_list_view_set_model (self->queue_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (model))));

  g_signal_connect_object (self->queue, "items-changed", G_CALLBACK (items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->queue, "upload-finished", G_CALLBACK (upload_finished_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->queue, "idle", G_CALLBACK (queue_idle_cb),
                           self, G_CONNECT_SWAPPED);
  items_changed_cb (self, 0, 0, g_list_model_get_n_items (model), model);

  g_signal_connect_object (self->application, "notify::credentials-problem",
                           G_CALLBACK (credentials_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->application, "notify::local-endpoint",
                           G_CALLBACK (credentials_changed_cb), self, G_CONNECT_SWAPPED);
  credentials_changed_cb (self, NULL, self->application);

  /* Nothing may wait for a refresh that idle would bring too late. */
  g_clear_handle_id (&self->update_source, g_source_remove);
  update_cb (self);
}

static void
vodup_window_dispose (GObject *object)
{
  VodupWindow *self = VODUP_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->update_source, g_source_remove);

  if (self->queue != NULL)
    {
      disconnect_uploads (self);
      g_signal_handlers_disconnect_by_data (self->queue, self);
      g_signal_handlers_disconnect_by_data (self->application, self);
    }

  if (self->inhibit_cookie != 0)
    {
      gtk_application_uninhibit (GTK_APPLICATION (self->application), self->inhibit_cookie);
      self->inhibit_cookie = 0;
    }

  /* The list's rows unbind from the uploads with it. */
  self->options_panel = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), VODUP_TYPE_WINDOW);

  g_clear_pointer (&self->batch, g_hash_table_unref);
  g_clear_pointer (&self->watched, g_hash_table_unref);
  g_clear_object (&self->last_toast);
  g_clear_object (&self->queue);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vodup_window_parent_class)->dispose (object);
}

static void
vodup_window_finalize (GObject *object)
{
  VodupWindow *self = VODUP_WINDOW (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vodup_window_parent_class)->finalize (object);
}

static void
vodup_window_class_init (VodupWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vodup_window_dispose;
  object_class->finalize = vodup_window_finalize;

  window_class->close_request = vodup_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vodup/Vodup/vodup-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VodupWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VodupWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, VodupWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VodupWindow, queue_view);
  gtk_widget_class_bind_template_child (widget_class, VodupWindow, total_progress);
  gtk_widget_class_bind_template_child (widget_class, VodupWindow, credentials_revealer);
  gtk_widget_class_bind_template_child (widget_class, VodupWindow, credentials_label);
  gtk_widget_class_bind_template_child (widget_class, VodupWindow, simulator_revealer);
  gtk_widget_class_bind_template_child (widget_class, VodupWindow, options_button);
  gtk_widget_class_bind_template_child (widget_class, VodupWindow, options_bin);
  gtk_widget_class_bind_template_child (widget_class, VodupWindow, pause_all_button);
  gtk_widget_class_bind_template_child (widget_class, VodupWindow, resume_all_button);

  _vodup_window_class_actions_init (klass);

  g_type_ensure (VODUP_TYPE_UPLOAD_ROW);
}

static void
vodup_window_init (VodupWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->batch = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  self->watched = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  _vodup_window_dnd_init (self);
  _vodup_window_actions_init (self);
}

VodupWindow *
vodup_window_new (VodupApplication *application)
{
  VodupWindow *self;

  g_return_val_if_fail (VODUP_IS_APPLICATION (application), NULL);

  self = g_object_new (VODUP_TYPE_WINDOW, "application", application, NULL);
  vodup_window_setup (self);

  return self;
}

VodupUploadQueue *
vodup_window_get_queue (VodupWindow *self)
{
  g_return_val_if_fail (VODUP_IS_WINDOW (self), NULL);

  return self->queue;
}
