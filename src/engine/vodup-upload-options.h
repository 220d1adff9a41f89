/* vodup-upload-options.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-types.h"

G_BEGIN_DECLS

#define VODUP_TYPE_UPLOAD_OPTIONS (vodup_upload_options_get_type ())

/* What the user chose for one upload; becomes ApplyUpload's parameters
 * (tencent-vod-api.md §3.1). Unset fields are not sent. */
struct _VodupUploadOptions
{
  char    *procedure;        /* task-flow template name */
  char    *storage_region;   /* e.g. "ap-chongqing" */
  guint64  sub_app_id;       /* 0: not sent */
  gint64   class_id;         /* < 0: not sent */
  char    *media_name;       /* NULL: file name without extension */
  char    *expire_time;      /* ISO 8601 */
  char    *source_context;   /* ≤ 250 characters */
  char    *session_context;  /* ≤ 1000 characters */
  GFile   *cover;            /* cover image, uploaded to CoverStoragePath */
};

GType               vodup_upload_options_get_type (void) G_GNUC_CONST;
VodupUploadOptions *vodup_upload_options_new      (void);
VodupUploadOptions *vodup_upload_options_copy     (const VodupUploadOptions *self);
void                vodup_upload_options_free     (VodupUploadOptions       *self);
gboolean            vodup_upload_options_equal    (const VodupUploadOptions *a,
                                                   const VodupUploadOptions *b);
gboolean            vodup_upload_options_validate (const VodupUploadOptions *self,
                                                   GError                  **error);

/* "mp4" for "Holiday.MP4"; NULL when there is no extension. */
char               *vodup_media_type_for_name     (const char               *basename);
gboolean            vodup_media_type_is_video     (const char               *media_type);
gboolean            vodup_media_type_is_cover     (const char               *cover_type);
/* "Holiday" for "Holiday.mp4". */
char               *vodup_media_name_for_name     (const char               *basename);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VodupUploadOptions, vodup_upload_options_free)

G_END_DECLS
