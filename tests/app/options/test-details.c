/* test-details.c: the upload details window for finished uploads
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "test-options-util.h"
#include "vodup-upload-details.h"

static const char *
row_subtitle (GtkWidget  *window,
              const char *title)
{
  GtkWidget *row = test_ui_find_row (window, title);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static char *
event_text (GtkWidget *window)
{
  GtkTextView *view = GTK_TEXT_VIEW (gtk_widget_get_template_child (window, VODUP_TYPE_UPLOAD_DETAILS,
                                                                    "event_view"));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
has_text (gpointer data)
{
  return *(char **) data != NULL;
}

static char *
clipboard_text (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, read_text_cb, &text);
  test_ui_wait (has_text, &text, 10);

  return text;
}

static void
test_finished_upload (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(GFile) file = vodup_test_make_file (env, "Holiday.mp4", 3000, 11);
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  g_autofree char *expected_event = NULL;
  g_autofree char *shown_event = NULL;
  g_autofree char *copied = NULL;
  VodupUpload *upload;
  GtkWidget *window;

  options->source_context = g_strdup ("job-42");
  upload = vodup_upload_queue_add_file (env->queue, file, options);
  vodup_test_wait_finished (upload, 60);
  g_assert_null (vodup_upload_get_error (upload));

  window = vodup_upload_details_new (upload);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_cmpstr (row_subtitle (window, "File ID"), ==, vodup_upload_get_file_id (upload));
  g_assert_cmpstr (row_subtitle (window, "Media URL"), ==, vodup_upload_get_media_url (upload));
  g_assert_cmpstr (row_subtitle (window, "CRC-64"), ==, vodup_upload_get_crc64 (upload));
  g_assert_cmpstr (row_subtitle (window, "Source Context"), ==, "job-42");
  g_assert_cmpstr (row_subtitle (window, "ApplyUpload Request ID"), ==,
                   vodup_upload_get_apply_request_id (upload));
  g_assert_cmpstr (row_subtitle (window, "CommitUpload Request ID"), ==,
                   vodup_upload_get_commit_request_id (upload));
  /* No cover was chosen, no task flow either. */
  g_assert_false (gtk_widget_get_visible (test_ui_find_row (window, "Cover URL")));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (window,
                                                                                    VODUP_TYPE_UPLOAD_DETAILS,
                                                                                    "task_group"))));

  /* The event exactly as the backend will receive it. */
  expected_event = vodup_upload_dup_event_json (upload);
  shown_event = event_text (window);
  g_assert_cmpstr (shown_event, ==, expected_event);
  g_assert_nonnull (strstr (shown_event, vodup_upload_get_file_id (upload)));
  g_assert_nonnull (strstr (shown_event, "NewFileUpload"));
  test_ui_screenshot (window, "upload-details");

  g_assert_true (gtk_widget_activate_action (window, "details.copy", "s", "file-id"));
  copied = clipboard_text (window);
  g_assert_cmpstr (copied, ==, vodup_upload_get_file_id (upload));
  g_clear_pointer (&copied, g_free);

  g_assert_true (gtk_widget_activate_action (window, "details.copy", "s", "event"));
  copied = clipboard_text (window);
  g_assert_cmpstr (copied, ==, expected_event);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
task_finished (gpointer data)
{
  const VodupTaskStatus *status = vodup_upload_get_task_status (data);

  return status != NULL && status->finished;
}

static void
test_task_flow_live (void)
{
  g_autoptr(VodupTestEnv) env = vodup_test_env_new (TRUE, NULL);
  g_autoptr(GFile) file = vodup_test_make_file (env, "Flow.mp4", 2000, 12);
  g_autoptr(VodupUploadOptions) options = vodup_upload_options_new ();
  VodupUpload *upload;
  GtkWidget *window;

  options->procedure = g_strdup ("LongVideoPreset");
  upload = vodup_upload_queue_add_file (env->queue, file, options);
  vodup_upload_set_task_poll_interval (upload, 50);

  /* Opened while the upload runs: the window follows it to the end. */
  window = vodup_upload_details_new (upload);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (row_subtitle (window, "File ID"), ==, "—");

  vodup_test_wait_finished (upload, 60);
  g_assert_null (vodup_upload_get_error (upload));
  g_assert_cmpstr (row_subtitle (window, "File ID"), ==, vodup_upload_get_file_id (upload));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (window,
                                                                                   VODUP_TYPE_UPLOAD_DETAILS,
                                                                                   "task_group"))));

  test_ui_wait (task_finished, upload, 30);
  g_assert_cmpstr (row_subtitle (window, "Task ID"), ==, vodup_upload_get_procedure_task_id (upload));
  g_assert_cmpstr (row_subtitle (window, "Status"), ==, "Finished");
  test_ui_screenshot (window, "upload-details-task");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv);

  g_test_add_func ("/upload-details/finished-upload", test_finished_upload);
  g_test_add_func ("/upload-details/task-flow-live", test_task_flow_live);

  return g_test_run ();
}
