/* Directory change notifications: a pending request completed by a change, changes kept between requests,
 * renames, a tree's watch, the filter, a buffer too small, cancelling, closing, a synchronous wait, APCs, and
 * what bad arguments get. Works in C:\windows\temp of the test prefix. */
#include "lib/nttest.h"

#define DIR_PATH L"\\??\\C:\\windows\\temp\\veles-notify"

static LARGE_INTEGER FiveSeconds = {.QuadPart = -50000000};

static NTSTATUS Open(HANDLE *h, const WCHAR *path, ACCESS_MASK access, ULONG disposition, ULONG options)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;

    RtlInitUnicodeString(&name, path);
    *h = NULL;
    return NtCreateFile(h, access | SYNCHRONIZE, &oa, &iosb, NULL, 0, FILE_SHARE_VALID_FLAGS, disposition, options,
                        NULL, 0);
}

static void Touch(const WCHAR *path)
{
    HANDLE h;
    ok_status(Open(&h, path, FILE_GENERIC_WRITE, FILE_OVERWRITE_IF, FILE_NON_DIRECTORY_FILE |
                   FILE_SYNCHRONOUS_IO_NONALERT), STATUS_SUCCESS);
    NtClose(h);
}

static void Remove(const WCHAR *path)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    RtlInitUnicodeString(&name, path);
    NtDeleteFile(&oa);
}

static void Rename(const WCHAR *from, const WCHAR *to_bare)
{
    struct {
        FILE_RENAME_INFORMATION Info;
        WCHAR More[32];
    } rename = {0};
    IO_STATUS_BLOCK iosb;
    HANDLE h;
    ULONG n = 0;

    while (to_bare[n])
        n++;
    rename.Info.FileNameLength = n * sizeof(WCHAR);
    memcpy(rename.Info.FileName, to_bare, n * sizeof(WCHAR));
    ok_status(Open(&h, from, DELETE, FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT), STATUS_SUCCESS);
    ok_status(NtSetInformationFile(h, &iosb, &rename, sizeof(rename), FileRenameInformation), STATUS_SUCCESS);
    NtClose(h);
}

/* The index-th record's action and name. */
static int Record(const BYTE *buffer, ULONG length, int index, ULONG action, const char *name)
{
    ULONG offset = 0;
    for (int i = 0; offset < length; i++) {
        const FILE_NOTIFY_INFORMATION *r = (const FILE_NOTIFY_INFORMATION *)(buffer + offset);
        if (i == index) {
            SIZE_T n = 0;
            while (name[n])
                n++;
            return r->Action == action && r->FileNameLength == n * sizeof(WCHAR) &&
                   TestStrEqualW(r->FileName, name, n);
        }
        if (!r->NextEntryOffset)
            break;
        offset += r->NextEntryOffset;
    }
    return 0;
}

static void Clean(void)
{
    static const WCHAR *files[] = {DIR_PATH L"\\a.txt", DIR_PATH L"\\b.txt", DIR_PATH L"\\c.txt",
        DIR_PATH L"\\d.txt", DIR_PATH L"\\e.txt", DIR_PATH L"\\sub\\deep.txt", DIR_PATH L"\\sub\\newdir",
        DIR_PATH L"\\sub", DIR_PATH L"\\newdir", DIR_PATH L"\\f.txt", DIR_PATH L"\\g.txt", DIR_PATH L"\\listed",
        DIR_PATH};
    for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++)
        Remove(files[i]);
}

static volatile LONG ApcRan;

static void NTAPI NotifyApc(PVOID context, PIO_STATUS_BLOCK iosb, ULONG reserved)
{
    (void)reserved;
    if (context == (PVOID)0x66 && iosb->Status == STATUS_SUCCESS)
        ApcRan++;
}

static ULONG NTAPI TouchLater(PVOID arg)
{
    LARGE_INTEGER delay = {.QuadPart = -1000000};
    (void)arg;
    NtDelayExecution(FALSE, &delay);
    Touch(DIR_PATH L"\\f.txt");
    return 0;
}

void RunTests(void)
{
    _Alignas(8) BYTE buffer[1024];
    IO_STATUS_BLOCK iosb, iosb2;
    HANDLE dir, file, event, tree, thread;
    ULONG names = FILE_NOTIFY_CHANGE_FILE_NAME | FILE_NOTIFY_CHANGE_DIR_NAME;

    Clean();
    ok_status(Open(&dir, DIR_PATH, FILE_LIST_DIRECTORY, FILE_CREATE, FILE_DIRECTORY_FILE), STATUS_SUCCESS);
    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);

    /* Refusals. */
    /* The I/O status block is probed first: no handle, no filter and no block is an access violation. */
    ok_status(NtNotifyChangeDirectoryFile(NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, FALSE), STATUS_ACCESS_VIOLATION);
    ok_status(NtNotifyChangeDirectoryFile(dir, event, NULL, NULL, &iosb, buffer, sizeof(buffer), 0, FALSE),
              STATUS_INVALID_PARAMETER);
    ok_status(NtNotifyChangeDirectoryFile(dir, event, NULL, NULL, &iosb, buffer, sizeof(buffer), 0x1000, FALSE),
              STATUS_INVALID_PARAMETER);
    ok_status(NtNotifyChangeDirectoryFile((HANDLE)0x1230, event, NULL, NULL, &iosb, buffer, sizeof(buffer), names,
                                          FALSE), STATUS_INVALID_HANDLE);
    ok_status(NtNotifyChangeDirectoryFile(dir, event, NULL, NULL, &iosb, (PVOID)8, 64, names, FALSE),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtNotifyChangeDirectoryFileEx(dir, event, NULL, NULL, &iosb, buffer, sizeof(buffer), names, FALSE, 2),
              STATUS_NOT_IMPLEMENTED);
    Touch(DIR_PATH L"\\e.txt");
    ok_status(Open(&file, DIR_PATH L"\\e.txt", FILE_GENERIC_READ, FILE_OPEN, 0), STATUS_SUCCESS);
    ok_status(NtNotifyChangeDirectoryFile(file, event, NULL, NULL, &iosb, buffer, sizeof(buffer), names, FALSE),
              STATUS_INVALID_PARAMETER);
    NtClose(file);
    ok_status(Open(&file, DIR_PATH, FILE_READ_ATTRIBUTES, FILE_OPEN, FILE_DIRECTORY_FILE), STATUS_SUCCESS);
    ok_status(NtNotifyChangeDirectoryFile(file, event, NULL, NULL, &iosb, buffer, sizeof(buffer), names, FALSE),
              STATUS_ACCESS_DENIED);
    NtClose(file);

    /* Pending until a change, which completes it. */
    memset(&iosb, 0x55, sizeof(iosb));
    ok_status(NtNotifyChangeDirectoryFile(dir, event, NULL, NULL, &iosb, buffer, sizeof(buffer), names, FALSE),
              STATUS_PENDING);
    ok(iosb.Status == (NTSTATUS)0x55555555, "a pending request leaves its status block alone");
    Touch(DIR_PATH L"\\a.txt");
    ok_status(NtWaitForSingleObject(event, FALSE, &FiveSeconds), STATUS_SUCCESS);
    ok(iosb.Status == STATUS_SUCCESS && Record(buffer, (ULONG)iosb.Information, 0, FILE_ACTION_ADDED, "a.txt"),
       "a new file is added: %x %u", iosb.Status, (ULONG)iosb.Information);
    ok(iosb.Information == offsetof(FILE_NOTIFY_INFORMATION, FileName) + 10, "the last record is not padded: %u",
       (ULONG)iosb.Information);

    /* What changes between requests is kept for the next, in order. */
    Touch(DIR_PATH L"\\b.txt");
    Rename(DIR_PATH L"\\b.txt", L"c.txt");
    Remove(DIR_PATH L"\\a.txt");
    LARGE_INTEGER settle = {.QuadPart = -300000};
    NtDelayExecution(FALSE, &settle);
    ok_status(NtNotifyChangeDirectoryFile(dir, event, NULL, NULL, &iosb, buffer, sizeof(buffer), names, FALSE),
              STATUS_SUCCESS);
    ok(Record(buffer, (ULONG)iosb.Information, 0, FILE_ACTION_ADDED, "b.txt") &&
       Record(buffer, (ULONG)iosb.Information, 1, FILE_ACTION_RENAMED_OLD_NAME, "b.txt") &&
       Record(buffer, (ULONG)iosb.Information, 2, FILE_ACTION_RENAMED_NEW_NAME, "c.txt") &&
       Record(buffer, (ULONG)iosb.Information, 3, FILE_ACTION_REMOVED, "a.txt"),
       "added, renamed and removed, in order (%u bytes)", (ULONG)iosb.Information);

    /* Too much for the buffer: look for yourself. */
    ok_status(NtNotifyChangeDirectoryFile(dir, event, NULL, NULL, &iosb, buffer, 8, names, FALSE), STATUS_PENDING);
    Touch(DIR_PATH L"\\d.txt");
    ok_status(NtWaitForSingleObject(event, FALSE, &FiveSeconds), STATUS_SUCCESS);
    ok(iosb.Status == STATUS_NOTIFY_ENUM_DIR && iosb.Information == 0, "a buffer too small: %x", iosb.Status);

    /* With an APC. */
    ApcRan = 0;
    ok_status(NtNotifyChangeDirectoryFile(dir, NULL, NotifyApc, (PVOID)0x66, &iosb, buffer, sizeof(buffer), names,
                                          FALSE), STATUS_PENDING);
    Remove(DIR_PATH L"\\d.txt");
    for (int i = 0; i < 50 && !ApcRan; i++) {
        LARGE_INTEGER tick = {.QuadPart = -100000};
        NtDelayExecution(TRUE, &tick);
    }
    ok(ApcRan == 1 && Record(buffer, (ULONG)iosb.Information, 0, FILE_ACTION_REMOVED, "d.txt"),
       "the APC of a completed request: %d", (int)ApcRan);

    /* Cancelled, and ended by the close. */
    ok_status(NtNotifyChangeDirectoryFile(dir, event, NULL, NULL, &iosb, buffer, sizeof(buffer), names, FALSE),
              STATUS_PENDING);
    IO_STATUS_BLOCK cancel;
    ok_status(NtCancelIoFile(dir, &cancel), STATUS_SUCCESS);
    ok(iosb.Status == STATUS_CANCELLED, "cancelled: %x", iosb.Status);
    ok_status(NtNotifyChangeDirectoryFile(dir, event, NULL, NULL, &iosb, buffer, sizeof(buffer), names, FALSE),
              STATUS_PENDING);
    NtClose(dir);
    ok(iosb.Status == STATUS_NOTIFY_CLEANUP, "ended by the close: %x", iosb.Status);
    ok_status(NtWaitForSingleObject(event, FALSE, &FiveSeconds), STATUS_SUCCESS);

    /* A tree: changes below, with their paths; the filter leaves out what it does not name. */
    ok_status(Open(&file, DIR_PATH L"\\sub", FILE_LIST_DIRECTORY, FILE_CREATE, FILE_DIRECTORY_FILE), STATUS_SUCCESS);
    NtClose(file);
    ok_status(Open(&tree, DIR_PATH, FILE_LIST_DIRECTORY, FILE_OPEN, FILE_DIRECTORY_FILE), STATUS_SUCCESS);
    ok_status(NtNotifyChangeDirectoryFile(tree, event, NULL, NULL, &iosb, buffer, sizeof(buffer),
                                          FILE_NOTIFY_CHANGE_FILE_NAME, TRUE), STATUS_PENDING);
    ok_status(Open(&file, DIR_PATH L"\\newdir", FILE_LIST_DIRECTORY, FILE_CREATE, FILE_DIRECTORY_FILE),
              STATUS_SUCCESS);
    NtClose(file);
    Touch(DIR_PATH L"\\sub\\deep.txt");
    ok_status(NtWaitForSingleObject(event, FALSE, &FiveSeconds), STATUS_SUCCESS);
    ok(iosb.Status == STATUS_SUCCESS && Record(buffer, (ULONG)iosb.Information, 0, FILE_ACTION_ADDED, "sub\\deep.txt"),
       "a file added below, and not the directory: %x", iosb.Status);
    NtClose(tree);

    /* Synchronous: the request waits for the change. */
    ok_status(Open(&dir, DIR_PATH, FILE_LIST_DIRECTORY, FILE_OPEN, FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    thread = TestCreateThread(TouchLater, NULL, 0);
    ok_status(NtNotifyChangeDirectoryFile(dir, NULL, NULL, NULL, &iosb, buffer, sizeof(buffer), names, FALSE),
              STATUS_SUCCESS);
    ok(Record(buffer, (ULONG)iosb.Information, 0, FILE_ACTION_ADDED, "f.txt"), "a synchronous wait's change");
    NtWaitForSingleObject(thread, FALSE, NULL);
    NtClose(thread);
    NtClose(dir);

    /* Listing a directory changes nothing Windows reports, whatever the filter asks for (it keeps no last-access
     * times): a new directory listed and removed is added and removed, no more. */
    ok_status(Open(&dir, DIR_PATH, FILE_LIST_DIRECTORY, FILE_OPEN, FILE_DIRECTORY_FILE), STATUS_SUCCESS);
    ok_status(NtNotifyChangeDirectoryFile(dir, event, NULL, NULL, &iosb, buffer, sizeof(buffer),
                                          FILE_NOTIFY_VALID_MASK, FALSE),
              STATUS_PENDING);
    {
        HANDLE sub;
        BYTE list[512];
        ok_status(Open(&sub, DIR_PATH L"\\listed", FILE_LIST_DIRECTORY | SYNCHRONIZE, FILE_CREATE,
                       FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT),
                  STATUS_SUCCESS);
        NtQueryDirectoryFile(sub, NULL, NULL, NULL, &iosb2, list, sizeof(list), FileNamesInformation, FALSE, NULL,
                             TRUE);
        NtClose(sub);
    }
    ok_status(NtWaitForSingleObject(event, FALSE, &FiveSeconds), STATUS_SUCCESS);
    ok(Record(buffer, (ULONG)iosb.Information, 0, FILE_ACTION_ADDED, "listed") &&
           iosb.Information == offsetof(FILE_NOTIFY_INFORMATION, FileName) + 12,
       "only the new directory: %u bytes", (ULONG)iosb.Information);
    Remove(DIR_PATH L"\\listed");
    ok_status(NtNotifyChangeDirectoryFile(dir, event, NULL, NULL, &iosb, buffer, sizeof(buffer),
                                          FILE_NOTIFY_VALID_MASK, FALSE),
              STATUS_SUCCESS);
    ok(Record(buffer, (ULONG)iosb.Information, 0, FILE_ACTION_REMOVED, "listed") &&
           iosb.Information == offsetof(FILE_NOTIFY_INFORMATION, FileName) + 12,
       "then its removal alone: %u bytes", (ULONG)iosb.Information);
    NtClose(dir);
    NtClose(event);
    Clean();
}
