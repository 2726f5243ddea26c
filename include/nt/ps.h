/* Process and thread layouts Windows code reads directly: TEB, PEB, RTL_USER_PROCESS_PARAMETERS (Windows 10 x64). */
#ifndef NT_PS_H
#define NT_PS_H

#include "ntdef.h"

typedef struct {
    PVOID ExceptionList;
    PVOID StackBase;
    PVOID StackLimit;
    PVOID SubSystemTib;
    PVOID FiberData;
    PVOID ArbitraryUserPointer;
    PVOID Self;
} NT_TIB;

typedef struct {
    UNICODE_STRING DosPath;
    HANDLE Handle;
} CURDIR;

typedef struct {
    USHORT Flags;
    USHORT Length;
    ULONG TimeStamp;
    STRING DosPath;
} RTL_DRIVE_LETTER_CURDIR;

#define RTL_USER_PROC_PARAMS_NORMALIZED 0x00000001

typedef struct {
    ULONG MaximumLength;
    ULONG Length;
    ULONG Flags;
    ULONG DebugFlags;
    HANDLE ConsoleHandle;
    ULONG ConsoleFlags;
    HANDLE StandardInput;
    HANDLE StandardOutput;
    HANDLE StandardError;
    CURDIR CurrentDirectory;
    UNICODE_STRING DllPath;
    UNICODE_STRING ImagePathName;
    UNICODE_STRING CommandLine;
    PWSTR Environment;
    ULONG StartingX, StartingY, CountX, CountY, CountCharsX, CountCharsY, FillAttribute;
    ULONG WindowFlags;
    ULONG ShowWindowFlags;
    UNICODE_STRING WindowTitle;
    UNICODE_STRING DesktopInfo;
    UNICODE_STRING ShellInfo;
    UNICODE_STRING RuntimeInfo;
    RTL_DRIVE_LETTER_CURDIR CurrentDirectories[32];
    ULONG_PTR EnvironmentSize;
    ULONG_PTR EnvironmentVersion;
    PVOID PackageDependencyData;
    ULONG ProcessGroupId;
    ULONG LoaderThreads;
    UNICODE_STRING RedirectionDllName;
    UNICODE_STRING HeapPartitionName;
    PULONGLONG DefaultThreadpoolCpuSetMasks;
    ULONG DefaultThreadpoolCpuSetMaskCount;
    ULONG DefaultThreadpoolThreadMaximum;
} RTL_USER_PROCESS_PARAMETERS, *PRTL_USER_PROCESS_PARAMETERS;

NT_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, ConsoleHandle, 0x10);
NT_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, StandardInput, 0x20);
NT_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, CurrentDirectory, 0x38);
NT_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, DllPath, 0x50);
NT_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, ImagePathName, 0x60);
NT_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, CommandLine, 0x70);
NT_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, Environment, 0x80);
NT_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, WindowTitle, 0xb0);
NT_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, CurrentDirectories, 0xf0);
NT_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, EnvironmentSize, 0x3f0);
NT_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, RedirectionDllName, 0x410);
NT_CHECK_SIZE(RTL_USER_PROCESS_PARAMETERS, 0x440);

typedef struct {
    ULONG Length;
    BOOLEAN Initialized;
    PVOID SsHandle;
    LIST_ENTRY InLoadOrderModuleList;
    LIST_ENTRY InMemoryOrderModuleList;
    LIST_ENTRY InInitializationOrderModuleList;
    PVOID EntryInProgress;
    BOOLEAN ShutdownInProgress;
    HANDLE ShutdownThreadId;
} PEB_LDR_DATA, *PPEB_LDR_DATA;
NT_CHECK_SIZE(PEB_LDR_DATA, 0x58);

typedef struct _PEB {
    BOOLEAN InheritedAddressSpace;
    BOOLEAN ReadImageFileExecOptions;
    BOOLEAN BeingDebugged;
    UCHAR BitField;
    UCHAR Padding0[4];
    HANDLE Mutant;
    PVOID ImageBaseAddress;
    PPEB_LDR_DATA Ldr;
    PRTL_USER_PROCESS_PARAMETERS ProcessParameters;
    PVOID SubSystemData;
    PVOID ProcessHeap;
    PVOID FastPebLock;
    PVOID AtlThunkSListPtr;
    PVOID IFEOKey;
    ULONG CrossProcessFlags;
    UCHAR Padding1[4];
    PVOID KernelCallbackTable;
    ULONG SystemReserved;
    ULONG AtlThunkSListPtr32;
    PVOID ApiSetMap;
    ULONG TlsExpansionCounter;
    UCHAR Padding2[4];
    PVOID TlsBitmap;
    ULONG TlsBitmapBits[2];
    PVOID ReadOnlySharedMemoryBase;
    PVOID SharedData;
    PVOID *ReadOnlyStaticServerData;
    PVOID AnsiCodePageData;
    PVOID OemCodePageData;
    PVOID UnicodeCaseTableData;
    ULONG NumberOfProcessors;
    ULONG NtGlobalFlag;
    LARGE_INTEGER CriticalSectionTimeout;
    ULONG_PTR HeapSegmentReserve;
    ULONG_PTR HeapSegmentCommit;
    ULONG_PTR HeapDeCommitTotalFreeThreshold;
    ULONG_PTR HeapDeCommitFreeBlockThreshold;
    ULONG NumberOfHeaps;
    ULONG MaximumNumberOfHeaps;
    PVOID *ProcessHeaps;
    PVOID GdiSharedHandleTable;
    PVOID ProcessStarterHelper;
    ULONG GdiDCAttributeList;
    UCHAR Padding3[4];
    PVOID LoaderLock;
    ULONG OSMajorVersion;
    ULONG OSMinorVersion;
    USHORT OSBuildNumber;
    USHORT OSCSDVersion;
    ULONG OSPlatformId;
    ULONG ImageSubsystem;
    ULONG ImageSubsystemMajorVersion;
    ULONG ImageSubsystemMinorVersion;
    UCHAR Padding4[4];
    ULONG_PTR ActiveProcessAffinityMask;
    ULONG GdiHandleBuffer[60];
    PVOID PostProcessInitRoutine;
    PVOID TlsExpansionBitmap;
    ULONG TlsExpansionBitmapBits[32];
    ULONG SessionId;
    UCHAR Padding5[4];
    ULARGE_INTEGER AppCompatFlags;
    ULARGE_INTEGER AppCompatFlagsUser;
    PVOID pShimData;
    PVOID AppCompatInfo;
    UNICODE_STRING CSDVersion;
    PVOID ActivationContextData;
    PVOID ProcessAssemblyStorageMap;
    PVOID SystemDefaultActivationContextData;
    PVOID SystemAssemblyStorageMap;
    ULONG_PTR MinimumStackCommit;
    PVOID SparePointers[4];
    ULONG SpareUlongs[5];
    PVOID WerRegistrationData;
    PVOID WerShipAssertPtr;
    PVOID pUnused;
    PVOID pImageHeaderHash;
    ULONG TracingFlags;
    UCHAR Padding6[4];
    ULONGLONG CsrServerReadOnlySharedMemoryBase;
    ULONG_PTR TppWorkerpListLock;
    LIST_ENTRY TppWorkerpList;
    PVOID WaitOnAddressHashTable[128];
    PVOID TelemetryCoverageHeader;
    ULONG CloudFileFlags;
    ULONG CloudFileDiagFlags;
    CHAR PlaceholderCompatibilityMode;
    CHAR PlaceholderCompatibilityModeReserved[7];
    PVOID LeapSecondData;
    ULONG LeapSecondFlags;
    ULONG NtGlobalFlag2;
} PEB, *PPEB;

NT_CHECK_OFFSET(PEB, BeingDebugged, 0x002);
NT_CHECK_OFFSET(PEB, ImageBaseAddress, 0x010);
NT_CHECK_OFFSET(PEB, Ldr, 0x018);
NT_CHECK_OFFSET(PEB, ProcessParameters, 0x020);
NT_CHECK_OFFSET(PEB, ProcessHeap, 0x030);
NT_CHECK_OFFSET(PEB, KernelCallbackTable, 0x058);
NT_CHECK_OFFSET(PEB, ApiSetMap, 0x068);
NT_CHECK_OFFSET(PEB, TlsBitmap, 0x078);
NT_CHECK_OFFSET(PEB, AnsiCodePageData, 0x0a0);
NT_CHECK_OFFSET(PEB, NumberOfProcessors, 0x0b8);
NT_CHECK_OFFSET(PEB, NtGlobalFlag, 0x0bc);
NT_CHECK_OFFSET(PEB, NumberOfHeaps, 0x0e8);
NT_CHECK_OFFSET(PEB, LoaderLock, 0x110);
NT_CHECK_OFFSET(PEB, OSMajorVersion, 0x118);
NT_CHECK_OFFSET(PEB, OSBuildNumber, 0x120);
NT_CHECK_OFFSET(PEB, OSPlatformId, 0x124);
NT_CHECK_OFFSET(PEB, ImageSubsystem, 0x128);
NT_CHECK_OFFSET(PEB, ActiveProcessAffinityMask, 0x138);
NT_CHECK_OFFSET(PEB, TlsExpansionBitmap, 0x238);
NT_CHECK_OFFSET(PEB, SessionId, 0x2c0);
NT_CHECK_OFFSET(PEB, CSDVersion, 0x2e8);
NT_CHECK_OFFSET(PEB, MinimumStackCommit, 0x318);
NT_CHECK_OFFSET(PEB, TppWorkerpList, 0x390);
NT_CHECK_OFFSET(PEB, WaitOnAddressHashTable, 0x3a0);
NT_CHECK_OFFSET(PEB, LeapSecondData, 0x7b8);
NT_CHECK_SIZE(PEB, 0x7c8);

typedef struct _TEB {
    NT_TIB NtTib;
    PVOID EnvironmentPointer;
    CLIENT_ID ClientId;
    PVOID ActiveRpcHandle;
    PVOID ThreadLocalStoragePointer;
    PPEB ProcessEnvironmentBlock;
    ULONG LastErrorValue;
    ULONG CountOfOwnedCriticalSections;
    PVOID CsrClientThread;
    PVOID Win32ThreadInfo;
    ULONG User32Reserved[26];
    ULONG UserReserved[5];
    PVOID WOW32Reserved;
    ULONG CurrentLocale;
    ULONG FpSoftwareStatusRegister;
    PVOID ReservedForDebuggerInstrumentation[16];
    PVOID SystemReserved1[30];
    CHAR PlaceholderCompatibilityMode;
    CHAR PlaceholderReserved[11];
    ULONG ProxiedProcessId;
    UCHAR ActivationStack[0x28];
    UCHAR WorkingOnBehalfTicket[8];
    LONG ExceptionCode;
    UCHAR Padding0[4];
    PVOID ActivationContextStackPointer;
    ULONG_PTR InstrumentationCallbackSp;
    ULONG_PTR InstrumentationCallbackPreviousPc;
    ULONG_PTR InstrumentationCallbackPreviousSp;
    ULONG TxFsContext;
    BOOLEAN InstrumentationCallbackDisabled;
    UCHAR Padding1[3];
    UCHAR GdiTebBatch[0x4e8];
    CLIENT_ID RealClientId;
    HANDLE GdiCachedProcessHandle;
    ULONG GdiClientPID;
    ULONG GdiClientTID;
    PVOID GdiThreadLocalInfo;
    ULONG_PTR Win32ClientInfo[62];
    PVOID glDispatchTable[233];
    ULONG_PTR glReserved1[29];
    PVOID glReserved2, glSectionInfo, glSection, glTable, glCurrentRC, glContext;
    NTSTATUS LastStatusValue;
    UCHAR Padding2[4];
    UNICODE_STRING StaticUnicodeString;
    WCHAR StaticUnicodeBuffer[261];
    UCHAR Padding3[6];
    PVOID DeallocationStack;
    PVOID TlsSlots[64];
    LIST_ENTRY TlsLinks;
    PVOID Vdm;
    PVOID ReservedForNtRpc;
    PVOID DbgSsReserved[2];
    ULONG HardErrorMode;
    UCHAR Padding4[4];
    PVOID Instrumentation[11];
    UCHAR ActivityId[16];
    PVOID SubProcessTag;
    PVOID PerflibData;
    PVOID EtwTraceData;
    PVOID WinSockData;
    ULONG GdiBatchCount;
    ULONG CurrentIdealProcessor;
    ULONG GuaranteedStackBytes;
    UCHAR Padding5[4];
    PVOID ReservedForPerf;
    PVOID ReservedForOle;
    ULONG WaitingOnLoaderLock;
    UCHAR Padding6[4];
    PVOID SavedPriorityState;
    ULONG_PTR ReservedForCodeCoverage;
    PVOID ThreadPoolData;
    PVOID *TlsExpansionSlots;
    PVOID DeallocationBStore;
    PVOID BStoreLimit;
    ULONG MuiGeneration;
    ULONG IsImpersonating;
    PVOID NlsCache;
    PVOID pShimData;
    ULONG HeapData;
    UCHAR Padding7[4];
    HANDLE CurrentTransactionHandle;
    PVOID ActiveFrame;
    PVOID FlsData;
    PVOID PreferredLanguages;
    PVOID UserPrefLanguages;
    PVOID MergedPrefLanguages;
    ULONG MuiImpersonation;
    USHORT CrossTebFlags;
    USHORT SameTebFlags;
    PVOID TxnScopeEnterCallback;
    PVOID TxnScopeExitCallback;
    PVOID TxnScopeContext;
    ULONG LockCount;
    LONG WowTebOffset;
    PVOID ResourceRetValue;
    PVOID ReservedForWdf;
    ULONGLONG ReservedForCrt;
    UCHAR EffectiveContainerId[16];
} TEB, *PTEB;

NT_CHECK_OFFSET(TEB, NtTib.StackBase, 0x008);
NT_CHECK_OFFSET(TEB, NtTib.Self, 0x030);
NT_CHECK_OFFSET(TEB, ClientId, 0x040);
NT_CHECK_OFFSET(TEB, ThreadLocalStoragePointer, 0x058);
NT_CHECK_OFFSET(TEB, ProcessEnvironmentBlock, 0x060);
NT_CHECK_OFFSET(TEB, LastErrorValue, 0x068);
NT_CHECK_OFFSET(TEB, CurrentLocale, 0x108);
NT_CHECK_OFFSET(TEB, SystemReserved1, 0x190);
NT_CHECK_OFFSET(TEB, ActivationStack, 0x290);
NT_CHECK_OFFSET(TEB, ExceptionCode, 0x2c0);
NT_CHECK_OFFSET(TEB, GdiTebBatch, 0x2f0);
NT_CHECK_OFFSET(TEB, RealClientId, 0x7d8);
NT_CHECK_OFFSET(TEB, Win32ClientInfo, 0x800);
NT_CHECK_OFFSET(TEB, glDispatchTable, 0x9f0);
NT_CHECK_OFFSET(TEB, LastStatusValue, 0x1250);
NT_CHECK_OFFSET(TEB, StaticUnicodeString, 0x1258);
NT_CHECK_OFFSET(TEB, DeallocationStack, 0x1478);
NT_CHECK_OFFSET(TEB, TlsSlots, 0x1480);
NT_CHECK_OFFSET(TEB, TlsLinks, 0x1680);
NT_CHECK_OFFSET(TEB, HardErrorMode, 0x16b0);
NT_CHECK_OFFSET(TEB, WinSockData, 0x1738);
NT_CHECK_OFFSET(TEB, GuaranteedStackBytes, 0x1748);
NT_CHECK_OFFSET(TEB, WaitingOnLoaderLock, 0x1760);
NT_CHECK_OFFSET(TEB, TlsExpansionSlots, 0x1780);
NT_CHECK_OFFSET(TEB, MuiGeneration, 0x1798);
NT_CHECK_OFFSET(TEB, FlsData, 0x17c8);
NT_CHECK_OFFSET(TEB, SameTebFlags, 0x17ee);
NT_CHECK_OFFSET(TEB, ReservedForCrt, 0x1820);
NT_CHECK_SIZE(TEB, 0x1838);

/* The current thread's TEB: GS holds it for Windows code, and for the host while it serves a Windows thread. */
static inline PTEB NtCurrentTeb(void)
{
    PTEB teb;
    __asm__("movq %%gs:0x30, %0" : "=r"(teb));
    return teb;
}

typedef enum {
    ThreadBasicInformation = 0,
    ThreadTimes = 1,
    ThreadPriority = 2,
    ThreadBasePriority = 3,
    ThreadAffinityMask = 4,
    ThreadEnableAlignmentFaultFixup = 7,
    ThreadQuerySetWin32StartAddress = 9,
    ThreadAmILastThread = 12,
    ThreadIdealProcessor = 13,
    ThreadHideFromDebugger = 17,
    ThreadIsTerminated = 20,
    ThreadImpersonationToken = 5,
    ThreadTebInformation = 26,
    ThreadWow64Context = 29,
    ThreadGroupInformation = 30,
    ThreadSuspendCount = 35,
    ThreadNameInformation = 38,
    MaxThreadInfoClass = 0x33
} THREADINFOCLASS;

typedef struct {
    PVOID TebInformation; /* where to copy to */
    ULONG TebOffset;
    ULONG BytesToRead;
} THREAD_TEB_INFORMATION;

typedef struct {
    UNICODE_STRING ThreadName;
} THREAD_NAME_INFORMATION;

typedef struct {
    KAFFINITY Mask;
    USHORT Group;
    USHORT Reserved[3];
} GROUP_AFFINITY;

typedef struct {
    USHORT Group;
    UCHAR Number;
    UCHAR Reserved;
} PROCESSOR_NUMBER, *PPROCESSOR_NUMBER;

typedef struct {
    NTSTATUS ExitStatus;
    PTEB TebBaseAddress;
    CLIENT_ID ClientId;
    KAFFINITY AffinityMask;
    KPRIORITY Priority;
    KPRIORITY BasePriority;
} THREAD_BASIC_INFORMATION;
NT_CHECK_SIZE(THREAD_BASIC_INFORMATION, 48);

/* NtQueryInformationProcess classes that Veles answers. */
typedef enum {
    ProcessBasicInformation = 0,
    ProcessQuotaLimits = 1,
    ProcessIoCounters = 2,
    ProcessVmCounters = 3,
    ProcessTimes = 4,
    ProcessDebugPort = 7,
    ProcessDefaultHardErrorMode = 12,
    ProcessPriorityClass = 18,
    ProcessAffinityMask = 21,
    ProcessHandleCount = 20,
    ProcessSessionInformation = 24,
    ProcessWow64Information = 26,
    ProcessImageFileName = 27,
    ProcessDebugFlags = 31,
    ProcessExecuteFlags = 34,
    ProcessCookie = 36,
    ProcessImageInformation = 37,
    ProcessInstrumentationCallback = 40,
    ProcessThreadStackAllocation = 41,
    ProcessImageFileNameWin32 = 43,
    MaxProcessInfoClass = 115
} PROCESSINFOCLASS;

/* ProcessInstrumentationCallback: code the kernel returns to user mode through, given the address it returned to. */
typedef struct {
    ULONG Version;
    ULONG Reserved;
    PVOID Callback;
} PROCESS_INSTRUMENTATION_CALLBACK_INFORMATION;
NT_CHECK_SIZE(PROCESS_INSTRUMENTATION_CALLBACK_INFORMATION, 16);

/* ProcessThreadStackAllocation: a stack reserved for a thread the caller makes itself; the Ex form names a NUMA
 * node too. */
typedef struct {
    SIZE_T ReserveSize;
    SIZE_T ZeroBits;
    PVOID StackBase; /* out */
} PROCESS_STACK_ALLOCATION_INFORMATION;
NT_CHECK_SIZE(PROCESS_STACK_ALLOCATION_INFORMATION, 24);

typedef struct {
    ULONG PreferredNode;
    ULONG Reserved0, Reserved1, Reserved2;
    PROCESS_STACK_ALLOCATION_INFORMATION AllocInfo;
} PROCESS_STACK_ALLOCATION_INFORMATION_EX;
NT_CHECK_SIZE(PROCESS_STACK_ALLOCATION_INFORMATION_EX, 40);

/* ProcessPriorityClass's classes. */
#define PROCESS_PRIOCLASS_IDLE 1
#define PROCESS_PRIOCLASS_NORMAL 2
#define PROCESS_PRIOCLASS_HIGH 3
#define PROCESS_PRIOCLASS_REALTIME 4
#define PROCESS_PRIOCLASS_BELOW_NORMAL 5
#define PROCESS_PRIOCLASS_ABOVE_NORMAL 6

typedef struct {
    BOOLEAN Foreground;
    UCHAR PriorityClass;
} PROCESS_PRIORITY_CLASS;

/* ProcessVmCounters: sizes of the process's memory, in its short form (VM_COUNTERS, its first 88 bytes) or with
 * its private bytes. */
typedef struct {
    SIZE_T PeakVirtualSize;
    SIZE_T VirtualSize;
    ULONG PageFaultCount;
    SIZE_T PeakWorkingSetSize;
    SIZE_T WorkingSetSize;
    SIZE_T QuotaPeakPagedPoolUsage;
    SIZE_T QuotaPagedPoolUsage;
    SIZE_T QuotaPeakNonPagedPoolUsage;
    SIZE_T QuotaNonPagedPoolUsage;
    SIZE_T PagefileUsage;
    SIZE_T PeakPagefileUsage;
    SIZE_T PrivateUsage;
} VM_COUNTERS_EX;
NT_CHECK_SIZE(VM_COUNTERS_EX, 96);
NT_CHECK_OFFSET(VM_COUNTERS_EX, PrivateUsage, 88);

typedef struct {
    NTSTATUS ExitStatus;
    PPEB PebBaseAddress;
    ULONG_PTR AffinityMask;
    KPRIORITY BasePriority;
    ULONG_PTR UniqueProcessId;
    ULONG_PTR InheritedFromUniqueProcessId;
} PROCESS_BASIC_INFORMATION;
NT_CHECK_SIZE(PROCESS_BASIC_INFORMATION, 48);

typedef struct {
    LARGE_INTEGER CreateTime;
    LARGE_INTEGER ExitTime;
    LARGE_INTEGER KernelTime;
    LARGE_INTEGER UserTime;
} KERNEL_USER_TIMES;

/* The stack RtlCreateUserStack made, for the thread that will use it. */
typedef struct {
    PVOID OldStackBase;
    PVOID OldStackLimit;
    PVOID StackBase;
    PVOID StackLimit;
    PVOID StackAllocationBase;
} INITIAL_TEB, *PINITIAL_TEB;

/* Job objects: a group of processes with limits, accounting and a completion port for its events. */
#define JOB_OBJECT_ASSIGN_PROCESS 0x0001
#define JOB_OBJECT_SET_ATTRIBUTES 0x0002
#define JOB_OBJECT_QUERY 0x0004
#define JOB_OBJECT_TERMINATE 0x0008
#define JOB_OBJECT_SET_SECURITY_ATTRIBUTES 0x0010
#define JOB_OBJECT_IMPERSONATE 0x0020
#define JOB_OBJECT_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3f)

#define JOB_OBJECT_LIMIT_WORKINGSET 0x00000001
#define JOB_OBJECT_LIMIT_PROCESS_TIME 0x00000002
#define JOB_OBJECT_LIMIT_JOB_TIME 0x00000004
#define JOB_OBJECT_LIMIT_ACTIVE_PROCESS 0x00000008
#define JOB_OBJECT_LIMIT_AFFINITY 0x00000010
#define JOB_OBJECT_LIMIT_PRIORITY_CLASS 0x00000020
#define JOB_OBJECT_LIMIT_PRESERVE_JOB_TIME 0x00000040
#define JOB_OBJECT_LIMIT_SCHEDULING_CLASS 0x00000080
#define JOB_OBJECT_LIMIT_PROCESS_MEMORY 0x00000100
#define JOB_OBJECT_LIMIT_JOB_MEMORY 0x00000200
#define JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION 0x00000400
#define JOB_OBJECT_LIMIT_BREAKAWAY_OK 0x00000800
#define JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK 0x00001000
#define JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE 0x00002000
#define JOB_OBJECT_LIMIT_SUBSET_AFFINITY 0x00004000
#define JOB_OBJECT_BASIC_LIMIT_VALID_FLAGS 0x000000ff
#define JOB_OBJECT_EXTENDED_LIMIT_VALID_FLAGS 0x00007fff

/* What a job's completion port receives: the message as the packet's byte count, the process id as its
 * overlapped pointer. */
#define JOB_OBJECT_MSG_END_OF_JOB_TIME 1
#define JOB_OBJECT_MSG_END_OF_PROCESS_TIME 2
#define JOB_OBJECT_MSG_ACTIVE_PROCESS_LIMIT 3
#define JOB_OBJECT_MSG_ACTIVE_PROCESS_ZERO 4
#define JOB_OBJECT_MSG_NEW_PROCESS 6
#define JOB_OBJECT_MSG_EXIT_PROCESS 7
#define JOB_OBJECT_MSG_ABNORMAL_EXIT_PROCESS 8

typedef enum {
    JobObjectBasicAccountingInformation = 1,
    JobObjectBasicLimitInformation = 2,
    JobObjectBasicProcessIdList = 3,
    JobObjectBasicUIRestrictions = 4,
    JobObjectSecurityLimitInformation = 5,
    JobObjectEndOfJobTimeInformation = 6,
    JobObjectAssociateCompletionPortInformation = 7,
    JobObjectBasicAndIoAccountingInformation = 8,
    JobObjectExtendedLimitInformation = 9,
    JobObjectJobSetInformation = 10,
    JobObjectGroupInformation = 11,
    MaxJobObjectInfoClass = 47
} JOBOBJECTINFOCLASS;

typedef struct {
    LARGE_INTEGER TotalUserTime;
    LARGE_INTEGER TotalKernelTime;
    LARGE_INTEGER ThisPeriodTotalUserTime;
    LARGE_INTEGER ThisPeriodTotalKernelTime;
    ULONG TotalPageFaultCount;
    ULONG TotalProcesses;
    ULONG ActiveProcesses;
    ULONG TotalTerminatedProcesses;
} JOBOBJECT_BASIC_ACCOUNTING_INFORMATION;
NT_CHECK_SIZE(JOBOBJECT_BASIC_ACCOUNTING_INFORMATION, 48);

typedef struct {
    LARGE_INTEGER PerProcessUserTimeLimit;
    LARGE_INTEGER PerJobUserTimeLimit;
    ULONG LimitFlags;
    SIZE_T MinimumWorkingSetSize;
    SIZE_T MaximumWorkingSetSize;
    ULONG ActiveProcessLimit;
    ULONG_PTR Affinity;
    ULONG PriorityClass;
    ULONG SchedulingClass;
} JOBOBJECT_BASIC_LIMIT_INFORMATION;
NT_CHECK_OFFSET(JOBOBJECT_BASIC_LIMIT_INFORMATION, ActiveProcessLimit, 40);
NT_CHECK_SIZE(JOBOBJECT_BASIC_LIMIT_INFORMATION, 64);

typedef struct {
    ULONGLONG ReadOperationCount;
    ULONGLONG WriteOperationCount;
    ULONGLONG OtherOperationCount;
    ULONGLONG ReadTransferCount;
    ULONGLONG WriteTransferCount;
    ULONGLONG OtherTransferCount;
} IO_COUNTERS;

typedef struct {
    JOBOBJECT_BASIC_LIMIT_INFORMATION BasicLimitInformation;
    IO_COUNTERS IoInfo;
    SIZE_T ProcessMemoryLimit;
    SIZE_T JobMemoryLimit;
    SIZE_T PeakProcessMemoryUsed;
    SIZE_T PeakJobMemoryUsed;
} JOBOBJECT_EXTENDED_LIMIT_INFORMATION;
NT_CHECK_SIZE(JOBOBJECT_EXTENDED_LIMIT_INFORMATION, 144);

typedef struct {
    ULONG NumberOfAssignedProcesses;
    ULONG NumberOfProcessIdsInList;
    ULONG_PTR ProcessIdList[1];
} JOBOBJECT_BASIC_PROCESS_ID_LIST;
NT_CHECK_OFFSET(JOBOBJECT_BASIC_PROCESS_ID_LIST, ProcessIdList, 8);

typedef struct {
    PVOID CompletionKey;
    HANDLE CompletionPort;
} JOBOBJECT_ASSOCIATE_COMPLETION_PORT;
NT_CHECK_SIZE(JOBOBJECT_ASSOCIATE_COMPLETION_PORT, 16);

/* NtCreateUserProcess's and NtCreateThreadEx's attributes: the number in the low 16 bits, then whether it is
 * the thread's (0x10000), an input (0x20000) or additive (0x40000). */
#define PS_ATTRIBUTE_PARENT_PROCESS 0x60000
#define PS_ATTRIBUTE_DEBUG_PORT 0x60001
#define PS_ATTRIBUTE_TOKEN 0x60002
#define PS_ATTRIBUTE_CLIENT_ID 0x10003
#define PS_ATTRIBUTE_TEB_ADDRESS 0x10004
#define PS_ATTRIBUTE_IMAGE_NAME 0x20005
#define PS_ATTRIBUTE_IMAGE_INFO 0x00006
#define PS_ATTRIBUTE_HANDLE_LIST 0x2000b
#define PS_ATTRIBUTE_JOB_LIST 0x20013
#define PS_ATTRIBUTE_MACHINE_TYPE 0x6001c

typedef struct {
    ULONG_PTR Attribute;
    SIZE_T Size;
    ULONG_PTR Value; /* or a pointer to it */
    PSIZE_T ReturnLength;
} PS_ATTRIBUTE;
NT_CHECK_SIZE(PS_ATTRIBUTE, 32);

typedef struct {
    SIZE_T TotalLength; /* bytes, this field included */
    PS_ATTRIBUTE Attributes[1];
} PS_ATTRIBUTE_LIST;

#define PROCESS_CREATE_FLAGS_BREAKAWAY 0x00000001
#define PROCESS_CREATE_FLAGS_NO_DEBUG_INHERIT 0x00000002
#define PROCESS_CREATE_FLAGS_INHERIT_HANDLES 0x00000004
#define PROCESS_CREATE_FLAGS_SUSPENDED 0x00000200

typedef enum {
    PsCreateInitialState,
    PsCreateFailOnFileOpen,
    PsCreateFailOnSectionCreate,
    PsCreateFailExeFormat,
    PsCreateFailMachineMismatch,
    PsCreateFailExeName,
    PsCreateSuccess,
    PsCreateMaximumStates
} PS_CREATE_STATE;

/* What NtCreateUserProcess tells of its work: the state it reached and, on success, where the child's PEB and
 * parameters are. */
typedef struct {
    SIZE_T Size;
    PS_CREATE_STATE State;
    union {
        struct {
            ULONG InitFlags;
            ACCESS_MASK AdditionalFileAccess;
        } InitState;
        HANDLE FailSectionFileHandle;
        USHORT ExeFormatDllCharacteristics;
        HANDLE ExeNameIFEOKey;
        struct {
            ULONG OutputFlags;
            HANDLE FileHandle;
            HANDLE SectionHandle;
            ULONGLONG UserProcessParametersNative;
            ULONG UserProcessParametersWow64;
            ULONG CurrentParameterFlags;
            ULONGLONG PebAddressNative;
            ULONG PebAddressWow64;
            ULONGLONG ManifestAddress;
            ULONG ManifestSize;
        } SuccessState;
    };
} PS_CREATE_INFO;
NT_CHECK_SIZE(PS_CREATE_INFO, 0x58);
NT_CHECK_OFFSET(PS_CREATE_INFO, SuccessState.PebAddressNative, 0x38);

#endif
