/* vodup-sim.h: the loopback VOD API + COS simulator
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The one account the simulator knows (sample keys, not secrets). */
#define VODUP_SIM_SECRET_ID   "AKIDvodupSimulatorSecretId00000001"
#define VODUP_SIM_SECRET_KEY  "vodupSimulatorSecretKey000000001"
#define VODUP_SIM_APPID       "1500000001"

#define VODUP_TYPE_SIM (vodup_sim_get_type ())

G_DECLARE_FINAL_TYPE (VodupSim, vodup_sim, VODUP, SIM, GObject)

/* store_bodies FALSE: bodies are hashed (CRC-64, MD5) but not kept — for
 * benchmarks. data_dir NULL: a temporary directory removed on finalize. */
VodupSim   *vodup_sim_new        (gboolean     store_bodies,
                                  const char  *data_dir);

/* Listens on 127.0.0.1 (port 0: any free port) and serves from a thread of
 * its own with its own GMainContext, so a blocked client never blocks it. */
gboolean    vodup_sim_start      (VodupSim    *self,
                                  guint        port,
                                  GError     **error);
void        vodup_sim_stop       (VodupSim    *self);
/* "http://127.0.0.1:PORT": both VODUP_API_ENDPOINT and VODUP_COS_ENDPOINT. */
const char *vodup_sim_get_uri    (VodupSim    *self);

/* Snapshot of what the simulator received, as the JSON documented in
 * tests/sim/README.md (also served at GET /_sim/state). Thread-safe. */
JsonObject *vodup_sim_dup_state  (VodupSim    *self);

/* Faults and settings, merged into the current ones (also accepted as the
 * body of POST /_sim/faults); see tests/sim/README.md. Thread-safe. */
void        vodup_sim_set_faults (VodupSim    *self,
                                  JsonObject  *faults);
/* Clears faults and recorded state. */
void        vodup_sim_reset      (VodupSim    *self);

/* Convenience for tests: state.counters[name] (e.g. "AbortMultipartUpload"). */
gint64      vodup_sim_get_counter (VodupSim   *self,
                                   const char *name);

G_END_DECLS
