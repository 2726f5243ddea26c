/* A thread's last error and last status in its TEB, its hard-error mode, and NTSTATUS to Win32 errors. */
#include "rtl/rtlp.h"

ULONG NTAPI RtlNtStatusToDosError(NTSTATUS Status)
{
    NtCurrentTeb()->LastStatusValue = Status;
    return RtlNtStatusToDosErrorNoTeb(Status);
}

ULONG NTAPI RtlGetLastWin32Error(void)
{
    return NtCurrentTeb()->LastErrorValue;
}

void NTAPI RtlSetLastWin32Error(ULONG Error)
{
    NtCurrentTeb()->LastErrorValue = Error;
}

void NTAPI RtlRestoreLastWin32Error(ULONG Error)
{
    NtCurrentTeb()->LastErrorValue = Error;
}

NTSTATUS NTAPI RtlGetLastNtStatus(void)
{
    return NtCurrentTeb()->LastStatusValue;
}

ULONG NTAPI RtlGetThreadErrorMode(void)
{
    return NtCurrentTeb()->HardErrorMode;
}

NTSTATUS NTAPI RtlSetThreadErrorMode(ULONG NewMode, PULONG OldMode)
{
    if (NewMode & ~(ULONG)(RTL_SEM_FAILCRITICALERRORS | RTL_SEM_NOGPFAULTERRORBOX | RTL_SEM_NOALIGNMENTFAULTEXCEPT))
        return STATUS_INVALID_PARAMETER_1;
    if (OldMode)
        *OldMode = NtCurrentTeb()->HardErrorMode;
    NtCurrentTeb()->HardErrorMode = NewMode;
    return STATUS_SUCCESS;
}

/* A failure's status and Win32 error together, as the Rtl functions that fail without a status leave them. */
void RtlpSetLastError(NTSTATUS status, ULONG error)
{
    NtCurrentTeb()->LastStatusValue = status;
    NtCurrentTeb()->LastErrorValue = error;
}
