/* Imports a function of a DLL that cannot be loaded: the loader names it and exits with
 * STATUS_DLL_NOT_FOUND (low byte 0x35). */
#include "nt/services.h"

__declspec(dllimport) ULONG NTAPI VelesTestFunction(void);

ULONG NTAPI Start(PPEB peb)
{
    return VelesTestFunction();
}
