/* Named pipes: NtCreateNamedPipeFile and its refusals, clients' opens, byte and message transfers, listen,
 * disconnect, peek, transceive and wait, what each end gets once the other disconnects or goes, the pipe
 * classes, overlapped listens and reads completed by the other end (events, APCs, a completion port), a server
 * and client in two threads, and the anonymous pipes of CreatePipe. */
#include "lib/nttest.h"

#define PIPE_NAME L"\\??\\pipe\\veles-test"

static LARGE_INTEGER Timeout = {.QuadPart = -500000};

static NTSTATUS CreateServer(HANDLE *h, const WCHAR *path, ACCESS_MASK access, ULONG share, ULONG disposition,
                             ULONG options, ULONG type, ULONG read_mode, ULONG instances)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;

    RtlInitUnicodeString(&name, path);
    *h = NULL;
    return NtCreateNamedPipeFile(h, access | SYNCHRONIZE, &oa, &iosb, share, disposition, options, type,
                                 read_mode, FILE_PIPE_QUEUE_OPERATION, instances, 4096, 4096, &Timeout);
}

/* A duplex server for synchronous I/O. */
static NTSTATUS Server(HANDLE *h, ULONG type, ULONG read_mode, ULONG options)
{
    return CreateServer(h, PIPE_NAME, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                        FILE_OPEN_IF, options, type, read_mode, 1);
}

static NTSTATUS Client(HANDLE *h, const WCHAR *path, ACCESS_MASK access, ULONG options)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;

    RtlInitUnicodeString(&name, path);
    *h = NULL;
    return NtCreateFile(h, access | SYNCHRONIZE, &oa, &iosb, NULL, 0, 0, FILE_OPEN, options, NULL, 0);
}

static NTSTATUS Write(HANDLE h, const char *data, ULONG n)
{
    IO_STATUS_BLOCK iosb;
    return NtWriteFile(h, NULL, NULL, NULL, &iosb, (PVOID)data, n, NULL, NULL);
}

static NTSTATUS Read(HANDLE h, char *buffer, ULONG n, ULONG *got)
{
    IO_STATUS_BLOCK iosb = {.Information = 0};
    NTSTATUS status = NtReadFile(h, NULL, NULL, NULL, &iosb, buffer, n, NULL, NULL);
    *got = (ULONG)iosb.Information;
    return status;
}

static NTSTATUS Control(HANDLE h, ULONG code, PVOID in, ULONG in_size, PVOID out, ULONG out_size)
{
    IO_STATUS_BLOCK iosb;
    return NtFsControlFile(h, NULL, NULL, NULL, &iosb, code, in, in_size, out, out_size);
}

static NTSTATUS SetReadMode(HANDLE h, ULONG mode, ULONG completion)
{
    FILE_PIPE_INFORMATION info = {mode, completion};
    IO_STATUS_BLOCK iosb;
    return NtSetInformationFile(h, &iosb, &info, sizeof(info), FilePipeInformation);
}

static void TestCreateRefusals(void)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;
    HANDLE h, h2;

    ok_status(CreateServer(&h, PIPE_NAME, 0, FILE_SHARE_READ, FILE_OVERWRITE, 0, 0, 0, 1), STATUS_INVALID_PARAMETER);
    /* Windows refuses FILE_OVERWRITE_IF too; Veles takes it as FILE_OPEN_IF, which Wine 8's CreatePipe needs. */
    ok_status(CreateServer(&h, PIPE_NAME, 0, FILE_SHARE_READ, FILE_OVERWRITE_IF, 0, 0, 0, 1), STATUS_SUCCESS);
    ok_status(CreateServer(&h2, PIPE_NAME, 0, FILE_SHARE_READ, FILE_OVERWRITE_IF, 0, 0, 0, 1),
              STATUS_INSTANCE_NOT_AVAILABLE);
    NtClose(h);
    ok_status(CreateServer(&h, PIPE_NAME, 0, 0, FILE_CREATE, 0, 0, 0, 1), STATUS_INVALID_PARAMETER);
    ok_status(CreateServer(&h, PIPE_NAME, 0, FILE_SHARE_READ | FILE_SHARE_DELETE, FILE_CREATE, 0, 0, 0, 1),
              STATUS_INVALID_PARAMETER);
    ok_status(CreateServer(&h, PIPE_NAME, 0, FILE_SHARE_READ, FILE_CREATE, 0, FILE_PIPE_BYTE_STREAM_TYPE,
                           FILE_PIPE_MESSAGE_MODE, 1), STATUS_INVALID_PARAMETER);
    ok_status(CreateServer(&h, PIPE_NAME, 0, FILE_SHARE_READ, FILE_CREATE, 0, 2, 0, 1), STATUS_INVALID_PARAMETER);
    ok_status(CreateServer(&h, PIPE_NAME, 0, FILE_SHARE_READ, FILE_CREATE, 0, 0, 0, 0), STATUS_INVALID_PARAMETER);
    ok_status(CreateServer(&h, L"\\??\\C:\\windows\\temp\\not-a-pipe", 0, FILE_SHARE_READ, FILE_CREATE, 0, 0, 0, 1),
              STATUS_OBJECT_NAME_INVALID);
    ok_status(CreateServer(&h, L"\\??\\pipe\\", 0, FILE_SHARE_READ, FILE_CREATE, 0, 0, 0, 1),
              STATUS_OBJECT_NAME_INVALID);
    ok_status(CreateServer(&h, PIPE_NAME, 0, FILE_SHARE_READ, FILE_OPEN, 0, 0, 0, 1), STATUS_OBJECT_NAME_NOT_FOUND);
    RtlInitUnicodeString(&name, PIPE_NAME);
    ok_status(NtCreateNamedPipeFile((PHANDLE)8, SYNCHRONIZE, &oa, &iosb, FILE_SHARE_READ, FILE_CREATE, 0, 0, 0, 0, 1,
                                    0, 0, NULL), STATUS_ACCESS_VIOLATION);
    ok_status(NtCreateNamedPipeFile(&h, SYNCHRONIZE, NULL, &iosb, FILE_SHARE_READ, FILE_CREATE, 0, 0, 0, 0, 1, 0, 0,
                                    NULL), STATUS_INVALID_PARAMETER);

    /* A second instance must fit first (FILE_CREATE too is told so), then agree on the instances and the
     * direction, and not ask for a new pipe. */
    ok_status(CreateServer(&h, PIPE_NAME, 0, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_CREATE, 0, 0, 0, 1),
              STATUS_SUCCESS);
    ok_status(CreateServer(&h2, PIPE_NAME, 0, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_CREATE, 0, 0, 0, 1),
              STATUS_INSTANCE_NOT_AVAILABLE);
    ok_status(CreateServer(&h2, PIPE_NAME, 0, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN_IF, 0, 0, 0, 1),
              STATUS_INSTANCE_NOT_AVAILABLE);
    ok_status(CreateServer(&h2, PIPE_NAME, 0, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN_IF, 0, 0, 0, 2),
              STATUS_INSTANCE_NOT_AVAILABLE);
    NtClose(h);
    ok_status(CreateServer(&h, PIPE_NAME, 0, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_CREATE, 0, 0, 0, 3),
              STATUS_SUCCESS);
    ok_status(CreateServer(&h2, PIPE_NAME, 0, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_CREATE, 0, 0, 0, 3),
              STATUS_ACCESS_DENIED);
    ok_status(CreateServer(&h2, PIPE_NAME, 0, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN_IF, 0, 0, 0, 2),
              STATUS_ACCESS_DENIED);
    ok_status(CreateServer(&h2, PIPE_NAME, 0, FILE_SHARE_READ, FILE_OPEN, 0, 0, 0, 3), STATUS_ACCESS_DENIED);
    ok_status(CreateServer(&h2, PIPE_NAME, 0, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN, 0, 1, 0, 3),
              STATUS_SUCCESS);
    NtClose(h2);
    NtClose(h);
    /* Gone with its last instance: the name is free again. */
    ok_status(CreateServer(&h, PIPE_NAME, 0, FILE_SHARE_READ, FILE_OPEN, 0, 0, 0, 1), STATUS_OBJECT_NAME_NOT_FOUND);
}

static void TestClientOpens(void)
{
    HANDLE server, client, other;

    ok_status(Client(&client, PIPE_NAME, GENERIC_READ, 0), STATUS_OBJECT_NAME_NOT_FOUND);
    /* Inbound: clients may only write. */
    ok_status(CreateServer(&server, PIPE_NAME, GENERIC_READ, FILE_SHARE_WRITE, FILE_CREATE,
                           FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, 1), STATUS_SUCCESS);
    ok_status(Client(&client, PIPE_NAME, GENERIC_READ, 0), STATUS_ACCESS_DENIED);
    ok_status(Client(&client, L"\\??\\PIPE\\VELES-TEST", GENERIC_WRITE, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    ok_status(Client(&other, PIPE_NAME, GENERIC_WRITE, 0), STATUS_PIPE_NOT_AVAILABLE);
    NtClose(client);
    /* Its client gone, the instance takes no other until it is disconnected and listens again. */
    ok_status(Client(&other, PIPE_NAME, GENERIC_WRITE, 0), STATUS_PIPE_NOT_AVAILABLE);
    ok_status(Control(server, FSCTL_PIPE_DISCONNECT, NULL, 0, NULL, 0), STATUS_SUCCESS);
    ok_status(Client(&other, PIPE_NAME, GENERIC_WRITE, 0), STATUS_PIPE_NOT_AVAILABLE);
    NtClose(server);
}

static void TestByteTransfers(void)
{
    HANDLE server, client;
    char buffer[16];
    ULONG got;

    ok_status(Server(&server, FILE_PIPE_BYTE_STREAM_TYPE, FILE_PIPE_BYTE_STREAM_MODE, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    /* Nobody yet at the other end. */
    ok_status(Write(server, "x", 1), STATUS_PIPE_LISTENING);
    ok_status(Read(server, buffer, 1, &got), STATUS_PIPE_LISTENING);
    ok_status(Client(&client, PIPE_NAME, GENERIC_READ | GENERIC_WRITE, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    /* Connected before it listened: listening says so. */
    ok_status(Control(server, FSCTL_PIPE_LISTEN, NULL, 0, NULL, 0), STATUS_PIPE_CONNECTED);
    ok_status(Control(client, FSCTL_PIPE_LISTEN, NULL, 0, NULL, 0), STATUS_ILLEGAL_FUNCTION);
    ok_status(Control(client, FSCTL_PIPE_DISCONNECT, NULL, 0, NULL, 0), STATUS_ILLEGAL_FUNCTION);

    ok_status(Write(client, "hello", 5), STATUS_SUCCESS);
    ok_status(Write(client, "world", 5), STATUS_SUCCESS);
    ok_status(Read(server, buffer, 2, &got), STATUS_SUCCESS);
    ok(got == 2 && !memcmp(buffer, "he", 2), "a part of the bytes: %u", got);
    ok_status(Read(server, buffer, sizeof(buffer), &got), STATUS_SUCCESS);
    ok(got == 8 && !memcmp(buffer, "lloworld", 8), "the rest, across writes: %u", got);
    ok_status(Write(server, "back", 4), STATUS_SUCCESS);
    ok_status(Read(client, buffer, sizeof(buffer), &got), STATUS_SUCCESS);
    ok(got == 4 && !memcmp(buffer, "back", 4), "the other way: %u", got);
    ok_status(Read(client, (char *)8, 4, &got), STATUS_ACCESS_VIOLATION);
    ok_status(Write(client, (char *)8, 4), STATUS_ACCESS_VIOLATION);
    ok_status(SetReadMode(client, FILE_PIPE_MESSAGE_MODE, 0), STATUS_INVALID_PARAMETER);

    /* The client goes: what it wrote can still be read, then the pipe is broken; writing meets a closing pipe. */
    ok_status(Write(client, "last", 4), STATUS_SUCCESS);
    NtClose(client);
    ok_status(Read(server, buffer, sizeof(buffer), &got), STATUS_SUCCESS);
    ok(got == 4 && !memcmp(buffer, "last", 4), "what the client wrote before it went: %u", got);
    ok_status(Read(server, buffer, sizeof(buffer), &got), STATUS_PIPE_BROKEN);
    ok_status(Write(server, "x", 1), STATUS_PIPE_CLOSING);
    ok_status(Control(server, FSCTL_PIPE_LISTEN, NULL, 0, NULL, 0), STATUS_PIPE_CLOSING);

    /* Disconnected and listening again, the instance takes a new client. */
    ok_status(Control(server, FSCTL_PIPE_DISCONNECT, NULL, 0, NULL, 0), STATUS_SUCCESS);
    ok_status(Control(server, FSCTL_PIPE_DISCONNECT, NULL, 0, NULL, 0), STATUS_PIPE_DISCONNECTED);
    ok_status(Read(server, buffer, 1, &got), STATUS_PIPE_DISCONNECTED);
    ok_status(Write(server, "x", 1), STATUS_PIPE_DISCONNECTED);
    /* A server that does not wait is told it listens. */
    ok_status(SetReadMode(server, FILE_PIPE_BYTE_STREAM_MODE, FILE_PIPE_COMPLETE_OPERATION), STATUS_SUCCESS);
    ok_status(Control(server, FSCTL_PIPE_LISTEN, NULL, 0, NULL, 0), STATUS_PIPE_LISTENING);
    ok_status(Client(&client, PIPE_NAME, GENERIC_READ | GENERIC_WRITE, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    ok_status(Read(server, buffer, 1, &got), STATUS_PIPE_EMPTY);
    ok_status(Write(client, "again", 5), STATUS_SUCCESS);
    ok_status(Read(server, buffer, sizeof(buffer), &got), STATUS_SUCCESS);
    ok(got == 5 && !memcmp(buffer, "again", 5), "a second client's bytes: %u", got);

    /* Disconnecting throws away what was not read, and leaves the client with nothing. */
    ok_status(Write(server, "lost", 4), STATUS_SUCCESS);
    ok_status(Control(server, FSCTL_PIPE_DISCONNECT, NULL, 0, NULL, 0), STATUS_SUCCESS);
    ok_status(Read(client, buffer, sizeof(buffer), &got), STATUS_PIPE_DISCONNECTED);
    ok_status(Write(client, "x", 1), STATUS_PIPE_DISCONNECTED);
    NtClose(client);

    NtClose(server);
}

static void TestMessageTransfers(void)
{
    HANDLE server, client;
    char buffer[16];
    ULONG got;

    ok_status(Server(&server, FILE_PIPE_MESSAGE_TYPE, FILE_PIPE_MESSAGE_MODE, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    ok_status(Client(&client, PIPE_NAME, GENERIC_READ | GENERIC_WRITE, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    ok_status(Write(client, "abc", 3), STATUS_SUCCESS);
    ok_status(Write(client, "defgh", 5), STATUS_SUCCESS);
    ok_status(Write(client, "", 0), STATUS_SUCCESS);
    ok_status(Write(client, "ij", 2), STATUS_SUCCESS);
    /* A message longer than the buffer: what fits, STATUS_BUFFER_OVERFLOW, the rest at the next read. */
    ok_status(Read(server, buffer, 2, &got), STATUS_BUFFER_OVERFLOW);
    ok(got == 2 && !memcmp(buffer, "ab", 2), "the start of a message: %u", got);
    ok_status(Read(server, buffer, sizeof(buffer), &got), STATUS_SUCCESS);
    ok(got == 1 && buffer[0] == 'c', "the rest of the message, not the next: %u", got);
    ok_status(Read(server, buffer, sizeof(buffer), &got), STATUS_SUCCESS);
    ok(got == 5 && !memcmp(buffer, "defgh", 5), "the next message whole: %u", got);
    ok_status(Read(server, buffer, sizeof(buffer), &got), STATUS_SUCCESS);
    ok(got == 0, "an empty message is a message: %u", got);
    ok_status(Read(server, buffer, sizeof(buffer), &got), STATUS_SUCCESS);
    ok(got == 2 && !memcmp(buffer, "ij", 2), "after it, the last: %u", got);

    /* In byte mode a message pipe's reads run across messages. */
    ok_status(Write(server, "one", 3), STATUS_SUCCESS);
    ok_status(Write(server, "two", 3), STATUS_SUCCESS);
    ok_status(Read(client, buffer, 2, &got), STATUS_SUCCESS);
    ok(got == 2 && !memcmp(buffer, "on", 2), "byte mode cuts a message without complaint: %u", got);
    ok_status(Read(client, buffer, sizeof(buffer), &got), STATUS_SUCCESS);
    ok(got == 4 && !memcmp(buffer, "etwo", 4), "byte mode reads on into the next message: %u", got);
    ok_status(SetReadMode(client, FILE_PIPE_MESSAGE_MODE, FILE_PIPE_QUEUE_OPERATION), STATUS_SUCCESS);
    ok_status(SetReadMode(client, 2, 0), STATUS_INVALID_PARAMETER);
    ok_status(SetReadMode(client, 0, 2), STATUS_INVALID_PARAMETER);
    ok_status(Write(server, "three", 5), STATUS_SUCCESS);
    ok_status(Read(client, buffer, 3, &got), STATUS_BUFFER_OVERFLOW);
    ok_status(Read(client, buffer, sizeof(buffer), &got), STATUS_SUCCESS);
    ok(got == 2 && !memcmp(buffer, "ee", 2), "message mode, set on the client: %u", got);

    /* The server goes: the client reads its last message, then the pipe is broken. */
    ok_status(Write(server, "bye", 3), STATUS_SUCCESS);
    NtClose(server);
    ok_status(Read(client, buffer, sizeof(buffer), &got), STATUS_SUCCESS);
    ok(got == 3 && !memcmp(buffer, "bye", 3), "the message sent before the server went: %u", got);
    ok_status(Read(client, buffer, sizeof(buffer), &got), STATUS_PIPE_BROKEN);
    ok_status(Write(client, "x", 1), STATUS_PIPE_CLOSING);
    NtClose(client);
}

static void TestClasses(void)
{
    FILE_PIPE_LOCAL_INFORMATION local;
    FILE_PIPE_INFORMATION mode;
    FILE_FS_DEVICE_INFORMATION device;
    IO_STATUS_BLOCK iosb;
    HANDLE server, client, bare;
    struct {
        ULONG Length;
        WCHAR Name[32];
    } name;

    ok_status(CreateServer(&server, PIPE_NAME, FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_CREATE,
                           FILE_SYNCHRONOUS_IO_NONALERT, FILE_PIPE_MESSAGE_TYPE, FILE_PIPE_MESSAGE_MODE, 4),
              STATUS_SUCCESS);
    ok_status(NtQueryInformationFile(server, &iosb, &local, sizeof(local), FilePipeLocalInformation), STATUS_SUCCESS);
    ok(local.NamedPipeType == FILE_PIPE_MESSAGE_TYPE && local.NamedPipeConfiguration == FILE_PIPE_FULL_DUPLEX &&
       local.MaximumInstances == 4 && local.CurrentInstances == 1 && local.InboundQuota == 4096 &&
       local.OutboundQuota == 4096 && local.NamedPipeState == FILE_PIPE_LISTENING_STATE &&
       local.NamedPipeEnd == FILE_PIPE_SERVER_END, "the server's pipe: %u %u %u %u %u %u", local.NamedPipeType,
       local.NamedPipeConfiguration, local.MaximumInstances, local.CurrentInstances, local.NamedPipeState,
       local.NamedPipeEnd);
    ok_status(NtQueryInformationFile(server, &iosb, &local, sizeof(local) - 1, FilePipeLocalInformation),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQueryInformationFile(server, &iosb, &mode, sizeof(mode), FilePipeInformation), STATUS_SUCCESS);
    ok(mode.ReadMode == FILE_PIPE_MESSAGE_MODE && mode.CompletionMode == FILE_PIPE_QUEUE_OPERATION,
       "the server's modes: %u %u", mode.ReadMode, mode.CompletionMode);
    /* Changing them needs FILE_WRITE_ATTRIBUTES. */
    ok_status(SetReadMode(server, FILE_PIPE_BYTE_STREAM_MODE, 0), STATUS_ACCESS_DENIED);

    ok_status(Client(&bare, PIPE_NAME, 0, 0), STATUS_SUCCESS);
    ok_status(NtQueryInformationFile(bare, &iosb, &local, sizeof(local), FilePipeLocalInformation),
              STATUS_ACCESS_DENIED);
    ok_status(NtQueryInformationFile(bare, &iosb, &mode, sizeof(mode), FilePipeInformation), STATUS_ACCESS_DENIED);
    NtClose(bare);
    ok_status(Control(server, FSCTL_PIPE_DISCONNECT, NULL, 0, NULL, 0), STATUS_SUCCESS);
    ok_status(NtQueryInformationFile(server, &iosb, &local, sizeof(local), FilePipeLocalInformation), STATUS_SUCCESS);
    ok(local.NamedPipeState == FILE_PIPE_DISCONNECTED_STATE, "disconnected: %u", local.NamedPipeState);
    NtClose(server);

    ok_status(Server(&server, FILE_PIPE_BYTE_STREAM_TYPE, 0, FILE_SYNCHRONOUS_IO_NONALERT), STATUS_SUCCESS);
    ok_status(Client(&client, PIPE_NAME, GENERIC_READ | GENERIC_WRITE, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    ok_status(Write(server, "12345", 5), STATUS_SUCCESS);
    ok_status(NtQueryInformationFile(client, &iosb, &local, sizeof(local), FilePipeLocalInformation), STATUS_SUCCESS);
    ok(local.NamedPipeState == FILE_PIPE_CONNECTED_STATE && local.NamedPipeEnd == FILE_PIPE_CLIENT_END &&
       local.ReadDataAvailable == 5, "the client's end: %u %u %u", local.NamedPipeState, local.NamedPipeEnd,
       local.ReadDataAvailable);
    ok_status(NtQueryInformationFile(client, &iosb, &mode, sizeof(mode), FilePipeInformation), STATUS_SUCCESS);
    ok(mode.ReadMode == FILE_PIPE_BYTE_STREAM_MODE && mode.CompletionMode == FILE_PIPE_QUEUE_OPERATION,
       "a client starts in byte mode, queueing: %u %u", mode.ReadMode, mode.CompletionMode);
    ok_status(NtQueryInformationFile(client, &iosb, &name, sizeof(name), FileNameInformation), STATUS_SUCCESS);
    ok(name.Length == 22 && TestStrEqualW(name.Name, "\\veles-test", 11), "the pipe's name: %u", name.Length);
    ok_status(NtQueryVolumeInformationFile(client, &iosb, &device, sizeof(device), FileFsDeviceInformation),
              STATUS_SUCCESS);
    ok(device.DeviceType == FILE_DEVICE_NAMED_PIPE, "a pipe's device: %x", device.DeviceType);
    NtClose(server);
    ok_status(NtQueryInformationFile(client, &iosb, &local, sizeof(local), FilePipeLocalInformation), STATUS_SUCCESS);
    ok(local.NamedPipeState == FILE_PIPE_CLOSING_STATE, "its server gone: %u", local.NamedPipeState);
    NtClose(client);

    /* Disconnected by its server, a client can only be closed; the server has none of its data any more. */
    ok_status(Server(&server, FILE_PIPE_BYTE_STREAM_TYPE, 0, FILE_SYNCHRONOUS_IO_NONALERT), STATUS_SUCCESS);
    ok_status(Client(&client, PIPE_NAME, GENERIC_READ | GENERIC_WRITE, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    ok_status(Write(client, "12345", 5), STATUS_SUCCESS);
    ok_status(Control(server, FSCTL_PIPE_DISCONNECT, NULL, 0, NULL, 0), STATUS_SUCCESS);
    ok_status(NtQueryInformationFile(client, &iosb, &local, sizeof(local), FilePipeLocalInformation),
              STATUS_PIPE_DISCONNECTED);
    ok_status(NtQueryInformationFile(client, &iosb, &name, sizeof(name), FileNameInformation),
              STATUS_PIPE_DISCONNECTED);
    ok_status(NtFlushBuffersFile(client, &iosb), STATUS_PIPE_DISCONNECTED);
    ok_status(Control(client, FSCTL_PIPE_TRANSCEIVE, "x", 1, &name, 1), STATUS_PIPE_DISCONNECTED);
    ok_status(NtQueryInformationFile(server, &iosb, &local, sizeof(local), FilePipeLocalInformation), STATUS_SUCCESS);
    ok(local.NamedPipeState == FILE_PIPE_DISCONNECTED_STATE && !local.ReadDataAvailable, "the server: %u %u",
       local.NamedPipeState, local.ReadDataAvailable);
    {
        FILE_PIPE_PEEK_BUFFER peek;
        ok_status(Control(server, FSCTL_PIPE_PEEK, NULL, 0, &peek, sizeof(peek)), STATUS_INVALID_PIPE_STATE);
        ok_status(Control(server, FSCTL_PIPE_TRANSCEIVE, "x", 1, &peek, 1), STATUS_INVALID_PIPE_STATE);
    }
    NtClose(server);
    NtClose(client);

    /* Not a pipe. */
    ok_status(NtQueryInformationFile(NtCurrentProcess(), &iosb, &mode, sizeof(mode), FilePipeInformation),
              STATUS_OBJECT_TYPE_MISMATCH);
}

static void TestPeek(void)
{
    HANDLE server, client;
    struct {
        FILE_PIPE_PEEK_BUFFER Header;
        char More[15];
    } peek;
    IO_STATUS_BLOCK iosb;
    ULONG small = offsetof(FILE_PIPE_PEEK_BUFFER, Data) + 2;

    ok_status(Server(&server, FILE_PIPE_MESSAGE_TYPE, FILE_PIPE_MESSAGE_MODE, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    ok_status(Control(server, FSCTL_PIPE_PEEK, NULL, 0, &peek, sizeof(peek)), STATUS_INVALID_PIPE_STATE);
    ok_status(Client(&client, PIPE_NAME, GENERIC_READ | GENERIC_WRITE, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    ok_status(Control(server, FSCTL_PIPE_PEEK, NULL, 0, &peek, sizeof(peek)), STATUS_SUCCESS);
    ok(peek.Header.ReadDataAvailable == 0 && peek.Header.MessageLength == 0 &&
       peek.Header.NamedPipeState == FILE_PIPE_CONNECTED_STATE, "nothing to see yet");
    ok_status(Write(client, "peekaboo", 8), STATUS_SUCCESS);
    ok_status(Write(client, "xy", 2), STATUS_SUCCESS);
    ok_status(Control(server, FSCTL_PIPE_PEEK, NULL, 0, &peek, 8), STATUS_INFO_LENGTH_MISMATCH);
    memset(&iosb, 0, sizeof(iosb));
    ok_status(NtFsControlFile(server, NULL, NULL, NULL, &iosb, FSCTL_PIPE_PEEK, NULL, 0, &peek, small),
              STATUS_BUFFER_OVERFLOW);
    ok(iosb.Status == STATUS_BUFFER_OVERFLOW && iosb.Information == small && peek.Header.ReadDataAvailable == 10 &&
       peek.Header.MessageLength == 8 && !memcmp(peek.Header.Data, "pe", 2), "a peek too small: %u %u",
       peek.Header.ReadDataAvailable, peek.Header.MessageLength);
    ok_status(Control(server, FSCTL_PIPE_PEEK, NULL, 0, &peek, sizeof(peek)), STATUS_SUCCESS);
    ok(peek.Header.MessageLength == 8 && !memcmp(peek.Header.Data, "peekaboo", 8), "the first message seen");
    ok_status(Control(server, FSCTL_PIPE_PEEK, NULL, 0, (PVOID)8, sizeof(peek)), STATUS_ACCESS_VIOLATION);
    NtClose(client);
    /* Its client gone, what is left is still seen; once read, the pipe is broken. */
    ok_status(Control(server, FSCTL_PIPE_PEEK, NULL, 0, &peek, sizeof(peek)), STATUS_SUCCESS);
    ok(peek.Header.ReadDataAvailable == 10 && peek.Header.NamedPipeState == FILE_PIPE_CLOSING_STATE,
       "what the client left: %u %u", peek.Header.ReadDataAvailable, peek.Header.NamedPipeState);
    char buffer[16];
    ULONG got;
    ok_status(Read(server, buffer, sizeof(buffer), &got), STATUS_SUCCESS);
    ok_status(Read(server, buffer, sizeof(buffer), &got), STATUS_SUCCESS);
    ok_status(Control(server, FSCTL_PIPE_PEEK, NULL, 0, &peek, sizeof(peek)), STATUS_PIPE_BROKEN);
    NtClose(server);
}

/* The other thread of a conversation: a client that sends requests and checks the answers. */
static volatile LONG ClientRounds;

static ULONG NTAPI EchoClient(PVOID arg)
{
    HANDLE client;
    char buffer[32];
    ULONG got;

    (void)arg;
    if (Client(&client, PIPE_NAME, GENERIC_READ | GENERIC_WRITE, FILE_SYNCHRONOUS_IO_NONALERT))
        return 1;
    SetReadMode(client, FILE_PIPE_MESSAGE_MODE, FILE_PIPE_QUEUE_OPERATION);
    for (int i = 0; i < 100; i++) {
        char request[8] = "ping";
        IO_STATUS_BLOCK iosb = {.Information = 0};
        request[4] = (char)('0' + i % 10);
        if (i % 2) {
            if (NtFsControlFile(client, NULL, NULL, NULL, &iosb, FSCTL_PIPE_TRANSCEIVE, request, 5, buffer,
                                sizeof(buffer)))
                break;
            got = (ULONG)iosb.Information;
        } else if (Write(client, request, 5) || Read(client, buffer, sizeof(buffer), &got)) {
            break;
        }
        if (got != 5 || memcmp(buffer, "pong", 4) || buffer[4] != request[4])
            break;
        ClientRounds++;
    }
    NtClose(client);
    return 0;
}

static void TestTwoThreads(void)
{
    HANDLE server, thread;
    char buffer[32];
    ULONG got, rounds = 0;

    ok_status(Server(&server, FILE_PIPE_MESSAGE_TYPE, FILE_PIPE_MESSAGE_MODE, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    ok_status(Control(server, FSCTL_PIPE_TRANSCEIVE, "x", 1, buffer, sizeof(buffer)), STATUS_INVALID_PIPE_STATE);
    ClientRounds = 0;
    thread = TestCreateThread(EchoClient, NULL, 0);
    /* The listen waits for the client. */
    NTSTATUS listen = Control(server, FSCTL_PIPE_LISTEN, NULL, 0, NULL, 0);
    ok(listen == STATUS_SUCCESS || listen == STATUS_PIPE_CONNECTED, "the listen ends connected: %x", listen);
    while (Read(server, buffer, sizeof(buffer), &got) == STATUS_SUCCESS) {
        buffer[1] = 'o';
        if (Write(server, buffer, got))
            break;
        rounds++;
    }
    NtWaitForSingleObject(thread, FALSE, NULL);
    NtClose(thread);
    ok(rounds == 100 && ClientRounds == 100, "a conversation of two threads: %u and %u rounds", rounds,
       (ULONG)ClientRounds);
    NtClose(server);

    /* Transceiving needs message mode. */
    HANDLE client;
    ok_status(Server(&server, FILE_PIPE_BYTE_STREAM_TYPE, 0, FILE_SYNCHRONOUS_IO_NONALERT), STATUS_SUCCESS);
    ok_status(Client(&client, PIPE_NAME, GENERIC_READ | GENERIC_WRITE, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    ok_status(Control(client, FSCTL_PIPE_TRANSCEIVE, "x", 1, buffer, sizeof(buffer)), STATUS_INVALID_READ_MODE);
    NtClose(client);
    NtClose(server);
    /* ... and nothing unread. */
    ok_status(Server(&server, FILE_PIPE_MESSAGE_TYPE, FILE_PIPE_MESSAGE_MODE, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    ok_status(Client(&client, PIPE_NAME, GENERIC_READ | GENERIC_WRITE, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    ok_status(Write(client, "unread", 6), STATUS_SUCCESS);
    ok_status(Control(server, FSCTL_PIPE_TRANSCEIVE, "x", 1, buffer, sizeof(buffer)), STATUS_PIPE_BUSY);
    NtClose(client);
    NtClose(server);
}

static volatile LONG ApcCount;

static void NTAPI CountApc(PVOID context, PIO_STATUS_BLOCK iosb, ULONG reserved)
{
    (void)iosb;
    (void)reserved;
    if (context == (PVOID)0x55)
        ApcCount++;
}

static void TestOverlapped(void)
{
    HANDLE server, client, event, port, other;
    IO_STATUS_BLOCK iosb, got, cancel;
    FILE_COMPLETION_INFORMATION bind;
    LARGE_INTEGER zero = {.QuadPart = 0};
    PVOID key, context;
    char buffer[16];

    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
    ok_status(Server(&server, FILE_PIPE_BYTE_STREAM_TYPE, 0, 0), STATUS_SUCCESS);
    /* The listen of a file without synchronous I/O is pending until a client comes. */
    memset(&iosb, 0x55, sizeof(iosb));
    ApcCount = 0;
    ok_status(NtFsControlFile(server, event, CountApc, (PVOID)0x55, &iosb, FSCTL_PIPE_LISTEN, NULL, 0, NULL, 0),
              STATUS_PENDING);
    ok(iosb.Status == (NTSTATUS)0x55555555, "a pending listen leaves the status block alone");
    ok_status(NtWaitForSingleObject(event, FALSE, &zero), STATUS_TIMEOUT);
    ok_status(Client(&client, PIPE_NAME, GENERIC_READ | GENERIC_WRITE, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    ok(iosb.Status == STATUS_SUCCESS && iosb.Information == 0, "the client's open completes the listen: %x",
       iosb.Status);
    ok_status(NtWaitForSingleObject(event, FALSE, &zero), STATUS_SUCCESS);
    ok(ApcCount == 0, "the listen's APC waits for an alertable moment");
    NtTestAlert();
    ok(ApcCount == 1, "the listen's APC ran: %d", (int)ApcCount);

    /* A read with nothing there is pending; the client's write completes it. */
    memset(&iosb, 0x55, sizeof(iosb));
    ok_status(NtReadFile(server, event, NULL, NULL, &iosb, buffer, sizeof(buffer), NULL, NULL), STATUS_PENDING);
    ok(iosb.Status == (NTSTATUS)0x55555555, "a pending read leaves the status block alone");
    ok_status(NtWaitForSingleObject(event, FALSE, &zero), STATUS_TIMEOUT);
    ok_status(Write(client, "late", 4), STATUS_SUCCESS);
    ok(iosb.Status == STATUS_SUCCESS && iosb.Information == 4 && !memcmp(buffer, "late", 4),
       "the write completed the read: %x %u", iosb.Status, (ULONG)iosb.Information);
    ok_status(NtWaitForSingleObject(event, FALSE, &zero), STATUS_SUCCESS);
    /* With data there, it completes at once. */
    ok_status(Write(client, "now", 3), STATUS_SUCCESS);
    ok_status(NtReadFile(server, event, NULL, NULL, &iosb, buffer, sizeof(buffer), NULL, NULL), STATUS_SUCCESS);
    ok(iosb.Information == 3, "a read of what is there: %u", (ULONG)iosb.Information);

    /* Completed on a port, with the file's key and the read's context. */
    ok_status(NtCreateIoCompletion(&port, IO_COMPLETION_ALL_ACCESS, NULL, 0), STATUS_SUCCESS);
    bind.Port = port;
    bind.Key = (PVOID)0x4b;
    ok_status(NtSetInformationFile(server, &iosb, &bind, sizeof(bind), FileCompletionInformation), STATUS_SUCCESS);
    ok_status(NtReadFile(server, NULL, NULL, (PVOID)0x77, &iosb, buffer, sizeof(buffer), NULL, NULL),
              STATUS_PENDING);
    ok_status(NtRemoveIoCompletion(port, &key, &context, &got, &zero), STATUS_TIMEOUT);
    ok_status(Write(client, "port", 4), STATUS_SUCCESS);
    ok_status(NtRemoveIoCompletion(port, &key, &context, &got, &zero), STATUS_SUCCESS);
    ok(key == (PVOID)0x4b && context == (PVOID)0x77 && got.Status == STATUS_SUCCESS && got.Information == 4 &&
       !memcmp(buffer, "port", 4), "the read's packet: %p %p %x %u", key, context, got.Status,
       (ULONG)got.Information);

    /* A pending read learns that its client went, through the port too. */
    ok_status(NtReadFile(server, NULL, NULL, (PVOID)0x78, &iosb, buffer, sizeof(buffer), NULL, NULL),
              STATUS_PENDING);
    NtClose(client);
    ok_status(NtRemoveIoCompletion(port, &key, &context, &got, &zero), STATUS_SUCCESS);
    ok(context == (PVOID)0x78 && got.Status == STATUS_PIPE_BROKEN, "the broken pipe's packet: %x", got.Status);
    ok(iosb.Status == STATUS_PIPE_BROKEN, "and its status block: %x", iosb.Status);

    /* Cancelled: by the thread that asked, or by its status block. */
    NtClose(port);
    ok_status(Control(server, FSCTL_PIPE_DISCONNECT, NULL, 0, NULL, 0), STATUS_SUCCESS);
    ok_status(Server(&other, FILE_PIPE_BYTE_STREAM_TYPE, 0, 0), STATUS_INSTANCE_NOT_AVAILABLE);
    ApcCount = 0;
    ok_status(NtFsControlFile(server, event, CountApc, (PVOID)0x55, &iosb, FSCTL_PIPE_LISTEN, NULL, 0, NULL, 0),
              STATUS_INVALID_PARAMETER); /* a port takes the completions, not an APC */
    ok_status(NtFsControlFile(server, event, NULL, (PVOID)0x55, &iosb, FSCTL_PIPE_LISTEN, NULL, 0, NULL, 0),
              STATUS_PENDING);
    ok_status(NtCancelIoFileEx(server, &got, &cancel), STATUS_NOT_FOUND);
    ok(cancel.Status == STATUS_NOT_FOUND, "nothing pending with that status block: %x", cancel.Status);
    ok_status(NtCancelIoFile(server, &cancel), STATUS_SUCCESS);
    ok(iosb.Status == STATUS_CANCELLED && cancel.Status == STATUS_SUCCESS, "the listen cancelled: %x", iosb.Status);
    ok_status(NtWaitForSingleObject(event, FALSE, &zero), STATUS_SUCCESS);
    ok_status(NtReadFile(server, event, NULL, NULL, &iosb, buffer, sizeof(buffer), NULL, NULL),
              STATUS_PIPE_LISTENING);
    ok_status(NtFsControlFile(server, event, NULL, NULL, &iosb, FSCTL_PIPE_LISTEN, NULL, 0, NULL, 0),
              STATUS_PENDING);
    ok_status(NtCancelIoFileEx(server, &iosb, &cancel), STATUS_SUCCESS);
    ok(iosb.Status == STATUS_CANCELLED, "cancelled by its status block: %x", iosb.Status);
    ok_status(NtCancelIoFile((HANDLE)0x1230, &cancel), STATUS_INVALID_HANDLE);
    ok_status(NtCancelIoFile(server, (PIO_STATUS_BLOCK)8), STATUS_ACCESS_VIOLATION);

    /* Closing the server cancels what waits on it. */
    ok_status(Control(server, FSCTL_PIPE_DISCONNECT, NULL, 0, NULL, 0), STATUS_PIPE_LISTENING);
    ok_status(NtFsControlFile(server, event, NULL, NULL, &iosb, FSCTL_PIPE_LISTEN, NULL, 0, NULL, 0),
              STATUS_PENDING);
    NtClose(server);
    ok(iosb.Status == STATUS_CANCELLED, "a listen cancelled by the close: %x", iosb.Status);
    ok_status(NtWaitForSingleObject(event, FALSE, &zero), STATUS_SUCCESS);
    NtClose(event);
}

static HANDLE WaitServer;

static ULONG NTAPI FreeInstanceLater(PVOID arg)
{
    LARGE_INTEGER delay = {.QuadPart = -200000};
    (void)arg;
    NtDelayExecution(FALSE, &delay);
    Control(WaitServer, FSCTL_PIPE_DISCONNECT, NULL, 0, NULL, 0);
    Control(WaitServer, FSCTL_PIPE_LISTEN, NULL, 0, NULL, 0);
    return 0;
}

static NTSTATUS WaitForPipe(HANDLE device, const WCHAR *name, LONGLONG timeout, ULONG size)
{
    struct {
        FILE_PIPE_WAIT_FOR_BUFFER Header;
        WCHAR More[40];
    } wait = {0};
    ULONG length = 0;

    while (name[length])
        length++;
    wait.Header.Timeout.QuadPart = timeout;
    wait.Header.TimeoutSpecified = TRUE;
    wait.Header.NameLength = length * sizeof(WCHAR);
    memcpy(wait.Header.Name, name, length * sizeof(WCHAR));
    return Control(device, FSCTL_PIPE_WAIT, &wait, size ? size : offsetof(FILE_PIPE_WAIT_FOR_BUFFER, Name) +
                   length * sizeof(WCHAR), NULL, 0);
}

static void TestWait(void)
{
    HANDLE device, client, thread;

    ok_status(Client(&device, L"\\??\\PIPE\\", FILE_READ_ATTRIBUTES, FILE_SYNCHRONOUS_IO_NONALERT), STATUS_SUCCESS);
    ok_status(WaitForPipe(device, L"veles-test", -10000, 0), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(Server(&WaitServer, FILE_PIPE_BYTE_STREAM_TYPE, 0, FILE_SYNCHRONOUS_IO_NONALERT), STATUS_SUCCESS);
    ok_status(WaitForPipe(device, L"VELES-TEST", -10000, 0), STATUS_SUCCESS);
    ok_status(WaitForPipe(device, L"veles-test", -10000, 4), STATUS_INVALID_PARAMETER);
    ok_status(Control(WaitServer, FSCTL_PIPE_WAIT, NULL, 0, NULL, 0), STATUS_ILLEGAL_FUNCTION);
    /* The device is no pipe: each of a pipe's own codes has its refusal, once the handle's access allows it. */
    ok_status(Control(device, FSCTL_PIPE_TRANSCEIVE, NULL, 0, NULL, 0), STATUS_ACCESS_DENIED);
    ok_status(Client(&client, L"\\??\\PIPE\\", GENERIC_READ | GENERIC_WRITE, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    ok_status(Control(client, FSCTL_PIPE_ASSIGN_EVENT, NULL, 0, NULL, 0), STATUS_NOT_SUPPORTED);
    ok_status(Control(client, FSCTL_PIPE_QUERY_EVENT, NULL, 0, NULL, 0), STATUS_NOT_SUPPORTED);
    ok_status(Control(client, FSCTL_PIPE_SET_CLIENT_PROCESS, NULL, 0, NULL, 0), STATUS_NOT_SUPPORTED);
    ok_status(Control(client, FSCTL_PIPE_DISCONNECT, NULL, 0, NULL, 0), STATUS_PIPE_DISCONNECTED);
    ok_status(Control(client, FSCTL_PIPE_TRANSCEIVE, NULL, 0, NULL, 0), STATUS_PIPE_DISCONNECTED);
    ok_status(Control(client, FSCTL_PIPE_LISTEN, NULL, 0, NULL, 0), STATUS_ILLEGAL_FUNCTION);
    ok_status(Control(client, FSCTL_PIPE_IMPERSONATE, NULL, 0, NULL, 0), STATUS_ILLEGAL_FUNCTION);
    ok_status(Control(client, FSCTL_PIPE_QUERY_CLIENT_PROCESS, NULL, 0, NULL, 0), STATUS_INVALID_PARAMETER);
    ok_status(Control(client, FSCTL_PIPE_PEEK, NULL, 0, NULL, 0), STATUS_INVALID_PARAMETER);
    {
        IO_STATUS_BLOCK iosb;
        char byte = 0;
        ok_status(NtReadFile(client, NULL, NULL, NULL, &iosb, &byte, 1, NULL, NULL), STATUS_INVALID_PARAMETER);
        ok_status(NtWriteFile(client, NULL, NULL, NULL, &iosb, &byte, 1, NULL, NULL), STATUS_INVALID_PARAMETER);
    }
    NtClose(client);
    ok_status(Client(&client, PIPE_NAME, GENERIC_READ | GENERIC_WRITE, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    /* Its one instance taken: the wait runs out, unless the server frees it meanwhile. */
    ok_status(WaitForPipe(device, L"veles-test", -200000, 0), STATUS_IO_TIMEOUT);
    thread = TestCreateThread(FreeInstanceLater, NULL, 0);
    ok_status(WaitForPipe(device, L"veles-test", -50000000, 0), STATUS_SUCCESS);
    NtClose(client);
    /* The instance free again, a new client ends the server's listen. */
    ok_status(Client(&client, PIPE_NAME, GENERIC_READ | GENERIC_WRITE, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    NtWaitForSingleObject(thread, FALSE, NULL);
    NtClose(thread);
    NtClose(client);
    NtClose(WaitServer);
    NtClose(device);
}

/* A thread blocked in a synchronous listen or read, which NtCancelSynchronousIoFile ends. */
static HANDLE BlockedPipe;
static IO_STATUS_BLOCK BlockedIosb;
static volatile NTSTATUS BlockedStatus;

static ULONG NTAPI BlockInListen(PVOID arg)
{
    BlockedStatus = NtFsControlFile(BlockedPipe, NULL, NULL, NULL, &BlockedIosb, FSCTL_PIPE_LISTEN, NULL, 0, NULL, 0);
    return 0;
}

static ULONG NTAPI BlockInRead(PVOID arg)
{
    char buffer[8];
    BlockedStatus = NtReadFile(BlockedPipe, NULL, NULL, NULL, &BlockedIosb, buffer, sizeof(buffer), NULL, NULL);
    return 0;
}

/* Start a thread that blocks on BlockedPipe, and wait until its request runs: the file is then not signalled. */
static HANDLE StartBlocked(PUSER_THREAD_START_ROUTINE routine)
{
    LARGE_INTEGER zero = {.QuadPart = 0}, ms = {.QuadPart = -10000};
    HANDLE thread;
    int i;

    BlockedIosb.Status = (NTSTATUS)0xdeadbabe;
    BlockedIosb.Information = 0xdeadbeef;
    BlockedStatus = 0x1234;
    thread = TestCreateThread(routine, NULL, 0);
    for (i = 0; i < 5000 && NtWaitForSingleObject(BlockedPipe, FALSE, &zero) == STATUS_WAIT_0; i++)
        NtDelayExecution(FALSE, &ms);
    ok(i < 5000, "the file is not signalled while its request runs");
    return thread;
}

static void EndBlocked(HANDLE thread)
{
    LARGE_INTEGER second = {.QuadPart = -10000000};

    ok_status(NtWaitForSingleObject(thread, FALSE, &second), STATUS_WAIT_0);
    ok(BlockedStatus == STATUS_CANCELLED, "the cancelled request's status: %x", (unsigned)BlockedStatus);
    ok(BlockedIosb.Status == (NTSTATUS)0xdeadbabe && BlockedIosb.Information == 0xdeadbeef,
       "a cancelled synchronous request writes no status block");
    NtClose(thread);
}

static void TestCancelSynchronous(void)
{
    IO_STATUS_BLOCK iosb;
    HANDLE thread, client;

    /* Refusals, as Wine's tests record Windows giving them. */
    ok_status(NtCancelSynchronousIoFile((HANDLE)0xdeadbeef, NULL, &iosb), STATUS_INVALID_HANDLE);
    ok_status(NtCancelSynchronousIoFile(NULL, NULL, &iosb), STATUS_INVALID_HANDLE);
    ok_status(NtCancelSynchronousIoFile(NtCurrentThread(), NULL, NULL), STATUS_ACCESS_VIOLATION);
    ok_status(NtCancelSynchronousIoFile(NtCurrentThread(), NULL, (PIO_STATUS_BLOCK)0xdeadbeef),
              STATUS_ACCESS_VIOLATION);
    iosb.Status = 0x55;
    iosb.Information = 0x55;
    ok_status(NtCancelSynchronousIoFile(NtCurrentThread(), (PIO_STATUS_BLOCK)0xdeadbeef, &iosb), STATUS_NOT_FOUND);
    ok(iosb.Status == STATUS_NOT_FOUND && iosb.Information == 0, "nothing to cancel: %x", (unsigned)iosb.Status);

    /* Any request of the thread. */
    ok_status(Server(&BlockedPipe, 0, 0, FILE_SYNCHRONOUS_IO_NONALERT), STATUS_SUCCESS);
    thread = StartBlocked(BlockInListen);
    ok_status(NtCancelSynchronousIoFile(thread, NULL, &iosb), STATUS_SUCCESS);
    ok(iosb.Status == STATUS_SUCCESS && iosb.Information == 0, "cancelled: %x", (unsigned)iosb.Status);
    EndBlocked(thread);
    ok_status(NtCancelSynchronousIoFile(NtCurrentThread(), NULL, &iosb), STATUS_NOT_FOUND);

    /* The request with that status block only. */
    thread = StartBlocked(BlockInListen);
    ok_status(NtCancelSynchronousIoFile(thread, &iosb, &iosb), STATUS_NOT_FOUND);
    ok_status(NtCancelSynchronousIoFile(thread, &BlockedIosb, &iosb), STATUS_SUCCESS);
    EndBlocked(thread);

    /* A read waiting for data; the pipe serves on afterwards. */
    ok_status(Client(&client, PIPE_NAME, GENERIC_READ | GENERIC_WRITE, FILE_SYNCHRONOUS_IO_NONALERT), STATUS_SUCCESS);
    thread = StartBlocked(BlockInRead);
    ok_status(NtCancelSynchronousIoFile(thread, NULL, &iosb), STATUS_SUCCESS);
    EndBlocked(thread);
    ok_status(Write(client, "after", 5), STATUS_SUCCESS);
    {
        char buffer[8];
        ULONG got;
        ok_status(Read(BlockedPipe, buffer, sizeof(buffer), &got), STATUS_SUCCESS);
        ok(got == 5 && !memcmp(buffer, "after", 5), "read after a cancelled read: %u", got);
    }
    NtClose(client);
    NtClose(BlockedPipe);
}

/* CreatePipe's way: an inbound pipe of one instance, and a client that writes. */
static void TestAnonymous(void)
{
    HANDLE reader, writer;
    char buffer[8];
    ULONG got;

    ok_status(CreateServer(&reader, L"\\??\\pipe\\Win32Pipes.00000001.00000002", GENERIC_READ | FILE_WRITE_ATTRIBUTES,
                           FILE_SHARE_WRITE, FILE_CREATE, FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, 1), STATUS_SUCCESS);
    ok_status(Client(&writer, L"\\??\\pipe\\Win32Pipes.00000001.00000002", GENERIC_WRITE | FILE_READ_ATTRIBUTES,
                     FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE), STATUS_SUCCESS);
    ok_status(Write(writer, "anon", 4), STATUS_SUCCESS);
    ok_status(Write(reader, "x", 1), STATUS_ACCESS_DENIED);
    ok_status(Read(reader, buffer, sizeof(buffer), &got), STATUS_SUCCESS);
    ok(got == 4 && !memcmp(buffer, "anon", 4), "through an anonymous pipe: %u", got);
    NtClose(writer);
    ok_status(Read(reader, buffer, sizeof(buffer), &got), STATUS_PIPE_BROKEN);
    NtClose(reader);
}

static HANDLE FlushedEnd;
static volatile LONG Flushed;

static ULONG NTAPI FlushLater(PVOID arg)
{
    IO_STATUS_BLOCK iosb;
    (void)arg;
    NtFlushBuffersFile(FlushedEnd, &iosb);
    Flushed = 1;
    return 0;
}

/* A flush of a pipe end waits until the other end has read what it wrote. */
static void TestFlush(void)
{
    LARGE_INTEGER ms50 = {.QuadPart = -500000};
    HANDLE server, client, thread, event;
    IO_STATUS_BLOCK iosb;
    char buffer[8];
    ULONG got;

    ok_status(Server(&server, FILE_PIPE_BYTE_STREAM_TYPE, 0, FILE_SYNCHRONOUS_IO_NONALERT), STATUS_SUCCESS);
    ok_status(Client(&client, PIPE_NAME, GENERIC_READ | GENERIC_WRITE, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    ok_status(NtFlushBuffersFile(server, &iosb), STATUS_SUCCESS); /* nothing written: at once */
    ok_status(Write(server, "abc", 3), STATUS_SUCCESS);
    FlushedEnd = server;
    Flushed = 0;
    thread = TestCreateThread(FlushLater, NULL, 0);
    NtDelayExecution(FALSE, &ms50);
    ok(!Flushed, "the flush waits for the reader");
    /* A synchronous file's own event is set by a request that ends, even one with an event of its caller's. */
    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
    ok_status(NtReadFile(client, event, NULL, NULL, &iosb, buffer, sizeof(buffer), NULL, NULL), STATUS_SUCCESS);
    got = (ULONG)iosb.Information;
    ok(got == 3, "read %u", got);
    ok_status(NtWaitForSingleObject(client, FALSE, &(LARGE_INTEGER){.QuadPart = 0}), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(thread, FALSE, &(LARGE_INTEGER){.QuadPart = -50000000}), STATUS_SUCCESS);
    ok(Flushed, "the flush ends once all is read");
    NtClose(thread);
    NtClose(event);
    NtClose(client);
    NtClose(server);
}

/* Windows 10's CreatePipe: a pipe with no name, made beside a handle of the device's root directory, and its client
 * opened beside the server's handle. */
static HANDLE Beside(HANDLE root, const WCHAR *path, NTSTATUS *status, BOOLEAN server)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .RootDirectory = root, .ObjectName = &name};
    IO_STATUS_BLOCK iosb;
    HANDLE h = NULL;

    RtlInitUnicodeString(&name, path);
    *status = server ? NtCreateNamedPipeFile(&h, GENERIC_READ | SYNCHRONIZE, &oa, &iosb,
                                             FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_CREATE,
                                             FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, 0, 1, 4096, 4096, &Timeout)
                     : NtCreateFile(&h, GENERIC_WRITE | SYNCHRONIZE, &oa, &iosb, NULL, 0,
                                    FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT, NULL,
                                    0);
    return h;
}

static void TestUnnamed(void)
{
    HANDLE root, device, reader, other, writer, none;
    BYTE name[256];
    NTSTATUS status;
    char buffer[8];
    ULONG got;

    ok_status(Client(&root, L"\\??\\PIPE\\", FILE_READ_ATTRIBUTES, FILE_SYNCHRONOUS_IO_NONALERT), STATUS_SUCCESS);
    ok_status(NtQueryObject(root, ObjectNameInformation, name, sizeof(name), NULL), STATUS_SUCCESS);
    ok(TestStrEqualW(((UNICODE_STRING *)name)->Buffer, "\\Device\\NamedPipe\\", 18) &&
           ((UNICODE_STRING *)name)->Length == 36,
       "the device's root is named with its backslash: %u", ((UNICODE_STRING *)name)->Length);
    reader = Beside(root, L"", &status, TRUE);
    ok_status(status, STATUS_SUCCESS);
    other = Beside(root, L"", &status, TRUE);
    ok_status(status, STATUS_SUCCESS);
    ok_status(NtQueryObject(reader, ObjectNameInformation, name, sizeof(name), NULL), STATUS_OBJECT_PATH_INVALID);
    writer = Beside(reader, L"", &status, FALSE);
    ok_status(status, STATUS_SUCCESS);
    none = Beside(reader, L"", &status, FALSE);
    ok_status(status, STATUS_PIPE_NOT_AVAILABLE);
    none = Beside(reader, L"a", &status, FALSE);
    ok_status(status, STATUS_OBJECT_NAME_INVALID);
    ok_status(Write(writer, "beside", 6), STATUS_SUCCESS);
    ok_status(Read(reader, buffer, sizeof(buffer), &got), STATUS_SUCCESS);
    ok(got == 6 && !memcmp(buffer, "beside", 6), "through a pipe with no name: %u", got);
    (void)none;
    NtClose(writer);
    NtClose(other);
    NtClose(reader);
    NtClose(root);

    /* A pipe's name may be as long as an object's. */
    {
        static WCHAR long_name[9 + 1000 + 1] = L"\\??\\pipe\\";
        struct {
            FILE_NAME_INFORMATION Info;
            WCHAR More[1100];
        } named;
        IO_STATUS_BLOCK iosb;
        for (int i = 0; i < 1000; i++)
            long_name[9 + i] = 'x';
        ok_status(CreateServer(&reader, long_name, GENERIC_READ, FILE_SHARE_WRITE, FILE_CREATE,
                               FILE_SYNCHRONOUS_IO_NONALERT, 0, 0, 1),
                  STATUS_SUCCESS);
        ok_status(Client(&writer, long_name, GENERIC_WRITE, FILE_SYNCHRONOUS_IO_NONALERT), STATUS_SUCCESS);
        ok_status(NtQueryInformationFile(writer, &iosb, &named, sizeof(named), FileNameInformation), STATUS_SUCCESS);
        ok(named.Info.FileNameLength == 1001 * sizeof(WCHAR), "its name: %u bytes", named.Info.FileNameLength);
        NtClose(writer);
        NtClose(reader);
    }

    /* The device itself, without the backslash of its root, holds no pipes and waits for none. */
    ok_status(Client(&device, L"\\??\\PIPE", FILE_READ_ATTRIBUTES, FILE_SYNCHRONOUS_IO_NONALERT), STATUS_SUCCESS);
    none = Beside(device, L"", &status, TRUE);
    ok_status(status, STATUS_OBJECT_NAME_INVALID);
    ok_status(WaitForPipe(device, L"veles-test", -10000, 0), STATUS_ILLEGAL_FUNCTION);
    NtClose(device);
}

void RunTests(void)
{
    TestCreateRefusals();
    TestClientOpens();
    TestByteTransfers();
    TestMessageTransfers();
    TestClasses();
    TestPeek();
    TestTwoThreads();
    TestOverlapped();
    TestWait();
    TestCancelSynchronous();
    TestAnonymous();
    TestUnnamed();
    TestFlush();
    ok_status(Control((HANDLE)0x1230, FSCTL_PIPE_LISTEN, NULL, 0, NULL, 0), STATUS_INVALID_HANDLE);
}
