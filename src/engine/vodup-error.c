/* vodup-error.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "vodup-error.h"

/* Remote messages are shown to people: keep them to a readable size. */
#define REMOTE_MESSAGE_MAX_CHARS 300

/* libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429

typedef struct
{
  char *remote_code;
  char *request_id;
} VodupErrorPrivate;

static void
vodup_error_private_init (VodupErrorPrivate *priv)
{
  priv->remote_code = NULL;
  priv->request_id = NULL;
}

static void
vodup_error_private_copy (const VodupErrorPrivate *src,
                          VodupErrorPrivate       *dest)
{
  dest->remote_code = g_strdup (src->remote_code);
  dest->request_id = g_strdup (src->request_id);
}

static void
vodup_error_private_clear (VodupErrorPrivate *priv)
{
  g_clear_pointer (&priv->remote_code, g_free);
  g_clear_pointer (&priv->request_id, g_free);
}

G_DEFINE_EXTENDED_ERROR (VodupError, vodup_error)

GError *
vodup_error_new_remote (VodupError  code,
                        const char *remote_code,
                        const char *request_id,
                        const char *message)
{
  VodupErrorPrivate *priv;
  GError *error;

  g_return_val_if_fail (message != NULL, NULL);

  error = g_error_new_literal (VODUP_ERROR, code, message);
  priv = vodup_error_get_private (error);
  priv->remote_code = (remote_code && *remote_code) ? g_strdup (remote_code) : NULL;
  priv->request_id = (request_id && *request_id) ? g_strdup (request_id) : NULL;

  return error;
}

const char *
vodup_error_get_remote_code (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != VODUP_ERROR)
    return NULL;

  return vodup_error_get_private (error)->remote_code;
}

const char *
vodup_error_get_request_id (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != VODUP_ERROR)
    return NULL;

  return vodup_error_get_private (error)->request_id;
}

/* Valid UTF-8, single line, bounded: what the server says goes into a
 * sentence of ours. NULL when there is nothing worth quoting. */
static char *
tidy_remote_message (const char *message)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) tidy = NULL;
  guint n_chars = 0;

  if (message == NULL || *message == '\0')
    return NULL;

  valid = g_utf8_make_valid (message, -1);
  tidy = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (++n_chars > REMOTE_MESSAGE_MAX_CHARS)
        {
          g_string_append (tidy, "…");
          break;
        }
      g_string_append_unichar (tidy, g_unichar_iscntrl (c) ? ' ' : c);
    }
  g_strstrip (tidy->str);

  return tidy->str[0] != '\0' ? g_string_free (g_steal_pointer (&tidy), FALSE) : NULL;
}

/* "<sentence> Tencent Cloud says: “<message>”", or just the sentence. */
static char *
with_remote_message (const char *sentence,
                     const char *remote_message)
{
  g_autofree char *tidy = tidy_remote_message (remote_message);

  if (tidy == NULL)
    return g_strdup (sentence);

  /* Translators: the first %s is a sentence of Vodup's, the second what the server said. */
  return g_strdup_printf (_("%s Tencent Cloud says: “%s”"), sentence, tidy);
}

static VodupError
classify_tencent (const char *code)
{
  static const char * const auth_codes[] = {
    "AuthFailure.SecretIdNotFound", "AuthFailure.SignatureFailure",
    "AuthFailure.InvalidSecretId", "AuthFailure.InvalidAuthorization", NULL
  };

  if (code == NULL || *code == '\0')
    return VODUP_ERROR_FAILED;
  if (g_strv_contains (auth_codes, code))
    return VODUP_ERROR_AUTH;
  if (g_str_equal (code, "AuthFailure.SignatureExpire"))
    return VODUP_ERROR_CLOCK_SKEW;
  if (g_str_equal (code, "AuthFailure.TokenFailure"))
    return VODUP_ERROR_CREDENTIALS_EXPIRED;
  if (g_str_equal (code, "UnauthorizedOperation") ||
      g_str_has_prefix (code, "UnauthorizedOperation.") ||
      g_str_equal (code, "AuthFailure.UnauthorizedOperation"))
    return VODUP_ERROR_NOT_PERMITTED;
  /* VOD names the offending parameter in the last component. */
  if (g_str_has_suffix (code, ".Procedure"))
    return VODUP_ERROR_UNKNOWN_PROCEDURE;
  if (g_str_has_suffix (code, ".StorageRegion"))
    return VODUP_ERROR_REGION_NOT_ENABLED;
  if (g_str_has_suffix (code, ".ClassId"))
    return VODUP_ERROR_UNKNOWN_CLASS;
  if (g_str_has_suffix (code, ".SubAppId"))
    return VODUP_ERROR_SUB_APP_ID;
  if (g_str_has_prefix (code, "RequestLimitExceeded"))
    return VODUP_ERROR_THROTTLED;
  if (g_str_has_prefix (code, "InternalError") || g_str_has_prefix (code, "ServiceUnavailable"))
    return VODUP_ERROR_SERVER;
  if (g_str_has_prefix (code, "InvalidParameter") ||
      g_str_has_prefix (code, "MissingParameter") ||
      g_str_has_prefix (code, "UnknownParameter"))
    return VODUP_ERROR_INVALID_PARAMETER;

  return VODUP_ERROR_FAILED;
}

/* The first three never quote the server: authentication answers are
 * about keys and signatures, and the sentence already says what to do. */
static char *
tencent_sentence (VodupError  code,
                  const char *remote_code,
                  const char *remote_message)
{
  switch (code)
    {
    case VODUP_ERROR_AUTH:
      return g_strdup (_("The API key was rejected: check the SecretId and SecretKey."));
    case VODUP_ERROR_CLOCK_SKEW:
      return g_strdup (_("The request was refused because this computer’s clock is off by more than "
                         "five minutes. Set the date and time automatically and try again."));
    case VODUP_ERROR_CREDENTIALS_EXPIRED:
      return g_strdup (_("The temporary security token was rejected or has expired."));
    case VODUP_ERROR_NOT_PERMITTED:
      return with_remote_message (_("This API key is not allowed to do this. Ask the account "
                                    "owner to grant it VOD permissions."), remote_message);
    case VODUP_ERROR_UNKNOWN_PROCEDURE:
      return with_remote_message (_("The task flow does not exist in this application. "
                                    "Choose another one."), remote_message);
    case VODUP_ERROR_REGION_NOT_ENABLED:
      return with_remote_message (_("The storage region is not enabled for this account. Choose "
                                    "an enabled region, or let VOD choose one."), remote_message);
    case VODUP_ERROR_UNKNOWN_CLASS:
      return with_remote_message (_("The category does not exist in this application. "
                                    "Choose another one."), remote_message);
    case VODUP_ERROR_SUB_APP_ID:
      return with_remote_message (_("The VOD application (SubAppId) is missing or not valid. "
                                    "Accounts opened after 25 December 2023 must choose an "
                                    "application."), remote_message);
    case VODUP_ERROR_THROTTLED:
      return g_strdup (_("Tencent Cloud is receiving too many requests from this account. "
                         "Try again in a moment."));
    case VODUP_ERROR_SERVER:
      return with_remote_message (_("Tencent Cloud has a temporary problem. Try again later."),
                                  remote_message);
    case VODUP_ERROR_INVALID_PARAMETER:
      return with_remote_message (_("Tencent Cloud refused one of the upload settings."),
                                  remote_message);
    default:
      {
        g_autofree char *sentence = NULL;

        sentence = g_strdup_printf (_("Tencent Cloud reported an error (%s)."),
                                    remote_code ? remote_code : _("no code"));
        return with_remote_message (sentence, remote_message);
      }
    }
}

GError *
vodup_error_from_tencent (const char *remote_code,
                          const char *remote_message,
                          const char *request_id)
{
  VodupError code = classify_tencent (remote_code);
  g_autofree char *message = tencent_sentence (code, remote_code, remote_message);

  return vodup_error_new_remote (code, remote_code, request_id, message);
}

static VodupError
classify_cos (guint       http_status,
              const char *code)
{
  static const char * const auth_codes[] = {
    "SignatureDoesNotMatch", "AccessDenied", "InvalidAccessKeyId", "InvaildAccessKeyId",
    "InvalidSecurity", NULL
  };
  static const char * const protocol_codes[] = {
    "NoSuchUpload", "InvalidPart", "InvalidPartOrder", "EntityTooSmall", "MalformedXML",
    "InvalidArgument", "MissingContentLength", "InvalidRequest", NULL
  };

  if (code == NULL)
    code = "";

  if (g_str_equal (code, "RequestTimeTooSkewed"))
    return VODUP_ERROR_CLOCK_SKEW;
  if (g_str_equal (code, "ExpiredToken"))
    return VODUP_ERROR_CREDENTIALS_EXPIRED;
  if (g_strv_contains (auth_codes, code))
    return VODUP_ERROR_AUTH;
  if (g_str_equal (code, "SlowDown") || http_status == HTTP_TOO_MANY_REQUESTS)
    return VODUP_ERROR_THROTTLED;
  if (g_str_equal (code, "RequestTimeOut") || http_status >= 500)
    return VODUP_ERROR_SERVER;
  if (g_str_equal (code, "InvalidDigest") || g_str_equal (code, "BadDigest"))
    return VODUP_ERROR_CHECKSUM_MISMATCH;
  if (g_str_equal (code, "EntityTooLarge"))
    return VODUP_ERROR_FILE_TOO_LARGE;
  if (g_strv_contains (protocol_codes, code))
    return VODUP_ERROR_PROTOCOL;
  if (http_status == SOUP_STATUS_UNAUTHORIZED)
    return VODUP_ERROR_AUTH;
  if (http_status == SOUP_STATUS_FORBIDDEN)
    return VODUP_ERROR_NOT_PERMITTED;

  return VODUP_ERROR_FAILED;
}

static char *
cos_protocol_message (const char *cos_code)
{
  if (g_strcmp0 (cos_code, "NoSuchUpload") == 0)
    return g_strdup (_("Cloud storage no longer knows this upload. Start the upload again."));
  if (g_strcmp0 (cos_code, "EntityTooSmall") == 0)
    return g_strdup (_("Cloud storage refused a part of the file as too small."));

  return g_strdup_printf (_("Cloud storage refused the request as malformed (%s)."), cos_code);
}

static char *
cos_sentence (VodupError  code,
              guint       http_status,
              const char *cos_code,
              const char *cos_message)
{
  switch (code)
    {
    case VODUP_ERROR_AUTH:
      return with_remote_message (_("Cloud storage refused the upload credentials."), cos_message);
    case VODUP_ERROR_CLOCK_SKEW:
      return g_strdup (_("Cloud storage refused the request because this computer’s clock is wrong. "
                         "Set the date and time automatically and try again."));
    case VODUP_ERROR_CREDENTIALS_EXPIRED:
      return g_strdup (_("The temporary upload credentials have expired."));
    case VODUP_ERROR_THROTTLED:
      return g_strdup (_("Cloud storage is busy. Try again in a moment."));
    case VODUP_ERROR_SERVER:
      return g_strdup (_("Cloud storage has a temporary problem. Try again later."));
    case VODUP_ERROR_CHECKSUM_MISMATCH:
      return g_strdup (_("Cloud storage received different data than was sent."));
    case VODUP_ERROR_FILE_TOO_LARGE:
      return g_strdup (_("The file is too large for cloud storage."));
    case VODUP_ERROR_PROTOCOL:
      return cos_protocol_message (cos_code);
    case VODUP_ERROR_NOT_PERMITTED:
      return with_remote_message (_("Cloud storage does not allow this request."), cos_message);
    default:
      {
        g_autofree char *sentence = NULL;

        if (cos_code != NULL && *cos_code != '\0')
          sentence = g_strdup_printf (_("Cloud storage reported an error (%s, HTTP %u)."),
                                      cos_code, http_status);
        else
          sentence = g_strdup_printf (_("Cloud storage answered with HTTP status %u."),
                                      http_status);
        return with_remote_message (sentence, cos_message);
      }
    }
}

GError *
vodup_error_from_cos (guint       http_status,
                      const char *cos_code,
                      const char *cos_message,
                      const char *request_id)
{
  VodupError code = classify_cos (http_status, cos_code);
  g_autofree char *message = cos_sentence (code, http_status, cos_code, cos_message);

  return vodup_error_new_remote (code, cos_code, request_id, message);
}

/* "<sentence> (<what the system said>)" as a VODUP_ERROR_NETWORK. */
static GError *
network_error (const char   *sentence,
               const GError *cause)
{
  g_autofree char *detail = tidy_remote_message (cause->message);

  if (detail == NULL)
    return g_error_new_literal (VODUP_ERROR, VODUP_ERROR_NETWORK, sentence);

  /* Translators: a sentence, then the system's own description in brackets. */
  return g_error_new (VODUP_ERROR, VODUP_ERROR_NETWORK, _("%s (%s)"), sentence, detail);
}

/* Through a proxy every connection goes to it first: refusals, timeouts
 * and name lookups are the proxy's. NULL for other errors. */
static GError *
proxy_error (const GError *cause,
             const char   *address)
{
  g_autofree char *message = NULL;

  /* Translators: in these messages %s is a proxy server's address such as 127.0.0.1:3128. */
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    message = g_strdup_printf (_("The proxy server %s refused the connection. "
                                 "Check the proxy settings."), address);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    message = g_strdup_printf (_("The proxy server %s did not answer. "
                                 "Check the proxy settings."), address);
  else if (cause->domain == G_RESOLVER_ERROR)
    message = g_strdup_printf (_("The name of the proxy server %s could not be looked up."),
                               address);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PROXY_NEED_AUTH) ||
           g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PROXY_AUTH_FAILED))
    message = g_strdup_printf (_("The proxy server %s asks for a password. Set up the proxy "
                                 "in the system’s network settings instead."), address);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PROXY_FAILED) ||
           g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PROXY_NOT_ALLOWED))
    message = g_strdup_printf (_("The proxy server %s did not let the connection through."),
                               address);
  else
    return NULL;

  return g_error_new_literal (VODUP_ERROR, VODUP_ERROR_PROXY, message);
}

GError *
vodup_error_from_transport (const GError *transport_error)
{
  g_return_val_if_fail (transport_error != NULL, NULL);

  /* Cancellation is not a failure, and our own errors are already sorted. */
  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      transport_error->domain == VODUP_ERROR)
    return g_error_copy (transport_error);

  if (g_error_matches (transport_error, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE))
    return g_error_new_literal (VODUP_ERROR, VODUP_ERROR_NETWORK,
                                _("Secure connections are not available. "
                                  "Install glib-networking and try again."));
  if (transport_error->domain == G_RESOLVER_ERROR)
    return network_error (_("The server’s name could not be looked up. "
                            "Check the Internet connection."), transport_error);
  if (transport_error->domain == G_TLS_ERROR)
    return network_error (_("A secure connection to the server could not be made."),
                          transport_error);

  return network_error (_("The connection to the server failed. Check the Internet connection."),
                        transport_error);
}

GError *
vodup_error_from_proxy_transport (const GError *transport_error,
                                  const char   *proxy_address)
{
  GError *error;

  g_return_val_if_fail (transport_error != NULL, NULL);
  g_return_val_if_fail (proxy_address != NULL, NULL);

  if (!g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      transport_error->domain != VODUP_ERROR &&
      (error = proxy_error (transport_error, proxy_address)) != NULL)
    return error;

  return vodup_error_from_transport (transport_error);
}

gboolean
vodup_error_is_transient (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  return error->domain == VODUP_ERROR &&
         (error->code == VODUP_ERROR_NETWORK ||
          error->code == VODUP_ERROR_PROXY ||
          error->code == VODUP_ERROR_SERVER ||
          error->code == VODUP_ERROR_THROTTLED);
}

/* "Your computer’s clock is 7 minutes fast": offset is the server's time
 * minus this computer's, in seconds, learnt from a Date header. */
GError *
vodup_error_new_clock_skew (gint64      offset,
                            const char *remote_code,
                            const char *request_id)
{
  gint64 minutes = (ABS (offset) + 30) / 60;
  g_autofree char *message = NULL;

  if (offset < 0)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Your computer’s clock is %d minute fast. Set the date "
                                            "and time automatically in Settings, then try again.",
                                            "Your computer’s clock is %d minutes fast. Set the date "
                                            "and time automatically in Settings, then try again.",
                                            minutes),
                               (int) minutes);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Your computer’s clock is %d minute slow. Set the date "
                                            "and time automatically in Settings, then try again.",
                                            "Your computer’s clock is %d minutes slow. Set the date "
                                            "and time automatically in Settings, then try again.",
                                            minutes),
                               (int) minutes);

  return vodup_error_new_remote (VODUP_ERROR_CLOCK_SKEW, remote_code, request_id, message);
}

/* Failures that happened before the request could reach the server, so
 * that even a non-repeatable request (CommitUpload) may be sent again. */
gboolean
vodup_error_is_unsent (const GError *transport_error)
{
  g_return_val_if_fail (transport_error != NULL, FALSE);

  return transport_error->domain == G_RESOLVER_ERROR ||
         g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);
}
