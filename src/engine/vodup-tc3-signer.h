/* vodup-tc3-signer.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One Tencent Cloud API 3.0 request as TC3-HMAC-SHA256 sees it
 * (tencent-vod-api.md §2). Pure data; the time is an argument so that
 * signing is deterministic and testable. */
typedef struct
{
  const char   *secret_id;
  const char   *secret_key;
  const char   *service;        /* "vod" */
  const char   *host;           /* host[:port] exactly as sent */
  const char   *content_type;   /* exactly as sent */
  const char   *action;         /* non-NULL: x-tc-action is signed too */
  gint64        timestamp;      /* X-TC-Timestamp */
  const guint8 *body;
  gsize         body_length;
} VodupTc3Request;

char *vodup_tc3_canonical_request (const VodupTc3Request *request);
char *vodup_tc3_string_to_sign    (const VodupTc3Request *request);
char *vodup_tc3_signature         (const VodupTc3Request *request);
char *vodup_tc3_authorization     (const VodupTc3Request *request);

G_END_DECLS
