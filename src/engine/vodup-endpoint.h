/* vodup-endpoint.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-types.h"

G_BEGIN_DECLS

#define VODUP_DEFAULT_API_ENDPOINT "https://vod.tencentcloudapi.com"

/* Parses a base URL and enforces design.md's rule: plain http:// only for
 * loopback hosts (127.0.0.0/8, ::1, localhost); anything else must be
 * https://. Returns NULL with VODUP_ERROR_INSECURE_ENDPOINT or
 * VODUP_ERROR_INVALID_PARAMETER. */
GUri     *vodup_endpoint_parse        (const char  *base_url,
                                       GError     **error);
gboolean  vodup_endpoint_is_loopback  (const char  *host);

/* "host" or "host:port" as it goes in the Host header (and is signed). */
char     *vodup_endpoint_host_header  (GUri        *uri);

G_END_DECLS
