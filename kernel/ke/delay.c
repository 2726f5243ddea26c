/* NtDelayExecution and NtYieldExecution: the thread gives up the processor. */
#include <sched.h>
#include "ke/ke.h"

/* A negative interval is relative, in 100 ns units; a positive one an absolute system time (since 1601). The
 * delay is a wait for no object, so that an alertable one ends for user APCs and alerts as any wait does. */
NTSTATUS NTAPI NtDelayExecution(BOOLEAN Alertable, PLARGE_INTEGER DelayInterval)
{
    LARGE_INTEGER interval;
    NTSTATUS status;

    if (KeReadUser(&interval, DelayInterval))
        return STATUS_ACCESS_VIOLATION;
    status = KeWaitForMultipleObjects(0, NULL, WaitAny, Alertable, &interval);
    if (status != STATUS_TIMEOUT)
        return status;
    if (!interval.QuadPart)
        sched_yield();
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtYieldExecution(void)
{
    sched_yield();
    return STATUS_SUCCESS;
}
