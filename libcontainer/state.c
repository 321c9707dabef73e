#include "config.h"
#include "state.h"
