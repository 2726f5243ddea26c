/* I/O completion ports: queues of completion packets that threads take one at a time. */
#include <pthread.h>
#include <stdlib.h>
#include "host/host.h"
#include "io/iop.h"
#include "ke/ke.h"
#include "mm/mm.h"
#include "ob/ob.h"

static void IopDeleteCompletion(void *body)
{
    KeRundownQueue(body);
}

const OBJECT_TYPE IoCompletionObjectType = {
    .Name = "IoCompletion",
    .Mapping = {STANDARD_RIGHTS_READ | IO_COMPLETION_QUERY_STATE, STANDARD_RIGHTS_WRITE | IO_COMPLETION_MODIFY_STATE,
                STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, IO_COMPLETION_ALL_ACCESS},
    .ValidAccess = IO_COMPLETION_ALL_ACCESS,
    .Delete = IopDeleteCompletion,
    .Waitable = TRUE,
};

NTSTATUS IoReferenceCompletionPort(HANDLE handle, KQUEUE **port)
{
    return ObReferenceObjectByHandle(handle, IO_COMPLETION_MODIFY_STATE, &IoCompletionObjectType, (void **)port);
}

/* Files' associations with ports change under this lock, so that a packet never goes to a port being let go. */
static pthread_mutex_t IopAssociationLock = PTHREAD_MUTEX_INITIALIZER;

void IoQueueCompletionPacket(KQUEUE *queue, PVOID key, PVOID apc_context, NTSTATUS status, ULONG_PTR information)
{
    KQUEUE_ENTRY *entry = HostAlloc(sizeof(*entry));

    entry->KeyContext = key;
    entry->ApcContext = apc_context;
    entry->IoStatus.Status = status;
    entry->IoStatus.Information = information;
    KeInsertQueue(queue, entry);
}

void IopQueueCompletion(IOP_FILE *file, PVOID apc_context, NTSTATUS status, ULONG_PTR information)
{
    KQUEUE *queue;
    PVOID key;

    if (!apc_context)
        return;
    pthread_mutex_lock(&IopAssociationLock);
    if ((queue = file->CompletionPort))
        ObReferenceObject(queue);
    key = file->CompletionKey;
    pthread_mutex_unlock(&IopAssociationLock);
    if (queue) {
        IoQueueCompletionPacket(queue, key, apc_context, status, information);
        ObDereferenceObject(queue);
    }
}

/* A file's port, set once (FileCompletionInformation) or replaced and removed (FileReplaceCompletionInformation);
 * files opened for synchronous I/O have none. */
NTSTATUS IopSetCompletion(IOP_FILE *file, const FILE_COMPLETION_INFORMATION *info, BOOLEAN replace)
{
    KQUEUE *queue = NULL, *old;
    NTSTATUS status;

    if (file->Synchronous)
        return STATUS_INVALID_PARAMETER;
    if ((info->Port || !replace) &&
        (status = ObReferenceObjectByHandle(info->Port, IO_COMPLETION_MODIFY_STATE, &IoCompletionObjectType,
                                            (void **)&queue)))
        return status;
    pthread_mutex_lock(&IopAssociationLock);
    if ((old = file->CompletionPort) && !replace) {
        pthread_mutex_unlock(&IopAssociationLock);
        ObDereferenceObject(queue);
        return STATUS_INVALID_PARAMETER;
    }
    file->CompletionPort = queue;
    file->CompletionKey = info->Key;
    pthread_mutex_unlock(&IopAssociationLock);
    if (old)
        ObDereferenceObject(old);
    return STATUS_SUCCESS;
}

/* Skipping the port for requests that succeed at once is for files whose requests can pend; a request's fast
 * path (FILE_SKIP_SET_USER_EVENT_ON_FAST_IO) is one Veles has not, so that flag changes nothing. */
NTSTATUS IopSetCompletionFlags(IOP_FILE *file, ULONG flags)
{
    flags &= FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | FILE_SKIP_SET_EVENT_ON_HANDLE | FILE_SKIP_SET_USER_EVENT_ON_FAST_IO;
    if (flags & FILE_SKIP_COMPLETION_PORT_ON_SUCCESS && file->Synchronous)
        return STATUS_INVALID_PARAMETER;
    pthread_mutex_lock(&IopAssociationLock);
    file->CompletionFlags |= flags;
    pthread_mutex_unlock(&IopAssociationLock);
    return STATUS_SUCCESS;
}

/* How many threads may run at once is a scheduling hint Veles does not use: the count is accepted. */
NTSTATUS NTAPI NtCreateIoCompletion(PHANDLE IoCompletionHandle, ACCESS_MASK DesiredAccess,
                                    POBJECT_ATTRIBUTES ObjectAttributes, ULONG NumberOfConcurrentThreads)
{
    KQUEUE *queue = ObCreateObject(&IoCompletionObjectType, sizeof(*queue));

    KeInitializeQueue(queue);
    return ObInsertObjectForCaller(queue, DesiredAccess, ObjectAttributes, IoCompletionHandle);
}

NTSTATUS NTAPI NtOpenIoCompletion(PHANDLE IoCompletionHandle, ACCESS_MASK DesiredAccess,
                                  POBJECT_ATTRIBUTES ObjectAttributes)
{
    return ObOpenObjectByNameForCaller(ObjectAttributes, &IoCompletionObjectType, DesiredAccess, IoCompletionHandle);
}

NTSTATUS NTAPI NtSetIoCompletion(HANDLE IoCompletionHandle, PVOID KeyContext, PVOID ApcContext, NTSTATUS IoStatus,
                                 ULONG_PTR IoStatusInformation)
{
    KQUEUE *queue;
    NTSTATUS status = ObReferenceObjectByHandle(IoCompletionHandle, IO_COMPLETION_MODIFY_STATE, &IoCompletionObjectType,
                                                (void **)&queue);

    if (status)
        return status;
    IoQueueCompletionPacket(queue, KeyContext, ApcContext, IoStatus, IoStatusInformation);
    ObDereferenceObject(queue);
    return STATUS_SUCCESS;
}

/* Take one packet, waiting as the timeout allows; NULL out pointers are the caller's mistake. */
static NTSTATUS IopRemove(HANDLE handle, BOOLEAN alertable, PLARGE_INTEGER user_timeout, KQUEUE_ENTRY **entry)
{
    LARGE_INTEGER timeout;
    KQUEUE *queue;
    NTSTATUS status;

    if (user_timeout && KeReadUser(&timeout, user_timeout))
        return STATUS_ACCESS_VIOLATION;
    if ((status = ObReferenceObjectByHandle(handle, IO_COMPLETION_MODIFY_STATE, &IoCompletionObjectType,
                                            (void **)&queue)))
        return status;
    status = KeRemoveQueue(queue, alertable, user_timeout ? &timeout : NULL, entry);
    ObDereferenceObject(queue);
    return status;
}

NTSTATUS NTAPI NtRemoveIoCompletion(HANDLE IoCompletionHandle, PVOID *KeyContext, PVOID *ApcContext,
                                    PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER Timeout)
{
    KQUEUE_ENTRY *entry;
    NTSTATUS status;

    /* Every output is checked before a packet is taken, so that none is lost to a bad pointer. */
    if (KeProbeForWrite(KeyContext, sizeof(*KeyContext)) || KeProbeForWrite(ApcContext, sizeof(*ApcContext)) ||
        KeProbeForWrite(IoStatusBlock, sizeof(*IoStatusBlock)))
        return STATUS_ACCESS_VIOLATION;
    if ((status = IopRemove(IoCompletionHandle, FALSE, Timeout, &entry)))
        return status;
    KeWriteUser(KeyContext, entry->KeyContext);
    KeWriteUser(ApcContext, entry->ApcContext);
    KeWriteUser(IoStatusBlock, entry->IoStatus);
    free(entry);
    return STATUS_SUCCESS;
}

/* Up to Count packets: the first may be waited for, the others only taken if already there. An alertable wait
 * ends for user APCs (STATUS_USER_APC, no packet taken). */
NTSTATUS NTAPI NtRemoveIoCompletionEx(HANDLE IoCompletionHandle, PFILE_IO_COMPLETION_INFORMATION IoCompletionInformation,
                                      ULONG Count, PULONG NumEntriesRemoved, PLARGE_INTEGER Timeout, BOOLEAN Alertable)
{
    static const LARGE_INTEGER no_wait = {.QuadPart = 0};
    KQUEUE_ENTRY *entry;
    KQUEUE *queue;
    ULONG removed = 0;
    NTSTATUS status;

    if (!Count)
        return STATUS_INVALID_PARAMETER;
    if (KeReadUser(&removed, NumEntriesRemoved) || KeWriteUser(NumEntriesRemoved, removed) ||
        !MmIsUserRange(IoCompletionInformation, (SIZE_T)Count * sizeof(*IoCompletionInformation)))
        return STATUS_ACCESS_VIOLATION;
    removed = 0;
    if ((status = IopRemove(IoCompletionHandle, Alertable, Timeout, &entry))) {
        /* A wait that ends with no packet reports one entry all the same, as Windows does. */
        removed = 1;
        if ((status == STATUS_TIMEOUT || status == STATUS_USER_APC) && KeWriteUser(NumEntriesRemoved, removed))
            return STATUS_ACCESS_VIOLATION;
        return status;
    }
    if ((status = ObReferenceObjectByHandle(IoCompletionHandle, 0, &IoCompletionObjectType, (void **)&queue))) {
        free(entry);
        return status;
    }
    do {
        FILE_IO_COMPLETION_INFORMATION info = {entry->KeyContext, entry->ApcContext, entry->IoStatus};
        free(entry);
        if (KeWriteUser(&IoCompletionInformation[removed], info)) {
            status = STATUS_ACCESS_VIOLATION;
            break;
        }
        removed++;
    } while (removed < Count && KeRemoveQueue(queue, FALSE, &no_wait, &entry) == STATUS_SUCCESS);
    ObDereferenceObject(queue);
    if (KeWriteUser(NumEntriesRemoved, removed))
        return STATUS_ACCESS_VIOLATION;
    return status;
}

NTSTATUS NTAPI NtQueryIoCompletion(HANDLE IoCompletionHandle, IO_COMPLETION_INFORMATION_CLASS InformationClass,
                                   PVOID IoCompletionInformation, ULONG BufferLength, PULONG RequiredLength)
{
    IO_COMPLETION_BASIC_INFORMATION info;
    KQUEUE *queue;
    NTSTATUS status;

    if (InformationClass != IoCompletionBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if ((status = ObReferenceObjectByHandle(IoCompletionHandle, IO_COMPLETION_QUERY_STATE, &IoCompletionObjectType,
                                            (void **)&queue)))
        return status;
    info.Depth = KeReadState(&queue->Header);
    ObDereferenceObject(queue);
    return KeReturnInformation(IoCompletionInformation, BufferLength, &info, sizeof(info), RequiredLength);
}
