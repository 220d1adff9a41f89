/* vodup-choice.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-types.h"

G_BEGIN_DECLS

#define VODUP_TYPE_CHOICE (vodup_choice_get_type ())

G_DECLARE_FINAL_TYPE (VodupChoice, vodup_choice, VODUP, CHOICE, GObject)

/* One entry of a picker filled by the API: a procedure template (id = Name),
 * a storage region (id = "ap-chongqing", name = "重庆"), a category
 * (id = ClassId) or a sub-application (id = SubAppId). */
VodupChoice     *vodup_choice_new             (VodupChoiceKind  kind,
                                               const char      *id,
                                               const char      *name,
                                               const char      *description,
                                               gboolean         is_default);
VodupChoiceKind  vodup_choice_get_kind        (VodupChoice     *self);
const char      *vodup_choice_get_id          (VodupChoice     *self);
const char      *vodup_choice_get_name        (VodupChoice     *self);
const char      *vodup_choice_get_description (VodupChoice     *self);
gboolean         vodup_choice_get_is_default  (VodupChoice     *self);

G_END_DECLS
