/* vodup-endpoint.c: not written yet */

#include "config.h"
