/* Recurses far deeper than any stack allows: the stack runs out, and the process ends with
 * STATUS_STACK_OVERFLOW (exit 0xfd). */
#include "nt/services.h"

static ULONG Recurse(volatile char *previous, ULONG64 depth)
{
    volatile char frame[512];
    if (depth == 1ull << 40)
        return 0;
    frame[0] = previous ? previous[0] + 1 : 0;
    return Recurse(frame, depth + 1) + frame[1];
}

ULONG NTAPI Start(PPEB peb)
{
    return Recurse(NULL, 0);
}
