/* The thread pool's timers and waits: one-shot and periodic timers, relative, absolute and immediate due
 * times, disarming; waits that fire on a signal or time out, more waits than one waiter thread holds, and a
 * handle closed under a wait. */
#include "lib/nttest.h"

#define MS(n) (-(LONGLONG)(n) * 10000)
#define MANY_WAITS 70

static volatile LONG Fired, Results[MANY_WAITS + 1];
static HANDLE Done;
static volatile TP_WAIT_RESULT LastResult;

static HANDLE Event(EVENT_TYPE type)
{
    HANDLE h = NULL;
    NtCreateEvent(&h, EVENT_ALL_ACCESS, NULL, type, FALSE);
    return h;
}

static NTSTATUS WaitDone(ULONG ms)
{
    LARGE_INTEGER timeout = {.QuadPart = MS(ms)};
    return NtWaitForSingleObject(Done, FALSE, &timeout);
}

static void Sleep(ULONG ms)
{
    LARGE_INTEGER delay = {.QuadPart = MS(ms)};
    NtDelayExecution(FALSE, &delay);
}

static void NTAPI OnTimer(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_TIMER timer)
{
    if (__atomic_add_fetch(&Fired, 1, __ATOMIC_SEQ_CST) == (LONG)(ULONG_PTR)context)
        NtSetEvent(Done, NULL);
}

static void NTAPI OnWait(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WAIT wait, TP_WAIT_RESULT result)
{
    LastResult = result;
    __atomic_add_fetch(&Fired, 1, __ATOMIC_SEQ_CST);
    NtSetEvent(Done, NULL);
}

static void NTAPI OnManyWait(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WAIT wait, TP_WAIT_RESULT result)
{
    Results[(ULONG_PTR)context] = result == 0 ? 1 : 2;
    if (__atomic_add_fetch(&Fired, 1, __ATOMIC_SEQ_CST) == MANY_WAITS)
        NtSetEvent(Done, NULL);
}

static void TestTimers(void)
{
    TP_TIMER *timer = NULL;
    LARGE_INTEGER due;
    LONG seen;

    ok_status(TpAllocTimer(&timer, NULL, NULL, NULL), STATUS_INVALID_PARAMETER);
    ok_status(TpAllocTimer(&timer, OnTimer, (PVOID)1, NULL), STATUS_SUCCESS);
    ok(!TpIsTimerSet(timer), "a new timer is not set");

    Fired = 0;
    due.QuadPart = MS(30);
    TpSetTimer(timer, &due, 0, 0);
    ok(TpIsTimerSet(timer), "set");
    ok_status(WaitDone(5000), STATUS_SUCCESS);
    Sleep(20);
    /* Windows keeps a fired timer set until it is given no due time (Wine's threadpool test records it). */
    ok(Fired == 1 && TpIsTimerSet(timer), "a one-shot timer fired once and stays set: %d", Fired);
    TpSetTimer(timer, NULL, 0, 0);
    ok(!TpIsTimerSet(timer), "no due time: no longer set");

    Fired = 0;
    due.QuadPart = 0;
    TpSetTimer(timer, &due, 0, 0);
    ok_status(WaitDone(5000), STATUS_SUCCESS);
    ok(Fired == 1, "a due time of 0 fires at once");

    Fired = 0;
    NtQuerySystemTime(&due);
    due.QuadPart -= MS(40); /* absolute, 40 ms from now */
    TpSetTimer(timer, &due, 0, 0);
    ok_status(WaitDone(5000), STATUS_SUCCESS);
    ok(Fired == 1, "an absolute due time");

    /* Periodic: at least three times, then disarmed and quiet. */
    TpReleaseTimer(timer);
    ok_status(TpAllocTimer(&timer, OnTimer, (PVOID)3, NULL), STATUS_SUCCESS);
    Fired = 0;
    due.QuadPart = MS(10);
    TpSetTimer(timer, &due, 15, 0);
    ok_status(WaitDone(5000), STATUS_SUCCESS);
    TpSetTimer(timer, NULL, 0, 0);
    ok(!TpIsTimerSet(timer), "disarmed");
    TpWaitForTimer(timer, FALSE);
    seen = Fired;
    Sleep(60);
    ok(seen >= 3 && Fired == seen, "periodic until disarmed: %d then %d", seen, Fired);

    /* Set far in the future, then released: it never fires. */
    Fired = 0;
    due.QuadPart = MS(30);
    TpSetTimer(timer, &due, 0, 0);
    TpReleaseTimer(timer);
    Sleep(80);
    ok(Fired == 0, "a released timer does not fire: %d", Fired);
}

static void TestWaits(void)
{
    TP_WAIT *wait = NULL, *many[MANY_WAITS];
    HANDLE event = Event(NotificationEvent), events[MANY_WAITS];
    LARGE_INTEGER timeout = {.QuadPart = MS(30)};

    ok_status(TpAllocWait(&wait, NULL, NULL, NULL), STATUS_INVALID_PARAMETER);
    ok_status(TpAllocWait(&wait, OnWait, NULL, NULL), STATUS_SUCCESS);

    Fired = 0;
    LastResult = 99;
    TpSetWait(wait, event, NULL);
    Sleep(20);
    ok(Fired == 0, "nothing before the signal");
    NtSetEvent(event, NULL);
    ok_status(WaitDone(5000), STATUS_SUCCESS);
    Sleep(20);
    ok(Fired == 1 && LastResult == STATUS_WAIT_0, "the signal, once (a wait is one-shot): %d %x", Fired,
       LastResult);

    NtResetEvent(event, NULL);
    Fired = 0;
    TpSetWait(wait, event, &timeout);
    ok_status(WaitDone(5000), STATUS_SUCCESS);
    ok(Fired == 1 && LastResult == STATUS_TIMEOUT, "timed out: %x", LastResult);

    Fired = 0;
    TpSetWait(wait, event, NULL);
    TpSetWait(wait, NULL, NULL);
    NtSetEvent(event, NULL);
    Sleep(50);
    ok(Fired == 0, "disarmed before the signal: nothing");
    TpWaitForWait(wait, FALSE);

    /* More waits than one waiter thread can watch. */
    Fired = 0;
    for (ULONG_PTR i = 0; i < MANY_WAITS; i++) {
        events[i] = Event(NotificationEvent);
        ok_status(TpAllocWait(&many[i], OnManyWait, (PVOID)i, NULL), STATUS_SUCCESS);
        TpSetWait(many[i], events[i], NULL);
    }
    for (ULONG i = 0; i < MANY_WAITS; i++)
        NtSetEvent(events[i], NULL);
    ok_status(WaitDone(10000), STATUS_SUCCESS);
    for (ULONG i = 0; i < MANY_WAITS; i++) {
        if (Results[i] != 1)
            ok(0, "wait %u: %d", i, Results[i]);
        TpReleaseWait(many[i]);
        NtClose(events[i]);
    }
    ok(Fired == MANY_WAITS, "%d waits, all signalled: %d", MANY_WAITS, Fired);

    /* A handle closed under a wait is dropped; the waiter goes on with the others. */
    {
        HANDLE doomed = Event(NotificationEvent);
        TP_WAIT *other = NULL;
        ok_status(TpAllocWait(&other, OnWait, NULL, NULL), STATUS_SUCCESS);
        TpSetWait(other, doomed, NULL);
        NtClose(doomed);
        NtResetEvent(event, NULL);
        Fired = 0;
        TpSetWait(wait, event, NULL);
        NtSetEvent(event, NULL);
        ok_status(WaitDone(5000), STATUS_SUCCESS);
        ok(Fired == 1 && LastResult == STATUS_WAIT_0, "the other wait still fires: %d", Fired);
        TpReleaseWait(other);
    }
    TpReleaseWait(wait);
    NtClose(event);
}

static volatile LONG LegacyFired, LegacyTimeouts;
static volatile BOOLEAN LastFired;
static PVOID LastContext;

static void NTAPI OnLegacy(PVOID context, BOOLEAN fired)
{
    LastContext = context;
    LastFired = fired;
    if (fired)
        __atomic_add_fetch(&LegacyTimeouts, 1, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&LegacyFired, 1, __ATOMIC_SEQ_CST);
    NtSetEvent(Done, NULL);
}

/* Holds its callback until Gate is set, to delete a timer while it runs. */
static HANDLE Gate;
static void NTAPI OnLegacySlow(PVOID context, BOOLEAN fired)
{
    NtSetEvent(Done, NULL);
    NtWaitForSingleObject(Gate, FALSE, NULL);
    __atomic_add_fetch(&LegacyFired, 1, __ATOMIC_SEQ_CST);
}

static void TestTimerQueues(void)
{
    HANDLE queue = NULL, timer = NULL, timer2 = NULL, event = Event(NotificationEvent);
    LARGE_INTEGER none = {.QuadPart = 0};

    ok_status(RtlCreateTimerQueue(&queue), STATUS_SUCCESS);
    LegacyFired = 0;
    ok_status(RtlCreateTimer(queue, &timer, OnLegacy, (PVOID)0x55, 20, 0, 0), STATUS_SUCCESS);
    ok_status(WaitDone(5000), STATUS_SUCCESS);
    ok(LegacyFired == 1 && LastFired && LastContext == (PVOID)0x55, "a queue timer fired, told TRUE");
    ok_status(RtlUpdateTimer(queue, timer, 0, 10), STATUS_SUCCESS);
    ok_status(WaitDone(5000), STATUS_SUCCESS);
    ok_status(WaitDone(5000), STATUS_SUCCESS);
    ok(LegacyFired >= 3, "updated to periodic: %d", LegacyFired);
    ok_status(RtlDeleteTimer(queue, timer, (HANDLE)(LONG_PTR)-1), STATUS_SUCCESS);
    LegacyFired = 0;
    Sleep(40);
    ok(LegacyFired == 0, "deleted, waiting for callbacks: quiet");
    ok_status(RtlDeleteTimer(queue, NULL, NULL), STATUS_INVALID_PARAMETER_1);

    /* Deleted with an event: set once the timer is gone; without one: pending, as Windows says. */
    ok_status(RtlCreateTimer(queue, &timer, OnLegacy, NULL, 100000, 0, 0), STATUS_SUCCESS);
    ok_status(RtlDeleteTimer(queue, timer, event), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(event, FALSE, &none), STATUS_SUCCESS);
    ok_status(RtlCreateTimer(queue, &timer, OnLegacy, NULL, 100000, 0, 0), STATUS_SUCCESS);
    ok_status(RtlDeleteTimer(queue, timer, NULL), STATUS_PENDING);

    /* Deleted while its callback runs: pending, and the event comes after the callback. */
    Gate = Event(NotificationEvent);
    NtResetEvent(event, NULL);
    LegacyFired = 0;
    ok_status(RtlCreateTimer(queue, &timer, OnLegacySlow, NULL, 0, 0, 0), STATUS_SUCCESS);
    ok_status(WaitDone(5000), STATUS_SUCCESS);
    ok_status(RtlDeleteTimer(queue, timer, event), STATUS_PENDING);
    ok_status(NtWaitForSingleObject(event, FALSE, &none), STATUS_TIMEOUT);
    NtSetEvent(Gate, NULL);
    ok_status(NtWaitForSingleObject(event, FALSE, NULL), STATUS_SUCCESS);
    ok(LegacyFired == 1, "the callback finished before the event");

    /* A queue deleted with timers in it, waiting. */
    ok_status(RtlCreateTimer(queue, &timer, OnLegacy, NULL, 100000, 0, 0), STATUS_SUCCESS);
    ok_status(RtlCreateTimer(queue, &timer2, OnLegacy, NULL, 100000, 100000, 0), STATUS_SUCCESS);
    ok_status(RtlDeleteTimerQueueEx(queue, (HANDLE)(LONG_PTR)-1), STATUS_SUCCESS);
    ok_status(RtlDeleteTimerQueueEx(NULL, NULL), STATUS_INVALID_HANDLE);

    /* The default queue. */
    LegacyFired = 0;
    ok_status(RtlCreateTimer(NULL, &timer, OnLegacy, NULL, 5, 0, 0), STATUS_SUCCESS);
    ok_status(WaitDone(5000), STATUS_SUCCESS);
    ok_status(RtlDeleteTimer(NULL, timer, (HANDLE)(LONG_PTR)-1), STATUS_SUCCESS);
    ok(LegacyFired == 1, "the default queue");
    NtClose(event);
    NtClose(Gate);
}

static void TestRegisteredWaits(void)
{
    HANDLE wait = NULL, event = Event(SynchronizationEvent);

    LegacyFired = LegacyTimeouts = 0;
    ok_status(RtlRegisterWait(&wait, event, OnLegacy, (PVOID)7, ~0u, 0), STATUS_SUCCESS);
    NtSetEvent(event, NULL);
    ok_status(WaitDone(5000), STATUS_SUCCESS);
    NtSetEvent(event, NULL);
    ok_status(WaitDone(5000), STATUS_SUCCESS);
    ok(LegacyFired == 2 && LegacyTimeouts == 0 && LastContext == (PVOID)7, "waited again after each signal: %d",
       LegacyFired);
    ok_status(RtlDeregisterWaitEx(wait, (HANDLE)(LONG_PTR)-1), STATUS_SUCCESS);
    NtSetEvent(event, NULL);
    Sleep(30);
    ok(LegacyFired == 2, "deregistered: no more");

    LegacyFired = LegacyTimeouts = 0;
    NtResetEvent(event, NULL);
    ok_status(RtlRegisterWait(&wait, event, OnLegacy, NULL, 10, WT_EXECUTEONLYONCE), STATUS_SUCCESS);
    ok_status(WaitDone(5000), STATUS_SUCCESS);
    Sleep(40);
    ok(LegacyFired == 1 && LegacyTimeouts == 1 && LastFired, "timed out once, told TRUE: %d", LegacyFired);
    ok_status(RtlDeregisterWait(wait), STATUS_SUCCESS);
    ok_status(RtlDeregisterWait(NULL), STATUS_INVALID_HANDLE);
    ok_status(RtlRegisterWait(&wait, NULL, OnLegacy, NULL, 10, 0), STATUS_INVALID_PARAMETER);
    NtClose(event);
}

void RunTests(void)
{
    Done = Event(SynchronizationEvent);
    TestTimers();
    TestWaits();
    TestTimerQueues();
    TestRegisteredWaits();
}
