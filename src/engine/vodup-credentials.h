/* vodup-credentials.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-types.h"

G_BEGIN_DECLS

#define VODUP_TYPE_CREDENTIALS (vodup_credentials_get_type ())

/* An immutable, reference-counted SecretId/SecretKey(/token) triple whose
 * memory is wiped when the last reference goes. */
GType             vodup_credentials_get_type       (void) G_GNUC_CONST;
VodupCredentials *vodup_credentials_new            (const char       *secret_id,
                                                    const char       *secret_key,
                                                    const char       *token);
VodupCredentials *vodup_credentials_ref            (VodupCredentials *self);
void              vodup_credentials_unref          (VodupCredentials *self);
const char       *vodup_credentials_get_secret_id  (VodupCredentials *self);
const char       *vodup_credentials_get_secret_key (VodupCredentials *self);
const char       *vodup_credentials_get_token      (VodupCredentials *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VodupCredentials, vodup_credentials_unref)

G_END_DECLS
