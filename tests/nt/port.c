/* Local procedure calls: a server's named port, a client thread that connects to it (accepted or refused),
 * datagrams, requests and their replies, the messages that tell a client's thread or port has gone, and the
 * errors for bad lengths, names and replies. */
#include "lib/nttest.h"

#define PORT_NAME L"\\VelesTestPort"

typedef struct {
    PORT_MESSAGE Header;
    char Data[PORT_MAXIMUM_MESSAGE_LENGTH];
} MESSAGE;

static void SetText(MESSAGE *m, const char *text)
{
    USHORT n = 0;

    memset(m, 0, sizeof(*m));
    while ((m->Data[n] = text[n]))
        n++;
    m->Header.DataLength = n + 1;
    m->Header.TotalLength = sizeof(PORT_MESSAGE) + n + 1;
}

static NTSTATUS Connect(HANDLE *port, const char *info, char *answer, ULONG *max_length)
{
    UNICODE_STRING name;
    SECURITY_QUALITY_OF_SERVICE qos = {sizeof(qos), SecurityImpersonation, 0, TRUE};
    char buffer[64] = {0};
    ULONG length = 0;

    while ((buffer[length] = info[length]))
        length++;
    length = 32;
    RtlInitUnicodeString(&name, PORT_NAME);
    NTSTATUS status = NtConnectPort(port, &name, &qos, NULL, NULL, max_length, buffer, &length);
    if (!status)
        memcpy(answer, buffer, 8);
    return status;
}

static volatile NTSTATUS ClientStatus;
static char ClientAnswer[8];
static ULONG ClientMaxLength;

/* The client: connect, a datagram, a request that waits for its reply, then end (its port tells the server). */
static ULONG NTAPI Client(PVOID arg)
{
    HANDLE port;
    MESSAGE m, reply;

    if ((ClientStatus = Connect(&port, "hello", ClientAnswer, &ClientMaxLength)))
        return 1;
    ok_status(NtRegisterThreadTerminatePort(port), STATUS_SUCCESS);
    SetText(&m, "datagram");
    ok_status(NtRequestPort(port, &m.Header), STATUS_SUCCESS);
    ok(m.Header.Type == 0, "the caller's message is left as it was: type %u", m.Header.Type);
    SetText(&m, "question");
    ok_status(NtRequestWaitReplyPort(port, &m.Header, &reply.Header), STATUS_SUCCESS);
    ok(reply.Header.Type == LPC_REPLY && !strcmp(reply.Data, "answer"), "the reply: type %u, '%s'",
       reply.Header.Type, reply.Data);
    /* Too long, or lengths that do not agree. */
    SetText(&m, "x");
    m.Header.DataLength = PORT_MAXIMUM_MESSAGE_LENGTH + 1;
    m.Header.TotalLength = sizeof(PORT_MESSAGE) + PORT_MAXIMUM_MESSAGE_LENGTH + 1;
    ok_status(NtRequestPort(port, &m.Header), STATUS_PORT_MESSAGE_TOO_LONG);
    SetText(&m, "x");
    m.Header.TotalLength = sizeof(PORT_MESSAGE) - 1;
    ok_status(NtRequestPort(port, &m.Header), STATUS_INVALID_PARAMETER);
    ok_status(NtRequestPort(port, (PPORT_MESSAGE)0x10), STATUS_ACCESS_VIOLATION);
    return 0;
}

/* A client the server refuses; then one that closes its port. */
static ULONG NTAPI RefusedClient(PVOID arg)
{
    HANDLE port = (HANDLE)0xdead;
    char answer[8];

    ClientStatus = Connect(&port, "no", answer, NULL);
    ok(port == NULL, "no handle for a refused connection: %p", port);
    return 0;
}

static ULONG NTAPI ClosingClient(PVOID arg)
{
    HANDLE port;
    char answer[8];

    if (!(ClientStatus = Connect(&port, "bye", answer, NULL)))
        NtClose(port);
    return 0;
}

static void Accept(MESSAGE *m, BOOLEAN accept, HANDLE *server)
{
    ok(m->Header.Type == LPC_CONNECTION_REQUEST, "a connection request: type %u", m->Header.Type);
    strcpy(m->Data, accept ? "welcome" : "go away");
    ok_status(NtAcceptConnectPort(server, (PVOID)0x1234, &m->Header, accept, NULL, NULL), STATUS_SUCCESS);
    if (accept)
        ok_status(NtCompleteConnectPort(*server), STATUS_SUCCESS);
}

static void TestConversation(HANDLE listener)
{
    LARGE_INTEGER timeout = {.QuadPart = -10 * 10000000LL};
    HANDLE server = NULL, thread;
    MESSAGE m;
    PVOID context = NULL;

    ClientStatus = STATUS_PENDING;
    thread = TestCreateThread(Client, NULL, 0);
    ok_status(NtReplyWaitReceivePortEx(listener, &context, NULL, &m.Header, &timeout), STATUS_SUCCESS);
    ok(!strcmp(m.Data, "hello") && m.Header.DataLength == 32, "the client's connection information: '%s', %u",
       m.Data, m.Header.DataLength);
    Accept(&m, TRUE, &server);
    ok(server != NULL, "a server port for the connection");

    ok_status(NtReplyWaitReceivePortEx(listener, &context, NULL, &m.Header, &timeout), STATUS_SUCCESS);
    ok(m.Header.Type == LPC_DATAGRAM && !strcmp(m.Data, "datagram"), "a datagram: type %u, '%s'", m.Header.Type,
       m.Data);
    ok(context == (PVOID)0x1234, "the connection's context: %p", context);
    ok(m.Header.ClientId.UniqueThread != NtCurrentTeb()->ClientId.UniqueThread && m.Header.ClientId.UniqueThread,
       "the sender's id: %p", m.Header.ClientId.UniqueThread);

    ok_status(NtReplyWaitReceivePortEx(listener, NULL, NULL, &m.Header, &timeout), STATUS_SUCCESS);
    ok(m.Header.Type == LPC_REQUEST && !strcmp(m.Data, "question"), "a request: type %u, '%s'", m.Header.Type,
       m.Data);
    {
        MESSAGE wrong = m;
        wrong.Header.MessageId += 1000;
        ok_status(NtReplyPort(listener, &wrong.Header), STATUS_REPLY_MESSAGE_MISMATCH);
    }
    strcpy(m.Data, "answer");
    m.Header.DataLength = 7;
    m.Header.TotalLength = sizeof(PORT_MESSAGE) + 7;
    ok_status(NtReplyPort(listener, &m.Header), STATUS_SUCCESS);
    ok(m.Header.Type == LPC_REQUEST, "the replier's message is left as it was: type %u", m.Header.Type);

    /* The client thread's end comes as a message of its own. */
    ok_status(NtReplyWaitReceivePortEx(listener, NULL, NULL, &m.Header, &timeout), STATUS_SUCCESS);
    ok(m.Header.Type == LPC_CLIENT_DIED, "the client's end: type %u", m.Header.Type);
    ok_status(NtWaitForSingleObject(thread, FALSE, &timeout), STATUS_WAIT_0);
    ok_status(ClientStatus, STATUS_SUCCESS);
    ok(!strcmp(ClientAnswer, "welcome") && ClientMaxLength == PORT_MAXIMUM_MESSAGE_LENGTH,
       "what the client was told: '%s', %lu", ClientAnswer, ClientMaxLength);
    NtClose(thread);
    NtClose(server);
}

static void TestRefusedAndClosed(HANDLE listener)
{
    LARGE_INTEGER timeout = {.QuadPart = -10 * 10000000LL}, moment = {.QuadPart = -100 * 10000LL};
    HANDLE server = NULL, thread;
    MESSAGE m;

    thread = TestCreateThread(RefusedClient, NULL, 0);
    ok_status(NtReplyWaitReceivePortEx(listener, NULL, NULL, &m.Header, &timeout), STATUS_SUCCESS);
    Accept(&m, FALSE, &server);
    ok_status(NtWaitForSingleObject(thread, FALSE, &timeout), STATUS_WAIT_0);
    ok_status(ClientStatus, STATUS_PORT_CONNECTION_REFUSED);
    ok_status(NtAcceptConnectPort(&server, NULL, &m.Header, TRUE, NULL, NULL), STATUS_REPLY_MESSAGE_MISMATCH);
    NtClose(thread);

    thread = TestCreateThread(ClosingClient, NULL, 0);
    ok_status(NtListenPort(listener, &m.Header), STATUS_SUCCESS);
    Accept(&m, TRUE, &server);
    ok_status(NtReplyWaitReceivePortEx(listener, NULL, NULL, &m.Header, &timeout), STATUS_SUCCESS);
    ok(m.Header.Type == LPC_PORT_CLOSED, "the client's port closed: type %u", m.Header.Type);
    ok_status(NtWaitForSingleObject(thread, FALSE, &timeout), STATUS_WAIT_0);
    ok_status(ClientStatus, STATUS_SUCCESS);
    ok_status(NtCompleteConnectPort(server), STATUS_INVALID_PARAMETER);
    NtClose(thread);
    NtClose(server);

    /* Nothing more comes. */
    ok_status(NtReplyWaitReceivePortEx(listener, NULL, NULL, &m.Header, &moment), STATUS_TIMEOUT);
}

void RunTests(void)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name};
    HANDLE listener, event, port;
    char answer[8];

    RtlInitUnicodeString(&name, PORT_NAME);
    ok_status(NtCreatePort(&listener, &oa, PORT_MAXIMUM_MESSAGE_LENGTH + 1, 100, 0), STATUS_INVALID_PARAMETER_3);
    ok_status(NtCreatePort(&listener, &oa, 100, PORT_MAXIMUM_MESSAGE_LENGTH + 1, 0), STATUS_INVALID_PARAMETER_4);
    ok_status(Connect(&port, "", answer, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, &oa, NotificationEvent, FALSE), STATUS_SUCCESS);
    ok_status(Connect(&port, "", answer, NULL), STATUS_OBJECT_TYPE_MISMATCH);
    NtClose(event);
    ok_status(NtCreatePort(&listener, &oa, 100, 100, 0), STATUS_SUCCESS);
    ok(TestTypeNameIs(listener, "ALPC Port"), "the type's name");
    ok_status(NtCompleteConnectPort(listener), STATUS_INVALID_PORT_HANDLE);
    TestConversation(listener);
    TestRefusedAndClosed(listener);
    NtClose(listener);
}
