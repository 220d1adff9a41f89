/* test-endpoint.c: base URLs, the loopback-only http rule, Host headers
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-engine.h"

typedef struct
{
  const char *url;
  int         error_code;     /* -1: accepted */
  const char *host_header;
} EndpointCase;

static const EndpointCase endpoint_cases[] = {
  { "https://vod.tencentcloudapi.com", -1, "vod.tencentcloudapi.com" },
  { "https://vod.tencentcloudapi.com/", -1, "vod.tencentcloudapi.com" },
  { "https://vod.intl.tencentcloudapi.com:443", -1, "vod.intl.tencentcloudapi.com" },
  { "https://vod.example.com:8443", -1, "vod.example.com:8443" },
  { "HTTPS://vod.example.com", -1, "vod.example.com" },
  { "http://127.0.0.1:9", -1, "127.0.0.1:9" },
  { "http://127.0.0.1:80", -1, "127.0.0.1" },
  { "http://127.45.6.7:8080/", -1, "127.45.6.7:8080" },
  { "http://[::1]:8080", -1, "[::1]:8080" },
  { "http://localhost:3000", -1, "localhost:3000" },
  { "http://LOCALHOST", -1, "LOCALHOST" },
  { "https://[2001:db8::1]", -1, "[2001:db8::1]" },
  { "http://example.com", VODUP_ERROR_INSECURE_ENDPOINT, NULL },
  { "http://vod.tencentcloudapi.com", VODUP_ERROR_INSECURE_ENDPOINT, NULL },
  { "http://10.0.0.1:9", VODUP_ERROR_INSECURE_ENDPOINT, NULL },
  { "http://128.0.0.1", VODUP_ERROR_INSECURE_ENDPOINT, NULL },
  { "http://127.0.0.1.nip.io", VODUP_ERROR_INSECURE_ENDPOINT, NULL },
  { "http://localhost.example.com", VODUP_ERROR_INSECURE_ENDPOINT, NULL },
  { "http://[::2]", VODUP_ERROR_INSECURE_ENDPOINT, NULL },
  { "ftp://127.0.0.1", VODUP_ERROR_INVALID_PARAMETER, NULL },
  { "not a url", VODUP_ERROR_INVALID_PARAMETER, NULL },
  { "vod.tencentcloudapi.com", VODUP_ERROR_INVALID_PARAMETER, NULL },
  { "https://", VODUP_ERROR_INVALID_PARAMETER, NULL },
  { "", VODUP_ERROR_INVALID_PARAMETER, NULL },
  { "https://vod.tencentcloudapi.com/v2", VODUP_ERROR_INVALID_PARAMETER, NULL },
  { "https://vod.tencentcloudapi.com/?a=b", VODUP_ERROR_INVALID_PARAMETER, NULL },
  { "https://user:pw@vod.tencentcloudapi.com", VODUP_ERROR_INVALID_PARAMETER, NULL },
};

static void
test_parse (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (endpoint_cases); i++)
    {
      const EndpointCase *c = &endpoint_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GUri) uri = NULL;
      g_autofree char *host = NULL;

      g_test_message ("%s", c->url);
      uri = vodup_endpoint_parse (c->url, &error);

      if (c->error_code >= 0)
        {
          g_assert_error (error, VODUP_ERROR, c->error_code);
          g_assert_null (uri);
          continue;
        }

      g_assert_no_error (error);
      g_assert_nonnull (uri);
      g_assert_cmpstr (g_uri_get_path (uri), ==, "/");
      host = vodup_endpoint_host_header (uri);
      g_assert_cmpstr (host, ==, c->host_header);
    }
}

static void
test_loopback (void)
{
  static const char * const loopback[] = {
    "127.0.0.1", "127.255.255.254", "127.0.0.2", "::1", "[::1]", "localhost", "LocalHost",
  };
  static const char * const remote[] = {
    "", "10.0.0.1", "0.0.0.0", "::", "128.0.0.1", "example.com", "localhost.example.com",
    "127.0.0.1.example.com", "my-localhost", "1.127.0.0", "[::1", "::2",
  };

  for (guint i = 0; i < G_N_ELEMENTS (loopback); i++)
    g_assert_true (vodup_endpoint_is_loopback (loopback[i]));
  for (guint i = 0; i < G_N_ELEMENTS (remote); i++)
    g_assert_false (vodup_endpoint_is_loopback (remote[i]));
}

static void
test_default_is_secure (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = vodup_endpoint_parse (VODUP_DEFAULT_API_ENDPOINT, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (g_uri_get_scheme (uri), ==, "https");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/endpoint/parse", test_parse);
  g_test_add_func ("/engine/endpoint/loopback", test_loopback);
  g_test_add_func ("/engine/endpoint/default-is-secure", test_default_is_secure);

  return g_test_run ();
}
