/* test-format.c: words and numbers for people
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-engine.h"

static void
test_progress (void)
{
  g_autofree char *text = vodup_format_progress (120 * 1000 * 1000, 1400 * 1000 * 1000);

  g_assert_cmpstr (text, ==, "120.0\u00a0MB of 1.4\u00a0GB");
}

static void
test_speed (void)
{
  g_autofree char *text = vodup_format_speed (38 * 1000 * 1000);

  g_assert_cmpstr (text, ==, "38.0\u00a0MB/s");
}

static void
test_time_left (void)
{
  const struct { gint64 seconds; const char *text; } cases[] = {
    { -1, "Estimating time left…" },
    { 1, "about 1 second left" },
    { 40, "about 40 seconds left" },
    { 89, "about 1 minute left" },
    { 150, "about 3 minutes left" },
    { 7200, "about 2 hours left" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = vodup_format_time_left (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_state (void)
{
  g_assert_cmpstr (vodup_format_state (VODUP_UPLOAD_STATE_VERIFYING), ==, "Verifying");
  g_assert_cmpstr (vodup_format_state (VODUP_UPLOAD_STATE_DONE), ==, "Done");
}

static void
test_media_types (void)
{
  g_autofree char *type = vodup_media_type_for_name ("Holiday.MP4");
  g_autofree char *name = vodup_media_name_for_name ("Holiday.2026.mp4");
  g_autofree char *none = vodup_media_type_for_name ("README");

  g_assert_cmpstr (type, ==, "mp4");
  g_assert_cmpstr (name, ==, "Holiday.2026");
  g_assert_null (none);
  g_assert_true (vodup_media_type_is_video ("mkv"));
  g_assert_false (vodup_media_type_is_video ("txt"));
  g_assert_true (vodup_media_type_is_cover ("jpeg"));
  g_assert_false (vodup_media_type_is_cover ("mp4"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/format/progress", test_progress);
  g_test_add_func ("/engine/format/speed", test_speed);
  g_test_add_func ("/engine/format/time-left", test_time_left);
  g_test_add_func ("/engine/format/state", test_state);
  g_test_add_func ("/engine/format/media-types", test_media_types);

  return g_test_run ();
}
