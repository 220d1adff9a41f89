/* vodup-upload-record-private.h: an upload's journal record, shared by
 * vodup-upload-{record,journal,restore,cleanup}.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-json-private.h"

#include "vodup-upload-private.h"

G_BEGIN_DECLS

#define VODUP_RECORD_VERSION  1
/* A credential this close to its expiry is not worth resuming with. */
#define VODUP_RESUME_MARGIN_S 120

JsonObject         *_vodup_upload_to_record        (VodupUpload      *self);
#define VODUP_TASK_LOCK_PREFIX "task-"

/* The same for every upload of this file with these options, in any
 * process: names the lock that keeps them to one at a time. */
char               *_vodup_record_task_key         (GFile                    *file,
                                                    const VodupUploadOptions *options);

VodupUploadOptions *_vodup_record_get_options      (JsonObject       *object);
VodupCommitResult  *_vodup_record_get_commit       (JsonObject       *object);
VodupApplyResult   *_vodup_record_get_apply        (JsonObject       *apply,
                                                    VodupCredentials *credentials);
void                _vodup_record_restore_transfer (VodupTransfer    *transfer,
                                                    JsonObject       *object);

/* credentials is the one the record's ApplyUpload handed out. */
gboolean            _vodup_record_credentials_match (JsonObject       *apply,
                                                     VodupCredentials *credentials);
/* now (COS time, seconds) is far enough from the credential's expiry. */
gboolean            _vodup_record_credentials_fresh (JsonObject       *apply,
                                                     gint64            now);

G_END_DECLS
