/* vodup-test-util.h: helpers shared by the engine tests
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-engine.h"
#include "vodup-sim.h"

G_BEGIN_DECLS

typedef struct
{
  VodupSim         *sim;
  SoupSession      *session;
  VodupVodClient   *vod;
  VodupCosClient   *cos;
  VodupUploadQueue *queue;
  char             *dir;      /* temporary files of this test */
} VodupTestEnv;

/* Starts a simulator and clients with the simulator's keys (or with
 * secret_key instead of the right one, when given). */
VodupTestEnv *vodup_test_env_new        (gboolean       store_bodies,
                                         const char    *secret_key);
void          vodup_test_env_free       (VodupTestEnv  *env);
/* New clients (as vodup_test_env_new() makes them) on env's session; the
 * queue goes with the old ones. */
void          vodup_test_env_connect    (VodupTestEnv  *env,
                                         const char    *secret_key);
/* A new queue of env's clients instead of env->queue, journaled in vault
 * when given. */
VodupUploadQueue *
              vodup_test_env_new_queue  (VodupTestEnv  *env,
                                         VodupCredentialVault *vault);

/* Adds file to env->queue, slowed down, and pauses it once n_parts parts
 * are on COS: its journal record written, as a crash leaves it. The queue
 * owns the upload. */
VodupUpload  *vodup_test_interrupt_upload (VodupTestEnv *env,
                                           GFile        *file,
                                           gint64        n_parts);

/* Sets the simulator's faults from JSON text (tests/sim/README.md). */
void          vodup_test_set_faults     (VodupSim      *sim,
                                         const char    *json);

/* A file of size bytes of deterministic pseudo-random content. */
GFile        *vodup_test_make_file      (VodupTestEnv  *env,
                                         const char    *name,
                                         guint64        size,
                                         guint32        seed);
char         *vodup_test_file_crc64     (GFile         *file);

/* Spins the default main context until the upload is done, failed or
 * cancelled (or fails the test after timeout_seconds). */
void          vodup_test_wait_finished  (VodupUpload   *upload,
                                         guint          timeout_seconds);
void          vodup_test_wait_state     (VodupUpload   *upload,
                                         VodupUploadState state,
                                         guint          timeout_seconds);
/* Spins until the simulator's counter reaches at least value. */
void          vodup_test_wait_counter   (VodupSim      *sim,
                                         const char    *counter,
                                         gint64         value,
                                         guint          timeout_seconds);

/* state.objects[key].crc64 for the object whose key ends with the media
 * path of applies[index]. */
const char   *vodup_test_sim_object_crc (JsonObject    *state,
                                         const char    *storage_path);

/* A GAsyncReadyCallback that keeps a reference to the result in
 * *(GAsyncResult **) user_data; wait_result() spins until it is there. */
void          vodup_test_keep_result    (GObject       *object,
                                         GAsyncResult  *result,
                                         gpointer       user_data);
GAsyncResult *vodup_test_wait_result    (GAsyncResult **result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VodupTestEnv, vodup_test_env_free)

G_END_DECLS
