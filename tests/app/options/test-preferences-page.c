/* test-preferences-page.c: API key in the keyring, Check, transfers, endpoint
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "test-options-util.h"
#include "vodup-preferences-page.h"
#include "vodup-secret-store.h"

/* Sample values, not real keys. */
#define TEST_SECRET_ID   "AKIDtestPreferencesPage000000001"
#define TEST_SECRET_KEY  "testPreferencesPageSecretKey0001"
#define WRONG_SECRET_KEY "notTheRightSecretKey000000000000"

static GtkWidget *
child (GtkWidget  *page,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (page, VODUP_TYPE_PREFERENCES_PAGE, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
type_text (GtkWidget  *page,
           const char *name,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (page, name)), text);
}

static const char *
subtitle (GtkWidget  *page,
          const char *name)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (child (page, name)));
}

static const char *
title (GtkWidget  *page,
       const char *name)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child (page, name)));
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static VodupCredentials *
keyring_lookup (GError **error)
{
  g_autoptr(VodupSecretStore) store = vodup_secret_store_new ();
  g_autoptr(GAsyncResult) result = NULL;

  vodup_credential_provider_lookup_async (VODUP_CREDENTIAL_PROVIDER (store), NULL, store_result_cb, &result);
  test_ui_wait (has_result, &result, 30);

  return vodup_credential_provider_lookup_finish (VODUP_CREDENTIAL_PROVIDER (store), result, error);
}

static void
keyring_clear (void)
{
  g_autoptr(VodupSecretStore) store = vodup_secret_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  vodup_secret_store_clear_async (store, NULL, store_result_cb, &result);
  test_ui_wait (has_result, &result, 30);
  vodup_secret_store_clear_finish (store, result, &error);
  g_assert_no_error (error);
}

static void
count_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
}

/* No settings key may hold any part of the API key. */
static void
assert_settings_clean (const char *secret_id,
                       const char *secret_key)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  g_assert_cmpuint (g_strv_length (keys), >, 5);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, secret_id));
      g_assert_null (strstr (text, secret_key));
    }
}

static void
test_keyring_round_trip (void)
{
  g_autoptr(VodupCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *page, *window;
  guint changed = 0;

  if (g_getenv ("VODUP_HEADLESS") == NULL)
    {
      g_test_skip ("writes to the keyring: run under build-aux/run-headless.sh (VODUP_HEADLESS unset)");
      return;
    }

  test_ui_reset_settings ();
  keyring_clear ();

  page = vodup_preferences_page_new ();
  window = test_ui_window_new (page, 600, 900);
  g_signal_connect_swapped (page, "credentials-changed", G_CALLBACK (count_cb), &changed);
  test_ui_wait_property (page, "busy", FALSE, 30);
  g_assert_nonnull (strstr (subtitle (page, "keyring_row"), "No key is stored"));
  g_assert_false (gtk_widget_get_visible (child (page, "forget_button")));
  g_assert_false (gtk_widget_get_sensitive (child (page, "save_button")));

  type_text (page, "secret_id_row", TEST_SECRET_ID);
  type_text (page, "secret_key_row", TEST_SECRET_KEY);
  g_assert_true (gtk_widget_get_sensitive (child (page, "save_button")));
  test_ui_screenshot (window, "preferences-page");

  g_signal_emit_by_name (child (page, "save_button"), "clicked");
  test_ui_wait_property (page, "busy", FALSE, 30);
  g_assert_cmpuint (changed, ==, 1);

  /* In the keyring, out of sight, nowhere in the settings. */
  credentials = keyring_lookup (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (vodup_credentials_get_secret_id (credentials), ==, TEST_SECRET_ID);
  g_assert_cmpstr (vodup_credentials_get_secret_key (credentials), ==, TEST_SECRET_KEY);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (page, "secret_key_row"))), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (page, "secret_id_row"))), ==, "");
  g_assert_nonnull (strstr (subtitle (page, "keyring_row"), TEST_SECRET_ID));
  g_assert_null (strstr (subtitle (page, "keyring_row"), TEST_SECRET_KEY));
  g_assert_true (gtk_widget_get_visible (child (page, "forget_button")));
  assert_settings_clean (TEST_SECRET_ID, TEST_SECRET_KEY);
  test_ui_screenshot (window, "preferences-page-stored");
  gtk_window_destroy (GTK_WINDOW (window));

  /* A new page finds the stored key again. */
  page = vodup_preferences_page_new ();
  window = test_ui_window_new (page, 600, 900);
  g_signal_connect_swapped (page, "credentials-changed", G_CALLBACK (count_cb), &changed);
  test_ui_wait_property (page, "busy", FALSE, 30);
  g_assert_nonnull (strstr (subtitle (page, "keyring_row"), TEST_SECRET_ID));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (page, "secret_key_row"))), ==, "");

  g_signal_emit_by_name (child (page, "forget_button"), "clicked");
  test_ui_wait_property (page, "busy", FALSE, 30);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_nonnull (strstr (subtitle (page, "keyring_row"), "No key is stored"));
  g_clear_pointer (&credentials, vodup_credentials_unref);
  credentials = keyring_lookup (&error);
  g_assert_null (credentials);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_NO_CREDENTIALS);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
regions_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* What the engine itself says about the wrong key, to compare with. */
static GError *
wrong_key_error (VodupSim *sim)
{
  g_autoptr(VodupCredentials) credentials = vodup_credentials_new (VODUP_SIM_SECRET_ID, WRONG_SECRET_KEY, NULL);
  g_autoptr(VodupCredentialProvider) provider = vodup_static_credential_provider_new (credentials);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(VodupVodClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) regions = NULL;
  GError *error = NULL;

  client = vodup_vod_client_new (provider, session, vodup_sim_get_uri (sim), &error);
  g_assert_no_error (error);
  vodup_vod_client_list_choices_async (client, VODUP_CHOICE_KIND_REGION, 0, NULL, regions_cb, &result);
  test_ui_wait (has_result, &result, 30);
  regions = vodup_vod_client_list_choices_finish (client, result, &error);
  g_assert_null (regions);

  return error;
}

static void
test_check (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) expected = NULL;
  GtkWidget *page, *window;
  guint changed = 0;
  gint64 requests;

  test_ui_reset_settings ();
  g_settings_set_string (settings, "api-endpoint", vodup_sim_get_uri (env->sim));

  page = vodup_preferences_page_new ();
  window = test_ui_window_new (page, 600, 900);
  g_signal_connect_swapped (page, "credentials-changed", G_CALLBACK (count_cb), &changed);
  test_ui_wait_property (page, "busy", FALSE, 30);

  g_assert_false (gtk_widget_get_sensitive (child (page, "check_button")));
  type_text (page, "secret_id_row", VODUP_SIM_SECRET_ID);
  type_text (page, "secret_key_row", VODUP_SIM_SECRET_KEY);
  requests = vodup_sim_get_counter (env->sim, "requests");
  g_signal_emit_by_name (child (page, "check_button"), "clicked");
  g_assert_true (vodup_preferences_page_get_busy (VODUP_PREFERENCES_PAGE (page)));
  test_ui_wait_property (page, "busy", FALSE, 30);

  g_assert_cmpint (vodup_sim_get_counter (env->sim, "requests"), >, requests);
  g_assert_true (gtk_widget_get_visible (child (page, "check_row")));
  g_assert_cmpstr (title (page, "check_row"), ==, "These keys work");
  g_assert_true (gtk_widget_has_css_class (child (page, "check_icon"), "success"));
  test_ui_screenshot (window, "preferences-page-checked");

  /* Typing hides a result that no longer matches the keys shown. */
  type_text (page, "secret_key_row", WRONG_SECRET_KEY);
  g_assert_false (gtk_widget_get_visible (child (page, "check_row")));

  expected = wrong_key_error (env->sim);
  g_assert_error (expected, VODUP_ERROR, VODUP_ERROR_AUTH);
  g_signal_emit_by_name (child (page, "check_button"), "clicked");
  test_ui_wait_property (page, "busy", FALSE, 30);
  g_assert_cmpstr (title (page, "check_row"), ==, "These keys did not work");
  g_assert_cmpstr (subtitle (page, "check_row"), ==, expected->message);
  g_assert_null (strstr (subtitle (page, "check_row"), WRONG_SECRET_KEY));
  g_assert_true (gtk_widget_has_css_class (child (page, "check_icon"), "error"));
  test_ui_screenshot (window, "preferences-page-check-failed");

  /* Checking saves nothing. */
  g_assert_cmpuint (changed, ==, 0);
  assert_settings_clean (VODUP_SIM_SECRET_ID, WRONG_SECRET_KEY);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_transfers_bound (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *page;

  test_ui_reset_settings ();
  page = g_object_ref_sink (vodup_preferences_page_new ());

  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (child (page, "files_spin"))), ==, 2);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (child (page, "parts_spin"))), ==, 4);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (child (page, "part_size_spin"))), ==, 8);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (page, "files_spin")), 5);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (page, "parts_spin")), 16);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (page, "part_size_spin")), 64);
  g_assert_cmpuint (g_settings_get_uint (settings, "files-in-flight"), ==, 5);
  g_assert_cmpuint (g_settings_get_uint (settings, "parts-in-flight"), ==, 16);
  g_assert_cmpuint (g_settings_get_uint (settings, "part-size-mib"), ==, 64);

  /* The schema's range is the spin button's range. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (page, "files_spin")), 20);
  g_assert_cmpuint (g_settings_get_uint (settings, "files-in-flight"), ==, 8);

  g_settings_set_uint (settings, "parts-in-flight", 3);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (child (page, "parts_spin"))), ==, 3);

  /* Keeping the computer awake: on by default, off from the switch. */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (child (page, "inhibit_switch"))));
  gtk_switch_set_active (GTK_SWITCH (child (page, "inhibit_switch")), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "inhibit-suspend"));

  g_object_unref (page);
  test_ui_reset_settings ();
}

static void
test_endpoint (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) expected = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *stored = NULL;
  GtkWidget *page, *row, *label;

  test_ui_reset_settings ();
  page = g_object_ref_sink (vodup_preferences_page_new ());
  row = child (page, "endpoint_row");
  label = child (page, "endpoint_error");

  /* Plain http:// is only for loopback; the engine's message is shown. */
  uri = vodup_endpoint_parse ("http://vod.example.com", &expected);
  g_assert_null (uri);
  type_text (page, "endpoint_row", "http://vod.example.com");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, expected->message);
  g_signal_emit_by_name (row, "apply");
  stored = g_settings_get_string (settings, "api-endpoint");
  g_assert_cmpstr (stored, ==, "");
  g_clear_pointer (&stored, g_free);

  type_text (page, "endpoint_row", "https://vod.example.com");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_false (gtk_widget_get_visible (label));
  g_signal_emit_by_name (row, "apply");
  stored = g_settings_get_string (settings, "api-endpoint");
  g_assert_cmpstr (stored, ==, "https://vod.example.com");
  g_clear_pointer (&stored, g_free);

  type_text (page, "endpoint_row", "");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_signal_emit_by_name (row, "apply");
  stored = g_settings_get_string (settings, "api-endpoint");
  g_assert_cmpstr (stored, ==, "");

  g_object_unref (page);
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv);

  g_test_add_func ("/preferences-page/keyring-round-trip", test_keyring_round_trip);
  g_test_add_func ("/preferences-page/check", test_check);
  g_test_add_func ("/preferences-page/transfers-bound", test_transfers_bound);
  g_test_add_func ("/preferences-page/endpoint", test_endpoint);

  return g_test_run ();
}
