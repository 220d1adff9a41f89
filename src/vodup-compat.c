/* vodup-compat.c: not written yet */

#include "config.h"
