/* vodup-sim.c: the simulator object, its server thread and its public API
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "vodup-sim-private.h"

G_DEFINE_FINAL_TYPE (VodupSim, vodup_sim, G_TYPE_OBJECT)

/* The server thread */

static gboolean
started_cb (gpointer user_data)
{
  VodupSim *self = user_data;

  /* Signalled from inside the running loop, so that a vodup_sim_stop()
   * right after vodup_sim_start() cannot be lost. */
  g_mutex_lock (&self->start_mutex);
  self->start_done = TRUE;
  g_cond_signal (&self->start_cond);
  g_mutex_unlock (&self->start_mutex);

  return G_SOURCE_REMOVE;
}

static SoupServer *
server_listen (VodupSim  *self,
               GError   **error)
{
  g_autoptr(SoupServer) server = soup_server_new ("server-header", "vodup-sim ", NULL);
  GSList *uris;
  GUri *uri;

  soup_server_add_early_handler (server, NULL, _vodup_sim_early_handler_cb, self, NULL);
  soup_server_add_handler (server, NULL, _vodup_sim_handler_cb, self, NULL);

  if (!soup_server_listen_local (server, self->port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return NULL;

  uris = soup_server_get_uris (server);
  g_assert (uris != NULL);
  uri = uris->data;
  self->port = g_uri_get_port (uri);
  self->uri = g_strdup_printf ("http://127.0.0.1:%u", self->port);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return g_steal_pointer (&server);
}

static gpointer
server_thread (gpointer user_data)
{
  VodupSim *self = user_data;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSource) started = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (self->context);

  server = server_listen (self, &error);
  if (server == NULL)
    {
      g_mutex_lock (&self->start_mutex);
      self->start_error = g_steal_pointer (&error);
      self->start_done = TRUE;
      g_cond_signal (&self->start_cond);
      g_mutex_unlock (&self->start_mutex);
      g_main_context_pop_thread_default (self->context);
      return NULL;
    }

  /* An idle source, not g_main_context_invoke(): that would run
   * started_cb at once, before the loop runs, and a quit from a
   * vodup_sim_stop() right after start would be lost. */
  started = g_idle_source_new ();
  g_source_set_callback (started, started_cb, self, NULL);
  g_source_attach (started, self->context);
  g_main_loop_run (self->loop);

  _vodup_sim_cancel_pending (self);
  soup_server_disconnect (server);
  g_clear_object (&server);
  /* Let pending sources (stalls, delays) release their messages. */
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
prepare_data_dir (VodupSim  *self,
                  GError   **error)
{
  if (!self->store_bodies)
    return TRUE;

  if (self->data_dir == NULL)
    {
      self->data_dir = g_dir_make_tmp ("vodup-sim-XXXXXX", error);
      self->data_dir_is_temp = self->data_dir != NULL;
      return self->data_dir != NULL;
    }

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Cannot create %s: %s", self->data_dir, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

gboolean
vodup_sim_start (VodupSim  *self,
                 guint      port,
                 GError   **error)
{
  g_return_val_if_fail (VODUP_IS_SIM (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!prepare_data_dir (self, error))
    return FALSE;

  self->port = port;
  self->start_done = FALSE;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  g_mutex_lock (&self->start_mutex);
  self->thread = g_thread_new ("vodup-sim", server_thread, self);
  while (!self->start_done)
    g_cond_wait (&self->start_cond, &self->start_mutex);
  g_mutex_unlock (&self->start_mutex);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      vodup_sim_stop (self);
      return FALSE;
    }

  return TRUE;
}

void
vodup_sim_stop (VodupSim *self)
{
  g_return_if_fail (VODUP_IS_SIM (self));

  if (self->thread == NULL)
    return;

  g_main_loop_quit (self->loop);
  g_thread_join (g_steal_pointer (&self->thread));
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->uri, g_free);
}

const char *
vodup_sim_get_uri (VodupSim *self)
{
  g_return_val_if_fail (VODUP_IS_SIM (self), NULL);

  return self->uri;
}

/* State and faults (any thread) */

JsonObject *
vodup_sim_dup_state (VodupSim *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (VODUP_IS_SIM (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  return _vodup_sim_state_to_json (self);
}

void
vodup_sim_set_faults (VodupSim   *self,
                      JsonObject *faults)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (VODUP_IS_SIM (self));
  g_return_if_fail (faults != NULL);

  locker = g_mutex_locker_new (&self->mutex);
  _vodup_sim_faults_merge_locked (self, faults);
}

void
vodup_sim_reset (VodupSim *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (VODUP_IS_SIM (self));

  locker = g_mutex_locker_new (&self->mutex);
  _vodup_sim_state_clear (self, TRUE);
  _vodup_sim_faults_clear (&self->faults);
  _vodup_sim_state_init (self);
  _vodup_sim_faults_init (&self->faults);
}

gint64
vodup_sim_get_counter (VodupSim   *self,
                       const char *name)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gint64 *value;

  g_return_val_if_fail (VODUP_IS_SIM (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  locker = g_mutex_locker_new (&self->mutex);
  value = g_hash_table_lookup (self->counters, name);
  return value ? *value : 0;
}

/* The object */

static void
remove_temp_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  /* Only flat files of ours live there. */
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_remove (file);
    }
  g_rmdir (path);
}

static void
vodup_sim_finalize (GObject *object)
{
  VodupSim *self = (VodupSim *)object;

  vodup_sim_stop (self);

  /* Files in a data_dir the caller chose outlive us. */
  _vodup_sim_state_clear (self, self->data_dir_is_temp);
  _vodup_sim_faults_clear (&self->faults);
  if (self->data_dir_is_temp)
    remove_temp_dir (self->data_dir);
  g_free (self->data_dir);
  g_clear_error (&self->start_error);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->sockets, g_ptr_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_mutex_clear (&self->mutex);
  g_mutex_clear (&self->start_mutex);
  g_cond_clear (&self->start_cond);

  G_OBJECT_CLASS (vodup_sim_parent_class)->finalize (object);
}

static void
vodup_sim_class_init (VodupSimClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vodup_sim_finalize;
}

static void
vodup_sim_init (VodupSim *self)
{
  g_mutex_init (&self->mutex);
  g_mutex_init (&self->start_mutex);
  self->pending = g_ptr_array_new ();
  self->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  g_cond_init (&self->start_cond);
  _vodup_sim_state_init (self);
  _vodup_sim_faults_init (&self->faults);
}

VodupSim *
vodup_sim_new (gboolean    store_bodies,
               const char *data_dir)
{
  VodupSim *self = g_object_new (VODUP_TYPE_SIM, NULL);

  self->store_bodies = !!store_bodies;
  self->data_dir = g_strdup (data_dir);

  return self;
}
