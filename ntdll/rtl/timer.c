/* The thread pool's timers and waits. Waiter threads watch them: each waits for up to 63 handles at once (and
 * its own event, set when its list changes) until the soonest due time, then posts what fired to its pool. */
#include "rtl/tpp.h"

#define RTLP_NEVER 0x7fffffffffffffffll
#define RTLP_WAITER_HANDLES (MAXIMUM_WAIT_OBJECTS - 1)

typedef struct RTLP_WAITER {
    LIST_ENTRY Link;
    LIST_ENTRY Armed; /* its timers and waits */
    ULONG Handles;    /* waits among them */
    HANDLE Wake;
} RTLP_WAITER;

static RTL_SRWLOCK RtlpWaitersLock;
static LIST_ENTRY RtlpWaiters = {&RtlpWaiters, &RtlpWaiters};

static LONGLONG RtlpNow(void)
{
    LARGE_INTEGER now;
    NtQuerySystemTime(&now);
    return now.QuadPart;
}

/* A due time as the services take it (negative: relative, in 100 ns; else absolute system time), as an
 * absolute system time. */
static LONGLONG RtlpAbsolute(LONGLONG due)
{
    return due < 0 ? RtlpNow() - due : due;
}

static void RtlpPostFired(RTLP_TP_OBJECT *object, ULONG result)
{
    RtlAcquireSRWLockExclusive(&object->Pool->Lock);
    object->WaitResult = result;
    RtlReleaseSRWLockExclusive(&object->Pool->Lock);
    RtlpPost(object);
}

/* Under the waiters' lock. The armed object holds a reference, so a snapshot of it cannot outlive it. */
static void RtlpUnlink(RTLP_TP_OBJECT *object)
{
    RTLP_WAITER *waiter = object->Waiter;

    RemoveEntryList(&object->ArmLink);
    if (object->Handle)
        waiter->Handles--;
    object->Waiter = NULL;
    NtSetEvent(waiter->Wake, NULL);
}

/* After a wait failed on a bad handle: the waits whose handle no longer waits are dropped, as if disarmed. */
static void RtlpDropBadHandles(RTLP_WAITER *waiter, RTLP_TP_OBJECT **dropped, ULONG *count)
{
    LARGE_INTEGER zero = {.QuadPart = 0};

    for (LIST_ENTRY *l = waiter->Armed.Flink, *next; l != &waiter->Armed; l = next) {
        RTLP_TP_OBJECT *object = CONTAINING_RECORD(l, RTLP_TP_OBJECT, ArmLink);
        NTSTATUS status;
        next = l->Flink;
        if (!object->Handle)
            continue;
        status = NtWaitForSingleObject(object->Handle, FALSE, &zero);
        if (status == STATUS_INVALID_HANDLE || status == STATUS_OBJECT_TYPE_MISMATCH ||
            status == STATUS_ACCESS_DENIED) {
            RtlpUnlink(object);
            dropped[(*count)++] = object;
        }
    }
}

static ULONG NTAPI RtlpWaiterThread(PVOID parameter)
{
    RTLP_WAITER *waiter = parameter;
    HANDLE handles[MAXIMUM_WAIT_OBJECTS];
    RTLP_TP_OBJECT *watched[MAXIMUM_WAIT_OBJECTS], *fired[64];

    for (;;) {
        LONGLONG soonest = RTLP_NEVER, now;
        LARGE_INTEGER timeout;
        ULONG count = 1, nfired = 0;
        ULONG results[64];
        NTSTATUS status;

        handles[0] = waiter->Wake;
        RtlAcquireSRWLockExclusive(&RtlpWaitersLock);
        for (LIST_ENTRY *l = waiter->Armed.Flink; l != &waiter->Armed; l = l->Flink) {
            RTLP_TP_OBJECT *object = CONTAINING_RECORD(l, RTLP_TP_OBJECT, ArmLink);
            if (object->Due < soonest)
                soonest = object->Due;
            if (object->Handle) {
                __atomic_add_fetch(&object->References, 1, __ATOMIC_RELAXED);
                watched[count] = object;
                handles[count++] = object->Handle;
            }
        }
        RtlReleaseSRWLockExclusive(&RtlpWaitersLock);

        now = RtlpNow();
        timeout.QuadPart = soonest == RTLP_NEVER ? 0 : soonest > now ? now - soonest : 0;
        status = NtWaitForMultipleObjects(count, handles, WaitAny, FALSE, soonest == RTLP_NEVER ? NULL : &timeout);

        RtlAcquireSRWLockExclusive(&RtlpWaitersLock);
        if (status >= STATUS_WAIT_0 + 1 && (ULONG)status < STATUS_WAIT_0 + count) {
            RTLP_TP_OBJECT *object = watched[status - STATUS_WAIT_0];
            /* Still armed for that handle: it fired. Disarmed meanwhile, the signal is not its any more. */
            if (object->Waiter == waiter && object->Handle == handles[status - STATUS_WAIT_0]) {
                RtlpUnlink(object);
                results[nfired] = STATUS_WAIT_0;
                fired[nfired++] = object;
            }
        } else if (!NT_SUCCESS(status)) {
            RtlpDropBadHandles(waiter, fired, &nfired);
            for (ULONG k = 0; k < nfired; k++)
                results[k] = ~0u; /* not posted */
        }
        now = RtlpNow();
        for (LIST_ENTRY *l = waiter->Armed.Flink, *next; l != &waiter->Armed && nfired < 64; l = next) {
            RTLP_TP_OBJECT *object = CONTAINING_RECORD(l, RTLP_TP_OBJECT, ArmLink);
            next = l->Flink;
            if (object->Due > now)
                continue;
            if (object->Kind == RtlpTimerObject && object->Period) {
                object->Due = now + (LONGLONG)object->Period * 10000;
                __atomic_add_fetch(&object->References, 1, __ATOMIC_RELAXED);
            } else {
                RtlpUnlink(object);
            }
            results[nfired] = STATUS_TIMEOUT;
            fired[nfired++] = object;
        }
        /* Posted before the lock is let go, so that whoever disarms and then waits for callbacks sees these. */
        for (ULONG k = 0; k < nfired; k++)
            if (results[k] != ~0u)
                RtlpPostFired(fired[k], fired[k]->Kind == RtlpWaitObject ? results[k] : 0);
        RtlReleaseSRWLockExclusive(&RtlpWaitersLock);

        for (ULONG k = 0; k < nfired; k++)
            RtlpDereferenceObject(fired[k]); /* the armed reference, or the periodic timer's extra one */
        for (ULONG k = 1; k < count; k++)
            RtlpDereferenceObject(watched[k]);
    }
    return 0;
}

/* A waiter with room for one more handle (or any, for a timer), started if there is none. Under the lock. */
static RTLP_WAITER *RtlpFindWaiter(BOOLEAN handle)
{
    RTLP_WAITER *waiter;
    HANDLE thread;

    for (LIST_ENTRY *l = RtlpWaiters.Flink; l != &RtlpWaiters; l = l->Flink) {
        waiter = CONTAINING_RECORD(l, RTLP_WAITER, Link);
        if (!handle || waiter->Handles < RTLP_WAITER_HANDLES)
            return waiter;
    }
    if (!(waiter = RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY, sizeof(*waiter))))
        return NULL;
    InitializeListHead(&waiter->Armed);
    if (NtCreateEvent(&waiter->Wake, EVENT_ALL_ACCESS, NULL, SynchronizationEvent, FALSE)) {
        RtlFreeHeap(RtlpHeap(), 0, waiter);
        return NULL;
    }
    if (NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), RtlpWaiterThread, waiter, 0, 0, 0, 0,
                         NULL)) {
        NtClose(waiter->Wake);
        RtlFreeHeap(RtlpHeap(), 0, waiter);
        return NULL;
    }
    NtClose(thread);
    InsertTailList(&RtlpWaiters, &waiter->Link);
    return waiter;
}

void RtlpDisarm(RTLP_TP_OBJECT *object)
{
    BOOLEAN armed;

    RtlAcquireSRWLockExclusive(&RtlpWaitersLock);
    if ((armed = object->Waiter != NULL))
        RtlpUnlink(object);
    RtlReleaseSRWLockExclusive(&RtlpWaitersLock);
    if (armed)
        RtlpDereferenceObject(object);
}

/* (Re)arm: disarmed first, then given to a waiter with its due time. Without a waiter thread (no memory, no
 * thread) it stays disarmed, which the caller cannot be told: these functions return nothing on Windows too. */
static void RtlpArm(RTLP_TP_OBJECT *object, HANDLE handle, LONGLONG due, LONG period)
{
    RTLP_WAITER *waiter;

    RtlpDisarm(object);
    RtlAcquireSRWLockExclusive(&RtlpWaitersLock);
    if (!(waiter = RtlpFindWaiter(handle != NULL))) {
        RtlReleaseSRWLockExclusive(&RtlpWaitersLock);
        return;
    }
    object->Handle = handle;
    object->Due = due;
    object->Period = period;
    object->Waiter = waiter;
    if (handle)
        waiter->Handles++;
    __atomic_add_fetch(&object->References, 1, __ATOMIC_RELAXED);
    InsertTailList(&waiter->Armed, &object->ArmLink);
    NtSetEvent(waiter->Wake, NULL);
    RtlReleaseSRWLockExclusive(&RtlpWaitersLock);
}

NTSTATUS NTAPI TpAllocTimer(TP_TIMER **Timer, PTP_TIMER_CALLBACK Callback, PVOID Context,
                            TP_CALLBACK_ENVIRON *Environment)
{
    return RtlpAllocCallbackObject((RTLP_TP_OBJECT **)Timer, RtlpTimerObject, (PVOID)Callback, Context, Environment);
}

/* No due time disarms; a due time of 0 fires at once. The window (how late it may fire) is not needed. */
void NTAPI TpSetTimer(TP_TIMER *Timer, PLARGE_INTEGER DueTime, LONG Period, LONG WindowLength)
{
    RTLP_TP_OBJECT *object = (RTLP_TP_OBJECT *)Timer;

    (void)WindowLength;
    __atomic_store_n(&object->TimerSet, DueTime != NULL, __ATOMIC_RELEASE);
    if (!DueTime)
        RtlpDisarm(object);
    else
        RtlpArm(object, NULL, RtlpAbsolute(DueTime->QuadPart), Period);
}

/* A timer stays set once it fired, until TpSetTimer takes its due time away, as on Windows. */
BOOLEAN NTAPI TpIsTimerSet(TP_TIMER *Timer)
{
    return __atomic_load_n(&((RTLP_TP_OBJECT *)Timer)->TimerSet, __ATOMIC_ACQUIRE);
}

void NTAPI TpWaitForTimer(TP_TIMER *Timer, BOOLEAN CancelPendingCallbacks)
{
    TpWaitForWork((TP_WORK *)Timer, CancelPendingCallbacks);
}

void NTAPI TpReleaseTimer(TP_TIMER *Timer)
{
    RtlpDisarm((RTLP_TP_OBJECT *)Timer);
    TpReleaseWork((TP_WORK *)Timer);
}

NTSTATUS NTAPI TpAllocWait(TP_WAIT **Wait, PTP_WAIT_CALLBACK Callback, PVOID Context,
                           TP_CALLBACK_ENVIRON *Environment)
{
    return RtlpAllocCallbackObject((RTLP_TP_OBJECT **)Wait, RtlpWaitObject, (PVOID)Callback, Context, Environment);
}

/* One callback when the handle is signalled (WAIT_OBJECT_0) or the timeout passes (WAIT_TIMEOUT); no handle
 * disarms. No timeout waits for ever. */
void NTAPI TpSetWait(TP_WAIT *Wait, HANDLE Handle, PLARGE_INTEGER Timeout)
{
    RTLP_TP_OBJECT *object = (RTLP_TP_OBJECT *)Wait;

    if (!Handle)
        RtlpDisarm(object);
    else
        RtlpArm(object, Handle, Timeout ? RtlpAbsolute(Timeout->QuadPart) : RTLP_NEVER, 0);
}

void NTAPI TpWaitForWait(TP_WAIT *Wait, BOOLEAN CancelPendingCallbacks)
{
    TpWaitForWork((TP_WORK *)Wait, CancelPendingCallbacks);
}

void NTAPI TpReleaseWait(TP_WAIT *Wait)
{
    RtlpDisarm((RTLP_TP_OBJECT *)Wait);
    TpReleaseWork((TP_WORK *)Wait);
}
