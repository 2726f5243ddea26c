/* What the files of the process component share among themselves. */
#ifndef PS_PSP_H
#define PS_PSP_H

#include <pthread.h>
#include <setjmp.h>
#include <sys/time.h>
#include "ke/ke.h"
#include "ob/ob.h"
#include "ps/ps.h"

/* A process as an object: waitable, signalled when it ends. This process has one; so does each child it created
 * (NtCreateUserProcess), which runs in a Linux process of its own: there it is seen through its pidfd and the
 * channel to it, for its id, its end and its exit status. */
typedef struct EPROCESS {
    DISPATCHER_HEADER Header;
    pid_t Pid;                  /* 0 for this process */
    int Pidfd, Channel;         /* a child's */
    PVOID Peb, FirstTeb;        /* in the child's address space */
    NTSTATUS ExitStatus;        /* STATUS_PENDING until it ends */
    volatile NTSTATUS TerminateStatus; /* what NtTerminateProcess ended it with, STATUS_PENDING if nothing did */
    ULONG SuspendCount;         /* NtSuspendProcess's on a child, which is stopped (SIGSTOP) while it is not 0 */
    LONGLONG CreateTime, ExitTime;
    LONGLONG KernelTime, UserTime; /* a child's, once it has ended */
    struct ETHREAD *FirstThread;
    char *ImageDosPath;          /* a child's image, "C:\\..." (UTF-8) */
    struct EPROCESS *NextChild;  /* in the list of this process's children, while the object lives */
    pthread_mutex_t CallLock;    /* one call into a child's kernel at a time on its channel (PsCallChild) */
    BOOLEAN ExitCodeTold;        /* the exit code came as the answer to such a call, and is kept here */
    unsigned int ToldExitCode;
} EPROCESS;

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
    EPROCESS *Child;            /* a child's first thread, seen from its creator: its id, its end, its resumption */
    ULONG ChildSuspendCount;
} ETHREAD;
#define PSP_CREATOR_DONE 1
#define PSP_CREATOR_AWAITED 2 /* the thread ended first and sleeps until its creator is done */

/* Where a child finds the channel to its creator and the parameters it sent; 0-2 are its standard handles. */
#define PSP_CHILD_CHANNEL_FD 3
#define PSP_CHILD_PARAMETERS_FD 4

/* A caller's attribute list (NULL: none), copied; STATUS_INVALID_PARAMETER for a length that is not a whole
 * number of attributes, or more than PSP_MAX_ATTRIBUTES. */
#define PSP_MAX_ATTRIBUTES 16
NTSTATUS PspCaptureAttributes(PPS_ATTRIBUTE_LIST list, PS_ATTRIBUTE *attributes, SIZE_T *count);
/* The thread of this process created next after one (NULL: the first), or before it, referenced, or NULL. */
ETHREAD *PspNextThread(ETHREAD *after, BOOLEAN newest_first);
/* Bind a thread to the processors of a mask (Linux's affinity); false when Linux refuses. */
BOOLEAN PspBindThread(ETHREAD *thread, KAFFINITY mask);

/* Windows' client ids are one space of processes and threads, in multiples of 4 (Windows ignores the low two bits
 * of an id it is given); a Linux id times 4 is one, under 2^24 (Linux's ids stay under PID_MAX_LIMIT, 2^22). A
 * process's first thread, whose Linux id is its process's, is set apart by a bit above them all. An id that is none
 * of these maps to Linux id 0, which names nothing. */
#define PSP_FIRST_THREAD_ID_BIT 0x1000000u
static inline HANDLE PspProcessIdOf(pid_t pid)
{
    return (HANDLE)(ULONG_PTR)((ULONG)pid << 2);
}
static inline pid_t PspLinuxIdOfProcess(HANDLE id)
{
    return (ULONG_PTR)id < PSP_FIRST_THREAD_ID_BIT ? (pid_t)((ULONG_PTR)id >> 2) : 0;
}
static inline HANDLE PspThreadIdOf(pid_t tid, pid_t pid)
{
    return (HANDLE)(ULONG_PTR)((ULONG)tid << 2 | (tid == pid ? PSP_FIRST_THREAD_ID_BIT : 0));
}
static inline pid_t PspLinuxIdOfThread(HANDLE id)
{
    return PspLinuxIdOfProcess((HANDLE)((ULONG_PTR)id & ~(ULONG_PTR)PSP_FIRST_THREAD_ID_BIT));
}
/* Whether two client ids are one, as Windows compares them: without their low two bits. */
static inline BOOLEAN PspSameId(HANDLE a, HANDLE b)
{
    return ((ULONG_PTR)a & ~(ULONG_PTR)3) == ((ULONG_PTR)b & ~(ULONG_PTR)3);
}

/* ntdll!RtlUserThreadStart, where every thread of this process starts. */
extern ULONG64 PspUserThreadStart;

/* The kernel and user times in a /proc stat file (a process's or a thread's), in 100 ns units, and its state's letter
 * if asked ('R' running); 0 when unread. */
void PspCpuTimes(const char *path, LONGLONG *kernel, LONGLONG *user, char *state);
/* A CPU time of getrusage in Windows' 100 ns units. */
static inline LONGLONG PspTimevalTo100ns(struct timeval tv)
{
    return (LONGLONG)tv.tv_sec * 10000000 + tv.tv_usec * 10;
}

PPEB PsGetCurrentPeb(void);
/* The process a handle names with the access asked: this one or a child (*process, referenced). */
NTSTATUS PspReferenceProcess(HANDLE handle, ACCESS_MASK desired, EPROCESS **process);
static inline NTSTATUS PspReferenceThread(HANDLE handle, ACCESS_MASK desired, ETHREAD **thread, const char *what)
{
    return PsReferenceThread(handle, desired, (void **)thread, what);
}
/* A child's first thread as its creator sees it (it references the child). */
ETHREAD *PspCreateChildThreadObject(EPROCESS *child);
/* NtSuspendProcess and NtResumeProcess on a child: the whole Linux process stops and goes on. */
NTSTATUS PspSuspendChild(EPROCESS *process, BOOLEAN resume);
/* Resume (or suspend) a child's first thread from here, which can be done until it runs; *previous is its count. */
NTSTATUS PspSuspendChildThread(ETHREAD *thread, BOOLEAN resume, ULONG *previous);
/* The object's end: a child's descriptors are closed. */
void PspDeleteProcess(void *body);
/* In a child: its parameters as its creator sent them (from fd), laid out in its memory; how its start went,
 * told to its creator over the channel; and the wait until its creator resumes its first thread (FALSE: the
 * creator is gone first). */
NTSTATUS PspUnpackParameters(int fd, RTL_USER_PROCESS_PARAMETERS **out);
void PspTellCreator(int channel, NTSTATUS status, PTEB teb);
/* The memory and I/O counters of this process, from Linux's (/proc/self/status, /proc/self/io) and the memory
 * manager's committed private bytes. */
void PspReadCounters(VM_COUNTERS_EX *vm, IO_COUNTERS *io);
/* What the process list tells of a thread, which a child's kernel tells of its own threads. */
typedef struct {
    CLIENT_ID ClientId;
    LONGLONG CreateTime;
    PVOID Teb, StartAddress, StackBase, StackLimit;
    KPRIORITY Priority;
    LONG BasePriority;
    BOOLEAN Suspended;
} PSP_THREAD_FACTS;
void PspGetThreadFacts(ETHREAD *thread, PSP_THREAD_FACTS *facts);
/* ps's calls into a child (ps/remote.c): its counters (ProcessVmCounters or ProcessIoCounters as argument), its
 * handle count, the facts of its i-th thread (STATUS_NO_MORE_ENTRIES past the last). */
enum { PSP_CHILD_COUNTERS = PS_CHILD_FUNCTIONS, PSP_CHILD_HANDLE_COUNT, PSP_CHILD_THREAD };
_Static_assert(sizeof(VM_COUNTERS_EX) <= sizeof(((PS_CHILD_REPLY *)0)->Results), "a reply holds the counters");
/* In a child: serve its creator's calls (a thread of its own, for the child's life) and wait until the creator
 * resumes the first thread (FALSE: the creator is gone first). */
BOOLEAN PspServeCreator(int channel);
/* The children still running, as many as max allows, each referenced (the caller lets go); how many were taken. */
ULONG PspSnapshotChildren(EPROCESS **out, ULONG max);
/* A child of this process by its id, referenced, or NULL. */
EPROCESS *PspLookupChild(pid_t pid);
/* A child's end as its creator learns it: its thread's and its own waits are satisfied. */
void PspChildEnded(EPROCESS *process, NTSTATUS status);
/* NtTerminateProcess and NtQueryInformationProcess(ProcessBasicInformation) for a child. */
NTSTATUS PspTerminateChild(EPROCESS *process, NTSTATUS status);
/* The stack the image asks for its threads: bytes committed at first, bytes reserved. */
void PspGetImageStack(SIZE_T *commit, SIZE_T *reserve);
ULONG PsLiveThreadCount(void);
/* Run the first thread: enter ntdll at entry(0, ntdll_base) on the stack the image asks for; its start address,
 * as ThreadQuerySetWin32StartAddress reports it, is the image's entry point. New threads enter at
 * user_thread_start(start, argument). A child's (creator: the channel, else -1) first waits for its creator to
 * resume it. Does not return. */
__attribute__((noreturn)) void PsStartInitialThread(ULONG64 entry, ULONG64 ntdll_base, ULONG64 user_thread_start,
                                                    PVOID image_entry, int creator);

#endif
