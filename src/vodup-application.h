/* vodup-application.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vodup-engine.h"

G_BEGIN_DECLS

#define VODUP_TYPE_APPLICATION (vodup_application_get_type ())

G_DECLARE_FINAL_TYPE (VodupApplication, vodup_application, VODUP, APPLICATION, AdwApplication)

/* UI code only; the engine never sees the application. */
#define VODUP_APPLICATION_DEFAULT (VODUP_APPLICATION (g_application_get_default ()))

/* Owns the upload queue, the settings and the API clients built from the
 * keyring (or, for the demo, from TENCENTCLOUD_SECRET_ID/_KEY). */
VodupApplication *vodup_application_new                     (void);

GSettings        *vodup_application_get_settings            (VodupApplication *self);
VodupUploadQueue *vodup_application_get_queue               (VodupApplication *self);

/* The VOD API client while there are usable keys, else NULL. Notifies
 * "vod-client". */
VodupVodClient   *vodup_application_get_vod_client          (VodupApplication *self);
/* Looks the API key up again and rebuilds the clients; the preferences
 * page calls this after saving or removing a key. */
void              vodup_application_reload_credentials      (VodupApplication *self);
/* A sentence for the user while no clients can be built (no key, locked
 * keyring, bad endpoint), else NULL. Notifies "credentials-problem". */
const char       *vodup_application_get_credentials_problem (VodupApplication *self);
/* TRUE while a lookup runs. Notifies "looking-up". */
gboolean          vodup_application_get_looking_up          (VodupApplication *self);
/* Stops every upload without aborting it (the journal resumes it at the
 * next start) and keeps the application running until the last records
 * are written, for at most a few seconds. */
void              vodup_application_stop_uploads            (VodupApplication *self);
/* TRUE when the VOD API endpoint is a loopback address (the simulator). */
gboolean          vodup_application_get_local_endpoint      (VodupApplication *self);

G_END_DECLS
