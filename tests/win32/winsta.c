/* Window stations and desktops through user32 (win32u's stubs reaching win32k's services): the process's WinSta0
 * and its desktop Default, their names and types, the handles the system keeps open, creating and opening
 * desktops and window stations, each thread's desktop, and the errors Windows gives for bad names and handles. */
#include <windows.h>
#include <string.h>
#include "wintest.h"

static HDESK initial_desktop;

/* What a call returned and the last error it left, the error cleared first. */
#define CALL(result, expr)                                                                                          \
    do {                                                                                                            \
        SetLastError(0xdeadbeef);                                                                                   \
        (result) = (expr);                                                                                          \
    } while (0)

static void CheckName(HANDLE object, int index, const WCHAR *expected)
{
    WCHAR text[64] = L"";
    DWORD needed = 0;

    ok(GetUserObjectInformationW(object, index, text, sizeof(text), &needed), "GetUserObjectInformation(%d): %lu",
       index, GetLastError());
    ok(!wcscmp(text, expected), "information %d of %p is %ls, not %ls", index, object, text, expected);
    ok(needed == (wcslen(expected) + 1) * sizeof(WCHAR), "%lu bytes needed for %ls", needed, expected);
}

static DWORD WINAPI OtherThread(void *arg)
{
    HDESK mine;
    BOOL done;

    (void)arg;
    ok(GetThreadDesktop(GetCurrentThreadId()) == initial_desktop, "a new thread starts on the process's desktop");
    CALL(done, CloseHandle(initial_desktop));
    ok(!done && GetLastError() == ERROR_INVALID_HANDLE, "the desktop a thread is on cannot be closed: %lu",
       GetLastError());
    mine = CreateDesktopA("thread's own", NULL, NULL, 0, DESKTOP_READOBJECTS | DESKTOP_CREATEWINDOW, NULL);
    ok(mine != NULL, "CreateDesktop: %lu", GetLastError());
    ok(SetThreadDesktop(mine), "SetThreadDesktop: %lu", GetLastError());
    ok(GetThreadDesktop(GetCurrentThreadId()) == mine, "a thread's desktop is the one it set");
    CALL(done, CloseDesktop(mine));
    ok(!done && GetLastError() == ERROR_BUSY, "a thread's own desktop cannot be closed: %lu", GetLastError());
    return (DWORD)(ULONG_PTR)mine;
}

int main(void)
{
    HWINSTA station, other;
    HDESK desktop, made, again;
    USEROBJECTFLAGS flags;
    HANDLE thread, copy;
    DWORD needed, code;
    WCHAR small[3];
    BOOL done;

    /* The process is on WinSta0, visible, and its threads on Default; the same handles every time. */
    station = GetProcessWindowStation();
    ok(station != NULL, "GetProcessWindowStation: %lu", GetLastError());
    ok(GetProcessWindowStation() == station, "the process's window station is one handle");
    CheckName(station, UOI_NAME, L"WinSta0");
    CheckName(station, UOI_TYPE, L"WindowStation");
    ok(GetUserObjectInformationW(station, UOI_FLAGS, &flags, sizeof(flags), &needed) && flags.dwFlags == WSF_VISIBLE &&
           !flags.fInherit && needed == sizeof(flags),
       "WinSta0 is visible: flags %lx, inherit %d, %lu bytes", flags.dwFlags, flags.fInherit, needed);
    initial_desktop = desktop = GetThreadDesktop(GetCurrentThreadId());
    ok(desktop != NULL && desktop != (HDESK)station, "GetThreadDesktop: %p, %lu", desktop, GetLastError());
    ok(GetThreadDesktop(GetCurrentThreadId()) == desktop, "a thread's desktop is one handle");
    CheckName(desktop, UOI_NAME, L"Default");
    CheckName(desktop, UOI_TYPE, L"Desktop");

    /* A buffer too small: nothing written, the size needed told. */
    CALL(done, GetUserObjectInformationW(desktop, UOI_NAME, small, sizeof(small), &needed));
    ok(!done && GetLastError() == ERROR_INSUFFICIENT_BUFFER && needed == sizeof(L"Default"),
       "a short buffer: %d, %lu, %lu bytes needed", done, GetLastError(), needed);
    CALL(done, GetUserObjectInformationW(desktop, 99, small, sizeof(small), &needed));
    ok(!done && GetLastError() == ERROR_INVALID_PARAMETER, "an unknown class: %lu", GetLastError());
    CALL(done, GetUserObjectInformationW(GetCurrentProcess(), UOI_NAME, small, sizeof(small), &needed));
    ok(!done && GetLastError() == ERROR_INVALID_HANDLE, "a process is no user object: %lu", GetLastError());
    CALL(done, GetUserObjectInformationW((HANDLE)0xdead0, UOI_NAME, small, sizeof(small), &needed));
    ok(!done && GetLastError() == ERROR_INVALID_HANDLE, "a handle that is none: %lu", GetLastError());

    /* The handles the system keeps cannot be closed; copies of them can. */
    CALL(done, CloseHandle(station));
    ok(!done && GetLastError() == ERROR_INVALID_HANDLE, "CloseHandle on the process's window station: %lu",
       GetLastError());
    CALL(done, CloseWindowStation(station));
    ok(!done, "CloseWindowStation on the process's window station");
    CALL(done, CloseDesktop(desktop));
    ok(!done && GetLastError() == ERROR_BUSY, "CloseDesktop on the thread's desktop: %lu", GetLastError());
    CALL(done, CloseHandle(desktop));
    ok(!done && GetLastError() == ERROR_INVALID_HANDLE, "CloseHandle on the thread's desktop: %lu", GetLastError());
    ok(DuplicateHandle(GetCurrentProcess(), desktop, GetCurrentProcess(), &copy, 0, FALSE, DUPLICATE_SAME_ACCESS),
       "DuplicateHandle: %lu", GetLastError());
    ok(CloseDesktop((HDESK)copy), "a copy closes: %lu", GetLastError());
    CALL(done, CloseDesktop((HDESK)station));
    ok(!done && GetLastError() == ERROR_INVALID_HANDLE, "CloseDesktop on a window station: %lu", GetLastError());
    CALL(done, CloseWindowStation((HWINSTA)desktop));
    ok(!done && GetLastError() == ERROR_INVALID_HANDLE, "CloseWindowStation on a desktop: %lu", GetLastError());

    /* Desktops by name, in the process's window station: made once, then opened, whatever the case. */
    made = CreateDesktopA("foobar", NULL, NULL, 0, GENERIC_ALL, NULL);
    ok(made != NULL, "CreateDesktop: %lu", GetLastError());
    CheckName(made, UOI_NAME, L"foobar");
    CALL(again, CreateDesktopA("foobar", NULL, NULL, 0, GENERIC_ALL, NULL));
    ok(again && again != made && GetLastError() == 0xdeadbeef, "the name again opens it: %p, %lu", again,
       GetLastError());
    ok(CloseDesktop(again), "CloseDesktop: %lu", GetLastError());
    again = OpenDesktopA("FOOBAR", 0, FALSE, DESKTOP_READOBJECTS);
    ok(again != NULL, "OpenDesktop in another case: %lu", GetLastError());
    CheckName(again, UOI_NAME, L"foobar");
    ok(CloseDesktop(again), "CloseDesktop: %lu", GetLastError());
    CALL(again, OpenDesktopA("dummy name", 0, FALSE, DESKTOP_READOBJECTS));
    ok(!again && GetLastError() == ERROR_FILE_NOT_FOUND, "no such desktop: %lu", GetLastError());
    CALL(again, OpenDesktopA("", 0, FALSE, DESKTOP_READOBJECTS));
    ok(!again && GetLastError() == ERROR_INVALID_HANDLE, "an empty desktop name: %lu", GetLastError());
    CALL(again, CreateDesktopA("", NULL, NULL, 0, GENERIC_ALL, NULL));
    ok(!again && GetLastError() == ERROR_INVALID_HANDLE, "an empty desktop name made: %lu", GetLastError());
    CALL(again, CreateDesktopA("foo\\bar", NULL, NULL, 0, GENERIC_ALL, NULL));
    ok(!again && GetLastError() == ERROR_BAD_PATHNAME, "a desktop name with a backslash: %lu", GetLastError());
    CALL(again, OpenDesktopA("foo\\bar", 0, FALSE, DESKTOP_READOBJECTS));
    ok(!again && GetLastError() == ERROR_BAD_PATHNAME, "opened with a backslash: %lu", GetLastError());
    {
        char name[300];
        memset(name, 'a', sizeof(name) - 1);
        name[sizeof(name) - 1] = 0;
        CALL(again, OpenDesktopA(name, 0, FALSE, DESKTOP_READOBJECTS));
        ok(!again && GetLastError() == ERROR_FILENAME_EXCED_RANGE, "a name past MAX_PATH: %lu", GetLastError());
    }

    /* The input desktop is the visible window station's. */
    again = OpenInputDesktop(0, FALSE, DESKTOP_READOBJECTS);
    ok(again != NULL, "OpenInputDesktop: %lu", GetLastError());
    CheckName(again, UOI_NAME, L"Default");
    ok(CloseDesktop(again), "CloseDesktop: %lu", GetLastError());

    /* Each thread has its desktop; one set is kept until another is. */
    thread = CreateThread(NULL, 0, OtherThread, NULL, 0, NULL);
    ok(WaitForSingleObject(thread, 10000) == WAIT_OBJECT_0 && GetExitCodeThread(thread, &code),
       "the other thread ends");
    CloseHandle(thread);
    ok(CloseDesktop((HDESK)(ULONG_PTR)code), "a desktop no thread is on closes: %lu", GetLastError());
    ok(SetThreadDesktop(made), "SetThreadDesktop: %lu", GetLastError());
    ok(GetThreadDesktop(GetCurrentThreadId()) == made, "the desktop set is the thread's");
    ok(SetThreadDesktop(desktop), "SetThreadDesktop back: %lu", GetLastError());
    ok(CloseDesktop(made), "the desktop left closes: %lu", GetLastError());
    CALL(done, SetThreadDesktop((HDESK)station));
    ok(!done && GetLastError() == ERROR_INVALID_HANDLE, "SetThreadDesktop with a window station: %lu",
       GetLastError());
    CALL(again, GetThreadDesktop(0));
    ok(!again && GetLastError() == ERROR_INVALID_PARAMETER, "GetThreadDesktop of no thread: %lu", GetLastError());

    /* Window stations by name in the session's directory. */
    other = OpenWindowStationA("winsta0", FALSE, WINSTA_ENUMDESKTOPS);
    ok(other != NULL && other != station, "OpenWindowStation: %p, %lu", other, GetLastError());
    ok(CloseWindowStation(other), "CloseWindowStation: %lu", GetLastError());
    CALL(other, OpenWindowStationA("dummy name", FALSE, WINSTA_ENUMDESKTOPS));
    ok(!other && GetLastError() == ERROR_FILE_NOT_FOUND, "no such window station: %lu", GetLastError());
    CALL(other, CreateWindowStationA("foo\\bar", 0, WINSTA_ALL_ACCESS, NULL));
    ok(!other && GetLastError() == ERROR_PATH_NOT_FOUND, "a window station in no directory: %lu", GetLastError());
    other = CreateWindowStationA("foobar", 0, WINSTA_ALL_ACCESS, NULL);
    ok(other != NULL, "CreateWindowStation: %lu", GetLastError());
    CheckName(other, UOI_NAME, L"foobar");
    ok(GetUserObjectInformationW(other, UOI_FLAGS, &flags, sizeof(flags), &needed) && !flags.dwFlags,
       "a window station made is not visible: %lx", flags.dwFlags);
    flags.dwFlags = WSF_VISIBLE;
    flags.fInherit = TRUE;
    ok(SetUserObjectInformationW(other, UOI_FLAGS, &flags, sizeof(flags)), "SetUserObjectInformation: %lu",
       GetLastError());
    ok(GetHandleInformation(other, &code) && code & HANDLE_FLAG_INHERIT, "the handle is inheritable now");
    memset(&flags, 0, sizeof(flags));
    ok(GetUserObjectInformationW(other, UOI_FLAGS, &flags, sizeof(flags), &needed) && flags.dwFlags == WSF_VISIBLE &&
           flags.fInherit,
       "flags kept: %lx, inherit %d", flags.dwFlags, flags.fInherit);
    CALL(done, SetUserObjectInformationW(other, UOI_NAME, &flags, sizeof(flags)));
    ok(!done && GetLastError() == ERROR_INVALID_PARAMETER, "only the flags are set: %lu", GetLastError());
    ok(CloseWindowStation(other), "CloseWindowStation: %lu", GetLastError());

    /* One given no name is named after the logon session, as the token tells it. */
    {
        TOKEN_STATISTICS statistics;
        char expected[64], name[64] = "";
        HWINSTA again;
        ok(GetTokenInformation(GetCurrentProcessToken(), TokenStatistics, &statistics, sizeof(statistics), &needed),
           "GetTokenInformation: %lu", GetLastError());
        snprintf(expected, sizeof(expected), "Service-0x%lx-%lx$", statistics.AuthenticationId.HighPart,
                 statistics.AuthenticationId.LowPart);
        other = CreateWindowStationA(NULL, 0, WINSTA_ALL_ACCESS, NULL);
        ok(other != NULL, "CreateWindowStation with no name: %lu", GetLastError());
        ok(GetUserObjectInformationA(other, UOI_NAME, name, sizeof(name), &needed) && !strcmp(name, expected),
           "named %s, not %s", name, expected);
        again = OpenWindowStationA("", FALSE, WINSTA_ENUMDESKTOPS);
        ok(again != NULL, "the empty name opens it: %lu", GetLastError());
        ok(CloseWindowStation(again) && CloseWindowStation(other), "closed: %lu", GetLastError());
    }
    return wintest_summary();
}
