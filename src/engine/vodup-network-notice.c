/* vodup-network-notice.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vodup-network-gate.h"
#include "vodup-network-notice.h"
#include "vodup-upload-private.h"

#define ATTACHED_KEY "vodup-network-notice"

static gboolean
is_active (VodupUpload *upload)
{
  switch (vodup_upload_get_state (upload))
    {
    case VODUP_UPLOAD_STATE_APPLYING:
    case VODUP_UPLOAD_STATE_UPLOADING:
    case VODUP_UPLOAD_STATE_VERIFYING:
    case VODUP_UPLOAD_STATE_COMMITTING:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The gate knows that someone waits, not who: while the network is gone
 * every active upload is waiting for it, or soon will be. */
static void
update_notice (VodupUpload *upload)
{
  VodupNetworkGate *gate = vodup_network_gate_get_default ();
  const char *waiting_notice = _("Waiting for the network…");
  gboolean waiting = vodup_network_gate_get_waiting (gate) &&
                     !vodup_network_gate_is_available (gate) &&
                     is_active (upload);

  if (waiting)
    _vodup_upload_set_notice (upload, waiting_notice);
  else if (g_strcmp0 (vodup_upload_get_notice (upload), waiting_notice) == 0)
    _vodup_upload_set_notice (upload, NULL);   /* only ours: others stay */
}

static void
gate_changed_cb (VodupNetworkGate *gate,
                 GParamSpec       *pspec,
                 VodupUpload      *upload)
{
  update_notice (upload);
}

/* Only active uploads listen to the gate: a queue of 10 000 rows must not
 * hang 10 000 handlers on one object. */
static void
state_changed_cb (VodupUpload *upload,
                  GParamSpec  *pspec,
                  gpointer     user_data)
{
  VodupNetworkGate *gate = vodup_network_gate_get_default ();
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (upload), ATTACHED_KEY));

  if (is_active (upload) && handler == 0)
    {
      handler = g_signal_connect_object (gate, "notify::waiting",
                                         G_CALLBACK (gate_changed_cb), upload, 0);
      g_object_set_data (G_OBJECT (upload), ATTACHED_KEY, GSIZE_TO_POINTER (handler));
    }
  else if (!is_active (upload) && handler != 0)
    {
      g_signal_handler_disconnect (gate, handler);
      g_object_set_data (G_OBJECT (upload), ATTACHED_KEY, NULL);
    }

  update_notice (upload);
}

void
_vodup_network_notice_attach (VodupUpload *upload)
{
  g_return_if_fail (VODUP_IS_UPLOAD (upload));

  if (g_signal_handler_find (upload, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                             state_changed_cb, NULL) != 0)
    return;

  g_signal_connect (upload, "notify::state", G_CALLBACK (state_changed_cb), NULL);
  state_changed_cb (upload, NULL, NULL);
}
