/* vodup-window-private.h: what the window's files share, and test hooks
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-options-panel.h"
#include "vodup-window.h"

G_BEGIN_DECLS

struct _VodupWindow
{
  AdwApplicationWindow  parent_instance;

  VodupApplication     *application;
  VodupUploadQueue     *queue;
  GSettings            *settings;
  GCancellable         *cancellable;
  GtkDropTarget        *drop_target;
  VodupOptionsPanel    *options_panel;

  /* The uploads of the current batch (those that ran since the queue was
   * last idle), mapped to their size in bytes. */
  GHashTable           *batch;
  /* The uploads whose notifications the window follows (a set, owning). */
  GHashTable           *watched;

  AdwToast             *last_toast;
  guint                 n_toasts;
  guint                 n_adding;
  guint                 update_source;
  guint                 inhibit_cookie;
  /* Asked for this busy spell already: without a session manager or
   * portal every ask would be another D-Bus round trip for nothing. */
  gboolean              inhibit_asked;
  gboolean              close_confirmed;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  GtkListView          *queue_view;
  GtkProgressBar       *total_progress;
  GtkRevealer          *credentials_revealer;
  GtkLabel             *credentials_label;
  GtkRevealer          *simulator_revealer;
  GtkToggleButton      *options_button;
  AdwBin               *options_bin;
  GtkWidget            *pause_all_button;
  GtkWidget            *resume_all_button;
};

/* vodup-window.c */
void                _vodup_window_queue_update     (VodupWindow *self);
void                _vodup_window_batch_add        (VodupWindow *self,
                                                    VodupUpload *upload,
                                                    guint64      size);
VodupUploadOptions *_vodup_window_dup_options      (VodupWindow *self);
/* After files were queued with the options: per-file fields start empty. */
void                _vodup_window_options_used     (VodupWindow *self);

/* vodup-window-actions.c */
void                _vodup_window_class_actions_init (VodupWindowClass *klass);
void                _vodup_window_actions_init     (VodupWindow *self);
void                _vodup_window_update_actions   (VodupWindow *self,
                                                    guint        n_running,
                                                    guint        n_paused,
                                                    guint        n_cleared);
void                _vodup_window_upload_finished  (VodupWindow *self,
                                                    VodupUpload *upload);
void                _vodup_window_batch_idle       (VodupWindow *self);
gboolean            _vodup_window_confirm_close    (VodupWindow *self);

/* vodup-window-dnd.c */
void                _vodup_window_dnd_init         (VodupWindow *self);
/* The one way files come in: drops, the file chooser, "vodup FILE…". Files
 * (GFile) and folders (their videos, recursively) are checked and queued
 * asynchronously; what cannot be queued is named in one toast. */
void                _vodup_window_add_files        (VodupWindow *self,
                                                    GList       *files);

/* For tests. */
GtkDropTarget      *_vodup_window_get_drop_target  (VodupWindow *self);
AdwToast           *_vodup_window_get_last_toast   (VodupWindow *self);
guint               _vodup_window_get_n_toasts     (VodupWindow *self);
/* Add jobs still checking files. */
guint               _vodup_window_get_n_adding     (VodupWindow *self);

G_END_DECLS
