/* vodup-cli-progress.c: progress bars, plain lines or JSON lines
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "vodup-cli.h"
#include "vodup-cli-progress.h"
#include "vodup-network-notice.h"

/* design.md: progress at most about four times a second per file. */
#define REFRESH_INTERVAL_MS 250
#define BAR_CELLS           20
#define NAME_MAX_CELLS      28
#define STATE_CELLS         10

typedef struct _Row Row;

struct _VodupCliProgress
{
  GObject               parent_instance;

  VodupCliProgressMode  mode;
  GPtrArray            *rows;
  guint                 redraw_id;
  guint                 lines_drawn;
  gboolean              dirty;
  GString              *held;         /* results shown under the final bars */
  GString              *held_errors;  /* and failures, on stderr */
};

struct _Row
{
  VodupCliProgress *progress;     /* not a reference: it owns the row */
  VodupUpload      *upload;
  char             *name;
  VodupUploadState  state;
  char             *notice;       /* as last shown */
  gint64            last_json;
};

G_DEFINE_FINAL_TYPE (VodupCliProgress, vodup_cli_progress, G_TYPE_OBJECT)

static void
row_free (Row *row)
{
  g_signal_handlers_disconnect_by_data (row->upload, row);
  g_clear_object (&row->upload);
  g_free (row->name);
  g_free (row->notice);
  g_free (row);
}

static const char *
state_nick (VodupUploadState state)
{
  GEnumClass *klass = g_type_class_ref (VODUP_TYPE_UPLOAD_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  g_type_class_unref (klass);   /* static type: the nick stays valid */
  return value ? value->value_nick : "unknown";
}

/* JSON ------------------------------------------------------------------- */

static void
emit_json_progress (Row *row)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, "progress");
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, row->name);
  json_builder_set_member_name (builder, "bytes_sent");
  json_builder_add_int_value (builder, vodup_upload_get_bytes_sent (row->upload));
  json_builder_set_member_name (builder, "bytes_total");
  json_builder_add_int_value (builder, vodup_upload_get_bytes_total (row->upload));
  json_builder_set_member_name (builder, "speed");
  json_builder_add_int_value (builder, (gint64) vodup_upload_get_speed (row->upload));
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, state_nick (vodup_upload_get_state (row->upload)));
  /* Why it is not moving, such as "Waiting for the network…". */
  if (row->notice != NULL)
    {
      json_builder_set_member_name (builder, "notice");
      json_builder_add_string_value (builder, row->notice);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  vodup_cli_print_json (root);
  row->last_json = g_get_monotonic_time ();
}

static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_error_member (JsonBuilder  *builder,
                  const GError *error)
{
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  add_member (builder, "code", vodup_cli_error_code (error));
  add_member (builder, "message", error->message);
  if (vodup_error_get_request_id (error) != NULL)
    add_member (builder, "request_id", vodup_error_get_request_id (error));
  json_builder_end_object (builder);
}

static void
emit_json_result (const char   *name,
                  VodupUpload  *upload,
                  const GError *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  add_member (builder, "event", "result");
  add_member (builder, "file", name);

  if (error != NULL)
    {
      add_error_member (builder, error);
    }
  else
    {
      add_member (builder, "file_id", vodup_upload_get_file_id (upload));
      add_member (builder, "media_url", vodup_upload_get_media_url (upload));
      add_member (builder, "cover_url", vodup_upload_get_cover_url (upload));
      add_member (builder, "request_id", vodup_upload_get_commit_request_id (upload));
      add_member (builder, "apply_request_id", vodup_upload_get_apply_request_id (upload));
      add_member (builder, "crc64", vodup_upload_get_crc64 (upload));
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  vodup_cli_print_json (root);
}

/* Terminal bars ---------------------------------------------------------- */

static guint
terminal_columns (void)
{
  struct winsize size;

  if (ioctl (STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;

  return 80;
}

/* Cuts text to at most cells display cells, then pads it to exactly that. */
static void
append_fitted (GString    *line,
               const char *text,
               guint       cells)
{
  guint used = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint width = g_unichar_iszerowidth (c) ? 0 : g_unichar_iswide (c) ? 2 : 1;

      if (used + width > cells)
        break;
      g_string_append_unichar (line, c);
      used += width;
    }

  for (; used < cells; used++)
    g_string_append_c (line, ' ');
}

static char *
format_row (Row   *row,
            guint  name_cells,
            guint  columns)
{
  VodupUploadState state = vodup_upload_get_state (row->upload);
  double fraction = state == VODUP_UPLOAD_STATE_DONE ? 1.0 : vodup_upload_get_fraction (row->upload);
  guint filled = (guint) (CLAMP (fraction, 0.0, 1.0) * BAR_CELLS);
  g_autofree char *sent = vodup_format_progress (vodup_upload_get_bytes_sent (row->upload),
                                                 vodup_upload_get_bytes_total (row->upload));
  g_autofree char *speed = vodup_format_speed (vodup_upload_get_speed (row->upload));
  const char *state_text = vodup_format_state (state);
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GString) fitted = g_string_new (NULL);

  append_fitted (line, row->name, name_cells);
  g_string_append (line, " [");
  for (guint i = 0; i < BAR_CELLS; i++)
    g_string_append_c (line, i < filled ? '#' : '-');
  g_string_append_printf (line, "] %3d%%  ", (int) (fraction * 100));
  /* The state first: on a narrow terminal the sizes are what gets cut. */
  append_fitted (line, state_text, MAX (STATE_CELLS, vodup_cli_display_width (state_text)));
  g_string_append_printf (line, "  %s", sent);
  if (row->notice != NULL)
    g_string_append_printf (line, "  %s", row->notice);
  else if (state == VODUP_UPLOAD_STATE_UPLOADING)
    g_string_append_printf (line, "  %s", speed);

  /* A wrapped line would throw off the cursor-up count. */
  append_fitted (fitted, line->str, MIN (columns - 1, vodup_cli_display_width (line->str)));
  return g_string_free (g_steal_pointer (&fitted), FALSE);
}

/* One column for the names, so the bars line up. */
static guint
name_column_cells (VodupCliProgress *self)
{
  guint cells = 0;

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      cells = MAX (cells, vodup_cli_display_width (row->name));
    }

  return MIN (cells, NAME_MAX_CELLS);
}

static void
redraw (VodupCliProgress *self)
{
  guint columns = terminal_columns ();
  guint name_cells = name_column_cells (self);

  if (self->lines_drawn > 0)
    printf ("\033[%uA", self->lines_drawn);

  for (guint i = 0; i < self->rows->len; i++)
    {
      g_autofree char *text = format_row (g_ptr_array_index (self->rows, i), name_cells, columns);

      printf ("\r\033[2K%s\n", text);
    }

  self->lines_drawn = self->rows->len;
  self->dirty = FALSE;
  fflush (stdout);
}

static gboolean
redraw_cb (gpointer user_data)
{
  VodupCliProgress *self = user_data;

  if (self->dirty)
    redraw (self);

  return G_SOURCE_CONTINUE;
}

/* Plain lines ------------------------------------------------------------ */

static void
print_plain_state (Row *row)
{
  g_print ("%s: %s\n", row->name, vodup_format_state (row->state));
}

static void
append_human_result (GString      *out,
                     const char   *name,
                     VodupUpload  *upload)
{
  const char *cover_url = vodup_upload_get_cover_url (upload);

  g_string_append_printf (out, "%s: %s\n", name, vodup_format_state (VODUP_UPLOAD_STATE_DONE));
  g_string_append_printf (out, "  %-12s %s\n", _("FileId:"), vodup_upload_get_file_id (upload));
  g_string_append_printf (out, "  %-12s %s\n", _("Media URL:"), vodup_upload_get_media_url (upload));
  if (cover_url != NULL && *cover_url != '\0')
    g_string_append_printf (out, "  %-12s %s\n", _("Cover URL:"), cover_url);
  g_string_append_printf (out, "  %-12s %s\n", _("CRC-64:"), vodup_upload_get_crc64 (upload));
  if (vodup_upload_get_commit_request_id (upload) != NULL)
    g_string_append_printf (out, "  %-12s %s\n", _("RequestId:"),
                            vodup_upload_get_commit_request_id (upload));
}

static void
print_human_result (const char  *name,
                    VodupUpload *upload)
{
  g_autoptr(GString) out = g_string_new (NULL);

  append_human_result (out, name, upload);
  g_print ("%s", out->str);
}

static void
append_human_failure (GString      *out,
                      const char   *name,
                      const GError *error)
{
  g_string_append_printf (out, "%s: %s (%s)\n", name, error->message, vodup_cli_error_code (error));
}

static void
print_human_failure (const char   *name,
                     const GError *error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  append_human_failure (out, name, error);
  g_printerr ("%s", out->str);
}

/* Signals ---------------------------------------------------------------- */

static void
upload_changed_cb (VodupUpload *upload,
                   GParamSpec  *pspec,
                   Row         *row)
{
  VodupCliProgress *self = row->progress;
  VodupUploadState state = vodup_upload_get_state (upload);
  const char *notice = vodup_upload_get_notice (upload);
  gboolean state_changed = state != row->state;
  gboolean notice_changed = g_strcmp0 (notice, row->notice) != 0;

  row->state = state;
  if (notice_changed)
    {
      g_free (row->notice);
      row->notice = g_strdup (notice);
    }

  switch (self->mode)
    {
    case VODUP_CLI_PROGRESS_JSON:
      /* Finished files get a result line instead. */
      if (vodup_upload_is_finished (upload))
        break;
      if (state_changed || notice_changed ||
          g_get_monotonic_time () - row->last_json >= REFRESH_INTERVAL_MS * 1000)
        emit_json_progress (row);
      break;

    case VODUP_CLI_PROGRESS_TERMINAL:
      self->dirty = TRUE;
      break;

    case VODUP_CLI_PROGRESS_PLAIN:
      if (state_changed && !vodup_upload_is_finished (upload))
        print_plain_state (row);
      if (notice_changed && notice != NULL)
        g_print ("%s: %s\n", row->name, notice);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Object ----------------------------------------------------------------- */

static void
vodup_cli_progress_dispose (GObject *object)
{
  VodupCliProgress *self = VODUP_CLI_PROGRESS (object);

  g_clear_handle_id (&self->redraw_id, g_source_remove);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (vodup_cli_progress_parent_class)->dispose (object);
}

static void
vodup_cli_progress_finalize (GObject *object)
{
  VodupCliProgress *self = VODUP_CLI_PROGRESS (object);

  g_string_free (self->held, TRUE);
  g_string_free (self->held_errors, TRUE);

  G_OBJECT_CLASS (vodup_cli_progress_parent_class)->finalize (object);
}

static void
vodup_cli_progress_class_init (VodupCliProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vodup_cli_progress_dispose;
  object_class->finalize = vodup_cli_progress_finalize;
}

static void
vodup_cli_progress_init (VodupCliProgress *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  self->held = g_string_new (NULL);
  self->held_errors = g_string_new (NULL);
}

VodupCliProgress *
vodup_cli_progress_new (VodupCliProgressMode mode)
{
  VodupCliProgress *self = g_object_new (VODUP_TYPE_CLI_PROGRESS, NULL);

  self->mode = mode;
  if (mode == VODUP_CLI_PROGRESS_TERMINAL)
    self->redraw_id = g_timeout_add (REFRESH_INTERVAL_MS, redraw_cb, self);

  return self;
}

void
vodup_cli_progress_add (VodupCliProgress *self,
                        VodupUpload      *upload,
                        const char       *name)
{
  Row *row;

  g_return_if_fail (VODUP_IS_CLI_PROGRESS (self));
  g_return_if_fail (VODUP_IS_UPLOAD (upload));
  g_return_if_fail (name != NULL);

  row = g_new0 (Row, 1);
  row->progress = self;
  row->upload = g_object_ref (upload);
  row->name = g_strdup (name);
  row->state = vodup_upload_get_state (upload);
  g_ptr_array_add (self->rows, row);

  g_signal_connect (upload, "notify::state", G_CALLBACK (upload_changed_cb), row);
  g_signal_connect (upload, "notify::bytes-sent", G_CALLBACK (upload_changed_cb), row);
  g_signal_connect (upload, "notify::notice", G_CALLBACK (upload_changed_cb), row);
  /* Until every VodupUpload says so by itself (does nothing then). */
  _vodup_network_notice_attach (upload);

  self->dirty = TRUE;
  if (self->mode == VODUP_CLI_PROGRESS_PLAIN)
    print_plain_state (row);
}

static const char *
name_of (VodupCliProgress *self,
         VodupUpload      *upload)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      if (row->upload == upload)
        return row->name;
    }

  return vodup_upload_get_display_name (upload);
}

void
vodup_cli_progress_rejected (VodupCliProgress *self,
                             const char       *name,
                             const GError     *error)
{
  g_return_if_fail (VODUP_IS_CLI_PROGRESS (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (error != NULL);

  if (self->mode == VODUP_CLI_PROGRESS_JSON)
    emit_json_result (name, NULL, error);
  else if (self->mode == VODUP_CLI_PROGRESS_TERMINAL)
    append_human_failure (self->held_errors, name, error);
  else
    print_human_failure (name, error);
}

/* NULL when the upload was committed. */
static GError *
result_error (VodupUpload *upload)
{
  const GError *error = vodup_upload_get_error (upload);
  VodupUploadState state = vodup_upload_get_state (upload);

  if (state == VODUP_UPLOAD_STATE_DONE)
    return NULL;

  if (error != NULL)
    return g_error_copy (error);

  if (state == VODUP_UPLOAD_STATE_CANCELLED)
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The upload was cancelled."));

  return g_error_new_literal (VODUP_ERROR, VODUP_ERROR_FAILED, _("The upload did not finish."));
}

void
vodup_cli_progress_finished (VodupCliProgress *self,
                             VodupUpload      *upload)
{
  const char *name;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VODUP_IS_CLI_PROGRESS (self));
  g_return_if_fail (VODUP_IS_UPLOAD (upload));

  name = name_of (self, upload);
  error = result_error (upload);
  self->dirty = TRUE;

  switch (self->mode)
    {
    case VODUP_CLI_PROGRESS_JSON:
      emit_json_result (name, upload, error);
      break;

    case VODUP_CLI_PROGRESS_TERMINAL:
      /* Anything printed now would land between the bars. */
      if (error != NULL)
        append_human_failure (self->held_errors, name, error);
      else
        append_human_result (self->held, name, upload);
      break;

    case VODUP_CLI_PROGRESS_PLAIN:
      if (error != NULL)
        print_human_failure (name, error);
      else
        print_human_result (name, upload);
      break;

    default:
      g_assert_not_reached ();
    }
}

void
vodup_cli_progress_close (VodupCliProgress *self)
{
  g_return_if_fail (VODUP_IS_CLI_PROGRESS (self));

  g_clear_handle_id (&self->redraw_id, g_source_remove);

  if (self->mode == VODUP_CLI_PROGRESS_TERMINAL && self->rows->len > 0)
    redraw (self);

  g_print ("%s", self->held->str);
  g_string_truncate (self->held, 0);
  fflush (stdout);
  g_printerr ("%s", self->held_errors->str);
  g_string_truncate (self->held_errors, 0);
}
