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
/* An upload credential's item is found by the journal's upload id. */
#define UPLOAD_ATTRIBUTE  "upload"

#define MEMBER_SECRET_ID  "SecretId"
#define MEMBER_SECRET_KEY "SecretKey"
#define MEMBER_TOKEN      "Token"

/* On a vault task: the upload id it works on. */
#define TASK_UPLOAD_ID    "vodup-upload-id"

/* Which kind of item a task works on: it decides what a missing or
 * unreadable item means, and how the errors read. */
typedef enum
{
  ITEM_API_KEY,
  ITEM_UPLOAD_CREDENTIAL,
} ItemKind;

struct _VodupSecretStore
{
  GObject parent_instance;

  guint       n_pending;
  /* upload id → tasks waiting for the clear of that id under way */
  GHashTable *clearing;
};

static void provider_iface_init (VodupCredentialProviderInterface *iface);
static void vault_iface_init    (VodupCredentialVaultInterface    *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VodupSecretStore, vodup_secret_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VODUP_TYPE_CREDENTIAL_PROVIDER, provider_iface_init)
                               G_IMPLEMENT_INTERFACE (VODUP_TYPE_CREDENTIAL_VAULT, vault_iface_init))

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

const SecretSchema *
vodup_secret_store_get_upload_schema (void)
{
  static const SecretSchema schema = {
    "io.github.vodup.Vodup.UploadCredential", SECRET_SCHEMA_NONE,
    {
      { UPLOAD_ATTRIBUTE, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static void
task_completed_cb (GTask            *task,
                   GParamSpec       *pspec,
                   VodupSecretStore *self)
{
  g_assert (self->n_pending > 0);

  self->n_pending--;
}

/* The task holds a reference on the store until it has completed. */
static GTask *
item_task_new (gpointer             source_object,
               ItemKind             kind,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  VodupSecretStore *self = VODUP_SECRET_STORE (source_object);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, GINT_TO_POINTER (kind), NULL);

  self->n_pending++;
  g_signal_connect (task, "notify::completed", G_CALLBACK (task_completed_cb), self);

  return task;
}

static ItemKind
item_kind (GTask *task)
{
  return GPOINTER_TO_INT (g_task_get_task_data (task));
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

static GError *
unavailable_error (ItemKind      kind,
                   const GError *error)
{
  if (kind == ITEM_UPLOAD_CREDENTIAL)
    {
      /* Translators: %s is the system's own explanation, e.g. that the name
       * org.freedesktop.secrets was not provided by any .service files. */
      return g_error_new (VODUP_ERROR, VODUP_ERROR_KEYRING_UNAVAILABLE,
                          _("No keyring is available to keep the upload’s temporary key, "
                            "so the upload cannot resume after an interruption. "
                            "Make sure a Secret Service such as GNOME Keyring is running. (%s)"),
                          error->message);
    }

  /* Translators: %s is the system's own explanation, e.g. that the name
   * org.freedesktop.secrets was not provided by any .service files. */
  return g_error_new (VODUP_ERROR, VODUP_ERROR_KEYRING_UNAVAILABLE,
                      _("No keyring is available to keep the API key. "
                        "Make sure a Secret Service such as GNOME Keyring is running. (%s)"),
                      error->message);
}

/* Turns what libsecret, D-Bus or the bus launcher said into the two cases
 * the user can act on: unlock the keyring, or get one running. */
static GError *
keyring_error (GTask        *task,
               const GError *error)
{
  g_assert (error != NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (is_locked_error (error))
    return locked_error ();

  g_debug ("Secret Service error: %s (%s, %d)",
           error->message, g_quark_to_string (error->domain), error->code);

  return unavailable_error (item_kind (task), error);
}

static GError *
no_credentials_error (void)
{
  return g_error_new_literal (VODUP_ERROR, VODUP_ERROR_NO_CREDENTIALS,
                              _("No API key is stored in the keyring. "
                                "Add your SecretId and SecretKey in Preferences."));
}

/* The item's value: {"SecretId", "SecretKey"} and, for a temporary
 * credential, "Token". */
static char *
secret_to_json (VodupCredentials *credentials)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *token = vodup_credentials_get_token (credentials);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, MEMBER_SECRET_ID);
  json_builder_add_string_value (builder, vodup_credentials_get_secret_id (credentials));
  json_builder_set_member_name (builder, MEMBER_SECRET_KEY);
  json_builder_add_string_value (builder, vodup_credentials_get_secret_key (credentials));
  if (token != NULL)
    {
      json_builder_set_member_name (builder, MEMBER_TOKEN);
      json_builder_add_string_value (builder, token);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

/* NULL when the stored value is not what we write. The API key never has
 * a token; an upload credential always has one. */
static VodupCredentials *
credentials_from_json (const char *secret,
                       ItemKind    kind)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *id, *key, *token = NULL;

  if (!json_parser_load_from_data (parser, secret, -1, NULL))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  object = json_node_get_object (json_parser_get_root (parser));
  id = json_object_get_string_member_with_default (object, MEMBER_SECRET_ID, NULL);
  key = json_object_get_string_member_with_default (object, MEMBER_SECRET_KEY, NULL);
  if (kind == ITEM_UPLOAD_CREDENTIAL)
    token = json_object_get_string_member_with_default (object, MEMBER_TOKEN, NULL);

  if (id == NULL || *id == '\0' || key == NULL || *key == '\0')
    return NULL;
  if (kind == ITEM_UPLOAD_CREDENTIAL && (token == NULL || *token == '\0'))
    return NULL;

  return vodup_credentials_new (id, key, token);
}

/* Nothing (usable) is stored: an error for the API key, which the app
 * cannot work without; plain NULL for an upload credential. */
static void
return_missing (GTask *task)
{
  if (item_kind (task) == ITEM_UPLOAD_CREDENTIAL)
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_error (task, no_credentials_error ());
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

  /* The lookup itself worked; only telling locked from missing failed. In
   * a Flatpak sandbox libsecret keeps secrets in a file through the Secret
   * portal, and there is no Secret Service to ask about collections:
   * nothing stored is the honest answer then. */
  if (error != NULL)
    {
      g_debug ("Could not tell a locked keyring from an empty one: %s", error->message);
      return_missing (task);
    }
  else if (collection != NULL && secret_collection_get_locked (collection))
    g_task_return_error (task, locked_error ());
  else
    return_missing (task);
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
      g_task_return_error (task, keyring_error (task, error));
      return;
    }

  if (secret == NULL)
    {
      tell_locked_from_missing (g_steal_pointer (&task));
      return;
    }

  credentials = credentials_from_json (secret, item_kind (task));
  g_clear_pointer (&secret, secret_password_free);   /* wipes before freeing */

  if (credentials == NULL)
    {
      g_debug ("Ignoring a keyring item that is not in Vodup's format");
      return_missing (task);
    }
  else
    g_task_return_pointer (task, g_steal_pointer (&credentials),
                           (GDestroyNotify) vodup_credentials_unref);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, keyring_error (task, error));
  else
    g_task_return_boolean (task, TRUE);
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
    g_task_return_error (task, keyring_error (task, error));
  else
    g_task_return_boolean (task, TRUE);
}

/* VodupCredentialProvider: the API key ------------------------------------ */

static void
vodup_secret_store_lookup_async (VodupCredentialProvider *provider,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  GTask *task;

  task = item_task_new (provider, ITEM_API_KEY, vodup_secret_store_lookup_async,
                        cancellable, callback, user_data);

  secret_password_lookup (vodup_secret_store_get_schema (), cancellable,
                          lookup_cb, task,
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

/* VodupCredentialVault: upload credentials --------------------------------- */

static void
vault_store_async (VodupCredentialVault *vault,
                   const char           *upload_id,
                   VodupCredentials     *credentials,
                   GCancellable         *cancellable,
                   GAsyncReadyCallback   callback,
                   gpointer              user_data)
{
  GTask *task;
  char *secret;

  task = item_task_new (vault, ITEM_UPLOAD_CREDENTIAL, vault_store_async,
                        cancellable, callback, user_data);

  /* libsecret copies the value into its own wiped memory right away.
   * Storing again under the same upload id replaces the item. */
  secret = secret_to_json (credentials);
  secret_password_store (vodup_secret_store_get_upload_schema (), SECRET_COLLECTION_DEFAULT,
                         _("Vodup upload credential"), secret, cancellable,
                         store_cb, task,
                         UPLOAD_ATTRIBUTE, upload_id,
                         NULL);
  wipe_and_free (secret);
}

static gboolean
vault_store_finish (VodupCredentialVault  *vault,
                    GAsyncResult          *result,
                    GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, vault), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
vault_lookup_async (VodupCredentialVault *vault,
                    const char           *upload_id,
                    GCancellable         *cancellable,
                    GAsyncReadyCallback   callback,
                    gpointer              user_data)
{
  GTask *task;

  task = item_task_new (vault, ITEM_UPLOAD_CREDENTIAL, vault_lookup_async,
                        cancellable, callback, user_data);

  secret_password_lookup (vodup_secret_store_get_upload_schema (), cancellable,
                          lookup_cb, task,
                          UPLOAD_ATTRIBUTE, upload_id,
                          NULL);
}

static VodupCredentials *
vault_lookup_finish (VodupCredentialVault  *vault,
                     GAsyncResult          *result,
                     GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, vault), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
vault_clear_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VodupSecretStore *self = g_task_get_source_object (task);
  const char *upload_id = g_object_get_data (G_OBJECT (task), TASK_UPLOAD_ID);
  g_autofree char *key = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error only means there was nothing to remove. */
  secret_password_clear_finish (result, &error);

  g_hash_table_steal_extended (self->clearing, upload_id, (gpointer *) &key, (gpointer *) &waiting);
  g_ptr_array_insert (waiting, 0, g_steal_pointer (&task));

  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *each = g_ptr_array_index (waiting, i);

      if (error != NULL)
        g_task_return_error (each, keyring_error (each, error));
      else
        g_task_return_boolean (each, TRUE);
    }
}

static void
vault_clear_async (VodupCredentialVault *vault,
                   const char           *upload_id,
                   GCancellable         *cancellable,
                   GAsyncReadyCallback   callback,
                   gpointer              user_data)
{
  VodupSecretStore *self = VODUP_SECRET_STORE (vault);
  GPtrArray *waiting;
  GTask *task;

  task = item_task_new (vault, ITEM_UPLOAD_CREDENTIAL, vault_clear_async,
                        cancellable, callback, user_data);

  /* Two clears of one item at once would both find it, and the second
   * delete fails; libsecret 0.20 then completes its call twice (a
   * critical) with a misleading error. So a second clear waits for the
   * first and shares its result. */
  waiting = g_hash_table_lookup (self->clearing, upload_id);
  if (waiting != NULL)
    {
      g_ptr_array_add (waiting, task);
      return;
    }

  g_hash_table_insert (self->clearing, g_strdup (upload_id),
                       g_ptr_array_new_with_free_func (g_object_unref));
  g_object_set_data_full (G_OBJECT (task), TASK_UPLOAD_ID, g_strdup (upload_id), g_free);
  secret_password_clear (vodup_secret_store_get_upload_schema (), cancellable,
                         vault_clear_cb, task,
                         UPLOAD_ATTRIBUTE, upload_id,
                         NULL);
}

static gboolean
vault_clear_finish (VodupCredentialVault  *vault,
                    GAsyncResult          *result,
                    GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, vault), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
vault_iface_init (VodupCredentialVaultInterface *iface)
{
  iface->store_async = vault_store_async;
  iface->store_finish = vault_store_finish;
  iface->lookup_async = vault_lookup_async;
  iface->lookup_finish = vault_lookup_finish;
  iface->clear_async = vault_clear_async;
  iface->clear_finish = vault_clear_finish;
}

/* VodupSecretStore --------------------------------------------------------- */

static void
vodup_secret_store_finalize (GObject *object)
{
  VodupSecretStore *self = VODUP_SECRET_STORE (object);

  /* Every task holds a reference: nothing can be waiting any more. */
  g_assert (g_hash_table_size (self->clearing) == 0);
  g_clear_pointer (&self->clearing, g_hash_table_unref);

  G_OBJECT_CLASS (vodup_secret_store_parent_class)->finalize (object);
}

static void
vodup_secret_store_class_init (VodupSecretStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vodup_secret_store_finalize;
}

static void
vodup_secret_store_init (VodupSecretStore *self)
{
  self->clearing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
}

VodupSecretStore *
vodup_secret_store_new (void)
{
  return g_object_new (VODUP_TYPE_SECRET_STORE, NULL);
}

void
vodup_secret_store_save_async (VodupSecretStore    *self,
                               const char          *secret_id,
                               const char          *secret_key,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(VodupCredentials) credentials = NULL;
  GTask *task;
  char *secret;

  g_return_if_fail (VODUP_IS_SECRET_STORE (self));
  g_return_if_fail (secret_id != NULL && *secret_id != '\0');
  g_return_if_fail (secret_key != NULL && *secret_key != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = item_task_new (self, ITEM_API_KEY, vodup_secret_store_save_async,
                        cancellable, callback, user_data);

  /* libsecret copies the value into its own wiped memory right away. */
  credentials = vodup_credentials_new (secret_id, secret_key, NULL);
  secret = secret_to_json (credentials);
  secret_password_store (vodup_secret_store_get_schema (), SECRET_COLLECTION_DEFAULT,
                         _("Vodup API key"), secret, cancellable,
                         store_cb, task,
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

void
vodup_secret_store_clear_async (VodupSecretStore    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VODUP_IS_SECRET_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = item_task_new (self, ITEM_API_KEY, vodup_secret_store_clear_async,
                        cancellable, callback, user_data);

  secret_password_clear (vodup_secret_store_get_schema (), cancellable,
                         clear_cb, task,
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

guint
vodup_secret_store_get_n_pending (VodupSecretStore *self)
{
  g_return_val_if_fail (VODUP_IS_SECRET_STORE (self), 0);

  return self->n_pending;
}
