/* test-error.c: mapping of Tencent, COS and transport errors
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "vodup-engine.h"

typedef struct
{
  const char *remote_code;
  VodupError  expected;
} TencentCase;

static const TencentCase tencent_cases[] = {
  { "AuthFailure.SecretIdNotFound", VODUP_ERROR_AUTH },
  { "AuthFailure.SignatureFailure", VODUP_ERROR_AUTH },
  { "AuthFailure.InvalidSecretId", VODUP_ERROR_AUTH },
  { "AuthFailure.InvalidAuthorization", VODUP_ERROR_AUTH },
  { "AuthFailure.SignatureExpire", VODUP_ERROR_CLOCK_SKEW },
  { "AuthFailure.TokenFailure", VODUP_ERROR_CREDENTIALS_EXPIRED },
  { "UnauthorizedOperation", VODUP_ERROR_NOT_PERMITTED },
  { "AuthFailure.UnauthorizedOperation", VODUP_ERROR_NOT_PERMITTED },
  { "InvalidParameterValue.Procedure", VODUP_ERROR_UNKNOWN_PROCEDURE },
  { "ResourceNotFound.Procedure", VODUP_ERROR_UNKNOWN_PROCEDURE },
  { "InvalidParameterValue.StorageRegion", VODUP_ERROR_REGION_NOT_ENABLED },
  { "InvalidParameterValue.ClassId", VODUP_ERROR_UNKNOWN_CLASS },
  { "InvalidParameterValue.SubAppId", VODUP_ERROR_SUB_APP_ID },
  { "MissingParameter.SubAppId", VODUP_ERROR_SUB_APP_ID },
  { "RequestLimitExceeded", VODUP_ERROR_THROTTLED },
  { "RequestLimitExceeded.UinLimitExceeded", VODUP_ERROR_THROTTLED },
  { "InternalError", VODUP_ERROR_SERVER },
  { "InternalError.GetMediaListError", VODUP_ERROR_SERVER },
  { "ServiceUnavailable", VODUP_ERROR_SERVER },
  { "InvalidParameter", VODUP_ERROR_INVALID_PARAMETER },
  { "InvalidParameterValue.MediaType", VODUP_ERROR_INVALID_PARAMETER },
  { "InvalidParameterValue.VodSessionKey", VODUP_ERROR_INVALID_PARAMETER },
  { "MissingParameter", VODUP_ERROR_INVALID_PARAMETER },
  { "UnknownParameter", VODUP_ERROR_INVALID_PARAMETER },
  { "FailedOperation", VODUP_ERROR_FAILED },
  { "ResourceNotFound", VODUP_ERROR_FAILED },
  { "InvalidAction", VODUP_ERROR_FAILED },
  { "NoSuchVersion", VODUP_ERROR_FAILED },
};

static void
test_tencent_codes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (tencent_cases); i++)
    {
      const TencentCase *c = &tencent_cases[i];
      g_autoptr(GError) error = vodup_error_from_tencent (c->remote_code, "Server text.", "req-42");

      g_test_message ("%s", c->remote_code);
      g_assert_error (error, VODUP_ERROR, (int) c->expected);
      g_assert_cmpstr (vodup_error_get_remote_code (error), ==, c->remote_code);
      g_assert_cmpstr (vodup_error_get_request_id (error), ==, "req-42");
      g_assert_cmpuint (strlen (error->message), >, 10);
    }
}

static void
test_tencent_messages (void)
{
  g_autoptr(GError) auth = NULL;
  g_autoptr(GError) sub_app = NULL;
  g_autoptr(GError) invalid = NULL;
  g_autoptr(GError) unknown = NULL;
  g_autoptr(GError) no_code = NULL;

  /* What the server says about signatures is not repeated. */
  auth = vodup_error_from_tencent ("AuthFailure.SignatureFailure",
                                   "Expected signature for key S3CR3T differs", NULL);
  g_assert_null (strstr (auth->message, "S3CR3T"));
  g_assert_nonnull (strstr (auth->message, "SecretKey"));
  g_assert_null (vodup_error_get_request_id (auth));

  sub_app = vodup_error_from_tencent ("MissingParameter.SubAppId", NULL, "r");
  g_assert_nonnull (strstr (sub_app->message, "2023"));

  invalid = vodup_error_from_tencent ("InvalidParameterValue.MediaType", "bad media type xyz", "r");
  g_assert_nonnull (strstr (invalid->message, "bad media type xyz"));

  unknown = vodup_error_from_tencent ("FailedOperation.Weird", NULL, "r");
  g_assert_nonnull (strstr (unknown->message, "FailedOperation.Weird"));

  no_code = vodup_error_from_tencent (NULL, NULL, NULL);
  g_assert_error (no_code, VODUP_ERROR, VODUP_ERROR_FAILED);
  g_assert_null (vodup_error_get_remote_code (no_code));
}

static void
test_remote_message_tidied (void)
{
  g_autofree char *long_message = g_strnfill (5000, 'x');
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) control = NULL;

  error = vodup_error_from_tencent ("InvalidParameter", long_message, "r");
  g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, 600);

  control = vodup_error_from_tencent ("InvalidParameter", "line one\nline\ttwo\x1b[31m", "r");
  g_assert_null (strchr (control->message, '\n'));
  g_assert_null (strchr (control->message, '\x1b'));
  g_assert_true (g_utf8_validate (control->message, -1, NULL));
}

static void
test_extended_data_survives_copy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) plain = g_error_new_literal (VODUP_ERROR, VODUP_ERROR_FAILED, "Plain.");
  g_autoptr(GError) foreign = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Foreign.");

  error = vodup_error_new_remote (VODUP_ERROR_SERVER, "InternalError", "id-1", "Oops.");
  copy = g_error_copy (error);
  g_clear_error (&error);
  g_assert_error (copy, VODUP_ERROR, VODUP_ERROR_SERVER);
  g_assert_cmpstr (copy->message, ==, "Oops.");
  g_assert_cmpstr (vodup_error_get_remote_code (copy), ==, "InternalError");
  g_assert_cmpstr (vodup_error_get_request_id (copy), ==, "id-1");

  g_assert_null (vodup_error_get_remote_code (plain));
  g_assert_null (vodup_error_get_request_id (plain));
  g_assert_null (vodup_error_get_remote_code (foreign));
  g_assert_null (vodup_error_get_request_id (foreign));
}

typedef struct
{
  guint       status;
  const char *code;
  VodupError  expected;
} CosCase;

static const CosCase cos_cases[] = {
  { 403, "SignatureDoesNotMatch", VODUP_ERROR_AUTH },
  { 403, "AccessDenied", VODUP_ERROR_AUTH },
  { 403, "InvalidAccessKeyId", VODUP_ERROR_AUTH },
  { 403, "RequestTimeTooSkewed", VODUP_ERROR_CLOCK_SKEW },
  { 403, "ExpiredToken", VODUP_ERROR_CREDENTIALS_EXPIRED },
  { 500, "InternalError", VODUP_ERROR_SERVER },
  { 503, "ServiceUnavailable", VODUP_ERROR_SERVER },
  { 503, "SlowDown", VODUP_ERROR_THROTTLED },
  { 400, "RequestTimeOut", VODUP_ERROR_SERVER },
  { 502, NULL, VODUP_ERROR_SERVER },
  { 404, "NoSuchUpload", VODUP_ERROR_PROTOCOL },
  { 400, "InvalidPart", VODUP_ERROR_PROTOCOL },
  { 400, "InvalidPartOrder", VODUP_ERROR_PROTOCOL },
  { 400, "EntityTooSmall", VODUP_ERROR_PROTOCOL },
  { 400, "MalformedXML", VODUP_ERROR_PROTOCOL },
  { 400, "BadDigest", VODUP_ERROR_CHECKSUM_MISMATCH },
  { 404, "NoSuchBucket", VODUP_ERROR_FAILED },
  { 403, NULL, VODUP_ERROR_NOT_PERMITTED },
  { 418, NULL, VODUP_ERROR_FAILED },
};

static void
test_cos_codes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cos_cases); i++)
    {
      const CosCase *c = &cos_cases[i];
      g_autoptr(GError) error = vodup_error_from_cos (c->status, c->code, "Details.", "cos-req");

      g_test_message ("%u %s", c->status, c->code);
      g_assert_error (error, VODUP_ERROR, (int) c->expected);
      g_assert_cmpstr (vodup_error_get_remote_code (error), ==, c->code);
      g_assert_cmpstr (vodup_error_get_request_id (error), ==, "cos-req");
      g_assert_cmpuint (strlen (error->message), >, 10);
    }
}

static GError *
from_transport (GQuark      domain,
                int         code,
                const char *message)
{
  g_autoptr(GError) original = g_error_new_literal (domain, code, message);
  GError *mapped = vodup_error_from_transport (original);

  g_assert_true (mapped != original);

  return mapped;
}

static void
test_transport (void)
{
  g_autoptr(GError) cancelled = NULL;
  g_autoptr(GError) refused = NULL;
  g_autoptr(GError) resolver = NULL;
  g_autoptr(GError) tls = NULL;
  g_autoptr(GError) no_tls = NULL;
  g_autoptr(GError) soup = NULL;
  g_autoptr(GError) ours = NULL;
  g_autoptr(GError) ours_original = vodup_error_new_remote (VODUP_ERROR_AUTH, "X", "Y", "Ours.");

  cancelled = from_transport (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
  g_assert_error (cancelled, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (vodup_error_is_transient (cancelled));

  refused = from_transport (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                            "Could not connect to 127.0.0.1: Connection refused");
  g_assert_error (refused, VODUP_ERROR, VODUP_ERROR_NETWORK);
  g_assert_nonnull (strstr (refused->message, "Connection refused"));
  g_assert_true (vodup_error_is_transient (refused));

  resolver = from_transport (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "No host");
  g_assert_error (resolver, VODUP_ERROR, VODUP_ERROR_NETWORK);
  tls = from_transport (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, "Bad cert");
  g_assert_error (tls, VODUP_ERROR, VODUP_ERROR_NETWORK);
  no_tls = from_transport (G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE, "No TLS");
  g_assert_error (no_tls, VODUP_ERROR, VODUP_ERROR_NETWORK);
  g_assert_nonnull (strstr (no_tls->message, "glib-networking"));
  soup = from_transport (SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING, "Parse");
  g_assert_error (soup, VODUP_ERROR, VODUP_ERROR_NETWORK);

  /* Already classified: kept, with its remote data. */
  ours = vodup_error_from_transport (ours_original);
  g_assert_error (ours, VODUP_ERROR, VODUP_ERROR_AUTH);
  g_assert_cmpstr (vodup_error_get_request_id (ours), ==, "Y");
}

static void
test_transient (void)
{
  static const struct { VodupError code; gboolean transient; } cases[] = {
    { VODUP_ERROR_NETWORK, TRUE },
    { VODUP_ERROR_SERVER, TRUE },
    { VODUP_ERROR_THROTTLED, TRUE },
    { VODUP_ERROR_AUTH, FALSE },
    { VODUP_ERROR_CLOCK_SKEW, FALSE },
    { VODUP_ERROR_INVALID_PARAMETER, FALSE },
    { VODUP_ERROR_PROTOCOL, FALSE },
    { VODUP_ERROR_FAILED, FALSE },
  };
  g_autoptr(GError) io = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Timed out");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (VODUP_ERROR, cases[i].code, "x");

      g_assert_cmpint (vodup_error_is_transient (error), ==, cases[i].transient);
    }

  /* Only classified errors count: callers map transport errors first. */
  g_assert_false (vodup_error_is_transient (io));
}

static void
test_clock_skew_words (void)
{
  g_autoptr(GError) fast = vodup_error_new_clock_skew (-420, "AuthFailure.SignatureExpire", "r-1");
  g_autoptr(GError) slow = vodup_error_new_clock_skew (61, NULL, NULL);

  g_assert_error (fast, VODUP_ERROR, VODUP_ERROR_CLOCK_SKEW);
  g_assert_true (g_str_has_prefix (fast->message, "Your computer’s clock is 7 minutes fast."));
  g_assert_cmpstr (vodup_error_get_remote_code (fast), ==, "AuthFailure.SignatureExpire");
  g_assert_true (g_str_has_prefix (slow->message, "Your computer’s clock is 1 minute slow."));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/error/tencent-codes", test_tencent_codes);
  g_test_add_func ("/engine/error/tencent-messages", test_tencent_messages);
  g_test_add_func ("/engine/error/remote-message-tidied", test_remote_message_tidied);
  g_test_add_func ("/engine/error/extended-data-survives-copy", test_extended_data_survives_copy);
  g_test_add_func ("/engine/error/cos-codes", test_cos_codes);
  g_test_add_func ("/engine/error/transport", test_transport);
  g_test_add_func ("/engine/error/transient", test_transient);

  g_test_add_func ("/engine/error/clock-skew-words", test_clock_skew_words);

  return g_test_run ();
}
