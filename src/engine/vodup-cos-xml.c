/* vodup-cos-xml.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vodup-cos-client.h"
#include "vodup-cos-xml.h"
#include "vodup-error.h"

/* The answers are a few KiB, so a small tree is simpler than a streaming
 * parser per document type. */
typedef struct _XmlNode XmlNode;

struct _XmlNode
{
  char      *name;       /* local name: any "prefix:" removed */
  GString   *text;
  GPtrArray *children;   /* XmlNode */
};

typedef struct
{
  XmlNode   *root;
  GPtrArray *stack;      /* XmlNode, not owned */
} ParseState;

static void
xml_node_free (XmlNode *node)
{
  g_free (node->name);
  g_string_free (node->text, TRUE);
  g_ptr_array_unref (node->children);
  g_free (node);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XmlNode, xml_node_free)

static void
start_element_cb (GMarkupParseContext  *context,
                  const char           *element_name,
                  const char          **attribute_names,
                  const char          **attribute_values,
                  gpointer              user_data,
                  GError              **error)
{
  ParseState *state = user_data;
  const char *colon = strrchr (element_name, ':');
  XmlNode *node;

  if (state->stack->len == 0 && state->root != NULL)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                           "more than one root element");
      return;
    }

  node = g_new0 (XmlNode, 1);
  node->name = g_strdup (colon ? colon + 1 : element_name);
  node->text = g_string_new (NULL);
  node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) xml_node_free);

  if (state->stack->len == 0)
    state->root = node;
  else
    g_ptr_array_add (((XmlNode *) g_ptr_array_index (state->stack, state->stack->len - 1))->children, node);

  g_ptr_array_add (state->stack, node);
}

static void
end_element_cb (GMarkupParseContext  *context,
                const char           *element_name,
                gpointer              user_data,
                GError              **error)
{
  ParseState *state = user_data;
  XmlNode *node = g_ptr_array_steal_index (state->stack, state->stack->len - 1);

  g_strstrip (node->text->str);
  node->text->len = strlen (node->text->str);
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 text_len,
         gpointer              user_data,
         GError              **error)
{
  ParseState *state = user_data;

  if (state->stack->len > 0)
    g_string_append_len (((XmlNode *) g_ptr_array_index (state->stack, state->stack->len - 1))->text,
                         text, (gssize) text_len);
}

static const GMarkupParser parser = {
  .start_element = start_element_cb,
  .end_element = end_element_cb,
  .text = text_cb,
};

static gboolean
set_protocol_error (GError **error)
{
  g_set_error_literal (error, VODUP_ERROR, VODUP_ERROR_PROTOCOL,
                       _("The storage service sent an answer Vodup does not understand."));
  return FALSE;
}

/* Complete Multipart Upload may send whitespace to keep the connection
 * alive before the document, so leading blanks are skipped. */
static const char *
body_start (GBytes *body,
            gsize  *length)
{
  const char *data = g_bytes_get_data (body, length);

  while (*length > 0 && g_ascii_isspace (*data))
    {
      data++;
      (*length)--;
    }

  return *length > 0 ? data : NULL;
}

static XmlNode *
xml_parse (GBytes  *body,
           GError **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  g_autoptr(GError) local_error = NULL;
  ParseState state = { NULL, stack };
  const char *data;
  gsize length;

  if (body == NULL || !(data = body_start (body, &length)))
    {
      set_protocol_error (error);
      return NULL;
    }

  context = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, &state, NULL);

  if (!g_markup_parse_context_parse (context, data, (gssize) length, &local_error) ||
      !g_markup_parse_context_end_parse (context, &local_error))
    {
      g_debug ("Unreadable COS XML: %s", local_error->message);
      g_clear_pointer (&state.root, xml_node_free);
      set_protocol_error (error);
      return NULL;
    }

  return state.root;
}

static XmlNode *
xml_child (XmlNode    *node,
           const char *name)
{
  for (guint i = 0; i < node->children->len; i++)
    {
      XmlNode *child = g_ptr_array_index (node->children, i);

      if (g_str_equal (child->name, name))
        return child;
    }

  return NULL;
}

/* NULL when missing or empty. */
static const char *
xml_child_text (XmlNode    *node,
                const char *name)
{
  XmlNode *child = xml_child (node, name);

  return (child != NULL && child->text->len > 0) ? child->text->str : NULL;
}

static XmlNode *
xml_parse_document (GBytes      *body,
                    const char  *root_name,
                    GError     **error)
{
  g_autoptr(XmlNode) root = xml_parse (body, error);

  if (root == NULL)
    return NULL;

  if (!g_str_equal (root->name, root_name))
    {
      g_debug ("Expected <%s> from COS, got <%s>", root_name, root->name);
      set_protocol_error (error);
      return NULL;
    }

  return g_steal_pointer (&root);
}

static char *
dup_json_string (JsonObject *object,
                 const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_dup_string (node);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  return NULL;
}

/* Some COS front ends answer {"code": …, "message": …, "request_id": …}. */
static gboolean
parse_json_error (const char  *data,
                  gsize        length,
                  char       **code,
                  char       **message,
                  char       **request_id)
{
  g_autoptr(JsonParser) json = json_parser_new ();
  JsonNode *root;
  JsonObject *object;
  g_autofree char *json_code = NULL;

  if (!json_parser_load_from_data (json, data, (gssize) length, NULL) ||
      !(root = json_parser_get_root (json)) || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  object = json_node_get_object (root);
  if (!(json_code = dup_json_string (object, "code")))
    return FALSE;

  if (code != NULL)
    *code = g_steal_pointer (&json_code);
  if (message != NULL)
    *message = dup_json_string (object, "message");
  if (request_id != NULL)
    *request_id = dup_json_string (object, "request_id");

  return TRUE;
}

gboolean
vodup_cos_xml_parse_error (GBytes  *body,
                           char   **code,
                           char   **message,
                           char   **request_id)
{
  g_autoptr(XmlNode) root = NULL;
  const char *data;
  gsize length;

  if (body == NULL || !(data = body_start (body, &length)))
    return FALSE;

  if (data[0] == '{')
    return parse_json_error (data, length, code, message, request_id);

  if (!(root = xml_parse (body, NULL)) || !g_str_equal (root->name, "Error"))
    return FALSE;

  if (code != NULL)
    *code = g_strdup (xml_child_text (root, "Code"));
  if (message != NULL)
    *message = g_strdup (xml_child_text (root, "Message"));
  if (request_id != NULL)
    *request_id = g_strdup (xml_child_text (root, "RequestId"));

  return TRUE;
}

char *
vodup_cos_xml_parse_upload_id (GBytes  *body,
                               GError **error)
{
  g_autoptr(XmlNode) root = xml_parse_document (body, "InitiateMultipartUploadResult", error);
  const char *upload_id;

  if (root == NULL)
    return NULL;

  if (!(upload_id = xml_child_text (root, "UploadId")))
    {
      set_protocol_error (error);
      return NULL;
    }

  return g_strdup (upload_id);
}

char *
vodup_cos_xml_parse_complete (GBytes  *body,
                              GError **error)
{
  g_autoptr(XmlNode) root = xml_parse_document (body, "CompleteMultipartUploadResult", error);
  const char *etag;

  if (root == NULL)
    return NULL;

  /* COS answers 200 before the object is assembled; without an ETag the
   * object was not made, whatever the status said. */
  if (!(etag = xml_child_text (root, "ETag")))
    {
      set_protocol_error (error);
      return NULL;
    }

  return g_strdup (etag);
}

static VodupCosPart *
parse_part (XmlNode *node)
{
  const char *number = xml_child_text (node, "PartNumber");
  const char *etag = xml_child_text (node, "ETag");
  const char *size = xml_child_text (node, "Size");
  guint64 number_value, size_value;

  if (number == NULL || etag == NULL || size == NULL ||
      !g_ascii_string_to_unsigned (number, 10, 1, VODUP_COS_MAX_PARTS, &number_value, NULL) ||
      !g_ascii_string_to_unsigned (size, 10, 0, G_MAXUINT64, &size_value, NULL))
    return NULL;

  return vodup_cos_part_new ((guint) number_value, etag, size_value, 0);
}

static gboolean
parse_list_page (XmlNode  *root,
                 gboolean *is_truncated,
                 guint    *next_marker)
{
  const char *truncated = xml_child_text (root, "IsTruncated");
  const char *marker = xml_child_text (root, "NextPartNumberMarker");
  guint64 marker_value = 0;

  *is_truncated = truncated != NULL && g_ascii_strcasecmp (truncated, "true") == 0;

  if (marker != NULL &&
      !g_ascii_string_to_unsigned (marker, 10, 0, VODUP_COS_MAX_PARTS, &marker_value, NULL))
    return FALSE;

  if (*is_truncated && marker == NULL)
    return FALSE;

  *next_marker = (guint) marker_value;

  return TRUE;
}

GPtrArray *
vodup_cos_xml_parse_list_parts (GBytes    *body,
                                gboolean  *is_truncated,
                                guint     *next_marker,
                                GError   **error)
{
  g_autoptr(XmlNode) root = xml_parse_document (body, "ListPartsResult", error);
  g_autoptr(GPtrArray) parts = NULL;

  g_return_val_if_fail (is_truncated != NULL, NULL);
  g_return_val_if_fail (next_marker != NULL, NULL);

  if (root == NULL)
    return NULL;

  parts = g_ptr_array_new_with_free_func ((GDestroyNotify) vodup_cos_part_free);

  for (guint i = 0; i < root->children->len; i++)
    {
      XmlNode *child = g_ptr_array_index (root->children, i);
      VodupCosPart *part;

      if (!g_str_equal (child->name, "Part"))
        continue;

      if (!(part = parse_part (child)))
        {
          set_protocol_error (error);
          return NULL;
        }

      g_ptr_array_add (parts, part);
    }

  if (!parse_list_page (root, is_truncated, next_marker))
    {
      set_protocol_error (error);
      return NULL;
    }

  return g_steal_pointer (&parts);
}

GBytes *
vodup_cos_xml_build_complete (GPtrArray *parts)
{
  GString *xml = g_string_new ("<CompleteMultipartUpload>");

  g_return_val_if_fail (parts != NULL, NULL);

  for (guint i = 0; i < parts->len; i++)
    {
      const VodupCosPart *part = g_ptr_array_index (parts, i);
      g_autofree char *etag = g_markup_escape_text (part->etag, -1);

      g_string_append_printf (xml, "<Part><PartNumber>%u</PartNumber><ETag>%s</ETag></Part>",
                              part->number, etag);
    }

  g_string_append (xml, "</CompleteMultipartUpload>");

  return g_string_free_to_bytes (xml);
}
