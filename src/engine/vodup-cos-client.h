/* vodup-cos-client.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "vodup-credentials.h"

G_BEGIN_DECLS

#define VODUP_TYPE_COS_CLIENT (vodup_cos_client_get_type ())
#define VODUP_TYPE_COS_TARGET (vodup_cos_target_get_type ())
#define VODUP_TYPE_COS_PART   (vodup_cos_part_get_type ())

G_DECLARE_FINAL_TYPE (VodupCosClient, vodup_cos_client, VODUP, COS_CLIENT, GObject)

/* Where one object goes and with which (temporary) keys. */
typedef struct
{
  char             *bucket;        /* StorageBucket, with -APPID */
  char             *region;        /* StorageRegion */
  char             *key;           /* MediaStoragePath: starts with "/" */
  VodupCredentials *credentials;   /* token sent as x-cos-security-token */
  gint64            expired_time;  /* 0: unknown */
} VodupCosTarget;

typedef struct
{
  guint    number;
  char    *etag;     /* verbatim, quotes included */
  guint64  size;
  guint64  crc64;    /* local CRC-64 of the part's bytes */
} VodupCosPart;

GType           vodup_cos_target_get_type (void) G_GNUC_CONST;
VodupCosTarget *vodup_cos_target_new      (const char           *bucket,
                                           const char           *region,
                                           const char           *key,
                                           VodupCredentials     *credentials,
                                           gint64                expired_time);
VodupCosTarget *vodup_cos_target_copy     (const VodupCosTarget *self);
void            vodup_cos_target_free     (VodupCosTarget       *self);

GType           vodup_cos_part_get_type   (void) G_GNUC_CONST;
VodupCosPart   *vodup_cos_part_new        (guint                 number,
                                           const char           *etag,
                                           guint64               size,
                                           guint64               crc64);
VodupCosPart   *vodup_cos_part_copy       (const VodupCosPart   *self);
void            vodup_cos_part_free       (VodupCosPart         *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VodupCosTarget, vodup_cos_target_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VodupCosPart, vodup_cos_part_free)

/* endpoint NULL means $VODUP_COS_ENDPOINT, or else
 * https://<bucket>.cos.<region>.myqcloud.com. With an endpoint the
 * connection goes there but Host (and the signature) stay the COS host. */
VodupCosClient *vodup_cos_client_new              (SoupSession          *session,
                                                   const char           *endpoint,
                                                   GError              **error);
void            vodup_cos_client_set_clock_offset (VodupCosClient       *self,
                                                   gint64                offset);
gint64          vodup_cos_client_get_clock_offset (VodupCosClient       *self);

/* Everything below blocks: call it from a worker thread, never the UI
 * thread. Thread-safe. The file's bytes are streamed (memory stays flat)
 * and their CRC-64 computed while they are read; a server CRC-64 that
 * differs is VODUP_ERROR_CHECKSUM_MISMATCH, a file shorter than expected
 * VODUP_ERROR_FILE_CHANGED. bytes_sent (may be NULL) is set atomically to
 * the bytes of this attempt written so far. */
char           *vodup_cos_client_put_object       (VodupCosClient       *self,
                                                   const VodupCosTarget *target,
                                                   GFile                *file,
                                                   guint64               length,
                                                   gint64               *bytes_sent,
                                                   guint64              *out_crc64,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
char           *vodup_cos_client_initiate_multipart (VodupCosClient     *self,
                                                   const VodupCosTarget *target,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
char           *vodup_cos_client_upload_part      (VodupCosClient       *self,
                                                   const VodupCosTarget *target,
                                                   const char           *upload_id,
                                                   guint                 part_number,
                                                   GFile                *file,
                                                   guint64               offset,
                                                   guint64               length,
                                                   gint64               *bytes_sent,
                                                   guint64              *out_crc64,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
/* parts: VodupCosPart, ascending. If COS returns the object's CRC-64 it
 * must equal expected_crc64. */
gboolean        vodup_cos_client_complete_multipart (VodupCosClient     *self,
                                                   const VodupCosTarget *target,
                                                   const char           *upload_id,
                                                   GPtrArray            *parts,
                                                   guint64               expected_crc64,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
gboolean        vodup_cos_client_abort_multipart  (VodupCosClient       *self,
                                                   const VodupCosTarget *target,
                                                   const char           *upload_id,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
/* All pages; VodupCosPart with crc64 = 0 (ListParts has no CRC). */
GPtrArray      *vodup_cos_client_list_parts       (VodupCosClient       *self,
                                                   const VodupCosTarget *target,
                                                   const char           *upload_id,
                                                   GCancellable         *cancellable,
                                                   GError              **error);

G_END_DECLS
