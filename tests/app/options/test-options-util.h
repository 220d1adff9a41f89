/* test-options-util.h: helpers for the options, preferences and details tests
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vodup-test-util.h"

G_BEGIN_DECLS

typedef gboolean (*TestCondition) (gpointer data);

void        test_ui_init            (int            *argc,
                                     char         ***argv);
/* Spins the default main context until condition (data) holds, failing
 * the test after timeout_seconds. */
void        test_ui_wait            (TestCondition   condition,
                                     gpointer        data,
                                     guint           timeout_seconds);
void        test_ui_wait_property   (gpointer        object,
                                     const char     *property,
                                     gboolean        value,
                                     guint           timeout_seconds);
/* Spins for about milliseconds. */
void        test_ui_spin            (guint           milliseconds);
/* A window around child, shown and mapped. */
GtkWidget  *test_ui_window_new      (GtkWidget      *child,
                                     int             width,
                                     int             height);
/* Saves window to $VODUP_SCREENSHOT_DIR/name.png when that is set. */
void        test_ui_screenshot      (GtkWidget      *window,
                                     const char     *name);
/* The first AdwPreferencesRow below root whose title is title. */
GtkWidget  *test_ui_find_row        (GtkWidget      *root,
                                     const char     *title);
/* Index of the VodupChoice with this id in model, or -1. */
int         test_ui_find_choice     (GListModel     *model,
                                     const char     *id);
/* Resets every key of the app's schema (the memory backend lives as long
 * as the test process). */
void        test_ui_reset_settings  (void);

G_END_DECLS
