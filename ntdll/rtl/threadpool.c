/* The thread pool's work items: pools of worker threads that start as work arrives and end after a while
 * idle, work objects posted any number of times, one-shot callbacks, cleanup groups, RtlQueueWorkItem. */
#include "rtl/tpp.h"

TP_POOL RtlpDefaultPool = {
    .References = 1,
    .Queue = {&RtlpDefaultPool.Queue, &RtlpDefaultPool.Queue},
    .MaxThreads = RTLP_DEFAULT_MAX_THREADS,
};

static void RtlpReleasePool(TP_POOL *pool)
{
    if (pool != &RtlpDefaultPool && !__atomic_sub_fetch(&pool->References, 1, __ATOMIC_ACQ_REL))
        RtlFreeHeap(RtlpHeap(), 0, pool);
}

void RtlpDereferenceObject(RTLP_TP_OBJECT *object)
{
    TP_POOL *pool = object->Pool;

    if (__atomic_sub_fetch(&object->References, 1, __ATOMIC_ACQ_REL))
        return;
    if (object->Finalization)
        object->Finalization(NULL, object->Context);
    if (object->CompletionEvent)
        NtSetEvent(object->CompletionEvent, NULL);
    RtlFreeHeap(RtlpHeap(), 0, object);
    RtlpReleasePool(pool);
}

/* Whether the owner's reference is due now: released, nothing pending or running, not yet dropped. Under the
 * pool's lock. */
BOOLEAN RtlpOwnerReferenceDue(RTLP_TP_OBJECT *object)
{
    if (!object->Released || object->OwnerGone || object->Pending || object->Running || object->Executing ||
        object->IoPending || object->IoSkipped)
        return FALSE;
    object->OwnerGone = TRUE;
    return TRUE;
}

/* Under the pool's lock: one callback fewer running; waiters learn when none is left. */
static void RtlpEndRunning(RTLP_TP_OBJECT *object)
{
    object->Running--;
    if (!object->Pending && !object->Running)
        RtlWakeAllConditionVariable(&object->Done);
}

/* What the callback asked to be done once it returned, in Windows' order. */
static void RtlpCompleteCallback(TP_CALLBACK_INSTANCE *instance)
{
    if (instance->CriticalSection)
        RtlLeaveCriticalSection(instance->CriticalSection);
    if (instance->Mutex)
        NtReleaseMutant(instance->Mutex, NULL);
    if (instance->Semaphore)
        NtReleaseSemaphore(instance->Semaphore, instance->SemaphoreCount, NULL);
    if (instance->Event)
        NtSetEvent(instance->Event, NULL);
    if (instance->Module)
        LdrUnloadDll(instance->Module);
}

static ULONG NTAPI RtlpWorker(PVOID parameter)
{
    TP_POOL *pool = parameter;
    LARGE_INTEGER timeout = {.QuadPart = RTLP_IDLE_TIMEOUT};

    RtlAcquireSRWLockExclusive(&pool->Lock);
    for (;;) {
        RTLP_TP_OBJECT *object;
        TP_CALLBACK_INSTANCE instance = {0};

        while (IsListEmpty(&pool->Queue)) {
            NTSTATUS status;
            pool->Idle++;
            status = RtlSleepConditionVariableSRW(&pool->Work, &pool->Lock, &timeout, 0);
            pool->Idle--;
            if (status == STATUS_TIMEOUT && IsListEmpty(&pool->Queue) && pool->Threads > pool->MinThreads) {
                pool->Threads--;
                RtlReleaseSRWLockExclusive(&pool->Lock);
                RtlpReleasePool(pool);
                return 0;
            }
        }
        /* One callback of the first object, which then waits behind the others: an object posted many times
         * does not hold back those posted after it. */
        object = CONTAINING_RECORD(pool->Queue.Flink, RTLP_TP_OBJECT, QueueLink);
        RemoveEntryList(&object->QueueLink);
        if (--object->Pending)
            InsertTailList(&pool->Queue, &object->QueueLink);
        else
            object->Queued = FALSE;
        object->Running++;
        object->Executing++;
        RtlReleaseSRWLockExclusive(&pool->Lock);

        instance.Object = object;
        switch (object->Kind) {
        case RtlpSimpleObject:
            ((PTP_SIMPLE_CALLBACK)object->Callback)(&instance, object->Context);
            break;
        case RtlpWaitObject:
            ((PTP_WAIT_CALLBACK)object->Callback)(&instance, object->Context, (TP_WAIT *)object, object->WaitResult);
            break;
        case RtlpIoObject:
            RtlpRunIoCallback(&instance, object);
            break;
        default: /* work and timers */
            ((PTP_WORK_CALLBACK)object->Callback)(&instance, object->Context, object);
            break;
        }

        RtlpCompleteCallback(&instance);

        RtlAcquireSRWLockExclusive(&pool->Lock);
        if (!instance.Disassociated)
            RtlpEndRunning(object);
        if (!--object->Executing)
            RtlWakeAllConditionVariable(&object->Done);
        if (RtlpOwnerReferenceDue(object)) {
            RtlReleaseSRWLockExclusive(&pool->Lock);
            RtlpDereferenceObject(object);
            RtlAcquireSRWLockExclusive(&pool->Lock);
        }
    }
}

/* Start a worker when the work queued finds none idle and the pool may grow. Under the pool's lock. */
static void RtlpWakeWorker(TP_POOL *pool)
{
    HANDLE thread;

    if (pool->Idle) {
        RtlWakeConditionVariable(&pool->Work);
        return;
    }
    if (pool->Threads >= pool->MaxThreads)
        return;
    __atomic_add_fetch(&pool->References, 1, __ATOMIC_RELAXED);
    if (NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), RtlpWorker, pool, 0, 0,
                         pool->StackCommit, pool->StackReserve, NULL)) {
        __atomic_sub_fetch(&pool->References, 1, __ATOMIC_RELAXED);
        return; /* the work waits for a worker that is there or comes */
    }
    NtClose(thread);
    pool->Threads++;
}

NTSTATUS NTAPI TpAllocPool(TP_POOL **Pool, PVOID Reserved)
{
    TP_POOL *pool = RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY, sizeof(*pool));

    if (!pool)
        return STATUS_NO_MEMORY;
    pool->References = 1;
    InitializeListHead(&pool->Queue);
    pool->MaxThreads = RTLP_DEFAULT_MAX_THREADS;
    *Pool = pool;
    return STATUS_SUCCESS;
}

/* The pool goes when its workers and objects are done with it. */
void NTAPI TpReleasePool(TP_POOL *Pool)
{
    RtlpReleasePool(Pool);
}

void NTAPI TpSetPoolMaxThreads(TP_POOL *Pool, DWORD Maximum)
{
    TP_POOL *pool = Pool ? Pool : &RtlpDefaultPool;

    RtlAcquireSRWLockExclusive(&pool->Lock);
    pool->MaxThreads = Maximum ? Maximum : 1;
    if (pool->MinThreads > pool->MaxThreads)
        pool->MinThreads = pool->MaxThreads;
    RtlReleaseSRWLockExclusive(&pool->Lock);
}

NTSTATUS NTAPI TpSetPoolMinThreads(TP_POOL *Pool, DWORD Minimum)
{
    TP_POOL *pool = Pool ? Pool : &RtlpDefaultPool;

    RtlAcquireSRWLockExclusive(&pool->Lock);
    pool->MinThreads = Minimum;
    if (pool->MaxThreads < Minimum)
        pool->MaxThreads = Minimum;
    RtlReleaseSRWLockExclusive(&pool->Lock);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI TpQueryPoolStackInformation(TP_POOL *Pool, PTP_POOL_STACK_INFORMATION StackInformation)
{
    TP_POOL *pool = Pool ? Pool : &RtlpDefaultPool;

    StackInformation->StackReserve = pool->StackReserve;
    StackInformation->StackCommit = pool->StackCommit;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI TpSetPoolStackInformation(TP_POOL *Pool, PTP_POOL_STACK_INFORMATION StackInformation)
{
    TP_POOL *pool = Pool ? Pool : &RtlpDefaultPool;

    if (!StackInformation)
        return STATUS_INVALID_PARAMETER;
    pool->StackReserve = StackInformation->StackReserve;
    pool->StackCommit = StackInformation->StackCommit;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI TpAllocCleanupGroup(TP_CLEANUP_GROUP **Group)
{
    TP_CLEANUP_GROUP *group = RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY, sizeof(*group));

    if (!group)
        return STATUS_NO_MEMORY;
    InitializeListHead(&group->Members);
    *Group = group;
    return STATUS_SUCCESS;
}

void NTAPI TpReleaseCleanupGroup(TP_CLEANUP_GROUP *Group)
{
    RtlFreeHeap(RtlpHeap(), 0, Group);
}

/* An object in the environment's pool and cleanup group. */
static NTSTATUS RtlpAllocObject(RTLP_TP_OBJECT **out, PVOID context, const TP_CALLBACK_ENVIRON *environment)
{
    RTLP_TP_OBJECT *object = RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY, sizeof(*object));

    if (!object)
        return STATUS_NO_MEMORY;
    object->Pool = environment && environment->Pool ? environment->Pool : &RtlpDefaultPool;
    object->Context = context;
    object->References = 1;
    InitializeListHead(&object->GroupLink);
    __atomic_add_fetch(&object->Pool->References, 1, __ATOMIC_RELAXED);
    if (environment) {
        object->Finalization = environment->FinalizationCallback;
        if ((object->Group = environment->CleanupGroup)) {
            object->Cancel = environment->CleanupGroupCancelCallback;
            object->References++;
            RtlAcquireSRWLockExclusive(&object->Group->Lock);
            InsertTailList(&object->Group->Members, &object->GroupLink);
            RtlReleaseSRWLockExclusive(&object->Group->Lock);
        }
    }
    *out = object;
    return STATUS_SUCCESS;
}

void RtlpPostLocked(RTLP_TP_OBJECT *object)
{
    if (!object->Pending++ && !object->Queued) {
        InsertTailList(&object->Pool->Queue, &object->QueueLink);
        object->Queued = TRUE;
    }
    RtlpWakeWorker(object->Pool);
}

void RtlpPost(RTLP_TP_OBJECT *object)
{
    RtlAcquireSRWLockExclusive(&object->Pool->Lock);
    RtlpPostLocked(object);
    RtlReleaseSRWLockExclusive(&object->Pool->Lock);
}

/* An object of a kind, with its callback, in the environment's pool and cleanup group. */
NTSTATUS RtlpAllocCallbackObject(RTLP_TP_OBJECT **out, RTLP_TP_KIND kind, PVOID callback, PVOID context,
                                 const TP_CALLBACK_ENVIRON *environment)
{
    NTSTATUS status;

    if (!callback)
        return STATUS_INVALID_PARAMETER;
    if ((status = RtlpAllocObject(out, context, environment)))
        return status;
    (*out)->Kind = kind;
    (*out)->Callback = callback;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI TpAllocWork(TP_WORK **Work, PTP_WORK_CALLBACK Callback, PVOID Context,
                           TP_CALLBACK_ENVIRON *Environment)
{
    return RtlpAllocCallbackObject(Work, RtlpWorkObject, (PVOID)Callback, Context, Environment);
}

void NTAPI TpPostWork(TP_WORK *Work)
{
    RtlpPost(Work);
}

/* Optionally forget the posts not yet taken, then wait for the callbacks running. */
/* Under the pool's lock: the callbacks posted and not started are dropped. */
static void RtlpCancelPending(RTLP_TP_OBJECT *object)
{
    if (!object->Queued)
        return;
    RemoveEntryList(&object->QueueLink);
    object->Queued = FALSE;
    object->Pending = 0;
    object->Cancelled = TRUE;
    if (!object->Running)
        RtlWakeAllConditionVariable(&object->Done);
}

void NTAPI TpWaitForWork(TP_WORK *Work, BOOLEAN CancelPendingCallbacks)
{
    TP_POOL *pool = Work->Pool;

    RtlAcquireSRWLockExclusive(&pool->Lock);
    if (CancelPendingCallbacks)
        RtlpCancelPending(Work);
    while (Work->Pending || Work->Running)
        RtlSleepConditionVariableSRW(&Work->Done, &pool->Lock, NULL, 0);
    RtlReleaseSRWLockExclusive(&pool->Lock);
}

/* The owner lets go: the object goes once what was posted has run (at once, if nothing is) and its cleanup
 * group has let go too. */
void NTAPI TpReleaseWork(TP_WORK *Work)
{
    TP_POOL *pool = Work->Pool;
    BOOLEAN due;

    RtlAcquireSRWLockExclusive(&pool->Lock);
    Work->Released = TRUE;
    due = RtlpOwnerReferenceDue(Work);
    RtlReleaseSRWLockExclusive(&pool->Lock);
    if (due)
        RtlpDereferenceObject(Work);
}

NTSTATUS NTAPI TpSimpleTryPost(PTP_SIMPLE_CALLBACK Callback, PVOID Context, TP_CALLBACK_ENVIRON *Environment)
{
    RTLP_TP_OBJECT *object;
    NTSTATUS status = RtlpAllocCallbackObject(&object, RtlpSimpleObject, (PVOID)Callback, Context, Environment);

    if (status)
        return status;
    object->Released = TRUE; /* it goes after its one run */
    RtlpPost(object);
    return STATUS_SUCCESS;
}

/* Cancel (when asked) every member's pending callbacks, then wait for each member and release it. When
 * cancelling, a member's cancel callback is told once, on this thread, after its running callbacks are done:
 * for an object its owner still holds, and for a one-shot callback that never ran. */
void NTAPI TpReleaseCleanupGroupMembers(TP_CLEANUP_GROUP *Group, BOOLEAN CancelPendingCallbacks,
                                         PVOID CleanupParameter)
{
    LIST_ENTRY members;

    /* The members move to a list of this call's: the group's reference keeps each while it is waited for. */
    RtlAcquireSRWLockExclusive(&Group->Lock);
    if (IsListEmpty(&Group->Members)) {
        InitializeListHead(&members);
    } else {
        members = Group->Members;
        members.Flink->Blink = members.Blink->Flink = &members;
        InitializeListHead(&Group->Members);
    }
    RtlReleaseSRWLockExclusive(&Group->Lock);
    if (CancelPendingCallbacks) {
        for (LIST_ENTRY *l = members.Flink; l != &members; l = l->Flink) {
            RTLP_TP_OBJECT *object = CONTAINING_RECORD(l, RTLP_TP_OBJECT, GroupLink);
            RtlAcquireSRWLockExclusive(&object->Pool->Lock);
            RtlpCancelPending(object);
            RtlReleaseSRWLockExclusive(&object->Pool->Lock);
        }
    }
    while (!IsListEmpty(&members)) {
        RTLP_TP_OBJECT *object = CONTAINING_RECORD(members.Flink, RTLP_TP_OBJECT, GroupLink);
        BOOLEAN cancelled, due;

        RemoveEntryList(&object->GroupLink);
        /* A group waits for its members' callbacks to end, those disassociated from them too. */
        RtlAcquireSRWLockExclusive(&object->Pool->Lock);
        while (object->Pending || object->Running || object->Executing)
            RtlSleepConditionVariableSRW(&object->Done, &object->Pool->Lock, NULL, 0);
        cancelled = CancelPendingCallbacks &&
                    (object->Kind == RtlpSimpleObject ? object->Cancelled : !object->Released);
        RtlReleaseSRWLockExclusive(&object->Pool->Lock);
        if (cancelled && object->Cancel)
            object->Cancel(object->Context, CleanupParameter);
        RtlAcquireSRWLockExclusive(&object->Pool->Lock);
        object->Released = TRUE;
        due = RtlpOwnerReferenceDue(object);
        RtlReleaseSRWLockExclusive(&object->Pool->Lock);
        if (due)
            RtlpDereferenceObject(object);
        RtlpDereferenceObject(object);
    }
}

/* Another worker is started, unless one is idle, so that the pool's other work does not wait on this callback;
 * a pool that may not grow says so (STATUS_TOO_MANY_THREADS), whether or not work waits now. */
NTSTATUS NTAPI TpCallbackMayRunLong(TP_CALLBACK_INSTANCE *Instance)
{
    TP_POOL *pool = Instance->Object->Pool;
    NTSTATUS status = STATUS_SUCCESS;

    if (Instance->MayRunLong)
        return STATUS_SUCCESS;
    Instance->MayRunLong = TRUE;
    RtlAcquireSRWLockExclusive(&pool->Lock);
    if (!pool->Idle) {
        if (pool->Threads >= pool->MaxThreads)
            status = STATUS_TOO_MANY_THREADS;
        else
            RtlpWakeWorker(pool);
    }
    RtlReleaseSRWLockExclusive(&pool->Lock);
    return status;
}

static void NTAPI RtlpRunWorkItem(TP_CALLBACK_INSTANCE *instance, PVOID context)
{
    PRTL_WORK_ITEM_ROUTINE *routine = context;
    PVOID argument = ((PVOID *)context)[1];
    PRTL_WORK_ITEM_ROUTINE function = *routine;

    RtlFreeHeap(RtlpHeap(), 0, context);
    function(argument);
}

/* The old interface: a function and its context, once, on the default pool. */
NTSTATUS NTAPI RtlQueueWorkItem(PRTL_WORK_ITEM_ROUTINE Function, PVOID Context, ULONG Flags)
{
    PVOID *pair = RtlAllocateHeap(RtlpHeap(), 0, 2 * sizeof(PVOID));
    NTSTATUS status;

    if (!pair)
        return STATUS_NO_MEMORY;
    pair[0] = (PVOID)Function;
    pair[1] = Context;
    if ((status = TpSimpleTryPost(RtlpRunWorkItem, pair, NULL)))
        RtlFreeHeap(RtlpHeap(), 0, pair);
    return status;
}

void NTAPI TpCallbackSetEventOnCompletion(TP_CALLBACK_INSTANCE *Instance, HANDLE Event)
{
    Instance->Event = Event;
}

void NTAPI TpCallbackReleaseSemaphoreOnCompletion(TP_CALLBACK_INSTANCE *Instance, HANDLE Semaphore, ULONG Count)
{
    Instance->Semaphore = Semaphore;
    Instance->SemaphoreCount = (LONG)Count;
}

void NTAPI TpCallbackReleaseMutexOnCompletion(TP_CALLBACK_INSTANCE *Instance, HANDLE Mutex)
{
    Instance->Mutex = Mutex;
}

void NTAPI TpCallbackLeaveCriticalSectionOnCompletion(TP_CALLBACK_INSTANCE *Instance,
                                                       PRTL_CRITICAL_SECTION CriticalSection)
{
    Instance->CriticalSection = CriticalSection;
}

void NTAPI TpCallbackUnloadDllOnCompletion(TP_CALLBACK_INSTANCE *Instance, PVOID Module)
{
    Instance->Module = Module;
}

/* From here on the callback does not count for those waiting on its object. */
void NTAPI TpDisassociateCallback(TP_CALLBACK_INSTANCE *Instance)
{
    TP_POOL *pool = Instance->Object->Pool;

    if (Instance->Disassociated)
        return;
    Instance->Disassociated = TRUE;
    RtlAcquireSRWLockExclusive(&pool->Lock);
    RtlpEndRunning(Instance->Object);
    RtlReleaseSRWLockExclusive(&pool->Lock);
}
