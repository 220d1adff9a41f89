/* vodup-upload-details.c: not written yet */

#include "config.h"
