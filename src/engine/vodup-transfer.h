/* vodup-transfer.h: the COS part of one upload, run off the main thread
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-cos-client.h"

G_BEGIN_DECLS

#define VODUP_TYPE_TRANSFER (vodup_transfer_get_type ())

G_DECLARE_FINAL_TYPE (VodupTransfer, vodup_transfer, VODUP, TRANSFER, GObject)

/* One object (media or cover) to COS: a single PUT below the multipart
 * threshold, else initiate → parts (several in flight) → complete. A
 * transfer keeps what is done (UploadId, finished parts), so running it
 * again after a cancel continues where it stopped. The byte counter may
 * be read from any thread. */
VodupTransfer *vodup_transfer_new              (VodupCosClient       *cos,
                                                const VodupCosTarget *target,
                                                GFile                *file,
                                                guint64               size,
                                                guint64               part_size,
                                                guint                 parts_in_flight);

gboolean       vodup_transfer_is_multipart     (VodupTransfer        *self);
guint64        vodup_transfer_get_size         (VodupTransfer        *self);
guint64        vodup_transfer_get_bytes_sent   (VodupTransfer        *self);
gboolean       vodup_transfer_is_sent          (VodupTransfer        *self);
gboolean       vodup_transfer_is_complete      (VodupTransfer        *self);
/* Decimal CRC-64 of the whole object once complete, else NULL. */
char          *vodup_transfer_dup_crc64        (VodupTransfer        *self);

/* What a journal needs to resume it: the UploadId (NULL before initiate
 * or for a PUT), the finished parts (VodupCosPart, ascending), how many. */
char          *vodup_transfer_dup_upload_id    (VodupTransfer        *self);
GPtrArray     *vodup_transfer_dup_parts        (VodupTransfer        *self);
guint          vodup_transfer_get_n_done       (VodupTransfer        *self);
/* Takes back a journal's state. A restored multipart upload is confirmed
 * with ListParts before more is sent: parts COS does not have (same
 * number, size and ETag) are sent again. complete with crc64 for an
 * object already whole on COS. */
void           vodup_transfer_restore          (VodupTransfer        *self,
                                                const char           *upload_id,
                                                GPtrArray            *parts,
                                                gboolean              complete,
                                                guint64               crc64);

/* The file as it was checked before the upload (size, modification time,
 * inode). After each part and before Complete the file is compared with it
 * (a stat, nothing read again): a change stops the transfer with
 * VODUP_ERROR_FILE_CHANGED, a file gone with VODUP_ERROR_FILE_NOT_FOUND. */
void           vodup_transfer_set_identity     (VodupTransfer        *self,
                                                GFileInfo            *identity);

/* Called on the context that created the transfer once a new UploadId is
 * known; no part is sent before it returns (or 10 s passed), so that a
 * journal can hold the UploadId before COS holds any byte under it. */
typedef void (*VodupTransferCheckpoint) (gpointer user_data);

void           vodup_transfer_set_checkpoint   (VodupTransfer           *self,
                                                VodupTransferCheckpoint  checkpoint,
                                                gpointer                 user_data);

/* Sends every byte (PUT, or all missing parts). */
void           vodup_transfer_send_async       (VodupTransfer        *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       vodup_transfer_send_finish      (VodupTransfer        *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* Completes a multipart upload and checks the object's CRC-64. */
void           vodup_transfer_complete_async   (VodupTransfer        *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       vodup_transfer_complete_finish  (VodupTransfer        *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* Aborts the multipart upload on COS, if one was started; best effort. */
void           vodup_transfer_abort_async      (VodupTransfer        *self,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       vodup_transfer_abort_finish     (VodupTransfer        *self,
                                                GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS
