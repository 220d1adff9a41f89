/* vodup-options-panel.c: not written yet */

#include "config.h"
