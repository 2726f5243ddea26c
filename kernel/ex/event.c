/* Event objects: NtCreateEvent, NtSetEvent, NtResetEvent, NtClearEvent, NtPulseEvent, NtQueryEvent. */
#include "ex/ex.h"
#include "ex/exp.h"
#include "ke/ke.h"
#include "ob/ob.h"

/* An event, which the prefix's processes share when it is named in a BaseNamedObjects. */
typedef struct {
    KEVENT Event; /* first: the body is a dispatcher object */
    EXP_SHARED Shared;
} EXP_EVENT;

static void ExpDeleteEvent(void *body)
{
    EXP_EVENT *event = body;

    ExpUnshareObject(&event->Event.Header, &event->Shared);
}

static NTSTATUS ExpShareNewEvent(void *body, const WCHAR *name, USHORT length, BOOLEAN *existed)
{
    EXP_EVENT *event = body;

    return ExpShareObject(&event->Event.Header, &event->Shared, name, length, EXP_SHARED_EVENT, TRUE, existed);
}

static NTSTATUS ExpOpenSharedEvent(const WCHAR *name, USHORT length, void **body)
{
    EXP_EVENT *event = ObCreateObject(&ExEventObjectType, sizeof(*event));

    KeInitializeEvent(&event->Event, NotificationEvent, FALSE);
    event->Shared.Fd = -1;
    return ExpJoinShared(event, &event->Event.Header, &event->Shared, name, length, EXP_SHARED_EVENT, body);
}

const OBJECT_TYPE ExEventObjectType = {
    .Name = "Event",
    .Mapping = {STANDARD_RIGHTS_READ | EVENT_QUERY_STATE, STANDARD_RIGHTS_WRITE | EVENT_MODIFY_STATE,
                STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, EVENT_ALL_ACCESS},
    .ValidAccess = EVENT_ALL_ACCESS,
    .Waitable = TRUE,
    .Delete = ExpDeleteEvent,
    .Share = ExpShareNewEvent,
    .OpenShared = ExpOpenSharedEvent,
};

NTSTATUS NTAPI NtCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                             EVENT_TYPE EventType, BOOLEAN InitialState)
{
    EXP_EVENT *event;

    if (EventType != NotificationEvent && EventType != SynchronizationEvent)
        return STATUS_INVALID_PARAMETER;
    event = ObCreateObject(&ExEventObjectType, sizeof(*event));
    KeInitializeEvent(&event->Event, EventType, InitialState);
    event->Shared.Fd = -1;
    return ObInsertObjectForCaller(event, DesiredAccess, ObjectAttributes, EventHandle);
}

NTSTATUS NTAPI NtOpenEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes)
{
    return ObOpenObjectByNameForCaller(ObjectAttributes, &ExEventObjectType, DesiredAccess, EventHandle);
}

/* What the three state-changing services share: the handle, the right, the previous state out. */
static NTSTATUS ExpChangeEvent(HANDLE handle, PLONG previous_state, LONG (*change)(KEVENT *))
{
    KEVENT *event;
    LONG previous;
    NTSTATUS status = ObReferenceObjectByHandle(handle, EVENT_MODIFY_STATE, &ExEventObjectType, (void **)&event);

    if (status)
        return status;
    if (previous_state && KeReadUser(&previous, previous_state))
        status = STATUS_ACCESS_VIOLATION;
    else {
        previous = change(event);
        if (previous_state && KeWriteUser(previous_state, previous))
            status = STATUS_ACCESS_VIOLATION;
    }
    ObDereferenceObject(event);
    return status;
}

NTSTATUS NTAPI NtSetEvent(HANDLE EventHandle, PLONG PreviousState)
{
    return ExpChangeEvent(EventHandle, PreviousState, KeSetEvent);
}

NTSTATUS NTAPI NtResetEvent(HANDLE EventHandle, PLONG PreviousState)
{
    return ExpChangeEvent(EventHandle, PreviousState, KeResetEvent);
}

NTSTATUS NTAPI NtPulseEvent(HANDLE EventHandle, PLONG PreviousState)
{
    return ExpChangeEvent(EventHandle, PreviousState, KePulseEvent);
}

NTSTATUS NTAPI NtClearEvent(HANDLE EventHandle)
{
    return ExpChangeEvent(EventHandle, NULL, KeResetEvent);
}

NTSTATUS NTAPI NtQueryEvent(HANDLE EventHandle, EVENT_INFORMATION_CLASS EventInformationClass,
                            PVOID EventInformation, ULONG EventInformationLength, PULONG ReturnLength)
{
    EVENT_BASIC_INFORMATION info;
    KEVENT *event;
    NTSTATUS status;

    if (EventInformationClass != EventBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if ((status = ObReferenceObjectByHandle(EventHandle, EVENT_QUERY_STATE, &ExEventObjectType, (void **)&event)))
        return status;
    info.EventType = event->Header.Kind == KE_OBJECT_NOTIFICATION_EVENT ? NotificationEvent : SynchronizationEvent;
    info.EventState = KeReadState(&event->Header);
    ObDereferenceObject(event);
    return KeReturnInformation(EventInformation, EventInformationLength, &info, sizeof(info), ReturnLength);
}
