/* vodup-error.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-types.h"

G_BEGIN_DECLS

#define VODUP_ERROR (vodup_error_quark ())

/* Vodup's own classification. Errors that came from Tencent also keep
 * Tencent's code and RequestId (vodup_error_get_remote_code() and
 * vodup_error_get_request_id()). Messages are translated, user-facing
 * sentences and never contain secrets. */
typedef enum
{
  VODUP_ERROR_FAILED,
  VODUP_ERROR_FILE_NOT_FOUND,
  VODUP_ERROR_FILE_UNREADABLE,
  VODUP_ERROR_FILE_IS_DIRECTORY,
  VODUP_ERROR_FILE_EMPTY,
  VODUP_ERROR_FILE_TOO_LARGE,
  VODUP_ERROR_FILE_CHANGED,
  VODUP_ERROR_NO_CREDENTIALS,
  VODUP_ERROR_KEYRING_LOCKED,
  VODUP_ERROR_KEYRING_UNAVAILABLE,
  VODUP_ERROR_AUTH,
  VODUP_ERROR_CLOCK_SKEW,
  VODUP_ERROR_CREDENTIALS_EXPIRED,
  VODUP_ERROR_UNKNOWN_PROCEDURE,
  VODUP_ERROR_REGION_NOT_ENABLED,
  VODUP_ERROR_UNKNOWN_CLASS,
  VODUP_ERROR_SUB_APP_ID,
  VODUP_ERROR_INVALID_PARAMETER,
  VODUP_ERROR_THROTTLED,
  VODUP_ERROR_SERVER,
  VODUP_ERROR_NETWORK,
  VODUP_ERROR_CHECKSUM_MISMATCH,
  VODUP_ERROR_PROTOCOL,
  VODUP_ERROR_INSECURE_ENDPOINT,
  VODUP_ERROR_NOT_PERMITTED,
  VODUP_ERROR_PROXY,
} VodupError;

GQuark      vodup_error_quark             (void);

GError     *vodup_error_new_remote        (VodupError    code,
                                           const char   *remote_code,
                                           const char   *request_id,
                                           const char   *message);
const char *vodup_error_get_remote_code   (const GError *error);
const char *vodup_error_get_request_id    (const GError *error);

GError     *vodup_error_from_tencent      (const char   *remote_code,
                                           const char   *remote_message,
                                           const char   *request_id);
GError     *vodup_error_from_cos          (guint         http_status,
                                           const char   *cos_code,
                                           const char   *cos_message,
                                           const char   *request_id);
GError     *vodup_error_from_transport    (const GError *transport_error);
/* As vodup_error_from_transport(), for a connection through the proxy at
 * proxy_address (host:port): failing to reach it is a VODUP_ERROR_PROXY
 * that names it. */
GError     *vodup_error_from_proxy_transport (const GError *transport_error,
                                              const char   *proxy_address);

GError     *vodup_error_new_clock_skew    (gint64        offset,
                                           const char   *remote_code,
                                           const char   *request_id);

gboolean    vodup_error_is_transient      (const GError *error);
gboolean    vodup_error_is_unsent         (const GError *transport_error);

G_END_DECLS
