/* The registry through advapi32: a key made under HKEY_CURRENT_USER, values of each common type set, queried
 * and enumerated, a subkey, deletion; Windows' own keys read; and a key saved, loaded as a hive and unloaded,
 * with the privileges that takes enabled through the process's token. */
#include <windows.h>
#include <string.h>
#include <wchar.h>
#include "wintest.h"

static BOOL EnablePrivilege(const WCHAR *name, BOOL enable)
{
    TOKEN_PRIVILEGES privileges = {1, {{{0, 0}, enable ? SE_PRIVILEGE_ENABLED : 0}}};
    HANDLE token;
    BOOL done;

    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token))
        return FALSE;
    done = LookupPrivilegeValueW(NULL, name, &privileges.Privileges[0].Luid) &&
           AdjustTokenPrivileges(token, FALSE, &privileges, 0, NULL, NULL) && GetLastError() == ERROR_SUCCESS;
    CloseHandle(token);
    return done;
}

static void TestHives(void)
{
    WCHAR path[MAX_PATH];
    HKEY key, loaded;
    DWORD value = 7, size = sizeof(value);
    TOKEN_ELEVATION elevation;
    HANDLE token;

    ok(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token) &&
           GetTokenInformation(token, TokenElevation, &elevation, sizeof(elevation), &size) &&
           elevation.TokenIsElevated,
       "the process is elevated");
    CloseHandle(token);
    GetTempPathW(MAX_PATH, path);
    wcscat(path, L"veles-win32-hive");
    DeleteFileW(path);
    ok(!RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\VelesHiveSource", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key,
                        NULL) &&
           !RegSetValueExW(key, L"Seven", 0, REG_DWORD, (const BYTE *)&value, 4),
       "a key to save");
    ok(RegSaveKeyW(key, path, NULL) == ERROR_PRIVILEGE_NOT_HELD, "saving takes SeBackupPrivilege");
    ok(EnablePrivilege(L"SeBackupPrivilege", TRUE) && EnablePrivilege(L"SeRestorePrivilege", TRUE),
       "the privileges enabled");
    ok(!RegSaveKeyW(key, path, NULL), "RegSaveKey");
    RegCloseKey(key);
    RegDeleteTreeW(HKEY_CURRENT_USER, L"Software\\VelesHiveSource");
    RegDeleteKeyW(HKEY_CURRENT_USER, L"Software\\VelesHiveSource");

    ok(!RegLoadKeyW(HKEY_LOCAL_MACHINE, L"VelesWin32Hive", path), "RegLoadKey");
    value = 0;
    size = sizeof(value);
    ok(!RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"VelesWin32Hive", 0, KEY_ALL_ACCESS, &loaded) &&
           !RegQueryValueExW(loaded, L"Seven", NULL, NULL, (BYTE *)&value, &size) && value == 7,
       "the loaded hive's value: %lu", value);
    ok(RegUnLoadKeyW(HKEY_LOCAL_MACHINE, L"VelesWin32Hive") == ERROR_ACCESS_DENIED, "not while a handle is open");
    RegCloseKey(loaded);
    ok(!RegUnLoadKeyW(HKEY_LOCAL_MACHINE, L"VelesWin32Hive"), "RegUnLoadKey");
    ok(RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"VelesWin32Hive", 0, KEY_READ, &loaded) == ERROR_FILE_NOT_FOUND, "gone");
    EnablePrivilege(L"SeBackupPrivilege", FALSE);
    EnablePrivilege(L"SeRestorePrivilege", FALSE);
    DeleteFileW(path);
}

int main(void)
{
    HKEY key, sub, version;
    DWORD type, size, dword = 0, count = 0, disposition;
    WCHAR text[64], name[64];
    BYTE binary[8];
    LONG error;

    RegDeleteTreeW(HKEY_CURRENT_USER, L"Software\\VelesWin32Test");
    error = RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\VelesWin32Test", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key,
                            &disposition);
    ok(!error && disposition == REG_CREATED_NEW_KEY, "RegCreateKeyEx: %ld %lu", error, disposition);
    ok(!RegSetValueExW(key, L"Text", 0, REG_SZ, (const BYTE *)L"hello", 12), "a string");
    dword = 42;
    ok(!RegSetValueExW(key, L"Number", 0, REG_DWORD, (const BYTE *)&dword, 4), "a DWORD");
    ok(!RegSetValueExW(key, L"Bytes", 0, REG_BINARY, (const BYTE *)"\x01\x02\x03", 3), "bytes");
    size = sizeof(text);
    ok(!RegQueryValueExW(key, L"text", NULL, &type, (BYTE *)text, &size) && type == REG_SZ && size == 12 &&
       !wcscmp(text, L"hello"), "the string back, its name in another case");
    size = 4;
    dword = 0;
    ok(!RegQueryValueExW(key, L"Number", NULL, &type, (BYTE *)&dword, &size) && type == REG_DWORD && dword == 42,
       "the DWORD back");
    size = 1;
    ok(RegQueryValueExW(key, L"Bytes", NULL, &type, binary, &size) == ERROR_MORE_DATA && size == 3,
       "a buffer too small: the size needed");
    ok(RegQueryValueExW(key, L"Missing", NULL, &type, NULL, &size) == ERROR_FILE_NOT_FOUND, "a missing value");
    for (DWORD i = 0;; i++) {
        DWORD length = 64;
        if (RegEnumValueW(key, i, name, &length, NULL, NULL, NULL, NULL))
            break;
        count++;
    }
    ok(count == 3, "three values enumerated: %lu", count);
    ok(!RegCreateKeyExW(key, L"Sub", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL), "a subkey");
    RegCloseKey(sub);
    size = 64;
    ok(!RegEnumKeyExW(key, 0, name, &size, NULL, NULL, NULL, NULL) && !wcscmp(name, L"Sub"), "enumerated");
    RegCloseKey(key);
    ok(!RegDeleteTreeW(HKEY_CURRENT_USER, L"Software\\VelesWin32Test"), "RegDeleteTree");
    ok(RegOpenKeyExW(HKEY_CURRENT_USER, L"Software\\VelesWin32Test", 0, KEY_READ, &key) == ERROR_FILE_NOT_FOUND,
       "gone");

    ok(!RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Software\\Microsoft\\Windows NT\\CurrentVersion", 0, KEY_READ, &version),
       "Windows' version key");
    size = sizeof(text);
    ok(!RegQueryValueExW(version, L"CurrentBuild", NULL, &type, (BYTE *)text, &size) && !wcscmp(text, L"19045"),
       "CurrentBuild 19045");
    RegCloseKey(version);
    TestHives();
    return wintest_summary();
}
