/* vodup-upload-row.c: one upload of the queue
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vodup-upload-details.h"
#include "vodup-upload-row.h"
#include "vodup-window.h"

struct _VodupUploadRow
{
  GtkWidget       parent_instance;

  /* Owned references */
  VodupUpload    *upload;
  GSignalGroup   *upload_signals;
  GCancellable   *size_cancellable;

  guint64         file_size;      /* from the file, until the upload knows it */
  double          shown_fraction; /* never goes back on screen */
  guint           update_source;

  /* Template widgets */
  GtkWidget      *box;
  GtkImage       *icon;
  GtkLabel       *title;
  GtkLabel       *size;
  GtkProgressBar *progress;
  GtkLabel       *status;
  GtkWidget      *pause_button;
  GtkWidget      *resume_button;
  GtkWidget      *retry_button;
  GtkWidget      *copy_button;
  GtkWidget      *cancel_button;
  GtkWidget      *remove_button;
  GtkWidget      *more_button;
  GMenuModel     *done_menu;

  gboolean        has_tooltips;
};

G_DEFINE_FINAL_TYPE (VodupUploadRow, vodup_upload_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_UPLOAD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Status line -------------------------------------------------------------- */

/* No-break spaces inside each part: a narrow row wraps the status line
 * between "120 MB of 1.4 GB", "38 MB/s" and "about 40 seconds left", never
 * inside one of them. */
static char *
keep_together (char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);

  g_free (text);

  return g_strjoinv ("\u00a0", words);
}

static char *
format_uploading (VodupUpload *upload)
{
  g_autofree char *progress = keep_together (vodup_format_progress (vodup_upload_get_bytes_sent (upload),
                                                                    vodup_upload_get_bytes_total (upload)));
  g_autofree char *speed = NULL;
  g_autofree char *left = NULL;

  if (vodup_upload_get_speed (upload) <= 0)
    return g_steal_pointer (&progress);

  speed = keep_together (vodup_format_speed (vodup_upload_get_speed (upload)));
  left = keep_together (vodup_format_time_left (vodup_upload_get_time_left (upload)));

  /* Translators: "120 MB of 1.4 GB · 38 MB/s · about 40 seconds left". */
  return g_strdup_printf (_("%s · %s · %s"), progress, speed, left);
}

static char *
format_task (const char            *done,
             VodupUpload           *upload,
             const VodupTaskStatus *task)
{
  if (task == NULL || g_strcmp0 (task->status, "WAITING") == 0)
    /* Translators: after "Done — FileId …"; VOD has not started the task flow yet. */
    return g_strdup_printf (_("%s · Waiting for processing"), done);

  if (task->failed || g_strcmp0 (task->status, "ABORTED") == 0)
    return g_strdup_printf (_("%s · Processing failed: %s"), done,
                            task->message ? task->message : task->status);

  if (task->finished)
    return g_strdup_printf (_("%s · Processed"), done);

  /* Translators: after "Done — FileId …"; %d is a percentage. */
  return g_strdup_printf (_("%s · Processing %d %%"), done, task->progress);
}

static char *
format_done (VodupUpload *upload)
{
  /* Translators: %s is the FileId VOD gave the video. */
  g_autofree char *done = g_strdup_printf (_("Done — FileId %s"), vodup_upload_get_file_id (upload));

  if (vodup_upload_get_procedure_task_id (upload) == NULL)
    return g_steal_pointer (&done);

  return format_task (done, upload, vodup_upload_get_task_status (upload));
}

static char *
format_state_line (VodupUpload *upload)
{
  VodupUploadState state = vodup_upload_get_state (upload);
  g_autofree char *progress = NULL;

  switch (state)
    {
    case VODUP_UPLOAD_STATE_UPLOADING:
      return format_uploading (upload);

    case VODUP_UPLOAD_STATE_DONE:
      return format_done (upload);

    case VODUP_UPLOAD_STATE_FAILED:
      if (vodup_upload_get_error (upload) == NULL)
        break;
      /* Translators: %s says why, e.g. "The API key was rejected." */
      return g_strdup_printf (_("Failed: %s"), vodup_upload_get_error (upload)->message);

    case VODUP_UPLOAD_STATE_PAUSED:
      if (vodup_upload_get_bytes_sent (upload) == 0)
        break;
      progress = vodup_format_progress (vodup_upload_get_bytes_sent (upload),
                                        vodup_upload_get_bytes_total (upload));
      /* Translators: "Paused — 120 MB of 1.4 GB". */
      return g_strdup_printf (_("Paused — %s"), progress);

    case VODUP_UPLOAD_STATE_QUEUED:
    case VODUP_UPLOAD_STATE_APPLYING:
    case VODUP_UPLOAD_STATE_VERIFYING:
    case VODUP_UPLOAD_STATE_COMMITTING:
    case VODUP_UPLOAD_STATE_CANCELLED:
    default:
      break;
    }

  return g_strdup (vodup_format_state (state));
}

/* A notice (waiting for the network, a restart, progress not saved) says
 * what the state alone cannot; it goes first so it is never cut off. */
static char *
format_status (VodupUpload *upload)
{
  const char *notice = vodup_upload_get_notice (upload);
  g_autofree char *line = format_state_line (upload);

  if (notice == NULL || vodup_upload_is_finished (upload))
    return g_steal_pointer (&line);

  /* Translators: "Waiting for the network… · 120 MB of 1.4 GB". */
  return g_strdup_printf (_("%s · %s"), notice, line);
}

/* Refresh ------------------------------------------------------------------ */

static const char *
icon_for_state (VodupUploadState state)
{
  switch (state)
    {
    case VODUP_UPLOAD_STATE_DONE:
      return "emblem-ok-symbolic";
    case VODUP_UPLOAD_STATE_FAILED:
      return "dialog-warning-symbolic";
    case VODUP_UPLOAD_STATE_PAUSED:
      return "media-playback-pause-symbolic";
    default:
      return "video-x-generic-symbolic";
    }
}

static void
set_css_class (GtkWidget  *widget,
               const char *css_class,
               gboolean    set)
{
  if (set)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
}

static void
update_progress (VodupUploadRow *self,
                 VodupUpload    *upload)
{
  VodupUploadState state = vodup_upload_get_state (upload);
  double fraction = state == VODUP_UPLOAD_STATE_DONE ? 1.0 : vodup_upload_get_fraction (upload);

  /* Only a fresh start (a retry after the file changed) may go back to zero. */
  if (vodup_upload_get_bytes_sent (upload) == 0 && state != VODUP_UPLOAD_STATE_DONE)
    self->shown_fraction = fraction;
  else
    self->shown_fraction = MAX (self->shown_fraction, fraction);

  gtk_progress_bar_set_fraction (self->progress, self->shown_fraction);
  /* Once over, the status line says it all. */
  gtk_widget_set_visible (GTK_WIDGET (self->progress), !vodup_upload_is_finished (upload));
}

static void
update_labels (VodupUploadRow *self,
               VodupUpload    *upload)
{
  VodupUploadState state = vodup_upload_get_state (upload);
  guint64 total = MAX (vodup_upload_get_bytes_total (upload), self->file_size);
  g_autofree char *size = total > 0 ? g_format_size (total) : g_strdup ("");
  g_autofree char *status = format_status (upload);
  gboolean failed = state == VODUP_UPLOAD_STATE_FAILED;

  gtk_label_set_label (self->title, vodup_upload_get_display_name (upload));
  gtk_label_set_label (self->size, size);
  gtk_label_set_label (self->status, status);
  /* Progress may wrap once in a narrow window; a reason may take three,
   * and the tooltip has it whole. */
  gtk_label_set_lines (self->status, failed ? 3 : 2);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status), failed ? status : NULL);
  set_css_class (GTK_WIDGET (self->status), "error", failed);
  set_css_class (GTK_WIDGET (self->status), "dim-label", !failed);

  gtk_image_set_from_icon_name (self->icon, icon_for_state (state));
  set_css_class (GTK_WIDGET (self->icon), "success", state == VODUP_UPLOAD_STATE_DONE);
  set_css_class (GTK_WIDGET (self->icon), "error", failed);
  set_css_class (GTK_WIDGET (self->icon), "dim-label", state != VODUP_UPLOAD_STATE_DONE && !failed);
}

static void
update_actions (VodupUploadRow *self,
                VodupUpload    *upload)
{
  GtkWidget *widget = GTK_WIDGET (self);
  VodupUploadState state = vodup_upload_get_state (upload);
  gboolean finished = vodup_upload_is_finished (upload);
  gboolean done = state == VODUP_UPLOAD_STATE_DONE;
  gboolean committing = state == VODUP_UPLOAD_STATE_COMMITTING;
  gboolean can_pause = !finished && !committing && state != VODUP_UPLOAD_STATE_PAUSED;
  gboolean can_retry = state == VODUP_UPLOAD_STATE_FAILED || state == VODUP_UPLOAD_STATE_CANCELLED;

  gtk_widget_action_set_enabled (widget, "upload.pause", can_pause);
  gtk_widget_action_set_enabled (widget, "upload.resume", state == VODUP_UPLOAD_STATE_PAUSED);
  /* CommitUpload cannot be taken back once sent. */
  gtk_widget_action_set_enabled (widget, "upload.cancel", !finished && !committing);
  gtk_widget_action_set_enabled (widget, "upload.retry", can_retry);
  gtk_widget_action_set_enabled (widget, "upload.remove", !committing);
  gtk_widget_action_set_enabled (widget, "upload.copy-file-id", done);
  gtk_widget_action_set_enabled (widget, "upload.copy-url",
                                 done && vodup_upload_get_media_url (upload) != NULL);
  gtk_widget_action_set_enabled (widget, "upload.show-details", done);

  gtk_widget_set_visible (self->pause_button, can_pause);
  gtk_widget_set_visible (self->resume_button, state == VODUP_UPLOAD_STATE_PAUSED);
  gtk_widget_set_visible (self->cancel_button, !finished);
  gtk_widget_set_visible (self->retry_button, can_retry);
  gtk_widget_set_visible (self->remove_button, can_retry);
  gtk_widget_set_visible (self->copy_button, done);
  gtk_widget_set_visible (self->more_button, done);
}

/* No upload (a recycled row between two binds): nothing to show or do. */
static void
clear_row (VodupUploadRow *self)
{
  static const char * const actions[] = {
    "upload.pause", "upload.resume", "upload.cancel", "upload.retry", "upload.remove",
    "upload.copy-file-id", "upload.copy-url", "upload.show-details",
  };
  GtkWidget *buttons[] = {
    self->pause_button, self->resume_button, self->retry_button, self->copy_button,
    self->cancel_button, self->remove_button, self->more_button,
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    gtk_widget_set_visible (buttons[i], FALSE);

  gtk_label_set_label (self->title, "");
  gtk_label_set_label (self->size, "");
  gtk_label_set_label (self->status, "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status), NULL);
  gtk_progress_bar_set_fraction (self->progress, 0);
}

static gboolean
update_cb (gpointer user_data)
{
  VodupUploadRow *self = user_data;

  self->update_source = 0;

  if (self->upload == NULL)
    {
      clear_row (self);
      return G_SOURCE_REMOVE;
    }

  update_labels (self, self->upload);
  update_progress (self, self->upload);
  update_actions (self, self->upload);

  return G_SOURCE_REMOVE;
}

/* The engine notifies several properties per tick: one refresh for all. */
static void
upload_notify_cb (VodupUploadRow *self,
                  GParamSpec     *pspec,
                  VodupUpload    *upload)
{
  if (self->update_source == 0)
    self->update_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_cb, self, NULL);
}

/* Size before the upload starts ------------------------------------------ */

static void
size_queried_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(VodupUploadRow) self = g_weak_ref_get (weak);
  g_autoptr(GFileInfo) info = NULL;

  g_weak_ref_clear (weak);
  g_free (weak);

  info = g_file_query_info_finish (G_FILE (object), result, NULL);
  if (info == NULL || self == NULL || self->upload == NULL ||
      vodup_upload_get_file (self->upload) != G_FILE (object))
    return;

  self->file_size = g_file_info_get_size (info);
  upload_notify_cb (self, NULL, self->upload);
}

/* The query holds only a weak reference: a row the list drops (Clear
 * Finished on thousands) must go at once, not when its query returns. */
static void
query_size (VodupUploadRow *self)
{
  GWeakRef *weak;

  g_cancellable_cancel (self->size_cancellable);
  g_clear_object (&self->size_cancellable);
  self->file_size = 0;

  if (self->upload == NULL || vodup_upload_get_bytes_total (self->upload) > 0)
    return;

  self->size_cancellable = g_cancellable_new ();
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  g_file_query_info_async (vodup_upload_get_file (self->upload), G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_LOW, self->size_cancellable,
                           size_queried_cb, weak);
}

/* Actions ------------------------------------------------------------------ */

static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  vodup_upload_pause (VODUP_UPLOAD_ROW (widget)->upload);
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  vodup_upload_resume (VODUP_UPLOAD_ROW (widget)->upload);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  vodup_upload_cancel (VODUP_UPLOAD_ROW (widget)->upload);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  vodup_upload_retry (VODUP_UPLOAD_ROW (widget)->upload);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GtkWidget *window = gtk_widget_get_ancestor (widget, VODUP_TYPE_WINDOW);
  /* Removing unbinds this row from the upload on the way. */
  g_autoptr(VodupUpload) upload = g_object_ref (VODUP_UPLOAD_ROW (widget)->upload);

  if (window != NULL)
    vodup_upload_queue_remove (vodup_window_get_queue (VODUP_WINDOW (window)), upload);
}

static void
copy_text (GtkWidget  *widget,
           const char *text,
           const char *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (widget, VODUP_TYPE_WINDOW);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);

  if (window != NULL)
    vodup_window_add_toast (VODUP_WINDOW (window), adw_toast_new (message));
}

static void
copy_file_id_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  copy_text (widget, vodup_upload_get_file_id (VODUP_UPLOAD_ROW (widget)->upload),
             _("FileId copied"));
}

static void
copy_url_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  copy_text (widget, vodup_upload_get_media_url (VODUP_UPLOAD_ROW (widget)->upload),
             _("URL copied"));
}

static void
show_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  GtkWindow *details = GTK_WINDOW (vodup_upload_details_new (VODUP_UPLOAD_ROW (widget)->upload));
  GtkRoot *root = gtk_widget_get_root (widget);

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (details, GTK_WINDOW (root));
  gtk_window_present (details);
}

/* The menu's popover is made when first opened: most rows never show the
 * button, and a GtkPopoverMenu per row costs ~100 KiB. */
static void
create_menu_cb (GtkMenuButton *button,
                gpointer       user_data)
{
  VodupUploadRow *self = user_data;

  gtk_menu_button_set_menu_model (button, self->done_menu);
}

/* Tooltips (which are also the buttons' accessible descriptions) are set
 * when the row is first shown: setting one asks the display where the
 * pointer is, a round trip to the X server, and GtkListView makes about
 * 200 rows at once of which a handful are on screen. */
static void
set_tooltips (VodupUploadRow *self)
{
  const struct {
    GtkWidget  *button;
    const char *tooltip;
  } buttons[] = {
    { self->pause_button, N_("Pause") },
    { self->resume_button, N_("Resume") },
    { self->retry_button, N_("Retry") },
    { self->copy_button, N_("Copy FileId") },
    { self->cancel_button, N_("Cancel Upload") },
    { self->remove_button, N_("Remove from List") },
    { self->more_button, N_("More") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    gtk_widget_set_tooltip_text (buttons[i].button, _(buttons[i].tooltip));

  self->has_tooltips = TRUE;
}

static void
vodup_upload_row_map (GtkWidget *widget)
{
  VodupUploadRow *self = VODUP_UPLOAD_ROW (widget);

  if (!self->has_tooltips)
    set_tooltips (self);

  GTK_WIDGET_CLASS (vodup_upload_row_parent_class)->map (widget);
}

/* GObject ------------------------------------------------------------------ */

VodupUpload *
vodup_upload_row_get_upload (VodupUploadRow *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD_ROW (self), NULL);

  return self->upload;
}

static void
update_accessible_label (VodupUploadRow *self)
{
  g_autofree char *label = NULL;

  if (self->upload == NULL)
    return;

  /* Translators: read by screen readers for the progress bar; %s is a file name. */
  label = g_strdup_printf (_("Upload progress of %s"), vodup_upload_get_display_name (self->upload));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

void
vodup_upload_row_set_upload (VodupUploadRow *self,
                             VodupUpload    *upload)
{
  g_return_if_fail (VODUP_IS_UPLOAD_ROW (self));
  g_return_if_fail (!upload || VODUP_IS_UPLOAD (upload));

  if (!g_set_object (&self->upload, upload))
    return;

  g_signal_group_set_target (self->upload_signals, upload);
  self->shown_fraction = 0;
  query_size (self);
  update_accessible_label (self);

  /* A recycled row must not show the previous upload for a moment. */
  g_clear_handle_id (&self->update_source, g_source_remove);
  update_cb (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPLOAD]);
}

static void
vodup_upload_row_dispose (GObject *object)
{
  VodupUploadRow *self = VODUP_UPLOAD_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VODUP_TYPE_UPLOAD_ROW);

  g_clear_handle_id (&self->update_source, g_source_remove);
  g_cancellable_cancel (self->size_cancellable);
  g_clear_object (&self->size_cancellable);
  if (self->upload_signals != NULL)
    g_signal_group_set_target (self->upload_signals, NULL);
  g_clear_object (&self->upload_signals);
  g_clear_object (&self->upload);

  G_OBJECT_CLASS (vodup_upload_row_parent_class)->dispose (object);
}

static void
vodup_upload_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VodupUploadRow *self = VODUP_UPLOAD_ROW (object);

  switch (prop_id)
    {
    case PROP_UPLOAD:
      g_value_set_object (value, self->upload);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vodup_upload_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VodupUploadRow *self = VODUP_UPLOAD_ROW (object);

  switch (prop_id)
    {
    case PROP_UPLOAD:
      vodup_upload_row_set_upload (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vodup_upload_row_class_init (VodupUploadRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vodup_upload_row_dispose;
  object_class->get_property = vodup_upload_row_get_property;
  object_class->set_property = vodup_upload_row_set_property;

  properties[PROP_UPLOAD] =
    g_param_spec_object ("upload", NULL, NULL,
                         VODUP_TYPE_UPLOAD,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->map = vodup_upload_row_map;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vodup/Vodup/vodup-upload-row.ui");
  /* Bound so that gtk_widget_dispose_template() unparents it. */
  gtk_widget_class_bind_template_child (widget_class, VodupUploadRow, box);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadRow, icon);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadRow, title);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadRow, size);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadRow, progress);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadRow, status);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadRow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadRow, resume_button);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadRow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadRow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadRow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadRow, more_button);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadRow, done_menu);

  gtk_widget_class_install_action (widget_class, "upload.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "upload.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "upload.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "upload.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "upload.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "upload.copy-file-id", NULL, copy_file_id_action);
  gtk_widget_class_install_action (widget_class, "upload.copy-url", NULL, copy_url_action);
  gtk_widget_class_install_action (widget_class, "upload.show-details", NULL, show_details_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "upload.remove", NULL);
}

static void
vodup_upload_row_init (VodupUploadRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->more_button), create_menu_cb,
                                         self, NULL);

  self->upload_signals = g_signal_group_new (VODUP_TYPE_UPLOAD);
  g_signal_group_connect_swapped (self->upload_signals, "notify",
                                  G_CALLBACK (upload_notify_cb), self);

  clear_row (self);
}

GtkWidget *
vodup_upload_row_new (void)
{
  return g_object_new (VODUP_TYPE_UPLOAD_ROW, NULL);
}
