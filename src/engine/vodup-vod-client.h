/* vodup-vod-client.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "vodup-credential-provider.h"
#include "vodup-upload-options.h"
#include "vodup-vod-results.h"

G_BEGIN_DECLS

#define VODUP_TYPE_VOD_CLIENT (vodup_vod_client_get_type ())

G_DECLARE_FINAL_TYPE (VodupVodClient, vodup_vod_client, VODUP, VOD_CLIENT, GObject)

/* The VOD API 3.0 client (TC3-HMAC-SHA256, POST JSON). All calls are async
 * and complete on the thread-default main context of the caller.
 * endpoint NULL means $VODUP_API_ENDPOINT or the public endpoint. */
VodupVodClient   *vodup_vod_client_new                  (VodupCredentialProvider  *provider,
                                                         SoupSession              *session,
                                                         const char               *endpoint,
                                                         GError                  **error);
SoupSession      *vodup_vod_client_get_session          (VodupVodClient           *self);
VodupCredentialProvider *
                  vodup_vod_client_get_provider         (VodupVodClient           *self);
const char       *vodup_vod_client_get_endpoint         (VodupVodClient           *self);
/* Seconds to add to the local clock when signing (server minus local). */
void              vodup_vod_client_set_clock_offset     (VodupVodClient           *self,
                                                         gint64                    offset);
gint64            vodup_vod_client_get_clock_offset     (VodupVodClient           *self);

/* Any action: params is the JSON body (not modified); the result is the
 * "Response" object minus errors, which become VODUP_ERROR GErrors. */
void              vodup_vod_client_call_async           (VodupVodClient           *self,
                                                         const char               *action,
                                                         JsonObject               *params,
                                                         GCancellable             *cancellable,
                                                         GAsyncReadyCallback       callback,
                                                         gpointer                  user_data);
JsonObject       *vodup_vod_client_call_finish          (VodupVodClient           *self,
                                                         GAsyncResult             *result,
                                                         GError                  **error);

void              vodup_vod_client_apply_upload_async   (VodupVodClient           *self,
                                                         const VodupUploadOptions *options,
                                                         const char               *media_type,
                                                         const char               *media_name,
                                                         const char               *cover_type,
                                                         GCancellable             *cancellable,
                                                         GAsyncReadyCallback       callback,
                                                         gpointer                  user_data);
VodupApplyResult *vodup_vod_client_apply_upload_finish  (VodupVodClient           *self,
                                                         GAsyncResult             *result,
                                                         GError                  **error);

void              vodup_vod_client_commit_upload_async  (VodupVodClient           *self,
                                                         const char               *vod_session_key,
                                                         guint64                   sub_app_id,
                                                         GCancellable             *cancellable,
                                                         GAsyncReadyCallback       callback,
                                                         gpointer                  user_data);
VodupCommitResult *vodup_vod_client_commit_upload_finish (VodupVodClient          *self,
                                                         GAsyncResult             *result,
                                                         GError                  **error);

/* A GListModel of VodupChoice: DescribeProcedureTemplates (all pages),
 * DescribeStorageRegions (opened ones only), DescribeAllClass,
 * DescribeSubAppIds. */
void              vodup_vod_client_list_choices_async   (VodupVodClient           *self,
                                                         VodupChoiceKind           kind,
                                                         guint64                   sub_app_id,
                                                         GCancellable             *cancellable,
                                                         GAsyncReadyCallback       callback,
                                                         gpointer                  user_data);
GListModel       *vodup_vod_client_list_choices_finish  (VodupVodClient           *self,
                                                         GAsyncResult             *result,
                                                         GError                  **error);

/* DescribeTasks for the file's Procedure task: the TaskId, or NULL (no
 * error) when there is none yet. */
void              vodup_vod_client_find_procedure_task_async  (VodupVodClient     *self,
                                                               const char         *file_id,
                                                               guint64             sub_app_id,
                                                               GCancellable       *cancellable,
                                                               GAsyncReadyCallback callback,
                                                               gpointer            user_data);
char             *vodup_vod_client_find_procedure_task_finish (VodupVodClient     *self,
                                                               GAsyncResult       *result,
                                                               GError            **error);

void              vodup_vod_client_describe_task_async  (VodupVodClient           *self,
                                                         const char               *task_id,
                                                         guint64                   sub_app_id,
                                                         GCancellable             *cancellable,
                                                         GAsyncReadyCallback       callback,
                                                         gpointer                  user_data);
VodupTaskStatus  *vodup_vod_client_describe_task_finish (VodupVodClient           *self,
                                                         GAsyncResult             *result,
                                                         GError                  **error);

G_END_DECLS
