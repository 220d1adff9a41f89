/* vodup-endpoint.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "vodup-endpoint.h"
#include "vodup-error.h"

gboolean
vodup_endpoint_is_loopback (const char *host)
{
  g_autofree char *bare = NULL;
  g_autoptr(GInetAddress) address = NULL;
  gsize len;

  g_return_val_if_fail (host != NULL, FALSE);

  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_ascii_strcasecmp (host, "localhost.") == 0)
    return TRUE;

  /* "[::1]" as written in URLs and Host headers. */
  len = strlen (host);
  if (len > 2 && host[0] == '[' && host[len - 1] == ']')
    bare = g_strndup (host + 1, len - 2);
  else
    bare = g_strdup (host);

  /* Only literal addresses: a name could resolve anywhere. */
  address = g_inet_address_new_from_string (bare);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
check_shape (GUri    *uri,
             GError **error)
{
  const char *scheme = g_uri_get_scheme (uri);
  const char *host = g_uri_get_host (uri);
  const char *path = g_uri_get_path (uri);

  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, VODUP_ERROR, VODUP_ERROR_INVALID_PARAMETER,
                   _("The endpoint must be an https:// address, not “%s:”."), scheme);
      return FALSE;
    }

  if (host == NULL || *host == '\0')
    {
      g_set_error_literal (error, VODUP_ERROR, VODUP_ERROR_INVALID_PARAMETER,
                           _("The endpoint address has no host name."));
      return FALSE;
    }

  /* Requests are signed for the path "/": a base URL cannot carry more. */
  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL || (*path != '\0' && g_strcmp0 (path, "/") != 0))
    {
      g_set_error_literal (error, VODUP_ERROR, VODUP_ERROR_INVALID_PARAMETER,
                           _("The endpoint must be a plain address such as "
                             "https://vod.tencentcloudapi.com, without a path or query."));
      return FALSE;
    }

  return TRUE;
}

GUri *
vodup_endpoint_parse (const char  *base_url,
                      GError     **error)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_scheme (uri) == NULL)
    {
      g_set_error_literal (error, VODUP_ERROR, VODUP_ERROR_INVALID_PARAMETER,
                           _("The endpoint is not a valid address."));
      return NULL;
    }

  if (!check_shape (uri, error))
    return NULL;

  /* Keys and signatures must never cross the network in clear text. */
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0 &&
      !vodup_endpoint_is_loopback (g_uri_get_host (uri)))
    {
      g_set_error (error, VODUP_ERROR, VODUP_ERROR_INSECURE_ENDPOINT,
                   _("The endpoint “%s” is not encrypted. Use an https:// address."),
                   g_uri_get_host (uri));
      return NULL;
    }

  /* libsoup sends the path as it is: an empty one would be "POST  HTTP/1.1". */
  return g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                      g_uri_get_port (uri), "/", NULL, NULL);
}

static int
default_port (const char *scheme)
{
  return g_ascii_strcasecmp (scheme, "http") == 0 ? 80 : 443;
}

char *
vodup_endpoint_host_header (GUri *uri)
{
  const char *host;
  g_autofree char *bracketed = NULL;
  int port;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (g_uri_get_host (uri) != NULL, NULL);

  host = g_uri_get_host (uri);
  port = g_uri_get_port (uri);

  /* GUri gives IPv6 literals without their brackets. */
  if (strchr (host, ':') != NULL && host[0] != '[')
    host = bracketed = g_strdup_printf ("[%s]", host);

  if (port < 0 || port == default_port (g_uri_get_scheme (uri)))
    return g_strdup (host);

  return g_strdup_printf ("%s:%d", host, port);
}
