/* vodup-cli-login.c: login (API key from standard input into the keyring)
 * and logout
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "vodup-cli.h"
#include "vodup-secret-store.h"

/* Tencent's SecretId is 36 characters and SecretKey 32; leave room. */
#define LINE_MAX_BYTES 512

/* Reads one line into line (wiped by the caller), without the line end
 * and surrounding blanks. FALSE at end of input. */
static gboolean
read_line (char     line[LINE_MAX_BYTES],
           gboolean hidden)
{
  struct termios saved, quiet;
  gboolean echo_off = FALSE;
  gboolean ok;

  if (hidden && isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0)
    {
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      echo_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }

  ok = fgets (line, LINE_MAX_BYTES, stdin) != NULL;

  if (echo_off)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fputc ('\n', stderr);
    }

  if (ok)
    g_strstrip (line);

  return ok;
}

static void
prompt (const char *text)
{
  if (isatty (STDIN_FILENO))
    {
      fputs (text, stderr);
      fflush (stderr);
    }
}

static gboolean
save_key (const char  *secret_id,
          const char  *secret_key,
          GError     **error)
{
  g_autoptr(VodupSecretStore) store = vodup_secret_store_new ();
  g_autoptr(GAsyncResult) result = NULL;

  vodup_secret_store_save_async (store, secret_id, secret_key, NULL, vodup_cli_keep_result, &result);

  return vodup_secret_store_save_finish (store, vodup_cli_wait_for (&result), error);
}

static int
parse_no_arguments (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!vodup_cli_parse (context, &argc, &argv))
    return VODUP_CLI_EXIT_USAGE;

  if (argc > 1)
    return vodup_cli_usage_error (context, _("This command takes no arguments."));

  return VODUP_CLI_EXIT_OK;
}

int
vodup_cli_login (int    argc,
                 char **argv)
{
  char secret_id[LINE_MAX_BYTES] = "";
  char secret_key[LINE_MAX_BYTES] = "";
  g_autoptr(GError) error = NULL;
  gboolean complete;
  gboolean saved = FALSE;
  int status;

  if ((status = parse_no_arguments (argc, argv)) != VODUP_CLI_EXIT_OK)
    return status;

  /* Unbuffered: no copy of the key stays behind in stdio's buffer. */
  setvbuf (stdin, NULL, _IONBF, 0);

  prompt ("SecretId: ");
  complete = read_line (secret_id, FALSE);
  prompt ("SecretKey: ");
  complete = complete && read_line (secret_key, TRUE);
  complete = complete && secret_id[0] != '\0' && secret_key[0] != '\0';

  if (complete)
    saved = save_key (secret_id, secret_key, &error);

  explicit_bzero (secret_id, sizeof secret_id);
  explicit_bzero (secret_key, sizeof secret_key);

  if (!complete)
    {
      g_printerr ("%s: %s\n", g_get_prgname (),
                  _("Expected two lines on standard input: the SecretId, then the SecretKey."));
      return VODUP_CLI_EXIT_USAGE;
    }

  if (!saved)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return VODUP_CLI_EXIT_FAILED;
    }

  g_print ("%s\n", _("The API key is stored in the keyring."));
  return VODUP_CLI_EXIT_OK;
}

int
vodup_cli_logout (int    argc,
                  char **argv)
{
  g_autoptr(VodupSecretStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if ((status = parse_no_arguments (argc, argv)) != VODUP_CLI_EXIT_OK)
    return status;

  store = vodup_secret_store_new ();
  vodup_secret_store_clear_async (store, NULL, vodup_cli_keep_result, &result);

  if (!vodup_secret_store_clear_finish (store, vodup_cli_wait_for (&result), &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return VODUP_CLI_EXIT_FAILED;
    }

  g_print ("%s\n", _("The API key is removed from the keyring."));
  return VODUP_CLI_EXIT_OK;
}
