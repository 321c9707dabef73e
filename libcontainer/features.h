/* husk - placeholder, filled in by its own change. */
#ifndef LC_FEATURES_H
#define LC_FEATURES_H
#include "error.h"
#endif
