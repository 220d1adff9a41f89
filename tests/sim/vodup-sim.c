/* vodup-sim.c: not written yet */

#include "config.h"
