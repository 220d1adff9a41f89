/* vodup-window-dnd.c: dropped and chosen files into the queue
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Files are checked and folders walked with GIO's async calls, one at a
 * time and depth first, so a folder of thousands of files never blocks the
 * window and the rows come in the order a file manager shows them. Files
 * are queued in chunks, one list change each, with the main loop free to
 * draw in between.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vodup-window-private.h"

#define ATTRIBUTES                          \
  G_FILE_ATTRIBUTE_STANDARD_TYPE ","        \
  G_FILE_ATTRIBUTE_STANDARD_NAME ","        \
  G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME "," \
  G_FILE_ATTRIBUTE_STANDARD_SIZE ","        \
  G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN ","   \
  G_FILE_ATTRIBUTE_ID_FILE

#define FILES_PER_REQUEST 100
/* Files are queued in chunks of about CHUNK_US of work, frames drawn in
 * between. A chunk's cost varies a lot: while the list is short, each
 * new item also makes a row (~1 ms), later it costs ~30 µs. */
#define CHUNK_US          8000
#define MIN_CHUNK         16
#define MAX_CHUNK         2048

typedef struct
{
  GFile     *file;
  GFileInfo *info;          /* NULL until queried */
  gboolean   in_folder;     /* found in a folder, not dropped itself */
  gboolean   end_of_folder; /* marks where a dropped folder's files end */
  guint      added_before;  /* for end_of_folder: files added before it */
} Item;

typedef struct
{
  VodupWindow        *window;
  GCancellable       *cancellable;
  VodupUploadOptions *options;
  GQueue              items;
  Item               *current;
  GFileEnumerator    *enumerator;
  GList              *children;   /* GFileInfo of the folder being read */
  GHashTable         *visited;    /* id::file of folders: symlink loops */
  GPtrArray          *refused;    /* pairs: name, reason */
  guint               n_added;
  /* Accepted, to be queued with the next chunk. */
  GPtrArray          *pending;    /* GFile */
  GArray             *pending_sizes;
  GHashTable         *pending_set;
  guint               n_handled;  /* files looked at in this chunk */
  guint               chunk_size;
  gint64              chunk_start;
} AddJob;

static void job_next (AddJob *job);

static Item *
item_new (GFile     *file,
          GFileInfo *info,
          gboolean   in_folder)
{
  Item *item = g_new0 (Item, 1);

  item->file = g_object_ref (file);
  item->info = info ? g_object_ref (info) : NULL;
  item->in_folder = in_folder;

  return item;
}

static void
item_free (Item *item)
{
  g_clear_object (&item->file);
  g_clear_object (&item->info);
  g_free (item);
}

static void
job_free (AddJob *job)
{
  g_queue_clear_full (&job->items, (GDestroyNotify) item_free);
  g_clear_pointer (&job->current, item_free);
  g_clear_object (&job->enumerator);
  g_list_free_full (job->children, g_object_unref);
  g_clear_pointer (&job->visited, g_hash_table_unref);
  g_clear_pointer (&job->refused, g_ptr_array_unref);
  g_clear_pointer (&job->pending, g_ptr_array_unref);
  g_clear_pointer (&job->pending_sizes, g_array_unref);
  g_clear_pointer (&job->pending_set, g_hash_table_unref);
  g_clear_pointer (&job->options, vodup_upload_options_free);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->window);
  g_free (job);
}

static char *
item_display_name (Item *item)
{
  if (item->info != NULL && g_file_info_has_attribute (item->info, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME))
    return g_strdup (g_file_info_get_display_name (item->info));

  return g_file_get_basename (item->file);
}

static void
refuse (AddJob     *job,
        Item       *item,
        const char *reason)
{
  g_ptr_array_add (job->refused, item_display_name (item));
  g_ptr_array_add (job->refused, g_strdup (reason));
}

/* One toast names what was not added, and why. */
static void
show_refusals (AddJob *job)
{
  guint n = job->refused->len / 2;
  g_autofree char *name = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (n == 0)
    return;

  /* Toast titles are markup. */
  name = g_markup_escape_text (g_ptr_array_index (job->refused, 0), -1);
  reason = g_markup_escape_text (g_ptr_array_index (job->refused, 1), -1);

  if (n == 1)
    /* Translators: a file name, then why, e.g. "not a video file". */
    title = g_strdup_printf (_("“%s” was not added: %s"), name, reason);
  else
    /* Translators: the number of files, then the first one and why. */
    title = g_strdup_printf (ngettext ("%u file was not added. “%s”: %s",
                                       "%u files were not added. “%s”: %s", n),
                             n, name, reason);

  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 8);
  vodup_window_add_toast (job->window, toast);
}

/* The chunk's files into the queue, with one list change. */
static void
flush_pending (AddJob *job)
{
  g_autoptr(GPtrArray) uploads = NULL;

  if (job->pending->len == 0 || g_cancellable_is_cancelled (job->cancellable))
    return;

  uploads = vodup_upload_queue_add_files (job->window->queue, (GFile **) job->pending->pdata,
                                          job->pending->len, job->options);
  for (guint i = 0; i < uploads->len; i++)
    _vodup_window_batch_add (job->window, g_ptr_array_index (uploads, i),
                             g_array_index (job->pending_sizes, guint64, i));

  g_ptr_array_set_size (job->pending, 0);
  g_array_set_size (job->pending_sizes, 0);
  g_hash_table_remove_all (job->pending_set);
}

static void
job_finish (AddJob *job)
{
  flush_pending (job);

  if (!g_cancellable_is_cancelled (job->cancellable))
    {
      show_refusals (job);
      if (job->n_added > 0)
        _vodup_window_options_used (job->window);
    }

  job->window->n_adding--;
  job_free (job);
}

/* Files ------------------------------------------------------------------- */

static void
add_regular_file (AddJob *job,
                  Item   *item)
{
  g_autofree char *basename = g_file_get_basename (item->file);
  g_autofree char *media_type = vodup_media_type_for_name (basename);
  guint64 size = g_file_info_get_size (item->info);
  VodupUpload *upload;

  /* Inside folders, other files (notes, subtitles, thumbnails) are expected. */
  if (!vodup_media_type_is_video (media_type))
    {
      if (!item->in_folder)
        refuse (job, item, _("not a video file"));
      return;
    }

  if (size == 0)
    {
      refuse (job, item, _("the file is empty"));
      return;
    }

  if (vodup_upload_queue_find_unfinished (job->window->queue, item->file) != NULL ||
      g_hash_table_contains (job->pending_set, item->file))
    {
      refuse (job, item, _("it is already in the queue"));
      return;
    }

  if (job->n_added++ > 0)
    {
      g_ptr_array_add (job->pending, g_object_ref (item->file));
      g_array_append_val (job->pending_sizes, size);
      g_hash_table_add (job->pending_set, item->file);
      return;
    }

  /* The media name and the cover were meant for one file: the first. */
  upload = vodup_upload_queue_add_file (job->window->queue, item->file, job->options);
  _vodup_window_batch_add (job->window, upload, size);
  g_clear_pointer (&job->options->media_name, g_free);
  g_clear_object (&job->options->cover);
}

/* Folders ------------------------------------------------------------------ */

typedef struct
{
  char      *key;
  GFileInfo *info;
} SortEntry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (((const SortEntry *) a)->key, ((const SortEntry *) b)->key);
}

/* Collation keys are slow to make: once per name, not once per comparison. */
static GArray *
sorted_entries (GList *infos)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (SortEntry));

  for (GList *l = infos; l != NULL; l = l->next)
    {
      GFileInfo *info = l->data;
      SortEntry entry;

      if (g_file_info_get_is_hidden (info))
        continue;

      entry.key = g_utf8_collate_key_for_filename (g_file_info_get_display_name (info), -1);
      entry.info = info;
      g_array_append_val (entries, entry);
    }

  g_array_sort (entries, compare_entries);

  return entries;
}

/* The folder's entries go first in line, in name order. */
static void
queue_children (AddJob *job)
{
  g_autoptr(GArray) entries = sorted_entries (job->children);

  for (guint i = entries->len; i > 0; i--)
    {
      SortEntry *entry = &g_array_index (entries, SortEntry, i - 1);
      g_autoptr(GFile) child = g_file_enumerator_get_child (job->enumerator, entry->info);

      g_queue_push_head (&job->items, item_new (child, entry->info, TRUE));
      g_free (entry->key);
    }

  g_list_free_full (g_steal_pointer (&job->children), g_object_unref);
}

static void
next_files_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AddJob *job = user_data;
  g_autoptr(GError) error = NULL;
  GList *infos;

  infos = g_file_enumerator_next_files_finish (G_FILE_ENUMERATOR (object), result, &error);
  if (infos != NULL)
    {
      job->children = g_list_concat (job->children, infos);
      g_file_enumerator_next_files_async (job->enumerator, FILES_PER_REQUEST, G_PRIORITY_DEFAULT,
                                          job->cancellable, next_files_cb, job);
      return;
    }

  if (error != NULL)
    refuse (job, job->current, error->message);
  else
    queue_children (job);

  g_clear_object (&job->enumerator);
  g_clear_pointer (&job->current, item_free);
  job_next (job);
}

static void
enumerate_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AddJob *job = user_data;
  g_autoptr(GError) error = NULL;

  job->enumerator = g_file_enumerate_children_finish (G_FILE (object), result, &error);
  if (job->enumerator == NULL)
    {
      refuse (job, job->current, error->message);
      g_clear_pointer (&job->current, item_free);
      job_next (job);
      return;
    }

  g_file_enumerator_next_files_async (job->enumerator, FILES_PER_REQUEST, G_PRIORITY_DEFAULT,
                                      job->cancellable, next_files_cb, job);
}

/* TRUE when reading the folder started (the job goes on from its callback). */
static gboolean
open_folder (AddJob *job,
             Item   *item)
{
  const char *id = g_file_info_get_attribute_string (item->info, G_FILE_ATTRIBUTE_ID_FILE);

  if (id != NULL && !g_hash_table_add (job->visited, g_strdup (id)))
    return FALSE;

  /* After the folder's contents: did it have any video at all? */
  if (!item->in_folder)
    {
      Item *marker = item_new (item->file, item->info, FALSE);

      marker->end_of_folder = TRUE;
      marker->added_before = job->n_added;
      g_queue_push_head (&job->items, marker);
    }

  /* Reading a folder takes a while: show what was found so far. */
  flush_pending (job);

  job->current = item;
  g_file_enumerate_children_async (item->file, ATTRIBUTES, G_FILE_QUERY_INFO_NONE,
                                   G_PRIORITY_DEFAULT, job->cancellable, enumerate_cb, job);

  return TRUE;
}

/* The walk ----------------------------------------------------------------- */

/* TRUE when the job goes on from an async callback. */
static gboolean
handle_item (AddJob *job,
             Item   *item)
{
  switch (g_file_info_get_file_type (item->info))
    {
    case G_FILE_TYPE_DIRECTORY:
      return open_folder (job, item);
    case G_FILE_TYPE_REGULAR:
      add_regular_file (job, item);
      return FALSE;
    case G_FILE_TYPE_UNKNOWN:
    case G_FILE_TYPE_SYMBOLIC_LINK:
    case G_FILE_TYPE_SPECIAL:
    case G_FILE_TYPE_SHORTCUT:
    case G_FILE_TYPE_MOUNTABLE:
    default:
      if (!item->in_folder)
        refuse (job, item, _("not a regular file"));
      return FALSE;
    }
}

static void
query_info_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AddJob *job = user_data;
  g_autoptr(GError) error = NULL;
  Item *item = g_steal_pointer (&job->current);

  item->info = g_file_query_info_finish (G_FILE (object), result, &error);
  if (item->info == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        refuse (job, item, error->message);
    }
  else if (handle_item (job, item))
    return;

  item_free (item);
  job_next (job);
}

static gboolean
job_next_cb (gpointer user_data)
{
  job_next (user_data);

  return G_SOURCE_REMOVE;
}

/* TRUE when the chunk is full: the rest waits for the next idle, after
 * what is due to be drawn. */
static gboolean
chunk_done (AddJob *job)
{
  gint64 elapsed;

  if (++job->n_handled < job->chunk_size)
    return FALSE;

  flush_pending (job);

  /* Halve or double the next chunk towards CHUNK_US. */
  elapsed = g_get_monotonic_time () - job->chunk_start;
  if (elapsed > CHUNK_US)
    job->chunk_size = MAX (job->chunk_size / 2, MIN_CHUNK);
  else if (elapsed < CHUNK_US / 2)
    job->chunk_size = MIN (job->chunk_size * 2, MAX_CHUNK);

  job->n_handled = 0;
  g_idle_add (job_next_cb, job);

  return TRUE;
}

static void
job_next (AddJob *job)
{
  Item *item;

  if (job->n_handled == 0)
    job->chunk_start = g_get_monotonic_time ();

  while (!g_cancellable_is_cancelled (job->cancellable) &&
         (item = g_queue_pop_head (&job->items)) != NULL)
    {
      if (item->end_of_folder)
        {
          if (job->n_added == item->added_before)
            refuse (job, item, _("there are no videos in it"));
        }
      else if (item->info == NULL)
        {
          job->current = item;
          g_file_query_info_async (item->file, ATTRIBUTES, G_FILE_QUERY_INFO_NONE,
                                   G_PRIORITY_DEFAULT, job->cancellable, query_info_cb, job);
          return;
        }
      else if (handle_item (job, item))
        return;

      item_free (item);
      if (chunk_done (job))
        return;
    }

  job_finish (job);
}

/* Options VOD would refuse are refused here, before any file is read. */
static gboolean
check_options (VodupWindow        *self,
               VodupUploadOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  AdwToast *toast;

  if (vodup_upload_options_validate (options, &error))
    return TRUE;

  reason = g_markup_escape_text (error->message, -1);
  toast = adw_toast_new_format (_("No videos were added: %s"), reason);
  adw_toast_set_timeout (toast, 8);
  vodup_window_add_toast (self, toast);
  gtk_toggle_button_set_active (self->options_button, TRUE);

  return FALSE;
}

void
_vodup_window_add_files (VodupWindow *self,
                         GList       *files)
{
  g_autoptr(VodupUploadOptions) options = NULL;
  AddJob *job;

  g_return_if_fail (VODUP_IS_WINDOW (self));

  if (files == NULL)
    return;

  options = _vodup_window_dup_options (self);
  if (!check_options (self, options))
    return;

  job = g_new0 (AddJob, 1);
  job->window = g_object_ref (self);
  job->cancellable = g_object_ref (self->cancellable);
  job->options = g_steal_pointer (&options);
  job->visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  job->refused = g_ptr_array_new_with_free_func (g_free);
  job->chunk_size = MIN_CHUNK;
  job->pending = g_ptr_array_new_with_free_func (g_object_unref);
  job->pending_sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
  job->pending_set = g_hash_table_new (g_file_hash, (GEqualFunc) g_file_equal);
  g_queue_init (&job->items);

  for (GList *l = files; l != NULL; l = l->next)
    g_queue_push_tail (&job->items, item_new (G_FILE (l->data), NULL, FALSE));

  self->n_adding++;
  job_next (job);
}

guint
_vodup_window_get_n_adding (VodupWindow *self)
{
  g_return_val_if_fail (VODUP_IS_WINDOW (self), 0);

  return self->n_adding;
}

/* Drag and drop ------------------------------------------------------------ */

static gboolean
drop_cb (VodupWindow   *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GSList *files;
  GList *list = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  /* Container only: the GFiles belong to the GdkFileList. */
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    list = g_list_prepend (list, l->data);
  list = g_list_reverse (list);

  _vodup_window_add_files (self, list);

  g_list_free (list);
  g_slist_free (files);

  return TRUE;
}

void
_vodup_window_dnd_init (VodupWindow *self)
{
  /* The whole window takes drops; style.css lights it up meanwhile. */
  self->drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (self->drop_target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));
}

GtkDropTarget *
_vodup_window_get_drop_target (VodupWindow *self)
{
  g_return_val_if_fail (VODUP_IS_WINDOW (self), NULL);

  return self->drop_target;
}
