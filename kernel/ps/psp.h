/* What the files of the process component share among themselves. */
#ifndef PS_PSP_H
#define PS_PSP_H

#include <pthread.h>
#include <setjmp.h>
#include <sys/time.h>
#include "ke/ke.h"
#include "ob/ob.h"
#include "ps/ps.h"

/* A thread as the process component sees it. */
typedef struct ETHREAD {
    KTHREAD Tcb;                /* first: the body is a dispatcher object */
    PVOID Stack;                /* the reservation, freed when the thread ends */
    SIZE_T StackReserve;
    PVOID StartAddress;
    volatile int CreatorDone;   /* a futex word: PSP_CREATOR_DONE once the creator has read the thread's id */
    CLIENT_ID ClientId;         /* kept after the TEB is gone */
    pthread_t Pthread;
    LONGLONG CreateTime, ExitTime;
    KPRIORITY Priority;         /* as set; Linux scheduling is not changed by it */
    LONG BasePriority;
    ULONG IdealProcessor;
    BOOLEAN HiddenFromDebugger; /* ThreadHideFromDebugger, set once and for good */
    WCHAR *Name;                /* ThreadNameInformation */
    USHORT NameLength;          /* bytes */
    struct ETHREAD *NextLive;   /* in the list of running threads */
    jmp_buf Exit;               /* where NtTerminateThread leaves the Windows stack for good */
    struct PSP_IDLE_THREAD *IdleHost; /* the host thread that ran it and waits for the next (thread.c) */
    KEVENT AlertById;           /* NtAlertThreadByThreadId's alert, which its next NtWaitForAlertByThreadId takes */
    KAFFINITY Affinity;         /* the processors it may run on, 0 for all the process's */
} ETHREAD;
#define PSP_CREATOR_DONE 1
#define PSP_CREATOR_AWAITED 2 /* the thread ended first and sleeps until its creator is done */

/* The thread of this process created next after one (NULL: the first), or before it, referenced, or NULL. */
ETHREAD *PspNextThread(ETHREAD *after, BOOLEAN newest_first);
/* Bind a thread to the processors of a mask (Linux's affinity); false when Linux refuses. */
BOOLEAN PspBindThread(ETHREAD *thread, KAFFINITY mask);
/* A running thread of this process by id, referenced, or NULL. */
ETHREAD *PsLookupThread(HANDLE thread_id);

/* A CPU time of getrusage in Windows' 100 ns units. */
static inline LONGLONG PspTimevalTo100ns(struct timeval tv)
{
    return (LONGLONG)tv.tv_sec * 10000000 + tv.tv_usec * 10;
}

PPEB PsGetCurrentPeb(void);
/* The stack the image asks for its threads: bytes committed at first, bytes reserved. */
void PspGetImageStack(SIZE_T *commit, SIZE_T *reserve);
ULONG PsLiveThreadCount(void);
/* Run the first thread: enter ntdll at entry(0, ntdll_base) on the stack the image asks for; its start address,
 * as ThreadQuerySetWin32StartAddress reports it, is the image's entry point. New threads enter at
 * user_thread_start(start, argument). Does not return. */
__attribute__((noreturn)) void PsStartInitialThread(ULONG64 entry, ULONG64 ntdll_base, ULONG64 user_thread_start,
                                                    PVOID image_entry);

#endif
