/* Copying parts of a CONTEXT, for the host and ntdll alike. */
#ifndef LIB_RTL_CONTEXT_H
#define LIB_RTL_CONTEXT_H

#include "nt/ntdef.h"
#include "nt/context.h"

/* The parts of src that flags name (CONTEXT_CONTROL, _INTEGER, _SEGMENTS, _FLOATING_POINT, _DEBUG_REGISTERS)
 * into dst; the rest of dst stays. */
void RtlpCopyContextParts(CONTEXT *dst, const CONTEXT *src, ULONG flags);

#endif
