/* vodup-session.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "vodup-network-gate.h"

G_BEGIN_DECLS

/* The one SoupSession a VOD client and a COS client share. Configured
 * completely here: since libsoup 3.2 other threads may send on it but not
 * configure it. Enough connections per host for 8 files × 16 parts, and an
 * idle I/O timeout (not a whole-request one) that catches a stalled
 * transfer without limiting how long a large part may take. Call it from
 * the main thread: it also sets up the default VodupNetworkGate there. */
SoupSession *vodup_session_new             (void);
/* Through proxy (a URI such as http://host:port, or host:port for HTTP)
 * instead of the system's proxy settings; NULL or "" means the system's.
 * NULL with a VODUP_ERROR_PROXY error when proxy cannot be used. */
SoupSession *vodup_session_new_with_proxy  (const char   *proxy,
                                            GError      **error);
/* proxy as vodup_session_new_with_proxy() will use it: a URI with a
 * scheme and a port, no user name or password; NULL for the system's
 * settings (and no error), or on error. */
char        *vodup_session_normalize_proxy (const char   *proxy,
                                            GError      **error);

/* vodup_error_from_transport() for a request sent on session: when it
 * goes through a proxy of its own, failing to reach that is said so. */
GError      *vodup_session_error_from_transport (SoupSession  *session,
                                                 const GError *transport_error);

gboolean     vodup_session_server_offset   (SoupMessage  *msg,
                                            gint64       *offset);

G_END_DECLS
