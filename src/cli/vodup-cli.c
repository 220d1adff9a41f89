/* vodup-cli.c: entry point and subcommand dispatch
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "vodup-cli.h"

typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (int argc, char **argv);
} Command;

static int
run_procedures (int    argc,
                char **argv)
{
  return vodup_cli_list (VODUP_CHOICE_KIND_PROCEDURE, argc, argv);
}

static int
run_regions (int    argc,
             char **argv)
{
  return vodup_cli_list (VODUP_CHOICE_KIND_REGION, argc, argv);
}

static int
run_classes (int    argc,
             char **argv)
{
  return vodup_cli_list (VODUP_CHOICE_KIND_CLASS, argc, argv);
}

static int
run_sub_apps (int    argc,
              char **argv)
{
  return vodup_cli_list (VODUP_CHOICE_KIND_SUB_APP, argc, argv);
}

static const Command commands[] = {
  { "upload",     N_("Upload video files"),                              vodup_cli_upload },
  { "procedures", N_("List the task flows (procedures)"),                run_procedures },
  { "regions",    N_("List the storage regions"),                        run_regions },
  { "classes",    N_("List the categories"),                             run_classes },
  { "sub-apps",   N_("List the sub-applications"),                       run_sub_apps },
  { "login",      N_("Store an API key in the keyring (read from standard input)"), vodup_cli_login },
  { "logout",     N_("Remove the API key from the keyring"),             vodup_cli_logout },
  { "cleanup",    N_("Abort and forget interrupted uploads that cannot be resumed"), vodup_cli_cleanup },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n  vodup-cli %s\n\n%s\n", _("Usage:"), _("COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “vodup-cli COMMAND --help” for a command’s options."));
}

static const Command *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];

  return NULL;
}

int
main (int    argc,
      char **argv)
{
  const Command *command;
  g_autofree char *prgname = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("VODUP_LOCALEDIR") ?: LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      g_set_prgname ("vodup-cli");
      print_usage (stderr);
      return VODUP_CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return VODUP_CLI_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("vodup-cli %s\n", PACKAGE_VERSION);
      return VODUP_CLI_EXIT_OK;
    }

  command = find_command (argv[1]);
  if (command == NULL)
    {
      g_printerr (_("vodup-cli: unknown command “%s”\n\n"), argv[1]);
      print_usage (stderr);
      return VODUP_CLI_EXIT_USAGE;
    }

  /* Messages and --help then name the subcommand: "vodup-cli upload". */
  prgname = g_strdup_printf ("vodup-cli %s", command->name);
  g_set_prgname (prgname);

  return command->run (argc - 1, argv + 1);
}
