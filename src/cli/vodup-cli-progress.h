/* vodup-cli-progress.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-engine.h"

G_BEGIN_DECLS

typedef enum
{
  VODUP_CLI_PROGRESS_PLAIN,     /* a line per state change and per result */
  VODUP_CLI_PROGRESS_TERMINAL,  /* a bar per file, redrawn in place */
  VODUP_CLI_PROGRESS_JSON,      /* design.md's JSON lines */
} VodupCliProgressMode;

#define VODUP_TYPE_CLI_PROGRESS (vodup_cli_progress_get_type ())

G_DECLARE_FINAL_TYPE (VodupCliProgress, vodup_cli_progress, VODUP, CLI_PROGRESS, GObject)

/* Reports the uploads of one vodup-cli run on stdout: progress at most
 * about four times a second per file, then one result per file. */
VodupCliProgress *vodup_cli_progress_new      (VodupCliProgressMode  mode);
/* name is the file as given on the command line. */
void              vodup_cli_progress_add      (VodupCliProgress     *self,
                                               VodupUpload          *upload,
                                               const char           *name);
/* A file failed before it could be queued (it has no VodupUpload). */
void              vodup_cli_progress_rejected (VodupCliProgress     *self,
                                               const char           *name,
                                               const GError         *error);
/* Prints the result of an upload that finished. */
void              vodup_cli_progress_finished (VodupCliProgress     *self,
                                               VodupUpload          *upload);
/* Draws the final bars and anything held back for after them. */
void              vodup_cli_progress_close    (VodupCliProgress     *self);

G_END_DECLS
