/* NtQuerySystemInformation: what the system is, for the classes programs ask at start (the time zone among them). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cm/cm.h"
#include "ex/exp.h"
#include "host/host.h"
#include "ke/ke.h"
#include "mm/mm.h"
#include "nt/pe.h"
#include "ps/ps.h"
#include "se/se.h"

static void ExpBasicInformation(SYSTEM_BASIC_INFORMATION *sbi)
{
    ULONG cpus = HostProcessorCount();

    memset(sbi, 0, sizeof(*sbi));
    sbi->TimerResolution = 156250; /* 15.625 ms, Windows' default tick */
    sbi->PageSize = MM_PAGE_SIZE;
    sbi->NumberOfPhysicalPages = (ULONG)sysconf(_SC_PHYS_PAGES);
    sbi->LowestPhysicalPageNumber = 1;
    sbi->HighestPhysicalPageNumber = sbi->NumberOfPhysicalPages;
    sbi->AllocationGranularity = MM_ALLOCATION_GRANULARITY;
    sbi->MinimumUserModeAddress = MM_LOWEST_USER_ADDRESS;
    sbi->MaximumUserModeAddress = MM_HIGHEST_USER_ADDRESS;
    sbi->NumberOfProcessors = (CHAR)(cpus > 64 ? 64 : cpus);
    sbi->ActiveProcessorsAffinityMask = sbi->NumberOfProcessors >= 64 ? ~0ull : (1ull << sbi->NumberOfProcessors) - 1;
}

/* The file cache is Linux's page cache; its working-set bounds are what Windows reports by default. */
static void ExpFileCacheInformation(SYSTEM_FILECACHE_INFORMATION *sfci)
{
    memset(sfci, 0, sizeof(*sfci));
    sfci->CurrentSize = sfci->PeakSize = HostProcBytes("/proc/meminfo", "Cached");
    sfci->CurrentSizeIncludingTransitionInPages = sfci->PeakSizeIncludingTransitionInPages = sfci->CurrentSize;
    sfci->MinimumWorkingSet = 0x100;
    sfci->MaximumWorkingSet = (SIZE_T)sysconf(_SC_PHYS_PAGES) / 2;
}

NTSTATUS NTAPI NtQuerySystemInformation(SYSTEM_INFORMATION_CLASS SystemInformationClass, PVOID SystemInformation,
                                        ULONG SystemInformationLength, PULONG ReturnLength)
{
    union {
        SYSTEM_BASIC_INFORMATION basic;
        SYSTEM_PROCESSOR_INFORMATION processor;
        SYSTEM_TIMEOFDAY_INFORMATION timeofday;
        ULONG_PTR range_start;
        RTL_DYNAMIC_TIME_ZONE_INFORMATION time_zone; /* the plain one is its first part */
        SYSTEM_FILECACHE_INFORMATION file_cache;
        SYSTEM_TIME_ADJUSTMENT_QUERY adjustment;
        SYSTEM_KERNEL_DEBUGGER_INFORMATION debugger;
        SYSTEM_KERNEL_DEBUGGER_INFORMATION_EX debugger_ex;
        SYSTEM_PERFORMANCE_INFORMATION performance;
        SYSTEM_REGISTRY_QUOTA_INFORMATION registry_quota;
        ULONG alignment;
    } u;
    ULONG size, copy;

    switch (SystemInformationClass) {
    case SystemProcessorPerformanceInformation:
        return ExpQueryProcessorPerformance(SystemInformation, SystemInformationLength, ReturnLength);
    case SystemLogicalProcessorInformation:
        return ExpQueryLogicalProcessors(SystemInformation, SystemInformationLength, ReturnLength);
    case SystemCpuSetInformation:
        return STATUS_INVALID_PARAMETER; /* it takes a process: NtQuerySystemInformationEx's */
    case SystemProcessInformation:
    case SystemExtendedProcessInformation:
        return PsQuerySystemProcesses(SystemInformationClass == SystemExtendedProcessInformation, SystemInformation,
                                      SystemInformationLength, ReturnLength);
    case SystemHandleInformation:
    case SystemExtendedHandleInformation:
        return ObQueryHandleInformation(SystemInformationClass == SystemExtendedHandleInformation, SystemInformation,
                                        SystemInformationLength, ReturnLength);
    case SystemBasicInformation:
    case SystemEmulationBasicInformation:
    case SystemNativeBasicInformation:
        ExpBasicInformation(&u.basic);
        size = sizeof(u.basic);
        break;
    case SystemProcessorInformation:
    case SystemEmulationProcessorInformation:
        ExpQueryProcessor(&u.processor, SystemInformationClass == SystemProcessorInformation
                                            ? PROCESSOR_ARCHITECTURE_AMD64
                                            : PROCESSOR_ARCHITECTURE_INTEL);
        size = sizeof(u.processor);
        break;
    case SystemInterruptInformation:
        return ExpQueryInterrupts(SystemInformation, SystemInformationLength, ReturnLength);
    case SystemRecommendedSharedDataAlignment:
        u.alignment = 64; /* the cache line */
        size = sizeof(u.alignment);
        break;
    case SystemTimeOfDayInformation: {
        volatile KUSER_SHARED_DATA *k = KeUserSharedDataWritable();
        memset(&u.timeofday, 0, sizeof(u.timeofday));
        u.timeofday.CurrentTime.QuadPart = KeQuerySystemTime();
        u.timeofday.BootTime.QuadPart = u.timeofday.CurrentTime.QuadPart - KeQueryInterruptTime();
        if (k)
            u.timeofday.TimeZoneBias.QuadPart = KSystemTimeRead(&k->TimeZoneBias);
        size = sizeof(u.timeofday);
        /* This class alone answers any length up to its size with as much as fits. */
        if (SystemInformationLength > size)
            return ReturnLength && KeWriteUser(ReturnLength, size) ? STATUS_ACCESS_VIOLATION
                                                                  : STATUS_INFO_LENGTH_MISMATCH;
        copy = SystemInformationLength;
        goto copy_out;
    }
    case SystemCurrentTimeZoneInformation:
    case SystemDynamicTimeZoneInformation:
        ExQueryTimeZone(&u.time_zone);
        size = SystemInformationClass == SystemCurrentTimeZoneInformation ? sizeof(RTL_TIME_ZONE_INFORMATION)
                                                                          : sizeof(RTL_DYNAMIC_TIME_ZONE_INFORMATION);
        break;
    case SystemRangeStartInformation:
        u.range_start = 0xffff800000000000ull;
        size = sizeof(u.range_start);
        break;
    case SystemTimeAdjustmentInformation:
        /* Linux disciplines its own clock: Windows' adjustment is off, at the increment of its tick. */
        memset(&u.adjustment, 0, sizeof(u.adjustment));
        u.adjustment.TimeAdjustment = u.adjustment.TimeIncrement = 156250;
        u.adjustment.TimeAdjustmentDisabled = TRUE;
        size = sizeof(u.adjustment);
        if (SystemInformationLength != size)
            return ReturnLength && KeWriteUser(ReturnLength, size) ? STATUS_ACCESS_VIOLATION
                                                                  : STATUS_INFO_LENGTH_MISMATCH;
        break;
    case SystemFileCacheInformation:
    case SystemKernelDebuggerInformation:
    case SystemKernelDebuggerInformationEx:
    case SystemPerformanceInformation:
    case SystemRegistryQuotaInformation:
        /* A larger buffer is fine for these, as on Windows. */
        memset(&u, 0, sizeof(u));
        if (SystemInformationClass == SystemPerformanceInformation) {
            ExpQueryPerformance(&u.performance);
            copy = sizeof(u.performance);
        } else if (SystemInformationClass == SystemRegistryQuotaInformation) {
            /* The registry has had no quota since Vista, and it is in no paged pool here. */
            SIZE_T used = CmQueryRegistryUsage();
            u.registry_quota.RegistryQuotaAllowed = 0xffffffffu;
            u.registry_quota.RegistryQuotaUsed = used > 0xffffffffu ? 0xffffffffu : (ULONG)used;
            copy = sizeof(u.registry_quota);
        } else if (SystemInformationClass == SystemFileCacheInformation) {
            ExpFileCacheInformation(&u.file_cache);
            copy = sizeof(u.file_cache);
        } else if (SystemInformationClass == SystemKernelDebuggerInformation) {
            u.debugger.KernelDebuggerNotPresent = TRUE;
            copy = sizeof(u.debugger);
        } else {
            copy = sizeof(u.debugger_ex);
        }
        if (SystemInformationLength < copy)
            return ReturnLength && KeWriteUser(ReturnLength, copy) ? STATUS_ACCESS_VIOLATION
                                                                  : STATUS_INFO_LENGTH_MISMATCH;
        goto copy_out;
    default:
        if ((ULONG)SystemInformationClass >= MaxSystemInfoClass)
            return STATUS_INVALID_INFO_CLASS;
        return KeReportNotImplemented("NtQuerySystemInformation: this information class");
    }
    if (SystemInformationLength != size)
        return STATUS_INFO_LENGTH_MISMATCH;
    copy = size;
copy_out:
    if (KeCopyToUser(SystemInformation, &u, copy))
        return STATUS_ACCESS_VIOLATION;
    if (ReturnLength && KeWriteUser(ReturnLength, copy))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* The machines whose programs run here, each a ULONG (machine | flags << 16), ended by 0; flag 4 marks the native
 * one, 8 that of the process named (none for a NULL handle), and 1 and 2 are what amd64 Windows sets for its own.
 * Veles runs x86-64 programs alone, so i386 is not among them. */
static NTSTATUS ExpSupportedArchitectures(PVOID input, ULONG input_length, PVOID output, ULONG output_length,
                                          PULONG return_length)
{
    ULONG machines[2] = {IMAGE_FILE_MACHINE_AMD64 | 7u << 16, 0};
    HANDLE process;
    void *object;
    NTSTATUS status;

    if (!input || input_length != sizeof(HANDLE))
        return STATUS_INVALID_PARAMETER;
    if (KeReadUser(&process, (HANDLE *)input))
        return STATUS_ACCESS_VIOLATION;
    if (process) {
        if ((status = ObReferenceObjectByHandle(process, 0, &PsProcessType, &object)))
            return status;
        ObDereferenceObject(object);
        machines[0] |= 8u << 16;
    }
    if (return_length && KeWriteUser(return_length, (ULONG){sizeof(machines)}))
        return STATUS_ACCESS_VIOLATION;
    if (output_length < sizeof(machines))
        return STATUS_BUFFER_TOO_SMALL;
    return KeCopyToUser(output, machines, sizeof(machines)) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}

NTSTATUS NTAPI NtQuerySystemInformationEx(SYSTEM_INFORMATION_CLASS SystemInformationClass, PVOID InputBuffer,
                                          ULONG InputBufferLength, PVOID SystemInformation,
                                          ULONG SystemInformationLength, PULONG ReturnLength)
{
    if (SystemInformationClass == SystemSupportedProcessorArchitectures)
        return ExpSupportedArchitectures(InputBuffer, InputBufferLength, SystemInformation, SystemInformationLength,
                                         ReturnLength);
    if (SystemInformationClass == SystemLogicalProcessorInformationEx)
        return ExpQueryLogicalProcessorsEx(InputBuffer, InputBufferLength, SystemInformation, SystemInformationLength,
                                           ReturnLength);
    if (SystemInformationClass == SystemCpuSetInformation)
        return ExpQueryCpuSets(InputBuffer, InputBufferLength, SystemInformation, SystemInformationLength,
                               ReturnLength);
    if ((ULONG)SystemInformationClass >= MaxSystemInfoClass)
        return STATUS_INVALID_INFO_CLASS;
    return KeReportNotImplemented("NtQuerySystemInformationEx: this information class");
}

/* The host's settings are not Windows programs' to change: the time zone stays the host's. */
NTSTATUS NTAPI NtSetSystemInformation(SYSTEM_INFORMATION_CLASS SystemInformationClass, PVOID SystemInformation,
                                      ULONG SystemInformationLength)
{
    if ((ULONG)SystemInformationClass >= MaxSystemInfoClass)
        return STATUS_INVALID_INFO_CLASS;
    if (SystemInformationClass == SystemCurrentTimeZoneInformation)
        return KeReportNotImplemented("NtSetSystemInformation: changing the time zone");
    /* Adjusting the clock takes SeSystemtimePrivilege; with it, the host's clock stays Linux's to discipline. */
    if (SystemInformationClass == SystemTimeAdjustmentInformation) {
        if (SystemInformationLength != sizeof(SYSTEM_TIME_ADJUSTMENT))
            return STATUS_INFO_LENGTH_MISMATCH;
        if (!SeSinglePrivilegeCheck(SE_SYSTEMTIME_PRIVILEGE))
            return STATUS_PRIVILEGE_NOT_HELD;
        return KeReportNotImplemented("NtSetSystemInformation: adjusting the system clock");
    }
    return KeReportNotImplemented("NtSetSystemInformation: this information class");
}
