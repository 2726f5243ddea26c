/* NtReadFile and NtWriteFile on the standard handles, NtClose, and what bad handles and pointers get.
 * tests/run feeds standard input from a file (IO_STDIN=file) or a pipe (IO_STDIN=pipe) holding
 * "line one\nline two\n". */
#include "lib/nttest.h"

static const char *StdinKind(void)
{
    const WCHAR *kind = TestFindVariable("IO_STDIN");
    return kind && TestStrEqualW(kind, "file", 4) ? "file" : kind && TestStrEqualW(kind, "pipe", 4) ? "pipe" : "";
}

static int Same(const char *a, const char *b, SIZE_T n)
{
    for (SIZE_T i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static void TestWrite(void)
{
    RTL_USER_PROCESS_PARAMETERS *pp = TestPeb()->ProcessParameters;
    static const char text[] = "io: written through NtWriteFile\n";
    IO_STATUS_BLOCK iosb = {.Information = 77};

    ok(pp->StandardInput && pp->StandardOutput && pp->StandardError, "standard handles exist");
    ok_status(NtWriteFile(pp->StandardOutput, NULL, NULL, NULL, &iosb, (PVOID)text, sizeof(text) - 1, NULL, NULL),
              STATUS_SUCCESS);
    ok(iosb.Status == STATUS_SUCCESS && iosb.Information == sizeof(text) - 1, "iosb %x %lu", (unsigned)iosb.Status,
       (ULONG64)iosb.Information);
    ok_status(NtWriteFile(pp->StandardOutput, NULL, NULL, NULL, &iosb, (PVOID)text, 0, NULL, NULL), STATUS_SUCCESS);
    ok(iosb.Information == 0, "empty write");

    ok_status(NtWriteFile((HANDLE)0x1234, NULL, NULL, NULL, &iosb, (PVOID)text, 4, NULL, NULL), STATUS_INVALID_HANDLE);
    ok_status(NtWriteFile(NULL, NULL, NULL, NULL, &iosb, (PVOID)text, 4, NULL, NULL), STATUS_INVALID_HANDLE);
    ok_status(NtWriteFile((HANDLE)0x5, NULL, NULL, NULL, &iosb, (PVOID)text, 4, NULL, NULL), STATUS_INVALID_HANDLE);
    ok_status(NtWriteFile(pp->StandardOutput, NULL, NULL, NULL, &iosb, (PVOID)0x1000, 10, NULL, NULL),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtWriteFile(pp->StandardOutput, NULL, NULL, NULL, &iosb, (PVOID)0x7ff000000000ull, 10, NULL, NULL),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtWriteFile(pp->StandardOutput, NULL, NULL, NULL, NULL, (PVOID)text, 4, NULL, NULL),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtWriteFile(pp->StandardOutput, NULL, NULL, NULL, (PIO_STATUS_BLOCK)0x7ffe0000, (PVOID)text, 4, NULL,
                          NULL),
              STATUS_ACCESS_VIOLATION);
    /* Standard input was opened for reading only. */
    ok_status(NtWriteFile(pp->StandardInput, NULL, NULL, NULL, &iosb, (PVOID)text, 4, NULL, NULL),
              STATUS_ACCESS_DENIED);
    /* The event a transfer signals must be an event; the write is not done when it is not. */
    ok_status(NtWriteFile(pp->StandardOutput, (HANDLE)0x44, NULL, NULL, &iosb, (PVOID)text, 4, NULL, NULL),
              STATUS_INVALID_HANDLE);
    ok_status(NtWriteFile(pp->StandardOutput, pp->StandardInput, NULL, NULL, &iosb, (PVOID)text, 4, NULL, NULL),
              STATUS_OBJECT_TYPE_MISMATCH);
    {
        HANDLE event;
        ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
        ok_status(NtWriteFile(pp->StandardOutput, event, NULL, NULL, &iosb, (PVOID) "evt\n", 4, NULL, NULL),
                  STATUS_SUCCESS);
        ok_status(NtWaitForSingleObject(event, FALSE, &(LARGE_INTEGER){.QuadPart = 0}), STATUS_SUCCESS);
        NtClose(event);
    }
}

static void TestRead(void)
{
    RTL_USER_PROCESS_PARAMETERS *pp = TestPeb()->ProcessParameters;
    const char *kind = StdinKind();
    IO_STATUS_BLOCK iosb;
    char buf[64];
    LARGE_INTEGER offset;

    ok(kind[0], "IO_STDIN is set by the runner");
    {
        FILE_FS_DEVICE_INFORMATION device;
        ok_status(NtQueryVolumeInformationFile(pp->StandardInput, &iosb, &device, sizeof(device),
                                               FileFsDeviceInformation),
                  STATUS_SUCCESS);
        ok(device.DeviceType == (kind[0] == 'f' ? FILE_DEVICE_DISK : FILE_DEVICE_NAMED_PIPE),
           "standard input is a %s: %x", kind, device.DeviceType);
    }
    ok_status(NtReadFile(pp->StandardOutput, NULL, NULL, NULL, &iosb, buf, 4, NULL, NULL), STATUS_ACCESS_DENIED);
    ok_status(NtReadFile(pp->StandardInput, NULL, NULL, NULL, &iosb, (PVOID)0x7ffe0000, 4, NULL, NULL),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtReadFile(pp->StandardInput, NULL, NULL, NULL, &iosb, buf, 4, NULL, NULL), STATUS_SUCCESS);
    ok(iosb.Information == 4 && Same(buf, "line", 4), "read 4: %lu", (ULONG64)iosb.Information);
    if (kind[0] == 'f') {
        offset.QuadPart = 5;
        ok_status(NtReadFile(pp->StandardInput, NULL, NULL, NULL, &iosb, buf, 3, &offset, NULL), STATUS_SUCCESS);
        ok(iosb.Information == 3 && Same(buf, "one", 3), "read at offset 5");
        offset.QuadPart = -5;
        ok_status(NtReadFile(pp->StandardInput, NULL, NULL, NULL, &iosb, buf, 3, &offset, NULL),
                  STATUS_INVALID_PARAMETER);
    }
    /* Read to the end, then past it. */
    SIZE_T total = 0;
    NTSTATUS status;
    while (!(status = NtReadFile(pp->StandardInput, NULL, NULL, NULL, &iosb, buf, sizeof(buf), NULL, NULL)))
        total += iosb.Information;
    /* A read at an offset moves a synchronous file's position past what it read, to 8 of 18. */
    ok(total == (kind[0] == 'f' ? 10 : 14), "the rest of the input: %lu bytes", (ULONG64)total);
    if (kind[0] == 'f') {
        ok(status == STATUS_END_OF_FILE && iosb.Status == STATUS_END_OF_FILE && iosb.Information == 0,
           "end of a file: %x", (unsigned)status);
    } else {
        ok(status == STATUS_PIPE_BROKEN, "end of a pipe: %x", (unsigned)status);
    }
}

static void TestClose(void)
{
    RTL_USER_PROCESS_PARAMETERS *pp = TestPeb()->ProcessParameters;
    IO_STATUS_BLOCK iosb;
    HANDLE err = pp->StandardError;

    ok_status(NtClose((HANDLE)0x1000), STATUS_INVALID_HANDLE);
    ok_status(NtClose((HANDLE)0x7), STATUS_INVALID_HANDLE);
    ok_status(NtClose(NULL), STATUS_INVALID_HANDLE);
    ok_status(NtClose(err), STATUS_SUCCESS);
    ok_status(NtClose(err), STATUS_INVALID_HANDLE);
    ok_status(NtWriteFile(err, NULL, NULL, NULL, &iosb, (PVOID)"x", 1, NULL, NULL), STATUS_INVALID_HANDLE);
}

void RunTests(void)
{
    TestWrite();
    TestRead();
    TestClose();
}
