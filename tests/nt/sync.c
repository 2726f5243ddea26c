/* Events, semaphores, mutants, waits and threads: Windows' statuses on every path, and bounded stress runs
 * that count what must never happen (a lost wake-up, a double acquisition, a partial wait-all). */
#include "lib/nttest.h"

#define ANY_HANDLE_ACCESS 0x001f0003

static HANDLE Event(EVENT_TYPE type, BOOLEAN state)
{
    HANDLE h = NULL;
    ok_status(NtCreateEvent(&h, EVENT_ALL_ACCESS, NULL, type, state), STATUS_SUCCESS);
    return h;
}

static NTSTATUS WaitMs(HANDLE h, LONG64 ms)
{
    LARGE_INTEGER timeout = {.QuadPart = -ms * 10000};
    return NtWaitForSingleObject(h, FALSE, &timeout);
}

static LONG64 NowTicks(void)
{
    LARGE_INTEGER t;
    NtQueryPerformanceCounter(&t, NULL);
    return t.QuadPart;
}

static NTSTATUS ExitCode(HANDLE thread, NTSTATUS *code)
{
    THREAD_BASIC_INFORMATION info;
    NTSTATUS status = NtQueryInformationThread(thread, ThreadBasicInformation, &info, sizeof(info), NULL);
    *code = info.ExitStatus;
    return status;
}

static void TestEvents(void)
{
    HANDLE n = Event(NotificationEvent, FALSE), s = Event(SynchronizationEvent, FALSE), h = NULL;
    EVENT_BASIC_INFORMATION info;
    LONG previous = 99;
    ULONG len = 0;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa)};
    UNICODE_STRING name = {.Length = 8, .MaximumLength = 8, .Buffer = (PWSTR)L"name"};

    ok(n && !((ULONG_PTR)n & 3) && s != n, "event handles %p %p", n, s);
    ok_status(NtQueryEvent(n, EventBasicInformation, &info, sizeof(info), &len), STATUS_SUCCESS);
    ok(info.EventType == NotificationEvent && info.EventState == 0 && len == sizeof(info), "query a new event");
    ok_status(WaitMs(n, 0), STATUS_TIMEOUT);
    ok_status(NtSetEvent(n, &previous), STATUS_SUCCESS);
    ok(previous == 0, "previous state %d", (int)previous);
    ok_status(WaitMs(n, 0), STATUS_WAIT_0);
    ok_status(WaitMs(n, 0), STATUS_WAIT_0); /* a notification event stays set */
    ok_status(NtResetEvent(n, &previous), STATUS_SUCCESS);
    ok(previous == 1, "reset: previous %d", (int)previous);
    ok_status(NtPulseEvent(n, NULL), STATUS_SUCCESS);
    ok_status(WaitMs(n, 0), STATUS_TIMEOUT); /* a pulse with nobody waiting leaves it reset */
    ok_status(NtSetEvent(n, NULL), STATUS_SUCCESS);
    ok_status(NtClearEvent(n), STATUS_SUCCESS);
    ok_status(WaitMs(n, 0), STATUS_TIMEOUT);

    ok_status(NtSetEvent(s, NULL), STATUS_SUCCESS);
    ok_status(WaitMs(s, 0), STATUS_WAIT_0);
    ok_status(WaitMs(s, 0), STATUS_TIMEOUT); /* a synchronization event is consumed */
    ok_status(NtQueryEvent(s, EventBasicInformation, &info, sizeof(info), NULL), STATUS_SUCCESS);
    ok(info.EventType == SynchronizationEvent, "synchronization type");

    ok_status(NtCreateEvent(NULL, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_ACCESS_VIOLATION);
    ok_status(NtCreateEvent(&h, EVENT_ALL_ACCESS, NULL, 2, FALSE), STATUS_INVALID_PARAMETER);
    oa.Length = 5;
    ok_status(NtCreateEvent(&h, EVENT_ALL_ACCESS, &oa, NotificationEvent, FALSE), STATUS_INVALID_PARAMETER);
    oa.Length = sizeof(oa);
    oa.Attributes = 0x80000000;
    ok_status(NtCreateEvent(&h, EVENT_ALL_ACCESS, &oa, NotificationEvent, FALSE), STATUS_INVALID_PARAMETER);
    oa.Attributes = 0;
    oa.ObjectName = &name;
    /* A relative name needs a root directory. */
    ok_status(NtCreateEvent(&h, EVENT_ALL_ACCESS, &oa, NotificationEvent, FALSE), STATUS_OBJECT_PATH_SYNTAX_BAD);
    ok_status(NtCreateEvent(&h, EVENT_ALL_ACCESS, (POBJECT_ATTRIBUTES)0x10, NotificationEvent, FALSE),
              STATUS_ACCESS_VIOLATION);
    ok(h == NULL, "no handle written on failure");

    ok_status(NtSetEvent((HANDLE)0x1234, NULL), STATUS_INVALID_HANDLE);
    ok_status(NtSetEvent(n, (PLONG)0x7ffe0000), STATUS_ACCESS_VIOLATION);
    ok_status(NtQueryEvent(n, 1, &info, sizeof(info), NULL), STATUS_INVALID_INFO_CLASS);
    ok_status(NtQueryEvent(n, EventBasicInformation, &info, sizeof(info) + 1, NULL), STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQueryEvent(n, EventBasicInformation, NULL, sizeof(info), NULL), STATUS_ACCESS_VIOLATION);

    /* Rights are checked on every use. */
    ok_status(NtCreateEvent(&h, SYNCHRONIZE, NULL, NotificationEvent, TRUE), STATUS_SUCCESS);
    ok_status(NtSetEvent(h, NULL), STATUS_ACCESS_DENIED);
    ok_status(NtQueryEvent(h, EventBasicInformation, &info, sizeof(info), NULL), STATUS_ACCESS_DENIED);
    ok_status(WaitMs(h, 0), STATUS_WAIT_0);
    NtClose(h);
    ok_status(NtCreateEvent(&h, EVENT_MODIFY_STATE, NULL, NotificationEvent, TRUE), STATUS_SUCCESS);
    ok_status(WaitMs(h, 0), STATUS_ACCESS_DENIED);
    ok_status(NtSetEvent(h, NULL), STATUS_SUCCESS);
    NtClose(h);
    ok_status(NtCreateEvent(&h, GENERIC_ALL, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
    ok_status(NtSetEvent(h, NULL), STATUS_SUCCESS);
    ok_status(WaitMs(h, 0), STATUS_WAIT_0);
    NtClose(h);

    NtClose(n);
    NtClose(s);
    ok_status(NtSetEvent(n, NULL), STATUS_INVALID_HANDLE);
}

static void TestSemaphores(void)
{
    HANDLE h = NULL, e = Event(NotificationEvent, FALSE);
    SEMAPHORE_BASIC_INFORMATION info;
    LONG previous = 99;

    ok_status(NtCreateSemaphore(&h, SEMAPHORE_ALL_ACCESS, NULL, 2, 3), STATUS_SUCCESS);
    ok_status(NtQuerySemaphore(h, SemaphoreBasicInformation, &info, sizeof(info), NULL), STATUS_SUCCESS);
    ok(info.CurrentCount == 2 && info.MaximumCount == 3, "semaphore %d/%d", (int)info.CurrentCount,
       (int)info.MaximumCount);
    ok_status(WaitMs(h, 0), STATUS_WAIT_0);
    ok_status(WaitMs(h, 0), STATUS_WAIT_0);
    ok_status(WaitMs(h, 0), STATUS_TIMEOUT);
    ok_status(NtReleaseSemaphore(h, 2, &previous), STATUS_SUCCESS);
    ok(previous == 0, "previous count %d", (int)previous);
    ok_status(NtReleaseSemaphore(h, 2, &previous), STATUS_SEMAPHORE_LIMIT_EXCEEDED);
    ok_status(NtReleaseSemaphore(h, 1, &previous), STATUS_SUCCESS);
    ok(previous == 2, "previous count %d", (int)previous);
    ok_status(NtReleaseSemaphore(h, 0, NULL), STATUS_INVALID_PARAMETER);
    ok_status(NtReleaseSemaphore(h, -1, NULL), STATUS_INVALID_PARAMETER);
    ok_status(NtReleaseSemaphore(e, 1, NULL), STATUS_OBJECT_TYPE_MISMATCH);
    ok_status(NtQuerySemaphore(h, 1, &info, sizeof(info), NULL), STATUS_INVALID_INFO_CLASS);
    NtClose(h);

    ok_status(NtCreateSemaphore(&h, SEMAPHORE_ALL_ACCESS, NULL, 4, 3), STATUS_INVALID_PARAMETER);
    ok_status(NtCreateSemaphore(&h, SEMAPHORE_ALL_ACCESS, NULL, 0, 0), STATUS_INVALID_PARAMETER);
    ok_status(NtCreateSemaphore(&h, SEMAPHORE_ALL_ACCESS, NULL, -1, 3), STATUS_INVALID_PARAMETER);
    NtClose(e);
}

static void TestMutants(void)
{
    HANDLE m = NULL, free_one = NULL;
    MUTANT_BASIC_INFORMATION info;
    LONG previous = 99;

    ok_status(NtCreateMutant(&m, MUTANT_ALL_ACCESS, NULL, TRUE), STATUS_SUCCESS);
    ok_status(NtQueryMutant(m, MutantBasicInformation, &info, sizeof(info), NULL), STATUS_SUCCESS);
    ok(info.CurrentCount == 0 && info.OwnedByCaller && !info.AbandonedState, "owned at creation: count %d",
       (int)info.CurrentCount);
    ok_status(WaitMs(m, 0), STATUS_WAIT_0); /* recursive acquisition */
    ok_status(NtQueryMutant(m, MutantBasicInformation, &info, sizeof(info), NULL), STATUS_SUCCESS);
    ok(info.CurrentCount == -1, "recursion: count %d", (int)info.CurrentCount);
    ok_status(NtReleaseMutant(m, &previous), STATUS_SUCCESS);
    ok(previous == -1, "previous %d", (int)previous);
    ok_status(NtReleaseMutant(m, &previous), STATUS_SUCCESS);
    ok(previous == 0, "previous %d", (int)previous);
    ok_status(NtReleaseMutant(m, NULL), STATUS_MUTANT_NOT_OWNED);
    ok_status(NtQueryMutant(m, MutantBasicInformation, &info, sizeof(info), NULL), STATUS_SUCCESS);
    ok(info.CurrentCount == 1 && !info.OwnedByCaller, "released: count %d", (int)info.CurrentCount);
    ok_status(NtCreateMutant(&free_one, MUTANT_ALL_ACCESS, NULL, FALSE), STATUS_SUCCESS);
    ok_status(NtReleaseMutant(free_one, NULL), STATUS_MUTANT_NOT_OWNED);
    ok_status(NtQueryMutant(m, 5, &info, sizeof(info), NULL), STATUS_INVALID_INFO_CLASS);
    NtClose(m);
    NtClose(free_one);
}

static void TestWaitRules(void)
{
    HANDLE a = Event(SynchronizationEvent, FALSE), b = Event(SynchronizationEvent, TRUE), handles[65];
    HANDLE out = TestPeb()->ProcessParameters->StandardOutput, directory;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name};
    LARGE_INTEGER zero = {.QuadPart = 0}, timeout;
    LONG64 start;

    handles[0] = a;
    handles[1] = b;
    ok_status(NtWaitForMultipleObjects(2, handles, WaitAny, FALSE, &zero), STATUS_WAIT_1);
    ok_status(NtSetEvent(b, NULL), STATUS_SUCCESS);
    /* Wait-all that cannot complete takes nothing. */
    ok_status(NtWaitForMultipleObjects(2, handles, WaitAll, FALSE, &zero), STATUS_TIMEOUT);
    ok_status(WaitMs(b, 0), STATUS_WAIT_0);
    NtSetEvent(a, NULL);
    NtSetEvent(b, NULL);
    ok_status(NtWaitForMultipleObjects(2, handles, WaitAll, FALSE, &zero), STATUS_WAIT_0);
    ok_status(WaitMs(a, 0), STATUS_TIMEOUT);
    ok_status(WaitMs(b, 0), STATUS_TIMEOUT);

    ok_status(NtWaitForMultipleObjects(0, handles, WaitAny, FALSE, &zero), STATUS_INVALID_PARAMETER_1);
    for (int i = 0; i < 65; i++)
        handles[i] = a;
    ok_status(NtWaitForMultipleObjects(65, handles, WaitAny, FALSE, &zero), STATUS_INVALID_PARAMETER_1);
    ok_status(NtWaitForMultipleObjects(64, handles, WaitAny, FALSE, &zero), STATUS_TIMEOUT);
    ok_status(NtWaitForMultipleObjects(2, handles, 5, FALSE, &zero), STATUS_INVALID_PARAMETER_3);
    ok_status(NtWaitForMultipleObjects(2, handles, WaitAll, FALSE, &zero), STATUS_INVALID_PARAMETER_MIX);
    ok_status(NtWaitForMultipleObjects(2, (PHANDLE)0x10, WaitAny, FALSE, &zero), STATUS_ACCESS_VIOLATION);
    ok_status(NtWaitForMultipleObjects(2, handles, WaitAny, FALSE, (PLARGE_INTEGER)0x10), STATUS_ACCESS_VIOLATION);
    handles[1] = (HANDLE)0x1234;
    ok_status(NtWaitForMultipleObjects(2, handles, WaitAny, FALSE, &zero), STATUS_INVALID_HANDLE);
    /* A directory of the namespace is no waitable object; a file is, signalled while no request of it runs. */
    RtlInitUnicodeString(&name, L"\\BaseNamedObjects");
    ok_status(NtOpenDirectoryObject(&directory, DIRECTORY_QUERY | SYNCHRONIZE, &oa), STATUS_SUCCESS);
    handles[1] = directory;
    ok_status(NtWaitForMultipleObjects(2, handles, WaitAny, FALSE, &zero), STATUS_OBJECT_TYPE_MISMATCH);
    ok_status(NtWaitForSingleObject(directory, FALSE, &zero), STATUS_OBJECT_TYPE_MISMATCH);
    NtClose(directory);
    handles[1] = out;
    ok_status(NtWaitForMultipleObjects(2, handles, WaitAny, FALSE, &zero), STATUS_WAIT_1);
    ok_status(NtWaitForSingleObject((HANDLE)0x1234, FALSE, NULL), STATUS_INVALID_HANDLE);

    start = NowTicks();
    ok_status(WaitMs(a, 30), STATUS_TIMEOUT);
    ok(NowTicks() - start >= 30 * 10000, "a relative timeout of 30 ms lasted %ld", (LONG64)(NowTicks() - start));
    NtQuerySystemTime(&timeout);
    timeout.QuadPart += 20 * 10000;
    start = NowTicks();
    ok_status(NtWaitForSingleObject(a, TRUE, &timeout), STATUS_TIMEOUT);
    ok(NowTicks() - start >= 15 * 10000, "an absolute timeout");
    /* The process and the current thread are waitable and not signalled while they run. */
    ok_status(NtWaitForSingleObject(NtCurrentProcess(), FALSE, &zero), STATUS_TIMEOUT);
    ok_status(NtWaitForSingleObject(NtCurrentThread(), FALSE, &zero), STATUS_TIMEOUT);

    ok_status(NtSignalAndWaitForSingleObject(a, a, FALSE, &zero), STATUS_WAIT_0);
    ok_status(NtSignalAndWaitForSingleObject(out, a, FALSE, &zero), STATUS_OBJECT_TYPE_MISMATCH);
    NtClose(a);
    NtClose(b);
}

static ULONG NTAPI SetAndReturn(PVOID event)
{
    NtSetEvent(event, NULL);
    return 7;
}

static volatile LONG Flag;

static ULONG NTAPI RaiseFlag(PVOID arg)
{
    __atomic_store_n(&Flag, 1, __ATOMIC_SEQ_CST);
    return 0;
}

static ULONG NTAPI TerminateSelf(PVOID arg)
{
    NtTerminateThread(NtCurrentThread(), 0x1234);
    return 1;
}

static ULONG NTAPI AbandonMutant(PVOID mutant)
{
    return (ULONG)NtWaitForSingleObject(mutant, FALSE, NULL);
}

static void TestThreads(void)
{
    HANDLE e = Event(NotificationEvent, FALSE), t, m = NULL;
    NTSTATUS code;
    ULONG previous = 99;
    CLIENT_ID cid = {0};
    PTEB teb = NULL;
    struct {
        SIZE_T TotalLength;
        struct {
            ULONG_PTR Attribute;
            SIZE_T Size;
            PVOID Value;
            PSIZE_T ReturnLength;
        } Attributes[2];
    } list = {sizeof(list), {{0x10003, sizeof(cid), &cid, NULL}, {0x10004, sizeof(teb), &teb, NULL}}};

    t = TestCreateThread(SetAndReturn, e, 0);
    ok_status(WaitMs(t, 5000), STATUS_WAIT_0);
    ok_status(WaitMs(e, 0), STATUS_WAIT_0);
    ok_status(ExitCode(t, &code), STATUS_SUCCESS);
    ok(code == 7, "exit status %x", (unsigned)code);
    NtClose(t);

    ok_status(ExitCode(NtCurrentThread(), &code), STATUS_SUCCESS);
    ok(code == STATUS_PENDING, "a running thread's status is STILL_ACTIVE");

    t = TestCreateThread(RaiseFlag, NULL, THREAD_CREATE_FLAGS_CREATE_SUSPENDED);
    ok_status(WaitMs(t, 30), STATUS_TIMEOUT);
    ok(Flag == 0, "a thread created suspended does not run");
    ok_status(NtResumeThread(t, &previous), STATUS_SUCCESS);
    ok(previous == 1, "previous suspend count %u", (unsigned)previous);
    ok_status(WaitMs(t, 5000), STATUS_WAIT_0);
    ok(Flag == 1, "after NtResumeThread it ran");
    ok_status(NtResumeThread(t, &previous), STATUS_SUCCESS);
    ok(previous == 0, "resuming a running thread: previous %u", (unsigned)previous);
    NtClose(t);

    t = TestCreateThread(TerminateSelf, NULL, 0);
    ok_status(WaitMs(t, 5000), STATUS_WAIT_0);
    ok_status(ExitCode(t, &code), STATUS_SUCCESS);
    ok(code == 0x1234, "NtTerminateThread's status: %x", (unsigned)code);
    NtClose(t);

    t = NULL;
    ok_status(NtCreateThreadEx(&t, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), RaiseFlag, NULL, 0, 0, 0, 0,
                               (PPS_ATTRIBUTE_LIST)&list),
              STATUS_SUCCESS);
    ok(cid.UniqueThread && cid.UniqueProcess == NtCurrentTeb()->ClientId.UniqueProcess && teb,
       "client id and TEB through the attribute list: %p %p", cid.UniqueThread, (void *)teb);
    WaitMs(t, 5000);
    NtClose(t);

    /* A mutant whose owner ends is abandoned, and says so once. */
    ok_status(NtCreateMutant(&m, MUTANT_ALL_ACCESS, NULL, FALSE), STATUS_SUCCESS);
    t = TestCreateThread(AbandonMutant, m, 0);
    ok_status(WaitMs(t, 5000), STATUS_WAIT_0);
    ok_status(WaitMs(m, 5000), STATUS_ABANDONED_WAIT_0);
    ok_status(NtReleaseMutant(m, NULL), STATUS_SUCCESS);
    ok_status(WaitMs(m, 0), STATUS_WAIT_0);
    NtClose(t);
    NtClose(m);

    ok_status(NtCreateThreadEx(&t, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), NULL, NULL, 0, 0, 0, 0, NULL),
              STATUS_INVALID_PARAMETER);
    ok_status(NtCreateThreadEx(&t, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), RaiseFlag, NULL, 0x80000000, 0, 0, 0,
                               NULL),
              STATUS_INVALID_PARAMETER);
    ok_status(NtCreateThreadEx(&t, THREAD_ALL_ACCESS, NULL, (HANDLE)0x1234, RaiseFlag, NULL, 0, 0, 0, 0, NULL),
              STATUS_INVALID_HANDLE);
    ok_status(NtCreateThreadEx(&t, THREAD_ALL_ACCESS, NULL, e, RaiseFlag, NULL, 0, 0, 0, 0, NULL),
              STATUS_OBJECT_TYPE_MISMATCH);
    ok_status(NtResumeThread(e, NULL), STATUS_OBJECT_TYPE_MISMATCH);
    ok_status(NtTerminateThread(e, 0), STATUS_OBJECT_TYPE_MISMATCH);
    ok_status(NtQueryInformationThread(NtCurrentThread(), 0x7f, &code, 4, NULL), STATUS_INVALID_INFO_CLASS);
    NtClose(e);
}

/* Two threads bounce a token through two synchronization events: every hand-over must arrive. */
#define PING_PONG_ROUNDS 20000
static HANDLE Ping, Pong;
static volatile LONG Token;

static ULONG NTAPI Ponger(PVOID arg)
{
    for (int i = 0; i < PING_PONG_ROUNDS; i++) {
        if (NtWaitForSingleObject(Ping, FALSE, NULL) != STATUS_WAIT_0)
            return 1;
        __atomic_add_fetch(&Token, 1, __ATOMIC_SEQ_CST);
        NtSetEvent(Pong, NULL);
    }
    return 0;
}

/* Workers take two mutants at once with wait-all: the holders of each, counted, never exceed one, and
 * holding one means holding both. */
#define WORKERS 6
#define WORKER_ROUNDS 2000
static HANDLE MutantA, MutantB, Limit;
static volatile LONG HoldersA, HoldersB, Violations, InSemaphore, MaxInSemaphore;

static ULONG NTAPI Worker(PVOID arg)
{
    HANDLE both[2] = {MutantA, MutantB};
    for (int i = 0; i < WORKER_ROUNDS; i++) {
        if (NtWaitForMultipleObjects(2, both, WaitAll, FALSE, NULL) != STATUS_WAIT_0)
            __atomic_add_fetch(&Violations, 1, __ATOMIC_SEQ_CST);
        if (__atomic_add_fetch(&HoldersA, 1, __ATOMIC_SEQ_CST) != 1 ||
            __atomic_add_fetch(&HoldersB, 1, __ATOMIC_SEQ_CST) != 1)
            __atomic_add_fetch(&Violations, 1, __ATOMIC_SEQ_CST);
        __atomic_sub_fetch(&HoldersA, 1, __ATOMIC_SEQ_CST);
        __atomic_sub_fetch(&HoldersB, 1, __ATOMIC_SEQ_CST);
        NtReleaseMutant(MutantB, NULL);
        NtReleaseMutant(MutantA, NULL);

        if (NtWaitForSingleObject(Limit, FALSE, NULL) != STATUS_WAIT_0)
            __atomic_add_fetch(&Violations, 1, __ATOMIC_SEQ_CST);
        LONG in = __atomic_add_fetch(&InSemaphore, 1, __ATOMIC_SEQ_CST);
        if (in > MaxInSemaphore)
            MaxInSemaphore = in;
        __atomic_sub_fetch(&InSemaphore, 1, __ATOMIC_SEQ_CST);
        NtReleaseSemaphore(Limit, 1, NULL);
    }
    return 0;
}

static void TestStress(void)
{
    HANDLE t, workers[WORKERS];
    NTSTATUS code;

    Ping = Event(SynchronizationEvent, FALSE);
    Pong = Event(SynchronizationEvent, FALSE);
    t = TestCreateThread(Ponger, NULL, 0);
    for (int i = 0; i < PING_PONG_ROUNDS; i++) {
        NtSetEvent(Ping, NULL);
        if (WaitMs(Pong, 10000) != STATUS_WAIT_0)
            break;
    }
    ok_status(WaitMs(t, 10000), STATUS_WAIT_0);
    ExitCode(t, &code);
    ok(Token == PING_PONG_ROUNDS && code == 0, "ping-pong: %d of %d hand-overs", (int)Token, PING_PONG_ROUNDS);
    NtClose(t);

    ok_status(NtCreateMutant(&MutantA, MUTANT_ALL_ACCESS, NULL, FALSE), STATUS_SUCCESS);
    ok_status(NtCreateMutant(&MutantB, MUTANT_ALL_ACCESS, NULL, FALSE), STATUS_SUCCESS);
    ok_status(NtCreateSemaphore(&Limit, SEMAPHORE_ALL_ACCESS, NULL, 2, 2), STATUS_SUCCESS);
    for (int i = 0; i < WORKERS; i++)
        workers[i] = TestCreateThread(Worker, NULL, 0);
    {
        LARGE_INTEGER timeout = {.QuadPart = -60ll * 10000000};
        ok_status(NtWaitForMultipleObjects(WORKERS, workers, WaitAll, FALSE, &timeout), STATUS_WAIT_0);
    }
    ok(Violations == 0, "wait-all and mutants: %d violations", (int)Violations);
    ok(MaxInSemaphore <= 2 && MaxInSemaphore >= 1, "semaphore of 2: at most %d inside", (int)MaxInSemaphore);
    for (int i = 0; i < WORKERS; i++)
        NtClose(workers[i]);

    /* Many short threads, each created, run and waited for. */
    for (int i = 0; i < 300; i++) {
        t = TestCreateThread(RaiseFlag, NULL, 0);
        if (WaitMs(t, 10000) != STATUS_WAIT_0) {
            ok(0, "thread %d did not end", i);
            break;
        }
        NtClose(t);
    }
    NtClose(MutantA);
    NtClose(MutantB);
    NtClose(Limit);
    NtClose(Ping);
    NtClose(Pong);
}

void RunTests(void)
{
    TestEvents();
    TestSemaphores();
    TestMutants();
    TestWaitRules();
    TestThreads();
    TestStress();
}
