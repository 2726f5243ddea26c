/* What the executive's files share among themselves. */
#ifndef EX_EXP_H
#define EX_EXP_H

#include "nt/types.h"

/* The host's time zone as Windows describes it (timezone.c). */
void ExQueryTimeZone(RTL_DYNAMIC_TIME_ZONE_INFORMATION *tz);

#endif
