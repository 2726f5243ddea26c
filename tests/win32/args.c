/* The command line and the environment: tests/run passes "a b", "c\"d", "x\\", "wörld" and sets VELES_TEST_VAR to
 * "hello wörld"; both runtimes' argv (narrow in the ANSI code page, wide in UTF-16) and kernel32's views agree. */
#include <windows.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "wintest.h"

int main(int argc, char **argv)
{
    static const WCHAR world[] = {'w', 0xf6, 'r', 'l', 'd', 0};
    static const WCHAR hello[] = {'h', 'e', 'l', 'l', 'o', ' ', 'w', 0xf6, 'r', 'l', 'd', 0};
    WCHAR value[64], *line;
    const char *narrow;

    ok(argc == 5, "argc %d", argc);
    ok(argc == 5 && !strcmp(argv[1], "a b") && !strcmp(argv[2], "c\"d") && !strcmp(argv[3], "x\\"),
       "argv with a space, a quote and a backslash");
    ok(argc == 5 && !strcmp(argv[4], "w\xf6rld"), "non-ASCII argv in the ANSI code page (1252)");
    line = GetCommandLineW();
    ok(wcsstr(line, L"\"a b\"") && wcsstr(line, world) && wcsstr(line, L"c\\\"d"),
       "GetCommandLineW quotes as Windows does: %ls", line);
    ok(GetEnvironmentVariableW(L"VELES_TEST_VAR", value, 64) == 11 && !wcscmp(value, hello),
       "GetEnvironmentVariableW");
    narrow = getenv("VELES_TEST_VAR");
    ok(narrow && !strcmp(narrow, "hello w\xf6rld"), "getenv, in the ANSI code page");
    ok(_wgetenv(L"VELES_TEST_VAR") && !wcscmp(_wgetenv(L"VELES_TEST_VAR"), hello), "_wgetenv");
    ok(SetEnvironmentVariableW(L"VELES_NEW", L"set") && GetEnvironmentVariableW(L"VELES_NEW", value, 64) == 3,
       "a variable set");
    ok(!GetEnvironmentVariableW(L"VELES_NOT_THERE", value, 64) && GetLastError() == ERROR_ENVVAR_NOT_FOUND,
       "a missing variable: %lu", GetLastError());
    ok(GetEnvironmentVariableW(L"PATH", value, 2) > 2 || GetEnvironmentVariableW(L"SystemRoot", value, 64),
       "Windows' own variables");
    return wintest_summary();
}
