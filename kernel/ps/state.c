/* Changes of a thread's state that a program asks for: suspension and resumption, alerts and user APCs. */
#include <errno.h>
#include <signal.h>
#include "ke/ke.h"
#include "ob/ob.h"
#include "ps/psp.h"

/* The thread by handle for a suspension or resumption. Where the previous count is asked for, the pointer
 * is checked before any work is done, as on Windows. */
static NTSTATUS PspReferenceForSuspend(HANDLE handle, PULONG user_count, ETHREAD **thread)
{
    ULONG value;
    NTSTATUS status = ObReferenceObjectByHandle(handle, THREAD_SUSPEND_RESUME, &PsThreadType, (void **)thread);

    if (!status && user_count && (KeReadUser(&value, user_count) || KeWriteUser(user_count, value))) {
        ObDereferenceObject(*thread);
        status = STATUS_ACCESS_VIOLATION;
    }
    return status;
}

static NTSTATUS PspWriteCount(PULONG user_count, ULONG count)
{
    return user_count && KeWriteUser(user_count, count) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}

NTSTATUS NTAPI NtSuspendThread(HANDLE ThreadHandle, PULONG PreviousSuspendCount)
{
    ETHREAD *thread;
    ULONG previous;
    NTSTATUS status = PspReferenceForSuspend(ThreadHandle, PreviousSuspendCount, &thread);

    if (status)
        return status;
    status = thread->Child ? PspSuspendChildThread(thread, FALSE, &previous) : KeSuspendThread(&thread->Tcb, &previous);
    ObDereferenceObject(thread);
    return status ? status : PspWriteCount(PreviousSuspendCount, previous);
}

/* A resumption, after an alert if asked: a thread suspended in an alertable wait then runs on with
 * STATUS_ALERTED (NtAlertResumeThread). */
static NTSTATUS PspResume(HANDLE handle, PULONG user_count, BOOLEAN alert)
{
    ETHREAD *thread;
    ULONG previous;
    NTSTATUS status = PspReferenceForSuspend(handle, user_count, &thread);

    if (status)
        return status;
    if (thread->Child) {
        status = alert ? KeReportNotImplemented("NtAlertResumeThread on another process")
                       : PspSuspendChildThread(thread, TRUE, &previous);
        ObDereferenceObject(thread);
        return status ? status : PspWriteCount(user_count, previous);
    }
    if (alert)
        KeAlertThread(&thread->Tcb);
    previous = KeResumeThread(&thread->Tcb);
    ObDereferenceObject(thread);
    return PspWriteCount(user_count, previous);
}

NTSTATUS NTAPI NtResumeThread(HANDLE ThreadHandle, PULONG PreviousSuspendCount)
{
    return PspResume(ThreadHandle, PreviousSuspendCount, FALSE);
}

/* A child stops as a whole; this process's own threads are not suspended together yet. */
static NTSTATUS PspSuspendOrResumeProcess(HANDLE handle, BOOLEAN resume)
{
    EPROCESS *process;
    NTSTATUS status = PspReferenceProcess(handle, PROCESS_SUSPEND_RESUME, &process);

    if (status)
        return status;
    status = process->Pid ? PspSuspendChild(process, resume)
                          : KeReportNotImplemented(resume ? "NtResumeProcess on the calling process"
                                                          : "NtSuspendProcess on the calling process");
    ObDereferenceObject(process);
    return status;
}

NTSTATUS NTAPI NtSuspendProcess(HANDLE ProcessHandle)
{
    return PspSuspendOrResumeProcess(ProcessHandle, FALSE);
}

NTSTATUS NTAPI NtResumeProcess(HANDLE ProcessHandle)
{
    return PspSuspendOrResumeProcess(ProcessHandle, TRUE);
}

NTSTATUS NTAPI NtAlertThread(HANDLE ThreadHandle)
{
    ETHREAD *thread;
    NTSTATUS status = PspReferenceThread(ThreadHandle, THREAD_ALERT, &thread, "NtAlertThread on another process");

    if (status)
        return status;
    KeAlertThread(&thread->Tcb);
    ObDereferenceObject(thread);
    return STATUS_SUCCESS;
}

/* Alerts by thread id, which user-mode locks park on: one alert is kept for the thread's next wait, which ends
 * with STATUS_ALERTED (the address it names is only a hint for debuggers). */
NTSTATUS NTAPI NtAlertThreadByThreadId(HANDLE ThreadId)
{
    ETHREAD *thread = PsLookupThread(ThreadId);
    pid_t tid = PspLinuxIdOfThread(ThreadId);

    /* A thread of another process is there but not the caller's to alert. */
    if (!thread)
        return tid > 0 && (!kill(tid, 0) || errno == EPERM) ? STATUS_ACCESS_DENIED : STATUS_INVALID_CID;
    KeSetEvent(&thread->AlertById);
    ObDereferenceObject(thread);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtWaitForAlertByThreadId(PVOID Address, PLARGE_INTEGER Timeout)
{
    ETHREAD *current = (ETHREAD *)KeGetCurrentThread();
    DISPATCHER_HEADER *object = &current->AlertById.Header;
    LARGE_INTEGER timeout;
    NTSTATUS status;

    if (Timeout && KeReadUser(&timeout, Timeout))
        return STATUS_ACCESS_VIOLATION;
    status = KeWaitForMultipleObjects(1, &object, WaitAny, FALSE, Timeout ? &timeout : NULL);
    return status == STATUS_WAIT_0 ? STATUS_ALERTED : status;
}

NTSTATUS NTAPI NtAlertResumeThread(HANDLE ThreadHandle, PULONG PreviousSuspendCount)
{
    return PspResume(ThreadHandle, PreviousSuspendCount, TRUE);
}

NTSTATUS NTAPI NtTestAlert(void)
{
    return KeTestAlert();
}

NTSTATUS NTAPI NtQueueApcThread(HANDLE ThreadHandle, PPS_APC_ROUTINE ApcRoutine, PVOID ApcArgument1,
                                PVOID ApcArgument2, PVOID ApcArgument3)
{
    ETHREAD *thread;
    NTSTATUS status;

    if ((status = PspReferenceThread(ThreadHandle, THREAD_SET_CONTEXT, &thread, "NtQueueApcThread on another process")))
        return status;
    status = KeQueueUserApc(&thread->Tcb, (ULONG64)ApcRoutine, (ULONG64)ApcArgument1, (ULONG64)ApcArgument2,
                            (ULONG64)ApcArgument3);
    ObDereferenceObject(thread);
    return status;
}

/* ReserveHandle: NULL, or (as a number) the options of NtQueueApcThreadEx2's callers, of which special user
 * APCs (1), run without waiting for an alertable wait, are not available. */
NTSTATUS NTAPI NtQueueApcThreadEx(HANDLE ThreadHandle, HANDLE ReserveHandle, PPS_APC_ROUTINE ApcRoutine,
                                  PVOID ApcArgument1, PVOID ApcArgument2, PVOID ApcArgument3)
{
    if (ReserveHandle)
        return KeReportNotImplemented("NtQueueApcThreadEx with a reserve object or special user APC");
    return NtQueueApcThread(ThreadHandle, ApcRoutine, ApcArgument1, ApcArgument2, ApcArgument3);
}
