/* The one-of-each tables: errno to NTSTATUS, NTSTATUS names, the generated service table. */
#include <errno.h>
#include <string.h>
#include "host/host.h"
#include "ke/ke.h"
#include "ke/services.h"
#include "unit.h"

UNIT_TEST(errno_table_is_complete)
{
    /* Linux x86-64 errnos are 1..133; 41 and 58 are unused numbers. */
    for (int e = 1; e <= 133; e++) {
        if (e == 41 || e == 58)
            continue;
        CHECK(HostErrnoIsMapped(e), "errno %d (%s) has no NTSTATUS in kernel/host/errno.def", e, strerror(e));
    }
    CHECK(HostErrnoToStatus(ENOENT) == STATUS_OBJECT_NAME_NOT_FOUND, "ENOENT");
    CHECK(HostErrnoToStatus(EFAULT) == STATUS_ACCESS_VIOLATION, "EFAULT");
    CHECK(HostErrnoToStatus(EBADF) == STATUS_INVALID_HANDLE, "EBADF");
    CHECK(HostErrnoToStatus(0x7fff) == STATUS_UNSUCCESSFUL, "an unknown errno");
}

UNIT_TEST(status_names)
{
    CHECK(!strcmp(RtlNtStatusName(STATUS_ACCESS_VIOLATION), "STATUS_ACCESS_VIOLATION"), "access violation");
    CHECK(!strcmp(RtlNtStatusName(STATUS_SUCCESS), "STATUS_SUCCESS"), "success");
    CHECK(RtlNtStatusName((NTSTATUS)0xC0DEC0DE) == NULL, "unknown status");
    CHECK(STATUS_NOT_IMPLEMENTED == (NTSTATUS)0xC0000002 && STATUS_ACCESS_VIOLATION < 0, "values are NTSTATUS");
}

UNIT_TEST(service_table)
{
    int implemented = 0;

    CHECK(KI_SERVICE_COUNT == 473, "Windows 10 22H2 has 473 services: %d", KI_SERVICE_COUNT);
    CHECK(!strcmp(KiServiceDescriptors[0x0f].Name, "NtClose") && KiServiceDescriptors[0x0f].NumberOfArguments == 1,
          "0x0f is NtClose(Handle)");
    CHECK(!strcmp(KiServiceDescriptors[0x08].Name, "NtWriteFile") && KiServiceDescriptors[0x08].NumberOfArguments == 9 &&
              !strcmp(KiServiceDescriptors[0x08].Classes, "hhppppdlp"),
          "NtWriteFile's arguments and how the trace shows them: %s", KiServiceDescriptors[0x08].Classes);
    CHECK(KiServiceRoutines[0x0f] == (KI_SERVICE_ROUTINE)NtClose, "NtClose dispatches to its routine");
    for (int i = 0; i < KI_SERVICE_COUNT; i++) {
        CHECK(KiServiceRoutines[i] != NULL && KiServiceDescriptors[i].Name, "service %#x has a routine", i);
        implemented += KiServiceRoutines[i] != KiUnimplementedService;
    }
    CHECK(implemented >= 14, "%d services implemented", implemented);
    CHECK(KiCallService(0x0, (const ULONG64[KI_MAX_SERVICE_ARGS]){0}) == (ULONG)STATUS_NOT_IMPLEMENTED,
          "an unwritten service answers STATUS_NOT_IMPLEMENTED");
    CHECK(KiCallService(KI_SERVICE_COUNT, (const ULONG64[KI_MAX_SERVICE_ARGS]){0}) ==
              (ULONG)STATUS_INVALID_SYSTEM_SERVICE,
          "past the table: STATUS_INVALID_SYSTEM_SERVICE");
}

UNIT_TEST(win32k_service_table)
{
    CHECK(KI_WIN32K_SERVICE_BASE == 0x1000 && KiWin32kNamedCount > 1000, "win32k's services from 0x1000: %u",
          KiWin32kNamedCount);
    CHECK(!strcmp(KiWin32kDescriptors[0x22].Name, "NtUserGetProcessWindowStation"),
          "0x1022 is NtUserGetProcessWindowStation in Windows 10 22H2");
    CHECK(KeWin32kServiceNumber("NtUserGetProcessWindowStation") == 0x1022 &&
              KeWin32kServiceNumber("NtGdiBitBlt") == 0x1008 && KeWin32kServiceNumber("NtClose") == 0 &&
              KeWin32kServiceNumber("") == 0,
          "numbers found by name");
    unsigned in_order = 0;
    for (unsigned i = 0; i < KiWin32kNamedCount; i++)
        in_order += KiWin32kByName[i] < KI_WIN32K_SERVICE_COUNT &&
                    (!i || strcmp(KiWin32kDescriptors[KiWin32kByName[i - 1]].Name,
                                  KiWin32kDescriptors[KiWin32kByName[i]].Name) < 0);
    CHECK(in_order == KiWin32kNamedCount, "the names in order: %u of %u", in_order, KiWin32kNamedCount);
    CHECK(KiCallService(0x1000 + KI_WIN32K_SERVICE_COUNT, (const ULONG64[KI_MAX_SERVICE_ARGS]){0}) ==
              (ULONG)STATUS_INVALID_SYSTEM_SERVICE,
          "past win32k's table: STATUS_INVALID_SYSTEM_SERVICE");
    CHECK(KiCallService(0x0fff, (const ULONG64[KI_MAX_SERVICE_ARGS]){0}) == (ULONG)STATUS_INVALID_SYSTEM_SERVICE,
          "between the tables too");
    CHECK(KiCallService(KeWin32kServiceNumber("NtGdiBitBlt"), (const ULONG64[KI_MAX_SERVICE_ARGS]){0}) ==
              (ULONG)STATUS_NOT_IMPLEMENTED,
          "an unwritten win32k service answers STATUS_NOT_IMPLEMENTED");
}
