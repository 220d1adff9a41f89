/* vodup-error.c: not written yet */

#include "config.h"
