/* Ends itself with NtTerminateProcess: the status's low byte (0x67) is what Linux keeps. */
#include "nt/services.h"

ULONG NTAPI Start(PPEB peb)
{
    NtTerminateProcess(NtCurrentProcess(), 0x1234567);
    return 1;
}
