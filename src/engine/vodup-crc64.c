/* vodup-crc64.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vodup-crc64.h"

/* ECMA-182 polynomial, bit-reflected (CRC-64/XZ, tencent-vod-api.md §4.6). */
#define CRC64_POLY_REFLECTED G_GUINT64_CONSTANT (0xC96C5795D7870F42)

/* Slicing-by-8: tables[k][b] is the CRC contribution of byte b followed by
 * k zero bytes, so eight bytes are folded in with eight lookups. The CRC runs
 * over every byte of multi-GiB uploads, so the byte-at-a-time loop is only
 * used for the unaligned head and the tail. */
static guint64 tables[8][256];

static void
build_tables (void)
{
  for (guint n = 0; n < 256; n++)
    {
      guint64 c = n;

      for (guint bit = 0; bit < 8; bit++)
        c = (c & 1) ? (c >> 1) ^ CRC64_POLY_REFLECTED : c >> 1;
      tables[0][n] = c;
    }

  for (guint n = 0; n < 256; n++)
    for (guint k = 1; k < 8; k++)
      tables[k][n] = (tables[k - 1][n] >> 8) ^ tables[0][tables[k - 1][n] & 0xff];
}

static void
ensure_tables (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      build_tables ();
      g_once_init_leave (&initialized, 1);
    }
}

static inline guint64
update_bytes (guint64       crc,
              const guint8 *p,
              gsize         length)
{
  while (length-- > 0)
    crc = tables[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);

  return crc;
}

static inline guint64
update_words (guint64       crc,
              const guint8 *p,
              gsize         n_words)
{
  while (n_words-- > 0)
    {
      guint64 word;

      memcpy (&word, p, sizeof word);
      crc ^= GUINT64_FROM_LE (word);
      crc = tables[7][crc & 0xff] ^
            tables[6][(crc >> 8) & 0xff] ^
            tables[5][(crc >> 16) & 0xff] ^
            tables[4][(crc >> 24) & 0xff] ^
            tables[3][(crc >> 32) & 0xff] ^
            tables[2][(crc >> 40) & 0xff] ^
            tables[1][(crc >> 48) & 0xff] ^
            tables[0][crc >> 56];
      p += 8;
    }

  return crc;
}

guint64
vodup_crc64_update (guint64     crc,
                    const void *data,
                    gsize       length)
{
  const guint8 *p = data;
  gsize head;

  g_return_val_if_fail (data != NULL || length == 0, crc);

  if (length == 0)
    return crc;

  ensure_tables ();

  /* The stored value is post-inverted (xorout), so undo it to resume. */
  crc = ~crc;

  head = MIN (length, (8 - ((guintptr) p & 7)) & 7);
  crc = update_bytes (crc, p, head);
  p += head;
  length -= head;

  crc = update_words (crc, p, length / 8);
  p += length & ~(gsize) 7;

  crc = update_bytes (crc, p, length & 7);

  return ~crc;
}

/* GF(2) 64×64 matrix times vector: XOR of the columns selected by vec. */
static guint64
gf2_matrix_times (const guint64 *matrix,
                  guint64        vec)
{
  guint64 sum = 0;

  for (guint i = 0; vec != 0; i++, vec >>= 1)
    if (vec & 1)
      sum ^= matrix[i];

  return sum;
}

static void
gf2_matrix_square (guint64       *square,
                   const guint64 *matrix)
{
  for (guint n = 0; n < 64; n++)
    square[n] = gf2_matrix_times (matrix, matrix[n]);
}

/* Appending len_b zero bytes to A is a linear map of the CRC register;
 * build it from the one-zero-bit operator by repeated squaring, apply it to
 * crc (A), then XOR crc (B). The init/xorout terms cancel, as in zlib. */
guint64
vodup_crc64_combine (guint64 crc_a,
                     guint64 crc_b,
                     guint64 length_b)
{
  guint64 even[64];
  guint64 odd[64];
  guint64 row = 1;

  if (length_b == 0)
    return crc_a;

  /* odd = operator for one zero bit. */
  odd[0] = CRC64_POLY_REFLECTED;
  for (guint n = 1; n < 64; n++)
    {
      odd[n] = row;
      row <<= 1;
    }

  gf2_matrix_square (even, odd);  /* two zero bits */
  gf2_matrix_square (odd, even);  /* four zero bits */

  /* Each pass squares once more (first pass: one zero byte) and applies the
   * operator when the matching bit of length_b is set. */
  do
    {
      gf2_matrix_square (even, odd);
      if (length_b & 1)
        crc_a = gf2_matrix_times (even, crc_a);
      length_b >>= 1;
      if (length_b == 0)
        break;

      gf2_matrix_square (odd, even);
      if (length_b & 1)
        crc_a = gf2_matrix_times (odd, crc_a);
      length_b >>= 1;
    }
  while (length_b != 0);

  return crc_a ^ crc_b;
}
