/* vodup-secret-store.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsecret/secret.h>

#include "vodup-credential-provider.h"
#include "vodup-credential-vault.h"

G_BEGIN_DECLS

#define VODUP_TYPE_SECRET_STORE (vodup_secret_store_get_type ())

G_DECLARE_FINAL_TYPE (VodupSecretStore, vodup_secret_store, VODUP, SECRET_STORE, GObject)

/* The user's keyring (Secret Service), for two kinds of item:
 *
 * - the API key, one item under vodup_secret_store_get_schema(), looked up
 *   through the VodupCredentialProvider interface;
 * - the temporary COS credential of each upload the journal may resume,
 *   one item per upload id under vodup_secret_store_get_upload_schema(),
 *   through the VodupCredentialVault interface. Its lookup answers NULL
 *   without error when nothing is stored, and KEYRING_LOCKED when the
 *   keyring stayed locked (so nothing could be looked at).
 *
 * Errors are VODUP_ERROR: NO_CREDENTIALS (API key only), KEYRING_LOCKED or
 * KEYRING_UNAVAILABLE. Attributes and labels never hold a secret. */
const SecretSchema      *vodup_secret_store_get_schema        (void);
const SecretSchema      *vodup_secret_store_get_upload_schema (void);

VodupSecretStore        *vodup_secret_store_new        (void);

void                     vodup_secret_store_save_async  (VodupSecretStore     *self,
                                                         const char           *secret_id,
                                                         const char           *secret_key,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean                 vodup_secret_store_save_finish (VodupSecretStore     *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* Removes the API key. Succeeds too when nothing was stored. */
void                     vodup_secret_store_clear_async  (VodupSecretStore    *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean                 vodup_secret_store_clear_finish (VodupSecretStore    *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* Keyring requests under way. A program about to exit runs its main
 * context until this is 0: an upload credential it had removed, say,
 * would otherwise stay in the keyring. */
guint                    vodup_secret_store_get_n_pending (VodupSecretStore   *self);

G_END_DECLS
