/* vodup-credential-provider.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-credential-provider.h"
#include "vodup-credentials.h"

G_DEFINE_INTERFACE (VodupCredentialProvider, vodup_credential_provider, G_TYPE_OBJECT)

static void
vodup_credential_provider_default_init (VodupCredentialProviderInterface *iface)
{
}

void
vodup_credential_provider_lookup_async (VodupCredentialProvider *self,
                                        GCancellable            *cancellable,
                                        GAsyncReadyCallback      callback,
                                        gpointer                 user_data)
{
  g_return_if_fail (VODUP_IS_CREDENTIAL_PROVIDER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  VODUP_CREDENTIAL_PROVIDER_GET_IFACE (self)->lookup_async (self, cancellable, callback, user_data);
}

VodupCredentials *
vodup_credential_provider_lookup_finish (VodupCredentialProvider  *self,
                                         GAsyncResult             *result,
                                         GError                  **error)
{
  g_return_val_if_fail (VODUP_IS_CREDENTIAL_PROVIDER (self), NULL);

  return VODUP_CREDENTIAL_PROVIDER_GET_IFACE (self)->lookup_finish (self, result, error);
}
