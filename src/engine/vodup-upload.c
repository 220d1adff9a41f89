/* vodup-upload.c: not written yet */

#include "config.h"
