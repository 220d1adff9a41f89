/* vodup-crc64.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* CRC-64/XZ (ECMA-182 polynomial, reflected, init and xorout all ones): the
 * value COS returns as x-cos-hash-crc64ecma. The CRC of no bytes is 0, and
 * update (update (0, a), b) == update (0, a ‖ b). Thread-safe. */
guint64 vodup_crc64_update  (guint64       crc,
                             const void   *data,
                             gsize         length);

/* CRC of A ‖ B from crc (A), crc (B) and the length of B. */
guint64 vodup_crc64_combine (guint64       crc_a,
                             guint64       crc_b,
                             guint64       length_b);

G_END_DECLS
