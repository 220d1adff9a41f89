/* vodup-upload-queue-private.h: shared by the vodup-upload-queue*.c files
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-upload-private.h"
#include "vodup-upload-queue.h"

G_BEGIN_DECLS

struct _VodupUploadQueue
{
  GObject         parent_instance;

  GListStore     *uploads;
  VodupVodClient *vod;
  VodupCosClient *cos;
  guint           files_in_flight;
  guint           parts_in_flight;
  guint64         part_size;
  gboolean        busy;
  gboolean        scheduling;
  gboolean        reschedule;
  guint           schedule_id;
  guint           held;          /* > 0: settle once when released */
  gboolean        settle_pending;
  VodupCredentialVault *vault;   /* non-NULL: uploads are journaled */
  gboolean        quitting;      /* shut down: starts nothing any more */
  GTask          *shutdown;      /* until nothing runs */
  guint           shutdown_id;

  /* Lookups that stay O(1) with tens of thousands of uploads. */
  GHashTable     *by_id;         /* upload id → upload */
  GHashTable     *unfinished;    /* file URI → unfinished upload */
  GPtrArray      *recorded;      /* unfinished journal records not in the list */
  GQueue          unjournaled;   /* uploads whose record waits to be written */
  GHashTable     *unjournaled_set;
  guint           journal_id;
};

/* vodup-upload-queue.c: the signals. */
void         _vodup_upload_queue_emit_idle            (VodupUploadQueue         *self);
void         _vodup_upload_queue_emit_upload_finished (VodupUploadQueue         *self,
                                                       VodupUpload              *upload);

/* vodup-upload-queue-schedule.c: starting uploads, watching them. */
void         _vodup_upload_queue_schedule             (VodupUploadQueue         *self);
void         _vodup_upload_queue_schedule_soon        (VodupUploadQueue         *self);
void         _vodup_upload_queue_settle               (VodupUploadQueue         *self);
void         _vodup_upload_queue_hold                 (VodupUploadQueue         *self);
void         _vodup_upload_queue_release              (VodupUploadQueue         *self);
void         _vodup_upload_queue_track                (VodupUploadQueue         *self,
                                                       VodupUpload              *upload);
void         _vodup_upload_queue_append               (VodupUploadQueue         *self,
                                                       VodupUpload              *upload);
void         _vodup_upload_queue_unindex              (VodupUploadQueue         *self,
                                                       VodupUpload              *upload);

/* vodup-upload-queue-journal.c: records. */
void         _vodup_upload_queue_journal_later        (VodupUploadQueue         *self,
                                                       VodupUpload              *upload);
VodupUpload *_vodup_upload_queue_find_recorded        (VodupUploadQueue         *self,
                                                       GFile                    *file,
                                                       const VodupUploadOptions *options);

/* vodup-upload-queue-bulk.c: shutting down. */
void         _vodup_upload_queue_check_shut_down      (VodupUploadQueue         *self);

G_END_DECLS
