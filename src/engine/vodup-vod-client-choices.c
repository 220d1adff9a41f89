/* vodup-vod-client-choices.c: the pickers' contents from the VOD API
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vodup-choice.h"
#include "vodup-vod-client-private.h"

/* tencent-vod-api.md §7.1, §9.1 */
#define PROCEDURES_PAGE  100
#define SUB_APPS_PAGE    200
/* Against a server that keeps saying "there is more". */
#define MAX_PAGES        1000

typedef struct
{
  VodupChoiceKind  kind;
  guint64          sub_app_id;
  gint64           offset;
  guint            pages;
  GListStore      *store;
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_object (&data->store);
  g_free (data);
}

static const char *
list_action (VodupChoiceKind kind)
{
  switch (kind)
    {
    case VODUP_CHOICE_KIND_PROCEDURE:
      return "DescribeProcedureTemplates";
    case VODUP_CHOICE_KIND_REGION:
      return "DescribeStorageRegions";
    case VODUP_CHOICE_KIND_CLASS:
      return "DescribeAllClass";
    case VODUP_CHOICE_KIND_SUB_APP:
      return "DescribeSubAppIds";
    default:
      g_assert_not_reached ();
    }
}

/* 0: the action answers everything at once. */
static gint64
list_page_size (VodupChoiceKind kind)
{
  if (kind == VODUP_CHOICE_KIND_PROCEDURE)
    return PROCEDURES_PAGE;
  if (kind == VODUP_CHOICE_KIND_SUB_APP)
    return SUB_APPS_PAGE;

  return 0;
}

static JsonObject *
list_params (ListData *data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 page_size = list_page_size (data->kind);

  json_builder_begin_object (builder);
  /* The application list is the one thing that is not per application. */
  if (data->kind != VODUP_CHOICE_KIND_SUB_APP)
    _vodup_json_builder_add_sub_app_id (builder, data->sub_app_id);
  if (page_size > 0)
    {
      _vodup_json_builder_add_int (builder, "Offset", data->offset);
      _vodup_json_builder_add_int (builder, "Limit", page_size);
    }

  return _vodup_json_builder_end (builder);
}

static char *
procedure_description (JsonObject *template)
{
  const char *comment = _vodup_json_get_string (template, "Comment");
  const char *type = _vodup_json_get_string (template, "Type");

  if (comment != NULL && *comment != '\0')
    return g_strdup (comment);
  if (g_strcmp0 (type, "Preset") == 0)
    return g_strdup (_("Preset task flow"));
  if (g_strcmp0 (type, "Custom") == 0)
    return g_strdup (_("Custom task flow"));

  return NULL;
}

/* These return how many entries the page had, kept or not. */
static guint
add_procedures (GListStore *store,
                JsonObject *response)
{
  JsonArray *set = _vodup_json_get_array (response, "ProcedureTemplateSet");
  guint n = set ? json_array_get_length (set) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *template = _vodup_json_array_get_object (set, i);
      const char *name = _vodup_json_get_string (template, "Name");
      g_autofree char *description = NULL;
      g_autoptr(VodupChoice) choice = NULL;

      if (name == NULL)
        continue;

      description = procedure_description (template);
      choice = vodup_choice_new (VODUP_CHOICE_KIND_PROCEDURE, name, name, description, FALSE);
      g_list_store_append (store, choice);
    }

  return n;
}

/* Only opened regions can take uploads (§7.1). */
static guint
add_regions (GListStore *store,
             JsonObject *response)
{
  JsonArray *set = _vodup_json_get_array (response, "StorageRegionInfos");
  guint n = set ? json_array_get_length (set) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *info = _vodup_json_array_get_object (set, i);
      const char *region = _vodup_json_get_string (info, "Region");
      g_autoptr(VodupChoice) choice = NULL;

      if (region == NULL || g_strcmp0 (_vodup_json_get_string (info, "Status"), "opened") != 0)
        continue;

      choice = vodup_choice_new (VODUP_CHOICE_KIND_REGION, region,
                                 _vodup_json_get_string (info, "Description"), region,
                                 _vodup_json_get_bool (info, "IsDefault"));
      g_list_store_append (store, choice);
    }

  return n;
}

static JsonObject *
find_class (JsonArray *set,
            gint64     class_id)
{
  for (guint i = 0; i < json_array_get_length (set); i++)
    {
      JsonObject *info = _vodup_json_array_get_object (set, i);

      if (info != NULL && _vodup_json_get_int (info, "ClassId", -1) == class_id)
        return info;
    }

  return NULL;
}

static const char *
class_name (JsonObject *info)
{
  const char *name = _vodup_json_get_string (info, "Name");

  return name ? name : _vodup_json_get_string (info, "ClassName");
}

/* "电影 / 预告片": VOD nests categories four levels deep at most. */
static char *
class_path (JsonArray  *set,
            JsonObject *info)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint depth = 0; info != NULL && depth < 8; depth++)
    {
      gint64 parent_id = _vodup_json_get_int (info, "ParentId", -1);

      g_ptr_array_insert (names, 0, (gpointer) (class_name (info) ? class_name (info) : "?"));
      if (parent_id < 0 || parent_id == _vodup_json_get_int (info, "ClassId", -1))
        break;
      info = find_class (set, parent_id);
    }
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" / ", (char **) names->pdata);
}

static guint
add_classes (GListStore *store,
             JsonObject *response)
{
  JsonArray *set = _vodup_json_get_array (response, "ClassInfoSet");
  guint n = set ? json_array_get_length (set) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *info = _vodup_json_array_get_object (set, i);
      g_autofree char *id = _vodup_json_dup_id (info, "ClassId");
      g_autofree char *path = NULL;
      g_autoptr(VodupChoice) choice = NULL;

      if (id == NULL)
        continue;

      path = class_path (set, info);
      /* Class 0 is VOD's own "other", where uploads go by default. */
      choice = vodup_choice_new (VODUP_CHOICE_KIND_CLASS, id, path, NULL, g_str_equal (id, "0"));
      g_list_store_append (store, choice);
    }

  return n;
}

static guint
add_sub_apps (GListStore *store,
              JsonObject *response)
{
  JsonArray *set = _vodup_json_get_array (response, "SubAppIdInfoSet");
  guint n = set ? json_array_get_length (set) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *info = _vodup_json_array_get_object (set, i);
      g_autofree char *id = _vodup_json_dup_id (info, "SubAppId");
      const char *status = _vodup_json_get_string (info, "Status");
      const char *name = _vodup_json_get_string (info, "SubAppIdName");
      g_autoptr(VodupChoice) choice = NULL;

      /* Disabled and destroyed applications cannot take uploads. */
      if (id == NULL || (status != NULL && g_strcmp0 (status, "On") != 0))
        continue;

      choice = vodup_choice_new (VODUP_CHOICE_KIND_SUB_APP, id,
                                 name ? name : _vodup_json_get_string (info, "Name"),
                                 _vodup_json_get_string (info, "Description"),
                                 _vodup_json_get_bool (info, "IsDefault"));
      g_list_store_append (store, choice);
    }

  return n;
}

static guint
add_page (ListData   *data,
          JsonObject *response)
{
  switch (data->kind)
    {
    case VODUP_CHOICE_KIND_PROCEDURE:
      return add_procedures (data->store, response);
    case VODUP_CHOICE_KIND_REGION:
      return add_regions (data->store, response);
    case VODUP_CHOICE_KIND_CLASS:
      return add_classes (data->store, response);
    case VODUP_CHOICE_KIND_SUB_APP:
      return add_sub_apps (data->store, response);
    default:
      g_assert_not_reached ();
    }
}

static void list_next_page (GTask *task);

static void
list_page_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  VodupVodClient *self = VODUP_VOD_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) response = NULL;
  GError *error = NULL;
  guint n;

  if (!(response = vodup_vod_client_call_finish (self, result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  n = add_page (data, response);
  data->offset += n;

  if (list_page_size (data->kind) > 0 && n > 0 &&
      data->offset < _vodup_json_get_int (response, "TotalCount", 0) &&
      ++data->pages < MAX_PAGES)
    {
      list_next_page (g_steal_pointer (&task));
      return;
    }

  g_task_return_pointer (task, g_object_ref (data->store), g_object_unref);
}

/* Takes the reference to task. */
static void
list_next_page (GTask *task)
{
  VodupVodClient *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autoptr(JsonObject) params = list_params (data);

  vodup_vod_client_call_async (self, list_action (data->kind), params,
                               g_task_get_cancellable (task), list_page_cb, task);
}

void
vodup_vod_client_list_choices_async (VodupVodClient      *self,
                                     VodupChoiceKind      kind,
                                     guint64              sub_app_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;
  ListData *data;

  g_return_if_fail (VODUP_IS_VOD_CLIENT (self));
  g_return_if_fail (kind >= VODUP_CHOICE_KIND_PROCEDURE && kind <= VODUP_CHOICE_KIND_SUB_APP);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vodup_vod_client_list_choices_async);

  data = g_new0 (ListData, 1);
  data->kind = kind;
  data->sub_app_id = sub_app_id;
  data->store = g_list_store_new (VODUP_TYPE_CHOICE);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);

  list_next_page (task);
}

GListModel *
vodup_vod_client_list_choices_finish (VodupVodClient  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (VODUP_IS_VOD_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
