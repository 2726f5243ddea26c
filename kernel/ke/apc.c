/* User APCs and alerts, and the work a service does on its way back to its caller: a user APC runs in
 * ntdll's KiUserApcDispatcher on the thread's own stack, as the alertable wait that ended for it returns. */
#include <stdlib.h>
#include <unistd.h>
#include "host/host.h"
#include "ke/ke.h"
#include "ke/kip.h"
#include "ke/services.h"
#include "mm/mm.h"

/* KiUserApcDispatcher's frame: the CONTEXT to resume (its home slots holding the APC), then a machine frame
 * (rip, cs, eflags, rsp, ss) of the interrupted code, which the dispatcher's unwind data describes. */
#define KIP_APC_MACHINE_FRAME sizeof(CONTEXT)
#define KIP_APC_FRAME_SIZE (sizeof(CONTEXT) + 5 * sizeof(ULONG64))

static ULONG64 KipUserApcDispatcher;

void KeSetUserApcDispatcher(ULONG64 address)
{
    KipUserApcDispatcher = address;
}

NTSTATUS KeQueueUserApc(KTHREAD *thread, ULONG64 routine, ULONG64 normal_context, ULONG64 argument1,
                        ULONG64 argument2)
{
    KUSER_APC *apc = malloc(sizeof(*apc));

    if (!apc)
        return STATUS_NO_MEMORY;
    apc->Next = NULL;
    apc->Routine = routine;
    apc->NormalContext = normal_context;
    apc->Argument1 = argument1;
    apc->Argument2 = argument2;
    pthread_mutex_lock(&KipDispatcherLock);
    if (thread->ExitStatus != STATUS_PENDING) {
        pthread_mutex_unlock(&KipDispatcherLock);
        free(apc);
        return STATUS_UNSUCCESSFUL;
    }
    if (!routine) {
        /* Accepted, as on Windows, and nothing to run. */
        pthread_mutex_unlock(&KipDispatcherLock);
        free(apc);
        return STATUS_SUCCESS;
    }
    if (thread->ApcTail)
        thread->ApcTail->Next = apc;
    else
        thread->ApcHead = apc;
    thread->ApcTail = apc;
    KipAlertWait(thread);
    pthread_mutex_unlock(&KipDispatcherLock);
    return STATUS_SUCCESS;
}

BOOLEAN KeAlertThread(KTHREAD *thread)
{
    BOOLEAN was;

    pthread_mutex_lock(&KipDispatcherLock);
    was = thread->Alerted;
    thread->Alerted = TRUE;
    KipAlertWait(thread);
    pthread_mutex_unlock(&KipDispatcherLock);
    return was;
}

/* An alert is consumed; whether APCs are queued comes back. */
static BOOLEAN KipTestAlert(KTHREAD *thread, NTSTATUS *status)
{
    BOOLEAN queued;

    pthread_mutex_lock(&KipDispatcherLock);
    *status = thread->Alerted ? STATUS_ALERTED : STATUS_SUCCESS;
    thread->Alerted = FALSE;
    queued = thread->ApcHead != NULL;
    pthread_mutex_unlock(&KipDispatcherLock);
    return queued;
}

NTSTATUS KeTestAlert(void)
{
    KTHREAD *thread = KeGetCurrentThread();
    NTSTATUS status;

    if (KipTestAlert(thread, &status))
        __atomic_or_fetch(&thread->ExitWork, KI_EXIT_APC, __ATOMIC_RELAXED);
    return status;
}

void KipFreeUserApcs(KTHREAD *thread)
{
    KUSER_APC *apc, *next;

    pthread_mutex_lock(&KipDispatcherLock);
    apc = thread->ApcHead;
    thread->ApcHead = thread->ApcTail = NULL;
    pthread_mutex_unlock(&KipDispatcherLock);
    for (; apc; apc = next) {
        next = apc->Next;
        free(apc);
    }
}

void KipDeliverUserApc(const CONTEXT *context)
{
    KTHREAD *thread = KeGetCurrentThread();
    ULONG64 bottom = (ULONG64)thread->Teb->DeallocationStack + MM_PAGE_SIZE;
    ULONG64 frame = (KipUserFrameTop(context, KIP_APC_FRAME_SIZE + 16) - KIP_APC_FRAME_SIZE) & ~(ULONG64)15;
    ULONG64 machine[5] = {context->Rip, 0x33, context->EFlags, context->Rsp, 0x2b};
    CONTEXT saved = *context, dispatch;
    KUSER_APC *apc;

    pthread_mutex_lock(&KipDispatcherLock);
    if ((apc = thread->ApcHead) && !(thread->ApcHead = apc->Next))
        thread->ApcTail = NULL;
    pthread_mutex_unlock(&KipDispatcherLock);
    if (!apc)
        return;
    saved.ContextFlags = CONTEXT_FULL | CONTEXT_SEGMENTS;
    saved.P1Home = apc->NormalContext;
    saved.P2Home = apc->Argument1;
    saved.P3Home = apc->Argument2;
    saved.P4Home = apc->Routine;
    free(apc);
    if (!KipUserApcDispatcher || frame < bottom || !MmProbeStack(frame, frame + KIP_APC_FRAME_SIZE) ||
        KeCopyToUser((void *)frame, &saved, sizeof(saved)) ||
        KeCopyToUser((void *)(frame + KIP_APC_MACHINE_FRAME), machine, sizeof(machine))) {
        HostMessage("thread %u: no room on its stack for a user APC's frame", (unsigned)thread->ThreadId);
        HostExit((unsigned int)STATUS_STACK_OVERFLOW);
    }
    dispatch = saved;
    dispatch.Rsp = frame;
    dispatch.Rip = KipUserApcDispatcher;
    KipContinue(&dispatch);
    HostMessage("thread %u: cannot enter KiUserApcDispatcher", (unsigned)thread->ThreadId);
    HostExit((unsigned int)STATUS_STACK_OVERFLOW);
}

NTSTATUS KeContinueContext(const CONTEXT *context, BOOLEAN test_alert)
{
    NTSTATUS status;

    if (test_alert && KipTestAlert(KeGetCurrentThread(), &status))
        KipDeliverUserApc(context);
    return KipContinue(context);
}

ULONG64 NTAPI KiServiceExit(ULONG64 value, ULONG64 unused, CONTEXT *caller)
{
    KTHREAD *thread = KeGetCurrentThread();
    LONG work = __atomic_exchange_n(&thread->ExitWork, 0, __ATOMIC_RELAXED);
    BOOLEAN changed = FALSE;

    (void)unused;
    KipExitIfTerminated(work);
    caller->Rax = value;
    if (work & KI_EXIT_SUSPEND)
        changed = KipWaitWhileSuspended(thread, caller);
    KipExitIfTerminated(thread->ExitWork);
    if (work & KI_EXIT_APC)
        KipDeliverUserApc(caller);
    if (changed)
        KipContinue(caller);
    return value;
}
