/* vodup-static-credential-provider.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-credential-provider.h"
#include "vodup-credentials.h"

G_BEGIN_DECLS

#define VODUP_TYPE_STATIC_CREDENTIAL_PROVIDER (vodup_static_credential_provider_get_type ())

G_DECLARE_FINAL_TYPE (VodupStaticCredentialProvider, vodup_static_credential_provider, VODUP, STATIC_CREDENTIAL_PROVIDER, GObject)

/* Credentials held in memory: from the environment (vodup-cli) or tests.
 * NULL credentials make every lookup fail with VODUP_ERROR_NO_CREDENTIALS. */
VodupCredentialProvider *vodup_static_credential_provider_new          (VodupCredentials *credentials);
VodupCredentialProvider *vodup_static_credential_provider_new_from_env (void);

G_END_DECLS
