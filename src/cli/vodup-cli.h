/* vodup-cli.h: what the vodup-cli subcommands share
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-engine.h"
#include "vodup-secret-store.h"

G_BEGIN_DECLS

/* design.md: the exit status is part of the stable interface. */
typedef enum
{
  VODUP_CLI_EXIT_OK          = 0,
  VODUP_CLI_EXIT_FAILED      = 1,
  VODUP_CLI_EXIT_USAGE       = 2,
  VODUP_CLI_EXIT_INTERRUPTED = 130,
} VodupCliExit;

/* --api-endpoint / --cos-endpoint; NULL leaves it to the environment. */
typedef struct
{
  char *api;
  char *cos;
  char *proxy;   /* NULL: the system's proxy settings */
} VodupCliEndpoints;

int           vodup_cli_upload            (int                 argc,
                                           char              **argv);
int           vodup_cli_list              (VodupChoiceKind     kind,
                                           int                 argc,
                                           char              **argv);
int           vodup_cli_login             (int                 argc,
                                           char              **argv);
int           vodup_cli_logout            (int                 argc,
                                           char              **argv);
int           vodup_cli_cleanup           (int                 argc,
                                           char              **argv);

/* Prints "vodup-cli: MESSAGE" and a hint to --help; returns EXIT_USAGE. */
int           vodup_cli_usage_error       (GOptionContext     *context,
                                           const char         *message);
/* Parses argv with context; on error prints it and returns FALSE. */
gboolean      vodup_cli_parse             (GOptionContext     *context,
                                           int                *argc,
                                           char             ***argv);
/* Adds --api-endpoint and --cos-endpoint to the main group. */
void          vodup_cli_add_endpoint_options (GOptionContext  *context,
                                           VodupCliEndpoints  *endpoints);
void          vodup_cli_endpoints_clear   (VodupCliEndpoints  *endpoints);

/* TENCENTCLOUD_SECRET_ID/_KEY/_SESSION_TOKEN if set, else the keyring;
 * looked up once, so the keyring is asked at most once per run. */
VodupCredentialProvider *
              vodup_cli_get_credentials   (GError            **error);
/* One VOD client and one COS client sharing one SoupSession. */
gboolean      vodup_cli_make_clients      (const VodupCliEndpoints  *endpoints,
                                           VodupCredentialProvider  *provider,
                                           VodupVodClient          **vod,
                                           VodupCosClient          **cos,
                                           GError                  **error);

/* The upload journal (crash-safe resume), shared with the app. Its
 * temporary credentials need the keyring: NULL, after one warning line,
 * when it does not answer or stays locked. */
VodupSecretStore *
              vodup_cli_journal_open      (void);
/* --restart: drops the recorded uploads of these files with these
 * options, aborting their multipart uploads on COS where possible. */
void          vodup_cli_journal_forget    (VodupSecretStore          *store,
                                           VodupVodClient            *vod,
                                           VodupCosClient            *cos,
                                           char                     **files,
                                           const VodupUploadOptions  *options);
/* The journal's keyring without a word: NULL and error when it does not
 * answer or stays locked. */
VodupSecretStore *
              vodup_cli_journal_open_quiet (GError                  **error);
/* FALSE, after saying so on stderr, when another Vodup window or command
 * is uploading one of these files from its journal record. */
gboolean      vodup_cli_journal_check_free (char                    **files,
                                            const VodupUploadOptions *options);
/* Before exit: lets the keyring take the last changes (a credential that
 * was removed must not stay behind), for a few seconds at most. */
void          vodup_cli_journal_settle    (VodupSecretStore          *store);

/* "InvalidParameterValue.Procedure" from Tencent, else "Vodup.<Name>". */
const char   *vodup_cli_error_code        (const GError       *error);
/* Prints a line of JSON on stdout and flushes it. */
void          vodup_cli_print_json        (JsonNode           *node);
/* A GAsyncReadyCallback that keeps a reference to the result in
 * *(GAsyncResult **) user_data, and the wait for it: how the one-shot
 * subcommands call async API. */
void          vodup_cli_keep_result       (GObject            *object,
                                           GAsyncResult       *result,
                                           gpointer            user_data);
GAsyncResult *vodup_cli_wait_for          (GAsyncResult      **slot);
/* Display width on a terminal (wide CJK characters count two). */
guint         vodup_cli_display_width     (const char         *text);

G_END_DECLS
