/* User APCs and alerts: NtQueueApcThread(Ex), NtTestAlert, NtAlertThread, NtAlertResumeThread, alerts by thread
 * id, alertable waits ending for them (as Wine's kernel32 and ntdll tests record Windows doing), and a bounded
 * stress run of APCs sent to threads that wait alertably while others signal them. */
#include "lib/nttest.h"

static volatile LONG ApcCount;
static ULONG_PTR ApcSeen[3];
static HANDLE ApcThreadId;
static CONTEXT *ApcContext;
static LONG ApcOrder[8];

static void NTAPI RecordApc(PVOID a1, PVOID a2, PVOID a3)
{
    ApcSeen[0] = (ULONG_PTR)a1;
    ApcSeen[1] = (ULONG_PTR)a2;
    ApcSeen[2] = (ULONG_PTR)a3;
    ApcThreadId = NtCurrentTeb()->ClientId.UniqueThread;
    __atomic_add_fetch(&ApcCount, 1, __ATOMIC_SEQ_CST);
}

/* Windows hands the routine the interrupted context as a fourth argument. */
static void NTAPI ContextApc(PVOID a1, PVOID a2, PVOID a3, CONTEXT *context)
{
    ApcContext = context;
    RecordApc(a1, a2, a3);
}

static void NTAPI OrderApc(PVOID a1, PVOID a2, PVOID a3)
{
    LONG n = __atomic_fetch_add(&ApcCount, 1, __ATOMIC_SEQ_CST);
    if (n < 8)
        ApcOrder[n] = (LONG)(ULONG_PTR)a1;
}

/* A raw syscall (trapped, not through ntdll's stub) of service RawNumber with no arguments. */
ULONG RawNumber;
extern NTSTATUS RawSyscall(void);
extern void *__imp_NtTestAlert;
__asm__(".globl RawSyscall\nRawSyscall:\n"
        "    movq %rcx, %r10\n"
        "    movl RawNumber(%rip), %eax\n"
        "    syscall\n"
        "    ret\n");

static NTSTATUS Sleep(BOOLEAN alertable, LONG64 ms)
{
    LARGE_INTEGER t = {.QuadPart = -ms * 10000};
    return NtDelayExecution(alertable, &t);
}

static LONG64 NowMs(void)
{
    LARGE_INTEGER t, f;
    NtQueryPerformanceCounter(&t, &f);
    return t.QuadPart * 1000 / f.QuadPart;
}

static void TestSelf(void)
{
    HANDLE event;
    LARGE_INTEGER zero = {.QuadPart = 0};
    LONG64 start;

    /* Queued APCs wait for the thread to be alertable; NtTestAlert runs them. */
    ApcCount = 0;
    ok_status(NtQueueApcThread(NtCurrentThread(), RecordApc, (PVOID)1, (PVOID)2, (PVOID)3),
              STATUS_SUCCESS);
    ok(ApcCount == 0, "an APC does not run before the thread is alertable");
    ok_status(Sleep(FALSE, 1), STATUS_SUCCESS);
    ok(ApcCount == 0, "nor in a wait that is not alertable");
    ok_status(NtTestAlert(), STATUS_SUCCESS);
    ok(ApcCount == 1 && ApcSeen[0] == 1 && ApcSeen[1] == 2 && ApcSeen[2] == 3, "NtTestAlert ran it: %d, %lx %lx %lx",
       (int)ApcCount, ApcSeen[0], ApcSeen[1], ApcSeen[2]);
    ok(ApcThreadId == NtCurrentTeb()->ClientId.UniqueThread, "on the thread it was queued to");
    ok_status(NtTestAlert(), STATUS_SUCCESS);
    ok(ApcCount == 1, "once");

    /* An alertable wait ends at once for one already queued; all queued run, in order. */
    ApcCount = 0;
    for (int i = 0; i < 3; i++)
        ok_status(NtQueueApcThread(NtCurrentThread(), OrderApc, (PVOID)(ULONG_PTR)(i + 10), NULL, NULL),
                  STATUS_SUCCESS);
    start = NowMs();
    ok_status(Sleep(TRUE, 5000), STATUS_USER_APC);
    ok(NowMs() - start < 2000, "the alertable sleep did not wait");
    ok(ApcCount == 3 && ApcOrder[0] == 10 && ApcOrder[1] == 11 && ApcOrder[2] == 12, "all three, first in first: %d",
       (int)ApcCount);

    /* The context the routine is handed is the wait's return, with its status. */
    ApcCount = 0;
    ok_status(NtQueueApcThread(NtCurrentThread(), (PPS_APC_ROUTINE)(void (*)(void))ContextApc, NULL, NULL, NULL),
              STATUS_SUCCESS);
    ok_status(NtDelayExecution(TRUE, &zero), STATUS_USER_APC);
    ok(ApcCount == 1 && ApcContext && ApcContext->Rax == STATUS_USER_APC, "context rax %lx",
       ApcContext ? (ULONG64)ApcContext->Rax : 0);

    /* A signalled object satisfies an alertable wait before the APCs, which stay queued. */
    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, TRUE), STATUS_SUCCESS);
    ApcCount = 0;
    ok_status(NtQueueApcThread(NtCurrentThread(), RecordApc, NULL, NULL, NULL), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(event, TRUE, NULL), STATUS_WAIT_0);
    ok(ApcCount == 0, "the object came first");
    ok_status(NtResetEvent(event, NULL), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(event, TRUE, &zero), STATUS_USER_APC);
    ok(ApcCount == 1, "then the APC");
    ok_status(NtWaitForMultipleObjects(1, &event, WaitAll, TRUE, &zero), STATUS_TIMEOUT);

    /* A NULL routine is accepted and does nothing: the sleep is whole. */
    ok_status(NtQueueApcThread(NtCurrentThread(), NULL, NULL, NULL, NULL), STATUS_SUCCESS);
    ok_status(Sleep(TRUE, 1), STATUS_SUCCESS);

    /* Alerts: tested once, consumed by an alertable wait, ignored by others. */
    ok_status(NtAlertThread(NtCurrentThread()), STATUS_SUCCESS);
    ok_status(NtTestAlert(), STATUS_ALERTED);
    ok_status(NtTestAlert(), STATUS_SUCCESS);
    ok_status(NtAlertThread(NtCurrentThread()), STATUS_SUCCESS);
    ok_status(Sleep(FALSE, 1), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(event, TRUE, &zero), STATUS_ALERTED);
    ok_status(NtWaitForSingleObject(event, TRUE, &zero), STATUS_TIMEOUT);

    /* An APC runs on the trap path's return too. */
    RawNumber = *(const ULONG *)((const char *)__imp_NtTestAlert + 4);
    ApcCount = 0;
    ok_status(NtQueueApcThread(NtCurrentThread(), RecordApc, (PVOID)9, NULL, NULL), STATUS_SUCCESS);
    ok_status(RawSyscall(), STATUS_SUCCESS);
    ok(ApcCount == 1 && ApcSeen[0] == 9, "NtTestAlert by a raw syscall ran the APC: %d", (int)ApcCount);

    ok_status(NtQueueApcThread((HANDLE)0x1234, RecordApc, NULL, NULL, NULL), STATUS_INVALID_HANDLE);
    ok_status(NtQueueApcThread(event, RecordApc, NULL, NULL, NULL), STATUS_OBJECT_TYPE_MISMATCH);
    ok_status(NtAlertThread((HANDLE)0x1234), STATUS_INVALID_HANDLE);
    ok_status(NtQueueApcThreadEx(NtCurrentThread(), (HANDLE)1, RecordApc, NULL, NULL, NULL),
              STATUS_NOT_IMPLEMENTED);
    ApcCount = 0;
    ok_status(NtQueueApcThreadEx(NtCurrentThread(), NULL, RecordApc, (PVOID)7, NULL, NULL),
              STATUS_SUCCESS);
    ok_status(NtTestAlert(), STATUS_SUCCESS);
    ok(ApcCount == 1 && ApcSeen[0] == 7, "NtQueueApcThreadEx queues as NtQueueApcThread does");
    NtClose(event);
}

typedef struct {
    HANDLE Ready, Object;
    NTSTATUS Status;
    ULONG Kind;   /* 0 wait on Object, 1 alertable sleep, 2 I/O completion removal */
    volatile LONG Done;
} WAITER;

static ULONG NTAPI Waiter(PVOID arg)
{
    WAITER *w = arg;
    LARGE_INTEGER ten_s = {.QuadPart = -100000000ll};
    FILE_IO_COMPLETION_INFORMATION info;
    ULONG removed;

    NtSetEvent(w->Ready, NULL);
    if (w->Kind == 0)
        w->Status = NtWaitForSingleObject(w->Object, TRUE, &ten_s);
    else if (w->Kind == 1)
        w->Status = NtDelayExecution(TRUE, &ten_s);
    else
        w->Status = NtRemoveIoCompletionEx(w->Object, &info, 1, &removed, &ten_s, TRUE);
    w->Done = 1;
    return 0;
}

static void TestOtherThread(void)
{
    static const char *const kinds[] = {"a wait", "a sleep", "an I/O completion removal"};
    LARGE_INTEGER five_s = {.QuadPart = -50000000ll};
    HANDLE thread, limited, ready, event, port;
    THREAD_BASIC_INFORMATION tbi;

    ok_status(NtCreateEvent(&ready, EVENT_ALL_ACCESS, NULL, SynchronizationEvent, FALSE), STATUS_SUCCESS);
    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
    ok_status(NtCreateIoCompletion(&port, IO_COMPLETION_ALL_ACCESS, NULL, 0), STATUS_SUCCESS);
    for (ULONG kind = 0; kind < 3; kind++) {
        WAITER w = {.Ready = ready, .Object = kind == 2 ? port : event, .Kind = kind};
        thread = TestCreateThread(Waiter, &w, 0);
        ok_status(NtWaitForSingleObject(ready, FALSE, &five_s), STATUS_WAIT_0);
        Sleep(FALSE, 20); /* well inside its wait */
        ok(!w.Done, "%s: still waiting", kinds[kind]);
        ApcCount = 0;
        ok_status(NtQueueApcThread(thread, RecordApc, (PVOID)5, NULL, NULL), STATUS_SUCCESS);
        ok_status(NtWaitForSingleObject(thread, FALSE, &five_s), STATUS_WAIT_0);
        ok(w.Status == STATUS_USER_APC && ApcCount == 1, "%s ended for the APC: %x, %d runs", kinds[kind],
           (unsigned)w.Status, (int)ApcCount);
        ok(NtQueryInformationThread(thread, ThreadBasicInformation, &tbi, sizeof(tbi), NULL) == STATUS_SUCCESS &&
           ApcThreadId == tbi.ClientId.UniqueThread, "%s: the APC ran on the waiting thread", kinds[kind]);
        /* The thread ended: no more APCs for it, as Wine's tests record. */
        ok_status(NtQueueApcThread(thread, RecordApc, NULL, NULL, NULL), STATUS_UNSUCCESSFUL);
        NtClose(thread);
    }

    /* An alert ends an alertable wait with STATUS_ALERTED. */
    {
        WAITER w = {.Ready = ready, .Object = event, .Kind = 0};
        thread = TestCreateThread(Waiter, &w, 0);
        ok_status(NtWaitForSingleObject(ready, FALSE, &five_s), STATUS_WAIT_0);
        Sleep(FALSE, 20);
        ok_status(NtAlertThread(thread), STATUS_SUCCESS);
        ok_status(NtWaitForSingleObject(thread, FALSE, &five_s), STATUS_WAIT_0);
        ok(w.Status == STATUS_ALERTED, "alerted: %x", (unsigned)w.Status);
        NtClose(thread);
    }

    /* NtAlertResumeThread: the previous count, and the thread runs into an alert. */
    {
        WAITER w = {.Ready = ready, .Object = event, .Kind = 1};
        ULONG previous = 99;
        thread = TestCreateThread(Waiter, &w, THREAD_CREATE_FLAGS_CREATE_SUSPENDED);
        ok_status(NtAlertResumeThread(thread, &previous), STATUS_SUCCESS);
        ok(previous == 1, "previous suspend count %u", (unsigned)previous);
        ok_status(NtWaitForSingleObject(thread, FALSE, &five_s), STATUS_WAIT_0);
        ok(w.Status == STATUS_ALERTED, "alerted before its wait: %x", (unsigned)w.Status);
        ok_status(NtAlertResumeThread(thread, (PULONG)0x10), STATUS_ACCESS_VIOLATION);
        NtClose(thread);
    }

    /* Rights: queueing needs THREAD_SET_CONTEXT, alerting THREAD_ALERT. */
    ok_status(NtDuplicateObject(NtCurrentProcess(), NtCurrentThread(), NtCurrentProcess(), &limited,
                                THREAD_QUERY_INFORMATION, 0, 0),
              STATUS_SUCCESS);
    ok_status(NtQueueApcThread(limited, RecordApc, NULL, NULL, NULL), STATUS_ACCESS_DENIED);
    ok_status(NtAlertThread(limited), STATUS_ACCESS_DENIED);
    NtClose(limited);
    NtClose(port);
    NtClose(event);
    NtClose(ready);
}

/* Stress: waiters wait alertably on a semaphore that signallers release; a feeder sends them APCs. Every
 * release is taken exactly once and every APC runs exactly once, on the thread it was sent to. */
#define STRESS_WAITERS 4
#define STRESS_RELEASES 4000
#define STRESS_APCS 2000

static HANDLE StressSemaphore;
static volatile LONG StressTaken, StressApcs[STRESS_WAITERS], StressWrongThread, StressStop;
static HANDLE StressIds[STRESS_WAITERS];

static void NTAPI StressApc(PVOID index, PVOID unused1, PVOID unused2)
{
    if (NtCurrentTeb()->ClientId.UniqueThread != StressIds[(ULONG_PTR)index])
        __atomic_add_fetch(&StressWrongThread, 1, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&StressApcs[(ULONG_PTR)index], 1, __ATOMIC_SEQ_CST);
}

static ULONG NTAPI StressWaiter(PVOID arg)
{
    LARGE_INTEGER ms = {.QuadPart = -10000};
    StressIds[(ULONG_PTR)arg] = NtCurrentTeb()->ClientId.UniqueThread;
    while (!StressStop) {
        NTSTATUS status = NtWaitForSingleObject(StressSemaphore, TRUE, &ms);
        if (status == STATUS_WAIT_0)
            __atomic_add_fetch(&StressTaken, 1, __ATOMIC_SEQ_CST);
    }
    NtTestAlert();
    return 0;
}

static void TestStress(void)
{
    HANDLE waiters[STRESS_WAITERS];
    LARGE_INTEGER ms = {.QuadPart = -10000}, ten_s = {.QuadPart = -100000000ll};
    LONG sent[STRESS_WAITERS] = {0}, total = 0, released = 0;
    LONG64 deadline;

    ok_status(NtCreateSemaphore(&StressSemaphore, SEMAPHORE_ALL_ACCESS, NULL, 0, 0x7fffffff), STATUS_SUCCESS);
    for (ULONG_PTR i = 0; i < STRESS_WAITERS; i++)
        waiters[i] = TestCreateThread(StressWaiter, (PVOID)i, 0);
    Sleep(FALSE, 10);
    for (int round = 0; released < STRESS_RELEASES || total < STRESS_APCS; round++) {
        if (released < STRESS_RELEASES) {
            NtReleaseSemaphore(StressSemaphore, 2, NULL);
            released += 2;
        }
        if (total < STRESS_APCS) {
            ULONG i = (ULONG)round % STRESS_WAITERS;
            if (NtQueueApcThread(waiters[i], StressApc, (PVOID)(ULONG_PTR)i, NULL, NULL) == STATUS_SUCCESS) {
                sent[i]++;
                total++;
            }
        }
        if (!(round & 63))
            NtYieldExecution();
    }
    deadline = NowMs() + 10000;
    while (StressTaken < released && NowMs() < deadline)
        NtDelayExecution(FALSE, &ms);
    StressStop = 1;
    for (int i = 0; i < STRESS_WAITERS; i++) {
        ok_status(NtWaitForSingleObject(waiters[i], FALSE, &ten_s), STATUS_WAIT_0);
        NtClose(waiters[i]);
    }
    ok(StressTaken == released, "every release taken once: %d of %d", (int)StressTaken, (int)released);
    for (int i = 0; i < STRESS_WAITERS; i++)
        ok(StressApcs[i] == sent[i], "waiter %d ran each of its APCs once: %d of %d", i, (int)StressApcs[i],
           (int)sent[i]);
    ok(!StressWrongThread, "no APC ran on another thread (%d did)", (int)StressWrongThread);
    NtClose(StressSemaphore);
}

static ULONG NTAPI WaitForAlertById(PVOID arg)
{
    return (ULONG)NtWaitForAlertByThreadId((PVOID)0x123, NULL);
}

static HANDLE ThreadIdOf(HANDLE thread)
{
    THREAD_BASIC_INFORMATION info = {0};
    NtQueryInformationThread(thread, ThreadBasicInformation, &info, sizeof(info), NULL);
    return info.ClientId.UniqueThread;
}

/* Alerts by thread id: one is kept for the next wait; another thread's wait ends with it; an ended thread is
 * still found by its id while its object lives. */
static void TestAlertById(void)
{
    HANDLE self = NtCurrentTeb()->ClientId.UniqueThread, thread, opened, id;
    LARGE_INTEGER zero = {.QuadPart = 0}, second = {.QuadPart = -10000000};
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa)};
    CLIENT_ID cid = {0};
    THREAD_BASIC_INFORMATION info;

    ok_status(NtWaitForAlertByThreadId((PVOID)0x123, &zero), STATUS_TIMEOUT);
    ok_status(NtAlertThreadByThreadId(NULL), STATUS_INVALID_CID);
    ok_status(NtAlertThreadByThreadId((HANDLE)0xdeadbeef), STATUS_INVALID_CID);
    ok_status(NtAlertThreadByThreadId(self), STATUS_SUCCESS);
    ok_status(NtAlertThreadByThreadId(self), STATUS_SUCCESS);
    ok_status(NtWaitForAlertByThreadId((PVOID)0x123, &zero), STATUS_ALERTED);
    ok_status(NtWaitForAlertByThreadId((PVOID)0x321, &zero), STATUS_TIMEOUT); /* two alerts are one */
    ok_status(NtWaitForAlertByThreadId(NULL, (PLARGE_INTEGER)0x10), STATUS_ACCESS_VIOLATION);

    thread = TestCreateThread(WaitForAlertById, NULL, 0);
    id = ThreadIdOf(thread);
    ok_status(NtWaitForSingleObject(thread, FALSE, &(LARGE_INTEGER){.QuadPart = -1000000}), STATUS_TIMEOUT);
    ok_status(NtAlertThreadByThreadId(id), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(thread, FALSE, &second), STATUS_WAIT_0);
    ok_status(NtQueryInformationThread(thread, ThreadBasicInformation, &info, sizeof(info), NULL), STATUS_SUCCESS);
    ok(info.ExitStatus == STATUS_ALERTED, "the other thread's wait ended alerted: %x", (unsigned)info.ExitStatus);
    ok_status(NtAlertThreadByThreadId(id), STATUS_SUCCESS);
    cid.UniqueThread = id;
    ok_status(NtOpenThread(&opened, THREAD_QUERY_INFORMATION, &oa, &cid), STATUS_SUCCESS);
    NtClose(opened);
    NtClose(thread);
}

void RunTests(void)
{
    TestAlertById();
    TestSelf();
    TestOtherThread();
    TestStress();
}
