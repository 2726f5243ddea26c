/* Files by name: NtCreateFile's dispositions and options, NtOpenFile, names looked up without regard to case,
 * the devices behind the drive letters, and NtQueryAttributesFile / NtQueryFullAttributesFile. Works in
 * C:\windows\temp of the test prefix. */
#include "lib/nttest.h"

#define DIR_PATH L"\\??\\C:\\windows\\temp\\veles-file"

static NTSTATUS Create(HANDLE *h, ACCESS_MASK access, const WCHAR *path, HANDLE root, ULONG disposition,
                       ULONG options, ULONG_PTR *information)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .RootDirectory = root, .ObjectName = &name,
                            .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb = {.Information = 99};
    NTSTATUS status;

    RtlInitUnicodeString(&name, path);
    *h = NULL;
    status = NtCreateFile(h, access, &oa, &iosb, NULL, 0, FILE_SHARE_READ | FILE_SHARE_WRITE, disposition, options,
                          NULL, 0);
    if (information)
        *information = status ? 99 : iosb.Information;
    return status;
}

static NTSTATUS Attributes(const WCHAR *path, FILE_BASIC_INFORMATION *info)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};

    RtlInitUnicodeString(&name, path);
    return NtQueryAttributesFile(&oa, info);
}

static void Write(HANDLE h, const char *text, ULONG n)
{
    IO_STATUS_BLOCK iosb;
    ok_status(NtWriteFile(h, NULL, NULL, NULL, &iosb, (PVOID)text, n, NULL, NULL), STATUS_SUCCESS);
}

static ULONG Read(HANDLE h, char *buf, ULONG size)
{
    IO_STATUS_BLOCK iosb = {0};
    NTSTATUS status = NtReadFile(h, NULL, NULL, NULL, &iosb, buf, size, NULL, NULL);
    return status ? 0 : (ULONG)iosb.Information;
}

static void TestDispositions(void)
{
    HANDLE dir, h;
    ULONG_PTR info;
    char buf[16];

    ok_status(Create(&dir, FILE_LIST_DIRECTORY | SYNCHRONIZE, DIR_PATH, NULL, FILE_CREATE,
                     FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, &info), STATUS_SUCCESS);
    ok(info == FILE_CREATED, "directory created (%lu)", (ULONG64)info);
    ok_status(Create(&h, FILE_LIST_DIRECTORY, DIR_PATH, NULL, FILE_CREATE, FILE_DIRECTORY_FILE, NULL),
              STATUS_OBJECT_NAME_COLLISION);
    ok_status(Create(&h, FILE_LIST_DIRECTORY, DIR_PATH, NULL, FILE_OPEN_IF, FILE_DIRECTORY_FILE, &info),
              STATUS_SUCCESS);
    ok(info == FILE_OPENED, "directory opened (%lu)", (ULONG64)info);
    NtClose(h);

    ok_status(Create(&h, FILE_GENERIC_WRITE, DIR_PATH L"\\Data.txt", NULL, FILE_CREATE,
                     FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, &info), STATUS_SUCCESS);
    ok(info == FILE_CREATED, "file created (%lu)", (ULONG64)info);
    Write(h, "hello", 5);
    NtClose(h);

    /* Any case finds it. */
    ok_status(Create(&h, FILE_GENERIC_READ, L"\\??\\c:\\WINDOWS\\Temp\\VELES-FILE\\DATA.TXT", NULL, FILE_OPEN,
                     FILE_SYNCHRONOUS_IO_NONALERT, &info), STATUS_SUCCESS);
    ok(info == FILE_OPENED && Read(h, buf, sizeof(buf)) == 5 && buf[0] == 'h' && buf[4] == 'o', "read back");
    NtClose(h);

    /* Relative to a directory handle. */
    ok_status(Create(&h, FILE_GENERIC_READ, L"data.TXT", dir, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT, NULL),
              STATUS_SUCCESS);
    ok(Read(h, buf, sizeof(buf)) == 5, "read through a relative name");
    NtClose(h);
    /* A name from the root beside a directory (Windows, as Wine's path test records it). */
    ok_status(Create(&h, FILE_GENERIC_READ, L"\\data.txt", dir, FILE_OPEN, 0, NULL), STATUS_INVALID_PARAMETER);

    ok_status(Create(&h, FILE_GENERIC_READ, L"data.txt", dir, FILE_OPEN_IF, 0, &info), STATUS_SUCCESS);
    ok(info == FILE_OPENED, "open-if of an existing file opens it");
    NtClose(h);
    ok_status(Create(&h, FILE_GENERIC_WRITE | FILE_READ_DATA, L"data.txt", dir, FILE_OVERWRITE_IF,
                     FILE_SYNCHRONOUS_IO_NONALERT, &info), STATUS_SUCCESS);
    ok(info == FILE_OVERWRITTEN && Read(h, buf, sizeof(buf)) == 0, "overwritten and empty (%lu)", (ULONG64)info);
    Write(h, "abc", 3);
    NtClose(h);
    ok_status(Create(&h, FILE_GENERIC_WRITE | DELETE, L"data.txt", dir, FILE_SUPERSEDE, 0, &info), STATUS_SUCCESS);
    ok(info == FILE_SUPERSEDED, "superseded (%lu)", (ULONG64)info);
    NtClose(h);
    ok_status(Create(&h, FILE_GENERIC_WRITE, L"absent.txt", dir, FILE_OVERWRITE, 0, NULL),
              STATUS_OBJECT_NAME_NOT_FOUND);
    /* An overwritten or superseded file takes the attributes asked for; read-only refuses to be overwritten but
     * not superseded, which makes a new file. */
    {
        UNICODE_STRING name;
        OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .RootDirectory = dir, .ObjectName = &name};
        IO_STATUS_BLOCK iosb;
        FILE_BASIC_INFORMATION basic;
        RtlInitUnicodeString(&name, L"data.txt");
        ok_status(NtCreateFile(&h, FILE_GENERIC_READ, &oa, &iosb, NULL, FILE_ATTRIBUTE_READONLY,
                               FILE_SHARE_READ, FILE_OVERWRITE_IF, 0, NULL, 0),
                  STATUS_SUCCESS);
        NtClose(h);
        ok_status(NtQueryAttributesFile(&oa, &basic), STATUS_SUCCESS);
        ok(basic.FileAttributes == (FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_ARCHIVE), "overwritten read-only: %x",
           basic.FileAttributes);
        ok_status(NtCreateFile(&h, FILE_GENERIC_READ, &oa, &iosb, NULL, 0, FILE_SHARE_READ, FILE_OVERWRITE, 0, NULL,
                               0),
                  STATUS_ACCESS_DENIED);
        ok_status(NtCreateFile(&h, FILE_GENERIC_READ, &oa, &iosb, NULL, 0, FILE_SHARE_READ, FILE_SUPERSEDE, 0, NULL,
                               0),
                  STATUS_SUCCESS);
        ok(iosb.Information == FILE_SUPERSEDED, "superseded: %lu", (ULONG64)iosb.Information);
        NtClose(h);
        ok_status(NtQueryAttributesFile(&oa, &basic), STATUS_SUCCESS);
        ok(basic.FileAttributes == FILE_ATTRIBUTE_ARCHIVE, "a new plain file: %x", basic.FileAttributes);
    }
    ok_status(Create(&h, FILE_GENERIC_READ, L"absent.txt", dir, FILE_OPEN, 0, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(Create(&h, FILE_GENERIC_READ, L"absent\\x.txt", dir, FILE_OPEN_IF, 0, NULL),
              STATUS_OBJECT_PATH_NOT_FOUND);
    ok_status(Create(&h, FILE_GENERIC_READ, L"data.txt\\x.txt", dir, FILE_OPEN, 0, NULL),
              STATUS_OBJECT_PATH_NOT_FOUND);
    ok_status(Create(&h, FILE_GENERIC_WRITE, L"new.txt", dir, FILE_OPEN_IF, 0, &info), STATUS_SUCCESS);
    ok(info == FILE_CREATED, "open-if of a missing file creates it");
    NtClose(h);

    /* Directory or not. */
    ok_status(Create(&h, FILE_GENERIC_READ, L"data.txt", dir, FILE_OPEN, FILE_DIRECTORY_FILE, NULL),
              STATUS_NOT_A_DIRECTORY);
    ok_status(Create(&h, FILE_GENERIC_READ, DIR_PATH, NULL, FILE_OPEN, FILE_NON_DIRECTORY_FILE, NULL),
              STATUS_FILE_IS_A_DIRECTORY);
    ok_status(Create(&h, FILE_GENERIC_READ, DIR_PATH L"\\", NULL, FILE_OPEN, 0, NULL), STATUS_SUCCESS);
    /* A directory holds no data to transfer. */
    {
        IO_STATUS_BLOCK iosb = {0};
        LARGE_INTEGER zero = {.QuadPart = 0};
        ok_status(NtReadFile(h, NULL, NULL, NULL, &iosb, buf, sizeof(buf), &zero, NULL),
                  STATUS_INVALID_DEVICE_REQUEST);
    }
    NtClose(h);
    /* Nor can it be emptied or replaced as a file is. */
    ok_status(Create(&h, FILE_GENERIC_READ, DIR_PATH, NULL, FILE_OVERWRITE_IF, 0, NULL), STATUS_OBJECT_NAME_COLLISION);
    ok_status(Create(&h, FILE_GENERIC_READ, DIR_PATH, NULL, FILE_SUPERSEDE, 0, NULL), STATUS_OBJECT_NAME_COLLISION);
    ok_status(Create(&h, FILE_GENERIC_READ, DIR_PATH, NULL, FILE_OVERWRITE, FILE_DIRECTORY_FILE, NULL),
              STATUS_INVALID_PARAMETER);
    ok_status(Create(&h, FILE_GENERIC_READ, L"data.txt\\", dir, FILE_OPEN, 0, NULL), STATUS_OBJECT_NAME_INVALID);
    NtClose(dir);
}

/* An empty name beside a file reopens it, as a new open of its own (ReOpenFile); any other name there is a path
 * that cannot be. */
static void TestReopen(void)
{
    HANDLE h, again, other;
    ULONG_PTR info;
    char buf[8];

    ok_status(Create(&h, FILE_GENERIC_READ | FILE_GENERIC_WRITE, DIR_PATH L"\\reopen.txt", NULL, FILE_CREATE,
                     FILE_SYNCHRONOUS_IO_NONALERT, NULL),
              STATUS_SUCCESS);
    Write(h, "123456", 6);
    ok_status(Create(&again, FILE_GENERIC_READ, L"", h, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT, &info),
              STATUS_SUCCESS);
    ok(info == FILE_OPENED && Read(again, buf, 3) == 3 && buf[0] == '1' && buf[2] == '3',
       "reopened, from its own start");
    ok(Read(h, buf, sizeof(buf)) == 0, "the first open's position is its own");
    ok_status(Create(&other, FILE_GENERIC_READ, L"x.txt", h, FILE_OPEN_IF, 0, NULL), STATUS_OBJECT_PATH_NOT_FOUND);
    ok_status(Create(&other, FILE_GENERIC_READ, L"", h, FILE_CREATE, 0, NULL), STATUS_OBJECT_NAME_COLLISION);
    NtClose(again);
    NtClose(h);
    ok_status(Create(&h, DELETE, DIR_PATH L"\\reopen.txt", NULL, FILE_OPEN, FILE_DELETE_ON_CLOSE, NULL),
              STATUS_SUCCESS);
    NtClose(h);
}

/* Buffers a transfer cannot use fail it before it starts: no status block written, the event as it was left by
 * the read (a write has reset it already). */
static void TestBadBuffers(void)
{
    IO_STATUS_BLOCK iosb;
    HANDLE h, event;
    char buf[8];

    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, TRUE), STATUS_SUCCESS);
    ok_status(Create(&h, FILE_GENERIC_READ | FILE_GENERIC_WRITE | DELETE, DIR_PATH L"\\buffers.txt", NULL,
                     FILE_CREATE, FILE_SYNCHRONOUS_IO_NONALERT | FILE_DELETE_ON_CLOSE, NULL),
              STATUS_SUCCESS);
    iosb.Status = -1;
    ok_status(NtWriteFile(h, event, NULL, NULL, &iosb, NULL, 4, NULL, NULL), STATUS_INVALID_USER_BUFFER);
    ok(iosb.Status == -1 && NtWaitForSingleObject(event, FALSE, &(LARGE_INTEGER){.QuadPart = 0}) == STATUS_TIMEOUT,
       "a write from no buffer: status block untouched, event reset");
    ok_status(NtWriteFile(h, NULL, NULL, NULL, &iosb, (PVOID)0xdeadbeef, 4, NULL, NULL), STATUS_ACCESS_VIOLATION);
    NtSetEvent(event, NULL);
    ok_status(NtReadFile(h, event, NULL, NULL, &iosb, (PVOID)0xdeadbeef, 4, NULL, NULL), STATUS_ACCESS_VIOLATION);
    ok_status(NtReadFile(h, event, NULL, NULL, &iosb, NULL, 4, NULL, NULL), STATUS_ACCESS_VIOLATION);
    ok_status(NtReadFile(event, NULL, NULL, NULL, &iosb, NULL, 4, NULL, NULL), STATUS_OBJECT_TYPE_MISMATCH);
    ok_status(NtReadFile(h, event, NULL, NULL, &iosb, (PVOID)0x7ffe0000, 4, NULL, NULL), STATUS_ACCESS_VIOLATION);
    ok(iosb.Status == -1 && NtWaitForSingleObject(event, FALSE, &(LARGE_INTEGER){.QuadPart = 0}) == STATUS_SUCCESS,
       "a read into no buffer: status block untouched, event still set");
    ok_status(NtReadFile(h, NULL, NULL, NULL, &iosb, buf, sizeof(buf), NULL, NULL), STATUS_END_OF_FILE);
    ok(iosb.Status == STATUS_END_OF_FILE, "a synchronous file's error is in its status block too");
    /* Setting information is a request as any other: the file's event is reset and then set, unless the file
     * asks, as it then is, that it not be. */
    {
        FILE_IO_COMPLETION_NOTIFICATION_INFORMATION skip = {FILE_SKIP_SET_EVENT_ON_HANDLE};
        FILE_POSITION_INFORMATION position = {{.QuadPart = 0}};
        LARGE_INTEGER zero = {.QuadPart = 0};
        ok_status(NtSetInformationFile(h, &iosb, &position, sizeof(position), FilePositionInformation),
                  STATUS_SUCCESS);
        ok_status(NtWaitForSingleObject(h, FALSE, &zero), STATUS_SUCCESS);
        ok_status(NtSetInformationFile(h, &iosb, &skip, sizeof(skip), FileIoCompletionNotificationInformation),
                  STATUS_SUCCESS);
        ok_status(NtWaitForSingleObject(h, FALSE, &zero), STATUS_TIMEOUT);
        ok_status(NtSetInformationFile(h, &iosb, &position, sizeof(position), FilePositionInformation),
                  STATUS_SUCCESS);
        ok_status(NtWaitForSingleObject(h, FALSE, &zero), STATUS_TIMEOUT);
    }
    /* The file system answers its own control codes only; a plain file is no reparse point. */
    ok_status(NtFsControlFile(h, NULL, NULL, NULL, &iosb, 0xdeadbeef, NULL, 0, NULL, 0),
              STATUS_INVALID_DEVICE_REQUEST);
    ok_status(NtFsControlFile(h, NULL, NULL, NULL, &iosb, FSCTL_PIPE_PEEK, NULL, 0, buf, sizeof(buf)),
              STATUS_INVALID_DEVICE_REQUEST);
    ok_status(NtFsControlFile(h, NULL, NULL, NULL, &iosb, FSCTL_GET_REPARSE_POINT, NULL, 0, NULL, 0),
              STATUS_INVALID_USER_BUFFER);
    ok_status(NtFsControlFile(h, NULL, NULL, NULL, &iosb, FSCTL_GET_REPARSE_POINT, NULL, 0, buf, sizeof(buf)),
              STATUS_NOT_A_REPARSE_POINT);
    NtClose(h);

    /* Without synchronous I/O, an error found at once is the call's answer alone, and writes at the end leave
     * the position where it was. */
    ok_status(Create(&h, FILE_GENERIC_READ | FILE_GENERIC_WRITE | DELETE, DIR_PATH L"\\buffers.txt", NULL,
                     FILE_CREATE, FILE_DELETE_ON_CLOSE, NULL),
              STATUS_SUCCESS);
    {
        LARGE_INTEGER at = {.QuadPart = 0};
        FILE_POSITION_INFORMATION position = {{.QuadPart = 99}};
        ok_status(NtWriteFile(h, NULL, NULL, NULL, &iosb, "abcd", 4, &at, NULL), STATUS_SUCCESS);
        at.QuadPart = 4;
        iosb.Status = -1;
        ok_status(NtReadFile(h, NULL, NULL, NULL, &iosb, buf, sizeof(buf), &at, NULL), STATUS_END_OF_FILE);
        ok(iosb.Status == -1, "status block untouched: %x", (unsigned)iosb.Status);
        at.HighPart = -1;
        at.LowPart = FILE_WRITE_TO_END_OF_FILE;
        ok_status(NtWriteFile(h, NULL, NULL, NULL, &iosb, "ef", 2, &at, NULL), STATUS_SUCCESS);
        ok_status(NtQueryInformationFile(h, &iosb, &position, sizeof(position), FilePositionInformation),
                  STATUS_SUCCESS);
        ok(!position.CurrentByteOffset.QuadPart, "the position stays: %lld",
           (long long)position.CurrentByteOffset.QuadPart);
        at.QuadPart = 0;
        ok_status(NtReadFile(h, NULL, NULL, NULL, &iosb, buf, sizeof(buf), &at, NULL), STATUS_SUCCESS);
        ok(iosb.Information == 6 && buf[4] == 'e', "written at the end");
    }
    NtClose(h);
    NtClose(event);
}

/* Hidden, system and archive, which Linux has no place for, are kept with the file; read-only is its mode. */
static void TestDosAttributes(void)
{
    static const ULONG kinds[] = {FILE_ATTRIBUTE_SYSTEM, FILE_ATTRIBUTE_HIDDEN,
                                  FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_READONLY, FILE_ATTRIBUTE_NORMAL};
    FILE_BASIC_INFORMATION basic;
    IO_STATUS_BLOCK iosb;
    HANDLE h;
    struct {
        FILE_DIRECTORY_INFORMATION Info;
        WCHAR More[32];
    } entry;
    UNICODE_STRING mask;

    ok_status(Create(&h, FILE_GENERIC_READ | FILE_GENERIC_WRITE | DELETE, DIR_PATH L"\\dos.txt", NULL, FILE_CREATE,
                     FILE_SYNCHRONOUS_IO_NONALERT, NULL),
              STATUS_SUCCESS);
    for (unsigned i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        memset(&basic, 0, sizeof(basic));
        basic.FileAttributes = kinds[i];
        ok_status(NtSetInformationFile(h, &iosb, &basic, sizeof(basic), FileBasicInformation), STATUS_SUCCESS);
        memset(&basic, 0, sizeof(basic));
        ok_status(NtQueryInformationFile(h, &iosb, &basic, sizeof(basic), FileBasicInformation), STATUS_SUCCESS);
        ok(basic.FileAttributes == kinds[i], "set %x, got %x", kinds[i], basic.FileAttributes);
    }
    NtClose(h);
    ok_status(Create(&h, FILE_GENERIC_WRITE | DELETE, DIR_PATH L"\\dos.txt", NULL, FILE_OVERWRITE_IF,
                     FILE_DELETE_ON_CLOSE, NULL),
              STATUS_SUCCESS);
    NtClose(h);

    /* Given at creation, they are seen by name and in the directory's listing. */
    ok_status(Create(&h, FILE_GENERIC_WRITE | DELETE, DIR_PATH L"\\dos.txt", NULL, FILE_CREATE,
                     FILE_SYNCHRONOUS_IO_NONALERT, NULL),
              STATUS_SUCCESS);
    NtClose(h);
    {
        UNICODE_STRING name;
        OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name};
        RtlInitUnicodeString(&name, DIR_PATH L"\\dos.txt");
        ok_status(NtCreateFile(&h, FILE_GENERIC_WRITE | DELETE, &oa, &iosb, NULL,
                               FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM, 0, FILE_SUPERSEDE,
                               FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0),
                  STATUS_SUCCESS);
        NtClose(h);
    }
    ok_status(Attributes(DIR_PATH L"\\dos.txt", &basic), STATUS_SUCCESS);
    ok(basic.FileAttributes == (FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM | FILE_ATTRIBUTE_ARCHIVE),
       "made hidden and system: %x", basic.FileAttributes);
    ok_status(Create(&h, FILE_LIST_DIRECTORY | SYNCHRONIZE, DIR_PATH, NULL, FILE_OPEN,
                     FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, NULL),
              STATUS_SUCCESS);
    RtlInitUnicodeString(&mask, L"dos.txt");
    ok_status(NtQueryDirectoryFile(h, NULL, NULL, NULL, &iosb, &entry, sizeof(entry), FileDirectoryInformation, TRUE,
                                   &mask, TRUE),
              STATUS_SUCCESS);
    ok(entry.Info.FileAttributes == (FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM | FILE_ATTRIBUTE_ARCHIVE),
       "listed hidden and system: %x", entry.Info.FileAttributes);
    NtClose(h);
    ok_status(Create(&h, DELETE, DIR_PATH L"\\dos.txt", NULL, FILE_OPEN, FILE_DELETE_ON_CLOSE, NULL),
              STATUS_SUCCESS);
    NtClose(h);
}

static void TestNamesAndParameters(void)
{
    static const WCHAR *const bad[] = {
        DIR_PATH L"\\a*b", DIR_PATH L"\\a?b", DIR_PATH L"\\a<b", DIR_PATH L"\\a>b", DIR_PATH L"\\a|b",
        DIR_PATH L"\\a\"b", DIR_PATH L"\\a:b", DIR_PATH L"\\..\\x", DIR_PATH L"\\.", DIR_PATH L"\\\\x",
        DIR_PATH L"\\a\x01" L"b", DIR_PATH L"\\a/b",
    };
    WCHAR long_name[300];
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name};
    IO_STATUS_BLOCK iosb;
    HANDLE h;
    SIZE_T n = 0;

    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ok_status(Create(&h, FILE_GENERIC_WRITE, bad[i], NULL, FILE_OPEN_IF, 0, NULL), STATUS_OBJECT_NAME_INVALID);
    for (const WCHAR *p = DIR_PATH L"\\"; *p; p++)
        long_name[n++] = *p;
    while (n < 299)
        long_name[n++] = 'x';
    long_name[n] = 0;
    ok_status(Create(&h, FILE_GENERIC_WRITE, long_name, NULL, FILE_OPEN_IF, 0, NULL), STATUS_OBJECT_NAME_INVALID);

    ok_status(Create(&h, FILE_GENERIC_READ, DIR_PATH, NULL, 6, 0, NULL), STATUS_INVALID_PARAMETER);
    ok_status(Create(&h, FILE_GENERIC_READ, DIR_PATH, NULL, FILE_OPEN, FILE_DIRECTORY_FILE | FILE_NON_DIRECTORY_FILE,
                     NULL), STATUS_INVALID_PARAMETER);
    ok_status(Create(&h, FILE_GENERIC_READ, DIR_PATH, NULL, FILE_OVERWRITE_IF, FILE_DIRECTORY_FILE, NULL),
              STATUS_INVALID_PARAMETER);
    ok_status(Create(&h, FILE_READ_DATA, DIR_PATH L"\\data.txt", NULL, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT, NULL),
              STATUS_INVALID_PARAMETER);
    ok_status(Create(&h, FILE_READ_DATA, DIR_PATH L"\\data.txt", NULL, FILE_OPEN, FILE_DELETE_ON_CLOSE, NULL),
              STATUS_INVALID_PARAMETER);
    ok_status(Create(&h, FILE_READ_DATA, DIR_PATH L"\\data.txt", NULL, FILE_OPEN, 0x80000000, NULL),
              STATUS_INVALID_PARAMETER);

    RtlInitUnicodeString(&name, DIR_PATH L"\\data.txt");
    ok_status(NtCreateFile(&h, FILE_GENERIC_READ, &oa, &iosb, NULL, 0, 8, FILE_OPEN, 0, NULL, 0),
              STATUS_INVALID_PARAMETER);
    ok_status(NtCreateFile(&h, FILE_GENERIC_READ, &oa, &iosb, NULL, 0x10000, 0, FILE_OPEN, 0, NULL, 0),
              STATUS_INVALID_PARAMETER);
    ok_status(NtCreateFile(&h, FILE_GENERIC_READ, &oa, &iosb, NULL, 0x08, 0, FILE_OPEN, 0, NULL, 0),
              STATUS_INVALID_PARAMETER);
    /* FILE_ATTRIBUTE_DEVICE, which Windows refuses, is let through for Wine's RegSaveKeyExW (kernel/io/create.c). */
    ok_status(NtCreateFile(&h, FILE_GENERIC_READ, &oa, &iosb, NULL, FILE_ATTRIBUTE_DEVICE, FILE_SHARE_READ, FILE_OPEN,
                           0, NULL, 0),
              STATUS_SUCCESS);
    NtClose(h);
    ok_status(NtCreateFile(&h, FILE_GENERIC_READ, &oa, &iosb, NULL, 0, 0, FILE_OPEN, 0, &iosb, 8),
              STATUS_EAS_NOT_SUPPORTED);
    ok_status(NtCreateFile(&h, FILE_GENERIC_READ, NULL, &iosb, NULL, 0, 0, FILE_OPEN, 0, NULL, 0),
              STATUS_INVALID_PARAMETER);
    ok_status(NtCreateFile((HANDLE *)0x10, FILE_GENERIC_READ, &oa, &iosb, NULL, 0, 0, FILE_OPEN, 0, NULL, 0),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtCreateFile(&h, FILE_GENERIC_READ, &oa, (PIO_STATUS_BLOCK)0x10, NULL, 0, 0, FILE_OPEN, 0, NULL, 0),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtOpenFile(&h, FILE_GENERIC_READ, &oa, &iosb, FILE_SHARE_READ, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    ok(iosb.Status == STATUS_SUCCESS && iosb.Information == FILE_OPENED, "NtOpenFile's status block");
    NtClose(h);

    /* What the namespace holds that is not a device, and devices that hold no files. */
    ok_status(Create(&h, FILE_GENERIC_READ, L"\\BaseNamedObjects", NULL, FILE_OPEN, 0, NULL),
              STATUS_OBJECT_TYPE_MISMATCH);
    ok_status(Create(&h, FILE_GENERIC_READ, L"\\??\\Q:\\x", NULL, FILE_OPEN, 0, NULL), STATUS_OBJECT_PATH_NOT_FOUND);
    ok_status(Create(&h, FILE_GENERIC_READ, L"\\Device\\Null\\x", NULL, FILE_OPEN, 0, NULL),
              STATUS_OBJECT_PATH_NOT_FOUND);
    RtlInitUnicodeString(&name, L"\\??\\C:\\windows");
    ok_status(NtOpenEvent(&h, EVENT_ALL_ACCESS, &oa), STATUS_OBJECT_TYPE_MISMATCH);
    /* A name inside a device is no path a new object can take (Windows, as Wine's om test records it). */
    ok_status(NtCreateEvent(&h, EVENT_ALL_ACCESS, &oa, NotificationEvent, FALSE), STATUS_OBJECT_PATH_NOT_FOUND);
}

static void TestAccessAndDevices(void)
{
    HANDLE h;
    IO_STATUS_BLOCK iosb;
    char buf[8];

    /* Access is checked on each use, not only on open. */
    ok_status(Create(&h, FILE_READ_ATTRIBUTES | SYNCHRONIZE, DIR_PATH L"\\new.txt", NULL, FILE_OPEN,
                     FILE_SYNCHRONOUS_IO_NONALERT, NULL), STATUS_SUCCESS);
    ok_status(NtReadFile(h, NULL, NULL, NULL, &iosb, buf, sizeof(buf), NULL, NULL), STATUS_ACCESS_DENIED);
    ok_status(NtWriteFile(h, NULL, NULL, NULL, &iosb, buf, 1, NULL, NULL), STATUS_ACCESS_DENIED);
    NtClose(h);
    ok_status(Create(&h, GENERIC_READ, DIR_PATH L"\\new.txt", NULL, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT, NULL),
              STATUS_SUCCESS);
    ok_status(NtWriteFile(h, NULL, NULL, NULL, &iosb, buf, 1, NULL, NULL), STATUS_ACCESS_DENIED);
    NtClose(h);

    ok_status(Create(&h, GENERIC_READ | GENERIC_WRITE | SYNCHRONIZE, L"\\Device\\Null", NULL, FILE_OPEN,
                     FILE_SYNCHRONOUS_IO_NONALERT, NULL),
              STATUS_SUCCESS);
    ok_status(NtWriteFile(h, NULL, NULL, NULL, &iosb, (PVOID) "gone", 4, NULL, NULL), STATUS_SUCCESS);
    ok(iosb.Information == 4, "the null device takes everything");
    NtClose(h);
    ok_status(Create(&h, GENERIC_READ, L"\\??\\NUL", NULL, FILE_OPEN, 0, NULL), STATUS_SUCCESS);
    NtClose(h);

    /* \SystemRoot is C:\windows, where ntdll is. */
    ok_status(Create(&h, GENERIC_READ, L"\\SystemRoot\\System32\\NTDLL.DLL", NULL, FILE_OPEN,
                     FILE_SYNCHRONOUS_IO_NONALERT, NULL),
              STATUS_SUCCESS);
    ok(Read(h, buf, 2) == 2 && buf[0] == 'M' && buf[1] == 'Z', "ntdll.dll read through \\SystemRoot");
    NtClose(h);
    /* Z: is the Linux root. */
    ok_status(Create(&h, GENERIC_READ, L"\\??\\Z:\\proc\\self\\STAT", NULL, FILE_OPEN, 0, NULL), STATUS_SUCCESS);
    NtClose(h);
}

static void TestQueriesAndDeletion(void)
{
    FILE_BASIC_INFORMATION basic;
    FILE_NETWORK_OPEN_INFORMATION full;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name};
    HANDLE h;

    ok_status(Attributes(DIR_PATH, &basic), STATUS_SUCCESS);
    ok(basic.FileAttributes & FILE_ATTRIBUTE_DIRECTORY, "a directory (%x)", basic.FileAttributes);
    ok_status(Attributes(DIR_PATH L"\\NEW.txt", &basic), STATUS_SUCCESS);
    ok(basic.FileAttributes == FILE_ATTRIBUTE_ARCHIVE, "a plain file (%x)", basic.FileAttributes);
    ok(basic.LastWriteTime.QuadPart > 130000000000000000ll && basic.CreationTime.QuadPart <=
       basic.LastWriteTime.QuadPart, "times after 2012, created no later than written");
    ok_status(Attributes(DIR_PATH L"\\none", &basic), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(Attributes(DIR_PATH L"\\none\\x", &basic), STATUS_OBJECT_PATH_NOT_FOUND);
    ok_status(Attributes(DIR_PATH L"\\new.txt", (FILE_BASIC_INFORMATION *)0x10), STATUS_ACCESS_VIOLATION);
    ok_status(NtQueryAttributesFile(NULL, &basic), STATUS_INVALID_PARAMETER);

    ok_status(Create(&h, FILE_GENERIC_WRITE, DIR_PATH L"\\sized", NULL, FILE_CREATE, FILE_SYNCHRONOUS_IO_NONALERT,
                     NULL), STATUS_SUCCESS);
    Write(h, "0123456789", 10);
    NtClose(h);
    RtlInitUnicodeString(&name, DIR_PATH L"\\Sized");
    oa.Attributes = OBJ_CASE_INSENSITIVE;
    ok_status(NtQueryFullAttributesFile(&oa, &full), STATUS_SUCCESS);
    ok(full.EndOfFile.QuadPart == 10 && full.FileAttributes == FILE_ATTRIBUTE_ARCHIVE, "size %lld",
       full.EndOfFile.QuadPart);

    /* Delete-on-close: gone once the last handle goes. It is no mode of the open. */
    ok_status(Create(&h, FILE_GENERIC_READ | DELETE, DIR_PATH L"\\sized", NULL, FILE_OPEN, FILE_DELETE_ON_CLOSE,
                     NULL), STATUS_SUCCESS);
    {
        FILE_MODE_INFORMATION mode = {0xcc};
        IO_STATUS_BLOCK iosb;
        ok_status(NtQueryInformationFile(h, &iosb, &mode, sizeof(mode), FileModeInformation), STATUS_SUCCESS);
        ok(!mode.Mode, "mode %x", (unsigned)mode.Mode);
    }
    ok_status(NtQueryFullAttributesFile(&oa, &full), STATUS_SUCCESS);
    NtClose(h);
    ok_status(NtQueryFullAttributesFile(&oa, &full), STATUS_OBJECT_NAME_NOT_FOUND);
    /* Marked for deletion, it is to be asked after by name no more, though still open. */
    ok_status(Create(&h, FILE_GENERIC_WRITE | DELETE, DIR_PATH L"\\sized", NULL, FILE_CREATE, 0, NULL),
              STATUS_SUCCESS);
    {
        FILE_DISPOSITION_INFORMATION dispose = {TRUE};
        IO_STATUS_BLOCK iosb;
        ok_status(NtSetInformationFile(h, &iosb, &dispose, sizeof(dispose), FileDispositionInformation),
                  STATUS_SUCCESS);
    }
    ok_status(NtQueryFullAttributesFile(&oa, &full), STATUS_DELETE_PENDING);
    ok_status(Attributes(DIR_PATH L"\\sized", &basic), STATUS_DELETE_PENDING);
    NtClose(h);
    ok_status(NtQueryFullAttributesFile(&oa, &full), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(Create(&h, FILE_GENERIC_WRITE | DELETE, DIR_PATH L"\\temp", NULL, FILE_CREATE,
                     FILE_DELETE_ON_CLOSE, NULL), STATUS_SUCCESS);
    NtClose(h);
    ok_status(Attributes(DIR_PATH L"\\temp", &basic), STATUS_OBJECT_NAME_NOT_FOUND);
}

static NTSTATUS OpenById(HANDLE *h, HANDLE root, const void *id, USHORT id_size)
{
    UNICODE_STRING name = {.Length = id_size, .MaximumLength = id_size, .Buffer = (WCHAR *)id};
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .RootDirectory = root, .ObjectName = &name};
    IO_STATUS_BLOCK iosb;

    *h = NULL;
    return NtOpenFile(h, FILE_GENERIC_READ, &oa, &iosb, FILE_SHARE_READ | FILE_SHARE_WRITE,
                      FILE_OPEN_BY_FILE_ID | FILE_SYNCHRONOUS_IO_NONALERT);
}

/* FILE_OPEN_BY_FILE_ID: the ID FileInternalInformation gives opens the same file, through any handle on its
 * volume; network paths are refused by name. */
static void TestOpenByIdAndNetwork(void)
{
    FILE_INTERNAL_INFORMATION internal, again;
    IO_STATUS_BLOCK iosb;
    HANDLE dir, volume, sub, h, byid;
    ULONGLONG id128[2];
    char buf[16];

    ok_status(Create(&dir, FILE_LIST_DIRECTORY | SYNCHRONIZE, DIR_PATH, NULL, FILE_OPEN,
                     FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, NULL), STATUS_SUCCESS);
    ok_status(Create(&sub, FILE_LIST_DIRECTORY | SYNCHRONIZE, DIR_PATH L"\\sub", NULL, FILE_CREATE,
                     FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, NULL), STATUS_SUCCESS);
    ok_status(Create(&h, FILE_GENERIC_WRITE | FILE_GENERIC_READ, DIR_PATH L"\\sub\\by-id.txt", NULL, FILE_CREATE,
                     FILE_SYNCHRONOUS_IO_NONALERT, NULL), STATUS_SUCCESS);
    Write(h, "by id", 5);
    ok_status(NtQueryInformationFile(h, &iosb, &internal, sizeof(internal), FileInternalInformation),
              STATUS_SUCCESS);
    NtClose(h);

    /* Relative to the directory above it, and to the volume's root. */
    ok_status(OpenById(&byid, dir, &internal.IndexNumber, 8), STATUS_SUCCESS);
    ok(Read(byid, buf, sizeof(buf)) == 5 && !memcmp(buf, "by id", 5), "the file opened by its ID");
    ok_status(NtQueryInformationFile(byid, &iosb, &again, sizeof(again), FileInternalInformation), STATUS_SUCCESS);
    ok(again.IndexNumber.QuadPart == internal.IndexNumber.QuadPart, "the same ID");
    NtClose(byid);
    ok_status(Create(&volume, FILE_LIST_DIRECTORY | SYNCHRONIZE, L"\\??\\C:\\", NULL, FILE_OPEN,
                     FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, NULL), STATUS_SUCCESS);
    id128[0] = (ULONGLONG)internal.IndexNumber.QuadPart;
    id128[1] = 0;
    ok_status(OpenById(&byid, volume, id128, 16), STATUS_SUCCESS);
    ok(Read(byid, buf, sizeof(buf)) == 5, "opened through the volume's root by a 128-bit ID");
    NtClose(byid);
    /* The directory's own ID opens the directory. */
    ok_status(NtQueryInformationFile(sub, &iosb, &again, sizeof(again), FileInternalInformation), STATUS_SUCCESS);
    ok_status(OpenById(&byid, volume, &again.IndexNumber, 8), STATUS_SUCCESS);
    NtClose(byid);

    /* Refusals: an ID no file has, a name of another size, no handle to say which volume, a bad handle. */
    id128[0] = 0x7ffffffffffffff0ull;
    ok_status(OpenById(&byid, dir, id128, 8), STATUS_INVALID_PARAMETER);
    id128[1] = 1;
    ok_status(OpenById(&byid, dir, id128, 16), STATUS_INVALID_PARAMETER);
    ok_status(OpenById(&byid, dir, &internal.IndexNumber, 6), STATUS_INVALID_PARAMETER);
    ok_status(OpenById(&byid, NULL, &internal.IndexNumber, 8), STATUS_INVALID_PARAMETER);
    ok_status(OpenById(&byid, (HANDLE)0x1234, &internal.IndexNumber, 8), STATUS_INVALID_HANDLE);
    ok(!byid, "no handle from a refused open");

    ok_status(Create(&h, DELETE, DIR_PATH L"\\sub\\by-id.txt", NULL, FILE_OPEN, FILE_DELETE_ON_CLOSE, NULL),
              STATUS_SUCCESS);
    NtClose(h);
    ok_status(OpenById(&byid, dir, &internal.IndexNumber, 8), STATUS_INVALID_PARAMETER);
    NtClose(sub);
    ok_status(Create(&h, DELETE, DIR_PATH L"\\sub", NULL, FILE_OPEN, FILE_DELETE_ON_CLOSE | FILE_DIRECTORY_FILE,
                     NULL), STATUS_SUCCESS);
    NtClose(h);
    NtClose(volume);
    NtClose(dir);

    /* \\server\share: Veles reaches no network share, and says so rather than "not found". */
    ok_status(Create(&h, FILE_GENERIC_READ, L"\\??\\UNC\\server\\share\\file.txt", NULL, FILE_OPEN, 0, NULL),
              STATUS_NOT_IMPLEMENTED);
    ok_status(Create(&h, FILE_GENERIC_READ, L"\\Device\\Mup\\server\\share", NULL, FILE_OPEN, 0, NULL),
              STATUS_NOT_IMPLEMENTED);
}

/* Leave nothing behind, so that the test runs again in the same prefix; a directory goes the same way. */
static void TestCleanUp(void)
{
    static const WCHAR *const files[] = {DIR_PATH L"\\data.txt", DIR_PATH L"\\new.txt", DIR_PATH};
    FILE_BASIC_INFORMATION basic;
    HANDLE h;

    for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        ok_status(Create(&h, DELETE, files[i], NULL, FILE_OPEN, FILE_DELETE_ON_CLOSE, NULL), STATUS_SUCCESS);
        NtClose(h);
        ok_status(Attributes(files[i], &basic), STATUS_OBJECT_NAME_NOT_FOUND);
    }
}

/* What GetFileType reads: the device a handle's file is on. */
static void TestDeviceTypes(void)
{
    FILE_FS_DEVICE_INFORMATION info;
    IO_STATUS_BLOCK iosb;
    HANDLE h;

    ok_status(Create(&h, FILE_GENERIC_READ, L"\\??\\C:\\windows", NULL, FILE_OPEN, FILE_DIRECTORY_FILE, NULL),
              STATUS_SUCCESS);
    ok_status(NtQueryVolumeInformationFile(h, &iosb, &info, sizeof(info), FileFsDeviceInformation), STATUS_SUCCESS);
    ok(info.DeviceType == FILE_DEVICE_DISK && iosb.Information == sizeof(info), "a directory is on a disk: %x",
       info.DeviceType);
    ok_status(NtQueryVolumeInformationFile(h, &iosb, &info, 4, FileFsDeviceInformation), STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQueryVolumeInformationFile(h, &iosb, &info, sizeof(info), FileFsControlInformation),
              STATUS_NOT_IMPLEMENTED);
    ok_status(NtQueryVolumeInformationFile(h, &iosb, &info, sizeof(info), (FS_INFORMATION_CLASS)0),
              STATUS_INVALID_INFO_CLASS);
    ok_status(NtQueryVolumeInformationFile(h, &iosb, (PVOID)8, sizeof(info), FileFsDeviceInformation),
              STATUS_ACCESS_VIOLATION);
    NtClose(h);
    ok_status(Create(&h, FILE_GENERIC_READ, L"\\??\\NUL", NULL, FILE_OPEN, 0, NULL), STATUS_SUCCESS);
    ok_status(NtQueryVolumeInformationFile(h, &iosb, &info, sizeof(info), FileFsDeviceInformation), STATUS_SUCCESS);
    ok(info.DeviceType == FILE_DEVICE_NULL, "NUL is the null device: %x", info.DeviceType);
    NtClose(h);
    ok_status(NtQueryVolumeInformationFile((HANDLE)0x1234, &iosb, &info, sizeof(info), FileFsDeviceInformation),
              STATUS_INVALID_HANDLE);
}

void RunTests(void)
{
    TestDeviceTypes();
    TestDispositions();
    TestReopen();
    TestBadBuffers();
    TestDosAttributes();
    TestNamesAndParameters();
    TestAccessAndDevices();
    TestQueriesAndDeletion();
    TestOpenByIdAndNetwork();
    TestCleanUp();
}
