/* vodup-format.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vodup-format.h"

const char *
vodup_format_state (VodupUploadState state)
{
  switch (state)
    {
    case VODUP_UPLOAD_STATE_QUEUED:
      return C_("upload state", "Queued");
    case VODUP_UPLOAD_STATE_APPLYING:
      return C_("upload state", "Preparing");
    case VODUP_UPLOAD_STATE_UPLOADING:
      return C_("upload state", "Uploading");
    case VODUP_UPLOAD_STATE_VERIFYING:
      return C_("upload state", "Verifying");
    case VODUP_UPLOAD_STATE_COMMITTING:
      return C_("upload state", "Committing");
    case VODUP_UPLOAD_STATE_DONE:
      return C_("upload state", "Done");
    case VODUP_UPLOAD_STATE_PAUSED:
      return C_("upload state", "Paused");
    case VODUP_UPLOAD_STATE_FAILED:
      return C_("upload state", "Failed");
    case VODUP_UPLOAD_STATE_CANCELLED:
      return C_("upload state", "Cancelled");
    default:
      g_return_val_if_reached ("");
    }
}

char *
vodup_format_progress (guint64 sent,
                       guint64 total)
{
  g_autofree char *sent_text = g_format_size (sent);
  g_autofree char *total_text = g_format_size (total);

  /* Translators: bytes sent of the file size, e.g. "120 MB of 1.4 GB". */
  return g_strdup_printf (_("%s of %s"), sent_text, total_text);
}

char *
vodup_format_speed (double bytes_per_second)
{
  g_autofree char *size = g_format_size ((guint64) MAX (bytes_per_second, 0));

  /* Translators: a transfer speed, e.g. "38 MB/s". */
  return g_strdup_printf (_("%s/s"), size);
}

char *
vodup_format_time_left (gint64 seconds)
{
  gint64 minutes, hours;

  if (seconds < 0)
    return g_strdup (_("Estimating time left…"));

  if (seconds < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %d second left",
                                         "about %d seconds left", seconds),
                            (int) seconds);

  minutes = (seconds + 30) / 60;
  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %d minute left",
                                         "about %d minutes left", minutes),
                            (int) minutes);

  hours = (minutes + 30) / 60;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %d hour left",
                                       "about %d hours left", hours),
                          (int) hours);
}
