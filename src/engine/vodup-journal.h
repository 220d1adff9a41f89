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
/* The record as it is on disk now, or NULL. */
JsonObject *vodup_journal_read    (const char  *id);
/* Every readable record, oldest first (by "created"). */
GPtrArray  *vodup_journal_list    (void);
/* Removes the record and its lock file; the caller holds the lock (or
 * nobody can). */
void        vodup_journal_delete  (const char  *id);

/* One process per record: an advisory lock (flock(2) on "<id>.lock" next
 * to the record), held while the upload is active in that process. The
 * kernel drops it when the process dies, so a crash never leaves a record
 * locked. NULL with G_IO_ERROR_BUSY while another process, or another
 * upload of this one, holds it. */
typedef struct _VodupJournalLock VodupJournalLock;

VodupJournalLock *vodup_journal_lock      (const char       *id,
                                           GError          **error);
void              vodup_journal_unlock    (VodupJournalLock *lock);
/* Unlocks and removes the lock file, for locks named after something
 * other than a record (nothing else would ever delete them). */
void              vodup_journal_unlock_and_delete (VodupJournalLock *lock);
/* Removes the "<prefix>…lock" files nobody holds: what a crash left of
 * locks vodup_journal_unlock_and_delete() would have removed. */
void              vodup_journal_remove_stale_locks (const char *prefix);
/* TRUE while someone else holds the record's lock. */
gboolean          vodup_journal_is_locked (const char       *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VodupJournalLock, vodup_journal_unlock)

G_END_DECLS
