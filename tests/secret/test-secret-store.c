/* test-secret-store.c: VodupSecretStore against a real gnome-keyring on a
 * private bus (build-aux/run-headless.sh), and against a bus without any
 * Secret Service, or no bus at all, that the test starts itself.
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "vodup-engine.h"
#include "vodup-secret-store.h"

/* Sample values, not real keys; the quote and the non-ASCII character make
 * sure the JSON value round-trips. */
#define TEST_SECRET_ID   "AKIDtestSecretStore0000000000001"
#define TEST_SECRET_KEY  "test\"Key\\with/odd-chars-é"
#define OTHER_SECRET_ID  "AKIDtestSecretStore0000000000002"
#define OTHER_SECRET_KEY "anotherTestKey000000000000000002"
/* A temporary COS credential as ApplyUpload hands it out. */
#define TEMP_SECRET_ID   "AKIDtestVaultTemporaryId000000000001"
#define TEMP_SECRET_KEY  "testVaultTemporaryKey/+=é\"0001"
#define TEMP_TOKEN       "testVaultToken-0001-opaque+string/=="
#define OTHER_TEMP_ID    "AKIDtestVaultTemporaryId000000000002"
#define OTHER_TEMP_KEY   "testVaultTemporaryKey0000000000002"
#define OTHER_TEMP_TOKEN "testVaultToken-0002"
#define UPLOAD_A         "7d1c4a3e-0000-4000-8000-00000000000a"
#define UPLOAD_B         "7d1c4a3e-0000-4000-8000-00000000000b"

static const char *self_exe;

/* A bus with no .service files: nothing can provide org.freedesktop.secrets. */
static const char bus_config[] =
  "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
  " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
  "<busconfig>\n"
  "  <type>session</type>\n"
  "  <listen>unix:dir=%s</listen>\n"
  "  <auth>EXTERNAL</auth>\n"
  "  <policy context=\"default\">\n"
  "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
  "    <allow eavesdrop=\"true\"/>\n"
  "    <allow own=\"*\"/>\n"
  "  </policy>\n"
  "</busconfig>\n";

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static VodupCredentials *
lookup_sync (VodupSecretStore  *store,
             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vodup_credential_provider_lookup_async (VODUP_CREDENTIAL_PROVIDER (store), NULL,
                                          store_result_cb, &result);
  return vodup_credential_provider_lookup_finish (VODUP_CREDENTIAL_PROVIDER (store),
                                                  wait_for_result (&result), error);
}

static gboolean
save_sync (VodupSecretStore  *store,
           const char        *secret_id,
           const char        *secret_key,
           GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vodup_secret_store_save_async (store, secret_id, secret_key, NULL, store_result_cb, &result);
  return vodup_secret_store_save_finish (store, wait_for_result (&result), error);
}

static gboolean
clear_sync (VodupSecretStore  *store,
            GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vodup_secret_store_clear_async (store, NULL, store_result_cb, &result);
  return vodup_secret_store_clear_finish (store, wait_for_result (&result), error);
}

/* The VodupCredentialVault side, through the interface only. */
static gboolean
vault_store_sync (VodupSecretStore  *store,
                  const char        *upload_id,
                  VodupCredentials  *credentials,
                  GError           **error)
{
  VodupCredentialVault *vault = VODUP_CREDENTIAL_VAULT (store);
  g_autoptr(GAsyncResult) result = NULL;

  vodup_credential_vault_store_async (vault, upload_id, credentials, NULL, store_result_cb, &result);
  g_assert_cmpuint (vodup_secret_store_get_n_pending (store), ==, 1);
  return vodup_credential_vault_store_finish (vault, wait_for_result (&result), error);
}

static VodupCredentials *
vault_lookup_sync (VodupSecretStore  *store,
                   const char        *upload_id,
                   GError           **error)
{
  VodupCredentialVault *vault = VODUP_CREDENTIAL_VAULT (store);
  g_autoptr(GAsyncResult) result = NULL;

  vodup_credential_vault_lookup_async (vault, upload_id, NULL, store_result_cb, &result);
  return vodup_credential_vault_lookup_finish (vault, wait_for_result (&result), error);
}

static gboolean
vault_clear_sync (VodupSecretStore  *store,
                  const char        *upload_id,
                  GError           **error)
{
  VodupCredentialVault *vault = VODUP_CREDENTIAL_VAULT (store);
  g_autoptr(GAsyncResult) result = NULL;

  vodup_credential_vault_clear_async (vault, upload_id, NULL, store_result_cb, &result);
  return vodup_credential_vault_clear_finish (vault, wait_for_result (&result), error);
}

/* Only the wrapper's throwaway keyring may be written to: a plain
 * `meson test` in a desktop session would otherwise replace, then delete,
 * the developer's own Vodup API key. */
static gboolean
skip_without_private_keyring (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("DBUS_SESSION_BUS_ADDRESS is not set: no session bus to reach a keyring. "
                   "Run the tests under build-aux/run-headless.sh.");
      return TRUE;
    }

  if (g_strcmp0 (g_getenv ("VODUP_HEADLESS"), "1") != 0)
    {
      g_test_skip ("Not running under build-aux/run-headless.sh: refusing to write to "
                   "what may be the user's real keyring.");
      return TRUE;
    }

  return FALSE;
}

static void
assert_credentials (VodupCredentials *credentials,
                    const char       *secret_id,
                    const char       *secret_key)
{
  g_assert_nonnull (credentials);
  g_assert_cmpstr (vodup_credentials_get_secret_id (credentials), ==, secret_id);
  g_assert_cmpstr (vodup_credentials_get_secret_key (credentials), ==, secret_key);
  g_assert_null (vodup_credentials_get_token (credentials));
}

static void
test_round_trip (void)
{
  g_autoptr(VodupSecretStore) store = vodup_secret_store_new ();
  g_autoptr(VodupCredentials) first = NULL;
  g_autoptr(VodupCredentials) second = NULL;
  g_autoptr(VodupCredentials) gone = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_private_keyring ())
    return;

  g_assert_true (VODUP_IS_CREDENTIAL_PROVIDER (store));

  g_assert_true (save_sync (store, TEST_SECRET_ID, TEST_SECRET_KEY, &error));
  g_assert_no_error (error);
  first = lookup_sync (store, &error);
  g_assert_no_error (error);
  assert_credentials (first, TEST_SECRET_ID, TEST_SECRET_KEY);

  /* Saving again replaces the key rather than adding a second item. */
  g_assert_true (save_sync (store, OTHER_SECRET_ID, OTHER_SECRET_KEY, &error));
  g_assert_no_error (error);
  second = lookup_sync (store, &error);
  g_assert_no_error (error);
  assert_credentials (second, OTHER_SECRET_ID, OTHER_SECRET_KEY);

  g_assert_true (clear_sync (store, &error));
  g_assert_no_error (error);
  gone = lookup_sync (store, &error);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_NO_CREDENTIALS);
  g_assert_null (gone);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  /* Clearing what is not there is not an error (logout twice). */
  g_assert_true (clear_sync (store, &error));
  g_assert_no_error (error);
}

static gboolean
string_contains_secret (const char *text)
{
  return strstr (text, TEST_SECRET_ID) != NULL || strstr (text, TEST_SECRET_KEY) != NULL ||
         strstr (text, TEMP_SECRET_KEY) != NULL || strstr (text, TEMP_TOKEN) != NULL;
}

/* Attributes and labels are searchable and shown in Seahorse: no secrets. */
static void
test_item_metadata (void)
{
  g_autoptr(VodupSecretStore) store = vodup_secret_store_new ();
  g_autoptr(GError) error = NULL;
  GList *items;
  SecretRetrievable *item;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  GHashTableIter iter;
  gpointer name, value;

  if (skip_without_private_keyring ())
    return;

  g_assert_true (save_sync (store, TEST_SECRET_ID, TEST_SECRET_KEY, &error));
  g_assert_no_error (error);

  items = secret_password_search_sync (vodup_secret_store_get_schema (), SECRET_SEARCH_ALL,
                                       NULL, &error, "profile", "default", NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);

  item = items->data;
  label = secret_retrievable_get_label (item);
  g_assert_cmpstr (label, ==, "Vodup API key");

  attributes = secret_retrievable_get_attributes (item);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "profile"), ==, "default");
  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      g_assert_false (string_contains_secret (name));
      g_assert_false (string_contains_secret (value));
    }
  g_list_free_full (items, g_object_unref);

  g_assert_true (clear_sync (store, &error));
  g_assert_no_error (error);
}

/* Something else under our schema that is not our JSON: treated as absent. */
static void
test_damaged_value (void)
{
  g_autoptr(VodupSecretStore) store = vodup_secret_store_new ();
  g_autoptr(VodupCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_private_keyring ())
    return;

  g_assert_true (secret_password_store_sync (vodup_secret_store_get_schema (), SECRET_COLLECTION_DEFAULT,
                                             "damaged", "{\"SecretId\": 42}", NULL, &error,
                                             "profile", "default", NULL));
  g_assert_no_error (error);

  credentials = lookup_sync (store, &error);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_NO_CREDENTIALS);
  g_assert_null (credentials);
  g_clear_error (&error);

  g_assert_true (clear_sync (store, &error));
  g_assert_no_error (error);
}

static void
assert_temp_credentials (VodupCredentials *credentials,
                         const char       *secret_id,
                         const char       *secret_key,
                         const char       *token)
{
  g_assert_nonnull (credentials);
  g_assert_cmpstr (vodup_credentials_get_secret_id (credentials), ==, secret_id);
  g_assert_cmpstr (vodup_credentials_get_secret_key (credentials), ==, secret_key);
  g_assert_cmpstr (vodup_credentials_get_token (credentials), ==, token);
}

/* store → lookup equal → clear → lookup NULL, without an error. */
static void
test_vault_round_trip (void)
{
  g_autoptr(VodupSecretStore) store = vodup_secret_store_new ();
  g_autoptr(VodupCredentials) credentials = vodup_credentials_new (TEMP_SECRET_ID, TEMP_SECRET_KEY, TEMP_TOKEN);
  g_autoptr(VodupCredentials) found = NULL;
  g_autoptr(VodupCredentials) gone = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_private_keyring ())
    return;

  g_assert_true (VODUP_IS_CREDENTIAL_VAULT (store));

  g_assert_true (vault_store_sync (store, UPLOAD_A, credentials, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vodup_secret_store_get_n_pending (store), ==, 0);

  found = vault_lookup_sync (store, UPLOAD_A, &error);
  g_assert_no_error (error);
  assert_temp_credentials (found, TEMP_SECRET_ID, TEMP_SECRET_KEY, TEMP_TOKEN);

  g_assert_true (vault_clear_sync (store, UPLOAD_A, &error));
  g_assert_no_error (error);
  gone = vault_lookup_sync (store, UPLOAD_A, &error);
  g_assert_no_error (error);
  g_assert_null (gone);

  /* Clearing what is not there is not an error. */
  g_assert_true (vault_clear_sync (store, UPLOAD_A, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vodup_secret_store_get_n_pending (store), ==, 0);
}

static guint
count_upload_items (const char *upload_id)
{
  g_autoptr(GError) error = NULL;
  GList *items;
  guint n;

  items = secret_password_search_sync (vodup_secret_store_get_upload_schema (), SECRET_SEARCH_ALL,
                                       NULL, &error, "upload", upload_id, NULL);
  g_assert_no_error (error);
  n = g_list_length (items);
  g_list_free_full (items, g_object_unref);

  return n;
}

/* Two uploads, two items; storing again replaces; clearing one leaves the
 * other; and neither is the API key. */
static void
test_vault_independent (void)
{
  g_autoptr(VodupSecretStore) store = vodup_secret_store_new ();
  g_autoptr(VodupCredentials) a = vodup_credentials_new (TEMP_SECRET_ID, TEMP_SECRET_KEY, TEMP_TOKEN);
  g_autoptr(VodupCredentials) b = vodup_credentials_new (OTHER_TEMP_ID, OTHER_TEMP_KEY, OTHER_TEMP_TOKEN);
  g_autoptr(VodupCredentials) found_a = NULL;
  g_autoptr(VodupCredentials) found_b = NULL;
  g_autoptr(VodupCredentials) replaced = NULL;
  g_autoptr(VodupCredentials) gone = NULL;
  g_autoptr(VodupCredentials) kept = NULL;
  g_autoptr(VodupCredentials) api_key = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_private_keyring ())
    return;

  g_assert_true (clear_sync (store, &error));
  g_assert_no_error (error);

  g_assert_true (vault_store_sync (store, UPLOAD_A, a, &error));
  g_assert_no_error (error);
  g_assert_true (vault_store_sync (store, UPLOAD_B, b, &error));
  g_assert_no_error (error);

  found_a = vault_lookup_sync (store, UPLOAD_A, &error);
  g_assert_no_error (error);
  assert_temp_credentials (found_a, TEMP_SECRET_ID, TEMP_SECRET_KEY, TEMP_TOKEN);
  found_b = vault_lookup_sync (store, UPLOAD_B, &error);
  g_assert_no_error (error);
  assert_temp_credentials (found_b, OTHER_TEMP_ID, OTHER_TEMP_KEY, OTHER_TEMP_TOKEN);

  /* The API key's schema does not see upload credentials. */
  api_key = lookup_sync (store, &error);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_NO_CREDENTIALS);
  g_assert_null (api_key);
  g_clear_error (&error);

  /* A fresh credential for A (a new ApplyUpload) replaces the old one. */
  g_assert_true (vault_store_sync (store, UPLOAD_A, b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_upload_items (UPLOAD_A), ==, 1);
  replaced = vault_lookup_sync (store, UPLOAD_A, &error);
  g_assert_no_error (error);
  assert_temp_credentials (replaced, OTHER_TEMP_ID, OTHER_TEMP_KEY, OTHER_TEMP_TOKEN);

  g_assert_true (vault_clear_sync (store, UPLOAD_A, &error));
  g_assert_no_error (error);
  gone = vault_lookup_sync (store, UPLOAD_A, &error);
  g_assert_no_error (error);
  g_assert_null (gone);
  kept = vault_lookup_sync (store, UPLOAD_B, &error);
  g_assert_no_error (error);
  assert_temp_credentials (kept, OTHER_TEMP_ID, OTHER_TEMP_KEY, OTHER_TEMP_TOKEN);

  g_assert_true (vault_clear_sync (store, UPLOAD_B, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_upload_items (UPLOAD_B), ==, 0);
}

static gboolean
contains_temp_secret (const char *text)
{
  return strstr (text, TEMP_SECRET_ID) != NULL || strstr (text, TEMP_SECRET_KEY) != NULL ||
         strstr (text, TEMP_TOKEN) != NULL;
}

/* The item's label and attributes (searchable, shown in Seahorse) hold the
 * upload id and nothing of the credential. */
static void
test_vault_item_metadata (void)
{
  g_autoptr(VodupSecretStore) store = vodup_secret_store_new ();
  g_autoptr(VodupCredentials) credentials = vodup_credentials_new (TEMP_SECRET_ID, TEMP_SECRET_KEY, TEMP_TOKEN);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  GHashTableIter iter;
  gpointer name, value;
  SecretRetrievable *item;
  GList *items;

  if (skip_without_private_keyring ())
    return;

  g_assert_true (vault_store_sync (store, UPLOAD_A, credentials, &error));
  g_assert_no_error (error);

  items = secret_password_search_sync (vodup_secret_store_get_upload_schema (), SECRET_SEARCH_ALL,
                                       NULL, &error, "upload", UPLOAD_A, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);

  item = items->data;
  label = secret_retrievable_get_label (item);
  g_assert_cmpstr (label, ==, "Vodup upload credential");
  g_assert_false (contains_temp_secret (label));

  attributes = secret_retrievable_get_attributes (item);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "upload"), ==, UPLOAD_A);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==,
                   "io.github.vodup.Vodup.UploadCredential");
  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      g_assert_false (contains_temp_secret (name));
      g_assert_false (contains_temp_secret (value));
    }
  g_list_free_full (items, g_object_unref);

  g_assert_true (vault_clear_sync (store, UPLOAD_A, &error));
  g_assert_no_error (error);
}

/* Not our JSON, or no token: nothing to resume with, so NULL. */
static void
test_vault_damaged_value (void)
{
  static const char * const damaged[] = {
    "not json",
    "{\"SecretId\": \"AKIDx\", \"SecretKey\": \"k\"}",
    "{\"SecretId\": 42, \"SecretKey\": \"k\", \"Token\": \"t\"}",
  };
  g_autoptr(VodupSecretStore) store = vodup_secret_store_new ();
  g_autoptr(GError) error = NULL;

  if (skip_without_private_keyring ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autoptr(VodupCredentials) credentials = NULL;

      g_assert_true (secret_password_store_sync (vodup_secret_store_get_upload_schema (),
                                                 SECRET_COLLECTION_DEFAULT, "damaged", damaged[i],
                                                 NULL, &error, "upload", UPLOAD_A, NULL));
      g_assert_no_error (error);

      credentials = vault_lookup_sync (store, UPLOAD_A, &error);
      g_assert_no_error (error);
      g_assert_null (credentials);
    }

  g_assert_true (vault_clear_sync (store, UPLOAD_A, &error));
  g_assert_no_error (error);
}

/* Two clears of one item at once (an upload that finished, then removed
 * from the queue): both succeed and the item is gone. libsecret 0.20 on
 * its own would complete one of them twice, a fatal critical here. */
static void
test_vault_concurrent_clears (void)
{
  g_autoptr(VodupSecretStore) store = vodup_secret_store_new ();
  VodupCredentialVault *vault = VODUP_CREDENTIAL_VAULT (store);
  g_autoptr(VodupCredentials) credentials = vodup_credentials_new (TEMP_SECRET_ID, TEMP_SECRET_KEY, TEMP_TOKEN);
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without_private_keyring ())
    return;

  g_assert_true (vault_store_sync (store, UPLOAD_A, credentials, &error));
  g_assert_no_error (error);

  vodup_credential_vault_clear_async (vault, UPLOAD_A, NULL, store_result_cb, &first);
  vodup_credential_vault_clear_async (vault, UPLOAD_A, NULL, store_result_cb, &second);
  g_assert_cmpuint (vodup_secret_store_get_n_pending (store), ==, 2);

  g_assert_true (vodup_credential_vault_clear_finish (vault, wait_for_result (&first), &error));
  g_assert_no_error (error);
  g_assert_true (vodup_credential_vault_clear_finish (vault, wait_for_result (&second), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vodup_secret_store_get_n_pending (store), ==, 0);
  g_assert_cmpuint (count_upload_items (UPLOAD_A), ==, 0);
}

static void
print_result (const GError *error,
              const char   *success)
{
  if (error == NULL)
    g_print ("%s\n", success);
  else
    g_print ("%d %s\n", error->domain == VODUP_ERROR ? error->code : -1, error->message);
}

/* In the child: a lookup and a save of the API key, then a lookup and a
 * store of an upload credential, each reported as one line: "ok" (for
 * the vault lookup "none" or "found") or "<vodup code or -1> <message>". */
static int
run_child (void)
{
  g_autoptr(VodupSecretStore) store = vodup_secret_store_new ();
  g_autoptr(VodupCredentials) credentials = NULL;
  g_autoptr(VodupCredentials) temporary = vodup_credentials_new (TEMP_SECRET_ID, TEMP_SECRET_KEY, TEMP_TOKEN);
  g_autoptr(VodupCredentials) found = NULL;
  g_autoptr(GError) lookup_error = NULL;
  g_autoptr(GError) save_error = NULL;
  g_autoptr(GError) vault_lookup_error = NULL;
  g_autoptr(GError) vault_store_error = NULL;

  credentials = lookup_sync (store, &lookup_error);
  save_sync (store, TEST_SECRET_ID, TEST_SECRET_KEY, &save_error);
  found = vault_lookup_sync (store, UPLOAD_A, &vault_lookup_error);
  vault_store_sync (store, UPLOAD_A, temporary, &vault_store_error);

  print_result (lookup_error, "ok");
  print_result (save_error, "ok");
  print_result (vault_lookup_error, found ? "found" : "none");
  print_result (vault_store_error, "ok");

  return 0;
}

/* Runs this program as a child on the given bus (and HOME, if not NULL)
 * and returns its four result lines. */
static GStrv
run_child_on_bus (const char *bus_address,
                  const char *home)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  GStrv lines;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", bus_address, TRUE);
  /* No X: an unlock prompt must fail at once instead of waiting for a click. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  if (home != NULL)
    {
      g_autofree char *data_home = g_build_filename (home, "data", NULL);

      g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
      g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
    }
  child = g_subprocess_launcher_spawn (launcher, &error, self_exe, "--child", NULL);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);

  g_test_message ("child said: %s", out);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);

  return lines;
}

static void
assert_line_is_error (const char *line,
                      VodupError  code,
                      const char *text)
{
  g_autofree char *prefix = g_strdup_printf ("%d ", code);

  g_assert_true (g_str_has_prefix (line, prefix));
  g_assert_nonnull (strstr (line, text));
  g_assert_false (string_contains_secret (line));
}

/* Every lookup and save fails with KEYRING_UNAVAILABLE; for an upload
 * credential the message says what is lost. */
static void
assert_child_unavailable (const char *bus_address)
{
  g_auto(GStrv) lines = run_child_on_bus (bus_address, NULL);

  for (guint i = 0; i < 4; i++)
    assert_line_is_error (lines[i], VODUP_ERROR_KEYRING_UNAVAILABLE, "No keyring is available");
  for (guint i = 2; i < 4; i++)
    g_assert_nonnull (strstr (lines[i], "cannot resume"));
}

static char *
make_scratch_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *bus_dir = NULL;
  g_autofree char *runtime_dir = NULL;
  g_autofree char *config = NULL;
  g_autofree char *config_path = NULL;

  dir = g_dir_make_tmp ("vodup-test-bus-XXXXXX", &error);
  g_assert_no_error (error);

  bus_dir = g_build_filename (dir, "bus", NULL);
  runtime_dir = g_build_filename (dir, "runtime", NULL);
  g_assert_cmpint (g_mkdir (bus_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (runtime_dir, 0700), ==, 0);

  config = g_strdup_printf (bus_config, bus_dir);
  config_path = g_build_filename (dir, "bus.conf", NULL);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&dir);
}

static void
remove_scratch_dir (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* A private dbus-daemon that can activate nothing; returns its address. */
static GSubprocess *
start_bus (const char  *dir,
           char       **address)
{
  g_autofree char *config_path = g_build_filename (dir, "bus.conf", NULL);
  g_autoptr(GDataInputStream) reader = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *bus;

  bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                          "dbus-daemon", "--nofork", "--print-address=1",
                          "--config-file", config_path, NULL);
  g_assert_no_error (error);

  reader = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
  *address = g_data_input_stream_read_line_utf8 (reader, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*address);

  return bus;
}

static void
stop_process (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
name_has_owner (GDBusConnection *connection,
                const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

/* gnome-keyring-daemon on that bus, its login keyring in dir, unlocked
 * (or not) with password; returns once it serves the Secret Service. */
static GSubprocess *
start_keyring (const char *dir,
               const char *address,
               const char *password)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_build_filename (dir, "data", NULL);
  g_autofree char *runtime_dir = g_build_filename (dir, "runtime", NULL);
  GOutputStream *input;
  GSubprocess *keyring;
  gint64 deadline;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime_dir, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  keyring = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--foreground",
                                         "--unlock", "--components=secrets", NULL);
  g_assert_no_error (error);

  input = g_subprocess_get_stdin_pipe (keyring);
  g_output_stream_write_all (input, password, strlen (password), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (input, NULL, &error);
  g_assert_no_error (error);

  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!name_has_owner (connection, "org.freedesktop.secrets"))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }

  return keyring;
}

static void
test_no_secret_service (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *address = NULL;
  g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");
  g_autoptr(GSubprocess) bus = NULL;

  if (daemon == NULL)
    {
      g_test_skip ("dbus-daemon is not installed (package dbus)");
      return;
    }

  dir = make_scratch_dir ();
  bus = start_bus (dir, &address);

  assert_child_unavailable (address);

  stop_process (bus);
  remove_scratch_dir (dir);
}

/* As in a Flatpak sandbox: libsecret keeps secrets in a file (there the
 * Secret portal gives its key) and no Secret Service is on the bus. An
 * empty keyring is "no API key yet", not "no keyring". */
static void
test_file_backend_without_service (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *address = NULL;
  g_autofree char *keyring = NULL;
  g_autofree char *asan_options = NULL;
  g_autofree char *child_asan = NULL;
  g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");
  g_autoptr(GSubprocess) bus = NULL;
  g_auto(GStrv) lines = NULL;

  if (daemon == NULL)
    {
      g_test_skip ("dbus-daemon is not installed (package dbus)");
      return;
    }

  dir = make_scratch_dir ();
  bus = start_bus (dir, &address);
  keyring = g_build_filename (dir, "file.keyring", NULL);

  /* libsecret's own test hooks for its file backend (ci-notes.md §3). That
   * backend leaks a string per store in libsecret 0.20 (ci-notes.md §8),
   * so the child runs without leak detection under ASan. */
  asan_options = g_strdup (g_getenv ("ASAN_OPTIONS"));
  child_asan = g_strconcat (asan_options ? asan_options : "", asan_options ? ":" : "",
                            "detect_leaks=0", NULL);
  g_setenv ("ASAN_OPTIONS", child_asan, TRUE);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "vodup-test", TRUE);
  lines = run_child_on_bus (address, dir);
  g_unsetenv ("SECRET_BACKEND");
  g_unsetenv ("SECRET_FILE_TEST_PATH");
  g_unsetenv ("SECRET_FILE_TEST_PASSWORD");
  if (asan_options != NULL)
    g_setenv ("ASAN_OPTIONS", asan_options, TRUE);
  else
    g_unsetenv ("ASAN_OPTIONS");

  assert_line_is_error (lines[0], VODUP_ERROR_NO_CREDENTIALS, "");
  g_assert_cmpstr (lines[1], ==, "ok");
  g_assert_cmpstr (lines[2], ==, "none");
  g_assert_cmpstr (lines[3], ==, "ok");

  stop_process (bus);
  remove_scratch_dir (dir);
}

static void
test_no_bus (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GError) error = NULL;

  dir = g_dir_make_tmp ("vodup-test-nobus-XXXXXX", &error);
  g_assert_no_error (error);
  address = g_strdup_printf ("unix:path=%s/no-such-socket", dir);

  assert_child_unavailable (address);

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The keyring file from a first session, opened by a second one with
 * another password, stays locked: that is KEYRING_LOCKED, for a save and
 * for a lookup whose unlock prompt cannot be shown. */
static void
test_locked_keyring (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");
  g_autofree char *keyring_daemon = g_find_program_in_path ("gnome-keyring-daemon");

  if (daemon == NULL || keyring_daemon == NULL)
    {
      g_test_skip ("dbus-daemon or gnome-keyring-daemon is not installed (packages dbus, gnome-keyring)");
      return;
    }

  dir = make_scratch_dir ();

  for (guint session = 0; session < 2; session++)
    {
      g_autofree char *address = NULL;
      g_autoptr(GSubprocess) bus = start_bus (dir, &address);
      g_autoptr(GSubprocess) keyring = start_keyring (dir, address, session == 0 ? "first" : "second");
      g_auto(GStrv) lines = run_child_on_bus (address, dir);

      if (session == 0)
        {
          assert_line_is_error (lines[0], VODUP_ERROR_NO_CREDENTIALS, "No API key");
          g_assert_cmpstr (lines[1], ==, "ok");
          g_assert_cmpstr (lines[2], ==, "none");
          g_assert_cmpstr (lines[3], ==, "ok");
        }
      else
        {
          /* Not "none": a locked keyring may well hold the credential. */
          for (guint i = 0; i < 4; i++)
            assert_line_is_error (lines[i], VODUP_ERROR_KEYRING_LOCKED, "locked");
        }

      stop_process (keyring);
      stop_process (bus);
    }

  remove_scratch_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  self_exe = argv[0];

  if (argc == 2 && g_strcmp0 (argv[1], "--child") == 0)
    return run_child ();

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secret/round-trip", test_round_trip);
  g_test_add_func ("/secret/item-metadata", test_item_metadata);
  g_test_add_func ("/secret/damaged-value", test_damaged_value);
  g_test_add_func ("/secret/vault/round-trip", test_vault_round_trip);
  g_test_add_func ("/secret/vault/independent", test_vault_independent);
  g_test_add_func ("/secret/vault/item-metadata", test_vault_item_metadata);
  g_test_add_func ("/secret/vault/damaged-value", test_vault_damaged_value);
  g_test_add_func ("/secret/vault/concurrent-clears", test_vault_concurrent_clears);
  g_test_add_func ("/secret/no-secret-service", test_no_secret_service);
  g_test_add_func ("/secret/file-backend-without-service", test_file_backend_without_service);
  g_test_add_func ("/secret/no-bus", test_no_bus);
  g_test_add_func ("/secret/locked-keyring", test_locked_keyring);

  return g_test_run ();
}
