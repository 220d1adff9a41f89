/* vodup-cos-client-private.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-cos-client.h"
#include "vodup-cos-signer.h"
#include "vodup-range-input-stream.h"

G_BEGIN_DECLS

struct _VodupCosClient
{
  GObject      parent_instance;

  SoupSession *session;
  GUri        *endpoint;       /* NULL: the bucket's own https:// host */
  gint64       clock_offset;   /* read and written atomically */
};

/* A request body read from [offset, offset + length) of a file. */
typedef struct
{
  GFile                 *file;
  guint64                offset;
  guint64                length;
  gint64                *bytes_sent;
  gint64                 written;
  VodupRangeInputStream *stream;    /* the current attempt's */
} VodupCosUpload;

/* One COS request: method, query, and at most one kind of body. */
typedef struct
{
  const char          *method;
  const VodupKeyValue *params;
  gsize                n_params;
  GBytes              *xml;
  VodupCosUpload      *upload;
} VodupCosCall;

/* Builds, signs and sends one request. Returns the answer of a 2xx, with
 * the message in out_msg (may be NULL) for its headers. */
GBytes   *_vodup_cos_client_call           (VodupCosClient        *self,
                                            const VodupCosTarget  *target,
                                            const VodupCosCall    *call,
                                            SoupMessage          **out_msg,
                                            GCancellable          *cancellable,
                                            GError               **error);
/* The response's x-cos-hash-crc64ecma, if any, must equal expected. */
gboolean  _vodup_cos_client_check_crc64    (SoupMessage           *msg,
                                            guint64                expected,
                                            GError               **error);
/* VODUP_ERROR from the COS error document in answer. */
GError   *_vodup_cos_client_answer_error   (SoupMessage           *msg,
                                            GBytes                *answer);
gboolean  _vodup_cos_client_protocol_error (GError               **error);

G_END_DECLS
