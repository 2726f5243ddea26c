/* Returns 42 from its entry point: the exit status of veles must be 42. */
#include "nt/services.h"

ULONG NTAPI Start(PPEB peb)
{
    return 42;
}
