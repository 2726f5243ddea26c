/* Keyed events: a waiter and a releaser of the same key meet; whoever comes first sleeps until the other
 * arrives or its timeout passes. */
#include "ke/kip.h"

typedef struct KKEYED_WAITER {
    struct KKEYED_WAITER *Next;
    PVOID Key;
    BOOLEAN Release;
    volatile int Met;
} KKEYED_WAITER;

void KeInitializeKeyedEvent(KKEYED_EVENT *event)
{
    KeInitializeDispatcherHeader(&event->Header, KE_OBJECT_KEYED_EVENT, 1);
    pthread_mutex_init(&event->Lock, NULL);
    event->Pending = NULL;
}

static void KipUnlinkPending(KKEYED_EVENT *event, KKEYED_WAITER *waiter)
{
    for (KKEYED_WAITER **p = &event->Pending; *p; p = &(*p)->Next) {
        if (*p == waiter) {
            *p = waiter->Next;
            return;
        }
    }
}

NTSTATUS KeWaitOrReleaseKeyedEvent(KKEYED_EVENT *event, PVOID key, BOOLEAN release, const LARGE_INTEGER *timeout)
{
    KKEYED_WAITER self = {.Key = key, .Release = release, .Met = 0};
    struct timespec deadline;
    int realtime = 0;

    if (timeout)
        KipDeadline(timeout, &deadline, &realtime);
    pthread_mutex_lock(&event->Lock);
    for (KKEYED_WAITER *other = event->Pending; other; other = other->Next) {
        if (other->Key == key && other->Release != release) {
            KipUnlinkPending(event, other);
            __atomic_store_n(&other->Met, 1, __ATOMIC_RELEASE);
            KeFutexWake(&other->Met);
            pthread_mutex_unlock(&event->Lock);
            return STATUS_SUCCESS;
        }
    }
    if (timeout && !timeout->QuadPart) {
        pthread_mutex_unlock(&event->Lock);
        return STATUS_TIMEOUT;
    }
    self.Next = event->Pending;
    event->Pending = &self;
    pthread_mutex_unlock(&event->Lock);

    for (;;) {
        int timed_out = KipFutexWaitUntil(&self.Met, 0, timeout ? &deadline : NULL, realtime);
        if (__atomic_load_n(&self.Met, __ATOMIC_ACQUIRE))
            return STATUS_SUCCESS;
        if (timed_out) {
            pthread_mutex_lock(&event->Lock);
            if (!self.Met)
                KipUnlinkPending(event, &self);
            pthread_mutex_unlock(&event->Lock);
            return self.Met ? STATUS_SUCCESS : STATUS_TIMEOUT;
        }
    }
}
