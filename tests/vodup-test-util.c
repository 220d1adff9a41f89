/* vodup-test-util.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "vodup-test-util.h"

VodupTestEnv *
vodup_test_env_new (gboolean    store_bodies,
                    const char *secret_key)
{
  VodupTestEnv *env = g_new0 (VodupTestEnv, 1);
  g_autoptr(GError) error = NULL;

  env->dir = g_dir_make_tmp ("vodup-test-XXXXXX", &error);
  g_assert_no_error (error);

  env->sim = vodup_sim_new (store_bodies, NULL);
  vodup_sim_start (env->sim, 0, &error);
  g_assert_no_error (error);

  env->session = vodup_session_new ();
  vodup_test_env_connect (env, secret_key);
  vodup_test_env_new_queue (env, NULL);

  return env;
}

void
vodup_test_env_connect (VodupTestEnv *env,
                        const char   *secret_key)
{
  g_autoptr(VodupCredentials) credentials = NULL;
  g_autoptr(VodupCredentialProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&env->queue);
  g_clear_object (&env->vod);
  g_clear_object (&env->cos);

  credentials = vodup_credentials_new (VODUP_SIM_SECRET_ID,
                                       secret_key ? secret_key : VODUP_SIM_SECRET_KEY, NULL);
  provider = vodup_static_credential_provider_new (credentials);

  env->vod = vodup_vod_client_new (provider, env->session, vodup_sim_get_uri (env->sim), &error);
  g_assert_no_error (error);
  env->cos = vodup_cos_client_new (env->session, vodup_sim_get_uri (env->sim), &error);
  g_assert_no_error (error);
}

VodupUploadQueue *
vodup_test_env_new_queue (VodupTestEnv         *env,
                          VodupCredentialVault *vault)
{
  g_clear_object (&env->queue);
  env->queue = vodup_upload_queue_new (env->vod, env->cos);
  if (vault != NULL)
    vodup_upload_queue_set_journal (env->queue, vault);

  return env->queue;
}

VodupUpload *
vodup_test_interrupt_upload (VodupTestEnv *env,
                             GFile        *file,
                             gint64        n_parts)
{
  VodupUpload *upload;

  vodup_test_set_faults (env->sim, "{\"delay_ms\": 50}");
  upload = vodup_upload_queue_add_file (env->queue, file, NULL);
  vodup_test_wait_counter (env->sim, "UploadPart", n_parts, 60);

  /* Pausing writes the journal one last time. */
  vodup_upload_pause (upload);
  vodup_test_wait_state (upload, VODUP_UPLOAD_STATE_PAUSED, 60);
  vodup_test_set_faults (env->sim, "{\"delay_ms\": null}");

  return upload;
}

void
vodup_test_set_faults (VodupSim   *sim,
                       const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  vodup_sim_set_faults (sim, json_node_get_object (node));
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_remove (child);
    }
  g_rmdir (path);
}

void
vodup_test_env_free (VodupTestEnv *env)
{
  g_clear_object (&env->queue);
  g_clear_object (&env->vod);
  g_clear_object (&env->cos);
  g_clear_object (&env->session);
  vodup_sim_stop (env->sim);
  g_clear_object (&env->sim);
  remove_dir (env->dir);
  g_free (env->dir);
  g_free (env);
}

GFile *
vodup_test_make_file (VodupTestEnv *env,
                      const char   *name,
                      guint64       size,
                      guint32       seed)
{
  g_autofree char *path = g_build_filename (env->dir, name, NULL);
  g_autofree guint32 *block = g_new (guint32, 256 * 1024);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  FILE *stream = g_fopen (path, "wb");

  g_assert_nonnull (stream);

  while (size > 0)
    {
      gsize chunk = MIN (size, 256 * 1024 * sizeof (guint32));

      for (guint i = 0; i < (chunk + 3) / 4; i++)
        block[i] = g_rand_int (rand);
      g_assert_cmpuint (fwrite (block, 1, chunk, stream), ==, chunk);
      size -= chunk;
    }

  g_assert_cmpint (fclose (stream), ==, 0);

  return g_file_new_for_path (path);
}

/* An independent pass over the file, to check the engine against. */
char *
vodup_test_file_crc64 (GFile *file)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *buffer = g_malloc (1024 * 1024);
  guint64 crc = 0;
  gssize n;

  stream = g_file_read (file, NULL, &error);
  g_assert_no_error (error);

  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, 1024 * 1024, NULL, &error)) > 0)
    crc = vodup_crc64_update (crc, buffer, n);
  g_assert_no_error (error);

  return g_strdup_printf ("%" G_GUINT64_FORMAT, crc);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;

  return G_SOURCE_REMOVE;
}

void
vodup_test_wait_finished (VodupUpload *upload,
                          guint        timeout_seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_seconds, timeout_cb, &timed_out);

  /* Not running any more either: a cancel's abort has reached COS. */
  while ((!vodup_upload_is_finished (upload) || vodup_upload_is_running (upload)) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("%s did not finish in %u s (state %d)", vodup_upload_get_display_name (upload),
             timeout_seconds, vodup_upload_get_state (upload));
  g_source_remove (id);
}

void
vodup_test_wait_state (VodupUpload      *upload,
                       VodupUploadState  state,
                       guint             timeout_seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_seconds, timeout_cb, &timed_out);

  while (vodup_upload_get_state (upload) != state && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("%s did not reach state %d in %u s (state %d)", vodup_upload_get_display_name (upload),
             state, timeout_seconds, vodup_upload_get_state (upload));
  g_source_remove (id);
}

static gboolean
poll_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
vodup_test_wait_counter (VodupSim   *sim,
                         const char *counter,
                         gint64      value,
                         guint       timeout_seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_seconds * G_USEC_PER_SEC;
  guint id = g_timeout_add (20, poll_cb, NULL);

  while (vodup_sim_get_counter (sim, counter) < value)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("simulator counter %s stayed below %" G_GINT64_FORMAT, counter, value);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (id);
}

const char *
vodup_test_sim_object_crc (JsonObject *state,
                           const char *storage_path)
{
  JsonObject *objects = json_object_get_object_member (state, "objects");
  g_autoptr(GList) keys = json_object_get_members (objects);

  for (GList *l = keys; l != NULL; l = l->next)
    {
      if (g_str_has_suffix (l->data, storage_path))
        return json_object_get_string_member (json_object_get_object_member (objects, l->data),
                                              "crc64");
    }

  return NULL;
}

void
vodup_test_keep_result (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
vodup_test_wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}
