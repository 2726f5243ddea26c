/* Change notifications: NtNotifyChangeKey and NtNotifyChangeMultipleKeys. Each key handle has one block,
 * whose filter, scope and subordinate key its first request sets; a change completes every request pending
 * on it, through an event, an APC or the caller's wait. */
#include <stdlib.h>
#include "cm/cmp.h"
#include "ex/ex.h"
#include "host/host.h"
#include "ke/ke.h"
#include "nt/services.h"

typedef struct CMP_WAITER {
    struct CMP_WAITER *Next;
    KEVENT *Event;                    /* referenced; NULL for an asynchronous request without one */
    PIO_STATUS_BLOCK IoStatus;        /* the caller's, for an asynchronous request */
    NTSTATUS *Result;                 /* the waiting service's, for a synchronous one */
    KTHREAD *Thread;                  /* referenced, when an APC routine is to run in it */
    PIO_APC_ROUTINE Apc;
    PVOID ApcContext;
} CMP_WAITER;

typedef struct CMP_NOTIFY {
    struct CMP_NOTIFY *Next;          /* on the key's list */
    CMP_KEY *Key;
    ULONG Filter;
    BOOLEAN WatchTree;
    CMP_WAITER *Waiters;
    struct CMP_NOTIFY *Master;        /* a subordinate key's block: the block whose requests its changes end */
    struct CMP_NOTIFY *Subordinate;   /* a master's: the subordinate key's block, which holds that key */
} CMP_NOTIFY;

static void CmpCompleteWaiters(CMP_NOTIFY *notify, NTSTATUS status)
{
    CMP_WAITER *waiter;

    if (notify->Master)
        notify = notify->Master;
    while ((waiter = notify->Waiters)) {
        IO_STATUS_BLOCK iosb = {.Status = status};
        notify->Waiters = waiter->Next;
        if (waiter->IoStatus)
            KeWriteUser(waiter->IoStatus, iosb); /* the program may have let it go: nothing to be done then */
        else
            *waiter->Result = status;
        if (waiter->Event) {
            KeSetEvent(waiter->Event);
            ObDereferenceObject(waiter->Event);
        }
        if (waiter->Thread) {
            KeQueueUserApc(waiter->Thread, (ULONG64)waiter->Apc, (ULONG64)waiter->ApcContext,
                           (ULONG64)waiter->IoStatus, 0);
            ObDereferenceObject(waiter->Thread);
        }
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

static void CmpUnlinkNotify(CMP_NOTIFY *notify)
{
    for (CMP_NOTIFY **p = &notify->Key->Notifications; *p; p = &(*p)->Next) {
        if (*p == notify) {
            *p = notify->Next;
            break;
        }
    }
}

void CmpRundownBodyNotifications(CMP_KEY_BODY *body)
{
    CMP_NOTIFY *notify = body->Notify;

    if (!notify)
        return;
    CmpCompleteWaiters(notify, STATUS_NOTIFY_CLEANUP);
    CmpUnlinkNotify(notify);
    if (notify->Subordinate) {
        CmpUnlinkNotify(notify->Subordinate);
        CmpReleaseKey(notify->Subordinate->Key);
        free(notify->Subordinate);
    }
    free(notify);
    body->Notify = NULL;
}

static CMP_NOTIFY *CmpInsertNotify(CMP_KEY *key, ULONG filter, BOOLEAN watch_tree)
{
    CMP_NOTIFY *notify = HostZalloc(sizeof(*notify));

    notify->Key = key;
    notify->Filter = filter;
    notify->WatchTree = watch_tree;
    notify->Next = key->Notifications;
    key->Notifications = notify;
    return notify;
}

/* The subordinate key of a request, opened by its object attributes; NULL when there is none. */
static NTSTATUS CmpOpenSubordinate(ULONG count, POBJECT_ATTRIBUTES attributes, CMP_KEY_BODY **subordinate)
{
    *subordinate = NULL;
    if (count > 1)
        return STATUS_INVALID_PARAMETER; /* Windows takes one subordinate key at most */
    return count ? CmpOpenKeyObject(attributes, subordinate) : STATUS_SUCCESS;
}

NTSTATUS NTAPI NtNotifyChangeMultipleKeys(HANDLE MasterKeyHandle, ULONG Count, POBJECT_ATTRIBUTES SubordinateObjects,
                                          HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                                          PIO_STATUS_BLOCK IoStatusBlock, ULONG CompletionFilter, BOOLEAN WatchTree,
                                          PVOID Buffer, ULONG BufferSize, BOOLEAN Asynchronous)
{
    IO_STATUS_BLOCK probe;
    CMP_KEY_BODY *body, *subordinate = NULL;
    CMP_WAITER *waiter;
    KEVENT *event = NULL;
    NTSTATUS status, result = STATUS_PENDING;

    /* The buffer is for the changed keys' names, which Windows never returns either. */
    (void)Buffer;
    (void)BufferSize;
    if (CompletionFilter & ~(ULONG)REG_LEGAL_CHANGE_FILTER)
        return STATUS_INVALID_PARAMETER;
    if (KeReadUser(&probe, IoStatusBlock) || KeWriteUser(IoStatusBlock, probe))
        return STATUS_ACCESS_VIOLATION;
    if ((status = CmpReferenceKey(MasterKeyHandle, KEY_NOTIFY, &body)))
        return status;
    if ((status = CmpOpenSubordinate(Count, SubordinateObjects, &subordinate)))
        goto out;
    if (Asynchronous && Event) {
        if ((status = ObReferenceObjectByHandle(Event, EVENT_MODIFY_STATE, &ExEventObjectType, (void **)&event)))
            goto out;
        KeResetEvent(event);
    } else if (!Asynchronous) {
        event = ObCreateObject(&ExEventObjectType, sizeof(*event));
        KeInitializeEvent(event, NotificationEvent, FALSE);
    }
    waiter = HostZalloc(sizeof(*waiter));
    waiter->Event = event;
    waiter->IoStatus = Asynchronous ? IoStatusBlock : NULL;
    waiter->Result = &result;
    if (Asynchronous && ApcRoutine) {
        waiter->Thread = KeGetCurrentThread();
        ObReferenceObject(waiter->Thread);
        waiter->Apc = ApcRoutine;
        waiter->ApcContext = ApcContext;
    }
    CmpLock();
    if (body->Key->Flags & CMP_KEY_DELETED || (subordinate && subordinate->Key->Flags & CMP_KEY_DELETED)) {
        status = STATUS_KEY_DELETED;
    } else {
        CmpNotifyWatchHives();
        if (!body->Notify) {
            body->Notify = CmpInsertNotify(body->Key, CompletionFilter, WatchTree);
            if (subordinate) {
                CMP_NOTIFY *sub = CmpInsertNotify(subordinate->Key, CompletionFilter, WatchTree);
                sub->Master = body->Notify;
                body->Notify->Subordinate = sub;
                subordinate->Key->References++; /* the block's own */
            }
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
        if (waiter->Event)
            ObDereferenceObject(waiter->Event);
        if (waiter->Thread)
            ObDereferenceObject(waiter->Thread);
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
out:
    if (subordinate)
        ObDereferenceObject(subordinate);
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
