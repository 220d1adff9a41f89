/* vodup-crc64.c: not written yet */

#include "config.h"
