/* vodup-cli-common.c: options, credentials and clients the subcommands share
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "vodup-cli.h"
#include "vodup-secret-store.h"

int
vodup_cli_usage_error (GOptionContext *context,
                       const char     *message)
{
  g_printerr ("%s: %s\n", g_get_prgname (), message);
  g_printerr (_("Try “%s --help” for more information.\n"), g_get_prgname ());

  return VODUP_CLI_EXIT_USAGE;
}

gboolean
vodup_cli_parse (GOptionContext   *context,
                 int              *argc,
                 char           ***argv)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (context != NULL, FALSE);

  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;

  vodup_cli_usage_error (context, error->message);
  return FALSE;
}

void
vodup_cli_add_endpoint_options (GOptionContext    *context,
                                VodupCliEndpoints *endpoints)
{
  /* Copied by GLib; only the strings must outlive the context. */
  const GOptionEntry entries[] = {
    { "api-endpoint", 0, 0, G_OPTION_ARG_STRING, &endpoints->api,
      N_("Base URL of the VOD API (default: $VODUP_API_ENDPOINT or the public endpoint)"), N_("URL") },
    { "cos-endpoint", 0, 0, G_OPTION_ARG_STRING, &endpoints->cos,
      N_("Send COS requests to this base URL (default: $VODUP_COS_ENDPOINT or the bucket’s host)"), N_("URL") },
    { "proxy", 0, 0, G_OPTION_ARG_STRING, &endpoints->proxy,
      N_("Connect through this proxy, such as http://proxy.example.com:3128 (default: the system’s proxy settings)"), N_("URI") },
    { NULL }
  };

  g_return_if_fail (context != NULL);
  g_return_if_fail (endpoints != NULL);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

void
vodup_cli_endpoints_clear (VodupCliEndpoints *endpoints)
{
  g_clear_pointer (&endpoints->api, g_free);
  g_clear_pointer (&endpoints->cos, g_free);
  g_clear_pointer (&endpoints->proxy, g_free);
}

VodupCredentialProvider *
vodup_cli_get_credentials (GError **error)
{
  g_autoptr(VodupCredentialProvider) source = NULL;
  g_autoptr(VodupCredentials) credentials = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) local_error = NULL;

  source = vodup_static_credential_provider_new_from_env ();
  if (source == NULL)
    source = VODUP_CREDENTIAL_PROVIDER (vodup_secret_store_new ());

  vodup_credential_provider_lookup_async (source, NULL, vodup_cli_keep_result, &result);
  credentials = vodup_credential_provider_lookup_finish (source, vodup_cli_wait_for (&result),
                                                         &local_error);
  if (g_error_matches (local_error, VODUP_ERROR, VODUP_ERROR_NO_CREDENTIALS))
    {
      /* The engine's message points at the app's Preferences. */
      g_set_error_literal (error, VODUP_ERROR, VODUP_ERROR_NO_CREDENTIALS,
                           _("No API key is set. Set TENCENTCLOUD_SECRET_ID and "
                             "TENCENTCLOUD_SECRET_KEY, or store a key with “vodup-cli login”."));
      return NULL;
    }
  if (credentials == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return vodup_static_credential_provider_new (credentials);
}

gboolean
vodup_cli_make_clients (const VodupCliEndpoints  *endpoints,
                        VodupCredentialProvider  *provider,
                        VodupVodClient          **vod,
                        VodupCosClient          **cos,
                        GError                  **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(VodupVodClient) new_vod = NULL;
  g_autoptr(VodupCosClient) new_cos = NULL;

  g_return_val_if_fail (endpoints != NULL, FALSE);
  g_return_val_if_fail (VODUP_IS_CREDENTIAL_PROVIDER (provider), FALSE);

  if (!(session = vodup_session_new_with_proxy (endpoints->proxy, error)))
    return FALSE;

  new_vod = vodup_vod_client_new (provider, session, endpoints->api, error);
  if (new_vod == NULL)
    return FALSE;

  new_cos = vodup_cos_client_new (session, endpoints->cos, error);
  if (new_cos == NULL)
    return FALSE;

  *vod = g_steal_pointer (&new_vod);
  *cos = g_steal_pointer (&new_cos);

  return TRUE;
}

static const char *
vodup_error_name (VodupError code)
{
  switch (code)
    {
    case VODUP_ERROR_FAILED:               return "Vodup.Failed";
    case VODUP_ERROR_FILE_NOT_FOUND:       return "Vodup.FileNotFound";
    case VODUP_ERROR_FILE_UNREADABLE:      return "Vodup.FileUnreadable";
    case VODUP_ERROR_FILE_IS_DIRECTORY:    return "Vodup.FileIsDirectory";
    case VODUP_ERROR_FILE_EMPTY:           return "Vodup.FileEmpty";
    case VODUP_ERROR_FILE_TOO_LARGE:       return "Vodup.FileTooLarge";
    case VODUP_ERROR_FILE_CHANGED:         return "Vodup.FileChanged";
    case VODUP_ERROR_NO_CREDENTIALS:       return "Vodup.NoCredentials";
    case VODUP_ERROR_KEYRING_LOCKED:       return "Vodup.KeyringLocked";
    case VODUP_ERROR_KEYRING_UNAVAILABLE:  return "Vodup.KeyringUnavailable";
    case VODUP_ERROR_AUTH:                 return "Vodup.Auth";
    case VODUP_ERROR_CLOCK_SKEW:           return "Vodup.ClockSkew";
    case VODUP_ERROR_CREDENTIALS_EXPIRED:  return "Vodup.CredentialsExpired";
    case VODUP_ERROR_UNKNOWN_PROCEDURE:    return "Vodup.UnknownProcedure";
    case VODUP_ERROR_REGION_NOT_ENABLED:   return "Vodup.RegionNotEnabled";
    case VODUP_ERROR_UNKNOWN_CLASS:        return "Vodup.UnknownClass";
    case VODUP_ERROR_SUB_APP_ID:           return "Vodup.SubAppId";
    case VODUP_ERROR_INVALID_PARAMETER:    return "Vodup.InvalidParameter";
    case VODUP_ERROR_THROTTLED:            return "Vodup.Throttled";
    case VODUP_ERROR_SERVER:               return "Vodup.Server";
    case VODUP_ERROR_NETWORK:              return "Vodup.Network";
    case VODUP_ERROR_CHECKSUM_MISMATCH:    return "Vodup.ChecksumMismatch";
    case VODUP_ERROR_PROTOCOL:             return "Vodup.Protocol";
    case VODUP_ERROR_INSECURE_ENDPOINT:    return "Vodup.InsecureEndpoint";
    case VODUP_ERROR_NOT_PERMITTED:        return "Vodup.NotPermitted";
    case VODUP_ERROR_PROXY:                return "Vodup.Proxy";
    default:                               return "Vodup.Failed";
    }
}

const char *
vodup_cli_error_code (const GError *error)
{
  const char *remote;

  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "Vodup.Cancelled";

  if (error->domain != VODUP_ERROR)
    return "Vodup.Failed";

  remote = vodup_error_get_remote_code (error);
  if (remote != NULL)
    return remote;

  return vodup_error_name (error->code);
}

void
vodup_cli_print_json (JsonNode *node)
{
  g_autofree char *text = NULL;

  g_return_if_fail (node != NULL);

  text = json_to_string (node, FALSE);
  /* One object per line, flushed: readers follow it as it happens. */
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

void
vodup_cli_keep_result (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

GAsyncResult *
vodup_cli_wait_for (GAsyncResult **slot)
{
  g_return_val_if_fail (slot != NULL, NULL);

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

guint
vodup_cli_display_width (const char *text)
{
  guint width = 0;

  g_return_val_if_fail (text != NULL, 0);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_iszerowidth (c))
        width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}
