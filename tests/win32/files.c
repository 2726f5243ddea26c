/* kernel32's files and directories: create, write, read, size, pointer, end of file, rename over a name, find
 * with wildcards, attributes, directories made and removed, and names matched without regard to case. Works in
 * the directory it is started in. */
#include <windows.h>
#include <string.h>
#include "wintest.h"

static int Found(const WCHAR *pattern, const WCHAR *expected[], int count)
{
    WIN32_FIND_DATAW data;
    HANDLE find = FindFirstFileW(pattern, &data);
    int seen = 0, unexpected = 0;

    if (find == INVALID_HANDLE_VALUE)
        return count == 0 && GetLastError() == ERROR_FILE_NOT_FOUND ? 0 : -1;
    do {
        int known = 0;
        for (int i = 0; i < count; i++)
            known |= !wcscmp(data.cFileName, expected[i]);
        if (known)
            seen++;
        else
            unexpected++;
    } while (FindNextFileW(find, &data));
    ok(GetLastError() == ERROR_NO_MORE_FILES, "FindNextFile ends with ERROR_NO_MORE_FILES: %lu", GetLastError());
    FindClose(find);
    return unexpected ? -1 : seen;
}

int main(void)
{
    static const WCHAR *texts[] = {L"First.txt", L"second.TXT"}, *all[] = {L".", L"..", L"First.txt", L"second.TXT",
                                                                         L"sub"};
    char buffer[64];
    DWORD n;
    LARGE_INTEGER size;
    HANDLE h;

    ok(CreateDirectoryW(L"veles-files", NULL), "CreateDirectory: %lu", GetLastError());
    ok(!CreateDirectoryW(L"VELES-FILES", NULL) && GetLastError() == ERROR_ALREADY_EXISTS,
       "the same directory in another case: %lu", GetLastError());
    ok(SetCurrentDirectoryW(L"Veles-Files"), "SetCurrentDirectory, case-blind");

    h = CreateFileW(L"First.txt", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    ok(h != INVALID_HANDLE_VALUE, "CreateFile: %lu", GetLastError());
    ok(WriteFile(h, "hello, files", 12, &n, NULL) && n == 12, "WriteFile");
    ok(GetFileSizeEx(h, &size) && size.QuadPart == 12, "GetFileSizeEx: %lld", size.QuadPart);
    ok(SetFilePointer(h, 5, NULL, FILE_BEGIN) == 5 && SetEndOfFile(h) && GetFileSizeEx(h, &size) && size.QuadPart == 5,
       "truncated at the pointer");
    SetFilePointer(h, 0, NULL, FILE_BEGIN);
    ok(ReadFile(h, buffer, sizeof(buffer), &n, NULL) && n == 5 && !memcmp(buffer, "hello", 5), "ReadFile: %lu", n);
    ok(ReadFile(h, buffer, sizeof(buffer), &n, NULL) && n == 0, "at the end, a read of nothing");
    CloseHandle(h);
    ok(CreateFileW(L"FIRST.TXT", GENERIC_READ, 0, NULL, CREATE_NEW, 0, NULL) == INVALID_HANDLE_VALUE &&
       GetLastError() == ERROR_FILE_EXISTS, "CREATE_NEW of another case: %lu", GetLastError());
    h = CreateFileW(L"first.TXT", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "opened in another case");
    ok(CreateFileW(L"First.txt", GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL) == INVALID_HANDLE_VALUE &&
       GetLastError() == ERROR_SHARING_VIOLATION, "a sharing violation: %lu", GetLastError());
    CloseHandle(h);

    h = CreateFileW(L"other.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    CloseHandle(h);
    ok(!MoveFileExW(L"other.txt", L"FIRST.txt", 0) && GetLastError() == ERROR_ALREADY_EXISTS,
       "no rename over a name without leave: %lu", GetLastError());
    ok(MoveFileExW(L"other.txt", L"second.TXT", 0), "MoveFileEx to a new name");
    ok(CreateDirectoryW(L"sub", NULL), "a subdirectory");
    ok(Found(L"*.txt", texts, 2) == 2, "FindFirstFile *.txt, case-blind");
    ok(Found(L"*", all, 5) == 5, "FindFirstFile * with . and ..");
    ok(Found(L"?irst.*", texts, 2) == 1, "FindFirstFile with ?");
    ok(Found(L"none*", texts, 0) == 0, "nothing found: ERROR_FILE_NOT_FOUND");

    ok(GetFileAttributesW(L"SUB") == FILE_ATTRIBUTE_DIRECTORY, "a directory's attributes");
    ok(SetFileAttributesW(L"first.txt", FILE_ATTRIBUTE_READONLY) &&
       (GetFileAttributesW(L"First.txt") & FILE_ATTRIBUTE_READONLY), "read-only set");
    ok(!DeleteFileW(L"First.txt") && GetLastError() == ERROR_ACCESS_DENIED, "a read-only file stays: %lu",
       GetLastError());
    ok(SetFileAttributesW(L"first.txt", FILE_ATTRIBUTE_NORMAL) && DeleteFileW(L"FIRST.TXT"), "then goes");
    ok(GetFileAttributesW(L"First.txt") == INVALID_FILE_ATTRIBUTES && GetLastError() == ERROR_FILE_NOT_FOUND,
       "gone: %lu", GetLastError());
    ok(GetFileAttributesW(L"nowhere\\x.txt") == INVALID_FILE_ATTRIBUTES && GetLastError() == ERROR_PATH_NOT_FOUND,
       "a missing directory: %lu", GetLastError());
    ok(DeleteFileW(L"second.txt") && RemoveDirectoryW(L"sub"), "emptied");
    ok(SetCurrentDirectoryW(L"..") && RemoveDirectoryW(L"veles-files"), "and removed");
    return wintest_summary();
}
