/* Threads: each Windows thread is a pthread that runs on a Windows stack with its TEB in GS. Creation,
 * the start of the first thread, exit, and resumption of a thread created suspended. */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "host/host.h"
#include "io/io.h"
#include "ke/ke.h"
#include "lpc/lpc.h"
#include "mm/mm.h"
#include "ob/ob.h"
#include "ps/psp.h"

/* Host threads whose Windows thread has ended wait a while for the next one (at most PSP_IDLE_THREADS of them,
 * for PSP_IDLE_SECONDS): a Windows thread then starts without a clone and ends without an exit, which here cost
 * more than the rest of a short thread's life. A host thread is handed a new Windows thread only once the object
 * of its last one is gone, so that no two thread objects share a client id, as on Windows. The record lives on
 * the host thread's stack; PspIdleLock guards it and ETHREAD.IdleHost. */
#define PSP_IDLE_THREADS 16
#define PSP_IDLE_SECONDS 5
typedef struct PSP_IDLE_THREAD {
    struct PSP_IDLE_THREAD *Next;
    bool Listed;            /* waits in PspIdleThreads */
    bool Reusable;          /* the object of its last Windows thread is gone */
    ETHREAD *Last;          /* that thread, while its object lives */
    volatile int Handed;    /* a futex word: 1 once Thread is there to run */
    ETHREAD *Thread;
    pid_t Tid;
    pthread_t Pthread;
} PSP_IDLE_THREAD;
static PSP_IDLE_THREAD *PspIdleThreads;
static int PspIdleCount;
static pthread_mutex_t PspIdleLock = PTHREAD_MUTEX_INITIALIZER;

static void PspRemoveLiveThread(ETHREAD *thread);

static void PspDeleteThread(void *body)
{
    ETHREAD *thread = body;

    pthread_mutex_lock(&PspIdleLock);
    if (thread->IdleHost) {
        thread->IdleHost->Reusable = true;
        thread->IdleHost->Last = NULL;
    }
    pthread_mutex_unlock(&PspIdleLock);
    PspRemoveLiveThread(thread);
    KeDeleteThreadObject(&thread->Tcb);
    free(thread->Name);
    if (thread->Child)
        ObDereferenceObject(thread->Child);
}

const OBJECT_TYPE PsThreadType = {
    .Name = "Thread",
    /* Windows' mapping: reading takes the context too, writing sets it and the limited information, executing
     * queries the limited information and resumes. */
    .Mapping = {STANDARD_RIGHTS_READ | 0x0048, STANDARD_RIGHTS_WRITE | 0x0437, STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE | 0x1800,
                THREAD_ALL_ACCESS},
    .ValidAccess = THREAD_ALL_ACCESS,
    .Delete = PspDeleteThread,
    .Waitable = TRUE,
    .Nameless = TRUE,
};

static volatile LONG PspLiveThreads;
static pthread_mutex_t PspThreadListLock = PTHREAD_MUTEX_INITIALIZER;
static ETHREAD *PspThreads; /* thread objects, running or ended, for lookups by id (NtOpenThread) */

/* Stacks and TEBs of ended threads, kept for the next ones: mapping and unmapping them is most of what a
 * thread costs to create (an unmap in a threaded process stops every processor for a TLB flush). */
#define PSP_SPARES 16
static struct {
    PVOID Stack;
    SIZE_T Reserve;
    PTEB Teb;
} PspSpares[PSP_SPARES];
static int PspSpareCount;
static pthread_mutex_t PspSpareLock = PTHREAD_MUTEX_INITIALIZER;

#define PSP_ALT_STACK_SIZE (64 * 1024)
#define PSP_HOST_STACK_SIZE (1024 * 1024)
ULONG64 PspUserThreadStart;
static __attribute__((noreturn)) void PspExitThread(NTSTATUS status);

/* A stack of reserve bytes (64 KiB granular) laid out as Windows does (commit bytes at the top, a guard page
 * below, growing on touch), then the TEB. zero_bits puts the stack below an address, as NtCreateThreadEx's
 * ZeroBits ask; a spare is taken only without. */
static NTSTATUS PspCreateStackAndTeb(ETHREAD *thread, SIZE_T commit, SIZE_T reserve, ULONG_PTR zero_bits)
{
    PVOID stack = NULL;
    PTEB teb = NULL;
    NTSTATUS status;
    static ULONG_PTR pid;

    if (commit > MM_HIGHEST_USER_ADDRESS || reserve > MM_HIGHEST_USER_ADDRESS)
        return STATUS_NO_MEMORY;
    /* A commit as large as the reservation takes a reservation of whole MiBs. */
    if (commit >= reserve)
        reserve = (commit + 0xfffff) & ~(SIZE_T)0xfffff;
    reserve = (reserve + MM_ALLOCATION_GRANULARITY - 1) & ~(MM_ALLOCATION_GRANULARITY - 1);
    commit = (commit + MM_PAGE_SIZE - 1) & ~(MM_PAGE_SIZE - 1);
    if (commit > reserve - MM_PAGE_SIZE)
        commit = reserve - MM_PAGE_SIZE;
    pthread_mutex_lock(&PspSpareLock);
    for (int i = 0; i < PspSpareCount && !zero_bits; i++) {
        if (PspSpares[i].Reserve == reserve) {
            stack = PspSpares[i].Stack;
            teb = PspSpares[i].Teb;
            PspSpares[i] = PspSpares[--PspSpareCount];
            break;
        }
    }
    pthread_mutex_unlock(&PspSpareLock);
    if (teb) {
        memset(teb, 0, sizeof(*teb));
    } else {
        if ((status = MmAllocateVirtualBelow(&stack, reserve, zero_bits, MEM_RESERVE, PAGE_READWRITE)))
            return status;
        if ((status = MmAllocateVirtual((PVOID *)&teb, sizeof(*teb), MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE))) {
            MmFreeVirtual(stack);
            return status;
        }
    }
    if ((status = MmLayOutStack(stack, reserve, commit))) {
        MmFreeVirtual(stack);
        MmFreeVirtual(teb);
        return status;
    }
    if (!pid)
        pid = (ULONG_PTR)PsGetCurrentProcessId();
    thread->Stack = stack;
    thread->StackReserve = reserve;
    teb->NtTib.Self = teb;
    teb->NtTib.StackBase = (char *)stack + reserve;
    teb->NtTib.StackLimit = (char *)stack + reserve - commit;
    teb->DeallocationStack = stack;
    teb->ClientId.UniqueProcess = (HANDLE)pid;
    teb->ProcessEnvironmentBlock = PsGetCurrentPeb();
    teb->CurrentLocale = 0x409;
    teb->StaticUnicodeString.MaximumLength = sizeof(teb->StaticUnicodeBuffer);
    teb->StaticUnicodeString.Buffer = teb->StaticUnicodeBuffer;
    thread->Tcb.Teb = teb;
    return STATUS_SUCCESS;
}

static ETHREAD *PspCreateThreadObject(void)
{
    ETHREAD *thread = ObCreateObject(&PsThreadType, sizeof(*thread));

    KeInitializeThreadObject(&thread->Tcb);
    KeInitializeEvent(&thread->AlertById, SynchronizationEvent, FALSE);
    return thread;
}

ETHREAD *PspCreateChildThreadObject(EPROCESS *child)
{
    ETHREAD *thread = PspCreateThreadObject();

    ObReferenceObject(child);
    thread->Child = child;
    return thread;
}

NTSTATUS PsReferenceThread(HANDLE handle, ACCESS_MASK desired, void **body, const char *what)
{
    ETHREAD **thread = (ETHREAD **)body;
    NTSTATUS status = ObReferenceObjectByHandle(handle, desired, &PsThreadType, body);

    if (!status && (*thread)->Child) {
        ObDereferenceObject(*thread);
        status = KeReportNotImplemented(what);
    }
    return status;
}

static void PspReleaseStackAndTeb(ETHREAD *thread)
{
    pthread_mutex_lock(&PspSpareLock);
    if (PspSpareCount < PSP_SPARES) {
        PspSpares[PspSpareCount].Stack = thread->Stack;
        PspSpares[PspSpareCount].Reserve = thread->StackReserve;
        PspSpares[PspSpareCount].Teb = thread->Tcb.Teb;
        PspSpareCount++;
    } else {
        MmFreeVirtual(thread->Stack);
        MmFreeVirtual(thread->Tcb.Teb);
    }
    pthread_mutex_unlock(&PspSpareLock);
    thread->Tcb.Teb = NULL;
}

/* A thread that is about to run joins the list lookups by id look in, which it leaves when its object goes: an
 * ended thread is still found while a handle holds it, as on Windows. */
static void PspInsertLiveThread(ETHREAD *thread)
{
    thread->CreateTime = KeQuerySystemTime();
    pthread_mutex_lock(&PspThreadListLock);
    thread->NextLive = PspThreads;
    PspThreads = thread;
    pthread_mutex_unlock(&PspThreadListLock);
}

static void PspRemoveLiveThread(ETHREAD *thread)
{
    pthread_mutex_lock(&PspThreadListLock);
    for (ETHREAD **p = &PspThreads; *p; p = &(*p)->NextLive) {
        if (*p == thread) {
            *p = thread->NextLive;
            break;
        }
    }
    pthread_mutex_unlock(&PspThreadListLock);
}

/* The client id from the Linux thread id: the thread's own for its TEB, its creator's copy for everyone else. */
static void PspSetClientId(ETHREAD *thread, pid_t tid, pthread_t pthread)
{
    thread->ClientId.UniqueProcess = thread->Tcb.Teb->ClientId.UniqueProcess;
    __atomic_store_n(&thread->ClientId.UniqueThread, PspThreadIdOf(tid, getpid()), __ATOMIC_RELEASE);
    thread->Pthread = pthread;
}

/* A Linux thread's id without a system call: clone(2) wrote it for glibc, whose thread CPU clock (a kernel
 * ABI, ~tid << 3 | 6) carries it out. The thread must not have ended. */
static pid_t PspLinuxThreadId(pthread_t pthread)
{
    clockid_t clock;
    pid_t tid = pthread_getcpuclockid(pthread, &clock) ? 0 : (pid_t) ~(clock >> 3);

    if (tid <= 0)
        HostBugCheck("a thread's Linux id cannot be read (clock %d)", (int)clock);
    return tid;
}

/* The creator is done with the Linux thread (it has read its id): the thread may end for good. */
static void PspCreatorDone(ETHREAD *thread)
{
    if (__atomic_exchange_n(&thread->CreatorDone, PSP_CREATOR_DONE, __ATOMIC_RELEASE) == PSP_CREATOR_AWAITED)
        KeFutexWake(&thread->CreatorDone);
}

/* A host thread that ran a Windows thread waits in the list for the next, if there is room. */
static void PspOfferHostThread(PSP_IDLE_THREAD *idle, ETHREAD *last)
{
    pthread_mutex_lock(&PspIdleLock);
    idle->Listed = PspIdleCount < PSP_IDLE_THREADS;
    if (idle->Listed) {
        idle->Handed = 0;
        idle->Reusable = false;
        idle->Last = last;
        last->IdleHost = idle;
        idle->Next = PspIdleThreads;
        PspIdleThreads = idle;
        PspIdleCount++;
    }
    pthread_mutex_unlock(&PspIdleLock);
}

/* Run the thread's Windows code until NtTerminateThread brings it back here; then give back what it used, and
 * offer the host thread (idle, when not NULL) for the next. */
static void PspRunThread(ETHREAD *thread, void *alt_stack, size_t alt_stack_size, PSP_IDLE_THREAD *idle)
{
    PTEB teb = thread->Tcb.Teb;
    int pending = 0;
    NTSTATUS status;

    teb->ClientId.UniqueThread = PspThreadIdOf(PspLinuxThreadId(pthread_self()), getpid());
    teb->RealClientId = teb->ClientId;
    if ((status = KeInitializeThread(&thread->Tcb, teb, alt_stack, alt_stack_size)))
        HostBugCheck("cannot set up thread %p: %s", teb->ClientId.UniqueThread, RtlNtStatusName(status));
    if (!setjmp(thread->Exit))
        KeStartThread(&thread->Tcb);
    IoRundownThread(&thread->Tcb);
    KeRundownThread(&thread->Tcb);
    /* A thread that ends at once waits for its creator to have read its id from the Linux thread. */
    if (__atomic_compare_exchange_n(&thread->CreatorDone, &pending, PSP_CREATOR_AWAITED, FALSE, __ATOMIC_ACQUIRE,
                                    __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&thread->CreatorDone, __ATOMIC_ACQUIRE) != PSP_CREATOR_DONE)
            KeFutexWait(&thread->CreatorDone, PSP_CREATOR_AWAITED);
    PspReleaseStackAndTeb(thread);
    if (idle)
        PspOfferHostThread(idle, thread);
    ObDereferenceObject(thread);
}

/* The next Windows thread a listed host thread is to run, or NULL when none came in time. */
static ETHREAD *PspWaitForNextThread(PSP_IDLE_THREAD *idle, const sigset_t *mask)
{
    struct timespec deadline;

    if (!idle->Listed)
        return NULL;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += PSP_IDLE_SECONDS;
    while (!__atomic_load_n(&idle->Handed, __ATOMIC_ACQUIRE) && KeFutexWaitUntil(&idle->Handed, 0, &deadline))
        ;
    pthread_mutex_lock(&PspIdleLock);
    if (!idle->Handed) {
        for (PSP_IDLE_THREAD **p = &PspIdleThreads; *p; p = &(*p)->Next)
            if (*p == idle) {
                *p = idle->Next;
                break;
            }
        PspIdleCount--;
        if (idle->Last)
            idle->Last->IdleHost = NULL;
    }
    pthread_mutex_unlock(&PspIdleLock);
    if (!idle->Handed)
        return NULL;
    pthread_sigmask(SIG_SETMASK, mask, NULL);
    return idle->Thread;
}

/* A waiting host thread whose last Windows thread is gone runs the new one: true, or false when none waits. */
static bool PspHandToIdleThread(ETHREAD *thread)
{
    PSP_IDLE_THREAD **p, *idle;

    pthread_mutex_lock(&PspIdleLock);
    for (p = &PspIdleThreads; *p && !(*p)->Reusable; p = &(*p)->Next)
        ;
    if ((idle = *p)) {
        *p = idle->Next;
        PspIdleCount--;
    }
    pthread_mutex_unlock(&PspIdleLock);
    if (!idle)
        return false;
    PspSetClientId(thread, idle->Tid, idle->Pthread);
    PspCreatorDone(thread);
    idle->Thread = thread;
    __atomic_store_n(&idle->Handed, 1, __ATOMIC_RELEASE);
    /* The record may be gone by now; a wake-up at its address is at worst a spurious one. */
    KeFutexWake(&idle->Handed);
    return true;
}

static void *PspThreadMain(void *arg)
{
    unsigned char alt_stack[PSP_ALT_STACK_SIZE] __attribute__((aligned(64)));
    PSP_IDLE_THREAD idle = {.Tid = PspLinuxThreadId(pthread_self()), .Pthread = pthread_self()};
    sigset_t mask;

    /* A thread ended by another leaves from inside a signal handler, with that signal still blocked: the next
     * Windows thread starts with the mask this one started with. */
    pthread_sigmask(SIG_BLOCK, NULL, &mask);
    for (ETHREAD *thread = arg; thread; thread = PspWaitForNextThread(&idle, &mask))
        PspRunThread(thread, alt_stack, sizeof(alt_stack), &idle);
    return NULL;
}

void PsStartInitialThread(ULONG64 entry, ULONG64 ntdll_base, ULONG64 user_thread_start, PVOID image_entry,
                          int creator)
{
    ETHREAD *thread = PspCreateThreadObject();
    SIZE_T commit, reserve;
    NTSTATUS status;

    PspUserThreadStart = user_thread_start;
    KeSetThreadExitRoutine(PspExitThread);
    thread->StartAddress = image_entry;
    PspGetImageStack(&commit, &reserve);
    if ((status = PspCreateStackAndTeb(thread, commit, reserve, 0)))
        HostBugCheck("cannot create the first thread's stack: %s", RtlNtStatusName(status));
    KeSetStartContext(&thread->Tcb, entry, (ULONG64)thread->Tcb.Teb->NtTib.StackBase, 0, ntdll_base);
    PspLiveThreads = 1;
    PspInsertLiveThread(thread);
    PspSetClientId(thread, gettid(), pthread_self());
    thread->CreatorDone = PSP_CREATOR_DONE;
    /* A child is created suspended: it runs when its creator resumes it, and not at all if the creator is gone. */
    if (creator >= 0) {
        PspTellCreator(creator, STATUS_SUCCESS, thread->Tcb.Teb);
        if (!PspServeCreator(creator))
            HostExit((unsigned int)STATUS_PROCESS_IS_TERMINATING);
    }
    PspRunThread(thread, HostAlloc(PSP_ALT_STACK_SIZE), PSP_ALT_STACK_SIZE, NULL);
    /* The first thread ended while others run: the process lives on in them. */
    pthread_exit(NULL);
}

NTSTATUS PspCaptureAttributes(PPS_ATTRIBUTE_LIST list, PS_ATTRIBUTE *attributes, SIZE_T *count)
{
    SIZE_T total;

    *count = 0;
    if (!list)
        return STATUS_SUCCESS;
    if (KeReadUser(&total, (PSIZE_T)list))
        return STATUS_ACCESS_VIOLATION;
    if (total < sizeof(SIZE_T) || (total - sizeof(SIZE_T)) % sizeof(PS_ATTRIBUTE) ||
        (total - sizeof(SIZE_T)) / sizeof(PS_ATTRIBUTE) > PSP_MAX_ATTRIBUTES)
        return STATUS_INVALID_PARAMETER;
    *count = (total - sizeof(SIZE_T)) / sizeof(PS_ATTRIBUTE);
    if (KeCopyFromUser(attributes, (char *)list + sizeof(SIZE_T), *count * sizeof(PS_ATTRIBUTE)))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* The attributes NtCreateThreadEx understands: where to write the new thread's client id and TEB. */
static NTSTATUS PspReadAttributes(PPS_ATTRIBUTE_LIST list, PS_ATTRIBUTE *attributes, SIZE_T *count)
{
    NTSTATUS status = PspCaptureAttributes(list, attributes, count);

    for (SIZE_T i = 0; !status && i < *count; i++)
        if (attributes[i].Attribute != PS_ATTRIBUTE_CLIENT_ID && attributes[i].Attribute != PS_ATTRIBUTE_TEB_ADDRESS)
            return KeReportNotImplemented("NtCreateThreadEx: this thread attribute");
    return status;
}

/* The thread may have run and ended by now: its TEB is gone, so the address comes from before it started. */
static NTSTATUS PspWriteAttributes(const PS_ATTRIBUTE *attributes, SIZE_T count, const ETHREAD *thread, PTEB teb)
{
    for (SIZE_T i = 0; i < count; i++) {
        const void *value = attributes[i].Attribute == PS_ATTRIBUTE_CLIENT_ID ? (const void *)&thread->ClientId
                                                                               : (const void *)&teb;
        SIZE_T size = attributes[i].Attribute == PS_ATTRIBUTE_CLIENT_ID ? sizeof(CLIENT_ID) : sizeof(PVOID);
        if (attributes[i].Size < size)
            return STATUS_INVALID_PARAMETER;
        if (KeCopyToUser((PVOID)attributes[i].Value, value, size) ||
            (attributes[i].ReturnLength && KeWriteUser(attributes[i].ReturnLength, size)))
            return STATUS_ACCESS_VIOLATION;
    }
    return STATUS_SUCCESS;
}

/* A thread of this process that starts at start(argument) through ntdll's RtlUserThreadStart; with a handle
 * for the caller when handle is given (else the caller's reference is dropped). Its TEB comes back as it was
 * made: a thread that ends at once may have let it go by the time this returns. */
static NTSTATUS PspCreateThread(PUSER_THREAD_START_ROUTINE start, PVOID argument, ULONG flags, ULONG_PTR zero_bits,
                                SIZE_T stack_size, SIZE_T maximum_stack_size, PHANDLE handle, ACCESS_MASK access,
                                POBJECT_ATTRIBUTES attributes, ETHREAD **out, PTEB *teb_out)
{
    ETHREAD *thread = PspCreateThreadObject();
    SIZE_T commit, reserve;
    pthread_attr_t attr;
    pthread_t pthread;
    PTEB teb;
    NTSTATUS status;

    PspGetImageStack(&commit, &reserve);
    if (stack_size)
        commit = stack_size;
    if (maximum_stack_size)
        reserve = maximum_stack_size;
    if ((status = PspCreateStackAndTeb(thread, commit, reserve, zero_bits))) {
        ObDereferenceObject(thread);
        return status;
    }
    teb = thread->Tcb.Teb;
    if (teb_out)
        *teb_out = teb;
    thread->StartAddress = (PVOID)start;
    KeSetStartContext(&thread->Tcb, PspUserThreadStart, (ULONG64)teb->NtTib.StackBase, (ULONG64)start,
                      (ULONG64)argument);
    thread->Tcb.SuspendCount = flags & THREAD_CREATE_FLAGS_CREATE_SUSPENDED ? 1 : 0;

    /* One reference for the handle (or the caller), one for the running thread (dropped when it ends). */
    ObReferenceObject(thread);
    if (handle && (status = ObInsertObjectForCaller(thread, access, attributes, handle))) {
        PspReleaseStackAndTeb(thread);
        ObDereferenceObject(thread);
        return status;
    }
    __atomic_add_fetch(&PspLiveThreads, 1, __ATOMIC_ACQ_REL);
    PspInsertLiveThread(thread);
    if (!PspHandToIdleThread(thread)) {
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        pthread_attr_setstacksize(&attr, PSP_HOST_STACK_SIZE);
        if (pthread_create(&pthread, &attr, PspThreadMain, thread)) {
            pthread_attr_destroy(&attr);
            PspRemoveLiveThread(thread);
            __atomic_sub_fetch(&PspLiveThreads, 1, __ATOMIC_ACQ_REL);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        pthread_attr_destroy(&attr);
        /* Its id without waiting for it to run; it does not end before PspCreatorDone, so the pthread_t holds. */
        PspSetClientId(thread, PspLinuxThreadId(pthread), pthread);
        PspCreatorDone(thread);
    }
    if (out)
        *out = thread;
    else if (!handle)
        ObDereferenceObject(thread);
    return STATUS_SUCCESS;
}

NTSTATUS PsStartUserThread(PUSER_THREAD_START_ROUTINE start, PVOID argument)
{
    return PspCreateThread(start, argument, 0, 0, 0, 0, NULL, 0, NULL, NULL, NULL);
}

NTSTATUS NTAPI NtCreateThreadEx(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                                HANDLE ProcessHandle, PUSER_THREAD_START_ROUTINE StartRoutine, PVOID Argument,
                                ULONG CreateFlags, SIZE_T ZeroBits, SIZE_T StackSize, SIZE_T MaximumStackSize,
                                PPS_ATTRIBUTE_LIST AttributeList)
{
    PS_ATTRIBUTE attributes[PSP_MAX_ATTRIBUTES];
    SIZE_T nattributes;
    ETHREAD *thread;
    PTEB teb;
    NTSTATUS status;

    if ((status = PsCheckProcessHandle(ProcessHandle)))
        return status;
    if ((status = PspReadAttributes(AttributeList, attributes, &nattributes)))
        return status;
    if (CreateFlags & ~(ULONG)(THREAD_CREATE_FLAGS_CREATE_SUSPENDED | THREAD_CREATE_FLAGS_SKIP_THREAD_ATTACH |
                               THREAD_CREATE_FLAGS_HIDE_FROM_DEBUGGER))
        return STATUS_INVALID_PARAMETER;
    if (!StartRoutine)
        return STATUS_INVALID_PARAMETER;
    if ((status = PspCreateThread(StartRoutine, Argument, CreateFlags, ZeroBits, StackSize, MaximumStackSize,
                                  ThreadHandle, DesiredAccess, ObjectAttributes, &thread, &teb)))
        return status;
    if (CreateFlags & THREAD_CREATE_FLAGS_HIDE_FROM_DEBUGGER)
        thread->HiddenFromDebugger = TRUE;
    return PspWriteAttributes(attributes, nattributes, thread, teb);
}

/* The calling thread ends: it is signalled with its status and leaves the Windows stack for good; the last
 * thread to end takes the process with it. Also where a thread another one ended leaves from. */
static __attribute__((noreturn)) void PspExitThread(NTSTATUS status)
{
    ETHREAD *current = (ETHREAD *)KeGetCurrentThread();

    KeTraceFlushPending();
    LpcExitThread(&current->Tcb, &current->ClientId);
    current->ExitTime = KeQuerySystemTime();
    KeSignalThreadExit(&current->Tcb, status);
    if (!__atomic_sub_fetch(&PspLiveThreads, 1, __ATOMIC_ACQ_REL))
        HostExit((unsigned int)status);
    longjmp(current->Exit, 1);
}

/* NULL ends the calling thread unless it is the last one (STATUS_CANT_TERMINATE_SELF: the caller then ends
 * the process); a handle to the calling thread ends it, and the process with it when it is the last. Another
 * thread is ended where it is, asynchronously, as on Windows. */
NTSTATUS NTAPI NtTerminateThread(HANDLE ThreadHandle, NTSTATUS ExitStatus)
{
    ETHREAD *current = (ETHREAD *)KeGetCurrentThread(), *target;
    NTSTATUS status;

    if (!ThreadHandle) {
        if (__atomic_load_n(&PspLiveThreads, __ATOMIC_ACQUIRE) == 1)
            return STATUS_CANT_TERMINATE_SELF;
        PspExitThread(ExitStatus);
    }
    if ((status = PspReferenceThread(ThreadHandle, THREAD_TERMINATE, &target,
                                     "NtTerminateThread on another process")))
        return status;
    if (target == current) {
        ObDereferenceObject(target);
        PspExitThread(ExitStatus);
    }
    KeTerminateThread(&target->Tcb, ExitStatus);
    ObDereferenceObject(target);
    return STATUS_SUCCESS;
}

ULONG PsLiveThreadCount(void)
{
    return (ULONG)__atomic_load_n(&PspLiveThreads, __ATOMIC_ACQUIRE);
}

ETHREAD *PspNextThread(ETHREAD *after, BOOLEAN newest_first)
{
    ETHREAD *found = NULL, *t;

    /* The list is newest first: in creation order, the one after a thread is the one before it in the list. */
    pthread_mutex_lock(&PspThreadListLock);
    if (newest_first) {
        for (t = after ? after->NextLive : PspThreads; t && !found; t = t->NextLive)
            if (ObReferenceObjectSafe(t))
                found = t;
    } else {
        for (t = PspThreads; t && t != after; t = t->NextLive)
            if (ObReferenceObjectSafe(t)) {
                if (found)
                    ObDereferenceObject(found);
                found = t;
            }
    }
    pthread_mutex_unlock(&PspThreadListLock);
    return found;
}

void *PsLookupThread(HANDLE thread_id)
{
    ETHREAD *found = NULL;

    pthread_mutex_lock(&PspThreadListLock);
    for (ETHREAD *t = PspThreads; t && !found; t = t->NextLive)
        if (PspSameId(t->ClientId.UniqueThread, thread_id) && ObReferenceObjectSafe(t))
            found = t;
    pthread_mutex_unlock(&PspThreadListLock);
    return found;
}
