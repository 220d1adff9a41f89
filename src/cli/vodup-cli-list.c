/* vodup-cli-list.c: procedures | regions | classes | sub-apps
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vodup-cli.h"

typedef struct
{
  VodupCliEndpoints  endpoints;
  gboolean           json;
  char              *sub_app_id;
} ListOptions;

static void
list_options_clear (ListOptions *options)
{
  vodup_cli_endpoints_clear (&options->endpoints);
  g_clear_pointer (&options->sub_app_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ListOptions, list_options_clear)

/* Columns line up on a terminal also with CJK names ("重庆"). */
static void
print_padded (const char *text,
              guint       width)
{
  g_print ("%s", text);
  for (guint i = vodup_cli_display_width (text); i < width; i++)
    g_print (" ");
}

static void
print_table (GListModel *choices)
{
  guint n = g_list_model_get_n_items (choices);
  const char *id_title = C_("column", "ID");
  const char *name_title = C_("column", "NAME");
  guint id_width = vodup_cli_display_width (id_title);
  guint name_width = vodup_cli_display_width (name_title);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VodupChoice) choice = g_list_model_get_item (choices, i);

      id_width = MAX (id_width, vodup_cli_display_width (vodup_choice_get_id (choice)));
      name_width = MAX (name_width, vodup_cli_display_width (vodup_choice_get_name (choice)));
    }

  g_print ("  ");
  print_padded (id_title, id_width + 2);
  print_padded (name_title, name_width + 2);
  g_print ("%s\n", C_("column", "DESCRIPTION"));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VodupChoice) choice = g_list_model_get_item (choices, i);
      const char *description = vodup_choice_get_description (choice);

      /* The account's default (region, sub-application) is starred. */
      g_print ("%s ", vodup_choice_get_is_default (choice) ? "*" : " ");
      print_padded (vodup_choice_get_id (choice), id_width + 2);
      print_padded (vodup_choice_get_name (choice), name_width + 2);
      g_print ("%s\n", description ? description : "");
    }
}

static void
print_json (GListModel *choices)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n = g_list_model_get_n_items (choices);

  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VodupChoice) choice = g_list_model_get_item (choices, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, vodup_choice_get_id (choice));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, vodup_choice_get_name (choice));
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, vodup_choice_get_description (choice));
      json_builder_set_member_name (builder, "default");
      json_builder_add_boolean_value (builder, vodup_choice_get_is_default (choice));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  vodup_cli_print_json (root);
}

static int
report_error (const ListOptions *options,
              const GError      *error)
{
  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, vodup_cli_error_code (error));
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, error->message);
      json_builder_end_object (builder);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      vodup_cli_print_json (root);
    }

  g_printerr ("%s: %s\n", g_get_prgname (), error->message);

  return VODUP_CLI_EXIT_FAILED;
}

static GListModel *
fetch_choices (const ListOptions  *options,
               VodupChoiceKind     kind,
               guint64             sub_app_id,
               GError            **error)
{
  g_autoptr(VodupCredentialProvider) provider = NULL;
  g_autoptr(VodupVodClient) vod = NULL;
  g_autoptr(VodupCosClient) cos = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (!(provider = vodup_cli_get_credentials (error)))
    return NULL;

  if (!vodup_cli_make_clients (&options->endpoints, provider, &vod, &cos, error))
    return NULL;

  vodup_vod_client_list_choices_async (vod, kind, sub_app_id, NULL, vodup_cli_keep_result, &result);

  return vodup_vod_client_list_choices_finish (vod, vodup_cli_wait_for (&result), error);
}

int
vodup_cli_list (VodupChoiceKind   kind,
                int               argc,
                char            **argv)
{
  g_auto(ListOptions) options = { { NULL, NULL }, FALSE, NULL };
  const GOptionEntry entries[] = {
    { "sub-app-id", 0, 0, G_OPTION_ARG_STRING, &options.sub_app_id,
      N_("List what belongs to this sub-application"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json,
      N_("Print a JSON array instead of a table"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GListModel) choices = NULL;
  g_autoptr(GError) error = NULL;
  guint64 sub_app_id = 0;

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  vodup_cli_add_endpoint_options (context, &options.endpoints);

  if (!vodup_cli_parse (context, &argc, &argv))
    return VODUP_CLI_EXIT_USAGE;

  if (argc > 1)
    return vodup_cli_usage_error (context, _("This command takes no arguments."));

  if (options.sub_app_id != NULL &&
      !g_ascii_string_to_unsigned (options.sub_app_id, 10, 1, G_MAXUINT64, &sub_app_id, NULL))
    return vodup_cli_usage_error (context, _("--sub-app-id needs a positive whole number."));

  choices = fetch_choices (&options, kind, sub_app_id, &error);
  if (choices == NULL)
    return report_error (&options, error);

  if (options.json)
    print_json (choices);
  else
    print_table (choices);

  return VODUP_CLI_EXIT_OK;
}
