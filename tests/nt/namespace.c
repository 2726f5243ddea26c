/* The object namespace: directories, symbolic links, named objects, the rules of names and lookups, and the
 * tree Windows programs expect. */
#include "lib/nttest.h"

static UNICODE_STRING Name(const WCHAR *text)
{
    UNICODE_STRING us;
    SIZE_T n = 0;
    while (text[n])
        n++;
    us.Length = (USHORT)(n * 2);
    us.MaximumLength = (USHORT)(n * 2 + 2);
    us.Buffer = (PWSTR)text;
    return us;
}

static OBJECT_ATTRIBUTES Attributes(UNICODE_STRING *name, ULONG attributes, HANDLE root)
{
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .RootDirectory = root, .ObjectName = name, .Attributes = attributes};
    return oa;
}

static int NameIs(HANDLE h, const char *expect)
{
    union {
        UNICODE_STRING us;
        char raw[512];
    } u;
    SIZE_T n = 0;
    ULONG len;
    while (expect[n])
        n++;
    if (NtQueryObject(h, ObjectNameInformation, &u, sizeof(u), &len))
        return 0;
    if (!n)
        return u.us.Length == 0 && u.us.Buffer == NULL && len == sizeof(UNICODE_STRING);
    return u.us.Length == n * 2 && TestStrEqualW(u.us.Buffer, expect, n) && u.us.Buffer[n] == 0 &&
           len == sizeof(UNICODE_STRING) + (n + 1) * 2;
}

static void CheckDirectoryName(const WCHAR *text, NTSTATUS expect)
{
    UNICODE_STRING name = Name(text);
    OBJECT_ATTRIBUTES oa = Attributes(&name, 0, NULL);
    HANDLE h = NULL;
    NTSTATUS status = NtCreateDirectoryObject(&h, DIRECTORY_QUERY, &oa);
    ok(status == expect, "create %S: %x, expected %x", text, (unsigned)status, (unsigned)expect);
    if (!status)
        NtClose(h);
    status = NtOpenDirectoryObject(&h, DIRECTORY_QUERY, &oa);
    ok(status == expect, "open %S: %x, expected %x", text, (unsigned)status, (unsigned)expect);
}

static void TestNamedObjects(void)
{
    UNICODE_STRING name = Name(L"\\BaseNamedObjects\\veles-test"), upper = Name(L"\\BaseNamedObjects\\VELES-TEST");
    UNICODE_STRING bad_case = Name(L"\\BASENamedObjects\\veles-test");
    OBJECT_ATTRIBUTES oa = Attributes(&name, 0, NULL);
    HANDLE e = NULL, e2 = NULL, e3 = NULL, m = NULL;

    ok_status(NtCreateEvent(&e, EVENT_ALL_ACCESS, &oa, NotificationEvent, FALSE), STATUS_SUCCESS);
    ok(NameIs(e, "\\BaseNamedObjects\\veles-test"), "the event knows its name");
    ok_status(NtOpenEvent(&e2, EVENT_ALL_ACCESS, &oa), STATUS_SUCCESS);
    ok_status(NtCompareObjects(e, e2), STATUS_SUCCESS);
    NtSetEvent(e2, NULL);
    ok_status(NtWaitForSingleObject(e, FALSE, &(LARGE_INTEGER){.QuadPart = 0}), STATUS_WAIT_0);
    ok_status(NtCreateEvent(&e3, EVENT_ALL_ACCESS, &oa, NotificationEvent, FALSE), STATUS_OBJECT_NAME_COLLISION);
    oa.Attributes = OBJ_OPENIF;
    ok_status(NtCreateEvent(&e3, EVENT_ALL_ACCESS, &oa, SynchronizationEvent, FALSE), STATUS_OBJECT_NAME_EXISTS);
    ok_status(NtCompareObjects(e, e3), STATUS_SUCCESS);
    NtClose(e3);
    ok_status(NtCreateMutant(&m, MUTANT_ALL_ACCESS, &oa, TRUE), STATUS_OBJECT_TYPE_MISMATCH);
    oa.Attributes = 0;
    ok_status(NtCreateMutant(&m, MUTANT_ALL_ACCESS, &oa, FALSE), STATUS_OBJECT_TYPE_MISMATCH);
    ok_status(NtOpenMutant(&m, MUTANT_ALL_ACCESS, &oa), STATUS_OBJECT_TYPE_MISMATCH);
    ok(m == NULL, "no mutant handle");

    /* Names are exact unless OBJ_CASE_INSENSITIVE. */
    oa = Attributes(&upper, 0, NULL);
    ok_status(NtOpenEvent(&e3, EVENT_ALL_ACCESS, &oa), STATUS_OBJECT_NAME_NOT_FOUND);
    oa.Attributes = OBJ_CASE_INSENSITIVE;
    ok_status(NtOpenEvent(&e3, EVENT_ALL_ACCESS, &oa), STATUS_SUCCESS);
    NtClose(e3);
    oa = Attributes(&bad_case, 0, NULL);
    ok_status(NtOpenEvent(&e3, EVENT_ALL_ACCESS, &oa), STATUS_OBJECT_PATH_NOT_FOUND);
    oa.Attributes = OBJ_CASE_INSENSITIVE;
    ok_status(NtOpenEvent(&e3, EVENT_ALL_ACCESS, &oa), STATUS_SUCCESS);
    NtClose(e3);

    /* The name lives as long as a handle does. */
    NtClose(e);
    oa = Attributes(&name, 0, NULL);
    ok_status(NtOpenEvent(&e3, EVENT_ALL_ACCESS, &oa), STATUS_SUCCESS);
    NtClose(e3);
    NtClose(e2);
    ok_status(NtOpenEvent(&e3, EVENT_ALL_ACCESS, &oa), STATUS_OBJECT_NAME_NOT_FOUND);

    /* An owned mutant created by name, and the same name opened with OPENIF: ownership only for the new. */
    oa = Attributes(&name, OBJ_OPENIF, NULL);
    ok_status(NtCreateMutant(&m, MUTANT_ALL_ACCESS, &oa, TRUE), STATUS_SUCCESS);
    ok_status(NtCreateMutant(&e3, MUTANT_ALL_ACCESS, &oa, TRUE), STATUS_OBJECT_NAME_EXISTS);
    ok_status(NtReleaseMutant(m, NULL), STATUS_SUCCESS);
    ok_status(NtReleaseMutant(m, NULL), STATUS_MUTANT_NOT_OWNED);
    NtClose(e3);
    NtClose(m);

    ok_status(NtCreateEvent(&e, EVENT_ALL_ACCESS, &(OBJECT_ATTRIBUTES){.Length = sizeof(oa), .ObjectName = &name,
                                                                      .Attributes = OBJ_PERMANENT},
                            NotificationEvent, FALSE),
              STATUS_PRIVILEGE_NOT_HELD);
}

static void TestNameRules(void)
{
    UNICODE_STRING root = Name(L"\\"), empty = Name(L"");
    OBJECT_ATTRIBUTES oa = Attributes(NULL, 0, NULL);
    HANDLE h = NULL, m = NULL;

    ok_status(NtCreateDirectoryObject(&h, DIRECTORY_QUERY, NULL), STATUS_SUCCESS);
    ok(NameIs(h, ""), "an unnamed directory");
    NtClose(h);
    ok_status(NtOpenDirectoryObject(&h, DIRECTORY_QUERY, NULL), STATUS_INVALID_PARAMETER);
    ok_status(NtOpenDirectoryObject(&h, DIRECTORY_QUERY, &oa), STATUS_OBJECT_PATH_SYNTAX_BAD);
    oa.ObjectName = &empty;
    ok_status(NtCreateDirectoryObject(&h, DIRECTORY_QUERY, &oa), STATUS_SUCCESS);
    NtClose(h);
    ok_status(NtOpenDirectoryObject(&h, DIRECTORY_QUERY, &oa), STATUS_OBJECT_PATH_SYNTAX_BAD);
    ok_status(NtCreateDirectoryObject(NULL, DIRECTORY_QUERY, &oa), STATUS_ACCESS_VIOLATION);

    CheckDirectoryName(L"BaseNamedObjects", STATUS_OBJECT_PATH_SYNTAX_BAD);
    CheckDirectoryName(L"\\BaseNamedObjects\\", STATUS_OBJECT_NAME_INVALID);
    CheckDirectoryName(L"\\\\BaseNamedObjects", STATUS_OBJECT_NAME_INVALID);
    CheckDirectoryName(L"\\BaseNamedObjects\\\\veles", STATUS_OBJECT_NAME_INVALID);
    CheckDirectoryName(L"\\BaseNamedObjects\\veles-missing\\", STATUS_OBJECT_PATH_NOT_FOUND);

    oa = Attributes(&root, 0, NULL);
    ok_status(NtCreateDirectoryObject(&h, DIRECTORY_QUERY, &oa), STATUS_OBJECT_NAME_COLLISION);
    oa.Attributes = OBJ_OPENIF;
    ok_status(NtCreateDirectoryObject(&h, DIRECTORY_QUERY, &oa), STATUS_OBJECT_NAME_EXISTS);
    ok(NameIs(h, "\\"), "the root is \\");
    NtClose(h);
    ok_status(NtCreateMutant(&m, MUTANT_ALL_ACCESS, &oa, FALSE), STATUS_OBJECT_TYPE_MISMATCH);

    /* An odd length is no name. */
    root.Length = 3;
    ok_status(NtOpenDirectoryObject(&h, DIRECTORY_QUERY, &oa), STATUS_OBJECT_NAME_INVALID);
    /* The buffer's alignment is checked first and MaximumLength not at all, as Windows captures a name. */
    root.Buffer = (PWSTR)0xdeadbeef;
    ok_status(NtOpenDirectoryObject(&h, DIRECTORY_QUERY, &oa), STATUS_DATATYPE_MISALIGNMENT);
    root.Buffer = (PWSTR)0xdeadbee0;
    root.Length = 2;
    root.MaximumLength = 0;
    ok_status(NtOpenDirectoryObject(&h, DIRECTORY_QUERY, &oa), STATUS_ACCESS_VIOLATION);
    root.Buffer = (PWSTR)L"\\";
    ok_status(NtOpenDirectoryObject(&h, DIRECTORY_QUERY, &oa), STATUS_SUCCESS);
    NtClose(h);
}

static void TestDirectoriesAndLinks(void)
{
    UNICODE_STRING local = Name(L"\\BaseNamedObjects\\Local"), deeper = Name(L"one more level");
    UNICODE_STRING via = Name(L"\\BaseNamedObjects\\Local\\veles-dir"), session;
    UNICODE_STRING target;
    OBJECT_ATTRIBUTES oa = Attributes(&local, 0, NULL);
    HANDLE link = NULL, h = NULL, dir = NULL, base = NULL, e = NULL;
    WCHAR buffer[64], session_name[64] = L"\\BaseNamedObjects\\Session\\1";
    ULONG len;

    ok_status(NtOpenSymbolicLinkObject(&link, SYMBOLIC_LINK_QUERY, &oa), STATUS_SUCCESS);
    oa = Attributes(&deeper, 0, link);
    ok_status(NtCreateDirectoryObject(&h, DIRECTORY_QUERY, &oa), STATUS_OBJECT_TYPE_MISMATCH);

    target.Buffer = buffer;
    target.MaximumLength = sizeof(buffer);
    target.Length = 0;
    len = 0;
    for (int i = 0; i < 64; i++)
        buffer[i] = 0xaaaa;
    ok_status(NtQuerySymbolicLinkObject(link, &target, &len), STATUS_SUCCESS);
    ok(target.Length == 34 && TestStrEqualW(buffer, "\\BaseNamedObjects", 17) && buffer[17] == 0 && len == 36,
       "link target %S (%u, %u)", buffer, (unsigned)target.Length, (unsigned)len);
    target.MaximumLength = 10;
    target.Length = 0x4444;
    len = 0;
    ok_status(NtQuerySymbolicLinkObject(link, &target, &len), STATUS_BUFFER_TOO_SMALL);
    ok(len == 36 && target.Length == 0x4444, "too small: %u", (unsigned)len);
    target.MaximumLength = 34; /* the target, but not its terminator */
    ok_status(NtQuerySymbolicLinkObject(link, &target, &len), STATUS_BUFFER_TOO_SMALL);
    target.MaximumLength = 36;
    ok_status(NtQuerySymbolicLinkObject(link, &target, &len), STATUS_SUCCESS);
    ok(target.Length == 34 && buffer[17] == 0, "just room for it: %u", (unsigned)target.Length);
    ok_status(NtQuerySymbolicLinkObject(link, NULL, &len), STATUS_ACCESS_VIOLATION);
    NtClose(link);

    oa = Attributes(&via, 0, NULL);
    ok_status(NtCreateDirectoryObject(&dir, DIRECTORY_QUERY, &oa), STATUS_SUCCESS);
    ok(NameIs(dir, "\\BaseNamedObjects\\veles-dir"), "created through a link, named where it is");

    /* Where kernel32 puts named objects: \BaseNamedObjects\Session\<id> leads to the session's directory. */
    session_name[26] = (WCHAR)('0' + TestPeb()->SessionId);
    session = Name(session_name);
    oa = Attributes(&session, 0, NULL);
    ok_status(NtOpenDirectoryObject(&base, DIRECTORY_QUERY, &oa), STATUS_SUCCESS);
    ok(NameIs(base, "\\Sessions\\1\\BaseNamedObjects"), "the session's named objects");
    deeper = Name(L"veles-event");
    oa = Attributes(&deeper, 0, base);
    ok_status(NtCreateEvent(&e, EVENT_ALL_ACCESS, &oa, NotificationEvent, FALSE), STATUS_SUCCESS);
    ok(NameIs(e, "\\Sessions\\1\\BaseNamedObjects\\veles-event"), "a name relative to a directory");
    NtClose(e);
    NtClose(base);
    NtClose(dir);

    local = Name(L"\\KnownDlls");
    oa = Attributes(&local, 0, NULL);
    ok_status(NtOpenDirectoryObject(&h, DIRECTORY_QUERY, &oa), STATUS_SUCCESS);
    NtClose(h);
    local = Name(L"\\??\\GLOBALROOT\\Sessions");
    ok_status(NtOpenDirectoryObject(&h, DIRECTORY_QUERY, &oa), STATUS_SUCCESS);
    ok(NameIs(h, "\\Sessions"), "through \\??\\GLOBALROOT");
    NtClose(h);

    /* A link needs a target, and the target room. */
    memset(&target, 0, sizeof(target));
    oa = Attributes(NULL, 0, NULL);
    ok_status(NtCreateSymbolicLinkObject(&link, SYMBOLIC_LINK_ALL_ACCESS, &oa, &target), STATUS_INVALID_PARAMETER);
    target = Name(L"\\Sessions");
    ok_status(NtCreateSymbolicLinkObject(&link, SYMBOLIC_LINK_ALL_ACCESS, &oa, &target), STATUS_SUCCESS);
    NtClose(link);
}

static void TestQueryDirectory(void)
{
    UNICODE_STRING dirname = Name(L"\\BaseNamedObjects\\veles-query"), child1 = Name(L"Telamon"),
                   child2 = Name(L"Oileus");
    OBJECT_ATTRIBUTES oa = Attributes(&dirname, 0, NULL);
    HANDLE dir, m1, m2;
    union {
        struct {
            UNICODE_STRING Name, TypeName;
        } entries[8];
        char raw[512];
    } u;
    ULONG context, size, needed;
    int seen_telamon = 0, seen_oileus = 0;

    ok_status(NtCreateDirectoryObject(&dir, DIRECTORY_QUERY, &oa), STATUS_SUCCESS);
    context = 0xdeadbeef;
    size = 0xdeadbeef;
    ok_status(NtQueryDirectoryObject(dir, &u, 0, TRUE, TRUE, &context, &size), STATUS_NO_MORE_ENTRIES);
    ok(context == 0xdeadbeef && size == sizeof(u.entries[0]), "empty: context %x size %u", (unsigned)context,
       (unsigned)size);

    oa = Attributes(&child1, 0, dir);
    ok_status(NtCreateMutant(&m1, MUTANT_ALL_ACCESS, &oa, FALSE), STATUS_SUCCESS);
    oa = Attributes(&child2, 0, dir);
    ok_status(NtCreateMutant(&m2, MUTANT_ALL_ACCESS, &oa, FALSE), STATUS_SUCCESS);

    ok_status(NtQueryDirectoryObject(NULL, &u, sizeof(u), TRUE, TRUE, &context, &size), STATUS_INVALID_HANDLE);
    ok_status(NtQueryDirectoryObject(dir, &u, sizeof(u), TRUE, TRUE, NULL, &size), STATUS_ACCESS_VIOLATION);
    for (int i = 0; i < 2; i++) {
        ok_status(NtQueryDirectoryObject(dir, &u, sizeof(u), TRUE, i == 0, &context, &size), STATUS_SUCCESS);
        ok(context == (ULONG)i + 1, "context %u", (unsigned)context);
        ok(u.entries[0].TypeName.Length == 12 && TestStrEqualW(u.entries[0].TypeName.Buffer, "Mutant", 6),
           "type name");
        ok(!u.entries[1].Name.Length && !u.entries[1].Name.Buffer && !u.entries[1].TypeName.Buffer, "an empty entry after");
        seen_telamon += TestStrEqualW(u.entries[0].Name.Buffer, "Telamon", 7);
        seen_oileus += TestStrEqualW(u.entries[0].Name.Buffer, "Oileus", 6);
    }
    ok(seen_telamon == 1 && seen_oileus == 1, "each entry once");
    ok_status(NtQueryDirectoryObject(dir, &u, sizeof(u), TRUE, FALSE, &context, &size), STATUS_NO_MORE_ENTRIES);
    ok(context == 2, "context stays %u", (unsigned)context);

    ok_status(NtQueryDirectoryObject(dir, &u, sizeof(u), TRUE, TRUE, &context, &size), STATUS_SUCCESS);
    needed = size;
    context = 0xdeadbeef;
    ok_status(NtQueryDirectoryObject(dir, &u, 0, TRUE, TRUE, &context, &size), STATUS_BUFFER_TOO_SMALL);
    ok(size == needed && context == 0xdeadbeef, "the size needed: %u of %u", (unsigned)size, (unsigned)needed);
    ok_status(NtQueryDirectoryObject(dir, &u, sizeof(u), FALSE, TRUE, &context, &size), STATUS_SUCCESS);
    ok(context == 2 && u.entries[0].Name.Length && u.entries[1].Name.Length && !u.entries[2].Name.Length,
       "both at once");
    ok_status(NtQueryDirectoryObject(dir, &u, needed, FALSE, TRUE, &context, &size), STATUS_MORE_ENTRIES);
    ok(context == 1, "as many as fit: %u", (unsigned)context);

    NtClose(m1);
    NtClose(m2);
    ok_status(NtQueryDirectoryObject(dir, &u, sizeof(u), TRUE, TRUE, &context, &size), STATUS_NO_MORE_ENTRIES);
    NtClose(dir);
}

static void TestTemporaryPermanent(void)
{
    UNICODE_STRING name = Name(L"\\BaseNamedObjects\\veles-temp");
    OBJECT_ATTRIBUTES oa = Attributes(&name, 0, NULL);
    HANDLE e = NULL, weak = NULL;

    ok_status(NtCreateEvent(&e, EVENT_ALL_ACCESS, &oa, NotificationEvent, FALSE), STATUS_SUCCESS);
    ok_status(NtMakePermanentObject(e), STATUS_PRIVILEGE_NOT_HELD);
    ok_status(NtMakeTemporaryObject(e), STATUS_SUCCESS);
    ok_status(NtDuplicateObject(NtCurrentProcess(), e, NtCurrentProcess(), &weak, SYNCHRONIZE, 0, 0), STATUS_SUCCESS);
    ok_status(NtMakeTemporaryObject(weak), STATUS_ACCESS_DENIED);
    ok_status(NtMakeTemporaryObject((HANDLE)0x1234), STATUS_INVALID_HANDLE);
    NtClose(weak);
    NtClose(e);
}

/* Files are named by their device and their name in it; a buffer with room for the string alone gets what fits. */
static void TestFileNames(void)
{
    UNICODE_STRING windows = Name(L"\\??\\C:\\windows"), null = Name(L"\\??\\NUL");
    UNICODE_STRING pipe = Name(L"\\??\\pipe\\veles-named"), slot = Name(L"\\??\\mailslot\\veles-named");
    UNICODE_STRING slots = Name(L"\\??\\MAILSLOT\\");
    OBJECT_ATTRIBUTES oa = Attributes(&windows, OBJ_CASE_INSENSITIVE, NULL);
    IO_STATUS_BLOCK iosb;
    LARGE_INTEGER timeout = {.QuadPart = -10000};
    HANDLE h = NULL, server = NULL;
    union {
        UNICODE_STRING us;
        char raw[64];
    } u;
    ULONG len = 0;

    ok_status(NtOpenFile(&h, FILE_LIST_DIRECTORY | SYNCHRONIZE, &oa, &iosb, FILE_SHARE_READ | FILE_SHARE_WRITE,
                         FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    ok(NameIs(h, "\\Device\\HarddiskVolume1\\windows"), "a directory of C:");
    ok_status(NtQueryObject(h, ObjectNameInformation, &u, sizeof(UNICODE_STRING) + 8, &len), STATUS_BUFFER_OVERFLOW);
    ok(len == sizeof(UNICODE_STRING) + sizeof(L"\\Device\\HarddiskVolume1\\windows") && u.us.Length == 8 &&
           TestStrEqualW(u.us.Buffer, "\\Dev", 4),
       "what fits: %u %u", (unsigned)len, u.us.Length);
    ok_status(NtQueryObject(h, ObjectNameInformation, &u, sizeof(UNICODE_STRING) - 1, &len),
              STATUS_INFO_LENGTH_MISMATCH);
    NtClose(h);

    oa.ObjectName = &null;
    ok_status(NtOpenFile(&h, FILE_GENERIC_WRITE, &oa, &iosb, 0, FILE_SYNCHRONOUS_IO_NONALERT), STATUS_SUCCESS);
    ok(NameIs(h, "\\Device\\Null"), "NUL is a device's file");
    NtClose(h);
    /* Without synchronous I/O it wants offsets as a file does; it takes all and has nothing to read. */
    ok_status(NtOpenFile(&h, FILE_GENERIC_READ | FILE_GENERIC_WRITE, &oa, &iosb, 0, 0), STATUS_SUCCESS);
    {
        LARGE_INTEGER zero = {.QuadPart = 0};
        char data[4] = "abc";
        ok_status(NtWriteFile(h, NULL, NULL, NULL, &iosb, data, 4, NULL, NULL), STATUS_INVALID_PARAMETER);
        ok_status(NtReadFile(h, NULL, NULL, NULL, &iosb, data, 4, NULL, NULL), STATUS_INVALID_PARAMETER);
        ok_status(NtWriteFile(h, NULL, NULL, NULL, &iosb, data, 4, &zero, NULL), STATUS_SUCCESS);
        ok(iosb.Information == 4, "all written: %lu", (unsigned long)iosb.Information);
        ok_status(NtReadFile(h, NULL, NULL, NULL, &iosb, data, 4, &zero, NULL), STATUS_END_OF_FILE);
    }
    NtClose(h);

    oa.ObjectName = &pipe;
    ok_status(NtCreateNamedPipeFile(&server, GENERIC_READ | SYNCHRONIZE, &oa, &iosb, FILE_SHARE_READ | FILE_SHARE_WRITE,
                                    FILE_CREATE, 0, 0, 0, 0, 1, 256, 256, &timeout),
              STATUS_SUCCESS);
    ok(NameIs(server, "\\Device\\NamedPipe\\veles-named"), "a pipe");
    NtClose(server);
    oa.ObjectName = &slot;
    ok_status(NtCreateMailslotFile(&server, GENERIC_READ | SYNCHRONIZE, &oa, &iosb, 0, 0, 0, NULL), STATUS_SUCCESS);
    ok(NameIs(server, "\\Device\\Mailslot\\veles-named"), "a mailslot");
    NtClose(server);
    oa.ObjectName = &slots;
    ok_status(NtOpenFile(&h, SYNCHRONIZE, &oa, &iosb, 0, 0), STATUS_SUCCESS);
    ok(NameIs(h, "\\Device\\Mailslot"), "the mailslots' device");
    NtClose(h);
}

void RunTests(void)
{
    TestFileNames();
    TestNamedObjects();
    TestNameRules();
    TestDirectoriesAndLinks();
    TestQueryDirectory();
    TestTemporaryPermanent();
}
