/* vodup-preferences-page.c: not written yet */

#include "config.h"
