/* The loader's test DLL loaded at run time: imports ldrtest_a (already there), has TLS data, which every
 * running thread must get when it loads. */
#include "ldrtest.h"

LDRTEST_TLS(99, 0)

PVOID LdrTestAttachContext;

LOGICAL NTAPI DllMain(PVOID instance, ULONG reason, PVOID context)
{
    LdrTestRecord("eEVv"[reason]);
    if (reason == DLL_PROCESS_ATTACH)
        LdrTestAttachContext = context;
    return TRUE;
}
