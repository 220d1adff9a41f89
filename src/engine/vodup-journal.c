/* vodup-journal.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vodup-journal.h"

char *
vodup_journal_dup_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "vodup", "uploads", NULL);
}

static char *
dir_file (const char *id,
          const char *suffix)
{
  g_autofree char *dir = vodup_journal_dup_dir ();
  g_autofree char *name = g_strconcat (id, suffix, NULL);

  return g_build_filename (dir, name, NULL);
}

static char *
record_path (const char *id)
{
  return dir_file (id, ".json");
}

static gboolean
make_dir (GError **error)
{
  g_autofree char *dir = vodup_journal_dup_dir ();
  int saved_errno;

  if (g_mkdir_with_parents (dir, 0700) == 0)
    return TRUE;

  saved_errno = errno;
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               "%s: %s", dir, g_strerror (saved_errno));
  return FALSE;
}

/* The reason alone ("No space left on device"), for a sentence that
 * already says which file it was about. */
static void
shorten_file_error (GError *error)
{
  static const struct { GFileError code; int errnum; } reasons[] = {
    { G_FILE_ERROR_NOSPC, ENOSPC }, { G_FILE_ERROR_ROFS, EROFS }, { G_FILE_ERROR_ACCES, EACCES },
    { G_FILE_ERROR_PERM, EPERM }, { G_FILE_ERROR_IO, EIO }, { G_FILE_ERROR_NOTDIR, ENOTDIR },
  };

  if (error == NULL || error->domain != G_FILE_ERROR)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (error->code == (int) reasons[i].code)
      {
        g_free (error->message);
        error->message = g_strdup (g_strerror (reasons[i].errnum));
      }
}

/* Written to a temporary file and renamed over the old record, so a crash
 * leaves either the old record or the new one, never half of one. */
gboolean
vodup_journal_write (const char  *id,
                     JsonObject  *record,
                     GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (id != NULL && *id != '\0', FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (!make_dir (error))
    return FALSE;

  path = record_path (id);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, record);
  text = json_to_string (node, FALSE);

  if (g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    return TRUE;

  shorten_file_error (local_error);
  g_propagate_error (error, local_error);
  return FALSE;
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

JsonObject *
vodup_journal_read (const char *id)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (id != NULL, NULL);

  path = record_path (id);

  return read_record (path);
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
  g_clear_pointer (&path, g_free);
  path = dir_file (id, ".lock");
  g_unlink (path);
}

/* Locks ---------------------------------------------------------------------- */

struct _VodupJournalLock
{
  int   fd;
  char *path;
};

/* Locked, and still the file at that path: a holder that deleted the
 * record (and its lock file) may have let us lock a file nobody can
 * find any more. */
static gboolean
lock_is_current (int         fd,
                 const char *path)
{
  GStatBuf by_path;
  struct stat by_fd;

  return fstat (fd, &by_fd) == 0 && g_stat (path, &by_path) == 0 &&
         by_fd.st_ino == by_path.st_ino && by_fd.st_dev == by_path.st_dev;
}

static int
open_locked (const char  *path,
             GError     **error)
{
  int fd, saved_errno;

  for (guint attempt = 0; attempt < 3; attempt++)
    {
      fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      if (fd < 0)
        break;

      if (flock (fd, LOCK_EX | LOCK_NB) != 0)
        {
          saved_errno = errno;
          close (fd);
          if (saved_errno == EWOULDBLOCK)
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                                   "The upload record is locked by another process");
              return -1;
            }
          errno = saved_errno;
          break;
        }

      if (lock_is_current (fd, path))
        return fd;
      close (fd);
    }

  saved_errno = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "%s: %s", path, g_strerror (saved_errno));
  return -1;
}

VodupJournalLock *
vodup_journal_lock (const char  *id,
                    GError     **error)
{
  g_autofree char *path = NULL;
  VodupJournalLock *lock;
  int fd;

  g_return_val_if_fail (id != NULL && *id != '\0', NULL);

  if (!make_dir (error))
    return NULL;

  path = dir_file (id, ".lock");
  if ((fd = open_locked (path, error)) < 0)
    return NULL;

  lock = g_new0 (VodupJournalLock, 1);
  lock->fd = fd;
  lock->path = g_steal_pointer (&path);

  return lock;
}

void
vodup_journal_unlock (VodupJournalLock *lock)
{
  if (lock == NULL)
    return;

  close (lock->fd);   /* closing drops the flock */
  g_free (lock->path);
  g_free (lock);
}

void
vodup_journal_unlock_and_delete (VodupJournalLock *lock)
{
  if (lock == NULL)
    return;

  /* Removed while still held: whoever opened it meanwhile finds, once it
   * gets the lock, that it is no longer the file at that path. */
  g_unlink (lock->path);
  vodup_journal_unlock (lock);
}

void
vodup_journal_remove_stale_locks (const char *prefix)
{
  g_autofree char *dir_path = vodup_journal_dup_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  g_return_if_fail (prefix != NULL && *prefix != '\0');

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *id = NULL;

      if (!g_str_has_prefix (name, prefix) || !g_str_has_suffix (name, ".lock"))
        continue;

      /* Held only for the instant it takes to remove it; one in use stays. */
      id = g_strndup (name, strlen (name) - strlen (".lock"));
      vodup_journal_unlock_and_delete (vodup_journal_lock (id, NULL));
    }
}

gboolean
vodup_journal_is_locked (const char *id)
{
  g_autoptr(VodupJournalLock) lock = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (id != NULL, FALSE);

  lock = vodup_journal_lock (id, &error);

  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY);
}
