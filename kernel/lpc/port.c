/* Local procedure calls (NtCreatePort and its kin): a server's named connection port, the client and server
 * ports of each connection made to it, and the datagrams, requests and replies that go through them. Ports
 * live in this process only, as the namespace they are named in does. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "host/host.h"
#include "ke/ke.h"
#include "lpc/lpc.h"
#include "ob/ob.h"

typedef enum { LPCP_CONNECTION_PORT, LPCP_SERVER_PORT, LPCP_CLIENT_PORT } LPCP_KIND;

typedef struct LPCP_MESSAGE {
    struct LPCP_MESSAGE *Next;
    PORT_MESSAGE Header;
    struct LPCP_PORT *Client;   /* a connection request's client port, referenced */
    PVOID Context;              /* the server port's context, for its receiver */
    BYTE Data[PORT_MAXIMUM_MESSAGE_LENGTH];
} LPCP_MESSAGE;

typedef struct LPCP_PORT {
    LPCP_KIND Kind;
    struct LPCP_PORT *Connection; /* a communication port's connection port, referenced */
    struct LPCP_PORT *Peer;       /* the other end of its connection while both are there */
    ULONG MaxMessageLength, MaxConnectionInfoLength;
    PVOID Context;                /* a server port's, given when its connection was accepted */
    /* What waits for this port's receiver: a connection port's server, a client port's client. */
    LPCP_MESSAGE *Head, *Tail;
    KSEMAPHORE Queued;
    /* A client port while its connection is made: the server's answer and the data it sent back. */
    KEVENT Answered;
    NTSTATUS ConnectStatus;
    BOOLEAN Accepted;
    USHORT AnswerLength;
    BYTE Answer[PORT_MAXIMUM_MESSAGE_LENGTH];
} LPCP_PORT;

/* A request that waits for its reply. */
typedef struct LPCP_WAIT {
    struct LPCP_WAIT *Next;
    ULONG MessageId;
    CLIENT_ID ClientId;
    LPCP_PORT *Port;            /* the port it was sent through */
    KEVENT Done;
    NTSTATUS Status;
    LPCP_MESSAGE *Reply;
} LPCP_WAIT;

/* A thread's port that hears of its end. */
typedef struct LPCP_TERMINATION {
    struct LPCP_TERMINATION *Next;
    KTHREAD *Thread;
    LPCP_PORT *Port;            /* referenced */
} LPCP_TERMINATION;

static pthread_mutex_t LpcpLock = PTHREAD_MUTEX_INITIALIZER;
static LPCP_WAIT *LpcpWaits;
static LPCP_MESSAGE *LpcpPendingConnections; /* received connection requests not yet answered */
static LPCP_TERMINATION *LpcpTerminations;
static volatile LONG LpcpMessageIds;

static void LpcpDeletePort(void *body);

const OBJECT_TYPE LpcPortObjectType = {
    .Name = "ALPC Port",
    .Mapping = {STANDARD_RIGHTS_READ | PORT_CONNECT, STANDARD_RIGHTS_WRITE | PORT_CONNECT,
                STANDARD_RIGHTS_EXECUTE | PORT_CONNECT, PORT_ALL_ACCESS},
    .ValidAccess = PORT_ALL_ACCESS,
    .Delete = LpcpDeletePort,
};

static LPCP_PORT *LpcpCreatePort(LPCP_KIND kind, LPCP_PORT *connection)
{
    LPCP_PORT *port = ObCreateObject(&LpcPortObjectType, sizeof(*port));

    port->Kind = kind;
    if (connection) {
        ObReferenceObject(connection);
        port->Connection = connection;
        port->MaxMessageLength = connection->MaxMessageLength;
        port->MaxConnectionInfoLength = connection->MaxConnectionInfoLength;
    }
    KeInitializeSemaphore(&port->Queued, 0, 0x7fffffff);
    KeInitializeEvent(&port->Answered, NotificationEvent, FALSE);
    return port;
}

static CLIENT_ID LpcpCaller(void)
{
    return KeGetCurrentThread()->Teb->ClientId;
}

/* Queue a message for a port's receiver; the lock is held. */
static void LpcpQueue(LPCP_PORT *port, LPCP_MESSAGE *message)
{
    message->Next = NULL;
    if (port->Tail)
        port->Tail->Next = message;
    else
        port->Head = message;
    port->Tail = message;
    LONG previous;
    KeReleaseSemaphore(&port->Queued, 1, &previous);
}

static LPCP_MESSAGE *LpcpNewMessage(USHORT type, const CLIENT_ID *from)
{
    LPCP_MESSAGE *message = HostZalloc(sizeof(*message));

    message->Header.Type = type;
    message->Header.TotalLength = sizeof(PORT_MESSAGE);
    message->Header.ClientId = *from;
    message->Header.MessageId = (ULONG)__atomic_add_fetch(&LpcpMessageIds, 1, __ATOMIC_RELAXED);
    return message;
}

/* The port a handle names, with the kinds allowed (a mask of 1 << LPCP_*). */
static NTSTATUS LpcpReferencePort(HANDLE handle, ULONG kinds, LPCP_PORT **port)
{
    NTSTATUS status = ObReferenceObjectByHandle(handle, 0, &LpcPortObjectType, (void **)port);

    if (!status && !(kinds & 1u << (*port)->Kind)) {
        ObDereferenceObject(*port);
        status = STATUS_INVALID_PORT_HANDLE;
    }
    return status;
}

/* A caller's message: its header checked against the port's limit, and its data. */
static NTSTATUS LpcpCaptureMessage(const PORT_MESSAGE *user, ULONG limit, LPCP_MESSAGE *message)
{
    PORT_MESSAGE header;

    if (KeReadUser(&header, user))
        return STATUS_ACCESS_VIOLATION;
    if (header.DataLength > limit || header.TotalLength > limit + sizeof(PORT_MESSAGE))
        return STATUS_PORT_MESSAGE_TOO_LONG;
    if ((ULONG)header.DataLength + sizeof(PORT_MESSAGE) > header.TotalLength)
        return STATUS_INVALID_PARAMETER;
    if (KeCopyFromUser(message->Data, user + 1, header.DataLength))
        return STATUS_ACCESS_VIOLATION;
    message->Header.DataLength = header.DataLength;
    message->Header.TotalLength = (USHORT)(sizeof(PORT_MESSAGE) + header.DataLength);
    message->Header.MessageId = header.MessageId;
    message->Header.ClientId = header.ClientId;
    return STATUS_SUCCESS;
}

static NTSTATUS LpcpDeliverToUser(PORT_MESSAGE *user, const LPCP_MESSAGE *message)
{
    if (KeCopyToUser(user, &message->Header, sizeof(PORT_MESSAGE)) ||
        KeCopyToUser(user + 1, message->Data, message->Header.DataLength))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* Where a port's sends go: a client's to its server's connection port, a server's to its client. */
static LPCP_PORT *LpcpDestination(LPCP_PORT *port)
{
    return port->Kind == LPCP_CLIENT_PORT ? (port->Peer ? port->Connection : NULL) : port->Peer;
}

static NTSTATUS LpcpSend(LPCP_PORT *port, LPCP_MESSAGE *message)
{
    LPCP_PORT *to;

    pthread_mutex_lock(&LpcpLock);
    if (!(to = LpcpDestination(port))) {
        pthread_mutex_unlock(&LpcpLock);
        free(message);
        return STATUS_PORT_DISCONNECTED;
    }
    message->Context = port->Kind == LPCP_CLIENT_PORT ? port->Peer->Context : port->Context;
    LpcpQueue(to, message);
    pthread_mutex_unlock(&LpcpLock);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtCreatePort(PHANDLE PortHandle, POBJECT_ATTRIBUTES ObjectAttributes, ULONG MaxConnectionInfoLength,
                            ULONG MaxMessageLength, ULONG MaxPoolUsage)
{
    LPCP_PORT *port;

    if (MaxConnectionInfoLength > PORT_MAXIMUM_MESSAGE_LENGTH)
        return STATUS_INVALID_PARAMETER_3;
    if (MaxMessageLength > PORT_MAXIMUM_MESSAGE_LENGTH)
        return STATUS_INVALID_PARAMETER_4;
    port = LpcpCreatePort(LPCP_CONNECTION_PORT, NULL);
    /* Windows gives every port the largest messages, whatever was asked. */
    port->MaxMessageLength = PORT_MAXIMUM_MESSAGE_LENGTH;
    port->MaxConnectionInfoLength = PORT_MAXIMUM_MESSAGE_LENGTH;
    return ObInsertObjectForCaller(port, PORT_ALL_ACCESS, ObjectAttributes, PortHandle);
}

NTSTATUS NTAPI NtConnectPort(PHANDLE PortHandle, PUNICODE_STRING PortName, PSECURITY_QUALITY_OF_SERVICE SecurityQos,
                             PVOID ClientView, PVOID ServerView, PULONG MaxMessageLength,
                             PVOID ConnectionInformation, PULONG ConnectionInformationLength)
{
    OB_OBJECT_ATTRIBUTES oa = {.Attributes = OBJ_CASE_INSENSITIVE};
    UNICODE_STRING name;
    LPCP_PORT *server = NULL, *client;
    LPCP_MESSAGE *request;
    CLIENT_ID me = LpcpCaller();
    DISPATCHER_HEADER *answered;
    ULONG info_length = 0;
    WCHAR *remaining;
    USHORT remaining_length;
    HANDLE handle;
    void *body;
    HANDLE none = NULL;
    NTSTATUS status;

    if (ClientView || ServerView)
        return KeReportNotImplemented("NtConnectPort with shared views");

    if (KeWriteUser(PortHandle, none) || KeReadUser(&name, PortName) ||
        (ConnectionInformationLength && KeReadUser(&info_length, ConnectionInformationLength)))
        return STATUS_ACCESS_VIOLATION;
    if (!name.Length || name.Length & 1)
        return STATUS_OBJECT_NAME_INVALID;
    oa.Name = HostAlloc(name.Length);
    oa.NameLength = name.Length / sizeof(WCHAR);
    if (KeCopyFromUser(oa.Name, name.Buffer, name.Length)) {
        free(oa.Name);
        return STATUS_ACCESS_VIOLATION;
    }
    status = ObReferenceObjectByName(&oa, &body, &remaining, &remaining_length);
    free(oa.Name);
    if (status)
        return status;
    server = body;
    if (remaining_length || ObGetObjectType(server) != &LpcPortObjectType || server->Kind != LPCP_CONNECTION_PORT) {
        status = remaining_length ? STATUS_OBJECT_NAME_NOT_FOUND : STATUS_OBJECT_TYPE_MISMATCH;
        ObDereferenceObject(server);
        return status;
    }
    if (!ConnectionInformation)
        info_length = 0;
    if (info_length > server->MaxConnectionInfoLength) {
        ObDereferenceObject(server);
        return STATUS_INVALID_PARAMETER;
    }

    client = LpcpCreatePort(LPCP_CLIENT_PORT, server);
    request = LpcpNewMessage(LPC_CONNECTION_REQUEST, &me);
    if (KeCopyFromUser(request->Data, ConnectionInformation, info_length)) {
        free(request);
        ObDereferenceObject(client);
        ObDereferenceObject(server);
        return STATUS_ACCESS_VIOLATION;
    }
    request->Header.DataLength = (USHORT)info_length;
    request->Header.TotalLength = (USHORT)(sizeof(PORT_MESSAGE) + info_length);
    ObReferenceObject(client);
    request->Client = client;
    pthread_mutex_lock(&LpcpLock);
    LpcpQueue(server, request);
    pthread_mutex_unlock(&LpcpLock);
    ObDereferenceObject(server);

    /* The server accepts (NtAcceptConnectPort) and completes (NtCompleteConnectPort), or refuses. */
    answered = &client->Answered.Header;
    KeWaitForMultipleObjects(1, &answered, WaitAny, FALSE, NULL);
    if ((status = client->ConnectStatus)) {
        ObDereferenceObject(client);
        return status;
    }
    ULONG answered_length = client->AnswerLength, max_length = client->MaxMessageLength;
    if ((MaxMessageLength && KeWriteUser(MaxMessageLength, max_length)) ||
        (ConnectionInformation && KeCopyToUser(ConnectionInformation, client->Answer,
                                               answered_length < info_length ? answered_length : info_length)) ||
        (ConnectionInformationLength && KeWriteUser(ConnectionInformationLength, answered_length)))
        status = STATUS_ACCESS_VIOLATION;
    else if (!(status = ObInsertHandle(client, PORT_ALL_ACCESS, 0, &handle)) && KeWriteUser(PortHandle, handle)) {
        NtClose(handle);
        status = STATUS_ACCESS_VIOLATION;
    }
    ObDereferenceObject(client);
    return status;
}

/* Take the next message for a port's receiver, waiting up to timeout (NULL: for ever). */
static NTSTATUS LpcpReceive(LPCP_PORT *port, const LARGE_INTEGER *timeout, LPCP_MESSAGE **out)
{
    LPCP_PORT *queue = port->Kind == LPCP_SERVER_PORT ? port->Connection : port;
    DISPATCHER_HEADER *queued = &queue->Queued.Header;
    NTSTATUS status = KeWaitForMultipleObjects(1, &queued, WaitAny, FALSE, timeout);

    if (status != STATUS_WAIT_0)
        return status;
    pthread_mutex_lock(&LpcpLock);
    *out = queue->Head;
    queue->Head = (*out)->Next;
    if (!queue->Head)
        queue->Tail = NULL;
    /* A connection request waits for its answer (NtAcceptConnectPort). */
    if ((*out)->Header.Type == LPC_CONNECTION_REQUEST) {
        LPCP_MESSAGE *copy = HostAlloc(sizeof(*copy));
        *copy = **out;
        copy->Next = LpcpPendingConnections;
        LpcpPendingConnections = copy;
        (*out)->Client = NULL;
    }
    pthread_mutex_unlock(&LpcpLock);
    return STATUS_SUCCESS;
}

/* A reply to the request it names (its message id and client id), for the thread that waits for it. */
static NTSTATUS LpcpReply(const PORT_MESSAGE *user, ULONG limit)
{
    LPCP_MESSAGE *reply = HostZalloc(sizeof(*reply));
    NTSTATUS status = LpcpCaptureMessage(user, limit, reply);
    LPCP_WAIT **p;

    if (status) {
        free(reply);
        return status;
    }
    pthread_mutex_lock(&LpcpLock);
    for (p = &LpcpWaits; *p; p = &(*p)->Next)
        if ((*p)->MessageId == reply->Header.MessageId &&
            (*p)->ClientId.UniqueThread == reply->Header.ClientId.UniqueThread)
            break;
    if (*p) {
        LPCP_WAIT *wait = *p;
        *p = wait->Next;
        reply->Header.Type = LPC_REPLY;
        reply->Header.ClientId = LpcpCaller();
        wait->Reply = reply;
        KeSetEvent(&wait->Done);
    } else {
        free(reply);
        status = STATUS_REPLY_MESSAGE_MISMATCH;
    }
    pthread_mutex_unlock(&LpcpLock);
    return status;
}

NTSTATUS NTAPI NtReplyPort(HANDLE PortHandle, PPORT_MESSAGE ReplyMessage)
{
    LPCP_PORT *port;
    NTSTATUS status = LpcpReferencePort(PortHandle, 7, &port);

    if (status)
        return status;
    status = LpcpReply(ReplyMessage, port->MaxMessageLength);
    ObDereferenceObject(port);
    return status;
}

NTSTATUS NTAPI NtReplyWaitReceivePortEx(HANDLE PortHandle, PVOID *PortContext, PPORT_MESSAGE ReplyMessage,
                                        PPORT_MESSAGE ReceiveMessage, PLARGE_INTEGER Timeout)
{
    LARGE_INTEGER timeout;
    LPCP_MESSAGE *message;
    LPCP_PORT *port;
    NTSTATUS status;

    if (Timeout && KeReadUser(&timeout, Timeout))
        return STATUS_ACCESS_VIOLATION;
    if ((status = LpcpReferencePort(PortHandle, 7, &port)))
        return status;
    if (ReplyMessage && (status = LpcpReply(ReplyMessage, port->MaxMessageLength))) {
        ObDereferenceObject(port);
        return status;
    }
    status = LpcpReceive(port, Timeout ? &timeout : NULL, &message);
    ObDereferenceObject(port);
    if (status)
        return status;
    if (LpcpDeliverToUser(ReceiveMessage, message) || (PortContext && KeWriteUser(PortContext, message->Context)))
        status = STATUS_ACCESS_VIOLATION;
    free(message);
    return status;
}

NTSTATUS NTAPI NtReplyWaitReceivePort(HANDLE PortHandle, PVOID *PortContext, PPORT_MESSAGE ReplyMessage,
                                      PPORT_MESSAGE ReceiveMessage)
{
    return NtReplyWaitReceivePortEx(PortHandle, PortContext, ReplyMessage, ReceiveMessage, NULL);
}

/* What comes to a connection port until a connection request does; the rest is dropped, as on Windows. */
NTSTATUS NTAPI NtListenPort(HANDLE PortHandle, PPORT_MESSAGE ConnectionRequest)
{
    LPCP_MESSAGE *message;
    LPCP_PORT *port;
    NTSTATUS status = LpcpReferencePort(PortHandle, 1u << LPCP_CONNECTION_PORT, &port);

    while (!status) {
        if ((status = LpcpReceive(port, NULL, &message)))
            break;
        bool connection = message->Header.Type == LPC_CONNECTION_REQUEST;
        if (connection)
            status = LpcpDeliverToUser(ConnectionRequest, message);
        free(message);
        if (connection)
            break;
    }
    if (port)
        ObDereferenceObject(port);
    return status;
}

NTSTATUS NTAPI NtAcceptConnectPort(PHANDLE PortHandle, PVOID PortContext, PPORT_MESSAGE ConnectionRequest,
                                   BOOLEAN AcceptConnection, PVOID ServerView, PVOID ClientView)
{
    PORT_MESSAGE header;
    LPCP_MESSAGE **p, *pending;
    LPCP_PORT *client, *server;
    NTSTATUS status;

    if (ServerView || ClientView)
        return KeReportNotImplemented("NtAcceptConnectPort with shared views");
    if (KeReadUser(&header, ConnectionRequest))
        return STATUS_ACCESS_VIOLATION;
    if (header.DataLength > PORT_MAXIMUM_MESSAGE_LENGTH)
        return STATUS_PORT_MESSAGE_TOO_LONG;
    pthread_mutex_lock(&LpcpLock);
    for (p = &LpcpPendingConnections; *p; p = &(*p)->Next)
        if ((*p)->Header.MessageId == header.MessageId &&
            (*p)->Header.ClientId.UniqueThread == header.ClientId.UniqueThread)
            break;
    pending = *p;
    if (pending)
        *p = pending->Next;
    pthread_mutex_unlock(&LpcpLock);
    if (!pending)
        return STATUS_REPLY_MESSAGE_MISMATCH;
    client = pending->Client;
    free(pending);
    /* What the server sends back is the client's connection information. */
    client->AnswerLength = header.DataLength;
    if (KeCopyFromUser(client->Answer, ConnectionRequest + 1, header.DataLength))
        client->AnswerLength = 0;
    if (!AcceptConnection) {
        client->ConnectStatus = STATUS_PORT_CONNECTION_REFUSED;
        KeSetEvent(&client->Answered);
        HANDLE none = NULL;
        ObDereferenceObject(client);
        return KeWriteUser(PortHandle, none) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
    }
    server = LpcpCreatePort(LPCP_SERVER_PORT, client->Connection);
    server->Context = PortContext;
    pthread_mutex_lock(&LpcpLock);
    server->Peer = client;
    client->Peer = server;
    client->Accepted = TRUE;
    pthread_mutex_unlock(&LpcpLock);
    ObDereferenceObject(client); /* the server port's Peer goes with the client port (see LpcpDeletePort) */
    if ((status = ObInsertObjectForCaller(server, PORT_ALL_ACCESS, NULL, PortHandle)))
        return status;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtCompleteConnectPort(HANDLE PortHandle)
{
    LPCP_PORT *server;
    NTSTATUS status = LpcpReferencePort(PortHandle, 1u << LPCP_SERVER_PORT, &server);

    if (status)
        return status;
    pthread_mutex_lock(&LpcpLock);
    if (server->Peer && server->Peer->Accepted && !KeReadState(&server->Peer->Answered.Header)) {
        server->Peer->ConnectStatus = STATUS_SUCCESS;
        KeSetEvent(&server->Peer->Answered);
    } else {
        status = STATUS_INVALID_PARAMETER;
    }
    pthread_mutex_unlock(&LpcpLock);
    ObDereferenceObject(server);
    return status;
}

NTSTATUS NTAPI NtRequestPort(HANDLE PortHandle, PPORT_MESSAGE RequestMessage)
{
    CLIENT_ID me = LpcpCaller();
    LPCP_MESSAGE *message;
    LPCP_PORT *port;
    NTSTATUS status = LpcpReferencePort(PortHandle, 1u << LPCP_CLIENT_PORT | 1u << LPCP_SERVER_PORT, &port);

    if (status)
        return status;
    message = LpcpNewMessage(LPC_DATAGRAM, &me);
    if ((status = LpcpCaptureMessage(RequestMessage, port->MaxMessageLength, message))) {
        free(message);
    } else {
        message->Header.ClientId = me;
        message->Header.MessageId = (ULONG)__atomic_add_fetch(&LpcpMessageIds, 1, __ATOMIC_RELAXED);
        status = LpcpSend(port, message);
    }
    ObDereferenceObject(port);
    return status;
}

NTSTATUS NTAPI NtRequestWaitReplyPort(HANDLE PortHandle, PPORT_MESSAGE RequestMessage, PPORT_MESSAGE ReplyMessage)
{
    CLIENT_ID me = LpcpCaller();
    LPCP_WAIT wait = {.ClientId = me};
    DISPATCHER_HEADER *done = &wait.Done.Header;
    LPCP_MESSAGE *message;
    LPCP_PORT *port;
    NTSTATUS status = LpcpReferencePort(PortHandle, 1u << LPCP_CLIENT_PORT | 1u << LPCP_SERVER_PORT, &port);

    if (status)
        return status;
    if (KeProbeForWrite(ReplyMessage, sizeof(PORT_MESSAGE))) {
        ObDereferenceObject(port);
        return STATUS_ACCESS_VIOLATION;
    }
    message = LpcpNewMessage(LPC_REQUEST, &me);
    if ((status = LpcpCaptureMessage(RequestMessage, port->MaxMessageLength, message))) {
        free(message);
        ObDereferenceObject(port);
        return status;
    }
    message->Header.Type = LPC_REQUEST;
    message->Header.ClientId = me;
    message->Header.MessageId = wait.MessageId =
        (ULONG)__atomic_add_fetch(&LpcpMessageIds, 1, __ATOMIC_RELAXED);
    KeInitializeEvent(&wait.Done, NotificationEvent, FALSE);
    wait.Port = port;
    pthread_mutex_lock(&LpcpLock);
    wait.Next = LpcpWaits;
    LpcpWaits = &wait;
    pthread_mutex_unlock(&LpcpLock);
    if ((status = LpcpSend(port, message))) {
        pthread_mutex_lock(&LpcpLock);
        for (LPCP_WAIT **p = &LpcpWaits; *p; p = &(*p)->Next)
            if (*p == &wait) {
                *p = wait.Next;
                break;
            }
        pthread_mutex_unlock(&LpcpLock);
        ObDereferenceObject(port);
        return status;
    }
    KeWaitForMultipleObjects(1, &done, WaitAny, FALSE, NULL);
    ObDereferenceObject(port);
    if (!wait.Reply)
        return wait.Status;
    status = LpcpDeliverToUser(ReplyMessage, wait.Reply);
    free(wait.Reply);
    return status;
}

NTSTATUS NTAPI NtRegisterThreadTerminatePort(HANDLE PortHandle)
{
    LPCP_TERMINATION *termination;
    LPCP_PORT *port;
    NTSTATUS status = LpcpReferencePort(PortHandle, 1u << LPCP_CLIENT_PORT | 1u << LPCP_SERVER_PORT, &port);

    if (status)
        return status;
    termination = HostZalloc(sizeof(*termination));
    termination->Thread = KeGetCurrentThread();
    termination->Port = port;
    pthread_mutex_lock(&LpcpLock);
    termination->Next = LpcpTerminations;
    LpcpTerminations = termination;
    pthread_mutex_unlock(&LpcpLock);
    return STATUS_SUCCESS;
}

void LpcExitThread(KTHREAD *thread, const CLIENT_ID *id)
{
    LPCP_TERMINATION *mine = NULL;

    if (!__atomic_load_n(&LpcpTerminations, __ATOMIC_ACQUIRE))
        return;
    pthread_mutex_lock(&LpcpLock);
    for (LPCP_TERMINATION **p = &LpcpTerminations; *p;) {
        LPCP_TERMINATION *t = *p;
        if (t->Thread == thread) {
            *p = t->Next;
            t->Next = mine;
            mine = t;
        } else {
            p = &t->Next;
        }
    }
    pthread_mutex_unlock(&LpcpLock);
    while (mine) {
        LPCP_TERMINATION *t = mine;
        mine = t->Next;
        LpcpSend(t->Port, LpcpNewMessage(LPC_CLIENT_DIED, id));
        ObDereferenceObject(t->Port);
        free(t);
    }
}

/* A port goes: its connection's other end is told (a client's server hears LPC_PORT_CLOSED), what waited in
 * its queue is dropped, and requests that wait for a reply through its connection end. */
static void LpcpDeletePort(void *body)
{
    LPCP_PORT *port = body, *connection = port->Connection;
    LPCP_MESSAGE *message, *drop;
    CLIENT_ID nobody = {0};

    pthread_mutex_lock(&LpcpLock);
    if (port->Peer) {
        LPCP_PORT *peer = port->Peer;
        peer->Peer = NULL;
        if (port->Kind == LPCP_CLIENT_PORT) {
            message = LpcpNewMessage(LPC_PORT_CLOSED, &nobody);
            message->Context = peer->Context;
            LpcpQueue(connection, message);
        } else if (!KeReadState(&peer->Answered.Header)) {
            peer->ConnectStatus = STATUS_PORT_CONNECTION_REFUSED;
            KeSetEvent(&peer->Answered);
        }
    }
    for (LPCP_WAIT **p = &LpcpWaits; *p;) {
        LPCP_WAIT *wait = *p;
        LPCP_PORT *through = wait->Port;
        if (through == port || through->Peer == port || through->Connection == port) {
            *p = wait->Next;
            wait->Status = STATUS_PORT_DISCONNECTED;
            KeSetEvent(&wait->Done);
        } else {
            p = &wait->Next;
        }
    }
    drop = port->Head;
    port->Head = port->Tail = NULL;
    /* Connection requests received through it and not yet answered go with what was queued. */
    for (LPCP_MESSAGE **p = &LpcpPendingConnections; *p;) {
        if ((*p)->Client->Connection == port) {
            message = *p;
            *p = message->Next;
            message->Next = drop;
            drop = message;
        } else {
            p = &(*p)->Next;
        }
    }
    pthread_mutex_unlock(&LpcpLock);
    while ((message = drop)) {
        drop = message->Next;
        /* A connection request nobody answered: its client is refused. */
        if (message->Client) {
            message->Client->ConnectStatus = STATUS_PORT_CONNECTION_REFUSED;
            KeSetEvent(&message->Client->Answered);
            ObDereferenceObject(message->Client);
        }
        free(message);
    }
    if (connection)
        ObDereferenceObject(connection);
}
