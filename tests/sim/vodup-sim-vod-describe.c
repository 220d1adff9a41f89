/* vodup-sim-vod-describe.c: the account's data and the Describe* actions (tencent-vod-api.md §7)
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-sim-private.h"

#define ACCOUNT_CREATE_TIME "2026-01-01T00:00:00Z"
#define TASK_POLLS_TO_FINISH 3
#define TRANSCODE_DEFINITION 100030

typedef struct
{
  const char *name;
  const char *type;
  const char *comment;
} SimProcedure;

typedef struct
{
  const char *region;
  const char *description;
  const char *status;
  gboolean    is_default;
  const char *area;
  const char *bucket;
} SimRegion;

typedef struct
{
  gint64      class_id;
  gint64      parent_id;
  const char *name;
  int         level;
} SimClass;

typedef struct
{
  gint64      sub_app_id;
  const char *name;
} SimSubApp;

static const SimProcedure procedures[] = {
  { "LongVideoPreset", "Preset", "Preset task flow for long videos" },
  { "SimpleAesEncryptPreset", "Preset", "Preset task flow with simple AES encryption" },
  { "vodup-transcode", "Custom", "Transcode to 720p (simulator)" },
};

static const SimRegion regions[] = {
  { "ap-chongqing", "重庆", "opened", TRUE, "Chinese Mainland", "vodsimcq-" VODUP_SIM_APPID },
  { "ap-guangzhou", "广州", "opened", FALSE, "Chinese Mainland", "vodsimgz-" VODUP_SIM_APPID },
  { "ap-singapore", "新加坡", "unopened", FALSE, "Outside Chinese Mainland", NULL },
};

static const SimClass classes[] = {
  { 0, -1, "其他", 0 },
  { 1, -1, "电影", 0 },
  { 2, 1, "预告片", 1 },
};

static const SimSubApp sub_apps[] = {
  { 1500000001, "默认应用" },
  { 1500000002, "Marketing" },
};

gboolean
_vodup_sim_known_procedure (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (procedures); i++)
    if (g_str_equal (procedures[i].name, name))
      return TRUE;

  return FALSE;
}

gboolean
_vodup_sim_known_class (gint64 class_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (classes[i].class_id == class_id)
      return TRUE;

  return FALSE;
}

const char *
_vodup_sim_region_status (const char *region)
{
  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    if (g_str_equal (regions[i].region, region))
      return regions[i].status;

  return NULL;
}

const char *
_vodup_sim_region_bucket (const char *region)
{
  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    if (g_str_equal (regions[i].region, region))
      return regions[i].bucket;

  return NULL;
}

/* Paging arguments: Offset ≥ 0, 1 ≤ Limit ≤ max_limit. */
static gboolean
get_paging (JsonObject *params,
            gint64      default_limit,
            gint64      max_limit,
            gint64     *offset,
            gint64     *limit,
            SimFailure *failure)
{
  *offset = json_object_get_int_member_with_default (params, "Offset", 0);
  *limit = json_object_get_int_member_with_default (params, "Limit", default_limit);

  if (*offset < 0)
    return _vodup_sim_fail (failure, 0, "InvalidParameterValue.Offset", "Offset must not be negative.");
  if (*limit < 1 || *limit > max_limit)
    return _vodup_sim_fail (failure, 0, "InvalidParameterValue.Limit",
                            "Limit must be 1–%" G_GINT64_FORMAT ".", max_limit);

  return TRUE;
}

static gboolean
name_listed (JsonObject *params,
             const char *name)
{
  JsonArray *names;

  if (!json_object_has_member (params, "Names"))
    return TRUE;

  names = json_object_get_array_member (params, "Names");
  for (guint i = 0; i < json_array_get_length (names); i++)
    if (g_str_equal (json_array_get_string_element (names, i), name))
      return TRUE;

  return FALSE;
}

JsonObject *
_vodup_sim_describe_procedures (VodupSim   *self,
                                JsonObject *params,
                                SimFailure *failure)
{
  const char *type = json_object_get_string_member_with_default (params, "Type", NULL);
  JsonObject *response;
  JsonArray *set;
  gint64 sub_app_id, offset, limit, total = 0;

  if (!_vodup_sim_check_sub_app_id (params, &sub_app_id, failure) ||
      !get_paging (params, 10, 100, &offset, &limit, failure))
    return NULL;
  if (type && !g_str_equal (type, "Preset") && !g_str_equal (type, "Custom"))
    {
      _vodup_sim_fail (failure, 0, "InvalidParameterValue.Type", "Type must be Preset or Custom.");
      return NULL;
    }

  set = json_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (procedures); i++)
    {
      JsonObject *item;

      if ((type && !g_str_equal (type, procedures[i].type)) || !name_listed (params, procedures[i].name))
        continue;
      if (total++ < offset || (gint64) json_array_get_length (set) >= limit)
        continue;

      item = json_object_new ();
      json_object_set_string_member (item, "Name", procedures[i].name);
      json_object_set_string_member (item, "Type", procedures[i].type);
      json_object_set_string_member (item, "Comment", procedures[i].comment);
      json_object_set_string_member (item, "CreateTime", ACCOUNT_CREATE_TIME);
      json_object_set_string_member (item, "UpdateTime", ACCOUNT_CREATE_TIME);
      json_array_add_object_element (set, item);
    }

  response = json_object_new ();
  json_object_set_int_member (response, "TotalCount", total);
  json_object_set_array_member (response, "ProcedureTemplateSet", set);
  return response;
}

JsonObject *
_vodup_sim_describe_regions (VodupSim   *self,
                             JsonObject *params,
                             SimFailure *failure)
{
  JsonObject *response;
  JsonArray *set;
  gint64 sub_app_id;

  if (!_vodup_sim_check_sub_app_id (params, &sub_app_id, failure))
    return NULL;

  set = json_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    {
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "Region", regions[i].region);
      json_object_set_string_member (item, "Description", regions[i].description);
      json_object_set_string_member (item, "Status", regions[i].status);
      json_object_set_boolean_member (item, "IsDefault", regions[i].is_default);
      json_object_set_string_member (item, "Area", regions[i].area);
      json_array_add_object_element (set, item);
    }

  response = json_object_new ();
  json_object_set_array_member (response, "StorageRegionInfos", set);
  return response;
}

static JsonArray *
sub_class_ids (gint64 class_id)
{
  JsonArray *ids = json_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (classes[i].parent_id == class_id)
      json_array_add_int_element (ids, classes[i].class_id);

  return ids;
}

JsonObject *
_vodup_sim_describe_classes (VodupSim   *self,
                             JsonObject *params,
                             SimFailure *failure)
{
  JsonObject *response;
  JsonArray *set;
  gint64 sub_app_id;

  if (!_vodup_sim_check_sub_app_id (params, &sub_app_id, failure))
    return NULL;

  set = json_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      JsonObject *item = json_object_new ();

      json_object_set_int_member (item, "ClassId", classes[i].class_id);
      json_object_set_int_member (item, "ParentId", classes[i].parent_id);
      json_object_set_string_member (item, "Name", classes[i].name);
      json_object_set_string_member (item, "ClassName", classes[i].name);
      json_object_set_int_member (item, "Level", classes[i].level);
      json_object_set_array_member (item, "SubClassIdSet", sub_class_ids (classes[i].class_id));
      json_array_add_object_element (set, item);
    }

  response = json_object_new ();
  json_object_set_array_member (response, "ClassInfoSet", set);
  return response;
}

static JsonObject *
sub_app_to_json (const SimSubApp *app)
{
  JsonObject *item = json_object_new ();
  JsonArray *storage_regions = json_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    if (g_str_equal (regions[i].status, "opened"))
      json_array_add_string_element (storage_regions, regions[i].region);

  json_object_set_int_member (item, "SubAppId", app->sub_app_id);
  json_object_set_string_member (item, "SubAppIdName", app->name);
  json_object_set_string_member (item, "Name", app->name);
  json_object_set_string_member (item, "Description", "");
  json_object_set_string_member (item, "CreateTime", ACCOUNT_CREATE_TIME);
  json_object_set_string_member (item, "Status", "On");
  json_object_set_string_member (item, "Mode", "fileid");
  json_object_set_array_member (item, "StorageRegions", storage_regions);
  json_object_set_array_member (item, "Tags", json_array_new ());
  return item;
}

JsonObject *
_vodup_sim_describe_sub_apps (VodupSim   *self,
                              JsonObject *params,
                              SimFailure *failure)
{
  const char *name = json_object_get_string_member_with_default (params, "Name", NULL);
  JsonObject *response;
  JsonArray *set;
  gint64 offset, limit, total = 0;

  if (!get_paging (params, 200, 200, &offset, &limit, failure))
    return NULL;

  set = json_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (sub_apps); i++)
    {
      if (name && !g_str_equal (name, sub_apps[i].name))
        continue;
      if (total++ >= offset && (gint64) json_array_get_length (set) < limit)
        json_array_add_object_element (set, sub_app_to_json (&sub_apps[i]));
    }

  response = json_object_new ();
  json_object_set_int_member (response, "TotalCount", total);
  json_object_set_array_member (response, "SubAppIdInfoSet", set);
  return response;
}

/* Tasks: PROCESSING until the TASK_POLLS_TO_FINISH-th DescribeTaskDetail. */

static const char *
task_status (const SimTask *task)
{
  return task->polls >= TASK_POLLS_TO_FINISH ? "FINISH" : "PROCESSING";
}

static JsonObject *
task_summary (const SimTask *task)
{
  JsonObject *item = json_object_new ();
  g_autofree char *created = _vodup_sim_format_time (task->create_time);
  gboolean done = task->polls >= TASK_POLLS_TO_FINISH;

  json_object_set_string_member (item, "TaskId", task->task_id);
  json_object_set_string_member (item, "TaskType", "Procedure");
  json_object_set_string_member (item, "Status", task_status (task));
  json_object_set_string_member (item, "FileId", task->file_id);
  json_object_set_string_member (item, "CreateTime", created);
  json_object_set_string_member (item, "BeginProcessTime", created);
  json_object_set_string_member (item, "FinishTime", done ? created : "");
  json_object_set_string_member (item, "SessionId", "");
  json_object_set_string_member (item, "SessionContext", task->session_context);
  return item;
}

JsonObject *
_vodup_sim_describe_tasks (VodupSim   *self,
                           JsonObject *params,
                           SimFailure *failure)
{
  const char *file_id = json_object_get_string_member_with_default (params, "FileId", NULL);
  const char *status = json_object_get_string_member_with_default (params, "Status", NULL);
  static const char * const statuses[] = { "WAITING", "PROCESSING", "FINISH", NULL };
  JsonObject *response;
  JsonArray *set;
  gint64 sub_app_id, offset, limit;

  if (!_vodup_sim_check_sub_app_id (params, &sub_app_id, failure) ||
      !get_paging (params, 10, 100, &offset, &limit, failure))
    return NULL;
  if (status && !g_strv_contains (statuses, status))
    {
      _vodup_sim_fail (failure, 0, "InvalidParameterValue.Status",
                       "Status must be WAITING, PROCESSING or FINISH.");
      return NULL;
    }

  set = json_array_new ();
  for (guint i = 0; i < self->tasks->len && (gint64) json_array_get_length (set) < limit; i++)
    {
      SimTask *task = g_ptr_array_index (self->tasks, i);

      if (task->sub_app_id == sub_app_id && (!file_id || g_str_equal (file_id, task->file_id)) &&
          (!status || g_str_equal (status, task_status (task))))
        json_array_add_object_element (set, task_summary (task));
    }

  response = json_object_new ();
  json_object_set_array_member (response, "TaskSet", set);
  json_object_set_string_member (response, "ScrollToken", "");
  return response;
}

static JsonObject *
transcode_result (const SimTask *task)
{
  gboolean done = task->polls >= TASK_POLLS_TO_FINISH;
  JsonObject *result = json_object_new ();
  JsonObject *transcode = json_object_new ();
  JsonObject *input = json_object_new ();
  JsonObject *output = json_object_new ();
  g_autofree char *url = g_strdup_printf ("%s.%d.mp4", task->file_url, TRANSCODE_DEFINITION);

  json_object_set_int_member (input, "Definition", TRANSCODE_DEFINITION);
  json_object_set_int_member (output, "Definition", TRANSCODE_DEFINITION);
  json_object_set_string_member (output, "Url", done ? url : "");

  json_object_set_string_member (transcode, "Status", done ? "SUCCESS" : "PROCESSING");
  json_object_set_string_member (transcode, "ErrCodeExt", "");
  json_object_set_int_member (transcode, "ErrCode", 0);
  json_object_set_string_member (transcode, "Message", done ? "SUCCESS" : "");
  json_object_set_int_member (transcode, "Progress",
                              MIN (100, task->polls * 100 / TASK_POLLS_TO_FINISH));
  json_object_set_object_member (transcode, "Input", input);
  json_object_set_object_member (transcode, "Output", output);

  json_object_set_string_member (result, "Type", "Transcode");
  json_object_set_object_member (result, "TranscodeTask", transcode);
  return result;
}

static JsonObject *
procedure_task (const SimTask *task)
{
  JsonObject *procedure = json_object_new ();
  JsonArray *results = json_array_new ();

  json_array_add_object_element (results, transcode_result (task));
  json_object_set_string_member (procedure, "TaskId", task->task_id);
  json_object_set_string_member (procedure, "Status", task_status (task));
  json_object_set_int_member (procedure, "ErrCode", 0);
  json_object_set_string_member (procedure, "ErrCodeExt", "");
  json_object_set_string_member (procedure, "Message", "SUCCESS");
  json_object_set_string_member (procedure, "FileId", task->file_id);
  json_object_set_string_member (procedure, "FileName", task->file_name);
  json_object_set_string_member (procedure, "FileUrl", task->file_url);
  json_object_set_string_member (procedure, "Procedure", task->procedure);
  json_object_set_array_member (procedure, "MediaProcessResultSet", results);
  json_object_set_array_member (procedure, "AiContentReviewResultSet", json_array_new ());
  json_object_set_array_member (procedure, "AiAnalysisResultSet", json_array_new ());
  json_object_set_array_member (procedure, "AiRecognitionResultSet", json_array_new ());
  json_object_set_int_member (procedure, "TasksPriority", 0);
  json_object_set_string_member (procedure, "TasksNotifyMode", "");
  json_object_set_string_member (procedure, "SessionContext", task->session_context);
  json_object_set_string_member (procedure, "SessionId", "");
  json_object_set_string_member (procedure, "Operator", "");
  json_object_set_string_member (procedure, "OperationType", "");
  return procedure;
}

JsonObject *
_vodup_sim_describe_task (VodupSim   *self,
                          JsonObject *params,
                          SimFailure *failure)
{
  const char *task_id = json_object_get_string_member (params, "TaskId");
  SimTask *task = NULL;
  JsonObject *response;
  gint64 sub_app_id;

  if (!_vodup_sim_check_sub_app_id (params, &sub_app_id, failure))
    return NULL;

  for (guint i = 0; i < self->tasks->len && task == NULL; i++)
    {
      SimTask *candidate = g_ptr_array_index (self->tasks, i);

      if (g_str_equal (candidate->task_id, task_id) && candidate->sub_app_id == sub_app_id)
        task = candidate;
    }
  if (task == NULL)
    {
      _vodup_sim_fail (failure, 0, "InvalidParameterValue.TaskId", "The task does not exist.");
      return NULL;
    }

  task->polls++;
  response = task_summary (task);
  json_object_remove_member (response, "TaskId");
  json_object_remove_member (response, "FileId");
  json_object_set_object_member (response, "ProcedureTask", procedure_task (task));
  return response;
}
