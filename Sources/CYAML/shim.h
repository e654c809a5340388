#ifndef TENANCY_CYAML_SHIM_H
#define TENANCY_CYAML_SHIM_H
#include <yaml.h>
#endif
