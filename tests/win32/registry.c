/* The registry through advapi32: a key made under HKEY_CURRENT_USER, values of each common type set, queried
 * and enumerated, a subkey, deletion; and Windows' own keys read. */
#include <windows.h>
#include <string.h>
#include <wchar.h>
#include "wintest.h"

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
    return wintest_summary();
}
