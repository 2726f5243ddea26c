/* Dispatcher objects and waits. As in NT, the one who signals satisfies the waits: under the dispatcher
 * lock a signal walks the object's waits and completes each one it can (consuming the state), so wait-all
 * is atomic by construction, a pulse reaches exactly the waits blocked at that moment, and a woken thread
 * has nothing left to check. Threads sleep on a futex word in their wait. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>
#include "host/host.h"
#include "ke/kip.h"

typedef struct KWAIT KWAIT;

typedef struct {
    LIST_ENTRY Link;            /* in the object's wait list */
    KWAIT *Wait;
    DISPATCHER_HEADER *Object;
} KWAIT_BLOCK;

struct KWAIT {
    KTHREAD *Thread;
    ULONG Count;
    WAIT_TYPE Type;
    BOOLEAN Alertable;
    NTSTATUS Status;
    KQUEUE_ENTRY **Removed;     /* a removal from a queue: the packet taken goes here */
    volatile int Done;          /* the futex word: KIP_WAIT_DONE once a signaller completed the wait */
    KWAIT_BLOCK Blocks[MAXIMUM_WAIT_OBJECTS];
};

/* A wait's futex word: the waiter spins briefly on it before it says it sleeps, and only a sleeper costs its
 * signaller a wake. */
#define KIP_WAIT_PENDING 0
#define KIP_WAIT_DONE 1
#define KIP_WAIT_SLEEPING 2
#define KIP_WAIT_SPIN_TICKS 100000 /* of the TSC: 25 to 100 us, as CPUs go */

/* Adaptive: held for a few instructions, it is better spun for than slept on. */
pthread_mutex_t KipDispatcherLock = PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP;

static void KipInitializeList(LIST_ENTRY *head)
{
    head->Flink = head->Blink = head;
}

static void KipInsertTail(LIST_ENTRY *head, LIST_ENTRY *entry)
{
    entry->Flink = head;
    entry->Blink = head->Blink;
    head->Blink->Flink = entry;
    head->Blink = entry;
}

static void KipRemove(LIST_ENTRY *entry)
{
    entry->Blink->Flink = entry->Flink;
    entry->Flink->Blink = entry->Blink;
    entry->Flink = entry->Blink = entry;
}

void KeInitializeDispatcherHeader(DISPATCHER_HEADER *header, KE_OBJECT_KIND kind, LONG state)
{
    header->Kind = kind;
    header->SignalState = state;
    KipInitializeList(&header->WaitList);
}

void KeInitializeEvent(KEVENT *event, EVENT_TYPE type, BOOLEAN state)
{
    KeInitializeDispatcherHeader(&event->Header,
                                 type == NotificationEvent ? KE_OBJECT_NOTIFICATION_EVENT : KE_OBJECT_SYNCHRONIZATION_EVENT,
                                 state ? 1 : 0);
    event->Shared = NULL;
}

KE_SHARED_STATE **KipSharedSlot(DISPATCHER_HEADER *object)
{
    if (object->Kind == KE_OBJECT_NOTIFICATION_EVENT || object->Kind == KE_OBJECT_SYNCHRONIZATION_EVENT)
        return &((KEVENT *)object)->Shared;
    if (object->Kind == KE_OBJECT_SEMAPHORE)
        return &((KSEMAPHORE *)object)->Shared;
    if (object->Kind == KE_OBJECT_MUTANT)
        return &((KMUTANT *)object)->Shared;
    return NULL;
}

KE_SHARED_STATE *KipSharedState(const DISPATCHER_HEADER *object)
{
    KE_SHARED_STATE **slot = KipSharedSlot((DISPATCHER_HEADER *)object);
    return slot ? *slot : NULL;
}

void KeInitializeSemaphore(KSEMAPHORE *semaphore, LONG count, LONG limit)
{
    KeInitializeDispatcherHeader(&semaphore->Header, KE_OBJECT_SEMAPHORE, count);
    semaphore->Limit = limit;
    semaphore->Shared = NULL;
}

static void KipAcquireMutant(KMUTANT *mutant, KTHREAD *thread)
{
    if (mutant->Owner != thread) {
        mutant->Owner = thread;
        KipInsertTail(&thread->OwnedMutants, &mutant->OwnerLink);
    }
    mutant->Header.SignalState--;
}

void KipDisownMutant(KMUTANT *mutant)
{
    if (mutant->Owner) {
        KipRemove(&mutant->OwnerLink);
        mutant->Owner = NULL;
        mutant->Header.SignalState = 1;
    }
}

void KeInitializeMutant(KMUTANT *mutant, BOOLEAN owned_by_caller)
{
    KeInitializeDispatcherHeader(&mutant->Header, KE_OBJECT_MUTANT, 1);
    KipInitializeList(&mutant->OwnerLink);
    mutant->Owner = NULL;
    mutant->Abandoned = FALSE;
    mutant->Shared = NULL;
    if (owned_by_caller && KeGetCurrentThread()) {
        pthread_mutex_lock(&KipDispatcherLock);
        KipAcquireMutant(mutant, KeGetCurrentThread());
        pthread_mutex_unlock(&KipDispatcherLock);
    }
}

/* Whether a shared mutant's owner, a thread of another process, has ended without letting it go (its process died). */
static BOOLEAN KipOwnerGone(const KE_SHARED_STATE *shared)
{
    LONG owner = __atomic_load_n(&shared->Owner, __ATOMIC_ACQUIRE);
    return owner > 0 && kill(owner, 0) && errno == ESRCH;
}

static BOOLEAN KipIsSignaledFor(const DISPATCHER_HEADER *object, const KTHREAD *thread)
{
    KE_SHARED_STATE *shared = KipSharedState(object);

    if (shared && object->Kind == KE_OBJECT_MUTANT)
        return ((const KMUTANT *)object)->Owner == thread ||
               __atomic_load_n(&shared->SignalState, __ATOMIC_ACQUIRE) > 0 || KipOwnerGone(shared);
    if (shared)
        return __atomic_load_n(&shared->SignalState, __ATOMIC_ACQUIRE) > 0;
    if (object->Kind == KE_OBJECT_MUTANT)
        return object->SignalState > 0 || ((const KMUTANT *)object)->Owner == thread;
    return object->SignalState > 0;
}

/* Take what a satisfied wait takes from the object. Returns whether it was an abandoned mutant. */
static BOOLEAN KipSatisfy(DISPATCHER_HEADER *object, KTHREAD *thread)
{
    switch (object->Kind) {
    case KE_OBJECT_SYNCHRONIZATION_EVENT:
    case KE_OBJECT_SYNCHRONIZATION_TIMER:
        object->SignalState = 0;
        return FALSE;
    case KE_OBJECT_SEMAPHORE:
        object->SignalState--;
        return FALSE;
    case KE_OBJECT_MUTANT: {
        KMUTANT *mutant = (KMUTANT *)object;
        BOOLEAN abandoned = mutant->Abandoned;
        KipAcquireMutant(mutant, thread);
        mutant->Abandoned = FALSE;
        return abandoned;
    }
    default:
        return FALSE;
    }
}

/* A shared synchronization event or semaphore is taken in the shared state, where another process may have taken
 * it first. */
static BOOLEAN KipTakeShared(DISPATCHER_HEADER *object, KTHREAD *thread)
{
    KE_SHARED_STATE *shared = KipSharedState(object);
    LONG state;

    if (!shared || object->Kind == KE_OBJECT_NOTIFICATION_EVENT)
        return TRUE;
    if (object->Kind == KE_OBJECT_MUTANT) {
        /* Free, or held by a thread that is gone (abandoned): this thread's now. Its own again: recursion. */
        KMUTANT *mutant = (KMUTANT *)object;
        LONG one = 1, owner = __atomic_load_n(&shared->Owner, __ATOMIC_ACQUIRE);
        if (mutant->Owner == thread)
            return TRUE;
        if (__atomic_compare_exchange_n(&shared->SignalState, &one, 0, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            __atomic_store_n(&shared->Owner, (LONG)thread->ThreadId, __ATOMIC_RELEASE);
            mutant->Abandoned = __atomic_exchange_n(&shared->Abandoned, 0, __ATOMIC_ACQ_REL) != 0;
            return TRUE;
        }
        if (KipOwnerGone(shared) && __atomic_compare_exchange_n(&shared->Owner, &owner, (LONG)thread->ThreadId, false,
                                                                 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            mutant->Abandoned = TRUE;
            return TRUE;
        }
        return FALSE;
    }
    state = __atomic_load_n(&shared->SignalState, __ATOMIC_ACQUIRE);
    while (state > 0)
        if (__atomic_compare_exchange_n(&shared->SignalState, &state, state - 1, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE))
            return TRUE;
    return FALSE;
}

/* What a wait took back: there again, for the other processes too. */
static void KipGiveBackShared(DISPATCHER_HEADER *object, KTHREAD *thread)
{
    KE_SHARED_STATE *shared = KipSharedState(object);

    if (!shared || object->Kind == KE_OBJECT_NOTIFICATION_EVENT)
        return;
    if (object->Kind == KE_OBJECT_MUTANT) {
        if (((KMUTANT *)object)->Owner == thread)
            return; /* its own already: nothing was taken */
        __atomic_store_n(&shared->Owner, 0, __ATOMIC_RELEASE);
        __atomic_store_n(&shared->SignalState, 1, __ATOMIC_RELEASE);
    } else {
        __atomic_add_fetch(&shared->SignalState, 1, __ATOMIC_ACQ_REL);
    }
    KipPublishShared(shared);
}

/* A shared mutant this process let go (released, or its owner ended: abandoned): free for the others. */
static void KipFreeSharedMutant(KMUTANT *mutant, BOOLEAN abandoned)
{
    if (!mutant->Shared)
        return;
    __atomic_store_n(&mutant->Shared->Abandoned, abandoned, __ATOMIC_RELEASE);
    __atomic_store_n(&mutant->Shared->Owner, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&mutant->Shared->SignalState, 1, __ATOMIC_RELEASE);
    KipPublishShared(mutant->Shared);
}

/* Satisfy the wait if its objects allow it now; the status is left in the wait. */
static BOOLEAN KipTrySatisfy(KWAIT *wait)
{
    if (wait->Removed) {
        KQUEUE *queue = (KQUEUE *)wait->Blocks[0].Object;
        if (!queue->Head)
            return FALSE;
        *wait->Removed = queue->Head;
        queue->Head = queue->Head->Next;
        if (!queue->Head)
            queue->Tail = NULL;
        queue->Header.SignalState--;
        wait->Status = STATUS_SUCCESS;
        return TRUE;
    }
    if (wait->Type == WaitAny) {
        for (ULONG i = 0; i < wait->Count; i++) {
            if (KipIsSignaledFor(wait->Blocks[i].Object, wait->Thread) &&
                KipTakeShared(wait->Blocks[i].Object, wait->Thread)) {
                BOOLEAN abandoned = KipSatisfy(wait->Blocks[i].Object, wait->Thread);
                wait->Status = (abandoned ? STATUS_ABANDONED_WAIT_0 : STATUS_WAIT_0) + (NTSTATUS)i;
                return TRUE;
            }
        }
        return FALSE;
    }
    for (ULONG i = 0; i < wait->Count; i++)
        if (!KipIsSignaledFor(wait->Blocks[i].Object, wait->Thread))
            return FALSE;
    /* Shared events first, as another process may take one meanwhile: then all are given back. */
    for (ULONG i = 0; i < wait->Count; i++) {
        if (!KipTakeShared(wait->Blocks[i].Object, wait->Thread)) {
            while (i-- > 0)
                KipGiveBackShared(wait->Blocks[i].Object, wait->Thread);
            return FALSE;
        }
    }
    wait->Status = STATUS_WAIT_0;
    for (ULONG i = 0; i < wait->Count; i++)
        if (KipSatisfy(wait->Blocks[i].Object, wait->Thread) && wait->Status == STATUS_WAIT_0)
            wait->Status = STATUS_ABANDONED_WAIT_0 + (NTSTATUS)i;
    return TRUE;
}

static void KipCompleteWait(KWAIT *wait)
{
    for (ULONG i = 0; i < wait->Count; i++)
        KipRemove(&wait->Blocks[i].Link);
    wait->Thread->Wait = NULL;
    if (__atomic_exchange_n(&wait->Done, KIP_WAIT_DONE, __ATOMIC_RELEASE) == KIP_WAIT_SLEEPING)
        KeFutexWake(&wait->Done);
}

/* An alertable wait ends without its objects: for an alert first (which it consumes), then for queued APCs. */
static BOOLEAN KipTestAlertable(KTHREAD *thread, NTSTATUS *status)
{
    if (thread->Alerted) {
        thread->Alerted = FALSE;
        *status = STATUS_ALERTED;
        return TRUE;
    }
    if (thread->ApcHead) {
        *status = STATUS_USER_APC;
        return TRUE;
    }
    return FALSE;
}

void KipAbortWait(KTHREAD *thread, NTSTATUS status)
{
    if (thread->Wait) {
        thread->Wait->Status = status;
        KipCompleteWait(thread->Wait);
    }
}

void KipAlertWait(KTHREAD *thread)
{
    KWAIT *wait = thread->Wait;

    if (wait && wait->Alertable && KipTestAlertable(thread, &wait->Status))
        KipCompleteWait(wait);
}

/* The object became signalled: complete, in the order they came, every wait it now satisfies. */
void KipWaitTest(DISPATCHER_HEADER *object)
{
    LIST_ENTRY *entry;

restart:
    for (entry = object->WaitList.Flink; entry != &object->WaitList; entry = entry->Flink) {
        KWAIT_BLOCK *block = (KWAIT_BLOCK *)entry;
        if (!KipIsSignaledFor(object, block->Wait->Thread))
            continue;
        if (KipTrySatisfy(block->Wait)) {
            KipCompleteWait(block->Wait);
            goto restart;
        }
    }
}

LONG KeReadState(const DISPATCHER_HEADER *header)
{
    KE_SHARED_STATE *shared = KipSharedState(header);
    LONG state;
    pthread_mutex_lock(&KipDispatcherLock);
    state = shared && !(header->Kind == KE_OBJECT_MUTANT && ((const KMUTANT *)header)->Owner)
                ? __atomic_load_n(&shared->SignalState, __ATOMIC_ACQUIRE)
                : header->SignalState;
    pthread_mutex_unlock(&KipDispatcherLock);
    return state;
}

/* Set (satisfying what it can), then leave the event in the state final. Returns the state before. */
static LONG KipSignalEvent(KEVENT *event, BOOLEAN set, LONG final)
{
    LONG previous;
    pthread_mutex_lock(&KipDispatcherLock);
    if (event->Shared) {
        /* The shared state is the event's: this process's waits are satisfied first, then the others' told. */
        previous = __atomic_exchange_n(&event->Shared->SignalState, set ? 1 : final, __ATOMIC_ACQ_REL);
        if (set) {
            KipWaitTest(&event->Header);
            if (!final)
                __atomic_store_n(&event->Shared->SignalState, 0, __ATOMIC_RELEASE);
            else
                KipPublishShared(event->Shared);
        }
        pthread_mutex_unlock(&KipDispatcherLock);
        return previous;
    }
    previous = event->Header.SignalState;
    if (set) {
        event->Header.SignalState = 1;
        KipWaitTest(&event->Header);
    }
    if (!set || !final)
        event->Header.SignalState = final;
    pthread_mutex_unlock(&KipDispatcherLock);
    return previous;
}

LONG KeSetEvent(KEVENT *event)
{
    return KipSignalEvent(event, TRUE, 1);
}

LONG KeResetEvent(KEVENT *event)
{
    return KipSignalEvent(event, FALSE, 0);
}

LONG KePulseEvent(KEVENT *event)
{
    return KipSignalEvent(event, TRUE, 0);
}

NTSTATUS KeReleaseMutant(KMUTANT *mutant, LONG *previous)
{
    NTSTATUS status = STATUS_SUCCESS;

    pthread_mutex_lock(&KipDispatcherLock);
    if (mutant->Owner != KeGetCurrentThread() || mutant->Header.SignalState > 0) {
        status = STATUS_MUTANT_NOT_OWNED;
    } else {
        *previous = mutant->Header.SignalState++;
        if (mutant->Header.SignalState == 1) {
            KipRemove(&mutant->OwnerLink);
            mutant->Owner = NULL;
            KipFreeSharedMutant(mutant, FALSE);
            KipWaitTest(&mutant->Header);
        }
    }
    pthread_mutex_unlock(&KipDispatcherLock);
    return status;
}

void KeRundownMutant(KMUTANT *mutant)
{
    pthread_mutex_lock(&KipDispatcherLock);
    if (mutant->Owner) {
        KipRemove(&mutant->OwnerLink);
        mutant->Owner = NULL;
        KipFreeSharedMutant(mutant, TRUE);
    }
    pthread_mutex_unlock(&KipDispatcherLock);
}

NTSTATUS KeReleaseSemaphore(KSEMAPHORE *semaphore, LONG count, LONG *previous)
{
    NTSTATUS status = STATUS_SUCCESS;

    pthread_mutex_lock(&KipDispatcherLock);
    if (semaphore->Shared) {
        /* The count is the shared one, which other processes change meanwhile. */
        LONG state = __atomic_load_n(&semaphore->Shared->SignalState, __ATOMIC_ACQUIRE);
        do {
            if (count > semaphore->Limit - state) {
                pthread_mutex_unlock(&KipDispatcherLock);
                return STATUS_SEMAPHORE_LIMIT_EXCEEDED;
            }
        } while (!__atomic_compare_exchange_n(&semaphore->Shared->SignalState, &state, state + count, false,
                                              __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
        *previous = state;
        KipWaitTest(&semaphore->Header);
        KipPublishShared(semaphore->Shared);
        pthread_mutex_unlock(&KipDispatcherLock);
        return STATUS_SUCCESS;
    }
    if (count > semaphore->Limit - semaphore->Header.SignalState) {
        status = STATUS_SEMAPHORE_LIMIT_EXCEEDED;
    } else {
        *previous = semaphore->Header.SignalState;
        semaphore->Header.SignalState += count;
        KipWaitTest(&semaphore->Header);
    }
    pthread_mutex_unlock(&KipDispatcherLock);
    return status;
}

void KeSignalThreadExit(KTHREAD *thread, NTSTATUS status)
{
    KipMarkTerminated(thread);
    pthread_mutex_lock(&KipDispatcherLock);
    while (thread->OwnedMutants.Flink != &thread->OwnedMutants) {
        KMUTANT *mutant = (KMUTANT *)((char *)thread->OwnedMutants.Flink - offsetof(KMUTANT, OwnerLink));
        KipRemove(&mutant->OwnerLink);
        mutant->Owner = NULL;
        mutant->Abandoned = TRUE;
        mutant->Header.SignalState = 1;
        KipFreeSharedMutant(mutant, TRUE);
        KipWaitTest(&mutant->Header);
    }
    thread->ExitStatus = status;
    thread->Header.SignalState = 1;
    KipWaitTest(&thread->Header);
    pthread_mutex_unlock(&KipDispatcherLock);
}

void KeSignalProcessExit(DISPATCHER_HEADER *process)
{
    pthread_mutex_lock(&KipDispatcherLock);
    process->SignalState = 1;
    KipWaitTest(process);
    pthread_mutex_unlock(&KipDispatcherLock);
}

void KipDeadline(const LARGE_INTEGER *timeout, struct timespec *ts, int *realtime)
{
    if (timeout->QuadPart < 0) {
        ULONGLONG ticks = (ULONGLONG)-(timeout->QuadPart + 1) + 1;
        clock_gettime(CLOCK_MONOTONIC, ts);
        ts->tv_sec += (time_t)(ticks / 10000000);
        ts->tv_nsec += (long)(ticks % 10000000) * 100;
        *realtime = 0;
    } else {
        LONGLONG unix_ticks = timeout->QuadPart - KE_TICKS_1601_TO_1970;
        if (unix_ticks < 0)
            unix_ticks = 0;
        ts->tv_sec = (time_t)(unix_ticks / 10000000);
        ts->tv_nsec = (long)(unix_ticks % 10000000) * 100;
        *realtime = 1;
    }
    if (ts->tv_nsec >= 1000000000) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000;
    }
}

int KipFutexWaitUntil(volatile int *word, int value, const struct timespec *deadline, int realtime)
{
    long r = syscall(SYS_futex, word, FUTEX_WAIT_BITSET_PRIVATE | (realtime ? FUTEX_CLOCK_REALTIME : 0), value,
                     deadline, NULL, FUTEX_BITSET_MATCH_ANY);
    return r < 0 && errno == ETIMEDOUT ? -1 : 0;
}

void KeFutexWait(volatile int *word, int value)
{
    syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, value, NULL, NULL, 0);
}

bool KeFutexWaitUntil(volatile int *word, int value, const struct timespec *deadline)
{
    return !syscall(SYS_futex, word, FUTEX_WAIT_BITSET_PRIVATE, value, deadline, NULL, FUTEX_BITSET_MATCH_ANY) ||
           errno != ETIMEDOUT;
}

void KeFutexWake(volatile int *word)
{
    syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* Spinning helps only where the signaller runs at the same time, on another CPU. */
static bool KipSpinBeforeSleep(void)
{
    static int cpus;

    if (!cpus)
        cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
    return cpus > 1;
}

static NTSTATUS KipWait(ULONG count, DISPATCHER_HEADER *const *objects, WAIT_TYPE type, BOOLEAN alertable,
                        const LARGE_INTEGER *timeout, KQUEUE_ENTRY **removed)
{
    KWAIT wait;
    struct timespec deadline;
    int realtime = 0;

    wait.Thread = KeGetCurrentThread();
    wait.Count = count;
    wait.Type = type;
    wait.Alertable = alertable;
    wait.Removed = removed;
    wait.Done = KIP_WAIT_PENDING;
    for (ULONG i = 0; i < count; i++) {
        wait.Blocks[i].Wait = &wait;
        wait.Blocks[i].Object = objects[i];
    }
    if (timeout)
        KipDeadline(timeout, &deadline, &realtime);

    pthread_mutex_lock(&KipDispatcherLock);
    if ((count && KipTrySatisfy(&wait)) || (alertable && KipTestAlertable(wait.Thread, &wait.Status))) {
        pthread_mutex_unlock(&KipDispatcherLock);
        goto done;
    }
    if (timeout && !timeout->QuadPart) {
        pthread_mutex_unlock(&KipDispatcherLock);
        return STATUS_TIMEOUT;
    }
    for (ULONG i = 0; i < count; i++)
        KipInsertTail(&objects[i]->WaitList, &wait.Blocks[i].Link);
    wait.Thread->Wait = &wait;
    pthread_mutex_unlock(&KipDispatcherLock);

    /* Another CPU's thread often signals within microseconds: sleeping and being woken cost more. */
    if (KipSpinBeforeSleep()) {
        for (ULONG64 start = __rdtsc(); __rdtsc() - start < KIP_WAIT_SPIN_TICKS;) {
            if (__atomic_load_n(&wait.Done, __ATOMIC_ACQUIRE) == KIP_WAIT_DONE)
                goto done;
            __builtin_ia32_pause();
        }
    }
    for (;;) {
        int pending = KIP_WAIT_PENDING, timed_out;
        if (!__atomic_compare_exchange_n(&wait.Done, &pending, KIP_WAIT_SLEEPING, FALSE, __ATOMIC_ACQUIRE,
                                         __ATOMIC_ACQUIRE) &&
            pending == KIP_WAIT_DONE)
            break;
        timed_out = KipFutexWaitUntil(&wait.Done, KIP_WAIT_SLEEPING, timeout ? &deadline : NULL, realtime);
        if (__atomic_load_n(&wait.Done, __ATOMIC_ACQUIRE) == KIP_WAIT_DONE)
            break;
        if (timed_out) {
            pthread_mutex_lock(&KipDispatcherLock);
            if (wait.Done != KIP_WAIT_DONE) {
                for (ULONG i = 0; i < count; i++)
                    KipRemove(&wait.Blocks[i].Link);
                wait.Thread->Wait = NULL;
                wait.Status = STATUS_TIMEOUT;
            }
            pthread_mutex_unlock(&KipDispatcherLock);
            break;
        }
    }
done:
    if (wait.Status == STATUS_USER_APC)
        __atomic_or_fetch(&wait.Thread->ExitWork, KI_EXIT_APC, __ATOMIC_RELAXED);
    return wait.Status;
}

NTSTATUS KeWaitForMultipleObjects(ULONG count, DISPATCHER_HEADER *const *objects, WAIT_TYPE type, BOOLEAN alertable,
                                  const LARGE_INTEGER *timeout)
{
    return KipWait(count, objects, type, alertable, timeout, NULL);
}

void KeInitializeQueue(KQUEUE *queue)
{
    KeInitializeDispatcherHeader(&queue->Header, KE_OBJECT_QUEUE, 0);
    queue->Head = queue->Tail = NULL;
}

void KeInsertQueue(KQUEUE *queue, KQUEUE_ENTRY *entry)
{
    entry->Next = NULL;
    pthread_mutex_lock(&KipDispatcherLock);
    if (queue->Tail)
        queue->Tail->Next = entry;
    else
        queue->Head = entry;
    queue->Tail = entry;
    queue->Header.SignalState++;
    KipWaitTest(&queue->Header);
    pthread_mutex_unlock(&KipDispatcherLock);
}

NTSTATUS KeRemoveQueue(KQUEUE *queue, BOOLEAN alertable, const LARGE_INTEGER *timeout, KQUEUE_ENTRY **entry)
{
    DISPATCHER_HEADER *object = &queue->Header;
    return KipWait(1, &object, WaitAny, alertable, timeout, entry);
}

void KeRundownQueue(KQUEUE *queue)
{
    while (queue->Head) {
        KQUEUE_ENTRY *next = queue->Head->Next;
        free(queue->Head);
        queue->Head = next;
    }
}
