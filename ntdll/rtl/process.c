/* Ending the process from user mode. */
#include "nt/services.h"

void NTAPI RtlExitUserProcess(NTSTATUS status)
{
    /* As Windows: first every other thread, then this one with the process. */
    NtTerminateProcess(NULL, status);
    NtTerminateProcess(NtCurrentProcess(), status);
    for (;;)
        ;
}
