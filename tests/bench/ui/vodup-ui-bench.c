/* vodup-ui-bench.c: does the window keep up?
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A benchmark, not a test (tests/bench/ui/README.md; run-ui-bench.sh runs it):
 *
 *   vodup-ui-bench latency [--animate] FILE…
 *     main-loop lateness and frames while the files upload (the environment
 *     points the app at a simulator, with its keys)
 *   vodup-ui-bench add DIR N
 *     adding a folder of N videos, scrolling through them, memory (no key:
 *     the queue holds the files)
 *
 * Results are printed as Markdown tables.
 */

#include "config.h"

#include <locale.h>
#include <malloc.h>
#include <stdlib.h>
#include <time.h>

#include "vodup-application.h"
#include "vodup-upload-row.h"
#include "vodup-window-private.h"

/* How late a 1 ms timeout fires is how long the main loop was busy with
 * something else. */
#define PROBE_INTERVAL_MS 1

typedef struct
{
  GArray *lateness;   /* gint64, µs per firing */
  gint64  expected;
  guint   source;
} Probe;

typedef struct
{
  GdkFrameClock *clock;
  GArray        *gaps;     /* gint64, µs from one after-paint to the next */
  GArray        *builds;   /* gint64, µs from before-paint to after-paint */
  gint64         before_paint;
  gint64         last_after_paint;
  guint64        n_frames;
} Frames;

typedef struct
{
  VodupApplication *application;
  VodupWindow      *window;
  Probe             probe;
  Frames            frames;
} Bench;

static gboolean animate;
static int      baseline_seconds = 3;
static int      timeout_seconds = 600;
static double   scroll_step = 1.0;
static gboolean stop_after_add;

/* Helpers ------------------------------------------------------------------ */

static void G_GNUC_NORETURN G_GNUC_PRINTF (1, 2)
die (const char *format,
     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("vodup-ui-bench: %s\n", message);
  exit (1);
}

static gint64
cpu_time_us (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);

  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* A "Name:   123 kB" line of /proc/self/status, in KiB. */
static guint64
proc_status_kib (const char *name)
{
  g_autofree char *contents = NULL;
  g_autofree char *key = g_strconcat ("\n", name, ":", NULL);
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &contents, NULL, NULL))
    return 0;

  line = strstr (contents, key);

  return line != NULL ? g_ascii_strtoull (line + strlen (key), NULL, 10) : 0;
}

static double
mib (guint64 kib)
{
  return kib / 1024.0;
}

/* What the heap holds for the program, in KiB, as opposed to the pages it
 * keeps mapped (RSS): freed memory stays in the process. */
static guint64
heap_in_use_kib (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return (info.uordblks + info.hblkhd) / 1024;
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;

  return G_SOURCE_REMOVE;
}

/* Every state change the checks look at happens on this main context, so
 * the loop wakes up for each; no polling source disturbs the probe. */
static void
spin_until (gboolean   (*check) (gpointer data),
            gpointer     data,
            const char  *what)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (timeout_seconds, timed_out_cb, &timed_out);

  while (!check (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    die ("waited %d s for %s", timeout_seconds, what);
  g_source_remove (timeout);
}

static void
spin_ms (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, timed_out_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Statistics --------------------------------------------------------------- */

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Nearest rank, in ms. */
static double
percentile_ms (GArray *sorted,
               guint   percent)
{
  guint rank = (percent * sorted->len + 99) / 100;

  if (sorted->len == 0)
    return 0;

  return g_array_index (sorted, gint64, CLAMP (rank, 1, sorted->len) - 1) / 1000.0;
}

static void
print_table_head (const char *title)
{
  g_print ("\n%s\n\n", title);
  g_print ("| series | n | p50 ms | p95 ms | p99 ms | max ms | over 20 ms |\n");
  g_print ("|---|---:|---:|---:|---:|---:|---:|\n");
}

static void
print_series (const char *what,
              GArray     *values)
{
  g_autoptr(GArray) sorted = g_array_copy (values);
  guint over = 0;

  g_array_sort (sorted, compare_int64);
  for (guint i = 0; i < sorted->len; i++)
    over += g_array_index (sorted, gint64, i) > 20000;

  g_print ("| %s | %u | %.2f | %.2f | %.2f | %.2f | %u |\n",
           what, sorted->len, percentile_ms (sorted, 50), percentile_ms (sorted, 95),
           percentile_ms (sorted, 99), percentile_ms (sorted, 100), over);
}

/* Gaps between frames only say something while every frame is painted;
 * otherwise they are the time between two redraws the app asked for. */
static void
print_frames (Bench    *bench,
              gboolean  every_frame)
{
  if (every_frame)
    print_series ("frame gap (after-paint to after-paint)", bench->frames.gaps);
  print_series ("frame build (before-paint to after-paint)", bench->frames.builds);
}

/* Probe: main-loop lateness ------------------------------------------------ */

static gboolean probe_cb (gpointer data);

static void
probe_arm (Probe *probe)
{
  probe->expected = g_get_monotonic_time () + PROBE_INTERVAL_MS * 1000;
  probe->source = g_timeout_add (PROBE_INTERVAL_MS, probe_cb, probe);
}

/* One-shot and re-armed, so each sample is one wait, not a drifting period. */
static gboolean
probe_cb (gpointer data)
{
  Probe *probe = data;
  gint64 lateness = g_get_monotonic_time () - probe->expected;

  g_array_append_val (probe->lateness, lateness);
  probe_arm (probe);

  return G_SOURCE_REMOVE;
}

static void
probe_start (Probe *probe)
{
  g_array_set_size (probe->lateness, 0);
  probe_arm (probe);
}

static void
probe_stop (Probe *probe)
{
  g_clear_handle_id (&probe->source, g_source_remove);
}

/* Frames ------------------------------------------------------------------- */

static void
before_paint_cb (GdkFrameClock *clock,
                 Frames        *frames)
{
  frames->before_paint = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Frames        *frames)
{
  gint64 now = g_get_monotonic_time ();

  if (frames->last_after_paint != 0)
    {
      gint64 gap = now - frames->last_after_paint;

      g_array_append_val (frames->gaps, gap);
    }
  if (frames->before_paint != 0)
    {
      gint64 build = now - frames->before_paint;

      g_array_append_val (frames->builds, build);
    }

  frames->last_after_paint = now;
  frames->n_frames++;
}

static void
frames_reset (Frames *frames)
{
  g_array_set_size (frames->gaps, 0);
  g_array_set_size (frames->builds, 0);
  frames->before_paint = 0;
  frames->last_after_paint = 0;
}

static void
frames_watch (Frames    *frames,
              GtkWidget *widget)
{
  frames->clock = gtk_widget_get_frame_clock (widget);
  g_assert (frames->clock != NULL);

  g_signal_connect (frames->clock, "before-paint", G_CALLBACK (before_paint_cb), frames);
  g_signal_connect (frames->clock, "after-paint", G_CALLBACK (after_paint_cb), frames);
}

typedef struct
{
  Frames  *frames;
  guint64  until;
} FrameWait;

static gboolean
frames_reached (gpointer data)
{
  FrameWait *wait = data;

  return wait->frames->n_frames >= wait->until;
}

/* Lets n frames be painted (layout, paint), asking for them. */
static void
frames_wait (Bench *bench,
             guint  n)
{
  FrameWait wait = { &bench->frames, bench->frames.n_frames + n };

  gdk_frame_clock_begin_updating (bench->frames.clock);
  spin_until (frames_reached, &wait, "frames");
  gdk_frame_clock_end_updating (bench->frames.clock);
}

/* The app ------------------------------------------------------------------ */

static gboolean
lookup_settled (gpointer data)
{
  return !vodup_application_get_looking_up (data);
}

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
bench_init (Bench *bench)
{
  g_autoptr(GError) error = NULL;

  gtk_init ();
  adw_init ();
  /* The tables are read by scripts: a decimal point, whatever the locale. */
  setlocale (LC_NUMERIC, "C");

  bench->probe.lateness = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench->frames.gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench->frames.builds = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* As the tests make it: not unique, so it runs beside a real instance. */
  bench->application = g_object_new (VODUP_TYPE_APPLICATION,
                                     "application-id", APP_ID,
                                     "resource-base-path", "/io/github/vodup/Vodup",
                                     "flags", G_APPLICATION_NON_UNIQUE,
                                     NULL);
  if (!g_application_register (G_APPLICATION (bench->application), NULL, &error))
    die ("registering the application: %s", error->message);
  spin_until (lookup_settled, bench->application, "the API key lookup");

  bench->window = vodup_window_new (bench->application);
  gtk_window_present (GTK_WINDOW (bench->window));
  spin_until (window_mapped, bench->window, "the window to map");

  frames_watch (&bench->frames, GTK_WIDGET (bench->window));
  frames_wait (bench, 5);
}

static void
bench_finish (Bench *bench)
{
  vodup_upload_queue_cancel_all (vodup_application_get_queue (bench->application));
  gtk_window_destroy (GTK_WINDOW (bench->window));
  spin_ms (100);
  g_clear_object (&bench->application);
}

static void
print_setup (Bench *bench)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (bench->window));

  g_print ("\nWindow %d × %d px, renderer %s, GTK %u.%u.%u, libadwaita %u.%u.%u\n",
           gtk_widget_get_width (GTK_WIDGET (bench->window)),
           gtk_widget_get_height (GTK_WIDGET (bench->window)),
           renderer ? G_OBJECT_TYPE_NAME (renderer) : "none",
           gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
           adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version ());
}

/* Which row shows upload, if the list made one. */
static VodupUploadRow *
find_row (GtkWidget   *widget,
          VodupUpload *upload)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      VodupUploadRow *row;

      if (VODUP_IS_UPLOAD_ROW (child) &&
          vodup_upload_row_get_upload (VODUP_UPLOAD_ROW (child)) == upload)
        return VODUP_UPLOAD_ROW (child);

      if ((row = find_row (child, upload)) != NULL)
        return row;
    }

  return NULL;
}

static guint
count_rows (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += VODUP_IS_UPLOAD_ROW (child) ? 1 : count_rows (child);

  return n;
}

static VodupUpload *
upload_at (Bench *bench,
           guint  position)
{
  GListModel *model = G_LIST_MODEL (vodup_window_get_queue (bench->window));
  g_autoptr(VodupUpload) upload = g_list_model_get_item (model, position);

  /* The queue keeps it alive. */
  return upload;
}

static gboolean
nothing_adding (gpointer data)
{
  return _vodup_window_get_n_adding (data) == 0;
}

/* latency: four big uploads ------------------------------------------------ */

static gboolean
all_finished (gpointer data)
{
  GListModel *model = data;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VodupUpload) upload = g_list_model_get_item (model, i);

      if (!vodup_upload_is_finished (upload))
        return FALSE;
    }

  return TRUE;
}

/* Lateness and frames with nothing uploading, to compare with. */
static void
measure_idle (Bench *bench)
{
  if (animate)
    gdk_frame_clock_begin_updating (bench->frames.clock);
  frames_reset (&bench->frames);
  probe_start (&bench->probe);

  spin_ms (baseline_seconds * 1000);

  probe_stop (&bench->probe);
  if (animate)
    gdk_frame_clock_end_updating (bench->frames.clock);

  print_table_head ("### Idle (window shown, queue empty)");
  print_series ("1 ms timeout lateness", bench->probe.lateness);
  print_frames (bench, animate);
}

/* Every upload must be done, or the numbers mean nothing. */
static guint64
check_uploads (GListModel *model)
{
  guint64 total = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VodupUpload) upload = g_list_model_get_item (model, i);

      if (vodup_upload_get_state (upload) != VODUP_UPLOAD_STATE_DONE)
        die ("%s did not upload: %s", vodup_upload_get_display_name (upload),
             vodup_upload_get_error (upload) ? vodup_upload_get_error (upload)->message : "?");
      total += vodup_upload_get_bytes_total (upload);
    }

  return total;
}

static void
run_latency (Bench  *bench,
             char  **paths)
{
  GSettings *settings = vodup_application_get_settings (bench->application);
  GListModel *model = G_LIST_MODEL (vodup_application_get_queue (bench->application));
  g_autolist(GFile) files = NULL;
  guint n_files = g_strv_length (paths);
  gint64 start, end, cpu_start, main_start;
  guint64 total;
  double seconds;

  if (vodup_application_get_vod_client (bench->application) == NULL)
    die ("no API client: %s", vodup_application_get_credentials_problem (bench->application));

  print_setup (bench);
  g_print ("Frames: %s\n", animate ? "every frame (as while an animation runs)"
                                   : "on demand (as the app draws by itself)");
  measure_idle (bench);

  /* All at once. */
  g_settings_set_uint (settings, "files-in-flight", MAX (n_files, 1));
  for (guint i = 0; i < n_files; i++)
    files = g_list_append (files, g_file_new_for_commandline_arg (paths[i]));

  if (animate)
    gdk_frame_clock_begin_updating (bench->frames.clock);
  frames_reset (&bench->frames);
  probe_start (&bench->probe);
  cpu_start = cpu_time_us (CLOCK_PROCESS_CPUTIME_ID);
  main_start = cpu_time_us (CLOCK_THREAD_CPUTIME_ID);
  start = g_get_monotonic_time ();

  _vodup_window_add_files (bench->window, files);
  spin_until (nothing_adding, bench->window, "the files to be added");
  if (g_list_model_get_n_items (model) != n_files)
    die ("%u of %u files were queued", g_list_model_get_n_items (model), n_files);
  spin_until (all_finished, model, "the uploads");

  end = g_get_monotonic_time ();
  probe_stop (&bench->probe);
  if (animate)
    gdk_frame_clock_end_updating (bench->frames.clock);

  total = check_uploads (model);
  seconds = (end - start) / (double) G_USEC_PER_SEC;

  print_table_head ("### Uploading");
  print_series ("1 ms timeout lateness", bench->probe.lateness);
  print_frames (bench, animate);

  g_print ("\n| uploads | bytes | wall s | MiB/s | process CPU s | main thread CPU s | max RSS MiB |\n");
  g_print ("|---:|---:|---:|---:|---:|---:|---:|\n");
  g_print ("| %u | %" G_GUINT64_FORMAT " | %.2f | %.1f | %.2f | %.2f | %.1f |\n",
           n_files, total, seconds, total / 1048576.0 / seconds,
           (cpu_time_us (CLOCK_PROCESS_CPUTIME_ID) - cpu_start) / (double) G_USEC_PER_SEC,
           (cpu_time_us (CLOCK_THREAD_CPUTIME_ID) - main_start) / (double) G_USEC_PER_SEC,
           mib (proc_status_kib ("VmHWM")));
}

/* add: a folder of 10 000 videos -------------------------------------------- */

typedef struct
{
  VodupWindow *window;
  guint        want;
  gint64       reached;    /* when the model first had want items */
  gint64       job_done;   /* when the window's add job first ended */
} Count;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Count      *count)
{
  if (count->reached == 0 && g_list_model_get_n_items (model) >= count->want)
    count->reached = g_get_monotonic_time ();
}

/* The job may end before the queue shows every file (were it to add them
 * later), or after; a few seconds after the job, the count is final. */
static gboolean
add_complete (gpointer data)
{
  Count *count = data;
  gint64 now = g_get_monotonic_time ();

  if (count->job_done == 0 && _vodup_window_get_n_adding (count->window) == 0)
    count->job_done = now;

  return count->job_done != 0 &&
         (count->reached != 0 || now - count->job_done > 5 * G_USEC_PER_SEC);
}

typedef struct
{
  GtkWidget   *window;
  VodupUpload *upload;
} RowWait;

static gboolean
row_shown (gpointer data)
{
  RowWait *wait = data;

  return find_row (wait->window, wait->upload) != NULL;
}

/* The time from asking for the folder to the last row in the model, to
 * the end of the window's add job, and to the first frame painted after
 * both. */
static void
measure_add (Bench      *bench,
             const char *path,
             guint       n_files)
{
  GListModel *model = G_LIST_MODEL (vodup_application_get_queue (bench->application));
  g_autoptr(GFile) dir = g_file_new_for_commandline_arg (path);
  GList files = { dir, NULL, NULL };
  Count count = { bench->window, n_files, 0, 0 };
  gulong handler;
  gint64 start, painted, main_start;
  RowWait wait;

  handler = g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &count);
  frames_reset (&bench->frames);
  probe_start (&bench->probe);
  main_start = cpu_time_us (CLOCK_THREAD_CPUTIME_ID);
  start = g_get_monotonic_time ();

  _vodup_window_add_files (bench->window, &files);
  spin_until (add_complete, &count, "the folder to be added");
  frames_wait (bench, 1);
  painted = g_get_monotonic_time ();

  probe_stop (&bench->probe);
  g_signal_handler_disconnect (model, handler);
  if (g_list_model_get_n_items (model) != n_files || count.reached == 0)
    die ("%u of %u files were queued", g_list_model_get_n_items (model), n_files);

  wait = (RowWait) { GTK_WIDGET (bench->window), upload_at (bench, 0) };
  spin_until (row_shown, &wait, "the first row");

  g_print ("\n| files | to %u rows in the model s | add job done s | first frame after s | main thread CPU s |\n",
           n_files);
  g_print ("|---:|---:|---:|---:|---:|\n");
  g_print ("| %u | %.3f | %.3f | %.3f | %.3f |\n", n_files,
           (count.reached - start) / (double) G_USEC_PER_SEC,
           (count.job_done - start) / (double) G_USEC_PER_SEC,
           (painted - start) / (double) G_USEC_PER_SEC,
           (cpu_time_us (CLOCK_THREAD_CPUTIME_ID) - main_start) / (double) G_USEC_PER_SEC);

  print_table_head ("### While adding");
  print_series ("1 ms timeout lateness", bench->probe.lateness);
  print_frames (bench, FALSE);
}

static GtkAdjustment *
queue_adjustment (Bench *bench)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (bench->window->queue_view),
                                                 GTK_TYPE_SCROLLED_WINDOW);

  g_assert (scrolled != NULL);

  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
}

/* Top to bottom, a step per frame: each step rebinds the rows it shows. */
static void
measure_scroll (Bench *bench,
                guint  n_files)
{
  GtkAdjustment *adjustment = queue_adjustment (bench);
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 start, main_start;
  RowWait wait;

  gtk_adjustment_set_value (adjustment, 0);
  frames_wait (bench, 2);

  gdk_frame_clock_begin_updating (bench->frames.clock);
  frames_reset (&bench->frames);
  main_start = cpu_time_us (CLOCK_THREAD_CPUTIME_ID);
  start = g_get_monotonic_time ();

  while (gtk_adjustment_get_value (adjustment) <
         gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 0.5)
    {
      FrameWait frame = { &bench->frames, bench->frames.n_frames + 1 };
      gint64 step_start = g_get_monotonic_time ();
      gint64 step;

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                scroll_step * gtk_adjustment_get_page_size (adjustment));
      spin_until (frames_reached, &frame, "a frame");
      step = g_get_monotonic_time () - step_start;
      g_array_append_val (steps, step);
    }

  gdk_frame_clock_end_updating (bench->frames.clock);

  /* The end of the list is on screen. */
  wait = (RowWait) { GTK_WIDGET (bench->window), upload_at (bench, n_files - 1) };
  spin_until (row_shown, &wait, "the last row");

  g_print ("\nScrolled %u rows in %u steps of %.0f px (%.2g page) in %.2f s, main thread CPU %.2f s; "
           "list height %.0f px\n",
           n_files, steps->len, scroll_step * gtk_adjustment_get_page_size (adjustment), scroll_step,
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
           (cpu_time_us (CLOCK_THREAD_CPUTIME_ID) - main_start) / (double) G_USEC_PER_SEC,
           gtk_adjustment_get_upper (adjustment));

  print_table_head ("### Scrolling");
  print_series ("step (set value to after-paint)", steps);
  print_frames (bench, TRUE);
}

/* What one action on a long queue costs: until the next frame is painted,
 * which is how long the window does not respond; and the heap ten frames
 * later, when the list has dropped the rows it no longer needs. */
static void
print_operation (Bench      *bench,
                 const char *what,
                 gint64      start)
{
  gint64 end;

  frames_wait (bench, 1);
  end = g_get_monotonic_time ();
  frames_wait (bench, 10);
  g_print ("| %s | %.3f | %.1f | %u |\n", what, (end - start) / (double) G_USEC_PER_SEC,
           mib (heap_in_use_kib ()), count_rows (GTK_WIDGET (bench->window->queue_view)));
}

static void
shut_down_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vodup_upload_queue_shutdown_finish (VODUP_UPLOAD_QUEUE (object), result, &error))
    die ("the queue did not shut down: %s", error->message);
  *(gboolean *) user_data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
measure_operations (Bench *bench,
                    guint  n_files)
{
  gboolean shut_down = FALSE;
  VodupUploadQueue *queue = vodup_application_get_queue (bench->application);
  g_autoptr(VodupUpload) last = g_object_ref (upload_at (bench, n_files - 1));
  gint64 start;

  g_print ("\n| with %u queued: action | s to the next frame | heap in use after, MiB | row widgets after |\n",
           n_files);
  g_print ("|---|---:|---:|---:|\n");
  g_print ("| (before: scrolled to the end) | | %.1f | %u |\n",
           mib (heap_in_use_kib ()), count_rows (GTK_WIDGET (bench->window->queue_view)));

  start = g_get_monotonic_time ();
  vodup_upload_queue_remove (queue, last);
  print_operation (bench, "remove one (the row's Remove)", start);

  start = g_get_monotonic_time ();
  vodup_upload_queue_pause_all (queue);
  print_operation (bench, "Pause All", start);

  start = g_get_monotonic_time ();
  vodup_upload_queue_resume_all (queue);
  print_operation (bench, "Resume All", start);

  /* What Stop and Close does; the queue starts nothing afterwards. */
  start = g_get_monotonic_time ();
  vodup_upload_queue_shutdown_async (queue, NULL, shut_down_cb, &shut_down);
  spin_until (flag_set, &shut_down, "the queue to shut down");
  print_operation (bench, "shut down (Stop and Close)", start);

  start = g_get_monotonic_time ();
  vodup_upload_queue_cancel_all (queue);
  print_operation (bench, "cancel all", start);

  start = g_get_monotonic_time ();
  vodup_upload_queue_clear_finished (queue);
  print_operation (bench, "Clear Finished (all cancelled)", start);
}

static void
run_add (Bench      *bench,
         const char *path,
         guint       n_files)
{
  guint64 empty, full, scrolled, heap_empty, heap_full;
  guint rows, rows_scrolled;

  if (vodup_application_get_vod_client (bench->application) != NULL)
    die ("an API key was found; run with none, so that nothing uploads");

  print_setup (bench);
  empty = proc_status_kib ("VmRSS");
  heap_empty = heap_in_use_kib ();

  measure_add (bench, path, n_files);
  frames_wait (bench, 10);
  full = proc_status_kib ("VmRSS");
  heap_full = heap_in_use_kib ();

  rows = count_rows (GTK_WIDGET (bench->window->queue_view));

  /* Whatever is still allocated now is what the rows hold: a heap
   * profiler's "leaks" at exit. */
  if (stop_after_add)
    {
      g_print ("\nRSS %.1f MiB (%.1f MiB with the empty queue), heap in use %.1f MiB (%.1f MiB), "
               "%u row widgets\n", mib (full), mib (empty), mib (heap_full), mib (heap_empty), rows);
      exit (0);
    }

  measure_scroll (bench, n_files);
  frames_wait (bench, 10);
  scrolled = proc_status_kib ("VmRSS");
  rows_scrolled = count_rows (GTK_WIDGET (bench->window->queue_view));

  g_print ("\n| RSS MiB: window, empty queue | with %u rows | after scrolling | growth for %u rows | max RSS |\n",
           n_files, n_files);
  g_print ("|---:|---:|---:|---:|---:|\n");
  g_print ("| %.1f | %.1f | %.1f | %.1f | %.1f |\n", mib (empty), mib (full), mib (scrolled),
           mib (MAX (full, scrolled) - empty), mib (proc_status_kib ("VmHWM")));
  g_print ("\nHeap in use (malloc): %.1f MiB with the empty queue, %.1f MiB with %u rows "
           "(%.1f KiB per row)\n", mib (heap_empty), mib (heap_full), n_files,
           (double) (heap_full - heap_empty) / n_files);
  g_print ("Row widgets: %u after adding, %u after scrolling\n", rows, rows_scrolled);

  measure_operations (bench, n_files);
  g_print ("\nAfter the actions (queue empty): RSS %.1f MiB\n", mib (proc_status_kib ("VmRSS")));
}

/* main --------------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("latency FILE… | add DIR N");
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "animate", 0, 0, G_OPTION_ARG_NONE, &animate,
      "latency: paint every frame, as while an animation runs", NULL },
    { "baseline-seconds", 0, 0, G_OPTION_ARG_INT, &baseline_seconds,
      "latency: seconds measured idle first (3)", "S" },
    { "scroll-step", 0, 0, G_OPTION_ARG_DOUBLE, &scroll_step,
      "add: scroll by this fraction of a page per frame (1)", "F" },
    { "stop-after-add", 0, 0, G_OPTION_ARG_NONE, &stop_after_add,
      "add: exit at once after adding, for heap profilers", NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_seconds,
      "give up on any wait after this long (600)", "S" },
    { NULL },
  };
  Bench bench = { 0 };

  g_option_context_set_summary (context, "Responsiveness benchmark of the Vodup window.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    die ("%s", error->message);
  if (timeout_seconds <= 0 || baseline_seconds < 0 || scroll_step <= 0)
    die ("--timeout, --baseline-seconds and --scroll-step must be positive");

  if (argc >= 3 && g_str_equal (argv[1], "latency"))
    {
      bench_init (&bench);
      run_latency (&bench, argv + 2);
    }
  else if (argc == 4 && g_str_equal (argv[1], "add"))
    {
      guint64 n_files;

      if (!g_ascii_string_to_unsigned (argv[3], 10, 1, G_MAXUINT, &n_files, &error))
        die ("N: %s", error->message);
      bench_init (&bench);
      run_add (&bench, argv[2], (guint) n_files);
    }
  else
    die ("usage: vodup-ui-bench latency FILE… | add DIR N");

  bench_finish (&bench);

  return 0;
}
