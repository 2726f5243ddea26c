/* Mailslots on \Device\Mailslot: NtCreateMailslotFile's server reads, in order and each one whole, the messages
 * its clients (the opens of the mailslot's name) write. Messages live in the process's memory, as its mailslots'
 * names do; a read that waits pends on the server, to time out by a timer thread of its own. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>
#include "host/host.h"
#include "io/iop.h"
#include "ke/ke.h"
#include "rtl/unicode.h"

/* The read timeout that never ends, as kernel32 writes MAILSLOT_WAIT_FOREVER (and a NULL timeout means). */
#define IOP_MAILSLOT_FOREVER 0x7fffffffffffffffll

typedef struct IOP_MESSAGE {
    struct IOP_MESSAGE *Next;
    ULONG Length;
    BYTE Data[];
} IOP_MESSAGE;

struct IOP_MAILSLOT {
    struct IOP_MAILSLOT *Next;  /* in the list of names, while the server is open */
    WCHAR *Name;
    USHORT NameLength;          /* characters */
    ULONG MaxMessageSize;       /* 0: any size */
    ULONG Quota;                /* as asked; the messages' room is the process's memory */
    LONGLONG ReadTimeout;       /* 100 ns, negative: relative; IOP_MAILSLOT_FOREVER */
    IOP_MESSAGE *Head, **Tail;
    ULONG Count;
    IOP_QUEUE Reads;            /* the server's reads that wait, each with its deadline */
    KEVENT Arrived;             /* set while messages wait, for the server's synchronous reads */
    ULONG References;           /* the server and the clients */
    bool ServerGone;
};

static pthread_mutex_t IopMailslotLock = PTHREAD_MUTEX_INITIALIZER;
static struct IOP_MAILSLOT *IopMailslots;
/* The timer thread sleeps on this until the next deadline of a pending read, or a new one. */
static pthread_cond_t IopMailslotTimerWake;
static bool IopMailslotTimerStarted;

static struct IOP_MAILSLOT *IopFindMailslot(const WCHAR *name, USHORT length)
{
    for (struct IOP_MAILSLOT *slot = IopMailslots; slot; slot = slot->Next)
        if (RtlpEqualNames(slot->Name, slot->NameLength, name, length, TRUE))
            return slot;
    return NULL;
}

static void IopReleaseMailslot(struct IOP_MAILSLOT *slot)
{
    if (--slot->References)
        return;
    while (slot->Head) {
        IOP_MESSAGE *message = slot->Head;
        slot->Head = message->Next;
        free(message);
    }
    free(slot->Name);
    free(slot);
}

/* The name after the device's, without its leading backslash: any characters, backslashes too. */
static NTSTATUS IopMailslotName(const WCHAR **name, USHORT *length)
{
    if (*length && (*name)[0] == '\\')
        (*name)++, (*length)--;
    return *length ? STATUS_SUCCESS : STATUS_OBJECT_NAME_INVALID;
}

/* The interrupt time a read that starts now gives up at, or 0 for never. */
static LONGLONG IopReadDeadline(LONGLONG timeout)
{
    if (timeout == IOP_MAILSLOT_FOREVER)
        return 0;
    if (timeout < 0)
        return KeQueryInterruptTime() - timeout;
    return KeQueryInterruptTime() + (timeout > KeQuerySystemTime() ? timeout - KeQuerySystemTime() : 0);
}

static void *IopMailslotTimer(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&IopMailslotLock);
    for (;;) {
        LONGLONG now = KeQueryInterruptTime(), next = 0;
        for (struct IOP_MAILSLOT *slot = IopMailslots; slot; slot = slot->Next)
            IopExpireQueue(&slot->Reads, now, STATUS_IO_TIMEOUT, &next);
        if (!next) {
            pthread_cond_wait(&IopMailslotTimerWake, &IopMailslotLock);
        } else {
            struct timespec until = {.tv_sec = next / 10000000, .tv_nsec = (next % 10000000) * 100};
            pthread_cond_timedwait(&IopMailslotTimerWake, &IopMailslotLock, &until);
        }
    }
    return NULL;
}

/* With the lock held: the timer thread learns of a new deadline, started the first time. */
static void IopWakeMailslotTimer(void)
{
    if (!IopMailslotTimerStarted) {
        pthread_condattr_t attr;
        pthread_t thread;
        pthread_condattr_init(&attr);
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
        pthread_cond_init(&IopMailslotTimerWake, &attr);
        pthread_condattr_destroy(&attr);
        if (pthread_create(&thread, NULL, IopMailslotTimer, NULL))
            HostBugCheck("cannot start the mailslots' timer thread");
        pthread_detach(thread);
        IopMailslotTimerStarted = true;
    }
    pthread_cond_signal(&IopMailslotTimerWake);
}

/* A file object for a mailslot's end or the device: a descriptor of /dev/null stands for it, as no Linux file
 * holds its data. */
static NTSTATUS IopCreateMailslotFile(struct IOP_MAILSLOT *slot, bool server, ACCESS_MASK access, ULONG options,
                                      IOP_FILE **out)
{
    struct stat st = {.st_mode = S_IFCHR};
    int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    IOP_FILE *file;

    if (fd < 0)
        return STATUS_INSUFFICIENT_RESOURCES;
    file = IopCreateFileObject(fd, &st, access, options);
    file->Mailslot = slot;
    file->MailslotServer = server;
    file->MailslotDevice = !slot;
    *out = file;
    return STATUS_SUCCESS;
}

/* A client opens for writing only: what else it asks is dropped from *access, as Windows drops it. */
NTSTATUS IopOpenMailslotDevice(const WCHAR *name, USHORT length, ACCESS_MASK *access, ULONG disposition,
                               ULONG options, ULONG_PTR *information, IOP_FILE **out)
{
    struct IOP_MAILSLOT *slot;
    NTSTATUS status;

    *information = FILE_OPENED;
    if (length && name[0] == '\\')
        name++, length--;
    if (!length)
        return IopCreateMailslotFile(NULL, false, *access, options, out);
    if (disposition != FILE_OPEN && disposition != FILE_OPEN_IF)
        return STATUS_INVALID_PARAMETER;
    pthread_mutex_lock(&IopMailslotLock);
    if (!(slot = IopFindMailslot(name, length))) {
        pthread_mutex_unlock(&IopMailslotLock);
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    slot->References++;
    pthread_mutex_unlock(&IopMailslotLock);
    *access &= FILE_GENERIC_WRITE;
    if ((status = IopCreateMailslotFile(slot, false, *access, options, out))) {
        pthread_mutex_lock(&IopMailslotLock);
        IopReleaseMailslot(slot);
        pthread_mutex_unlock(&IopMailslotLock);
    }
    return status;
}

void IopCloseMailslot(IOP_FILE *file)
{
    struct IOP_MAILSLOT *slot = file->Mailslot;

    pthread_mutex_lock(&IopMailslotLock);
    if (file->MailslotServer) {
        for (struct IOP_MAILSLOT **p = &IopMailslots; *p; p = &(*p)->Next)
            if (*p == slot) {
                *p = slot->Next;
                break;
            }
        slot->ServerGone = true;
        IopCancelQueue(&slot->Reads, NULL, NULL, STATUS_CANCELLED);
    }
    IopReleaseMailslot(slot);
    pthread_mutex_unlock(&IopMailslotLock);
}

/* The oldest message into a read's buffer, with the lock held: STATUS_PENDING when there is none, and a buffer
 * too small for it gets nothing and leaves it there. */
static NTSTATUS IopTakeMessage(void *context, PVOID buffer, ULONG length, ULONG *done)
{
    struct IOP_MAILSLOT *slot = context;
    IOP_MESSAGE *message = slot->Head;

    *done = 0;
    if (!message)
        return STATUS_PENDING;
    if (message->Length > length)
        return STATUS_BUFFER_TOO_SMALL;
    if (KeCopyToUser(buffer, message->Data, message->Length))
        return STATUS_ACCESS_VIOLATION;
    *done = message->Length;
    if (!(slot->Head = message->Next))
        slot->Tail = &slot->Head;
    if (!--slot->Count)
        KeResetEvent(&slot->Arrived);
    free(message);
    return STATUS_SUCCESS;
}

NTSTATUS IopReadMailslot(IOP_REQUEST *request, PVOID buffer, ULONG length)
{
    struct IOP_MAILSLOT *slot = request->File->Mailslot;
    LARGE_INTEGER timeout;
    LONGLONG deadline;
    ULONG done = 0;
    NTSTATUS status;

    if (!request->File->MailslotServer)
        return IopFailRequest(request, STATUS_INVALID_PARAMETER);
    for (;;) {
        pthread_mutex_lock(&IopMailslotLock);
        timeout.QuadPart = slot->ReadTimeout;
        status = slot->Reads.Head ? STATUS_PENDING : IopTakeMessage(slot, buffer, length, &done);
        if (status == STATUS_PENDING && !timeout.QuadPart) {
            status = STATUS_IO_TIMEOUT;
        } else if (status == STATUS_PENDING && !request->File->Synchronous) {
            IOP_WAITING *waiting = IopQueueWaiting(&slot->Reads, request, buffer, length);
            if ((waiting->Deadline = IopReadDeadline(timeout.QuadPart)))
                IopWakeMailslotTimer();
            pthread_mutex_unlock(&IopMailslotLock);
            return STATUS_PENDING;
        }
        pthread_mutex_unlock(&IopMailslotLock);
        if (status != STATUS_PENDING)
            break;
        if (!(deadline = IopReadDeadline(timeout.QuadPart))) {
            status = IopWaitObject(request, &slot->Arrived.Header, FALSE, NULL);
        } else {
            LONGLONG left = deadline - KeQueryInterruptTime();
            timeout.QuadPart = left > 0 ? -left : 0;
            status = IopWaitObject(request, &slot->Arrived.Header, FALSE, &timeout);
        }
        if (status == STATUS_TIMEOUT)
            status = STATUS_IO_TIMEOUT;
        if (status != STATUS_WAIT_0)
            break;
    }
    if (NT_ERROR(status))
        return IopFailRequest(request, status);
    return IopCompleteRequest(request, status, done);
}

/* Each write is one message, an empty one too. */
NTSTATUS IopWriteMailslot(IOP_REQUEST *request, PVOID buffer, ULONG length)
{
    struct IOP_MAILSLOT *slot = request->File->Mailslot;
    IOP_MESSAGE *message;

    if (!slot || request->File->MailslotServer)
        return IopFailRequest(request, STATUS_INVALID_PARAMETER);
    if (slot->MaxMessageSize && length > slot->MaxMessageSize)
        return IopFailRequest(request, STATUS_INVALID_PARAMETER);
    if (!(message = malloc(sizeof(*message) + length)))
        return IopFailRequest(request, STATUS_INSUFFICIENT_RESOURCES);
    message->Next = NULL;
    message->Length = length;
    if (KeCopyFromUser(message->Data, buffer, length)) {
        free(message);
        return IopFailRequest(request, STATUS_ACCESS_VIOLATION);
    }
    pthread_mutex_lock(&IopMailslotLock);
    if (slot->ServerGone) {
        pthread_mutex_unlock(&IopMailslotLock);
        free(message);
        return IopFailRequest(request, STATUS_PIPE_BROKEN);
    }
    *slot->Tail = message;
    slot->Tail = &message->Next;
    if (!slot->Count++)
        KeSetEvent(&slot->Arrived);
    IopServeQueue(&slot->Reads, IopTakeMessage, slot);
    pthread_mutex_unlock(&IopMailslotLock);
    return IopCompleteRequest(request, STATUS_SUCCESS, length);
}

ULONG IopCancelMailslotRequests(IOP_FILE *file, const KTHREAD *thread, const IO_STATUS_BLOCK *iosb)
{
    ULONG cancelled;

    if (!file->MailslotServer)
        return 0;
    pthread_mutex_lock(&IopMailslotLock);
    cancelled = IopCancelQueue(&file->Mailslot->Reads, thread, iosb, STATUS_CANCELLED);
    pthread_mutex_unlock(&IopMailslotLock);
    return cancelled;
}

/* FileMailslotQueryInformation, of the server alone. */
NTSTATUS IopQueryMailslot(const IOP_FILE *file, FILE_MAILSLOT_QUERY_INFORMATION *info)
{
    struct IOP_MAILSLOT *slot = file->Mailslot;

    if (!file->MailslotServer)
        return STATUS_INVALID_PARAMETER;
    pthread_mutex_lock(&IopMailslotLock);
    info->MaximumMessageSize = slot->MaxMessageSize;
    info->MailslotQuota = slot->Quota;
    info->NextMessageSize = slot->Head ? slot->Head->Length : MAILSLOT_NO_MESSAGE;
    info->MessagesAvailable = slot->Count;
    info->ReadTimeout.QuadPart = slot->ReadTimeout;
    pthread_mutex_unlock(&IopMailslotLock);
    return STATUS_SUCCESS;
}

/* FileMailslotSetInformation: Windows' structure holds a pointer to the timeout, Wine's kernel32 the timeout
 * itself. A value that is no address a program could pass (zero, negative or the one that never ends) is the
 * timeout. */
NTSTATUS IopSetMailslot(IOP_FILE *file, const FILE_MAILSLOT_SET_INFORMATION *info)
{
    LONGLONG timeout = info->ReadTimeout.QuadPart;

    if (!file->MailslotServer)
        return STATUS_INVALID_PARAMETER;
    if (timeout > 0 && timeout != IOP_MAILSLOT_FOREVER) {
        LARGE_INTEGER value;
        if (KeReadUser(&value, (LARGE_INTEGER *)(ULONG_PTR)timeout))
            return STATUS_ACCESS_VIOLATION;
        timeout = value.QuadPart;
    }
    pthread_mutex_lock(&IopMailslotLock);
    file->Mailslot->ReadTimeout = timeout;
    pthread_mutex_unlock(&IopMailslotLock);
    return STATUS_SUCCESS;
}

char *IopMailslotFileName(const IOP_FILE *file)
{
    const struct IOP_MAILSLOT *slot = file->Mailslot;
    WCHAR *wide;
    char *name;
    SIZE_T n;

    if (!slot)
        return NULL; /* the device itself has no name of its own */
    wide = HostAlloc((slot->NameLength + 1) * sizeof(WCHAR));
    wide[0] = '\\';
    memcpy(wide + 1, slot->Name, slot->NameLength * sizeof(WCHAR));
    name = HostZalloc((slot->NameLength + 1) * 3 + 1);
    n = RtlpUtf16ToUtf8(wide, slot->NameLength + 1, name, (slot->NameLength + 1) * 3);
    name[n] = 0;
    free(wide);
    return name;
}

/* The server takes read access alone: it never writes. */
NTSTATUS NTAPI NtCreateMailslotFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                                    PIO_STATUS_BLOCK IoStatusBlock, ULONG CreateOptions, ULONG MailslotQuota,
                                    ULONG MaxMessageSize, PLARGE_INTEGER ReadTimeout)
{
    ACCESS_MASK access = ObMapGenericAccess(&IoFileObjectType, DesiredAccess) & FILE_GENERIC_READ;
    LARGE_INTEGER timeout = {.QuadPart = IOP_MAILSLOT_FOREVER};
    IO_STATUS_BLOCK iosb = {.Information = FILE_CREATED};
    struct IOP_MAILSLOT *slot;
    const WCHAR *name;
    WCHAR *rest = NULL;
    USHORT length;
    ULONG attributes;
    IOP_FILE *file;
    HANDLE handle = NULL;
    bool beside_device;
    NTSTATUS status;

    if (CreateOptions & ~(ULONG)(FILE_WRITE_THROUGH | FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT) ||
        ((CreateOptions & FILE_SYNCHRONOUS_IO_ALERT) && (CreateOptions & FILE_SYNCHRONOUS_IO_NONALERT)))
        return STATUS_INVALID_PARAMETER;
    if (!ObjectAttributes)
        return STATUS_INVALID_PARAMETER;
    if ((ReadTimeout && KeReadUser(&timeout, ReadTimeout)) || KeWriteUser(FileHandle, handle) ||
        KeWriteUser(IoStatusBlock, iosb))
        return STATUS_ACCESS_VIOLATION;
    if ((status = IopCaptureDeviceName(ObjectAttributes, IOP_DEVICE_MAILSLOTS, &rest, &length, &attributes,
                                       &beside_device)))
        return status;
    name = rest;
    if ((status = IopMailslotName(&name, &length))) {
        free(rest);
        return status;
    }
    pthread_mutex_lock(&IopMailslotLock);
    if (IopFindMailslot(name, length)) {
        pthread_mutex_unlock(&IopMailslotLock);
        free(rest);
        return STATUS_OBJECT_NAME_COLLISION;
    }
    slot = HostZalloc(sizeof(*slot));
    slot->Name = HostAlloc(length * sizeof(WCHAR));
    memcpy(slot->Name, name, length * sizeof(WCHAR));
    slot->NameLength = length;
    slot->MaxMessageSize = MaxMessageSize;
    slot->Quota = MailslotQuota;
    slot->ReadTimeout = timeout.QuadPart;
    slot->Tail = &slot->Head;
    IopInitializeQueue(&slot->Reads);
    KeInitializeEvent(&slot->Arrived, NotificationEvent, FALSE);
    slot->References = 1;
    free(rest);
    if ((status = IopCreateMailslotFile(slot, true, access, CreateOptions, &file))) {
        IopReleaseMailslot(slot);
        pthread_mutex_unlock(&IopMailslotLock);
        return status;
    }
    slot->Next = IopMailslots;
    IopMailslots = slot;
    pthread_mutex_unlock(&IopMailslotLock);
    status = ObInsertHandle(file, access, attributes & OBJ_INHERIT, &handle);
    ObDereferenceObject(file);
    if (status)
        return status;
    if (KeWriteUser(FileHandle, handle) || KeWriteUser(IoStatusBlock, iosb)) {
        NtClose(handle);
        return STATUS_ACCESS_VIOLATION;
    }
    return STATUS_SUCCESS;
}
