/* What the kernel core's files share among themselves. */
#ifndef KE_KIP_H
#define KE_KIP_H

#include <pthread.h>
#include <time.h>
#include "ke/ke.h"

/* Guards every DISPATCHER_HEADER. Taken after the timer lock, never before it. */
extern pthread_mutex_t KipDispatcherLock;
/* The object became signalled: complete the waits it satisfies (dispatcher lock held). */
void KipWaitTest(DISPATCHER_HEADER *object);

/* The futex deadline of an NT timeout (negative: relative; positive: absolute system time, 100 ns): relative
 * ones on the monotonic clock, absolute ones on the real clock, so that a change of system time moves
 * them as on Windows. */
void KipDeadline(const LARGE_INTEGER *timeout, struct timespec *ts, int *realtime);
/* Sleep on a futex word while it is 0, until the deadline (NULL: none). 0 woken or spurious, -1 timed out. */
int KipFutexWaitUntil(volatile int *word, const struct timespec *deadline, int realtime);
void KipFutexWake(volatile int *word);

/* A CONTEXT from the registers a signal interrupted (exception.c). */
struct ucontext_t;
void KiContextFromSignal(const struct ucontext_t *uc, CONTEXT *c);

#endif
