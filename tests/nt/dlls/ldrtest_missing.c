/* A DLL that imports from a DLL that does not exist: loading it fails with STATUS_DLL_NOT_FOUND. */
#include "ldrtest.h"

__declspec(dllimport) ULONG NTAPI VelesTestFunction(void);

ULONG LdrTestCallMissing(void)
{
    return VelesTestFunction();
}

LOGICAL NTAPI DllMain(PVOID instance, ULONG reason, PVOID context)
{
    LdrTestRecord('M');
    return TRUE;
}
