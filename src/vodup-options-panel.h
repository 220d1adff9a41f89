/* vodup-options-panel.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vodup-engine.h"

G_BEGIN_DECLS

#define VODUP_TYPE_OPTIONS_PANEL (vodup_options_panel_get_type ())

G_DECLARE_FINAL_TYPE (VodupOptionsPanel, vodup_options_panel, VODUP, OPTIONS_PANEL, GtkWidget)

/* "Upload options for new files": pickers filled from the account, plus the
 * per-file fields. Remembers the pickers and contexts in GSettings. */
GtkWidget          *vodup_options_panel_new              (void);

/* NULL: no keys; the pickers are insensitive and say where to add keys. */
void                vodup_options_panel_set_client       (VodupOptionsPanel  *self,
                                                          VodupVodClient     *client);
VodupVodClient     *vodup_options_panel_get_client       (VodupOptionsPanel  *self);
void                vodup_options_panel_refresh          (VodupOptionsPanel  *self);
/* TRUE while any picker waits for the API. */
gboolean            vodup_options_panel_get_loading      (VodupOptionsPanel  *self);

/* A new VodupUploadOptions from what is chosen and typed now. */
VodupUploadOptions *vodup_options_panel_dup_options      (VodupOptionsPanel  *self);
/* FALSE, with the engine's message, when a field would be refused. */
gboolean            vodup_options_panel_validate         (VodupOptionsPanel  *self,
                                                          GError            **error);
/* Empties the fields that belong to one file (media name, cover). */
void                vodup_options_panel_reset_next_file  (VodupOptionsPanel  *self);

G_END_DECLS
