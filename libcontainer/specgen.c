#include "config.h"
#include "specgen.h"
