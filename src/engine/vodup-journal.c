/* vodup-journal.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "vodup-journal.h"

char *
vodup_journal_dup_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "vodup", "uploads", NULL);
}

static char *
record_path (const char *id)
{
  g_autofree char *dir = vodup_journal_dup_dir ();
  g_autofree char *name = g_strconcat (id, ".json", NULL);

  return g_build_filename (dir, name, NULL);
}

/* Written to a temporary file and renamed over the old record, so a crash
 * leaves either the old record or the new one, never half of one. */
gboolean
vodup_journal_write (const char  *id,
                     JsonObject  *record,
                     GError     **error)
{
  g_autofree char *dir = vodup_journal_dup_dir ();
  g_autofree char *path = record_path (id);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  g_return_val_if_fail (id != NULL && *id != '\0', FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  json_node_set_object (node, record);
  text = json_to_string (node, FALSE);

  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static JsonObject *
read_record (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_file (parser, path, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

static int
compare_created (gconstpointer a,
                 gconstpointer b)
{
  JsonObject *ra = *(JsonObject **) a;
  JsonObject *rb = *(JsonObject **) b;
  gint64 ca = json_object_get_int_member_with_default (ra, "created", 0);
  gint64 cb = json_object_get_int_member_with_default (rb, "created", 0);

  return (ca > cb) - (ca < cb);
}

GPtrArray *
vodup_journal_list (void)
{
  g_autofree char *dir_path = vodup_journal_dup_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      JsonObject *record;

      if (!g_str_has_suffix (name, ".json"))
        continue;

      path = g_build_filename (dir_path, name, NULL);
      /* A damaged record is skipped, not fatal: it cannot be resumed. */
      if ((record = read_record (path)) != NULL)
        g_ptr_array_add (records, record);
    }

  g_ptr_array_sort (records, compare_created);

  return records;
}

void
vodup_journal_delete (const char *id)
{
  g_autofree char *path = NULL;

  g_return_if_fail (id != NULL);

  path = record_path (id);
  g_unlink (path);
}
