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
/* An object's shared state, or NULL for one that has none (see KeShareObject), and where a kind that can have one
 * keeps it (NULL for the other kinds). */
KE_SHARED_STATE *KipSharedState(const DISPATCHER_HEADER *object);
KE_SHARED_STATE **KipSharedSlot(DISPATCHER_HEADER *object);
/* A mutant no thread of this process owns any more, free here (the dispatcher lock is held). */
void KipDisownMutant(KMUTANT *mutant);
/* A change of a shared state told to the processes that wait on it (shared.c). */
void KipPublishShared(KE_SHARED_STATE *shared);

/* If the thread is in an alertable wait, end it for its alert or its queued APCs (dispatcher lock held). */
void KipAlertWait(KTHREAD *thread);
/* Free the user APCs still queued to a thread that ended. */
void KipFreeUserApcs(KTHREAD *thread);
/* Whether an address is in the host's own code (fault.c). */
int KiIsHostCode(ULONG64 rip);
/* Resume the current thread at a context, made safe first; returns only STATUS_ACCESS_VIOLATION, for a
 * stack that cannot take the return frame. */
NTSTATUS KipContinue(const CONTEXT *context);
/* Where a frame of size bytes for Windows code may go on the stack of a context, from a service running on
 * that stack: below the context's rsp and clear of the service's own frames, with room for the calls that
 * write it. */
#define KIP_HOST_STACK_ROOM 0x1000
ULONG64 KipUserFrameTop(const CONTEXT *context, ULONG64 size);
/* The current thread was suspended inside a service and stops now until resumed. A context set meanwhile
 * replaces *context (whether it did comes back); otherwise *context is what it reports while stopped. */
BOOLEAN KipWaitWhileSuspended(KTHREAD *thread, CONTEXT *context);
/* The current thread leaves if another thread ended it (KI_EXIT_TERMINATE is in work). */
void KipExitIfTerminated(LONG work);
/* End the wait the thread is blocked in, if any, with status (dispatcher lock held). */
void KipAbortWait(KTHREAD *thread, NTSTATUS status);
/* The thread ends: it can no longer be suspended. */
void KipMarkTerminated(KTHREAD *thread);
/* Put a user APC's frame on the stack of the context and resume there in KiUserApcDispatcher; returns only
 * if no APC is queued (or the stack cannot take the frame, which ends the process like an exception). */
void KipDeliverUserApc(const CONTEXT *context);

/* The futex deadline of an NT timeout (negative: relative; positive: absolute system time, 100 ns): relative
 * ones on the monotonic clock, absolute ones on the real clock, so that a change of system time moves
 * them as on Windows. */
void KipDeadline(const LARGE_INTEGER *timeout, struct timespec *ts, int *realtime);
/* Sleep on a futex word while it holds value, until the deadline (NULL: none). 0 woken or spurious, -1 timed out. */
int KipFutexWaitUntil(volatile int *word, int value, const struct timespec *deadline, int realtime);

/* What user mode may set in EFLAGS (CF PF AF ZF SF TF DF OF), and what is always on (IF and bit 1). */
#define KIP_USER_EFLAGS 0x0dd5
#define KIP_EFLAGS_FIXED 0x0202
/* The selectors of 64-bit user mode, as Windows reports them. */
void KipSetUserSegments(CONTEXT *c);

/* A CONTEXT from the registers a signal interrupted (exception.c). */
struct ucontext_t;
void KiContextFromSignal(const struct ucontext_t *uc, CONTEXT *c);

#endif
