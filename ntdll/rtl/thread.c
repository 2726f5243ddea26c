/* Where every thread but the first starts, and how a thread ends from user mode. */
#include "ldr/ldr.h"
#include "rtl/rtlp.h"


void NTAPI RtlExitUserThread(ULONG status)
{
    LdrShutdownThread();
    /* The last thread ends the process instead, as on Windows. */
    if (NtTerminateThread(NULL, (NTSTATUS)status) == STATUS_CANT_TERMINATE_SELF)
        RtlExitUserProcess((NTSTATUS)status);
    NtTerminateThread(NtCurrentThread(), (NTSTATUS)status);
    for (;;)
        ;
}

void NTAPI RtlUserThreadStart(PUSER_THREAD_START_ROUTINE start, PVOID argument)
{
    NTSTATUS status = LdrpInitializeThread();

    if (status)
        NtTerminateThread(NtCurrentThread(), status);
    RtlExitUserThread(start(argument));
}
