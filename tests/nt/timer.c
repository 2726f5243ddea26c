/* Timer objects: one-shot and periodic, notification and synchronization, relative and absolute due times,
 * cancel and query, and what bad arguments get. Times are checked from below only. */
#include "lib/nttest.h"

static LONG64 Now(void)
{
    LARGE_INTEGER t;
    NtQueryPerformanceCounter(&t, NULL);
    return t.QuadPart;
}

static NTSTATUS WaitMs(HANDLE h, LONG64 ms)
{
    LARGE_INTEGER timeout = {.QuadPart = -ms * 10000};
    return NtWaitForSingleObject(h, FALSE, &timeout);
}

static volatile LONG TimerApcs;
static PVOID TimerApcContext;
static LONG64 TimerApcTime;

static void NTAPI Callback(PVOID context, ULONG low, LONG high)
{
    TimerApcContext = context;
    TimerApcTime = (LONG64)((ULONG64)(ULONG)high << 32 | low);
    TimerApcs++;
}

static NTSTATUS AlertableSleep(LONG64 ms)
{
    LARGE_INTEGER t = {.QuadPart = -ms * 10000};
    return NtDelayExecution(TRUE, &t);
}

/* A completion routine is a user APC to the thread that set the timer, with the time it fired. */
static void TestCompletionRoutine(void)
{
    LARGE_INTEGER due = {.QuadPart = -10 * 10000}, before, after;
    HANDLE t;

    ok_status(NtCreateTimer(&t, TIMER_ALL_ACCESS, NULL, NotificationTimer), STATUS_SUCCESS);
    NtQuerySystemTime(&before);
    TimerApcs = 0;
    ok_status(NtSetTimer(t, &due, Callback, (PVOID)0x77, FALSE, 0, NULL), STATUS_SUCCESS);
    ok_status(WaitMs(t, 5000), STATUS_WAIT_0);
    ok(TimerApcs == 0, "the routine waits for an alertable wait");
    ok_status(AlertableSleep(5000), STATUS_USER_APC);
    NtQuerySystemTime(&after);
    ok(TimerApcs == 1 && TimerApcContext == (PVOID)0x77, "it ran once with its context: %d", (int)TimerApcs);
    ok(TimerApcTime >= before.QuadPart && TimerApcTime <= after.QuadPart, "with the time it fired: %lx in [%lx, %lx]",
       TimerApcTime, before.QuadPart, after.QuadPart);

    /* Periodic: one APC a firing, none once cancelled. */
    TimerApcs = 0;
    ok_status(NtSetTimer(t, &due, Callback, (PVOID)0x78, FALSE, 10, NULL), STATUS_SUCCESS);
    for (int i = 0; i < 100 && TimerApcs < 3; i++)
        AlertableSleep(100);
    ok(TimerApcs >= 3 && TimerApcContext == (PVOID)0x78, "a periodic timer's routine runs each period: %d",
       (int)TimerApcs);
    ok_status(NtCancelTimer(t, NULL), STATUS_SUCCESS);
    NtTestAlert(); /* one may have been queued just before */
    TimerApcs = 0;
    ok_status(AlertableSleep(40), STATUS_SUCCESS);
    ok(TimerApcs == 0, "cancelled, no more: %d", (int)TimerApcs);

    /* Set again without a routine: the routine is gone. */
    ok_status(NtSetTimer(t, &due, Callback, NULL, FALSE, 0, NULL), STATUS_SUCCESS);
    ok_status(NtSetTimer(t, &due, NULL, NULL, FALSE, 0, NULL), STATUS_SUCCESS);
    ok_status(WaitMs(t, 5000), STATUS_WAIT_0);
    ok_status(AlertableSleep(20), STATUS_SUCCESS);
    ok(TimerApcs == 0, "replaced by a set without a routine");
    NtClose(t);
}

void RunTests(void)
{
    HANDLE t = NULL, s = NULL, weak = NULL, named = NULL, again = NULL;
    LARGE_INTEGER due = {.QuadPart = -30 * 10000};
    TIMER_BASIC_INFORMATION info;
    BOOLEAN previous = 7, state = 7;
    LONG64 start;
    UNICODE_STRING name = {.Length = 38, .MaximumLength = 40, .Buffer = (PWSTR)L"\\BaseNamedObjects\\veles-timer"};
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_OPENIF};

    ok_status(NtCreateTimer(&t, TIMER_ALL_ACCESS, NULL, NotificationTimer), STATUS_SUCCESS);
    ok_status(NtQueryTimer(t, TimerBasicInformation, &info, sizeof(info), NULL), STATUS_SUCCESS);
    ok(!info.TimerState && info.RemainingTime.QuadPart == 0, "a new timer is not signalled and not armed");
    start = Now();
    ok_status(NtSetTimer(t, &due, NULL, NULL, FALSE, 0, &previous), STATUS_SUCCESS);
    ok(previous == FALSE, "was not signalled");
    ok_status(NtQueryTimer(t, TimerBasicInformation, &info, sizeof(info), NULL), STATUS_SUCCESS);
    ok(info.RemainingTime.QuadPart > 0 && info.RemainingTime.QuadPart <= 30 * 10000, "remaining %ld",
       (LONG64)info.RemainingTime.QuadPart);
    ok_status(WaitMs(t, 0), STATUS_TIMEOUT);
    ok_status(WaitMs(t, 5000), STATUS_WAIT_0);
    ok(Now() - start >= 30 * 10000, "fired after %ld", (LONG64)(Now() - start));
    ok_status(WaitMs(t, 0), STATUS_WAIT_0); /* a notification timer stays signalled */
    ok_status(NtQueryTimer(t, TimerBasicInformation, &info, sizeof(info), NULL), STATUS_SUCCESS);
    ok(info.TimerState, "signalled");

    ok_status(NtSetTimer(t, &due, NULL, NULL, FALSE, 0, &previous), STATUS_SUCCESS);
    ok(previous == TRUE, "setting resets: it was signalled");
    ok_status(WaitMs(t, 0), STATUS_TIMEOUT);
    ok_status(NtCancelTimer(t, &state), STATUS_SUCCESS);
    ok(state == FALSE, "cancelled before it fired");
    ok_status(NtCancelTimer((HANDLE)0xdeadbeef, (PBOOLEAN)0xdeadbeef), STATUS_ACCESS_VIOLATION);
    ok_status(NtCancelTimer((HANDLE)0xdeadbeef, &state), STATUS_INVALID_HANDLE);
    ok_status(WaitMs(t, 80), STATUS_TIMEOUT);

    /* Absolute due time. */
    NtQuerySystemTime(&due);
    due.QuadPart += 20 * 10000;
    start = Now();
    ok_status(NtSetTimer(t, &due, NULL, NULL, FALSE, 0, NULL), STATUS_SUCCESS);
    ok_status(WaitMs(t, 5000), STATUS_WAIT_0);
    ok(Now() - start >= 15 * 10000, "an absolute due time");

    /* A periodic synchronization timer: each firing releases one wait. */
    ok_status(NtCreateTimer(&s, TIMER_ALL_ACCESS, NULL, SynchronizationTimer), STATUS_SUCCESS);
    due.QuadPart = -10 * 10000;
    start = Now();
    ok_status(NtSetTimer(s, &due, NULL, NULL, FALSE, 20, NULL), STATUS_SUCCESS);
    for (int i = 0; i < 3; i++)
        ok_status(WaitMs(s, 5000), STATUS_WAIT_0);
    ok(Now() - start >= 45 * 10000, "three firings 20 ms apart took %ld", (LONG64)(Now() - start));
    ok_status(NtCancelTimer(s, NULL), STATUS_SUCCESS);

    /* What is refused. */
    ok_status(NtCreateTimer(&weak, TIMER_ALL_ACCESS, NULL, 2), STATUS_INVALID_PARAMETER_4);
    ok_status(NtSetTimer(t, &due, NULL, NULL, FALSE, -1, NULL), STATUS_INVALID_PARAMETER_6);
    ok_status(NtSetTimer(t, NULL, NULL, NULL, FALSE, 0, NULL), STATUS_ACCESS_VIOLATION);
    ok_status(NtSetTimer(t, &due, NULL, NULL, TRUE, 0, NULL), STATUS_TIMER_RESUME_IGNORED);
    ok_status(NtCancelTimer(t, NULL), STATUS_SUCCESS);
    ok_status(NtDuplicateObject(NtCurrentProcess(), t, NtCurrentProcess(), &weak, SYNCHRONIZE, 0, 0), STATUS_SUCCESS);
    ok_status(NtSetTimer(weak, &due, NULL, NULL, FALSE, 0, NULL), STATUS_ACCESS_DENIED);
    ok_status(NtQueryTimer(weak, TimerBasicInformation, &info, sizeof(info), NULL), STATUS_ACCESS_DENIED);
    ok_status(NtQueryTimer(t, 1, &info, sizeof(info), NULL), STATUS_INVALID_INFO_CLASS);
    ok_status(NtQueryTimer(t, TimerBasicInformation, &info, sizeof(info) - 1, NULL), STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtCancelTimer((HANDLE)0x1234, NULL), STATUS_INVALID_HANDLE);
    NtClose(weak);

    /* Named, and opened by name. */
    ok_status(NtCreateTimer(&named, TIMER_ALL_ACCESS, &oa, NotificationTimer), STATUS_SUCCESS);
    ok_status(NtCreateTimer(&again, TIMER_ALL_ACCESS, &oa, NotificationTimer), STATUS_OBJECT_NAME_EXISTS);
    NtClose(again);
    ok_status(NtOpenTimer(&again, TIMER_ALL_ACCESS, &oa), STATUS_SUCCESS);
    ok_status(NtCompareObjects(named, again), STATUS_SUCCESS);
    NtClose(again);
    NtClose(named);

    /* A periodic timer whose last handle goes is cancelled with it. */
    ok_status(NtSetTimer(s, &due, NULL, NULL, FALSE, 1, NULL), STATUS_SUCCESS);
    ok_status(NtClose(s), STATUS_SUCCESS);
    ok_status(NtDelayExecution(FALSE, &(LARGE_INTEGER){.QuadPart = -20 * 10000}), STATUS_SUCCESS);
    NtClose(t);
    TestCompletionRoutine();
}
