/* The NT/Unix name conversions Wine's DLLs import, and the file information class under them. */
#include "lib/nttest.h"

static int EndsWith(const char *s, const char *tail)
{
    SIZE_T a = strlen(s), b = strlen(tail);
    return a >= b && !strcmp(s + a - b, tail);
}

static NTSTATUS ToUnix(const WCHAR *nt, char *out, ULONG *size, ULONG disposition)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    RtlInitUnicodeString(&name, nt);
    return wine_nt_to_unix_file_name(&oa, out, size, disposition);
}

static void TestQuery(void)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;
    union {
        FILE_VELES_UNIX_NAME_INFORMATION info;
        UCHAR bytes[512];
    } u;
    HANDLE dir;

    RtlInitUnicodeString(&name, L"\\??\\C:\\windows");
    ok_status(NtOpenFile(&dir, SYNCHRONIZE, &oa, &iosb, FILE_SHARE_READ, FILE_DIRECTORY_FILE), STATUS_SUCCESS);
    ok_status(NtQueryInformationFile(dir, &iosb, &u, sizeof(u), FileVelesUnixNameInformation), STATUS_SUCCESS);
    ok(u.info.NameLength > 16 && !memcmp(u.info.Name + u.info.NameLength - 16, "/drive_c/windows", 16) &&
           iosb.Information == 4 + u.info.NameLength,
       "the directory's Linux path: %u", u.info.NameLength);
    ok_status(NtQueryInformationFile(dir, &iosb, &u, 8, FileVelesUnixNameInformation), STATUS_BUFFER_OVERFLOW);
    ok(u.info.NameLength > 16 && iosb.Information == 8, "cut, with the whole length told");
    ok_status(NtQueryInformationFile(dir, &iosb, &u, 2, FileVelesUnixNameInformation), STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQueryInformationFile(dir, &iosb, &u, sizeof(u), (FILE_INFORMATION_CLASS)46 /* hard links */),
              STATUS_NOT_IMPLEMENTED);
    ok_status(NtQueryInformationFile(dir, &iosb, &u, sizeof(u), (FILE_INFORMATION_CLASS)0), STATUS_INVALID_INFO_CLASS);
    ok_status(NtQueryInformationFile((HANDLE)0x1234, &iosb, &u, sizeof(u), FileVelesUnixNameInformation),
              STATUS_INVALID_HANDLE);
    NtClose(dir);
}

void RunTests(void)
{
    char path[512], drive_c[512];
    WCHAR nt[512];
    ULONG size = sizeof(path);

    TestQuery();

    ok_status(ToUnix(L"\\??\\c:\\WINDOWS\\SYSTEM32", path, &size, FILE_OPEN), STATUS_SUCCESS);
    ok(EndsWith(path, "/drive_c/windows/system32") && size == strlen(path) + 1, "found without regard to case: %s",
       path);
    memcpy(drive_c, path, strlen(path) - strlen("/windows/system32"));
    drive_c[strlen(path) - strlen("/windows/system32")] = 0;
    size = sizeof(path);
    ok_status(ToUnix(L"\\??\\C:\\windows\\NewFile.txt", path, &size, FILE_OPEN), STATUS_OBJECT_NAME_NOT_FOUND);
    size = sizeof(path);
    ok_status(ToUnix(L"\\??\\C:\\windows\\NewFile.txt", path, &size, FILE_OPEN_IF), STATUS_NO_SUCH_FILE);
    ok(EndsWith(path, "/drive_c/windows/NewFile.txt"), "a new name beside what exists: %s", path);
    size = sizeof(path);
    ok_status(ToUnix(L"\\??\\C:\\nowhere\\NewFile.txt", path, &size, FILE_CREATE), STATUS_OBJECT_PATH_NOT_FOUND);
    size = 4;
    ok_status(ToUnix(L"\\??\\C:\\windows", path, &size, FILE_OPEN), STATUS_BUFFER_TOO_SMALL);
    ok(size == strlen(drive_c) + strlen("/windows") + 1, "the size it needs: %u", size);
    size = sizeof(path);
    ok_status(ToUnix(L"\\??\\Z:\\tmp", path, &size, FILE_OPEN), STATUS_SUCCESS);
    ok(!strcmp(path, "/tmp"), "Z: is the Linux root: %s", path);

    strcpy(path, drive_c);
    strcat(path, "/windows/x y");
    size = 512;
    ok_status(wine_unix_to_nt_file_name(path, nt, &size), STATUS_SUCCESS);
    ok(!wcscmp(nt, L"\\??\\C:\\windows\\x y") && size == wcslen(nt) + 1, "inside the prefix, drive C: %S", nt);
    size = 512;
    ok_status(wine_unix_to_nt_file_name(drive_c, nt, &size), STATUS_SUCCESS);
    ok(!wcscmp(nt, L"\\??\\C:\\"), "the drive's root: %S", nt);
    size = 512;
    ok_status(wine_unix_to_nt_file_name("/usr/share/w\xc3\xb6rd", nt, &size), STATUS_SUCCESS);
    ok(!wcscmp(nt, L"\\??\\Z:\\usr\\share\\w\x00f6rd"), "elsewhere, through Z: %S", nt);
    size = 5;
    ok_status(wine_unix_to_nt_file_name("/tmp", nt, &size), STATUS_BUFFER_TOO_SMALL);
    ok(size == 11, "the size it needs: %u", size);
    ok_status(wine_unix_to_nt_file_name("relative/path", nt, &size), STATUS_INVALID_PARAMETER);
}
