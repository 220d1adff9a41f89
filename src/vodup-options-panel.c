/* vodup-options-panel.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vodup-choice-row.h"
#include "vodup-options-panel.h"

/* For the character counters only; the engine does the checking. */
#define SOURCE_CONTEXT_MAX   250
#define SESSION_CONTEXT_MAX  1000

struct _VodupOptionsPanel
{
  GtkWidget             parent_instance;

  GSettings            *settings;
  VodupVodClient       *client;
  guint64               sub_app_id;
  GFile                *cover;
  GtkFileChooserNative *chooser;

  /* Template widgets */
  AdwPreferencesPage   *page;
  AdwPreferencesGroup  *choices_group;
  AdwActionRow         *status_row;
  GtkImage             *status_icon;
  GtkWidget            *retry_button;
  GtkWidget            *preferences_button;
  GtkWidget            *reload_button;
  VodupChoiceRow       *sub_app_row;
  VodupChoiceRow       *region_row;
  VodupChoiceRow       *procedure_row;
  VodupChoiceRow       *class_row;
  AdwEntryRow          *media_name_row;
  AdwActionRow         *cover_row;
  GtkWidget            *cover_button;
  GtkWidget            *cover_clear_button;
  AdwEntryRow          *expire_row;
  AdwEntryRow          *source_context_row;
  AdwEntryRow          *session_context_row;

  /* Owned; in their row only while there is text to count. */
  GtkWidget            *source_context_count;
  GtkWidget            *session_context_count;
};

G_DEFINE_FINAL_TYPE (VodupOptionsPanel, vodup_options_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static VodupChoiceRow *
choice_row (VodupOptionsPanel *self,
            guint              i)
{
  VodupChoiceRow *rows[] = { self->sub_app_row, self->region_row, self->procedure_row, self->class_row };

  return i < G_N_ELEMENTS (rows) ? rows[i] : NULL;
}

static const char *
settings_key (VodupChoiceKind kind)
{
  switch (kind)
    {
    case VODUP_CHOICE_KIND_REGION:
      return "storage-region";
    case VODUP_CHOICE_KIND_PROCEDURE:
      return "procedure";
    case VODUP_CHOICE_KIND_CLASS:
      return "class-id";
    case VODUP_CHOICE_KIND_SUB_APP:
      return "sub-app-id";
    default:
      g_assert_not_reached ();
    }
}

static const char *
failed_title (VodupChoiceKind kind)
{
  switch (kind)
    {
    case VODUP_CHOICE_KIND_REGION:
      return _("Could not load the storage regions");
    case VODUP_CHOICE_KIND_PROCEDURE:
      return _("Could not load the task flows");
    case VODUP_CHOICE_KIND_CLASS:
      return _("Could not load the categories");
    case VODUP_CHOICE_KIND_SUB_APP:
      return _("Could not load the applications");
    default:
      g_assert_not_reached ();
    }
}

static void
show_status (VodupOptionsPanel *self,
             const char        *icon_name,
             const char        *title,
             const char        *subtitle)
{
  gtk_image_set_from_icon_name (self->status_icon, icon_name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), title);
  adw_action_row_set_subtitle (self->status_row, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->status_row), TRUE);
}

/* One status row for the whole group: with a wrong key all four lists fail
 * the same way, and four copies of one message help nobody. */
static void
update_status (VodupOptionsPanel *self)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new ();
  g_autofree char *text = NULL;
  VodupChoiceRow *failed = NULL;
  guint n_failed = 0;
  VodupChoiceRow *row;

  gtk_widget_set_visible (self->retry_button, self->client != NULL);
  gtk_widget_set_visible (self->preferences_button, self->client == NULL);
  gtk_widget_set_sensitive (self->reload_button, self->client != NULL);

  if (self->client == NULL)
    {
      show_status (self, "dialog-information-symbolic", _("Set your API keys in Preferences"),
                   _("The lists below come from your VOD account."));
      return;
    }

  for (guint i = 0; (row = choice_row (self, i)) != NULL; i++)
    {
      const GError *error = vodup_choice_row_get_error (row);

      if (error == NULL)
        continue;
      failed = row;
      n_failed++;
      if (!g_ptr_array_find_with_equal_func (messages, error->message, g_str_equal, NULL))
        g_ptr_array_add (messages, error->message);
    }

  if (n_failed == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->status_row), FALSE);
      return;
    }

  g_ptr_array_add (messages, NULL);
  text = g_strjoinv ("\n", (char **) messages->pdata);
  show_status (self, "dialog-warning-symbolic",
               n_failed == 1 ? failed_title (vodup_choice_row_get_kind (failed)) : _("Could not load the lists"),
               text);
}

static void
row_state_cb (VodupOptionsPanel *self)
{
  update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
load_per_app_rows (VodupOptionsPanel *self)
{
  vodup_choice_row_load (self->region_row, self->client, self->sub_app_id);
  vodup_choice_row_load (self->procedure_row, self->client, self->sub_app_id);
  vodup_choice_row_load (self->class_row, self->client, self->sub_app_id);
}

/* Regions, task flows and categories belong to one application. */
static void
sub_app_changed_cb (VodupOptionsPanel *self)
{
  guint64 id = g_ascii_strtoull (vodup_choice_row_get_selected_id (self->sub_app_row), NULL, 10);

  if (id == self->sub_app_id)
    return;

  self->sub_app_id = id;
  load_per_app_rows (self);
}

static void
user_changed_cb (VodupOptionsPanel *self,
                 VodupChoiceRow    *row)
{
  VodupChoiceKind kind = vodup_choice_row_get_kind (row);
  const char *id = vodup_choice_row_get_selected_id (row);
  const char *key = settings_key (kind);

  if (kind == VODUP_CHOICE_KIND_CLASS)
    g_settings_set_int64 (self->settings, key, *id ? g_ascii_strtoll (id, NULL, 10) : -1);
  else if (kind == VODUP_CHOICE_KIND_SUB_APP)
    g_settings_set_uint64 (self->settings, key, g_ascii_strtoull (id, NULL, 10));
  else
    g_settings_set_string (self->settings, key, id);
}

/* By id, so that a list in another order still finds the choice. */
static void
restore_choices (VodupOptionsPanel *self)
{
  gint64 class_id = g_settings_get_int64 (self->settings, "class-id");
  guint64 sub_app_id = g_settings_get_uint64 (self->settings, "sub-app-id");
  g_autofree char *region = g_settings_get_string (self->settings, "storage-region");
  g_autofree char *procedure = g_settings_get_string (self->settings, "procedure");
  g_autofree char *class_text = class_id >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, class_id) : g_strdup ("");
  g_autofree char *sub_app_text = sub_app_id > 0 ? g_strdup_printf ("%" G_GUINT64_FORMAT, sub_app_id) : g_strdup ("");

  vodup_choice_row_set_selected_id (self->sub_app_row, sub_app_text);
  vodup_choice_row_set_selected_id (self->region_row, region);
  vodup_choice_row_set_selected_id (self->procedure_row, procedure);
  vodup_choice_row_set_selected_id (self->class_row, class_text);
  self->sub_app_id = sub_app_id;
}

void
vodup_options_panel_refresh (VodupOptionsPanel *self)
{
  g_return_if_fail (VODUP_IS_OPTIONS_PANEL (self));

  vodup_choice_row_load (self->sub_app_row, self->client, 0);
  load_per_app_rows (self);
  update_status (self);
}

void
vodup_options_panel_set_client (VodupOptionsPanel *self,
                                VodupVodClient    *client)
{
  g_return_if_fail (VODUP_IS_OPTIONS_PANEL (self));
  g_return_if_fail (!client || VODUP_IS_VOD_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;

  vodup_options_panel_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

VodupVodClient *
vodup_options_panel_get_client (VodupOptionsPanel *self)
{
  g_return_val_if_fail (VODUP_IS_OPTIONS_PANEL (self), NULL);

  return self->client;
}

gboolean
vodup_options_panel_get_loading (VodupOptionsPanel *self)
{
  VodupChoiceRow *row;

  g_return_val_if_fail (VODUP_IS_OPTIONS_PANEL (self), FALSE);

  for (guint i = 0; (row = choice_row (self, i)) != NULL; i++)
    if (vodup_choice_row_get_loading (row))
      return TRUE;

  return FALSE;
}

/* NULL for an empty entry: VodupUploadOptions leaves such fields unsent. */
static char *
dup_text (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  return *text != '\0' ? g_strdup (text) : NULL;
}

static char *
dup_id (VodupChoiceRow *row)
{
  const char *id = vodup_choice_row_get_selected_id (row);

  return *id != '\0' ? g_strdup (id) : NULL;
}

VodupUploadOptions *
vodup_options_panel_dup_options (VodupOptionsPanel *self)
{
  VodupUploadOptions *options;
  const char *class_id;

  g_return_val_if_fail (VODUP_IS_OPTIONS_PANEL (self), NULL);

  options = vodup_upload_options_new ();
  options->procedure = dup_id (self->procedure_row);
  options->storage_region = dup_id (self->region_row);
  options->sub_app_id = g_ascii_strtoull (vodup_choice_row_get_selected_id (self->sub_app_row), NULL, 10);
  class_id = vodup_choice_row_get_selected_id (self->class_row);
  options->class_id = *class_id != '\0' ? g_ascii_strtoll (class_id, NULL, 10) : -1;
  options->media_name = dup_text (self->media_name_row);
  options->expire_time = dup_text (self->expire_row);
  options->source_context = dup_text (self->source_context_row);
  options->session_context = dup_text (self->session_context_row);
  options->cover = self->cover ? g_object_ref (self->cover) : NULL;

  return options;
}

gboolean
vodup_options_panel_validate (VodupOptionsPanel  *self,
                              GError            **error)
{
  g_autoptr(VodupUploadOptions) options = NULL;

  g_return_val_if_fail (VODUP_IS_OPTIONS_PANEL (self), FALSE);

  options = vodup_options_panel_dup_options (self);

  return vodup_upload_options_validate (options, error);
}

/* The engine's own check, run on one field at a time. */
static void
show_validity (GtkWidget                *row,
               const VodupUploadOptions *probe,
               const char               *hint)
{
  g_autoptr(GError) error = NULL;

  if (vodup_upload_options_validate (probe, &error))
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, hint);
    }
  else
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, error->message);
    }
}

static void
expire_changed_cb (VodupOptionsPanel *self)
{
  g_autoptr(VodupUploadOptions) probe = vodup_upload_options_new ();

  probe->expire_time = dup_text (self->expire_row);
  show_validity (GTK_WIDGET (self->expire_row), probe,
                 _("When VOD deletes the media, such as 2027-01-01T00:00:00+08:00; empty keeps it"));
}

static GtkWidget *
count_label_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "numeric");

  return g_object_ref_sink (label);
}

/* "12/250" next to the text. Added and removed rather than hidden: an
 * empty suffix box would still push the edit icon out of line. */
static void
update_count (AdwEntryRow *row,
              GtkWidget   *count,
              int          max)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  glong length = g_utf8_strlen (text, -1);
  g_autofree char *label = g_strdup_printf ("%ld/%d", length, max);
  gboolean shown = gtk_widget_get_parent (count) != NULL;

  gtk_label_set_text (GTK_LABEL (count), label);
  if (length > max)
    gtk_widget_add_css_class (count, "error");
  else
    gtk_widget_remove_css_class (count, "error");

  if (length > 0 && !shown)
    adw_entry_row_add_suffix (row, count);
  else if (length == 0 && shown)
    adw_entry_row_remove (row, count);
}

static void
source_context_changed_cb (VodupOptionsPanel *self)
{
  g_autoptr(VodupUploadOptions) probe = vodup_upload_options_new ();

  probe->source_context = dup_text (self->source_context_row);
  show_validity (GTK_WIDGET (self->source_context_row), probe,
                 _("Passed on to your backend in the NewFileUpload event"));
  update_count (self->source_context_row, self->source_context_count, SOURCE_CONTEXT_MAX);
}

static void
session_context_changed_cb (VodupOptionsPanel *self)
{
  g_autoptr(VodupUploadOptions) probe = vodup_upload_options_new ();

  probe->session_context = dup_text (self->session_context_row);
  show_validity (GTK_WIDGET (self->session_context_row), probe,
                 _("Passed on to your backend when the task flow ends"));
  update_count (self->session_context_row, self->session_context_count, SESSION_CONTEXT_MAX);
}

static void
set_cover (VodupOptionsPanel *self,
           GFile             *cover)
{
  g_autoptr(VodupUploadOptions) probe = vodup_upload_options_new ();
  g_autofree char *name = NULL;

  g_set_object (&self->cover, cover);

  /* The base name, not a display-name query: no blocking I/O here. */
  if (cover != NULL)
    name = g_file_get_basename (cover);

  adw_action_row_set_subtitle (self->cover_row, name ? name : _("None"));
  gtk_widget_set_visible (self->cover_clear_button, cover != NULL);

  probe->cover = cover ? g_object_ref (cover) : NULL;
  show_validity (GTK_WIDGET (self->cover_row), probe, NULL);
}

static void
chooser_response_cb (VodupOptionsPanel    *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      set_cover (self, file);
    }

  g_clear_object (&self->chooser);
}

static GtkFileFilter *
image_filter_new (void)
{
  /* What VOD takes as a cover (tencent-vod-api.md §9.2). */
  static const char * const types[] = {
    "image/jpeg", "image/png", "image/gif", "image/bmp", "image/tiff", "image/heif",
  };
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Images"));
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    gtk_file_filter_add_mime_type (filter, types[i]);

  return filter;
}

static void
choose_cover_cb (VodupOptionsPanel *self)
{
  g_autoptr(GtkFileFilter) filter = image_filter_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL)
    return;

  /* GtkFileDialog is GTK 4.10; the native chooser uses the portal too. */
  self->chooser = gtk_file_chooser_native_new (_("Choose Cover Image"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
clear_cover_cb (VodupOptionsPanel *self)
{
  set_cover (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->cover_row));
}

void
vodup_options_panel_reset_next_file (VodupOptionsPanel *self)
{
  g_return_if_fail (VODUP_IS_OPTIONS_PANEL (self));

  gtk_editable_set_text (GTK_EDITABLE (self->media_name_row), "");
  set_cover (self, NULL);
}

static void
retry_cb (VodupOptionsPanel *self)
{
  VodupChoiceRow *row;

  for (guint i = 0; (row = choice_row (self, i)) != NULL; i++)
    if (vodup_choice_row_get_error (row) != NULL)
      vodup_choice_row_reload (row);
}

static void
vodup_options_panel_dispose (GObject *object)
{
  VodupOptionsPanel *self = (VodupOptionsPanel *)object;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), VODUP_TYPE_OPTIONS_PANEL);

  g_clear_object (&self->client);
  g_clear_object (&self->cover);
  g_clear_object (&self->settings);
  g_clear_object (&self->source_context_count);
  g_clear_object (&self->session_context_count);

  G_OBJECT_CLASS (vodup_options_panel_parent_class)->dispose (object);
}

static void
vodup_options_panel_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VodupOptionsPanel *self = VODUP_OPTIONS_PANEL (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, vodup_options_panel_get_loading (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vodup_options_panel_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VodupOptionsPanel *self = VODUP_OPTIONS_PANEL (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      vodup_options_panel_set_client (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vodup_options_panel_class_init (VodupOptionsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vodup_options_panel_dispose;
  object_class->get_property = vodup_options_panel_get_property;
  object_class->set_property = vodup_options_panel_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         VODUP_TYPE_VOD_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vodup/Vodup/vodup-options-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, VodupOptionsPanel, page);
  gtk_widget_class_bind_template_child (widget_class, VodupOptionsPanel, choices_group);
  gtk_widget_class_bind_template_child (widget_class, VodupOptionsPanel, status_row);
  gtk_widget_class_bind_template_child (widget_class, VodupOptionsPanel, status_icon);
  gtk_widget_class_bind_template_child (widget_class, VodupOptionsPanel, retry_button);
  gtk_widget_class_bind_template_child (widget_class, VodupOptionsPanel, preferences_button);
  gtk_widget_class_bind_template_child (widget_class, VodupOptionsPanel, reload_button);
  gtk_widget_class_bind_template_child (widget_class, VodupOptionsPanel, sub_app_row);
  gtk_widget_class_bind_template_child (widget_class, VodupOptionsPanel, region_row);
  gtk_widget_class_bind_template_child (widget_class, VodupOptionsPanel, procedure_row);
  gtk_widget_class_bind_template_child (widget_class, VodupOptionsPanel, class_row);
  gtk_widget_class_bind_template_child (widget_class, VodupOptionsPanel, media_name_row);
  gtk_widget_class_bind_template_child (widget_class, VodupOptionsPanel, cover_row);
  gtk_widget_class_bind_template_child (widget_class, VodupOptionsPanel, cover_button);
  gtk_widget_class_bind_template_child (widget_class, VodupOptionsPanel, cover_clear_button);
  gtk_widget_class_bind_template_child (widget_class, VodupOptionsPanel, expire_row);
  gtk_widget_class_bind_template_child (widget_class, VodupOptionsPanel, source_context_row);
  gtk_widget_class_bind_template_child (widget_class, VodupOptionsPanel, session_context_row);

  gtk_widget_class_bind_template_callback (widget_class, vodup_options_panel_refresh);
  gtk_widget_class_bind_template_callback (widget_class, retry_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_cover_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_cover_cb);

  g_type_ensure (VODUP_TYPE_CHOICE_ROW);
}

static void
connect_rows (VodupOptionsPanel *self)
{
  VodupChoiceRow *row;

  for (guint i = 0; (row = choice_row (self, i)) != NULL; i++)
    {
      g_signal_connect_object (row, "user-changed", G_CALLBACK (user_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "notify::loading", G_CALLBACK (row_state_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "notify::error-message", G_CALLBACK (row_state_cb), self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->sub_app_row, "notify::selected-id", G_CALLBACK (sub_app_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

static void
connect_entries (VodupOptionsPanel *self)
{
  g_signal_connect_object (self->expire_row, "changed", G_CALLBACK (expire_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->source_context_row, "changed", G_CALLBACK (source_context_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session_context_row, "changed", G_CALLBACK (session_context_changed_cb),
                           self, G_CONNECT_SWAPPED);

  g_settings_bind (self->settings, "source-context", self->source_context_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "session-context", self->session_context_row, "text", G_SETTINGS_BIND_DEFAULT);

  expire_changed_cb (self);
  source_context_changed_cb (self);
  session_context_changed_cb (self);
}

static void
vodup_options_panel_init (VodupOptionsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->source_context_count = count_label_new ();
  self->session_context_count = count_label_new ();

  restore_choices (self);
  connect_rows (self);
  connect_entries (self);
  update_status (self);
}

GtkWidget *
vodup_options_panel_new (void)
{
  return g_object_new (VODUP_TYPE_OPTIONS_PANEL, NULL);
}
