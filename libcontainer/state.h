/* husk - placeholder, filled in by its own change. */
#ifndef LC_STATE_H
#define LC_STATE_H
#include "error.h"
#endif
