/* What the thread pool's files share: pools, objects and how work is posted (threadpool.c), timers and
 * waits (timer.c), and the old timer-queue and registered-wait interface on top of them (timerqueue.c). */
#ifndef RTL_TPP_H
#define RTL_TPP_H

#include "rtl/rtlp.h"

#define RTLP_DEFAULT_MAX_THREADS 500
#define RTLP_IDLE_TIMEOUT (-20 * 10000000ll) /* a worker idle this long ends, if the pool may shrink */

struct _TP_POOL {
    LONG References;               /* the creator's, and one per worker and per object */
    RTL_SRWLOCK Lock;
    RTL_CONDITION_VARIABLE Work;   /* something was queued */
    LIST_ENTRY Queue;              /* objects with posts not yet taken */
    ULONG MaxThreads, MinThreads, Threads, Idle;
    SIZE_T StackReserve, StackCommit;
    HANDLE Port;                   /* its I/O completion port, made with its first I/O object (tpio.c) */
};

struct _TP_CLEANUP_GROUP {
    RTL_SRWLOCK Lock;
    LIST_ENTRY Members;
};

typedef enum { RtlpWorkObject, RtlpSimpleObject, RtlpTimerObject, RtlpWaitObject, RtlpIoObject } RTLP_TP_KIND;

/* A work object, a one-shot callback, a timer or a wait. All its counts are under its pool's lock; a timer's
 * or a wait's arming is under the waiters' lock (timer.c). */
typedef struct _TP_WORK {
    PVOID Reserved;        /* kernelbase's: CreateThreadpoolIo keeps its caller's callback in a TP_IO's first word */
    LIST_ENTRY QueueLink;  /* in the pool's queue while Pending */
    LIST_ENTRY GroupLink;  /* in its cleanup group, if any */
    TP_POOL *Pool;
    TP_CLEANUP_GROUP *Group;
    RTLP_TP_KIND Kind;
    PVOID Callback;        /* of the kind's type */
    PTP_SIMPLE_CALLBACK Finalization;
    PTP_CLEANUP_GROUP_CANCEL_CALLBACK Cancel;
    PVOID Context;
    LONG References;       /* its owner's (until released), and its cleanup group's (while a member) */
    LONG Pending, Running;
    LONG Executing;        /* callbacks in progress, those disassociated from it (no longer Running) too */
    BOOLEAN Released;      /* the owner let go: its reference goes once nothing is pending or running */
    BOOLEAN OwnerGone;     /* and it went */
    BOOLEAN Queued;
    BOOLEAN Cancelled;     /* its pending callbacks were dropped by its cleanup group */
    RTL_CONDITION_VARIABLE Done;
    /* Timers and waits. */
    LIST_ENTRY ArmLink;     /* in its waiter's list while armed */
    struct RTLP_WAITER *Waiter;
    LONGLONG Due;           /* system time it fires or times out at; RTLP_NEVER for a wait without timeout */
    LONG Period;            /* milliseconds, for a periodic timer */
    BOOLEAN TimerSet;       /* TpSetTimer gave it a due time, fired since or not (TpIsTimerSet) */
    HANDLE Handle;          /* what a wait waits for */
    ULONG WaitResult;       /* what the wait's next callback is told */
    HANDLE CompletionEvent; /* set when the object is gone (RtlDeleteTimer, RtlDeregisterWaitEx) */
    /* I/O objects. */
    LIST_ENTRY Packets;     /* completions waiting for their callback */
    LONG IoPending;         /* operations started (TpStartAsyncIoOperation) whose completion has not come */
    LONG IoSkipped;         /* of those, the ones a cancelling wait forgot: their completions run nothing */
    BOOLEAN IoEveryCompletion; /* RtlSetIoCompletionCallback's: every completion runs the callback */
} RTLP_TP_OBJECT;

/* What a callback is given: where it runs from. */
struct _TP_CALLBACK_INSTANCE {
    RTLP_TP_OBJECT *Object;
    BOOLEAN MayRunLong;
    BOOLEAN Disassociated;  /* no longer counted as running */
    /* What to do when the callback returns (TpCallback...OnCompletion). */
    PRTL_CRITICAL_SECTION CriticalSection;
    HANDLE Mutex, Semaphore, Event;
    LONG SemaphoreCount;
    PVOID Module;
};

extern TP_POOL RtlpDefaultPool;
NTSTATUS RtlpAllocCallbackObject(RTLP_TP_OBJECT **out, RTLP_TP_KIND kind, PVOID callback, PVOID context,
                                 const TP_CALLBACK_ENVIRON *environment);
void RtlpPost(RTLP_TP_OBJECT *object);
/* The same under the pool's lock. */
void RtlpPostLocked(RTLP_TP_OBJECT *object);
void RtlpDereferenceObject(RTLP_TP_OBJECT *object);
/* Under the pool's lock: whether the owner's reference is due now (then the caller drops it). */
BOOLEAN RtlpOwnerReferenceDue(RTLP_TP_OBJECT *object);
/* Under the pool's lock: callbacks posted and not yet done. */
static inline BOOLEAN RtlpCallbacksOutstanding(const RTLP_TP_OBJECT *object)
{
    return object->Pending || object->Running;
}
/* One completion of an I/O object to its callback (tpio.c). */
void RtlpRunIoCallback(TP_CALLBACK_INSTANCE *instance, RTLP_TP_OBJECT *object);
/* A timer or wait no longer armed (timer.c). */
void RtlpDisarm(RTLP_TP_OBJECT *object);

#endif
