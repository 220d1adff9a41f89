/* vodup-compat.h: one door to APIs that differ between the Debian 12 floor
 * (GTK 4.8, libadwaita 1.2) and current GNOME
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* AdwPreferencesDialog (1.5) or AdwPreferencesWindow. */
void        vodup_compat_present_preferences (GtkWindow            *parent,
                                              AdwPreferencesPage   *page);

/* AdwAboutDialog (1.5) or AdwAboutWindow. */
void        vodup_compat_show_about          (GtkWindow            *parent);

/* GtkFileDialog (4.10) or GtkFileChooserNative: several files to open.
 * Dismissing the dialog is G_IO_ERROR_CANCELLED. */
void        vodup_compat_choose_files_async  (GtkWindow            *parent,
                                              const char           *title,
                                              GtkFileFilter        *filter,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
/* A GListModel of GFile. */
GListModel *vodup_compat_choose_files_finish (GAsyncResult         *result,
                                              GError              **error);

/* AdwAlertDialog (1.5) or AdwMessageDialog, with a cancel response (the
 * default) and a confirm response. TRUE when confirmed. Nothing it is used
 * for loses data, so neither response is styled destructive. */
void        vodup_compat_confirm_async       (GtkWindow            *parent,
                                              const char           *heading,
                                              const char           *body,
                                              const char           *cancel_label,
                                              const char           *confirm_label,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean    vodup_compat_confirm_finish      (GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
