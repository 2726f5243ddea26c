/* What a program learns of the system and its memory: Windows 10's version, the processors and pages, the memory
 * status and the process's counters,
 * VirtualAlloc and VirtualProtect (a write to a read-only page caught by a vectored handler), time, and the
 * exit code ExitProcess gives (with the argument "exit"). */
#include <windows.h>
#include <string.h>
#include "wintest.h"

static volatile LONG Faults;
static BYTE *Page;

static LONG CALLBACK OnFault(EXCEPTION_POINTERS *pointers)
{
    EXCEPTION_RECORD *record = pointers->ExceptionRecord;
    DWORD old;

    if (record->ExceptionCode != EXCEPTION_ACCESS_VIOLATION || record->ExceptionInformation[0] != 1 ||
        (BYTE *)record->ExceptionInformation[1] != Page)
        return EXCEPTION_CONTINUE_SEARCH;
    Faults++;
    VirtualProtect(Page, 4096, PAGE_READWRITE, &old);
    return EXCEPTION_CONTINUE_EXECUTION;
}

int main(int argc, char **argv)
{
    OSVERSIONINFOEXW version = {.dwOSVersionInfoSize = sizeof(version)};
    SYSTEM_INFO info;
    MEMORY_BASIC_INFORMATION mbi;
    LARGE_INTEGER frequency, before, after;
    WCHAR computer[64];
    DWORD size = 64, old;
    void *handler;

    if (argc > 1 && !strcmp(argv[1], "exit"))
        ExitProcess(7);

    ok(GetVersionExW((OSVERSIONINFOW *)&version), "GetVersionEx");
    ok(version.dwMajorVersion == 10 && version.dwMinorVersion == 0 && version.dwBuildNumber == 19045 &&
       version.dwPlatformId == VER_PLATFORM_WIN32_NT, "Windows 10: %lu.%lu.%lu", version.dwMajorVersion,
       version.dwMinorVersion, version.dwBuildNumber);
    ok(version.wProductType == VER_NT_WORKSTATION, "a workstation: %u", version.wProductType);

    GetSystemInfo(&info);
    ok(info.dwPageSize == 4096 && info.dwAllocationGranularity == 65536 && info.dwNumberOfProcessors >= 1 &&
       info.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_AMD64, "the system: page %lu, granularity %lu, %lu cpus",
       info.dwPageSize, info.dwAllocationGranularity, info.dwNumberOfProcessors);
    ok(GetComputerNameW(computer, &size) && size > 0, "a computer name");
    {
        char user[64] = "";
        DWORD user_size = sizeof(user);
        const char *env = getenv("USERNAME");
        ok(GetUserNameA(user, &user_size) && env && !strcmp(user, env) && user_size == strlen(user) + 1,
           "the user's name: '%s' (%lu)", user, GetLastError());
    }
    {
        MEMORYSTATUSEX status = {.dwLength = sizeof(status)};
        SYSTEM_LOGICAL_PROCESSOR_INFORMATION cores[64];
        DWORD length = sizeof(cores);
        ok(GlobalMemoryStatusEx(&status) && status.ullTotalPhys && status.ullAvailPhys <= status.ullTotalPhys &&
           status.ullTotalPageFile >= status.ullTotalPhys && status.dwMemoryLoad <= 100,
           "the memory status: %llu of %llu MiB free", status.ullAvailPhys >> 20, status.ullTotalPhys >> 20);
        ok(GetLogicalProcessorInformation(cores, &length) && length && length % sizeof(cores[0]) == 0,
           "the processors' topology: %lu bytes", length);
        SYSTEM_POWER_STATUS power;
        ok(GetSystemPowerStatus(&power) && power.ACLineStatus <= 1 &&
               (power.BatteryFlag == 128 /* no battery */ || power.BatteryLifePercent <= 100),
           "the power status: on the mains %u, battery flags %#x", power.ACLineStatus, power.BatteryFlag);
    }

    Page = VirtualAlloc(NULL, 65536, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    ok(Page && !((ULONG_PTR)Page & 0xffff), "VirtualAlloc at a granularity boundary: %p", Page);
    Page[0] = 1;
    ok(VirtualProtect(Page, 4096, PAGE_READONLY, &old) && old == PAGE_READWRITE, "VirtualProtect: was %lx", old);
    ok(VirtualQuery(Page, &mbi, sizeof(mbi)) && mbi.Protect == PAGE_READONLY && mbi.State == MEM_COMMIT,
       "VirtualQuery sees it read-only: %lx", mbi.Protect);
    handler = AddVectoredExceptionHandler(1, OnFault);
    Page[0] = 2;
    ok(Faults == 1 && Page[0] == 2, "the write faulted once, then went through: %ld", Faults);
    RemoveVectoredExceptionHandler(handler);
    ok(VirtualFree(Page, 0, MEM_RELEASE), "VirtualFree");
    ok(!VirtualFree(Page, 0, MEM_RELEASE) && GetLastError() == ERROR_INVALID_ADDRESS, "freed twice: %lu",
       GetLastError());

    ok(QueryPerformanceFrequency(&frequency) && frequency.QuadPart > 0, "a counter frequency");
    QueryPerformanceCounter(&before);
    Sleep(20);
    QueryPerformanceCounter(&after);
    ok((after.QuadPart - before.QuadPart) * 1000 / frequency.QuadPart >= 15, "Sleep(20) slept");
    ok(GetCurrentProcessId() != 0 && GetCurrentThreadId() != 0, "ids");
    /* user32 and gdi32 import each other: loaded at run time, both are bound before either's DllMain runs. */
    HMODULE user32 = LoadLibraryA("user32.dll");
    ok(user32 && GetProcAddress(user32, "LoadStringW"), "user32 loaded at run time: %lu", GetLastError());
    return wintest_summary();
}
