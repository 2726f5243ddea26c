/* Timers: a queue of armed timers and one host thread that signals each when it is due (and re-arms the
 * periodic ones). Lock order: the timer lock, then the dispatcher lock. */
#include <pthread.h>
#include <time.h>
#include "host/host.h"
#include "ke/kip.h"

static pthread_mutex_t KipTimerLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t KipTimerChanged;
static KTIMER *KipTimers; /* armed timers, unordered */
static BOOLEAN KipTimerThreadStarted;

static void KipRemoveTimer(KTIMER *timer)
{
    for (KTIMER **p = &KipTimers; *p; p = &(*p)->Next) {
        if (*p == timer) {
            *p = timer->Next;
            break;
        }
    }
    timer->Inserted = FALSE;
    timer->Next = NULL;
}

static void *KipTimerThread(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&KipTimerLock);
    for (;;) {
        LONGLONG now = KeQueryInterruptTime(), next = 0;
        KTIMER *timer = KipTimers;

        while (timer) {
            KTIMER *following = timer->Next;
            if (timer->Due <= now) {
                pthread_mutex_lock(&KipDispatcherLock);
                timer->Header.SignalState = 1;
                KipWaitTest(&timer->Header);
                pthread_mutex_unlock(&KipDispatcherLock);
                if (timer->Apc.Thread) {
                    LONGLONG fired = KeQuerySystemTime();
                    /* A thread that ended gets none; the routine is dropped with the timer's next change. */
                    KeQueueUserApc(timer->Apc.Thread, timer->Apc.Routine, timer->Apc.Context,
                                   (ULONG64)(ULONG)fired, (ULONG64)(LONG)(fired >> 32));
                }
                if (timer->Period) {
                    /* The next period after now, not one for every period missed. */
                    LONGLONG period = (LONGLONG)timer->Period * 10000;
                    timer->Due += ((now - timer->Due) / period + 1) * period;
                } else {
                    KipRemoveTimer(timer);
                }
            }
            timer = following;
        }
        for (timer = KipTimers; timer; timer = timer->Next)
            if (!next || timer->Due < next)
                next = timer->Due;
        if (!next) {
            pthread_cond_wait(&KipTimerChanged, &KipTimerLock);
        } else {
            struct timespec ts = {.tv_sec = (time_t)(next / 10000000), .tv_nsec = (long)(next % 10000000) * 100};
            pthread_cond_timedwait(&KipTimerChanged, &KipTimerLock, &ts);
        }
    }
    return NULL;
}

/* The thread starts with the first timer armed (timer lock held). */
static void KipStartTimerThread(void)
{
    pthread_condattr_t attr;
    pthread_t thread;

    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&KipTimerChanged, &attr);
    pthread_condattr_destroy(&attr);
    if (pthread_create(&thread, NULL, KipTimerThread, NULL))
        HostBugCheck("cannot start the timer thread");
    pthread_detach(thread);
    KipTimerThreadStarted = TRUE;
}

void KeInitializeTimer(KTIMER *timer, TIMER_TYPE type)
{
    KeInitializeDispatcherHeader(&timer->Header,
                                 type == NotificationTimer ? KE_OBJECT_NOTIFICATION_TIMER : KE_OBJECT_SYNCHRONIZATION_TIMER,
                                 0);
    timer->Inserted = FALSE;
    timer->Next = NULL;
    timer->Apc.Thread = NULL;
}

static void KipTakeApc(KTIMER *timer, const KTIMER_APC *apc, struct KTHREAD **old_thread)
{
    static const KTIMER_APC none;
    *old_thread = timer->Apc.Thread;
    timer->Apc = apc ? *apc : none;
}

BOOLEAN KeSetTimer(KTIMER *timer, LARGE_INTEGER due, LONG period, const KTIMER_APC *apc, struct KTHREAD **old_thread)
{
    LONGLONG now = KeQueryInterruptTime();
    BOOLEAN previous;

    pthread_mutex_lock(&KipTimerLock);
    if (!KipTimerThreadStarted)
        KipStartTimerThread();
    if (timer->Inserted)
        KipRemoveTimer(timer);
    KipTakeApc(timer, apc, old_thread);
    pthread_mutex_lock(&KipDispatcherLock);
    previous = timer->Header.SignalState > 0;
    timer->Header.SignalState = 0;
    pthread_mutex_unlock(&KipDispatcherLock);
    /* An absolute time becomes a point on the monotonic clock now. */
    timer->Due = due.QuadPart < 0 ? now - due.QuadPart : now + (due.QuadPart - KeQuerySystemTime());
    timer->Period = period;
    timer->Inserted = TRUE;
    timer->Next = KipTimers;
    KipTimers = timer;
    pthread_cond_signal(&KipTimerChanged);
    pthread_mutex_unlock(&KipTimerLock);
    return previous;
}

BOOLEAN KeCancelTimer(KTIMER *timer, struct KTHREAD **old_thread)
{
    BOOLEAN state;

    pthread_mutex_lock(&KipTimerLock);
    if (timer->Inserted)
        KipRemoveTimer(timer);
    KipTakeApc(timer, NULL, old_thread);
    pthread_mutex_lock(&KipDispatcherLock);
    state = timer->Header.SignalState > 0;
    pthread_mutex_unlock(&KipDispatcherLock);
    pthread_mutex_unlock(&KipTimerLock);
    return state;
}

void KeQueryTimer(KTIMER *timer, LONGLONG *remaining, BOOLEAN *signaled)
{
    pthread_mutex_lock(&KipTimerLock);
    *remaining = timer->Inserted ? timer->Due - KeQueryInterruptTime() : 0;
    if (*remaining < 0)
        *remaining = 0;
    pthread_mutex_lock(&KipDispatcherLock);
    *signaled = timer->Header.SignalState > 0;
    pthread_mutex_unlock(&KipDispatcherLock);
    pthread_mutex_unlock(&KipTimerLock);
}
