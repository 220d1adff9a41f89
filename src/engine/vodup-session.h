/* vodup-session.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The one SoupSession a VOD client and a COS client share. Configured
 * completely here: since libsoup 3.2 other threads may send on it but not
 * configure it. Enough connections per host for 8 files × 16 parts, and an
 * idle I/O timeout (not a whole-request one) that catches a stalled
 * transfer without limiting how long a large part may take. */
SoupSession *vodup_session_new           (void);
gboolean     vodup_session_server_offset (SoupMessage *msg,
                                          gint64      *offset);

G_END_DECLS
