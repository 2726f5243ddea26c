/* File objects over Linux descriptors, and the read and write services on them. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "host/host.h"
#include "io/iop.h"
#include "ke/ke.h"
#include "mm/mm.h"
#include "ob/ob.h"
#include "ex/ex.h"
#include "ps/ps.h"

/* A deletion pending when the last open goes: the file wherever it is by then, or the link it was asked through. */
static void IopDeleteUnderlyingFile(IOP_FILE *file, char *path)
{
    struct stat st;

    IopForgetNames();
    if ((file->Directory && !lstat(path, &st) && S_ISDIR(st.st_mode) ? rmdir(path) : unlink(path)) && errno != ENOENT)
        HostMessage("%s was to be deleted but stays: %s", path, strerror(errno));
    free(path);
    IopDeliverChanges();
}

static void IopDeleteFile(void *body)
{
    IOP_FILE *file = body;

    if (file->PipeEnd)
        IopClosePipeEnd(file);
    if (file->Mailslot)
        IopCloseMailslot(file);
    IopCloseNotify(file);
    char *delete_path = IopCloseFcb(file);
    if (delete_path)
        IopDeleteUnderlyingFile(file, delete_path);
    free(file->LinkPath);
    close(file->Fd);
    IopFreeDirectoryScan(file);
    if (file->CompletionPort)
        ObDereferenceObject(file->CompletionPort);
    if (file->Device)
        ObDereferenceObject(file->Device);
}

/* A pipe's descriptor is its pipe's; files keep theirs on their volume, which Veles does not hold yet. */
static NTSTATUS IopFileSecurity(void *body, void ***slot)
{
    IOP_FILE *file = body;

    *slot = NULL;
    return file->PipeEnd ? IopPipeSecurity(file, slot) : STATUS_SUCCESS;
}

const OBJECT_TYPE IoFileObjectType = {
    .Name = "File",
    .Mapping = {FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE, FILE_ALL_ACCESS},
    .ValidAccess = FILE_ALL_ACCESS,
    .Delete = IopDeleteFile,
    .Waitable = TRUE,
    .QueryName = IopQueryObjectName,
    .PartialName = TRUE,
    .Security = IopFileSecurity,
};

/* Guards KTHREAD.IoRequest and the cancelling state of the requests it points to. */
static pthread_mutex_t IopSynchronousLock = PTHREAD_MUTEX_INITIALIZER;

IOP_FILE *IopCreateFileObject(int fd, const struct stat *st, ACCESS_MASK access, ULONG options)
{
    IOP_FILE *file = ObCreateObject(&IoFileObjectType, sizeof(*file));

    KeInitializeEvent(&file->Event, NotificationEvent, TRUE);
    file->Synchronous = (options & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT)) != 0;
    file->Options = options & IOP_MODE_OPTIONS;
    file->GrantedAccess = access;

    file->Fd = fd;
    file->Seekable = S_ISREG(st->st_mode) || S_ISBLK(st->st_mode);
    file->IsPipe = S_ISFIFO(st->st_mode) || S_ISSOCK(st->st_mode);
    file->Directory = S_ISDIR(st->st_mode);
    return file;
}

/* A file object over a descriptor a process was given, and a handle to it: a new one (handle) or at the value it
 * had in the creator (value). */
static NTSTATUS IopHandleForDescriptor(int fd, ACCESS_MASK access, ULONG options, ULONG attributes, HANDLE *handle,
                                       HANDLE value)
{
    struct stat st;
    IOP_FILE *file;
    NTSTATUS status;

    if (fstat(fd, &st))
        return HostErrnoToStatus(errno);
    /* A terminal is the console, whose handles read and write (modes are set through an input handle). */
    ULONG kind = !isatty(fd) ? IOP_CONSOLE_NONE : access & FILE_WRITE_DATA ? IOP_CONSOLE_OUTPUT : IOP_CONSOLE_INPUT;
    if (kind)
        access |= FILE_GENERIC_READ | FILE_GENERIC_WRITE;
    file = IopCreateFileObject(fd, &st, access, options);
    file->ConsoleKind = kind;
    status = handle ? ObInsertHandle(file, access, attributes, handle)
                    : ObInsertHandleAt(file, access, attributes, value);
    if (status)
        file->Fd = -1; /* the caller keeps its descriptor */
    ObDereferenceObject(file);
    return status;
}

NTSTATUS IoCreateFileFromDescriptor(int fd, ACCESS_MASK access, HANDLE *handle)
{
    /* What a process starts with (standard handles, its directory) is used synchronously. */
    return IopHandleForDescriptor(fd, access, FILE_SYNCHRONOUS_IO_NONALERT, 0, handle, NULL);
}

NTSTATUS IoImportFileDescriptor(int fd, ACCESS_MASK access, ULONG options, ULONG attributes, HANDLE value)
{
    return IopHandleForDescriptor(fd, access, options, attributes, NULL, value);
}

NTSTATUS IoDuplicateFileDescriptor(HANDLE handle, ACCESS_MASK access, int *fd)
{
    IOP_FILE *file;
    NTSTATUS status = ObReferenceObjectByHandle(handle, access, &IoFileObjectType, (void **)&file);

    if (status)
        return status;
    *fd = fcntl(file->Fd, F_DUPFD_CLOEXEC, 0);
    ObDereferenceObject(file);
    return *fd < 0 ? HostErrnoToStatus(errno) : STATUS_SUCCESS;
}

NTSTATUS IoExportFileDescriptor(HANDLE handle, int *fd, ULONG *options)
{
    IOP_FILE *file;
    NTSTATUS status = ObReferenceObjectByHandle(handle, 0, &IoFileObjectType, (void **)&file);

    if (status)
        return status;
    *options = file->Options | (file->Synchronous && !(file->Options & FILE_SYNCHRONOUS_IO_ALERT)
                                    ? FILE_SYNCHRONOUS_IO_NONALERT : 0);
    if (file->Fd < 0 || (*fd = fcntl(file->Fd, F_DUPFD_CLOEXEC, 0)) < 0)
        status = file->Fd < 0 ? STATUS_INVALID_HANDLE : HostErrnoToStatus(errno);
    else if (file->PipeEnd)
        IopExportPipeEnd(file);
    ObDereferenceObject(file);
    return status;
}

static void IopEndRequest(IOP_REQUEST *request)
{
    if (request->Synchronous) {
        KTHREAD *thread = KeGetCurrentThread();
        pthread_mutex_lock(&IopSynchronousLock);
        if (thread->IoRequest == request)
            thread->IoRequest = NULL;
        pthread_mutex_unlock(&IopSynchronousLock);
    }
    if (request->Event)
        ObDereferenceObject(request->Event);
    if (request->Thread)
        ObDereferenceObject(request->Thread);
    else
        ObDereferenceObject(request->File);
}

IOP_REQUEST *IopPendRequest(const IOP_REQUEST *request)
{
    IOP_REQUEST *pending = HostZalloc(sizeof(*pending));

    *pending = *request;
    pending->Synchronous = false; /* another thread completes it: its maker's KTHREAD.IoRequest is not this */
    pending->Thread = KeGetCurrentThread();
    ObReferenceObject(pending->Thread);
    ObDereferenceObject(pending->File);
    return pending;
}

static ULONGLONG IopOtherOperations;

void IopCountOtherOperation(void)
{
    __atomic_fetch_add(&IopOtherOperations, 1, __ATOMIC_RELAXED);
}

ULONGLONG IoQueryOtherOperationCount(void)
{
    return __atomic_load_n(&IopOtherOperations, __ATOMIC_RELAXED);
}

NTSTATUS IopBeginRequest(HANDLE handle, ACCESS_MASK access, HANDLE event, PIO_APC_ROUTINE apc, PVOID apc_context,
                         PIO_STATUS_BLOCK iosb, IOP_REQUEST *request)
{
    IO_STATUS_BLOCK probe;
    NTSTATUS status;

    memset(request, 0, sizeof(*request));
    if ((status = ObReferenceObjectByHandleWithAccess(handle, &IoFileObjectType, (void **)&request->File,
                                                      &request->Access)))
        return status;
    if ((request->Access & access) != access) {
        ObDereferenceObject(request->File);
        return STATUS_ACCESS_DENIED;
    }
    request->Apc = apc;
    request->ApcContext = apc_context;
    request->Iosb = iosb;
    if (event && (status = ObReferenceObjectByHandle(event, EVENT_MODIFY_STATE, &ExEventObjectType,
                                                     (void **)&request->Event)))
        request->Event = NULL;
    else if (KeReadUser(&probe, iosb) || KeWriteUser(iosb, probe))
        status = STATUS_ACCESS_VIOLATION;
    /* A file bound to a completion port reports there, not to an APC. */
    else if (apc && request->File->CompletionPort)
        status = STATUS_INVALID_PARAMETER;
    if (status) {
        IopEndRequest(request);
        return status;
    }
    if (request->Event)
        KeResetEvent(request->Event);
    KeResetEvent(&request->File->Event);
    request->WakeFd = -1;
    if (request->File->Synchronous) {
        request->Synchronous = true;
        pthread_mutex_lock(&IopSynchronousLock);
        KeGetCurrentThread()->IoRequest = request;
        pthread_mutex_unlock(&IopSynchronousLock);
    }
    return STATUS_SUCCESS;
}

NTSTATUS IopCompleteRequest(IOP_REQUEST *request, NTSTATUS status, ULONG_PTR information)
{
    IO_STATUS_BLOCK result = {.Status = status, .Information = information};
    ULONG skip = request->File->CompletionFlags;

    /* An error found at once, on a file without synchronous I/O, is only the call's answer: no status block,
     * event, APC or completion, as if the request had never been queued. */
    if (NT_ERROR(status) && !request->Thread && !request->File->Synchronous)
        return IopFailRequest(request, status);
    if (KeWriteUser(request->Iosb, result))
        status = STATUS_ACCESS_VIOLATION;
    /* The caller's event, and the file's when there is none or the file does synchronous I/O. */
    if (request->Event)
        KeSetEvent(request->Event);
    if ((!request->Event || request->File->Synchronous) && !(skip & FILE_SKIP_SET_EVENT_ON_HANDLE))
        KeSetEvent(&request->File->Event);
    if (!NT_ERROR(status) || request->Thread) {
        if (request->Apc)
            KeQueueUserApc(request->Thread ? request->Thread : KeGetCurrentThread(), (ULONG64)request->Apc,
                           (ULONG64)request->ApcContext, (ULONG64)request->Iosb, 0);
        /* A request that succeeds at once tells its caller so; with the flag, not the port as well. */
        else if (request->Thread || !NT_SUCCESS(status) || !(skip & FILE_SKIP_COMPLETION_PORT_ON_SUCCESS))
            IopQueueCompletion(request->File, request->ApcContext, status, information);
    }
    IopEndRequest(request);
    return status;
}

NTSTATUS IopFailRequest(IOP_REQUEST *request, NTSTATUS status)
{
    if (!request->Event)
        KeSetEvent(&request->File->Event);
    IopEndRequest(request);
    return status;
}

void IopCompletePending(IOP_REQUEST *pending, NTSTATUS status, ULONG_PTR information)
{
    IopCompleteRequest(pending, status, information);
    free(pending);
}

bool IopPendingMatches(const IOP_REQUEST *pending, const KTHREAD *thread, const IO_STATUS_BLOCK *iosb)
{
    return (!thread || pending->Thread == thread) && (!iosb || pending->Iosb == iosb);
}

void IopInitializeQueue(IOP_QUEUE *queue)
{
    queue->Head = NULL;
    queue->Tail = &queue->Head;
}

IOP_WAITING *IopQueueWaiting(IOP_QUEUE *queue, const IOP_REQUEST *request, PVOID buffer, ULONG length)
{
    IOP_WAITING *waiting = HostZalloc(sizeof(*waiting));

    waiting->Request = IopPendRequest(request);
    waiting->Buffer = buffer;
    waiting->Length = length;
    *queue->Tail = waiting;
    queue->Tail = &waiting->Next;
    return waiting;
}

void IopServeQueue(IOP_QUEUE *queue, NTSTATUS (*serve)(void *context, PVOID buffer, ULONG length, ULONG *done),
                   void *context)
{
    while (queue->Head) {
        IOP_WAITING *waiting = queue->Head;
        ULONG done = 0;
        NTSTATUS status = serve(context, waiting->Buffer, waiting->Length, &done);
        if (status == STATUS_PENDING)
            return;
        if (!(queue->Head = waiting->Next))
            queue->Tail = &queue->Head;
        IopCompletePending(waiting->Request, status, done);
        free(waiting);
    }
}

ULONG IopCancelQueue(IOP_QUEUE *queue, const KTHREAD *thread, const IO_STATUS_BLOCK *iosb, NTSTATUS status)
{
    ULONG cancelled = 0;

    for (IOP_WAITING **p = &queue->Head; *p;) {
        IOP_WAITING *waiting = *p;
        if (!IopPendingMatches(waiting->Request, thread, iosb)) {
            p = &waiting->Next;
            continue;
        }
        *p = waiting->Next;
        IopCompletePending(waiting->Request, status, 0);
        free(waiting);
        cancelled++;
    }
    queue->Tail = &queue->Head;
    while (*queue->Tail)
        queue->Tail = &(*queue->Tail)->Next;
    return cancelled;
}

void IopExpireQueue(IOP_QUEUE *queue, LONGLONG now, NTSTATUS status, LONGLONG *next)
{
    for (IOP_WAITING **p = &queue->Head; *p;) {
        IOP_WAITING *waiting = *p;
        if (!waiting->Deadline || waiting->Deadline > now) {
            if (waiting->Deadline && (!*next || waiting->Deadline < *next))
                *next = waiting->Deadline;
            p = &waiting->Next;
            continue;
        }
        *p = waiting->Next;
        IopCompletePending(waiting->Request, status, 0);
        free(waiting);
    }
    queue->Tail = &queue->Head;
    while (*queue->Tail)
        queue->Tail = &(*queue->Tail)->Next;
}

/* Where a transfer starts: -1 for "the file position" (also for pipes and terminals, where offsets mean
 * nothing), -2 for "the end" (append). A file not opened for synchronous I/O keeps no position: its reads
 * and writes say where. */
static NTSTATUS IopTransferOffset(const IOP_FILE *file, PLARGE_INTEGER byte_offset, LONGLONG *offset)
{
    LARGE_INTEGER o;

    *offset = -1;
    /* A device's file (NUL) wants offsets as a file does, though they mean nothing to it. */
    if (!file->Seekable && !file->Device)
        return STATUS_SUCCESS;
    if (!byte_offset)
        return file->Synchronous ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
    if (KeReadUser(&o, byte_offset))
        return STATUS_ACCESS_VIOLATION;
    if (o.HighPart == -1 && o.LowPart == FILE_USE_FILE_POINTER_POSITION)
        return file->Synchronous ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
    if (o.HighPart == -1 && o.LowPart == FILE_WRITE_TO_END_OF_FILE)
        *offset = -2;
    else if (o.QuadPart < 0)
        return STATUS_INVALID_PARAMETER;
    else
        *offset = o.QuadPart;
    return STATUS_SUCCESS;
}

/* The offset a transfer at the file position starts at, for the lock check. */
static LONGLONG IopCurrentOffset(const IOP_FILE *file, LONGLONG offset)
{
    if (offset >= 0 || !file->Fcb || !file->Fcb->Locks)
        return offset < 0 ? 0 : offset;
    if (offset == -2) {
        struct stat st;
        return fstat(file->Fd, &st) ? 0 : st.st_size;
    }
    offset = lseek(file->Fd, 0, SEEK_CUR);
    return offset < 0 ? 0 : offset;
}

NTSTATUS NTAPI NtReadFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                          PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length, PLARGE_INTEGER ByteOffset,
                          PULONG Key)
{
    IOP_REQUEST request;
    IOP_FILE *file;
    LONGLONG offset;
    ssize_t n;
    NTSTATUS status;

    (void)Key;
    /* A buffer that cannot take the data fails the call before it starts (the event keeps its state), once the
     * handle is known to be a file's. */
    if (Length && !MmIsCommittedRange(Buffer, Length, true)) {
        void *object;
        if ((status = ObReferenceObjectByHandle(FileHandle, 0, &IoFileObjectType, &object)))
            return status;
        ObDereferenceObject(object);
        return STATUS_ACCESS_VIOLATION;
    }
    if ((status = IopBeginRequest(FileHandle, FILE_READ_DATA, Event, ApcRoutine, ApcContext, IoStatusBlock,
                                  &request)))
        return status;
    file = request.File;
    if (file->PipeEnd || file->PipeDevice)
        return IopReadPipe(&request, Buffer, Length);
    if (file->Directory)
        return IopFailRequest(&request, STATUS_INVALID_DEVICE_REQUEST);
    if (file->Mailslot || file->MailslotDevice)
        return IopReadMailslot(&request, Buffer, Length);
    if (file->ConsoleKind == IOP_CONSOLE_INPUT)
        return IopReadConsole(&request, Buffer, Length);
    if ((status = IopTransferOffset(file, ByteOffset, &offset)) || offset == -2)
        return IopFailRequest(&request, status ? status : STATUS_INVALID_PARAMETER);
    if ((status = IopCheckLocks(file, IopCurrentOffset(file, offset), Length, false)))
        return IopFailRequest(&request, status);
    do
        n = offset >= 0 ? pread(file->Fd, Buffer, Length, offset) : read(file->Fd, Buffer, Length);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return IopFailRequest(&request, HostErrnoToStatus(errno));
    /* A synchronous file's position follows its transfers, wherever they were. */
    if (offset >= 0 && file->Synchronous)
        lseek(file->Fd, offset + n, SEEK_SET);
    if (!n && Length) {
        /* The end: of a file it is STATUS_END_OF_FILE; of a pipe, a writer that went away. */
        status = file->IsPipe                      ? STATUS_PIPE_BROKEN
                 : file->Seekable || file->Device ? STATUS_END_OF_FILE
                                                  : STATUS_SUCCESS;
        if (status == STATUS_PIPE_BROKEN)
            return IopFailRequest(&request, status);
    }
    return IopCompleteRequest(&request, status, (ULONG_PTR)n);
}

NTSTATUS NTAPI NtWriteFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                           PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length, PLARGE_INTEGER ByteOffset,
                           PULONG Key)
{
    IOP_REQUEST request;
    IOP_FILE *file;
    LONGLONG offset;
    ULONG done = 0;
    NTSTATUS status;

    bool append_only;

    (void)Key;
    if ((status = IopBeginRequest(FileHandle, 0, Event, ApcRoutine, ApcContext, IoStatusBlock, &request)))
        return status;
    file = request.File;
    /* Appending is writing too: a handle with only FILE_APPEND_DATA writes at the end. */
    if (!(request.Access & (FILE_WRITE_DATA | FILE_APPEND_DATA)))
        return IopFailRequest(&request, STATUS_ACCESS_DENIED);
    append_only = !(request.Access & FILE_WRITE_DATA);
    if (Length && !Buffer)
        return IopFailRequest(&request, STATUS_INVALID_USER_BUFFER);
    if (Length && !MmIsCommittedRange(Buffer, Length, false))
        return IopFailRequest(&request, STATUS_ACCESS_VIOLATION);
    if (file->PipeEnd || file->PipeDevice)
        return IopWritePipe(&request, Buffer, Length);
    if (file->Directory)
        return IopFailRequest(&request, STATUS_INVALID_DEVICE_REQUEST);
    if (file->Mailslot || file->MailslotDevice)
        return IopWriteMailslot(&request, Buffer, Length);
    if ((status = IopTransferOffset(file, ByteOffset, &offset)))
        return IopFailRequest(&request, status);
    if (append_only && file->Seekable)
        offset = -2;
    if ((status = IopCheckLocks(file, IopCurrentOffset(file, offset), Length, true)))
        return IopFailRequest(&request, status);
    if (offset == -2) {
        /* The end, found without moving the position: only a synchronous file's follows its writes. */
        struct stat st;
        if (fstat(file->Fd, &st))
            return IopFailRequest(&request, HostErrnoToStatus(errno));
        offset = st.st_size;
    }
    /* A short write is not an answer: Windows completes the whole synchronous write or fails. */
    while (!status && done < Length) {
        ssize_t n = offset >= 0 ? pwrite(file->Fd, (char *)Buffer + done, Length - done, offset + done)
                                : write(file->Fd, (char *)Buffer + done, Length - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            status = n < 0 ? HostErrnoToStatus(errno) : STATUS_DISK_FULL;
        else
            done += (ULONG)n;
    }
    if (status && !done)
        return IopFailRequest(&request, status);
    if (offset >= 0 && file->Synchronous)
        lseek(file->Fd, offset + done, SEEK_SET);
    return IopCompleteRequest(&request, status, done);
}

/* Make ready to be woken by a cancel (an eventfd or an event); STATUS_CANCELLED if one came already. */
static NTSTATUS IopBeginWait(IOP_REQUEST *request, int wake_fd, KEVENT *wake_event)
{
    NTSTATUS status = STATUS_SUCCESS;

    pthread_mutex_lock(&IopSynchronousLock);
    if (request->Cancelled)
        status = STATUS_CANCELLED;
    request->WakeFd = wake_fd;
    request->WakeEvent = wake_event;
    pthread_mutex_unlock(&IopSynchronousLock);
    return status;
}

static NTSTATUS IopEndWait(IOP_REQUEST *request)
{
    NTSTATUS status;

    pthread_mutex_lock(&IopSynchronousLock);
    status = request->Cancelled ? STATUS_CANCELLED : STATUS_SUCCESS;
    request->WakeFd = -1;
    request->WakeEvent = NULL;
    pthread_mutex_unlock(&IopSynchronousLock);
    return status;
}

NTSTATUS IopWaitReadable(IOP_REQUEST *request, int fd)
{
    struct pollfd p[2] = {{.fd = fd, .events = POLLIN | POLLRDHUP}, {.fd = -1, .events = POLLIN}};
    NTSTATUS status;

    /* Only a synchronous request can be cancelled by its thread; another's wait needs no eventfd. */
    if (request->Synchronous && (p[1].fd = eventfd(0, EFD_CLOEXEC)) < 0)
        return HostErrnoToStatus(errno);
    if (!(status = IopBeginWait(request, p[1].fd, NULL))) {
        while (poll(p, 2, -1) < 0 && errno == EINTR)
            ;
        status = IopEndWait(request);
    }
    if (p[1].fd >= 0)
        close(p[1].fd);
    return status;
}

NTSTATUS IopWaitObject(IOP_REQUEST *request, DISPATCHER_HEADER *object, BOOLEAN alertable,
                       const LARGE_INTEGER *timeout)
{
    KEVENT wake;
    DISPATCHER_HEADER *objects[2] = {object, &wake.Header};
    NTSTATUS status;

    KeInitializeEvent(&wake, NotificationEvent, FALSE);
    if ((status = IopBeginWait(request, -1, &wake)))
        return status;
    status = KeWaitForMultipleObjects(2, objects, WaitAny, alertable, timeout);
    return IopEndWait(request) ? STATUS_CANCELLED : status;
}

void IoRundownThread(KTHREAD *thread)
{
    IOP_REQUEST *request;

    pthread_mutex_lock(&IopSynchronousLock);
    if ((request = thread->IoRequest) && request->WakeFd >= 0)
        close(request->WakeFd);
    thread->IoRequest = NULL;
    pthread_mutex_unlock(&IopSynchronousLock);
}

NTSTATUS NTAPI NtCancelSynchronousIoFile(HANDLE ThreadHandle, PIO_STATUS_BLOCK IoRequestToCancel,
                                         PIO_STATUS_BLOCK IoStatusBlock)
{
    IO_STATUS_BLOCK result = {.Status = STATUS_NOT_FOUND};
    KTHREAD *thread;
    IOP_REQUEST *request;
    NTSTATUS status;

    if ((status = PsReferenceThread(ThreadHandle, THREAD_TERMINATE, (void **)&thread,
                                    "NtCancelSynchronousIoFile on another process")))
        return status;
    if (KeWriteUser(IoStatusBlock, result)) {
        ObDereferenceObject(thread);
        return STATUS_ACCESS_VIOLATION;
    }
    pthread_mutex_lock(&IopSynchronousLock);
    request = thread->IoRequest;
    if (request && !request->Cancelled && (!IoRequestToCancel || request->Iosb == IoRequestToCancel)) {
        request->Cancelled = true;
        if (request->WakeFd >= 0 && eventfd_write(request->WakeFd, 1))
            HostMessage("a cancelled request could not be woken: %s", strerror(errno));
        if (request->WakeEvent)
            KeSetEvent(request->WakeEvent);
        result.Status = STATUS_SUCCESS;
    }
    pthread_mutex_unlock(&IopSynchronousLock);
    ObDereferenceObject(thread);
    return KeWriteUser(IoStatusBlock, result) ? STATUS_ACCESS_VIOLATION : result.Status;
}

/* NtFlushBuffersFileEx's flags: data only (no metadata), no waiting for the disk, data and only what reads
 * it back. */
#define IOP_FLUSH_FILE_DATA_ONLY 0x1
#define IOP_FLUSH_NO_SYNC 0x2
#define IOP_FLUSH_FILE_DATA_SYNC_ONLY 0x4

static NTSTATUS IopFlush(HANDLE handle, ULONG flags, PIO_STATUS_BLOCK iosb)
{
    IOP_REQUEST request;
    NTSTATUS status;

    IopCountOtherOperation();
    if (flags & ~(ULONG)(IOP_FLUSH_FILE_DATA_ONLY | IOP_FLUSH_NO_SYNC | IOP_FLUSH_FILE_DATA_SYNC_ONLY))
        return STATUS_INVALID_PARAMETER;
    if ((status = IopBeginRequest(handle, 0, NULL, NULL, NULL, iosb, &request)))
        return status;
    if (!(request.Access & (FILE_WRITE_DATA | FILE_APPEND_DATA)))
        return IopFailRequest(&request, STATUS_ACCESS_DENIED);
    if (IopPipeClientDisconnected(request.File))
        return IopFailRequest(&request, STATUS_PIPE_DISCONNECTED);
    if (request.File->PipeEnd) {
        NTSTATUS drained = IopFlushPipe(&request);
        return drained ? IopFailRequest(&request, drained) : IopCompleteRequest(&request, STATUS_SUCCESS, 0);
    }
    /* Only files of a volume hold data on the way to a disk; pipes and terminals keep none back. */
    if (request.File->Fcb && !(flags & IOP_FLUSH_NO_SYNC) &&
        (flags ? fdatasync(request.File->Fd) : fsync(request.File->Fd)))
        return IopFailRequest(&request, HostErrnoToStatus(errno));
    return IopCompleteRequest(&request, STATUS_SUCCESS, 0);
}

NTSTATUS NTAPI NtFlushBuffersFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock)
{
    return IopFlush(FileHandle, 0, IoStatusBlock);
}

NTSTATUS NTAPI NtFlushBuffersFileEx(HANDLE FileHandle, ULONG Flags, PVOID Parameters, ULONG ParametersSize,
                                    PIO_STATUS_BLOCK IoStatusBlock)
{
    if (Parameters || ParametersSize)
        return STATUS_INVALID_PARAMETER;
    return IopFlush(FileHandle, Flags, IoStatusBlock);
}

/* \Device\CNG is /dev/urandom: its one request is for random bytes. */
static bool IopIsRandomDevice(const IOP_FILE *file)
{
    struct stat st;
    return !file->Fcb && !fstat(file->Fd, &st) && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 9);
}

static NTSTATUS IopRandomBytes(IOP_REQUEST *request, PVOID output, ULONG length)
{
    BYTE chunk[4096];
    ULONG done = 0;

    if (length && !MmIsUserRange(output, length))
        return IopFailRequest(request, STATUS_ACCESS_VIOLATION);
    while (done < length) {
        ULONG part = length - done < sizeof(chunk) ? length - done : (ULONG)sizeof(chunk);
        ssize_t n = getrandom(chunk, part, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return IopFailRequest(request, HostErrnoToStatus(errno));
        if (KeCopyToUser((BYTE *)output + done, chunk, (size_t)n))
            return IopFailRequest(request, STATUS_ACCESS_VIOLATION);
        done += (ULONG)n;
    }
    return IopCompleteRequest(request, STATUS_SUCCESS, done);
}

/* The access a control code asks of the handle: bits 14 and 15 are reading and writing. */
static ACCESS_MASK IopControlAccess(ULONG code)
{
    return ((code >> 14) & 1 ? FILE_READ_DATA : 0) | ((code >> 15) & 1 ? FILE_WRITE_DATA : 0);
}

/* The two control services share their checks; pipes take file-system controls, consoles device ones. */
static NTSTATUS IopControlFile(bool file_system, HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, PVOID apc_context,
                               PIO_STATUS_BLOCK iosb, ULONG code, PVOID input, ULONG input_length, PVOID output,
                               ULONG output_length)
{
    IOP_REQUEST request;
    NTSTATUS status;
    char what[96];

    IopCountOtherOperation();
    if ((status = IopBeginRequest(handle, IopControlAccess(code), event, apc, apc_context, iosb, &request)))
        return status;
    if (file_system && (request.File->PipeEnd || request.File->PipeDevice))
        return IopPipeFsControl(&request, code, input, input_length, output, output_length);
    if (!file_system && request.File->ConsoleKind)
        return IopConsoleControl(&request, code, input, input_length, output, output_length);
    if (!file_system && code == IOCTL_KSEC_RNG && IopIsRandomDevice(request.File))
        return IopRandomBytes(&request, output, output_length);
    /* A console's requests reach only consoles: a file or pipe is told it is none. */
    if (!file_system && code >> 16 == FILE_DEVICE_CONSOLE)
        return IopFailRequest(&request, STATUS_INVALID_DEVICE_REQUEST);
    /* A file system answers its own codes only. */
    if (file_system && request.File->Fcb && code >> 16 != FILE_DEVICE_FILE_SYSTEM)
        return IopFailRequest(&request, STATUS_INVALID_DEVICE_REQUEST);
    /* Nothing Veles opens is a reparse point but what a symbolic link leads to, whose data is not made yet. */
    if (file_system && request.File->Fcb && code == FSCTL_GET_REPARSE_POINT && !request.File->LinkPath)
        return IopFailRequest(&request, !output || !output_length ? STATUS_INVALID_USER_BUFFER
                                                                   : STATUS_NOT_A_REPARSE_POINT);
    snprintf(what, sizeof(what), "%s: control code %#x on this file",
             file_system ? "NtFsControlFile" : "NtDeviceIoControlFile", (unsigned)code);
    return IopFailRequest(&request, KeReportNotImplemented(what));
}

NTSTATUS NTAPI NtFsControlFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                               PIO_STATUS_BLOCK IoStatusBlock, ULONG FsControlCode, PVOID InputBuffer,
                               ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength)
{
    return IopControlFile(true, FileHandle, Event, ApcRoutine, ApcContext, IoStatusBlock, FsControlCode, InputBuffer,
                          InputBufferLength, OutputBuffer, OutputBufferLength);
}

NTSTATUS NTAPI NtDeviceIoControlFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                                     PIO_STATUS_BLOCK IoStatusBlock, ULONG IoControlCode, PVOID InputBuffer,
                                     ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength)
{
    return IopControlFile(false, FileHandle, Event, ApcRoutine, ApcContext, IoStatusBlock, IoControlCode,
                          InputBuffer, InputBufferLength, OutputBuffer, OutputBufferLength);
}

/* Only what pends can be cancelled: the listens and reads of pipes and directories' change notifications; the
 * rest completes before it returns. */
static NTSTATUS IopCancel(HANDLE handle, const KTHREAD *thread, const IO_STATUS_BLOCK *request, ULONG *cancelled)
{
    IOP_FILE *file;
    NTSTATUS status = ObReferenceObjectByHandle(handle, 0, &IoFileObjectType, (void **)&file);

    if (status)
        return status;
    *cancelled = IopCancelPipeRequests(file, thread, request) + IopCancelMailslotRequests(file, thread, request) +
                 IopCancelNotifyRequests(file, thread, request, STATUS_CANCELLED);
    ObDereferenceObject(file);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtCancelIoFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock)
{
    IO_STATUS_BLOCK result = {.Status = STATUS_SUCCESS};
    ULONG cancelled;
    NTSTATUS status = IopCancel(FileHandle, KeGetCurrentThread(), NULL, &cancelled);

    if (status)
        return status;
    return KeWriteUser(IoStatusBlock, result) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}

NTSTATUS NTAPI NtCancelIoFileEx(HANDLE FileHandle, PIO_STATUS_BLOCK IoRequestToCancel, PIO_STATUS_BLOCK IoStatusBlock)
{
    IO_STATUS_BLOCK result = {0};
    ULONG cancelled;
    NTSTATUS status = IopCancel(FileHandle, NULL, IoRequestToCancel, &cancelled);

    if (status)
        return status;
    result.Status = cancelled ? STATUS_SUCCESS : STATUS_NOT_FOUND;
    return KeWriteUser(IoStatusBlock, result) ? STATUS_ACCESS_VIOLATION : result.Status;
}
