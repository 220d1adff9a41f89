/* vodup-memory-vault.h: a credential vault in memory, for tests
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-engine.h"

G_BEGIN_DECLS

#define VODUP_TYPE_MEMORY_VAULT (vodup_memory_vault_get_type ())

G_DECLARE_FINAL_TYPE (VodupMemoryVault, vodup_memory_vault, VODUP, MEMORY_VAULT, GObject)

VodupMemoryVault *vodup_memory_vault_new  (void);
guint             vodup_memory_vault_size (VodupMemoryVault *self);

G_END_DECLS
