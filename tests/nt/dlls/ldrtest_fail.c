/* A DLL whose DllMain refuses DLL_PROCESS_ATTACH: loading it fails, and it is told DLL_PROCESS_DETACH. */
#include "ldrtest.h"

LOGICAL NTAPI DllMain(PVOID instance, ULONG reason, PVOID context)
{
    LdrTestRecord("fFWw"[reason]);
    return reason != DLL_PROCESS_ATTACH;
}
