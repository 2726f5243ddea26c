/* The kernel core: threads as the host sees them, the two ways into the services, faults and user memory. */
#ifndef KE_KE_H
#define KE_KE_H

#include <pthread.h>
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

typedef struct {
    DISPATCHER_HEADER Header;
} KEVENT;

typedef struct {
    DISPATCHER_HEADER Header; /* SignalState: 1 free, 1 - recursion count when owned */
    struct KTHREAD *Owner;
    LIST_ENTRY OwnerLink;     /* in the owner's list of mutants, which are abandoned when it ends */
    BOOLEAN Abandoned;
} KMUTANT;

typedef struct {
    DISPATCHER_HEADER Header;
    LONG Limit;
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

typedef struct KTIMER {
    DISPATCHER_HEADER Header;
    LONGLONG Due;             /* interrupt time (100 ns, monotonic) it fires at */
    LONG Period;              /* ms; 0 for one shot */
    BOOLEAN Inserted;         /* in the timer queue */
    struct KTIMER *Next;      /* in the timer queue, guarded by its lock */
} KTIMER;

/* The host's view of a Windows thread: a dispatcher object signalled when the thread ends. Reached through
 * KeGetCurrentThread() in host TLS (FS). */
typedef struct KTHREAD {
    DISPATCHER_HEADER Header;
    LIST_ENTRY OwnedMutants;
    NTSTATUS ExitStatus;      /* STATUS_PENDING while it runs */
    CONTEXT ContinueContext;  /* the context NtContinue resumes, copied out of the program's reach */
    /* The program's registers at the service call being served, where the entry path keeps them (traced
     * and trapped calls; NULL on the fast path, whose context services capture their own). */
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
} KTHREAD;

KTHREAD *KeGetCurrentThread(void);

void KeInitializeDispatcherHeader(DISPATCHER_HEADER *header, KE_OBJECT_KIND kind, LONG state);
void KeInitializeEvent(KEVENT *event, EVENT_TYPE type, BOOLEAN state);
void KeInitializeMutant(KMUTANT *mutant, BOOLEAN owned_by_caller);
void KeInitializeSemaphore(KSEMAPHORE *semaphore, LONG count, LONG limit);
/* Each returns the state before; pulse satisfies the waits it can, then leaves the event reset. */
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
 * with *entry (the caller frees it), or STATUS_TIMEOUT. */
NTSTATUS KeRemoveQueue(KQUEUE *queue, const LARGE_INTEGER *timeout, KQUEUE_ENTRY **entry);
/* Free the packets of a queue that goes away. */
void KeRundownQueue(KQUEUE *queue);

void KeInitializeKeyedEvent(KKEYED_EVENT *event);
/* Meet a partner of the other kind with the same key, waiting as the timeout allows. */
NTSTATUS KeWaitOrReleaseKeyedEvent(KKEYED_EVENT *event, PVOID key, BOOLEAN release, const LARGE_INTEGER *timeout);

void KeInitializeTimer(KTIMER *timer, TIMER_TYPE type);
/* Arm for due (negative: relative; positive: absolute system time, 100 ns), then every period ms if any. The
 * timer is reset; whether it was signalled comes back. */
BOOLEAN KeSetTimer(KTIMER *timer, LARGE_INTEGER due, LONG period);
/* Disarm; whether it was signalled comes back. KeRundownTimer does the same for a timer that goes away. */
BOOLEAN KeCancelTimer(KTIMER *timer);
void KeRundownTimer(KTIMER *timer);
/* Time left until it fires (100 ns; 0 when not armed) and whether it is signalled. */
void KeQueryTimer(KTIMER *timer, LONGLONG *remaining, BOOLEAN *signaled);
/* The calling thread ends: its mutants are abandoned, its object is signalled with its exit status. */
void KeSignalThreadExit(KTHREAD *thread, NTSTATUS status);
/* Wait for any or all of count objects. timeout: NULL waits forever; negative is relative and positive
 * absolute (system time), in 100 ns. STATUS_WAIT_0 + i, STATUS_ABANDONED_WAIT_0 + i or STATUS_TIMEOUT. */
NTSTATUS KeWaitForMultipleObjects(ULONG count, DISPATCHER_HEADER *const *objects, WAIT_TYPE type,
                                  const LARGE_INTEGER *timeout);
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
#define KeReadUser(dst, user_src) KeCopyFromUser((dst), (user_src), sizeof(*(dst)))
#define KeWriteUser(user_dst, value) KeCopyToUser((user_dst), &(value), sizeof(value))

/* The ways in: the fast path ntdll jumps to, its traced twin, and what a raw syscall is turned into. */
extern const char KiSystemService[], KiSystemServiceTraced[];
void KeEnableTrace(const char *spec);
int KeTraceEnabled(void);
/* For a part of a service not yet written: says so in the trace, returns STATUS_NOT_IMPLEMENTED. */
NTSTATUS KeReportNotImplemented(const char *what);
/* Resume the current thread at a whole context (NtContinue's work); returns only a failure. */
NTSTATUS KeContinueContext(const CONTEXT *context);
/* Write the line of a traced call that will not return (the caller is ending). */
void KeTraceFlushPending(void);

/* Enter Windows code for good: switch to its stack and call entry(arg1, arg2) with the x64 convention. */
__attribute__((noreturn)) void KiEnterUserMode(ULONG64 entry, ULONG64 stack_top, ULONG64 arg1, ULONG64 arg2);

/* A Windows exception the program did not handle: report on stderr, end the process with its code. */
__attribute__((noreturn)) void KeTerminateOnUnhandled(const EXCEPTION_RECORD *record);
/* ntdll's KiUserExceptionDispatcher, where exceptions are delivered (0 until ntdll is mapped). */
void KeSetUserExceptionDispatcher(ULONG64 address);

#endif
