/* vodup-window-dnd.c: dropped and chosen files into the queue
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Files are checked and folders walked with GIO's async calls, one at a
 * time and depth first, so a folder of thousands of files never blocks the
 * window and the rows come in the order a file manager shows them.
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

static void
job_finish (AddJob *job)
{
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

  if (vodup_upload_queue_find_unfinished (job->window->queue, item->file) != NULL)
    {
      refuse (job, item, _("it is already in the queue"));
      return;
    }

  upload = vodup_upload_queue_add_file (job->window->queue, item->file, job->options);
  _vodup_window_batch_add (job->window, upload, size);

  /* The media name and the cover were meant for one file: the first. */
  if (job->n_added++ == 0)
    {
      g_clear_pointer (&job->options->media_name, g_free);
      g_clear_object (&job->options->cover);
    }
}

/* Folders ------------------------------------------------------------------ */

static int
compare_infos (gconstpointer a,
               gconstpointer b)
{
  g_autofree char *key_a = g_utf8_collate_key_for_filename (g_file_info_get_display_name ((GFileInfo *) a), -1);
  g_autofree char *key_b = g_utf8_collate_key_for_filename (g_file_info_get_display_name ((GFileInfo *) b), -1);

  return strcmp (key_a, key_b);
}

/* The folder's entries go first in line, in name order. */
static void
queue_children (AddJob *job)
{
  job->children = g_list_sort (job->children, compare_infos);

  for (GList *l = g_list_last (job->children); l != NULL; l = l->prev)
    {
      GFileInfo *info = l->data;
      g_autoptr(GFile) child = NULL;

      if (g_file_info_get_is_hidden (info))
        continue;

      child = g_file_enumerator_get_child (job->enumerator, info);
      g_queue_push_head (&job->items, item_new (child, info, TRUE));
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

static void
job_next (AddJob *job)
{
  Item *item;

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
