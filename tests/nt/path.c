/* DOS paths: their kinds, full paths, NT paths, and the current directory. */
#include "lib/nttest.h"

static int Same(const WCHAR *a, const WCHAR *b)
{
    return a && b && !wcscmp(a, b);
}

static void TestTypes(void)
{
    static const struct {
        const WCHAR *path;
        RTL_PATH_TYPE type;
    } cases[] = {
        {L"\\\\server\\share", RtlPathTypeUncAbsolute}, {L"//server/share", RtlPathTypeUncAbsolute},
        {L"C:\\x", RtlPathTypeDriveAbsolute},           {L"c:/x", RtlPathTypeDriveAbsolute},
        {L"C:x", RtlPathTypeDriveRelative},             {L"C:", RtlPathTypeDriveRelative},
        {L"\\x", RtlPathTypeRooted},                    {L"/x", RtlPathTypeRooted},
        {L"x", RtlPathTypeRelative},                    {L"", RtlPathTypeRelative},
        {L"\\\\.\\x", RtlPathTypeLocalDevice},          {L"\\\\?\\x", RtlPathTypeLocalDevice},
        {L"\\\\.", RtlPathTypeRootLocalDevice},         {L"\\\\?", RtlPathTypeRootLocalDevice},
        {L"\\\\.x", RtlPathTypeUncAbsolute},
    };

    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ok(RtlDetermineDosPathNameType_U(cases[i].path) == cases[i].type, "type of %S: %d", cases[i].path,
           RtlDetermineDosPathNameType_U(cases[i].path));
}

static void TestFullPaths(void)
{
    static const struct {
        const WCHAR *path, *full, *part;
    } cases[] = {
        {L"C:\\a\\b\\..\\c", L"C:\\a\\c", L"c"},
        {L"C:\\a\\.\\b\\", L"C:\\a\\b\\", NULL},
        {L"C:/a//b", L"C:\\a\\b", L"b"},
        {L"C:\\..\\..\\x", L"C:\\x", L"x"},
        {L"C:\\a\\b. . ", L"C:\\a\\b", L"b"},
        {L"\\\\server\\share\\..\\x", L"\\\\server\\share\\x", L"x"},
        {L"\\\\.\\pipe\\p", L"\\\\.\\pipe\\p", L"p"},
        {L"D:x\\y", L"D:\\x\\y", L"y"},
    };
    WCHAR buf[MAX_PATH], *part;
    ULONG len;

    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        len = RtlGetFullPathName_U(cases[i].path, sizeof(buf), buf, &part);
        ok(len == wcslen(cases[i].full) * sizeof(WCHAR) && Same(buf, cases[i].full) &&
           (cases[i].part ? Same(part, cases[i].part) : !part), "%S: %S (%u)", cases[i].path, buf, len);
    }
    len = RtlGetFullPathName_U(L"C:\\abcdef", 8, buf, &part);
    ok(len == 20 && !part, "too small: the room needed, terminator included (%u)", len);
    ok(RtlGetFullPathName_U(L"", sizeof(buf), buf, &part) == 0, "nothing for an empty name");
}

/* Windows' answers, with the current directory C:\windows. */
static void TestWindowsCases(void)
{
    static const struct {
        const WCHAR *path, *full, *part;
    } cases[] = {
        {L"c:/test", L"c:\\test", L"test"},
        {L"c:/test/", L"c:\\test\\", NULL},
        {L"c:/test     ", L"c:\\test", L"test"},
        {L"c:/test.", L"c:\\test", L"test"},
        {L"c:/test  ....   ..   ", L"c:\\test", L"test"},
        {L"c:/test/  ....   ..   ", L"c:\\test\\", NULL},
        {L"c:/test/..", L"c:\\", NULL},
        {L"c:/test/.. ", L"c:\\test\\", NULL},
        {L"c:/test./file", L"c:\\test\\file", L"file"},
        {L"c:/test/././file", L"c:\\test\\file", L"file"},
        {L"c:/test\\test1\\..\\.\\file", L"c:\\test\\file", L"file"},
        {L"c:///test\\.\\.\\file//", L"c:\\test\\file\\", NULL},
        {L"c:///test\\..\\file\\..\\//", L"c:\\", NULL},
        {L"c:.", L"C:\\windows", L"windows"},
        {L"c:foo", L"C:\\windows\\foo", L"foo"},
        {L"c:./foo", L"C:\\windows\\foo", L"foo"},
        {L"\\foo", L"C:\\foo", L"foo"},
        {L"foo", L"C:\\windows\\foo", L"foo"},
        {L".", L"C:\\windows", L"windows"},
        {L"..", L"C:\\", NULL},
        {L"...", L"C:\\windows\\", NULL},
        {L"foo/..", L"C:\\windows", L"windows"},
        {L"\\windows\\nul", L"\\\\.\\nul", NULL},
        {L"C:\\nonexistent\\nul", L"\\\\.\\nul", NULL},
        {L"C:NUL.", L"\\\\.\\NUL", NULL},
        {L"AUX", L"\\\\.\\AUX", NULL},
        {L"COM1", L"\\\\.\\COM1", NULL},
        {L"//foo/", L"\\\\foo\\", NULL},
        {L"//./foo/bar", L"\\\\.\\foo\\bar", L"bar"},
        {L"//./foo/.", L"\\\\.\\foo", L"foo"},
        {L"//./foo/..", L"\\\\.\\", NULL},
        {L"\\??\\foo", L"C:\\??\\foo", L"foo"},
        {L"//.", L"\\\\.\\", NULL},
        {L"\\\\?", L"\\\\?\\", NULL},
        {L"//foo", L"\\\\foo", NULL},
    };
    static const struct {
        const WCHAR *path;
        USHORT pos, len;
    } devices[] = {
        {L"\\\\.\\CON2", 0, 0}, {L"", 0, 0},          {L"\\\\foo\\nul", 0, 0}, {L"c:\\nul:", 6, 6},
        {L"c:\\nul\\", 0, 0},     {L"c:\\nul\\foo", 0, 0}, {L"c:prn     ", 4, 6},     {L"c:NUL  ....  ", 4, 6},
        {L"c: . . .", 0, 0},      {L"c:nul . . :", 4, 6},   {L"c:nul0", 0, 0},          {L"c:PRN:.txt", 4, 6},
        {L"con:", 0, 6},          {L"lpt1:", 0, 8},         {L"c:com5:", 4, 8},         {L"c:\\lpt0.txt", 0, 0},
        {L"CONIN$", 0, 12},       {L"CONOUT$", 0, 14},      {L"CONERR$", 0, 0},         {L"PIPE", 0, 0},
        {L"\\??\\CON", 8, 6},
    };
    WCHAR saved[MAX_PATH], buf[MAX_PATH], *part;
    UNICODE_STRING dir;

    RtlGetCurrentDirectory_U(sizeof(saved), saved);
    RtlInitUnicodeString(&dir, L"C:\\windows\\");
    ok_status(RtlSetCurrentDirectory_U(&dir), STATUS_SUCCESS);
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ULONG len = RtlGetFullPathName_U(cases[i].path, sizeof(buf), buf, &part);
        ok(len == wcslen(cases[i].full) * sizeof(WCHAR) && Same(buf, cases[i].full) &&
           (cases[i].part ? Same(part, cases[i].part) : !part), "%S: %S", cases[i].path, buf);
    }
    for (unsigned i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
        ULONG got = RtlIsDosDeviceName_U(devices[i].path);
        ok(got == ((ULONG)devices[i].pos << 16 | devices[i].len), "device %S: %x", devices[i].path, got);
    }
    RtlInitUnicodeString(&dir, saved);
    RtlSetCurrentDirectory_U(&dir);
}

static void TestNtPaths(void)
{
    static const struct {
        const WCHAR *dos, *nt;
    } cases[] = {
        {L"C:\\a\\..\\b", L"\\??\\C:\\b"},
        {L"\\\\server\\share\\x", L"\\??\\UNC\\server\\share\\x"},
        {L"\\\\?\\C:\\a\\..\\b", L"\\??\\C:\\a\\..\\b"},
        {L"\\\\.\\COM1", L"\\??\\COM1"},
        {L"z:/tmp/", L"\\??\\z:\\tmp\\"},
        {L"\\??\\foo/..", L"\\??\\foo/.."},
        {L"//.", L"\\??\\"},
        {L"\\\\?", L"\\??\\"},
    };
    UNICODE_STRING nt;
    PWSTR part;

    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ok_status(RtlDosPathNameToNtPathName_U_WithStatus(cases[i].dos, &nt, NULL, NULL), STATUS_SUCCESS);
        ok(Same(nt.Buffer, cases[i].nt) && nt.Length == wcslen(cases[i].nt) * 2 && nt.MaximumLength == nt.Length + 2,
           "%S: %S", cases[i].dos, nt.Buffer);
        RtlFreeUnicodeString(&nt);
    }
    ok(RtlDosPathNameToNtPathName_U(L"C:\\dir\\file.txt", &nt, &part, NULL), "BOOLEAN form");
    ok(Same(part, L"file.txt") && part > nt.Buffer && part < nt.Buffer + nt.Length / 2, "the file part");
    RtlFreeUnicodeString(&nt);
    /* No file part for a DOS device, CONIN$ or a UNC server alone, as Windows answers. */
    ok(RtlDosPathNameToNtPathName_U(L"C:NUL", &nt, &part, NULL) && Same(nt.Buffer, L"\\??\\NUL") && !part, "NUL");
    RtlFreeUnicodeString(&nt);
    ok(RtlDosPathNameToNtPathName_U(L"CONIN$", &nt, &part, NULL) && !part, "CONIN$");
    RtlFreeUnicodeString(&nt);
    ok(RtlDosPathNameToNtPathName_U(L"//foo", &nt, &part, NULL) && Same(nt.Buffer, L"\\??\\UNC\\foo") && !part,
       "a server");
    RtlFreeUnicodeString(&nt);
    ok_status(RtlDosPathNameToNtPathName_U_WithStatus(L"   ", &nt, NULL, NULL), STATUS_OBJECT_NAME_INVALID);
    ok_status(RtlDosPathNameToNtPathName_U_WithStatus(L"", &nt, NULL, NULL), STATUS_OBJECT_NAME_INVALID);
    ok_status(RtlDosPathNameToNtPathName_U_WithStatus(NULL, &nt, NULL, NULL), STATUS_OBJECT_NAME_INVALID);
    /* A device named inside a directory is the device only where the directory is there. */
    ok_status(RtlDosPathNameToNtPathName_U_WithStatus(L"C:\\veles-nonexistent\\nul", &nt, NULL, NULL),
              STATUS_OBJECT_NAME_INVALID);
    ok_status(RtlDosPathNameToNtPathName_U_WithStatus(L"C:\\windows\\nul", &nt, NULL, NULL), STATUS_SUCCESS);
    ok(nt.Length == 14 && TestStrEqualW(nt.Buffer, "\\??\\nul", 7), "the device itself");
    RtlFreeUnicodeString(&nt);
}

static void TestCurrentDirectory(void)
{
    WCHAR saved[MAX_PATH], buf[MAX_PATH];
    UNICODE_STRING dir;
    ULONG len = RtlGetCurrentDirectory_U(sizeof(saved), saved);

    ok(len && len < sizeof(saved) && saved[1] == ':', "the current directory: %S", saved);
    RtlInitUnicodeString(&dir, L"c:\\Windows\\System32");
    ok_status(RtlSetCurrentDirectory_U(&dir), STATUS_SUCCESS);
    len = RtlGetCurrentDirectory_U(sizeof(buf), buf);
    ok(Same(buf, L"c:\\Windows\\System32") && len == 38, "set: %S", buf);
    RtlGetFullPathName_U(L"..\\x.txt", sizeof(buf), buf, NULL);
    ok(Same(buf, L"c:\\Windows\\x.txt"), "relative names follow it: %S", buf);
    RtlGetFullPathName_U(L"\\y", sizeof(buf), buf, NULL);
    ok(Same(buf, L"c:\\y"), "so do rooted ones: %S", buf);
    ok(TestPeb()->ProcessParameters->CurrentDirectory.Handle != NULL, "a handle to it");

    RtlInitUnicodeString(&dir, L"C:\\veles-no-such-directory");
    ok_status(RtlSetCurrentDirectory_U(&dir), STATUS_OBJECT_NAME_NOT_FOUND);
    RtlInitUnicodeString(&dir, L"C:\\windows\\system32\\ntdll.dll");
    ok_status(RtlSetCurrentDirectory_U(&dir), STATUS_NOT_A_DIRECTORY);
    RtlGetCurrentDirectory_U(sizeof(buf), buf);
    ok(Same(buf, L"c:\\Windows\\System32"), "unchanged by failures");

    RtlInitUnicodeString(&dir, L"C:\\");
    ok_status(RtlSetCurrentDirectory_U(&dir), STATUS_SUCCESS);
    len = RtlGetCurrentDirectory_U(sizeof(buf), buf);
    ok(Same(buf, L"C:\\") && len == 6, "a drive's root keeps its backslash");
    ok(RtlGetCurrentDirectory_U(4, buf) == 8, "too small: the room needed");

    RtlInitUnicodeString(&dir, saved);
    ok_status(RtlSetCurrentDirectory_U(&dir), STATUS_SUCCESS);
}

static void TestSearching(void)
{
    WCHAR buf[MAX_PATH], *part;
    PWSTR path;
    ULONG len;

    ok(RtlDoesFileExists_U(L"C:\\windows\\system32\\NTDLL.dll") && RtlDoesFileExists_U(L"c:\\windows"),
       "files and directories exist");
    ok(!RtlDoesFileExists_U(L"C:\\veles-none") && !RtlDoesFileExists_U(L"C:\\veles-none\\x"), "and others not");

    len = RtlDosSearchPath_U(L"C:\\windows;C:\\windows\\system32", L"ntdll", L".dll", sizeof(buf), buf, &part);
    ok(len == 29 * 2 && Same(buf, L"C:\\windows\\system32\\ntdll.dll") && Same(part, L"ntdll.dll"),
       "found along a path: %S (%u)", buf, len);
    len = RtlDosSearchPath_U(L"C:\\windows\\system32", L"ntdll.dll", L".exe", sizeof(buf), buf, NULL);
    ok(len == 29 * 2, "an extension is added only to a name without one");
    ok(RtlDosSearchPath_U(L"C:\\windows", L"ntdll.dll", NULL, sizeof(buf), buf, NULL) == 0, "not there");
    len = RtlDosSearchPath_U(L"C:\\windows\\system32", L"ntdll.dll", NULL, 10, buf, NULL);
    ok(len == 30 * 2, "too small: the room needed (%u)", len);
    len = RtlDosSearchPath_U(L"C:\\nowhere", L"C:\\windows\\system32\\ntdll.dll", NULL, sizeof(buf), buf, NULL);
    ok(len == 29 * 2, "a full name is looked at where it is");

    ok_status(RtlGetSearchPath(&path), STATUS_SUCCESS);
    ok(path && wcsstr(path, L";.;") && wcsstr(path, L"\\system32;"), "the search path: %S", path);
    ok(path && wcsstr(path, L";.;") < wcsstr(path, L"\\system32;"), "the current directory before the system's");
    RtlReleasePath(path);
    ok_status(RtlSetSearchPathMode(1), STATUS_SUCCESS);
    ok_status(RtlGetSearchPath(&path), STATUS_SUCCESS);
    ok(path && wcsstr(path, L";.;") > wcsstr(path, L"\\system32;"), "safe mode: after them: %S", path);
    RtlReleasePath(path);
    ok_status(RtlGetExePath(L"x.exe", &path), STATUS_SUCCESS);
    ok(path && wcsstr(path, L";.;"), "executables are looked for in the current directory");
    RtlReleasePath(path);
    ok_status(RtlSetSearchPathMode(0x10000), STATUS_SUCCESS);
    ok_status(RtlSetSearchPathMode(5), STATUS_INVALID_PARAMETER);
    ok_status(RtlSetSearchPathMode(0x8000), STATUS_INVALID_PARAMETER);
    ok_status(RtlSetSearchPathMode(0x8001), STATUS_SUCCESS);
    ok_status(RtlSetSearchPathMode(0x10000), STATUS_ACCESS_DENIED);
}

/* The cases Windows' own behaviour records (Wine's path tests): result, and the spaces flag (2: not set). */
static void TestDos8Dot3(void)
{
    static const struct {
        const char *name;
        BOOLEAN legal, spaces;
    } cases[] = {
        {"12345678", TRUE, FALSE},     {"123 5678", TRUE, TRUE},       {"12345678.", FALSE, 2},
        {"1234 678.", FALSE, 2},       {"12345678.a", TRUE, FALSE},    {"12345678.a ", FALSE, 2},
        {"12345678.a c", TRUE, TRUE},  {" 2345678.a ", FALSE, 2},      {"1 345678.abc", TRUE, TRUE},
        {"1      8.a c", TRUE, TRUE},  {"1 3 5 7 .abc", FALSE, 2},     {"12345678.  c", TRUE, TRUE},
        {"123456789.a", FALSE, 2},     {"12345.abcd", FALSE, 2},       {"12345.ab d", FALSE, 2},
        {".abc", FALSE, 2},            {"12.abc.d", FALSE, 2},         {".", TRUE, FALSE},
        {"..", TRUE, FALSE},           {"...", FALSE, 2},              {"a+b.txt", FALSE, 2},
        {"aaaaaaaaaaaaaaaaaaaa", FALSE, 2},
    };
    WCHAR wide[32];
    char oem[12];

    for (ULONG i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        UNICODE_STRING name = {0, sizeof(wide), wide};
        OEM_STRING out = {0, sizeof(oem), oem};
        BOOLEAN spaces = 2, legal;
        SIZE_T n = strlen(cases[i].name);
        for (SIZE_T k = 0; k < n; k++)
            wide[k] = (WCHAR)cases[i].name[k];
        name.Length = (USHORT)(n * sizeof(WCHAR));
        legal = RtlIsNameLegalDOS8Dot3(&name, &out, &spaces);
        ok(legal == cases[i].legal && spaces == cases[i].spaces, "\"%s\": %d %d", cases[i].name, legal, spaces);
        if (legal && n <= 12)
            for (SIZE_T k = 0; k < n; k++)
                if (out.Buffer[k] != (cases[i].name[k] >= 'a' && cases[i].name[k] <= 'z' ? cases[i].name[k] - 32
                                                                                        : cases[i].name[k]))
                    ok(0, "\"%s\" upper-cased in OEM: %.*s", cases[i].name, out.Length, out.Buffer);
    }
    {
        UNICODE_STRING name;
        RtlInitUnicodeString(&name, L"readme.txt");
        ok(RtlIsNameLegalDOS8Dot3(&name, NULL, NULL), "no OEM string or flag needed");
    }
}

void RunTests(void)
{
    TestDos8Dot3();
    TestTypes();
    TestFullPaths();
    TestWindowsCases();
    TestNtPaths();
    TestCurrentDirectory();
    TestSearching();
}
