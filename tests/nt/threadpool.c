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

static RTL_CRITICAL_SECTION Section;
static HANDLE Mutex, Semaphore, CompletionEvent, Hold;
static PVOID Module;
static volatile LONG Disassociated;

static void NTAPI WithCompletions(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work)
{
    RtlEnterCriticalSection(&Section);
    NtWaitForSingleObject(Mutex, FALSE, NULL);
    TpCallbackLeaveCriticalSectionOnCompletion(instance, &Section);
    TpCallbackReleaseMutexOnCompletion(instance, Mutex);
    TpCallbackReleaseSemaphoreOnCompletion(instance, Semaphore, 2);
    TpCallbackUnloadDllOnCompletion(instance, Module);
    TpCallbackSetEventOnCompletion(instance, CompletionEvent);
}

static void NTAPI Disassociating(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work)
{
    TpDisassociateCallback(instance);
    TpDisassociateCallback(instance); /* a second time changes nothing */
    NtWaitForSingleObject(Hold, FALSE, NULL);
    Disassociated = 1;
    NtSetEvent(CompletionEvent, NULL);
}

static void TestCompletionActions(void)
{
    LARGE_INTEGER zero = {.QuadPart = 0};
    UNICODE_STRING name;
    PVOID handle;
    TP_WORK *work;

    RtlInitializeCriticalSection(&Section);
    ok_status(NtCreateMutant(&Mutex, MUTANT_ALL_ACCESS, NULL, FALSE), STATUS_SUCCESS);
    ok_status(NtCreateSemaphore(&Semaphore, SEMAPHORE_ALL_ACCESS, NULL, 0, 10), STATUS_SUCCESS);
    CompletionEvent = Event(NotificationEvent);
    RtlInitUnicodeString(&name, L"ldrtest_e.dll");
    ok_status(LdrLoadDll(NULL, NULL, &name, &Module), STATUS_SUCCESS);

    ok_status(TpAllocWork(&work, WithCompletions, NULL, NULL), STATUS_SUCCESS);
    TpPostWork(work);
    ok_status(NtWaitForSingleObject(CompletionEvent, FALSE, NULL), STATUS_SUCCESS);
    TpWaitForWork(work, FALSE);
    ok(RtlTryEnterCriticalSection(&Section), "the critical section was left");
    RtlLeaveCriticalSection(&Section);
    ok_status(NtWaitForSingleObject(Mutex, FALSE, &zero), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(Semaphore, FALSE, &zero), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(Semaphore, FALSE, &zero), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(Semaphore, FALSE, &zero), STATUS_TIMEOUT);
    ok_status(LdrGetDllHandle(NULL, NULL, &name, &handle), STATUS_DLL_NOT_FOUND);
    TpReleaseWork(work);

    /* A disassociated callback is not waited for. */
    NtResetEvent(CompletionEvent, NULL);
    Hold = Event(NotificationEvent);
    ok_status(TpAllocWork(&work, Disassociating, NULL, NULL), STATUS_SUCCESS);
    TpPostWork(work);
    TpWaitForWork(work, FALSE);
    ok(!Disassociated, "the wait returned while the callback still runs");
    NtSetEvent(Hold, NULL);
    ok_status(NtWaitForSingleObject(CompletionEvent, FALSE, NULL), STATUS_SUCCESS);
    ok(Disassociated, "and it finished after");
    TpReleaseWork(work);
    NtClose(Hold);
    NtClose(Mutex);
    NtClose(Semaphore);
}

static volatile PVOID IoOverlapped;
static volatile ULONG IoBytes, IoError = 99;
static HANDLE IoDone;

static void NTAPI OnIo(PTP_CALLBACK_INSTANCE instance, PVOID context, PVOID overlapped, PIO_STATUS_BLOCK iosb,
                       PTP_IO io)
{
    IoOverlapped = overlapped;
    IoBytes = (ULONG)iosb->Information;
    IoError = (ULONG)iosb->Status;
    NtSetEvent(IoDone, NULL);
}

static void NTAPI OnOverlapped(ULONG error, ULONG bytes, PVOID overlapped)
{
    IoOverlapped = overlapped;
    IoBytes = bytes;
    IoError = error;
    NtSetEvent(IoDone, NULL);
}

static HANDLE OpenTemp(const WCHAR *path, ULONG options)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;
    HANDLE h = NULL;

    RtlInitUnicodeString(&name, path);
    NtCreateFile(&h, FILE_GENERIC_READ | FILE_GENERIC_WRITE | DELETE, &oa, &iosb, NULL, 0, 0, FILE_OVERWRITE_IF,
                 options | FILE_DELETE_ON_CLOSE, NULL, 0);
    return h;
}

/* A file's completions reach the pool's callbacks: the I/O object, and the old binding of a function. */
static void TestIo(void)
{
    static char marker[4], data[8] = "payload";
    HANDLE file = OpenTemp(L"\\??\\C:\\windows\\temp\\veles-tpio.bin", 0);
    HANDLE sync_file = OpenTemp(L"\\??\\C:\\windows\\temp\\veles-tpio2.bin", FILE_SYNCHRONOUS_IO_NONALERT);
    LARGE_INTEGER offset = {.QuadPart = 0};
    IO_STATUS_BLOCK iosb;
    TP_IO *io = NULL, *other = NULL;

    IoDone = Event(SynchronizationEvent);
    ok(file && sync_file, "two files");
    ok_status(TpAllocIoCompletion(&io, file, OnIo, NULL, NULL), STATUS_SUCCESS);
    /* kernelbase's CreateThreadpoolIo keeps its caller's callback in the object's first word. */
    *(PVOID *)io = (PVOID)0x1234;
    /* A completion no operation was started for runs nothing. */
    ok_status(NtWriteFile(file, NULL, NULL, marker + 2, &iosb, data, 2, &offset, NULL), STATUS_SUCCESS);
    {
        LARGE_INTEGER settle = {.QuadPart = -500000}; /* 50 ms for the pool's I/O thread to take it */
        NtDelayExecution(FALSE, &settle);
    }
    ok(IoOverlapped == NULL, "an unannounced completion reached no callback");
    TpStartAsyncIoOperation(io);
    ok_status(NtWriteFile(file, NULL, NULL, marker, &iosb, data, 7, &offset, NULL), STATUS_SUCCESS);
    TpWaitForIoCompletion(io, FALSE);
    ok(IoOverlapped == marker && IoBytes == 7 && IoError == STATUS_SUCCESS,
       "the write's completion reached the callback: %p %u %x", IoOverlapped, IoBytes, IoError);
    /* A cancelling wait forgets an operation not completed: its completion runs nothing. */
    IoOverlapped = NULL;
    TpStartAsyncIoOperation(io);
    TpWaitForIoCompletion(io, TRUE);
    ok_status(NtWriteFile(file, NULL, NULL, marker + 3, &iosb, data, 2, &offset, NULL), STATUS_SUCCESS);
    {
        LARGE_INTEGER settle = {.QuadPart = -500000};
        NtDelayExecution(FALSE, &settle);
    }
    TpStartAsyncIoOperation(io);
    ok_status(NtWriteFile(file, NULL, NULL, marker + 1, &iosb, data, 3, &offset, NULL), STATUS_SUCCESS);
    TpWaitForIoCompletion(io, FALSE);
    ok(IoOverlapped == marker + 1, "the forgotten operation's completion ran nothing: %p", IoOverlapped);
    ok(*(PVOID *)io == (PVOID)0x1234, "the first word is left alone");
    TpStartAsyncIoOperation(io);
    TpCancelAsyncIoOperation(io);
    TpWaitForIoCompletion(io, FALSE); /* nothing outstanding: returns */
    TpReleaseIoCompletion(io);
    ok_status(TpAllocIoCompletion(&other, sync_file, OnIo, NULL, NULL), STATUS_INVALID_PARAMETER);
    NtClose(file);

    file = OpenTemp(L"\\??\\C:\\windows\\temp\\veles-tpio3.bin", 0);
    IoOverlapped = NULL;
    NtResetEvent(IoDone, NULL); /* set by the I/O object's callback */
    ok_status(RtlSetIoCompletionCallback(file, OnOverlapped, 0), STATUS_SUCCESS);
    ok_status(NtWriteFile(file, NULL, NULL, marker + 1, &iosb, data, 5, &offset, NULL), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(IoDone, FALSE, NULL), STATUS_SUCCESS);
    ok(IoOverlapped == marker + 1 && IoBytes == 5 && IoError == 0, "the bound function, with a Win32 error: %u",
       IoError);
    ok_status(RtlSetIoCompletionCallback(sync_file, OnOverlapped, 0), STATUS_INVALID_PARAMETER);
    NtClose(file);
    NtClose(sync_file);
}

/* What Wine's threadpool test records of Windows, on a pool of one thread. */
static char Order[64];
static volatile LONG OrderLength;

static void NTAPI Record(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work)
{
    LARGE_INTEGER pause = {.QuadPart = -20000}; /* 2 ms */
    NtDelayExecution(FALSE, &pause);
    Order[__atomic_fetch_add(&OrderLength, 1, __ATOMIC_SEQ_CST)] = (char)(ULONG_PTR)context;
}

static void NTAPI WaitAtGate(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work)
{
    NtWaitForSingleObject(Gate, FALSE, NULL);
}

static void NTAPI SimpleRecord(PTP_CALLBACK_INSTANCE instance, PVOID context)
{
    Record(instance, context, NULL);
}

static void NTAPI LongCallback(PTP_CALLBACK_INSTANCE instance, PVOID context)
{
    MayRunLong = TpCallbackMayRunLong(instance);
    NtSetEvent(Finished, NULL);
}

static void NTAPI DisassociateAndBlock(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK work)
{
    TpDisassociateCallback(instance);
    NtSetEvent(Started, NULL);
    NtWaitForSingleObject(Gate, FALSE, NULL);
    __atomic_add_fetch(&Count, 1, __ATOMIC_SEQ_CST);
}

static void TestOnePoolThread(void)
{
    PTP_POOL pool;
    PTP_WORK a, b, blocked;
    PTP_CLEANUP_GROUP group;
    TP_CALLBACK_ENVIRON env = {.Version = 3, .Size = sizeof(env)};
    HANDLE opener;

    ok_status(TpAllocPool(&pool, NULL), STATUS_SUCCESS);
    TpSetPoolMaxThreads(pool, 1);
    env.Pool = pool;

    /* A pool that may not grow says so even with nothing queued. */
    MayRunLong = -1;
    NtResetEvent(Finished, NULL);
    ok_status(TpSimpleTryPost(LongCallback, NULL, &env), STATUS_SUCCESS);
    NtWaitForSingleObject(Finished, FALSE, NULL);
    ok(MayRunLong == STATUS_TOO_MANY_THREADS, "TpCallbackMayRunLong in a full pool: %x", MayRunLong);

    /* Objects posted many times take turns (posted while the one thread waits at the gate). */
    OrderLength = 0;
    memset(Order, 0, sizeof(Order));
    NtResetEvent(Gate, NULL);
    TpAllocWork(&blocked, WaitAtGate, NULL, &env);
    TpPostWork(blocked);
    TpAllocWork(&a, Record, (PVOID)'a', &env);
    TpAllocWork(&b, Record, (PVOID)'b', &env);
    for (int i = 0; i < 3; i++)
        TpPostWork(a);
    for (int i = 0; i < 3; i++)
        TpPostWork(b);
    NtSetEvent(Gate, NULL);
    TpWaitForWork(a, FALSE);
    TpWaitForWork(b, FALSE);
    ok(OrderLength == 6 && !memcmp(Order, "ababab", 6), "turns: %s", Order);
    TpReleaseWork(blocked);
    TpReleaseWork(a);
    TpReleaseWork(b);

    /* A cancelling group drops every member's pending callbacks before it waits for any; the cancel callback
     * hears of each object its owner holds, pending or not, and of one-shot callbacks that never ran. */
    ok_status(TpAllocCleanupGroup(&group), STATUS_SUCCESS);
    env.CleanupGroup = group;
    env.CleanupGroupCancelCallback = CancelCallback;
    OrderLength = 0;
    Cancelled = 0;
    for (int i = 0; i < 20; i++)
        TpSimpleTryPost(SimpleRecord, (PVOID)'s', &env);
    TpAllocWork(&a, Record, (PVOID)'a', &env);
    TpReleaseCleanupGroupMembers(group, TRUE, (PVOID)1);
    ok(OrderLength < 20, "pending one-shot callbacks cancelled: %d ran", OrderLength);
    ok(Cancelled == 20 - OrderLength + 1, "the cancel callback told of each: %d", Cancelled);

    /* A group waits for a callback disassociated from its object, which TpWaitForWork does not. */
    Count = 0;
    env.CleanupGroupCancelCallback = NULL;
    NtResetEvent(Gate, NULL);
    NtResetEvent(Started, NULL);
    TpAllocWork(&blocked, DisassociateAndBlock, NULL, &env);
    TpPostWork(blocked);
    NtWaitForSingleObject(Started, FALSE, NULL);
    TpWaitForWork(blocked, FALSE);
    ok(Count == 0, "TpWaitForWork does not wait for a disassociated callback");
    opener = TestCreateThread(OpenGateLater, NULL, 0);
    TpReleaseCleanupGroupMembers(group, FALSE, NULL);
    ok(Count == 1, "the group does");
    NtWaitForSingleObject(opener, FALSE, NULL);
    NtClose(opener);
    NtResetEvent(Gate, NULL);
    TpReleaseCleanupGroup(group);
    TpReleasePool(pool);
}

void RunTests(void)
{
    TestIo();
    TestCompletionActions();
    TestWork();
    TestCancelAndRelease();
    TestSimpleAndGroups();
    TestOnePoolThread();
}
