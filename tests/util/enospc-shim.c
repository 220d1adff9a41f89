/* enospc-shim.c: an LD_PRELOAD module for tests only. write() and pwrite()
 * to files whose real path contains $VODUP_TEST_ENOSPC_MARK (for example
 * "/enospc/") fail with ENOSPC, as on a full disk, which a test cannot
 * otherwise get on a CI container running as root without CAP_SYS_ADMIN
 * (no small tmpfs to fill).
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE

#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* Read once: getenv() is not safe against a setenv() in another thread. */
static const char *
mark (void)
{
  static const char *value;
  static int read_once;

  if (!__atomic_load_n (&read_once, __ATOMIC_ACQUIRE))
    {
      value = getenv ("VODUP_TEST_ENOSPC_MARK");
      __atomic_store_n (&read_once, 1, __ATOMIC_RELEASE);
    }

  return value;
}

static int
is_full (int fd)
{
  const char *wanted = mark ();
  char link[64];
  char path[PATH_MAX];
  ssize_t n;

  if (wanted == NULL || *wanted == '\0')
    return 0;

  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  n = readlink (link, path, sizeof path - 1);
  if (n <= 0)
    return 0;
  path[n] = '\0';

  return strstr (path, wanted) != NULL;
}

ssize_t write (int fd, const void *buffer, size_t count);
ssize_t pwrite (int fd, const void *buffer, size_t count, off_t offset);

ssize_t
write (int         fd,
       const void *buffer,
       size_t      count)
{
  ssize_t (*real) (int, const void *, size_t) = dlsym (RTLD_NEXT, "write");

  if (is_full (fd))
    {
      errno = ENOSPC;
      return -1;
    }

  return real (fd, buffer, count);
}

ssize_t
pwrite (int         fd,
        const void *buffer,
        size_t      count,
        off_t       offset)
{
  ssize_t (*real) (int, const void *, size_t, off_t) = dlsym (RTLD_NEXT, "pwrite");

  if (is_full (fd))
    {
      errno = ENOSPC;
      return -1;
    }

  return real (fd, buffer, count, offset);
}
