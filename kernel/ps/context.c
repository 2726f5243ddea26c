/* NtGetContextThread and NtSetContextThread: a thread's registers, read and replaced. The calling thread's
 * are those its service call returns with, and setting them resumes it there; another thread is stopped
 * for the moment it takes (kernel/ke/suspend.c). */
#include "ke/ke.h"
#include "ps/psp.h"
#include "rtl/context.h"

/* A CONTEXT must be 16-aligned, as the processor's save areas in it are. */
static BOOLEAN PspAligned(const CONTEXT *context)
{
    return !((ULONG_PTR)context & 15);
}

NTSTATUS NTAPI NtGetContextThread(HANDLE ThreadHandle, PCONTEXT ThreadContext)
{
    CONTEXT result, current;
    ETHREAD *thread;
    NTSTATUS status;

    if (!PspAligned(ThreadContext))
        return STATUS_DATATYPE_MISALIGNMENT;
    if (KeReadUser(&result, ThreadContext))
        return STATUS_ACCESS_VIOLATION;
    if ((status = PspReferenceThread(ThreadHandle, THREAD_GET_CONTEXT, &thread,
                                     "NtGetContextThread on another process")))
        return status;
    status = KeGetContextThread(&thread->Tcb, &current);
    KeGetDebugRegisters(&thread->Tcb, &current);
    ObDereferenceObject(thread);
    if (status)
        return status;
    RtlpCopyContextParts(&result, &current, result.ContextFlags);
    return KeWriteUser(ThreadContext, result) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}

/* The parts the context names replace the thread's. For the calling thread the call returns STATUS_SUCCESS
 * at the new context. */
NTSTATUS NTAPI NtSetContextThread(HANDLE ThreadHandle, PCONTEXT ThreadContext)
{
    CONTEXT given;
    ETHREAD *thread;
    NTSTATUS status;

    if (!PspAligned(ThreadContext))
        return STATUS_DATATYPE_MISALIGNMENT;
    if (KeReadUser(&given, ThreadContext))
        return STATUS_ACCESS_VIOLATION;
    if ((status = PspReferenceThread(ThreadHandle, THREAD_SET_CONTEXT, &thread,
                                     "NtSetContextThread on another process")))
        return status;
    /* The debug registers are the thread's own, set apart from the registers it resumes with. */
    if ((given.ContextFlags & CONTEXT_DEBUG_REGISTERS) == CONTEXT_DEBUG_REGISTERS &&
        (status = KeSetDebugRegisters(&thread->Tcb, &given))) {
        ObDereferenceObject(thread);
        return status;
    }
    /* Setting the calling thread's context does not return here: the reference goes first. */
    ObDereferenceObject(thread);
    return KeSetContextThread(&thread->Tcb, &given);
}
