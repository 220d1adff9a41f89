/* vodup-engine.h: everything the app, the CLI and the tests use.
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vodup-types.h"
#include "vodup-enums.h"
#include "vodup-error.h"
#include "vodup-credentials.h"
#include "vodup-credential-provider.h"
#include "vodup-credential-vault.h"
#include "vodup-static-credential-provider.h"
#include "vodup-crc64.h"
#include "vodup-tc3-signer.h"
#include "vodup-cos-signer.h"
#include "vodup-endpoint.h"
#include "vodup-session.h"
#include "vodup-upload-options.h"
#include "vodup-choice.h"
#include "vodup-vod-results.h"
#include "vodup-vod-client.h"
#include "vodup-cos-client.h"
#include "vodup-upload.h"
#include "vodup-upload-queue.h"
#include "vodup-format.h"
