/* vodup-preferences-page.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vodup-engine.h"
#include "vodup-preferences-page.h"
#include "vodup-secret-store.h"

typedef enum
{
  KEYRING_UNKNOWN,
  KEYRING_STORED,
  KEYRING_NONE,
  KEYRING_PROBLEM,
} KeyringState;

struct _VodupPreferencesPage
{
  AdwPreferencesPage    parent_instance;

  GSettings            *settings;
  VodupSecretStore     *store;
  SoupSession          *session;
  GCancellable         *cancellable;
  /* The check runs apart: typing new keys restarts only it. */
  GCancellable         *check_cancellable;
  guint                 busy;
  KeyringState          keyring_state;

  /* Template widgets */
  AdwActionRow         *keyring_row;
  GtkImage             *keyring_icon;
  GtkWidget            *forget_button;
  AdwEntryRow          *secret_id_row;
  AdwEntryRow          *secret_key_row;
  AdwActionRow         *check_row;
  GtkImage             *check_icon;
  GtkSpinner           *check_spinner;
  GtkWidget            *check_button;
  GtkWidget            *save_button;
  GtkSpinButton        *files_spin;
  GtkSpinButton        *parts_spin;
  GtkSpinButton        *part_size_spin;
  GtkSwitch            *resume_paused_switch;
  GtkSwitch            *inhibit_switch;
  AdwEntryRow          *proxy_row;
  GtkLabel             *proxy_hint;
  AdwEntryRow          *endpoint_row;
  GtkLabel             *endpoint_error;
};

G_DEFINE_FINAL_TYPE (VodupPreferencesPage, vodup_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  CREDENTIALS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_sensitivity (VodupPreferencesPage *self);

static void
hold_busy (VodupPreferencesPage *self)
{
  if (self->busy++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  update_sensitivity (self);
}

static void
release_busy (VodupPreferencesPage *self)
{
  g_assert (self->busy > 0);

  if (--self->busy == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  update_sensitivity (self);
}

gboolean
vodup_preferences_page_get_busy (VodupPreferencesPage *self)
{
  g_return_val_if_fail (VODUP_IS_PREFERENCES_PAGE (self), FALSE);

  return self->busy > 0;
}

static gboolean
entries_filled (VodupPreferencesPage *self)
{
  return *gtk_editable_get_text (GTK_EDITABLE (self->secret_id_row)) != '\0' &&
         *gtk_editable_get_text (GTK_EDITABLE (self->secret_key_row)) != '\0';
}

static void
update_sensitivity (VodupPreferencesPage *self)
{
  gboolean filled = entries_filled (self);

  gtk_widget_set_sensitive (self->check_button, filled);
  gtk_widget_set_sensitive (self->save_button, filled && self->busy == 0);
  gtk_widget_set_sensitive (self->forget_button, self->busy == 0);
}

static void
set_icon (GtkImage   *image,
          const char *icon_name,
          const char *style)
{
  const char *styles[] = { "success", "warning", "error" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (image), styles[i]);

  gtk_widget_set_visible (GTK_WIDGET (image), icon_name != NULL);
  if (icon_name == NULL)
    return;

  gtk_image_set_from_icon_name (image, icon_name);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (image), style);
}

/* What the keyring holds; text is the SecretId when stored, else a message. */
static void
show_keyring_state (VodupPreferencesPage *self,
                    KeyringState          state,
                    const char           *text)
{
  g_autofree char *subtitle = NULL;

  self->keyring_state = state;

  switch (state)
    {
    case KEYRING_STORED:
      /* Translators: %s is the SecretId (not secret), e.g. AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE. */
      subtitle = g_strdup_printf (_("A key is stored for SecretId %s"), text);
      set_icon (self->keyring_icon, "emblem-ok-symbolic", "success");
      break;
    case KEYRING_NONE:
      subtitle = g_strdup (_("No key is stored. Enter your SecretId and SecretKey below."));
      set_icon (self->keyring_icon, "dialog-information-symbolic", NULL);
      break;
    case KEYRING_PROBLEM:
      subtitle = g_strdup (text);
      set_icon (self->keyring_icon, "dialog-warning-symbolic", "warning");
      break;
    case KEYRING_UNKNOWN:
    default:
      subtitle = g_strdup (_("Looking for a stored key…"));
      set_icon (self->keyring_icon, "dialog-information-symbolic", NULL);
      break;
    }

  adw_action_row_set_subtitle (self->keyring_row, subtitle);
  gtk_widget_set_visible (self->forget_button, state == KEYRING_STORED);
}

static void
show_keyring_error (VodupPreferencesPage *self,
                    const GError         *error)
{
  if (g_error_matches (error, VODUP_ERROR, VODUP_ERROR_NO_CREDENTIALS))
    show_keyring_state (self, KEYRING_NONE, NULL);
  else
    show_keyring_state (self, KEYRING_PROBLEM, error->message);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VodupPreferencesPage) self = user_data;
  g_autoptr(VodupCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = vodup_credential_provider_lookup_finish (VODUP_CREDENTIAL_PROVIDER (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (credentials != NULL)
    show_keyring_state (self, KEYRING_STORED, vodup_credentials_get_secret_id (credentials));
  else
    show_keyring_error (self, error);

  release_busy (self);
}

static void
lookup_keyring (VodupPreferencesPage *self)
{
  hold_busy (self);
  show_keyring_state (self, KEYRING_UNKNOWN, NULL);
  vodup_credential_provider_lookup_async (VODUP_CREDENTIAL_PROVIDER (self->store), self->cancellable,
                                          lookup_cb, g_object_ref (self));
}

static void
show_check_result (VodupPreferencesPage *self,
                   const GError         *error)
{
  gtk_widget_set_visible (GTK_WIDGET (self->check_row), TRUE);
  gtk_spinner_set_spinning (self->check_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner), FALSE);

  if (error == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->check_row), _("These keys work"));
      adw_action_row_set_subtitle (self->check_row, _("Save them to the keyring to upload with them."));
      set_icon (self->check_icon, "emblem-ok-symbolic", "success");
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->check_row), _("These keys did not work"));
      adw_action_row_set_subtitle (self->check_row, error->message);
      set_icon (self->check_icon, "dialog-error-symbolic", "error");
    }
}

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VodupPreferencesPage) self = user_data;
  g_autoptr(GListModel) regions = NULL;
  g_autoptr(GError) error = NULL;

  regions = vodup_vod_client_list_choices_finish (VODUP_VOD_CLIENT (object), result, &error);

  /* Cancelled checks were released when they were replaced. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->check_cancellable);
  show_check_result (self, error);
  release_busy (self);
}

static char *
dup_endpoint (VodupPreferencesPage *self)
{
  g_autofree char *endpoint = g_settings_get_string (self->settings, "api-endpoint");

  return *endpoint != '\0' ? g_steal_pointer (&endpoint) : NULL;
}

/* Asks for the storage regions with the typed keys, through a throwaway
 * client: nothing is saved, and the app's own client is left alone. */
static void
check_cb (VodupPreferencesPage *self)
{
  g_autoptr(VodupCredentials) credentials = NULL;
  g_autoptr(VodupCredentialProvider) provider = NULL;
  g_autoptr(VodupVodClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = dup_endpoint (self);

  if (!entries_filled (self))
    return;

  if (self->check_cancellable != NULL)
    {
      g_cancellable_cancel (self->check_cancellable);
      g_clear_object (&self->check_cancellable);
      release_busy (self);
    }

  credentials = vodup_credentials_new (gtk_editable_get_text (GTK_EDITABLE (self->secret_id_row)),
                                       gtk_editable_get_text (GTK_EDITABLE (self->secret_key_row)),
                                       NULL);
  provider = vodup_static_credential_provider_new (credentials);
  if (self->session == NULL)
    {
      g_autofree char *proxy = g_settings_get_string (self->settings, "proxy");

      /* An unusable proxy is reported when applied; check without it. */
      self->session = vodup_session_new_with_proxy (proxy, NULL);
      if (self->session == NULL)
        self->session = vodup_session_new ();
    }

  client = vodup_vod_client_new (provider, self->session, endpoint, &error);
  if (client == NULL)
    {
      show_check_result (self, error);
      return;
    }

  hold_busy (self);
  self->check_cancellable = g_cancellable_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->check_row), _("Checking the keys…"));
  adw_action_row_set_subtitle (self->check_row, "");
  set_icon (self->check_icon, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner), TRUE);
  gtk_spinner_set_spinning (self->check_spinner, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->check_row), TRUE);

  vodup_vod_client_list_choices_async (client, VODUP_CHOICE_KIND_REGION, 0, self->check_cancellable,
                                       check_done_cb, g_object_ref (self));
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VodupPreferencesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret_id = NULL;

  if (!vodup_secret_store_save_finish (VODUP_SECRET_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          show_keyring_error (self, error);
          release_busy (self);
        }
      return;
    }

  /* The SecretKey is not shown again once it is in the keyring. */
  secret_id = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->secret_id_row)));
  gtk_editable_set_text (GTK_EDITABLE (self->secret_key_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->secret_id_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->check_row), FALSE);
  show_keyring_state (self, KEYRING_STORED, secret_id);
  release_busy (self);

  g_signal_emit (self, signals[CREDENTIALS_CHANGED], 0);
}

static void
save_cb (VodupPreferencesPage *self)
{
  if (!entries_filled (self) || self->busy > 0)
    return;

  hold_busy (self);
  vodup_secret_store_save_async (self->store,
                                 gtk_editable_get_text (GTK_EDITABLE (self->secret_id_row)),
                                 gtk_editable_get_text (GTK_EDITABLE (self->secret_key_row)),
                                 self->cancellable, save_done_cb, g_object_ref (self));
}

static void
forget_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VodupPreferencesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vodup_secret_store_clear_finish (VODUP_SECRET_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          show_keyring_error (self, error);
          release_busy (self);
        }
      return;
    }

  show_keyring_state (self, KEYRING_NONE, NULL);
  release_busy (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->secret_id_row));

  g_signal_emit (self, signals[CREDENTIALS_CHANGED], 0);
}

static void
forget_cb (VodupPreferencesPage *self)
{
  if (self->busy > 0)
    return;

  hold_busy (self);
  vodup_secret_store_clear_async (self->store, self->cancellable, forget_done_cb, g_object_ref (self));
}

static void
entries_changed_cb (VodupPreferencesPage *self)
{
  /* A result for other keys than the ones shown would mislead. */
  if (self->check_cancellable != NULL)
    {
      g_cancellable_cancel (self->check_cancellable);
      g_clear_object (&self->check_cancellable);
      release_busy (self);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->check_row), FALSE);
  update_sensitivity (self);
}

/* Empty is fine (the default endpoint); anything else goes through the
 * engine's rules, which refuse plain http:// except on loopback. */
static gboolean
validate_endpoint (VodupPreferencesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row));
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;

  if (*text != '\0')
    uri = vodup_endpoint_parse (text, &error);

  gtk_widget_set_visible (GTK_WIDGET (self->endpoint_error), error != NULL);
  if (error == NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->endpoint_row), "error");
      return TRUE;
    }

  gtk_widget_add_css_class (GTK_WIDGET (self->endpoint_row), "error");
  gtk_label_set_text (self->endpoint_error, error->message);
  return FALSE;
}

static void
endpoint_changed_cb (VodupPreferencesPage *self)
{
  validate_endpoint (self);
}

static void
endpoint_apply_cb (VodupPreferencesPage *self)
{
  if (validate_endpoint (self))
    g_settings_set_string (self->settings, "api-endpoint",
                           gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row)));
}

/* The hint turns into the error while the text cannot be used. */
static gboolean
validate_proxy (VodupPreferencesPage *self)
{
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;

  uri = vodup_session_normalize_proxy (gtk_editable_get_text (GTK_EDITABLE (self->proxy_row)),
                                       &error);
  if (error == NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->proxy_row), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->proxy_hint), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->proxy_hint), "dim-label");
      gtk_label_set_text (self->proxy_hint,
                          _("Empty uses the system’s settings. Example: http://proxy.example.com:3128"));
      return TRUE;
    }

  gtk_widget_add_css_class (GTK_WIDGET (self->proxy_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->proxy_hint), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->proxy_hint), "error");
  gtk_label_set_text (self->proxy_hint, error->message);
  return FALSE;
}

static void
proxy_changed_cb (VodupPreferencesPage *self)
{
  validate_proxy (self);
}

static void
proxy_apply_cb (VodupPreferencesPage *self)
{
  if (!validate_proxy (self))
    return;

  g_settings_set_string (self->settings, "proxy",
                         gtk_editable_get_text (GTK_EDITABLE (self->proxy_row)));
  /* The next key check goes through the new proxy. */
  g_clear_object (&self->session);
}

static void
bind_settings (VodupPreferencesPage *self)
{
  g_autofree char *endpoint = g_settings_get_string (self->settings, "api-endpoint");
  g_autofree char *proxy = g_settings_get_string (self->settings, "proxy");

  g_settings_bind (self->settings, "files-in-flight",
                   gtk_spin_button_get_adjustment (self->files_spin), "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "parts-in-flight",
                   gtk_spin_button_get_adjustment (self->parts_spin), "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "part-size-mib",
                   gtk_spin_button_get_adjustment (self->part_size_spin), "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "resume-paused",
                   self->resume_paused_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "inhibit-suspend",
                   self->inhibit_switch, "active", G_SETTINGS_BIND_DEFAULT);

  /* Before the apply button is on, so that the stored value needs no applying. */
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), endpoint);
  adw_entry_row_set_show_apply_button (self->endpoint_row, TRUE);
  validate_endpoint (self);

  gtk_editable_set_text (GTK_EDITABLE (self->proxy_row), proxy);
  adw_entry_row_set_show_apply_button (self->proxy_row, TRUE);
  validate_proxy (self);
}

static void
vodup_preferences_page_dispose (GObject *object)
{
  VodupPreferencesPage *self = (VodupPreferencesPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->check_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), VODUP_TYPE_PREFERENCES_PAGE);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vodup_preferences_page_parent_class)->dispose (object);
}

static void
vodup_preferences_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  VodupPreferencesPage *self = VODUP_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vodup_preferences_page_class_init (VodupPreferencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vodup_preferences_page_dispose;
  object_class->get_property = vodup_preferences_page_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After keys were saved to or removed from the keyring. */
  signals[CREDENTIALS_CHANGED] =
    g_signal_new ("credentials-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vodup/Vodup/vodup-preferences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VodupPreferencesPage, keyring_row);
  gtk_widget_class_bind_template_child (widget_class, VodupPreferencesPage, keyring_icon);
  gtk_widget_class_bind_template_child (widget_class, VodupPreferencesPage, forget_button);
  gtk_widget_class_bind_template_child (widget_class, VodupPreferencesPage, secret_id_row);
  gtk_widget_class_bind_template_child (widget_class, VodupPreferencesPage, secret_key_row);
  gtk_widget_class_bind_template_child (widget_class, VodupPreferencesPage, check_row);
  gtk_widget_class_bind_template_child (widget_class, VodupPreferencesPage, check_icon);
  gtk_widget_class_bind_template_child (widget_class, VodupPreferencesPage, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, VodupPreferencesPage, check_button);
  gtk_widget_class_bind_template_child (widget_class, VodupPreferencesPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, VodupPreferencesPage, files_spin);
  gtk_widget_class_bind_template_child (widget_class, VodupPreferencesPage, parts_spin);
  gtk_widget_class_bind_template_child (widget_class, VodupPreferencesPage, part_size_spin);
  gtk_widget_class_bind_template_child (widget_class, VodupPreferencesPage, resume_paused_switch);
  gtk_widget_class_bind_template_child (widget_class, VodupPreferencesPage, inhibit_switch);
  gtk_widget_class_bind_template_child (widget_class, VodupPreferencesPage, proxy_row);
  gtk_widget_class_bind_template_child (widget_class, VodupPreferencesPage, proxy_hint);
  gtk_widget_class_bind_template_child (widget_class, VodupPreferencesPage, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, VodupPreferencesPage, endpoint_error);

  gtk_widget_class_bind_template_callback (widget_class, proxy_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, proxy_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_cb);
  gtk_widget_class_bind_template_callback (widget_class, forget_cb);
  gtk_widget_class_bind_template_callback (widget_class, entries_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, endpoint_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, endpoint_apply_cb);
}

static void
vodup_preferences_page_init (VodupPreferencesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->store = vodup_secret_store_new ();
  self->cancellable = g_cancellable_new ();

  bind_settings (self);
  update_sensitivity (self);
  lookup_keyring (self);
}

GtkWidget *
vodup_preferences_page_new (void)
{
  return g_object_new (VODUP_TYPE_PREFERENCES_PAGE, NULL);
}
