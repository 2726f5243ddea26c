/* The wait services: they turn handles into dispatcher objects and wait in the kernel core. */
#include <string.h>
#include "ex/ex.h"
#include "ke/ke.h"
#include "ob/ob.h"

/* Reference count waitable objects by handle (SYNCHRONIZE access), in order. On failure none is kept. */
static NTSTATUS ObpReferenceWaitObjects(ULONG count, const HANDLE *handles, void **bodies)
{
    for (ULONG i = 0; i < count; i++) {
        NTSTATUS status = ObReferenceObjectByHandle(handles[i], SYNCHRONIZE, NULL, &bodies[i]);
        if (!status && !ObGetObjectType(bodies[i])->Waitable) {
            ObDereferenceObject(bodies[i]);
            status = STATUS_OBJECT_TYPE_MISMATCH;
        }
        if (status) {
            while (i--)
                ObDereferenceObject(bodies[i]);
            return status;
        }
    }
    return STATUS_SUCCESS;
}

static NTSTATUS ObpCaptureTimeout(const LARGE_INTEGER *user_timeout, LARGE_INTEGER *timeout, const LARGE_INTEGER **out)
{
    *out = NULL;
    if (!user_timeout)
        return STATUS_SUCCESS;
    if (KeReadUser(timeout, user_timeout))
        return STATUS_ACCESS_VIOLATION;
    *out = timeout;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtWaitForMultipleObjects(ULONG Count, PHANDLE Handles, WAIT_TYPE WaitType, BOOLEAN Alertable,
                                        PLARGE_INTEGER Timeout)
{
    HANDLE handles[MAXIMUM_WAIT_OBJECTS];
    void *bodies[MAXIMUM_WAIT_OBJECTS];
    LARGE_INTEGER timeout;
    const LARGE_INTEGER *timeout_ptr;
    NTSTATUS status;

    if (!Count || Count > MAXIMUM_WAIT_OBJECTS)
        return STATUS_INVALID_PARAMETER_1;
    if (WaitType != WaitAll && WaitType != WaitAny)
        return STATUS_INVALID_PARAMETER_3;
    if (KeCopyFromUser(handles, Handles, Count * sizeof(HANDLE)) || ObpCaptureTimeout(Timeout, &timeout, &timeout_ptr))
        return STATUS_ACCESS_VIOLATION;
    if ((status = ObpReferenceWaitObjects(Count, handles, bodies)))
        return status;
    if (WaitType == WaitAll)
        for (ULONG i = 0; i < Count && !status; i++)
            for (ULONG k = 0; k < i; k++)
                if (bodies[k] == bodies[i])
                    status = STATUS_INVALID_PARAMETER_MIX;
    if (!status)
        status = KeWaitForMultipleObjects(Count, (DISPATCHER_HEADER *const *)bodies, WaitType, Alertable, timeout_ptr);
    for (ULONG i = 0; i < Count; i++)
        ObDereferenceObject(bodies[i]);
    return status;
}

NTSTATUS NTAPI NtWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
    void *body;
    LARGE_INTEGER timeout;
    const LARGE_INTEGER *timeout_ptr;
    NTSTATUS status;

    if (ObpCaptureTimeout(Timeout, &timeout, &timeout_ptr))
        return STATUS_ACCESS_VIOLATION;
    if ((status = ObpReferenceWaitObjects(1, &Handle, &body)))
        return status;
    status = KeWaitForMultipleObjects(1, (DISPATCHER_HEADER *const *)&body, WaitAny, Alertable, timeout_ptr);
    ObDereferenceObject(body);
    return status;
}

NTSTATUS NTAPI NtSignalAndWaitForSingleObject(HANDLE SignalHandle, HANDLE WaitHandle, BOOLEAN Alertable,
                                              PLARGE_INTEGER Timeout)
{
    void *signal, *wait;
    LARGE_INTEGER timeout;
    const LARGE_INTEGER *timeout_ptr;
    LONG previous;
    NTSTATUS status;

    if (ObpCaptureTimeout(Timeout, &timeout, &timeout_ptr))
        return STATUS_ACCESS_VIOLATION;
    if ((status = ObReferenceObjectByHandle(SignalHandle, 0, NULL, &signal)))
        return status;
    if ((status = ObpReferenceWaitObjects(1, &WaitHandle, &wait))) {
        ObDereferenceObject(signal);
        return status;
    }
    /* Events, semaphores and mutants are signalled; a file is waitable through an event of its own, not signalled. */
    switch (ObGetObjectType(signal)->Waitable ? ((DISPATCHER_HEADER *)signal)->Kind : (KE_OBJECT_KIND)-1) {
    case KE_OBJECT_NOTIFICATION_EVENT:
    case KE_OBJECT_SYNCHRONIZATION_EVENT:
        if (ObGetObjectType(signal) != &ExEventObjectType) {
            status = STATUS_OBJECT_TYPE_MISMATCH;
            break;
        }
        status = ObReferenceObjectByHandle(SignalHandle, EVENT_MODIFY_STATE, NULL, &signal);
        if (!status) {
            ObDereferenceObject(signal);
            KeSetEvent(signal);
        }
        break;
    case KE_OBJECT_SEMAPHORE:
        status = ObReferenceObjectByHandle(SignalHandle, SEMAPHORE_MODIFY_STATE, NULL, &signal);
        if (!status) {
            ObDereferenceObject(signal);
            status = KeReleaseSemaphore(signal, 1, &previous);
        }
        break;
    case KE_OBJECT_MUTANT:
        status = KeReleaseMutant(signal, &previous);
        break;
    default:
        status = STATUS_OBJECT_TYPE_MISMATCH;
    }
    if (!status)
        status = KeWaitForMultipleObjects(1, (DISPATCHER_HEADER *const *)&wait, WaitAny, Alertable, timeout_ptr);
    ObDereferenceObject(signal);
    ObDereferenceObject(wait);
    return status;
}
