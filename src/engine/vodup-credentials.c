/* vodup-credentials.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vodup-credentials.h"

struct _VodupCredentials
{
  gatomicrefcount  ref_count;
  char            *secret_id;
  char            *secret_key;
  char            *token;
};

G_DEFINE_BOXED_TYPE (VodupCredentials, vodup_credentials,
                     vodup_credentials_ref, vodup_credentials_unref)

VodupCredentials *
vodup_credentials_new (const char *secret_id,
                       const char *secret_key,
                       const char *token)
{
  VodupCredentials *self;

  g_return_val_if_fail (secret_id != NULL, NULL);
  g_return_val_if_fail (secret_key != NULL, NULL);

  self = g_new0 (VodupCredentials, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->secret_id = g_strdup (secret_id);
  self->secret_key = g_strdup (secret_key);
  self->token = (token && *token) ? g_strdup (token) : NULL;

  return self;
}

VodupCredentials *
vodup_credentials_ref (VodupCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

/* Overwrite before freeing so the key does not linger in freed memory. */
static void
wipe_string (char *str)
{
  if (str != NULL)
    {
      explicit_bzero (str, strlen (str));
      g_free (str);
    }
}

void
vodup_credentials_unref (VodupCredentials *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  wipe_string (self->secret_id);
  wipe_string (self->secret_key);
  wipe_string (self->token);
  g_free (self);
}

const char *
vodup_credentials_get_secret_id (VodupCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->secret_id;
}

const char *
vodup_credentials_get_secret_key (VodupCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->secret_key;
}

const char *
vodup_credentials_get_token (VodupCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->token;
}
