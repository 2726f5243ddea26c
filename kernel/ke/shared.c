/* Events, semaphores and mutants whose state other processes of the prefix share: the changes this process makes
 * are told to them through a futex word in the shared state, and a watcher thread hears theirs, for the waits
 * of this process. */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "host/host.h"
#include "ke/kip.h"

/* futex_waitv takes 128 words: one is the watcher's own, woken when the set of events changes. */
#define KIP_MAX_SHARED 127

static pthread_mutex_t KipSharedLock = PTHREAD_MUTEX_INITIALIZER;
static DISPATCHER_HEADER *KipSharedObjects[KIP_MAX_SHARED];
static ULONG KipSharedCount;
static volatile int KipSharedGeneration; /* futex: the set changed */
static bool KipWatcherStarted;

void KipPublishShared(KE_SHARED_STATE *shared)
{
    __atomic_add_fetch(&shared->Sequence, 1, __ATOMIC_RELEASE);
    syscall(SYS_futex, &shared->Sequence, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

static void *KipSharedWatcher(void *unused)
{
    struct futex_waitv waits[KIP_MAX_SHARED + 1];
    DISPATCHER_HEADER *objects[KIP_MAX_SHARED];
    int seen[KIP_MAX_SHARED];
    struct timespec deadline;
    bool mutants;
    ULONG n;

    (void)unused;
    for (;;) {
        /* What each event's word is now: a change from it wakes the wait at once. */
        pthread_mutex_lock(&KipSharedLock);
        n = KipSharedCount;
        memcpy(objects, KipSharedObjects, n * sizeof(objects[0]));
        waits[0] = (struct futex_waitv){.val = (uint64_t)__atomic_load_n(&KipSharedGeneration, __ATOMIC_ACQUIRE),
                                        .uaddr = (uintptr_t)&KipSharedGeneration,
                                        .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG};
        mutants = false;
        for (ULONG i = 0; i < n; i++) {
            KE_SHARED_STATE *shared = KipSharedState(objects[i]);
            mutants |= objects[i]->Kind == KE_OBJECT_MUTANT;
            seen[i] = __atomic_load_n(&shared->Sequence, __ATOMIC_ACQUIRE);
            waits[i + 1] = (struct futex_waitv){.val = (uint64_t)(unsigned)seen[i],
                                                .uaddr = (uintptr_t)&shared->Sequence,
                                                .flags = FUTEX_32};
        }
        pthread_mutex_unlock(&KipSharedLock);
        /* A mutant's owner that dies with its process tells nobody: a second's look finds it gone. */
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_sec += 1;
        if (syscall(SYS_futex_waitv, waits, n + 1, 0, mutants ? &deadline : NULL, CLOCK_MONOTONIC) < 0 &&
            errno != EAGAIN && errno != EINTR && errno != ETIMEDOUT) {
            HostMessage("the watcher of shared events stops: %s", strerror(errno));
            return NULL;
        }
        /* The waits of this process on what changed look again; an event unshared meanwhile is left alone. */
        pthread_mutex_lock(&KipSharedLock);
        pthread_mutex_lock(&KipDispatcherLock);
        for (ULONG i = 0; i < KipSharedCount; i++) {
            DISPATCHER_HEADER *object = KipSharedObjects[i];
            for (ULONG j = 0; j < n; j++)
                if (objects[j] == object &&
                    (object->Kind == KE_OBJECT_MUTANT ||
                     __atomic_load_n(&KipSharedState(object)->Sequence, __ATOMIC_ACQUIRE) != seen[j]))
                    KipWaitTest(object);
        }
        pthread_mutex_unlock(&KipDispatcherLock);
        pthread_mutex_unlock(&KipSharedLock);
    }
}

NTSTATUS KeShareObject(DISPATCHER_HEADER *object, KE_SHARED_STATE *shared, BOOLEAN initialize)
{
    KE_SHARED_STATE **slot = KipSharedSlot(object);
    pthread_t watcher;
    NTSTATUS status = STATUS_SUCCESS;

    pthread_mutex_lock(&KipSharedLock);
    if (!slot || KipSharedCount == KIP_MAX_SHARED) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else if (!KipWatcherStarted && pthread_create(&watcher, NULL, KipSharedWatcher, NULL)) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        if (!KipWatcherStarted) {
            pthread_detach(watcher);
            KipWatcherStarted = true;
        }
        pthread_mutex_lock(&KipDispatcherLock);
        if (object->Kind == KE_OBJECT_MUTANT) {
            /* A mutant owned as it is made is owned there; one that was there is as it was, not the caller's. */
            KMUTANT *mutant = (KMUTANT *)object;
            if (initialize) {
                __atomic_store_n(&shared->Owner, mutant->Owner ? (LONG)mutant->Owner->ThreadId : 0, __ATOMIC_RELEASE);
                __atomic_store_n(&shared->SignalState, mutant->Owner ? 0 : 1, __ATOMIC_RELEASE);
            } else {
                KipDisownMutant(mutant);
            }
        } else if (initialize) {
            __atomic_store_n(&shared->SignalState, object->SignalState, __ATOMIC_RELEASE);
            shared->Limit = object->Kind == KE_OBJECT_SEMAPHORE ? ((KSEMAPHORE *)object)->Limit : 0;
        } else if (object->Kind == KE_OBJECT_SEMAPHORE) {
            ((KSEMAPHORE *)object)->Limit = shared->Limit;
        }
        *slot = shared;
        pthread_mutex_unlock(&KipDispatcherLock);
        KipSharedObjects[KipSharedCount++] = object;
        __atomic_add_fetch(&KipSharedGeneration, 1, __ATOMIC_RELEASE);
        syscall(SYS_futex, &KipSharedGeneration, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    }
    pthread_mutex_unlock(&KipSharedLock);
    return status;
}

void KeUnshareObject(DISPATCHER_HEADER *object)
{
    KE_SHARED_STATE **slot = KipSharedSlot(object);

    pthread_mutex_lock(&KipSharedLock);
    for (ULONG i = 0; i < KipSharedCount; i++) {
        if (KipSharedObjects[i] == object) {
            KipSharedObjects[i] = KipSharedObjects[--KipSharedCount];
            break;
        }
    }
    pthread_mutex_lock(&KipDispatcherLock);
    if (slot && *slot) {
        if (object->Kind != KE_OBJECT_MUTANT)
            object->SignalState = __atomic_load_n(&(*slot)->SignalState, __ATOMIC_ACQUIRE);
        *slot = NULL;
    }
    pthread_mutex_unlock(&KipDispatcherLock);
    __atomic_add_fetch(&KipSharedGeneration, 1, __ATOMIC_RELEASE);
    syscall(SYS_futex, &KipSharedGeneration, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    pthread_mutex_unlock(&KipSharedLock);
}
