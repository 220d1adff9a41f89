/* vodup-upload-options.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "vodup-error.h"
#include "vodup-upload-options.h"

/* tencent-vod-api.md §9.1 */
#define SOURCE_CONTEXT_MAX  250
#define SESSION_CONTEXT_MAX 1000

G_DEFINE_BOXED_TYPE (VodupUploadOptions, vodup_upload_options,
                     vodup_upload_options_copy, vodup_upload_options_free)

/* §9.2, lowercase as sent. */
static const char * const video_types[] = {
  "wmv", "rm", "mov", "mpeg", "mp4", "3gp", "flv", "avi", "rmvb", "ts", "asf", "mpg", "webm",
  "mkv", "m3u8", "wm", "asx", "ram", "mpe", "vob", "dat", "mp4v", "m4v", "f4v", "mxf", "qt",
  "ogg", "mp3", "m4a", "flac", "wav", "ra", "aac", "amr", NULL
};

static const char * const cover_types[] = {
  "jpg", "jpeg", "png", "gif", "bmp", "tiff", "ai", "cdr", "eps", "tif", "heif", NULL
};

VodupUploadOptions *
vodup_upload_options_new (void)
{
  VodupUploadOptions *self = g_new0 (VodupUploadOptions, 1);

  self->class_id = -1;

  return self;
}

VodupUploadOptions *
vodup_upload_options_copy (const VodupUploadOptions *self)
{
  VodupUploadOptions *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (VodupUploadOptions, 1);
  copy->procedure = g_strdup (self->procedure);
  copy->storage_region = g_strdup (self->storage_region);
  copy->sub_app_id = self->sub_app_id;
  copy->class_id = self->class_id;
  copy->media_name = g_strdup (self->media_name);
  copy->expire_time = g_strdup (self->expire_time);
  copy->source_context = g_strdup (self->source_context);
  copy->session_context = g_strdup (self->session_context);
  copy->cover = self->cover ? g_object_ref (self->cover) : NULL;

  return copy;
}

void
vodup_upload_options_free (VodupUploadOptions *self)
{
  if (self == NULL)
    return;

  g_free (self->procedure);
  g_free (self->storage_region);
  g_free (self->media_name);
  g_free (self->expire_time);
  g_free (self->source_context);
  g_free (self->session_context);
  g_clear_object (&self->cover);
  g_free (self);
}

gboolean
vodup_upload_options_equal (const VodupUploadOptions *a,
                            const VodupUploadOptions *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return g_strcmp0 (a->procedure, b->procedure) == 0 &&
         g_strcmp0 (a->storage_region, b->storage_region) == 0 &&
         a->sub_app_id == b->sub_app_id &&
         a->class_id == b->class_id &&
         g_strcmp0 (a->media_name, b->media_name) == 0 &&
         g_strcmp0 (a->expire_time, b->expire_time) == 0 &&
         g_strcmp0 (a->source_context, b->source_context) == 0 &&
         g_strcmp0 (a->session_context, b->session_context) == 0 &&
         ((a->cover == NULL && b->cover == NULL) ||
          (a->cover != NULL && b->cover != NULL && g_file_equal (a->cover, b->cover)));
}

static gboolean
check_contexts (const VodupUploadOptions  *self,
                GError                   **error)
{
  if (self->source_context && g_utf8_strlen (self->source_context, -1) > SOURCE_CONTEXT_MAX)
    {
      g_set_error (error, VODUP_ERROR, VODUP_ERROR_INVALID_PARAMETER,
                   _("The source context is longer than %d characters."), SOURCE_CONTEXT_MAX);
      return FALSE;
    }

  if (self->session_context && g_utf8_strlen (self->session_context, -1) > SESSION_CONTEXT_MAX)
    {
      g_set_error (error, VODUP_ERROR, VODUP_ERROR_INVALID_PARAMETER,
                   _("The session context is longer than %d characters."), SESSION_CONTEXT_MAX);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_expire_time (const char  *expire_time,
                   GError     **error)
{
  g_autoptr(GDateTime) parsed = NULL;

  if (expire_time == NULL)
    return TRUE;

  parsed = g_date_time_new_from_iso8601 (expire_time, NULL);
  if (parsed != NULL)
    return TRUE;

  g_set_error (error, VODUP_ERROR, VODUP_ERROR_INVALID_PARAMETER,
               _("The expiry time “%s” is not a date and time such as 2027-01-01T00:00:00+08:00."),
               expire_time);
  return FALSE;
}

static gboolean
check_cover (GFile   *cover,
             GError **error)
{
  g_autofree char *basename = NULL;
  g_autofree char *type = NULL;

  if (cover == NULL)
    return TRUE;

  basename = g_file_get_basename (cover);
  type = vodup_media_type_for_name (basename);
  if (vodup_media_type_is_cover (type))
    return TRUE;

  g_set_error (error, VODUP_ERROR, VODUP_ERROR_INVALID_PARAMETER,
               _("“%s” cannot be a cover: use a JPEG, PNG, GIF, BMP, TIFF or HEIF image."),
               basename);
  return FALSE;
}

/* Catches locally what VOD would refuse, before any request is made. */
gboolean
vodup_upload_options_validate (const VodupUploadOptions  *self,
                               GError                   **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return check_contexts (self, error) &&
         check_expire_time (self->expire_time, error) &&
         check_cover (self->cover, error);
}

char *
vodup_media_type_for_name (const char *basename)
{
  const char *dot;

  g_return_val_if_fail (basename != NULL, NULL);

  dot = strrchr (basename, '.');
  if (dot == NULL || dot == basename || dot[1] == '\0')
    return NULL;

  return g_ascii_strdown (dot + 1, -1);
}

gboolean
vodup_media_type_is_video (const char *media_type)
{
  return media_type != NULL && g_strv_contains (video_types, media_type);
}

gboolean
vodup_media_type_is_cover (const char *cover_type)
{
  return cover_type != NULL && g_strv_contains (cover_types, cover_type);
}

char *
vodup_media_name_for_name (const char *basename)
{
  const char *dot;

  g_return_val_if_fail (basename != NULL, NULL);

  dot = strrchr (basename, '.');
  if (dot == NULL || dot == basename)
    return g_strdup (basename);

  return g_strndup (basename, dot - basename);
}
