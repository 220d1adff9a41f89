/* vodup-credential-vault.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-credentials.h"

G_BEGIN_DECLS

#define VODUP_TYPE_CREDENTIAL_VAULT (vodup_credential_vault_get_type ())

G_DECLARE_INTERFACE (VodupCredentialVault, vodup_credential_vault, VODUP, CREDENTIAL_VAULT, GObject)

/* Where an upload's temporary COS credential waits for a resume after a
 * crash or restart: the journal on disk holds everything but its secret
 * part, which lives here (the system keyring). A lookup that finds
 * nothing returns NULL without error. */
struct _VodupCredentialVaultInterface
{
  GTypeInterface parent_iface;

  void              (*store_async)   (VodupCredentialVault  *self,
                                      const char            *upload_id,
                                      VodupCredentials      *credentials,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data);
  gboolean          (*store_finish)  (VodupCredentialVault  *self,
                                      GAsyncResult          *result,
                                      GError               **error);
  void              (*lookup_async)  (VodupCredentialVault  *self,
                                      const char            *upload_id,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data);
  VodupCredentials *(*lookup_finish) (VodupCredentialVault  *self,
                                      GAsyncResult          *result,
                                      GError               **error);
  void              (*clear_async)   (VodupCredentialVault  *self,
                                      const char            *upload_id,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data);
  gboolean          (*clear_finish)  (VodupCredentialVault  *self,
                                      GAsyncResult          *result,
                                      GError               **error);
};

void              vodup_credential_vault_store_async   (VodupCredentialVault  *self,
                                                        const char            *upload_id,
                                                        VodupCredentials      *credentials,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
gboolean          vodup_credential_vault_store_finish  (VodupCredentialVault  *self,
                                                        GAsyncResult          *result,
                                                        GError               **error);
void              vodup_credential_vault_lookup_async  (VodupCredentialVault  *self,
                                                        const char            *upload_id,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
VodupCredentials *vodup_credential_vault_lookup_finish (VodupCredentialVault  *self,
                                                        GAsyncResult          *result,
                                                        GError               **error);
void              vodup_credential_vault_clear_async   (VodupCredentialVault  *self,
                                                        const char            *upload_id,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
gboolean          vodup_credential_vault_clear_finish  (VodupCredentialVault  *self,
                                                        GAsyncResult          *result,
                                                        GError               **error);

G_END_DECLS
