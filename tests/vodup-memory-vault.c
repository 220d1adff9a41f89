/* vodup-memory-vault.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-memory-vault.h"

struct _VodupMemoryVault
{
  GObject     parent_instance;
  GHashTable *items;   /* upload id → VodupCredentials */
};

static void vault_iface_init (VodupCredentialVaultInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VodupMemoryVault, vodup_memory_vault, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VODUP_TYPE_CREDENTIAL_VAULT, vault_iface_init))

static void
store_async (VodupCredentialVault *vault,
             const char           *upload_id,
             VodupCredentials     *credentials,
             GCancellable         *cancellable,
             GAsyncReadyCallback   callback,
             gpointer              user_data)
{
  VodupMemoryVault *self = VODUP_MEMORY_VAULT (vault);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_hash_table_replace (self->items, g_strdup (upload_id), vodup_credentials_ref (credentials));
  g_task_return_boolean (task, TRUE);
}

static gboolean
boolean_finish (VodupCredentialVault  *vault,
                GAsyncResult          *result,
                GError               **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_async (VodupCredentialVault *vault,
              const char           *upload_id,
              GCancellable         *cancellable,
              GAsyncReadyCallback   callback,
              gpointer              user_data)
{
  VodupMemoryVault *self = VODUP_MEMORY_VAULT (vault);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  VodupCredentials *credentials = g_hash_table_lookup (self->items, upload_id);

  g_task_return_pointer (task, credentials ? vodup_credentials_ref (credentials) : NULL,
                         (GDestroyNotify) vodup_credentials_unref);
}

static VodupCredentials *
lookup_finish (VodupCredentialVault  *vault,
               GAsyncResult          *result,
               GError               **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_async (VodupCredentialVault *vault,
             const char           *upload_id,
             GCancellable         *cancellable,
             GAsyncReadyCallback   callback,
             gpointer              user_data)
{
  VodupMemoryVault *self = VODUP_MEMORY_VAULT (vault);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_hash_table_remove (self->items, upload_id);
  g_task_return_boolean (task, TRUE);
}

static void
vault_iface_init (VodupCredentialVaultInterface *iface)
{
  iface->store_async = store_async;
  iface->store_finish = boolean_finish;
  iface->lookup_async = lookup_async;
  iface->lookup_finish = lookup_finish;
  iface->clear_async = clear_async;
  iface->clear_finish = boolean_finish;
}

static void
vodup_memory_vault_finalize (GObject *object)
{
  g_hash_table_unref (VODUP_MEMORY_VAULT (object)->items);

  G_OBJECT_CLASS (vodup_memory_vault_parent_class)->finalize (object);
}

static void
vodup_memory_vault_class_init (VodupMemoryVaultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vodup_memory_vault_finalize;
}

static void
vodup_memory_vault_init (VodupMemoryVault *self)
{
  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) vodup_credentials_unref);
}

VodupMemoryVault *
vodup_memory_vault_new (void)
{
  return g_object_new (VODUP_TYPE_MEMORY_VAULT, NULL);
}

guint
vodup_memory_vault_size (VodupMemoryVault *self)
{
  return g_hash_table_size (self->items);
}
