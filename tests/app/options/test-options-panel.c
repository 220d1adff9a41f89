/* test-options-panel.c: the upload options panel against the simulator
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "test-options-util.h"
#include "vodup-choice-row.h"
#include "vodup-options-panel.h"

#define WRONG_SECRET_KEY "notTheRightSecretKey000000000000"

/* Credentials that a test can swap, as a user fixing the keys would. */
#define TEST_TYPE_PROVIDER (test_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestProvider, test_provider, TEST, PROVIDER, GObject)

struct _TestProvider
{
  GObject           parent_instance;
  VodupCredentials *credentials;
};

static void test_provider_iface_init (VodupCredentialProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestProvider, test_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VODUP_TYPE_CREDENTIAL_PROVIDER, test_provider_iface_init))

static void
test_provider_lookup_async (VodupCredentialProvider *provider,
                            GCancellable            *cancellable,
                            GAsyncReadyCallback      callback,
                            gpointer                 user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  g_task_return_pointer (task, vodup_credentials_ref (TEST_PROVIDER (provider)->credentials),
                         (GDestroyNotify) vodup_credentials_unref);
}

static VodupCredentials *
test_provider_lookup_finish (VodupCredentialProvider  *provider,
                             GAsyncResult             *result,
                             GError                  **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_provider_iface_init (VodupCredentialProviderInterface *iface)
{
  iface->lookup_async = test_provider_lookup_async;
  iface->lookup_finish = test_provider_lookup_finish;
}

static void
test_provider_finalize (GObject *object)
{
  g_clear_pointer (&TEST_PROVIDER (object)->credentials, vodup_credentials_unref);
  G_OBJECT_CLASS (test_provider_parent_class)->finalize (object);
}

static void
test_provider_class_init (TestProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_provider_finalize;
}

static void
test_provider_init (TestProvider *self)
{
}

static void
test_provider_set_key (TestProvider *self,
                       const char   *secret_key)
{
  g_clear_pointer (&self->credentials, vodup_credentials_unref);
  self->credentials = vodup_credentials_new (VODUP_SIM_SECRET_ID, secret_key, NULL);
}

static GtkWidget *
child (GtkWidget  *panel,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (panel, VODUP_TYPE_OPTIONS_PANEL, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* The character counter: in the row only while there is text. */
static GtkWidget *
find_count (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "numeric"))
    return root;

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_count (c);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GListModel *
row_model (GtkWidget  *panel,
           const char *name)
{
  return adw_combo_row_get_model (ADW_COMBO_ROW (child (panel, name)));
}

static const char *
selected_id (GtkWidget  *panel,
             const char *name)
{
  return vodup_choice_row_get_selected_id (VODUP_CHOICE_ROW (child (panel, name)));
}

/* As the user would: by position in the drop-down. */
static void
choose (GtkWidget  *panel,
        const char *name,
        const char *id)
{
  int position = test_ui_find_choice (row_model (panel, name), id);

  g_assert_cmpint (position, >=, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (panel, name)), position);
}

static void
assert_ids (GListModel          *model,
            const char * const *expected)
{
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    {
      g_autoptr(VodupChoice) choice = g_list_model_get_item (model, i);

      g_assert_cmpstr (vodup_choice_get_id (choice), ==, expected[i]);
    }
}

static gboolean
choice_is_default (GListModel *model,
                   const char *id)
{
  g_autoptr(VodupChoice) choice = g_list_model_get_item (model, test_ui_find_choice (model, id));

  return vodup_choice_get_is_default (choice);
}

static void
type_text (GtkWidget  *panel,
           const char *name,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (panel, name)), text);
}

static JsonObject *
first_apply_params (JsonObject *state)
{
  JsonArray *applies = json_object_get_array_member (state, "applies");

  g_assert_cmpuint (json_array_get_length (applies), >=, 1);
  return json_object_get_object_member (json_array_get_object_element (applies, 0), "params");
}

static void
test_pickers_filled (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(GFile) file = vodup_test_make_file (env, "trip.mp4", 4000, 7);
  g_autoptr(VodupUploadOptions) options = NULL;
  g_autoptr(JsonObject) state = NULL;
  const char * const regions[] = { "", "ap-chongqing", "ap-guangzhou", NULL };
  const char * const classes[] = { "", "0", "1", "2", NULL };
  const char * const sub_apps[] = { "", "1500000001", "1500000002", NULL };
  GtkWidget *panel, *window;
  VodupUpload *upload;
  JsonObject *params;
  gint64 requests;

  test_ui_reset_settings ();
  panel = vodup_options_panel_new ();
  window = test_ui_window_new (panel, 420, 900);

  vodup_options_panel_set_client (VODUP_OPTIONS_PANEL (panel), env->vod);
  g_assert_true (vodup_options_panel_get_loading (VODUP_OPTIONS_PANEL (panel)));
  g_assert_true (vodup_choice_row_get_loading (VODUP_CHOICE_ROW (child (panel, "region_row"))));
  test_ui_wait_property (panel, "loading", FALSE, 20);

  /* Only opened regions, the account's default marked, "automatic" first. */
  assert_ids (row_model (panel, "region_row"), regions);
  g_assert_true (choice_is_default (row_model (panel, "region_row"), "ap-chongqing"));
  g_assert_false (choice_is_default (row_model (panel, "region_row"), "ap-guangzhou"));
  assert_ids (row_model (panel, "class_row"), classes);
  assert_ids (row_model (panel, "sub_app_row"), sub_apps);
  g_assert_cmpint (test_ui_find_choice (row_model (panel, "procedure_row"), "LongVideoPreset"), >, 0);
  g_assert_cmpint (test_ui_find_choice (row_model (panel, "procedure_row"), "vodup-transcode"), >, 0);
  g_assert_false (gtk_widget_get_visible (child (panel, "status_row")));
  test_ui_screenshot (window, "options-panel");

  /* Another application reloads the lists that belong to one. */
  requests = vodup_sim_get_counter (env->sim, "requests");
  choose (panel, "sub_app_row", "1500000002");
  g_assert_true (vodup_options_panel_get_loading (VODUP_OPTIONS_PANEL (panel)));
  test_ui_wait_property (panel, "loading", FALSE, 20);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "requests"), >=, requests + 3);
  assert_ids (row_model (panel, "region_row"), regions);

  choose (panel, "region_row", "ap-guangzhou");
  choose (panel, "procedure_row", "LongVideoPreset");
  choose (panel, "class_row", "2");
  type_text (panel, "media_name_row", "旅行 Trip");
  type_text (panel, "expire_row", "2030-01-01T00:00:00+08:00");
  type_text (panel, "source_context_row", "job-7");
  type_text (panel, "session_context_row", "{\"user\":\"ada\"}");

  options = vodup_options_panel_dup_options (VODUP_OPTIONS_PANEL (panel));
  g_assert_cmpstr (options->storage_region, ==, "ap-guangzhou");
  g_assert_cmpstr (options->procedure, ==, "LongVideoPreset");
  g_assert_cmpint (options->class_id, ==, 2);
  g_assert_cmpuint (options->sub_app_id, ==, 1500000002);
  g_assert_cmpstr (options->media_name, ==, "旅行 Trip");
  g_assert_cmpstr (options->expire_time, ==, "2030-01-01T00:00:00+08:00");
  g_assert_cmpstr (options->source_context, ==, "job-7");
  g_assert_cmpstr (options->session_context, ==, "{\"user\":\"ada\"}");
  g_assert_null (options->cover);
  g_assert_true (vodup_options_panel_validate (VODUP_OPTIONS_PANEL (panel), NULL));

  upload = vodup_upload_queue_add_file (env->queue, file, options);
  vodup_test_wait_finished (upload, 60);
  g_assert_null (vodup_upload_get_error (upload));

  state = vodup_sim_dup_state (env->sim);
  params = first_apply_params (state);
  g_assert_cmpstr (json_object_get_string_member (params, "StorageRegion"), ==, "ap-guangzhou");
  g_assert_cmpstr (json_object_get_string_member (params, "Procedure"), ==, "LongVideoPreset");
  g_assert_cmpint (json_object_get_int_member (params, "ClassId"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (params, "SubAppId"), ==, 1500000002);
  g_assert_cmpstr (json_object_get_string_member (params, "MediaName"), ==, "旅行 Trip");
  g_assert_cmpstr (json_object_get_string_member (params, "ExpireTime"), ==, "2030-01-01T00:00:00+08:00");
  g_assert_cmpstr (json_object_get_string_member (params, "SourceContext"), ==, "job-7");
  g_assert_cmpstr (json_object_get_string_member (params, "SessionContext"), ==, "{\"user\":\"ada\"}");

  /* The per-file fields empty out for the next file; the rest stays. */
  vodup_options_panel_reset_next_file (VODUP_OPTIONS_PANEL (panel));
  g_clear_pointer (&options, vodup_upload_options_free);
  options = vodup_options_panel_dup_options (VODUP_OPTIONS_PANEL (panel));
  g_assert_null (options->media_name);
  g_assert_cmpstr (options->storage_region, ==, "ap-guangzhou");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_defaults_send_nothing (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(VodupUploadOptions) options = NULL;
  GtkWidget *panel;

  test_ui_reset_settings ();
  panel = g_object_ref_sink (vodup_options_panel_new ());
  vodup_options_panel_set_client (VODUP_OPTIONS_PANEL (panel), env->vod);
  test_ui_wait_property (panel, "loading", FALSE, 20);

  options = vodup_options_panel_dup_options (VODUP_OPTIONS_PANEL (panel));
  g_assert_null (options->storage_region);
  g_assert_null (options->procedure);
  g_assert_cmpint (options->class_id, <, 0);
  g_assert_cmpuint (options->sub_app_id, ==, 0);
  g_assert_null (options->media_name);
  g_assert_null (options->expire_time);
  g_assert_null (options->source_context);

  g_object_unref (panel);
}

static void
test_no_client (void)
{
  GtkWidget *panel, *window, *status;

  test_ui_reset_settings ();
  panel = vodup_options_panel_new ();
  window = test_ui_window_new (panel, 420, 700);
  status = child (panel, "status_row");

  g_assert_true (gtk_widget_get_visible (status));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (status)), ==,
                   "Set your API keys in Preferences");
  g_assert_true (gtk_widget_get_visible (child (panel, "preferences_button")));
  g_assert_false (gtk_widget_get_visible (child (panel, "retry_button")));
  g_assert_false (gtk_widget_get_sensitive (child (panel, "region_row")));
  g_assert_false (gtk_widget_get_sensitive (child (panel, "sub_app_row")));
  g_assert_false (vodup_options_panel_get_loading (VODUP_OPTIONS_PANEL (panel)));
  test_ui_screenshot (window, "options-panel-no-keys");

  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_spinner (GtkWidget *root)
{
  if (GTK_IS_SPINNER (root))
    return root;

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_spinner (c);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_loading (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(JsonObject) faults = json_object_new ();
  GtkWidget *panel, *window, *spinner;

  test_ui_reset_settings ();
  json_object_set_int_member (faults, "delay_ms", 1500);
  vodup_sim_set_faults (env->sim, faults);

  panel = vodup_options_panel_new ();
  window = test_ui_window_new (panel, 420, 900);
  vodup_options_panel_set_client (VODUP_OPTIONS_PANEL (panel), env->vod);

  /* A spinner in each row while its list is on the way, then none. */
  spinner = find_spinner (child (panel, "procedure_row"));
  g_assert_nonnull (spinner);
  g_assert_true (gtk_widget_get_visible (spinner));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_false (gtk_widget_get_visible (child (panel, "status_row")));
  test_ui_screenshot (window, "options-panel-loading");

  test_ui_wait_property (panel, "loading", FALSE, 20);
  g_assert_false (gtk_widget_get_visible (spinner));
  g_assert_cmpint (test_ui_find_choice (row_model (panel, "procedure_row"), "LongVideoPreset"), >, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_picker_failure (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(TestProvider) provider = g_object_new (TEST_TYPE_PROVIDER, NULL);
  g_autoptr(VodupVodClient) client = NULL;
  g_autoptr(GError) error = NULL;
  const GError *region_error;
  const char *subtitle;
  GtkWidget *panel, *window, *status;

  test_ui_reset_settings ();
  test_provider_set_key (provider, WRONG_SECRET_KEY);
  client = vodup_vod_client_new (VODUP_CREDENTIAL_PROVIDER (provider), env->session,
                                 vodup_sim_get_uri (env->sim), &error);
  g_assert_no_error (error);

  panel = vodup_options_panel_new ();
  window = test_ui_window_new (panel, 420, 900);
  vodup_options_panel_set_client (VODUP_OPTIONS_PANEL (panel), client);
  test_ui_wait_property (panel, "loading", FALSE, 20);

  /* The engine's own message, with a Retry button. */
  region_error = vodup_choice_row_get_error (VODUP_CHOICE_ROW (child (panel, "region_row")));
  g_assert_error (region_error, VODUP_ERROR, VODUP_ERROR_AUTH);
  status = child (panel, "status_row");
  g_assert_true (gtk_widget_get_visible (status));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (status)), ==,
                   "Could not load the lists");
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (status));
  g_assert_nonnull (strstr (subtitle, region_error->message));
  g_assert_null (strstr (subtitle, WRONG_SECRET_KEY));
  g_assert_true (gtk_widget_get_visible (child (panel, "retry_button")));
  g_assert_false (gtk_widget_get_visible (child (panel, "preferences_button")));
  g_assert_cmpuint (g_list_model_get_n_items (row_model (panel, "region_row")), ==, 1);
  test_ui_screenshot (window, "options-panel-error");

  /* Keys fixed, Retry fills the lists. */
  test_provider_set_key (provider, VODUP_SIM_SECRET_KEY);
  g_signal_emit_by_name (child (panel, "retry_button"), "clicked");
  g_assert_true (vodup_options_panel_get_loading (VODUP_OPTIONS_PANEL (panel)));
  test_ui_wait_property (panel, "loading", FALSE, 20);

  g_assert_false (gtk_widget_get_visible (status));
  g_assert_null (vodup_choice_row_get_error (VODUP_CHOICE_ROW (child (panel, "region_row"))));
  g_assert_cmpuint (g_list_model_get_n_items (row_model (panel, "region_row")), ==, 3);
  g_assert_cmpint (test_ui_find_choice (row_model (panel, "procedure_row"), "LongVideoPreset"), >, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_choices_persist (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(VodupChoice) shown = NULL;
  g_autofree char *region = NULL;
  GtkWidget *panel;

  test_ui_reset_settings ();
  panel = g_object_ref_sink (vodup_options_panel_new ());
  vodup_options_panel_set_client (VODUP_OPTIONS_PANEL (panel), env->vod);
  test_ui_wait_property (panel, "loading", FALSE, 20);

  choose (panel, "sub_app_row", "1500000002");
  test_ui_wait_property (panel, "loading", FALSE, 20);
  choose (panel, "region_row", "ap-guangzhou");
  choose (panel, "procedure_row", "SimpleAesEncryptPreset");
  choose (panel, "class_row", "1");
  type_text (panel, "source_context_row", "from-panel");

  region = g_settings_get_string (settings, "storage-region");
  g_assert_cmpstr (region, ==, "ap-guangzhou");
  g_assert_cmpuint (g_settings_get_uint64 (settings, "sub-app-id"), ==, 1500000002);
  g_assert_cmpint (g_settings_get_int64 (settings, "class-id"), ==, 1);
  g_clear_object (&panel);

  /* A new panel shows the choices before the lists are in, and keeps
   * them, by id, after. */
  panel = g_object_ref_sink (vodup_options_panel_new ());
  g_assert_cmpstr (selected_id (panel, "region_row"), ==, "ap-guangzhou");
  vodup_options_panel_set_client (VODUP_OPTIONS_PANEL (panel), env->vod);
  test_ui_wait_property (panel, "loading", FALSE, 20);

  g_assert_cmpstr (selected_id (panel, "sub_app_row"), ==, "1500000002");
  g_assert_cmpstr (selected_id (panel, "region_row"), ==, "ap-guangzhou");
  g_assert_cmpstr (selected_id (panel, "procedure_row"), ==, "SimpleAesEncryptPreset");
  g_assert_cmpstr (selected_id (panel, "class_row"), ==, "1");
  shown = g_object_ref (adw_combo_row_get_selected_item (ADW_COMBO_ROW (child (panel, "region_row"))));
  g_assert_cmpstr (vodup_choice_get_name (shown), ==, "广州");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (panel, "source_context_row"))), ==, "from-panel");
  g_clear_object (&panel);

  /* A remembered region the account no longer offers falls back to
   * automatic, without the setting being overwritten behind the user's back. */
  g_settings_set_string (settings, "storage-region", "ap-singapore");
  panel = g_object_ref_sink (vodup_options_panel_new ());
  vodup_options_panel_set_client (VODUP_OPTIONS_PANEL (panel), env->vod);
  test_ui_wait_property (panel, "loading", FALSE, 20);
  g_assert_cmpstr (selected_id (panel, "region_row"), ==, "");
  g_clear_pointer (&region, g_free);
  region = g_settings_get_string (settings, "storage-region");
  g_assert_cmpstr (region, ==, "ap-singapore");
  g_clear_object (&panel);
}

static void
test_validation (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_text = g_strnfill (251, 'x');
  GtkWidget *panel, *window, *expire, *source, *count;

  test_ui_reset_settings ();
  panel = vodup_options_panel_new ();
  window = test_ui_window_new (panel, 420, 900);
  expire = child (panel, "expire_row");
  source = child (panel, "source_context_row");
  g_assert_null (find_count (source));

  type_text (panel, "expire_row", "next tuesday");
  g_assert_true (gtk_widget_has_css_class (expire, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (expire), "2027-01-01T00:00:00+08:00"));
  g_assert_false (vodup_options_panel_validate (VODUP_OPTIONS_PANEL (panel), &error));
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);

  /* RFC 3339 needs the offset. */
  type_text (panel, "expire_row", "2027-01-01T00:00:00");
  g_assert_true (gtk_widget_has_css_class (expire, "error"));
  type_text (panel, "expire_row", "2027-01-01T00:00:00+08:00");
  g_assert_false (gtk_widget_has_css_class (expire, "error"));
  type_text (panel, "expire_row", "");
  g_assert_false (gtk_widget_has_css_class (expire, "error"));

  type_text (panel, "source_context_row", long_text);
  g_assert_true (gtk_widget_has_css_class (source, "error"));
  count = find_count (source);
  g_assert_nonnull (count);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "251/250");
  g_assert_true (gtk_widget_has_css_class (count, "error"));
  g_assert_false (vodup_options_panel_validate (VODUP_OPTIONS_PANEL (panel), NULL));
  long_text[250] = '\0';
  type_text (panel, "source_context_row", long_text);
  g_assert_false (gtk_widget_has_css_class (source, "error"));
  g_assert_true (vodup_options_panel_validate (VODUP_OPTIONS_PANEL (panel), NULL));

  type_text (panel, "expire_row", "tomorrow");
  type_text (panel, "media_name_row", "Holiday 2026");
  test_ui_screenshot (window, "options-panel-validation");

  type_text (panel, "session_context_row", "");
  type_text (panel, "source_context_row", "");
  g_assert_null (find_count (source));
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* owned by GTK */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window) && gtk_widget_get_visible (window))
        return window;
    }

  return NULL;
}

static gboolean
chooser_shown (gpointer data)
{
  return find_file_chooser () != NULL;
}

static gboolean
chooser_has_file (gpointer data)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (find_file_chooser ()));

  return file != NULL && g_file_equal (file, data);
}

/* The chooser selects a file once it has loaded its folder. */
static void
answer_chooser (GtkWidget *panel,
                GFile     *file)
{
  GtkWidget *chooser;
  g_autoptr(GError) error = NULL;

  g_signal_emit_by_name (child (panel, "cover_button"), "clicked");
  test_ui_wait (chooser_shown, NULL, 10);
  chooser = find_file_chooser ();
  gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, &error);
  g_assert_no_error (error);
  test_ui_wait (chooser_has_file, file, 10);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
}

/* Without a portal the native chooser is GTK's own dialog, which a test
 * can answer. */
static void
test_cover (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(GFile) image = vodup_test_make_file (env, "poster.png", 100, 3);
  g_autoptr(GFile) text = vodup_test_make_file (env, "notes.txt", 100, 4);
  g_autoptr(VodupUploadOptions) options = NULL;
  GtkWidget *panel, *window, *row;

  test_ui_reset_settings ();
  panel = vodup_options_panel_new ();
  window = test_ui_window_new (panel, 420, 900);
  row = child (panel, "cover_row");
  g_assert_false (gtk_widget_get_visible (child (panel, "cover_clear_button")));

  answer_chooser (panel, image);

  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "poster.png");
  g_assert_true (gtk_widget_get_visible (child (panel, "cover_clear_button")));
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  options = vodup_options_panel_dup_options (VODUP_OPTIONS_PANEL (panel));
  g_assert_true (g_file_equal (options->cover, image));
  g_clear_pointer (&options, vodup_upload_options_free);

  /* Not an image VOD takes: said at once, with the engine's words. */
  answer_chooser (panel, text);
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (row), "notes.txt"));
  g_assert_false (vodup_options_panel_validate (VODUP_OPTIONS_PANEL (panel), NULL));

  g_signal_emit_by_name (child (panel, "cover_clear_button"), "clicked");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "None");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  options = vodup_options_panel_dup_options (VODUP_OPTIONS_PANEL (panel));
  g_assert_null (options->cover);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv);

  g_test_add_func ("/options-panel/pickers-filled", test_pickers_filled);
  g_test_add_func ("/options-panel/defaults-send-nothing", test_defaults_send_nothing);
  g_test_add_func ("/options-panel/no-client", test_no_client);
  g_test_add_func ("/options-panel/loading", test_loading);
  g_test_add_func ("/options-panel/picker-failure", test_picker_failure);
  g_test_add_func ("/options-panel/choices-persist", test_choices_persist);
  g_test_add_func ("/options-panel/validation", test_validation);
  g_test_add_func ("/options-panel/cover", test_cover);

  return g_test_run ();
}
