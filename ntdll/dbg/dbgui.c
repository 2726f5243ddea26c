/* The debugger's side of user-mode debugging (DbgUi): the thread's debug object, waiting for and answering
 * debug events, attaching, and turning the kernel's state changes into Win32 DEBUG_EVENTs. */
#include "rtl/rtlp.h"

/* A debugger thread keeps its debug object where Windows keeps it, so that kernel32 finds it there too. */
#define DbgpThreadObject (NtCurrentTeb()->DbgSsReserved[1])

NTSTATUS NTAPI DbgUiConnectToDbg(void)
{
    OBJECT_ATTRIBUTES attributes = {.Length = sizeof(attributes)};

    if (DbgpThreadObject)
        return STATUS_SUCCESS;
    return NtCreateDebugObject(&DbgpThreadObject, DEBUG_ALL_ACCESS, &attributes, DEBUG_KILL_ON_CLOSE);
}

HANDLE NTAPI DbgUiGetThreadDebugObject(void)
{
    return DbgpThreadObject;
}

void NTAPI DbgUiSetThreadDebugObject(HANDLE DebugObject)
{
    DbgpThreadObject = DebugObject;
}

NTSTATUS NTAPI DbgUiContinue(PCLIENT_ID ClientId, NTSTATUS ContinueStatus)
{
    return NtDebugContinue(DbgpThreadObject, ClientId, ContinueStatus);
}

NTSTATUS NTAPI DbgUiWaitStateChange(PDBGUI_WAIT_STATE_CHANGE StateChange, PLARGE_INTEGER Timeout)
{
    return NtWaitForDebugEvent(DbgpThreadObject, TRUE, Timeout, StateChange);
}

NTSTATUS NTAPI DbgUiStopDebugging(HANDLE Process)
{
    return NtRemoveProcessDebug(Process, DbgpThreadObject);
}

/* The thread a debugger starts in its debuggee to stop it: a breakpoint if someone is listening. */
void NTAPI DbgUiRemoteBreakin(PVOID Argument)
{
    (void)Argument;
    if (NtCurrentTeb()->ProcessEnvironmentBlock->BeingDebugged)
        DbgBreakPoint();
    RtlExitUserThread(STATUS_SUCCESS);
}

NTSTATUS NTAPI DbgUiIssueRemoteBreakin(HANDLE Process)
{
    HANDLE thread;
    CLIENT_ID id;
    NTSTATUS status = RtlCreateUserThread(Process, NULL, FALSE, 0, 0, 0x4000,
                                          (PUSER_THREAD_START_ROUTINE)(void *)DbgUiRemoteBreakin, NULL, &thread, &id);
    if (NT_SUCCESS(status))
        NtClose(thread);
    return status;
}

NTSTATUS NTAPI DbgUiDebugActiveProcess(HANDLE Process)
{
    NTSTATUS status = NtDebugActiveProcess(Process, DbgpThreadObject);
    if (!NT_SUCCESS(status))
        return status;
    status = DbgUiIssueRemoteBreakin(Process);
    if (!NT_SUCCESS(status))
        DbgUiStopDebugging(Process);
    return status;
}

static PVOID DbgpThreadLocalBase(HANDLE thread)
{
    THREAD_BASIC_INFORMATION info;
    if (!NT_SUCCESS(NtQueryInformationThread(thread, ThreadBasicInformation, &info, sizeof(info), NULL)))
        return NULL;
    return info.TebBaseAddress;
}

NTSTATUS NTAPI DbgUiConvertStateChangeStructure(PDBGUI_WAIT_STATE_CHANGE State, LPDEBUG_EVENT Event)
{
    Event->dwProcessId = (ULONG)(ULONG_PTR)State->AppClientId.UniqueProcess;
    Event->dwThreadId = (ULONG)(ULONG_PTR)State->AppClientId.UniqueThread;
    switch (State->NewState) {
    case DbgCreateThreadStateChange:
        Event->dwDebugEventCode = CREATE_THREAD_DEBUG_EVENT;
        Event->u.CreateThread.hThread = State->StateInfo.CreateThread.HandleToThread;
        Event->u.CreateThread.lpStartAddress = State->StateInfo.CreateThread.NewThread.StartAddress;
        Event->u.CreateThread.lpThreadLocalBase = DbgpThreadLocalBase(State->StateInfo.CreateThread.HandleToThread);
        return STATUS_SUCCESS;
    case DbgCreateProcessStateChange: {
        const DBGKM_CREATE_PROCESS *process = &State->StateInfo.CreateProcessInfo.NewProcess;
        Event->dwDebugEventCode = CREATE_PROCESS_DEBUG_EVENT;
        Event->u.CreateProcessInfo.hProcess = State->StateInfo.CreateProcessInfo.HandleToProcess;
        Event->u.CreateProcessInfo.hThread = State->StateInfo.CreateProcessInfo.HandleToThread;
        Event->u.CreateProcessInfo.hFile = process->FileHandle;
        Event->u.CreateProcessInfo.lpBaseOfImage = process->BaseOfImage;
        Event->u.CreateProcessInfo.dwDebugInfoFileOffset = process->DebugInfoFileOffset;
        Event->u.CreateProcessInfo.nDebugInfoSize = process->DebugInfoSize;
        Event->u.CreateProcessInfo.lpStartAddress = process->InitialThread.StartAddress;
        Event->u.CreateProcessInfo.lpThreadLocalBase =
            DbgpThreadLocalBase(State->StateInfo.CreateProcessInfo.HandleToThread);
        Event->u.CreateProcessInfo.lpImageName = NULL;
        Event->u.CreateProcessInfo.fUnicode = TRUE;
        return STATUS_SUCCESS;
    }
    case DbgExitThreadStateChange:
        Event->dwDebugEventCode = EXIT_THREAD_DEBUG_EVENT;
        Event->u.ExitThread.dwExitCode = State->StateInfo.ExitThread.ExitStatus;
        return STATUS_SUCCESS;
    case DbgExitProcessStateChange:
        Event->dwDebugEventCode = EXIT_PROCESS_DEBUG_EVENT;
        Event->u.ExitProcess.dwExitCode = State->StateInfo.ExitProcess.ExitStatus;
        return STATUS_SUCCESS;
    case DbgExceptionStateChange:
    case DbgBreakpointStateChange:
    case DbgSingleStepStateChange: {
        const EXCEPTION_RECORD *record = &State->StateInfo.Exception.ExceptionRecord;
        if (record->ExceptionCode == DBG_PRINTEXCEPTION_C || record->ExceptionCode == DBG_PRINTEXCEPTION_WIDE_C) {
            Event->dwDebugEventCode = OUTPUT_DEBUG_STRING_EVENT;
            Event->u.DebugString.fUnicode = record->ExceptionCode == DBG_PRINTEXCEPTION_WIDE_C;
            Event->u.DebugString.nDebugStringLength = (USHORT)record->ExceptionInformation[0];
            Event->u.DebugString.lpDebugStringData = (PCHAR)record->ExceptionInformation[1];
        } else if (record->ExceptionCode == DBG_RIPEXCEPTION) {
            Event->dwDebugEventCode = RIP_EVENT;
            Event->u.RipInfo.dwError = (ULONG)record->ExceptionInformation[0];
            Event->u.RipInfo.dwType = (ULONG)record->ExceptionInformation[1];
        } else {
            Event->dwDebugEventCode = EXCEPTION_DEBUG_EVENT;
            Event->u.Exception.ExceptionRecord = *record;
            Event->u.Exception.dwFirstChance = State->StateInfo.Exception.FirstChance;
        }
        return STATUS_SUCCESS;
    }
    case DbgLoadDllStateChange:
        Event->dwDebugEventCode = LOAD_DLL_DEBUG_EVENT;
        Event->u.LoadDll.hFile = State->StateInfo.LoadDll.FileHandle;
        Event->u.LoadDll.lpBaseOfDll = State->StateInfo.LoadDll.BaseOfDll;
        Event->u.LoadDll.dwDebugInfoFileOffset = State->StateInfo.LoadDll.DebugInfoFileOffset;
        Event->u.LoadDll.nDebugInfoSize = State->StateInfo.LoadDll.DebugInfoSize;
        Event->u.LoadDll.lpImageName = State->StateInfo.LoadDll.NamePointer;
        Event->u.LoadDll.fUnicode = TRUE;
        return STATUS_SUCCESS;
    case DbgUnloadDllStateChange:
        Event->dwDebugEventCode = UNLOAD_DLL_DEBUG_EVENT;
        Event->u.UnloadDll.lpBaseOfDll = State->StateInfo.UnloadDll.BaseAddress;
        return STATUS_SUCCESS;
    default:
        return STATUS_UNSUCCESSFUL;
    }
}
