/* vodup-upload-row.c: not written yet */

#include "config.h"
