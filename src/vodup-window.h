/* vodup-window.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vodup-application.h"

G_BEGIN_DECLS

#define VODUP_TYPE_WINDOW (vodup_window_get_type ())

G_DECLARE_FINAL_TYPE (VodupWindow, vodup_window, VODUP, WINDOW, AdwApplicationWindow)

VodupWindow      *vodup_window_new       (VodupApplication *application);
VodupUploadQueue *vodup_window_get_queue (VodupWindow      *self);
/* Every toast of the window goes through here; takes the reference. */
void              vodup_window_add_toast (VodupWindow      *self,
                                          AdwToast         *toast);

G_END_DECLS
