/* test-cli-util.h: vodup-cli and the simulator as programs, for the CLI
 * tests (usage: TEST VODUP-CLI VODUP-SIM [GTEST OPTION…])
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "vodup-engine.h"
#include "vodup-sim.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *sim;
  char        *uri;       /* http://127.0.0.1:PORT */
  SoupSession *session;   /* for /_sim/state and /_sim/faults */
  char        *dir;       /* files to upload */
  char        *state_dir; /* the CLI's XDG_STATE_HOME: its upload journal */
} VodupCliFixture;

typedef struct
{
  int        status;      /* exit status, or -signal */
  char      *out;
  char      *err;
  GPtrArray *events;      /* JsonObject per stdout line, for --json runs */
} VodupCliRun;

/* Takes VODUP-CLI and VODUP-SIM off the command line, then g_test_init(). */
void         vodup_test_cli_init               (int                 *argc,
                                                char              ***argv);
const char  *vodup_test_cli_path               (void);

/* A simulator of the test's own (a program, killed with the test) and a
 * temporary directory for files and the CLI's journal. */
void         vodup_test_cli_set_up             (VodupCliFixture     *fixture,
                                                gconstpointer        data);
void         vodup_test_cli_tear_down          (VodupCliFixture     *fixture,
                                                gconstpointer        data);
JsonObject  *vodup_test_cli_sim_state          (VodupCliFixture     *fixture);
void         vodup_test_cli_set_faults         (VodupCliFixture     *fixture,
                                                const char          *faults);

/* Appends size pseudo-random bytes to path (made if missing), carrying
 * *crc64 (if not NULL) on over them. */
void         vodup_test_cli_append_random      (const char          *path,
                                                guint64              size,
                                                guint32              seed,
                                                guint64             *crc64);
/* A new file of size pseudo-random bytes; returns its path and CRC-64. */
char        *vodup_test_cli_make_file          (VodupCliFixture     *fixture,
                                                const char          *name,
                                                guint64              size,
                                                guint64             *crc64);
/* A sparse file: big, yet cheap to make. */
char        *vodup_test_cli_make_sparse_file   (VodupCliFixture     *fixture,
                                                const char          *name,
                                                guint64              size);

/* Inside build-aux/run-headless.sh, whose keyring is a throwaway one. */
gboolean     vodup_test_cli_in_private_keyring (void);
/* The simulator's keys and endpoints unless the test says otherwise; the
 * fixture's journal; and a keyring only inside build-aux/run-headless.sh
 * (upload credentials go there). stdout and stderr are pipes. */
GSubprocessLauncher *
             vodup_test_cli_launcher_new       (VodupCliFixture     *fixture,
                                                GSubprocessFlags     flags);
/* Waits for process, giving it input; fills run (events not parsed). */
void         vodup_test_cli_finish_run         (GSubprocess         *process,
                                                const char          *input,
                                                VodupCliRun         *run);
/* Every stdout line must be one JSON object with an "event". */
GPtrArray   *vodup_test_cli_parse_events       (const char          *out);
/* Runs vodup-cli with args; `upload --json` runs get their events. */
void         vodup_test_cli_run_with           (GSubprocessLauncher *launcher,
                                                const char * const  *args,
                                                const char          *input,
                                                VodupCliRun         *run);
void         vodup_test_cli_run                (VodupCliFixture     *fixture,
                                                const char * const  *args,
                                                VodupCliRun         *run);
void         vodup_test_cli_run_clear          (VodupCliRun         *run);

/* The one result event for file; fails the test unless there is exactly one. */
JsonObject  *vodup_test_cli_find_result        (GPtrArray           *events,
                                                const char          *file);
guint        vodup_test_cli_count_events       (GPtrArray           *events,
                                                const char          *kind);
/* result is a success whose FileId the simulator committed with this
 * size and CRC-64. */
void         vodup_test_cli_assert_committed   (VodupCliFixture     *fixture,
                                                JsonObject          *result,
                                                guint64              size,
                                                guint64              crc64);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VodupCliRun, vodup_test_cli_run_clear)

G_END_DECLS
