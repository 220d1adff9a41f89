/* vodup-tc3-signer.c: not written yet */

#include "config.h"
