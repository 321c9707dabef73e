#include "config.h"
#include "features.h"
