/* vodup-journal.h: upload records on disk, for resuming after a crash
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* $XDG_STATE_HOME/vodup/uploads: one JSON record per upload, named by the
 * upload's id. Records never hold secrets (see vodup-credential-vault.h). */
char       *vodup_journal_dup_dir (void);
gboolean    vodup_journal_write   (const char  *id,
                                   JsonObject  *record,
                                   GError     **error);
/* Every readable record, oldest first (by "created"). */
GPtrArray  *vodup_journal_list    (void);
void        vodup_journal_delete  (const char  *id);

G_END_DECLS
