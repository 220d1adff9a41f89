/* vodup-range-input-stream.c: not written yet */

#include "config.h"
