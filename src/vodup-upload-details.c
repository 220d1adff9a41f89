/* vodup-upload-details.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vodup-upload-details.h"

typedef enum
{
  GROUP_MEDIA,
  GROUP_EVENT,
  GROUP_TASK,
  GROUP_REQUESTS,
} Group;

typedef struct
{
  const char *field;      /* the details.copy target */
  const char *title;
  const char *copy_label;
  Group       group;
} FieldInfo;

static const FieldInfo fields[] = {
  { "file-id", N_("File ID"), N_("Copy File ID"), GROUP_MEDIA },
  { "media-url", N_("Media URL"), N_("Copy Media URL"), GROUP_MEDIA },
  { "cover-url", N_("Cover URL"), N_("Copy Cover URL"), GROUP_MEDIA },
  { "crc64", N_("CRC-64"), N_("Copy CRC-64"), GROUP_MEDIA },
  { "task-id", N_("Task ID"), N_("Copy Task ID"), GROUP_TASK },
  { "source-context", N_("Source Context"), N_("Copy Source Context"), GROUP_EVENT },
  { "apply-request-id", N_("ApplyUpload Request ID"), N_("Copy ApplyUpload Request ID"), GROUP_REQUESTS },
  { "commit-request-id", N_("CommitUpload Request ID"), N_("Copy CommitUpload Request ID"), GROUP_REQUESTS },
};

struct _VodupUploadDetails
{
  AdwWindow            parent_instance;

  VodupUpload         *upload;
  char                *event_json;
  AdwActionRow        *rows[G_N_ELEMENTS (fields)];
  GtkWidget           *copy_buttons[G_N_ELEMENTS (fields)];
  AdwActionRow        *task_status_row;
  GtkProgressBar      *task_progress;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  AdwPreferencesGroup *media_group;
  AdwPreferencesGroup *task_group;
  AdwPreferencesGroup *event_group;
  AdwPreferencesGroup *requests_group;
  GtkWidget           *copy_event_button;
  GtkStack            *event_stack;
  GtkTextView         *event_view;
};

G_DEFINE_FINAL_TYPE (VodupUploadDetails, vodup_upload_details, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_UPLOAD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* NULL while the upload has not produced it yet. */
static char *
dup_field (VodupUploadDetails *self,
           const char         *field)
{
  VodupUpload *upload = self->upload;
  const char *value = NULL;

  if (g_str_equal (field, "event"))
    return g_strdup (self->event_json);
  else if (g_str_equal (field, "file-id"))
    value = vodup_upload_get_file_id (upload);
  else if (g_str_equal (field, "media-url"))
    value = vodup_upload_get_media_url (upload);
  else if (g_str_equal (field, "cover-url"))
    value = vodup_upload_get_cover_url (upload);
  else if (g_str_equal (field, "crc64"))
    value = vodup_upload_get_crc64 (upload);
  else if (g_str_equal (field, "task-id"))
    value = vodup_upload_get_procedure_task_id (upload);
  else if (g_str_equal (field, "source-context"))
    value = vodup_upload_get_options (upload)->source_context;
  else if (g_str_equal (field, "apply-request-id"))
    value = vodup_upload_get_apply_request_id (upload);
  else if (g_str_equal (field, "commit-request-id"))
    value = vodup_upload_get_commit_request_id (upload);

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

static AdwPreferencesGroup *
group_widget (VodupUploadDetails *self,
              Group               group)
{
  switch (group)
    {
    case GROUP_MEDIA:
      return self->media_group;
    case GROUP_EVENT:
      return self->event_group;
    case GROUP_TASK:
      return self->task_group;
    case GROUP_REQUESTS:
    default:
      return self->requests_group;
    }
}

static void
add_field_rows (VodupUploadDetails *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

      /* URLs carry “&”; none of these values is markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(fields[i].title));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _(fields[i].copy_label));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(fields[i].copy_label),
                                      -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "details.copy");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", fields[i].field);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);

      adw_preferences_group_add (group_widget (self, fields[i].group), row);
      self->rows[i] = ADW_ACTION_ROW (row);
      self->copy_buttons[i] = button;
    }
}

static void
add_task_status_row (VodupUploadDetails *self)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *progress = gtk_progress_bar_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Status"));
  gtk_widget_set_valign (progress, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (progress, 120, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (progress),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Task flow progress"),
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), progress);
  adw_preferences_group_add (self->task_group, row);

  self->task_status_row = ADW_ACTION_ROW (row);
  self->task_progress = GTK_PROGRESS_BAR (progress);
}

static const char *
task_status_word (const VodupTaskStatus *status)
{
  if (g_strcmp0 (status->status, "WAITING") == 0)
    return _("Waiting");
  if (g_strcmp0 (status->status, "PROCESSING") == 0)
    return _("Processing");
  if (g_strcmp0 (status->status, "ABORTED") == 0)
    return _("Aborted");

  return _("Finished");
}

static char *
task_status_text (VodupUploadDetails *self)
{
  const VodupTaskStatus *status = vodup_upload_get_task_status (self->upload);

  if (vodup_upload_get_state (self->upload) != VODUP_UPLOAD_STATE_DONE)
    return g_strdup (_("Starts once the upload has finished"));
  if (status == NULL)
    return g_strdup (_("Waiting for VOD to start it…"));
  if (status->failed && status->message != NULL)
    /* Translators: %s is VOD's reason, e.g. “Source file error”. */
    return g_strdup_printf (_("Failed: %s"), status->message);
  if (status->failed)
    return g_strdup (_("Failed"));
  if (status->finished)
    return g_strdup (task_status_word (status));

  /* Translators: “Processing — 40 %”. */
  return g_strdup_printf (_("%s — %d %%"), task_status_word (status), status->progress);
}

static void
sync_task (VodupUploadDetails *self)
{
  const VodupUploadOptions *options = vodup_upload_get_options (self->upload);
  const VodupTaskStatus *status = vodup_upload_get_task_status (self->upload);
  g_autofree char *text = task_status_text (self);

  gtk_widget_set_visible (GTK_WIDGET (self->task_group),
                          options->procedure != NULL && *options->procedure != '\0');
  adw_action_row_set_subtitle (self->task_status_row, text);
  gtk_progress_bar_set_fraction (self->task_progress, status ? CLAMP (status->progress, 0, 100) / 100.0 : 0);
}

static void
sync_event (VodupUploadDetails *self)
{
  g_autofree char *json = NULL;

  if (vodup_upload_get_state (self->upload) == VODUP_UPLOAD_STATE_DONE)
    json = vodup_upload_dup_event_json (self->upload);

  gtk_stack_set_visible_child_name (self->event_stack, json ? "json" : "pending");
  gtk_widget_set_sensitive (self->copy_event_button, json != NULL);

  /* Rewriting the same text would drop the reader's selection. */
  if (json == NULL || g_strcmp0 (json, self->event_json) == 0)
    return;

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->event_view), json, -1);
  g_free (self->event_json);
  self->event_json = g_steal_pointer (&json);
}

static void
sync_rows (VodupUploadDetails *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *value = dup_field (self, fields[i].field);

      adw_action_row_set_subtitle (self->rows[i], value ? value : "—");
      gtk_widget_set_sensitive (self->copy_buttons[i], value != NULL);

      /* Only when a cover was chosen is its URL worth a row. */
      if (g_str_equal (fields[i].field, "cover-url"))
        gtk_widget_set_visible (GTK_WIDGET (self->rows[i]),
                                vodup_upload_get_options (self->upload)->cover != NULL);
    }
}

static void
sync_all (VodupUploadDetails *self)
{
  adw_window_title_set_subtitle (self->window_title, vodup_upload_get_display_name (self->upload));
  sync_rows (self);
  sync_event (self);
  sync_task (self);

  /* Polling the task flow is only useful once something shows it. */
  if (vodup_upload_get_state (self->upload) == VODUP_UPLOAD_STATE_DONE)
    vodup_upload_follow_task (self->upload);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VodupUploadDetails *self = VODUP_UPLOAD_DETAILS (widget);
  g_autofree char *value = dup_field (self, g_variant_get_string (param, NULL));

  if (value == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), value);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Copied to clipboard")));
}

static void
vodup_upload_details_constructed (GObject *object)
{
  VodupUploadDetails *self = (VodupUploadDetails *)object;
  static const char * const watched[] = {
    "notify::state", "notify::file-id", "notify::media-url", "notify::crc64",
    "notify::procedure-task-id", "notify::task-progress",
  };

  G_OBJECT_CLASS (vodup_upload_details_parent_class)->constructed (object);

  g_return_if_fail (self->upload != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
    g_signal_connect_object (self->upload, watched[i], G_CALLBACK (sync_all), self, G_CONNECT_SWAPPED);

  sync_all (self);
}

static void
vodup_upload_details_dispose (GObject *object)
{
  VodupUploadDetails *self = (VodupUploadDetails *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), VODUP_TYPE_UPLOAD_DETAILS);
  g_clear_object (&self->upload);
  g_clear_pointer (&self->event_json, g_free);

  G_OBJECT_CLASS (vodup_upload_details_parent_class)->dispose (object);
}

static void
vodup_upload_details_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VodupUploadDetails *self = VODUP_UPLOAD_DETAILS (object);

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
vodup_upload_details_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  VodupUploadDetails *self = VODUP_UPLOAD_DETAILS (object);

  switch (prop_id)
    {
    case PROP_UPLOAD:
      self->upload = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vodup_upload_details_class_init (VodupUploadDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vodup_upload_details_constructed;
  object_class->dispose = vodup_upload_details_dispose;
  object_class->get_property = vodup_upload_details_get_property;
  object_class->set_property = vodup_upload_details_set_property;

  properties[PROP_UPLOAD] =
    g_param_spec_object ("upload", NULL, NULL,
                         VODUP_TYPE_UPLOAD,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vodup/Vodup/vodup-upload-details.ui");
  gtk_widget_class_bind_template_child (widget_class, VodupUploadDetails, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadDetails, window_title);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadDetails, media_group);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadDetails, task_group);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadDetails, event_group);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadDetails, requests_group);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadDetails, copy_event_button);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadDetails, event_stack);
  gtk_widget_class_bind_template_child (widget_class, VodupUploadDetails, event_view);

  gtk_widget_class_install_action (widget_class, "details.copy", "s", copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vodup_upload_details_init (VodupUploadDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  add_field_rows (self);
  add_task_status_row (self);
}

GtkWidget *
vodup_upload_details_new (VodupUpload *upload)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD (upload), NULL);

  return g_object_new (VODUP_TYPE_UPLOAD_DETAILS, "upload", upload, NULL);
}

VodupUpload *
vodup_upload_details_get_upload (VodupUploadDetails *self)
{
  g_return_val_if_fail (VODUP_IS_UPLOAD_DETAILS (self), NULL);

  return self->upload;
}
