/* vodup-credential-vault.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-credential-vault.h"

G_DEFINE_INTERFACE (VodupCredentialVault, vodup_credential_vault, G_TYPE_OBJECT)

static void
vodup_credential_vault_default_init (VodupCredentialVaultInterface *iface)
{
}

void
vodup_credential_vault_store_async (VodupCredentialVault *self,
                                    const char           *upload_id,
                                    VodupCredentials     *credentials,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_return_if_fail (VODUP_IS_CREDENTIAL_VAULT (self));
  g_return_if_fail (upload_id != NULL);
  g_return_if_fail (credentials != NULL);

  VODUP_CREDENTIAL_VAULT_GET_IFACE (self)->store_async (self, upload_id, credentials,
                                                        cancellable, callback, user_data);
}

gboolean
vodup_credential_vault_store_finish (VodupCredentialVault  *self,
                                     GAsyncResult          *result,
                                     GError               **error)
{
  g_return_val_if_fail (VODUP_IS_CREDENTIAL_VAULT (self), FALSE);

  return VODUP_CREDENTIAL_VAULT_GET_IFACE (self)->store_finish (self, result, error);
}

void
vodup_credential_vault_lookup_async (VodupCredentialVault *self,
                                     const char           *upload_id,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_return_if_fail (VODUP_IS_CREDENTIAL_VAULT (self));
  g_return_if_fail (upload_id != NULL);

  VODUP_CREDENTIAL_VAULT_GET_IFACE (self)->lookup_async (self, upload_id, cancellable,
                                                         callback, user_data);
}

VodupCredentials *
vodup_credential_vault_lookup_finish (VodupCredentialVault  *self,
                                      GAsyncResult          *result,
                                      GError               **error)
{
  g_return_val_if_fail (VODUP_IS_CREDENTIAL_VAULT (self), NULL);

  return VODUP_CREDENTIAL_VAULT_GET_IFACE (self)->lookup_finish (self, result, error);
}

void
vodup_credential_vault_clear_async (VodupCredentialVault *self,
                                    const char           *upload_id,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_return_if_fail (VODUP_IS_CREDENTIAL_VAULT (self));
  g_return_if_fail (upload_id != NULL);

  VODUP_CREDENTIAL_VAULT_GET_IFACE (self)->clear_async (self, upload_id, cancellable,
                                                        callback, user_data);
}

gboolean
vodup_credential_vault_clear_finish (VodupCredentialVault  *self,
                                     GAsyncResult          *result,
                                     GError               **error)
{
  g_return_val_if_fail (VODUP_IS_CREDENTIAL_VAULT (self), FALSE);

  return VODUP_CREDENTIAL_VAULT_GET_IFACE (self)->clear_finish (self, result, error);
}
