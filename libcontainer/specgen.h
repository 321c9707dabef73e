/* husk - placeholder, filled in by its own change. */
#ifndef LC_SPECGEN_H
#define LC_SPECGEN_H
#include "error.h"
#endif
