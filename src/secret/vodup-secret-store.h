/* vodup-secret-store.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsecret/secret.h>

#include "vodup-credential-provider.h"

G_BEGIN_DECLS

#define VODUP_TYPE_SECRET_STORE (vodup_secret_store_get_type ())

G_DECLARE_FINAL_TYPE (VodupSecretStore, vodup_secret_store, VODUP, SECRET_STORE, GObject)

/* The API key in the user's keyring (Secret Service). Lookups go through
 * the VodupCredentialProvider interface. Errors are VODUP_ERROR:
 * NO_CREDENTIALS, KEYRING_LOCKED or KEYRING_UNAVAILABLE. */
const SecretSchema      *vodup_secret_store_get_schema (void);

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

/* Succeeds too when nothing was stored. */
void                     vodup_secret_store_clear_async  (VodupSecretStore    *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean                 vodup_secret_store_clear_finish (VodupSecretStore    *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS
