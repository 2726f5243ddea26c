/* Executive layouts: system information classes answered by NtQuerySystemInformation. */
#ifndef NT_EX_H
#define NT_EX_H

#include "ntdef.h"
#include "ps.h"

typedef enum {
    SystemBasicInformation = 0,
    SystemProcessorInformation = 1,
    SystemPerformanceInformation = 2,
    SystemTimeOfDayInformation = 3,
    SystemProcessInformation = 5,
    SystemProcessorPerformanceInformation = 8,
    SystemHandleInformation = 16,
    SystemFileCacheInformation = 21,
    SystemTimeAdjustmentInformation = 28,
    SystemKernelDebuggerInformation = 35,
    SystemInterruptInformation = 23,
    SystemRegistryQuotaInformation = 37,
    SystemCurrentTimeZoneInformation = 44,
    SystemRangeStartInformation = 50,
    SystemEmulationBasicInformation = 62,
    SystemExtendedHandleInformation = 64,
    SystemEmulationProcessorInformation = 63,
    SystemNumaProcessorMap = 55,
    SystemExtendedProcessInformation = 57,
    SystemRecommendedSharedDataAlignment = 58,
    SystemFirmwareTableInformation = 76,
    SystemLogicalProcessorInformation = 73,
    SystemDynamicTimeZoneInformation = 102,
    SystemLogicalProcessorInformationEx = 107,
    SystemNativeBasicInformation = 114,
    SystemFullProcessInformation = 148,
    SystemKernelDebuggerInformationEx = 149,
    SystemCpuSetInformation = 175,
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

/* SystemProcessInformation: one entry per process, NextEntryOffset apart (0 in the last), each followed by its
 * threads and then its image name's characters. */
typedef struct {
    ULONG NextEntryOffset;
    ULONG NumberOfThreads;
    LARGE_INTEGER WorkingSetPrivateSize;
    ULONG HardFaultCount;
    ULONG NumberOfThreadsHighWatermark;
    ULONGLONG CycleTime;
    LARGE_INTEGER CreateTime;
    LARGE_INTEGER UserTime;
    LARGE_INTEGER KernelTime;
    UNICODE_STRING ImageName;
    KPRIORITY BasePriority;
    HANDLE UniqueProcessId;
    HANDLE InheritedFromUniqueProcessId;
    ULONG HandleCount;
    ULONG SessionId;
    ULONG_PTR UniqueProcessKey;
    VM_COUNTERS_EX VmCounters; /* PrivateUsage is PrivatePageCount */
    IO_COUNTERS IoCounters;
} SYSTEM_PROCESS_INFORMATION;
NT_CHECK_OFFSET(SYSTEM_PROCESS_INFORMATION, ImageName, 0x38);
NT_CHECK_OFFSET(SYSTEM_PROCESS_INFORMATION, UniqueProcessId, 0x50);
NT_CHECK_OFFSET(SYSTEM_PROCESS_INFORMATION, VmCounters, 0x70);
NT_CHECK_OFFSET(SYSTEM_PROCESS_INFORMATION, IoCounters, 0xd0);
NT_CHECK_SIZE(SYSTEM_PROCESS_INFORMATION, 0x100);

typedef struct {
    LARGE_INTEGER KernelTime;
    LARGE_INTEGER UserTime;
    LARGE_INTEGER CreateTime;
    ULONG WaitTime;
    PVOID StartAddress;
    CLIENT_ID ClientId;
    KPRIORITY Priority;
    LONG BasePriority;
    ULONG ContextSwitches;
    ULONG ThreadState;         /* KTHREAD_STATE: 2 running, 5 waiting */
    ULONG WaitReason;          /* KWAIT_REASON */
} SYSTEM_THREAD_INFORMATION;
NT_CHECK_OFFSET(SYSTEM_THREAD_INFORMATION, ClientId, 0x28);
NT_CHECK_SIZE(SYSTEM_THREAD_INFORMATION, 0x50);

/* SystemExtendedProcessInformation's threads. */
typedef struct {
    SYSTEM_THREAD_INFORMATION ThreadInfo;
    PVOID StackBase;
    PVOID StackLimit;
    PVOID Win32StartAddress;
    PVOID TebBase;
    ULONG_PTR Reserved2;
    ULONG_PTR Reserved3;
    ULONG_PTR Reserved4;
} SYSTEM_EXTENDED_THREAD_INFORMATION;
NT_CHECK_OFFSET(SYSTEM_EXTENDED_THREAD_INFORMATION, TebBase, 0x68);
NT_CHECK_SIZE(SYSTEM_EXTENDED_THREAD_INFORMATION, 0x88);

typedef struct {
    USHORT ProcessorArchitecture;
    USHORT ProcessorLevel;
    USHORT ProcessorRevision;
    USHORT MaximumProcessors;
    ULONG ProcessorFeatureBits;
} SYSTEM_PROCESSOR_INFORMATION;
NT_CHECK_SIZE(SYSTEM_PROCESSOR_INFORMATION, 12);

/* ProcessorFeatureBits: the kernel's feature flags (KeFeatureBits), as amd64 Windows numbers them. */
#define KF_V86_VIS 0x00000001
#define KF_RDTSC 0x00000002
#define KF_CR4 0x00000004
#define KF_CMOV 0x00000008
#define KF_GLOBAL_PAGE 0x00000010
#define KF_LARGE_PAGE 0x00000020
#define KF_MTRR 0x00000040
#define KF_CMPXCHG8B 0x00000080
#define KF_MMX 0x00000100
#define KF_WORKING_PTE 0x00000200
#define KF_PAT 0x00000400
#define KF_FXSR 0x00000800
#define KF_FAST_SYSCALL 0x00001000
#define KF_XMMI 0x00002000
#define KF_3DNOW 0x00004000
#define KF_XMMI64 0x00010000
#define KF_DTS 0x00020000
#define KF_SSE3 0x00080000
#define KF_CMPXCHG16B 0x00100000
#define KF_XSTATE 0x00800000
#define KF_RDWRFSGSBASE 0x10000000
#define KF_NOEXECUTE 0x20000000

/* SystemInterruptInformation: one per processor. */
typedef struct {
    ULONG ContextSwitches;
    ULONG DpcCount;
    ULONG DpcRate;
    ULONG TimeIncrement;
    ULONG DpcBypassCount;
    ULONG ApcBypassCount;
} SYSTEM_INTERRUPT_INFORMATION;
NT_CHECK_SIZE(SYSTEM_INTERRUPT_INFORMATION, 24);

typedef struct {
    ULONG RegistryQuotaAllowed;
    ULONG RegistryQuotaUsed;
    SIZE_T PagedPoolSize;
} SYSTEM_REGISTRY_QUOTA_INFORMATION;
NT_CHECK_SIZE(SYSTEM_REGISTRY_QUOTA_INFORMATION, 16);

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

/* The handles of the processes (here, the process's own), in the short and the extended form. */
typedef struct {
    ULONG OwnerPid;
    BYTE ObjectType;
    BYTE HandleFlags;
    USHORT HandleValue;
    PVOID ObjectPointer;
    ULONG AccessMask;
} SYSTEM_HANDLE_ENTRY;
NT_CHECK_SIZE(SYSTEM_HANDLE_ENTRY, 24);

typedef struct {
    ULONG Count;
    SYSTEM_HANDLE_ENTRY Handle[1];
} SYSTEM_HANDLE_INFORMATION;
NT_CHECK_OFFSET(SYSTEM_HANDLE_INFORMATION, Handle, 8);

typedef struct {
    PVOID Object;
    ULONG_PTR UniqueProcessId;
    ULONG_PTR HandleValue;
    ULONG GrantedAccess;
    USHORT CreatorBackTraceIndex;
    USHORT ObjectTypeIndex;
    ULONG HandleAttributes;
    ULONG Reserved;
} SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX;
NT_CHECK_SIZE(SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX, 40);

typedef struct {
    ULONG_PTR NumberOfHandles;
    ULONG_PTR Reserved;
    SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX Handles[1];
} SYSTEM_HANDLE_INFORMATION_EX;
NT_CHECK_OFFSET(SYSTEM_HANDLE_INFORMATION_EX, Handles, 16);

/* The processors as sets a thread may be given (NtQuerySystemInformationEx, for a process or none). */
typedef enum { CpuSetInformation } CPU_SET_INFORMATION_TYPE;
typedef struct {
    DWORD Size;
    CPU_SET_INFORMATION_TYPE Type;
    struct {
        DWORD Id;
        WORD Group;
        BYTE LogicalProcessorIndex;
        BYTE CoreIndex;
        BYTE LastLevelCacheIndex;
        BYTE NumaNodeIndex;
        BYTE EfficiencyClass;
        BYTE AllFlags;
        DWORD Reserved;
        DWORD64 AllocationTag;
    } CpuSet;
} SYSTEM_CPU_SET_INFORMATION;
NT_CHECK_SIZE(SYSTEM_CPU_SET_INFORMATION, 32);

/* The system's performance counters: memory in pages, the others counts since boot. Windows 10's is longer; a
 * caller may take this classic part. */
typedef struct {
    LARGE_INTEGER IdleTime;
    LARGE_INTEGER ReadTransferCount;
    LARGE_INTEGER WriteTransferCount;
    LARGE_INTEGER OtherTransferCount;
    ULONG ReadOperationCount;
    ULONG WriteOperationCount;
    ULONG OtherOperationCount;
    ULONG AvailablePages;
    ULONG TotalCommittedPages;
    ULONG TotalCommitLimit;
    ULONG PeakCommitment;
    ULONG PageFaults;
    ULONG CacheAndPoolCounters[58]; /* WriteCopyFaults to DataPages */
    ULONG ContextSwitches;
    ULONG FirstLevelTbFills;
    ULONG SecondLevelTbFills;
    ULONG SystemCalls;
} SYSTEM_PERFORMANCE_INFORMATION;
NT_CHECK_SIZE(SYSTEM_PERFORMANCE_INFORMATION, 312);

/* The clock's adjustment: queried with the increment of a tick, set with a privilege. */
typedef struct {
    ULONG TimeAdjustment;
    ULONG TimeIncrement;
    BOOLEAN TimeAdjustmentDisabled;
} SYSTEM_TIME_ADJUSTMENT_QUERY;
NT_CHECK_SIZE(SYSTEM_TIME_ADJUSTMENT_QUERY, 12);

typedef struct {
    ULONG TimeAdjustment;
    BOOLEAN TimeAdjustmentDisabled;
} SYSTEM_TIME_ADJUSTMENT;
NT_CHECK_SIZE(SYSTEM_TIME_ADJUSTMENT, 8);

/* Whether a kernel debugger is there: never, for Veles. */
typedef struct {
    BOOLEAN KernelDebuggerEnabled;
    BOOLEAN KernelDebuggerNotPresent;
} SYSTEM_KERNEL_DEBUGGER_INFORMATION;

typedef struct {
    BOOLEAN DebuggerAllowed;
    BOOLEAN DebuggerEnabled;
    BOOLEAN DebuggerPresent;
} SYSTEM_KERNEL_DEBUGGER_INFORMATION_EX;

/* Each processor's times since boot (KernelTime counts the idle time too), one entry per processor. */
typedef struct {
    LARGE_INTEGER IdleTime;
    LARGE_INTEGER KernelTime;
    LARGE_INTEGER UserTime;
    LARGE_INTEGER DpcTime;
    LARGE_INTEGER InterruptTime;
    ULONG InterruptCount;
} SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION;
NT_CHECK_SIZE(SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION, 48);

/* The processors' topology (SystemLogicalProcessorInformation and its Ex form). */
typedef enum {
    RelationProcessorCore = 0,
    RelationNumaNode = 1,
    RelationCache = 2,
    RelationProcessorPackage = 3,
    RelationGroup = 4,
    RelationProcessorDie = 5,
    RelationNumaNodeEx = 6,
    RelationProcessorModule = 7,
    RelationAll = 0xffff
} LOGICAL_PROCESSOR_RELATIONSHIP;

typedef enum { CacheUnified, CacheInstruction, CacheData, CacheTrace } PROCESSOR_CACHE_TYPE;

#define LTP_PC_SMT 0x1

typedef struct {
    BYTE Level;
    BYTE Associativity;
    WORD LineSize;
    DWORD Size;
    PROCESSOR_CACHE_TYPE Type;
} CACHE_DESCRIPTOR;

typedef struct {
    ULONG_PTR ProcessorMask;
    LOGICAL_PROCESSOR_RELATIONSHIP Relationship;
    union {
        struct {
            BYTE Flags;
        } ProcessorCore;
        struct {
            DWORD NodeNumber;
        } NumaNode;
        CACHE_DESCRIPTOR Cache;
        ULONGLONG Reserved[2];
    };
} SYSTEM_LOGICAL_PROCESSOR_INFORMATION;
NT_CHECK_SIZE(SYSTEM_LOGICAL_PROCESSOR_INFORMATION, 32);

typedef struct {
    BYTE Flags;
    BYTE EfficiencyClass;
    BYTE Reserved[20];
    WORD GroupCount;
    GROUP_AFFINITY GroupMask[1];
} PROCESSOR_RELATIONSHIP;

typedef struct {
    DWORD NodeNumber;
    BYTE Reserved[18];
    WORD GroupCount;
    GROUP_AFFINITY GroupMask;
} NUMA_NODE_RELATIONSHIP;

typedef struct {
    BYTE Level;
    BYTE Associativity;
    WORD LineSize;
    DWORD CacheSize;
    PROCESSOR_CACHE_TYPE Type;
    BYTE Reserved[18];
    WORD GroupCount;
    GROUP_AFFINITY GroupMask;
} CACHE_RELATIONSHIP;

typedef struct {
    BYTE MaximumProcessorCount;
    BYTE ActiveProcessorCount;
    BYTE Reserved[38];
    KAFFINITY ActiveProcessorMask;
} PROCESSOR_GROUP_INFO;

typedef struct {
    WORD MaximumGroupCount;
    WORD ActiveGroupCount;
    BYTE Reserved[20];
    PROCESSOR_GROUP_INFO GroupInfo[1];
} GROUP_RELATIONSHIP;

typedef struct {
    LOGICAL_PROCESSOR_RELATIONSHIP Relationship;
    DWORD Size;
    union {
        PROCESSOR_RELATIONSHIP Processor;
        NUMA_NODE_RELATIONSHIP NumaNode;
        CACHE_RELATIONSHIP Cache;
        GROUP_RELATIONSHIP Group;
    };
} SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX;
NT_CHECK_SIZE(PROCESSOR_RELATIONSHIP, 40);
NT_CHECK_SIZE(NUMA_NODE_RELATIONSHIP, 40);
NT_CHECK_SIZE(CACHE_RELATIONSHIP, 48);
NT_CHECK_SIZE(GROUP_RELATIONSHIP, 72);
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

#define PROCESSOR_ARCHITECTURE_INTEL 0
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
