/* test-cos-client.c: the COS XML client against the loopback simulator
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vodup-cos-xml.h"
#include "vodup-engine.h"
#include "vodup-sim.h"

#define KiB (G_GUINT64_CONSTANT (1024))
#define MiB (G_GUINT64_CONSTANT (1024) * 1024)

typedef struct
{
  VodupSim       *sim;
  VodupCosClient *client;
  VodupCosTarget *target;    /* from a real ApplyUpload to the simulator */
  char           *dir;
} Fixture;

/* One upload_part run in a thread of its own. */
typedef struct
{
  Fixture      *f;
  GFile        *file;
  const char   *upload_id;
  guint         number;
  guint64       offset;
  guint64       length;
  GCancellable *cancellable;
  gint64        bytes_sent;
  guint64       crc64;
  char         *etag;
  GError       *error;
} PartJob;

static JsonObject *
post_apply_upload (VodupSim *sim)
{
  g_autoptr(GUri) uri = g_uri_parse (vodup_sim_get_uri (sim), G_URI_FLAGS_NONE, NULL);
  g_autofree char *host = g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  g_autofree char *url = g_strdup_printf ("%s/", vodup_sim_get_uri (sim));
  g_autofree char *timestamp = NULL;
  g_autofree char *authorization = NULL;
  const char *body = "{\"MediaType\":\"mp4\",\"MediaName\":\"cos-client-test\"}";
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request_body = g_bytes_new_static (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  VodupTc3Request request = {
    .secret_id = VODUP_SIM_SECRET_ID,
    .secret_key = VODUP_SIM_SECRET_KEY,
    .service = "vod",
    .host = host,
    .content_type = "application/json; charset=utf-8",
    .action = "ApplyUpload",
    .timestamp = g_get_real_time () / G_USEC_PER_SEC,
    .body = (const guint8 *) body,
    .body_length = strlen (body),
  };

  timestamp = g_strdup_printf ("%" G_GINT64_FORMAT, request.timestamp);
  authorization = vodup_tc3_authorization (&request);
  soup_message_set_request_body_from_bytes (msg, request.content_type, request_body);
  soup_message_headers_replace (headers, "X-TC-Action", "ApplyUpload");
  soup_message_headers_replace (headers, "X-TC-Version", "2018-07-17");
  soup_message_headers_replace (headers, "X-TC-Timestamp", timestamp);
  soup_message_headers_replace (headers, "Authorization", authorization);

  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);

  json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                              (gssize) g_bytes_get_size (answer), &error);
  g_assert_no_error (error);

  return json_object_ref (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                         "Response"));
}

/* A temporary credential the simulator issued, as the upload will use it. */
static VodupCosTarget *
apply_upload (VodupSim *sim)
{
  g_autoptr(JsonObject) response = post_apply_upload (sim);
  g_autoptr(VodupCredentials) credentials = NULL;
  JsonObject *certificate;

  g_assert_false (json_object_has_member (response, "Error"));
  certificate = json_object_get_object_member (response, "TempCertificate");
  credentials = vodup_credentials_new (json_object_get_string_member (certificate, "SecretId"),
                                       json_object_get_string_member (certificate, "SecretKey"),
                                       json_object_get_string_member (certificate, "Token"));

  return vodup_cos_target_new (json_object_get_string_member (response, "StorageBucket"),
                               json_object_get_string_member (response, "StorageRegion"),
                               json_object_get_string_member (response, "MediaStoragePath"),
                               credentials,
                               json_object_get_int_member (certificate, "ExpiredTime"));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("vodup-cos-test-XXXXXX", &error);
  g_assert_no_error (error);

  f->sim = vodup_sim_new (TRUE, NULL);
  vodup_sim_start (f->sim, 0, &error);
  g_assert_no_error (error);

  f->target = apply_upload (f->sim);
  f->client = vodup_cos_client_new (NULL, vodup_sim_get_uri (f->sim), &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_object (&f->client);
  g_clear_pointer (&f->target, vodup_cos_target_free);
  vodup_sim_stop (f->sim);
  g_clear_object (&f->sim);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* size bytes of deterministic pseudo-random content */
static GFile *
make_file (Fixture    *f,
           const char *name,
           guint64     size,
           guint32     seed)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree guint32 *data = g_new (guint32, size / 4 + 1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GError) error = NULL;

  for (guint64 i = 0; i < size / 4 + 1; i++)
    data[i] = g_rand_int (rand);

  g_file_set_contents (path, (const char *) data, (gssize) size, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static guint64
file_crc64 (GFile   *file,
            guint64  offset,
            guint64  length)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  g_file_load_contents (file, NULL, &data, &size, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (offset + length, <=, size);

  return vodup_crc64_update (0, data + offset, length);
}

static char *
crc_text (guint64 crc64)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, crc64);
}

static void
set_faults (Fixture    *f,
            const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  vodup_sim_set_faults (f->sim, json_node_get_object (node));
}

/* state.objects["/<bucket>/<key>"] */
static JsonObject *
sim_object (JsonObject           *state,
            const VodupCosTarget *target)
{
  g_autofree char *name = g_strdup_printf ("/%s%s", target->bucket, target->key);
  JsonObject *objects = json_object_get_object_member (state, "objects");

  g_assert_true (json_object_has_member (objects, name));

  return json_object_get_object_member (objects, name);
}

static JsonObject *
sim_multipart_upload (JsonObject *state,
                      const char *upload_id)
{
  JsonArray *uploads = json_object_get_array_member (state, "multipart_uploads");

  for (guint i = 0; i < json_array_get_length (uploads); i++)
    {
      JsonObject *upload = json_array_get_object_element (uploads, i);

      if (g_strcmp0 (json_object_get_string_member (upload, "upload_id"), upload_id) == 0)
        return upload;
    }

  g_assert_not_reached ();
}

static gpointer
part_thread (gpointer data)
{
  PartJob *job = data;

  job->etag = vodup_cos_client_upload_part (job->f->client, job->f->target, job->upload_id,
                                            job->number, job->file, job->offset, job->length,
                                            &job->bytes_sent, &job->crc64,
                                            job->cancellable, &job->error);
  return NULL;
}

static void
part_job_clear (PartJob *job)
{
  g_clear_pointer (&job->etag, g_free);
  g_clear_error (&job->error);
}

static void
test_insecure_endpoint (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("VODUP_COS_ENDPOINT"));
  g_autoptr(VodupCosClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = vodup_cos_client_new (NULL, "http://cos.example.com", &error);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_INSECURE_ENDPOINT);
  g_assert_null (client);
  g_clear_error (&error);

  /* The variable is read when no endpoint is given; runs before any
   * thread exists, so setenv is safe here. */
  g_setenv ("VODUP_COS_ENDPOINT", "http://192.0.2.1:8080", TRUE);
  client = vodup_cos_client_new (NULL, NULL, &error);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_INSECURE_ENDPOINT);
  g_assert_null (client);

  if (saved != NULL)
    g_setenv ("VODUP_COS_ENDPOINT", saved, TRUE);
  else
    g_unsetenv ("VODUP_COS_ENDPOINT");
}

static GBytes *
bytes_of (const char *text)
{
  return g_bytes_new_static (text, strlen (text));
}

/* The parsers ignore namespaces and keep-alive blanks, and refuse what is
 * not the expected document. */
static void
test_xml (void)
{
  g_autoptr(GBytes) error_doc = bytes_of ("<?xml version=\"1.0\"?>\n<Error xmlns=\"http://x\">"
                                          "<Code>NoSuchUpload</Code><Message>gone</Message>"
                                          "<RequestId>rid-1</RequestId></Error>");
  g_autoptr(GBytes) json_doc = bytes_of ("{\"code\": \"AccessDenied\", \"message\": \"no\"}");
  g_autoptr(GBytes) initiate = bytes_of ("<ns:InitiateMultipartUploadResult xmlns:ns=\"http://x\">"
                                         "<ns:UploadId>u-1</ns:UploadId></ns:InitiateMultipartUploadResult>");
  g_autoptr(GBytes) complete = bytes_of ("  \n \n<?xml version=\"1.0\"?><CompleteMultipartUploadResult>"
                                         "<ETag>&quot;abc-2&quot;</ETag></CompleteMultipartUploadResult>");
  g_autoptr(GBytes) complete_no_etag = bytes_of ("<CompleteMultipartUploadResult><Location>l</Location>"
                                                 "</CompleteMultipartUploadResult>");
  g_autoptr(GBytes) list_bad = bytes_of ("<ListPartsResult><IsTruncated>true</IsTruncated>"
                                         "</ListPartsResult>");
  g_autoptr(GBytes) garbage = bytes_of ("<html>Bad gateway");
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) vodup_cos_part_free);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *json_code = NULL;
  g_autofree char *upload_id = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GError) error = NULL;
  gboolean truncated;
  guint marker;

  g_assert_true (vodup_cos_xml_parse_error (error_doc, &code, &message, &request_id));
  g_assert_cmpstr (code, ==, "NoSuchUpload");
  g_assert_cmpstr (message, ==, "gone");
  g_assert_cmpstr (request_id, ==, "rid-1");
  g_assert_true (vodup_cos_xml_parse_error (json_doc, &json_code, NULL, NULL));
  g_assert_cmpstr (json_code, ==, "AccessDenied");
  g_assert_false (vodup_cos_xml_parse_error (complete, NULL, NULL, NULL));
  g_assert_false (vodup_cos_xml_parse_error (garbage, NULL, NULL, NULL));

  upload_id = vodup_cos_xml_parse_upload_id (initiate, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (upload_id, ==, "u-1");

  etag = vodup_cos_xml_parse_complete (complete, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (etag, ==, "\"abc-2\"");

  g_assert_null (vodup_cos_xml_parse_complete (complete_no_etag, &error));
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_null (vodup_cos_xml_parse_complete (error_doc, &error));
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_null (vodup_cos_xml_parse_upload_id (garbage, &error));
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_null (vodup_cos_xml_parse_list_parts (list_bad, &truncated, &marker, &error));
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_PROTOCOL);

  g_ptr_array_add (parts, vodup_cos_part_new (1, "\"a&b\"", 1, 0));
  body = vodup_cos_xml_build_complete (parts);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body),
                                  "<Part><PartNumber>1</PartNumber><ETag>&quot;a&amp;b&quot;</ETag></Part>"));
}

static void
test_put_object (Fixture       *f,
                 gconstpointer  data)
{
  const guint64 size = 300 * KiB + 7;
  g_autoptr(GFile) file = make_file (f, "small.mp4", size, 1);
  g_autofree char *expected = crc_text (file_crc64 (file, 0, size));
  g_autofree char *etag = NULL;
  g_autofree char *crc = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  gint64 bytes_sent = -1;
  guint64 crc64 = 0;

  etag = vodup_cos_client_put_object (f->client, f->target, file, size, &bytes_sent, &crc64,
                                      NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (etag);
  g_assert_true (g_str_has_prefix (etag, "\"") && g_str_has_suffix (etag, "\""));
  g_assert_cmpint (bytes_sent, ==, (gint64) size);

  crc = crc_text (crc64);
  g_assert_cmpstr (crc, ==, expected);

  state = vodup_sim_dup_state (f->sim);
  object = sim_object (state, f->target);
  g_assert_cmpstr (json_object_get_string_member (object, "crc64"), ==, expected);
  g_assert_cmpint (json_object_get_int_member (object, "size"), ==, (gint64) size);
  g_assert_false (json_object_get_boolean_member (object, "multipart"));
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "PutObject"), ==, 1);
}

/* Three parts (2 × 1 MiB + remainder) from three threads at once. */
static void
test_multipart (Fixture       *f,
                gconstpointer  data)
{
  const guint64 size = 2 * MiB + 300 * KiB + 3;
  g_autoptr(GFile) file = make_file (f, "big.mp4", size, 2);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) vodup_cos_part_free);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *upload_id = NULL;
  g_autofree char *combined_text = NULL;
  PartJob jobs[3] = { { 0 } };
  GThread *threads[3];
  guint64 combined = 0;
  JsonObject *object;

  upload_id = vodup_cos_client_initiate_multipart (f->client, f->target, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (upload_id);

  for (guint i = 0; i < 3; i++)
    {
      jobs[i] = (PartJob) { .f = f, .file = file, .upload_id = upload_id, .number = i + 1,
                            .offset = i * MiB, .length = i < 2 ? MiB : size - 2 * MiB };
      threads[i] = g_thread_new ("part", part_thread, &jobs[i]);
    }

  for (guint i = 0; i < 3; i++)
    {
      g_thread_join (threads[i]);
      g_assert_no_error (jobs[i].error);
      g_assert_nonnull (jobs[i].etag);
      g_assert_cmpint (jobs[i].bytes_sent, ==, (gint64) jobs[i].length);
      g_assert_cmpuint (jobs[i].crc64, ==, file_crc64 (file, jobs[i].offset, jobs[i].length));
      combined = i == 0 ? jobs[i].crc64 : vodup_crc64_combine (combined, jobs[i].crc64, jobs[i].length);
    }
  g_assert_cmpuint (combined, ==, file_crc64 (file, 0, size));

  /* Out of order on purpose: the client sorts them. */
  for (guint i = 3; i > 0; i--)
    g_ptr_array_add (parts, vodup_cos_part_new (jobs[i - 1].number, jobs[i - 1].etag,
                                                jobs[i - 1].length, jobs[i - 1].crc64));

  listed = vodup_cos_client_list_parts (f->client, f->target, upload_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const VodupCosPart *part = g_ptr_array_index (listed, i);

      g_assert_cmpuint (part->number, ==, i + 1);
      g_assert_cmpstr (part->etag, ==, jobs[i].etag);
      g_assert_cmpuint (part->size, ==, jobs[i].length);
      g_assert_cmpuint (part->crc64, ==, 0);
    }

  vodup_cos_client_complete_multipart (f->client, f->target, upload_id, parts, combined, NULL, &error);
  g_assert_no_error (error);

  state = vodup_sim_dup_state (f->sim);
  object = sim_object (state, f->target);
  combined_text = crc_text (combined);
  g_assert_cmpstr (json_object_get_string_member (object, "crc64"), ==, combined_text);
  g_assert_cmpint (json_object_get_int_member (object, "size"), ==, (gint64) size);
  g_assert_true (json_object_get_boolean_member (object, "multipart"));
  g_assert_cmpstr (json_object_get_string_member (sim_multipart_upload (state, upload_id), "state"),
                   ==, "completed");

  for (guint i = 0; i < 3; i++)
    part_job_clear (&jobs[i]);
}

static void
test_complete_checksum_mismatch (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GFile) file = make_file (f, "one-part.mp4", 100 * KiB, 3);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) vodup_cos_part_free);
  g_autofree char *upload_id = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GError) error = NULL;
  guint64 crc64 = 0;
  gboolean ok;

  upload_id = vodup_cos_client_initiate_multipart (f->client, f->target, NULL, &error);
  g_assert_no_error (error);
  etag = vodup_cos_client_upload_part (f->client, f->target, upload_id, 1, file, 0, 100 * KiB,
                                       NULL, &crc64, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (parts, vodup_cos_part_new (1, etag, 100 * KiB, crc64));

  /* The simulator answers the real CRC; pretend ours differs. */
  ok = vodup_cos_client_complete_multipart (f->client, f->target, upload_id, parts, crc64 ^ 1,
                                            NULL, &error);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_CHECKSUM_MISMATCH);
  g_assert_false (ok);
}

static void
test_abort (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GFile) file = make_file (f, "aborted.mp4", 10 * KiB, 4);
  g_autofree char *upload_id = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  upload_id = vodup_cos_client_initiate_multipart (f->client, f->target, NULL, &error);
  g_assert_no_error (error);
  etag = vodup_cos_client_upload_part (f->client, f->target, upload_id, 1, file, 0, 10 * KiB,
                                       NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  ok = vodup_cos_client_abort_multipart (f->client, f->target, upload_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  state = vodup_sim_dup_state (f->sim);
  g_assert_cmpstr (json_object_get_string_member (sim_multipart_upload (state, upload_id), "state"),
                   ==, "aborted");
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "AbortMultipartUpload"), ==, 1);
}

static gpointer
tiny_parts_thread (gpointer data)
{
  PartJob *job = data;

  /* Parts job->number, job->number + 4, …: up to 1001 */
  for (guint n = job->number; n <= 1001 && job->error == NULL; n += 4)
    {
      g_free (job->etag);
      job->etag = vodup_cos_client_upload_part (job->f->client, job->f->target, job->upload_id,
                                                n, job->file, 0, 16, NULL, NULL, NULL, &job->error);
    }

  return NULL;
}

/* 1001 parts need two ListParts pages of 1000. */
static void
test_list_parts_paging (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GFile) file = make_file (f, "tiny.mp4", 16, 5);
  g_autoptr(GPtrArray) listed = NULL;
  g_autofree char *upload_id = NULL;
  g_autoptr(GError) error = NULL;
  PartJob jobs[4] = { { 0 } };
  GThread *threads[4];

  upload_id = vodup_cos_client_initiate_multipart (f->client, f->target, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 4; i++)
    {
      jobs[i] = (PartJob) { .f = f, .file = file, .upload_id = upload_id, .number = i + 1 };
      threads[i] = g_thread_new ("parts", tiny_parts_thread, &jobs[i]);
    }
  for (guint i = 0; i < 4; i++)
    {
      g_thread_join (threads[i]);
      g_assert_no_error (jobs[i].error);
      part_job_clear (&jobs[i]);
    }

  listed = vodup_cos_client_list_parts (f->client, f->target, upload_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1001);
  for (guint i = 0; i < listed->len; i++)
    {
      const VodupCosPart *part = g_ptr_array_index (listed, i);

      g_assert_cmpuint (part->number, ==, i + 1);
      g_assert_cmpuint (part->size, ==, 16);
    }
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "ListParts"), ==, 2);
}

/* Refused on the signature, which COS sees before the (large) body. */
static void
test_wrong_secret (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) file = make_file (f, "denied.mp4", 3 * MiB, 6);
  g_autoptr(VodupCredentials) wrong = NULL;
  g_autoptr(VodupCosTarget) target = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GError) error = NULL;

  wrong = vodup_credentials_new (vodup_credentials_get_secret_id (f->target->credentials),
                                 "notTheTemporarySecretKey00000000",
                                 vodup_credentials_get_token (f->target->credentials));
  target = vodup_cos_target_new (f->target->bucket, f->target->region, f->target->key,
                                 wrong, f->target->expired_time);

  etag = vodup_cos_client_put_object (f->client, target, file, 3 * MiB, NULL, NULL, NULL, &error);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_AUTH);
  g_assert_null (etag);
  g_assert_nonnull (vodup_error_get_remote_code (error));
  g_assert_false (vodup_error_is_transient (error));
}

/* The simulator's clock runs ten minutes behind: the signature's window
 * looks like the future. COS refuses it; the client learns the server's
 * time from the refusal's Date header and signs again, once. */
static void
test_clock_offset (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) file = make_file (f, "late.mp4", 1 * KiB, 11);
  g_autofree char *etag = NULL;
  g_autoptr(GError) error = NULL;
  gint64 errors = vodup_sim_get_counter (f->sim, "errors");

  set_faults (f, "{\"clock_offset\": -600}");
  etag = vodup_cos_client_put_object (f->client, f->target, file, 1 * KiB, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (etag);
  g_assert_cmpint (vodup_cos_client_get_clock_offset (f->client), <=, -598);
  g_assert_cmpint (vodup_cos_client_get_clock_offset (f->client), >=, -602);
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "errors"), ==, errors + 1);
}

/* A credential past its ExpiredTime is reported as expired (not as a
 * clock or key problem), so that the upload knows to apply again. */
static void
test_expired_credentials (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GFile) file = make_file (f, "expired.mp4", 1 * KiB, 12);
  g_autoptr(VodupCosTarget) target = vodup_cos_target_copy (f->target);
  g_autofree char *etag = NULL;
  g_autoptr(GError) error = NULL;

  set_faults (f, "{\"expire_credentials\": true}");
  target->expired_time = g_get_real_time () / G_USEC_PER_SEC - 10;

  etag = vodup_cos_client_put_object (f->client, target, file, 1 * KiB, NULL, NULL, NULL, &error);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_CREDENTIALS_EXPIRED);
  g_assert_cmpstr (vodup_error_get_remote_code (error), ==, "ExpiredToken");
  g_assert_null (etag);
}

static void
test_file_changed (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) file = make_file (f, "shrinking.mp4", 2 * MiB, 7);
  g_autofree char *upload_id = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GError) error = NULL;
  gint64 bytes_sent = -1;

  upload_id = vodup_cos_client_initiate_multipart (f->client, f->target, NULL, &error);
  g_assert_no_error (error);

  /* Shortened after the upload was planned, before part 2 is read. */
  g_assert_cmpint (truncate (g_file_peek_path (file), 1 * MiB + 512 * KiB), ==, 0);

  etag = vodup_cos_client_upload_part (f->client, f->target, upload_id, 2, file, 1 * MiB, 1 * MiB,
                                       &bytes_sent, NULL, NULL, &error);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_FILE_CHANGED);
  g_assert_null (etag);
  g_assert_cmpint (bytes_sent, <=, (gint64) (512 * KiB));
}

static void
test_file_missing (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "missing.mp4", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *etag = NULL;
  g_autoptr(GError) error = NULL;
  gint64 requests = vodup_sim_get_counter (f->sim, "requests");

  etag = vodup_cos_client_put_object (f->client, f->target, file, 1 * KiB, NULL, NULL, NULL, &error);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_FILE_NOT_FOUND);
  g_assert_null (etag);

  /* Refused before anything went on the wire. */
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "requests"), ==, requests);
}

static void
test_server_error (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) file = make_file (f, "unlucky.mp4", 1 * MiB, 8);
  g_autofree char *upload_id = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GError) error = NULL;

  upload_id = vodup_cos_client_initiate_multipart (f->client, f->target, NULL, &error);
  g_assert_no_error (error);

  set_faults (f, "{\"fail_nth\": {\"n\": 1, \"status\": 503, \"kind\": \"UploadPart\"}}");
  etag = vodup_cos_client_upload_part (f->client, f->target, upload_id, 1, file, 0, 1 * MiB,
                                       NULL, NULL, NULL, &error);
  g_assert_error (error, VODUP_ERROR, VODUP_ERROR_SERVER);
  g_assert_true (vodup_error_is_transient (error));
  g_assert_null (etag);
  g_clear_error (&error);

  /* The fault was for one request: the same part again goes through. */
  etag = vodup_cos_client_upload_part (f->client, f->target, upload_id, 1, file, 0, 1 * MiB,
                                       NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (etag);
}

/* The server closes a kept-alive connection in the middle of a part:
 * libsoup sends the PUT again by itself, and the body must start over. */
static void
test_resent_after_drop (Fixture       *f,
                        gconstpointer  data)
{
  const guint64 length = 256 * KiB;
  g_autoptr(GFile) file = make_file (f, "dropped.mp4", length, 9);
  g_autofree char *upload_id = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(GError) error = NULL;
  gint64 bytes_sent = -1;
  guint64 crc64 = 0;
  JsonObject *part;

  /* Leaves an idle keep-alive connection for the part to reuse. */
  upload_id = vodup_cos_client_initiate_multipart (f->client, f->target, NULL, &error);
  g_assert_no_error (error);

  set_faults (f, "{\"drop_after_bytes\": {\"n\": 1000, \"kind\": \"UploadPart\"}}");
  etag = vodup_cos_client_upload_part (f->client, f->target, upload_id, 1, file, 0, length,
                                       &bytes_sent, &crc64, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (etag);
  g_assert_cmpint (bytes_sent, ==, (gint64) length);
  g_assert_cmpuint (crc64, ==, file_crc64 (file, 0, length));
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "dropped_connections"), ==, 1);

  state = vodup_sim_dup_state (f->sim);
  part = json_array_get_object_element (
    json_object_get_array_member (sim_multipart_upload (state, upload_id), "parts"), 0);
  g_assert_cmpint (json_object_get_int_member (part, "size"), ==, (gint64) length);
  g_assert_cmpstr (json_object_get_string_member (part, "etag"), ==, etag);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GFile) file = make_file (f, "slow.mp4", 32 * MiB, 10);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *upload_id = NULL;
  g_autoptr(GError) error = NULL;
  PartJob job = { 0 };
  GThread *thread;
  gint64 deadline;
  gint64 started;

  upload_id = vodup_cos_client_initiate_multipart (f->client, f->target, NULL, &error);
  g_assert_no_error (error);

  set_faults (f, "{\"stall\": {\"after_bytes\": 65536, \"kind\": \"UploadPart\", \"seconds\": 60}}");
  job = (PartJob) { .f = f, .file = file, .upload_id = upload_id, .number = 1,
                    .offset = 0, .length = 32 * MiB, .cancellable = cancellable };
  thread = g_thread_new ("slow-part", part_thread, &job);

  /* Cancel once bytes are moving, from this (another) thread. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (__atomic_load_n (&job.bytes_sent, __ATOMIC_RELAXED) < 65536 &&
         g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_assert_cmpint (__atomic_load_n (&job.bytes_sent, __ATOMIC_RELAXED), >=, 65536);
  g_usleep (200 * 1000);

  started = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  g_thread_join (thread);

  g_assert_error (job.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "stalls"), ==, 1);
  g_assert_null (job.etag);
  g_assert_cmpint (job.bytes_sent, <, (gint64) (32 * MiB));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
  part_job_clear (&job);
}

/* Parts cancelled in the middle of their bodies must not spoil the
 * connections that later requests (here the abort) use. */
static void
test_abort_after_cancel (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GFile) file = make_file (f, "cancelled.mp4", 32 * MiB, 13);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *upload_id = NULL;
  g_autoptr(GError) error = NULL;
  PartJob jobs[4] = { { 0 } };
  GThread *threads[4];
  gboolean ok;

  upload_id = vodup_cos_client_initiate_multipart (f->client, f->target, NULL, &error);
  g_assert_no_error (error);

  set_faults (f, "{\"delay_ms\": 100}");
  for (guint i = 0; i < 4; i++)
    {
      jobs[i] = (PartJob) { .f = f, .file = file, .upload_id = upload_id, .number = i + 1,
                            .offset = i * 8 * MiB, .length = 8 * MiB, .cancellable = cancellable };
      threads[i] = g_thread_new ("part", part_thread, &jobs[i]);
    }

  while (__atomic_load_n (&jobs[3].bytes_sent, __ATOMIC_RELAXED) < (gint64) MiB)
    g_usleep (1000);
  g_cancellable_cancel (cancellable);

  for (guint i = 0; i < 4; i++)
    {
      g_thread_join (threads[i]);
      if (jobs[i].error != NULL)
        g_assert_error (jobs[i].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      part_job_clear (&jobs[i]);
    }

  ok = vodup_cos_client_abort_multipart (f->client, f->target, upload_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (vodup_sim_get_counter (f->sim, "AbortMultipartUpload"), ==, 1);
}

static void
add_test (const char *path,
          void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  /* Loopback needs no proxy, and GIO's GNOME proxy module aborts when the
   * isolated XDG dirs hide its GSettings schema. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", FALSE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/cos-client/insecure-endpoint", test_insecure_endpoint);
  g_test_add_func ("/engine/cos-client/xml", test_xml);
  add_test ("/engine/cos-client/put-object", test_put_object);
  add_test ("/engine/cos-client/multipart", test_multipart);
  add_test ("/engine/cos-client/complete-checksum-mismatch", test_complete_checksum_mismatch);
  add_test ("/engine/cos-client/abort", test_abort);
  add_test ("/engine/cos-client/list-parts-paging", test_list_parts_paging);
  add_test ("/engine/cos-client/wrong-secret", test_wrong_secret);
  add_test ("/engine/cos-client/clock-offset", test_clock_offset);
  add_test ("/engine/cos-client/expired-credentials", test_expired_credentials);
  add_test ("/engine/cos-client/file-changed", test_file_changed);
  add_test ("/engine/cos-client/file-missing", test_file_missing);
  add_test ("/engine/cos-client/server-error", test_server_error);
  add_test ("/engine/cos-client/resent-after-drop", test_resent_after_drop);
  add_test ("/engine/cos-client/cancel", test_cancel);
  add_test ("/engine/cos-client/abort-after-cancel", test_abort_after_cancel);

  return g_test_run ();
}
