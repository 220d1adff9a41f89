/* vodup-secret-store.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vodup-secret-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vodup-credentials.h"
#include "vodup-error.h"
#include "vodup-secret-store.h"

/* One key per user for now; the attribute leaves room for more profiles. */
#define PROFILE_ATTRIBUTE "profile"
#define DEFAULT_PROFILE   "default"

#define MEMBER_SECRET_ID  "SecretId"
#define MEMBER_SECRET_KEY "SecretKey"

struct _VodupSecretStore
{
  GObject parent_instance;
};

static void provider_iface_init (VodupCredentialProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VodupSecretStore, vodup_secret_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VODUP_TYPE_CREDENTIAL_PROVIDER, provider_iface_init))

const SecretSchema *
vodup_secret_store_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.vodup.Vodup", SECRET_SCHEMA_NONE,
    {
      { PROFILE_ATTRIBUTE, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* Overwrites a string we own before it goes back to the allocator. */
static void
wipe_and_free (char *str)
{
  if (str != NULL)
    {
      explicit_bzero (str, strlen (str));
      g_free (str);
    }
}

static gboolean
is_locked_error (const GError *error)
{
  g_autofree char *remote = NULL;

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return TRUE;

  remote = g_dbus_error_get_remote_error (error);
  return g_strcmp0 (remote, "org.freedesktop.Secret.Error.IsLocked") == 0;
}

static GError *
locked_error (void)
{
  return g_error_new_literal (VODUP_ERROR, VODUP_ERROR_KEYRING_LOCKED,
                              _("The keyring is locked. Unlock it and try again."));
}

/* Turns what libsecret, D-Bus or the bus launcher said into the two cases
 * the user can act on: unlock the keyring, or get one running. */
static GError *
keyring_error (const GError *error)
{
  g_assert (error != NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (is_locked_error (error))
    return locked_error ();

  g_debug ("Secret Service error: %s (%s, %d)",
           error->message, g_quark_to_string (error->domain), error->code);

  /* Translators: %s is the system's own explanation, e.g. that the name
   * org.freedesktop.secrets was not provided by any .service files. */
  return g_error_new (VODUP_ERROR, VODUP_ERROR_KEYRING_UNAVAILABLE,
                      _("No keyring is available to keep the API key. "
                        "Make sure a Secret Service such as GNOME Keyring is running. (%s)"),
                      error->message);
}

static GError *
no_credentials_error (void)
{
  return g_error_new_literal (VODUP_ERROR, VODUP_ERROR_NO_CREDENTIALS,
                              _("No API key is stored in the keyring. "
                                "Add your SecretId and SecretKey in Preferences."));
}

static char *
secret_to_json (const char *secret_id,
                const char *secret_key)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, MEMBER_SECRET_ID);
  json_builder_add_string_value (builder, secret_id);
  json_builder_set_member_name (builder, MEMBER_SECRET_KEY);
  json_builder_add_string_value (builder, secret_key);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

/* NULL when the stored value is not what save() writes. */
static VodupCredentials *
credentials_from_json (const char *secret)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *id, *key;

  if (!json_parser_load_from_data (parser, secret, -1, NULL))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  object = json_node_get_object (json_parser_get_root (parser));
  id = json_object_get_string_member_with_default (object, MEMBER_SECRET_ID, NULL);
  key = json_object_get_string_member_with_default (object, MEMBER_SECRET_KEY, NULL);

  if (id == NULL || *id == '\0' || key == NULL || *key == '\0')
    return NULL;

  return vodup_credentials_new (id, key, NULL);
}

static void
collection_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretCollection) collection = NULL;

  collection = secret_collection_for_alias_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else if (collection != NULL && secret_collection_get_locked (collection))
    g_task_return_error (task, locked_error ());
  else
    g_task_return_error (task, no_credentials_error ());
}

/* A lookup whose unlock prompt was dismissed (or could not be shown) looks
 * like "nothing stored", and a locked keyring cannot even be searched by
 * schema; so when nothing was found, say whether unlocking might help. */
static void
tell_locked_from_missing (GTask *task)
{
  g_assert (G_IS_TASK (task));

  secret_collection_for_alias (NULL, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
                               g_task_get_cancellable (task), collection_cb, task);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VodupCredentials) credentials = NULL;
  char *secret;

  secret = secret_password_lookup_nonpageable_finish (result, &error);

  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (error));
      return;
    }

  if (secret == NULL)
    {
      tell_locked_from_missing (g_steal_pointer (&task));
      return;
    }

  credentials = credentials_from_json (secret);
  g_clear_pointer (&secret, secret_password_free);   /* wipes before freeing */

  if (credentials == NULL)
    g_task_return_error (task, no_credentials_error ());
  else
    g_task_return_pointer (task, g_steal_pointer (&credentials),
                           (GDestroyNotify) vodup_credentials_unref);
}

static void
vodup_secret_store_lookup_async (VodupCredentialProvider *provider,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_source_tag (task, vodup_secret_store_lookup_async);

  secret_password_lookup (vodup_secret_store_get_schema (), cancellable,
                          lookup_cb, g_steal_pointer (&task),
                          PROFILE_ATTRIBUTE, DEFAULT_PROFILE,
                          NULL);
}

static VodupCredentials *
vodup_secret_store_lookup_finish (VodupCredentialProvider  *provider,
                                  GAsyncResult             *result,
                                  GError                  **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
provider_iface_init (VodupCredentialProviderInterface *iface)
{
  iface->lookup_async = vodup_secret_store_lookup_async;
  iface->lookup_finish = vodup_secret_store_lookup_finish;
}

static void
vodup_secret_store_class_init (VodupSecretStoreClass *klass)
{
}

static void
vodup_secret_store_init (VodupSecretStore *self)
{
}

VodupSecretStore *
vodup_secret_store_new (void)
{
  return g_object_new (VODUP_TYPE_SECRET_STORE, NULL);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
vodup_secret_store_save_async (VodupSecretStore    *self,
                               const char          *secret_id,
                               const char          *secret_key,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  char *secret;

  g_return_if_fail (VODUP_IS_SECRET_STORE (self));
  g_return_if_fail (secret_id != NULL && *secret_id != '\0');
  g_return_if_fail (secret_key != NULL && *secret_key != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vodup_secret_store_save_async);

  /* libsecret copies the value into its own wiped memory right away. */
  secret = secret_to_json (secret_id, secret_key);
  secret_password_store (vodup_secret_store_get_schema (), SECRET_COLLECTION_DEFAULT,
                         _("Vodup API key"), secret, cancellable,
                         store_cb, g_steal_pointer (&task),
                         PROFILE_ATTRIBUTE, DEFAULT_PROFILE,
                         NULL);
  wipe_and_free (secret);
}

gboolean
vodup_secret_store_save_finish (VodupSecretStore  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (VODUP_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error only means there was nothing to remove. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
vodup_secret_store_clear_async (VodupSecretStore    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VODUP_IS_SECRET_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vodup_secret_store_clear_async);

  secret_password_clear (vodup_secret_store_get_schema (), cancellable,
                         clear_cb, g_steal_pointer (&task),
                         PROFILE_ATTRIBUTE, DEFAULT_PROFILE,
                         NULL);
}

gboolean
vodup_secret_store_clear_finish (VodupSecretStore  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (VODUP_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
