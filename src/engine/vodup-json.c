/* vodup-json.c: reading JSON that comes from outside (VOD answers, journal
 * records) without warnings, and building requests and records
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-json-private.h"

static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

const char *
_vodup_json_get_string (JsonObject *object,
                        const char *name)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

char *
_vodup_json_dup_id (JsonObject *object,
                    const char *name)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return *json_node_get_string (node) ? g_strdup (json_node_get_string (node)) : NULL;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  return NULL;
}

gint64
_vodup_json_get_int (JsonObject *object,
                     const char *name,
                     gint64      default_value)
{
  JsonNode *node = get_member (object, name);
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return default_value;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING &&
      g_ascii_string_to_signed (json_node_get_string (node), 10,
                                G_MININT64, G_MAXINT64, &value, NULL))
    return value;

  return default_value;
}

gboolean
_vodup_json_get_bool (JsonObject *object,
                      const char *name)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node) != 0;

  return FALSE;
}

JsonObject *
_vodup_json_get_object (JsonObject *object,
                        const char *name)
{
  JsonNode *node = get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
_vodup_json_get_array (JsonObject *object,
                       const char *name)
{
  JsonNode *node = get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonObject *
_vodup_json_array_get_object (JsonArray *array,
                              guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

void
_vodup_json_builder_add_string (JsonBuilder *builder,
                                const char  *name,
                                const char  *value)
{
  if (value == NULL || *value == '\0')
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

void
_vodup_json_builder_add_int (JsonBuilder *builder,
                             const char  *name,
                             gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

JsonObject *
_vodup_json_builder_end (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = NULL;

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_object_ref (json_node_get_object (root));
}

void
_vodup_json_set_string (JsonObject *object,
                        const char *name,
                        const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
}
