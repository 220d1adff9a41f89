/* vodup-network-gate.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-error.h"
#include "vodup-network-gate.h"

/* Sync waiters look at the cancellable this often: GCancellable cannot
 * wake a GCond by itself. */
#define POLL_INTERVAL_US (100 * 1000)

struct _VodupNetworkGate
{
  GObject          parent_instance;

  GNetworkMonitor *monitor;
  GMainContext    *context;
  GList           *waiters;     /* Waiter, main context only */
  gboolean         waiting;     /* as last notified, main context only */
  int              n_waiting;   /* atomic */

  GMutex           mutex;
  GCond            cond;
  int              available;   /* atomic; changed with mutex held */
};

G_DEFINE_FINAL_TYPE (VodupNetworkGate, vodup_network_gate, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WAITING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GTask   *task;
  GSource *cancelled;
} Waiter;

static void
vodup_network_gate_finalize (GObject *object)
{
  VodupNetworkGate *self = VODUP_NETWORK_GATE (object);

  g_assert (self->waiters == NULL);

  g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (vodup_network_gate_parent_class)->finalize (object);
}

static void
vodup_network_gate_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VodupNetworkGate *self = VODUP_NETWORK_GATE (object);

  switch (prop_id)
    {
    case PROP_WAITING:
      g_value_set_boolean (value, self->waiting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vodup_network_gate_class_init (VodupNetworkGateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vodup_network_gate_finalize;
  object_class->get_property = vodup_network_gate_get_property;

  properties[PROP_WAITING] =
    g_param_spec_boolean ("waiting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vodup_network_gate_init (VodupNetworkGate *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
}

/* "waiting" follows n_waiting, on the gate's context. */
static gboolean
publish_waiting_cb (gpointer user_data)
{
  VodupNetworkGate *self = user_data;
  gboolean waiting = g_atomic_int_get (&self->n_waiting) > 0;

  if (waiting != self->waiting)
    {
      self->waiting = waiting;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
    }

  return G_SOURCE_REMOVE;
}

static void
add_waiting (VodupNetworkGate *self,
             int               delta)
{
  int before = g_atomic_int_add (&self->n_waiting, delta);

  if ((before == 0) != (before + delta == 0))
    g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, publish_waiting_cb,
                                g_object_ref (self), g_object_unref);
}

static void
waiter_finish (VodupNetworkGate *self,
               Waiter           *waiter)
{
  g_autoptr(GTask) task = waiter->task;

  self->waiters = g_list_remove (self->waiters, waiter);
  if (waiter->cancelled != NULL)
    {
      g_source_destroy (waiter->cancelled);
      g_source_unref (waiter->cancelled);
    }
  g_free (waiter);
  add_waiting (self, -1);

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
}

static gboolean
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter_finish (g_task_get_source_object (waiter->task), waiter);

  return G_SOURCE_REMOVE;
}

static void
network_changed_cb (GNetworkMonitor  *monitor,
                    gboolean          available,
                    VodupNetworkGate *self)
{
  g_mutex_lock (&self->mutex);
  if (available != g_atomic_int_get (&self->available))
    g_debug ("The network is %s", available ? "available" : "unavailable");
  g_atomic_int_set (&self->available, available);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  while (available && self->waiters != NULL)
    waiter_finish (self, self->waiters->data);
}

static VodupNetworkGate *
vodup_network_gate_new (void)
{
  VodupNetworkGate *self = g_object_new (VODUP_TYPE_NETWORK_GATE, NULL);

  self->context = g_main_context_ref_thread_default ();
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->available = g_network_monitor_get_network_available (self->monitor);
  g_signal_connect (self->monitor, "network-changed", G_CALLBACK (network_changed_cb), self);

  return self;
}

VodupNetworkGate *
vodup_network_gate_get_default (void)
{
  static VodupNetworkGate *gate;

  if (g_once_init_enter (&gate))
    g_once_init_leave (&gate, vodup_network_gate_new ());

  return gate;
}

gboolean
vodup_network_gate_is_available (VodupNetworkGate *self)
{
  g_return_val_if_fail (VODUP_IS_NETWORK_GATE (self), TRUE);

  return g_atomic_int_get (&self->available);
}

gboolean
vodup_network_gate_get_waiting (VodupNetworkGate *self)
{
  g_return_val_if_fail (VODUP_IS_NETWORK_GATE (self), FALSE);

  return self->waiting;
}

gboolean
vodup_network_gate_is_offline_failure (VodupNetworkGate *self,
                                       const GError     *error)
{
  g_return_val_if_fail (VODUP_IS_NETWORK_GATE (self), FALSE);

  return error != NULL &&
         (g_error_matches (error, VODUP_ERROR, VODUP_ERROR_NETWORK) ||
          g_error_matches (error, VODUP_ERROR, VODUP_ERROR_PROXY)) &&
         !g_atomic_int_get (&self->available);
}

gboolean
vodup_network_gate_wait (VodupNetworkGate *self,
                         GCancellable     *cancellable)
{
  g_return_val_if_fail (VODUP_IS_NETWORK_GATE (self), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);

  if (g_atomic_int_get (&self->available))
    return TRUE;

  add_waiting (self, 1);
  g_mutex_lock (&self->mutex);
  while (!g_atomic_int_get (&self->available) && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait_until (&self->cond, &self->mutex, g_get_monotonic_time () + POLL_INTERVAL_US);
  g_mutex_unlock (&self->mutex);
  add_waiting (self, -1);

  return !g_cancellable_is_cancelled (cancellable);
}

void
vodup_network_gate_wait_async (VodupNetworkGate    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Waiter *waiter;

  g_return_if_fail (VODUP_IS_NETWORK_GATE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vodup_network_gate_wait_async);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (g_atomic_int_get (&self->available))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  waiter = g_new0 (Waiter, 1);
  waiter->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    {
      waiter->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancelled, G_SOURCE_FUNC (waiter_cancelled_cb), waiter, NULL);
      g_source_attach (waiter->cancelled, self->context);
    }
  self->waiters = g_list_prepend (self->waiters, waiter);
  add_waiting (self, 1);
}

gboolean
vodup_network_gate_wait_finish (VodupNetworkGate  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (VODUP_IS_NETWORK_GATE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
