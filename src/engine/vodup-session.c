/* vodup-session.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "vodup-error.h"
#include "vodup-session.h"

#define STALL_TIMEOUT_SECONDS 60
/* host:port of a session's own proxy, for error messages. */
#define PROXY_ADDRESS_KEY     "vodup-proxy-address"

/* VODUP_STALL_TIMEOUT (seconds) is a test hook: the fault tests cannot
 * wait a minute for each stalled connection. */
static guint
stall_timeout (void)
{
  const char *text = g_getenv ("VODUP_STALL_TIMEOUT");
  guint64 seconds;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, 3600, &seconds, NULL))
    return (guint) seconds;

  return STALL_TIMEOUT_SECONDS;
}

SoupSession *
vodup_session_new (void)
{
  return vodup_session_new_with_proxy (NULL, NULL);
}

/* Never quotes what was given: it may hold a password. */
static void
invalid_proxy (GError **error)
{
  g_set_error_literal (error, VODUP_ERROR, VODUP_ERROR_PROXY,
                       _("The proxy address is not one Vodup can use. Write it as host:port or "
                         "as a URI such as http://proxy.example.com:3128, without a user name "
                         "or password."));
}

char *
vodup_session_normalize_proxy (const char  *proxy,
                               GError     **error)
{
  static const char * const schemes[] = {
    "http", "https", "socks", "socks4", "socks4a", "socks5", NULL
  };
  g_autofree char *text = NULL;
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = g_strstrip (g_strdup (proxy ? proxy : ""));
  if (*text == '\0')
    return NULL;
  /* host:port alone means an HTTP proxy, as most proxy settings do. */
  if (strstr (text, "://") == NULL)
    {
      char *with_scheme = g_strconcat ("http://", text, NULL);

      g_free (text);
      text = with_scheme;
    }

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  /* No user name or password: they would end up in settings, argv and
   * error messages. A proxy that needs them is set up in the system. */
  if (uri == NULL || g_uri_get_userinfo (uri) != NULL ||
      !g_strv_contains (schemes, g_uri_get_scheme (uri)) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_port (uri) <= 0 ||
      (*g_uri_get_path (uri) != '\0' && g_strcmp0 (g_uri_get_path (uri), "/") != 0))
    {
      invalid_proxy (error);
      return NULL;
    }

  return g_uri_to_string_partial (uri, G_URI_HIDE_NONE);
}

SoupSession *
vodup_session_new_with_proxy (const char  *proxy,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GProxyResolver) resolver = NULL;
  SoupSession *session;
  guint timeout = stall_timeout ();

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  uri = vodup_session_normalize_proxy (proxy, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Made here, in the main thread, for the retry loops that wait on it. */
  vodup_network_gate_get_default ();

  /* No idle timeout: libsoup runs that timer in the main context, and it
   * can close a pooled connection just as a part worker thread takes it
   * (a crash in g_output_stream_write). Idle connections are checked for
   * being open before reuse, and COS closes the ones it no longer wants. */
  session = soup_session_new_with_options ("user-agent", "Vodup/" PACKAGE_VERSION " ",
                                           "timeout", timeout,
                                           "idle-timeout", 0,
                                           "max-conns", 160,
                                           "max-conns-per-host", 128,
                                           NULL);
  if (uri != NULL)
    {
      g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
      g_autofree char *address = NULL;

      /* Every host through it, loopback too: what was asked for. TLS to
       * the real endpoints still runs end to end, inside CONNECT. */
      resolver = g_simple_proxy_resolver_new (uri, NULL);
      soup_session_set_proxy_resolver (session, resolver);
      address = g_strdup_printf ("%s:%d", g_uri_get_host (parsed), g_uri_get_port (parsed));
      g_object_set_data_full (G_OBJECT (session), PROXY_ADDRESS_KEY,
                              g_steal_pointer (&address), g_free);
    }

  return session;
}

GError *
vodup_session_error_from_transport (SoupSession  *session,
                                    const GError *transport_error)
{
  const char *proxy_address;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (transport_error != NULL, NULL);

  proxy_address = g_object_get_data (G_OBJECT (session), PROXY_ADDRESS_KEY);
  if (proxy_address != NULL)
    return vodup_error_from_proxy_transport (transport_error, proxy_address);

  return vodup_error_from_transport (transport_error);
}

/* The answering server's clock minus ours, in seconds, from the reply's
 * Date header; FALSE when there is none. */
gboolean
vodup_session_server_offset (SoupMessage *msg,
                             gint64      *offset)
{
  const char *date;
  g_autoptr(GDateTime) server = NULL;

  g_return_val_if_fail (SOUP_IS_MESSAGE (msg), FALSE);
  g_return_val_if_fail (offset != NULL, FALSE);

  date = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Date");
  if (date == NULL || !(server = soup_date_time_new_from_http_string (date)))
    return FALSE;

  *offset = g_date_time_to_unix (server) - g_get_real_time () / G_USEC_PER_SEC;
  return TRUE;
}
