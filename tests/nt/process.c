/* NtCreateUserProcess: a child process runs this program again with a word telling it what to do, and the
 * creator checks what it sees of it: its start and suspension, its end and exit code, its standard handles, its
 * environment and directory, NtTerminateProcess, and the errors for bad images and arguments. */
#include "lib/nttest.h"

#define OUT_PATH L"\\??\\C:\\windows\\temp\\veles-process-out.txt"
#define TEXT_PATH L"\\??\\C:\\windows\\temp\\veles-process-text.exe"
#define CHILD_EXIT 0x12345678
#define SHARED_READY L"\\BaseNamedObjects\\VelesProcessTestReady"
#define SHARED_GO L"\\BaseNamedObjects\\VelesProcessTestGo"
#define SHARED_SEMAPHORE L"\\BaseNamedObjects\\VelesProcessTestSemaphore"
#define SHARED_MUTANT L"\\BaseNamedObjects\\VelesProcessTestMutant"

/* Parameters whose environment's size is not told: NtCreateUserProcess finds its end itself. */
static int UntoldEnvironmentSize;

static const UNICODE_STRING *OwnImage(void)
{
    return &TestPeb()->ProcessParameters->ImagePathName;
}

/* What this program is asked to be: the last word of its command line. */
static const WCHAR *Role(void)
{
    const UNICODE_STRING *cmd = &TestPeb()->ProcessParameters->CommandLine;
    SIZE_T n = cmd->Length / sizeof(WCHAR);

    while (n && cmd->Buffer[n - 1] != ' ')
        n--;
    return n ? cmd->Buffer + n : L"";
}

static int RoleIs(const char *word)
{
    const WCHAR *role = Role();
    SIZE_T i = 0;

    for (; word[i]; i++)
        if (role[i] != (WCHAR)word[i])
            return 0;
    return !role[i];
}

static ULONG NTAPI ChildSecondThread(PVOID arg)
{
    LARGE_INTEGER forever = {.QuadPart = -600 * 10000000LL};
    (void)arg;
    NtDelayExecution(FALSE, &forever);
    return 0;
}

/* The child's part; it does not return. */
static void RunChild(void)
{
    RTL_USER_PROCESS_PARAMETERS *pp = TestPeb()->ProcessParameters;
    NTSTATUS code = 1;

    if (RoleIs("child-exit")) {
        code = CHILD_EXIT;
    } else if (RoleIs("child-write")) {
        static const char text[] = "hello from the child\n";
        IO_STATUS_BLOCK iosb;
        code = NtWriteFile(pp->StandardOutput, NULL, NULL, NULL, &iosb, (PVOID)text, sizeof(text) - 1, NULL, NULL);
    } else if (RoleIs("child-env")) {
        const WCHAR *value = TestFindVariable("VELES_CHILD");
        UNICODE_STRING *dir = &pp->CurrentDirectory.DosPath;
        code = value && TestStrEqualW(value, "yes", 3) && !value[3] ? 7 : 8;
        /* The directory the creator gave, with its handle. */
        if (!TestStrEqualW(dir->Buffer, "C:\\windows\\temp\\", 16) || !pp->CurrentDirectory.Handle)
            code = 9;
    } else if (RoleIs("child-event")) {
        /* Events its creator made by name: one it sets, then one it waits for. */
        UNICODE_STRING name;
        OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name};
        LARGE_INTEGER timeout = {.QuadPart = -30 * 10000000LL};
        HANDLE ready, go, again;
        code = 20;
        RtlInitUnicodeString(&name, SHARED_READY);
        if (!NtOpenEvent(&ready, EVENT_ALL_ACCESS, &oa)) {
            NTSTATUS taken = NtCreateEvent(&again, EVENT_ALL_ACCESS, &oa, NotificationEvent, FALSE);
            code = taken == STATUS_OBJECT_NAME_COLLISION ? 21 : 22;
            oa.Attributes = OBJ_OPENIF;
            if (NtCreateEvent(&again, EVENT_ALL_ACCESS, &oa, NotificationEvent, FALSE) != STATUS_OBJECT_NAME_EXISTS)
                code = 23;
            oa.Attributes = 0;
            RtlInitUnicodeString(&name, SHARED_GO);
            if (code == 21 && !NtOpenEvent(&go, SYNCHRONIZE, &oa) && !NtSetEvent(ready, NULL) &&
                NtWaitForSingleObject(go, FALSE, &timeout) == STATUS_WAIT_0)
                code = 24;
        }
    } else if (RoleIs("child-semaphore")) {
        /* A semaphore its creator made by name, released up to its limit. */
        UNICODE_STRING name;
        OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name};
        HANDLE semaphore;
        LONG previous = -1;
        RtlInitUnicodeString(&name, SHARED_SEMAPHORE);
        code = 30;
        if (!NtOpenSemaphore(&semaphore, SEMAPHORE_ALL_ACCESS, &oa) &&
            !NtReleaseSemaphore(semaphore, 2, &previous) && previous == 0 &&
            NtReleaseSemaphore(semaphore, 1, &previous) == STATUS_SEMAPHORE_LIMIT_EXCEEDED)
            code = 31;
    } else if (RoleIs("child-mutant")) {
        /* A mutant its creator owns: not to be had until it lets go; then this process's, and it ends owning it. */
        UNICODE_STRING name;
        OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name};
        LARGE_INTEGER moment = {.QuadPart = -100 * 10000LL}, timeout = {.QuadPart = -30 * 10000000LL};
        HANDLE mutant, ready;
        code = 40;
        RtlInitUnicodeString(&name, SHARED_MUTANT);
        if (!NtOpenMutant(&mutant, MUTANT_ALL_ACCESS, &oa) && NtWaitForSingleObject(mutant, FALSE, &moment) ==
                                                                  STATUS_TIMEOUT) {
            RtlInitUnicodeString(&name, SHARED_READY);
            code = 41;
            if (!NtOpenEvent(&ready, EVENT_ALL_ACCESS, &oa) && !NtSetEvent(ready, NULL) &&
                NtWaitForSingleObject(mutant, FALSE, &timeout) == STATUS_WAIT_0)
                code = 42;
        }
    } else if (RoleIs("child-count")) {
        /* A counter its creator reads in its TEB, running until it is ended. */
        volatile ULONG_PTR *counter = (volatile ULONG_PTR *)&NtCurrentTeb()->NtTib.ArbitraryUserPointer;
        for (;;)
            (*counter)++;
    } else if (RoleIs("child-threads")) {
        /* A second thread, then both wait. */
        HANDLE second = TestCreateThread(ChildSecondThread, NULL, 0);
        LARGE_INTEGER forever = {.QuadPart = -600 * 10000000LL};
        (void)second;
        NtDelayExecution(FALSE, &forever);
    } else if (RoleIs("child-wait")) {
        LARGE_INTEGER forever = {.QuadPart = -600 * 10000000LL};
        NtDelayExecution(FALSE, &forever);
    }
    NtTerminateProcess(NtCurrentProcess(), code);
}

/* Start this program as a child with the role given; environment NULL: this process's. */
static NTSTATUS Spawn(const char *role, const UNICODE_STRING *image_nt, ULONG thread_flags, HANDLE out,
                      PVOID environment, HANDLE *process, HANDLE *thread, CLIENT_ID *cid)
{
    const UNICODE_STRING *image = OwnImage();
    WCHAR cmd_text[600], nt_text[600];
    UNICODE_STRING cmd = {0, sizeof(cmd_text), cmd_text}, nt, dir;
    RTL_USER_PROCESS_PARAMETERS *pp;
    PS_CREATE_INFO info = {.Size = sizeof(info)};
    struct {
        SIZE_T TotalLength;
        PS_ATTRIBUTE Attributes[2];
    } attributes;
    NTSTATUS status;
    SIZE_T n = image->Length / sizeof(WCHAR), i;

    memcpy(cmd_text, image->Buffer, image->Length);
    cmd_text[n++] = ' ';
    for (i = 0; role[i]; i++)
        cmd_text[n++] = (WCHAR)role[i];
    cmd_text[n] = 0;
    cmd.Length = (USHORT)(n * sizeof(WCHAR));
    if (!image_nt) {
        memcpy(nt_text, L"\\??\\", 8);
        memcpy(nt_text + 4, image->Buffer, image->Length);
        nt_text[4 + image->Length / sizeof(WCHAR)] = 0;
        RtlInitUnicodeString(&nt, nt_text);
        image_nt = &nt;
    }
    RtlInitUnicodeString(&dir, L"C:\\windows\\temp\\");
    status = RtlCreateProcessParametersEx(&pp, (PUNICODE_STRING)image, NULL, &dir, &cmd, environment, NULL, NULL,
                                          NULL, NULL, RTL_USER_PROC_PARAMS_NORMALIZED);
    if (status)
        return status;
    pp->StandardOutput = out;
    if (UntoldEnvironmentSize)
        pp->EnvironmentSize = 0;
    attributes.TotalLength = sizeof(attributes);
    attributes.Attributes[0] = (PS_ATTRIBUTE){PS_ATTRIBUTE_IMAGE_NAME, image_nt->Length, (ULONG_PTR)image_nt->Buffer,
                                              NULL};
    attributes.Attributes[1] = (PS_ATTRIBUTE){PS_ATTRIBUTE_CLIENT_ID, sizeof(*cid), (ULONG_PTR)cid, NULL};
    status = NtCreateUserProcess(process, thread, PROCESS_ALL_ACCESS, THREAD_ALL_ACCESS, NULL, NULL, 0, thread_flags,
                                 pp, &info, (PS_ATTRIBUTE_LIST *)&attributes);
    if (!status)
        ok(info.State == PsCreateSuccess && info.SuccessState.PebAddressNative, "create info: state %u, PEB %llx",
           info.State, info.SuccessState.PebAddressNative);
    RtlDestroyProcessParameters(pp);
    return status;
}

static NTSTATUS ExitStatusOf(HANDLE process)
{
    PROCESS_BASIC_INFORMATION basic;
    NTSTATUS status = NtQueryInformationProcess(process, ProcessBasicInformation, &basic, sizeof(basic), NULL);

    return status ? status : basic.ExitStatus;
}

static void TestRunsAndEnds(void)
{
    HANDLE process, thread;
    CLIENT_ID cid;
    PROCESS_BASIC_INFORMATION basic;
    THREAD_BASIC_INFORMATION tbi;
    LARGE_INTEGER timeout = {.QuadPart = -30 * 10000000LL};

    ok_status(Spawn("child-exit", NULL, 0, NULL, NULL, &process, &thread, &cid), STATUS_SUCCESS);
    ok(cid.UniqueProcess && cid.UniqueProcess != NtCurrentTeb()->ClientId.UniqueProcess,
       "the child has an id of its own: %p", cid.UniqueProcess);
    ok_status(NtWaitForSingleObject(process, FALSE, &timeout), STATUS_WAIT_0);
    ok_status(NtWaitForSingleObject(thread, FALSE, &timeout), STATUS_WAIT_0);
    ok_status(NtQueryInformationProcess(process, ProcessBasicInformation, &basic, sizeof(basic), NULL), 0);
    ok(basic.ExitStatus == CHILD_EXIT, "the whole exit code comes back: %lx", basic.ExitStatus);
    ok(basic.UniqueProcessId == (ULONG_PTR)cid.UniqueProcess, "its id: %llx", (ULONGLONG)basic.UniqueProcessId);
    ok(basic.InheritedFromUniqueProcessId == (ULONG_PTR)NtCurrentTeb()->ClientId.UniqueProcess,
       "its parent is this process: %llx", (ULONGLONG)basic.InheritedFromUniqueProcessId);
    ok_status(NtQueryInformationThread(thread, ThreadBasicInformation, &tbi, sizeof(tbi), NULL), 0);
    ok(tbi.ExitStatus == CHILD_EXIT && tbi.ClientId.UniqueThread == cid.UniqueThread,
       "its thread ended with it: %lx, id %p", tbi.ExitStatus, tbi.ClientId.UniqueThread);
    /* An ended process has no memory to work on. */
    {
        PVOID base = NULL;
        SIZE_T size = 0x10000;
        ok_status(NtAllocateVirtualMemory(process, &base, 0, &size, MEM_RESERVE, PAGE_READWRITE),
                  STATUS_PROCESS_IS_TERMINATING);
    }
    ok_status(NtTerminateProcess(process, 1), STATUS_PROCESS_IS_TERMINATING);
    /* Opened by its id, while its object lives. */
    {
        OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa)};
        CLIENT_ID by_id = {cid.UniqueProcess, 0};
        HANDLE again = NULL;
        ok_status(NtOpenProcess(&again, PROCESS_QUERY_LIMITED_INFORMATION | SYNCHRONIZE, &oa, &by_id),
                  STATUS_SUCCESS);
        ok_status(ExitStatusOf(again), CHILD_EXIT);
        NtClose(again);
    }
    NtClose(thread);
    NtClose(process);
}

/* A child is among the processes its creator lists, with the thread its creator knows. */
static void CheckListed(const CLIENT_ID *cid, HANDLE thread)
{
    static BYTE buffer[65536];
    THREAD_BASIC_INFORMATION basic;
    SYSTEM_PROCESS_INFORMATION *entry = (SYSTEM_PROCESS_INFORMATION *)buffer;
    SYSTEM_EXTENDED_THREAD_INFORMATION *first;
    ULONG found = 0;

    ok_status(NtQueryInformationThread(thread, ThreadBasicInformation, &basic, sizeof(basic), NULL), STATUS_SUCCESS);
    ok_status(NtQuerySystemInformation(SystemExtendedProcessInformation, buffer, sizeof(buffer), NULL), STATUS_SUCCESS);
    for (;; entry = (SYSTEM_PROCESS_INFORMATION *)((BYTE *)entry + entry->NextEntryOffset)) {
        if (entry->UniqueProcessId == cid->UniqueProcess) {
            found++;
            first = (SYSTEM_EXTENDED_THREAD_INFORMATION *)(entry + 1);
            ok(entry->ImageName.Length == 22 && TestStrEqualW(entry->ImageName.Buffer, "process.exe", 11) &&
                   entry->InheritedFromUniqueProcessId == NtCurrentTeb()->ClientId.UniqueProcess,
               "the child's name %S and parent %p", entry->ImageName.Buffer, entry->InheritedFromUniqueProcessId);
            ok(entry->NumberOfThreads == 1 && first->ThreadInfo.ClientId.UniqueThread == cid->UniqueThread &&
                   first->TebBase == basic.TebBaseAddress,
               "the child's first thread %p, TEB %p", first->ThreadInfo.ClientId.UniqueThread, first->TebBase);
        }
        if (!entry->NextEntryOffset)
            break;
    }
    ok(found == 1, "the child listed %u times", found);
}

static void TestSuspendedAndTerminated(void)
{
    HANDLE process, thread;
    CLIENT_ID cid;
    ULONG count = 99;
    LARGE_INTEGER short_wait = {.QuadPart = -300 * 10000LL}, timeout = {.QuadPart = -30 * 10000000LL};

    ok_status(Spawn("child-exit", NULL, THREAD_CREATE_FLAGS_CREATE_SUSPENDED, NULL, NULL, &process, &thread, &cid),
              STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(process, FALSE, &short_wait), STATUS_TIMEOUT);
    ok_status(NtSuspendThread(thread, &count), STATUS_SUCCESS);
    ok(count == 1, "created suspended once: %lu", count);
    ok_status(NtResumeThread(thread, &count), STATUS_SUCCESS);
    ok(count == 2, "suspended twice: %lu", count);
    ok_status(NtWaitForSingleObject(process, FALSE, &short_wait), STATUS_TIMEOUT);
    ok_status(ExitStatusOf(process), STATUS_PENDING);
    CheckListed(&cid, thread);
    /* Its memory, which its creator may read and write: its TEB and PEB are where it says. */
    {
        THREAD_BASIC_INFORMATION tbi;
        PROCESS_BASIC_INFORMATION basic;
        NT_TIB tib;
        PVOID image = NULL, mark = (PVOID)0x5eed, back = NULL;
        SIZE_T done = 99;
        ok_status(NtQueryInformationThread(thread, ThreadBasicInformation, &tbi, sizeof(tbi), NULL), 0);
        ok_status(NtQueryInformationProcess(process, ProcessBasicInformation, &basic, sizeof(basic), NULL), 0);
        ok_status(NtReadVirtualMemory(process, tbi.TebBaseAddress, &tib, sizeof(tib), &done), STATUS_SUCCESS);
        ok(done == sizeof(tib) && tib.Self == tbi.TebBaseAddress, "its TEB: %p, read %llu", tib.Self,
           (ULONGLONG)done);
        ok_status(NtReadVirtualMemory(process, &basic.PebBaseAddress->ImageBaseAddress, &image, sizeof(image), NULL),
                  STATUS_SUCCESS);
        ok(image != NULL, "its image base: %p", image);
        ok_status(NtWriteVirtualMemory(process, &((NT_TIB *)tbi.TebBaseAddress)->ArbitraryUserPointer, &mark,
                                       sizeof(mark), &done),
                  STATUS_SUCCESS);
        ok_status(NtReadVirtualMemory(process, &((NT_TIB *)tbi.TebBaseAddress)->ArbitraryUserPointer, &back,
                                      sizeof(back), NULL),
                  STATUS_SUCCESS);
        ok(back == mark, "what was written there: %p", back);
        ok_status(NtReadVirtualMemory(process, (PVOID)0x10, &back, sizeof(back), &done), STATUS_PARTIAL_COPY);
        ok(done == 0, "nothing read where it has no memory: %llu", (ULONGLONG)done);
        ok_status(NtReadVirtualMemory(process, tbi.TebBaseAddress, (PVOID)0x10, 8, &done), STATUS_ACCESS_VIOLATION);
    }
    /* Its thread is another process's: there, not the caller's to alert. */
    ok_status(NtAlertThreadByThreadId(cid.UniqueThread), STATUS_ACCESS_DENIED);
    ok_status(NtTerminateProcess(process, 0x42), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(process, FALSE, &timeout), STATUS_WAIT_0);
    ok_status(ExitStatusOf(process), 0x42);
    NtClose(thread);
    NtClose(process);

    /* One resumption too many is nothing; the last one runs it. */
    ok_status(Spawn("child-exit", NULL, THREAD_CREATE_FLAGS_CREATE_SUSPENDED, NULL, NULL, &process, &thread, &cid),
              STATUS_SUCCESS);
    ok_status(NtResumeThread(thread, &count), STATUS_SUCCESS);
    ok(count == 1, "resumed from 1: %lu", count);
    ok_status(NtWaitForSingleObject(process, FALSE, &timeout), STATUS_WAIT_0);
    ok_status(ExitStatusOf(process), CHILD_EXIT);
    ok_status(NtResumeThread(thread, &count), STATUS_SUCCESS);
    ok(count == 0, "an ended thread's count: %lu", count);
    NtClose(thread);
    NtClose(process);

    /* A running child ended from here. */
    ok_status(Spawn("child-wait", NULL, 0, NULL, NULL, &process, &thread, &cid), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(process, FALSE, &short_wait), STATUS_TIMEOUT);
    ok_status(NtSuspendThread(thread, &count), STATUS_NOT_IMPLEMENTED);
    ok_status(NtTerminateProcess(process, 0x43), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(thread, FALSE, &timeout), STATUS_WAIT_0);
    ok_status(ExitStatusOf(process), 0x43);
    NtClose(thread);
    NtClose(process);
}

/* Whether a child's counter moves within a tenth of a second. */
static int Counting(HANDLE process, PVOID counter)
{
    LARGE_INTEGER tenth = {.QuadPart = -100 * 10000LL};
    ULONG_PTR before = 0, after = 0;

    NtReadVirtualMemory(process, counter, &before, sizeof(before), NULL);
    NtDelayExecution(FALSE, &tenth);
    NtReadVirtualMemory(process, counter, &after, sizeof(after), NULL);
    return before != after;
}

static void TestSuspendProcess(void)
{
    LARGE_INTEGER timeout = {.QuadPart = -30 * 10000000LL}, moment = {.QuadPart = -50 * 10000LL};
    THREAD_BASIC_INFORMATION tbi;
    HANDLE process, thread;
    CLIENT_ID cid;
    PVOID counter;

    ok_status(Spawn("child-count", NULL, 0, NULL, NULL, &process, &thread, &cid), STATUS_SUCCESS);
    ok_status(NtQueryInformationThread(thread, ThreadBasicInformation, &tbi, sizeof(tbi), NULL), 0);
    counter = &((NT_TIB *)tbi.TebBaseAddress)->ArbitraryUserPointer;
    NtDelayExecution(FALSE, &moment);
    ok(Counting(process, counter), "the child counts");
    ok_status(NtSuspendProcess(process), STATUS_SUCCESS);
    NtDelayExecution(FALSE, &moment);
    ok(!Counting(process, counter), "suspended, it stops");
    ok_status(NtSuspendProcess(process), STATUS_SUCCESS);
    ok_status(NtResumeProcess(process), STATUS_SUCCESS);
    ok(!Counting(process, counter), "suspended twice, resumed once, it stays stopped");
    ok_status(NtResumeProcess(process), STATUS_SUCCESS);
    NtDelayExecution(FALSE, &moment);
    ok(Counting(process, counter), "resumed, it counts again");
    {
        KERNEL_USER_TIMES times;
        ok_status(NtQueryInformationProcess(process, ProcessTimes, &times, sizeof(times), NULL), STATUS_SUCCESS);
        ok(times.UserTime.QuadPart > 0 && times.CreateTime.QuadPart && !times.ExitTime.QuadPart,
           "a running child's times: user %lld, exit %lld", times.UserTime.QuadPart, times.ExitTime.QuadPart);
    }
    ok_status(NtResumeProcess(process), STATUS_SUCCESS);
    ok_status(NtSuspendProcess(NULL), STATUS_INVALID_HANDLE);
    ok_status(NtSuspendProcess(process), STATUS_SUCCESS);
    ok_status(NtTerminateProcess(process, 0x44), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(process, FALSE, &timeout), STATUS_WAIT_0);
    ok_status(ExitStatusOf(process), 0x44);
    {
        KERNEL_USER_TIMES times;
        ok_status(NtQueryInformationProcess(process, ProcessTimes, &times, sizeof(times), NULL), STATUS_SUCCESS);
        ok(times.UserTime.QuadPart > 0 && times.ExitTime.QuadPart >= times.CreateTime.QuadPart,
           "an ended child's times: user %lld", times.UserTime.QuadPart);
    }
    ok_status(NtSuspendProcess(process), STATUS_PROCESS_IS_TERMINATING);
    NtClose(thread);
    NtClose(process);
}

/* Named events the child finds by name, sets and waits for. */
static void TestSharedEvents(void)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name};
    LARGE_INTEGER timeout = {.QuadPart = -30 * 10000000LL}, moment = {.QuadPart = -200 * 10000LL};
    HANDLE ready, go, process, thread, again;
    CLIENT_ID cid;
    LONG state = 5;

    RtlInitUnicodeString(&name, SHARED_READY);
    ok_status(NtCreateEvent(&ready, EVENT_ALL_ACCESS, &oa, NotificationEvent, FALSE), STATUS_SUCCESS);
    RtlInitUnicodeString(&name, SHARED_GO);
    ok_status(NtCreateEvent(&go, EVENT_ALL_ACCESS, &oa, SynchronizationEvent, FALSE), STATUS_SUCCESS);
    ok_status(Spawn("child-event", NULL, 0, NULL, NULL, &process, &thread, &cid), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(ready, FALSE, &timeout), STATUS_WAIT_0);
    ok_status(NtQueryEvent(ready, EventBasicInformation, &(EVENT_BASIC_INFORMATION){0},
                           sizeof(EVENT_BASIC_INFORMATION), NULL), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(process, FALSE, &moment), STATUS_TIMEOUT);
    ok_status(NtSetEvent(go, &state), STATUS_SUCCESS);
    ok(state == 0, "the auto-reset event was not set: %ld", state);
    ok_status(NtWaitForSingleObject(process, FALSE, &timeout), STATUS_WAIT_0);
    ok_status(ExitStatusOf(process), 24);
    /* The child took the auto-reset event: it is reset for this process too. */
    ok_status(NtWaitForSingleObject(go, FALSE, &moment), STATUS_TIMEOUT);
    NtClose(thread);
    NtClose(process);
    NtClose(go);
    NtClose(ready);
    /* Gone with its last handle in every process. */
    ok_status(NtOpenEvent(&again, EVENT_ALL_ACCESS, &oa), STATUS_OBJECT_NAME_NOT_FOUND);

    /* A semaphore the child releases: its count is this process's too, and so is its limit. */
    {
        HANDLE semaphore;
        SEMAPHORE_BASIC_INFORMATION info;
        RtlInitUnicodeString(&name, SHARED_SEMAPHORE);
        ok_status(NtCreateSemaphore(&semaphore, SEMAPHORE_ALL_ACCESS, &oa, 0, 2), STATUS_SUCCESS);
        ok_status(Spawn("child-semaphore", NULL, 0, NULL, NULL, &process, &thread, &cid), STATUS_SUCCESS);
        ok_status(NtWaitForSingleObject(process, FALSE, &timeout), STATUS_WAIT_0);
        ok_status(ExitStatusOf(process), 31);
        ok_status(NtQuerySemaphore(semaphore, SemaphoreBasicInformation, &info, sizeof(info), NULL), STATUS_SUCCESS);
        ok(info.CurrentCount == 2 && info.MaximumCount == 2, "the count the child left: %d of %d",
           (int)info.CurrentCount, (int)info.MaximumCount);
        ok_status(NtWaitForSingleObject(semaphore, FALSE, &timeout), STATUS_WAIT_0);
        ok_status(NtWaitForSingleObject(semaphore, FALSE, &timeout), STATUS_WAIT_0);
        ok_status(NtWaitForSingleObject(semaphore, FALSE, &moment), STATUS_TIMEOUT);
        NtClose(thread);
        NtClose(process);
        NtClose(semaphore);
    }
    /* A mutant: the child waits while this process owns it, takes it when let go, and ends owning it, which
     * abandons it. */
    {
        HANDLE mutant, ready_event;
        MUTANT_BASIC_INFORMATION info;
        LONG previous;
        RtlInitUnicodeString(&name, SHARED_READY);
        ok_status(NtCreateEvent(&ready_event, EVENT_ALL_ACCESS, &oa, NotificationEvent, FALSE), STATUS_SUCCESS);
        RtlInitUnicodeString(&name, SHARED_MUTANT);
        ok_status(NtCreateMutant(&mutant, MUTANT_ALL_ACCESS, &oa, TRUE), STATUS_SUCCESS);
        ok_status(Spawn("child-mutant", NULL, 0, NULL, NULL, &process, &thread, &cid), STATUS_SUCCESS);
        ok_status(NtWaitForSingleObject(ready_event, FALSE, &timeout), STATUS_WAIT_0);
        ok_status(NtReleaseMutant(mutant, &previous), STATUS_SUCCESS);
        ok_status(NtWaitForSingleObject(process, FALSE, &timeout), STATUS_WAIT_0);
        ok_status(ExitStatusOf(process), 42);
        ok_status(NtWaitForSingleObject(mutant, FALSE, &timeout), STATUS_ABANDONED_WAIT_0);
        ok_status(NtQueryMutant(mutant, MutantBasicInformation, &info, sizeof(info), NULL), STATUS_SUCCESS);
        ok(info.OwnedByCaller && info.CurrentCount == 0, "owned here now: %d, count %d", (int)info.OwnedByCaller,
           (int)info.CurrentCount);
        ok_status(NtReleaseMutant(mutant, &previous), STATUS_SUCCESS);
        NtClose(thread);
        NtClose(process);
        NtClose(mutant);
        NtClose(ready_event);
    }
    /* A name taken by another type in this process stays its own. */
    RtlInitUnicodeString(&name, SHARED_SEMAPHORE);
    ok_status(NtCreateEvent(&again, EVENT_ALL_ACCESS, &oa, NotificationEvent, FALSE), STATUS_SUCCESS);
    {
        HANDLE semaphore;
        ok_status(NtOpenSemaphore(&semaphore, SEMAPHORE_ALL_ACCESS, &oa), STATUS_OBJECT_TYPE_MISMATCH);
    }
    NtClose(again);
}

static void TestStandardHandles(void)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;
    HANDLE file, process, thread;
    CLIENT_ID cid;
    char text[64] = {0};
    LARGE_INTEGER timeout = {.QuadPart = -30 * 10000000LL}, zero = {{0}};

    RtlInitUnicodeString(&name, OUT_PATH);
    ok_status(NtCreateFile(&file, FILE_GENERIC_READ | FILE_GENERIC_WRITE | DELETE, &oa, &iosb, NULL, 0,
                           FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OVERWRITE_IF,
                           FILE_SYNCHRONOUS_IO_NONALERT | FILE_DELETE_ON_CLOSE, NULL, 0),
              STATUS_SUCCESS);
    ok_status(Spawn("child-write", NULL, 0, file, NULL, &process, &thread, &cid), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(process, FALSE, &timeout), STATUS_WAIT_0);
    ok_status(ExitStatusOf(process), STATUS_SUCCESS);
    ok_status(NtReadFile(file, NULL, NULL, NULL, &iosb, text, sizeof(text) - 1, &zero, NULL), STATUS_SUCCESS);
    ok(!strcmp(text, "hello from the child\n"), "the child wrote to the file given as its output: '%s'", text);
    NtClose(thread);
    NtClose(process);
    NtClose(file);
}

static void TestEnvironmentAndDirectory(void)
{
    static const WCHAR env[] = L"VELES_CHILD=yes\0PATH=C:\\windows\\system32\0";
    HANDLE process, thread;
    CLIENT_ID cid;
    LARGE_INTEGER timeout = {.QuadPart = -30 * 10000000LL};

    for (UntoldEnvironmentSize = 0; UntoldEnvironmentSize < 2; UntoldEnvironmentSize++) {
        ok_status(Spawn("child-env", NULL, 0, NULL, (PVOID)env, &process, &thread, &cid), STATUS_SUCCESS);
        ok_status(NtWaitForSingleObject(process, FALSE, &timeout), STATUS_WAIT_0);
        ok_status(ExitStatusOf(process), 7);
        NtClose(thread);
        NtClose(process);
    }
    UntoldEnvironmentSize = 0;
}

static void TestErrors(void)
{
    UNICODE_STRING missing, text_name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &text_name, .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;
    HANDLE process = (HANDLE)0xdead, thread = (HANDLE)0xdead, file;
    CLIENT_ID cid;
    RTL_USER_PROCESS_PARAMETERS *pp;
    PS_CREATE_INFO info = {.Size = sizeof(info)};
    PS_ATTRIBUTE_LIST none = {.TotalLength = sizeof(SIZE_T)};
    static const char text[] = "not a program\n";

    RtlInitUnicodeString(&missing, L"\\??\\C:\\windows\\temp\\no-such-program.exe");
    ok_status(Spawn("child-exit", &missing, 0, NULL, NULL, &process, &thread, &cid), STATUS_OBJECT_NAME_NOT_FOUND);
    ok(process == (HANDLE)0xdead, "no process handle is written on failure");

    RtlInitUnicodeString(&text_name, TEXT_PATH);
    ok_status(NtCreateFile(&file, FILE_GENERIC_WRITE | DELETE, &oa, &iosb, NULL, 0, FILE_SHARE_READ | FILE_SHARE_DELETE,
                           FILE_OVERWRITE_IF, FILE_SYNCHRONOUS_IO_NONALERT | FILE_DELETE_ON_CLOSE, NULL, 0),
              STATUS_SUCCESS);
    ok_status(NtWriteFile(file, NULL, NULL, NULL, &iosb, (PVOID)text, sizeof(text) - 1, NULL, NULL), STATUS_SUCCESS);
    ok_status(Spawn("child-exit", &text_name, 0, NULL, NULL, &process, &thread, &cid), STATUS_INVALID_IMAGE_NOT_MZ);
    NtClose(file);

    /* A new process's first thread cannot be hidden from debuggers (Windows refuses it). */
    ok_status(Spawn("child-exit", NULL, THREAD_CREATE_FLAGS_HIDE_FROM_DEBUGGER, NULL, NULL, &process, &thread, &cid),
              STATUS_INVALID_PARAMETER);
    ok_status(RtlCreateProcessParametersEx(&pp, (PUNICODE_STRING)OwnImage(), NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                           NULL, RTL_USER_PROC_PARAMS_NORMALIZED),
              STATUS_SUCCESS);
    ok_status(NtCreateUserProcess(&process, &thread, PROCESS_ALL_ACCESS, THREAD_ALL_ACCESS, NULL, NULL, 0, 0, NULL,
                                  &info, &none),
              STATUS_INVALID_PARAMETER);
    /* No image name. */
    ok_status(NtCreateUserProcess(&process, &thread, PROCESS_ALL_ACCESS, THREAD_ALL_ACCESS, NULL, NULL, 0, 0, pp,
                                  &info, &none),
              STATUS_INVALID_PARAMETER);
    ok_status(NtCreateUserProcess(&process, &thread, PROCESS_ALL_ACCESS, THREAD_ALL_ACCESS, NULL, NULL, 0, 0, pp,
                                  &info, (PS_ATTRIBUTE_LIST *)0x10),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtCreateUserProcess(&process, &thread, PROCESS_ALL_ACCESS, THREAD_ALL_ACCESS, NULL, NULL, 0, 0, pp,
                                  (PS_CREATE_INFO *)0x10, &none),
              STATUS_ACCESS_VIOLATION);
    RtlDestroyProcessParameters(pp);
}

/* A running child's threads are listed as its kernel tells them: both of them, each with its TEB, stack and start. */
static void TestChildThreadsListed(void)
{
    static BYTE buffer[65536];
    HANDLE process, thread;
    CLIENT_ID cid;
    ULONG threads = 0, started = 0;

    ok_status(Spawn("child-threads", NULL, 0, NULL, NULL, &process, &thread, &cid), STATUS_SUCCESS);
    /* The second thread is let start (a few seconds at the most). */
    for (int tries = 0; tries < 400 && threads < 2; tries++) {
        LARGE_INTEGER pause = {.QuadPart = -10 * 10000LL};
        SYSTEM_PROCESS_INFORMATION *entry = (SYSTEM_PROCESS_INFORMATION *)buffer;
        NtDelayExecution(FALSE, &pause);
        if (NtQuerySystemInformation(SystemExtendedProcessInformation, buffer, sizeof(buffer), NULL))
            continue;
        for (;; entry = (SYSTEM_PROCESS_INFORMATION *)((BYTE *)entry + entry->NextEntryOffset)) {
            if (entry->UniqueProcessId == cid.UniqueProcess) {
                SYSTEM_EXTENDED_THREAD_INFORMATION *t = (SYSTEM_EXTENDED_THREAD_INFORMATION *)(entry + 1);
                threads = entry->NumberOfThreads;
                started = 0;
                for (ULONG i = 0; i < threads; i++)
                    started += t[i].Win32StartAddress == (PVOID)ChildSecondThread && t[i].TebBase &&
                               t[i].StackBase > t[i].StackLimit && t[i].StackLimit &&
                               t[i].ThreadInfo.ClientId.UniqueProcess == cid.UniqueProcess;
            }
            if (!entry->NextEntryOffset)
                break;
        }
    }
    ok(threads == 2 && started == 1, "the child's %u threads listed, the second with its TEB, stack and start: %u",
       threads, started);
    ok_status(NtTerminateProcess(process, 3), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(process, FALSE, NULL), STATUS_WAIT_0);
    NtClose(thread);
    NtClose(process);
}

/* A child's memory, which its creator allocates, protects, queries, frees and maps sections into (the child's
 * kernel doing it, as the creator's would in its own process), before the child has run and while it runs. */
static void TestChildMemory(void)
{
    static const char text[] = "written by the creator";
    HANDLE process, thread, section, limited;
    CLIENT_ID cid;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa)};
    MEMORY_BASIC_INFORMATION mbi;
    MEMORY_REGION_INFORMATION region;
    LARGE_INTEGER max = {.QuadPart = 0x10000}, offset = {0};
    PVOID base = NULL, view = NULL, mine = NULL, place;
    SIZE_T size = 0x10000, view_size = 0, mine_size = 0, done = 0;
    char back[sizeof(text)] = "";
    ULONG old = 0;

    ok_status(Spawn("child-wait", NULL, THREAD_CREATE_FLAGS_CREATE_SUSPENDED, NULL, NULL, &process, &thread, &cid),
              STATUS_SUCCESS);
    ok_status(NtAllocateVirtualMemory(process, &base, 0, &size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE),
              STATUS_SUCCESS);
    ok(base && size == 0x10000, "allocated in the child at %p, %lu bytes", base, (ULONG)size);
    ok_status(NtWriteVirtualMemory(process, base, (PVOID)text, sizeof(text), &done), STATUS_SUCCESS);
    ok_status(NtReadVirtualMemory(process, base, back, sizeof(back), &done), STATUS_SUCCESS);
    ok(!memcmp(back, text, sizeof(text)), "the child's memory holds what was written: %s", back);
    ok_status(NtQueryVirtualMemory(process, base, MemoryBasicInformation, &mbi, sizeof(mbi), NULL), STATUS_SUCCESS);
    ok(mbi.BaseAddress == base && mbi.AllocationBase == base && mbi.RegionSize == 0x10000 &&
           mbi.State == MEM_COMMIT && mbi.Protect == PAGE_READWRITE && mbi.Type == MEM_PRIVATE,
       "the child's region: %p %lx %lx %lx", mbi.BaseAddress, (ULONG)mbi.RegionSize, mbi.State, mbi.Protect);
    size = 0x1000;
    place = base;
    ok_status(NtProtectVirtualMemory(process, &place, &size, PAGE_READONLY, &old), STATUS_SUCCESS);
    ok(old == PAGE_READWRITE && place == base && size == 0x1000, "protected: was %lx", old);
    ok_status(NtQueryVirtualMemory(process, base, MemoryBasicInformation, &mbi, sizeof(mbi), NULL), STATUS_SUCCESS);
    ok(mbi.Protect == PAGE_READONLY && mbi.RegionSize == 0x1000, "now read-only: %lx", mbi.Protect);
    ok_status(NtQueryVirtualMemory(process, base, MemoryRegionInformation, &region, sizeof(region), NULL),
              STATUS_NOT_IMPLEMENTED);
    ok_status(NtQueryVirtualMemory(process, base, 0x7f, &mbi, sizeof(mbi), NULL), STATUS_INVALID_INFO_CLASS);
    ok_status(NtQueryVirtualMemory(process, base, MemoryBasicInformation, &mbi, sizeof(mbi) - 1, NULL),
              STATUS_INFO_LENGTH_MISMATCH);
    size = 0;
    place = base;
    ok_status(NtFreeVirtualMemory(process, &place, &size, MEM_RELEASE), STATUS_SUCCESS);
    ok(size == 0x10000, "freed %lx bytes", (ULONG)size);
    ok_status(NtQueryVirtualMemory(process, base, MemoryBasicInformation, &mbi, sizeof(mbi), NULL), STATUS_SUCCESS);
    ok(mbi.State == MEM_FREE, "free again: %lx", mbi.State);
    size = 0;
    ok_status(NtFreeVirtualMemory(process, &place, &size, MEM_RELEASE), STATUS_MEMORY_NOT_ALLOCATED);

    /* A section seen by both: what one writes the other reads. */
    ok_status(NtCreateSection(&section, SECTION_ALL_ACCESS, NULL, &max, PAGE_READWRITE, SEC_COMMIT, NULL),
              STATUS_SUCCESS);
    ok_status(NtMapViewOfSection(section, NtCurrentProcess(), &mine, 0, 0, &offset, &mine_size, ViewUnmap, 0,
                                 PAGE_READWRITE),
              STATUS_SUCCESS);
    memcpy(mine, "shared", 7);
    ok_status(NtMapViewOfSection(section, process, &view, 0, 0, &offset, &view_size, ViewUnmap, 0, PAGE_READWRITE),
              STATUS_SUCCESS);
    ok(view && view_size == 0x10000, "mapped in the child at %p, %lx bytes", view, (ULONG)view_size);
    ok_status(NtReadVirtualMemory(process, view, back, 7, &done), STATUS_SUCCESS);
    ok(!memcmp(back, "shared", 7), "the child's view shows the section: %s", back);
    ok_status(NtWriteVirtualMemory(process, view, "SHARED", 6, &done), STATUS_SUCCESS);
    ok(!memcmp(mine, "SHARED", 6), "and the creator's shows what was written through the child's: %s", (char *)mine);
    ok_status(NtQueryVirtualMemory(process, view, MemoryBasicInformation, &mbi, sizeof(mbi), NULL), STATUS_SUCCESS);
    ok(mbi.Type == MEM_MAPPED && mbi.AllocationBase == view, "a mapped view: %lx", mbi.Type);
    place = view;
    ok_status(NtMapViewOfSection(section, process, &place, 0, 0, &offset, &view_size, ViewUnmap, 0, PAGE_READWRITE),
              STATUS_CONFLICTING_ADDRESSES);
    place = (char *)view + 0x1000;
    ok_status(NtMapViewOfSection(section, process, &place, 0, 0, &offset, &view_size, ViewUnmap, 0, PAGE_READWRITE),
              STATUS_MAPPED_ALIGNMENT);
    place = NULL;
    ok_status(NtMapViewOfSection(section, process, &place, 22, 0, &offset, &view_size, ViewUnmap, 0, PAGE_READWRITE),
              STATUS_INVALID_PARAMETER_4);
    {
        MEM_EXTENDED_PARAMETER parameter = {0};
        ok_status(NtMapViewOfSectionEx(section, process, &place, &offset, &view_size, 0, PAGE_READWRITE, &parameter, 1),
                  STATUS_NOT_IMPLEMENTED);
    }
    ok_status(NtUnmapViewOfSection(process, view), STATUS_SUCCESS);
    ok_status(NtUnmapViewOfSection(process, view), STATUS_NOT_MAPPED_VIEW);

    /* Below the limit zero bits set, here and there. */
    place = NULL;
    view_size = 0;
    ok_status(NtMapViewOfSection(section, process, &place, 4, 0, &offset, &view_size, ViewUnmap, MEM_TOP_DOWN,
                                 PAGE_READWRITE),
              STATUS_SUCCESS);
    ok(place && (ULONG_PTR)place < (1ull << 28), "four zero bits: %p", place);
    ok_status(NtUnmapViewOfSection(process, place), STATUS_SUCCESS);
    place = NULL;
    view_size = 0;
    ok_status(NtMapViewOfSection(section, NtCurrentProcess(), &place, 8, 0, &offset, &view_size, ViewUnmap,
                                 MEM_TOP_DOWN, PAGE_READWRITE),
              STATUS_SUCCESS);
    ok(place && (ULONG_PTR)place < (1ull << 24) && !memcmp(place, "SHARED", 6), "eight zero bits here: %p", place);
    ok_status(NtUnmapViewOfSection(NtCurrentProcess(), place), STATUS_SUCCESS);
    NtUnmapViewOfSection(NtCurrentProcess(), mine);

    /* The memory of a child takes PROCESS_VM_OPERATION. */
    {
        CLIENT_ID by_id = {cid.UniqueProcess, 0};
        ok_status(NtOpenProcess(&limited, PROCESS_QUERY_LIMITED_INFORMATION, &oa, &by_id), STATUS_SUCCESS);
        place = NULL;
        size = 0x1000;
        ok_status(NtAllocateVirtualMemory(limited, &place, 0, &size, MEM_COMMIT, PAGE_READWRITE),
                  STATUS_ACCESS_DENIED);
        NtClose(limited);
    }

    /* The child runs, and its memory is still served; it tells its counters and handles itself. */
    ok_status(NtResumeThread(thread, NULL), STATUS_SUCCESS);
    base = NULL;
    size = 0x1000;
    ok_status(NtAllocateVirtualMemory(process, &base, 0, &size, MEM_COMMIT, PAGE_READWRITE), STATUS_SUCCESS);
    {
        VM_COUNTERS_EX vm = {0};
        IO_COUNTERS io;
        ULONG handles = 0;
        ok_status(NtQueryInformationProcess(process, ProcessVmCounters, &vm, sizeof(vm), NULL), STATUS_SUCCESS);
        ok(vm.VirtualSize && vm.WorkingSetSize && vm.PrivateUsage >= 0x1000, "the child's memory: %lx %lx %lx",
           (ULONG)vm.VirtualSize, (ULONG)vm.WorkingSetSize, (ULONG)vm.PrivateUsage);
        ok_status(NtQueryInformationProcess(process, ProcessIoCounters, &io, sizeof(io), NULL), STATUS_SUCCESS);
        ok_status(NtQueryInformationProcess(process, ProcessHandleCount, &handles, sizeof(handles), NULL),
                  STATUS_SUCCESS);
        ok(handles >= 3, "the child's handles: %u", handles);
        ok_status(NtTerminateProcess(process, 7), STATUS_SUCCESS);
        ok_status(NtWaitForSingleObject(process, FALSE, NULL), STATUS_WAIT_0);
        ok_status(NtQueryInformationProcess(process, ProcessHandleCount, &handles, sizeof(handles), NULL),
                  STATUS_SUCCESS);
        ok(handles == 0, "an ended child holds no handles: %u", handles);
        ok_status(NtQueryInformationProcess(process, ProcessVmCounters, &vm, sizeof(vm), NULL),
                  STATUS_NOT_IMPLEMENTED);
    }
    ok_status(ExitStatusOf(process), 7);
    NtClose(section);
    NtClose(thread);
    NtClose(process);
}

/* A child that ends while its creator calls into it: each call gets its own answer (an allocation succeeds, a free
 * of nothing fails) or STATUS_PROCESS_IS_TERMINATING, never another call's, and the exit code comes whole. */
static void TestCallsIntoEndingChild(void)
{
    HANDLE process, thread;
    CLIENT_ID cid;
    ULONG wrong = 0, calls = 0;
    NTSTATUS status = STATUS_SUCCESS;

    ok_status(Spawn("child-exit", NULL, 0, NULL, NULL, &process, &thread, &cid), STATUS_SUCCESS);
    while (status != STATUS_PROCESS_IS_TERMINATING && calls < 100000) {
        PVOID base = NULL;
        SIZE_T size = 0x1000;
        status = NtAllocateVirtualMemory(process, &base, 0, &size, MEM_RESERVE, PAGE_NOACCESS);
        wrong += status != STATUS_SUCCESS && status != STATUS_PROCESS_IS_TERMINATING;
        if (status == STATUS_SUCCESS) {
            base = (PVOID)0x1000; /* below the lowest address memory is ever at */
            size = 0;
            status = NtFreeVirtualMemory(process, &base, &size, MEM_RELEASE);
            wrong += status != STATUS_MEMORY_NOT_ALLOCATED && status != STATUS_PROCESS_IS_TERMINATING;
        }
        calls++;
    }
    ok(!wrong && status == STATUS_PROCESS_IS_TERMINATING, "%u calls, %u answered wrongly, the last %lx", calls, wrong,
       status);
    ok_status(NtWaitForSingleObject(process, FALSE, NULL), STATUS_WAIT_0);
    ok_status(ExitStatusOf(process), CHILD_EXIT);
    NtClose(thread);
    NtClose(process);
}

void RunTests(void)
{
    if (Role()[0] == 'c' && Role()[1] == 'h')
        RunChild();
    TestRunsAndEnds();
    TestSuspendedAndTerminated();
    TestSuspendProcess();
    TestChildMemory();
    TestCallsIntoEndingChild();
    TestChildThreadsListed();
    TestSharedEvents();
    TestStandardHandles();
    TestEnvironmentAndDirectory();
    TestErrors();
}
