/* The thread pool's work items: posts and waits, cancelling, releasing with work pending, one-shot callbacks,
 * RtlQueueWorkItem, cleanup groups, private pools. */
#include "lib/nttest.h"

static volatile LONG Count, Target;
static HANDLE Gate, Started, Finished;
static volatile ULONG64 WorkerThread;
static volatile NTSTATUS MayRunLong = -1;

static HANDLE Event(EVENT_TYPE type)
{
    HANDLE h = NULL;
    NtCreateEvent(&h, EVENT_ALL_ACCESS, NULL, type, FALSE);
    return h;
}

static void NTAPI Increment(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work)
{
    WorkerThread = (ULONG64)NtCurrentTeb()->ClientId.UniqueThread;
    MayRunLong = TpCallbackMayRunLong(instance);
    __atomic_add_fetch(&Count, 1, __ATOMIC_SEQ_CST);
}

/* Tells it started, waits for the gate, counts, and says when the count reaches Target. */
static void NTAPI Blocking(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work)
{
    NtSetEvent(Started, NULL);
    NtWaitForSingleObject(Gate, FALSE, NULL);
    if (__atomic_add_fetch(&Count, 1, __ATOMIC_SEQ_CST) == Target)
        NtSetEvent(Finished, NULL);
}

static void NTAPI Simple(PTP_CALLBACK_INSTANCE instance, PVOID context)
{
    __atomic_add_fetch(&Count, (LONG)(ULONG_PTR)context, __ATOMIC_SEQ_CST);
    NtSetEvent(Finished, NULL);
}

static void NTAPI WorkItem(PVOID context)
{
    Simple(NULL, context);
}

static ULONG NTAPI OpenGateLater(PVOID arg)
{
    LARGE_INTEGER delay = {.QuadPart = -5000000}; /* half a second: the cancel comes long before */
    NtDelayExecution(FALSE, &delay);
    NtSetEvent(Gate, NULL);
    return 0;
}

static void TestWork(void)
{
    PTP_WORK work;

    Count = 0;
    ok_status(TpAllocWork(&work, Increment, NULL, NULL), STATUS_SUCCESS);
    for (int i = 0; i < 10; i++)
        TpPostWork(work);
    TpWaitForWork(work, FALSE);
    ok(Count == 10, "ten posts, ten runs (%d)", Count);
    ok(WorkerThread && WorkerThread != (ULONG64)NtCurrentTeb()->ClientId.UniqueThread, "on a worker thread");
    ok(MayRunLong == STATUS_SUCCESS, "a callback may run long");
    TpReleaseWork(work);
    ok_status(TpAllocWork(&work, NULL, NULL, NULL), STATUS_INVALID_PARAMETER);
}

static void TestCancelAndRelease(void)
{
    PTP_POOL pool;
    PTP_WORK work;
    TP_CALLBACK_ENVIRON env = {.Version = 3, .Size = sizeof(env)};
    TP_POOL_STACK_INFORMATION stack = {0x40000, 0x2000}, got = {0};
    HANDLE helper;

    ok_status(TpAllocPool(&pool, NULL), STATUS_SUCCESS);
    TpSetPoolMaxThreads(pool, 1);
    ok_status(TpSetPoolStackInformation(pool, &stack), STATUS_SUCCESS);
    ok_status(TpQueryPoolStackInformation(pool, &got), STATUS_SUCCESS);
    ok(got.StackReserve == 0x40000 && got.StackCommit == 0x2000, "the pool's stacks");
    env.Pool = pool;
    Gate = Event(NotificationEvent);
    Started = Event(SynchronizationEvent);
    Finished = Event(SynchronizationEvent);

    /* One worker, blocked in the first run: the four other posts wait, and are cancelled. */
    Count = 0;
    Target = 0;
    ok_status(TpAllocWork(&work, Blocking, NULL, &env), STATUS_SUCCESS);
    for (int i = 0; i < 5; i++)
        TpPostWork(work);
    ok_status(NtWaitForSingleObject(Started, FALSE, NULL), STATUS_SUCCESS);
    ok_status(NtCreateThreadEx(&helper, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), (PVOID)OpenGateLater, NULL, 0, 0,
                               0, 0, NULL), STATUS_SUCCESS);
    TpWaitForWork(work, TRUE);
    ok(Count == 1, "the running callback finished, the pending ones were cancelled (%d)", Count);
    NtWaitForSingleObject(helper, FALSE, NULL);
    NtClose(helper);

    /* Released with posts pending: they still run, then the object goes. */
    Count = 0;
    Target = 3;
    TpPostWork(work);
    TpPostWork(work);
    TpPostWork(work);
    TpReleaseWork(work);
    ok_status(NtWaitForSingleObject(Finished, FALSE, NULL), STATUS_SUCCESS);
    ok(Count == 3, "posts made before the release run (%d)", Count);
    TpReleasePool(pool);
}

static volatile LONG Finalized, Cancelled;

static void NTAPI Finalize(PTP_CALLBACK_INSTANCE instance, PVOID context)
{
    __atomic_add_fetch(&Finalized, 1, __ATOMIC_SEQ_CST);
}

static void NTAPI CancelCallback(PVOID object_context, PVOID cleanup_context)
{
    __atomic_add_fetch(&Cancelled, (LONG)(ULONG_PTR)cleanup_context, __ATOMIC_SEQ_CST);
}

static void TestSimpleAndGroups(void)
{
    PTP_CLEANUP_GROUP group;
    PTP_WORK work;
    TP_CALLBACK_ENVIRON env = {.Version = 3, .Size = sizeof(env)};

    Count = 0;
    ok_status(TpSimpleTryPost(Simple, (PVOID)7, NULL), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(Finished, FALSE, NULL), STATUS_SUCCESS);
    ok(Count == 7, "a one-shot callback");
    ok_status(RtlQueueWorkItem(WorkItem, (PVOID)5, 0), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(Finished, FALSE, NULL), STATUS_SUCCESS);
    ok(Count == 12, "RtlQueueWorkItem");
    ok_status(TpSimpleTryPost(NULL, NULL, NULL), STATUS_INVALID_PARAMETER);

    ok_status(TpAllocCleanupGroup(&group), STATUS_SUCCESS);
    env.CleanupGroup = group;
    env.CleanupGroupCancelCallback = CancelCallback;
    env.FinalizationCallback = Finalize;
    Count = 0;
    ok_status(TpAllocWork(&work, Increment, NULL, &env), STATUS_SUCCESS);
    TpPostWork(work);
    TpPostWork(work);
    TpReleaseCleanupGroupMembers(group, FALSE, (PVOID)1);
    ok(Count == 2 && Cancelled == 0 && Finalized == 1, "the group waited, released and finalized its member");
    TpReleaseCleanupGroup(group);
}

void RunTests(void)
{
    TestWork();
    TestCancelAndRelease();
    TestSimpleAndGroups();
}
