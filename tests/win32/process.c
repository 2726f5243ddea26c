/* CreateProcess as programs use it: a child (this program again, with an argument saying what to be) whose output
 * comes back through an inherited pipe, handles it inherits by value (all inheritable ones, or a list of them),
 * its exit code, TerminateProcess, its memory (VirtualAllocEx and the rest), system() and _popen through cmd.exe,
 * and a program that is not there. */
#define PSAPI_VERSION 2
#include <windows.h>
#include <psapi.h>
#include <stdlib.h>
#include <string.h>
#include "wintest.h"

static BOOL Start(const char *self, const char *args, HANDLE out, PROCESS_INFORMATION *pi)
{
    BOOL inherit = out != NULL || !strncmp(args, "write-to", 8);
    STARTUPINFOA si = {.cb = sizeof(si)};
    char cmd[MAX_PATH * 2];

    snprintf(cmd, sizeof(cmd), "\"%s\" %s", self, args);
    if (out) {
        si.dwFlags = STARTF_USESTDHANDLES;
        si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
        si.hStdOutput = si.hStdError = out;
    }
    return CreateProcessA(NULL, cmd, NULL, NULL, inherit, 0, NULL, NULL, &si, pi);
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
    /* The handle given by value was inherited: it is there, at that value, and takes a write. */
    if (argc > 2 && !strcmp(argv[1], "write-to")) {
        HANDLE h = (HANDLE)(ULONG_PTR)strtoull(argv[2], NULL, 16);
        DWORD written;
        return WriteFile(h, "inherited", 9, &written, NULL) && written == 9 ? 5 : 6;
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
    ok(GetPriorityClass(pi.hProcess) == NORMAL_PRIORITY_CLASS, "its priority class: %#lx",
       GetPriorityClass(pi.hProcess));
    {
        char image[MAX_PATH], mine[MAX_PATH];
        DWORD size = sizeof(image), my_size = sizeof(mine);
        ok(QueryFullProcessImageNameA(pi.hProcess, 0, image, &size) &&
               QueryFullProcessImageNameA(GetCurrentProcess(), 0, mine, &my_size) && !strcmp(image, mine),
           "its image is this program: '%s'", image);
    }
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);

    /* Handles by value: inherited when inheritable, not when not; with a handle list, only those listed. */
    for (int round = 0; round < 3; round++) {
        char args[64];
        HANDLE other_r, other_w;
        ok(CreatePipe(&r, &w, &sa, 0) && CreatePipe(&other_r, &other_w, &sa, 0), "CreatePipe: %lu", GetLastError());
        SetHandleInformation(r, HANDLE_FLAG_INHERIT, 0);
        if (round == 1)
            SetHandleInformation(w, HANDLE_FLAG_INHERIT, 0);
        snprintf(args, sizeof(args), "write-to %llx", (unsigned long long)(ULONG_PTR)w);
        if (round < 2) {
            ok(Start(argv[0], args, NULL, &pi), "CreateProcess: %lu", GetLastError());
        } else {
            /* Listed: w, not other_w, though both are inheritable. */
            STARTUPINFOEXA six = {.StartupInfo.cb = sizeof(six)};
            SIZE_T size = 0;
            char cmd[MAX_PATH * 2];
            InitializeProcThreadAttributeList(NULL, 1, 0, &size);
            six.lpAttributeList = HeapAlloc(GetProcessHeap(), 0, size);
            ok(InitializeProcThreadAttributeList(six.lpAttributeList, 1, 0, &size) &&
                   UpdateProcThreadAttribute(six.lpAttributeList, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, &w, sizeof(w),
                                             NULL, NULL),
               "a handle list: %lu", GetLastError());
            snprintf(cmd, sizeof(cmd), "\"%s\" %s", argv[0], args);
            ok(CreateProcessA(NULL, cmd, NULL, NULL, TRUE, EXTENDED_STARTUPINFO_PRESENT, NULL, NULL,
                              &six.StartupInfo, &pi),
               "CreateProcess with a handle list: %lu", GetLastError());
            DeleteProcThreadAttributeList(six.lpAttributeList);
            HeapFree(GetProcessHeap(), 0, six.lpAttributeList);
        }
        CloseHandle(w);
        ok(WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0, "the writer ends");
        ok(GetExitCodeProcess(pi.hProcess, &code) && code == (round == 1 ? 6 : 5),
           "round %d: the child %s the handle (exit code %lu)", round, round == 1 ? "lacks" : "has", code);
        total = 0;
        if (round != 1)
            while (total < sizeof(text) - 1 && ReadFile(r, text + total, sizeof(text) - 1 - total, &got, NULL) && got)
                total += got;
        text[total] = 0;
        ok(round == 1 || !strcmp(text, "inherited"), "round %d: what came through the pipe: '%s'", round, text);
        CloseHandle(pi.hThread);
        CloseHandle(pi.hProcess);
        CloseHandle(r);
        CloseHandle(other_r);
        CloseHandle(other_w);
    }

    /* One that would run for a minute, ended from here. */
    ok(Start(argv[0], "sleep", NULL, &pi), "CreateProcess: %lu", GetLastError());
    ok(WaitForSingleObject(pi.hProcess, 200) == WAIT_TIMEOUT, "the sleeper runs");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == STILL_ACTIVE, "still active: %lu", code);
    {
        /* Its loader's list, read from its memory (psapi's way). */
        char module[MAX_PATH] = "";
        DWORD n = GetModuleFileNameExA(pi.hProcess, NULL, module, sizeof(module));
        ok(n && strstr(module, "process.exe"), "its main module: '%s' (%lu)", module, GetLastError());
    }
    {
        /* Memory of its own that this process gives it, writes, reads back, protects and takes away. */
        MEMORY_BASIC_INFORMATION mbi;
        char back[8] = "";
        SIZE_T done = 0;
        DWORD old = 0;
        char *remote = VirtualAllocEx(pi.hProcess, NULL, 0x2000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
        ok(remote != NULL, "VirtualAllocEx: %lu", GetLastError());
        ok(WriteProcessMemory(pi.hProcess, remote, "remote", 7, &done) && done == 7, "WriteProcessMemory: %lu",
           GetLastError());
        ok(ReadProcessMemory(pi.hProcess, remote, back, 7, &done) && !strcmp(back, "remote"), "read back: '%s'", back);
        ok(VirtualProtectEx(pi.hProcess, remote, 0x1000, PAGE_READONLY, &old) && old == PAGE_READWRITE,
           "VirtualProtectEx: %lu, was %#lx", GetLastError(), old);
        ok(VirtualQueryEx(pi.hProcess, remote, &mbi, sizeof(mbi)) == sizeof(mbi) && mbi.Protect == PAGE_READONLY &&
               mbi.State == MEM_COMMIT && mbi.RegionSize == 0x1000,
           "VirtualQueryEx: %#lx %#lx", mbi.Protect, mbi.State);
        ok(VirtualFreeEx(pi.hProcess, remote, 0, MEM_RELEASE), "VirtualFreeEx: %lu", GetLastError());
        ok(VirtualQueryEx(pi.hProcess, remote, &mbi, sizeof(mbi)) == sizeof(mbi) && mbi.State == MEM_FREE,
           "freed: %#lx", mbi.State);
        SetLastError(0xdeadbeef);
        ok(!VirtualFreeEx(pi.hProcess, remote, 0, MEM_RELEASE) && GetLastError() == ERROR_INVALID_ADDRESS,
           "freed twice: %lu", GetLastError());
    }
    {
        /* Its memory counters, as a process watcher reads them. */
        PROCESS_MEMORY_COUNTERS counters = {.cb = sizeof(counters)};
        DWORD handles = 0;
        ok(GetProcessMemoryInfo(pi.hProcess, &counters, sizeof(counters)) && counters.WorkingSetSize &&
               counters.PeakWorkingSetSize >= counters.WorkingSetSize,
           "GetProcessMemoryInfo: %lu, working set %lu", GetLastError(), (unsigned long)counters.WorkingSetSize);
        ok(GetProcessHandleCount(pi.hProcess, &handles) && handles, "GetProcessHandleCount: %lu", handles);
    }
    ok(TerminateProcess(pi.hProcess, 9), "TerminateProcess: %lu", GetLastError());
    ok(WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0, "the sleeper ends");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == 9, "with TerminateProcess's code: %lu", code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);

    /* This process's priority class, as set. */
    ok(GetPriorityClass(GetCurrentProcess()) == NORMAL_PRIORITY_CLASS, "the priority class: %#lx",
       GetPriorityClass(GetCurrentProcess()));
    ok(SetPriorityClass(GetCurrentProcess(), BELOW_NORMAL_PRIORITY_CLASS) &&
           GetPriorityClass(GetCurrentProcess()) == BELOW_NORMAL_PRIORITY_CLASS,
       "below normal: %#lx", GetPriorityClass(GetCurrentProcess()));
    ok(SetPriorityClass(GetCurrentProcess(), NORMAL_PRIORITY_CLASS), "back to normal: %lu", GetLastError());

    /* The C runtime's ways, through cmd.exe (COMSPEC): system() and a pipe from _popen. */
    {
        char line[64] = "";
        FILE *p;
        ok(system("exit 3") == 3, "system's exit code");
        p = _popen("echo piped", "r");
        ok(p && fgets(line, sizeof(line), p) && !strncmp(line, "piped", 5), "_popen's output: '%s'", line);
        ok(p && _pclose(p) == 0, "_pclose");
    }

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
