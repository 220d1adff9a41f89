/* vodup-choice-row.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vodup-engine.h"

G_BEGIN_DECLS

#define VODUP_TYPE_CHOICE_ROW (vodup_choice_row_get_type ())

G_DECLARE_FINAL_TYPE (VodupChoiceRow, vodup_choice_row, VODUP, CHOICE_ROW, AdwComboRow)

/* A combo row filled from the VOD API (a region, task flow, category or
 * application picker). Its first entry means "not sent" and has the id "".
 * The chosen id survives reloads and failures; the ::user-changed signal
 * tells a choice made by the user from one restored by the program. */
GtkWidget       *vodup_choice_row_new             (VodupChoiceKind  kind);
VodupChoiceKind  vodup_choice_row_get_kind        (VodupChoiceRow  *self);

/* client NULL: nothing to load from; the row is insensitive. */
void             vodup_choice_row_load            (VodupChoiceRow  *self,
                                                   VodupVodClient  *client,
                                                   guint64          sub_app_id);
void             vodup_choice_row_reload          (VodupChoiceRow  *self);
gboolean         vodup_choice_row_get_loading     (VodupChoiceRow  *self);
/* The last load's failure, or NULL. */
const GError    *vodup_choice_row_get_error       (VodupChoiceRow  *self);

/* "" for the first entry. */
const char      *vodup_choice_row_get_selected_id (VodupChoiceRow  *self);
void             vodup_choice_row_set_selected_id (VodupChoiceRow  *self,
                                                   const char      *id);

G_END_DECLS
