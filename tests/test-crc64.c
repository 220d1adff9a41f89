/* test-crc64.c: CRC-64/XZ known answers (tencent-vod-api.md §10 R1).
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vodup-engine.h"

#define MIB (1024 * 1024)

typedef struct
{
  const char *input;
  guint64     expected;
} CrcVector;

static const CrcVector known_answers[] = {
  { "", G_GUINT64_CONSTANT (0) },
  { "a", G_GUINT64_CONSTANT (0x330284772e652b05) },
  { "123456789", G_GUINT64_CONSTANT (0x995dc9bbdf1939fa) },
  { "ObjectContent", G_GUINT64_CONSTANT (0x283f162dfe7e6111) },
  { "The quick brown fox jumps over the lazy dog", G_GUINT64_CONSTANT (0x5b5eb8c2e54aa1c4) },
};

typedef struct
{
  guint8  byte;
  guint64 expected;   /* decimal, as in the x-cos-hash-crc64ecma header */
} MibVector;

static const MibVector mib_answers[] = {
  { 0x00, G_GUINT64_CONSTANT (6947770692288575170) },
  { 'a', G_GUINT64_CONSTANT (6701094182323390671) },
};

/* Bit-at-a-time reference, independent of the slicing tables. */
static guint64
reference_crc64 (const guint8 *data,
                 gsize         length)
{
  guint64 crc = G_MAXUINT64;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (guint bit = 0; bit < 8; bit++)
        crc = (crc & 1) ? (crc >> 1) ^ G_GUINT64_CONSTANT (0xC96C5795D7870F42) : crc >> 1;
    }

  return ~crc;
}

static void
test_known_answer (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (known_answers); i++)
    {
      const CrcVector *v = &known_answers[i];
      gsize length = strlen (v->input);

      g_test_message ("input \"%s\"", v->input);
      g_assert_cmpuint (vodup_crc64_update (0, v->input, length), ==, v->expected);
      g_assert_cmpuint (reference_crc64 ((const guint8 *) v->input, length), ==, v->expected);
    }

  /* The decimal header form of the check value. */
  g_assert_cmpuint (vodup_crc64_update (0, "123456789", 9), ==,
                    G_GUINT64_CONSTANT (11051210869376104954));
  g_assert_cmpuint (vodup_crc64_update (0, NULL, 0), ==, 0);
}

/* Every split point of every vector, so the word loop's head and tail
 * handling is exercised at each alignment. */
static void
test_incremental (void)
{
  g_assert_cmpuint (vodup_crc64_update (vodup_crc64_update (0, "12345", 5), "6789", 4), ==,
                    G_GUINT64_CONSTANT (0x995dc9bbdf1939fa));

  for (gsize i = 0; i < G_N_ELEMENTS (known_answers); i++)
    {
      const CrcVector *v = &known_answers[i];
      gsize length = strlen (v->input);

      for (gsize split = 0; split <= length; split++)
        {
          guint64 crc = vodup_crc64_update (0, v->input, split);

          crc = vodup_crc64_update (crc, v->input + split, length - split);
          g_assert_cmpuint (crc, ==, v->expected);
        }
    }
}

/* Random data at every offset and length up to a few words, against the
 * bitwise reference. */
static void
test_alignment (void)
{
  guint8 data[96];

  for (gsize i = 0; i < sizeof data; i++)
    data[i] = (guint8) g_test_rand_int ();

  for (gsize offset = 0; offset < 16; offset++)
    for (gsize length = 0; length + offset <= sizeof data; length++)
      g_assert_cmpuint (vodup_crc64_update (0, data + offset, length), ==,
                        reference_crc64 (data + offset, length));
}

static guint8 *
make_r1_a (gsize *length)
{
  GString *a = g_string_new (NULL);

  for (guint i = 0; i < 1000; i++)
    g_string_append (a, "123456789");

  *length = a->len;
  return (guint8 *) g_string_free (a, FALSE);
}

static guint8 *
make_r1_b (gsize *length)
{
  guint8 *b = g_malloc (256 * 37);

  for (gsize i = 0; i < 256 * 37; i++)
    b[i] = (guint8) i;

  *length = 256 * 37;
  return b;
}

static void
test_combine (void)
{
  gsize a_length, b_length;
  g_autofree guint8 *a = make_r1_a (&a_length);
  g_autofree guint8 *b = make_r1_b (&b_length);
  guint64 crc_a, crc_b, whole;

  g_assert_cmpuint (b_length, ==, 9472);

  crc_a = vodup_crc64_update (0, a, a_length);
  crc_b = vodup_crc64_update (0, b, b_length);
  whole = vodup_crc64_update (crc_a, b, b_length);

  g_assert_cmpuint (whole, ==, G_GUINT64_CONSTANT (14862255070268890846));
  g_assert_cmpuint (vodup_crc64_combine (crc_a, crc_b, b_length), ==, whole);

  /* Empty B leaves A's CRC; empty A gives B's. */
  g_assert_cmpuint (vodup_crc64_combine (crc_a, 0, 0), ==, crc_a);
  g_assert_cmpuint (vodup_crc64_combine (0, crc_b, b_length), ==, crc_b);

  /* Short lengths hit each branch of the squaring loop. */
  for (gsize split = 0; split <= 64; split++)
    {
      guint64 head = vodup_crc64_update (0, b, split);
      guint64 tail = vodup_crc64_update (0, b + split, 64 - split);

      g_assert_cmpuint (vodup_crc64_combine (head, tail, 64 - split), ==,
                        vodup_crc64_update (0, b, 64));
    }
}

static void
test_one_mib (void)
{
  g_autofree guint8 *data = g_malloc (MIB);

  for (gsize i = 0; i < G_N_ELEMENTS (mib_answers); i++)
    {
      const MibVector *v = &mib_answers[i];
      guint64 crc = 0;

      memset (data, v->byte, MIB);
      g_assert_cmpuint (vodup_crc64_update (0, data, MIB), ==, v->expected);

      /* Odd chunk sizes, as reads from a file deliver them. */
      for (gsize done = 0; done < MIB; done += 4099)
        crc = vodup_crc64_update (crc, data + done, MIN (4099, MIB - done));
      g_assert_cmpuint (crc, ==, v->expected);
    }
}

/* Informational only: timing is not a test result on a shared machine. */
static void
test_throughput (void)
{
  const gsize size = 16 * MIB;
  const guint rounds = 4;
  g_autofree guint8 *data = g_malloc (size);
  guint64 crc = 0;
  gint64 start, elapsed;

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 131);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < rounds; i++)
    crc = vodup_crc64_update (crc, data, size);
  elapsed = MAX (g_get_monotonic_time () - start, 1);

  g_assert_cmpuint (crc, !=, 0);
  g_test_message ("CRC-64 throughput: %.0f MiB/s (%" G_GSIZE_FORMAT " MiB in %.3f s)",
                  (double) (size / MIB * rounds) / (elapsed / (double) G_USEC_PER_SEC),
                  size / MIB * rounds, elapsed / (double) G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/crc64/known-answer", test_known_answer);
  g_test_add_func ("/engine/crc64/incremental", test_incremental);
  g_test_add_func ("/engine/crc64/alignment", test_alignment);
  g_test_add_func ("/engine/crc64/combine", test_combine);
  g_test_add_func ("/engine/crc64/one-mib", test_one_mib);
  g_test_add_func ("/engine/crc64/throughput", test_throughput);

  return g_test_run ();
}
