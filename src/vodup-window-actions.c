/* vodup-window-actions.c: win.* actions, announcements and closing
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vodup-compat.h"
#include "vodup-window-private.h"

/* What the file chooser offers besides the video and audio MIME families: the types of
 * ApplyUpload's MediaType (tencent-vod-api.md §9.2), for systems without a
 * MIME database. The engine decides by the name's extension in the end, and
 * the window names what it refuses. */
static const char * const media_suffixes[] = {
  "mp4", "mov", "m4v", "mkv", "webm", "avi", "wmv", "flv", "f4v", "ts", "m3u8", "mpg", "mpeg",
  "mpe", "3gp", "asf", "rm", "rmvb", "vob", "mxf", "dat", "qt", "mp3", "m4a", "aac", "flac",
  "wav", "ogg",
  NULL
};

/* Adding files ------------------------------------------------------------- */

static void
files_chosen_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VodupWindow) self = user_data;
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GError) error = NULL;
  GList *list = NULL;

  files = vodup_compat_choose_files_finish (result, &error);
  if (files == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vodup_window_add_toast (self, adw_toast_new_format (_("Could not open the file chooser: %s"),
                                                            error->message));
      return;
    }

  for (guint i = g_list_model_get_n_items (files); i > 0; i--)
    list = g_list_prepend (list, g_list_model_get_item (files, i - 1));

  _vodup_window_add_files (self, list);
  g_list_free_full (list, g_object_unref);
}

static void
add_files_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  VodupWindow *self = VODUP_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Videos"));
  gtk_file_filter_add_mime_type (filter, "video/*");
  gtk_file_filter_add_mime_type (filter, "audio/*");
  for (guint i = 0; media_suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, media_suffixes[i]);

  vodup_compat_choose_files_async (GTK_WINDOW (self), _("Add Videos"), filter, self->cancellable,
                                   files_chosen_cb, g_object_ref (self));
}

/* Queue-wide actions ------------------------------------------------------- */

static void
pause_all_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  vodup_upload_queue_pause_all (VODUP_WINDOW (widget)->queue);
}

static void
resume_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  vodup_upload_queue_resume_all (VODUP_WINDOW (widget)->queue);
}

static void
clear_finished_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  vodup_upload_queue_clear_finished (VODUP_WINDOW (widget)->queue);
}

static void
toggle_options_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  GtkToggleButton *button = VODUP_WINDOW (widget)->options_button;

  gtk_toggle_button_set_active (button, !gtk_toggle_button_get_active (button));
}

/* For the "Copy FileId" button of the "uploaded" toast. */
static void
copy_file_id_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), g_variant_get_string (param, NULL));
  vodup_window_add_toast (VODUP_WINDOW (widget), adw_toast_new (_("FileId copied")));
}

void
_vodup_window_update_actions (VodupWindow *self,
                              guint        n_running,
                              guint        n_paused,
                              guint        n_cleared)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean only_paused = n_running == 0 && n_paused > 0;

  gtk_widget_action_set_enabled (widget, "win.pause-all", n_running > 0);
  gtk_widget_action_set_enabled (widget, "win.resume-all", n_paused > 0);
  gtk_widget_action_set_enabled (widget, "win.clear-finished", n_cleared > 0);

  /* One button in the header bar: Resume All only when nothing else can run. */
  gtk_widget_set_visible (self->pause_all_button, !only_paused);
  gtk_widget_set_visible (self->resume_all_button, only_paused);
}

/* Announcements ------------------------------------------------------------ */

/* A toast while the window has the focus, else a desktop notification
 * (which users may turn off: the rows keep the outcome either way). */
static void
announce (VodupWindow *self,
          const char  *id,
          AdwToast    *toast,
          const char  *title,
          const char  *body)
{
  g_autoptr(AdwToast) owned_toast = toast;
  g_autoptr(GNotification) notification = NULL;

  if (gtk_window_is_active (GTK_WINDOW (self)))
    {
      vodup_window_add_toast (self, g_steal_pointer (&owned_toast));
      return;
    }

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_application_send_notification (G_APPLICATION (self->application), id, notification);
}

void
_vodup_window_upload_finished (VodupWindow *self,
                               VodupUpload *upload)
{
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  const GError *error;
  AdwToast *toast;

  if (vodup_upload_get_state (upload) != VODUP_UPLOAD_STATE_FAILED)
    return;

  /* Toast titles are markup. */
  name = g_markup_escape_text (vodup_upload_get_display_name (upload), -1);
  title = g_strdup_printf (_("“%s” could not be uploaded"), name);
  toast = adw_toast_new (title);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);

  error = vodup_upload_get_error (upload);
  announce (self, "upload-failed", toast, title, error ? error->message : NULL);
}

static AdwToast *
uploaded_toast (VodupUpload *upload)
{
  g_autofree char *name = g_markup_escape_text (vodup_upload_get_display_name (upload), -1);
  AdwToast *toast = adw_toast_new_format (_("“%s” uploaded"), name);

  adw_toast_set_button_label (toast, _("Copy FileId"));
  adw_toast_set_action_name (toast, "win.copy-file-id");
  adw_toast_set_action_target_value (toast, g_variant_new_string (vodup_upload_get_file_id (upload)));

  return toast;
}

/* The queue has nothing more to do: say how the batch went, once. */
void
_vodup_window_batch_idle (VodupWindow *self)
{
  g_autofree char *text = NULL;
  VodupUpload *last_done = NULL;
  GHashTableIter iter;
  gpointer key;
  guint n_done = 0;

  g_hash_table_iter_init (&iter, self->batch);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      /* Paused files keep the batch open. */
      if (!vodup_upload_is_finished (key))
        return;
      if (vodup_upload_get_state (key) == VODUP_UPLOAD_STATE_DONE)
        {
          n_done++;
          last_done = key;
        }
    }

  if (n_done == 1)
    {
      g_autofree char *title = g_strdup_printf (_("“%s” uploaded"),
                                                vodup_upload_get_display_name (last_done));

      announce (self, "batch-finished", uploaded_toast (last_done), title,
                vodup_upload_get_file_id (last_done));
    }
  else if (n_done > 1)
    {
      text = g_strdup_printf (ngettext ("%u video uploaded", "%u videos uploaded", n_done), n_done);
      announce (self, "batch-finished", adw_toast_new (text), _("Uploads finished"), text);
    }

  g_hash_table_remove_all (self->batch);
}

/* Closing ------------------------------------------------------------------ */

static void
close_confirmed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VodupWindow) self = user_data;

  if (!vodup_compat_confirm_finish (result, NULL))
    return;

  self->close_confirmed = TRUE;
  vodup_application_stop_uploads (self->application);
  gtk_window_close (GTK_WINDOW (self));
}

/* TRUE when closing waits for the user's answer. */
gboolean
_vodup_window_confirm_close (VodupWindow *self)
{
  g_autofree char *body = NULL;
  guint n;

  if (self->close_confirmed || self->queue == NULL)
    return FALSE;

  n = vodup_upload_queue_get_n_active (self->queue);
  if (n == 0)
    return FALSE;

  /* Closing keeps them: the journal brings them back at the next start. */
  body = g_strdup_printf (ngettext ("%u upload is not finished. It will continue the next time you open Vodup.",
                                    "%u uploads are not finished. They will continue the next time you open Vodup.",
                                    n),
                          n);
  vodup_compat_confirm_async (GTK_WINDOW (self), _("Stop Uploading?"), body,
                              _("_Keep Uploading"), _("_Stop and Close"),
                              self->cancellable, close_confirmed_cb, g_object_ref (self));

  return TRUE;
}

/* Setup -------------------------------------------------------------------- */

void
_vodup_window_class_actions_init (VodupWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* "win." so that the primary menu and toasts can name them too. */
  gtk_widget_class_install_action (widget_class, "win.add-files", NULL, add_files_action);
  gtk_widget_class_install_action (widget_class, "win.pause-all", NULL, pause_all_action);
  gtk_widget_class_install_action (widget_class, "win.resume-all", NULL, resume_all_action);
  gtk_widget_class_install_action (widget_class, "win.clear-finished", NULL, clear_finished_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-options", NULL, toggle_options_action);
  gtk_widget_class_install_action (widget_class, "win.copy-file-id", "s", copy_file_id_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.add-files", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-options", NULL);
}

void
_vodup_window_actions_init (VodupWindow *self)
{
  _vodup_window_update_actions (self, 0, 0, 0);
}
