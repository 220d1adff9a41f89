/* vodup-static-credential-provider.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vodup-error.h"
#include "vodup-static-credential-provider.h"

struct _VodupStaticCredentialProvider
{
  GObject           parent_instance;
  VodupCredentials *credentials;
};

static void provider_iface_init (VodupCredentialProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VodupStaticCredentialProvider, vodup_static_credential_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VODUP_TYPE_CREDENTIAL_PROVIDER, provider_iface_init))

static void
vodup_static_credential_provider_lookup_async (VodupCredentialProvider *provider,
                                               GCancellable            *cancellable,
                                               GAsyncReadyCallback      callback,
                                               gpointer                 user_data)
{
  VodupStaticCredentialProvider *self = VODUP_STATIC_CREDENTIAL_PROVIDER (provider);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vodup_static_credential_provider_lookup_async);

  if (self->credentials == NULL)
    g_task_return_new_error (task, VODUP_ERROR, VODUP_ERROR_NO_CREDENTIALS,
                             _("No API key is set. Add your SecretId and SecretKey in Preferences."));
  else
    g_task_return_pointer (task, vodup_credentials_ref (self->credentials),
                           (GDestroyNotify) vodup_credentials_unref);
}

static VodupCredentials *
vodup_static_credential_provider_lookup_finish (VodupCredentialProvider  *provider,
                                                GAsyncResult             *result,
                                                GError                  **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
provider_iface_init (VodupCredentialProviderInterface *iface)
{
  iface->lookup_async = vodup_static_credential_provider_lookup_async;
  iface->lookup_finish = vodup_static_credential_provider_lookup_finish;
}

static void
vodup_static_credential_provider_finalize (GObject *object)
{
  VodupStaticCredentialProvider *self = VODUP_STATIC_CREDENTIAL_PROVIDER (object);

  g_clear_pointer (&self->credentials, vodup_credentials_unref);

  G_OBJECT_CLASS (vodup_static_credential_provider_parent_class)->finalize (object);
}

static void
vodup_static_credential_provider_class_init (VodupStaticCredentialProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vodup_static_credential_provider_finalize;
}

static void
vodup_static_credential_provider_init (VodupStaticCredentialProvider *self)
{
}

VodupCredentialProvider *
vodup_static_credential_provider_new (VodupCredentials *credentials)
{
  VodupStaticCredentialProvider *self;

  self = g_object_new (VODUP_TYPE_STATIC_CREDENTIAL_PROVIDER, NULL);
  self->credentials = credentials ? vodup_credentials_ref (credentials) : NULL;

  return VODUP_CREDENTIAL_PROVIDER (self);
}

/* TENCENTCLOUD_SECRET_ID/_SECRET_KEY/_SESSION_TOKEN, Tencent's CLI convention.
 * Returns NULL when they are not both set. */
VodupCredentialProvider *
vodup_static_credential_provider_new_from_env (void)
{
  const char *id = g_getenv ("TENCENTCLOUD_SECRET_ID");
  const char *key = g_getenv ("TENCENTCLOUD_SECRET_KEY");
  g_autoptr(VodupCredentials) credentials = NULL;

  if (id == NULL || *id == '\0' || key == NULL || *key == '\0')
    return NULL;

  credentials = vodup_credentials_new (id, key, g_getenv ("TENCENTCLOUD_SESSION_TOKEN"));

  return vodup_static_credential_provider_new (credentials);
}
