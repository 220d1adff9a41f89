/* vodup-window.c: not written yet */

#include "config.h"
