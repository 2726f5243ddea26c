/* What opens of one file do to each other: share access, delete-on-close and NtDeleteFile, byte-range locks
 * (NtLockFile, NtUnlockFile), NtFlushBuffersFile, directory enumeration (NtQueryDirectoryFile(Ex)) with
 * Windows' order, wildcards, short names and buffer rules, and the information classes of files and volumes.
 * Works in C:\windows\temp of the test prefix. */
#include "lib/nttest.h"

#define DIR_PATH L"\\??\\C:\\windows\\temp\\veles-fileops"

static NTSTATUS Open(HANDLE *h, ACCESS_MASK access, const WCHAR *path, ULONG share, ULONG disposition, ULONG options)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;

    RtlInitUnicodeString(&name, path);
    *h = NULL;
    return NtCreateFile(h, access | SYNCHRONIZE, &oa, &iosb, NULL, 0, share, disposition,
                        FILE_SYNCHRONOUS_IO_NONALERT | options, NULL, 0);
}

static NTSTATUS Delete(const WCHAR *path)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};

    RtlInitUnicodeString(&name, path);
    return NtDeleteFile(&oa);
}

static NTSTATUS Size(const WCHAR *path, LONGLONG *size)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    FILE_NETWORK_OPEN_INFORMATION info;
    NTSTATUS status;

    RtlInitUnicodeString(&name, path);
    status = NtQueryFullAttributesFile(&oa, &info);
    *size = status ? -1 : info.EndOfFile.QuadPart;
    return status;
}

static void MakeFile(const WCHAR *path, const char *text, ULONG n)
{
    IO_STATUS_BLOCK iosb;
    HANDLE h;

    ok_status(Open(&h, FILE_GENERIC_WRITE, path, 0, FILE_OVERWRITE_IF, FILE_NON_DIRECTORY_FILE), STATUS_SUCCESS);
    if (n)
        ok_status(NtWriteFile(h, NULL, NULL, NULL, &iosb, (PVOID)text, n, NULL, NULL), STATUS_SUCCESS);
    NtClose(h);
}

static void TestSharing(void)
{
    const WCHAR *path = DIR_PATH L"\\shared.txt";
    HANDLE a, b, c;
    LONGLONG size = 0;

    MakeFile(path, "hello", 5);
    ok_status(Open(&a, FILE_GENERIC_READ, path, FILE_SHARE_READ, FILE_OPEN, 0), STATUS_SUCCESS);
    /* a lets others read, not write. */
    ok_status(Open(&b, FILE_GENERIC_WRITE, path, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN, 0),
              STATUS_SHARING_VIOLATION);
    ok_status(Open(&b, FILE_GENERIC_READ, path, FILE_SHARE_READ, FILE_OPEN, 0), STATUS_SUCCESS);
    /* ... and a reads, so an open that does not share reading is refused. */
    ok_status(Open(&c, FILE_GENERIC_READ, path, FILE_SHARE_WRITE, FILE_OPEN, 0), STATUS_SHARING_VIOLATION);
    /* Attributes alone are no data access: no share check. */
    ok_status(Open(&c, FILE_READ_ATTRIBUTES, path, 0, FILE_OPEN, 0), STATUS_SUCCESS);
    NtClose(c);
    /* An overwrite the share check refuses leaves the file as it was. */
    ok_status(Open(&c, FILE_GENERIC_WRITE, path, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OVERWRITE, 0),
              STATUS_SHARING_VIOLATION);
    ok(!Size(path, &size) && size == 5, "a refused overwrite cut nothing: %lld", size);
    NtClose(a);
    ok_status(Open(&c, FILE_GENERIC_WRITE, path, FILE_SHARE_READ, FILE_OPEN, 0), STATUS_SHARING_VIOLATION);
    NtClose(b);
    ok_status(Open(&c, FILE_GENERIC_WRITE, path, 0, FILE_OPEN, 0), STATUS_SUCCESS);
    NtClose(c);
    /* Deletion is shared or refused like the rest. */
    ok_status(Open(&a, FILE_GENERIC_READ, path, FILE_SHARE_READ, FILE_OPEN, 0), STATUS_SUCCESS);
    ok_status(Delete(path), STATUS_SHARING_VIOLATION);
    NtClose(a);
    ok_status(Delete(path), STATUS_SUCCESS);
    ok_status(Size(path, &size), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(Delete(path), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(Delete(DIR_PATH L"\\missing\\x"), STATUS_OBJECT_PATH_NOT_FOUND);
}

static void TestDeleteOnClose(void)
{
    const WCHAR *path = DIR_PATH L"\\doomed.txt";
    HANDLE a, b;
    LONGLONG size = 0;

    /* Delete-on-close marks the file when its handle goes; until then others open it as ever. */
    MakeFile(path, "x", 1);
    ok_status(Open(&a, DELETE | FILE_GENERIC_READ, path, FILE_SHARE_VALID_FLAGS, FILE_OPEN, FILE_DELETE_ON_CLOSE),
              STATUS_SUCCESS);
    ok_status(Open(&b, FILE_GENERIC_READ, path, FILE_SHARE_VALID_FLAGS, FILE_OPEN, 0), STATUS_SUCCESS);
    NtClose(a);
    ok_status(Open(&a, FILE_GENERIC_READ, path, FILE_SHARE_VALID_FLAGS, FILE_OPEN, 0), STATUS_DELETE_PENDING);
    NtClose(b);
    ok_status(Size(path, &size), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(Open(&a, FILE_GENERIC_READ, path, 0, FILE_OPEN_IF, FILE_DELETE_ON_CLOSE), STATUS_INVALID_PARAMETER);

    /* The last of several opens deletes. */
    MakeFile(path, "x", 1);
    ok_status(Open(&a, FILE_GENERIC_READ, path, FILE_SHARE_VALID_FLAGS, FILE_OPEN, 0), STATUS_SUCCESS);
    ok_status(Delete(path), STATUS_SUCCESS);
    /* Deleted by name, still open elsewhere: to be asked after no more (Wine's file test records Windows so). */
    ok_status(Size(path, &size), STATUS_DELETE_PENDING);
    NtClose(a);
    ok_status(Size(path, &size), STATUS_OBJECT_NAME_NOT_FOUND);

    /* A directory that is not empty is not deleted, though NtDeleteFile succeeds (Wine's file test records Windows
     * so: the deletion is its close's, which says nothing). */
    ok_status(Open(&a, FILE_LIST_DIRECTORY, DIR_PATH L"\\full", 0, FILE_CREATE, FILE_DIRECTORY_FILE), STATUS_SUCCESS);
    NtClose(a);
    MakeFile(DIR_PATH L"\\full\\inside.txt", "", 0);
    ok_status(Delete(DIR_PATH L"\\full"), STATUS_SUCCESS);
    ok(!Size(DIR_PATH L"\\full\\inside.txt", &size), "what it holds is still there");
    ok_status(Delete(DIR_PATH L"\\full\\inside.txt"), STATUS_SUCCESS);
    ok_status(Delete(DIR_PATH L"\\full"), STATUS_SUCCESS);
    ok_status(Size(DIR_PATH L"\\full", &size), STATUS_OBJECT_NAME_NOT_FOUND);
}

static NTSTATUS Lock(HANDLE h, LONGLONG offset, LONGLONG length, ULONG key, BOOLEAN exclusive)
{
    IO_STATUS_BLOCK iosb;
    LARGE_INTEGER o = {.QuadPart = offset}, l = {.QuadPart = length};
    return NtLockFile(h, NULL, NULL, NULL, &iosb, &o, &l, key, TRUE, exclusive);
}

static NTSTATUS Unlock(HANDLE h, LONGLONG offset, LONGLONG length, ULONG key)
{
    IO_STATUS_BLOCK iosb;
    LARGE_INTEGER o = {.QuadPart = offset}, l = {.QuadPart = length};
    return NtUnlockFile(h, &iosb, &o, &l, key);
}

static NTSTATUS ReadAt(HANDLE h, LONGLONG offset, char *buf, ULONG n)
{
    IO_STATUS_BLOCK iosb;
    LARGE_INTEGER o = {.QuadPart = offset};
    return NtReadFile(h, NULL, NULL, NULL, &iosb, buf, n, &o, NULL);
}

static NTSTATUS WriteAt(HANDLE h, LONGLONG offset, const char *buf, ULONG n)
{
    IO_STATUS_BLOCK iosb;
    LARGE_INTEGER o = {.QuadPart = offset};
    return NtWriteFile(h, NULL, NULL, NULL, &iosb, (PVOID)buf, n, &o, NULL);
}

static void TestLocks(void)
{
    const WCHAR *path = DIR_PATH L"\\locked.txt";
    const ULONG share = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
    HANDLE a, b, attributes;
    IO_STATUS_BLOCK iosb;
    char buf[8];

    MakeFile(path, "0123456789abcdefghij", 20);
    ok_status(Open(&a, FILE_GENERIC_READ | FILE_GENERIC_WRITE, path, share, FILE_OPEN, 0), STATUS_SUCCESS);
    ok_status(Open(&b, FILE_GENERIC_READ | FILE_GENERIC_WRITE, path, share, FILE_OPEN, 0), STATUS_SUCCESS);

    ok_status(Lock(a, 0, 10, 0, TRUE), STATUS_SUCCESS);
    ok_status(ReadAt(a, 0, buf, 4), STATUS_SUCCESS);       /* its own lock lets it through */
    ok_status(ReadAt(b, 2, buf, 4), STATUS_FILE_LOCK_CONFLICT);
    ok_status(WriteAt(b, 8, "zz", 4), STATUS_FILE_LOCK_CONFLICT);
    ok_status(ReadAt(b, 10, buf, 4), STATUS_SUCCESS);      /* just past the range */
    ok_status(Lock(b, 5, 1, 0, FALSE), STATUS_LOCK_NOT_GRANTED);
    ok_status(Lock(a, 9, 2, 0, TRUE), STATUS_LOCK_NOT_GRANTED); /* exclusive locks do not overlap, even one's own */
    ok_status(Unlock(a, 0, 5, 0), STATUS_RANGE_NOT_LOCKED);      /* a lock goes only as a whole */
    ok_status(Unlock(a, 0, 10, 1), STATUS_RANGE_NOT_LOCKED);     /* and with its key */
    ok_status(Unlock(b, 0, 10, 0), STATUS_RANGE_NOT_LOCKED);     /* and through its own open */
    ok_status(Unlock(a, 0, 10, 0), STATUS_SUCCESS);
    ok_status(ReadAt(b, 2, buf, 4), STATUS_SUCCESS);

    /* Shared locks go together and keep everyone, their owner too, from writing. */
    ok_status(Lock(a, 0, 10, 0, FALSE), STATUS_SUCCESS);
    ok_status(Lock(b, 5, 10, 0, FALSE), STATUS_SUCCESS);
    ok_status(ReadAt(b, 0, buf, 4), STATUS_SUCCESS);
    ok_status(WriteAt(a, 0, "zz", 2), STATUS_FILE_LOCK_CONFLICT);
    ok_status(Lock(b, 0, 1, 0, TRUE), STATUS_LOCK_NOT_GRANTED);
    ok_status(Unlock(b, 5, 10, 0), STATUS_SUCCESS);
    /* Closing an open lets its locks go. */
    NtClose(a);
    ok_status(Lock(b, 0, 10, 0, TRUE), STATUS_SUCCESS);
    ok_status(Unlock(b, 0, 10, 0), STATUS_SUCCESS);

    /* Bad ranges and handles. */
    ok_status(Lock(b, -1, 1, 0, TRUE), STATUS_SUCCESS); /* the last byte there can be */
    ok_status(Unlock(b, -1, 1, 0), STATUS_SUCCESS);
    ok_status(Lock(b, 10, -1, 0, TRUE), STATUS_INVALID_LOCK_RANGE);
    ok_status(Lock((HANDLE)0x1234, 0, 1, 0, TRUE), STATUS_INVALID_HANDLE);
    ok_status(Open(&attributes, FILE_READ_ATTRIBUTES, path, share, FILE_OPEN, 0), STATUS_SUCCESS);
    ok_status(Lock(attributes, 0, 1, 0, TRUE), STATUS_ACCESS_DENIED);
    ok_status(NtLockFile(b, NULL, NULL, NULL, (PIO_STATUS_BLOCK)8, &(LARGE_INTEGER){.QuadPart = 0},
                         &(LARGE_INTEGER){.QuadPart = 1}, 0, TRUE, TRUE),
              STATUS_ACCESS_VIOLATION);

    /* Flushing needs a handle that writes. */
    ok_status(NtFlushBuffersFile(b, &iosb), STATUS_SUCCESS);
    ok_status(NtFlushBuffersFile(attributes, &iosb), STATUS_ACCESS_DENIED);
    ok_status(NtFlushBuffersFile((HANDLE)0x1234, &iosb), STATUS_INVALID_HANDLE);
    ok_status(NtFlushBuffersFileEx(b, 0, NULL, 0, &iosb), STATUS_SUCCESS);
    ok_status(NtFlushBuffersFileEx(b, 0x1, NULL, 0, &iosb), STATUS_SUCCESS); /* the data only */
    ok_status(NtFlushBuffersFileEx(b, 0x100, NULL, 0, &iosb), STATUS_INVALID_PARAMETER);
    ok_status(NtFlushBuffersFileEx(b, 0, &iosb, sizeof(iosb), &iosb), STATUS_INVALID_PARAMETER);
    NtClose(attributes);
    NtClose(b);
    ok_status(Delete(path), STATUS_SUCCESS);
}

/* The names of the entries one query writes, separated by '|'. */
static NTSTATUS List(HANDLE dir, const WCHAR *mask, FILE_INFORMATION_CLASS class, BOOLEAN restart, char *out,
                     int size)
{
    static BYTE buf[4096];
    IO_STATUS_BLOCK iosb;
    UNICODE_STRING m;
    NTSTATUS status;
    int n = 0;

    if (mask)
        RtlInitUnicodeString(&m, mask);
    out[0] = 0;
    status = NtQueryDirectoryFile(dir, NULL, NULL, NULL, &iosb, buf, sizeof(buf), class, FALSE, mask ? &m : NULL,
                                  restart);
    if (status)
        return status;
    for (BYTE *p = buf;; p += *(ULONG *)p) {
        const WCHAR *name;
        ULONG length;
        if (class == FileNamesInformation) {
            name = ((FILE_NAMES_INFORMATION *)p)->FileName;
            length = ((FILE_NAMES_INFORMATION *)p)->FileNameLength;
        } else {
            name = ((FILE_BOTH_DIR_INFORMATION *)p)->FileName;
            length = ((FILE_BOTH_DIR_INFORMATION *)p)->FileNameLength;
        }
        if (n)
            out[n++] = '|';
        for (ULONG i = 0; i < length / 2 && n < size - 2; i++)
            out[n++] = (char)name[i];
        out[n] = 0;
        if (!*(ULONG *)p)
            break;
    }
    return status;
}

static int Same(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static NTSTATUS OpenList(HANDLE *dir)
{
    return Open(dir, FILE_LIST_DIRECTORY, DIR_PATH L"\\list", FILE_SHARE_VALID_FLAGS, FILE_OPEN, FILE_DIRECTORY_FILE);
}

/* Whether a fresh enumeration of the list directory with mask finds what expected names. */
static int Matches(const WCHAR *mask, FILE_INFORMATION_CLASS class, const char *expected)
{
    char names[256];
    HANDLE dir;
    int same;

    if (OpenList(&dir))
        return 0;
    same = !List(dir, mask, class, FALSE, names, sizeof(names)) && Same(names, expected);
    if (!same)
        TestPrint("mask matched %s\n", names);
    NtClose(dir);
    return same;
}

static void TestDirectory(void)
{
    static const WCHAR *const files[] = {DIR_PATH L"\\list\\c.dat", DIR_PATH L"\\list\\B.txt",
                                         DIR_PATH L"\\list\\a.txt", DIR_PATH L"\\list\\LongFileName.text"};
    FILE_BOTH_DIR_INFORMATION *both;
    static BYTE buf[512];
    IO_STATUS_BLOCK iosb;
    HANDLE dir, sub, file;
    char names[256];

    ok_status(Open(&dir, FILE_LIST_DIRECTORY, DIR_PATH L"\\list", 0, FILE_CREATE, FILE_DIRECTORY_FILE),
              STATUS_SUCCESS);
    for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++)
        MakeFile(files[i], "abc", 3);
    ok_status(Open(&sub, FILE_LIST_DIRECTORY, DIR_PATH L"\\list\\sub", 0, FILE_CREATE, FILE_DIRECTORY_FILE),
              STATUS_SUCCESS);
    NtClose(sub);

    /* NTFS' order: the dots, then by upper-case name. */
    ok_status(List(dir, NULL, FileNamesInformation, TRUE, names, sizeof(names)), STATUS_SUCCESS);
    ok(Same(names, ".|..|a.txt|B.txt|c.dat|LongFileName.text|sub"), "all of them, in order: %s", names);
    ok_status(List(dir, NULL, FileNamesInformation, FALSE, names, sizeof(names)), STATUS_NO_MORE_FILES);
    /* The first query's mask stays; a restart reads the directory again with it. */
    ok_status(List(dir, L"*.dat", FileNamesInformation, TRUE, names, sizeof(names)), STATUS_SUCCESS);
    ok(Same(names, ".|..|a.txt|B.txt|c.dat|LongFileName.text|sub"), "a later mask changes nothing: %s", names);
    NtClose(dir);

    ok(Matches(L"*.TXT", FileBothDirectoryInformation, "a.txt|B.txt"), "a mask without regard to case");
    ok(Matches(L"?.*", FileNamesInformation, "..|a.txt|B.txt|c.dat"), "? is one character");
    /* The DOS wildcards kernelbase makes of "*.*" and "sub.": DOS_STAR, DOS_DOT. */
    ok(Matches(L"<\"*", FileNamesInformation, ".|..|a.txt|B.txt|c.dat|LongFileName.text|sub"), "*.* is everything");
    ok(Matches(L"sub\"", FileNamesInformation, "sub"), "DOS_DOT matches the end of a name");
    ok(Matches(L"<.t>>", FileNamesInformation, "a.txt|B.txt"), "DOS_STAR to the last dot, DOS_QM");
    ok_status(OpenList(&dir), STATUS_SUCCESS);
    ok_status(List(dir, L"nothing*", FileNamesInformation, FALSE, names, sizeof(names)), STATUS_NO_SUCH_FILE);
    ok_status(List(dir, NULL, FileNamesInformation, FALSE, names, sizeof(names)), STATUS_NO_MORE_FILES);
    /* Only the first query is "no such file": a restart with the mask that stays finds no more. */
    ok_status(List(dir, NULL, FileNamesInformation, TRUE, names, sizeof(names)), STATUS_NO_MORE_FILES);
    NtClose(dir);
    ok_status(OpenList(&dir), STATUS_SUCCESS);
    {
        UNICODE_STRING none;
        IO_STATUS_BLOCK untouched = {.Information = 77};
        RtlInitUnicodeString(&none, L"nothing*");
        untouched.Status = 0x1234;
        ok_status(NtQueryDirectoryFile(dir, NULL, NULL, NULL, &untouched, buf, sizeof(buf), FileNamesInformation,
                                       FALSE, &none, TRUE),
                  STATUS_NO_SUCH_FILE);
        ok(untouched.Status == 0x1234 && untouched.Information == 77, "an error leaves the I/O status alone");
    }
    NtClose(dir);

    /* One entry at a time, with its short name; a buffer too small for one entry gets part of it. */
    ok_status(OpenList(&dir), STATUS_SUCCESS);
    UNICODE_STRING mask;
    RtlInitUnicodeString(&mask, L"long*");
    both = (FILE_BOTH_DIR_INFORMATION *)buf;
    ok_status(NtQueryDirectoryFile(dir, NULL, NULL, NULL, &iosb, buf, offsetof(FILE_BOTH_DIR_INFORMATION, FileName) + 8,
                                   FileBothDirectoryInformation, TRUE, &mask, FALSE),
              STATUS_BUFFER_OVERFLOW);
    ok(iosb.Information == offsetof(FILE_BOTH_DIR_INFORMATION, FileName) + 8 && both->FileNameLength == 34,
       "part of an entry, its name's whole length: %lu %u", (ULONG64)iosb.Information, both->FileNameLength);
    ok_status(NtQueryDirectoryFile(dir, NULL, NULL, NULL, &iosb, buf, sizeof(buf), FileBothDirectoryInformation, TRUE,
                                   NULL, FALSE),
              STATUS_SUCCESS);
    ok(both->NextEntryOffset == 0 && both->EndOfFile.QuadPart == 3 && both->FileNameLength == 34 &&
           TestStrEqualW(both->FileName, "LongFileName.text", 17),
       "the entry itself, after the overflow");
    ok(both->ShortNameLength == 24 && TestStrEqualW(both->ShortName, "LONGFI~1.TEX", 12), "its 8.3 name");
    ok_status(NtQueryDirectoryFile(dir, NULL, NULL, NULL, &iosb, buf, 8, FileBothDirectoryInformation, TRUE, NULL,
                                   FALSE),
              STATUS_INFO_LENGTH_MISMATCH);
    /* The Ex form's flags: a restart with a single entry gives the first mask's first match again; an index
     * Veles does not take. */
    ok_status(NtQueryDirectoryFileEx(dir, NULL, NULL, NULL, &iosb, buf, sizeof(buf), FileNamesInformation,
                                     SL_RESTART_SCAN | SL_RETURN_SINGLE_ENTRY, NULL),
              STATUS_SUCCESS);
    ok(((FILE_NAMES_INFORMATION *)buf)->NextEntryOffset == 0 && ((FILE_NAMES_INFORMATION *)buf)->FileNameLength == 34 &&
           TestStrEqualW(((FILE_NAMES_INFORMATION *)buf)->FileName, "LongFileName.text", 17),
       "one entry, the first");
    ok_status(NtQueryDirectoryFileEx(dir, NULL, NULL, NULL, &iosb, buf, sizeof(buf), FileNamesInformation,
                                     SL_INDEX_SPECIFIED, NULL),
              STATUS_NOT_IMPLEMENTED);
    ok_status(NtQueryDirectoryFile(dir, NULL, NULL, NULL, &iosb, buf, sizeof(buf), FileBasicInformation, TRUE, NULL,
                                   FALSE),
              STATUS_INVALID_INFO_CLASS);
    /* NTFS' index classes want their size before they say no plain directory has them. */
    ok_status(NtQueryDirectoryFile(dir, NULL, NULL, NULL, &iosb, buf, 15, FileReparsePointInformation, TRUE, NULL,
                                   FALSE),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQueryDirectoryFile(dir, NULL, NULL, NULL, &iosb, buf, 16, FileReparsePointInformation, TRUE, NULL,
                                   FALSE),
              STATUS_INVALID_INFO_CLASS);
    ok_status(NtQueryDirectoryFile(dir, NULL, NULL, NULL, &iosb, buf, 71, FileObjectIdInformation, TRUE, NULL, FALSE),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQueryDirectoryFile(dir, NULL, NULL, NULL, &iosb, buf, 56, FileQuotaInformation, TRUE, NULL, FALSE),
              STATUS_INVALID_INFO_CLASS);
    ok_status(NtQueryDirectoryFile(dir, NULL, NULL, NULL, &iosb, (PVOID)0x1000, sizeof(buf),
                                   FileBothDirectoryInformation, TRUE, NULL, TRUE),
              STATUS_ACCESS_VIOLATION);
    NtClose(dir);
    ok_status(Open(&file, FILE_GENERIC_READ, files[0], FILE_SHARE_VALID_FLAGS, FILE_OPEN, 0), STATUS_SUCCESS);
    ok_status(NtQueryDirectoryFile(file, NULL, NULL, NULL, &iosb, buf, sizeof(buf), FileNamesInformation, FALSE,
                                   NULL, TRUE),
              STATUS_INVALID_PARAMETER); /* a file is no directory */
    NtClose(file);
    ok_status(NtQueryDirectoryFile((HANDLE)0x1234, NULL, NULL, NULL, &iosb, buf, sizeof(buf), FileNamesInformation,
                                   FALSE, NULL, TRUE),
              STATUS_INVALID_HANDLE);

    for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++)
        ok_status(Delete(files[i]), STATUS_SUCCESS);
    ok_status(Delete(DIR_PATH L"\\list\\sub"), STATUS_SUCCESS);
    ok_status(Delete(DIR_PATH L"\\list"), STATUS_SUCCESS);
}

static NTSTATUS Query(HANDLE h, void *buf, ULONG size, FILE_INFORMATION_CLASS class)
{
    IO_STATUS_BLOCK iosb;
    return NtQueryInformationFile(h, &iosb, buf, size, class);
}

static NTSTATUS Set(HANDLE h, void *buf, ULONG size, FILE_INFORMATION_CLASS class)
{
    IO_STATUS_BLOCK iosb = {.Status = 0x1234, .Information = 5};
    NTSTATUS status = NtSetInformationFile(h, &iosb, buf, size, class);
    ok(status ? iosb.Status == 0x1234 && iosb.Information == 5 : iosb.Status == 0 && iosb.Information == 0,
       "a set reports success alone, and a failure leaves the status block as it was");
    return status;
}

static void TestInformation(void)
{
    const WCHAR *path = DIR_PATH L"\\info.txt";
    static const char name[] = "\\windows\\temp\\veles-fileops\\info.txt";
    const ULONG share = FILE_SHARE_VALID_FLAGS;
    FILE_STANDARD_INFORMATION standard;
    FILE_POSITION_INFORMATION position;
    FILE_END_OF_FILE_INFORMATION eof;
    FILE_BASIC_INFORMATION basic;
    FILE_INTERNAL_INFORMATION internal;
    FILE_ID_INFORMATION id;
    FILE_DISPOSITION_INFORMATION disposition;
    FILE_DISPOSITION_INFORMATION_EX disposition_ex;
    static BYTE buf[1024];
    FILE_ALL_INFORMATION *all = (FILE_ALL_INFORMATION *)buf;
    FILE_NAME_INFORMATION *fname = (FILE_NAME_INFORMATION *)buf;
    IO_STATUS_BLOCK iosb;
    HANDLE h, other;
    LONGLONG size = 0;
    char data[8];

    MakeFile(path, "hello world", 11);
    ok_status(Open(&h, FILE_GENERIC_READ | FILE_GENERIC_WRITE | DELETE, path, share, FILE_OPEN, 0), STATUS_SUCCESS);
    ok_status(Query(h, &standard, sizeof(standard), FileStandardInformation), STATUS_SUCCESS);
    ok(standard.EndOfFile.QuadPart == 11 && standard.NumberOfLinks == 1 && !standard.DeletePending &&
           !standard.Directory,
       "standard information");

    /* The position: where reads left it, and where it is put. */
    ok_status(NtReadFile(h, NULL, NULL, NULL, &iosb, data, 5, NULL, NULL), STATUS_SUCCESS);
    ok_status(Query(h, &position, sizeof(position), FilePositionInformation), STATUS_SUCCESS);
    ok(position.CurrentByteOffset.QuadPart == 5, "the position after a read");
    position.CurrentByteOffset.QuadPart = 2;
    ok_status(Set(h, &position, sizeof(position), FilePositionInformation), STATUS_SUCCESS);
    ok_status(NtReadFile(h, NULL, NULL, NULL, &iosb, data, 3, NULL, NULL), STATUS_SUCCESS);
    ok(data[0] == 'l' && data[1] == 'l' && data[2] == 'o', "a read from the position set");
    position.CurrentByteOffset.QuadPart = -1;
    ok_status(Set(h, &position, sizeof(position), FilePositionInformation), STATUS_INVALID_PARAMETER);

    /* The name from the volume's root; cut, with its whole length, when the buffer is short. */
    ok_status(NtQueryInformationFile(h, &iosb, buf, sizeof(buf), FileNameInformation), STATUS_SUCCESS);
    ok(fname->FileNameLength == (sizeof(name) - 1) * 2 && TestStrEqualW(fname->FileName, name, sizeof(name) - 1) &&
           iosb.Information == 4 + fname->FileNameLength,
       "the file's name");
    ok_status(NtQueryInformationFile(h, &iosb, buf, 12, FileNameInformation), STATUS_BUFFER_OVERFLOW);
    ok(fname->FileNameLength == (sizeof(name) - 1) * 2 && iosb.Information == 12 && iosb.Status == STATUS_BUFFER_OVERFLOW,
       "a name cut short: %u %lu", fname->FileNameLength, (ULONG64)iosb.Information);
    ok_status(NtQueryInformationFile(h, &iosb, buf, sizeof(buf), FileAllInformation), STATUS_SUCCESS);
    ok(all->StandardInformation.EndOfFile.QuadPart == 11 && all->PositionInformation.CurrentByteOffset.QuadPart == 5 &&
           all->ModeInformation.Mode == FILE_SYNCHRONOUS_IO_NONALERT &&
           (all->AccessInformation.AccessFlags & (FILE_READ_DATA | DELETE)) == (FILE_READ_DATA | DELETE) &&
           TestStrEqualW(all->NameInformation.FileName, name, sizeof(name) - 1),
       "all information");
    ok_status(Query(h, &internal, sizeof(internal), FileInternalInformation), STATUS_SUCCESS);
    ok_status(Query(h, &id, sizeof(id), FileIdInformation), STATUS_SUCCESS);
    ok(*(LONGLONG *)id.FileId.Identifier == internal.IndexNumber.QuadPart && internal.IndexNumber.QuadPart,
       "one file number in both classes");

    /* The end of the file, past 4 GiB and back; an allocation below the end cuts it. */
    eof.EndOfFile.QuadPart = 5ll << 30;
    ok_status(Set(h, &eof, sizeof(eof), FileEndOfFileInformation), STATUS_SUCCESS);
    ok(!Size(path, &size) && size == 5ll << 30, "a sparse 5 GiB file: %lld", size);
    ok_status(WriteAt(h, (9ll << 29) + 1, "far", 3), STATUS_SUCCESS);
    ok(ReadAt(h, 9ll << 29, data, 4) == STATUS_SUCCESS && data[0] == 0 && data[1] == 'f' && data[3] == 'r',
       "data past 4 GiB");
    eof.EndOfFile.QuadPart = 4;
    ok_status(Set(h, &eof, sizeof(eof), FileEndOfFileInformation), STATUS_SUCCESS);
    ok(!Size(path, &size) && size == 4, "cut to 4: %lld", size);
    ok_status(Set(h, &eof, sizeof(eof), FileAllocationInformation), STATUS_SUCCESS);
    ok(!Size(path, &size) && size == 4, "an allocation at the end keeps it");
    eof.EndOfFile.QuadPart = 2;
    ok_status(Set(h, &eof, sizeof(eof), FileAllocationInformation), STATUS_SUCCESS);
    ok(!Size(path, &size) && size == 2, "an allocation below the end cuts it");
    eof.EndOfFile.QuadPart = -1;
    ok_status(Set(h, &eof, sizeof(eof), FileEndOfFileInformation), STATUS_INVALID_PARAMETER);

    /* Times and read-only. */
    memset(&basic, 0, sizeof(basic));
    basic.LastWriteTime.QuadPart = 132223104000000000ll; /* 2020-01-01 */
    ok_status(Set(h, &basic, sizeof(basic), FileBasicInformation), STATUS_SUCCESS);
    ok_status(Query(h, &basic, sizeof(basic), FileBasicInformation), STATUS_SUCCESS);
    ok(basic.LastWriteTime.QuadPart == 132223104000000000ll && basic.FileAttributes == FILE_ATTRIBUTE_ARCHIVE,
       "the write time set: %llx %x", basic.LastWriteTime.QuadPart, basic.FileAttributes);
    memset(&basic, 0, sizeof(basic));
    basic.FileAttributes = FILE_ATTRIBUTE_READONLY;
    ok_status(Set(h, &basic, sizeof(basic), FileBasicInformation), STATUS_SUCCESS);
    ok_status(Open(&other, FILE_GENERIC_WRITE, path, share, FILE_OPEN, 0), STATUS_ACCESS_DENIED);
    ok_status(Query(h, &basic, sizeof(basic), FileBasicInformation), STATUS_SUCCESS);
    ok(basic.FileAttributes & FILE_ATTRIBUTE_READONLY, "read-only");
    disposition.DeleteFile = TRUE;
    ok_status(Set(h, &disposition, sizeof(disposition), FileDispositionInformation), STATUS_CANNOT_DELETE);
    memset(&basic, 0, sizeof(basic));
    basic.FileAttributes = FILE_ATTRIBUTE_NORMAL;
    ok_status(Set(h, &basic, sizeof(basic), FileBasicInformation), STATUS_SUCCESS);
    ok_status(Open(&other, FILE_GENERIC_WRITE, path, share, FILE_OPEN, 0), STATUS_SUCCESS);
    NtClose(other);

    /* Deletion pending, taken back, and at once with POSIX semantics. */
    ok_status(Set(h, &disposition, sizeof(disposition), FileDispositionInformation), STATUS_SUCCESS);
    ok_status(Query(h, &standard, sizeof(standard), FileStandardInformation), STATUS_SUCCESS);
    ok(standard.DeletePending, "delete pending");
    ok_status(Open(&other, FILE_GENERIC_READ, path, share, FILE_OPEN, 0), STATUS_DELETE_PENDING);
    disposition.DeleteFile = FALSE;
    ok_status(Set(h, &disposition, sizeof(disposition), FileDispositionInformation), STATUS_SUCCESS);
    ok_status(Open(&other, FILE_GENERIC_READ, path, share, FILE_OPEN, 0), STATUS_SUCCESS);
    disposition_ex.Flags = FILE_DISPOSITION_DELETE | FILE_DISPOSITION_POSIX_SEMANTICS;
    ok_status(Set(h, &disposition_ex, sizeof(disposition_ex), FileDispositionInformationEx), STATUS_SUCCESS);
    ok_status(Size(path, &size), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(ReadAt(other, 0, data, 2), STATUS_SUCCESS); /* the opens stay */
    disposition_ex.Flags = 0x100;
    ok_status(Set(h, &disposition_ex, sizeof(disposition_ex), FileDispositionInformationEx), STATUS_INVALID_PARAMETER);
    ok_status(Set(other, &disposition, sizeof(disposition), FileDispositionInformation), STATUS_ACCESS_DENIED);

    /* What each service refuses, in Windows' order: the class, the length, the buffers, the handle, the access. */
    ok_status(Query(h, &eof, sizeof(eof), FileEndOfFileInformation), STATUS_INVALID_INFO_CLASS);
    ok_status(Query(h, buf, sizeof(buf), FileRenameInformation), STATUS_INVALID_INFO_CLASS);
    ok_status(Query(h, buf, sizeof(buf), (FILE_INFORMATION_CLASS)0), STATUS_INVALID_INFO_CLASS);
    /* No file holds extended attributes here: the buffer is cleared, the status block left alone. */
    {
        IO_STATUS_BLOCK ea_iosb = {.Status = 0x1234};
        memset(buf, 0xcc, 16);
        ok_status(NtQueryEaFile(h, &ea_iosb, buf, 8, TRUE, NULL, 0, NULL, FALSE), STATUS_NO_EAS_ON_FILE);
        ok(!buf[0] && !buf[7] && buf[8] == 0xcc && ea_iosb.Status == 0x1234, "cleared, nothing reported");
        ok_status(NtQueryEaFile((HANDLE)0x1238, &ea_iosb, buf, 8, TRUE, NULL, 0, NULL, FALSE), STATUS_INVALID_HANDLE);
        ok_status(NtQueryEaFile(NtCurrentProcess(), &ea_iosb, buf, 8, TRUE, NULL, 0, NULL, FALSE),
                  STATUS_OBJECT_TYPE_MISMATCH);
    }
    ok_status(Query(h, buf, sizeof(buf), FileMaximumInformation), STATUS_INVALID_INFO_CLASS);
    ok_status(Set(h, &standard, sizeof(standard), FileStandardInformation), STATUS_INVALID_INFO_CLASS);
    ok_status(Query(h, &basic, 8, FileBasicInformation), STATUS_INFO_LENGTH_MISMATCH);
    ok_status(Set(h, &basic, 8, FileBasicInformation), STATUS_INFO_LENGTH_MISMATCH);
    ok_status(Query((HANDLE)0x1234, &basic, sizeof(basic), FileBasicInformation), STATUS_INVALID_HANDLE);
    ok_status(Query(h, (PVOID)0x1000, sizeof(basic), FileBasicInformation), STATUS_ACCESS_VIOLATION);
    ok_status(NtQueryInformationFile(h, (PIO_STATUS_BLOCK)8, &basic, sizeof(basic), FileBasicInformation),
              STATUS_ACCESS_VIOLATION);
    ok_status(Set(h, (PVOID)0x1000, sizeof(basic), FileBasicInformation), STATUS_ACCESS_VIOLATION);
    NtClose(other);
    /* Attributes can always be read, as NTFS lets whoever lists the directory. */
    ok_status(Open(&other, FILE_READ_DATA, DIR_PATH, share, FILE_OPEN, 0), STATUS_SUCCESS);
    ok_status(Query(other, &basic, sizeof(basic), FileBasicInformation), STATUS_SUCCESS);
    {
        FILE_ACCESS_INFORMATION access;
        ok_status(Query(other, &access, sizeof(access), FileAccessInformation), STATUS_SUCCESS);
        ok(access.AccessFlags == (FILE_READ_DATA | FILE_READ_ATTRIBUTES | SYNCHRONIZE), "access %x",
           access.AccessFlags);
    }
    ok_status(Set(other, &basic, sizeof(basic), FileBasicInformation), STATUS_ACCESS_DENIED);
    ok_status(Query(other, &standard, sizeof(standard), FileStandardInformation), STATUS_SUCCESS);
    ok(standard.Directory, "a directory says so");
    ok_status(Set(other, &eof, sizeof(eof), FileEndOfFileInformation), STATUS_ACCESS_DENIED);
    NtClose(other);
    NtClose(h);
}

static void TestVolume(void)
{
    static BYTE buf[256];
    FILE_FS_SIZE_INFORMATION size;
    FILE_FS_FULL_SIZE_INFORMATION full;
    FILE_FS_ATTRIBUTE_INFORMATION *attribute = (FILE_FS_ATTRIBUTE_INFORMATION *)buf;
    FILE_FS_VOLUME_INFORMATION *volume = (FILE_FS_VOLUME_INFORMATION *)buf;
    IO_STATUS_BLOCK iosb;
    HANDLE dir, null;

    ok_status(Open(&dir, FILE_LIST_DIRECTORY, DIR_PATH, FILE_SHARE_VALID_FLAGS, FILE_OPEN, 0), STATUS_SUCCESS);
    ok_status(NtQueryVolumeInformationFile(dir, &iosb, &size, sizeof(size), FileFsSizeInformation), STATUS_SUCCESS);
    ok(size.BytesPerSector == 512 && size.SectorsPerAllocationUnit && size.TotalAllocationUnits.QuadPart > 0 &&
           size.AvailableAllocationUnits.QuadPart <= size.TotalAllocationUnits.QuadPart &&
           iosb.Information == sizeof(size),
       "the volume's size");
    ok_status(NtQueryVolumeInformationFile(dir, &iosb, &full, sizeof(full), FileFsFullSizeInformation),
              STATUS_SUCCESS);
    ok(full.TotalAllocationUnits.QuadPart == size.TotalAllocationUnits.QuadPart &&
           full.CallerAvailableAllocationUnits.QuadPart <= full.ActualAvailableAllocationUnits.QuadPart,
       "the volume's full size");
    ok_status(NtQueryVolumeInformationFile(dir, &iosb, buf, sizeof(buf), FileFsAttributeInformation), STATUS_SUCCESS);
    ok(attribute->FileSystemNameLength == 8 && TestStrEqualW(attribute->FileSystemName, "NTFS", 4) &&
           attribute->MaximumComponentNameLength == 255 && iosb.Information == 20,
       "the file system");
    ok_status(NtQueryVolumeInformationFile(dir, &iosb, buf, 16, FileFsAttributeInformation), STATUS_BUFFER_OVERFLOW);
    ok(attribute->FileSystemNameLength == 8 && iosb.Information == 16, "its name cut");
    ok_status(NtQueryVolumeInformationFile(dir, &iosb, buf, sizeof(buf), FileFsVolumeInformation), STATUS_SUCCESS);
    ok(volume->VolumeLabelLength == 0 && iosb.Information == 18 && volume->VolumeSerialNumber, "the volume");
    {
        /* Made when its file system was, after 1990 and not after now (0 where Linux keeps no such time). */
        LARGE_INTEGER now;
        NtQuerySystemTime(&now);
        ok(!volume->VolumeCreationTime.QuadPart || (volume->VolumeCreationTime.QuadPart > 125911584000000000ll &&
                                                     volume->VolumeCreationTime.QuadPart <= now.QuadPart),
           "the volume's creation time: %lld", (long long)volume->VolumeCreationTime.QuadPart);
    }
    ok_status(NtQueryVolumeInformationFile(dir, &iosb, &size, 8, FileFsSizeInformation), STATUS_INFO_LENGTH_MISMATCH);
    NtClose(dir);
    ok_status(Open(&null, FILE_GENERIC_READ, L"\\??\\NUL", 0, FILE_OPEN, 0), STATUS_SUCCESS);
    ok_status(NtQueryVolumeInformationFile(null, &iosb, &size, sizeof(size), FileFsSizeInformation),
              STATUS_INVALID_DEVICE_REQUEST);
    NtClose(null);
}

/* Rename or link h to name (relative to root, or bare in its directory), replacing when asked. */
static NTSTATUS Rename(HANDLE h, HANDLE root, const WCHAR *name, ULONG flags, FILE_INFORMATION_CLASS class)
{
    static union {
        FILE_RENAME_INFORMATION info;
        BYTE bytes[1024];
    } u;
    ULONG length = 0;

    while (name[length])
        length++;
    memset(&u, 0, sizeof(u));
    if (class == FileRenameInformationEx || class == FileLinkInformationEx)
        u.info.Flags = flags;
    else
        u.info.ReplaceIfExists = flags != 0;
    u.info.RootDirectory = root;
    u.info.FileNameLength = length * sizeof(WCHAR);
    for (ULONG i = 0; i < length; i++)
        u.info.FileName[i] = name[i];
    return Set(h, &u, offsetof(FILE_RENAME_INFORMATION, FileName) + length * sizeof(WCHAR) + 2, class);
}

static int NameEnds(HANDLE h, const char *end)
{
    static BYTE buf[1024];
    FILE_NAME_INFORMATION *info = (FILE_NAME_INFORMATION *)buf;
    ULONG n = 0, units;

    while (end[n])
        n++;
    if (Query(h, buf, sizeof(buf), FileNameInformation))
        return 0;
    units = info->FileNameLength / 2;
    return units >= n && TestStrEqualW(info->FileName + units - n, end, n);
}

/* The unnamed data stream a file has (and a directory lacks), and names that are normal as they are. */
static void TestStreamsAndNormalNames(void)
{
    _Alignas(8) BYTE buf[256], name[256];
    FILE_STREAM_INFORMATION *stream = (FILE_STREAM_INFORMATION *)buf;
    IO_STATUS_BLOCK iosb;
    HANDLE h, dir;

    MakeFile(DIR_PATH L"\\stream.txt", "12345", 5);
    ok_status(Open(&h, FILE_GENERIC_READ, DIR_PATH L"\\stream.txt", 0, FILE_OPEN, 0), STATUS_SUCCESS);
    ok_status(NtQueryInformationFile(h, &iosb, buf, sizeof(buf), FileStreamInformation), STATUS_SUCCESS);
    ok(iosb.Information == 24 + 14 && stream->NextEntryOffset == 0 && stream->StreamSize.QuadPart == 5 &&
       stream->StreamNameLength == 14 && TestStrEqualW(stream->StreamName, "::$DATA", 7),
       "one stream, ::$DATA, of the file's size: %u", (ULONG)iosb.Information);
    ok_status(NtQueryInformationFile(h, &iosb, buf, 30, FileStreamInformation), STATUS_BUFFER_OVERFLOW);
    ok_status(NtQueryInformationFile(h, &iosb, buf, 16, FileStreamInformation), STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQueryInformationFile(h, &iosb, name, sizeof(name), FileNormalizedNameInformation), STATUS_SUCCESS);
    ok_status(NtQueryInformationFile(h, &iosb, buf, sizeof(buf), FileNameInformation), STATUS_SUCCESS);
    ok(!memcmp(name, buf, iosb.Information), "the normalized name is the name");
    NtClose(h);
    ok_status(Open(&dir, FILE_LIST_DIRECTORY, DIR_PATH, FILE_SHARE_VALID_FLAGS, FILE_OPEN, FILE_DIRECTORY_FILE),
              STATUS_SUCCESS);
    ok_status(NtQueryInformationFile(dir, &iosb, buf, sizeof(buf), FileStreamInformation), STATUS_SUCCESS);
    ok(iosb.Information == 0, "a directory has no data stream: %u", (ULONG)iosb.Information);
    NtClose(dir);
    ok_status(Delete(DIR_PATH L"\\stream.txt"), STATUS_SUCCESS);
}

static void TestRename(void)
{
    const ULONG share = FILE_SHARE_VALID_FLAGS;
    FILE_STANDARD_INFORMATION standard;
    HANDLE h, other, dir, reader;
    LONGLONG size = 0;
    char data[4];

    MakeFile(DIR_PATH L"\\old.txt", "abc", 3);
    ok_status(Open(&h, FILE_GENERIC_READ | DELETE, DIR_PATH L"\\old.txt", share, FILE_OPEN, 0), STATUS_SUCCESS);
    ok_status(Rename(h, NULL, L"new.txt", 0, FileRenameInformation), STATUS_SUCCESS);
    ok_status(Size(DIR_PATH L"\\old.txt", &size), STATUS_OBJECT_NAME_NOT_FOUND);
    ok(!Size(DIR_PATH L"\\new.txt", &size) && size == 3 && NameEnds(h, "\\veles-fileops\\new.txt"), "renamed");

    /* What is there already. */
    MakeFile(DIR_PATH L"\\other.txt", "zz", 2);
    ok_status(Rename(h, NULL, L"other.txt", 0, FileRenameInformation), STATUS_OBJECT_NAME_COLLISION);
    ok_status(Open(&other, FILE_GENERIC_READ, DIR_PATH L"\\other.txt", share, FILE_OPEN, 0), STATUS_SUCCESS);
    ok_status(Rename(h, NULL, L"other.txt", 1, FileRenameInformation), STATUS_ACCESS_DENIED); /* it is open */
    NtClose(other);
    ok_status(Rename(h, NULL, L"OTHER.txt", 1, FileRenameInformation), STATUS_SUCCESS);
    ok(!Size(DIR_PATH L"\\other.txt", &size) && size == 3, "replaced: %lld", size);
    ok(NameEnds(h, "\\OTHER.txt"), "the name replaced, in the case given");
    ok_status(Open(&dir, FILE_LIST_DIRECTORY, DIR_PATH L"\\adir", 0, FILE_CREATE, FILE_DIRECTORY_FILE), STATUS_SUCCESS);
    ok_status(Rename(h, NULL, L"adir", 1, FileRenameInformation), STATUS_ACCESS_DENIED);

    /* Another case of its own name, a full NT path, a path relative to a directory handle. */
    ok_status(Rename(h, NULL, L"Other.TXT", 0, FileRenameInformation), STATUS_SUCCESS);
    ok(NameEnds(h, "\\Other.TXT"), "the case the caller gave");
    ok_status(Rename(h, NULL, DIR_PATH L"\\adir\\moved.txt", 0, FileRenameInformationEx), STATUS_SUCCESS);
    ok(NameEnds(h, "\\adir\\moved.txt"), "moved by its full name");
    ok_status(Rename(h, dir, L"again.txt", 0, FileRenameInformation), STATUS_SUCCESS);
    ok(NameEnds(h, "\\adir\\again.txt"), "moved relative to a directory");
    ok_status(Open(&reader, FILE_GENERIC_READ, DIR_PATH L"\\adir\\again.txt", share, FILE_OPEN, 0), STATUS_SUCCESS);
    ok(!ReadAt(reader, 0, data, 3) && data[0] == 'a' && data[2] == 'c', "the data came along");
    NtClose(reader);

    /* Hard links. */
    ok_status(Rename(h, NULL, L"link.txt", 0, FileLinkInformation), STATUS_SUCCESS);
    ok_status(Query(h, &standard, sizeof(standard), FileStandardInformation), STATUS_SUCCESS);
    ok(standard.NumberOfLinks == 2, "two links: %u", standard.NumberOfLinks);
    ok_status(Rename(h, NULL, L"link.txt", 0, FileLinkInformationEx), STATUS_OBJECT_NAME_COLLISION);
    /* A link onto a name the file has already: refused, unless replacing, which changes only the name's case. */
    ok_status(Rename(h, NULL, L"Again.txt", 0, FileLinkInformation), STATUS_OBJECT_NAME_COLLISION);
    ok_status(Rename(h, NULL, L"Again.txt", FILE_RENAME_REPLACE_IF_EXISTS, FileLinkInformationEx), STATUS_SUCCESS);
    ok_status(Query(h, &standard, sizeof(standard), FileStandardInformation), STATUS_SUCCESS);
    ok(standard.NumberOfLinks == 2, "still two links: %u", standard.NumberOfLinks);
    ok(NameEnds(h, "\\adir\\Again.txt"), "the name takes the case given");
    ok_status(Rename(dir, NULL, DIR_PATH L"\\dirlink", 0, FileLinkInformation), STATUS_FILE_IS_A_DIRECTORY);

    /* Refusals. */
    ok_status(Rename(h, NULL, DIR_PATH L"\\missing\\x.txt", 0, FileRenameInformation), STATUS_OBJECT_PATH_NOT_FOUND);
    ok_status(Rename(h, NULL, L"a\\b", 0, FileRenameInformation), STATUS_INVALID_PARAMETER);
    ok_status(Rename(h, NULL, L"bad|name", 0, FileRenameInformation), STATUS_OBJECT_NAME_INVALID);
    ok_status(Open(&other, FILE_GENERIC_READ, DIR_PATH L"\\adir\\link.txt", share, FILE_OPEN, 0), STATUS_SUCCESS);
    ok_status(Rename(other, NULL, L"nope.txt", 0, FileRenameInformation), STATUS_ACCESS_DENIED); /* no DELETE */
    {
        FILE_RENAME_INFORMATION info = {.FileNameLength = 100};
        ok_status(Set(h, &info, sizeof(info), FileRenameInformation), STATUS_INVALID_PARAMETER);
        ok_status(Set(h, &info, 8, FileRenameInformation), STATUS_INFO_LENGTH_MISMATCH);
    }
    /* A directory with an open file inside stays where it is; once none is, it moves. */
    HANDLE moving;
    NtClose(dir); /* it shares nothing */
    ok_status(Open(&moving, DELETE, DIR_PATH L"\\adir", share, FILE_OPEN, FILE_DIRECTORY_FILE), STATUS_SUCCESS);
    ok_status(Rename(moving, NULL, L"bdir", 0, FileRenameInformation), STATUS_ACCESS_DENIED);
    NtClose(other);
    NtClose(h);
    ok_status(Rename(moving, NULL, L"bdir", 0, FileRenameInformation), STATUS_SUCCESS);
    ok_status(Rename(moving, NULL, L"adir", 0, FileRenameInformation), STATUS_SUCCESS);
    NtClose(moving);
    ok_status(Delete(DIR_PATH L"\\adir\\link.txt"), STATUS_SUCCESS);
    ok_status(Delete(DIR_PATH L"\\adir\\again.txt"), STATUS_SUCCESS);
    ok_status(Delete(DIR_PATH L"\\adir"), STATUS_SUCCESS);
}

/* Names looked up without regard to case stay right as files come and go (the lookup keeps a table of them). */
static void TestCaseBlindNames(void)
{
    HANDLE h;
    LONGLONG size = 0;

    MakeFile(DIR_PATH L"\\Mixed.Case", "abc", 3);
    ok(!Size(DIR_PATH L"\\MIXED.CASE", &size) && size == 3, "found in another case");
    ok_status(Size(DIR_PATH L"\\MIXED.CASF", &size), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(Delete(DIR_PATH L"\\mixed.case"), STATUS_SUCCESS);
    ok_status(Size(DIR_PATH L"\\MIXED.CASE", &size), STATUS_OBJECT_NAME_NOT_FOUND);
    MakeFile(DIR_PATH L"\\mixed.CASE", "ab", 2);
    ok_status(Open(&h, FILE_GENERIC_READ, DIR_PATH L"\\MiXeD.cAsE", FILE_SHARE_VALID_FLAGS, FILE_OPEN, 0),
              STATUS_SUCCESS);
    ok(NameEnds(h, "\\mixed.CASE"), "the new file, in its own case");
    ok_status(Rename(h, NULL, L"Renamed.Case", 0, FileRenameInformation), STATUS_ACCESS_DENIED); /* no DELETE */
    NtClose(h);
    ok_status(Open(&h, DELETE, DIR_PATH L"\\MIXED.case", FILE_SHARE_VALID_FLAGS, FILE_OPEN, 0), STATUS_SUCCESS);
    ok_status(Rename(h, NULL, L"Renamed.Case", 0, FileRenameInformation), STATUS_SUCCESS);
    NtClose(h);
    ok_status(Size(DIR_PATH L"\\MIXED.CASE", &size), STATUS_OBJECT_NAME_NOT_FOUND);
    ok(!Size(DIR_PATH L"\\RENAMED.CASE", &size) && size == 2, "the renamed file in another case");
    ok_status(Delete(DIR_PATH L"\\renamed.case"), STATUS_SUCCESS);
}

/* "f" and five digits of i after it. */
static void Numbered(WCHAR *name, ULONG i)
{
    for (ULONG k = 5; k >= 1; k--, i /= 10)
        name[k] = (WCHAR)('0' + i % 10);
}

/* A directory of 20,000 entries, enumerated through a small buffer: every one once, in order. */
static void TestLargeDirectory(void)
{
    enum { COUNT = 20000 };
    static BYTE buf[4096];
    WCHAR name[8] = {'f'};
    IO_STATUS_BLOCK iosb;
    HANDLE dir, h;
    ULONG seen = 0, in_order = 1, last = 0, created = 0;
    NTSTATUS status;

    ok_status(Open(&dir, FILE_LIST_DIRECTORY, DIR_PATH L"\\large", 0, FILE_CREATE, FILE_DIRECTORY_FILE),
              STATUS_SUCCESS);
    for (ULONG i = 0; i < COUNT; i++) {
        UNICODE_STRING us = {.Length = 12, .MaximumLength = 12, .Buffer = name};
        OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .RootDirectory = dir, .ObjectName = &us};
        Numbered(name, i);
        if (!NtCreateFile(&h, FILE_GENERIC_WRITE, &oa, &iosb, NULL, 0, 0, FILE_CREATE, 0, NULL, 0)) {
            created++;
            NtClose(h);
        }
    }
    ok(created == COUNT, "created %u", created);
    while (!(status = NtQueryDirectoryFile(dir, NULL, NULL, NULL, &iosb, buf, sizeof(buf), FileNamesInformation,
                                           FALSE, NULL, FALSE)))
        for (BYTE *p = buf;; p += *(ULONG *)p) {
            FILE_NAMES_INFORMATION *entry = (FILE_NAMES_INFORMATION *)p;
            if (entry->FileName[0] == 'f' && entry->FileNameLength == 12) {
                ULONG n = 0;
                for (ULONG k = 1; k <= 5; k++)
                    n = n * 10 + (ULONG)(entry->FileName[k] - '0');
                in_order &= seen == 0 || n == last + 1;
                last = n;
                seen++;
            }
            if (!entry->NextEntryOffset)
                break;
        }
    ok(status == STATUS_NO_MORE_FILES && seen == COUNT && in_order && last == COUNT - 1,
       "every entry once, in order: %u, last %u, %x", seen, last, (unsigned)status);
    for (ULONG i = 0; i < COUNT; i++) {
        UNICODE_STRING us = {.Length = 12, .MaximumLength = 12, .Buffer = name};
        OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .RootDirectory = dir, .ObjectName = &us};
        Numbered(name, i);
        NtDeleteFile(&oa);
    }
    NtClose(dir);
    ok_status(Delete(DIR_PATH L"\\large"), STATUS_SUCCESS); /* empty again */
}

static ULONG ApcCount;
static ULONG_PTR ApcInformation;

static void NTAPI CountApc(PVOID context, PIO_STATUS_BLOCK iosb, ULONG reserved)
{
    ApcCount += (ULONG)(ULONG_PTR)context;
    ApcInformation = iosb->Information;
}

/* A transfer's APC comes at the caller's next alertable wait, with the status block; its event is set. */
static void TestTransferApcs(void)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name};
    LARGE_INTEGER offset = {.QuadPart = 0}, zero = {.QuadPart = 0};
    IO_STATUS_BLOCK iosb;
    HANDLE h, event;
    char data[4];

    RtlInitUnicodeString(&name, DIR_PATH L"\\apc.txt");
    ok_status(NtCreateFile(&h, FILE_GENERIC_READ | FILE_GENERIC_WRITE | DELETE, &oa, &iosb, NULL, 0, 0, FILE_CREATE,
                           FILE_DELETE_ON_CLOSE, NULL, 0),
              STATUS_SUCCESS);
    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, TRUE), STATUS_SUCCESS);
    ok_status(NtWriteFile(h, event, CountApc, (PVOID)1, &iosb, (PVOID) "abc", 3, &offset, NULL), STATUS_SUCCESS);
    ok(ApcCount == 0, "no APC before an alertable wait");
    ok_status(NtWaitForSingleObject(event, FALSE, &zero), STATUS_SUCCESS);
    ok_status(NtDelayExecution(TRUE, &zero), STATUS_USER_APC);
    ok(ApcCount == 1 && ApcInformation == 3, "the write's APC: %u %lu", ApcCount, (ULONG64)ApcInformation);
    ok_status(NtReadFile(h, NULL, CountApc, (PVOID)2, &iosb, data, 3, &offset, NULL), STATUS_SUCCESS);
    ok_status(NtDelayExecution(TRUE, &zero), STATUS_USER_APC);
    ok(ApcCount == 3 && ApcInformation == 3 && data[0] == 'a', "the read's APC");
    /* A refused transfer queues nothing. */
    ok_status(NtReadFile(h, NULL, CountApc, (PVOID)4, &iosb, data, 3, NULL, NULL), STATUS_INVALID_PARAMETER);
    ok_status(NtDelayExecution(TRUE, &zero), STATUS_SUCCESS);
    ok(ApcCount == 3, "no APC for an error");
    NtClose(event);
    NtClose(h);
}

void RunTests(void)
{
    HANDLE dir;

    ok_status(Open(&dir, FILE_LIST_DIRECTORY, DIR_PATH, 0, FILE_OPEN_IF, FILE_DIRECTORY_FILE), STATUS_SUCCESS);
    NtClose(dir);
    TestSharing();
    TestDeleteOnClose();
    TestLocks();
    TestDirectory();
    TestInformation();
    TestVolume();
    TestRename();
    TestStreamsAndNormalNames();
    TestCaseBlindNames();
    TestLargeDirectory();
    TestTransferApcs();
    ok_status(Delete(DIR_PATH), STATUS_SUCCESS);
}
