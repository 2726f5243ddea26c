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
    ok_status(RtlDosPathNameToNtPathName_U_WithStatus(L"", &nt, NULL, NULL), STATUS_OBJECT_NAME_INVALID);
    ok_status(RtlDosPathNameToNtPathName_U_WithStatus(NULL, &nt, NULL, NULL), STATUS_OBJECT_NAME_INVALID);
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

void RunTests(void)
{
    TestTypes();
    TestFullPaths();
    TestNtPaths();
    TestCurrentDirectory();
}
