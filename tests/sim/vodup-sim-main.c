/* vodup-sim-main.c: the vodup-sim program
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <glib-unix.h>

#include "vodup-sim.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(VodupSim) sim = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  gboolean no_store = FALSE;
  int port = 0;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0: any free one)", "N" },
    { "no-store", 0, 0, G_OPTION_ARG_NONE, &no_store, "Hash bodies without keeping them", NULL },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Where bodies are kept", "DIR" },
    { NULL },
  };
  guint sigint_id, sigterm_id;

  g_option_context_set_summary (context, "Loopback simulator of Tencent Cloud VOD's API and COS.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("vodup-sim: %s\n", error->message);
      return 2;
    }
  if (port < 0 || port > G_MAXUINT16)
    {
      g_printerr ("vodup-sim: --port must be 0–65535\n");
      return 2;
    }

  sim = vodup_sim_new (!no_store, data_dir);
  if (!vodup_sim_start (sim, (guint) port, &error))
    {
      g_printerr ("vodup-sim: %s\n", error->message);
      return 1;
    }

  g_print ("VODUP_API_ENDPOINT=%s\n", vodup_sim_get_uri (sim));
  g_print ("VODUP_COS_ENDPOINT=%s\n", vodup_sim_get_uri (sim));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  vodup_sim_stop (sim);
  return 0;
}
