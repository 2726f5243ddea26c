/* NtSuspendThread and NtResumeThread on running threads, NtGetContextThread / NtSetContextThread and
 * NtTerminateThread on other threads: a thread spinning in Windows code is stopped where it is, read, changed and resumed thousands of
 * times; a thread blocked in a service stops as the service returns; counts and statuses as on Windows. */
#include "lib/nttest.h"

#define MAGIC 0x5a5a1234abcdull
#define ROUNDS 3000

/* Spinner(state): counts in state[0], copies r14 to state[1], checks that r12 keeps MAGIC (state[3] counts
 * failures) and returns when state[2] is set. r14 is only ever changed from outside, through the context. */
typedef struct {
    volatile ULONG64 Count, Mirror, Stop, Broken;
} SPIN_STATE;
extern char Spinner[], SpinnerEnd[];
extern ULONG NTAPI SpinThread(PVOID state);
__asm__(".globl Spinner\nSpinner:\n"
        "    pushq %r12; pushq %r14\n"
        "    movabsq $0x5a5a1234abcd, %r12\n"
        "    xorl %r14d, %r14d\n"
        "1:  incq 0(%rcx)\n"
        "    movq %r14, 8(%rcx)\n"
        "    movabsq $0x5a5a1234abcd, %rax\n"
        "    cmpq %rax, %r12\n"
        "    je 2f\n"
        "    incq 24(%rcx)\n"
        "2:  cmpq $0, 16(%rcx)\n"
        "    je 1b\n"
        "    popq %r14; popq %r12\n"
        "    ret\n"
        ".globl SpinnerEnd\nSpinnerEnd:\n"
        ".globl SpinThread\nSpinThread:\n"
        "    subq $40, %rsp\n"
        "    call Spinner\n"
        "    addq $40, %rsp\n"
        "    xorl %eax, %eax\n"
        "    ret\n");

static volatile LONG DivertedRan;
static void NTAPI DivertedFunction(void)
{
    DivertedRan = 1;
    NtTerminateThread(NtCurrentThread(), 0x1234);
}

static void Sleep(LONG64 ms)
{
    LARGE_INTEGER t = {.QuadPart = -ms * 10000};
    NtDelayExecution(FALSE, &t);
}

static NTSTATUS Wait(HANDLE h, LONG64 ms)
{
    LARGE_INTEGER t = {.QuadPart = -ms * 10000};
    return NtWaitForSingleObject(h, FALSE, &t);
}

static ULONG64 WaitForCount(SPIN_STATE *s, ULONG64 beyond)
{
    for (int i = 0; i < 100000 && s->Count <= beyond; i++)
        NtYieldExecution();
    return s->Count;
}

static void TestSpinning(void)
{
    static CONTEXT context __attribute__((aligned(16)));
    static SPIN_STATE state;
    HANDLE thread = TestCreateThread((PUSER_THREAD_START_ROUTINE)SpinThread, (PVOID)&state, 0);
    ULONG previous = 99, bad_rip = 0, bad_r12 = 0, lost = 0;
    ULONG64 count;
    NTSTATUS code;
    THREAD_BASIC_INFORMATION info;

    WaitForCount(&state, 1000);
    ok_status(NtSuspendThread(thread, &previous), STATUS_SUCCESS);
    ok(previous == 0, "first suspension: previous count %u", (unsigned)previous);
    count = state.Count;
    Sleep(20);
    ok(state.Count == count, "a suspended thread does not run: %lu then %lu", count, state.Count);
    ok_status(NtSuspendThread(thread, &previous), STATUS_SUCCESS);
    ok(previous == 1, "second: previous count %u", (unsigned)previous);
    ok_status(NtQueryInformationThread(thread, ThreadSuspendCount, &previous, sizeof(previous), NULL), STATUS_SUCCESS);
    ok(previous == 2, "ThreadSuspendCount %u", (unsigned)previous);
    context.ContextFlags = CONTEXT_FULL;
    ok_status(NtGetContextThread(thread, &context), STATUS_SUCCESS);
    ok(context.Rip >= (ULONG64)Spinner && context.Rip < (ULONG64)SpinnerEnd, "stopped in the spinner: rip %lx",
       (ULONG64)context.Rip);
    ok(context.R12 == MAGIC && context.Rcx == (ULONG64)&state, "its registers: r12 %lx rcx %lx", (ULONG64)context.R12,
       (ULONG64)context.Rcx);
    ok_status(NtResumeThread(thread, &previous), STATUS_SUCCESS);
    ok(previous == 2, "resume: previous count %u", (unsigned)previous);
    ok(state.Count == count, "still suspended once");
    ok_status(NtResumeThread(thread, &previous), STATUS_SUCCESS);
    ok(previous == 1, "resume: previous count %u", (unsigned)previous);
    ok(WaitForCount(&state, count) > count, "running again");
    ok_status(NtResumeThread(thread, &previous), STATUS_SUCCESS);
    ok(previous == 0, "resuming a running thread: previous count %u", (unsigned)previous);

    /* Read and change it, thousands of times: r14 is set through the context and the thread copies it out. */
    for (ULONG round = 1; round <= ROUNDS; round++) {
        NtSuspendThread(thread, NULL);
        context.ContextFlags = CONTEXT_FULL;
        NtGetContextThread(thread, &context);
        bad_rip += context.Rip < (ULONG64)Spinner || context.Rip >= (ULONG64)SpinnerEnd;
        bad_r12 += context.R12 != MAGIC;
        context.ContextFlags = CONTEXT_INTEGER;
        context.R14 = round;
        NtSetContextThread(thread, &context);
        NtResumeThread(thread, NULL);
        for (int i = 0; i < 100000 && state.Mirror != round; i++)
            NtYieldExecution();
        lost += state.Mirror != round;
    }
    ok(!bad_rip && !bad_r12 && !lost && !state.Broken,
       "%u rounds: %u outside the spinner, %u with r12 changed, %u changes lost, %lu breaks", ROUNDS, bad_rip, bad_r12,
       lost, state.Broken);

    /* A new rip: the thread goes on there. */
    NtSuspendThread(thread, NULL);
    context.ContextFlags = CONTEXT_CONTROL;
    NtGetContextThread(thread, &context);
    context.Rip = (ULONG64)DivertedFunction;
    context.Rsp = (context.Rsp & ~15ull) - 8;
    ok_status(NtSetContextThread(thread, &context), STATUS_SUCCESS);
    ok(!DivertedRan, "not before it is resumed");
    NtResumeThread(thread, NULL);
    ok_status(Wait(thread, 5000), STATUS_WAIT_0);
    ok_status(NtQueryInformationThread(thread, ThreadBasicInformation, &info, sizeof(info), NULL), STATUS_SUCCESS);
    code = info.ExitStatus;
    ok(DivertedRan && code == 0x1234, "it ran where its context was set: exit code %x", (unsigned)code);

    /* An ended thread cannot be suspended. */
    ok_status(NtSuspendThread(thread, &previous), STATUS_THREAD_IS_TERMINATING);
    NtClose(thread);
}

typedef struct {
    HANDLE Event;
    volatile LONG Woken;
    NTSTATUS Status;
} BLOCKED;

static ULONG NTAPI BlockedThread(PVOID arg)
{
    BLOCKED *b = arg;
    b->Status = NtWaitForSingleObject(b->Event, FALSE, NULL);
    b->Woken = 1;
    return 0;
}

static void TestBlocked(void)
{
    static CONTEXT context __attribute__((aligned(16)));
    BLOCKED b = {0};
    HANDLE thread;
    ULONG previous = 99;

    ok_status(NtCreateEvent(&b.Event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
    thread = TestCreateThread(BlockedThread, &b, 0);
    Sleep(20);
    ok_status(NtSuspendThread(thread, &previous), STATUS_SUCCESS);
    ok(previous == 0, "previous count %u", (unsigned)previous);
    context.ContextFlags = CONTEXT_FULL;
    ok_status(NtGetContextThread(thread, &context), STATUS_SUCCESS);
    ok(context.Rip >= (ULONG64)BlockedThread && context.Rip < (ULONG64)BlockedThread + 0x40 &&
           context.Rsp > (ULONG64)&b - 0x100000 && context.Rsp < (ULONG64)NtCurrentTeb()->NtTib.StackBase + 0x10000000,
       "inside its wait, it reports the context the wait returns to: rip %lx (thread function %p) rsp %lx",
       (ULONG64)context.Rip, (void *)BlockedThread, (ULONG64)context.Rsp);
    NtSetEvent(b.Event, NULL);
    Sleep(30);
    ok(!b.Woken, "its wait was satisfied, but it does not go on while suspended");
    ok_status(NtResumeThread(thread, &previous), STATUS_SUCCESS);
    ok_status(Wait(thread, 5000), STATUS_WAIT_0);
    ok(b.Woken && b.Status == STATUS_WAIT_0, "resumed, it returns from its wait: %x", (unsigned)b.Status);
    NtClose(thread);
    NtClose(b.Event);
}

static volatile LONG StartedWith;
static ULONG NTAPI RecordStart(PVOID arg)
{
    StartedWith = (LONG)(ULONG_PTR)arg;
    return 0;
}

static ULONG NTAPI SelfSuspend(PVOID arg)
{
    ULONG previous = 99;
    NTSTATUS status = NtSuspendThread(NtCurrentThread(), &previous);
    *(volatile LONG *)arg = status == STATUS_SUCCESS && previous == 0 ? 1 : -1;
    return 0;
}

static void TestCountsAndStart(void)
{
    static CONTEXT context __attribute__((aligned(16)));
    HANDLE thread, limited;
    ULONG previous;
    volatile LONG self = 0;
    LONG suspended = 0;

    /* A thread created suspended reports where it will start; a changed argument is what it starts with. */
    thread = TestCreateThread(RecordStart, (PVOID)11, THREAD_CREATE_FLAGS_CREATE_SUSPENDED);
    context.ContextFlags = CONTEXT_FULL;
    ok_status(NtGetContextThread(thread, &context), STATUS_SUCCESS);
    ok(context.Rcx == (ULONG64)RecordStart && context.Rdx == 11 && context.Rip && (context.Rsp & 15) == 8,
       "the start: rip %lx rcx %lx rdx %lx rsp %lx", (ULONG64)context.Rip, (ULONG64)context.Rcx,
       (ULONG64)context.Rdx, (ULONG64)context.Rsp);
    context.ContextFlags = CONTEXT_INTEGER;
    context.Rdx = 22;
    ok_status(NtSetContextThread(thread, &context), STATUS_SUCCESS);

    /* The count stops at 127 (MAXIMUM_SUSPEND_COUNT). */
    for (int i = 0; i < 200; i++)
        if (NtSuspendThread(thread, NULL) == STATUS_SUCCESS)
            suspended++;
    ok(suspended == 126, "126 more suspensions on top of the first: %d", (int)suspended);
    ok_status(NtSuspendThread(thread, NULL), STATUS_SUSPEND_COUNT_EXCEEDED);
    for (int i = 0; i < 127; i++)
        NtResumeThread(thread, &previous);
    ok(previous == 1, "the last resume: previous count %u", (unsigned)previous);
    ok_status(Wait(thread, 5000), STATUS_WAIT_0);
    ok(StartedWith == 22, "it started with the argument its context was given: %d", (int)StartedWith);
    NtClose(thread);

    /* A thread that suspends itself stops until another resumes it. */
    thread = TestCreateThread(SelfSuspend, (PVOID)&self, 0);
    for (int i = 0; i < 1000; i++) {
        if (NtQueryInformationThread(thread, ThreadSuspendCount, &previous, sizeof(previous), NULL) == STATUS_SUCCESS &&
            previous == 1)
            break;
        Sleep(1);
    }
    Sleep(20);
    ok(previous == 1 && self == 0, "suspended itself: count %u, went on %d", (unsigned)previous, (int)self);
    ok_status(NtResumeThread(thread, &previous), STATUS_SUCCESS);
    ok_status(Wait(thread, 5000), STATUS_WAIT_0);
    ok(self == 1, "resumed by another, its call returned success with count 0");
    NtClose(thread);

    /* Rights and bad input. */
    ok_status(NtDuplicateObject(NtCurrentProcess(), NtCurrentThread(), NtCurrentProcess(), &limited,
                                THREAD_QUERY_INFORMATION, 0, 0),
              STATUS_SUCCESS);
    ok_status(NtSuspendThread(limited, NULL), STATUS_ACCESS_DENIED);
    ok_status(NtResumeThread(limited, NULL), STATUS_ACCESS_DENIED);
    ok_status(NtGetContextThread(limited, &context), STATUS_ACCESS_DENIED);
    ok_status(NtSetContextThread(limited, &context), STATUS_ACCESS_DENIED);
    NtClose(limited);
    ok_status(NtSuspendThread((HANDLE)0x1234, NULL), STATUS_INVALID_HANDLE);
    ok_status(NtResumeThread((HANDLE)0x1234, NULL), STATUS_INVALID_HANDLE);
    thread = TestCreateThread(RecordStart, (PVOID)1, THREAD_CREATE_FLAGS_CREATE_SUSPENDED);
    ok_status(NtSuspendThread(thread, (PULONG)0x10), STATUS_ACCESS_VIOLATION);
    ok_status(NtResumeThread(thread, (PULONG)0x10), STATUS_ACCESS_VIOLATION);
    ok_status(NtQueryInformationThread(thread, ThreadSuspendCount, &previous, sizeof(previous), NULL), STATUS_SUCCESS);
    ok(previous == 1, "a bad count pointer leaves the count alone: %u", (unsigned)previous);
    context.ContextFlags = CONTEXT_DEBUG_REGISTERS;
    context.Dr7 = 1;
    ok_status(NtSetContextThread(thread, &context), STATUS_NOT_IMPLEMENTED);
    ok_status(NtGetContextThread(thread, (CONTEXT *)((char *)&context + 8)), STATUS_DATATYPE_MISALIGNMENT);
    NtResumeThread(thread, NULL);
    ok_status(Wait(thread, 5000), STATUS_WAIT_0);
    NtClose(thread);
}

static NTSTATUS ExitCode(HANDLE thread)
{
    THREAD_BASIC_INFORMATION info;
    if (NtQueryInformationThread(thread, ThreadBasicInformation, &info, sizeof(info), NULL))
        return -1;
    return info.ExitStatus;
}

static HANDLE OwnedMutant;
static ULONG NTAPI OwnAndWait(PVOID event)
{
    NtWaitForSingleObject(OwnedMutant, FALSE, NULL);
    NtWaitForSingleObject(event, FALSE, NULL);
    return 0;
}

/* NtTerminateThread on another thread ends it wherever it is, with the status given. */
static ULONG ThreadId(HANDLE thread)
{
    THREAD_BASIC_INFORMATION info;

    if (NtQueryInformationThread(thread, ThreadBasicInformation, &info, sizeof(info), NULL))
        return 0;
    return (ULONG)(ULONG_PTR)info.ClientId.UniqueThread;
}

static void TestTerminate(void)
{
    static SPIN_STATE state;
    HANDLE thread, event, limited;
    ULONG ended_id;
    int i;
    LARGE_INTEGER zero = {.QuadPart = 0};

    state.Stop = 0;
    thread = TestCreateThread((PUSER_THREAD_START_ROUTINE)SpinThread, (PVOID)&state, 0);
    WaitForCount(&state, state.Count + 1000);
    ok_status(NtTerminateThread(thread, 0x55), STATUS_SUCCESS);
    ok_status(Wait(thread, 5000), STATUS_WAIT_0);
    ok(ExitCode(thread) == 0x55, "spinning in Windows code: exit code %x", (unsigned)ExitCode(thread));
    ok_status(NtTerminateThread(thread, 0x66), STATUS_SUCCESS);
    ok(ExitCode(thread) == 0x55, "ending it again changes nothing: %x", (unsigned)ExitCode(thread));
    ended_id = ThreadId(thread);
    NtClose(thread);

    /* Veles runs the next thread on the host thread of one that ended (once its object is gone): one ended from
     * inside a signal handler must leave it able to take the next thread's suspensions. */
    Sleep(20);
    state.Stop = 0;
    thread = TestCreateThread((PUSER_THREAD_START_ROUTINE)SpinThread, (PVOID)&state, 0);
    ok(ThreadId(thread) == ended_id, "the host thread is used again: id %x, before %x", (unsigned)ThreadId(thread),
       (unsigned)ended_id);
    for (i = 0; i < 200; i++) {
        ULONG64 count;
        ok_status(NtSuspendThread(thread, NULL), STATUS_SUCCESS);
        count = state.Count;
        Sleep(1);
        if (state.Count != count)
            break;
        NtResumeThread(thread, NULL);
        WaitForCount(&state, count);
    }
    ok(i == 200, "the next thread stops on every suspension (%d)", i);
    state.Stop = 1;
    ok_status(Wait(thread, 5000), STATUS_WAIT_0);
    NtClose(thread);

    /* Blocked in a wait, owning a mutant: the wait is abandoned, and so is the mutant. */
    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
    ok_status(NtCreateMutant(&OwnedMutant, MUTANT_ALL_ACCESS, NULL, FALSE), STATUS_SUCCESS);
    thread = TestCreateThread(OwnAndWait, event, 0);
    Sleep(20);
    ok_status(NtTerminateThread(thread, 0x56), STATUS_SUCCESS);
    ok_status(Wait(thread, 5000), STATUS_WAIT_0);
    ok(ExitCode(thread) == 0x56, "blocked in a wait: exit code %x", (unsigned)ExitCode(thread));
    ok_status(NtWaitForSingleObject(OwnedMutant, FALSE, &zero), STATUS_ABANDONED_WAIT_0);
    NtReleaseMutant(OwnedMutant, NULL);
    NtClose(thread);

    /* Suspended, and never started. */
    thread = TestCreateThread(OwnAndWait, event, 0);
    Sleep(20);
    NtSuspendThread(thread, NULL);
    ok_status(NtTerminateThread(thread, 0x57), STATUS_SUCCESS);
    ok_status(Wait(thread, 5000), STATUS_WAIT_0);
    ok(ExitCode(thread) == 0x57, "suspended: exit code %x", (unsigned)ExitCode(thread));
    NtClose(thread);
    StartedWith = 0;
    thread = TestCreateThread(RecordStart, (PVOID)33, THREAD_CREATE_FLAGS_CREATE_SUSPENDED);
    ok_status(NtTerminateThread(thread, 0x58), STATUS_SUCCESS);
    ok_status(Wait(thread, 5000), STATUS_WAIT_0);
    ok(ExitCode(thread) == 0x58 && StartedWith == 0, "never started: exit code %x, ran %d",
       (unsigned)ExitCode(thread), (int)StartedWith);

    ok_status(NtDuplicateObject(NtCurrentProcess(), thread, NtCurrentProcess(), &limited, THREAD_QUERY_INFORMATION, 0,
                                0),
              STATUS_SUCCESS);
    ok_status(NtTerminateThread(limited, 0), STATUS_ACCESS_DENIED);
    NtClose(limited);
    NtClose(thread);
    NtClose(OwnedMutant);
    NtClose(event);
}

void RunTests(void)
{
    TestSpinning();
    TestBlocked();
    TestCountsAndStart();
    TestTerminate();
}
