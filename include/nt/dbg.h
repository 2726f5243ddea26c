/* The user-mode debugging interface: what NtWaitForDebugEvent reports and the Win32 DEBUG_EVENT it becomes. */
#ifndef NT_DBG_H
#define NT_DBG_H

#include "ntdef.h"
#include "context.h"

#define DEBUG_READ_EVENT 0x0001
#define DEBUG_PROCESS_ASSIGN 0x0002
#define DEBUG_SET_INFORMATION 0x0004
#define DEBUG_QUERY_INFORMATION 0x0008
#define DEBUG_ALL_ACCESS 0x1f000f
#define DEBUG_KILL_ON_CLOSE 0x1

typedef enum {
    DebugObjectUnusedInformation,
    DebugObjectKillProcessOnExitInformation,
    MaxDebugObjectInfoClass
} DEBUGOBJECTINFOCLASS;

/* Exceptions a debuggee raises to talk to its debugger, which become events of their own. */
#define DBG_PRINTEXCEPTION_C ((NTSTATUS)0x40010006)
#define DBG_RIPEXCEPTION ((NTSTATUS)0x40010007)
#define DBG_PRINTEXCEPTION_WIDE_C ((NTSTATUS)0x4001000A)

typedef enum {
    DbgIdle,
    DbgReplyPending,
    DbgCreateThreadStateChange,
    DbgCreateProcessStateChange,
    DbgExitThreadStateChange,
    DbgExitProcessStateChange,
    DbgExceptionStateChange,
    DbgBreakpointStateChange,
    DbgSingleStepStateChange,
    DbgLoadDllStateChange,
    DbgUnloadDllStateChange,
} DBG_STATE;

typedef struct {
    ULONG SubSystemKey;
    PVOID StartAddress;
} DBGKM_CREATE_THREAD;

typedef struct {
    ULONG SubSystemKey;
    HANDLE FileHandle;
    PVOID BaseOfImage;
    ULONG DebugInfoFileOffset;
    ULONG DebugInfoSize;
    DBGKM_CREATE_THREAD InitialThread;
} DBGKM_CREATE_PROCESS;

typedef struct {
    HANDLE FileHandle;
    PVOID BaseOfDll;
    ULONG DebugInfoFileOffset;
    ULONG DebugInfoSize;
    PVOID NamePointer;
} DBGKM_LOAD_DLL;

typedef struct {
    DBG_STATE NewState;
    CLIENT_ID AppClientId;
    union {
        struct {
            EXCEPTION_RECORD ExceptionRecord;
            ULONG FirstChance;
        } Exception;
        struct {
            HANDLE HandleToThread;
            DBGKM_CREATE_THREAD NewThread;
        } CreateThread;
        struct {
            HANDLE HandleToProcess;
            HANDLE HandleToThread;
            DBGKM_CREATE_PROCESS NewProcess;
        } CreateProcessInfo;
        struct {
            NTSTATUS ExitStatus;
        } ExitThread, ExitProcess;
        DBGKM_LOAD_DLL LoadDll;
        struct {
            PVOID BaseAddress;
        } UnloadDll;
    } StateInfo;
} DBGUI_WAIT_STATE_CHANGE, *PDBGUI_WAIT_STATE_CHANGE;

NT_CHECK_OFFSET(DBGUI_WAIT_STATE_CHANGE, AppClientId, 0x08);
NT_CHECK_OFFSET(DBGUI_WAIT_STATE_CHANGE, StateInfo, 0x18);

#define EXCEPTION_DEBUG_EVENT 1
#define CREATE_THREAD_DEBUG_EVENT 2
#define CREATE_PROCESS_DEBUG_EVENT 3
#define EXIT_THREAD_DEBUG_EVENT 4
#define EXIT_PROCESS_DEBUG_EVENT 5
#define LOAD_DLL_DEBUG_EVENT 6
#define UNLOAD_DLL_DEBUG_EVENT 7
#define OUTPUT_DEBUG_STRING_EVENT 8
#define RIP_EVENT 9

typedef struct {
    ULONG dwDebugEventCode;
    ULONG dwProcessId;
    ULONG dwThreadId;
    union {
        struct {
            EXCEPTION_RECORD ExceptionRecord;
            ULONG dwFirstChance;
        } Exception;
        struct {
            HANDLE hThread;
            PVOID lpThreadLocalBase;
            PVOID lpStartAddress;
        } CreateThread;
        struct {
            HANDLE hFile;
            HANDLE hProcess;
            HANDLE hThread;
            PVOID lpBaseOfImage;
            ULONG dwDebugInfoFileOffset;
            ULONG nDebugInfoSize;
            PVOID lpThreadLocalBase;
            PVOID lpStartAddress;
            PVOID lpImageName;
            USHORT fUnicode;
        } CreateProcessInfo;
        struct {
            ULONG dwExitCode;
        } ExitThread, ExitProcess;
        struct {
            HANDLE hFile;
            PVOID lpBaseOfDll;
            ULONG dwDebugInfoFileOffset;
            ULONG nDebugInfoSize;
            PVOID lpImageName;
            USHORT fUnicode;
        } LoadDll;
        struct {
            PVOID lpBaseOfDll;
        } UnloadDll;
        struct {
            PCHAR lpDebugStringData;
            USHORT fUnicode;
            USHORT nDebugStringLength;
        } DebugString;
        struct {
            ULONG dwError;
            ULONG dwType;
        } RipInfo;
    } u;
} DEBUG_EVENT, *LPDEBUG_EVENT;

NT_CHECK_OFFSET(DEBUG_EVENT, u, 0x10);
NT_CHECK_SIZE(DEBUG_EVENT, 0xb0);

#endif
