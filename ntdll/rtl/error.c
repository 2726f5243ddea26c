/* A thread's last error and last status in its TEB, its hard-error mode, and NTSTATUS to Win32 errors. */
#include "nt/winerror.h"
#include "rtl/rtlp.h"

/* The facility of Win32 errors carried in an NTSTATUS or HRESULT (0xC007xxxx, 0x8007xxxx). */
#define RTLP_FACILITY_WIN32 7

/* The table is ntstatus.def's third column: a status Veles returns cannot lack its Win32 error. */
ULONG NTAPI RtlNtStatusToDosErrorNoTeb(NTSTATUS Status)
{
    ULONG code = (ULONG)Status;

    /* Customer codes (bit 29) are the caller's own: they pass through, as on Windows. */
    if (!code || code & 0x20000000)
        return code;
    if (((code >> 16) & 0xfff) == RTLP_FACILITY_WIN32 && (code >> 30) >= 2)
        return code & 0xffff;
    switch (Status) {
#define X(name, value, error) case name: return error;
#include "nt/ntstatus.def"
#undef X
    default:
        return ERROR_MR_MID_NOT_FOUND;
    }
}

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
