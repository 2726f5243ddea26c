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
    SystemFileCacheInformation = 21,
    SystemCurrentTimeZoneInformation = 44,
    SystemRangeStartInformation = 50,
    SystemEmulationBasicInformation = 62,
    SystemEmulationProcessorInformation = 63,
    SystemNumaProcessorMap = 55,
    SystemFirmwareTableInformation = 76,
    SystemLogicalProcessorInformation = 73,
    SystemDynamicTimeZoneInformation = 102,
    SystemLogicalProcessorInformationEx = 107,
    SystemSupportedProcessorArchitectures = 181,
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

/* SystemFileCacheInformation: the system's file cache. */
typedef struct {
    SIZE_T CurrentSize;
    SIZE_T PeakSize;
    ULONG PageFaultCount;
    SIZE_T MinimumWorkingSet;
    SIZE_T MaximumWorkingSet;
    SIZE_T CurrentSizeIncludingTransitionInPages;
    SIZE_T PeakSizeIncludingTransitionInPages;
    ULONG TransitionRePurposeCount;
    ULONG Flags;
} SYSTEM_FILECACHE_INFORMATION;
NT_CHECK_SIZE(SYSTEM_FILECACHE_INFORMATION, 64);

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

/* A date in a time zone's rules, in SYSTEMTIME's order (as kernelbase reads it): wYear 0 means "the wDay-th
 * (5: last) wDayOfWeek of wMonth, every year". */
typedef struct {
    USHORT wYear, wMonth, wDayOfWeek, wDay, wHour, wMinute, wSecond, wMilliseconds;
} RTL_SYSTEM_TIME;
NT_CHECK_SIZE(RTL_SYSTEM_TIME, 16);

typedef struct {
    LONG Bias; /* minutes: UTC = local + Bias */
    WCHAR StandardName[32];
    RTL_SYSTEM_TIME StandardDate;
    LONG StandardBias;
    WCHAR DaylightName[32];
    RTL_SYSTEM_TIME DaylightDate;
    LONG DaylightBias;
} RTL_TIME_ZONE_INFORMATION;
NT_CHECK_SIZE(RTL_TIME_ZONE_INFORMATION, 172);

typedef struct {
    LONG Bias;
    WCHAR StandardName[32];
    RTL_SYSTEM_TIME StandardDate;
    LONG StandardBias;
    WCHAR DaylightName[32];
    RTL_SYSTEM_TIME DaylightDate;
    LONG DaylightBias;
    WCHAR TimeZoneKeyName[128];
    BOOLEAN DynamicDaylightTimeDisabled;
} RTL_DYNAMIC_TIME_ZONE_INFORMATION;
NT_CHECK_SIZE(RTL_DYNAMIC_TIME_ZONE_INFORMATION, 432);

#endif
