/* Events whose state other processes of the prefix share: the changes this process makes are told to them through
 * a futex word in the shared state, and a watcher thread hears theirs, for the waits of this process. */
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
static KEVENT *KipSharedEvents[KIP_MAX_SHARED];
static ULONG KipSharedCount;
static volatile int KipSharedGeneration; /* futex: the set changed */
static bool KipWatcherStarted;

void KipPublishShared(KE_SHARED_EVENT *shared)
{
    __atomic_add_fetch(&shared->Sequence, 1, __ATOMIC_RELEASE);
    syscall(SYS_futex, &shared->Sequence, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

static void *KipSharedWatcher(void *unused)
{
    struct futex_waitv waits[KIP_MAX_SHARED + 1];
    KEVENT *events[KIP_MAX_SHARED];
    int seen[KIP_MAX_SHARED];
    ULONG n;

    (void)unused;
    for (;;) {
        /* What each event's word is now: a change from it wakes the wait at once. */
        pthread_mutex_lock(&KipSharedLock);
        n = KipSharedCount;
        memcpy(events, KipSharedEvents, n * sizeof(events[0]));
        waits[0] = (struct futex_waitv){.val = (uint64_t)__atomic_load_n(&KipSharedGeneration, __ATOMIC_ACQUIRE),
                                        .uaddr = (uintptr_t)&KipSharedGeneration,
                                        .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG};
        for (ULONG i = 0; i < n; i++) {
            seen[i] = __atomic_load_n(&events[i]->Shared->Sequence, __ATOMIC_ACQUIRE);
            waits[i + 1] = (struct futex_waitv){.val = (uint64_t)(unsigned)seen[i],
                                                .uaddr = (uintptr_t)&events[i]->Shared->Sequence,
                                                .flags = FUTEX_32};
        }
        pthread_mutex_unlock(&KipSharedLock);
        if (syscall(SYS_futex_waitv, waits, n + 1, 0, NULL, CLOCK_MONOTONIC) < 0 && errno != EAGAIN &&
            errno != EINTR) {
            HostMessage("the watcher of shared events stops: %s", strerror(errno));
            return NULL;
        }
        /* The waits of this process on what changed look again; an event unshared meanwhile is left alone. */
        pthread_mutex_lock(&KipSharedLock);
        pthread_mutex_lock(&KipDispatcherLock);
        for (ULONG i = 0; i < KipSharedCount; i++) {
            KEVENT *event = KipSharedEvents[i];
            for (ULONG j = 0; j < n; j++)
                if (events[j] == event && __atomic_load_n(&event->Shared->Sequence, __ATOMIC_ACQUIRE) != seen[j])
                    KipWaitTest(&event->Header);
        }
        pthread_mutex_unlock(&KipDispatcherLock);
        pthread_mutex_unlock(&KipSharedLock);
    }
}

NTSTATUS KeShareEvent(KEVENT *event, KE_SHARED_EVENT *shared, BOOLEAN initialize)
{
    pthread_t watcher;
    NTSTATUS status = STATUS_SUCCESS;

    pthread_mutex_lock(&KipSharedLock);
    if (KipSharedCount == KIP_MAX_SHARED) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else if (!KipWatcherStarted && pthread_create(&watcher, NULL, KipSharedWatcher, NULL)) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        if (!KipWatcherStarted) {
            pthread_detach(watcher);
            KipWatcherStarted = true;
        }
        pthread_mutex_lock(&KipDispatcherLock);
        if (initialize)
            __atomic_store_n(&shared->SignalState, event->Header.SignalState, __ATOMIC_RELEASE);
        event->Shared = shared;
        pthread_mutex_unlock(&KipDispatcherLock);
        KipSharedEvents[KipSharedCount++] = event;
        __atomic_add_fetch(&KipSharedGeneration, 1, __ATOMIC_RELEASE);
        syscall(SYS_futex, &KipSharedGeneration, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    }
    pthread_mutex_unlock(&KipSharedLock);
    return status;
}

void KeUnshareEvent(KEVENT *event)
{
    pthread_mutex_lock(&KipSharedLock);
    for (ULONG i = 0; i < KipSharedCount; i++) {
        if (KipSharedEvents[i] == event) {
            KipSharedEvents[i] = KipSharedEvents[--KipSharedCount];
            break;
        }
    }
    pthread_mutex_lock(&KipDispatcherLock);
    if (event->Shared)
        event->Header.SignalState = __atomic_load_n(&event->Shared->SignalState, __ATOMIC_ACQUIRE);
    event->Shared = NULL;
    pthread_mutex_unlock(&KipDispatcherLock);
    __atomic_add_fetch(&KipSharedGeneration, 1, __ATOMIC_RELEASE);
    syscall(SYS_futex, &KipSharedGeneration, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    pthread_mutex_unlock(&KipSharedLock);
}
