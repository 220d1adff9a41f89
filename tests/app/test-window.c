/* test-window.c: the queue window against the real engine and simulator
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-app-util.h"
#include "vodup-journal.h"
#include "vodup-secret-store.h"
#include "vodup-test-util.h"

#define MiB (G_GUINT64_CONSTANT (1024) * 1024)

/* Helpers ------------------------------------------------------------------ */

static guint
n_uploads (VodupWindow *window)
{
  return g_list_model_get_n_items (G_LIST_MODEL (vodup_window_get_queue (window)));
}

static const char *
row_status (VodupUploadRow *row)
{
  return gtk_label_get_label (vodup_test_app_row_child (row, "status"));
}

static gboolean
row_button_visible (VodupUploadRow *row,
                    const char     *name)
{
  return gtk_widget_get_visible (vodup_test_app_row_child (row, name));
}

/* Emits GtkDropTarget::drop the way GTK does for a drop of these files. */
static gboolean
drop_files (VodupWindow *window,
            GFile      **files,
            guint        n_files)
{
  GtkDropTarget *target = _vodup_window_get_drop_target (window);
  g_auto(GValue) value = G_VALUE_INIT;
  GSList *list = NULL;
  gboolean accepted = FALSE;

  for (guint i = n_files; i > 0; i--)
    list = g_slist_prepend (list, files[i - 1]);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (list));
  g_slist_free (list);

  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);

  return accepted;
}

typedef struct
{
  VodupWindow *window;
  const char  *expected;
} SubtitleWait;

static gboolean
subtitle_is (gpointer data)
{
  SubtitleWait *wait = data;

  return g_strcmp0 (adw_window_title_get_subtitle (wait->window->window_title), wait->expected) == 0;
}

/* The header is refreshed in an idle after a burst of changes: wait for
 * that refresh rather than for a number of frames. */
static void
wait_subtitle (VodupWindow *window,
               const char  *expected)
{
  SubtitleWait wait = { window, expected };
  g_autofree char *what = g_strdup_printf ("the header to say \"%s\"", expected);

  vodup_test_app_spin_until (subtitle_is, &wait, 10, what);
}

static gboolean
shows_queue (gpointer data)
{
  VodupWindow *window = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (window->stack), "queue") == 0;
}

static VodupUpload *
add_one (VodupWindow *window,
         GFile       *file)
{
  GList list = { file, NULL, NULL };

  _vodup_window_add_files (window, &list);
  vodup_test_app_wait_added (window);
  g_assert_cmpuint (n_uploads (window), ==, 1);

  return vodup_test_app_upload_at (window, 0);
}

static const char *
last_toast_title (VodupWindow *window)
{
  AdwToast *toast = _vodup_window_get_last_toast (window);

  g_assert_nonnull (toast);

  return adw_toast_get_title (toast);
}

/* Tests -------------------------------------------------------------------- */

static void
test_empty_state (void)
{
  VodupWindow *window = vodup_test_app_new_window ();

  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "empty");
  g_assert_cmpstr (adw_window_title_get_subtitle (window->window_title), ==, "");
  /* The simulator is on 127.0.0.1: the window says nothing leaves. */
  g_assert_true (gtk_revealer_get_reveal_child (window->simulator_revealer));
  g_assert_false (gtk_revealer_get_reveal_child (window->credentials_revealer));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->total_progress)));
  g_assert_true (VODUP_IS_OPTIONS_PANEL (adw_bin_get_child (window->options_bin)));
}

static void
test_drop_files (void)
{
  VodupWindow *window = vodup_test_app_new_window ();
  g_autoptr(GFile) a = vodup_test_app_make_file ("drop/a.mp4", 4096, 1);
  g_autoptr(GFile) b = vodup_test_app_make_file ("drop/b.MOV", 4096, 2);
  g_autoptr(GFile) notes = vodup_test_app_make_file ("drop/notes.txt", 100, 3);
  GFile *files[] = { a, notes, b };

  /* Slow replies keep both uploads in the list while we look. */
  vodup_test_app_set_faults ("{\"delay_ms\": 200}");

  g_assert_true (drop_files (window, files, G_N_ELEMENTS (files)));
  vodup_test_app_wait_added (window);

  g_assert_cmpuint (n_uploads (window), ==, 2);
  g_assert_true (g_file_equal (vodup_upload_get_file (vodup_test_app_upload_at (window, 0)), a));
  g_assert_true (g_file_equal (vodup_upload_get_file (vodup_test_app_upload_at (window, 1)), b));

  /* One toast, naming the refused file and why. */
  g_assert_cmpuint (_vodup_window_get_n_toasts (window), ==, 1);
  g_assert_nonnull (strstr (last_toast_title (window), "notes.txt"));
  g_assert_nonnull (strstr (last_toast_title (window), "not a video file"));

  /* A row for each, and the list instead of the empty state. */
  vodup_test_app_find_row (window, vodup_test_app_upload_at (window, 0));
  vodup_test_app_find_row (window, vodup_test_app_upload_at (window, 1));
  vodup_test_app_spin_until (shows_queue, window, 10, "the list instead of the empty state");

  /* The same files again, while they are still in the queue: refused. */
  g_assert_true (drop_files (window, files, 1));
  vodup_test_app_wait_added (window);
  g_assert_cmpuint (n_uploads (window), ==, 2);
  g_assert_nonnull (strstr (last_toast_title (window), "already in the queue"));
}

static void
test_drop_folder (void)
{
  VodupWindow *window = vodup_test_app_new_window ();
  g_autoptr(GFile) folder = vodup_test_app_make_dir ("folder");
  g_autoptr(GFile) empty = vodup_test_app_make_dir ("empty-folder");
  g_autoptr(GFile) c = vodup_test_app_make_file ("folder/sub/c.mp4", 4096, 4);
  g_autoptr(GFile) d = vodup_test_app_make_file ("folder/d.txt", 10, 5);
  g_autoptr(GFile) e = vodup_test_app_make_file ("folder/e.mkv", 4096, 6);
  g_autoptr(GFile) hidden = vodup_test_app_make_file ("folder/.hidden.mp4", 4096, 7);
  g_autoptr(GFile) f = vodup_test_app_make_file ("folder/sub/deeper/f.webm", 4096, 8);
  GFile *files[] = { folder };

  vodup_test_app_set_faults ("{\"delay_ms\": 200}");

  g_assert_true (drop_files (window, files, 1));
  vodup_test_app_wait_added (window);

  /* Videos only, depth first in name order; other files in folders quietly stay out. */
  g_assert_cmpuint (n_uploads (window), ==, 3);
  g_assert_true (g_file_equal (vodup_upload_get_file (vodup_test_app_upload_at (window, 0)), e));
  g_assert_true (g_file_equal (vodup_upload_get_file (vodup_test_app_upload_at (window, 1)), c));
  g_assert_true (g_file_equal (vodup_upload_get_file (vodup_test_app_upload_at (window, 2)), f));
  g_assert_cmpuint (_vodup_window_get_n_toasts (window), ==, 0);

  /* A folder without videos is named. */
  files[0] = empty;
  g_assert_true (drop_files (window, files, 1));
  vodup_test_app_wait_added (window);
  g_assert_cmpuint (n_uploads (window), ==, 3);
  g_assert_cmpuint (_vodup_window_get_n_toasts (window), ==, 1);
  g_assert_nonnull (strstr (last_toast_title (window), "empty-folder"));
}

typedef struct
{
  double  last;
  guint   n_changes;
  gboolean went_back;
} Progress;

static void
progress_changed_cb (GtkProgressBar *bar,
                     GParamSpec     *pspec,
                     Progress       *progress)
{
  double fraction = gtk_progress_bar_get_fraction (bar);

  if (fraction < progress->last)
    progress->went_back = TRUE;
  progress->last = fraction;
  progress->n_changes++;
}

typedef struct
{
  GMainLoop *loop;
  char      *text;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  ClipboardRead *read = data;
  g_autoptr(GError) error = NULL;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (read->loop);
}

static char *
read_clipboard (GtkWidget *widget)
{
  ClipboardRead read = { g_main_loop_new (NULL, FALSE), NULL };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_read_cb, &read);
  g_main_loop_run (read.loop);
  g_main_loop_unref (read.loop);

  return read.text;
}

static void
test_upload_done (void)
{
  VodupWindow *window = vodup_test_app_new_window ();
  g_autoptr(GFile) file = vodup_test_app_make_file ("done.mp4", 40 * MiB, 9);
  g_autoptr(JsonObject) state = NULL;
  g_autofree char *clipboard = NULL;
  g_autofree char *expected = NULL;
  Progress progress = { 0 };
  VodupUploadRow *row;
  VodupUpload *upload;
  const char *file_id;

  /* Slow enough for several progress updates. */
  vodup_test_app_set_faults ("{\"delay_ms\": 150}");

  upload = add_one (window, file);
  row = vodup_test_app_find_row (window, upload);
  g_signal_connect (vodup_test_app_row_child (row, "progress"), "notify::fraction",
                    G_CALLBACK (progress_changed_cb), &progress);

  vodup_test_wait_finished (upload, 120);
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_DONE);
  vodup_test_app_wait_frames (GTK_WIDGET (window), 2);

  /* The FileId the simulator gave is on the row. */
  state = vodup_sim_dup_state (vodup_test_app_sim ());
  file_id = json_object_get_string_member (json_array_get_object_element (
                                             json_object_get_array_member (state, "commits"), 0),
                                           "file_id");
  g_assert_cmpstr (vodup_upload_get_file_id (upload), ==, file_id);
  expected = g_strdup_printf ("Done — FileId %s", file_id);
  g_assert_cmpstr (row_status (row), ==, expected);

  /* It moved on the way, and never backwards. */
  g_assert_cmpuint (progress.n_changes, >=, 3);
  g_assert_false (progress.went_back);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (vodup_test_app_row_child (row, "progress")), ==, 1.0);
  g_signal_handlers_disconnect_by_data (vodup_test_app_row_child (row, "progress"), &progress);

  /* Done: copy buttons instead of pause and cancel. */
  g_assert_true (row_button_visible (row, "copy_button"));
  g_assert_false (row_button_visible (row, "pause_button"));
  g_assert_false (row_button_visible (row, "cancel_button"));
  wait_subtitle (window, "1 done");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "upload.copy-file-id", NULL));
  clipboard = read_clipboard (GTK_WIDGET (row));
  g_assert_cmpstr (clipboard, ==, file_id);
  g_assert_cmpstr (last_toast_title (window), ==, "FileId copied");
}

static gboolean
has_sent_bytes (gpointer data)
{
  return vodup_upload_get_state (data) == VODUP_UPLOAD_STATE_UPLOADING &&
         vodup_upload_get_bytes_sent (data) > 0;
}

static void
test_pause_resume (void)
{
  VodupWindow *window = vodup_test_app_new_window ();
  g_autoptr(GFile) file = vodup_test_app_make_file ("pause.mp4", 100 * MiB, 10);
  g_autoptr(JsonObject) state = NULL;
  g_autofree char *local_crc = vodup_test_file_crc64 (file);
  VodupUploadRow *row;
  VodupUpload *upload;
  JsonObject *apply;

  vodup_test_app_set_faults ("{\"delay_ms\": 20}");

  upload = add_one (window, file);
  row = vodup_test_app_find_row (window, upload);
  vodup_test_app_spin_until (has_sent_bytes, upload, 60, "bytes on the way");

  g_assert_true (row_button_visible (row, "pause_button"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "upload.pause", NULL));
  vodup_test_wait_state (upload, VODUP_UPLOAD_STATE_PAUSED, 30);
  vodup_test_app_wait_frames (GTK_WIDGET (window), 2);

  g_assert_true (g_str_has_prefix (row_status (row), "Paused"));
  g_assert_true (row_button_visible (row, "resume_button"));
  g_assert_false (row_button_visible (row, "pause_button"));
  wait_subtitle (window, "1 paused");
  /* Nothing else can run: the header offers Resume All. */
  g_assert_true (gtk_widget_get_visible (window->resume_all_button));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "upload.resume", NULL));
  vodup_test_wait_finished (upload, 120);
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_DONE);

  /* The CRC-64 of what arrived is the file's. */
  state = vodup_sim_dup_state (vodup_test_app_sim ());
  apply = json_array_get_object_element (json_object_get_array_member (state, "applies"), 0);
  g_assert_cmpstr (vodup_upload_get_crc64 (upload), ==, local_crc);
  g_assert_cmpstr (vodup_test_sim_object_crc (state, json_object_get_string_member (apply, "media_storage_path")),
                   ==, local_crc);
}

static gboolean
parts_on_the_way (gpointer data)
{
  return vodup_sim_get_counter (vodup_test_app_sim (), "UploadPart") > 0;
}

static void
test_cancel (void)
{
  VodupWindow *window = vodup_test_app_new_window ();
  g_autoptr(GFile) file = vodup_test_app_make_file ("cancel.mp4", 100 * MiB, 11);
  g_autoptr(JsonObject) state = NULL;
  VodupUploadRow *row;
  VodupUpload *upload;
  JsonObject *multipart;

  vodup_test_app_set_faults ("{\"delay_ms\": 100}");

  upload = add_one (window, file);
  row = vodup_test_app_find_row (window, upload);
  vodup_test_app_spin_until (parts_on_the_way, NULL, 60, "parts on the way");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "upload.cancel", NULL));
  vodup_test_wait_finished (upload, 60);
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_CANCELLED);

  /* The multipart upload is gone from COS too. */
  vodup_test_wait_counter (vodup_test_app_sim (), "AbortMultipartUpload", 1, 30);
  state = vodup_sim_dup_state (vodup_test_app_sim ());
  multipart = json_array_get_object_element (json_object_get_array_member (state, "multipart_uploads"), 0);
  g_assert_cmpstr (json_object_get_string_member (multipart, "state"), ==, "aborted");
  g_assert_cmpint (vodup_sim_get_counter (vodup_test_app_sim (), "CommitUpload"), ==, 0);

  vodup_test_app_wait_frames (GTK_WIDGET (window), 2);
  g_assert_cmpstr (row_status (row), ==, "Cancelled");
  g_assert_true (row_button_visible (row, "retry_button"));
  g_assert_true (row_button_visible (row, "remove_button"));

  /* Remove takes it off the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "upload.remove", NULL));
  g_assert_cmpuint (n_uploads (window), ==, 0);
  vodup_test_app_wait_frames (GTK_WIDGET (window), 2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "empty");
}

static void
test_retry (void)
{
  VodupWindow *window = vodup_test_app_new_window ();
  g_autoptr(GFile) file = vodup_test_app_make_file ("retry.mp4", 64 * 1024, 12);
  VodupUploadRow *row;
  VodupUpload *upload;

  /* A new account: ApplyUpload wants a SubAppId. */
  vodup_test_app_set_faults ("{\"require_sub_app_id\": true}");

  upload = add_one (window, file);
  row = vodup_test_app_find_row (window, upload);
  vodup_test_wait_finished (upload, 30);
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_FAILED);
  vodup_test_app_wait_frames (GTK_WIDGET (window), 2);

  g_assert_true (g_str_has_prefix (row_status (row), "Failed: "));
  g_assert_cmpuint (strlen (row_status (row)), >, strlen ("Failed: "));
  g_assert_true (gtk_widget_has_css_class (vodup_test_app_row_child (row, "status"), "error"));
  g_assert_true (row_button_visible (row, "retry_button"));
  wait_subtitle (window, "1 failed");

  vodup_test_app_set_faults ("{\"require_sub_app_id\": false}");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "upload.retry", NULL));
  vodup_test_wait_finished (upload, 30);
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_DONE);
  vodup_test_app_wait_frames (GTK_WIDGET (window), 2);
  g_assert_true (g_str_has_prefix (row_status (row), "Done — FileId "));
  g_assert_false (gtk_widget_has_css_class (vodup_test_app_row_child (row, "status"), "error"));
}

static gboolean
has_notice (gpointer data)
{
  return vodup_upload_get_notice (data) != NULL;
}

/* A notice from the engine (here: a restart after the temporary
 * credential expired) leads the row's status line while it applies. */
static void
test_notice (void)
{
  VodupWindow *window = vodup_test_app_new_window ();
  g_autoptr(GFile) file = vodup_test_app_make_file ("notice.mp4", 100 * MiB, 13);
  VodupUploadRow *row;
  VodupUpload *upload;

  vodup_test_app_set_faults ("{\"delay_ms\": 20}");

  upload = add_one (window, file);
  row = vodup_test_app_find_row (window, upload);
  vodup_test_app_spin_until (parts_on_the_way, NULL, 60, "parts on the way");

  vodup_test_app_set_faults ("{\"expire_credentials\": true}");
  vodup_test_app_spin_until (has_notice, upload, 60, "a notice");
  vodup_test_app_wait_frames (GTK_WIDGET (window), 2);
  g_assert_true (g_str_has_prefix (row_status (row), vodup_upload_get_notice (upload)));
  g_assert_true (g_str_has_prefix (row_status (row), "The temporary upload credential from VOD expired"));

  vodup_test_app_set_faults ("{\"delay_ms\": null}");
  vodup_test_wait_finished (upload, 120);
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_DONE);
  vodup_test_app_wait_frames (GTK_WIDGET (window), 2);
  /* Once over, the outcome says it all. */
  g_assert_true (g_str_has_prefix (row_status (row), "Done — FileId "));
}

static gboolean
problem_known (gpointer data)
{
  VodupApplication *application = data;

  return !vodup_application_get_looking_up (application) &&
         vodup_application_get_credentials_problem (application) != NULL;
}

static gboolean
problem_gone (gpointer data)
{
  VodupApplication *application = data;

  return !vodup_application_get_looking_up (application) &&
         vodup_application_get_credentials_problem (application) == NULL;
}

/* Without usable clients, files wait in the queue; the banner says why. */
static void
test_waits_for_clients (void)
{
  VodupApplication *application = vodup_test_app_application ();
  VodupWindow *window = vodup_test_app_new_window ();
  g_autoptr(GFile) file = vodup_test_app_make_file ("later.mp4", 64 * 1024, 13);
  g_autofree char *endpoint = g_strdup (g_getenv ("VODUP_API_ENDPOINT"));
  VodupUpload *upload;

  /* Plain http to a host that is not loopback is refused before any request. */
  g_setenv ("VODUP_API_ENDPOINT", "http://vod.example.com", TRUE);
  vodup_application_reload_credentials (application);
  vodup_test_app_spin_until (problem_known, application, 10, "the endpoint problem");
  vodup_test_app_wait_frames (GTK_WIDGET (window), 1);
  g_assert_true (gtk_revealer_get_reveal_child (window->credentials_revealer));
  g_assert_false (gtk_revealer_get_reveal_child (window->simulator_revealer));
  g_assert_cmpstr (gtk_label_get_label (window->credentials_label), !=, "");

  upload = add_one (window, file);
  vodup_test_app_spin_ms (300);
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_QUEUED);
  g_assert_cmpint (vodup_sim_get_counter (vodup_test_app_sim (), "ApplyUpload"), ==, 0);

  g_setenv ("VODUP_API_ENDPOINT", endpoint, TRUE);
  vodup_application_reload_credentials (application);
  vodup_test_app_spin_until (problem_gone, application, 10, "the clients");
  vodup_test_wait_finished (upload, 30);
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_DONE);
  g_assert_false (gtk_revealer_get_reveal_child (window->credentials_revealer));
  g_assert_true (gtk_revealer_get_reveal_child (window->simulator_revealer));
}

static void
cleared_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GError) error = NULL;

  vodup_secret_store_clear_finish (VODUP_SECRET_STORE (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* First run: no key in the keyring, none in the environment. */
static void
test_no_key (void)
{
  VodupApplication *application = vodup_test_app_application ();
  g_autoptr(VodupSecretStore) store = NULL;
  VodupWindow *window;
  gboolean cleared = FALSE;

  if (g_getenv ("VODUP_HEADLESS") == NULL)
    {
      g_test_skip ("Needs the throwaway keyring of build-aux/run-headless.sh");
      return;
    }

  window = vodup_test_app_new_window ();
  store = vodup_secret_store_new ();
  vodup_secret_store_clear_async (store, NULL, cleared_cb, &cleared);
  vodup_test_app_spin_until (is_true, &cleared, 10, "the keyring to forget the key");

  g_unsetenv ("TENCENTCLOUD_SECRET_ID");
  g_unsetenv ("TENCENTCLOUD_SECRET_KEY");
  vodup_application_reload_credentials (application);
  vodup_test_app_spin_until (problem_known, application, 10, "the missing key");

  g_assert_null (vodup_application_get_vod_client (application));
  g_assert_true (gtk_revealer_get_reveal_child (window->credentials_revealer));
  g_assert_nonnull (strstr (gtk_label_get_label (window->credentials_label), "Preferences"));

  g_setenv ("TENCENTCLOUD_SECRET_ID", VODUP_SIM_SECRET_ID, TRUE);
  g_setenv ("TENCENTCLOUD_SECRET_KEY", VODUP_SIM_SECRET_KEY, TRUE);
  vodup_application_reload_credentials (application);
  vodup_test_app_spin_until (problem_gone, application, 10, "the clients");
  g_assert_nonnull (vodup_application_get_vod_client (application));
  g_assert_false (gtk_revealer_get_reveal_child (window->credentials_revealer));
}

/* Transfer settings reach the queue: one file at a time leaves one queued. */
static void
test_transfer_settings (void)
{
  VodupApplication *application = vodup_test_app_application ();
  GSettings *settings = vodup_application_get_settings (application);
  VodupWindow *window = vodup_test_app_new_window ();
  g_autoptr(GFile) a = vodup_test_app_make_file ("one/a.mp4", 64 * 1024, 14);
  g_autoptr(GFile) b = vodup_test_app_make_file ("one/b.mp4", 64 * 1024, 15);
  GFile *files[] = { a, b };

  g_settings_set_uint (settings, "files-in-flight", 1);
  vodup_test_app_set_faults ("{\"delay_ms\": 300}");

  g_assert_true (drop_files (window, files, 2));
  vodup_test_app_wait_added (window);
  wait_subtitle (window, "1 uploading, 1 queued");
  g_assert_cmpint (vodup_upload_get_state (vodup_test_app_upload_at (window, 1)), ==,
                   VODUP_UPLOAD_STATE_QUEUED);
  vodup_test_app_wait_frames (GTK_WIDGET (window), 1);
  /* A batch of two has a total progress bar. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->total_progress)));

  vodup_test_wait_finished (vodup_test_app_upload_at (window, 1), 60);
  wait_subtitle (window, "2 done");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->total_progress)));

  g_settings_reset (settings, "files-in-flight");
}

static gboolean
is_inside (GtkWidget *widget,
           GtkWidget *ancestor)
{
  return widget != NULL && (widget == ancestor || gtk_widget_is_ancestor (widget, ancestor));
}

/* Tab alone reaches a row's buttons and the header's. */
static void
test_keyboard (void)
{
  VodupWindow *window = vodup_test_app_new_window ();
  g_autoptr(GFile) file = vodup_test_app_make_file ("keys.mp4", 40 * MiB, 16);
  gboolean reached_pause = FALSE;
  VodupUploadRow *row;
  VodupUpload *upload;

  vodup_test_app_set_faults ("{\"delay_ms\": 500}");
  upload = add_one (window, file);
  row = vodup_test_app_find_row (window, upload);
  vodup_test_app_wait_frames (GTK_WIDGET (window), 2);

  for (guint i = 0; i < 60 && !reached_pause; i++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      reached_pause = is_inside (focus, vodup_test_app_row_child (row, "pause_button"));
    }

  g_assert_true (reached_pause);
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type))
        return toplevel;
    }

  return NULL;
}

static gboolean
toplevel_shown (gpointer data)
{
  GtkWindow *toplevel = find_toplevel (GPOINTER_TO_SIZE (data));

  return toplevel != NULL && gtk_widget_get_mapped (GTK_WIDGET (toplevel));
}

static gboolean
toplevel_gone (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

/* The primary menu's entries and Ctrl+? lead somewhere. */
static void
test_dialogs (void)
{
  VodupWindow *window = vodup_test_app_new_window ();
  GActionGroup *actions = G_ACTION_GROUP (vodup_test_app_application ());

  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

  g_action_group_activate_action (actions, "about", NULL);
  vodup_test_app_spin_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_ABOUT_WINDOW), 10, "About");
  g_assert_true (gtk_window_get_transient_for (find_toplevel (ADW_TYPE_ABOUT_WINDOW)) == GTK_WINDOW (window));
  gtk_window_destroy (find_toplevel (ADW_TYPE_ABOUT_WINDOW));

  g_action_group_activate_action (actions, "preferences", NULL);
  vodup_test_app_spin_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_PREFERENCES_WINDOW), 10,
                             "Preferences");
  gtk_window_destroy (find_toplevel (ADW_TYPE_PREFERENCES_WINDOW));
  vodup_test_app_spin_until (toplevel_gone, GSIZE_TO_POINTER (ADW_TYPE_PREFERENCES_WINDOW), 10,
                             "Preferences to close");
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
upload_stopped (gpointer data)
{
  return !vodup_upload_is_running (data);
}

static void
assert_recorded_unpaused (VodupUpload *upload)
{
  g_autoptr(GPtrArray) records = vodup_journal_list ();
  gboolean found = FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);

      if (g_strcmp0 (json_object_get_string_member (record, "id"), vodup_upload_get_id (upload)) != 0)
        continue;

      found = TRUE;
      g_assert_cmpstr (json_object_get_string_member (record, "state"), !=, "paused");
      g_assert_true (json_object_has_member (record, "media"));
    }

  g_assert_true (found);
}

/* Closing with an upload under way asks first; an idle window just closes
 * and remembers its size. Closing shuts the application's queue down for
 * good (it starts nothing more), so this test runs last. */
static void
test_close (void)
{
  GSettings *settings = vodup_application_get_settings (vodup_test_app_application ());
  VodupWindow *window = vodup_test_app_new_window ();
  g_autoptr(GFile) file = vodup_test_app_make_file ("close.mp4", 100 * MiB, 17);
  AdwMessageDialog *dialog;
  VodupUpload *upload;

  vodup_test_app_set_faults ("{\"delay_ms\": 100}");
  upload = add_one (window, file);
  vodup_test_app_spin_until (parts_on_the_way, NULL, 60, "parts on the way");

  /* "Keep Uploading" keeps everything. */
  gtk_window_close (GTK_WINDOW (window));
  vodup_test_app_spin_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 10, "the question");
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "1 upload is not finished"));
  /* As its "Keep Uploading" button does: respond, then close. */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  vodup_test_app_spin_until (toplevel_gone, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 10, "no question");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_false (vodup_upload_is_finished (upload));

  /* "Stop and Close" stops the transfer and closes, keeping the upload
   * for the next start: nothing aborted, the journal record as it was. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  vodup_test_app_spin_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 10, "the question");
  dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "continue the next time"));
  adw_message_dialog_response (dialog, "confirm");
  gtk_window_close (GTK_WINDOW (dialog));
  vodup_test_app_spin_until (window_gone, &window, 10, "the window to close");
  vodup_test_app_spin_until (upload_stopped, upload, 30, "the upload to stop");
  g_assert_false (vodup_upload_is_finished (upload));
  g_assert_cmpint (vodup_sim_get_counter (vodup_test_app_sim (), "AbortMultipartUpload"), ==, 0);
  assert_recorded_unpaused (upload);

  /* Nothing running: no question, and the size is kept. */
  window = vodup_test_app_new_window ();
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 500);
  vodup_test_app_wait_frames (GTK_WIDGET (window), 2);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  vodup_test_app_spin_until (window_gone, &window, 10, "the window to close");
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 500);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

/* Ctrl+O opens a file chooser for several videos (GtkFileChooserNative
 * falls back to a GtkFileChooserDialog without a portal); cancelling it is
 * quiet. What it returns goes through _vodup_window_add_files(), as above. */
static void
test_file_chooser (void)
{
  VodupWindow *window = vodup_test_app_new_window ();
  GtkFileFilter *filter;
  GtkWindow *chooser;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-files", NULL));
  vodup_test_app_spin_until (toplevel_shown, GSIZE_TO_POINTER (GTK_TYPE_FILE_CHOOSER_DIALOG), 10,
                             "the file chooser");
  chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_cmpstr (gtk_window_get_title (chooser), ==, "Add Videos");
  g_assert_true (gtk_window_get_modal (chooser));
  g_assert_true (gtk_window_get_transient_for (chooser) == GTK_WINDOW (window));
  g_assert_true (gtk_file_chooser_get_select_multiple (GTK_FILE_CHOOSER (chooser)));
  filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
  g_assert_nonnull (filter);
  g_assert_cmpstr (gtk_file_filter_get_name (filter), ==, "Videos");

  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  vodup_test_app_spin_ms (200);
  g_assert_false (toplevel_shown (GSIZE_TO_POINTER (GTK_TYPE_FILE_CHOOSER_DIALOG)));
  g_assert_cmpuint (n_uploads (window), ==, 0);
  g_assert_cmpuint (_vodup_window_get_n_toasts (window), ==, 0);
}

/* "vodup FILE…" and files opened from a file manager. */
static void
test_open (void)
{
  VodupWindow *window = vodup_test_app_new_window ();
  g_autoptr(GFile) file = vodup_test_app_make_file ("opened.mp4", 4096, 18);

  g_application_open (G_APPLICATION (vodup_test_app_application ()), &file, 1, "");
  vodup_test_app_wait_added (window);
  g_assert_cmpuint (n_uploads (window), ==, 1);
  g_assert_true (g_file_equal (vodup_upload_get_file (vodup_test_app_upload_at (window, 0)), file));
}

typedef struct
{
  VodupUploadRow *row;
  gboolean        saw_processing;
} TaskWatch;

static gboolean
task_processed (gpointer data)
{
  TaskWatch *watch = data;
  const char *status = row_status (watch->row);

  watch->saw_processing |= strstr (status, " · Processing ") != NULL;

  return g_str_has_suffix (status, " · Processed");
}

/* With a task flow, the row follows VOD's processing after the upload. */
static void
test_procedure (void)
{
  VodupWindow *window = vodup_test_app_new_window ();
  g_autoptr(GFile) file = vodup_test_app_make_file ("task.mp4", 64 * 1024, 19);
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  TaskWatch watch = { NULL, FALSE };
  VodupUpload *upload;

  options->procedure = g_strdup ("LongVideoPreset");
  upload = vodup_upload_queue_add_file (vodup_window_get_queue (window), file, options);
  vodup_upload_set_task_poll_interval (upload, 100);
  watch.row = vodup_test_app_find_row (window, upload);

  vodup_test_wait_finished (upload, 30);
  g_assert_cmpint (vodup_upload_get_state (upload), ==, VODUP_UPLOAD_STATE_DONE);
  vodup_test_app_spin_until (task_processed, &watch, 30, "the task flow to finish");
  g_assert_true (watch.saw_processing);
  g_assert_true (g_str_has_prefix (row_status (watch.row), "Done — FileId "));
  g_assert_nonnull (vodup_upload_get_procedure_task_id (upload));
}

int
main (int   argc,
      char *argv[])
{
  vodup_test_app_init (&argc, &argv);

  g_test_add_func ("/app/window/empty-state", test_empty_state);
  g_test_add_func ("/app/window/drop-files", test_drop_files);
  g_test_add_func ("/app/window/drop-folder", test_drop_folder);
  g_test_add_func ("/app/window/upload-done", test_upload_done);
  g_test_add_func ("/app/window/pause-resume", test_pause_resume);
  g_test_add_func ("/app/window/cancel", test_cancel);
  g_test_add_func ("/app/window/retry", test_retry);
  g_test_add_func ("/app/window/notice", test_notice);
  g_test_add_func ("/app/window/waits-for-clients", test_waits_for_clients);
  g_test_add_func ("/app/window/no-key", test_no_key);
  g_test_add_func ("/app/window/transfer-settings", test_transfer_settings);
  g_test_add_func ("/app/window/keyboard", test_keyboard);
  g_test_add_func ("/app/window/dialogs", test_dialogs);
  g_test_add_func ("/app/window/open", test_open);
  g_test_add_func ("/app/window/file-chooser", test_file_chooser);
  g_test_add_func ("/app/window/procedure", test_procedure);
  /* Last: see test_close(). */
  g_test_add_func ("/app/window/close", test_close);

  return vodup_test_app_run ();
}
