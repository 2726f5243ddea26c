/* Suspension and the context of any thread. A suspend signal stops a thread where it is: in Windows code the
 * signal handler itself holds it, with the interrupted registers as its context; inside a service (which the
 * service entry marks) the service runs on and the thread stops as it returns, its context being the one it
 * will return with. A thread caught anywhere else in the host is asked again a moment later. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>
#include "host/host.h"
#include "ke/ke.h"
#include "ke/kip.h"
#include "rtl/context.h"

#define KIP_SUSPEND_SIGNAL SIGUSR1
#define KIP_MAXIMUM_SUSPEND_COUNT 127
/* SuspendAck: the thread's answer to the signal. */
#define KIP_ACK_STOPPED 1
#define KIP_ACK_RETRY 2

/* The context a thread inside a service will return with, from what its entry path kept: the whole capture of
 * a traced or trapped call, or the fast path's service frame (the registers a call does not keep read as 0).
 * fxsave: the x87 state to report, or NULL for the processor's own (which host code leaves alone). */
static void KipServiceContext(const KTHREAD *thread, CONTEXT *out, const void *fxsave)
{
    const KSERVICE_FRAME *f = &thread->ServiceFrame;

    if (thread->EntryContext) {
        *out = *thread->EntryContext;
        return;
    }
    memset(out, 0, sizeof(*out));
    out->ContextFlags = CONTEXT_FULL | CONTEXT_SEGMENTS;
    KipSetUserSegments(out);
    out->EFlags = KIP_EFLAGS_FIXED;
    out->Rbx = f->Rbx;
    out->Rbp = f->Rbp;
    out->Rsi = f->Rsi;
    out->Rdi = f->Rdi;
    out->R12 = f->R12;
    out->R13 = f->R13;
    out->R14 = f->R14;
    out->R15 = f->R15;
    out->Rsp = f->Rsp;
    out->Rip = f->Rip;
    if (fxsave)
        memcpy(&out->FltSave, fxsave, sizeof(out->FltSave));
    else
        __asm__ volatile("fxsave64 %0" : "=m"(out->FltSave));
    memset(out->FltSave.XmmRegisters, 0, 6 * sizeof(M128A));
    memcpy(&out->FltSave.XmmRegisters[6], f->Xmm, sizeof(f->Xmm));
    out->MxCsr = out->FltSave.MxCsr = f->MxCsr;
}

/* Stop until the suspend count is 0, then run again. A context set meanwhile is copied to *context (whether
 * one was comes back). */
static BOOLEAN KipStop(KTHREAD *thread, CONTEXT *context)
{
    BOOLEAN changed;
    int count;

    for (;;) {
        while ((count = __atomic_load_n(&thread->SuspendCount, __ATOMIC_ACQUIRE)) > 0)
            KeFutexWait(&thread->SuspendCount, count);
        pthread_mutex_lock(&thread->SuspendLock);
        if (!thread->SuspendCount)
            break;
        pthread_mutex_unlock(&thread->SuspendLock);
    }
    changed = thread->SuspendContextChanged;
    if (changed)
        *context = thread->SuspendContext;
    thread->SuspendContextChanged = FALSE;
    thread->State = KE_THREAD_RUNNING;
    pthread_mutex_unlock(&thread->SuspendLock);
    return changed;
}

BOOLEAN KipWaitWhileSuspended(KTHREAD *thread, CONTEXT *context)
{
    pthread_mutex_lock(&thread->SuspendLock);
    if (!thread->SuspendContextChanged)
        thread->SuspendContext = *context;
    pthread_mutex_unlock(&thread->SuspendLock);
    return KipStop(thread, context);
}

/* A changed context into the registers sigreturn restores, made safe as NtContinue makes it. */
static void KipContextToSignal(const CONTEXT *c, ucontext_t *uc)
{
    greg_t *r = uc->uc_mcontext.gregs;

    r[REG_RAX] = (greg_t)c->Rax;
    r[REG_RCX] = (greg_t)c->Rcx;
    r[REG_RDX] = (greg_t)c->Rdx;
    r[REG_RBX] = (greg_t)c->Rbx;
    r[REG_RSP] = (greg_t)c->Rsp;
    r[REG_RBP] = (greg_t)c->Rbp;
    r[REG_RSI] = (greg_t)c->Rsi;
    r[REG_RDI] = (greg_t)c->Rdi;
    r[REG_R8] = (greg_t)c->R8;
    r[REG_R9] = (greg_t)c->R9;
    r[REG_R10] = (greg_t)c->R10;
    r[REG_R11] = (greg_t)c->R11;
    r[REG_R12] = (greg_t)c->R12;
    r[REG_R13] = (greg_t)c->R13;
    r[REG_R14] = (greg_t)c->R14;
    r[REG_R15] = (greg_t)c->R15;
    r[REG_RIP] = (greg_t)c->Rip;
    r[REG_EFL] = (greg_t)((c->EFlags & KIP_USER_EFLAGS) | KIP_EFLAGS_FIXED);
    if (uc->uc_mcontext.fpregs) {
        unsigned int mask = uc->uc_mcontext.fpregs->mxcr_mask;
        memcpy(uc->uc_mcontext.fpregs, &c->FltSave, sizeof(c->FltSave));
        uc->uc_mcontext.fpregs->mxcsr = c->MxCsr & (mask ? mask : 0xffff);
        uc->uc_mcontext.fpregs->mxcr_mask = mask;
    }
}

static void KipAnswer(KTHREAD *thread, int answer)
{
    __atomic_store_n(&thread->SuspendAck, answer, __ATOMIC_RELEASE);
    KeFutexWake(&thread->SuspendAck);
}

static void KipSuspendSignal(int sig, siginfo_t *info, void *signal_context)
{
    ucontext_t *uc = signal_context;
    KTHREAD *thread = KeGetCurrentThread();
    int saved_errno = errno;

    (void)sig;
    (void)info;
    if (!thread)
        return;
    if (!KiIsHostCode((ULONG64)uc->uc_mcontext.gregs[REG_RIP])) {
        CONTEXT changed;
        if (thread->ExitWork & KI_EXIT_TERMINATE) {
            KipAnswer(thread, KIP_ACK_STOPPED);
            KipExitIfTerminated(thread->ExitWork);
        }
        KiContextFromSignal(uc, &thread->SuspendContext);
        thread->State = KE_THREAD_SUSPENDED;
        KipAnswer(thread, KIP_ACK_STOPPED);
        if (KipStop(thread, &changed))
            KipContextToSignal(&changed, uc);
        KipExitIfTerminated(thread->ExitWork);
    } else if (thread->InService) {
        /* Ended rather than suspended, it leaves as the service returns. */
        if (!(thread->ExitWork & KI_EXIT_TERMINATE)) {
            KipServiceContext(thread, &thread->SuspendContext, uc->uc_mcontext.fpregs);
            thread->State = KE_THREAD_SUSPENDED;
            __atomic_or_fetch(&thread->ExitWork, KI_EXIT_SUSPEND, __ATOMIC_RELAXED);
        }
        KipAnswer(thread, KIP_ACK_STOPPED);
    } else {
        KipAnswer(thread, KIP_ACK_RETRY);
    }
    errno = saved_errno;
}

void KiInitializeSuspendSignal(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = KipSuspendSignal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(KIP_SUSPEND_SIGNAL, &sa, NULL);
}

/* Signal a running thread until it stops (SuspendLock held, which the thread needs to end). */
static void KipStopRunningThread(KTHREAD *thread)
{
    struct timespec pause = {0, 20000};
    int answer;

    for (;;) {
        __atomic_store_n(&thread->SuspendAck, 0, __ATOMIC_SEQ_CST);
        /* A thread on its way out (KipMarkTerminated) waits for this lock and answers nothing. */
        if (__atomic_load_n(&thread->Exiting, __ATOMIC_SEQ_CST))
            return;
        syscall(SYS_tgkill, getpid(), thread->ThreadId, KIP_SUSPEND_SIGNAL);
        while (!(answer = __atomic_load_n(&thread->SuspendAck, __ATOMIC_SEQ_CST)) &&
               !__atomic_load_n(&thread->Exiting, __ATOMIC_SEQ_CST))
            KeFutexWait(&thread->SuspendAck, 0);
        if (answer == KIP_ACK_STOPPED || !answer)
            return;
        nanosleep(&pause, NULL);
    }
}

NTSTATUS KeSuspendThread(KTHREAD *thread, ULONG *previous)
{
    NTSTATUS status = STATUS_SUCCESS;

    pthread_mutex_lock(&thread->SuspendLock);
    *previous = (ULONG)thread->SuspendCount;
    if (thread->State == KE_THREAD_TERMINATED) {
        status = STATUS_THREAD_IS_TERMINATING;
    } else if (thread->SuspendCount >= KIP_MAXIMUM_SUSPEND_COUNT) {
        status = STATUS_SUSPEND_COUNT_EXCEEDED;
    } else if (!thread->SuspendCount++ && thread->State == KE_THREAD_RUNNING) {
        if (thread == KeGetCurrentThread()) {
            KipServiceContext(thread, &thread->SuspendContext, NULL);
            thread->State = KE_THREAD_SUSPENDED;
            __atomic_or_fetch(&thread->ExitWork, KI_EXIT_SUSPEND, __ATOMIC_RELAXED);
        } else {
            KipStopRunningThread(thread);
        }
    }
    pthread_mutex_unlock(&thread->SuspendLock);
    return status;
}

ULONG KeResumeThread(KTHREAD *thread)
{
    ULONG previous;

    pthread_mutex_lock(&thread->SuspendLock);
    previous = (ULONG)thread->SuspendCount;
    if (previous && !--thread->SuspendCount)
        KeFutexWake(&thread->SuspendCount);
    pthread_mutex_unlock(&thread->SuspendLock);
    return previous;
}

ULONG KeQuerySuspendCount(KTHREAD *thread)
{
    return (ULONG)__atomic_load_n(&thread->SuspendCount, __ATOMIC_ACQUIRE);
}

static __attribute__((noreturn)) void (*KipThreadExitRoutine)(NTSTATUS status);

void KeSetThreadExitRoutine(__attribute__((noreturn)) void (*routine)(NTSTATUS status))
{
    KipThreadExitRoutine = routine;
}

void KipExitIfTerminated(LONG work)
{
    if (work & KI_EXIT_TERMINATE)
        KipThreadExitRoutine(KeGetCurrentThread()->TerminateStatus);
}

void KeTerminateThread(KTHREAD *thread, NTSTATUS status)
{
    pthread_mutex_lock(&thread->SuspendLock);
    if (thread->State != KE_THREAD_TERMINATED && !(thread->ExitWork & KI_EXIT_TERMINATE)) {
        thread->TerminateStatus = status;
        __atomic_or_fetch(&thread->ExitWork, KI_EXIT_TERMINATE, __ATOMIC_SEQ_CST);
        pthread_mutex_lock(&KipDispatcherLock);
        KipAbortWait(thread, STATUS_THREAD_IS_TERMINATING);
        pthread_mutex_unlock(&KipDispatcherLock);
        if (thread->State == KE_THREAD_RUNNING) {
            KipStopRunningThread(thread);
        } else {
            /* Stopped (or not yet started): it wakes to leave. */
            thread->SuspendCount = 0;
            KeFutexWake(&thread->SuspendCount);
        }
    }
    pthread_mutex_unlock(&thread->SuspendLock);
}

void KipMarkTerminated(KTHREAD *thread)
{
    /* Whoever signals this thread to stop holds SuspendLock, waiting for an answer: the answer is that it ends. */
    __atomic_store_n(&thread->Exiting, 1, __ATOMIC_SEQ_CST);
    __atomic_store_n(&thread->SuspendAck, KIP_ACK_STOPPED, __ATOMIC_SEQ_CST);
    KeFutexWake(&thread->SuspendAck);
    pthread_mutex_lock(&thread->SuspendLock);
    thread->State = KE_THREAD_TERMINATED;
    pthread_mutex_unlock(&thread->SuspendLock);
}

NTSTATUS KeGetContextThread(KTHREAD *thread, CONTEXT *context)
{
    ULONG previous;
    NTSTATUS status;

    if (thread == KeGetCurrentThread()) {
        KipServiceContext(thread, context, NULL);
        return STATUS_SUCCESS;
    }
    if ((status = KeSuspendThread(thread, &previous)))
        return status;
    pthread_mutex_lock(&thread->SuspendLock);
    *context = thread->SuspendContext;
    pthread_mutex_unlock(&thread->SuspendLock);
    KeResumeThread(thread);
    return STATUS_SUCCESS;
}

NTSTATUS KeSetContextThread(KTHREAD *thread, const CONTEXT *context)
{
    CONTEXT merged;
    ULONG previous;
    NTSTATUS status;

    if (thread == KeGetCurrentThread()) {
        KipServiceContext(thread, &merged, NULL);
        RtlpCopyContextParts(&merged, context, context->ContextFlags);
        merged.Rax = STATUS_SUCCESS;
        merged.ContextFlags = CONTEXT_FULL | CONTEXT_SEGMENTS;
        return KipContinue(&merged);
    }
    if ((status = KeSuspendThread(thread, &previous)))
        return status;
    pthread_mutex_lock(&thread->SuspendLock);
    RtlpCopyContextParts(&thread->SuspendContext, context, context->ContextFlags);
    thread->SuspendContextChanged = TRUE;
    pthread_mutex_unlock(&thread->SuspendLock);
    KeResumeThread(thread);
    return STATUS_SUCCESS;
}

void KeSetStartContext(KTHREAD *thread, ULONG64 entry, ULONG64 stack_top, ULONG64 argument1, ULONG64 argument2)
{
    CONTEXT *c = &thread->SuspendContext;
    ULONG64 no_return = 0;

    memset(c, 0, sizeof(*c));
    c->ContextFlags = CONTEXT_FULL | CONTEXT_SEGMENTS;
    KipSetUserSegments(c);
    c->EFlags = KIP_EFLAGS_FIXED;
    /* As if called: a return address (0, which ends stack walks) below 32 bytes of home space. */
    c->Rsp = (stack_top & ~(ULONG64)15) - 0x28;
    c->Rip = entry;
    c->Rcx = argument1;
    c->Rdx = argument2;
    c->MxCsr = c->FltSave.MxCsr = 0x1f80;
    c->FltSave.ControlWord = 0x27f;
    KeCopyToUser((void *)c->Rsp, &no_return, sizeof(no_return));
}

void KeStartThread(KTHREAD *thread)
{
    CONTEXT start;
    EXCEPTION_RECORD record;

    /* This frame and those below it are done with once the thread is in Windows code: its services run there. */
    thread->KernelStack = (ULONG64)__builtin_frame_address(0) & ~(ULONG64)15;
    pthread_mutex_lock(&thread->SuspendLock);
    start = thread->SuspendContext;
    pthread_mutex_unlock(&thread->SuspendLock);
    KipStop(thread, &start);
    KipExitIfTerminated(thread->ExitWork);
    KipContinue(&start);
    memset(&record, 0, sizeof(record));
    record.ExceptionCode = (DWORD)STATUS_ACCESS_VIOLATION;
    record.ExceptionAddress = (PVOID)start.Rip;
    KeTerminateOnUnhandled(&record);
}
