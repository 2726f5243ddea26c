/* The security reference monitor's own interface between its files. */
#ifndef SE_SEP_H
#define SE_SEP_H

#include "se/se.h"

/* What an object gets without a descriptor of its own: the token's owner and primary group and its default
 * DACL, self-relative and allocated (token.c). */
SECURITY_DESCRIPTOR_RELATIVE *SepDefaultDescriptor(void);

#endif
