/* vodup-range-input-stream.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VODUP_TYPE_RANGE_INPUT_STREAM (vodup_range_input_stream_get_type ())

G_DECLARE_FINAL_TYPE (VodupRangeInputStream, vodup_range_input_stream, VODUP, RANGE_INPUT_STREAM, GInputStream)

/* Engine-private. Reads [offset, offset + length) of a file, synchronously,
 * and computes the CRC-64 of what it returns. A file that ends early is
 * VODUP_ERROR_FILE_CHANGED. The file is opened by _open() or by the first
 * read. */
VodupRangeInputStream *vodup_range_input_stream_new          (GFile                  *file,
                                                              guint64                 offset,
                                                              guint64                 length);
gboolean               vodup_range_input_stream_open         (VodupRangeInputStream  *self,
                                                              GCancellable           *cancellable,
                                                              GError                **error);
guint64                vodup_range_input_stream_get_length   (VodupRangeInputStream  *self);
/* Bytes returned so far, and their CRC-64. */
guint64                vodup_range_input_stream_get_position (VodupRangeInputStream  *self);
guint64                vodup_range_input_stream_get_crc64    (VodupRangeInputStream  *self);
/* The first error a read failed with (a reader such as libsoup may replace
 * it with its own), or NULL. */
const GError          *vodup_range_input_stream_get_error    (VodupRangeInputStream  *self);

G_END_DECLS
