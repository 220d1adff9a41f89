/* vodup-session.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-session.h"

#define STALL_TIMEOUT_SECONDS 60

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
  guint timeout = stall_timeout ();

  return soup_session_new_with_options ("user-agent", "Vodup/" PACKAGE_VERSION " ",
                                        "timeout", timeout,
                                        "idle-timeout", timeout,
                                        "max-conns", 160,
                                        "max-conns-per-host", 128,
                                        NULL);
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
