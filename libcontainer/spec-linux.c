/* husk - placeholder. */
#include "config.h"
#include "spec-internal.h"
