/* CreateProcess as programs use it: a child (this program again, with an argument saying what to be) whose output
 * comes back through an inherited pipe, its exit code, TerminateProcess, and a program that is not there. */
#include <windows.h>
#include <string.h>
#include "wintest.h"

static BOOL Start(const char *self, const char *args, HANDLE out, PROCESS_INFORMATION *pi)
{
    STARTUPINFOA si = {.cb = sizeof(si)};
    char cmd[MAX_PATH * 2];

    snprintf(cmd, sizeof(cmd), "\"%s\" %s", self, args);
    if (out) {
        si.dwFlags = STARTF_USESTDHANDLES;
        si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
        si.hStdOutput = si.hStdError = out;
    }
    return CreateProcessA(NULL, cmd, NULL, NULL, out != NULL, 0, NULL, NULL, &si, pi);
}

int main(int argc, char **argv)
{
    SECURITY_ATTRIBUTES sa = {.nLength = sizeof(sa), .bInheritHandle = TRUE};
    PROCESS_INFORMATION pi;
    HANDLE r, w;
    char text[256] = "";
    DWORD got, total = 0, code = 0;

    if (argc > 2 && !strcmp(argv[1], "child")) {
        printf("child says %s\n", argv[2]);
        return 3;
    }
    if (argc > 1 && !strcmp(argv[1], "sleep")) {
        Sleep(60000);
        return 0;
    }

    /* The child's output through a pipe it inherits, read to its end. */
    ok(CreatePipe(&r, &w, &sa, 0), "CreatePipe: %lu", GetLastError());
    SetHandleInformation(r, HANDLE_FLAG_INHERIT, 0);
    ok(Start(argv[0], "child \"two words\"", w, &pi), "CreateProcess: %lu", GetLastError());
    CloseHandle(w);
    while (total < sizeof(text) - 1 && ReadFile(r, text + total, sizeof(text) - 1 - total, &got, NULL) && got)
        total += got;
    text[total] = 0;
    ok(strstr(text, "child says two words") != NULL, "the child's output: '%s'", text);
    CloseHandle(r);
    ok(WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0, "the child ends");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == 3, "its exit code: %lu", code);
    ok(GetProcessId(pi.hProcess) == pi.dwProcessId && pi.dwProcessId != GetCurrentProcessId(), "its id: %lu",
       pi.dwProcessId);
    ok(GetThreadId(pi.hThread) == pi.dwThreadId, "its thread's id: %lu", pi.dwThreadId);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);

    /* One that would run for a minute, ended from here. */
    ok(Start(argv[0], "sleep", NULL, &pi), "CreateProcess: %lu", GetLastError());
    ok(WaitForSingleObject(pi.hProcess, 200) == WAIT_TIMEOUT, "the sleeper runs");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == STILL_ACTIVE, "still active: %lu", code);
    ok(TerminateProcess(pi.hProcess, 9), "TerminateProcess: %lu", GetLastError());
    ok(WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0, "the sleeper ends");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == 9, "with TerminateProcess's code: %lu", code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);

    /* A program that is not there. */
    {
        STARTUPINFOA si = {.cb = sizeof(si)};
        char cmd[] = "no-such-program-here.exe";
        ok(!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi) &&
               GetLastError() == ERROR_FILE_NOT_FOUND,
           "a missing program: %lu", GetLastError());
    }
    return wintest_summary();
}
