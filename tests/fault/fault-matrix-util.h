/* fault-matrix-util.h: the results table of the fault matrix and what it
 * reads from the simulator's state
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "vodup-engine.h"

G_BEGIN_DECLS

/* One row of the table printed at the end. */
typedef struct
{
  char   *name;
  char   *outcome;     /* "committed", "failed: <nick>", "skipped" */
  gint64  resent;      /* body_bytes received beyond the file's size */
  gint64  bound;       /* the most that may be re-sent */
  guint   n_multipart; /* multipart uploads initiated for the file */
  char   *note;        /* fault parameters, and why a bound differs */
} VodupFaultRow;

/* The random seed (VODUP_FAULT_SEED) or 0 when the fixed matrix runs. */
guint32        vodup_fault_seed            (void);
/* Draws from the seeded generator, or answers fixed in the fixed run. */
gint32         vodup_fault_pick            (gint32        begin,
                                            gint32        end,
                                            gint32        fixed);

VodupFaultRow *vodup_fault_row_add         (const char   *name);
void           vodup_fault_row_set_note    (VodupFaultRow *row,
                                            const char    *format,
                                            ...) G_GNUC_PRINTF (2, 3);
void           vodup_fault_print_table     (void);

/* "file-changed" for VODUP_ERROR_FILE_CHANGED, and so on. */
const char    *vodup_fault_error_nick      (const GError *error);

/* Simulator state. */
gint64         vodup_fault_counter         (JsonObject   *state,
                                            const char   *name);
guint          vodup_fault_count_state     (JsonObject   *state,
                                            const char   *multipart_state);
/* Fails the test if a commit's media differs from size and crc64, or if
 * there is more than one commit; returns the number of commits (0, 1). */
guint          vodup_fault_check_commits   (JsonObject   *state,
                                            guint64       size,
                                            const char   *crc64);

G_END_DECLS
