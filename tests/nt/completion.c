/* I/O completion ports: packets in order, one to each taker, waits that only look, removal of several at once,
 * a thread woken by a packet, and what bad arguments get. */
#include "lib/nttest.h"

static HANDLE Port;
static volatile LONG Got;

static ULONG NTAPI Taker(PVOID arg)
{
    PVOID key, apc;
    IO_STATUS_BLOCK iosb;
    if (NtRemoveIoCompletion(Port, &key, &apc, &iosb, NULL) == STATUS_SUCCESS && key == (PVOID)77)
        Got = 1;
    return 0;
}

static NTSTATUS OpenTemp(HANDLE *h, const WCHAR *path, ULONG options)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;

    RtlInitUnicodeString(&name, path);
    return NtCreateFile(h, FILE_GENERIC_READ | FILE_GENERIC_WRITE | DELETE, &oa, &iosb, NULL, 0, 0,
                        FILE_OVERWRITE_IF, options | FILE_DELETE_ON_CLOSE, NULL, 0);
}

/* A file bound to a port reports its completed transfers there, with its key and the caller's context. */
static void TestFileCompletion(void)
{
    FILE_COMPLETION_INFORMATION bind;
    IO_STATUS_BLOCK iosb, got;
    LARGE_INTEGER offset = {.QuadPart = 0}, zero = {.QuadPart = 0};
    HANDLE port, file, sync_file;
    PVOID key, apc;
    char data[8] = "payload", back[8];

    ok_status(NtCreateIoCompletion(&port, IO_COMPLETION_ALL_ACCESS, NULL, 0), STATUS_SUCCESS);
    ok_status(OpenTemp(&file, L"\\??\\C:\\windows\\temp\\veles-iocp.bin", 0), STATUS_SUCCESS);
    bind.Port = port;
    bind.Key = (PVOID)0x4b;
    ok_status(NtSetInformationFile(file, &iosb, &bind, sizeof(bind), FileCompletionInformation), STATUS_SUCCESS);
    ok_status(NtSetInformationFile(file, &iosb, &bind, sizeof(bind), FileCompletionInformation),
              STATUS_INVALID_PARAMETER);
    ok_status(NtSetInformationFile(file, &iosb, &bind, 4, FileCompletionInformation), STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtSetInformationFile(file, &iosb, &bind, sizeof(bind), FileShortNameInformation),
              STATUS_NOT_IMPLEMENTED);
    ok_status(NtSetInformationFile(file, &iosb, &bind, sizeof(bind), (FILE_INFORMATION_CLASS)0),
              STATUS_INVALID_INFO_CLASS);

    ok_status(NtWriteFile(file, NULL, NULL, (PVOID)0x77, &iosb, data, 7, &offset, NULL), STATUS_SUCCESS);
    ok_status(NtRemoveIoCompletion(port, &key, &apc, &got, &zero), STATUS_SUCCESS);
    ok(key == (PVOID)0x4b && apc == (PVOID)0x77 && got.Status == STATUS_SUCCESS && got.Information == 7,
       "the write's packet: %p %p %x %lu", key, apc, got.Status, (ULONG)got.Information);
    ok_status(NtReadFile(file, NULL, NULL, (PVOID)0x78, &iosb, back, 7, &offset, NULL), STATUS_SUCCESS);
    ok_status(NtRemoveIoCompletion(port, &key, &apc, &got, &zero), STATUS_SUCCESS);
    ok(apc == (PVOID)0x78 && got.Information == 7 && !memcmp(back, data, 7), "the read's packet");
    ok_status(NtReadFile(file, NULL, NULL, NULL, &iosb, back, 7, &offset, NULL), STATUS_SUCCESS);
    ok_status(NtRemoveIoCompletion(port, &key, &apc, &got, &zero), STATUS_TIMEOUT);

    /* Replaced by nothing: no packets any more. */
    bind.Port = NULL;
    ok_status(NtSetInformationFile(file, &iosb, &bind, sizeof(bind), FileReplaceCompletionInformation),
              STATUS_SUCCESS);
    ok_status(NtWriteFile(file, NULL, NULL, (PVOID)0x79, &iosb, data, 7, &offset, NULL), STATUS_SUCCESS);
    ok_status(NtRemoveIoCompletion(port, &key, &apc, &got, &zero), STATUS_TIMEOUT);

    /* A file for synchronous I/O takes no port. */
    ok_status(OpenTemp(&sync_file, L"\\??\\C:\\windows\\temp\\veles-iocp2.bin", FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    bind.Port = port;
    ok_status(NtSetInformationFile(sync_file, &iosb, &bind, sizeof(bind), FileCompletionInformation),
              STATUS_INVALID_PARAMETER);
    ok_status(NtSetInformationFile(file, &iosb, &bind, sizeof(bind), FileReplaceCompletionInformation),
              STATUS_SUCCESS);
    ok_status(NtWriteFile(file, NULL, NULL, (PVOID)0x7a, &iosb, data, 7, &offset, NULL), STATUS_SUCCESS);
    ok_status(NtRemoveIoCompletion(port, &key, &apc, &got, &zero), STATUS_SUCCESS);

    /* What completed requests may leave out: flags only added, the port only for files whose requests can pend. */
    {
        FILE_IO_COMPLETION_NOTIFICATION_INFORMATION modes = {.Flags = FILE_SKIP_COMPLETION_PORT_ON_SUCCESS};
        ok_status(NtSetInformationFile(sync_file, &iosb, &modes, sizeof(modes), FileIoCompletionNotificationInformation),
                  STATUS_INVALID_PARAMETER);
        ok_status(NtSetInformationFile(file, &iosb, &modes, 3, FileIoCompletionNotificationInformation),
                  STATUS_INFO_LENGTH_MISMATCH);
        modes.Flags = FILE_SKIP_SET_EVENT_ON_HANDLE;
        ok_status(NtSetInformationFile(file, &iosb, &modes, sizeof(modes), FileIoCompletionNotificationInformation),
                  STATUS_SUCCESS);
        modes.Flags = 0;
        ok_status(NtSetInformationFile(file, &iosb, &modes, sizeof(modes), FileIoCompletionNotificationInformation),
                  STATUS_SUCCESS);
        modes.Flags = 0xdeadbee9; /* unknown bits are dropped */
        ok_status(NtSetInformationFile(file, &iosb, &modes, sizeof(modes), FileIoCompletionNotificationInformation),
                  STATUS_SUCCESS);
        modes.Flags = 0xcc;
        ok_status(NtQueryInformationFile(file, &iosb, &modes, sizeof(modes), FileIoCompletionNotificationInformation),
                  STATUS_SUCCESS);
        ok(modes.Flags == (FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | FILE_SKIP_SET_EVENT_ON_HANDLE) &&
               iosb.Information == sizeof(modes),
           "the flags add up: %x", modes.Flags);
        /* A write that succeeds at once now posts nothing, and leaves the file's event reset, as it starts. */
        ok_status(NtWriteFile(file, NULL, NULL, (PVOID)0x7b, &iosb, data, 7, &offset, NULL), STATUS_SUCCESS);
        ok_status(NtRemoveIoCompletion(port, &key, &apc, &got, &zero), STATUS_TIMEOUT);
        ok_status(NtWaitForSingleObject(file, FALSE, &zero), STATUS_TIMEOUT);
        /* A failure still reaches nothing, as before. */
        ok_status(NtReadFile(file, NULL, NULL, (PVOID)0x7c, &iosb, back, 7, (LARGE_INTEGER *)0x10, NULL),
                  STATUS_ACCESS_VIOLATION);
        ok_status(NtRemoveIoCompletion(port, &key, &apc, &got, &zero), STATUS_TIMEOUT);
    }
    NtClose(port); /* the file keeps the port alive */
    ok_status(NtWriteFile(file, NULL, NULL, (PVOID)0x7a, &iosb, data, 7, &offset, NULL), STATUS_SUCCESS);
    NtClose(sync_file);
    NtClose(file);
}

void RunTests(void)
{
    TestFileCompletion();
    PVOID key = NULL, apc = NULL;
    IO_STATUS_BLOCK iosb;
    IO_COMPLETION_BASIC_INFORMATION info;
    FILE_IO_COMPLETION_INFORMATION many[4];
    LARGE_INTEGER zero = {.QuadPart = 0}, timeout = {.QuadPart = -20 * 10000};
    ULONG removed = 99;
    HANDLE thread, event;

    ok_status(NtCreateIoCompletion(&Port, IO_COMPLETION_ALL_ACCESS, NULL, 0), STATUS_SUCCESS);
    for (ULONG_PTR i = 1; i <= 3; i++)
        ok_status(NtSetIoCompletion(Port, (PVOID)i, (PVOID)(i * 10), (NTSTATUS)i, i * 100), STATUS_SUCCESS);
    ok_status(NtQueryIoCompletion(Port, IoCompletionBasicInformation, &info, sizeof(info), NULL), STATUS_SUCCESS);
    ok(info.Depth == 3, "depth %d", (int)info.Depth);
    /* A plain wait sees packets without taking one. */
    ok_status(NtWaitForSingleObject(Port, FALSE, &zero), STATUS_WAIT_0);
    ok_status(NtQueryIoCompletion(Port, IoCompletionBasicInformation, &info, sizeof(info), NULL), STATUS_SUCCESS);
    ok(info.Depth == 3, "still %d", (int)info.Depth);

    ok_status(NtRemoveIoCompletion(Port, &key, &apc, &iosb, NULL), STATUS_SUCCESS);
    ok(key == (PVOID)1 && apc == (PVOID)10 && iosb.Status == 1 && iosb.Information == 100, "first in, first out");
    /* Bad outputs are found before a packet is taken. */
    ok_status(NtRemoveIoCompletion(Port, NULL, &apc, &iosb, NULL), STATUS_ACCESS_VIOLATION);
    ok_status(NtRemoveIoCompletion(Port, &key, &apc, (PIO_STATUS_BLOCK)0x7ffe0000, NULL), STATUS_ACCESS_VIOLATION);
    ok_status(NtRemoveIoCompletionEx(Port, many, 4, &removed, NULL, FALSE), STATUS_SUCCESS);
    ok(removed == 2 && many[0].KeyContext == (PVOID)2 && many[1].KeyContext == (PVOID)3 &&
           many[1].IoStatusBlock.Information == 300,
       "the two left, at once: %u", (unsigned)removed);
    ok_status(NtRemoveIoCompletion(Port, &key, &apc, &iosb, &zero), STATUS_TIMEOUT);
    ok_status(NtRemoveIoCompletion(Port, &key, &apc, &iosb, &timeout), STATUS_TIMEOUT);
    removed = 7;
    ok_status(NtRemoveIoCompletionEx(Port, many, 4, &removed, &zero, FALSE), STATUS_TIMEOUT);
    ok(removed == 1, "a wait that ends empty reports one entry, as Windows does: %u", (unsigned)removed);
    ok_status(NtRemoveIoCompletionEx(Port, many, 0, &removed, &zero, FALSE), STATUS_INVALID_PARAMETER);

    /* A thread blocked in removal is woken by the next packet. */
    ok_status(NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), Taker, NULL, 0, 0, 0, 0, NULL),
              STATUS_SUCCESS);
    NtDelayExecution(FALSE, &(LARGE_INTEGER){.QuadPart = -20 * 10000});
    ok_status(NtSetIoCompletion(Port, (PVOID)77, NULL, 0, 0), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(thread, FALSE, &(LARGE_INTEGER){.QuadPart = -5ll * 10000000}), STATUS_WAIT_0);
    ok(Got == 1, "the waiting thread got the packet");
    NtClose(thread);

    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
    ok_status(NtSetIoCompletion(event, NULL, NULL, 0, 0), STATUS_OBJECT_TYPE_MISMATCH);
    ok_status(NtSetIoCompletion((HANDLE)0x1234, NULL, NULL, 0, 0), STATUS_INVALID_HANDLE);
    ok_status(NtQueryIoCompletion(Port, 1, &info, sizeof(info), NULL), STATUS_INVALID_INFO_CLASS);
    NtClose(event);

    /* Packets left in a port that closes are freed with it. */
    NtSetIoCompletion(Port, NULL, NULL, 0, 0);
    ok_status(NtClose(Port), STATUS_SUCCESS);
}
