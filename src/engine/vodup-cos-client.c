/* vodup-cos-client.c: not written yet */

#include "config.h"
