/* The thread context services for the current thread: its registers as its service call left them, and
 * setting them, which resumes it there. Other threads would have to be stopped and inspected, which is not
 * done yet; the trace says so. */
#include "ke/ke.h"
#include "ps/psp.h"
#include "rtl/context.h"

#define THREAD_GET_CONTEXT 0x0008
#define THREAD_SET_CONTEXT 0x0010

/* The entry path's capture if it made one (traced and trapped calls), else the fast path's. */
static NTSTATUS PspCurrentContext(HANDLE handle, ACCESS_MASK access, const CONTEXT *captured, CONTEXT *out,
                                  const char *service)
{
    KTHREAD *current = KeGetCurrentThread();
    ETHREAD *thread;
    BOOLEAN self;
    NTSTATUS status = ObReferenceObjectByHandle(handle, access, &PsThreadType, (void **)&thread);

    if (status)
        return status;
    self = &thread->Tcb == current;
    ObDereferenceObject(thread);
    if (!self)
        return KeReportNotImplemented(service);
    *out = current->EntryContext ? *current->EntryContext : *captured;
    out->Dr0 = out->Dr1 = out->Dr2 = out->Dr3 = out->Dr6 = out->Dr7 = 0;
    out->P1Home = out->P2Home = out->P3Home = out->P4Home = out->P5Home = out->P6Home = 0;
    return STATUS_SUCCESS;
}

/* A CONTEXT must be 16-aligned, as the processor's save areas in it are. */
static BOOLEAN PspAligned(const CONTEXT *context)
{
    return !((ULONG_PTR)context & 15);
}

NTSTATUS NTAPI PsGetContextThread(HANDLE ThreadHandle, PCONTEXT ThreadContext, const CONTEXT *captured)
{
    CONTEXT current, result;
    NTSTATUS status;

    if (!PspAligned(ThreadContext))
        return STATUS_DATATYPE_MISALIGNMENT;
    if (KeReadUser(&result, ThreadContext))
        return STATUS_ACCESS_VIOLATION;
    if ((status = PspCurrentContext(ThreadHandle, THREAD_GET_CONTEXT, captured, &current,
                                    "NtGetContextThread of another thread")))
        return status;
    RtlpCopyContextParts(&result, &current, result.ContextFlags);
    return KeWriteUser(ThreadContext, result) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}

/* The parts the context names replace the thread's, and the call returns STATUS_SUCCESS there. */
NTSTATUS NTAPI PsSetContextThread(HANDLE ThreadHandle, PCONTEXT ThreadContext, const CONTEXT *captured)
{
    CONTEXT given, merged;
    NTSTATUS status;

    if (!PspAligned(ThreadContext))
        return STATUS_DATATYPE_MISALIGNMENT;
    if (KeReadUser(&given, ThreadContext))
        return STATUS_ACCESS_VIOLATION;
    if ((status = PspCurrentContext(ThreadHandle, THREAD_SET_CONTEXT, captured, &merged,
                                    "NtSetContextThread of another thread")))
        return status;
    RtlpCopyContextParts(&merged, &given, given.ContextFlags);
    merged.Rax = STATUS_SUCCESS;
    merged.ContextFlags = CONTEXT_FULL | CONTEXT_SEGMENTS;
    return KeContinueContext(&merged);
}
