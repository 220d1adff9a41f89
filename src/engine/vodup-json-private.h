/* vodup-json-private.h: JSON helpers shared inside the engine
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Answers come from the network and records from disk: these never warn
 * about a member of the wrong type (or a NULL object), they treat it as
 * missing. */
const char *_vodup_json_get_string  (JsonObject  *object,
                                     const char  *name);
/* A string, or an integer written out in decimal (IDs such as FileId and
 * SubAppId); never goes through a double. */
char       *_vodup_json_dup_id      (JsonObject  *object,
                                     const char  *name);
gint64      _vodup_json_get_int     (JsonObject  *object,
                                     const char  *name,
                                     gint64       default_value);
gboolean    _vodup_json_get_bool    (JsonObject  *object,
                                     const char  *name);
JsonObject *_vodup_json_get_object  (JsonObject  *object,
                                     const char  *name);
JsonArray  *_vodup_json_get_array   (JsonObject  *object,
                                     const char  *name);
JsonObject *_vodup_json_array_get_object (JsonArray *array,
                                          guint      index);

/* Request building: NULL or empty strings are left out. */
void        _vodup_json_builder_add_string (JsonBuilder *builder,
                                            const char  *name,
                                            const char  *value);
void        _vodup_json_builder_add_int    (JsonBuilder *builder,
                                            const char  *name,
                                            gint64       value);
/* Ends the builder's object and returns it. */
JsonObject *_vodup_json_builder_end (JsonBuilder *builder);
/* Records: a NULL value is left out. */
void        _vodup_json_set_string  (JsonObject  *object,
                                     const char  *name,
                                     const char  *value);

G_END_DECLS
