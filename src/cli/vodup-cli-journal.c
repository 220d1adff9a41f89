/* vodup-cli-journal.c: the upload journal for vodup-cli upload
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vodup-cli.h"

/* An upload id no upload has: looking it up only asks whether the keyring
 * answers. */
#define PROBE_UPLOAD_ID "vodup-cli-probe"
/* How long to wait at exit for the keyring to take the last changes. */
#define SETTLE_SECONDS  5

VodupSecretStore *
vodup_cli_journal_open_quiet (GError **error)
{
  g_autoptr(VodupSecretStore) store = vodup_secret_store_new ();
  VodupCredentialVault *vault = VODUP_CREDENTIAL_VAULT (store);
  g_autoptr(VodupCredentials) found = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GError *local_error = NULL;

  vodup_credential_vault_lookup_async (vault, PROBE_UPLOAD_ID, NULL, vodup_cli_keep_result, &result);
  found = vodup_credential_vault_lookup_finish (vault, vodup_cli_wait_for (&result), &local_error);
  if (local_error == NULL)
    return g_steal_pointer (&store);

  g_propagate_error (error, local_error);
  return NULL;
}

VodupSecretStore *
vodup_cli_journal_open (void)
{
  g_autoptr(VodupSecretStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if ((store = vodup_cli_journal_open_quiet (&error)) != NULL)
    return g_steal_pointer (&store);

  /* The upload goes on: only its resume after an interruption is lost. */
  g_debug ("Uploading without a journal: %s", error->message);
  g_printerr ("%s: %s\n", g_get_prgname (),
              g_error_matches (error, VODUP_ERROR, VODUP_ERROR_KEYRING_LOCKED)
              ? _("Warning: the keyring is locked, so an upload that gets interrupted "
                  "cannot be resumed; it would start again from the beginning.")
              : _("Warning: no keyring is available, so an upload that gets interrupted "
                  "cannot be resumed; it would start again from the beginning."));

  return NULL;
}

void
vodup_cli_journal_forget (VodupSecretStore          *store,
                          VodupVodClient            *vod,
                          VodupCosClient            *cos,
                          char                     **files,
                          const VodupUploadOptions  *options)
{
  g_autoptr(VodupUploadQueue) queue = NULL;

  g_return_if_fail (VODUP_IS_SECRET_STORE (store));
  g_return_if_fail (files != NULL);

  /* A queue of its own, with clients (an abort needs the COS client),
   * while the one that uploads still holds its files. */
  queue = vodup_upload_queue_new (vod, cos);
  vodup_upload_queue_set_journal (queue, VODUP_CREDENTIAL_VAULT (store));

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (files[i]);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      vodup_upload_queue_forget_file_async (queue, file, options, NULL, vodup_cli_keep_result, &result);
      if (!vodup_upload_queue_forget_file_finish (queue, vodup_cli_wait_for (&result), &error))
        g_printerr ("%s: %s: %s\n", g_get_prgname (), files[i], error->message);
    }
}

gboolean
vodup_cli_journal_check_free (char                     **files,
                              const VodupUploadOptions  *options)
{
  gboolean all_free = TRUE;

  g_return_val_if_fail (files != NULL, FALSE);

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (files[i]);

      if (!vodup_upload_is_busy_elsewhere (file, options))
        continue;

      g_printerr ("%s: %s: %s\n", g_get_prgname (), files[i],
                  _("This file is being uploaded by another Vodup window or command."));
      all_free = FALSE;
    }

  return all_free;
}

static gboolean
settle_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

void
vodup_cli_journal_settle (VodupSecretStore *store)
{
  gboolean timed_out = FALSE;
  guint timeout_id;

  g_return_if_fail (VODUP_IS_SECRET_STORE (store));

  if (vodup_secret_store_get_n_pending (store) == 0)
    return;

  timeout_id = g_timeout_add_seconds (SETTLE_SECONDS, settle_timeout_cb, &timed_out);
  while (vodup_secret_store_get_n_pending (store) > 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (timeout_id);
  else
    g_debug ("The keyring did not answer within %d s", SETTLE_SECONDS);
}
