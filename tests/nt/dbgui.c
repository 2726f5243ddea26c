/* The debugger's side of debugging: debug objects and the thread's, breaking into a process, and the
 * conversion of the kernel's state changes into DEBUG_EVENTs. */
#include "lib/nttest.h"

static void TestDebugObject(void)
{
    HANDLE debug, named, reopened;
    DBGUI_WAIT_STATE_CHANGE state;
    LARGE_INTEGER zero = {.QuadPart = 0};
    ULONG flags, size;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name};

    ok(DbgUiGetThreadDebugObject() == NULL, "no debug object before connecting");
    ok_status(DbgUiConnectToDbg(), STATUS_SUCCESS);
    debug = DbgUiGetThreadDebugObject();
    ok(debug != NULL && NtCurrentTeb()->DbgSsReserved[1] == debug, "connecting made one, kept in the TEB");
    ok_status(DbgUiConnectToDbg(), STATUS_SUCCESS);
    ok(DbgUiGetThreadDebugObject() == debug, "connecting again keeps it");
    ok(TestTypeNameIs(debug, "DebugObject"), "of its type");

    /* No process can be attached: the process is the only one, and none may debug itself. */
    ok_status(DbgUiDebugActiveProcess(NtCurrentProcess()), STATUS_ACCESS_DENIED);
    ok_status(NtDebugActiveProcess((HANDLE)0x1234, debug), STATUS_INVALID_HANDLE);
    /* So no event comes: the wait times out, and a plain wait on the object too. */
    ok_status(NtWaitForDebugEvent(debug, FALSE, &zero, &state), STATUS_TIMEOUT);
    ok_status(DbgUiWaitStateChange(&state, &zero), STATUS_TIMEOUT);
    ok_status(NtWaitForSingleObject(debug, FALSE, &zero), STATUS_TIMEOUT);
    ok_status(NtWaitForDebugEvent(debug, FALSE, &zero, (DBGUI_WAIT_STATE_CHANGE *)0x10), STATUS_ACCESS_VIOLATION);
    ok_status(NtWaitForDebugEvent(debug, FALSE, (LARGE_INTEGER *)0x10, &state), STATUS_ACCESS_VIOLATION);
    ok_status(NtWaitForDebugEvent(NtCurrentProcess(), FALSE, &zero, &state), STATUS_OBJECT_TYPE_MISMATCH);

    flags = 0;
    ok_status(NtSetInformationDebugObject(debug, DebugObjectKillProcessOnExitInformation, &flags, sizeof(flags),
                                          NULL),
              STATUS_SUCCESS);
    size = 0xdead;
    ok_status(NtSetInformationDebugObject(debug, DebugObjectKillProcessOnExitInformation, &flags, sizeof(flags),
                                          &size),
              STATUS_SUCCESS);
    ok(!size, "nothing comes back: %u", size);
    size = 0;
    ok_status(NtSetInformationDebugObject(debug, DebugObjectKillProcessOnExitInformation, &flags, 2, &size),
              STATUS_INFO_LENGTH_MISMATCH);
    ok(size == sizeof(flags), "the length it wants: %u", size);
    flags = 2;
    ok_status(NtSetInformationDebugObject(debug, DebugObjectKillProcessOnExitInformation, &flags, sizeof(flags),
                                          NULL),
              STATUS_INVALID_PARAMETER);
    ok_status(NtSetInformationDebugObject(debug, DebugObjectUnusedInformation, &flags, sizeof(flags), NULL),
              STATUS_INVALID_PARAMETER);
    ok_status(NtClose(debug), STATUS_SUCCESS);
    DbgUiSetThreadDebugObject(NULL);

    ok_status(NtCreateDebugObject(&debug, DEBUG_ALL_ACCESS, NULL, 2), STATUS_INVALID_PARAMETER);
    RtlInitUnicodeString(&name, L"\\BaseNamedObjects\\veles-debug-object");
    ok_status(NtCreateDebugObject(&named, DEBUG_ALL_ACCESS, &oa, 0), STATUS_SUCCESS);
    ok_status(NtCreateDebugObject(&reopened, DEBUG_ALL_ACCESS, &oa, 0), STATUS_OBJECT_NAME_COLLISION);
    /* A debug object opened with only the right to read events may not change them. */
    ok_status(NtDuplicateObject(NtCurrentProcess(), named, NtCurrentProcess(), &reopened, DEBUG_READ_EVENT, 0, 0),
              STATUS_SUCCESS);
    flags = 0;
    ok_status(NtSetInformationDebugObject(reopened, DebugObjectKillProcessOnExitInformation, &flags, sizeof(flags),
                                          NULL),
              STATUS_ACCESS_DENIED);
    NtClose(reopened);
    NtClose(named);

    /* Not being debugged, the break-in thread just ends. */
    ok_status(DbgUiIssueRemoteBreakin(NtCurrentProcess()), STATUS_SUCCESS);
}

static void TestConvert(void)
{
    DBGUI_WAIT_STATE_CHANGE state;
    DEBUG_EVENT event;

    memset(&state, 0, sizeof(state));
    state.AppClientId.UniqueProcess = (HANDLE)0x120;
    state.AppClientId.UniqueThread = (HANDLE)0x124;
    state.NewState = DbgCreateThreadStateChange;
    state.StateInfo.CreateThread.HandleToThread = NtCurrentThread();
    state.StateInfo.CreateThread.NewThread.StartAddress = (PVOID)0x401000;
    memset(&event, 0xcc, sizeof(event));
    ok_status(DbgUiConvertStateChangeStructure(&state, &event), STATUS_SUCCESS);
    ok(event.dwDebugEventCode == CREATE_THREAD_DEBUG_EVENT && event.dwProcessId == 0x120 &&
           event.dwThreadId == 0x124,
       "a thread was created: %u %x %x", event.dwDebugEventCode, event.dwProcessId, event.dwThreadId);
    ok(event.u.CreateThread.hThread == NtCurrentThread() && event.u.CreateThread.lpStartAddress == (PVOID)0x401000,
       "its handle and start");
    ok(event.u.CreateThread.lpThreadLocalBase == NtCurrentTeb(), "its TEB, asked of the thread: %p",
       event.u.CreateThread.lpThreadLocalBase);

    memset(&state.StateInfo, 0, sizeof(state.StateInfo));
    state.NewState = DbgCreateProcessStateChange;
    state.StateInfo.CreateProcessInfo.HandleToProcess = (HANDLE)0x10;
    state.StateInfo.CreateProcessInfo.HandleToThread = (HANDLE)0x14;
    state.StateInfo.CreateProcessInfo.NewProcess.FileHandle = (HANDLE)0x18;
    state.StateInfo.CreateProcessInfo.NewProcess.BaseOfImage = (PVOID)0x140000000;
    state.StateInfo.CreateProcessInfo.NewProcess.InitialThread.StartAddress = (PVOID)0x140001000;
    ok_status(DbgUiConvertStateChangeStructure(&state, &event), STATUS_SUCCESS);
    ok(event.dwDebugEventCode == CREATE_PROCESS_DEBUG_EVENT && event.u.CreateProcessInfo.hProcess == (HANDLE)0x10 &&
           event.u.CreateProcessInfo.hThread == (HANDLE)0x14 && event.u.CreateProcessInfo.hFile == (HANDLE)0x18 &&
           event.u.CreateProcessInfo.lpBaseOfImage == (PVOID)0x140000000 &&
           event.u.CreateProcessInfo.lpStartAddress == (PVOID)0x140001000 && event.u.CreateProcessInfo.fUnicode &&
           !event.u.CreateProcessInfo.lpImageName && !event.u.CreateProcessInfo.lpThreadLocalBase,
       "a process was created (its thread handle is no thread: no TEB)");

    memset(&state.StateInfo, 0, sizeof(state.StateInfo));
    state.NewState = DbgExceptionStateChange;
    state.StateInfo.Exception.ExceptionRecord.ExceptionCode = STATUS_ACCESS_VIOLATION;
    state.StateInfo.Exception.ExceptionRecord.NumberParameters = 2;
    state.StateInfo.Exception.ExceptionRecord.ExceptionInformation[1] = 0x1234;
    state.StateInfo.Exception.FirstChance = 1;
    ok_status(DbgUiConvertStateChangeStructure(&state, &event), STATUS_SUCCESS);
    ok(event.dwDebugEventCode == EXCEPTION_DEBUG_EVENT && event.u.Exception.dwFirstChance == 1 &&
           event.u.Exception.ExceptionRecord.ExceptionCode == (DWORD)STATUS_ACCESS_VIOLATION &&
           event.u.Exception.ExceptionRecord.ExceptionInformation[1] == 0x1234,
       "an exception, with its record");

    state.NewState = DbgBreakpointStateChange;
    state.StateInfo.Exception.ExceptionRecord.ExceptionCode = DBG_PRINTEXCEPTION_C;
    state.StateInfo.Exception.ExceptionRecord.ExceptionInformation[0] = 6;
    state.StateInfo.Exception.ExceptionRecord.ExceptionInformation[1] = (ULONG_PTR) "hello";
    ok_status(DbgUiConvertStateChangeStructure(&state, &event), STATUS_SUCCESS);
    ok(event.dwDebugEventCode == OUTPUT_DEBUG_STRING_EVENT && !event.u.DebugString.fUnicode &&
           event.u.DebugString.nDebugStringLength == 6 && !strcmp(event.u.DebugString.lpDebugStringData, "hello"),
       "OutputDebugStringA's exception is a string event");
    state.StateInfo.Exception.ExceptionRecord.ExceptionCode = DBG_PRINTEXCEPTION_WIDE_C;
    ok_status(DbgUiConvertStateChangeStructure(&state, &event), STATUS_SUCCESS);
    ok(event.dwDebugEventCode == OUTPUT_DEBUG_STRING_EVENT && event.u.DebugString.fUnicode, "and the wide one");
    state.StateInfo.Exception.ExceptionRecord.ExceptionCode = DBG_RIPEXCEPTION;
    state.StateInfo.Exception.ExceptionRecord.ExceptionInformation[0] = 87;
    state.StateInfo.Exception.ExceptionRecord.ExceptionInformation[1] = 2;
    ok_status(DbgUiConvertStateChangeStructure(&state, &event), STATUS_SUCCESS);
    ok(event.dwDebugEventCode == RIP_EVENT && event.u.RipInfo.dwError == 87 && event.u.RipInfo.dwType == 2,
       "a RIP event");

    memset(&state.StateInfo, 0, sizeof(state.StateInfo));
    state.NewState = DbgLoadDllStateChange;
    state.StateInfo.LoadDll.BaseOfDll = (PVOID)0x180000000;
    state.StateInfo.LoadDll.NamePointer = (PVOID)0x5000;
    ok_status(DbgUiConvertStateChangeStructure(&state, &event), STATUS_SUCCESS);
    ok(event.dwDebugEventCode == LOAD_DLL_DEBUG_EVENT && event.u.LoadDll.lpBaseOfDll == (PVOID)0x180000000 &&
           event.u.LoadDll.lpImageName == (PVOID)0x5000 && event.u.LoadDll.fUnicode,
       "a DLL was loaded");
    state.NewState = DbgUnloadDllStateChange;
    state.StateInfo.UnloadDll.BaseAddress = (PVOID)0x180000000;
    ok_status(DbgUiConvertStateChangeStructure(&state, &event), STATUS_SUCCESS);
    ok(event.dwDebugEventCode == UNLOAD_DLL_DEBUG_EVENT && event.u.UnloadDll.lpBaseOfDll == (PVOID)0x180000000,
       "and unloaded");
    state.NewState = DbgExitProcessStateChange;
    state.StateInfo.ExitProcess.ExitStatus = 3;
    ok_status(DbgUiConvertStateChangeStructure(&state, &event), STATUS_SUCCESS);
    ok(event.dwDebugEventCode == EXIT_PROCESS_DEBUG_EVENT && event.u.ExitProcess.dwExitCode == 3, "an exit");
    state.NewState = DbgExitThreadStateChange;
    ok_status(DbgUiConvertStateChangeStructure(&state, &event), STATUS_SUCCESS);
    ok(event.dwDebugEventCode == EXIT_THREAD_DEBUG_EVENT && event.u.ExitThread.dwExitCode == 3, "a thread's exit");

    state.NewState = DbgIdle;
    ok_status(DbgUiConvertStateChangeStructure(&state, &event), STATUS_UNSUCCESSFUL);
    state.NewState = DbgReplyPending;
    ok_status(DbgUiConvertStateChangeStructure(&state, &event), STATUS_UNSUCCESSFUL);
}

void RunTests(void)
{
    TestDebugObject();
    TestConvert();
}
