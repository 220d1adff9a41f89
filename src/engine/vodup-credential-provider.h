/* vodup-credential-provider.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-types.h"

G_BEGIN_DECLS

#define VODUP_TYPE_CREDENTIAL_PROVIDER (vodup_credential_provider_get_type ())

G_DECLARE_INTERFACE (VodupCredentialProvider, vodup_credential_provider, VODUP, CREDENTIAL_PROVIDER, GObject)

struct _VodupCredentialProviderInterface
{
  GTypeInterface parent_iface;

  void              (*lookup_async)  (VodupCredentialProvider  *self,
                                      GCancellable             *cancellable,
                                      GAsyncReadyCallback       callback,
                                      gpointer                  user_data);
  VodupCredentials *(*lookup_finish) (VodupCredentialProvider  *self,
                                      GAsyncResult             *result,
                                      GError                  **error);
};

void              vodup_credential_provider_lookup_async  (VodupCredentialProvider  *self,
                                                           GCancellable             *cancellable,
                                                           GAsyncReadyCallback       callback,
                                                           gpointer                  user_data);
VodupCredentials *vodup_credential_provider_lookup_finish (VodupCredentialProvider  *self,
                                                           GAsyncResult             *result,
                                                           GError                  **error);

G_END_DECLS
