/* vodup-upload-queue.c: not written yet */

#include "config.h"
