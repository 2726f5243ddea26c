/* User-mode synchronization in ntdll: critical sections, SRW locks, resources and condition variables under
 * contention, waiting on an address, and run-once. */
#include "lib/nttest.h"

#define THREADS 4
#define ROUNDS 50000

static void RunThreads(PUSER_THREAD_START_ROUTINE routine, int count)
{
    HANDLE threads[THREADS];
    for (ULONG_PTR i = 0; i < (ULONG_PTR)count; i++)
        ok_status(NtCreateThreadEx(&threads[i], THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), routine, (PVOID)i, 0, 0,
                                   0, 0, NULL),
                  STATUS_SUCCESS);
    ok_status(NtWaitForMultipleObjects(count, threads, WaitAll, FALSE, NULL), STATUS_SUCCESS);
    for (int i = 0; i < count; i++)
        NtClose(threads[i]);
}

static LARGE_INTEGER Ms(LONG ms)
{
    LARGE_INTEGER t = {.QuadPart = -10000LL * ms};
    return t;
}

/* A counter bumped without atomics: only the lock keeps the increments from being lost. */
static volatile LONG Counter;
static RTL_CRITICAL_SECTION Section;
static RTL_SRWLOCK Srw;

static ULONG NTAPI CountUnderSection(PVOID arg)
{
    for (int i = 0; i < ROUNDS; i++) {
        RtlEnterCriticalSection(&Section);
        if (i % 7 == 0)
            RtlEnterCriticalSection(&Section); /* recursion counts */
        Counter = Counter + 1;
        if (i % 7 == 0)
            RtlLeaveCriticalSection(&Section);
        RtlLeaveCriticalSection(&Section);
    }
    return 0;
}

static ULONG NTAPI CountUnderSrw(PVOID arg)
{
    for (int i = 0; i < ROUNDS; i++) {
        if (i % 3 == 0) {
            RtlAcquireSRWLockShared(&Srw);
            (void)Counter;
            RtlReleaseSRWLockShared(&Srw);
            continue;
        }
        RtlAcquireSRWLockExclusive(&Srw);
        Counter = Counter + 1;
        RtlReleaseSRWLockExclusive(&Srw);
    }
    return 0;
}

static ULONG NTAPI TryFromOtherThread(PVOID arg)
{
    BOOLEAN entered = RtlTryEnterCriticalSection(&Section);
    if (entered)
        RtlLeaveCriticalSection(&Section);
    Counter = entered ? 1 : 2;
    return 0;
}

static void TestCriticalSections(void)
{
    ok_status(RtlInitializeCriticalSectionAndSpinCount(&Section, 100), STATUS_SUCCESS);
    ok(RtlSetCriticalSectionSpinCount(&Section, 4000) == 100 && Section.SpinCount == 4000, "the spin count changed");
    ok(Section.LockCount == -1 && !Section.RecursionCount && !Section.OwningThread, "a new section is free");
    ok(RtlTryEnterCriticalSection(&Section) && RtlTryEnterCriticalSection(&Section), "entered twice");
    ok(Section.RecursionCount == 2 && Section.OwningThread == NtCurrentTeb()->ClientId.UniqueThread &&
           RtlIsCriticalSectionLockedByThread(&Section),
       "owned by this thread, twice");
    Counter = 0;
    RunThreads(TryFromOtherThread, 1);
    ok(Counter == 2, "another thread cannot enter it: %d", Counter);
    ok(Section.LockCount == -2, "held, nobody waiting: LockCount -2, as since Vista (%d)", Section.LockCount);
    RtlLeaveCriticalSection(&Section);
    ok(Section.LockCount == -2 && Section.RecursionCount == 1, "left once of twice: still held");
    RtlLeaveCriticalSection(&Section);
    ok(!RtlIsCriticalSectionLocked(&Section) && Section.LockCount == -1, "free again");
    /* Leaving more often than entering is not refused (Windows checks no owner): RecursionCount goes below zero
     * and LockCount stays, so the next entry works. */
    ok_status(RtlLeaveCriticalSection(&Section), STATUS_SUCCESS);
    ok(Section.RecursionCount == -1 && Section.LockCount == -1 && !Section.OwningThread, "left once too often");
    ok_status(RtlEnterCriticalSection(&Section), STATUS_SUCCESS);
    ok(Section.RecursionCount == 1 && Section.LockCount == -2, "and entered again as if it had not been");
    RtlLeaveCriticalSection(&Section);

    RtlInitializeCriticalSection(&Section);
    Counter = 0;
    RunThreads(CountUnderSection, THREADS);
    ok(Counter == THREADS * ROUNDS, "%d threads counting under one section: %d", THREADS, Counter);
    ok(Section.LockCount == -1 && !Section.OwningThread, "left free: %d", Section.LockCount);
    RtlDeleteCriticalSection(&Section);

    /* Debug information: there to be read and named, freed with the section unless it is the caller's. */
    {
        static RTL_CRITICAL_SECTION_DEBUG own;
        PVOID heap = TestPeb()->ProcessHeap;

        RtlInitializeCriticalSection(&Section);
        ok(Section.DebugInfo && Section.DebugInfo != (PVOID)-1 && Section.DebugInfo->CriticalSection == &Section &&
               RtlValidateHeap(heap, 0, Section.DebugInfo),
           "a section has debug information from the process heap");
        Section.DebugInfo->Spare[0] = (ULONG_PTR) "rtlsync.c: Section";
        RtlDeleteCriticalSection(&Section);
        ok(Section.DebugInfo == NULL, "deleted with the section");
        ok_status(RtlInitializeCriticalSectionEx(&Section, 0, RTL_CRITICAL_SECTION_FLAG_NO_DEBUG_INFO), STATUS_SUCCESS);
        ok(Section.DebugInfo == (PVOID)-1, "none when asked for none");
        RtlDeleteCriticalSection(&Section);
        RtlInitializeCriticalSection(&Section);
        RtlDeleteCriticalSection(&Section);
        Section.DebugInfo = &own;
        own.Type = 7;
        RtlDeleteCriticalSection(&Section);
        ok(own.Type == 7 && RtlValidateHeap(heap, 0, NULL), "a section's own static debug information is left alone");
    }
}

static volatile LONG SharedHolders, MostShared;

static ULONG NTAPI HoldShared(PVOID arg)
{
    LARGE_INTEGER pause = Ms(30);
    RtlAcquireSRWLockShared(&Srw);
    LONG now = __atomic_add_fetch(&SharedHolders, 1, __ATOMIC_SEQ_CST);
    if (now > MostShared)
        MostShared = now;
    NtDelayExecution(FALSE, &pause);
    __atomic_sub_fetch(&SharedHolders, 1, __ATOMIC_SEQ_CST);
    RtlReleaseSRWLockShared(&Srw);
    return 0;
}

static void TestSrwLocks(void)
{
    Srw.Ptr = (PVOID)0x55;
    RtlInitializeSRWLock(&Srw);
    ok(Srw.Ptr == NULL, "an initialized SRW lock is a zero word");
    ok(RtlTryAcquireSRWLockShared(&Srw) && RtlTryAcquireSRWLockShared(&Srw), "shared twice");
    ok(!RtlTryAcquireSRWLockExclusive(&Srw), "not exclusively while shared");
    RtlReleaseSRWLockShared(&Srw);
    RtlReleaseSRWLockShared(&Srw);
    ok(RtlTryAcquireSRWLockExclusive(&Srw), "exclusively once free");
    ok(!RtlTryAcquireSRWLockShared(&Srw) && !RtlTryAcquireSRWLockExclusive(&Srw), "nothing else while exclusive");
    RtlReleaseSRWLockExclusive(&Srw);
    ok(Srw.Ptr == NULL, "the lock word is back to 0");

    MostShared = 0;
    RunThreads(HoldShared, 3);
    ok(MostShared >= 2, "readers hold it together: %d at once", MostShared);

    Counter = 0;
    RunThreads(CountUnderSrw, THREADS);
    ok(Counter == THREADS * (ROUNDS - (ROUNDS + 2) / 3), "%d threads, writers and readers: %d", THREADS, Counter);
    ok(Srw.Ptr == NULL, "left free");
}

/* Resources: readers together, one writer (who may also read and take it again), waiters of both kinds. */
static RTL_RESOURCE Resource;

static ULONG NTAPI CountUnderResource(PVOID arg)
{
    for (int i = 0; i < ROUNDS / 10; i++) {
        if (i % 3 == 0) {
            RtlAcquireResourceShared(&Resource, TRUE);
            (void)Counter;
            RtlReleaseResource(&Resource);
            continue;
        }
        RtlAcquireResourceExclusive(&Resource, TRUE);
        if (i % 5 == 0)
            RtlAcquireResourceShared(&Resource, TRUE); /* the writer reads too */
        Counter = Counter + 1;
        if (i % 5 == 0)
            RtlReleaseResource(&Resource);
        RtlReleaseResource(&Resource);
    }
    return 0;
}

/* What another thread may take without waiting, given back at once: 1 reading, 2 writing. */
static ULONG NTAPI TryResource(PVOID arg)
{
    ULONG got = 0;

    if (RtlAcquireResourceShared(&Resource, FALSE)) {
        got |= 1;
        RtlReleaseResource(&Resource);
    }
    if (RtlAcquireResourceExclusive(&Resource, FALSE)) {
        got |= 2;
        RtlReleaseResource(&Resource);
    }
    return got;
}

static ULONG TryResourceElsewhere(void)
{
    HANDLE thread = TestCreateThread(TryResource, NULL, 0);
    THREAD_BASIC_INFORMATION info = {0};

    NtWaitForSingleObject(thread, FALSE, NULL);
    NtQueryInformationThread(thread, ThreadBasicInformation, &info, sizeof(info), NULL);
    NtClose(thread);
    return (ULONG)info.ExitStatus;
}

static void TestResources(void)
{
    LONG rounds = ROUNDS / 10, exclusive = rounds - (rounds + 2) / 3;

    RtlInitializeResource(&Resource);
    ok(Resource.SharedSemaphore && Resource.ExclusiveSemaphore && !Resource.NumberActive, "initialized");
    ok(RtlAcquireResourceShared(&Resource, FALSE) && RtlAcquireResourceShared(&Resource, FALSE), "shared twice");
    ok(Resource.NumberActive == 2, "two readers: %d", (int)Resource.NumberActive);
    ok(!RtlAcquireResourceExclusive(&Resource, FALSE), "no writer while read");
    ok(TryResourceElsewhere() == 1, "another thread reads along, but does not write");
    RtlReleaseResource(&Resource);
    RtlReleaseResource(&Resource);
    ok(RtlAcquireResourceExclusive(&Resource, FALSE) && RtlAcquireResourceExclusive(&Resource, FALSE) &&
           RtlAcquireResourceShared(&Resource, FALSE),
       "the writer takes it again, and reads");
    ok(Resource.NumberActive == -3 && Resource.OwningThread == NtCurrentTeb()->ClientId.UniqueThread,
       "one writer, three deep: %d", (int)Resource.NumberActive);
    ok(TryResourceElsewhere() == 0, "another thread neither reads nor writes");
    RtlReleaseResource(&Resource);
    RtlReleaseResource(&Resource);
    RtlConvertExclusiveToShared(&Resource);
    ok(Resource.NumberActive == 1 && !Resource.OwningThread, "the writer became a reader");
    RtlConvertSharedToExclusive(&Resource);
    ok(Resource.NumberActive == -1, "and the only reader a writer again");
    RtlReleaseResource(&Resource);
    ok(!Resource.NumberActive && !Resource.OwningThread, "free");

    Counter = 0;
    RunThreads(CountUnderResource, THREADS);
    ok(Counter == THREADS * exclusive, "%d threads, writers and readers: %d of %d", THREADS, Counter,
       THREADS * exclusive);
    ok(!Resource.NumberActive && !Resource.SharedWaiters && !Resource.ExclusiveWaiters, "left free, none waiting");
    RtlDeleteResource(&Resource);
}

/* A bounded queue of one slot between a producer and consumers, under a section or an SRW lock. */
static RTL_CONDITION_VARIABLE NotEmpty, NotFull;
static LONG Slot, Produced, Consumed, UseSrw;

static void Lock(void)
{
    if (UseSrw)
        RtlAcquireSRWLockExclusive(&Srw);
    else
        RtlEnterCriticalSection(&Section);
}

static void Unlock(void)
{
    if (UseSrw)
        RtlReleaseSRWLockExclusive(&Srw);
    else
        RtlLeaveCriticalSection(&Section);
}

static void Sleep(PRTL_CONDITION_VARIABLE cv)
{
    if (UseSrw)
        RtlSleepConditionVariableSRW(cv, &Srw, NULL, 0);
    else
        RtlSleepConditionVariableCS(cv, &Section, NULL);
}

#define ITEMS 20000
static ULONG NTAPI Producer(PVOID arg)
{
    for (LONG i = 1; i <= ITEMS; i++) {
        Lock();
        while (Slot)
            Sleep(&NotFull);
        Slot = i;
        Produced += i;
        RtlWakeConditionVariable(&NotEmpty);
        Unlock();
    }
    Lock();
    while (Slot)
        Sleep(&NotFull);
    Slot = -1; /* done: every consumer sees it and leaves it */
    RtlWakeAllConditionVariable(&NotEmpty);
    Unlock();
    return 0;
}

static ULONG NTAPI Consumer(PVOID arg)
{
    for (;;) {
        Lock();
        while (!Slot)
            Sleep(&NotEmpty);
        if (Slot < 0) {
            Unlock();
            return 0;
        }
        Consumed += Slot;
        Slot = 0;
        RtlWakeConditionVariable(&NotFull);
        Unlock();
    }
}

static ULONG NTAPI ProducerOrConsumer(PVOID arg)
{
    return arg ? Consumer(arg) : Producer(arg);
}

static void TestConditionVariables(void)
{
    LARGE_INTEGER t = Ms(20);

    RtlInitializeCriticalSection(&Section);
    for (UseSrw = 0; UseSrw < 2; UseSrw++) {
        Slot = Produced = Consumed = 0;
        NotEmpty.Ptr = NotFull.Ptr = (PVOID)0x55;
        RtlInitializeConditionVariable(&NotEmpty);
        RtlInitializeConditionVariable(&NotFull);
        ok(!NotEmpty.Ptr && !NotFull.Ptr, "initialized condition variables are zero words");
        RunThreads(ProducerOrConsumer, 3);
        ok(Produced == Consumed && Produced == ITEMS / 2 * (ITEMS + 1), "%s: every item produced was consumed: %d %d",
           UseSrw ? "SRW lock" : "critical section", Produced, Consumed);
    }
    RtlEnterCriticalSection(&Section);
    RtlEnterCriticalSection(&Section);
    ok_status(RtlSleepConditionVariableCS(&NotEmpty, &Section, &t), STATUS_TIMEOUT);
    ok(Section.RecursionCount == 2 && RtlIsCriticalSectionLockedByThread(&Section), "the section is held again, twice");
    RtlLeaveCriticalSection(&Section);
    RtlLeaveCriticalSection(&Section);
    ok_status(RtlSleepConditionVariableCS(&NotEmpty, &Section, &t), STATUS_INVALID_PARAMETER);
    RtlAcquireSRWLockShared(&Srw);
    ok_status(RtlSleepConditionVariableSRW(&NotEmpty, &Srw, &t, CONDITION_VARIABLE_LOCKMODE_SHARED), STATUS_TIMEOUT);
    ok(!RtlTryAcquireSRWLockExclusive(&Srw), "the SRW lock is held shared again");
    RtlReleaseSRWLockShared(&Srw);
}

static volatile LONG Word;

static ULONG NTAPI ChangeAndWake(PVOID arg)
{
    LARGE_INTEGER pause = Ms(20);
    NtDelayExecution(FALSE, &pause);
    Word = 1;
    RtlWakeAddressSingle((PVOID)&Word);
    return 0;
}

static void TestWaitOnAddress(void)
{
    LONG expect = 5;
    LARGE_INTEGER t = Ms(20);
    HANDLE thread;

    Word = 0;
    ok_status(RtlWaitOnAddress(&Word, &expect, sizeof(expect), NULL), STATUS_SUCCESS); /* differs: no wait */
    expect = 0;
    ok_status(RtlWaitOnAddress(&Word, &expect, sizeof(expect), &t), STATUS_TIMEOUT);
    ok_status(RtlWaitOnAddress(&Word, &expect, 3, &t), STATUS_INVALID_PARAMETER);
    ok_status(NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), ChangeAndWake, NULL, 0, 0, 0, 0,
                               NULL),
              STATUS_SUCCESS);
    while (Word == 0)
        RtlWaitOnAddress(&Word, &expect, sizeof(expect), NULL);
    ok(Word == 1, "woken when the value changed");
    NtWaitForSingleObject(thread, FALSE, NULL);
    NtClose(thread);
    RtlWakeAddressAll((PVOID)&Word); /* nobody waits: nothing happens */
}

static RTL_RUN_ONCE Once;
static volatile LONG Runs;

static ULONG NTAPI InitOnce(PRTL_RUN_ONCE once, PVOID param, PVOID *context)
{
    LARGE_INTEGER pause = Ms(10);
    __atomic_add_fetch(&Runs, 1, __ATOMIC_SEQ_CST);
    NtDelayExecution(FALSE, &pause);
    *context = (PVOID)0x1230;
    return param != NULL;
}

static volatile LONG OnceErrors;
static ULONG NTAPI RunOnceThread(PVOID arg)
{
    PVOID context = NULL;
    if (RtlRunOnceExecuteOnce(&Once, InitOnce, (PVOID)1, &context) || context != (PVOID)0x1230)
        __atomic_add_fetch(&OnceErrors, 1, __ATOMIC_SEQ_CST);
    return 0;
}

static void TestRunOnce(void)
{
    PVOID context = NULL;

    Once.Ptr = (PVOID)0x55;
    RtlRunOnceInitialize(&Once);
    ok(Once.Ptr == NULL, "an initialized run-once is a zero word");
    ok_status(RtlRunOnceExecuteOnce(&Once, InitOnce, NULL, &context), STATUS_UNSUCCESSFUL);
    ok(Once.Ptr == NULL && Runs == 1, "a failed run leaves it to be tried again");
    ok_status(RtlRunOnceBeginInitialize(&Once, RTL_RUN_ONCE_CHECK_ONLY, &context), STATUS_UNSUCCESSFUL);
    RunThreads(RunOnceThread, THREADS);
    ok(Runs == 2 && !OnceErrors, "%d threads at once: it ran once and all saw its context (%d runs)", THREADS, Runs);
    ok_status(RtlRunOnceBeginInitialize(&Once, RTL_RUN_ONCE_CHECK_ONLY, &context), STATUS_SUCCESS);
    ok(context == (PVOID)0x1230, "the context, to a check");

    Once.Ptr = NULL;
    ok_status(RtlRunOnceBeginInitialize(&Once, RTL_RUN_ONCE_ASYNC, &context), STATUS_PENDING);
    ok_status(RtlRunOnceBeginInitialize(&Once, RTL_RUN_ONCE_ASYNC, &context), STATUS_PENDING);
    ok_status(RtlRunOnceComplete(&Once, RTL_RUN_ONCE_ASYNC, (PVOID)0x40), STATUS_SUCCESS);
    ok_status(RtlRunOnceComplete(&Once, RTL_RUN_ONCE_ASYNC, (PVOID)0x80), STATUS_OBJECT_NAME_COLLISION);
    ok_status(RtlRunOnceBeginInitialize(&Once, 0, &context), STATUS_SUCCESS);
    ok(context == (PVOID)0x40, "the first to complete wins");
    ok_status(RtlRunOnceComplete(&Once, 0, (PVOID)0x41), STATUS_INVALID_PARAMETER); /* reserved bits */
    ok_status(RtlRunOnceBeginInitialize(&Once, RTL_RUN_ONCE_ASYNC | RTL_RUN_ONCE_CHECK_ONLY, &context),
              STATUS_INVALID_PARAMETER);
}

void RunTests(void)
{
    TestCriticalSections();
    TestSrwLocks();
    TestResources();
    TestConditionVariables();
    TestWaitOnAddress();
    TestRunOnce();
}
