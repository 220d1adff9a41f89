/* vodup-transfer-private.h: shared by vodup-transfer*.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-transfer.h"

G_BEGIN_DECLS

struct _VodupTransfer
{
  GObject         parent_instance;

  VodupCosClient *cos;
  VodupCosTarget *target;
  GFile          *file;
  guint64         size;
  guint64         part_size;
  guint           parts_in_flight;
  guint           n_parts;       /* 0: single PUT */

  /* Bytes written per part (index number - 1), or [0] for a PUT. Written by
   * the COS client from worker threads, read by anyone. */
  gint64         *part_sent;

  /* The file as it was checked (vodup_transfer_set_identity()): set
   * before sending, then only read. */
  gboolean        has_identity;
  goffset         id_size;
  guint64         id_mtime;
  guint32         id_mtime_usec;
  guint64         id_inode;

  GMutex          mutex;         /* guards what follows, up to context */
  char           *upload_id;
  VodupCosPart  **done;          /* [n_parts]; NULL until that part is up */
  gboolean        sent;
  gboolean        complete;
  guint64         crc64;
  gboolean        unconfirmed;   /* restored parts not yet checked with ListParts */

  GMainContext   *context;       /* where it was created: checkpoints run there */
  VodupTransferCheckpoint checkpoint;
  gpointer        checkpoint_data;
};

static inline guint64
_vodup_transfer_part_length (VodupTransfer *self,
                             guint          number)
{
  guint64 offset = (guint64) (number - 1) * self->part_size;

  return MIN (self->part_size, self->size - offset);
}

/* vodup-transfer-checks.c: from worker threads. */
gboolean _vodup_transfer_check_file     (VodupTransfer  *self,
                                         GError        **error);
void     _vodup_transfer_run_checkpoint (VodupTransfer  *self);

/* vodup-transfer-resume.c: from the send thread, before any part. */
gboolean _vodup_transfer_confirm_parts  (VodupTransfer  *self,
                                         GCancellable   *cancellable,
                                         GError        **error);

G_END_DECLS
