/* fault-matrix-util.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fault-matrix-util.h"

static GPtrArray *rows;
static GRand *rand_source;

guint32
vodup_fault_seed (void)
{
  const char *text = g_getenv ("VODUP_FAULT_SEED");
  guint64 seed;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT32, &seed, NULL))
    return (guint32) seed;

  return 0;
}

gint32
vodup_fault_pick (gint32 begin,
                  gint32 end,
                  gint32 fixed)
{
  guint32 seed = vodup_fault_seed ();

  if (seed == 0)
    return fixed;

  if (rand_source == NULL)
    rand_source = g_rand_new_with_seed (seed);

  return g_rand_int_range (rand_source, begin, end);
}

static void
row_free (gpointer data)
{
  VodupFaultRow *row = data;

  g_free (row->name);
  g_free (row->outcome);
  g_free (row->note);
  g_free (row);
}

VodupFaultRow *
vodup_fault_row_add (const char *name)
{
  VodupFaultRow *row = g_new0 (VodupFaultRow, 1);

  if (rows == NULL)
    rows = g_ptr_array_new_with_free_func (row_free);

  row->name = g_strdup (name);
  row->outcome = g_strdup ("did not finish");
  row->bound = -1;
  row->note = g_strdup ("");
  g_ptr_array_add (rows, row);

  return row;
}

void
vodup_fault_row_set_note (VodupFaultRow *row,
                          const char    *format,
                          ...)
{
  va_list args;

  va_start (args, format);
  g_free (row->note);
  row->note = g_strdup_vprintf (format, args);
  va_end (args);
}

static char *
format_bytes (gint64 bytes)
{
  if (bytes < 0)
    return g_strdup ("-");

  return g_strdup_printf ("%" G_GINT64_FORMAT " (%.1f MiB)", bytes, bytes / 1048576.0);
}

void
vodup_fault_print_table (void)
{
  guint32 seed = vodup_fault_seed ();

  if (seed != 0)
    g_test_message ("Fault matrix, random faults with VODUP_FAULT_SEED=%u", seed);
  else
    g_test_message ("Fault matrix, fixed faults");

  g_test_message ("%-18s | %-24s | %-24s | %-24s | %s | %s", "case", "outcome", "bytes re-sent",
                  "bound", "MPU", "faults / notes");
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      VodupFaultRow *row = g_ptr_array_index (rows, i);
      g_autofree char *resent = format_bytes (row->resent);
      g_autofree char *bound = format_bytes (row->bound);

      g_test_message ("%-18s | %-24s | %-24s | %-24s | %3u | %s", row->name, row->outcome, resent,
                      bound, row->n_multipart, row->note);
    }
}

const char *
vodup_fault_error_nick (const GError *error)
{
  static const char * const nicks[] = {
    "failed", "file-not-found", "file-unreadable", "file-is-directory", "file-empty",
    "file-too-large", "file-changed", "no-credentials", "keyring-locked", "keyring-unavailable",
    "auth", "clock-skew", "credentials-expired", "unknown-procedure", "region-not-enabled",
    "unknown-class", "sub-app-id", "invalid-parameter", "throttled", "server", "network",
    "checksum-mismatch", "protocol", "insecure-endpoint", "not-permitted",
  };

  if (error == NULL)
    return "none";
  if (error->domain != VODUP_ERROR || error->code < 0 || (guint) error->code >= G_N_ELEMENTS (nicks))
    return g_quark_to_string (error->domain);

  return nicks[error->code];
}

gint64
vodup_fault_counter (JsonObject *state,
                     const char *name)
{
  JsonObject *counters = json_object_get_object_member (state, "counters");

  return json_object_get_int_member_with_default (counters, name, 0);
}

/* multipart_state NULL: all of them. */
guint
vodup_fault_count_state (JsonObject *state,
                         const char *multipart_state)
{
  JsonArray *uploads = json_object_get_array_member (state, "multipart_uploads");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (uploads); i++)
    {
      JsonObject *upload = json_array_get_object_element (uploads, i);

      if (multipart_state == NULL ||
          g_str_equal (json_object_get_string_member (upload, "state"), multipart_state))
        n++;
    }

  return n;
}

guint
vodup_fault_check_commits (JsonObject *state,
                           guint64     size,
                           const char *crc64)
{
  JsonArray *commits = json_object_get_array_member (state, "commits");
  guint n = json_array_get_length (commits);

  /* Never a second commit for one file, never one of other bytes. */
  g_assert_cmpuint (n, <=, 1);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *media = json_object_get_object_member (json_array_get_object_element (commits, i),
                                                         "media");

      g_assert_cmpint (json_object_get_int_member (media, "size"), ==, size);
      g_assert_cmpstr (json_object_get_string_member (media, "crc64"), ==, crc64);
    }

  return n;
}
