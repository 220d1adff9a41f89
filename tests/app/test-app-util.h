/* test-app-util.h: the app, its window and the simulator, for UI tests
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-application.h"
#include "vodup-upload-row.h"
#include "vodup-window-private.h"
#include "vodup-sim.h"

G_BEGIN_DECLS

/* gtk_test_init + adw_init, a started simulator, the environment pointing
 * the app at it (keys and endpoints), and a registered VodupApplication
 * whose credentials lookup has finished. */
void              vodup_test_app_init        (int          *argc,
                                              char       ***argv);
/* g_test_run (), then everything above goes away. */
int               vodup_test_app_run         (void);
VodupSim         *vodup_test_app_sim         (void);
VodupApplication *vodup_test_app_application (void);
/* Empties the queue, destroys the last window, clears the simulator's
 * faults and presents a new window (mapped and laid out). */
VodupWindow      *vodup_test_app_new_window  (void);

/* A file of pseudo-random bytes under the test's temporary directory;
 * name may contain "/" (folders are made). */
GFile            *vodup_test_app_make_file   (const char   *name,
                                              guint64       size,
                                              guint32       seed);
GFile            *vodup_test_app_make_dir    (const char   *name);

void              vodup_test_app_set_faults  (const char   *json);

/* Spins the default main context until check (data) or the timeout. */
void              vodup_test_app_spin_until  (gboolean    (*check) (gpointer data),
                                              gpointer      data,
                                              guint         timeout_seconds,
                                              const char   *what);
void              vodup_test_app_spin_ms     (guint         milliseconds);
/* Lets the frame clock run n frames (layout, then paint). */
void              vodup_test_app_wait_frames (GtkWidget    *widget,
                                              guint         n);
/* Waits until no drop or chosen files are still being checked. */
void              vodup_test_app_wait_added  (VodupWindow  *window);

/* The row bound to upload, once the list view made it. */
VodupUploadRow   *vodup_test_app_find_row    (VodupWindow  *window,
                                              VodupUpload  *upload);
VodupUpload      *vodup_test_app_upload_at   (VodupWindow  *window,
                                              guint         position);
/* A template child of the row ("status", "progress", "pause_button", …). */
gpointer          vodup_test_app_row_child   (VodupUploadRow *row,
                                              const char     *name);

G_END_DECLS
