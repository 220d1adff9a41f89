/* vodup-transfer.c: not written yet */

#include "config.h"
