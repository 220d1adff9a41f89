/* vodup-test-proxy.c: loopback HTTP proxies for the proxy tests
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-test-proxy.h"

static void
splice_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_io_stream_splice_finish (result, NULL);
}

static void
upstream_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GSocketConnection) incoming = user_data;
  g_autoptr(GSocketConnection) upstream = NULL;

  upstream = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (object), result, NULL);
  if (upstream == NULL)
    {
      g_io_stream_close (G_IO_STREAM (incoming), NULL, NULL);
      return;
    }

  /* Byte for byte: the simulator reads the absolute-form request lines an
   * HTTP proxy receives, so relaying is all a forwarding proxy needs here. */
  g_io_stream_splice_async (G_IO_STREAM (incoming), G_IO_STREAM (upstream),
                            G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                            G_PRIORITY_DEFAULT, NULL, splice_done_cb, NULL);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             VodupTestProxy    *proxy)
{
  g_autoptr(GSocketClient) client = NULL;

  proxy->n_accepted++;
  if (proxy->upstream == NULL)
    {
      g_ptr_array_add (proxy->held, g_object_ref (connection));
      return TRUE;
    }

  client = g_socket_client_new ();
  g_socket_client_connect_to_host_async (client, proxy->upstream, 0, NULL,
                                         upstream_cb, g_object_ref (connection));
  return TRUE;
}

VodupTestProxy *
vodup_test_proxy_new (const char *upstream)
{
  VodupTestProxy *proxy = g_new0 (VodupTestProxy, 1);
  g_autoptr(GError) error = NULL;

  proxy->service = g_socket_service_new ();
  proxy->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (proxy->service),
                                                     NULL, &error);
  g_assert_no_error (error);
  proxy->upstream = upstream;
  proxy->held = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (proxy->service, "incoming", G_CALLBACK (incoming_cb), proxy);
  g_socket_service_start (proxy->service);

  return proxy;
}

void
vodup_test_proxy_free (VodupTestProxy *proxy)
{
  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  g_clear_object (&proxy->service);
  g_ptr_array_unref (proxy->held);
  g_free (proxy);
}

guint16
vodup_test_closed_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);

  return port;
}
