/* husk - placeholder, filled in by its own change. */
#ifndef LC_SPEC_H
#define LC_SPEC_H
#include "error.h"
#endif
