/* vodup-upload-journal.c: not written yet */

#include "config.h"
