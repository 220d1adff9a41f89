/* test-cli-proxy.c: vodup-cli --proxy against loopback proxies that fail
 *
 * Usage: test-cli-proxy VODUP-CLI VODUP-SIM [GTEST OPTION…]
 *
 * (A working proxy is tested in-process, in tests/test-proxy.c.)
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "test-cli-util.h"
#include "vodup-test-proxy.h"

#define SMALL_SIZE 4096

/* The one file's upload failed with Vodup.Proxy naming address, and the
 * message says what happened; nothing reached the simulator. */
static void
assert_proxy_failure (VodupCliFixture *fixture,
                      VodupCliRun     *run,
                      const char      *path,
                      const char      *address,
                      const char      *what)
{
  g_autoptr(JsonObject) state = vodup_test_cli_sim_state (fixture);
  JsonObject *error;
  const char *message;

  g_assert_cmpint (run->status, ==, 1);
  error = json_object_get_object_member (vodup_test_cli_find_result (run->events, path), "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "Vodup.Proxy");
  message = json_object_get_string_member (error, "message");
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, address));
  g_assert_nonnull (strstr (message, what));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (state, "counters"),
                                               "requests"), ==, 0);
}

static void
test_refused (VodupCliFixture *fixture,
              gconstpointer    data)
{
  g_autofree char *path = vodup_test_cli_make_file (fixture, "refused.mp4", SMALL_SIZE, NULL);
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", vodup_test_closed_port ());
  const char *args[] = { "upload", "--json", "--proxy", address, path, NULL };
  g_auto(VodupCliRun) run = { 0 };

  vodup_test_cli_run (fixture, args, &run);
  assert_proxy_failure (fixture, &run, path, address, "refused");
}

static void
test_black_hole (VodupCliFixture *fixture,
                 gconstpointer    data)
{
  g_autoptr(GSocketListener) hole = g_socket_listener_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *path = vodup_test_cli_make_file (fixture, "hole.mp4", SMALL_SIZE, NULL);
  g_autofree char *address = NULL;
  g_autofree char *proxy = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(VodupCliRun) run = { 0 };
  guint16 port;

  /* Listening, so connections are accepted (by the kernel), and never
   * answered: nobody reads them. */
  port = g_socket_listener_add_any_inet_port (hole, NULL, &error);
  g_assert_no_error (error);
  address = g_strdup_printf ("127.0.0.1:%u", port);
  proxy = g_strconcat ("http://", address, NULL);

  {
    const char *args[] = { "upload", "--json", "--proxy", proxy, path, NULL };

    launcher = vodup_test_cli_launcher_new (fixture, G_SUBPROCESS_FLAGS_NONE);
    /* Not a minute per stalled attempt. */
    g_subprocess_launcher_setenv (launcher, "VODUP_STALL_TIMEOUT", "1", TRUE);
    vodup_test_cli_run_with (launcher, args, NULL, &run);
  }

  assert_proxy_failure (fixture, &run, path, address, "did not answer");
}

/* A proxy address that cannot be used is a usage error, and a password
 * in it is never repeated. */
static void
test_bad_address (VodupCliFixture *fixture,
                  gconstpointer    data)
{
  g_autofree char *path = vodup_test_cli_make_file (fixture, "bad.mp4", SMALL_SIZE, NULL);
  const char *args[] = { "upload", "--proxy", "http://me:hunter2@127.0.0.1:3128", path, NULL };
  g_auto(VodupCliRun) run = { 0 };

  vodup_test_cli_run (fixture, args, &run);

  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "proxy"));
  g_assert_null (strstr (run.err, "hunter2"));
  g_assert_null (strstr (run.out, "hunter2"));
}

int
main (int   argc,
      char *argv[])
{
  vodup_test_cli_init (&argc, &argv);

  g_test_add ("/cli/proxy/refused", VodupCliFixture, NULL,
              vodup_test_cli_set_up, test_refused, vodup_test_cli_tear_down);
  g_test_add ("/cli/proxy/black-hole", VodupCliFixture, NULL,
              vodup_test_cli_set_up, test_black_hole, vodup_test_cli_tear_down);
  g_test_add ("/cli/proxy/bad-address", VodupCliFixture, NULL,
              vodup_test_cli_set_up, test_bad_address, vodup_test_cli_tear_down);

  return g_test_run ();
}
