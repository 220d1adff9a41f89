/* vodup-session.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-session.h"

#define STALL_TIMEOUT_SECONDS 60

SoupSession *
vodup_session_new (void)
{
  return soup_session_new_with_options ("user-agent", "Vodup/" PACKAGE_VERSION " ",
                                        "timeout", STALL_TIMEOUT_SECONDS,
                                        "idle-timeout", STALL_TIMEOUT_SECONDS,
                                        "max-conns", 160,
                                        "max-conns-per-host", 128,
                                        NULL);
}
