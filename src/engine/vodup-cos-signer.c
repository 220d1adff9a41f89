/* vodup-cos-signer.c: not written yet */

#include "config.h"
