/* User-mode synchronization: waiting on an address, and the critical sections, SRW locks, condition
 * variables and run-once built on it. */
#include "rtl/rtlp.h"

/* Waiters on an address, in buckets by the address; each parks on the NULL keyed event with its own node as
 * the key, so that a waker releases exactly the waiters it took off the list. */
typedef struct RTLP_ADDRESS_WAITER {
    struct RTLP_ADDRESS_WAITER *Next, **Prev;
    const volatile void *Address;
} RTLP_ADDRESS_WAITER;

#define RTLP_WAIT_BUCKETS 64
static struct {
    volatile LONG Lock;
    RTLP_ADDRESS_WAITER *Head;
} RtlpWaitBuckets[RTLP_WAIT_BUCKETS];

static ULONG RtlpWaitBucket(const volatile void *address)
{
    ULONG64 a = (ULONG64)address;
    return (ULONG)((a >> 3) ^ (a >> 9) ^ (a >> 15)) % RTLP_WAIT_BUCKETS;
}

static BOOLEAN RtlpSameValue(const volatile void *address, const void *compare, SIZE_T size)
{
    switch (size) {
    case 1: return *(const volatile BYTE *)address == *(const BYTE *)compare;
    case 2: return *(const volatile USHORT *)address == *(const USHORT *)compare;
    case 4: return *(const volatile ULONG *)address == *(const ULONG *)compare;
    default: return *(const volatile ULONG64 *)address == *(const ULONG64 *)compare;
    }
}

/* Takes a waiter off its bucket's list (under the bucket's lock); a NULL Prev then says it is off. */
static void RtlpUnlinkWaiter(RTLP_ADDRESS_WAITER *w)
{
    *w->Prev = w->Next;
    if (w->Next)
        w->Next->Prev = w->Prev;
    w->Prev = NULL;
}

/* Sleeps while *Address holds what *CompareAddress does, until woken or the timeout passes. */
NTSTATUS NTAPI RtlWaitOnAddress(const volatile void *Address, PVOID CompareAddress, SIZE_T AddressSize,
                                PLARGE_INTEGER Timeout)
{
    ULONG b = RtlpWaitBucket(Address);
    RTLP_ADDRESS_WAITER self = {.Address = Address};
    NTSTATUS status;
    BOOLEAN queued;

    if (AddressSize != 1 && AddressSize != 2 && AddressSize != 4 && AddressSize != 8)
        return STATUS_INVALID_PARAMETER;
    RtlpAcquireLock(&RtlpWaitBuckets[b].Lock);
    if (!RtlpSameValue(Address, CompareAddress, AddressSize)) {
        RtlpReleaseLock(&RtlpWaitBuckets[b].Lock);
        return STATUS_SUCCESS;
    }
    self.Next = RtlpWaitBuckets[b].Head;
    self.Prev = &RtlpWaitBuckets[b].Head;
    if (self.Next)
        self.Next->Prev = &self.Next;
    RtlpWaitBuckets[b].Head = &self;
    RtlpReleaseLock(&RtlpWaitBuckets[b].Lock);

    status = NtWaitForKeyedEvent(NULL, &self, FALSE, Timeout);
    if (status != STATUS_TIMEOUT)
        return STATUS_SUCCESS;
    RtlpAcquireLock(&RtlpWaitBuckets[b].Lock);
    if ((queued = self.Prev != NULL))
        RtlpUnlinkWaiter(&self);
    RtlpReleaseLock(&RtlpWaitBuckets[b].Lock);
    if (queued)
        return STATUS_TIMEOUT;
    /* A waker took this node off the list just as the time ran out: its release must be taken. */
    NtWaitForKeyedEvent(NULL, &self, FALSE, NULL);
    return STATUS_SUCCESS;
}

static void RtlpWakeAddress(const void *address, BOOLEAN all)
{
    ULONG b = RtlpWaitBucket(address);
    RTLP_ADDRESS_WAITER *woken = NULL, *w, *next;

    RtlpAcquireLock(&RtlpWaitBuckets[b].Lock);
    for (w = RtlpWaitBuckets[b].Head; w; w = next) {
        next = w->Next;
        if (w->Address != address)
            continue;
        RtlpUnlinkWaiter(w);
        w->Next = woken;
        woken = w;
        if (!all)
            break;
    }
    RtlpReleaseLock(&RtlpWaitBuckets[b].Lock);
    for (w = woken; w; w = next) {
        next = w->Next; /* the node is the waiter's: it may be gone once released */
        NtReleaseKeyedEvent(NULL, w, FALSE, NULL);
    }
}

void NTAPI RtlWakeAddressSingle(PVOID Address)
{
    RtlpWakeAddress(Address, FALSE);
}

void NTAPI RtlWakeAddressAll(PVOID Address)
{
    RtlpWakeAddress(Address, TRUE);
}

/* Critical sections. */

static HANDLE RtlpCurrentThreadId(void)
{
    return NtCurrentTeb()->ClientId.UniqueThread;
}

#define RTLP_NO_DEBUG_INFO ((PRTL_CRITICAL_SECTION_DEBUG)-1)

/* Sections get debug information from the process heap unless asked not to; only those blocks are freed on
 * delete, not the static ones a DLL may point DebugInfo at. */
NTSTATUS NTAPI RtlInitializeCriticalSectionEx(PRTL_CRITICAL_SECTION CriticalSection, ULONG SpinCount, ULONG Flags)
{
    PRTL_CRITICAL_SECTION_DEBUG debug = RTLP_NO_DEBUG_INFO;

    if (!(Flags & RTL_CRITICAL_SECTION_FLAG_NO_DEBUG_INFO) &&
        (debug = RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY,
                                 sizeof(*debug)))) {
        debug->CriticalSection = CriticalSection;
        debug->ProcessLocksList.Flink = debug->ProcessLocksList.Blink = &debug->ProcessLocksList;
    } else if (!debug) {
        return STATUS_NO_MEMORY;
    }
    CriticalSection->DebugInfo = debug;
    CriticalSection->LockCount = -1;
    CriticalSection->RecursionCount = 0;
    CriticalSection->OwningThread = NULL;
    CriticalSection->LockSemaphore = NULL;
    CriticalSection->SpinCount = SpinCount & 0x00ffffff;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlInitializeCriticalSectionAndSpinCount(PRTL_CRITICAL_SECTION CriticalSection, ULONG SpinCount)
{
    return RtlInitializeCriticalSectionEx(CriticalSection, SpinCount, 0);
}

NTSTATUS NTAPI RtlInitializeCriticalSection(PRTL_CRITICAL_SECTION CriticalSection)
{
    return RtlInitializeCriticalSectionEx(CriticalSection, 0, 0);
}

NTSTATUS NTAPI RtlDeleteCriticalSection(PRTL_CRITICAL_SECTION CriticalSection)
{
    PVOID heap = RtlpHeap();
    PRTL_CRITICAL_SECTION_DEBUG debug = CriticalSection->DebugInfo;

    if (debug && debug != RTLP_NO_DEBUG_INFO && RtlValidateHeap(heap, 0, debug))
        RtlFreeHeap(heap, 0, debug);
    CriticalSection->DebugInfo = NULL;
    CriticalSection->LockCount = -1;
    CriticalSection->RecursionCount = 0;
    CriticalSection->OwningThread = NULL;
    return STATUS_SUCCESS;
}

ULONG NTAPI RtlSetCriticalSectionSpinCount(PRTL_CRITICAL_SECTION CriticalSection, ULONG SpinCount)
{
    ULONG old = (ULONG)CriticalSection->SpinCount;
    CriticalSection->SpinCount = SpinCount;
    return old;
}

/* LockCount as Windows has kept it since Vista: -1 for a free section; bit 0 clears while one is held (-2 for a
 * held section nobody waits for) and each waiting thread takes 4 more off. The owner's nested entries count in
 * RecursionCount alone. A thread that finds the section held counts itself a waiter and parks on the keyed
 * event under the section's address; the one that leaves it takes a waiter off the count and wakes it, and the
 * woken thread tries again, as a thread arriving then may have been first. */
#define RTLP_CS_FREE 1
#define RTLP_CS_WAITER 4

static BOOLEAN RtlpTakeFreeSection(PRTL_CRITICAL_SECTION CriticalSection)
{
    LONG count = __atomic_load_n(&CriticalSection->LockCount, __ATOMIC_RELAXED);

    while (count & RTLP_CS_FREE)
        if (__atomic_compare_exchange_n(&CriticalSection->LockCount, &count, count - RTLP_CS_FREE, FALSE,
                                        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return TRUE;
    return FALSE;
}

BOOLEAN NTAPI RtlTryEnterCriticalSection(PRTL_CRITICAL_SECTION CriticalSection)
{
    if (RtlpTakeFreeSection(CriticalSection)) {
        CriticalSection->OwningThread = RtlpCurrentThreadId();
        CriticalSection->RecursionCount = 1;
        return TRUE;
    }
    if (CriticalSection->OwningThread == RtlpCurrentThreadId()) {
        CriticalSection->RecursionCount++;
        return TRUE;
    }
    return FALSE;
}

NTSTATUS NTAPI RtlEnterCriticalSection(PRTL_CRITICAL_SECTION CriticalSection)
{
    HANDLE self = RtlpCurrentThreadId();

    if (CriticalSection->OwningThread == self) {
        CriticalSection->RecursionCount++;
        return STATUS_SUCCESS;
    }
    for (ULONG_PTR spin = CriticalSection->SpinCount; spin; spin--) {
        if (RtlpTakeFreeSection(CriticalSection))
            goto owned;
        __builtin_ia32_pause();
    }
    for (;;) {
        LONG count = __atomic_load_n(&CriticalSection->LockCount, __ATOMIC_RELAXED);
        if (count & RTLP_CS_FREE) {
            if (__atomic_compare_exchange_n(&CriticalSection->LockCount, &count, count - RTLP_CS_FREE, FALSE,
                                            __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
                break;
            continue;
        }
        if (!__atomic_compare_exchange_n(&CriticalSection->LockCount, &count, count - RTLP_CS_WAITER, FALSE,
                                         __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            continue;
        if (CriticalSection->DebugInfo && CriticalSection->DebugInfo != RTLP_NO_DEBUG_INFO)
            __atomic_add_fetch(&CriticalSection->DebugInfo->ContentionCount, 1, __ATOMIC_RELAXED);
        NtWaitForKeyedEvent(NULL, CriticalSection, FALSE, NULL);
    }
owned:
    CriticalSection->OwningThread = self;
    CriticalSection->RecursionCount = 1;
    return STATUS_SUCCESS;
}

/* As Windows: the owner is not checked, and leaving a section more often than it was entered takes
 * RecursionCount below zero and leaves LockCount alone, so that the next entry works. */
NTSTATUS NTAPI RtlLeaveCriticalSection(PRTL_CRITICAL_SECTION CriticalSection)
{
    LONG count;

    if (--CriticalSection->RecursionCount)
        return STATUS_SUCCESS;
    CriticalSection->OwningThread = NULL;
    count = __atomic_load_n(&CriticalSection->LockCount, __ATOMIC_RELAXED);
    for (;;) {
        BOOLEAN waiters = ((ULONG)~count >> 2) != 0;
        LONG next = count + RTLP_CS_FREE + (waiters ? RTLP_CS_WAITER : 0);
        if (__atomic_compare_exchange_n(&CriticalSection->LockCount, &count, next, FALSE, __ATOMIC_RELEASE,
                                        __ATOMIC_RELAXED)) {
            if (waiters)
                NtReleaseKeyedEvent(NULL, CriticalSection, FALSE, NULL);
            return STATUS_SUCCESS;
        }
    }
}

BOOLEAN NTAPI RtlIsCriticalSectionLocked(PRTL_CRITICAL_SECTION CriticalSection)
{
    return CriticalSection->RecursionCount != 0;
}

BOOLEAN NTAPI RtlIsCriticalSectionLockedByThread(PRTL_CRITICAL_SECTION CriticalSection)
{
    return CriticalSection->OwningThread == RtlpCurrentThreadId() && CriticalSection->RecursionCount;
}

/* SRW locks: one word. Bit 0, held exclusively; bit 1, threads may be sleeping on it; the rest counts the
 * shared holders in steps of 4. Waiting writers hold new readers back, so writers are not starved. */
#define RTLP_SRW_EXCLUSIVE 1
#define RTLP_SRW_WAITERS 2
#define RTLP_SRW_SHARED 4

static ULONG_PTR *RtlpSrwWord(PRTL_SRWLOCK lock)
{
    return (ULONG_PTR *)&lock->Ptr;
}

/* Sleep until the word moves from what was seen, flagging the sleep first. A lock seen free is tried again
 * instead: nobody holding it would be there to wake the sleeper. */
static void RtlpSrwSleep(PRTL_SRWLOCK lock, ULONG_PTR seen)
{
    ULONG_PTR flagged = seen | RTLP_SRW_WAITERS;
    if (!(seen & ~(ULONG_PTR)RTLP_SRW_WAITERS))
        return;
    if (seen == flagged ||
        __atomic_compare_exchange_n(RtlpSrwWord(lock), &seen, flagged, FALSE, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        RtlWaitOnAddress(&lock->Ptr, &flagged, sizeof(flagged), NULL);
}

/* Whoever makes the lock free with sleepers flagged wakes them all, to try again. */
static void RtlpSrwWakeIfFree(PRTL_SRWLOCK lock, ULONG_PTR now)
{
    if (now == RTLP_SRW_WAITERS &&
        __atomic_compare_exchange_n(RtlpSrwWord(lock), &now, 0, FALSE, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        RtlWakeAddressAll(&lock->Ptr);
}

void NTAPI RtlInitializeSRWLock(PRTL_SRWLOCK SRWLock)
{
    SRWLock->Ptr = NULL;
}

BOOLEAN NTAPI RtlTryAcquireSRWLockExclusive(PRTL_SRWLOCK SRWLock)
{
    ULONG_PTR v = __atomic_load_n(RtlpSrwWord(SRWLock), __ATOMIC_RELAXED);
    while (!(v & ~(ULONG_PTR)RTLP_SRW_WAITERS))
        if (__atomic_compare_exchange_n(RtlpSrwWord(SRWLock), &v, v | RTLP_SRW_EXCLUSIVE, TRUE, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED))
            return TRUE;
    return FALSE;
}

BOOLEAN NTAPI RtlTryAcquireSRWLockShared(PRTL_SRWLOCK SRWLock)
{
    ULONG_PTR v = __atomic_load_n(RtlpSrwWord(SRWLock), __ATOMIC_RELAXED);
    while (!(v & (RTLP_SRW_EXCLUSIVE | RTLP_SRW_WAITERS)))
        if (__atomic_compare_exchange_n(RtlpSrwWord(SRWLock), &v, v + RTLP_SRW_SHARED, TRUE, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED))
            return TRUE;
    return FALSE;
}

void NTAPI RtlAcquireSRWLockExclusive(PRTL_SRWLOCK SRWLock)
{
    while (!RtlTryAcquireSRWLockExclusive(SRWLock))
        RtlpSrwSleep(SRWLock, __atomic_load_n(RtlpSrwWord(SRWLock), __ATOMIC_RELAXED));
}

void NTAPI RtlAcquireSRWLockShared(PRTL_SRWLOCK SRWLock)
{
    while (!RtlTryAcquireSRWLockShared(SRWLock)) {
        ULONG_PTR v = __atomic_load_n(RtlpSrwWord(SRWLock), __ATOMIC_RELAXED);
        /* Held back only by sleepers flagged while nobody holds it: they are being woken; try again. */
        if (v == RTLP_SRW_WAITERS)
            RtlpSrwWakeIfFree(SRWLock, v);
        else
            RtlpSrwSleep(SRWLock, v);
    }
}

void NTAPI RtlReleaseSRWLockExclusive(PRTL_SRWLOCK SRWLock)
{
    RtlpSrwWakeIfFree(SRWLock, __atomic_sub_fetch(RtlpSrwWord(SRWLock), RTLP_SRW_EXCLUSIVE, __ATOMIC_RELEASE));
}

void NTAPI RtlReleaseSRWLockShared(PRTL_SRWLOCK SRWLock)
{
    RtlpSrwWakeIfFree(SRWLock, __atomic_sub_fetch(RtlpSrwWord(SRWLock), RTLP_SRW_SHARED, __ATOMIC_RELEASE));
}

/* Condition variables: a counter bumped by every wake; a sleeper waits for it to move. */

void NTAPI RtlInitializeConditionVariable(PRTL_CONDITION_VARIABLE ConditionVariable)
{
    ConditionVariable->Ptr = NULL;
}

void NTAPI RtlWakeConditionVariable(PRTL_CONDITION_VARIABLE ConditionVariable)
{
    __atomic_add_fetch((ULONG_PTR *)&ConditionVariable->Ptr, 1, __ATOMIC_RELEASE);
    RtlWakeAddressSingle(&ConditionVariable->Ptr);
}

void NTAPI RtlWakeAllConditionVariable(PRTL_CONDITION_VARIABLE ConditionVariable)
{
    __atomic_add_fetch((ULONG_PTR *)&ConditionVariable->Ptr, 1, __ATOMIC_RELEASE);
    RtlWakeAddressAll(&ConditionVariable->Ptr);
}

/* The section is left as many times as it was entered, and entered as many again after. */
NTSTATUS NTAPI RtlSleepConditionVariableCS(PRTL_CONDITION_VARIABLE ConditionVariable,
                                           PRTL_CRITICAL_SECTION CriticalSection, PLARGE_INTEGER Timeout)
{
    ULONG_PTR seen = __atomic_load_n((ULONG_PTR *)&ConditionVariable->Ptr, __ATOMIC_ACQUIRE);
    LONG depth = CriticalSection->RecursionCount;
    NTSTATUS status;

    if (CriticalSection->OwningThread != RtlpCurrentThreadId() || depth <= 0)
        return STATUS_INVALID_PARAMETER;
    for (LONG i = 0; i < depth; i++)
        RtlLeaveCriticalSection(CriticalSection);
    status = RtlWaitOnAddress(&ConditionVariable->Ptr, &seen, sizeof(seen), Timeout);
    for (LONG i = 0; i < depth; i++)
        RtlEnterCriticalSection(CriticalSection);
    return status;
}

NTSTATUS NTAPI RtlSleepConditionVariableSRW(PRTL_CONDITION_VARIABLE ConditionVariable, PRTL_SRWLOCK SRWLock,
                                            PLARGE_INTEGER Timeout, ULONG Flags)
{
    ULONG_PTR seen = __atomic_load_n((ULONG_PTR *)&ConditionVariable->Ptr, __ATOMIC_ACQUIRE);
    BOOLEAN shared = (Flags & CONDITION_VARIABLE_LOCKMODE_SHARED) != 0;
    NTSTATUS status;

    if (Flags & ~(ULONG)CONDITION_VARIABLE_LOCKMODE_SHARED)
        return STATUS_INVALID_PARAMETER;
    if (shared)
        RtlReleaseSRWLockShared(SRWLock);
    else
        RtlReleaseSRWLockExclusive(SRWLock);
    status = RtlWaitOnAddress(&ConditionVariable->Ptr, &seen, sizeof(seen), Timeout);
    if (shared)
        RtlAcquireSRWLockShared(SRWLock);
    else
        RtlAcquireSRWLockExclusive(SRWLock);
    return status;
}

/* Run-once: the word is 0 before, 1 while it runs (in the first caller, or with RTL_RUN_ONCE_ASYNC in every
 * caller until one completes), and the context with bit 1 set after. */
#define RTLP_ONCE_RUNNING 1
#define RTLP_ONCE_DONE 2

void NTAPI RtlRunOnceInitialize(PRTL_RUN_ONCE RunOnce)
{
    RunOnce->Ptr = NULL;
}

/* STATUS_PENDING: the caller is to run it and then call RtlRunOnceComplete. STATUS_SUCCESS: it has run. */
NTSTATUS NTAPI RtlRunOnceBeginInitialize(PRTL_RUN_ONCE RunOnce, ULONG Flags, PVOID *Context)
{
    ULONG_PTR *word = (ULONG_PTR *)&RunOnce->Ptr;

    if ((Flags & ~(ULONG)(RTL_RUN_ONCE_CHECK_ONLY | RTL_RUN_ONCE_ASYNC)) ||
        (Flags & (RTL_RUN_ONCE_CHECK_ONLY | RTL_RUN_ONCE_ASYNC)) == (RTL_RUN_ONCE_CHECK_ONLY | RTL_RUN_ONCE_ASYNC))
        return STATUS_INVALID_PARAMETER;
    for (;;) {
        ULONG_PTR v = __atomic_load_n(word, __ATOMIC_ACQUIRE);
        if (v & RTLP_ONCE_DONE) {
            if (Context)
                *Context = (PVOID)(v & ~(ULONG_PTR)3);
            return STATUS_SUCCESS;
        }
        if (Flags & RTL_RUN_ONCE_CHECK_ONLY)
            return STATUS_UNSUCCESSFUL;
        if (!v && __atomic_compare_exchange_n(word, &v, RTLP_ONCE_RUNNING, FALSE, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            return STATUS_PENDING;
        if (v == RTLP_ONCE_RUNNING) {
            if (Flags & RTL_RUN_ONCE_ASYNC)
                return STATUS_PENDING;
            RtlWaitOnAddress(word, &v, sizeof(v), NULL);
        }
    }
}

NTSTATUS NTAPI RtlRunOnceComplete(PRTL_RUN_ONCE RunOnce, ULONG Flags, PVOID Context)
{
    ULONG_PTR *word = (ULONG_PTR *)&RunOnce->Ptr, running = RTLP_ONCE_RUNNING;
    BOOLEAN failed = (Flags & RTL_RUN_ONCE_INIT_FAILED) != 0;

    if ((Flags & ~(ULONG)(RTL_RUN_ONCE_INIT_FAILED | RTL_RUN_ONCE_ASYNC)) || ((ULONG_PTR)Context & 3) ||
        (failed && (Context || (Flags & RTL_RUN_ONCE_ASYNC))))
        return STATUS_INVALID_PARAMETER;
    if (!__atomic_compare_exchange_n(word, &running, failed ? 0 : (ULONG_PTR)Context | RTLP_ONCE_DONE, FALSE,
                                     __ATOMIC_RELEASE, __ATOMIC_RELAXED))
        /* With RTL_RUN_ONCE_ASYNC, another caller completed first. */
        return running & RTLP_ONCE_DONE ? STATUS_OBJECT_NAME_COLLISION : STATUS_UNSUCCESSFUL;
    RtlWakeAddressAll(word);
    return STATUS_SUCCESS;
}

/* Runs Function once for the process; its failure leaves it to be tried again by the next caller. */
NTSTATUS NTAPI RtlRunOnceExecuteOnce(PRTL_RUN_ONCE RunOnce, PRTL_RUN_ONCE_INIT_FN Function, PVOID Parameter,
                                     PVOID *Context)
{
    PVOID result = NULL;
    NTSTATUS status = RtlRunOnceBeginInitialize(RunOnce, 0, Context);

    if (status != STATUS_PENDING)
        return status;
    if (!Function(RunOnce, Parameter, &result)) {
        RtlRunOnceComplete(RunOnce, RTL_RUN_ONCE_INIT_FAILED, NULL);
        return STATUS_UNSUCCESSFUL;
    }
    if ((status = RtlRunOnceComplete(RunOnce, 0, result)))
        return status;
    if (Context)
        *Context = result;
    return STATUS_SUCCESS;
}

/* Resources: the old reader/writer lock. Readers get in whenever no writer holds it (writers waiting or not); a
 * writer may take it again, and read it too, as further recursion. Waiters wake to try again. */

void NTAPI RtlInitializeResource(PRTL_RESOURCE Resource)
{
    RtlZeroMemory(Resource, sizeof(*Resource));
    RtlInitializeCriticalSection(&Resource->Lock);
    NtCreateSemaphore(&Resource->SharedSemaphore, SEMAPHORE_ALL_ACCESS, NULL, 0, 0x7fffffff);
    NtCreateSemaphore(&Resource->ExclusiveSemaphore, SEMAPHORE_ALL_ACCESS, NULL, 0, 0x7fffffff);
}

void NTAPI RtlDeleteResource(PRTL_RESOURCE Resource)
{
    RtlDeleteCriticalSection(&Resource->Lock);
    NtClose(Resource->SharedSemaphore);
    NtClose(Resource->ExclusiveSemaphore);
    RtlZeroMemory(Resource, sizeof(*Resource));
}

static BOOLEAN RtlpAcquireResource(PRTL_RESOURCE Resource, BOOLEAN Wait, BOOLEAN exclusive)
{
    HANDLE self = RtlpCurrentThreadId();

    for (;;) {
        RtlEnterCriticalSection(&Resource->Lock);
        if (Resource->NumberActive < 0 && Resource->OwningThread == self) {
            Resource->NumberActive--;
            break;
        }
        if (exclusive ? !Resource->NumberActive : Resource->NumberActive >= 0) {
            Resource->NumberActive = exclusive ? -1 : Resource->NumberActive + 1;
            if (exclusive)
                Resource->OwningThread = self;
            break;
        }
        if (!Wait) {
            RtlLeaveCriticalSection(&Resource->Lock);
            return FALSE;
        }
        if (exclusive)
            Resource->ExclusiveWaiters++;
        else
            Resource->SharedWaiters++;
        RtlLeaveCriticalSection(&Resource->Lock);
        NtWaitForSingleObject(exclusive ? Resource->ExclusiveSemaphore : Resource->SharedSemaphore, FALSE, NULL);
    }
    RtlLeaveCriticalSection(&Resource->Lock);
    return TRUE;
}

BOOLEAN NTAPI RtlAcquireResourceExclusive(PRTL_RESOURCE Resource, BOOLEAN Wait)
{
    return RtlpAcquireResource(Resource, Wait, TRUE);
}

BOOLEAN NTAPI RtlAcquireResourceShared(PRTL_RESOURCE Resource, BOOLEAN Wait)
{
    return RtlpAcquireResource(Resource, Wait, FALSE);
}

/* Under the lock, once it is free: a writer if one waits, else every reader. */
static void RtlpWakeResourceWaiters(PRTL_RESOURCE Resource)
{
    if (Resource->ExclusiveWaiters) {
        Resource->ExclusiveWaiters--;
        NtReleaseSemaphore(Resource->ExclusiveSemaphore, 1, NULL);
    } else if (Resource->SharedWaiters) {
        NtReleaseSemaphore(Resource->SharedSemaphore, (LONG)Resource->SharedWaiters, NULL);
        Resource->SharedWaiters = 0;
    }
}

void NTAPI RtlReleaseResource(PRTL_RESOURCE Resource)
{
    RtlEnterCriticalSection(&Resource->Lock);
    if (Resource->NumberActive > 0) {
        if (!--Resource->NumberActive)
            RtlpWakeResourceWaiters(Resource);
    } else if (Resource->NumberActive < 0) {
        if (!++Resource->NumberActive) {
            Resource->OwningThread = NULL;
            RtlpWakeResourceWaiters(Resource);
        }
    }
    RtlLeaveCriticalSection(&Resource->Lock);
}

/* A reader becomes the writer: at once when it is the only one, else it lets go and waits as a writer. */
void NTAPI RtlConvertSharedToExclusive(PRTL_RESOURCE Resource)
{
    BOOLEAN alone;

    RtlEnterCriticalSection(&Resource->Lock);
    if ((alone = Resource->NumberActive == 1)) {
        Resource->NumberActive = -1;
        Resource->OwningThread = RtlpCurrentThreadId();
    }
    RtlLeaveCriticalSection(&Resource->Lock);
    if (!alone) {
        RtlReleaseResource(Resource);
        RtlAcquireResourceExclusive(Resource, TRUE);
    }
}

/* The writer becomes one reader, and the readers waiting come in with it. */
void NTAPI RtlConvertExclusiveToShared(PRTL_RESOURCE Resource)
{
    RtlEnterCriticalSection(&Resource->Lock);
    if (Resource->NumberActive == -1) {
        Resource->NumberActive = 1;
        Resource->OwningThread = NULL;
        if (Resource->SharedWaiters) {
            NtReleaseSemaphore(Resource->SharedSemaphore, (LONG)Resource->SharedWaiters, NULL);
            Resource->SharedWaiters = 0;
        }
    }
    RtlLeaveCriticalSection(&Resource->Lock);
}
