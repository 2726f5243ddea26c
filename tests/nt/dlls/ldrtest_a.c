/* The loader's first test DLL: imports ntdll alone; keeps the log every test DLL writes its events to, and
 * exports by name, by ordinal alone, and data. */
#include "nt/services.h"
#include "nt/ntdll.h"

char LdrTestLog[256];
ULONG LdrTestLogLength;
PVOID LdrTestAttachContext; /* what DLL_PROCESS_ATTACH was given: non-NULL for a static load */

void LdrTestRecord(char event)
{
    if (LdrTestLogLength < sizeof(LdrTestLog) - 1)
        LdrTestLog[LdrTestLogLength++] = event;
}

int LdrTestAdd(int a, int b)
{
    return a + b;
}

int LdrTestSecret(void)
{
    return 1234;
}

/* The end of the process is announced on standard output, where the test runner looks for it. */
static void LdrTestAnnounceDetach(void)
{
    static const char line[] = "ldrtest_a: DLL_PROCESS_DETACH at process end\n";
    IO_STATUS_BLOCK iosb;
    NtWriteFile(NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters->StandardOutput, NULL, NULL, NULL, &iosb,
                (PVOID)line, sizeof(line) - 1, NULL, NULL);
}

LOGICAL NTAPI DllMain(PVOID instance, ULONG reason, PVOID context)
{
    LdrTestRecord("aATt"[reason]);
    if (reason == DLL_PROCESS_ATTACH)
        LdrTestAttachContext = context;
    if (reason == DLL_PROCESS_DETACH && context)
        LdrTestAnnounceDetach();
    return TRUE;
}
