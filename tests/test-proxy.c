/* test-proxy.c: a proxy of one's own instead of the system's
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vodup-test-proxy.h"
#include "vodup-test-util.h"

#define MiB (G_GUINT64_CONSTANT (1024) * 1024)

/* Clients through proxy, to the simulator. */
static void
use_proxy (VodupTestEnv *env,
           const char   *proxy)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&env->queue);
  g_clear_object (&env->session);
  env->session = vodup_session_new_with_proxy (proxy, &error);
  g_assert_no_error (error);
  vodup_test_env_connect (env, NULL);
  vodup_test_env_new_queue (env, NULL);
}

static JsonObject *
call_regions (VodupTestEnv  *env,
              GError       **error)
{
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(GAsyncResult) result = NULL;

  vodup_vod_client_call_async (env->vod, "DescribeStorageRegions", params, NULL,
                               vodup_test_keep_result, &result);
  vodup_test_wait_result (&result);

  return vodup_vod_client_call_finish (env->vod, result, error);
}

/* A call through proxy fails with Vodup.Proxy naming address and saying
 * what happened; nothing reached the simulator. */
static void
assert_proxy_failure (VodupTestEnv *env,
                      const char   *proxy,
                      const char   *address,
                      const char   *what)
{
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  use_proxy (env, proxy);
  answer = call_regions (env, &error);

  g_assert_null (answer);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_PROXY);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, address));
  g_assert_nonnull (strstr (error->message, what));
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "requests"), ==, 0);
}

/* Tests -------------------------------------------------------------------- */

static void
test_normalize (void)
{
  static const struct { const char *in, *out; } good[] = {
    { "127.0.0.1:3128", "http://127.0.0.1:3128" },
    { " http://proxy.example.com:8080/ ", "http://proxy.example.com:8080/" },
    { "socks5://127.0.0.1:1080", "socks5://127.0.0.1:1080" },
  };
  static const char * const bad[] = {
    "proxy.example.com", "ftp://proxy.example.com:21", "http://user:secret@proxy.example.com:3128",
    "http://proxy.example.com:3128/path", "http://:3128",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = vodup_session_normalize_proxy (good[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (uri, ==, good[i].out);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = vodup_session_normalize_proxy (bad[i], &error);

      g_assert_null (uri);
      g_assert_error (error, VODUP_ERROR, VODUP_ERROR_PROXY);
      g_assert_null (strstr (error->message, "secret") ? error->message : NULL);
    }

  /* Empty: the system's settings, not an error. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = vodup_session_normalize_proxy ("  ", &error);

    g_assert_no_error (error);
    g_assert_null (uri);
  }
}

static void
test_refused (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (FALSE, NULL);
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", vodup_test_closed_port ());
  g_autofree char *proxy = g_strconcat ("http://", address, NULL);

  assert_proxy_failure (env, proxy, address, "refused");
}

static void
test_black_hole (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (FALSE, NULL);
  g_autoptr(VodupTestProxy) hole = vodup_test_proxy_new (NULL);
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", hole->port);
  g_autofree char *proxy = g_strconcat ("http://", address, NULL);

  assert_proxy_failure (env, proxy, address, "did not answer");
  g_assert_cmpuint (hole->n_accepted, >=, 1);
}

/* A whole upload through a forwarding proxy. */
static void
test_through_proxy (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(GUri) sim_uri = g_uri_parse (vodup_sim_get_uri (env->sim), G_URI_FLAGS_NONE, NULL);
  g_autofree char *upstream = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (sim_uri));
  g_autoptr(VodupTestProxy) relay = vodup_test_proxy_new (upstream);
  g_autofree char *proxy = g_strdup_printf ("127.0.0.1:%u", relay->port);
  g_autoptr(GFile) file = vodup_test_make_file (env, "proxied.mp4", 3 * MiB, 7);
  g_autofree char *local_crc = vodup_test_file_crc64 (file);
  g_autoptr(JsonObject) state = NULL;
  VodupUpload *upload;
  JsonObject *media;

  use_proxy (env, proxy);
  upload = vodup_upload_queue_add_file (env->queue, file, NULL);
  vodup_test_wait_finished (upload, 60);

  g_assert_no_error ((GError *) vodup_upload_get_error (upload));
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_DONE);
  g_assert_cmpuint (relay->n_accepted, >=, 1);
  g_assert_cmpint (vodup_sim_get_counter (env->sim, "UploadPart") +
                   vodup_sim_get_counter (env->sim, "PutObject"), >=, 1);
  state = vodup_sim_dup_state (env->sim);
  media = json_object_get_object_member (
    json_array_get_object_element (json_object_get_array_member (state, "commits"), 0), "media");
  g_assert_cmpstr (json_object_get_string_member (media, "crc64"), ==, local_crc);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* A black hole times out after this, not after a minute. */
  g_setenv ("VODUP_STALL_TIMEOUT", "1", TRUE);

  g_test_add_func ("/engine/proxy/normalize", test_normalize);
  g_test_add_func ("/engine/proxy/refused", test_refused);
  g_test_add_func ("/engine/proxy/black-hole", test_black_hole);
  g_test_add_func ("/engine/proxy/through-proxy", test_through_proxy);

  return g_test_run ();
}
