/* vodup-network-notice.h: "Waiting for the network…" on an upload's row
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-upload.h"

G_BEGIN_DECLS

/* From now on, while the upload is active and requests wait for the
 * network (VodupNetworkGate), the upload's notice says so; afterwards it
 * is cleared. Main context of the upload; calling it again does nothing. */
void _vodup_network_notice_attach (VodupUpload *upload);

G_END_DECLS
