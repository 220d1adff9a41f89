/* vodup-format.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-types.h"

G_BEGIN_DECLS

/* Translated words for people: "Uploading", "120 MB of 1.4 GB", … */
const char *vodup_format_state     (VodupUploadState state);
char       *vodup_format_progress  (guint64          sent,
                                    guint64          total);
char       *vodup_format_speed     (double           bytes_per_second);
char       *vodup_format_time_left (gint64           seconds);

G_END_DECLS
