/* The kernel core: threads as the host sees them, the two ways into the services, faults and user memory. */
#ifndef KE_KE_H
#define KE_KE_H

#include <pthread.h>
#include <stdbool.h>
#include <time.h>
#include <stdint.h>
#include "nt/services.h"

/* Windows code lives below this address, the host above it, so that one trap range tells them apart. */
#define KE_HOST_BOUNDARY 0x10000000000ull /* 1 TiB */

/* What every waitable object starts with: its kind, its signal state and the waits blocked on it. All
 * of it is guarded by the one dispatcher lock. */
typedef enum {
    KE_OBJECT_NOTIFICATION_EVENT,
    KE_OBJECT_SYNCHRONIZATION_EVENT,
    KE_OBJECT_MUTANT,
    KE_OBJECT_SEMAPHORE,
    KE_OBJECT_THREAD,
    KE_OBJECT_PROCESS,
    KE_OBJECT_NOTIFICATION_TIMER,
    KE_OBJECT_SYNCHRONIZATION_TIMER,
    KE_OBJECT_QUEUE,
    KE_OBJECT_KEYED_EVENT,
} KE_OBJECT_KIND;

typedef struct {
    KE_OBJECT_KIND Kind;
    LONG SignalState;
    LIST_ENTRY WaitList;
} DISPATCHER_HEADER;

/* The state of an event, a semaphore or a mutant where other processes of the prefix share it (a named one): the
 * signal state (a semaphore's count; a mutant's 1 free, 0 owned), a futex word bumped at each change for the
 * processes that wait on it, a semaphore's limit, and a mutant's owner (its Linux thread id) and whether its last
 * owner ended with it. A mutant's recursion stays with its owner's process. */
typedef struct {
    volatile LONG SignalState;
    volatile int Sequence;
    LONG Limit;
    volatile LONG Owner;
    volatile LONG Abandoned;
} KE_SHARED_STATE;

typedef struct {
    DISPATCHER_HEADER Header;
    KE_SHARED_STATE *Shared; /* NULL: this process's alone */
} KEVENT;

typedef struct {
    DISPATCHER_HEADER Header; /* SignalState: 1 free, 1 - recursion count when owned */
    struct KTHREAD *Owner;
    LIST_ENTRY OwnerLink;     /* in the owner's list of mutants, which are abandoned when it ends */
    BOOLEAN Abandoned;
    KE_SHARED_STATE *Shared; /* NULL: this process's alone */
} KMUTANT;

typedef struct {
    DISPATCHER_HEADER Header;
    LONG Limit;
    KE_SHARED_STATE *Shared; /* NULL: this process's alone */
} KSEMAPHORE;

/* An I/O completion port's packet. */
typedef struct KQUEUE_ENTRY {
    struct KQUEUE_ENTRY *Next;
    PVOID KeyContext;
    PVOID ApcContext;
    IO_STATUS_BLOCK IoStatus;
} KQUEUE_ENTRY;

/* A queue of packets; its signal state is their number. A plain wait on it only sees that there are some. */
typedef struct {
    DISPATCHER_HEADER Header;
    KQUEUE_ENTRY *Head, *Tail;
} KQUEUE;

/* A keyed event: waiters and releasers of one key meet in pairs. Plain waits on it are always satisfied. */
typedef struct {
    DISPATCHER_HEADER Header;
    pthread_mutex_t Lock;
    struct KKEYED_WAITER *Pending;  /* waiters or releasers without a partner yet */
} KKEYED_EVENT;

/* A timer's completion routine, queued as a user APC to the thread that set it each time it fires:
 * Routine(Context, low and high parts of the system time it fired at). */
typedef struct {
    struct KTHREAD *Thread;
    ULONG64 Routine, Context;
} KTIMER_APC;

typedef struct KTIMER {
    DISPATCHER_HEADER Header;
    LONGLONG Due;             /* interrupt time (100 ns, monotonic) it fires at */
    LONG Period;              /* ms; 0 for one shot */
    BOOLEAN Inserted;         /* in the timer queue */
    struct KTIMER *Next;      /* in the timer queue, guarded by its lock */
    KTIMER_APC Apc;           /* guarded by the timer lock; Thread NULL for none */
} KTIMER;

/* The registers a caller keeps across a call, as a service was entered with them: KiSystemService writes
 * them on every fast-path call, so that a thread stopped inside a service has a context to report. */
typedef struct {
    ULONG64 Rbx, Rbp, Rsi, Rdi, R12, R13, R14, R15;
    ULONG64 Rsp, Rip;         /* as the service will return: past the return address, and that address */
    ULONG MxCsr;
    ULONG Reserved[3];
    M128A Xmm[10];            /* xmm6 to xmm15 */
} KSERVICE_FRAME;

/* Work a thread does as a service returns to its caller (KTHREAD.ExitWork). */
#define KI_EXIT_SUSPEND 1     /* stop while suspended; a context set meanwhile replaces the return */
#define KI_EXIT_APC 2         /* deliver the first queued user APC (an alertable wait ended for it) */
#define KI_EXIT_TERMINATE 4   /* another thread ended this one: leave instead of returning */

/* A user APC queued to a thread: KiUserApcDispatcher calls Routine(NormalContext, Argument1, Argument2). */
typedef struct KUSER_APC {
    struct KUSER_APC *Next;
    ULONG64 Routine, NormalContext, Argument1, Argument2;
} KUSER_APC;

/* Where a thread is, as its suspension sees it (KTHREAD.State). */
typedef enum {
    KE_THREAD_INITIALIZED,    /* not yet in Windows code: it waits for its suspend count at the start */
    KE_THREAD_RUNNING,
    KE_THREAD_SUSPENDED,      /* stopped, its context in SuspendContext */
    KE_THREAD_TERMINATED,
} KE_THREAD_STATE;

/* The host's view of a Windows thread: a dispatcher object signalled when the thread ends. Reached through
 * KeGetCurrentThread() in host TLS (FS). The fields up to ServiceFrame are read by kernel/ke/entry.S at the
 * offsets in kernel/ke/kioffsets.h. */
typedef struct KTHREAD {
    DISPATCHER_HEADER Header;
    volatile LONG ExitWork;   /* KI_EXIT_*, done when the current service returns */
    volatile LONG InService;  /* inside a service that will do ExitWork on its way out */
    KSERVICE_FRAME ServiceFrame;
    /* Where services run: the host stack the thread entered Windows code from, below the frames still live
     * there, so that the Windows stack holds only what the program put on it (and grows as the program's
     * use of it does). */
    ULONG64 KernelStack;
    LIST_ENTRY OwnedMutants;
    NTSTATUS ExitStatus;      /* STATUS_PENDING while it runs */
    CONTEXT ContinueContext;  /* the context NtContinue resumes, copied out of the program's reach */
    /* The program's registers at the service call being served, where the entry path keeps them (traced
     * and trapped calls; NULL on the fast path, whose ServiceFrame has them). */
    CONTEXT *EntryContext;
    CONTEXT TrapContext;      /* the trapped call's, which EntryContext then points at */
    PTEB Teb;
    ULONG ThreadId;
    void *AltStack;
    size_t AltStackSize;
    /* Syscall User Dispatch selector byte for the selector mode (SYSCALL_DISPATCH_FILTER_*). */
    volatile uint8_t SyscallSelector;
    /* A raw syscall caught by the trap, handed from the SIGSYS handler to KiDispatchTrap. */
    struct {
        ULONG64 Number;
        ULONG64 Args[4];
        ULONG64 UserRsp;
    } Trap;
    /* User APCs and alerts, guarded by the dispatcher lock. */
    KUSER_APC *ApcHead, *ApcTail;
    BOOLEAN Alerted;
    struct KWAIT *Wait;       /* the wait the thread is blocked in, if any */
    /* Suspension, guarded by SuspendLock. The thread sleeps on SuspendCount while it is above 0. */
    pthread_mutex_t SuspendLock;
    volatile int SuspendCount;
    volatile int State;       /* KE_THREAD_STATE */
    volatile int SuspendAck;  /* a futex word: the thread's answer to the suspend signal */
    volatile int Exiting;     /* set as the thread ends: it answers no signal any more */
    BOOLEAN SuspendContextChanged;
    CONTEXT SuspendContext;
    NTSTATUS TerminateStatus;  /* with KI_EXIT_TERMINATE: the exit status another thread gave it */
    void *IoRequest;          /* the synchronous I/O request it carries out, for its cancelling (kernel/io) */
    HANDLE Desktop;           /* its desktop (kernel/win32k), a handle of the process's; NULL until it has one */
    /* Its debug registers as last set (Dr0-Dr3, Dr6, Dr7) and the perf events that arm Dr0-Dr3 (-1: none). */
    ULONG64 DebugRegisters[6];
    int Breakpoints[4];
} KTHREAD;

KTHREAD *KeGetCurrentThread(void);

void KeInitializeDispatcherHeader(DISPATCHER_HEADER *header, KE_OBJECT_KIND kind, LONG state);
/* Sleep on a futex word of this process while it holds value (or until a spurious wake-up); wake one sleeper. */
void KeFutexWait(volatile int *word, int value);
void KeFutexWake(volatile int *word);
/* KeFutexWait until a CLOCK_MONOTONIC time; false once it has passed. */
bool KeFutexWaitUntil(volatile int *word, int value, const struct timespec *deadline);

void KeInitializeEvent(KEVENT *event, EVENT_TYPE type, BOOLEAN state);
void KeInitializeMutant(KMUTANT *mutant, BOOLEAN owned_by_caller);
void KeInitializeSemaphore(KSEMAPHORE *semaphore, LONG count, LONG limit);
/* Each returns the state before; pulse satisfies the waits it can, then leaves the event reset. */
/* Share an event's or a semaphore's state with other processes through shared (which the caller maps; initialize:
 * from the object's own state, else the object takes the shared one), and stop sharing it (before the mapping
 * goes). Changes other processes make reach this process's waits through a watcher thread.
 * STATUS_INSUFFICIENT_RESOURCES: too many. */
NTSTATUS KeShareObject(DISPATCHER_HEADER *object, KE_SHARED_STATE *shared, BOOLEAN initialize);
void KeUnshareObject(DISPATCHER_HEADER *object);
LONG KeSetEvent(KEVENT *event);
LONG KeResetEvent(KEVENT *event);
LONG KePulseEvent(KEVENT *event);
LONG KeReadState(const DISPATCHER_HEADER *header);
NTSTATUS KeReleaseMutant(KMUTANT *mutant, LONG *previous);
/* A mutant goes away: if a thread still owns it, it leaves that thread's list. */
void KeRundownMutant(KMUTANT *mutant);
NTSTATUS KeReleaseSemaphore(KSEMAPHORE *semaphore, LONG count, LONG *previous);
void KeInitializeQueue(KQUEUE *queue);
void KeInsertQueue(KQUEUE *queue, KQUEUE_ENTRY *entry);
/* Take the oldest packet, waiting as long as timeout allows (same conventions as the waits). STATUS_SUCCESS
 * with *entry (the caller frees it), STATUS_TIMEOUT, or for an alertable wait STATUS_USER_APC. */
NTSTATUS KeRemoveQueue(KQUEUE *queue, BOOLEAN alertable, const LARGE_INTEGER *timeout, KQUEUE_ENTRY **entry);
/* Free the packets of a queue that goes away. */
void KeRundownQueue(KQUEUE *queue);

void KeInitializeKeyedEvent(KKEYED_EVENT *event);
/* Meet a partner of the other kind with the same key, waiting as the timeout allows. */
NTSTATUS KeWaitOrReleaseKeyedEvent(KKEYED_EVENT *event, PVOID key, BOOLEAN release, const LARGE_INTEGER *timeout);

void KeInitializeTimer(KTIMER *timer, TIMER_TYPE type);
/* Arm for due (negative: relative; positive: absolute system time, 100 ns), then every period ms if any, with
 * a completion routine or none (apc->Thread NULL). The timer is reset; whether it was signalled comes back.
 * The routine's thread the timer had before goes to *old_thread (NULL if none), which the caller kept
 * alive for it and may now let go. */
BOOLEAN KeSetTimer(KTIMER *timer, LARGE_INTEGER due, LONG period, const KTIMER_APC *apc, struct KTHREAD **old_thread);
/* Disarm, dropping the routine (its thread to *old_thread); whether it was signalled comes back. */
BOOLEAN KeCancelTimer(KTIMER *timer, struct KTHREAD **old_thread);
/* Time left until it fires (100 ns; 0 when not armed) and whether it is signalled. */
void KeQueryTimer(KTIMER *timer, LONGLONG *remaining, BOOLEAN *signaled);
/* A thread ends (the calling one, or a child process's as its creator learns it): its mutants are abandoned, its
 * object is signalled with its exit status. */
void KeSignalThreadExit(KTHREAD *thread, NTSTATUS status);
/* A process's end: its object is signalled for good. */
void KeSignalProcessExit(DISPATCHER_HEADER *process);
/* Wait for any or all of count objects (none: just the timeout). timeout: NULL waits forever; negative is
 * relative and positive absolute (system time), in 100 ns. STATUS_WAIT_0 + i, STATUS_ABANDONED_WAIT_0 + i
 * or STATUS_TIMEOUT; an alertable wait also ends with STATUS_USER_APC, whose APCs then run as the service
 * returns, or STATUS_ALERTED. */
NTSTATUS KeWaitForMultipleObjects(ULONG count, DISPATCHER_HEADER *const *objects, WAIT_TYPE type, BOOLEAN alertable,
                                  const LARGE_INTEGER *timeout);

/* Threads' dispatcher state: set up with the object, taken down when it goes. */
void KeInitializeThreadObject(KTHREAD *thread);
void KeDeleteThreadObject(KTHREAD *thread);

/* User APCs and alerts (apc.c). Queueing to a thread that ended is STATUS_UNSUCCESSFUL. An alert ends an
 * alertable wait of the thread with STATUS_ALERTED, now or at its next one; whether it was alerted before
 * comes back. KeTestAlert is NtTestAlert's: STATUS_ALERTED once for an alert, and APCs queued run as the
 * service returns. */
NTSTATUS KeQueueUserApc(KTHREAD *thread, ULONG64 routine, ULONG64 normal_context, ULONG64 argument1,
                        ULONG64 argument2);
BOOLEAN KeAlertThread(KTHREAD *thread);
NTSTATUS KeTestAlert(void);
/* Resume the current thread at a context after running its queued user APCs, if test_alert and it has
 * any (NtContinue's work); returns only a failure. */
NTSTATUS KeContinueContext(const CONTEXT *context, BOOLEAN test_alert);

/* Suspension and the context of any thread (suspend.c). A running thread is stopped where it is: in
 * Windows code at once, inside a service at its return (its context is the one it will return with). */
NTSTATUS KeSuspendThread(KTHREAD *thread, ULONG *previous);
ULONG KeResumeThread(KTHREAD *thread);
ULONG KeQuerySuspendCount(KTHREAD *thread);
/* The whole context, and replacing the parts flags name (CONTEXT_*); the current thread's is the one its
 * service call will return with, and setting it resumes it there. */
NTSTATUS KeGetContextThread(KTHREAD *thread, CONTEXT *context);
/* A thread's debug registers (kernel/ke/debugreg.c): into a context, and from one, arming the breakpoints Dr7
 * enables as Linux perf events (STATUS_NOT_IMPLEMENTED, said in the trace, for those Linux refuses); none at first,
 * and none once the thread has run down. */
void KeInitializeDebugRegisters(KTHREAD *thread);
void KeGetDebugRegisters(KTHREAD *thread, CONTEXT *context);
NTSTATUS KeSetDebugRegisters(KTHREAD *thread, const CONTEXT *context);
void KeReleaseDebugRegisters(KTHREAD *thread);
NTSTATUS KeSetContextThread(KTHREAD *thread, const CONTEXT *context);
/* End another thread with an exit status: it stops where it is (a wait it is blocked in is abandoned) and
 * leaves through the routine KeSetThreadExitRoutine named. A thread that already ended is left alone. */
void KeTerminateThread(KTHREAD *thread, NTSTATUS status);
void KeSetThreadExitRoutine(__attribute__((noreturn)) void (*routine)(NTSTATUS status));
/* Where a new thread will start: entry(argument1, argument2) on a stack whose top is given. */
void KeSetStartContext(KTHREAD *thread, ULONG64 entry, ULONG64 stack_top, ULONG64 argument1, ULONG64 argument2);
/* The new thread waits until its suspend count is 0, then enters Windows code at its start context. */
__attribute__((noreturn)) void KeStartThread(KTHREAD *thread);
/* Host-side setup of the calling thread, which will run Windows code: its alternate signal stack (host
 * memory that lives as long as the thread), GS = TEB, the trap. */
NTSTATUS KeInitializeThread(KTHREAD *thread, PTEB teb, void *alt_stack, size_t alt_stack_size);
/* Undo KeInitializeThread on the calling thread once it has left Windows code for good. */
void KeRundownThread(KTHREAD *thread);

/* Signal handlers for faults and the trap; once per process. */
void KeInitializeSignals(void);

/* How raw syscall instructions of Windows code reach the dispatcher (VELES_SUD picks one to test both). */
typedef enum { KE_TRAP_NONE, KE_TRAP_INCLUSIVE, KE_TRAP_SELECTOR } KE_TRAP_MODE;
KE_TRAP_MODE KeSelectTrapMode(void);
KE_TRAP_MODE KeTrapMode(void);
const char *KeTrapModeName(KE_TRAP_MODE mode);
NTSTATUS KeArmSyscallTrap(KTHREAD *thread);

/* KUSER_SHARED_DATA at 0x7ffe0000: read-only for Windows code, kept current by a host thread. */
NTSTATUS KeInitializeUserSharedData(void);
volatile KUSER_SHARED_DATA *KeUserSharedDataWritable(void);
/* Windows time (100 ns since 1601) and interrupt time (100 ns since boot) now. */
LONGLONG KeQuerySystemTime(void);
/* The same, told to a program: KUSER_SHARED_DATA's copy is brought up to it, so that reading it later is never
 * reading an older time (NtQuerySystemTime). */
LONGLONG KeQuerySharedSystemTime(void);
LONGLONG KeQueryInterruptTime(void);
#define KE_TICKS_1601_TO_1970 116444736000000000ll
#define KE_QPC_FREQUENCY 10000000ll

/* Copies between host memory and memory a Windows program named. An address outside the program's
 * range or a fault gives STATUS_ACCESS_VIOLATION, never a host crash. */
NTSTATUS KeCopyFromUser(void *dst, const void *user_src, size_t len);
NTSTATUS KeCopyToUser(void *user_dst, const void *src, size_t len);
/* Answer a query whose answer has a fixed size: the length must be exact (else STATUS_INFO_LENGTH_MISMATCH),
 * then the answer and, if asked for, its length are written. */
NTSTATUS KeReturnInformation(PVOID user_buffer, ULONG length, const void *data, ULONG size, PULONG user_return_length);
/* Whether a caller's memory takes a write, leaving what is there, for outputs a service must check before its work
 * and not touch when the work fails. */
NTSTATUS KeProbeForWrite(void *user_dst, size_t len);
#define KeReadUser(dst, user_src) KeCopyFromUser((dst), (user_src), sizeof(*(dst)))
#define KeWriteUser(user_dst, value) KeCopyToUser((user_dst), &(value), sizeof(value))

/* The ways in: the fast path ntdll jumps to, its traced twin, and what a raw syscall is turned into. */
extern const char KiSystemService[], KiSystemServiceTraced[];
void KeEnableTrace(const char *spec);
int KeTraceEnabled(void);
/* For a part of a service not yet written: says so in the trace, returns STATUS_NOT_IMPLEMENTED. */
NTSTATUS KeReportNotImplemented(const char *what);
/* Write the line of a traced call that will not return (the caller is ending). */
void KeTraceFlushPending(void);


/* A Windows exception the program did not handle: report on stderr, end the process with its code. */
__attribute__((noreturn)) void KeTerminateOnUnhandled(const EXCEPTION_RECORD *record);
/* ntdll's KiUserExceptionDispatcher, where exceptions are delivered (0 until ntdll is mapped). */
void KeSetUserExceptionDispatcher(ULONG64 address);
/* Where ntdll's system-call stubs jump: the fast path or its traced twin (KUSER_SERVICE_DISPATCHER_ADDRESS). */
void KeSetServiceDispatcher(ULONG64 address);
/* ntdll's stub of the first service (named by KeFirstServiceName), from which the fast path tells each service's
 * stub in rcx on its way out, as Windows' syscall instruction leaves the next instruction's address there. */
const char *KeFirstServiceName(void);
void KeSetServiceStubs(ULONG64 first_stub);
/* The number of the win32k service of that name (win32u.dll's stubs are bound to it when the DLL is mapped),
 * or 0 when there is none. */
ULONG KeWin32kServiceNumber(const char *name);
/* ntdll's KiUserApcDispatcher, where user APCs run. */
void KeSetUserApcDispatcher(ULONG64 address);

#endif
