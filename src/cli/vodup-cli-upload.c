/* vodup-cli-upload.c: vodup-cli upload [OPTION…] FILE…
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <signal.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "vodup-cli.h"
#include "vodup-cli-progress.h"

/* The most --parts-in-flight and --files-in-flight take. */
#define MAX_IN_FLIGHT          16

typedef struct
{
  VodupCliEndpoints   endpoints;
  char               *procedure;
  char               *storage_region;
  char               *sub_app_id;
  char               *class_id;
  char               *media_name;
  char               *expire_time;
  char               *source_context;
  char               *session_context;
  char               *cover;
  char               *parts_in_flight;
  char               *files_in_flight;
  char               *part_size;
  gboolean            restart;
  gboolean            json;
  char              **files;
} UploadArgs;

/* Numbers as the queue takes them, after checking. */
typedef struct
{
  guint               parts_in_flight;
  guint               files_in_flight;
  guint64             part_size;
} Tuning;

typedef struct
{
  GMainLoop          *loop;
  VodupUploadQueue   *queue;
  VodupCliProgress   *progress;
  guint               n_failed;
  gboolean            started;
  gboolean            interrupted;
} UploadRun;

static void
upload_args_clear (UploadArgs *args)
{
  vodup_cli_endpoints_clear (&args->endpoints);
  g_free (args->procedure);
  g_free (args->storage_region);
  g_free (args->sub_app_id);
  g_free (args->class_id);
  g_free (args->media_name);
  g_free (args->expire_time);
  g_free (args->source_context);
  g_free (args->session_context);
  g_free (args->cover);
  g_free (args->parts_in_flight);
  g_free (args->files_in_flight);
  g_free (args->part_size);
  g_strfreev (args->files);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (UploadArgs, upload_args_clear)

static GOptionContext *
upload_context_new (UploadArgs *args)
{
  const GOptionEntry entries[] = {
    { "procedure", 0, 0, G_OPTION_ARG_STRING, &args->procedure,
      N_("Start this task flow once the file is uploaded"), N_("NAME") },
    { "storage-region", 0, 0, G_OPTION_ARG_STRING, &args->storage_region,
      N_("Store the file in this region, e.g. ap-chongqing"), N_("REGION") },
    { "sub-app-id", 0, 0, G_OPTION_ARG_STRING, &args->sub_app_id,
      N_("Upload to this sub-application"), N_("N") },
    { "class-id", 0, 0, G_OPTION_ARG_STRING, &args->class_id,
      N_("Put the file in this category"), N_("N") },
    { "media-name", 0, 0, G_OPTION_ARG_STRING, &args->media_name,
      N_("Name of the media (default: the file name without extension)"), N_("NAME") },
    { "expire-time", 0, 0, G_OPTION_ARG_STRING, &args->expire_time,
      N_("Delete the media at this time (RFC 3339)"), N_("TIME") },
    { "source-context", 0, 0, G_OPTION_ARG_STRING, &args->source_context,
      N_("Passed on to the event callback (up to 250 characters)"), N_("TEXT") },
    { "session-context", 0, 0, G_OPTION_ARG_STRING, &args->session_context,
      N_("Passed on to the task flow (up to 1000 characters)"), N_("TEXT") },
    { "cover", 0, 0, G_OPTION_ARG_FILENAME, &args->cover,
      N_("Upload this image as the cover"), N_("FILE") },
    { "parts-in-flight", 0, 0, G_OPTION_ARG_STRING, &args->parts_in_flight,
      N_("Send up to N parts of a file at once (1–16)"), N_("N") },
    { "files-in-flight", 0, 0, G_OPTION_ARG_STRING, &args->files_in_flight,
      N_("Upload up to N files at once (1–16)"), N_("N") },
    { "part-size", 0, 0, G_OPTION_ARG_STRING, &args->part_size,
      N_("Size of each part of a multipart upload"), N_("BYTES") },
    { "restart", 0, 0, G_OPTION_ARG_NONE, &args->restart,
      N_("Start interrupted uploads of these files afresh instead of resuming them"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &args->json,
      N_("Print one JSON object per line instead of progress bars"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args->files, NULL, N_("FILE…") },
    { NULL }
  };
  GOptionContext *context;

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Uploads each FILE to Tencent Cloud VOD and prints its FileId."));
  g_option_context_set_description (context,
                                    _("An upload that was interrupted (killed, crashed, cut off) resumes where it\n"
                                      "stopped when the same file, unchanged, is uploaded again with the same\n"
                                      "options. This needs a keyring (Secret Service) for the upload’s temporary\n"
                                      "key. --restart forgets such an upload, aborts what it left on COS, and\n"
                                      "starts it afresh."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  vodup_cli_add_endpoint_options (context, &args->endpoints);

  return context;
}

/* NULL text keeps *value. Returns a usage message, or NULL. */
static char *
parse_number (const char *text,
              const char *option,
              guint64     min,
              guint64     max,
              guint64    *value)
{
  if (text == NULL || g_ascii_string_to_unsigned (text, 10, min, max, value, NULL))
    return NULL;

  /* Translators: e.g. "--parts-in-flight needs a whole number from 1 to 16." */
  return g_strdup_printf (_("%s needs a whole number from %" PRIu64 " to %" PRIu64 "."),
                          option, min, max);
}

static char *
parse_tuning (const UploadArgs *args,
              Tuning           *tuning)
{
  guint64 parts = 4, files = 2, part_size = VODUP_DEFAULT_PART_SIZE;
  char *message;

  if ((message = parse_number (args->parts_in_flight, "--parts-in-flight", 1, MAX_IN_FLIGHT, &parts)) ||
      (message = parse_number (args->files_in_flight, "--files-in-flight", 1, MAX_IN_FLIGHT, &files)) ||
      (message = parse_number (args->part_size, "--part-size",
                               VODUP_COS_MIN_PART_SIZE, VODUP_COS_MAX_PART_SIZE, &part_size)))
    return message;

  tuning->parts_in_flight = parts;
  tuning->files_in_flight = files;
  tuning->part_size = part_size;

  return NULL;
}

static char *
build_options (const UploadArgs    *args,
               VodupUploadOptions **out)
{
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  g_autoptr(GError) error = NULL;
  guint64 class_id = 0;
  char *message;

  if ((message = parse_number (args->sub_app_id, "--sub-app-id", 1, G_MAXUINT64, &options->sub_app_id)) ||
      (message = parse_number (args->class_id, "--class-id", 0, G_MAXINT64, &class_id)))
    return message;

  if (args->class_id != NULL)
    options->class_id = class_id;
  options->procedure = g_strdup (args->procedure);
  options->storage_region = g_strdup (args->storage_region);
  options->media_name = g_strdup (args->media_name);
  options->expire_time = g_strdup (args->expire_time);
  options->source_context = g_strdup (args->source_context);
  options->session_context = g_strdup (args->session_context);
  options->cover = args->cover ? g_file_new_for_commandline_arg (args->cover) : NULL;

  if (!vodup_upload_options_validate (options, &error))
    return g_strdup (error->message);

  *out = g_steal_pointer (&options);
  return NULL;
}

static VodupCliProgressMode
choose_mode (gboolean json)
{
  if (json)
    return VODUP_CLI_PROGRESS_JSON;

  if (isatty (STDOUT_FILENO) && g_strcmp0 (g_getenv ("TERM"), "dumb") != 0)
    return VODUP_CLI_PROGRESS_TERMINAL;

  return VODUP_CLI_PROGRESS_PLAIN;
}

/* Running ---------------------------------------------------------------- */

static void
maybe_quit (UploadRun *run)
{
  if (run->started && !vodup_upload_queue_is_busy (run->queue))
    g_main_loop_quit (run->loop);
}

static void
upload_finished_cb (VodupUploadQueue *queue,
                    VodupUpload      *upload,
                    UploadRun        *run)
{
  if (vodup_upload_get_state (upload) != VODUP_UPLOAD_STATE_DONE)
    run->n_failed++;

  vodup_cli_progress_finished (run->progress, upload);
}

static void
idle_cb (VodupUploadQueue *queue,
         UploadRun        *run)
{
  maybe_quit (run);
}

static gboolean
check_idle_cb (gpointer user_data)
{
  maybe_quit (user_data);

  return G_SOURCE_REMOVE;
}

/* First Ctrl+C: cancel everything (which aborts multipart uploads on COS)
 * and let it settle. A second one: leave now. */
static gboolean
sigint_cb (gpointer user_data)
{
  UploadRun *run = user_data;

  if (run->interrupted)
    _exit (VODUP_CLI_EXIT_INTERRUPTED);

  run->interrupted = TRUE;
  g_printerr ("%s\n", _("Interrupted: cancelling the uploads…"));
  vodup_upload_queue_cancel_all (run->queue);
  g_idle_add (check_idle_cb, run);

  return G_SOURCE_CONTINUE;
}

static void
queue_files (UploadRun                *run,
             char                    **files,
             const VodupUploadOptions *options)
{
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (files[i]);
      VodupUpload *upload = vodup_upload_queue_add_file (run->queue, file, options);

      vodup_cli_progress_add (run->progress, upload, files[i]);
    }
}

static int
run_uploads (const UploadArgs         *args,
             const Tuning             *tuning,
             const VodupUploadOptions *options,
             VodupSecretStore         *journal,
             VodupVodClient           *vod,
             VodupCosClient           *cos)
{
  UploadRun run = { 0 };
  guint sigint_id;

  run.loop = g_main_loop_new (NULL, FALSE);
  run.progress = vodup_cli_progress_new (choose_mode (args->json));

  /* Without clients the queue holds the files, so every one is on screen
   * before the first starts. */
  run.queue = vodup_upload_queue_new (NULL, NULL);
  vodup_upload_queue_set_files_in_flight (run.queue, tuning->files_in_flight);
  vodup_upload_queue_set_parts_in_flight (run.queue, tuning->parts_in_flight);
  vodup_upload_queue_set_part_size (run.queue, tuning->part_size);
  g_signal_connect (run.queue, "upload-finished", G_CALLBACK (upload_finished_cb), &run);
  g_signal_connect (run.queue, "idle", G_CALLBACK (idle_cb), &run);
  /* Before the files: adding one then resumes its recorded upload. */
  if (journal != NULL)
    vodup_upload_queue_set_journal (run.queue, VODUP_CREDENTIAL_VAULT (journal));
  queue_files (&run, args->files, options);

  sigint_id = g_unix_signal_add (SIGINT, sigint_cb, &run);

  vodup_upload_queue_set_clients (run.queue, vod, cos);
  run.started = TRUE;
  g_idle_add (check_idle_cb, &run);
  g_main_loop_run (run.loop);

  g_source_remove (sigint_id);
  /* Whatever check_idle_cb is still pending must not see a freed run. */
  while (g_source_remove_by_user_data (&run))
    ;
  vodup_cli_progress_close (run.progress);
  g_signal_handlers_disconnect_by_data (run.queue, &run);
  /* Committed uploads leave the journal (the app would list them);
   * failed ones stay, so that running the command again resumes them. */
  vodup_upload_queue_clear_finished (run.queue);
  g_clear_object (&run.progress);
  g_clear_object (&run.queue);
  g_main_loop_unref (run.loop);

  if (run.interrupted)
    return VODUP_CLI_EXIT_INTERRUPTED;

  return run.n_failed > 0 ? VODUP_CLI_EXIT_FAILED : VODUP_CLI_EXIT_OK;
}

/* Credentials or clients failed: every file gets a result saying why. */
static int
reject_all (const UploadArgs *args,
            const GError     *error)
{
  g_autoptr(VodupCliProgress) progress = vodup_cli_progress_new (choose_mode (args->json));

  for (guint i = 0; args->files[i] != NULL; i++)
    vodup_cli_progress_rejected (progress, args->files[i], error);
  vodup_cli_progress_close (progress);

  return VODUP_CLI_EXIT_FAILED;
}

static gboolean
is_usage_error (const GError *error)
{
  /* Before anything was sent, a proxy error is about --proxy itself. */
  return g_error_matches (error, VODUP_ERROR, VODUP_ERROR_INSECURE_ENDPOINT) ||
         g_error_matches (error, VODUP_ERROR, VODUP_ERROR_INVALID_PARAMETER) ||
         g_error_matches (error, VODUP_ERROR, VODUP_ERROR_PROXY);
}

int
vodup_cli_upload (int    argc,
                  char **argv)
{
  g_auto(UploadArgs) args = { { NULL, NULL } };
  g_autoptr(GOptionContext) context = upload_context_new (&args);
  g_autoptr(VodupUploadOptions) options = NULL;
  g_autoptr(VodupCredentialProvider) provider = NULL;
  g_autoptr(VodupSecretStore) journal = NULL;
  g_autoptr(VodupVodClient) vod = NULL;
  VodupCosClient *cos = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  Tuning tuning;
  int status;

  if (!vodup_cli_parse (context, &argc, &argv))
    return VODUP_CLI_EXIT_USAGE;

  if (args.files == NULL || args.files[0] == NULL)
    return vodup_cli_usage_error (context, _("Name at least one file to upload."));

  if ((message = parse_tuning (&args, &tuning)) || (message = build_options (&args, &options)))
    return vodup_cli_usage_error (context, message);

  if (!(provider = vodup_cli_get_credentials (&error)))
    return reject_all (&args, error);

  if (!vodup_cli_make_clients (&args.endpoints, provider, &vod, &cos, &error))
    return is_usage_error (error) ? vodup_cli_usage_error (context, error->message)
                                  : reject_all (&args, error);

  journal = vodup_cli_journal_open ();
  /* One process per journal record: the other one has it. */
  if (journal != NULL && !vodup_cli_journal_check_free (args.files, options))
    return VODUP_CLI_EXIT_FAILED;
  if (journal != NULL && args.restart)
    vodup_cli_journal_forget (journal, vod, cos, args.files, options);

  status = run_uploads (&args, &tuning, options, journal, vod, cos);

  /* The queue went idle only after every abort reached COS. */
  g_clear_object (&vod);
  g_clear_object (&cos);
  if (journal != NULL)
    vodup_cli_journal_settle (journal);

  return status;
}
