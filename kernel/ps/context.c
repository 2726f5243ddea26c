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

/* Debug registers would need the processor's, which Linux gives only to a tracer. */
static BOOLEAN PspSetsDebugRegisters(const CONTEXT *context)
{
    return (context->ContextFlags & CONTEXT_DEBUG_REGISTERS) == CONTEXT_DEBUG_REGISTERS &&
           (context->Dr0 || context->Dr1 || context->Dr2 || context->Dr3 || context->Dr7);
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
    ObDereferenceObject(thread);
    if (status)
        return status;
    current.Dr0 = current.Dr1 = current.Dr2 = current.Dr3 = current.Dr6 = current.Dr7 = 0;
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
    /* Setting the calling thread's context does not return here: the reference goes first. */
    ObDereferenceObject(thread);
    if (PspSetsDebugRegisters(&given))
        return KeReportNotImplemented("NtSetContextThread with debug registers");
    return KeSetContextThread(&thread->Tcb, &given);
}
