/* The executive's interface to the other components: its object types. */
#ifndef EX_EX_H
#define EX_EX_H

#include "ob/ob.h"

extern const OBJECT_TYPE ExEventObjectType;

/* Whether the machine has a NUMA node of that number (processor.c). */
BOOLEAN ExIsNumaNode(ULONG node);

#endif
