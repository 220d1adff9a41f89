/* vodup-preferences-page.h
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VODUP_TYPE_PREFERENCES_PAGE (vodup_preferences_page_get_type ())

G_DECLARE_FINAL_TYPE (VodupPreferencesPage, vodup_preferences_page, VODUP, PREFERENCES_PAGE, AdwPreferencesPage)

/* The API key (kept in the keyring), transfer settings and the endpoint.
 * Emits ::credentials-changed after keys were saved or forgotten; the
 * application reloads its clients then. */
GtkWidget *vodup_preferences_page_new      (void);
/* TRUE while a keyring or API call of the page is under way. */
gboolean   vodup_preferences_page_get_busy (VodupPreferencesPage *self);

G_END_DECLS
