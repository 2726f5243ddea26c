/* Runtime library layouts and flags: heaps, critical sections, SRW locks, condition variables, run-once,
 * bitmaps, calendar times. */
#ifndef NT_RTL_H
#define NT_RTL_H

#include "ntdef.h"

#define MAX_PATH 260

#define HEAP_NO_SERIALIZE 0x00000001
#define HEAP_GROWABLE 0x00000002
#define HEAP_GENERATE_EXCEPTIONS 0x00000004
#define HEAP_ZERO_MEMORY 0x00000008
#define HEAP_REALLOC_IN_PLACE_ONLY 0x00000010
#define HEAP_TAIL_CHECKING_ENABLED 0x00000020
#define HEAP_FREE_CHECKING_ENABLED 0x00000040
#define HEAP_CREATE_ALIGN_16 0x00010000
#define HEAP_CREATE_ENABLE_EXECUTE 0x00040000

/* The Win32 error a failed heap call leaves in the TEB. */
#define ERROR_INVALID_PARAMETER 87

typedef struct RTL_HEAP_PARAMETERS RTL_HEAP_PARAMETERS, *PRTL_HEAP_PARAMETERS;

struct _RTL_CRITICAL_SECTION;

/* What debuggers and some programs read (and Wine's DLLs name through Spare[0]). */
typedef struct _RTL_CRITICAL_SECTION_DEBUG {
    USHORT Type;
    USHORT CreatorBackTraceIndex;
    struct _RTL_CRITICAL_SECTION *CriticalSection;
    LIST_ENTRY ProcessLocksList;
    ULONG EntryCount;
    ULONG ContentionCount;
    ULONG_PTR Spare[1];
} RTL_CRITICAL_SECTION_DEBUG, *PRTL_CRITICAL_SECTION_DEBUG;
NT_CHECK_OFFSET(RTL_CRITICAL_SECTION_DEBUG, CriticalSection, 0x08);
NT_CHECK_OFFSET(RTL_CRITICAL_SECTION_DEBUG, ProcessLocksList, 0x10);
NT_CHECK_OFFSET(RTL_CRITICAL_SECTION_DEBUG, ContentionCount, 0x24);
NT_CHECK_OFFSET(RTL_CRITICAL_SECTION_DEBUG, Spare, 0x28);
NT_CHECK_SIZE(RTL_CRITICAL_SECTION_DEBUG, 0x30);

/* LockCount is -1 when free and counts the owner's entries and the threads waiting beyond that. */
typedef struct _RTL_CRITICAL_SECTION {
    PRTL_CRITICAL_SECTION_DEBUG DebugInfo;
    LONG LockCount;
    LONG RecursionCount;
    HANDLE OwningThread;
    HANDLE LockSemaphore;
    ULONG_PTR SpinCount;
} RTL_CRITICAL_SECTION, *PRTL_CRITICAL_SECTION;
NT_CHECK_OFFSET(RTL_CRITICAL_SECTION, LockCount, 0x08);
NT_CHECK_OFFSET(RTL_CRITICAL_SECTION, OwningThread, 0x10);
NT_CHECK_OFFSET(RTL_CRITICAL_SECTION, SpinCount, 0x20);
NT_CHECK_SIZE(RTL_CRITICAL_SECTION, 0x28);

/* The old reader/writer lock (RtlInitializeResource): NumberActive counts the readers, or is minus the writer's
 * recursion; the waiters of each kind sleep on a semaphore of their own. */
typedef struct {
    RTL_CRITICAL_SECTION Lock;
    HANDLE SharedSemaphore;
    ULONG SharedWaiters;
    HANDLE ExclusiveSemaphore;
    ULONG ExclusiveWaiters;
    LONG NumberActive;
    HANDLE OwningThread;
    ULONG TimeoutBoost;
    PVOID DebugInfo;
} RTL_RESOURCE, *PRTL_RESOURCE;
NT_CHECK_OFFSET(RTL_RESOURCE, SharedSemaphore, 0x28);
NT_CHECK_OFFSET(RTL_RESOURCE, ExclusiveSemaphore, 0x38);
NT_CHECK_OFFSET(RTL_RESOURCE, NumberActive, 0x44);
NT_CHECK_OFFSET(RTL_RESOURCE, OwningThread, 0x48);
NT_CHECK_SIZE(RTL_RESOURCE, 0x60);

#define RTL_CRITICAL_SECTION_FLAG_NO_DEBUG_INFO 0x01000000
#define RTL_CRITICAL_SECTION_FLAG_FORCE_DEBUG_INFO 0x10000000

typedef struct {
    PVOID Ptr;
} RTL_SRWLOCK, *PRTL_SRWLOCK, RTL_CONDITION_VARIABLE, *PRTL_CONDITION_VARIABLE;

typedef union {
    PVOID Ptr;
} RTL_RUN_ONCE, *PRTL_RUN_ONCE;

#define CONDITION_VARIABLE_LOCKMODE_SHARED 0x1
#define RTL_RUN_ONCE_CHECK_ONLY 0x1
#define RTL_RUN_ONCE_ASYNC 0x2
#define RTL_RUN_ONCE_INIT_FAILED 0x4
#define RTL_RUN_ONCE_CTX_RESERVED_BITS 2

typedef struct {
    ULONG SizeOfBitMap;
    PULONG Buffer;
} RTL_BITMAP, *PRTL_BITMAP;

typedef struct {
    ULONG StartingIndex;
    ULONG NumberOfBits;
} RTL_BITMAP_RUN, *PRTL_BITMAP_RUN;

/* RtlQueryRegistryValues: where a path starts, and a table of what to do with the values found there. */
#define RTL_REGISTRY_ABSOLUTE 0
#define RTL_REGISTRY_SERVICES 1
#define RTL_REGISTRY_CONTROL 2
#define RTL_REGISTRY_WINDOWS_NT 3
#define RTL_REGISTRY_DEVICEMAP 4
#define RTL_REGISTRY_USER 5
#define RTL_REGISTRY_HANDLE 0x40000000
#define RTL_REGISTRY_OPTIONAL 0x80000000

#define RTL_QUERY_REGISTRY_SUBKEY 0x00000001
#define RTL_QUERY_REGISTRY_TOPKEY 0x00000002
#define RTL_QUERY_REGISTRY_REQUIRED 0x00000004
#define RTL_QUERY_REGISTRY_NOVALUE 0x00000008
#define RTL_QUERY_REGISTRY_NOEXPAND 0x00000010
#define RTL_QUERY_REGISTRY_DIRECT 0x00000020
#define RTL_QUERY_REGISTRY_DELETE 0x00000040

typedef NTSTATUS(NTAPI *PRTL_QUERY_REGISTRY_ROUTINE)(PCWSTR ValueName, ULONG ValueType, PVOID ValueData,
                                                     ULONG ValueLength, PVOID Context, PVOID EntryContext);
typedef struct {
    PRTL_QUERY_REGISTRY_ROUTINE QueryRoutine;
    ULONG Flags;
    PWSTR Name;
    PVOID EntryContext;
    ULONG DefaultType;
    PVOID DefaultData;
    ULONG DefaultLength;
} RTL_QUERY_REGISTRY_TABLE, *PRTL_QUERY_REGISTRY_TABLE;
NT_CHECK_OFFSET(RTL_QUERY_REGISTRY_TABLE, Name, 0x10);
NT_CHECK_OFFSET(RTL_QUERY_REGISTRY_TABLE, DefaultType, 0x20);
NT_CHECK_SIZE(RTL_QUERY_REGISTRY_TABLE, 0x38);
NT_CHECK_OFFSET(RTL_BITMAP, Buffer, 0x08);

/* Weekday: 0 is Sunday. */
typedef struct {
    SHORT Year, Month, Day, Hour, Minute, Second, Milliseconds, Weekday;
} TIME_FIELDS, *PTIME_FIELDS;
NT_CHECK_SIZE(TIME_FIELDS, 16);

/* A thread's hard-error mode: the SEM_* flags shifted left by 4. */
#define RTL_SEM_FAILCRITICALERRORS 0x10
#define RTL_SEM_NOGPFAULTERRORBOX 0x20
#define RTL_SEM_NOALIGNMENTFAULTEXCEPT 0x40

typedef struct {
    ULONG dwOSVersionInfoSize;
    ULONG dwMajorVersion;
    ULONG dwMinorVersion;
    ULONG dwBuildNumber;
    ULONG dwPlatformId;
    WCHAR szCSDVersion[128];
    USHORT wServicePackMajor; /* from here on, only in the EX form */
    USHORT wServicePackMinor;
    USHORT wSuiteMask;
    UCHAR wProductType;
    UCHAR wReserved;
} RTL_OSVERSIONINFOEXW, *PRTL_OSVERSIONINFOEXW;
NT_CHECK_OFFSET(RTL_OSVERSIONINFOEXW, wServicePackMajor, 276);
NT_CHECK_SIZE(RTL_OSVERSIONINFOEXW, 284);
#define RTL_OSVERSIONINFOW_SIZE 276
#define VER_NT_WORKSTATION 1
#define VER_SUITE_SINGLEUSERTS 0x100

/* A handle table's entry begins with this word: the next free entry while it is free, bit 0 set by its owner
 * while it is in use. */
typedef struct _RTL_HANDLE {
    struct _RTL_HANDLE *Next;
} RTL_HANDLE, *PRTL_HANDLE;

typedef struct {
    ULONG MaxHandleCount;
    ULONG HandleSize;
    ULONG Reserved[2];
    PRTL_HANDLE FreeHandles;
    PVOID CommittedHandles; /* the table's start */
    PVOID UnCommittedHandles; /* the end of what is committed */
    PVOID MaxReservedHandles; /* the end of what is reserved */
} RTL_HANDLE_TABLE, *PRTL_HANDLE_TABLE;
NT_CHECK_OFFSET(RTL_HANDLE_TABLE, FreeHandles, 0x10);
NT_CHECK_SIZE(RTL_HANDLE_TABLE, 0x30);
#define RTL_HANDLE_ALLOCATED 1

/* RtlCompressBuffer's formats (the low byte) and engines. */
#define COMPRESSION_FORMAT_NONE 0
#define COMPRESSION_FORMAT_DEFAULT 1
#define COMPRESSION_FORMAT_LZNT1 2
#define COMPRESSION_FORMAT_XPRESS 3
#define COMPRESSION_FORMAT_XPRESS_HUFF 4
#define COMPRESSION_FORMAT_MASK 0x00ff
#define COMPRESSION_ENGINE_STANDARD 0x0000
#define COMPRESSION_ENGINE_MAXIMUM 0x0100
#define COMPRESSION_ENGINE_HIBER 0x0200

/* Internet addresses as the RtlIpv* functions take them, in network byte order. */
typedef struct in_addr {
    union {
        struct {
            UCHAR s_b1, s_b2, s_b3, s_b4;
        } S_un_b;
        struct {
            USHORT s_w1, s_w2;
        } S_un_w;
        ULONG S_addr;
    } S_un;
} IN_ADDR, *PIN_ADDR;
NT_CHECK_SIZE(IN_ADDR, 4);

typedef struct in6_addr {
    union {
        UCHAR Byte[16];
        USHORT Word[8];
    } u;
} IN6_ADDR, *PIN6_ADDR;
NT_CHECK_SIZE(IN6_ADDR, 16);

/* RtlQueryProcessDebugInformation: a buffer whose header says where in it each kind of answer was put. */
#define RTL_QUERY_PROCESS_MODULES 0x01
#define RTL_QUERY_PROCESS_BACKTRACES 0x02
#define RTL_QUERY_PROCESS_HEAP_SUMMARY 0x04
#define RTL_QUERY_PROCESS_HEAP_TAGS 0x08
#define RTL_QUERY_PROCESS_HEAP_ENTRIES 0x10
#define RTL_QUERY_PROCESS_LOCKS 0x20

typedef struct {
    HANDLE Section;
    PVOID MappedBase;
    PVOID ImageBase;
    ULONG ImageSize;
    ULONG Flags;
    USHORT LoadOrderIndex;
    USHORT InitOrderIndex;
    USHORT LoadCount;
    USHORT OffsetToFileName;
    UCHAR FullPathName[256];
} RTL_PROCESS_MODULE_INFORMATION, *PRTL_PROCESS_MODULE_INFORMATION;
NT_CHECK_SIZE(RTL_PROCESS_MODULE_INFORMATION, 0x128);

typedef struct {
    ULONG NumberOfModules;
    RTL_PROCESS_MODULE_INFORMATION Modules[1];
} RTL_PROCESS_MODULES, *PRTL_PROCESS_MODULES;

typedef struct {
    SIZE_T Size;
    USHORT Flags;
    USHORT AllocatorBackTraceIndex;
    union {
        struct {
            SIZE_T Settable;
            ULONG Tag;
        } s1;
        struct {
            SIZE_T CommittedSize;
            PVOID FirstBlock;
        } s2;
    } u;
} RTL_HEAP_ENTRY, *PRTL_HEAP_ENTRY;
NT_CHECK_SIZE(RTL_HEAP_ENTRY, 0x20);

typedef struct {
    PVOID BaseAddress;
    ULONG Flags;
    USHORT EntryOverhead;
    USHORT CreatorBackTraceIndex;
    SIZE_T BytesAllocated;
    SIZE_T BytesCommitted;
    ULONG NumberOfTags;
    ULONG NumberOfEntries;
    ULONG NumberOfPseudoTags;
    ULONG PseudoTagGranularity;
    ULONG Reserved[5];
    PVOID Tags;
    PRTL_HEAP_ENTRY Entries;
} RTL_HEAP_INFORMATION, *PRTL_HEAP_INFORMATION;
NT_CHECK_OFFSET(RTL_HEAP_INFORMATION, Entries, 0x50);

typedef struct {
    ULONG NumberOfHeaps;
    RTL_HEAP_INFORMATION Heaps[1];
} RTL_PROCESS_HEAPS, *PRTL_PROCESS_HEAPS;

typedef struct {
    HANDLE SectionHandleClient;
    PVOID ViewBaseClient;
    PVOID ViewBaseTarget;
    ULONG_PTR ViewBaseDelta;
    HANDLE EventPairClient;
    HANDLE EventPairTarget;
    HANDLE TargetProcessId;
    HANDLE TargetThreadHandle;
    ULONG Flags;
    SIZE_T OffsetFree;
    SIZE_T CommitSize;
    SIZE_T ViewSize;
    PRTL_PROCESS_MODULES Modules;
    PVOID BackTraces;
    PRTL_PROCESS_HEAPS Heaps;
    PVOID Locks;
    PVOID SpecificHeap;
    HANDLE TargetProcessHandle;
    PVOID VerifierOptions;
    PVOID ProcessHeap;
    HANDLE CriticalSectionHandle;
    HANDLE CriticalSectionOwnerThread;
    PVOID Reserved[4];
} RTL_DEBUG_INFORMATION, *PRTL_DEBUG_INFORMATION;
NT_CHECK_OFFSET(RTL_DEBUG_INFORMATION, Modules, 0x60);

typedef ULONG(NTAPI *PRTL_RUN_ONCE_INIT_FN)(PRTL_RUN_ONCE RunOnce, PVOID Parameter, PVOID *Context);

typedef enum {
    RtlPathTypeUnknown,
    RtlPathTypeUncAbsolute,
    RtlPathTypeDriveAbsolute,
    RtlPathTypeDriveRelative,
    RtlPathTypeRooted,
    RtlPathTypeRelative,
    RtlPathTypeLocalDevice,
    RtlPathTypeRootLocalDevice
} RTL_PATH_TYPE;

typedef struct {
    UNICODE_STRING RelativeName;
    HANDLE ContainingDirectory;
    PVOID CurDirRef;
} RTL_RELATIVE_NAME_U, *PRTL_RELATIVE_NAME_U;
NT_CHECK_SIZE(RTL_RELATIVE_NAME_U, 0x20);

typedef void(NTAPI *PFLS_CALLBACK_FUNCTION)(PVOID Data);
typedef USHORT RTL_ATOM, *PRTL_ATOM;

/* NtQueryInformationAtom's classes. */
typedef enum { AtomBasicInformation, AtomTableInformation } ATOM_INFORMATION_CLASS;
typedef struct {
    USHORT ReferenceCount;
    USHORT Pinned;
    USHORT NameLength;          /* bytes */
    WCHAR Name[1];
} ATOM_BASIC_INFORMATION;
typedef struct {
    ULONG NumberOfAtoms;
    RTL_ATOM Atoms[1];
} ATOM_TABLE_INFORMATION;

/* A code page table (c_NNNN.nls) as RtlInitCodePageTable describes it. */
typedef struct {
    USHORT CodePage;
    USHORT MaximumCharacterSize; /* 1 for single-byte code pages, 2 for double-byte ones */
    USHORT DefaultChar;
    USHORT UniDefaultChar;
    USHORT TransDefaultChar;
    USHORT TransUniDefaultChar;
    USHORT DBCSCodePage;
    UCHAR LeadByte[12];
    PUSHORT MultiByteTable;      /* 256 entries: a byte's character */
    PVOID WideCharTable;         /* 65536 entries: a character's byte (UCHAR) or bytes (USHORT, lead first) */
    PUSHORT DBCSRanges;
    PUSHORT DBCSOffsets;         /* per lead byte, the offset of its 256 characters in this table, or 0 */
} CPTABLEINFO, *PCPTABLEINFO;
NT_CHECK_SIZE(CPTABLEINFO, 0x40);

/* MD4Init/MD4Update/MD4Final's state, laid out as advapi32 expects it. */
typedef struct {
    unsigned int buf[4];
    unsigned int i[2];       /* the length so far in bits, low word first */
    unsigned char in[64];
    unsigned char digest[16];
} MD4_CTX;

/* MD5Init/MD5Update/MD5Final's, and A_SHAInit/A_SHAUpdate/A_SHAFinal's (SHA-1), as advapi32 lays them out. */
typedef struct {
    unsigned int i[2];       /* the length so far in bits, low word first */
    unsigned int buf[4];
    unsigned char in[64];
    unsigned char digest[16];
} MD5_CTX;

typedef struct {
    ULONG Unknown[6];
    ULONG State[5];
    ULONG Count[2];          /* the length so far in bits, low word first */
    UCHAR Buffer[64];
} A_SHA_CTX;

/* RtlWalkHeap's account of one block. */
#define RTL_HEAP_BUSY 0x0001
typedef struct {
    PVOID DataAddress;
    SIZE_T DataSize;
    UCHAR OverheadBytes;
    UCHAR SegmentIndex;
    USHORT Flags;
    union {
        struct {
            SIZE_T Settable;
            USHORT TagIndex;
            USHORT AllocatorBackTraceIndex;
            ULONG Reserved[2];
        } Block;
        struct {
            ULONG CommittedSize;
            ULONG UnCommittedSize;
            PVOID FirstEntry;
            PVOID LastEntry;
        } Segment;
    };
} RTL_HEAP_WALK_ENTRY, *PRTL_HEAP_WALK_ENTRY;
NT_CHECK_SIZE(RTL_HEAP_WALK_ENTRY, 0x30);

typedef enum {
    HeapCompatibilityInformation = 0,
    HeapEnableTerminationOnCorruption = 1,
} HEAP_INFORMATION_CLASS;

/* The thread pool's objects are its own; callers hold pointers to them. */
typedef struct _TP_POOL TP_POOL, *PTP_POOL;
typedef struct _TP_WORK TP_WORK, *PTP_WORK;
typedef struct _TP_CLEANUP_GROUP TP_CLEANUP_GROUP, *PTP_CLEANUP_GROUP;
typedef struct _TP_CALLBACK_INSTANCE TP_CALLBACK_INSTANCE, *PTP_CALLBACK_INSTANCE;
typedef struct _TP_TIMER TP_TIMER, *PTP_TIMER;
typedef struct _TP_WAIT TP_WAIT, *PTP_WAIT;
typedef struct _TP_IO TP_IO, *PTP_IO;
typedef ULONG TP_WAIT_RESULT;
typedef void(NTAPI *PTP_SIMPLE_CALLBACK)(PTP_CALLBACK_INSTANCE Instance, PVOID Context);
typedef void(NTAPI *PTP_WORK_CALLBACK)(PTP_CALLBACK_INSTANCE Instance, PVOID Context, PTP_WORK Work);
typedef void(NTAPI *PTP_CLEANUP_GROUP_CANCEL_CALLBACK)(PVOID ObjectContext, PVOID CleanupContext);
typedef void(NTAPI *PRTL_WORK_ITEM_ROUTINE)(PVOID Context);
typedef void(NTAPI *PTP_TIMER_CALLBACK)(PTP_CALLBACK_INSTANCE Instance, PVOID Context, PTP_TIMER Timer);
typedef void(NTAPI *PTP_WAIT_CALLBACK)(PTP_CALLBACK_INSTANCE Instance, PVOID Context, PTP_WAIT Wait,
                                       TP_WAIT_RESULT WaitResult);
typedef void(NTAPI *PTP_IO_CALLBACK)(PTP_CALLBACK_INSTANCE Instance, PVOID Context, PVOID Overlapped,
                                     PIO_STATUS_BLOCK IoStatusBlock, PTP_IO Io);
typedef void(NTAPI *PRTL_OVERLAPPED_COMPLETION_ROUTINE)(ULONG ErrorCode, ULONG BytesTransferred, PVOID Overlapped);
/* The timer-queue and registered-wait callback: TRUE when a timer fired or a wait timed out. */
typedef void(NTAPI *WAITORTIMERCALLBACKFUNC)(PVOID Context, BOOLEAN TimerOrWaitFired);
#define WT_EXECUTEDEFAULT 0x00
#define WT_EXECUTEINIOTHREAD 0x01
#define WT_EXECUTEINWAITTHREAD 0x04
#define WT_EXECUTEONLYONCE 0x08
#define WT_EXECUTEINTIMERTHREAD 0x20
#define WT_EXECUTELONGFUNCTION 0x10
#define WT_EXECUTEINPERSISTENTTHREAD 0x80

/* TP_CALLBACK_ENVIRON, version 3: where an object's callbacks run and who cleans it up. */
typedef struct {
    ULONG Version;
    PTP_POOL Pool;
    PTP_CLEANUP_GROUP CleanupGroup;
    PTP_CLEANUP_GROUP_CANCEL_CALLBACK CleanupGroupCancelCallback;
    PVOID RaceDll;
    PVOID ActivationContext;
    PTP_SIMPLE_CALLBACK FinalizationCallback;
    ULONG Flags;
    ULONG CallbackPriority;
    ULONG Size;
} TP_CALLBACK_ENVIRON, *PTP_CALLBACK_ENVIRON;
NT_CHECK_SIZE(TP_CALLBACK_ENVIRON, 0x48);

typedef struct {
    SIZE_T StackReserve;
    SIZE_T StackCommit;
} TP_POOL_STACK_INFORMATION, *PTP_POOL_STACK_INFORMATION;

/* Lock-free lists: entries 16-aligned, the header changed with one 16-byte compare-and-swap. */
typedef struct _SLIST_ENTRY {
    struct _SLIST_ENTRY *Next;
} __attribute__((aligned(16))) SLIST_ENTRY, *PSLIST_ENTRY;

typedef union __attribute__((aligned(16))) {
    struct {
        ULONG64 Alignment;
        ULONG64 Region;
    };
} SLIST_HEADER, *PSLIST_HEADER;
NT_CHECK_SIZE(SLIST_HEADER, 16);

/* Doubly linked lists with a head, as the loader's module lists use them. */
static inline void InitializeListHead(PLIST_ENTRY head)
{
    head->Flink = head->Blink = head;
}

static inline BOOLEAN IsListEmpty(const LIST_ENTRY *head)
{
    return head->Flink == head;
}

static inline void InsertTailList(PLIST_ENTRY head, PLIST_ENTRY entry)
{
    entry->Flink = head;
    entry->Blink = head->Blink;
    head->Blink->Flink = entry;
    head->Blink = entry;
}

static inline void RemoveEntryList(PLIST_ENTRY entry)
{
    entry->Blink->Flink = entry->Flink;
    entry->Flink->Blink = entry->Blink;
    entry->Flink = entry->Blink = entry;
}

/* How preferred UI languages are given and asked for. */
#define MUI_LANGUAGE_ID 0x4
#define MUI_LANGUAGE_NAME 0x8
#define MUI_MERGE_SYSTEM_FALLBACK 0x10
#define MUI_MERGE_USER_FALLBACK 0x20
#define MUI_THREAD_LANGUAGES 0x40
#define MUI_MACHINE_LANGUAGE_SETTINGS 0x400
#define MUI_CONSOLE_FILTER 0x100
#define MUI_COMPLEX_SCRIPT_FILTER 0x200
#define MUI_RESET_FILTERS 0x001

/* What RtlIsTextUnicode tests and finds. */
#define IS_TEXT_UNICODE_ASCII16 0x0001
#define IS_TEXT_UNICODE_STATISTICS 0x0002
#define IS_TEXT_UNICODE_CONTROLS 0x0004
#define IS_TEXT_UNICODE_SIGNATURE 0x0008
#define IS_TEXT_UNICODE_REVERSE_ASCII16 0x0010
#define IS_TEXT_UNICODE_REVERSE_STATISTICS 0x0020
#define IS_TEXT_UNICODE_REVERSE_CONTROLS 0x0040
#define IS_TEXT_UNICODE_REVERSE_SIGNATURE 0x0080
#define IS_TEXT_UNICODE_ILLEGAL_CHARS 0x0100
#define IS_TEXT_UNICODE_ODD_LENGTH 0x0200
#define IS_TEXT_UNICODE_NULL_BYTES 0x1000
#define IS_TEXT_UNICODE_UNICODE_MASK 0x000f
#define IS_TEXT_UNICODE_REVERSE_MASK 0x00f0
#define IS_TEXT_UNICODE_NOT_UNICODE_MASK 0x0f00
#define IS_TEXT_UNICODE_NOT_ASCII_MASK 0xf000

/* A message table resource (RT_MESSAGETABLE): blocks of consecutive IDs and their entries. */
#define RT_MESSAGETABLE 11
#define MESSAGE_RESOURCE_UNICODE 0x0001
#define MESSAGE_RESOURCE_UTF8 0x0002

typedef struct {
    USHORT Length; /* of the whole entry */
    USHORT Flags;
    UCHAR Text[1];
} MESSAGE_RESOURCE_ENTRY, *PMESSAGE_RESOURCE_ENTRY;

typedef struct {
    ULONG LowId;
    ULONG HighId;
    ULONG OffsetToEntries;
} MESSAGE_RESOURCE_BLOCK;

typedef struct {
    ULONG NumberOfBlocks;
    MESSAGE_RESOURCE_BLOCK Blocks[1];
} MESSAGE_RESOURCE_DATA;

/* What the IDN conversions allow. */
#define IDN_ALLOW_UNASSIGNED 0x01
#define IDN_USE_STD3_ASCII_RULES 0x02
#define IDN_EMAIL_ADDRESS 0x04
#define IDN_RAW_PUNYCODE 0x08

/* Activation contexts: the threads' stacks of active ones, and what callers create and ask of them. */
typedef struct _RTL_ACTIVATION_CONTEXT_STACK_FRAME {
    struct _RTL_ACTIVATION_CONTEXT_STACK_FRAME *Previous;
    HANDLE ActivationContext;
    ULONG Flags;
} RTL_ACTIVATION_CONTEXT_STACK_FRAME;

typedef struct {
    RTL_ACTIVATION_CONTEXT_STACK_FRAME *ActiveFrame;
    LIST_ENTRY FrameListCache;
    ULONG Flags;
    ULONG NextCookieSequenceNumber;
    ULONG_PTR StackId;
} ACTIVATION_CONTEXT_STACK;
NT_CHECK_SIZE(ACTIVATION_CONTEXT_STACK, 0x28);

#define ACTCTX_FLAG_PROCESSOR_ARCHITECTURE_VALID 0x001
#define ACTCTX_FLAG_LANGID_VALID 0x002
#define ACTCTX_FLAG_ASSEMBLY_DIRECTORY_VALID 0x004
#define ACTCTX_FLAG_RESOURCE_NAME_VALID 0x008
#define ACTCTX_FLAG_SET_PROCESS_DEFAULT 0x010
#define ACTCTX_FLAG_APPLICATION_NAME_VALID 0x020
#define ACTCTX_FLAG_SOURCE_IS_ASSEMBLYREF 0x040
#define ACTCTX_FLAG_HMODULE_VALID 0x080
#define DEACTIVATE_ACTCTX_FLAG_FORCE_EARLY_DEACTIVATION 0x1
#define FIND_ACTCTX_SECTION_KEY_RETURN_HACTCTX 0x1
#define QUERY_ACTCTX_FLAG_USE_ACTIVE_ACTCTX 0x4
#define QUERY_ACTCTX_FLAG_ACTCTX_IS_HMODULE 0x8
#define QUERY_ACTCTX_FLAG_ACTCTX_IS_ADDRESS 0x10
#define QUERY_ACTCTX_FLAG_NO_ADDREF 0x80000000
#define ACTIVATION_CONTEXT_SECTION_DLL_REDIRECTION 2
#define ACTIVATION_CONTEXT_SECTION_WINDOW_CLASS_REDIRECTION 3
#define ACTIVATION_CONTEXT_PATH_TYPE_WIN32_FILE 2
#define RT_MANIFEST 24

typedef struct {
    ULONG cbSize;
    ULONG dwFlags;
    PCWSTR lpSource;
    USHORT wProcessorArchitecture;
    USHORT wLangId;
    PCWSTR lpAssemblyDirectory;
    PCWSTR lpResourceName;
    PCWSTR lpApplicationName;
    PVOID hModule;
} ACTCTXW;
NT_CHECK_SIZE(ACTCTXW, 0x38);

typedef struct {
    ULONG cbSize;
    ULONG ulDataFormatVersion;
    PVOID lpData;
    ULONG ulLength;
    PVOID lpSectionGlobalData;
    ULONG ulSectionGlobalDataLength;
    PVOID lpSectionBase;
    ULONG ulSectionTotalLength;
    HANDLE hActCtx;
    ULONG ulAssemblyRosterIndex;
    ULONG ulFlags;
    struct {
        PVOID lpInformation;
        PVOID lpSectionBase;
        ULONG ulSectionLength;
        PVOID lpSectionGlobalDataBase;
        ULONG ulSectionGlobalDataLength;
    } AssemblyMetadata;
} ACTCTX_SECTION_KEYED_DATA;

typedef enum {
    ActivationContextBasicInformation = 1,
    ActivationContextDetailedInformation = 2,
    AssemblyDetailedInformationInActivationContext = 3,
    FileInformationInAssemblyOfAssemblyInActivationContext = 4,
    RunlevelInformationInActivationContext = 5,
    CompatibilityInformationInActivationContext = 6,
} ACTIVATION_CONTEXT_INFO_CLASS;

typedef struct {
    HANDLE hActCtx;
    ULONG dwFlags;
} ACTIVATION_CONTEXT_BASIC_INFORMATION;

typedef struct {
    ULONG dwFlags;
    ULONG ulFormatVersion;
    ULONG ulAssemblyCount;
    ULONG ulRootManifestPathType;
    ULONG ulRootManifestPathChars;
    ULONG ulRootConfigurationPathType;
    ULONG ulRootConfigurationPathChars;
    ULONG ulAppDirPathType;
    ULONG ulAppDirPathChars;
    PCWSTR lpRootManifestPath;
    PCWSTR lpRootConfigurationPath;
    PCWSTR lpAppDirPath;
} ACTIVATION_CONTEXT_DETAILED_INFORMATION;

typedef struct {
    ULONG ulFlags;
    ULONG ulEncodedAssemblyIdentityLength;
    ULONG ulManifestPathType;
    ULONG ulManifestPathLength;
    LARGE_INTEGER liManifestLastWriteTime;
    ULONG ulPolicyPathType;
    ULONG ulPolicyPathLength;
    LARGE_INTEGER liPolicyLastWriteTime;
    ULONG ulMetadataSatelliteRosterIndex;
    ULONG ulManifestVersionMajor;
    ULONG ulManifestVersionMinor;
    ULONG ulPolicyVersionMajor;
    ULONG ulPolicyVersionMinor;
    ULONG ulAssemblyDirectoryNameLength;
    PCWSTR lpAssemblyEncodedAssemblyIdentity;
    PCWSTR lpAssemblyManifestPath;
    PCWSTR lpAssemblyPolicyPath;
    PCWSTR lpAssemblyDirectoryName;
    ULONG ulFileCount;
} ACTIVATION_CONTEXT_ASSEMBLY_DETAILED_INFORMATION;

typedef struct {
    ULONG ulFlags;
    ULONG RunLevel; /* 0 unspecified, 1 as invoker, 2 highest available, 3 require administrator */
    ULONG UiAccess;
} ACTIVATION_CONTEXT_RUN_LEVEL_INFORMATION;

typedef struct {
    GUID Id;
    ULONG Type; /* 1 an OS, 3 a version tested */
    ULONGLONG MaxVersionTested;
} COMPATIBILITY_CONTEXT_ELEMENT;

/* The data a DLL redirection section gives for a name: where the DLL is (no segments: the assembly's directory). */
typedef struct {
    ULONG Size;
    ULONG Flags;
    ULONG TotalPathLength;
    ULONG PathSegmentCount;
    ULONG PathSegmentOffset;
} ACTIVATION_CONTEXT_DATA_DLL_REDIRECTION;
#define ACTIVATION_CONTEXT_DATA_DLL_REDIRECTION_PATH_OMITS_ASSEMBLY_ROOT 0x2

#endif
