/* The loader's second test DLL: imports ldrtest_a, forwards exports to it (by name and by ordinal) and to
 * ntdll through an API set, and has TLS data and a TLS callback. */
#include "ldrtest.h"

static void NTAPI LdrTestCallback(PVOID instance, ULONG reason, PVOID context)
{
    LdrTestRecord("xXYy"[reason]);
}

static const PIMAGE_TLS_CALLBACK LdrTestCallbacks[] = {LdrTestCallback, NULL};
LDRTEST_TLS(77, LdrTestCallbacks)

LOGICAL NTAPI DllMain(PVOID instance, ULONG reason, PVOID context)
{
    LdrTestRecord("bBUu"[reason]);
    return TRUE;
}
