/* The process from user mode: its PEB, the version it reports, ending it. */
#include "rtl/rtlp.h"

void NTAPI RtlExitUserProcess(NTSTATUS status)
{
    /* As Windows: first every other thread, then this one with the process. */
    NtTerminateProcess(NULL, status);
    NtTerminateProcess(NtCurrentProcess(), status);
    for (;;)
        ;
}

PPEB NTAPI RtlGetCurrentPeb(void)
{
    return NtCurrentTeb()->ProcessEnvironmentBlock;
}

/* The version the PEB reports; the EX fields too when the caller's structure is the EX size. */
NTSTATUS NTAPI RtlGetVersion(PRTL_OSVERSIONINFOEXW VersionInformation)
{
    const PEB *peb = NtCurrentTeb()->ProcessEnvironmentBlock;
    SIZE_T units = peb->CSDVersion.Length / sizeof(WCHAR);

    VersionInformation->dwMajorVersion = peb->OSMajorVersion;
    VersionInformation->dwMinorVersion = peb->OSMinorVersion;
    VersionInformation->dwBuildNumber = peb->OSBuildNumber;
    VersionInformation->dwPlatformId = peb->OSPlatformId;
    if (units > 127)
        units = 127;
    if (units)
        memcpy(VersionInformation->szCSDVersion, peb->CSDVersion.Buffer, units * sizeof(WCHAR));
    VersionInformation->szCSDVersion[units] = 0;
    if (VersionInformation->dwOSVersionInfoSize == sizeof(RTL_OSVERSIONINFOEXW)) {
        VersionInformation->wServicePackMajor = peb->OSCSDVersion >> 8;
        VersionInformation->wServicePackMinor = peb->OSCSDVersion & 0xff;
        VersionInformation->wSuiteMask = VER_SUITE_SINGLEUSERTS;
        VersionInformation->wProductType = VER_NT_WORKSTATION;
        VersionInformation->wReserved = 0;
    }
    return STATUS_SUCCESS;
}
