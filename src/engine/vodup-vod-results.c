/* vodup-vod-results.c: not written yet */

#include "config.h"
