/* vodup-upload-details.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vodup-engine.h"

G_BEGIN_DECLS

#define VODUP_TYPE_UPLOAD_DETAILS (vodup_upload_details_get_type ())

G_DECLARE_FINAL_TYPE (VodupUploadDetails, vodup_upload_details, VODUP, UPLOAD_DETAILS, AdwWindow)

/* A window with what one upload produced: IDs, URLs, the NewFileUpload
 * event and the task flow's progress, each with a copy button. */
GtkWidget   *vodup_upload_details_new        (VodupUpload        *upload);
VodupUpload *vodup_upload_details_get_upload (VodupUploadDetails *self);

G_END_DECLS
