/* vodup-network-gate.h: waiting for the network instead of failing
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VODUP_TYPE_NETWORK_GATE (vodup_network_gate_get_type ())

G_DECLARE_FINAL_TYPE (VodupNetworkGate, vodup_network_gate, VODUP, NETWORK_GATE, GObject)

/* What the system's GNetworkMonitor says, mirrored so that worker threads
 * can ask too. While there is no network, a request that failed for want
 * of it waits here for the network to come back instead of using up its
 * attempts. The default gate belongs to the thread-default main context of
 * its first caller (vodup_session_new() makes it); "waiting" is notified
 * there, TRUE while at least one request waits. */
VodupNetworkGate *vodup_network_gate_get_default   (void);

gboolean          vodup_network_gate_is_available  (VodupNetworkGate     *self);
gboolean          vodup_network_gate_get_waiting   (VodupNetworkGate     *self);
/* Whether error (a VodupError) is a failed connection while the system
 * says there is no network: one to wait out rather than count. */
gboolean          vodup_network_gate_is_offline_failure (VodupNetworkGate *self,
                                                         const GError     *error);

/* Any thread: blocks until the network is available (TRUE) or cancellable
 * is cancelled (FALSE). */
gboolean          vodup_network_gate_wait          (VodupNetworkGate     *self,
                                                    GCancellable         *cancellable);

/* The gate's main context only. */
void              vodup_network_gate_wait_async    (VodupNetworkGate     *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean          vodup_network_gate_wait_finish   (VodupNetworkGate     *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
