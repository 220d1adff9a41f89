/* vodup-vod-client.c: not written yet */

#include "config.h"
