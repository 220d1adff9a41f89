/* vodup-cos-signer.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  const char *value;   /* "" for a parameter without value (?uploads) */
} VodupKeyValue;

/* One COS XML API request as q-sign-algorithm=sha1 sees it
 * (tencent-vod-api.md §4.2). Every header and parameter given is signed;
 * names may be in any case and order. */
typedef struct
{
  const char          *secret_id;
  const char          *secret_key;
  const char          *method;       /* any case: "PUT" */
  const char          *path;         /* decoded, raw UTF-8: "/dir/name.mp4" */
  const VodupKeyValue *params;
  gsize                n_params;
  const VodupKeyValue *headers;
  gsize                n_headers;
  gint64               start_time;   /* KeyTime start, Unix seconds */
  gint64               end_time;     /* KeyTime end */
} VodupCosRequest;

char *vodup_cos_url_encode     (const char            *text);
char *vodup_cos_sign_key       (const VodupCosRequest *request);
char *vodup_cos_http_string    (const VodupCosRequest *request);
char *vodup_cos_string_to_sign (const VodupCosRequest *request);
char *vodup_cos_signature      (const VodupCosRequest *request);
char *vodup_cos_authorization  (const VodupCosRequest *request);

G_END_DECLS
