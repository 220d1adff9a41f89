/* vodup-choice.c: not written yet */

#include "config.h"
