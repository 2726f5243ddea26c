/* The loader's public layouts: module entries of PEB->Ldr, DllMain's reasons, the API set schema. */
#ifndef NT_LDR_H
#define NT_LDR_H

#include "ntdef.h"
#include "pe.h"

#define DLL_PROCESS_DETACH 0
#define DLL_PROCESS_ATTACH 1
#define DLL_THREAD_ATTACH 2
#define DLL_THREAD_DETACH 3

/* LDR_DATA_TABLE_ENTRY.Flags */
#define LDRP_IMAGE_DLL 0x00000004
#define LDRP_LOAD_IN_PROGRESS 0x00001000
#define LDRP_ENTRY_PROCESSED 0x00004000
#define LDRP_DONT_CALL_FOR_THREADS 0x00040000
#define LDRP_PROCESS_ATTACH_CALLED 0x00080000
#define LDRP_IMAGE_NOT_AT_BASE 0x00200000

/* LdrGetDllHandleEx, LdrLockLoaderLock */
#define LDR_GET_DLL_HANDLE_EX_UNCHANGED_REFCOUNT 0x1
#define LDR_GET_DLL_HANDLE_EX_PIN 0x2
#define LDR_LOCK_LOADER_LOCK_FLAG_RAISE_ON_ERRORS 0x1
#define LDR_LOCK_LOADER_LOCK_FLAG_TRY_ONLY 0x2
#define LDR_ADDREF_DLL_PIN 0x1

typedef struct {
    union {
        struct _RTL_BALANCED_NODE *Children[2];
        struct {
            struct _RTL_BALANCED_NODE *Left, *Right;
        };
    };
    ULONG_PTR ParentValue;
} RTL_BALANCED_NODE;

typedef enum {
    LoadReasonStaticDependency,
    LoadReasonStaticForwarderDependency,
    LoadReasonDynamicForwarderDependency,
    LoadReasonDelayloadDependency,
    LoadReasonDynamicLoad,
    LoadReasonAsImageLoad,
    LoadReasonAsDataLoad,
    LoadReasonUnknown = -1
} LDR_DLL_LOAD_REASON;

typedef struct _LDR_DATA_TABLE_ENTRY {
    LIST_ENTRY InLoadOrderLinks;
    LIST_ENTRY InMemoryOrderLinks;
    LIST_ENTRY InInitializationOrderLinks;
    PVOID DllBase;
    PVOID EntryPoint;
    ULONG SizeOfImage;
    UNICODE_STRING FullDllName;
    UNICODE_STRING BaseDllName;
    ULONG Flags;
    USHORT ObsoleteLoadCount;
    USHORT TlsIndex;
    LIST_ENTRY HashLinks;
    ULONG TimeDateStamp;
    PVOID EntryPointActivationContext;
    PVOID Lock;
    PVOID DdagNode;
    LIST_ENTRY NodeModuleLink;
    PVOID LoadContext;
    PVOID ParentDllBase;
    PVOID SwitchBackContext;
    RTL_BALANCED_NODE BaseAddressIndexNode;
    RTL_BALANCED_NODE MappingInfoIndexNode;
    ULONG_PTR OriginalBase;
    LARGE_INTEGER LoadTime;
    ULONG BaseNameHashValue;
    LDR_DLL_LOAD_REASON LoadReason;
    ULONG ImplicitPathOptions;
    ULONG ReferenceCount;
    ULONG DependentLoadFlags;
    UCHAR SigningLevel;
} LDR_DATA_TABLE_ENTRY, *PLDR_DATA_TABLE_ENTRY;
NT_CHECK_OFFSET(LDR_DATA_TABLE_ENTRY, DllBase, 0x30);
NT_CHECK_OFFSET(LDR_DATA_TABLE_ENTRY, FullDllName, 0x48);
NT_CHECK_OFFSET(LDR_DATA_TABLE_ENTRY, BaseDllName, 0x58);
NT_CHECK_OFFSET(LDR_DATA_TABLE_ENTRY, Flags, 0x68);
NT_CHECK_OFFSET(LDR_DATA_TABLE_ENTRY, TlsIndex, 0x6e);
NT_CHECK_OFFSET(LDR_DATA_TABLE_ENTRY, HashLinks, 0x70);
NT_CHECK_OFFSET(LDR_DATA_TABLE_ENTRY, TimeDateStamp, 0x80);
NT_CHECK_OFFSET(LDR_DATA_TABLE_ENTRY, DdagNode, 0x98);
NT_CHECK_OFFSET(LDR_DATA_TABLE_ENTRY, BaseAddressIndexNode, 0xc8);
NT_CHECK_OFFSET(LDR_DATA_TABLE_ENTRY, OriginalBase, 0xf8);
NT_CHECK_OFFSET(LDR_DATA_TABLE_ENTRY, LoadReason, 0x10c);
NT_CHECK_OFFSET(LDR_DATA_TABLE_ENTRY, ReferenceCount, 0x114);
NT_CHECK_SIZE(LDR_DATA_TABLE_ENTRY, 0x120);

typedef BOOLEAN(NTAPI *PDLL_INIT_ROUTINE)(PVOID DllHandle, ULONG Reason, PVOID Context);
typedef void(NTAPI *PIMAGE_TLS_CALLBACK)(PVOID DllHandle, ULONG Reason, PVOID Reserved);

/* The loader's record of the DLLs it unloaded last (RtlGetUnloadEventTrace): a ring of 64. */
typedef struct {
    PVOID BaseAddress;
    SIZE_T SizeOfImage;
    ULONG Sequence;
    ULONG TimeDateStamp;
    ULONG CheckSum;
    WCHAR ImageName[32];
    ULONG Version[2];
} RTL_UNLOAD_EVENT_TRACE, *PRTL_UNLOAD_EVENT_TRACE;
NT_CHECK_SIZE(RTL_UNLOAD_EVENT_TRACE, 0x68);
#define RTL_UNLOAD_EVENT_TRACE_NUMBER 64

/* What LdrFindResource_U looks for: IDs below 0x10000, else strings ("#123" is an ID). The language is 32 bits,
 * as on Windows: callers leave the padding after it as it was. */
typedef struct {
    ULONG_PTR Type;
    ULONG_PTR Name;
    ULONG Language;
} LDR_RESOURCE_INFO, *PLDR_RESOURCE_INFO;
NT_CHECK_SIZE(LDR_RESOURCE_INFO, 24);

/* LdrResolveDelayLoadedAPI's account of a failure, for the hooks. */
typedef struct {
    ULONG ImportDescribedByName;
    union {
        const char *Name;
        ULONG Ordinal;
    } Description;
} DELAYLOAD_PROC_DESCRIPTOR;

typedef struct {
    ULONG Size;
    const IMAGE_DELAYLOAD_DESCRIPTOR *DelayloadDescriptor;
    ULONG64 *ThunkAddress;
    const char *TargetDllName;
    DELAYLOAD_PROC_DESCRIPTOR TargetApiDescriptor;
    PVOID TargetModuleBase;
    PVOID Unused;
    ULONG LastError;
} DELAYLOAD_INFO, *PDELAYLOAD_INFO;
NT_CHECK_SIZE(DELAYLOAD_INFO, 0x48);

#define DELAYLOAD_FAIL_LOAD_LIBRARY 3 /* dliFailLoadLib */
#define DELAYLOAD_FAIL_GET_PROC 4     /* dliFailGetProc */
typedef PVOID(NTAPI *PDELAYLOAD_FAILURE_DLL_CALLBACK)(ULONG NotificationReason, PDELAYLOAD_INFO DelayloadInfo);
typedef PVOID(NTAPI *PDELAYLOAD_FAILURE_SYSTEM_ROUTINE)(const char *DllName, const char *ProcName);

/* The API set schema, version 6 (Windows 10), as apisetschema.dll's .apiset section holds it. Offsets
 * are from the start of the namespace. */
typedef struct {
    ULONG Version;
    ULONG Size;
    ULONG Flags;
    ULONG Count;
    ULONG EntryOffset;
    ULONG HashOffset;
    ULONG HashFactor;
} API_SET_NAMESPACE;

typedef struct {
    ULONG Flags;
    ULONG NameOffset;
    ULONG NameLength;      /* bytes */
    ULONG HashedLength;    /* bytes: the name without its last hyphen and what follows */
    ULONG ValueOffset;
    ULONG ValueCount;
} API_SET_NAMESPACE_ENTRY;

typedef struct {
    ULONG Flags;
    ULONG NameOffset;      /* the importing module this value is for; none for the default */
    ULONG NameLength;
    ULONG ValueOffset;     /* the host DLL */
    ULONG ValueLength;
} API_SET_VALUE_ENTRY;

typedef struct {
    ULONG Hash;
    ULONG Index;
} API_SET_HASH_ENTRY;

/* LdrRegisterDllNotification: told of each DLL loaded (before its DllMain) and unloaded (after it). */
#define LDR_DLL_NOTIFICATION_REASON_LOADED 1
#define LDR_DLL_NOTIFICATION_REASON_UNLOADED 2

typedef struct {
    ULONG Flags;
    PCUNICODE_STRING FullDllName;
    PCUNICODE_STRING BaseDllName;
    PVOID DllBase;
    ULONG SizeOfImage;
} LDR_DLL_LOADED_NOTIFICATION_DATA, LDR_DLL_UNLOADED_NOTIFICATION_DATA;

typedef union {
    LDR_DLL_LOADED_NOTIFICATION_DATA Loaded;
    LDR_DLL_UNLOADED_NOTIFICATION_DATA Unloaded;
} LDR_DLL_NOTIFICATION_DATA, *PLDR_DLL_NOTIFICATION_DATA;
NT_CHECK_SIZE(LDR_DLL_NOTIFICATION_DATA, 0x28);

typedef void(NTAPI *PLDR_DLL_NOTIFICATION_FUNCTION)(ULONG Reason, const LDR_DLL_NOTIFICATION_DATA *Data,
                                                   PVOID Context);
typedef void(NTAPI *PLDR_ENUM_CALLBACK)(PLDR_DATA_TABLE_ENTRY Module, PVOID Context, PBOOLEAN Stop);

#endif
