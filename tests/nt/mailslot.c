/* Mailslots: NtCreateMailslotFile and its refusals, clients' opens, messages read in order and whole, the read
 * timeout (at once, waited for, and for a read that pends), pending reads served by a write or cancelled, the
 * mailslot classes and names, and a client whose server went. */
#include "lib/nttest.h"

#define SLOT_NAME L"\\??\\MAILSLOT\\veles\\test"
#define FOREVER 0x7fffffffffffffffll

static NTSTATUS CreateSlot(HANDLE *h, const WCHAR *path, ULONG options, ULONG max_size, LONGLONG timeout)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    LARGE_INTEGER t = {.QuadPart = timeout};
    IO_STATUS_BLOCK iosb;

    RtlInitUnicodeString(&name, path);
    *h = NULL;
    return NtCreateMailslotFile(h, GENERIC_READ | GENERIC_WRITE | SYNCHRONIZE, &oa, &iosb, options, 0, max_size,
                                &t);
}

static NTSTATUS OpenClient(HANDLE *h, const WCHAR *path, ACCESS_MASK access)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;

    RtlInitUnicodeString(&name, path);
    *h = NULL;
    return NtCreateFile(h, access | SYNCHRONIZE, &oa, &iosb, NULL, 0, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN,
                        FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
}

static NTSTATUS Write(HANDLE h, const void *data, ULONG length)
{
    IO_STATUS_BLOCK iosb;
    return NtWriteFile(h, NULL, NULL, NULL, &iosb, (PVOID)data, length, NULL, NULL);
}

static NTSTATUS Read(HANDLE h, void *data, ULONG length, ULONG *got)
{
    IO_STATUS_BLOCK iosb = {.Information = 0xdead};
    NTSTATUS status = NtReadFile(h, NULL, NULL, NULL, &iosb, data, length, NULL, NULL);
    *got = (ULONG)iosb.Information;
    return status;
}

static FILE_MAILSLOT_QUERY_INFORMATION Query(HANDLE h)
{
    FILE_MAILSLOT_QUERY_INFORMATION info;
    IO_STATUS_BLOCK iosb;

    memset(&info, 0xcc, sizeof(info));
    ok_status(NtQueryInformationFile(h, &iosb, &info, sizeof(info), FileMailslotQueryInformation), STATUS_SUCCESS);
    return info;
}

static void TestCreate(void)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name};
    IO_STATUS_BLOCK iosb;
    HANDLE server, again, client;
    FILE_MAILSLOT_QUERY_INFORMATION info;

    ok_status(CreateSlot(&server, SLOT_NAME, 0, 0, 0), STATUS_SUCCESS);
    ok(TestTypeNameIs(server, "File"), "a mailslot is a file");
    ok_status(CreateSlot(&again, L"\\??\\mailslot\\VELES\\TEST", 0, 0, 0), STATUS_OBJECT_NAME_COLLISION);
    ok_status(CreateSlot(&again, L"\\Device\\MailSlot\\veles\\other", 0, 0, 0), STATUS_SUCCESS);
    NtClose(again);
    /* Only under the mailslot device, with a name. */
    ok_status(CreateSlot(&again, L"\\??\\pipe\\veles-not-a-slot", 0, 0, 0), STATUS_OBJECT_NAME_INVALID);
    ok_status(CreateSlot(&again, L"\\??\\MAILSLOT\\", 0, 0, 0), STATUS_OBJECT_NAME_INVALID);
    ok_status(CreateSlot(&again, L"\\??\\C:\\veles-slot", 0, 0, 0), STATUS_OBJECT_NAME_INVALID);
    ok_status(CreateSlot(&again, L"\\??\\MAILSLOT\\x", FILE_DIRECTORY_FILE, 0, 0), STATUS_INVALID_PARAMETER);
    RtlInitUnicodeString(&name, L"\\??\\MAILSLOT\\veles-bad");
    ok_status(NtCreateMailslotFile(&again, GENERIC_READ, NULL, &iosb, 0, 0, 0, NULL), STATUS_INVALID_PARAMETER);
    ok_status(NtCreateMailslotFile((HANDLE *)0x10, GENERIC_READ, &oa, &iosb, 0, 0, 0, NULL), STATUS_ACCESS_VIOLATION);
    ok_status(NtCreateMailslotFile(&again, GENERIC_READ, &oa, (IO_STATUS_BLOCK *)0x10, 0, 0, 0, NULL),
              STATUS_ACCESS_VIOLATION);
    oa.RootDirectory = (HANDLE)0x1234;
    ok_status(NtCreateMailslotFile(&again, GENERIC_READ, &oa, &iosb, 0, 0, 0, NULL), STATUS_INVALID_HANDLE);
    oa.ObjectName = NULL;
    ok_status(NtCreateMailslotFile(&again, GENERIC_READ, &oa, &iosb, 0, 0, 0, NULL), STATUS_OBJECT_NAME_INVALID);

    /* A NULL timeout never ends, as MAILSLOT_WAIT_FOREVER. */
    oa.RootDirectory = NULL;
    oa.ObjectName = &name;
    ok_status(NtCreateMailslotFile(&again, GENERIC_READ, &oa, &iosb, 0, 7, 100, NULL), STATUS_SUCCESS);
    ok(iosb.Information == FILE_CREATED, "created: %lu", (unsigned long)iosb.Information);
    info = Query(again);
    ok(info.MaximumMessageSize == 100 && info.MailslotQuota == 7 && info.NextMessageSize == MAILSLOT_NO_MESSAGE &&
           !info.MessagesAvailable && info.ReadTimeout.QuadPart == FOREVER,
       "its information: %u %u %x %u", info.MaximumMessageSize, info.MailslotQuota, info.NextMessageSize,
       info.MessagesAvailable);
    NtClose(again);

    ok_status(OpenClient(&client, L"\\??\\MAILSLOT\\veles-missing", GENERIC_WRITE), STATUS_OBJECT_NAME_NOT_FOUND);
    NtClose(server);
    ok_status(OpenClient(&client, SLOT_NAME, GENERIC_WRITE), STATUS_OBJECT_NAME_NOT_FOUND);
}

/* Messages come out in order, each whole, an empty one too; a buffer too small takes nothing. */
static void TestMessages(void)
{
    HANDLE server, client, client2;
    FILE_MAILSLOT_QUERY_INFORMATION info;
    char buf[16];
    ULONG got;

    ok_status(CreateSlot(&server, SLOT_NAME, FILE_SYNCHRONOUS_IO_NONALERT, 8, 0), STATUS_SUCCESS);
    ok_status(OpenClient(&client, SLOT_NAME, GENERIC_READ | GENERIC_WRITE), STATUS_SUCCESS);
    ok_status(OpenClient(&client2, L"\\Device\\MailSlot\\VELES\\Test", GENERIC_WRITE), STATUS_SUCCESS);

    /* The server only reads and its clients only write, whatever they asked. */
    ok_status(Write(server, "x", 1), STATUS_ACCESS_DENIED);
    ok_status(Read(client, buf, sizeof(buf), &got), STATUS_ACCESS_DENIED);
    ok_status(Read(server, buf, sizeof(buf), &got), STATUS_IO_TIMEOUT);
    ok_status(Read(server, buf, 0, &got), STATUS_IO_TIMEOUT);

    ok_status(Write(client, "one", 3), STATUS_SUCCESS);
    ok_status(Write(client2, "second", 6), STATUS_SUCCESS);
    ok_status(Write(client, "", 0), STATUS_SUCCESS);
    ok_status(Write(client, "too long!", 9), STATUS_INVALID_PARAMETER);
    ok_status(Write(client, (void *)0x10, 4), STATUS_ACCESS_VIOLATION);
    info = Query(server);
    ok(info.NextMessageSize == 3 && info.MessagesAvailable == 3, "three waiting, the first of 3 bytes: %u %u",
       info.NextMessageSize, info.MessagesAvailable);

    ok_status(Read(server, buf, 2, &got), STATUS_BUFFER_TOO_SMALL);
    ok_status(Read(server, buf, sizeof(buf), &got), STATUS_SUCCESS);
    ok(got == 3 && !memcmp(buf, "one", 3), "the first message, whole: %u", got);
    ok_status(Read(server, buf, sizeof(buf), &got), STATUS_SUCCESS);
    ok(got == 6 && !memcmp(buf, "second", 6), "then the second: %u", got);
    info = Query(server);
    ok(info.NextMessageSize == 0 && info.MessagesAvailable == 1, "an empty one waits: %u %u", info.NextMessageSize,
       info.MessagesAvailable);
    ok_status(Read(server, buf, sizeof(buf), &got), STATUS_SUCCESS);
    ok(got == 0, "the empty message: %u", got);
    ok_status(Read(server, buf, sizeof(buf), &got), STATUS_IO_TIMEOUT);
    info = Query(server);
    ok(info.NextMessageSize == MAILSLOT_NO_MESSAGE && !info.MessagesAvailable, "none left");

    /* A client asks nothing of the mailslot's information; the server alone does. */
    {
        FILE_MAILSLOT_QUERY_INFORMATION q;
        IO_STATUS_BLOCK iosb;
        ok_status(NtQueryInformationFile(client, &iosb, &q, sizeof(q), FileMailslotQueryInformation),
                  STATUS_INVALID_PARAMETER);
        ok_status(NtQueryInformationFile(server, &iosb, &q, sizeof(q) - 1, FileMailslotQueryInformation),
                  STATUS_INFO_LENGTH_MISMATCH);
    }

    /* Once the server is gone its clients' messages have nowhere to go. */
    NtClose(server);
    ok_status(Write(client, "late", 4), STATUS_PIPE_BROKEN);
    NtClose(client);
    NtClose(client2);
}

static void TestTimeouts(void)
{
    FILE_MAILSLOT_SET_INFORMATION set;
    LARGE_INTEGER value = {.QuadPart = -100000};
    IO_STATUS_BLOCK iosb;
    HANDLE server;
    char buf[4];
    ULONG got;
    LONGLONG before;

    ok_status(CreateSlot(&server, SLOT_NAME, FILE_SYNCHRONOUS_IO_NONALERT, 0, -200000), STATUS_SUCCESS);
    before = NtGetTickCount();
    ok_status(Read(server, buf, sizeof(buf), &got), STATUS_IO_TIMEOUT);
    ok(NtGetTickCount() - before >= 15, "the read waited its 20 ms: %lld", NtGetTickCount() - before);

    /* Wine's kernel32 sets the timeout itself; Windows' structure points to it. */
    set.ReadTimeout.QuadPart = 0;
    ok_status(NtSetInformationFile(server, &iosb, &set, sizeof(set), FileMailslotSetInformation), STATUS_SUCCESS);
    ok(Query(server).ReadTimeout.QuadPart == 0, "the timeout set as a value");
    set.ReadTimeout.QuadPart = (LONGLONG)(ULONG_PTR)&value;
    ok_status(NtSetInformationFile(server, &iosb, &set, sizeof(set), FileMailslotSetInformation), STATUS_SUCCESS);
    ok(Query(server).ReadTimeout.QuadPart == -100000, "the timeout set through a pointer");
    set.ReadTimeout.QuadPart = 0x10;
    ok_status(NtSetInformationFile(server, &iosb, &set, sizeof(set), FileMailslotSetInformation),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtSetInformationFile(server, &iosb, &set, 4, FileMailslotSetInformation), STATUS_INFO_LENGTH_MISMATCH);
    NtClose(server);
}

/* A server without synchronous I/O: a read with nothing there pends until a message comes, or its time is up. */
static void TestPending(void)
{
    HANDLE server, client, event;
    IO_STATUS_BLOCK iosb;
    LARGE_INTEGER second = {.QuadPart = -10000000};
    char buf[8];

    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
    ok_status(CreateSlot(&server, SLOT_NAME, 0, 0, FOREVER), STATUS_SUCCESS);
    ok_status(OpenClient(&client, SLOT_NAME, GENERIC_WRITE), STATUS_SUCCESS);
    iosb.Status = 0x1234;
    ok_status(NtReadFile(server, event, NULL, NULL, &iosb, buf, sizeof(buf), NULL, NULL), STATUS_PENDING);
    ok(iosb.Status == 0x1234, "the status block waits too");
    ok_status(Write(client, "hello", 5), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(event, FALSE, &second), STATUS_SUCCESS);
    ok(iosb.Status == STATUS_SUCCESS && iosb.Information == 5 && !memcmp(buf, "hello", 5),
       "the write served the read: %x %lu", iosb.Status, (unsigned long)iosb.Information);

    /* Cancelled, it ends so. */
    NtResetEvent(event, NULL);
    ok_status(NtReadFile(server, event, NULL, NULL, &iosb, buf, sizeof(buf), NULL, NULL), STATUS_PENDING);
    {
        IO_STATUS_BLOCK cancel;
        ok_status(NtCancelIoFile(server, &cancel), STATUS_SUCCESS);
    }
    ok_status(NtWaitForSingleObject(event, FALSE, &second), STATUS_SUCCESS);
    ok(iosb.Status == STATUS_CANCELLED, "cancelled: %x", iosb.Status);
    NtClose(server);
    NtClose(client);

    /* One with a timeout gives up when it is over. */
    ok_status(CreateSlot(&server, SLOT_NAME, 0, 0, -300000), STATUS_SUCCESS);
    NtResetEvent(event, NULL);
    ok_status(NtReadFile(server, event, NULL, NULL, &iosb, buf, sizeof(buf), NULL, NULL), STATUS_PENDING);
    ok_status(NtWaitForSingleObject(event, FALSE, &second), STATUS_SUCCESS);
    ok(iosb.Status == STATUS_IO_TIMEOUT, "timed out: %x", iosb.Status);
    /* Closing the server ends the reads still pending. */
    ok_status(NtSetInformationFile(server, &iosb, &(FILE_MAILSLOT_SET_INFORMATION){.ReadTimeout.QuadPart = FOREVER},
                                   sizeof(FILE_MAILSLOT_SET_INFORMATION), FileMailslotSetInformation),
              STATUS_SUCCESS);
    NtResetEvent(event, NULL);
    ok_status(NtReadFile(server, event, NULL, NULL, &iosb, buf, sizeof(buf), NULL, NULL), STATUS_PENDING);
    NtClose(server);
    ok_status(NtWaitForSingleObject(event, FALSE, &second), STATUS_SUCCESS);
    ok(iosb.Status == STATUS_CANCELLED, "ended with the server: %x", iosb.Status);
    NtClose(event);
}

static void TestNames(void)
{
    union {
        FILE_NAME_INFORMATION info;
        char raw[256];
    } u;
    IO_STATUS_BLOCK iosb;
    HANDLE server, client, device;

    ok_status(CreateSlot(&server, SLOT_NAME, 0, 0, 0), STATUS_SUCCESS);
    ok_status(NtQueryInformationFile(server, &iosb, &u, sizeof(u), FileNameInformation), STATUS_SUCCESS);
    ok(u.info.FileNameLength == 22 && TestStrEqualW(u.info.FileName, "\\veles\\test", 11),
       "the server's name, in its device: %u", u.info.FileNameLength);
    ok_status(OpenClient(&client, SLOT_NAME, GENERIC_WRITE), STATUS_SUCCESS);
    ok_status(NtQueryInformationFile(client, &iosb, &u, sizeof(u), FileNameInformation), STATUS_SUCCESS);
    ok(u.info.FileNameLength == 22, "a client's, the same");
    ok_status(OpenClient(&device, L"\\??\\MAILSLOT\\", 0), STATUS_SUCCESS);
    ok_status(NtQueryInformationFile(device, &iosb, &u, sizeof(u), FileNameInformation), STATUS_INVALID_PARAMETER);
    NtClose(device);
    NtClose(client);
    NtClose(server);
}

void RunTests(void)
{
    TestCreate();
    TestMessages();
    TestTimeouts();
    TestPending();
    TestNames();
}
