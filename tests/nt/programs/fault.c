/* Writes through a NULL pointer and handles nothing: an access violation ends the process (exit 5, the low
 * byte of 0xc0000005) with a one-line report, and the host does not crash. */
#include "nt/services.h"

ULONG NTAPI Start(PPEB peb)
{
    volatile int *volatile target = (volatile int *)(ULONG_PTR)0x10;
    *target = 1;
    return 0;
}
