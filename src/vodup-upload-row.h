/* vodup-upload-row.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "vodup-engine.h"

G_BEGIN_DECLS

#define VODUP_TYPE_UPLOAD_ROW (vodup_upload_row_get_type ())

G_DECLARE_FINAL_TYPE (VodupUploadRow, vodup_upload_row, VODUP, UPLOAD_ROW, GtkWidget)

/* One upload of the queue: name, size, progress, a status line and the
 * upload.* actions (pause, resume, cancel, retry, remove, copy-file-id,
 * copy-url, show-details). */
GtkWidget   *vodup_upload_row_new        (void);
VodupUpload *vodup_upload_row_get_upload (VodupUploadRow *self);
void         vodup_upload_row_set_upload (VodupUploadRow *self,
                                          VodupUpload    *upload);

G_END_DECLS
