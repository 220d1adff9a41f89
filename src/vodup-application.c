/* vodup-application.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vodup-application.h"
#include "vodup-compat.h"
#include "vodup-preferences-page.h"
#include "vodup-secret-store.h"
#include "vodup-window-private.h"

/* After "Stop and Close", how long aborting multipart uploads may take. */
#define STOP_TIMEOUT_SECONDS 10

struct _VodupApplication
{
  AdwApplication    parent_instance;

  GSettings        *settings;
  VodupUploadQueue *queue;
  VodupSecretStore *secret_store;   /* the journal's upload credentials */
  VodupVodClient   *vod_client;
  GCancellable     *lookup_cancellable;
  char             *credentials_problem;
  gboolean          looking_up;
  gboolean          local_endpoint;

  guint             stop_timeout;
  gboolean          stopping;
};

G_DEFINE_FINAL_TYPE (VodupApplication, vodup_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_CREDENTIALS_PROBLEM,
  PROP_LOOKING_UP,
  PROP_LOCAL_ENDPOINT,
  PROP_VOD_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  VodupApplication *self;
  GCancellable     *cancellable;
} Lookup;

/* Endpoints ---------------------------------------------------------------- */

/* $VODUP_API_ENDPOINT (tests, the demo), else the setting, else NULL for
 * the public endpoint. */
static char *
dup_api_endpoint (VodupApplication *self)
{
  const char *env = g_getenv ("VODUP_API_ENDPOINT");
  g_autofree char *setting = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  setting = g_settings_get_string (self->settings, "api-endpoint");

  return *setting != '\0' ? g_steal_pointer (&setting) : NULL;
}

static gboolean
is_loopback_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL || *url == '\0')
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && g_uri_get_host (uri) != NULL &&
         vodup_endpoint_is_loopback (g_uri_get_host (uri));
}

/* "Nothing leaves this computer" holds only when COS goes to loopback too:
 * without VODUP_COS_ENDPOINT the bytes would go to the bucket's host. */
static void
update_local_endpoint (VodupApplication *self,
                       const char       *api_endpoint)
{
  gboolean local = is_loopback_url (api_endpoint) && is_loopback_url (g_getenv ("VODUP_COS_ENDPOINT"));

  if (local == self->local_endpoint)
    return;

  self->local_endpoint = local;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCAL_ENDPOINT]);
}

/* Credentials -------------------------------------------------------------- */

static void
set_credentials_state (VodupApplication *self,
                       const char       *problem,
                       gboolean          looking_up)
{
  if (g_strcmp0 (problem, self->credentials_problem) != 0)
    {
      g_free (self->credentials_problem);
      self->credentials_problem = g_strdup (problem);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDENTIALS_PROBLEM]);
    }

  if (looking_up != self->looking_up)
    {
      self->looking_up = looking_up;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOOKING_UP]);
    }
}

/* The queue and the options panel's pickers use the same client. */
static void
set_clients (VodupApplication *self,
             VodupVodClient   *vod,
             VodupCosClient   *cos)
{
  vodup_upload_queue_set_clients (self->queue, vod, cos);

  if (g_set_object (&self->vod_client, vod))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOD_CLIENT]);
}

static char *
describe_problem (const GError *error)
{
  if (g_error_matches (error, VODUP_ERROR, VODUP_ERROR_NO_CREDENTIALS))
    return g_strdup (_("No API key yet. Add your SecretId and SecretKey in Preferences "
                       "to start uploading; videos you add wait in the queue."));

  return g_strdup (error->message);
}

static gboolean
make_clients (VodupApplication  *self,
              VodupCredentials  *credentials,
              VodupVodClient   **vod,
              VodupCosClient   **cos,
              GError           **error)
{
  g_autoptr(VodupCredentialProvider) provider = vodup_static_credential_provider_new (credentials);
  g_autofree char *api_endpoint = dup_api_endpoint (self);
  g_autofree char *proxy = g_settings_get_string (self->settings, "proxy");
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(VodupVodClient) new_vod = NULL;
  g_autoptr(VodupCosClient) new_cos = NULL;

  if (!(session = vodup_session_new_with_proxy (proxy, error)))
    return FALSE;

  /* The COS client shares the VOD client's session (and connections).
   * A NULL COS endpoint means $VODUP_COS_ENDPOINT or the bucket's host. */
  new_vod = vodup_vod_client_new (provider, session, api_endpoint, error);
  if (new_vod == NULL)
    return FALSE;

  new_cos = vodup_cos_client_new (vodup_vod_client_get_session (new_vod), NULL, error);
  if (new_cos == NULL)
    return FALSE;

  *vod = g_steal_pointer (&new_vod);
  *cos = g_steal_pointer (&new_cos);

  return TRUE;
}

static void
apply_lookup (VodupApplication *self,
              VodupCredentials *credentials,
              GError           *error)
{
  g_autoptr(VodupVodClient) vod = NULL;
  g_autoptr(VodupCosClient) cos = NULL;
  g_autoptr(GError) client_error = NULL;
  g_autofree char *problem = NULL;

  if (credentials != NULL && make_clients (self, credentials, &vod, &cos, &client_error))
    {
      set_clients (self, vod, cos);
      set_credentials_state (self, NULL, FALSE);
      return;
    }

  /* Queued uploads wait for vodup_application_reload_credentials(). */
  problem = describe_problem (client_error ? client_error : error);
  set_clients (self, NULL, NULL);
  set_credentials_state (self, problem, FALSE);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(VodupCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = vodup_credential_provider_lookup_finish (VODUP_CREDENTIAL_PROVIDER (object),
                                                         result, &error);

  /* Unless a newer lookup has taken over. */
  if (!g_cancellable_is_cancelled (lookup->cancellable))
    apply_lookup (lookup->self, credentials, error);

  g_object_unref (lookup->self);
  g_object_unref (lookup->cancellable);
  g_free (lookup);
}

void
vodup_application_reload_credentials (VodupApplication *self)
{
  g_autoptr(VodupCredentialProvider) provider = NULL;
  g_autofree char *endpoint = NULL;
  Lookup *lookup;

  g_return_if_fail (VODUP_IS_APPLICATION (self));
  g_return_if_fail (self->queue != NULL);

  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  self->lookup_cancellable = g_cancellable_new ();

  endpoint = dup_api_endpoint (self);
  update_local_endpoint (self, endpoint);

  /* TENCENTCLOUD_SECRET_ID/_KEY (the demo, tests), else the keyring. */
  provider = vodup_static_credential_provider_new_from_env ();
  if (provider == NULL)
    provider = VODUP_CREDENTIAL_PROVIDER (vodup_secret_store_new ());

  lookup = g_new0 (Lookup, 1);
  lookup->self = g_object_ref (self);
  lookup->cancellable = g_object_ref (self->lookup_cancellable);

  set_credentials_state (self, self->credentials_problem, TRUE);
  vodup_credential_provider_lookup_async (provider, lookup->cancellable, lookup_cb, lookup);
}

/* Settings ----------------------------------------------------------------- */

static void
transfer_settings_changed_cb (VodupApplication *self)
{
  guint64 part_size = (guint64) g_settings_get_uint (self->settings, "part-size-mib") * 1024 * 1024;

  vodup_upload_queue_set_files_in_flight (self->queue,
                                          g_settings_get_uint (self->settings, "files-in-flight"));
  vodup_upload_queue_set_parts_in_flight (self->queue,
                                          g_settings_get_uint (self->settings, "parts-in-flight"));
  vodup_upload_queue_set_part_size (self->queue, part_size);
}

static void
watch_settings (VodupApplication *self)
{
  static const char * const transfer_keys[] = { "files-in-flight", "parts-in-flight", "part-size-mib" };

  for (guint i = 0; i < G_N_ELEMENTS (transfer_keys); i++)
    {
      g_autofree char *signal = g_strconcat ("changed::", transfer_keys[i], NULL);

      g_signal_connect_object (self->settings, signal, G_CALLBACK (transfer_settings_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  transfer_settings_changed_cb (self);

  g_signal_connect_object (self->settings, "changed::api-endpoint",
                           G_CALLBACK (vodup_application_reload_credentials),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::proxy",
                           G_CALLBACK (vodup_application_reload_credentials),
                           self, G_CONNECT_SWAPPED);
}

/* Queue -------------------------------------------------------------------- */

static void
upload_finished_cb (VodupApplication *self,
                    VodupUpload      *upload)
{
  /* Does nothing for uploads without a Procedure. */
  if (vodup_upload_get_state (upload) == VODUP_UPLOAD_STATE_DONE)
    vodup_upload_follow_task (upload);
}

static void
stop_finished (VodupApplication *self)
{
  if (self->stop_timeout == 0)
    return;

  g_clear_handle_id (&self->stop_timeout, g_source_remove);
  g_application_release (G_APPLICATION (self));
}

static gboolean
stop_timeout_cb (gpointer user_data)
{
  VodupApplication *self = user_data;

  g_debug ("Uploads still stopping after %d s; quitting anyway", STOP_TIMEOUT_SECONDS);
  g_application_release (G_APPLICATION (self));
  self->stop_timeout = 0;

  return G_SOURCE_REMOVE;
}

static void
queue_shut_down_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VodupApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vodup_upload_queue_shutdown_finish (VODUP_UPLOAD_QUEUE (object), result, &error))
    g_debug ("Could not stop the uploads: %s", error->message);

  stop_finished (self);
}

/* Quitting stops the transfers but keeps the uploads: the journal has
 * them, and the next start resumes them (or shows them paused, with
 * resume-paused). Nothing is aborted on COS. The application stays until
 * the commits under way are done, for at most a few seconds. */
void
vodup_application_stop_uploads (VodupApplication *self)
{
  g_return_if_fail (VODUP_IS_APPLICATION (self));

  if (self->stopping)
    return;

  self->stopping = TRUE;
  g_application_hold (G_APPLICATION (self));
  self->stop_timeout = g_timeout_add_seconds (STOP_TIMEOUT_SECONDS, stop_timeout_cb, self);
  vodup_upload_queue_shutdown_async (self->queue, NULL, queue_shut_down_cb, g_object_ref (self));
}

/* Actions ------------------------------------------------------------------ */

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  VodupApplication *self = user_data;
  GtkWidget *page = vodup_preferences_page_new ();

  /* Saved or forgotten keys: new clients for the queue and the pickers. */
  g_signal_connect_object (page, "credentials-changed",
                           G_CALLBACK (vodup_application_reload_credentials),
                           self, G_CONNECT_SWAPPED);
  vodup_compat_present_preferences (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                    ADW_PREFERENCES_PAGE (page));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  VodupApplication *self = user_data;

  vodup_compat_show_about (gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  VodupApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Each window may ask first (uploads still running). */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (windows->data);
      windows = next;
    }
}

static const GActionEntry app_entries[] = {
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

/* GApplication ------------------------------------------------------------- */

static void
cleanup_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gssize forgotten = vodup_upload_cleanup_abandoned_finish (result, &error);

  if (forgotten < 0)
    g_debug ("Could not clean up abandoned uploads: %s", error->message);
  else if (forgotten > 0)
    g_debug ("Forgot %" G_GSSIZE_FORMAT " abandoned upload(s)", forgotten);
}

/* Records that cannot be resumed any more (file gone or changed,
 * credential expired or lost) keep parts on COS: abort and forget them,
 * in the background. Rows about to resume do that themselves, so only
 * paused and failed rows (and records no row shows) are looked at. */
static void
cleanup_abandoned (VodupApplication *self)
{
  g_autoptr(GStrvBuilder) skip = g_strv_builder_new ();
  g_autofree char *proxy = g_settings_get_string (self->settings, "proxy");
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(VodupCosClient) cos = NULL;
  g_auto(GStrv) skip_ids = NULL;
  g_autoptr(GError) error = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->queue));

  if (!(session = vodup_session_new_with_proxy (proxy, &error)) ||
      !(cos = vodup_cos_client_new (session, NULL, &error)))
    {
      g_debug ("No cleanup of abandoned uploads: %s", error->message);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VodupUpload) upload = g_list_model_get_item (G_LIST_MODEL (self->queue), i);
      VodupUploadState state = vodup_upload_get_state (upload);

      if (state != VODUP_UPLOAD_STATE_PAUSED && state != VODUP_UPLOAD_STATE_FAILED)
        g_strv_builder_add (skip, vodup_upload_get_id (upload));
    }
  skip_ids = g_strv_builder_end (skip);

  vodup_upload_cleanup_abandoned_async (VODUP_CREDENTIAL_VAULT (self->secret_store), cos,
                                        (const char * const *) skip_ids, NULL, cleanup_done_cb, NULL);
}

static void
restored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VodupApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vodup_upload_queue_restore_finish (VODUP_UPLOAD_QUEUE (object), result, &error))
    g_warning ("Could not read the uploads of the last session: %s", error->message);

  /* After the restore, which decides what the rows resume themselves. */
  cleanup_abandoned (self);
}

static void
vodup_application_startup (GApplication *application)
{
  VodupApplication *self = VODUP_APPLICATION (application);
  GtkApplication *gtk_application = GTK_APPLICATION (application);

  G_APPLICATION_CLASS (vodup_application_parent_class)->startup (application);

  g_set_application_name (_("Vodup"));
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);
  self->queue = vodup_upload_queue_new (NULL, NULL);
  g_signal_connect_object (self->queue, "upload-finished", G_CALLBACK (upload_finished_cb),
                           self, G_CONNECT_SWAPPED);
  watch_settings (self);

  /* Uploads interrupted by a crash or a restart come back, waiting for
   * clients like any other; the journal is shared with vodup-cli. */
  self->secret_store = vodup_secret_store_new ();
  vodup_upload_queue_set_journal (self->queue, VODUP_CREDENTIAL_VAULT (self->secret_store));
  vodup_upload_queue_restore_async (self->queue, g_settings_get_boolean (self->settings, "resume-paused"),
                                    NULL, restored_cb, g_object_ref (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries, G_N_ELEMENTS (app_entries), self);
  gtk_application_set_accels_for_action (gtk_application, "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (gtk_application, "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (gtk_application, "window.close",
                                         (const char *[]) { "<Control>w", NULL });

  vodup_application_reload_credentials (self);
}

static void
vodup_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (vodup_window_new (VODUP_APPLICATION (application)));

  gtk_window_present (window);
}

/* "vodup FILE…", or files opened with Vodup from a file manager. */
static void
vodup_application_open (GApplication  *application,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  GtkWindow *window;
  GList *list = NULL;

  g_application_activate (application);
  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  g_return_if_fail (VODUP_IS_WINDOW (window));

  for (int i = n_files; i > 0; i--)
    list = g_list_prepend (list, files[i - 1]);

  _vodup_window_add_files (VODUP_WINDOW (window), list);
  g_list_free (list);
}

static void
vodup_application_shutdown (GApplication *application)
{
  VodupApplication *self = VODUP_APPLICATION (application);

  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_handle_id (&self->stop_timeout, g_source_remove);

  G_APPLICATION_CLASS (vodup_application_parent_class)->shutdown (application);
}

/* GObject ------------------------------------------------------------------ */

static void
vodup_application_finalize (GObject *object)
{
  VodupApplication *self = VODUP_APPLICATION (object);

  g_clear_object (&self->lookup_cancellable);
  g_clear_object (&self->vod_client);
  g_clear_object (&self->queue);
  g_clear_object (&self->secret_store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->credentials_problem, g_free);

  G_OBJECT_CLASS (vodup_application_parent_class)->finalize (object);
}

static void
vodup_application_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VodupApplication *self = VODUP_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_CREDENTIALS_PROBLEM:
      g_value_set_string (value, self->credentials_problem);
      break;
    case PROP_LOOKING_UP:
      g_value_set_boolean (value, self->looking_up);
      break;
    case PROP_LOCAL_ENDPOINT:
      g_value_set_boolean (value, self->local_endpoint);
      break;
    case PROP_VOD_CLIENT:
      g_value_set_object (value, self->vod_client);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vodup_application_class_init (VodupApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vodup_application_finalize;
  object_class->get_property = vodup_application_get_property;

  application_class->startup = vodup_application_startup;
  application_class->activate = vodup_application_activate;
  application_class->open = vodup_application_open;
  application_class->shutdown = vodup_application_shutdown;

  properties[PROP_CREDENTIALS_PROBLEM] =
    g_param_spec_string ("credentials-problem", NULL, NULL, NULL, flags);
  properties[PROP_LOOKING_UP] =
    g_param_spec_boolean ("looking-up", NULL, NULL, FALSE, flags);
  properties[PROP_LOCAL_ENDPOINT] =
    g_param_spec_boolean ("local-endpoint", NULL, NULL, FALSE, flags);
  properties[PROP_VOD_CLIENT] =
    g_param_spec_object ("vod-client", NULL, NULL, VODUP_TYPE_VOD_CLIENT, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vodup_application_init (VodupApplication *self)
{
}

VodupApplication *
vodup_application_new (void)
{
  return g_object_new (VODUP_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/io/github/vodup/Vodup",
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

GSettings *
vodup_application_get_settings (VodupApplication *self)
{
  g_return_val_if_fail (VODUP_IS_APPLICATION (self), NULL);

  return self->settings;
}

VodupUploadQueue *
vodup_application_get_queue (VodupApplication *self)
{
  g_return_val_if_fail (VODUP_IS_APPLICATION (self), NULL);

  return self->queue;
}

const char *
vodup_application_get_credentials_problem (VodupApplication *self)
{
  g_return_val_if_fail (VODUP_IS_APPLICATION (self), NULL);

  return self->credentials_problem;
}

gboolean
vodup_application_get_looking_up (VodupApplication *self)
{
  g_return_val_if_fail (VODUP_IS_APPLICATION (self), FALSE);

  return self->looking_up;
}

gboolean
vodup_application_get_local_endpoint (VodupApplication *self)
{
  g_return_val_if_fail (VODUP_IS_APPLICATION (self), FALSE);

  return self->local_endpoint;
}

VodupVodClient *
vodup_application_get_vod_client (VodupApplication *self)
{
  g_return_val_if_fail (VODUP_IS_APPLICATION (self), NULL);

  return self->vod_client;
}
