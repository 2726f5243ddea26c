/* Named pipes on \Device\NamedPipe (NtCreateNamedPipeFile, the opens of clients, reads, writes and the pipe
 * FSCTLs), and so the anonymous pipes of CreatePipe: each connection is a Linux socket pair, of datagrams kept
 * whole (SOCK_SEQPACKET) for message pipes and a stream for byte pipes, so that its ends may live in different
 * processes. Waiting happens in poll() or on a kernel event with no lock held; the ends' state is guarded by one
 * lock. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/sockios.h>
#include <unistd.h>
#include "host/host.h"
#include "io/iop.h"
#include "ke/ke.h"
#include "mm/mm.h"
#include "rtl/unicode.h"
#include "se/se.h"

/* The longest pipe name, in characters: what an object name can hold (CreateNamedPipe's 256 is kernelbase's). */
#define IOP_PIPE_NAME_MAX 32767
/* What Linux may buffer of a connection each way: a message larger than this cannot be sent whole. */
#define IOP_PIPE_SOCKET_BUFFER (4 << 20)

typedef struct IOP_PIPE {
    struct IOP_PIPE *Next;
    WCHAR *Name;
    USHORT NameLength;          /* characters */
    ULONG Type;                 /* FILE_PIPE_BYTE_STREAM_TYPE or FILE_PIPE_MESSAGE_TYPE */
    ULONG Configuration;        /* FILE_PIPE_INBOUND, _OUTBOUND or _FULL_DUPLEX: which way clients may go */
    ULONG MaxInstances, Instances;
    ULONG InboundQuota, OutboundQuota;
    LONGLONG DefaultTimeout;    /* FSCTL_PIPE_WAIT's, when it gives none */
    ULONG References;           /* its ends and the threads waiting for an instance */
    struct IOP_PIPE_END *Servers;
    KEVENT Available;           /* set while some instance waits for a client */
    void *Security;             /* the security descriptor all its instances share (kernel/se) */
} IOP_PIPE;

struct IOP_PIPE_END {
    IOP_PIPE *Pipe;
    IOP_FILE *File;
    bool Server;
    ULONG ReadMode, CompletionMode;
    struct IOP_PIPE_END *Peer;  /* the other end while connected */
    NTSTATUS PeerGone;          /* a client's, once its server disconnected it or went */
    /* Its descriptor went to another process (a child's standard handle): closed here, the connection lives on
     * there. The other end, left alone here, is then connected elsewhere, until its socket says the peer went. */
    bool Exported, PeerElsewhere;
    /* The rest of a message read in part. */
    BYTE *Rest;
    ULONG RestOffset, RestLength;
    IOP_QUEUE Reads;            /* reads of a file without synchronous I/O that wait for data */
    /* A server end is also an instance of its pipe. */
    struct IOP_PIPE_END *NextServer;
    ULONG State;                /* FILE_PIPE_*_STATE */
    int ClientFd;               /* the socket a client will get, while listening */
    IOP_REQUEST *Listen;        /* a listen of a file without synchronous I/O, until a client comes */
    KEVENT Connected;           /* for a listen that waits */
};

static pthread_mutex_t IopPipeLock = PTHREAD_MUTEX_INITIALIZER;
static IOP_PIPE *IopPipes;

static IOP_PIPE *IopFindPipe(const WCHAR *name, USHORT length)
{
    for (IOP_PIPE *pipe = IopPipes; pipe; pipe = pipe->Next)
        if (RtlpEqualNames(pipe->Name, pipe->NameLength, name, length, TRUE))
            return pipe;
    return NULL;
}

static void IopReleasePipe(IOP_PIPE *pipe)
{
    if (--pipe->References)
        return;
    for (IOP_PIPE **p = &IopPipes; *p; p = &(*p)->Next)
        if (*p == pipe) {
            *p = pipe->Next;
            break;
        }
    free(pipe->Name);
    free(pipe->Security);
    free(pipe);
}

/* Whether a client could connect now, for FSCTL_PIPE_WAIT. */
static void IopUpdateAvailable(IOP_PIPE *pipe)
{
    bool available = false;

    for (struct IOP_PIPE_END *server = pipe->Servers; server && !available; server = server->NextServer)
        available = server->State == FILE_PIPE_LISTENING_STATE;
    if (available)
        KeSetEvent(&pipe->Available);
    else
        KeResetEvent(&pipe->Available);
}

/* A fresh connection for a server end: its side replaces the socket its file had, the other waits for a
 * client. */
static NTSTATUS IopNewConnection(struct IOP_PIPE_END *server)
{
    int pair[2], size = IOP_PIPE_SOCKET_BUFFER;
    int type = server->Pipe->Type == FILE_PIPE_MESSAGE_TYPE ? SOCK_SEQPACKET : SOCK_STREAM;

    if (socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, pair))
        return HostErrnoToStatus(errno);
    for (int i = 0; i < 2; i++)
        if (setsockopt(pair[i], SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)))
            setsockopt(pair[i], SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
    if (server->File->Fd < 0)
        server->File->Fd = pair[0];
    else {
        dup2(pair[0], server->File->Fd);
        close(pair[0]);
    }
    if (server->ClientFd >= 0)
        close(server->ClientFd);
    server->ClientFd = pair[1];
    server->State = FILE_PIPE_LISTENING_STATE;
    return STATUS_SUCCESS;
}

/* Reads that wait on an end come back with status, in order. */
static void IopFailReads(struct IOP_PIPE_END *end, NTSTATUS status)
{
    IopCancelQueue(&end->Reads, NULL, NULL, status);
}

/* An end's connection went from under it (the peer disconnected or closed). */
static void IopLosePeer(struct IOP_PIPE_END *end, NTSTATUS why)
{
    end->Peer = NULL;
    if (!end->Server)
        end->PeerGone = why;
}

/* The status of what an end cannot read or write because it is not connected, or 0. */
static NTSTATUS IopConnectionStatus(const struct IOP_PIPE_END *end, bool writing)
{
    if (end->Server) {
        switch (end->State) {
        case FILE_PIPE_LISTENING_STATE:
            return STATUS_PIPE_LISTENING;
        case FILE_PIPE_DISCONNECTED_STATE:
            return STATUS_PIPE_DISCONNECTED;
        case FILE_PIPE_CLOSING_STATE:
            return writing ? STATUS_PIPE_CLOSING : 0; /* what the client wrote may still be read */
        }
        return 0;
    }
    if (end->Peer || end->PeerElsewhere)
        return 0;
    if (end->PeerGone == STATUS_PIPE_BROKEN)
        return writing ? STATUS_PIPE_CLOSING : 0;
    return end->PeerGone;
}

/* An end's FILE_PIPE_*_STATE: a server keeps its own; a client's follows from its server. */
static ULONG IopPipeState(const struct IOP_PIPE_END *end)
{
    if (end->Server)
        return end->State;
    if (end->Peer || end->PeerElsewhere)
        return FILE_PIPE_CONNECTED_STATE;
    return end->PeerGone == STATUS_PIPE_DISCONNECTED ? FILE_PIPE_DISCONNECTED_STATE : FILE_PIPE_CLOSING_STATE;
}

NTSTATUS IopPipeSecurity(IOP_FILE *file, void ***slot)
{
    if (IopPipeClientDisconnected(file))
        return STATUS_PIPE_DISCONNECTED;
    *slot = &file->PipeEnd->Pipe->Security;
    return STATUS_SUCCESS;
}

bool IopPipeClientDisconnected(const IOP_FILE *file)
{
    bool disconnected = false;

    if (file->PipeEnd && !file->PipeEnd->Server) {
        pthread_mutex_lock(&IopPipeLock);
        disconnected = IopPipeState(file->PipeEnd) == FILE_PIPE_DISCONNECTED_STATE;
        pthread_mutex_unlock(&IopPipeLock);
    }
    return disconnected;
}

/* What a read finds at the end of the data: the other end gone (or disconnecting this one). */
static NTSTATUS IopEndOfData(const struct IOP_PIPE_END *end)
{
    NTSTATUS status = IopConnectionStatus(end, false);
    return status ? status : STATUS_PIPE_BROKEN;
}

/* Take what is there of one message (or of the stream) into the caller's buffer without waiting; the pipe lock
 * is held. STATUS_PENDING when there is nothing yet, STATUS_BUFFER_OVERFLOW for a message that did not fit. */
static NTSTATUS IopReceiveOnce(struct IOP_PIPE_END *end, BYTE *buffer, ULONG length, ULONG *done)
{
    int fd = end->File->Fd;
    ssize_t n;

    *done = 0;
    if (end->Rest) {
        ULONG copy = end->RestLength - end->RestOffset < length ? end->RestLength - end->RestOffset : length;
        if (KeCopyToUser(buffer, end->Rest + end->RestOffset, copy))
            return STATUS_ACCESS_VIOLATION;
        end->RestOffset += copy;
        *done = copy;
        if (end->RestOffset < end->RestLength)
            return STATUS_BUFFER_OVERFLOW;
        free(end->Rest);
        end->Rest = NULL;
        return STATUS_SUCCESS;
    }
    if (end->Pipe->Type == FILE_PIPE_BYTE_STREAM_TYPE) {
        if (!length) {
            struct pollfd p = {.fd = fd, .events = POLLIN};
            return poll(&p, 1, 0) > 0 ? STATUS_SUCCESS : STATUS_PENDING;
        }
        n = recv(fd, buffer, length, MSG_DONTWAIT);
        if (n < 0)
            return errno == EAGAIN ? STATUS_PENDING : errno == EFAULT ? STATUS_ACCESS_VIOLATION
                                                                       : HostErrnoToStatus(errno);
        if (!n)
            return IopEndOfData(end);
        *done = (ULONG)n;
        return STATUS_SUCCESS;
    }
    n = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
    if (n < 0)
        return errno == EAGAIN ? STATUS_PENDING : HostErrnoToStatus(errno);
    if (!n) {
        /* An empty message, or the end: the socket says which by whether its peer has gone. */
        struct pollfd p = {.fd = fd, .events = POLLIN | POLLRDHUP};
        if (poll(&p, 1, 0) > 0 && p.revents & (POLLRDHUP | POLLHUP))
            return IopEndOfData(end);
        recv(fd, NULL, 0, MSG_DONTWAIT);
        return STATUS_SUCCESS;
    }
    if ((ULONG)n <= length) {
        n = recv(fd, buffer, (size_t)n, MSG_DONTWAIT);
        if (n < 0)
            return errno == EFAULT ? STATUS_ACCESS_VIOLATION : HostErrnoToStatus(errno);
        *done = (ULONG)n;
        return STATUS_SUCCESS;
    }
    /* Longer than the buffer: the socket would drop the rest, so all of it comes here first. */
    end->Rest = HostZalloc((size_t)n);
    n = recv(fd, end->Rest, (size_t)n, MSG_DONTWAIT);
    if (n <= 0) {
        free(end->Rest);
        end->Rest = NULL;
        return n < 0 ? HostErrnoToStatus(errno) : IopEndOfData(end);
    }
    end->RestLength = (ULONG)n;
    end->RestOffset = 0;
    return IopReceiveOnce(end, buffer, length, done);
}

/* A read without waiting: a message (message mode), or in byte mode all that is there up to length, across
 * messages. */
static NTSTATUS IopReceive(struct IOP_PIPE_END *end, BYTE *buffer, ULONG length, ULONG *done)
{
    NTSTATUS status = IopConnectionStatus(end, false);
    ULONG part;

    *done = 0;
    if (status)
        return status;
    status = IopReceiveOnce(end, buffer, length, done);
    if (end->ReadMode == FILE_PIPE_MESSAGE_MODE || end->Pipe->Type == FILE_PIPE_BYTE_STREAM_TYPE)
        return status;
    if (status == STATUS_BUFFER_OVERFLOW)
        return STATUS_SUCCESS; /* in byte mode the rest is just more bytes */
    while (status == STATUS_SUCCESS && *done < length &&
           IopReceiveOnce(end, buffer + *done, length - *done, &part) != STATUS_PENDING && part)
        *done += part;
    return status;
}

static NTSTATUS IopServeRead(void *end, PVOID buffer, ULONG length, ULONG *done)
{
    return IopReceive(end, buffer, length, done);
}

/* Serve the reads waiting on an end, in order, with what has come. */
static void IopServeReads(struct IOP_PIPE_END *end)
{
    IopServeQueue(&end->Reads, IopServeRead, end);
}

NTSTATUS IopReadPipe(IOP_REQUEST *request, PVOID buffer, ULONG length)
{
    struct IOP_PIPE_END *end = request->File->PipeEnd;
    ULONG done;
    NTSTATUS status;

    if (!end) /* the device itself */
        return IopFailRequest(request, STATUS_INVALID_PARAMETER);
    for (;;) {
        pthread_mutex_lock(&IopPipeLock);
        status = end->Reads.Head ? STATUS_PENDING : IopReceive(end, buffer, length, &done);
        /* Nothing there: an end that does not wait says so, another file's read pends, this one waits. */
        if (status == STATUS_PENDING && end->CompletionMode == FILE_PIPE_COMPLETE_OPERATION)
            status = STATUS_PIPE_EMPTY;
        else if (status == STATUS_PENDING && !request->File->Synchronous) {
            IopQueueWaiting(&end->Reads, request, buffer, length);
            pthread_mutex_unlock(&IopPipeLock);
            return STATUS_PENDING;
        }
        pthread_mutex_unlock(&IopPipeLock);
        if (status != STATUS_PENDING)
            break;
        if ((status = IopWaitReadable(request, request->File->Fd)))
            break;
    }
    if (NT_ERROR(status))
        return IopFailRequest(request, status);
    return IopCompleteRequest(request, status, done);
}

ULONG IopCancelPipeRequests(IOP_FILE *file, const KTHREAD *thread, const IO_STATUS_BLOCK *iosb)
{
    struct IOP_PIPE_END *end = file->PipeEnd;
    ULONG cancelled = 0;

    if (!end)
        return 0;
    pthread_mutex_lock(&IopPipeLock);
    if (end->Listen && IopPendingMatches(end->Listen, thread, iosb)) {
        IopCompletePending(end->Listen, STATUS_CANCELLED, 0);
        end->Listen = NULL;
        cancelled++;
    }
    cancelled += IopCancelQueue(&end->Reads, thread, iosb, STATUS_CANCELLED);
    pthread_mutex_unlock(&IopPipeLock);
    return cancelled;
}

/* Send a whole message (or these bytes) to the peer, and serve the reads that wait for it there. */
static NTSTATUS IopSend(struct IOP_PIPE_END *end, const void *buffer, ULONG length, ULONG *done)
{
    NTSTATUS status;
    ssize_t n;

    *done = 0;
    pthread_mutex_lock(&IopPipeLock);
    status = IopConnectionStatus(end, true);
    pthread_mutex_unlock(&IopPipeLock);
    if (status)
        return status;
    /* One send is one message; an empty one is a message too. */
    for (;;) {
        n = send(end->File->Fd, (const BYTE *)buffer + *done, length - *done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int error = errno;
            pthread_mutex_lock(&IopPipeLock);
            status = IopConnectionStatus(end, true);
            pthread_mutex_unlock(&IopPipeLock);
            if (!status)
                status = error == EPIPE || error == ECONNRESET ? STATUS_PIPE_CLOSING
                       : error == EFAULT ? STATUS_ACCESS_VIOLATION
                       : error == EMSGSIZE ? STATUS_INVALID_PARAMETER : HostErrnoToStatus(error);
            break;
        }
        *done += (ULONG)n;
        if (*done >= length)
            break;
    }
    pthread_mutex_lock(&IopPipeLock);
    if (end->Peer)
        IopServeReads(end->Peer);
    pthread_mutex_unlock(&IopPipeLock);
    return *done || !status ? STATUS_SUCCESS : status;
}

NTSTATUS IopWritePipe(IOP_REQUEST *request, PVOID buffer, ULONG length)
{
    struct IOP_PIPE_END *end = request->File->PipeEnd;
    ULONG done;
    NTSTATUS status;

    if (!end) /* the device itself */
        return IopFailRequest(request, STATUS_INVALID_PARAMETER);
    if ((status = IopSend(end, buffer, length, &done)))
        return IopFailRequest(request, status);
    return IopCompleteRequest(request, STATUS_SUCCESS, done);
}

static IOP_FILE *IopCreatePipeFile(int fd, IOP_PIPE *pipe, bool server, ACCESS_MASK access, ULONG options)
{
    struct stat st = {.st_mode = S_IFSOCK};
    IOP_FILE *file = IopCreateFileObject(fd, &st, access, options);
    struct IOP_PIPE_END *end = HostZalloc(sizeof(*end));

    file->PipeEnd = end;
    end->File = file;
    end->Pipe = pipe;
    end->Server = server;
    end->ClientFd = -1;
    IopInitializeQueue(&end->Reads);
    KeInitializeEvent(&end->Connected, NotificationEvent, FALSE);
    pipe->References++;
    return file;
}

void IopClosePipeEnd(IOP_FILE *file)
{
    struct IOP_PIPE_END *end = file->PipeEnd;
    IOP_PIPE *pipe = end->Pipe;

    pthread_mutex_lock(&IopPipeLock);
    IopFailReads(end, STATUS_CANCELLED);
    if (end->Listen) {
        IopCompletePending(end->Listen, STATUS_CANCELLED, 0);
        end->Listen = NULL;
    }
    /* The peer sees the end of the data once it has read what was sent; an end another process has too is
     * still there for it. */
    if (end->Exported && end->Peer) {
        end->Peer->Peer = NULL;
        end->Peer->PeerElsewhere = true;
    } else if (!end->Exported) {
        shutdown(file->Fd, SHUT_RDWR);
    }
    if (end->Peer && !end->Exported) {
        struct IOP_PIPE_END *peer = end->Peer;
        IopLosePeer(peer, STATUS_PIPE_BROKEN);
        if (peer->Server)
            peer->State = FILE_PIPE_CLOSING_STATE;
        IopServeReads(peer);
    }
    if (end->Server) {
        for (struct IOP_PIPE_END **p = &pipe->Servers; *p; p = &(*p)->NextServer)
            if (*p == end) {
                *p = end->NextServer;
                break;
            }
        pipe->Instances--;
        if (end->ClientFd >= 0)
            close(end->ClientFd);
        IopUpdateAvailable(pipe);
    }
    free(end->Rest);
    IopReleasePipe(pipe);
    pthread_mutex_unlock(&IopPipeLock);
    free(end);
    file->PipeEnd = NULL;
}

/* A name under \Device\NamedPipe as a pipe's: one leading backslash dropped; STATUS_OBJECT_NAME_INVALID for
 * none at all or one too long. */
static NTSTATUS IopPipeName(const WCHAR **name, USHORT *length)
{
    if (*length && (*name)[0] == '\\')
        (*name)++, (*length)--;
    if (!*length || *length > IOP_PIPE_NAME_MAX)
        return STATUS_OBJECT_NAME_INVALID;
    return STATUS_SUCCESS;
}

/* Which ways a pipe's clients may go follows the server's share access: reading is sharing reads. */
static ULONG IopConfiguration(ULONG share)
{
    if ((share & (FILE_SHARE_READ | FILE_SHARE_WRITE)) == (FILE_SHARE_READ | FILE_SHARE_WRITE))
        return FILE_PIPE_FULL_DUPLEX;
    return share & FILE_SHARE_READ ? FILE_PIPE_OUTBOUND : FILE_PIPE_INBOUND;
}

/* A client's end of pipe, connected to an instance that listens (the pipe lock is held). */
static NTSTATUS IopConnectClient(IOP_PIPE *pipe, ACCESS_MASK access, ULONG options, IOP_FILE **out)
{
    struct IOP_PIPE_END *server;
    IOP_FILE *file;

    if ((access & (FILE_READ_DATA) && pipe->Configuration == FILE_PIPE_INBOUND) ||
        (access & (FILE_WRITE_DATA | FILE_APPEND_DATA) && pipe->Configuration == FILE_PIPE_OUTBOUND))
        return STATUS_ACCESS_DENIED;
    for (server = pipe->Servers; server; server = server->NextServer)
        if (server->State == FILE_PIPE_LISTENING_STATE)
            break;
    if (!server)
        return STATUS_PIPE_NOT_AVAILABLE;
    file = IopCreatePipeFile(server->ClientFd, pipe, false, access, options);
    server->ClientFd = -1;
    server->State = FILE_PIPE_CONNECTED_STATE;
    server->Peer = file->PipeEnd;
    file->PipeEnd->Peer = server;
    KeSetEvent(&server->Connected);
    if (server->Listen) {
        IopCompletePending(server->Listen, STATUS_SUCCESS, 0);
        server->Listen = NULL;
    }
    IopUpdateAvailable(pipe);
    *out = file;
    return STATUS_SUCCESS;
}

NTSTATUS IopOpenPipeDevice(const WCHAR *name, USHORT length, ACCESS_MASK access, ULONG disposition, ULONG options,
                           ULONG_PTR *information, IOP_FILE **out)
{
    IOP_PIPE *pipe;
    IOP_FILE *file;
    NTSTATUS status;

    *information = FILE_OPENED;
    bool root = length && name[0] == '\\';
    if (root)
        name++, length--;
    if (!length) {
        /* The device itself, for FSCTL_PIPE_WAIT: a socket that is not connected stands for it. */
        struct stat st = {.st_mode = S_IFSOCK};
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            return HostErrnoToStatus(errno);
        file = IopCreateFileObject(fd, &st, access, options);
        file->PipeDevice = true;
        file->PipeDeviceRoot = root;
        *out = file;
        return STATUS_SUCCESS;
    }
    if ((status = IopPipeName(&name, &length)))
        return status;
    if (disposition != FILE_OPEN && disposition != FILE_OPEN_IF)
        return STATUS_INVALID_PARAMETER;
    pthread_mutex_lock(&IopPipeLock);
    pipe = IopFindPipe(name, length);
    status = pipe ? IopConnectClient(pipe, access, options, out) : STATUS_OBJECT_NAME_NOT_FOUND;
    pthread_mutex_unlock(&IopPipeLock);
    return status;
}

NTSTATUS IopFlushPipe(IOP_REQUEST *request)
{
    struct IOP_PIPE_END *end = request->File->PipeEnd;
    LARGE_INTEGER tick = {.QuadPart = -10000}; /* there is no wake-up for a read on the other side: 1 ms polls */
    KEVENT never;
    NTSTATUS status;

    for (;;) {
        int unread = 0;
        pthread_mutex_lock(&IopPipeLock);
        bool connected = end->Peer || end->PeerElsewhere;
        pthread_mutex_unlock(&IopPipeLock);
        /* Linux counts against the writer what the reader has not taken yet. */
        if (!connected || ioctl(request->File->Fd, SIOCOUTQ, &unread) || unread <= 0)
            return STATUS_SUCCESS;
        KeInitializeEvent(&never, NotificationEvent, FALSE);
        if ((status = IopWaitObject(request, &never.Header, FALSE, &tick)) != STATUS_TIMEOUT)
            return status;
    }
}

void IopExportPipeEnd(IOP_FILE *file)
{
    pthread_mutex_lock(&IopPipeLock);
    file->PipeEnd->Exported = true;
    pthread_mutex_unlock(&IopPipeLock);
}

bool IopIsPipeServer(const IOP_FILE *file)
{
    return file->PipeEnd && file->PipeEnd->Server;
}

NTSTATUS IopOpenPipeBeside(IOP_FILE *server, ACCESS_MASK access, ULONG options, IOP_FILE **out)
{
    NTSTATUS status;

    pthread_mutex_lock(&IopPipeLock);
    status = IopConnectClient(server->PipeEnd->Pipe, access, options, out);
    pthread_mutex_unlock(&IopPipeLock);
    return status;
}

NTSTATUS NTAPI NtCreateNamedPipeFile(PHANDLE FileHandle, ULONG DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                                     PIO_STATUS_BLOCK IoStatusBlock, ULONG ShareAccess, ULONG CreateDisposition,
                                     ULONG CreateOptions, ULONG NamedPipeType, ULONG ReadMode, ULONG CompletionMode,
                                     ULONG MaximumInstances, ULONG InboundQuota, ULONG OutboundQuota,
                                     PLARGE_INTEGER DefaultTimeout)
{
    ACCESS_MASK access = ObMapGenericAccess(&IoFileObjectType, DesiredAccess);
    IO_STATUS_BLOCK iosb = {0};
    LARGE_INTEGER timeout = {.QuadPart = -500000}; /* Windows' default: 50 ms */
    const WCHAR *name;
    USHORT length;
    WCHAR *rest = NULL;
    ULONG attributes;
    IOP_PIPE *pipe;
    IOP_FILE *file = NULL;
    HANDLE handle = NULL;
    OBJECT_ATTRIBUTES user_attributes;
    SECURITY_DESCRIPTOR_RELATIVE *security = NULL;
    bool beside_device, anonymous;
    NTSTATUS status;

    /* Windows refuses FILE_OVERWRITE_IF, but Wine 8's CreatePipe asks for it (and retries for ever when refused):
     * here it is FILE_OPEN_IF. */
    if (CreateDisposition == FILE_OVERWRITE_IF)
        CreateDisposition = FILE_OPEN_IF;
    if ((CreateDisposition != FILE_CREATE && CreateDisposition != FILE_OPEN && CreateDisposition != FILE_OPEN_IF) ||
        !(ShareAccess & (FILE_SHARE_READ | FILE_SHARE_WRITE)) ||
        ShareAccess & ~(ULONG)(FILE_SHARE_READ | FILE_SHARE_WRITE) || NamedPipeType > FILE_PIPE_MESSAGE_TYPE ||
        ReadMode > FILE_PIPE_MESSAGE_MODE || CompletionMode > FILE_PIPE_COMPLETE_OPERATION || !MaximumInstances ||
        (ReadMode == FILE_PIPE_MESSAGE_MODE && NamedPipeType == FILE_PIPE_BYTE_STREAM_TYPE) ||
        CreateOptions & ~(ULONG)(FILE_WRITE_THROUGH | FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT) ||
        ((CreateOptions & FILE_SYNCHRONOUS_IO_ALERT) && (CreateOptions & FILE_SYNCHRONOUS_IO_NONALERT)) ||
        (CreateOptions & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT) && !(access & SYNCHRONIZE)))
        return STATUS_INVALID_PARAMETER;
    if (!ObjectAttributes)
        return STATUS_INVALID_PARAMETER;
    if ((DefaultTimeout && KeReadUser(&timeout, DefaultTimeout)) || KeWriteUser(FileHandle, handle) ||
        KeWriteUser(IoStatusBlock, iosb))
        return STATUS_ACCESS_VIOLATION;
    if ((status = IopCaptureDeviceName(ObjectAttributes, IOP_DEVICE_NAMED_PIPES, &rest, &length, &attributes,
                                       &beside_device)))
        return status;
    name = rest;
    /* No name beside the device: a pipe of its own that no name finds (CreatePipe's), opened beside its handle. */
    anonymous = beside_device && !length;
    if (anonymous && CreateDisposition == FILE_OPEN) {
        status = STATUS_OBJECT_NAME_NOT_FOUND;
        goto done;
    }
    if (!anonymous && (status = IopPipeName(&name, &length)))
        goto done;
    if (KeReadUser(&user_attributes, ObjectAttributes)) {
        status = STATUS_ACCESS_VIOLATION;
        goto done;
    }
    if (user_attributes.SecurityDescriptor &&
        (status = SeCaptureSecurityDescriptor(user_attributes.SecurityDescriptor, &security)))
        goto done;
    pthread_mutex_lock(&IopPipeLock);
    if (!anonymous && (pipe = IopFindPipe(name, length))) {
        if (pipe->Instances >= pipe->MaxInstances)
            status = STATUS_INSTANCE_NOT_AVAILABLE;
        /* A descriptor is the first instance's to give: the pipe has one by then. */
        else if (CreateDisposition == FILE_CREATE || pipe->MaxInstances != MaximumInstances ||
                 pipe->Configuration != IopConfiguration(ShareAccess) || security)
            status = STATUS_ACCESS_DENIED;
        iosb.Information = FILE_OPENED;
    } else if (CreateDisposition == FILE_OPEN) {
        status = STATUS_OBJECT_NAME_NOT_FOUND;
    } else {
        pipe = HostZalloc(sizeof(*pipe));
        pipe->Name = HostZalloc(length * sizeof(WCHAR));
        memcpy(pipe->Name, name, length * sizeof(WCHAR));
        pipe->NameLength = length;
        pipe->Type = NamedPipeType;
        pipe->Configuration = IopConfiguration(ShareAccess);
        pipe->MaxInstances = MaximumInstances;
        pipe->InboundQuota = InboundQuota;
        pipe->OutboundQuota = OutboundQuota;
        pipe->DefaultTimeout = timeout.QuadPart;
        KeInitializeEvent(&pipe->Available, NotificationEvent, FALSE);
        if (security)
            SeStoreSecurity(&pipe->Security, security);
        if (!anonymous) {
            pipe->Next = IopPipes;
            IopPipes = pipe;
        }
        iosb.Information = FILE_CREATED;
    }
    if (!status) {
        file = IopCreatePipeFile(-1, pipe, true, access, CreateOptions);
        struct IOP_PIPE_END *server = file->PipeEnd;
        server->ReadMode = ReadMode;
        server->CompletionMode = CompletionMode;
        server->NextServer = pipe->Servers;
        pipe->Servers = server;
        pipe->Instances++;
        if ((status = IopNewConnection(server))) {
            pthread_mutex_unlock(&IopPipeLock);
            ObDereferenceObject(file); /* closes the end, and the pipe with it when it was new */
            goto done;
        }
        IopUpdateAvailable(pipe);
    }
    pthread_mutex_unlock(&IopPipeLock);
    if (!status) {
        status = ObInsertHandle(file, access, attributes & OBJ_INHERIT, &handle);
        ObDereferenceObject(file);
    }
    if (!status) {
        iosb.Status = STATUS_SUCCESS;
        if (KeWriteUser(FileHandle, handle) || KeWriteUser(IoStatusBlock, iosb)) {
            NtClose(handle);
            status = STATUS_ACCESS_VIOLATION;
        }
    }
done:
    free(rest);
    free(security);
    return status;
}

static NTSTATUS IopListen(IOP_REQUEST *request)
{
    struct IOP_PIPE_END *end = request->File->PipeEnd;
    NTSTATUS status = STATUS_SUCCESS;
    bool alertable = request->File->Options & FILE_SYNCHRONOUS_IO_ALERT;

    if (!end->Server)
        return IopFailRequest(request, STATUS_ILLEGAL_FUNCTION);
    pthread_mutex_lock(&IopPipeLock);
    if (end->State == FILE_PIPE_DISCONNECTED_STATE)
        status = IopNewConnection(end);
    if (!status && end->State == FILE_PIPE_CONNECTED_STATE)
        status = STATUS_PIPE_CONNECTED;
    else if (!status && end->State == FILE_PIPE_CLOSING_STATE)
        status = STATUS_PIPE_CLOSING;
    else if (!status && end->Listen)
        status = STATUS_INVALID_PIPE_STATE;
    else if (!status && end->CompletionMode == FILE_PIPE_COMPLETE_OPERATION)
        status = STATUS_PIPE_LISTENING;
    if (status) {
        pthread_mutex_unlock(&IopPipeLock);
        return IopFailRequest(request, status);
    }
    IopUpdateAvailable(end->Pipe);
    if (!request->File->Synchronous) {
        end->Listen = IopPendRequest(request);
        pthread_mutex_unlock(&IopPipeLock);
        return STATUS_PENDING;
    }
    KeResetEvent(&end->Connected);
    pthread_mutex_unlock(&IopPipeLock);
    status = IopWaitObject(request, &end->Connected.Header, alertable, NULL);
    if (status != STATUS_WAIT_0)
        return IopFailRequest(request, status == STATUS_USER_APC || status == STATUS_ALERTED ? STATUS_CANCELLED
                                                                                                : status);
    return IopCompleteRequest(request, STATUS_SUCCESS, 0);
}

static NTSTATUS IopDisconnect(IOP_REQUEST *request)
{
    struct IOP_PIPE_END *end = request->File->PipeEnd;
    NTSTATUS status = STATUS_SUCCESS;

    if (!end->Server)
        return IopFailRequest(request, STATUS_ILLEGAL_FUNCTION);
    pthread_mutex_lock(&IopPipeLock);
    if (end->State == FILE_PIPE_LISTENING_STATE)
        status = STATUS_PIPE_LISTENING;
    else if (end->State == FILE_PIPE_DISCONNECTED_STATE)
        status = STATUS_PIPE_DISCONNECTED;
    else {
        /* What was not read is gone, for both ends. */
        end->State = FILE_PIPE_DISCONNECTED_STATE;
        free(end->Rest);
        end->Rest = NULL;
        shutdown(request->File->Fd, SHUT_RDWR);
        IopFailReads(end, STATUS_PIPE_DISCONNECTED);
        end->PeerElsewhere = false;
        if (end->Peer) {
            struct IOP_PIPE_END *client = end->Peer;
            IopLosePeer(client, STATUS_PIPE_DISCONNECTED);
            end->Peer = NULL;
            IopFailReads(client, STATUS_PIPE_DISCONNECTED);
        }
    }
    pthread_mutex_unlock(&IopPipeLock);
    if (status)
        return IopFailRequest(request, status);
    return IopCompleteRequest(request, STATUS_SUCCESS, 0);
}

/* Bytes waiting on an end: its part-read message and what its socket holds. */
static ULONG IopDataAvailable(const struct IOP_PIPE_END *end)
{
    int queued = 0;

    if (ioctl(end->File->Fd, SIOCINQ, &queued) || queued < 0)
        queued = 0;
    return (ULONG)queued + (end->Rest ? end->RestLength - end->RestOffset : 0);
}

static NTSTATUS IopPeek(IOP_REQUEST *request, PVOID output, ULONG output_length)
{
    struct IOP_PIPE_END *end = request->File->PipeEnd;
    ULONG header = offsetof(FILE_PIPE_PEEK_BUFFER, Data), room, copied = 0, message = 0;
    FILE_PIPE_PEEK_BUFFER answer = {0};
    NTSTATUS status;
    BYTE *data = NULL;

    if (output_length < header)
        return IopFailRequest(request, STATUS_INFO_LENGTH_MISMATCH);
    if (!MmIsUserRange(output, output_length))
        return IopFailRequest(request, STATUS_ACCESS_VIOLATION);
    room = output_length - header;
    pthread_mutex_lock(&IopPipeLock);
    status = IopConnectionStatus(end, false);
    if (status == STATUS_PIPE_LISTENING || (end->Server && status == STATUS_PIPE_DISCONNECTED))
        status = STATUS_INVALID_PIPE_STATE;
    answer.ReadDataAvailable = status ? 0 : IopDataAvailable(end);
    if (!status && !answer.ReadDataAvailable && !end->Peer) {
        struct pollfd p = {.fd = request->File->Fd, .events = POLLIN | POLLRDHUP};
        if (!end->PeerElsewhere || (poll(&p, 1, 0) > 0 && p.revents & (POLLRDHUP | POLLHUP)))
            status = STATUS_PIPE_BROKEN;
    }
    if (!status && answer.ReadDataAvailable) {
        ULONG rest = end->Rest ? end->RestLength - end->RestOffset : 0;
        ssize_t n;
        if (room > answer.ReadDataAvailable)
            room = answer.ReadDataAvailable; /* no more can be seen */
        data = HostZalloc(room + 1);
        if (rest) {
            message = rest;
            copied = rest < room ? rest : room;
            memcpy(data, end->Rest + end->RestOffset, copied);
        } else if (end->Pipe->Type == FILE_PIPE_MESSAGE_TYPE) {
            n = recv(end->File->Fd, NULL, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
            message = n > 0 ? (ULONG)n : 0;
            n = recv(end->File->Fd, data, room, MSG_PEEK | MSG_DONTWAIT);
            copied = n > 0 ? (ULONG)n : 0;
        } else {
            n = recv(end->File->Fd, data, room, MSG_PEEK | MSG_DONTWAIT);
            copied = n > 0 ? (ULONG)n : 0;
        }
    }
    answer.NamedPipeState = IopPipeState(end);
    pthread_mutex_unlock(&IopPipeLock);
    if (status) {
        free(data);
        return IopFailRequest(request, status);
    }
    if (end->Pipe->Type == FILE_PIPE_MESSAGE_TYPE) {
        /* Only the first message is seen; the socket does not count the others. */
        answer.NumberOfMessages = message ? 1 : 0;
        answer.MessageLength = message;
        if (copied < message)
            status = STATUS_BUFFER_OVERFLOW;
    }
    if (KeCopyToUser(output, &answer, header) || (copied && KeCopyToUser((BYTE *)output + header, data, copied)))
        status = STATUS_ACCESS_VIOLATION;
    free(data);
    if (status == STATUS_ACCESS_VIOLATION)
        return IopFailRequest(request, status);
    return IopCompleteRequest(request, status, header + copied);
}

/* A message written and the answer read, in one request: for message-mode ends only, with nothing unread. */
static NTSTATUS IopTransceive(IOP_REQUEST *request, PVOID input, ULONG input_length, PVOID output,
                              ULONG output_length)
{
    struct IOP_PIPE_END *end = request->File->PipeEnd;
    ULONG done, state;
    NTSTATUS status;

    pthread_mutex_lock(&IopPipeLock);
    state = IopPipeState(end);
    pthread_mutex_unlock(&IopPipeLock);
    /* Not connected, the state is the answer, whatever the read mode. */
    if (state != FILE_PIPE_CONNECTED_STATE)
        return IopFailRequest(request, state == FILE_PIPE_DISCONNECTED_STATE && !end->Server
                                           ? STATUS_PIPE_DISCONNECTED
                                           : STATUS_INVALID_PIPE_STATE);
    if (end->ReadMode != FILE_PIPE_MESSAGE_MODE)
        return IopFailRequest(request, STATUS_INVALID_READ_MODE);
    if ((input_length && !MmIsUserRange(input, input_length)) ||
        (output_length && !MmIsUserRange(output, output_length)))
        return IopFailRequest(request, STATUS_ACCESS_VIOLATION);
    pthread_mutex_lock(&IopPipeLock);
    status = IopConnectionStatus(end, true);
    if (!status && (end->Reads.Head || IopDataAvailable(end)))
        status = STATUS_PIPE_BUSY;
    pthread_mutex_unlock(&IopPipeLock);
    if (status || (status = IopSend(end, input, input_length, &done)))
        return IopFailRequest(request, status);
    return IopReadPipe(request, output, output_length);
}

/* FSCTL_PIPE_WAIT on the device: until an instance of the pipe named waits for a client, or the time is up. */
static NTSTATUS IopWaitForPipe(IOP_REQUEST *request, PVOID input, ULONG input_length)
{
    ULONG header = offsetof(FILE_PIPE_WAIT_FOR_BUFFER, Name);
    FILE_PIPE_WAIT_FOR_BUFFER *wait;
    LARGE_INTEGER timeout;
    const WCHAR *name;
    USHORT length;
    IOP_PIPE *pipe;
    NTSTATUS status;

    if (input_length < header || input_length > header + IOP_PIPE_NAME_MAX * sizeof(WCHAR) + 2)
        return IopFailRequest(request, STATUS_INVALID_PARAMETER);
    wait = HostZalloc(input_length);
    if (KeCopyFromUser(wait, input, input_length)) {
        free(wait);
        return IopFailRequest(request, STATUS_ACCESS_VIOLATION);
    }
    if (wait->NameLength > input_length - header || wait->NameLength % sizeof(WCHAR)) {
        free(wait);
        return IopFailRequest(request, STATUS_INVALID_PARAMETER);
    }
    name = wait->Name;
    length = (USHORT)(wait->NameLength / sizeof(WCHAR));
    if ((status = IopPipeName(&name, &length))) {
        free(wait);
        return IopFailRequest(request, STATUS_OBJECT_NAME_NOT_FOUND);
    }
    pthread_mutex_lock(&IopPipeLock);
    if ((pipe = IopFindPipe(name, length)))
        pipe->References++;
    pthread_mutex_unlock(&IopPipeLock);
    if (!pipe) {
        free(wait);
        return IopFailRequest(request, STATUS_OBJECT_NAME_NOT_FOUND);
    }
    timeout.QuadPart = wait->TimeoutSpecified ? wait->Timeout.QuadPart : pipe->DefaultTimeout;
    free(wait);
    status = IopWaitObject(request, &pipe->Available.Header, FALSE, &timeout);
    pthread_mutex_lock(&IopPipeLock);
    IopReleasePipe(pipe);
    pthread_mutex_unlock(&IopPipeLock);
    if (status == STATUS_TIMEOUT)
        return IopFailRequest(request, STATUS_IO_TIMEOUT);
    if (status != STATUS_WAIT_0)
        return IopFailRequest(request, status);
    return IopCompleteRequest(request, STATUS_SUCCESS, 0);
}

/* What the pipe device itself, which is no pipe, answers to a pipe's control codes. */
static NTSTATUS IopDeviceFsControl(IOP_REQUEST *request, ULONG code, PVOID input, ULONG input_length)
{
    switch (code) {
    case FSCTL_PIPE_WAIT: /* for pipes, which are in the device's root */
        return request->File->PipeDeviceRoot ? IopWaitForPipe(request, input, input_length)
                                             : IopFailRequest(request, STATUS_ILLEGAL_FUNCTION);
    case FSCTL_PIPE_ASSIGN_EVENT:
    case FSCTL_PIPE_QUERY_EVENT:
    case FSCTL_PIPE_SET_CLIENT_PROCESS:
        return IopFailRequest(request, STATUS_NOT_SUPPORTED);
    case FSCTL_PIPE_DISCONNECT:
    case FSCTL_PIPE_TRANSCEIVE:
        return IopFailRequest(request, STATUS_PIPE_DISCONNECTED);
    case FSCTL_PIPE_LISTEN:
    case FSCTL_PIPE_IMPERSONATE:
        return IopFailRequest(request, STATUS_ILLEGAL_FUNCTION);
    }
    return IopFailRequest(request, STATUS_INVALID_PARAMETER);
}

NTSTATUS IopPipeFsControl(IOP_REQUEST *request, ULONG code, PVOID input, ULONG input_length, PVOID output,
                          ULONG output_length)
{
    if (request->File->PipeDevice)
        return IopDeviceFsControl(request, code, input, input_length);
    switch (code) {
    case FSCTL_PIPE_LISTEN:
        return IopListen(request);
    case FSCTL_PIPE_DISCONNECT:
        return IopDisconnect(request);
    case FSCTL_PIPE_PEEK:
        return IopPeek(request, output, output_length);
    case FSCTL_PIPE_TRANSCEIVE:
        return IopTransceive(request, input, input_length, output, output_length);
    case FSCTL_PIPE_WAIT:
        return IopFailRequest(request, STATUS_ILLEGAL_FUNCTION);
    }
    return IopFailRequest(request, STATUS_INVALID_DEVICE_REQUEST);
}

NTSTATUS IopQueryPipe(const IOP_FILE *file, FILE_INFORMATION_CLASS class, BYTE *out, ULONG *written)
{
    struct IOP_PIPE_END *end = file->PipeEnd;

    if (!end)
        return STATUS_INVALID_PARAMETER;
    pthread_mutex_lock(&IopPipeLock);
    if (class == FilePipeInformation) {
        FILE_PIPE_INFORMATION *info = (FILE_PIPE_INFORMATION *)out;
        info->ReadMode = end->ReadMode;
        info->CompletionMode = end->CompletionMode;
        *written = sizeof(*info);
    } else if (class == FilePipeLocalInformation) {
        FILE_PIPE_LOCAL_INFORMATION *info = (FILE_PIPE_LOCAL_INFORMATION *)out;
        IOP_PIPE *pipe = end->Pipe;
        int unsent = 0;
        info->NamedPipeType = pipe->Type;
        info->NamedPipeConfiguration = pipe->Configuration;
        info->MaximumInstances = pipe->MaxInstances;
        info->CurrentInstances = pipe->Instances;
        info->InboundQuota = pipe->InboundQuota;
        info->OutboundQuota = pipe->OutboundQuota;
        info->NamedPipeState = IopPipeState(end);
        /* A server not connected has no client's data, whatever its socket still holds. */
        info->ReadDataAvailable = info->NamedPipeState == FILE_PIPE_DISCONNECTED_STATE ||
                                          info->NamedPipeState == FILE_PIPE_LISTENING_STATE
                                      ? 0
                                      : IopDataAvailable(end);
        if (ioctl(file->Fd, SIOCOUTQ, &unsent) || unsent < 0)
            unsent = 0;
        ULONG quota = end->Server ? pipe->OutboundQuota : pipe->InboundQuota;
        info->WriteQuotaAvailable = (ULONG)unsent < quota ? quota - (ULONG)unsent : 0;
        info->NamedPipeEnd = end->Server ? FILE_PIPE_SERVER_END : FILE_PIPE_CLIENT_END;
        *written = sizeof(*info);
    } else {
        return pthread_mutex_unlock(&IopPipeLock), STATUS_INVALID_INFO_CLASS;
    }
    pthread_mutex_unlock(&IopPipeLock);
    return STATUS_SUCCESS;
}

NTSTATUS IopSetPipeInformation(IOP_FILE *file, const FILE_PIPE_INFORMATION *info)
{
    struct IOP_PIPE_END *end = file->PipeEnd;

    if (!end)
        return STATUS_INVALID_PARAMETER;
    if (info->ReadMode > FILE_PIPE_MESSAGE_MODE || info->CompletionMode > FILE_PIPE_COMPLETE_OPERATION ||
        (info->ReadMode == FILE_PIPE_MESSAGE_MODE && end->Pipe->Type == FILE_PIPE_BYTE_STREAM_TYPE))
        return STATUS_INVALID_PARAMETER;
    pthread_mutex_lock(&IopPipeLock);
    end->ReadMode = info->ReadMode;
    end->CompletionMode = info->CompletionMode;
    pthread_mutex_unlock(&IopPipeLock);
    return STATUS_SUCCESS;
}

/* The name FileNameInformation gives a pipe: "\" and the pipe's, allocated as UTF-8. */
char *IopPipeFileName(const IOP_FILE *file)
{
    const IOP_PIPE *pipe = file->PipeEnd ? file->PipeEnd->Pipe : NULL;
    char *name;
    SIZE_T n;

    if (file->PipeDevice)
        return HostStrdup("\\");
    if (!pipe || !pipe->NameLength)
        return NULL;
    name = HostZalloc((size_t)pipe->NameLength * 3 + 2);
    name[0] = '\\';
    n = RtlpUtf16ToUtf8(pipe->Name, pipe->NameLength, name + 1, (SIZE_T)pipe->NameLength * 3);
    name[n + 1] = 0;
    return name;
}
