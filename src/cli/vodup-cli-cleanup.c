/* vodup-cli-cleanup.c: vodup-cli cleanup, for uploads a crash left behind
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vodup-cli.h"

/* Aborting needs only the temporary credentials in the keyring, not the
 * account's API key: a COS client is enough. */
static int
run_cleanup (const VodupCliEndpoints *endpoints,
             VodupSecretStore        *journal)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(VodupCosClient) cos = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gssize forgotten;

  session = vodup_session_new_with_proxy (endpoints->proxy, &error);
  if (session != NULL)
    cos = vodup_cos_client_new (session, endpoints->cos, &error);
  if (cos == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return VODUP_CLI_EXIT_FAILED;
    }

  vodup_upload_cleanup_abandoned_async (VODUP_CREDENTIAL_VAULT (journal), cos, NULL, NULL,
                                        vodup_cli_keep_result, &result);
  forgotten = vodup_upload_cleanup_abandoned_finish (vodup_cli_wait_for (&result), &error);
  if (forgotten < 0)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return VODUP_CLI_EXIT_FAILED;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "Forgot %d interrupted upload that could not be resumed.\n",
                        "Forgot %d interrupted uploads that could not be resumed.\n", forgotten),
           (int) forgotten);

  return VODUP_CLI_EXIT_OK;
}

int
vodup_cli_cleanup (int    argc,
                   char **argv)
{
  VodupCliEndpoints endpoints = { NULL, NULL };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(VodupSecretStore) journal = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Aborts the multipart uploads of interrupted uploads that cannot be "
                                  "resumed (their file is gone or changed, or their temporary credential "
                                  "expired or was lost) and forgets them. Uploads another Vodup window "
                                  "or command is running are left alone."));
  vodup_cli_add_endpoint_options (context, &endpoints);
  if (!vodup_cli_parse (context, &argc, &argv))
    status = VODUP_CLI_EXIT_USAGE;
  else if (argc > 1)
    status = vodup_cli_usage_error (context, _("cleanup takes no file names."));
  /* Without the keyring every record would look abandoned: better none. */
  else if (!(journal = vodup_cli_journal_open_quiet (&error)))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      status = VODUP_CLI_EXIT_FAILED;
    }
  else
    {
      status = run_cleanup (&endpoints, journal);
      vodup_cli_journal_settle (journal);
    }

  vodup_cli_endpoints_clear (&endpoints);

  return status;
}
