/* vodup-test-proxy.h: loopback HTTP proxies for the proxy tests
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GSocketService *service;
  guint16         port;
  const char     *upstream;   /* host:port to relay to, or NULL: a black hole */
  GPtrArray      *held;       /* black hole: connections never answered */
  guint           n_accepted;
} VodupTestProxy;

/* Listens on a free loopback port: relays each connection byte for byte to
 * upstream (which must outlive the proxy), or holds it unanswered when
 * upstream is NULL. Needs the default main context to be iterated. */
VodupTestProxy *vodup_test_proxy_new   (const char     *upstream);
void            vodup_test_proxy_free  (VodupTestProxy *proxy);

/* A port nobody listens on: bound, then closed again. */
guint16         vodup_test_closed_port (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VodupTestProxy, vodup_test_proxy_free)

G_END_DECLS
