/* Change notifications: NtNotifyChangeKey and NtNotifyChangeMultipleKeys. Each key handle has one block,
 * whose filter and scope its first request sets; a change completes every request pending on it. */
#include <stdlib.h>
#include "cm/cmp.h"
#include "ex/ex.h"
#include "host/host.h"
#include "ke/ke.h"
#include "nt/services.h"

typedef struct CMP_WAITER {
    struct CMP_WAITER *Next;
    KEVENT *Event;                    /* referenced */
    PIO_STATUS_BLOCK IoStatus;        /* the caller's, for an asynchronous request */
    NTSTATUS *Result;                 /* the waiting service's, for a synchronous one */
} CMP_WAITER;

typedef struct CMP_NOTIFY {
    struct CMP_NOTIFY *Next;          /* on the key's list */
    CMP_KEY *Key;
    ULONG Filter;
    BOOLEAN WatchTree;
    CMP_WAITER *Waiters;
} CMP_NOTIFY;

static void CmpCompleteWaiters(CMP_NOTIFY *notify, NTSTATUS status)
{
    CMP_WAITER *waiter;

    while ((waiter = notify->Waiters)) {
        IO_STATUS_BLOCK iosb = {.Status = status};
        notify->Waiters = waiter->Next;
        if (waiter->IoStatus)
            KeWriteUser(waiter->IoStatus, iosb); /* the program may have let it go: nothing to be done then */
        else
            *waiter->Result = status;
        KeSetEvent(waiter->Event);
        ObDereferenceObject(waiter->Event);
        free(waiter);
    }
}

void CmpReportChange(CMP_KEY *key, ULONG filter)
{
    for (int depth = 0; key; key = key->Parent, depth++)
        for (CMP_NOTIFY *n = key->Notifications; n; n = n->Next)
            if (n->Filter & filter && (!depth || n->WatchTree))
                CmpCompleteWaiters(n, STATUS_NOTIFY_ENUM_DIR);
}

void CmpRundownNotifications(CMP_KEY *key)
{
    for (CMP_NOTIFY *n = key->Notifications; n; n = n->Next)
        CmpCompleteWaiters(n, STATUS_KEY_DELETED);
}

void CmpRundownBodyNotifications(CMP_KEY_BODY *body)
{
    CMP_NOTIFY *notify = body->Notify;

    if (!notify)
        return;
    CmpCompleteWaiters(notify, STATUS_NOTIFY_CLEANUP);
    for (CMP_NOTIFY **p = &notify->Key->Notifications; *p; p = &(*p)->Next) {
        if (*p == notify) {
            *p = notify->Next;
            break;
        }
    }
    free(notify);
    body->Notify = NULL;
}

NTSTATUS NTAPI NtNotifyChangeMultipleKeys(HANDLE MasterKeyHandle, ULONG Count, POBJECT_ATTRIBUTES SubordinateObjects,
                                          HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                                          PIO_STATUS_BLOCK IoStatusBlock, ULONG CompletionFilter, BOOLEAN WatchTree,
                                          PVOID Buffer, ULONG BufferSize, BOOLEAN Asynchronous)
{
    IO_STATUS_BLOCK probe;
    CMP_KEY_BODY *body;
    CMP_WAITER *waiter;
    KEVENT *event;
    NTSTATUS status, result = STATUS_PENDING;

    (void)SubordinateObjects;
    (void)ApcContext;
    (void)Buffer;
    (void)BufferSize;
    if (CompletionFilter & ~(ULONG)REG_LEGAL_CHANGE_FILTER)
        return STATUS_INVALID_PARAMETER;
    if (Count)
        return KeReportNotImplemented("NtNotifyChangeMultipleKeys with subordinate keys");
    if (ApcRoutine)
        return KeReportNotImplemented("NtNotifyChangeKey with an APC routine");
    if (KeReadUser(&probe, IoStatusBlock) || KeWriteUser(IoStatusBlock, probe))
        return STATUS_ACCESS_VIOLATION;
    if ((status = CmpReferenceKey(MasterKeyHandle, KEY_NOTIFY, &body)))
        return status;
    if (Asynchronous) {
        if (!Event) {
            ObDereferenceObject(body);
            return KeReportNotImplemented("NtNotifyChangeKey asynchronous without an event");
        }
        if ((status = ObReferenceObjectByHandle(Event, EVENT_MODIFY_STATE, &ExEventObjectType, (void **)&event))) {
            ObDereferenceObject(body);
            return status;
        }
        KeResetEvent(event);
    } else {
        event = ObCreateObject(&ExEventObjectType, sizeof(*event));
        KeInitializeEvent(event, NotificationEvent, FALSE);
    }
    waiter = HostZalloc(sizeof(*waiter));
    waiter->Event = event;
    waiter->IoStatus = Asynchronous ? IoStatusBlock : NULL;
    waiter->Result = &result;
    CmpLock();
    if (body->Key->Flags & CMP_KEY_DELETED) {
        status = STATUS_KEY_DELETED;
    } else {
        CmpNotifyWatchHives();
        if (!body->Notify) {
            CMP_NOTIFY *notify = HostZalloc(sizeof(*notify));
            notify->Key = body->Key;
            notify->Filter = CompletionFilter;
            notify->WatchTree = WatchTree;
            notify->Next = body->Key->Notifications;
            body->Key->Notifications = notify;
            body->Notify = notify;
        }
        waiter->Next = body->Notify->Waiters;
        body->Notify->Waiters = waiter;
        waiter = NULL;
        status = STATUS_PENDING;
    }
    if (!Asynchronous)
        ObReferenceObject(event); /* our own, beyond the waiter's */
    CmpUnlock();
    if (waiter) {
        ObDereferenceObject(waiter->Event);
        free(waiter);
    }
    if (!Asynchronous && status == STATUS_PENDING) {
        DISPATCHER_HEADER *object = &event->Header;
        if (!(status = KeWaitForMultipleObjects(1, &object, WaitAny, FALSE, NULL)))
            status = result;
        probe.Status = status;
        probe.Information = 0;
        if (KeWriteUser(IoStatusBlock, probe))
            status = STATUS_ACCESS_VIOLATION;
    }
    if (!Asynchronous)
        ObDereferenceObject(event);
    ObDereferenceObject(body);
    return status;
}

NTSTATUS NTAPI NtNotifyChangeKey(HANDLE KeyHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                                 PIO_STATUS_BLOCK IoStatusBlock, ULONG CompletionFilter, BOOLEAN WatchTree,
                                 PVOID Buffer, ULONG BufferSize, BOOLEAN Asynchronous)
{
    return NtNotifyChangeMultipleKeys(KeyHandle, 0, NULL, Event, ApcRoutine, ApcContext, IoStatusBlock,
                                      CompletionFilter, WatchTree, Buffer, BufferSize, Asynchronous);
}
