/* vodup-compat.c: the only file with GTK_CHECK_VERSION / ADW_CHECK_VERSION
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each #else branch is the Debian 12 floor (GTK 4.8, libadwaita 1.2); when
 * the floor moves, delete the #else branches and keep the callers as they are.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vodup-compat.h"

/* Preferences -------------------------------------------------------------- */

void
vodup_compat_present_preferences (GtkWindow          *parent,
                                  AdwPreferencesPage *page)
{
  g_return_if_fail (!parent || GTK_IS_WINDOW (parent));
  g_return_if_fail (ADW_IS_PREFERENCES_PAGE (page));

#if ADW_CHECK_VERSION (1, 5, 0)
  {
    AdwPreferencesDialog *dialog = ADW_PREFERENCES_DIALOG (adw_preferences_dialog_new ());

    adw_preferences_dialog_add (dialog, page);
    adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (parent));
  }
#else
  {
    AdwPreferencesWindow *window = ADW_PREFERENCES_WINDOW (adw_preferences_window_new ());

    adw_preferences_window_add (window, page);
    gtk_window_set_transient_for (GTK_WINDOW (window), parent);
    gtk_window_set_modal (GTK_WINDOW (window), TRUE);
    gtk_window_present (GTK_WINDOW (window));
  }
#endif
}

/* About -------------------------------------------------------------------- */

/* The about dialog and the about window share these property names. */
static void
set_about_properties (GObject *about)
{
  g_object_set (about,
                "application-name", _("Vodup"),
                "application-icon", APP_ID,
                "version", PACKAGE_VERSION,
                "developer-name", _("The Vodup Authors"),
                "copyright", _("© 2026 The Vodup Authors"),
                "comments", _("Upload videos to Tencent Cloud VOD"),
                "license-type", GTK_LICENSE_GPL_3_0,
                /* Translators: your names, one per line. */
                "translator-credits", _("translator-credits"),
                NULL);
}

void
vodup_compat_show_about (GtkWindow *parent)
{
  g_return_if_fail (!parent || GTK_IS_WINDOW (parent));

#if ADW_CHECK_VERSION (1, 5, 0)
  {
    AdwDialog *dialog = adw_about_dialog_new ();

    set_about_properties (G_OBJECT (dialog));
    adw_dialog_present (dialog, GTK_WIDGET (parent));
  }
#else
  {
    GtkWidget *window = adw_about_window_new ();

    set_about_properties (G_OBJECT (window));
    gtk_window_set_transient_for (GTK_WINDOW (window), parent);
    gtk_window_set_modal (GTK_WINDOW (window), TRUE);
    gtk_window_present (GTK_WINDOW (window));
  }
#endif
}

/* Choosing files ----------------------------------------------------------- */

#if GTK_CHECK_VERSION (4, 10, 0)

static void
file_dialog_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GListModel *files;

  files = gtk_file_dialog_open_multiple_finish (GTK_FILE_DIALOG (object), result, &error);
  if (files != NULL)
    g_task_return_pointer (task, files, g_object_unref);
  else if (g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) ||
           g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", error->message);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
choose_files (GtkWindow     *parent,
              const char    *title,
              GtkFileFilter *filter,
              GTask         *task)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

  g_list_store_append (filters, filter);
  gtk_file_dialog_set_title (dialog, title);
  gtk_file_dialog_set_modal (dialog, TRUE);
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, filter);
  gtk_file_dialog_open_multiple (dialog, parent, g_task_get_cancellable (task),
                                 file_dialog_done_cb, task);
}

#else

static gboolean
destroy_native_cb (gpointer user_data)
{
  gtk_native_dialog_destroy (user_data);

  return G_SOURCE_REMOVE;
}

static void
native_response_cb (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    g_task_return_pointer (task, gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native)),
                           g_object_unref);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             "%s", _("No files were chosen"));

  /* Not while the dialog behind it still emits its own ::response. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, destroy_native_cb, g_object_ref (native), g_object_unref);
}

static void
choose_files (GtkWindow     *parent,
              const char    *title,
              GtkFileFilter *filter,
              GTask         *task)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Add"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  /* The task keeps the dialog alive until it answers. */
  g_task_set_task_data (task, native, g_object_unref);
  g_signal_connect (native, "response", G_CALLBACK (native_response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

#endif

void
vodup_compat_choose_files_async (GtkWindow           *parent,
                                 const char          *title,
                                 GtkFileFilter       *filter,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (!parent || GTK_IS_WINDOW (parent));
  g_return_if_fail (title != NULL);
  g_return_if_fail (GTK_IS_FILE_FILTER (filter));

  task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, vodup_compat_choose_files_async);

  /* The callbacks above own the task reference. */
  choose_files (parent, title, filter, task);
}

GListModel *
vodup_compat_choose_files_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vodup_compat_choose_files_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Confirmation ------------------------------------------------------------- */

#define RESPONSE_CANCEL  "cancel"
#define RESPONSE_CONFIRM "confirm"

#if ADW_CHECK_VERSION (1, 5, 0)

static void
alert_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *response = adw_alert_dialog_choose_finish (ADW_ALERT_DIALOG (object), result);

  g_task_return_boolean (task, g_strcmp0 (response, RESPONSE_CONFIRM) == 0);
}

static void
confirm (GtkWindow  *parent,
         const char *heading,
         const char *body,
         const char *cancel_label,
         const char *confirm_label,
         GTask      *task)
{
  AdwDialog *dialog = adw_alert_dialog_new (heading, body);

  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog),
                                  RESPONSE_CANCEL, cancel_label,
                                  RESPONSE_CONFIRM, confirm_label,
                                  NULL);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), RESPONSE_CANCEL);
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), RESPONSE_CANCEL);
  adw_alert_dialog_choose (ADW_ALERT_DIALOG (dialog), GTK_WIDGET (parent),
                           g_task_get_cancellable (task), alert_done_cb, task);
}

#else

static void
message_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  g_autoptr(GTask) task = user_data;

  /* Once: closing the dialog afterwards may emit the close response too. */
  g_signal_handlers_disconnect_by_func (dialog, message_response_cb, user_data);
  g_task_return_boolean (task, g_strcmp0 (response, RESPONSE_CONFIRM) == 0);
}

static void
confirm (GtkWindow  *parent,
         const char *heading,
         const char *body,
         const char *cancel_label,
         const char *confirm_label,
         GTask      *task)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));

  adw_message_dialog_add_responses (dialog,
                                    RESPONSE_CANCEL, cancel_label,
                                    RESPONSE_CONFIRM, confirm_label,
                                    NULL);
  adw_message_dialog_set_default_response (dialog, RESPONSE_CANCEL);
  adw_message_dialog_set_close_response (dialog, RESPONSE_CANCEL);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);

  /* The dialog closes itself after ::response. */
  g_signal_connect (dialog, "response", G_CALLBACK (message_response_cb), task);
  gtk_window_present (GTK_WINDOW (dialog));
}

#endif

void
vodup_compat_confirm_async (GtkWindow           *parent,
                            const char          *heading,
                            const char          *body,
                            const char          *cancel_label,
                            const char          *confirm_label,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (!parent || GTK_IS_WINDOW (parent));
  g_return_if_fail (heading != NULL);
  g_return_if_fail (cancel_label != NULL);
  g_return_if_fail (confirm_label != NULL);

  task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, vodup_compat_confirm_async);

  confirm (parent, heading, body, cancel_label, confirm_label, task);
}

gboolean
vodup_compat_confirm_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vodup_compat_confirm_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
