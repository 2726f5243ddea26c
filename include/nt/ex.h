/* Executive layouts: system information classes answered by NtQuerySystemInformation. */
#ifndef NT_EX_H
#define NT_EX_H

#include "ntdef.h"

typedef enum {
    SystemBasicInformation = 0,
    SystemProcessorInformation = 1,
    SystemPerformanceInformation = 2,
    SystemTimeOfDayInformation = 3,
    SystemProcessInformation = 5,
    SystemProcessorPerformanceInformation = 8,
    SystemRangeStartInformation = 50,
    SystemEmulationBasicInformation = 62,
    SystemEmulationProcessorInformation = 63,
    SystemNumaProcessorMap = 55,
    SystemFirmwareTableInformation = 76,
    SystemLogicalProcessorInformation = 73,
    SystemLogicalProcessorInformationEx = 107,
    MaxSystemInfoClass = 0xd3
} SYSTEM_INFORMATION_CLASS;

typedef struct {
    ULONG Reserved;
    ULONG TimerResolution;
    ULONG PageSize;
    ULONG NumberOfPhysicalPages;
    ULONG LowestPhysicalPageNumber;
    ULONG HighestPhysicalPageNumber;
    ULONG AllocationGranularity;
    ULONG_PTR MinimumUserModeAddress;
    ULONG_PTR MaximumUserModeAddress;
    KAFFINITY ActiveProcessorsAffinityMask;
    CHAR NumberOfProcessors;
} SYSTEM_BASIC_INFORMATION;
NT_CHECK_OFFSET(SYSTEM_BASIC_INFORMATION, MinimumUserModeAddress, 0x20);
NT_CHECK_SIZE(SYSTEM_BASIC_INFORMATION, 0x40);

typedef struct {
    USHORT ProcessorArchitecture;
    USHORT ProcessorLevel;
    USHORT ProcessorRevision;
    USHORT MaximumProcessors;
    ULONG ProcessorFeatureBits;
} SYSTEM_PROCESSOR_INFORMATION;
NT_CHECK_SIZE(SYSTEM_PROCESSOR_INFORMATION, 12);

typedef struct {
    LARGE_INTEGER BootTime;
    LARGE_INTEGER CurrentTime;
    LARGE_INTEGER TimeZoneBias;
    ULONG TimeZoneId;
    ULONG Reserved;
    ULONGLONG BootTimeBias;
    ULONGLONG SleepTimeBias;
} SYSTEM_TIMEOFDAY_INFORMATION;
NT_CHECK_SIZE(SYSTEM_TIMEOFDAY_INFORMATION, 48);

#define PROCESSOR_ARCHITECTURE_AMD64 9

#endif
