/* The old interface to the thread pool's timers and waits: timer queues (RtlCreateTimerQueue, RtlCreateTimer,
 * RtlUpdateTimer, RtlDeleteTimer, RtlDeleteTimerQueueEx) and registered waits (RtlRegisterWait,
 * RtlDeregisterWait(Ex)), each an object of the default pool with a callback told whether it timed out. */
#include "rtl/tpp.h"

#define RTLP_WAIT_FOR_CALLBACKS ((HANDLE)(LONG_PTR)-1) /* INVALID_HANDLE_VALUE as a completion event */

typedef struct {
    RTL_SRWLOCK Lock;
    LIST_ENTRY Timers;
    LONG Live;             /* its timers not yet gone, and one while the queue is not deleted */
    HANDLE DeletedEvent;   /* set once a deleted queue's last timer is gone */
    BOOLEAN Default;
} RTLP_TIMER_QUEUE;

typedef struct {
    LIST_ENTRY Link;
    RTLP_TIMER_QUEUE *Queue;
    TP_TIMER *Timer;
    WAITORTIMERCALLBACKFUNC Callback;
    PVOID Parameter;
} RTLP_QUEUE_TIMER;

typedef struct {
    RTL_SRWLOCK Lock;
    TP_WAIT *Wait;
    HANDLE Object;
    WAITORTIMERCALLBACKFUNC Callback;
    PVOID Context;
    LARGE_INTEGER Timeout;
    BOOLEAN Infinite, Once, Deregistered;
} RTLP_REGISTERED_WAIT;

static RTLP_TIMER_QUEUE RtlpDefaultTimerQueue = {
    .Timers = {&RtlpDefaultTimerQueue.Timers, &RtlpDefaultTimerQueue.Timers},
    .Live = 1,
    .Default = TRUE,
};

static void RtlpReleaseQueue(RTLP_TIMER_QUEUE *queue)
{
    if (__atomic_sub_fetch(&queue->Live, 1, __ATOMIC_ACQ_REL) || queue->Default)
        return;
    if (queue->DeletedEvent)
        NtSetEvent(queue->DeletedEvent, NULL);
    RtlFreeHeap(RtlpHeap(), 0, queue);
}

NTSTATUS NTAPI RtlCreateTimerQueue(PHANDLE NewTimerQueue)
{
    RTLP_TIMER_QUEUE *queue = RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY, sizeof(*queue));

    if (!queue)
        return STATUS_NO_MEMORY;
    InitializeListHead(&queue->Timers);
    queue->Live = 1;
    *NewTimerQueue = queue;
    return STATUS_SUCCESS;
}

static void NTAPI RtlpQueueTimerFired(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_TIMER timer)
{
    RTLP_QUEUE_TIMER *entry = context;
    entry->Callback(entry->Parameter, TRUE);
}

/* The timer's pool object is gone: so is the entry, and with the last one a deleted queue. */
static void NTAPI RtlpQueueTimerGone(PTP_CALLBACK_INSTANCE instance, PVOID context)
{
    RTLP_QUEUE_TIMER *entry = context;
    RTLP_TIMER_QUEUE *queue = entry->Queue;

    RtlFreeHeap(RtlpHeap(), 0, entry);
    RtlpReleaseQueue(queue);
}

static void RtlpSetQueueTimer(RTLP_QUEUE_TIMER *entry, ULONG DueTime, ULONG Period)
{
    LARGE_INTEGER due = {.QuadPart = -(LONGLONG)DueTime * 10000};
    TpSetTimer(entry->Timer, &due, (LONG)Period, 0);
}

/* Due and period in milliseconds; the flags choose threads, which the pool's workers all serve alike. */
NTSTATUS NTAPI RtlCreateTimer(HANDLE TimerQueue, PHANDLE NewTimer, WAITORTIMERCALLBACKFUNC Callback, PVOID Parameter,
                              ULONG DueTime, ULONG Period, ULONG Flags)
{
    RTLP_TIMER_QUEUE *queue = TimerQueue ? TimerQueue : &RtlpDefaultTimerQueue;
    TP_CALLBACK_ENVIRON environment = {.Version = 3, .FinalizationCallback = RtlpQueueTimerGone};
    RTLP_QUEUE_TIMER *entry;
    NTSTATUS status;

    (void)Flags;
    if (!Callback)
        return STATUS_INVALID_PARAMETER;
    if (!(entry = RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY, sizeof(*entry))))
        return STATUS_NO_MEMORY;
    entry->Queue = queue;
    entry->Callback = Callback;
    entry->Parameter = Parameter;
    if ((status = TpAllocTimer(&entry->Timer, RtlpQueueTimerFired, entry, &environment))) {
        RtlFreeHeap(RtlpHeap(), 0, entry);
        return status;
    }
    __atomic_add_fetch(&queue->Live, 1, __ATOMIC_RELAXED);
    RtlAcquireSRWLockExclusive(&queue->Lock);
    InsertTailList(&queue->Timers, &entry->Link);
    RtlReleaseSRWLockExclusive(&queue->Lock);
    RtlpSetQueueTimer(entry, DueTime, Period);
    *NewTimer = entry;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUpdateTimer(HANDLE TimerQueue, HANDLE Timer, ULONG DueTime, ULONG Period)
{
    (void)TimerQueue;
    if (!Timer)
        return STATUS_INVALID_PARAMETER;
    RtlpSetQueueTimer(Timer, DueTime, Period);
    return STATUS_SUCCESS;
}

/* The pool object of a timer or wait let go, with what Windows does about the callbacks still to finish:
 * wait for them (INVALID_HANDLE_VALUE), set an event when they are done, or neither. */
static NTSTATUS RtlpDeleteObject(RTLP_TP_OBJECT *object, HANDLE CompletionEvent, BOOLEAN pending_without_event)
{
    HANDLE event = CompletionEvent == RTLP_WAIT_FOR_CALLBACKS ? NULL : CompletionEvent;
    NTSTATUS status;
    BOOLEAN outstanding;

    RtlpDisarm(object);
    if (CompletionEvent == RTLP_WAIT_FOR_CALLBACKS && (status = NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL,
                                                                              NotificationEvent, FALSE)))
        return status;
    RtlAcquireSRWLockExclusive(&object->Pool->Lock);
    object->CompletionEvent = event;
    outstanding = RtlpCallbacksOutstanding(object);
    RtlReleaseSRWLockExclusive(&object->Pool->Lock);
    TpReleaseWork((TP_WORK *)object);
    if (CompletionEvent == RTLP_WAIT_FOR_CALLBACKS) {
        NtWaitForSingleObject(event, FALSE, NULL);
        NtClose(event);
        return STATUS_SUCCESS;
    }
    return outstanding || (pending_without_event && !event) ? STATUS_PENDING : STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlDeleteTimer(HANDLE TimerQueue, HANDLE Timer, HANDLE CompletionEvent)
{
    RTLP_QUEUE_TIMER *entry = Timer;
    RTLP_TIMER_QUEUE *queue;

    (void)TimerQueue;
    if (!entry)
        return STATUS_INVALID_PARAMETER_1;
    queue = entry->Queue;
    RtlAcquireSRWLockExclusive(&queue->Lock);
    RemoveEntryList(&entry->Link);
    RtlReleaseSRWLockExclusive(&queue->Lock);
    /* Windows answers STATUS_PENDING whenever there is no event to tell of the end. */
    return RtlpDeleteObject((RTLP_TP_OBJECT *)entry->Timer, CompletionEvent, TRUE);
}

NTSTATUS NTAPI RtlDeleteTimerQueueEx(HANDLE TimerQueue, HANDLE CompletionEvent)
{
    RTLP_TIMER_QUEUE *queue = TimerQueue;
    HANDLE event = CompletionEvent;
    NTSTATUS status;

    if (!queue || queue == &RtlpDefaultTimerQueue)
        return STATUS_INVALID_HANDLE;
    if (CompletionEvent == RTLP_WAIT_FOR_CALLBACKS &&
        (status = NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE)))
        return status;
    queue->DeletedEvent = event;
    for (;;) {
        RTLP_QUEUE_TIMER *entry = NULL;
        RtlAcquireSRWLockExclusive(&queue->Lock);
        if (!IsListEmpty(&queue->Timers)) {
            entry = CONTAINING_RECORD(queue->Timers.Flink, RTLP_QUEUE_TIMER, Link);
            RemoveEntryList(&entry->Link);
        }
        RtlReleaseSRWLockExclusive(&queue->Lock);
        if (!entry)
            break;
        RtlpDeleteObject((RTLP_TP_OBJECT *)entry->Timer, NULL, FALSE);
    }
    RtlpReleaseQueue(queue); /* the queue's own reference: it goes with its last timer */
    if (CompletionEvent != RTLP_WAIT_FOR_CALLBACKS)
        return STATUS_PENDING;
    NtWaitForSingleObject(event, FALSE, NULL);
    NtClose(event);
    return STATUS_SUCCESS;
}

static void RtlpArmRegisteredWait(RTLP_REGISTERED_WAIT *entry)
{
    TpSetWait(entry->Wait, entry->Object, entry->Infinite ? NULL : &entry->Timeout);
}

/* The callback, then (unless it was to run once, or the wait is being deregistered) the wait again. */
static void NTAPI RtlpRegisteredWaitFired(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WAIT wait,
                                          TP_WAIT_RESULT result)
{
    RTLP_REGISTERED_WAIT *entry = context;

    entry->Callback(entry->Context, result == STATUS_TIMEOUT);
    RtlAcquireSRWLockExclusive(&entry->Lock);
    if (!entry->Once && !entry->Deregistered)
        RtlpArmRegisteredWait(entry);
    RtlReleaseSRWLockExclusive(&entry->Lock);
}

static void NTAPI RtlpRegisteredWaitGone(PTP_CALLBACK_INSTANCE instance, PVOID context)
{
    RtlFreeHeap(RtlpHeap(), 0, context);
}

NTSTATUS NTAPI RtlRegisterWait(PHANDLE NewWaitObject, HANDLE Object, WAITORTIMERCALLBACKFUNC Callback,
                               PVOID Context, ULONG Milliseconds, ULONG Flags)
{
    TP_CALLBACK_ENVIRON environment = {.Version = 3, .FinalizationCallback = RtlpRegisteredWaitGone};
    RTLP_REGISTERED_WAIT *entry;
    NTSTATUS status;

    if (!Callback || !Object)
        return STATUS_INVALID_PARAMETER;
    if (!(entry = RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY, sizeof(*entry))))
        return STATUS_NO_MEMORY;
    entry->Object = Object;
    entry->Callback = Callback;
    entry->Context = Context;
    entry->Infinite = Milliseconds == ~0u;
    entry->Timeout.QuadPart = -(LONGLONG)Milliseconds * 10000;
    entry->Once = (Flags & WT_EXECUTEONLYONCE) != 0;
    if ((status = TpAllocWait(&entry->Wait, RtlpRegisteredWaitFired, entry, &environment))) {
        RtlFreeHeap(RtlpHeap(), 0, entry);
        return status;
    }
    RtlpArmRegisteredWait(entry);
    *NewWaitObject = entry;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlDeregisterWaitEx(HANDLE WaitHandle, HANDLE CompletionEvent)
{
    RTLP_REGISTERED_WAIT *entry = WaitHandle;

    if (!entry)
        return STATUS_INVALID_HANDLE;
    RtlAcquireSRWLockExclusive(&entry->Lock);
    entry->Deregistered = TRUE;
    RtlReleaseSRWLockExclusive(&entry->Lock);
    return RtlpDeleteObject((RTLP_TP_OBJECT *)entry->Wait, CompletionEvent, FALSE);
}

NTSTATUS NTAPI RtlDeregisterWait(HANDLE WaitHandle)
{
    return RtlDeregisterWaitEx(WaitHandle, NULL);
}
