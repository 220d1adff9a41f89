/* vodup-vod-client-private.h: shared by vodup-vod-client*.c only
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-json-private.h"
#include "vodup-vod-client.h"

G_BEGIN_DECLS

/* Zero (not chosen) is left out. */
void        _vodup_json_builder_add_sub_app_id (JsonBuilder *builder,
                                                guint64      sub_app_id);
/* The keys a finished vodup_vod_client_call_async() was signed with. */
VodupCredentials *
            _vodup_vod_client_call_get_credentials (GAsyncResult *result);

GError     *_vodup_vod_client_protocol_error (const char *action,
                                              JsonObject *response);

G_END_DECLS
