/* vodup-sim-private.h: what the simulator's files share
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "vodup-sim.h"

G_BEGIN_DECLS

#define SIM_DEFAULT_SUB_APP_ID  G_GINT64_CONSTANT (1500000001)
#define SIM_MIN_PART_SIZE       (G_GINT64_CONSTANT (1) << 20)
#define SIM_MAX_PART_SIZE       (G_GINT64_CONSTANT (5) << 30)
#define SIM_MAX_PARTS           10000
#define SIM_MAX_API_BODY        (1 << 20)
#define SIM_TC3_MAX_SKEW        300

typedef enum
{
  SIM_UPLOAD_ACTIVE,
  SIM_UPLOAD_COMPLETED,
  SIM_UPLOAD_ABORTED,
} SimUploadState;

/* One ApplyUpload and the temporary credential it issued. */
typedef struct
{
  JsonObject *params;
  char       *session_key;
  gint64      sub_app_id;
  char       *bucket;
  char       *region;
  char       *media_path;
  char       *cover_path;
  char       *media_type;
  char       *cover_type;
  char       *media_name;
  char       *procedure;
  char       *session_context;
  char       *secret_id;
  char       *secret_key;
  char       *token;
  gint64      expired_time;
  gboolean    committed;
} SimApply;

typedef struct
{
  char     *session_key;
  gint64    sub_app_id;
  char     *file_id;
  char     *media_url;
  char     *cover_url;
  gint64    media_size;
  guint64   media_crc;
  gboolean  has_cover;
  gint64    cover_size;
  guint64   cover_crc;
  char     *task_id;
} SimCommit;

/* A Procedure task started by CommitUpload. */
typedef struct
{
  char   *task_id;
  char   *file_id;
  char   *file_name;
  char   *file_url;
  char   *procedure;
  char   *session_context;
  gint64  sub_app_id;
  gint64  create_time;
  guint   polls;
} SimTask;

typedef struct
{
  gint64    size;
  guint64   crc;
  char      md5[48];
  gboolean  multipart;
  char     *path;
} SimObject;

typedef struct
{
  int      number;
  gint64   size;
  guint64  crc;
  guint8   md5[16];
  char    *etag;
  guint    puts;
  gint64   modified;
  char    *path;
} SimPart;

typedef struct
{
  char           *upload_id;
  char           *object;
  char           *bucket;
  char           *region;
  char           *key;
  SimUploadState  state;
  GTree          *parts;
} SimUpload;

typedef struct
{
  char  *kind;
  char  *code;
  guint  status;
} SimError;

typedef struct
{
  gint64    clock_offset;
  gint64    credential_lifetime;
  gboolean  require_sub_app_id;
  gint64    delay_ms;

  gboolean  fail_armed;
  gint64    fail_n;
  gint64    fail_seen;
  guint     fail_status;
  char     *fail_kind;

  double    fail_rate;
  GRand    *fail_rand;

  gboolean  drop_armed;
  gint64    drop_n;
  char     *drop_kind;

  gboolean  offline;        /* every request's connection is dropped */

  guint     stall_count;    /* requests still to stall */
  gint64    stall_after;
  char     *stall_kind;
  guint     stall_seconds;
} SimFaults;

/* A request body as it streams in: hashed and, in store mode, written. */
typedef struct
{
  guint64        crc;
  GChecksum     *md5;
  gint64         size;
  GOutputStream *out;
  char          *path;
  GError        *error;
} SimSink;

typedef enum
{
  SIM_ROUTE_VOD,
  SIM_ROUTE_COS,
  SIM_ROUTE_ADMIN,
  SIM_ROUTE_BLACKHOLE,
} SimRoute;

/* Per-request context, attached to its SoupServerMessage. */
typedef struct
{
  VodupSim          *sim;
  SoupServerMessage *msg;
  SimRoute           route;
  char              *kind;
  char              *request_id;
  char              *bucket;
  char              *region;
  char              *path;
  char              *object;
  GHashTable        *query;
  char              *secret_id;
  SimSink           *sink;
  gint64             received;
  gboolean           receiving;
  gint64             drop_after;
  gint64             stall_after;
  guint              stall_seconds;
} SimRequest;

/* An error to answer with: HTTP status (COS) and code. */
typedef struct
{
  guint       status;
  const char *code;
  char       *message;
} SimFailure;

struct _VodupSim
{
  GObject       parent_instance;

  gboolean      store_bodies;
  char         *data_dir;
  gboolean      data_dir_is_temp;

  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GPtrArray    *pending;
  GPtrArray    *sockets;      /* of VOD/COS requests, server thread only */
  GMutex        start_mutex;
  GCond         start_cond;
  gboolean      start_done;
  GError       *start_error;
  guint         port;
  char         *uri;

  /* Everything below is guarded by mutex. */
  GMutex        mutex;
  SimFaults     faults;
  GHashTable   *counters;
  GPtrArray    *applies;
  GHashTable   *applies_by_key;
  GHashTable   *applies_by_secret_id;
  GPtrArray    *commits;
  GPtrArray    *tasks;
  GHashTable   *objects;
  GPtrArray    *uploads;
  GHashTable   *uploads_by_id;
  GPtrArray    *errors;
  GRand        *rand;
  guint64       seq;
  gint64        receiving;
};

/* vodup-sim-state.c; "_locked" functions expect self->mutex held. */
void        _vodup_sim_state_init          (VodupSim          *self);
void        _vodup_sim_state_clear         (VodupSim          *self,
                                            gboolean           delete_files);
gint64      _vodup_sim_now_locked          (VodupSim          *self);
gint64      _vodup_sim_now                 (VodupSim          *self);
char       *_vodup_sim_format_time         (gint64             unix_time);
void        _vodup_sim_count_locked        (VodupSim          *self,
                                            const char        *name,
                                            gint64             n);
void        _vodup_sim_count_max_locked    (VodupSim          *self,
                                            const char        *name,
                                            gint64             value);
void        _vodup_sim_record_error        (VodupSim          *self,
                                            const char        *kind,
                                            const char        *code,
                                            guint              status);
char       *_vodup_sim_random_hex_locked   (VodupSim          *self,
                                            guint              n_bytes);
char       *_vodup_sim_data_path_locked    (VodupSim          *self);
JsonObject *_vodup_sim_state_to_json       (VodupSim          *self);
void        _vodup_sim_delete_file         (const char        *path);
void        _vodup_sim_apply_free          (gpointer           data);
void        _vodup_sim_commit_free         (gpointer           data);
void        _vodup_sim_task_free           (gpointer           data);
void        _vodup_sim_object_free         (gpointer           data);
void        _vodup_sim_part_free           (gpointer           data);
void        _vodup_sim_upload_free         (gpointer           data);

/* vodup-sim-faults.c */
void        _vodup_sim_faults_init         (SimFaults         *faults);
void        _vodup_sim_faults_clear        (SimFaults         *faults);
void        _vodup_sim_faults_merge_locked (VodupSim          *self,
                                            JsonObject        *faults);
gboolean    _vodup_sim_check_fail          (SimRequest        *req,
                                            SimFailure        *failure);
void        _vodup_sim_arm_body_faults     (SimRequest        *req,
                                            gint64             content_length);
void        _vodup_sim_delay_reply         (SimRequest        *req);
void        _vodup_sim_stall               (SimRequest        *req);
void        _vodup_sim_drop_connection     (SimRequest        *req);
gboolean    _vodup_sim_check_offline       (SimRequest        *req);
void        _vodup_sim_track_socket        (SimRequest        *req);
void        _vodup_sim_cancel_pending      (VodupSim          *self);

/* vodup-sim-body.c */
SimSink    *_vodup_sim_sink_new            (const char        *path,
                                            GError           **error);
void        _vodup_sim_sink_update         (SimSink           *sink,
                                            const guint8      *data,
                                            gsize              length);
gboolean    _vodup_sim_sink_finish         (SimSink           *sink,
                                            GError           **error);
char       *_vodup_sim_sink_steal_path     (SimSink           *sink);
void        _vodup_sim_sink_free           (SimSink           *sink);
void        _vodup_sim_watch_body          (SimRequest        *req,
                                            gboolean           stream);
char       *_vodup_sim_sink_etag           (SimSink           *sink);
void        _vodup_sim_receiving_begin     (SimRequest        *req);
void        _vodup_sim_receiving_end       (SimRequest        *req);

/* vodup-sim-request.c */
void        _vodup_sim_early_handler_cb    (SoupServer        *server,
                                            SoupServerMessage *msg,
                                            const char        *path,
                                            GHashTable        *query,
                                            gpointer           user_data);
void        _vodup_sim_handler_cb          (SoupServer        *server,
                                            SoupServerMessage *msg,
                                            const char        *path,
                                            GHashTable        *query,
                                            gpointer           user_data);
SimRequest *_vodup_sim_request_get         (SoupServerMessage *msg);
gboolean    _vodup_sim_fail                (SimFailure        *failure,
                                            guint              status,
                                            const char        *code,
                                            const char        *format,
                                            ...) G_GNUC_PRINTF (4, 5);
void        _vodup_sim_failure_clear       (SimFailure        *failure);
void        _vodup_sim_reply_json          (SoupServerMessage *msg,
                                            guint              status,
                                            JsonObject        *object);

/* vodup-sim-vod.c */
void        _vodup_sim_vod_early           (SimRequest        *req);
void        _vodup_sim_vod_handle          (SimRequest        *req);
void        _vodup_sim_vod_reply_error     (SimRequest        *req,
                                            guint              http_status,
                                            const char        *code,
                                            const char        *message);

/* vodup-sim-vod-upload.c; called with the mutex held */
JsonObject *_vodup_sim_apply_upload        (VodupSim          *self,
                                            JsonObject        *params,
                                            SimFailure        *failure);
JsonObject *_vodup_sim_commit_upload       (VodupSim          *self,
                                            JsonObject        *params,
                                            SimFailure        *failure);
gboolean    _vodup_sim_check_sub_app_id    (JsonObject        *params,
                                            gint64            *sub_app_id,
                                            SimFailure        *failure);

/* vodup-sim-vod-describe.c; called with the mutex held */
JsonObject *_vodup_sim_describe_procedures (VodupSim          *self,
                                            JsonObject        *params,
                                            SimFailure        *failure);
JsonObject *_vodup_sim_describe_regions    (VodupSim          *self,
                                            JsonObject        *params,
                                            SimFailure        *failure);
JsonObject *_vodup_sim_describe_classes    (VodupSim          *self,
                                            JsonObject        *params,
                                            SimFailure        *failure);
JsonObject *_vodup_sim_describe_sub_apps   (VodupSim          *self,
                                            JsonObject        *params,
                                            SimFailure        *failure);
JsonObject *_vodup_sim_describe_tasks      (VodupSim          *self,
                                            JsonObject        *params,
                                            SimFailure        *failure);
JsonObject *_vodup_sim_describe_task       (VodupSim          *self,
                                            JsonObject        *params,
                                            SimFailure        *failure);
gboolean    _vodup_sim_known_procedure     (const char        *name);
gboolean    _vodup_sim_known_class         (gint64             class_id);
const char *_vodup_sim_region_status       (const char        *region);
const char *_vodup_sim_region_bucket       (const char        *region);

/* vodup-sim-cos.c */
gboolean    _vodup_sim_cos_parse_host      (const char        *host,
                                            char             **bucket,
                                            char             **region);
void        _vodup_sim_cos_early           (SimRequest        *req);
void        _vodup_sim_cos_handle          (SimRequest        *req);
void        _vodup_sim_cos_reply_error     (SimRequest        *req,
                                            SimFailure        *failure);
void        _vodup_sim_cos_reply_xml       (SimRequest        *req,
                                            guint              status,
                                            const char        *xml);
void        _vodup_sim_cos_reply_body_done (SimRequest        *req,
                                            guint64            crc,
                                            const char        *etag);
gboolean    _vodup_sim_check_body          (SimRequest        *req,
                                            SimFailure        *failure);
void        _vodup_sim_blackhole_early     (SimRequest        *req);
void        _vodup_sim_blackhole_handle    (SimRequest        *req);

/* vodup-sim-cos-auth.c */
gboolean    _vodup_sim_cos_check_auth_locked (SimRequest      *req,
                                              SimFailure      *failure);

/* vodup-sim-multipart.c */
SimUpload  *_vodup_sim_find_upload_locked  (SimRequest        *req,
                                            SimFailure        *failure);
const char *_vodup_sim_object_key          (SimRequest        *req);
void        _vodup_sim_delete_upload_files (SimUpload         *upload);
gboolean    _vodup_sim_part_check_locked   (SimRequest        *req,
                                            SimFailure        *failure);
gboolean    _vodup_sim_upload_check_locked (SimRequest        *req,
                                            SimFailure        *failure);
void        _vodup_sim_initiate            (SimRequest        *req);
void        _vodup_sim_upload_part         (SimRequest        *req);
void        _vodup_sim_list_parts          (SimRequest        *req);
void        _vodup_sim_abort               (SimRequest        *req);

/* vodup-sim-complete.c */
void        _vodup_sim_complete            (SimRequest        *req);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SimFailure, _vodup_sim_failure_clear)

G_END_DECLS
