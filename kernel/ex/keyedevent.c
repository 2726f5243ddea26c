/* Keyed event objects: NtCreateKeyedEvent, NtOpenKeyedEvent, NtWaitForKeyedEvent, NtReleaseKeyedEvent. */
#include <pthread.h>
#include "ke/ke.h"
#include "ob/ob.h"

#define KEYEDEVENT_WAIT 0x0001
#define KEYEDEVENT_WAKE 0x0002
#define KEYEDEVENT_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | 0x3)

const OBJECT_TYPE ExKeyedEventObjectType = {
    .Name = "KeyedEvent",
    .Mapping = {STANDARD_RIGHTS_READ | KEYEDEVENT_WAIT, STANDARD_RIGHTS_WRITE | KEYEDEVENT_WAKE,
                STANDARD_RIGHTS_EXECUTE, KEYEDEVENT_ALL_ACCESS},
    .ValidAccess = KEYEDEVENT_ALL_ACCESS | SYNCHRONIZE,
    .Waitable = TRUE,
};

/* The keyed event a NULL handle means, as Windows' CritSecOutOfMemoryEvent. */
static KKEYED_EVENT *ExpDefaultKeyedEvent;
static pthread_once_t ExpDefaultOnce = PTHREAD_ONCE_INIT;

static void ExpCreateDefault(void)
{
    ExpDefaultKeyedEvent = ObCreateObject(&ExKeyedEventObjectType, sizeof(*ExpDefaultKeyedEvent));
    KeInitializeKeyedEvent(ExpDefaultKeyedEvent);
}

NTSTATUS NTAPI NtCreateKeyedEvent(PHANDLE KeyedEventHandle, ACCESS_MASK DesiredAccess,
                                  POBJECT_ATTRIBUTES ObjectAttributes, ULONG Flags)
{
    KKEYED_EVENT *event;

    if (Flags)
        return STATUS_INVALID_PARAMETER_4;
    event = ObCreateObject(&ExKeyedEventObjectType, sizeof(*event));
    KeInitializeKeyedEvent(event);
    return ObInsertObjectForCaller(event, DesiredAccess, ObjectAttributes, KeyedEventHandle);
}

NTSTATUS NTAPI NtOpenKeyedEvent(PHANDLE KeyedEventHandle, ACCESS_MASK DesiredAccess,
                                POBJECT_ATTRIBUTES ObjectAttributes)
{
    return ObOpenObjectByNameForCaller(ObjectAttributes, &ExKeyedEventObjectType, DesiredAccess, KeyedEventHandle);
}

static NTSTATUS ExpKeyedEvent(HANDLE handle, PVOID key, BOOLEAN release, PLARGE_INTEGER user_timeout)
{
    LARGE_INTEGER timeout;
    KKEYED_EVENT *event;
    NTSTATUS status;

    if ((ULONG_PTR)key & 1)
        return STATUS_INVALID_PARAMETER_1;
    if (user_timeout && KeReadUser(&timeout, user_timeout))
        return STATUS_ACCESS_VIOLATION;
    if (!handle) {
        pthread_once(&ExpDefaultOnce, ExpCreateDefault);
        event = ExpDefaultKeyedEvent;
        ObReferenceObject(event);
    } else if ((status = ObReferenceObjectByHandle(handle, release ? KEYEDEVENT_WAKE : KEYEDEVENT_WAIT,
                                                   &ExKeyedEventObjectType, (void **)&event))) {
        return status;
    }
    status = KeWaitOrReleaseKeyedEvent(event, key, release, user_timeout ? &timeout : NULL);
    ObDereferenceObject(event);
    return status;
}

/* Keyed waits are not ended by user APCs: an alertable one is not available. */
NTSTATUS NTAPI NtWaitForKeyedEvent(HANDLE KeyedEventHandle, PVOID Key, BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
    if (Alertable)
        return KeReportNotImplemented("NtWaitForKeyedEvent, alertable");
    return ExpKeyedEvent(KeyedEventHandle, Key, FALSE, Timeout);
}

NTSTATUS NTAPI NtReleaseKeyedEvent(HANDLE KeyedEventHandle, PVOID Key, BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
    if (Alertable)
        return KeReportNotImplemented("NtReleaseKeyedEvent, alertable");
    return ExpKeyedEvent(KeyedEventHandle, Key, TRUE, Timeout);
}
