/* NTSTATUS names for messages and traces, and the Win32 errors statuses turn into, from the one status list. */
#include "nt/ntstatus.h"
#include "nt/winerror.h"

const char *RtlNtStatusName(NTSTATUS status)
{
    switch (status) {
#define X(name, value, error) case name: return #name;
#include "nt/ntstatus.def"
#undef X
    }
    return NULL;
}

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
