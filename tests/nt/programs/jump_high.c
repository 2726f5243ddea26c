/* Jumps to an address above 1 TiB, where only the host has memory: still the program's access violation
 * (exit 5), never taken for a fault of the host. */
#include "nt/services.h"

ULONG NTAPI Start(PPEB peb)
{
    void (*volatile nowhere)(void) = (void (*)(void))0x503800005000ull;
    nowhere();
    return 0;
}
