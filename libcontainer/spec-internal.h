/* husk - placeholder: internals shared by spec*.c. */
#ifndef LC_SPEC_INTERNAL_H
#define LC_SPEC_INTERNAL_H
#include "spec.h"
#endif
