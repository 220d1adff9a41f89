/* vodup-cos-xml.h: the COS XML API's small documents (engine-private)
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Element names are matched without any namespace prefix; malformed or
 * unexpected documents are VODUP_ERROR_PROTOCOL. */

/* TRUE if body is an <Error> document (or COS's JSON variant); each out
 * value may be NULL. */
gboolean   vodup_cos_xml_parse_error      (GBytes      *body,
                                           char       **code,
                                           char       **message,
                                           char       **request_id);
/* InitiateMultipartUploadResult → UploadId */
char      *vodup_cos_xml_parse_upload_id  (GBytes      *body,
                                           GError     **error);
/* CompleteMultipartUploadResult → ETag; a result without one is an error. */
char      *vodup_cos_xml_parse_complete   (GBytes      *body,
                                           GError     **error);
/* One ListPartsResult page: VodupCosPart with crc64 0. */
GPtrArray *vodup_cos_xml_parse_list_parts (GBytes      *body,
                                           gboolean    *is_truncated,
                                           guint       *next_marker,
                                           GError     **error);
/* The CompleteMultipartUpload body for parts (VodupCosPart), in the given
 * order, ETags verbatim. */
GBytes    *vodup_cos_xml_build_complete   (GPtrArray   *parts);

G_END_DECLS
