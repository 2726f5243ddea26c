/* NtQueryInformationThread, NtSetInformationThread, NtOpenThread, NtOpenProcess, NtGetNextThread and the current
 * processor. */
#include "lib/nttest.h"

static HANDLE Go;

static ULONG NTAPI Sleeper(PVOID arg)
{
    NtWaitForSingleObject(Go, FALSE, NULL);
    return 0;
}

static int ActiveProcessors(void)
{
    return (int)TestPeb()->NumberOfProcessors;
}

/* A native thread has no 32-bit context; the information class is not one the personality answers yet. */
static void TestWow64Context(void)
{
    WOW64_CONTEXT context = {.ContextFlags = WOW64_CONTEXT_i386 | 1};
    ok_status(RtlWow64GetThreadContext(NtCurrentThread(), &context), STATUS_NOT_IMPLEMENTED);
    ok_status(RtlWow64SetThreadContext(NtCurrentThread(), &context), STATUS_NOT_IMPLEMENTED);
}

static ULONG NTAPI Quick(PVOID arg)
{
    return 0;
}

static HANDLE IdOf(HANDLE thread)
{
    THREAD_BASIC_INFORMATION basic = {0};
    NtQueryInformationThread(thread, ThreadBasicInformation, &basic, sizeof(basic), NULL);
    return basic.ClientId.UniqueThread;
}

/* The threads one after another from the first, an ended one a handle holds among them; or from the newest. */
static void TestGetNextThread(void)
{
    HANDLE ended = TestCreateThread(Quick, NULL, 0), h = NULL, prev = NULL, first = NULL, ended_id;
    PVOID start;
    int seen = 0, found = 0;
    NTSTATUS status;

    ok_status(NtWaitForSingleObject(ended, FALSE, NULL), STATUS_WAIT_0);
    ended_id = IdOf(ended);
    ok_status(NtGetNextThread(NtCurrentProcess(), NULL, THREAD_QUERY_LIMITED_INFORMATION, 0, 0, NULL),
              STATUS_ACCESS_VIOLATION);
    while (!(status = NtGetNextThread(NtCurrentProcess(), prev, THREAD_QUERY_LIMITED_INFORMATION, 0, 0, &h))) {
        if (!seen++)
            first = IdOf(h);
        found |= IdOf(h) == ended_id;
        if (prev)
            NtClose(prev);
        prev = h;
    }
    ok(status == STATUS_NO_MORE_ENTRIES && h == NULL, "the walk ends: %x %p", status, h);
    ok(first == NtCurrentTeb()->ClientId.UniqueThread, "the first thread first");
    ok(found && seen >= 2, "the ended thread is there while held: %d", seen);
    /* The limited right reads what is not secret, and no more. */
    ok_status(NtQueryInformationThread(prev, ThreadQuerySetWin32StartAddress, &start, sizeof(start), NULL),
              STATUS_ACCESS_DENIED);
    NtClose(prev);

    ok_status(NtGetNextThread(NtCurrentProcess(), NULL, THREAD_QUERY_LIMITED_INFORMATION, 0, 1, &h), STATUS_SUCCESS);
    ok(IdOf(h) == ended_id, "the newest first when asked");
    NtClose(h);
    ok_status(NtGetNextThread(NtCurrentProcess(), NULL, THREAD_QUERY_LIMITED_INFORMATION, 0, 2, &h),
              STATUS_INVALID_PARAMETER);
    h = (HANDLE)0x1234;
    ok_status(NtGetNextThread((HANDLE)0x1238, NULL, THREAD_QUERY_LIMITED_INFORMATION, 0, 0, &h), STATUS_INVALID_HANDLE);
    ok(h == NULL, "the handle is cleared");
    ok_status(NtGetNextThread(NtCurrentProcess(), (HANDLE)0x1238, THREAD_QUERY_LIMITED_INFORMATION, 0, 0, &h),
              STATUS_INVALID_HANDLE);
    NtClose(ended);
}

/* ZeroBits put a new thread's stack low, as NtAllocateVirtualMemory takes them. */
static void TestStackZeroBits(void)
{
    THREAD_BASIC_INFORMATION basic;
    HANDLE thread;

    ok_status(NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), Quick, NULL,
                               THREAD_CREATE_FLAGS_CREATE_SUSPENDED, 4, 0, 0x100000, NULL),
              STATUS_SUCCESS);
    basic.TebBaseAddress = NULL;
    ok_status(NtQueryInformationThread(thread, ThreadBasicInformation, &basic, sizeof(basic), NULL), STATUS_SUCCESS);
    ok(basic.TebBaseAddress && (ULONG_PTR)((PTEB)basic.TebBaseAddress)->NtTib.StackBase <= 0x10000000,
       "the stack below 256 MiB");
    NtResumeThread(thread, NULL);
    NtWaitForSingleObject(thread, FALSE, NULL);
    NtClose(thread);
    ok_status(NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), Quick, NULL, 0, 25, 0, 0, NULL),
              STATUS_INVALID_PARAMETER_3);
    ok_status(NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), Quick, NULL, 0, 16, 0, 0x100000,
                               NULL),
              STATUS_NO_MEMORY); /* 1 MiB does not fit below 64 KiB */
}

/* Classes that are only set, the sizes checked before the handle, the first thread's start address. */
static void TestClassRules(void)
{
    IMAGE_NT_HEADERS64 *nt = RtlImageNtHeader(TestPeb()->ImageBaseAddress);
    ULONG ulong = 0;
    BOOLEAN fixup = TRUE;
    PVOID start = NULL;

    ok_status(NtQueryInformationThread(NtCurrentThread(), ThreadIdealProcessor, &ulong, sizeof(ulong), NULL),
              STATUS_INVALID_INFO_CLASS);
    ok_status(NtQueryInformationThread(NtCurrentThread(), ThreadEnableAlignmentFaultFixup, &ulong, 1, NULL),
              STATUS_INVALID_INFO_CLASS);
    ok_status(NtQueryInformationThread((HANDLE)0xdeadbeef, ThreadHideFromDebugger, &ulong, sizeof(ulong), NULL),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtSetInformationThread(NtCurrentThread(), ThreadEnableAlignmentFaultFixup, &ulong, sizeof(ulong)),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtSetInformationThread((HANDLE)0xdeadbeef, ThreadEnableAlignmentFaultFixup, NULL, 1),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtSetInformationThread((HANDLE)0xdeadbeef, ThreadEnableAlignmentFaultFixup, &fixup, 1),
              STATUS_INVALID_HANDLE);
    ok_status(NtSetInformationThread(NtCurrentThread(), ThreadEnableAlignmentFaultFixup, &fixup, 1), STATUS_SUCCESS);
    ok_status(NtQueryInformationThread(NtCurrentThread(), ThreadQuerySetWin32StartAddress, &start, sizeof(start),
                                       NULL),
              STATUS_SUCCESS);
    ok(start == (char *)TestPeb()->ImageBaseAddress + nt->OptionalHeader.AddressOfEntryPoint,
       "the first thread starts at the image's entry point: %p", start);
    ok_status(NtSetInformationThread(NtCurrentThread(), ThreadQuerySetWin32StartAddress, &start, sizeof(start)),
              STATUS_INVALID_PARAMETER);
}

void RunTests(void)
{
    TestClassRules();
    TestWow64Context();
    TestStackZeroBits();
    TestGetNextThread();
    THREAD_BASIC_INFORMATION basic;
    KERNEL_USER_TIMES times;
    union {
        THREAD_NAME_INFORMATION info;
        char raw[256];
    } name;
    THREAD_NAME_INFORMATION set_name;
    THREAD_TEB_INFORMATION teb_info;
    PROCESSOR_NUMBER number = {7, 7, 7};
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa)};
    ULONG value = 99, len = 0, last_error = 0;
    BOOLEAN hidden = 7;
    PVOID start = NULL;
    LONG priority;
    KAFFINITY all = TestPeb()->ActiveProcessAffinityMask, one = 1;
    LARGE_INTEGER now;
    CLIENT_ID cid;
    HANDLE thread, opened = NULL, process = NULL;

    ok_status(NtQueryInformationThread(NtCurrentThread(), ThreadBasicInformation, &basic, sizeof(basic), &len),
              STATUS_SUCCESS);
    ok(len == sizeof(basic) && basic.TebBaseAddress == NtCurrentTeb() &&
           basic.ClientId.UniqueThread == NtCurrentTeb()->ClientId.UniqueThread && basic.ExitStatus == STATUS_PENDING,
       "basic information of the current thread");
    ok_status(NtQueryInformationThread(NtCurrentThread(), ThreadTimes, &times, sizeof(times), NULL), STATUS_SUCCESS);
    NtQuerySystemTime(&now);
    ok(times.CreateTime.QuadPart && times.CreateTime.QuadPart <= now.QuadPart && times.UserTime.QuadPart >= 0,
       "times: created %ld", (LONG64)times.CreateTime.QuadPart);
    ok_status(NtQueryInformationThread(NtCurrentThread(), ThreadAmILastThread, &value, sizeof(value), NULL),
              STATUS_SUCCESS);
    ok(value == 1, "the only thread is the last");
    ok_status(NtQueryInformationThread(NtCurrentThread(), ThreadHideFromDebugger, &hidden, sizeof(hidden), NULL),
              STATUS_SUCCESS);
    ok(hidden == FALSE, "not hidden");
    ok_status(NtSetInformationThread(NtCurrentThread(), ThreadHideFromDebugger, NULL, 0), STATUS_SUCCESS);
    ok_status(NtSetInformationThread(NtCurrentThread(), ThreadHideFromDebugger, &value, 4), STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQueryInformationThread(NtCurrentThread(), ThreadHideFromDebugger, &hidden, sizeof(hidden), NULL),
              STATUS_SUCCESS);
    ok(hidden == TRUE, "hidden once asked, as Windows answers");
    {
        HANDLE created = TestCreateThread(Sleeper, NULL, THREAD_CREATE_FLAGS_CREATE_SUSPENDED |
                                                            THREAD_CREATE_FLAGS_HIDE_FROM_DEBUGGER);
        hidden = FALSE;
        NtQueryInformationThread(created, ThreadHideFromDebugger, &hidden, sizeof(hidden), NULL);
        ok(hidden == TRUE, "created hidden");
        NtTerminateThread(created, 0);
        NtClose(created);
    }

    /* A piece of the TEB, read through the service. */
    NtCurrentTeb()->LastErrorValue = 1234;
    teb_info.TebInformation = &last_error;
    teb_info.TebOffset = 0x68;
    teb_info.BytesToRead = sizeof(last_error);
    ok_status(NtQueryInformationThread(NtCurrentThread(), ThreadTebInformation, &teb_info, sizeof(teb_info), NULL),
              STATUS_SUCCESS);
    ok(last_error == 1234, "the TEB's last error: %u", (unsigned)last_error);
    teb_info.TebOffset = 0x2000;
    ok_status(NtQueryInformationThread(NtCurrentThread(), ThreadTebInformation, &teb_info, sizeof(teb_info), NULL),
              STATUS_INVALID_PARAMETER);

    set_name.ThreadName.Buffer = (PWSTR)L"worker";
    set_name.ThreadName.Length = set_name.ThreadName.MaximumLength = 12;
    ok_status(NtSetInformationThread(NtCurrentThread(), ThreadNameInformation, &set_name, sizeof(set_name)),
              STATUS_SUCCESS);
    ok_status(NtQueryInformationThread(NtCurrentThread(), ThreadNameInformation, &name, sizeof(name), &len),
              STATUS_SUCCESS);
    ok(len == sizeof(name.info) + 12 && name.info.ThreadName.Length == 12 &&
           TestStrEqualW(name.info.ThreadName.Buffer, "worker", 6),
       "the thread's name");
    ok_status(NtQueryInformationThread(NtCurrentThread(), ThreadNameInformation, &name, 8, &len),
              STATUS_BUFFER_TOO_SMALL);

    priority = 10;
    ok_status(NtSetInformationThread(NtCurrentThread(), ThreadPriority, &priority, sizeof(priority)), STATUS_SUCCESS);
    NtQueryInformationThread(NtCurrentThread(), ThreadBasicInformation, &basic, sizeof(basic), NULL);
    ok(basic.Priority == 10, "priority %d", (int)basic.Priority);
    priority = 0;
    ok_status(NtSetInformationThread(NtCurrentThread(), ThreadPriority, &priority, sizeof(priority)),
              STATUS_INVALID_PARAMETER);

    ok_status(NtSetInformationThread(NtCurrentThread(), ThreadAffinityMask, &one, sizeof(one)), STATUS_SUCCESS);
    ok(NtGetCurrentProcessorNumber() == 0, "bound to processor 0, running on %d", (int)NtGetCurrentProcessorNumber());
    ok_status(NtSetInformationThread(NtCurrentThread(), ThreadAffinityMask, &all, sizeof(all)), STATUS_SUCCESS);
    one = 0;
    ok_status(NtSetInformationThread(NtCurrentThread(), ThreadAffinityMask, &one, sizeof(one)),
              STATUS_INVALID_PARAMETER);
    if (ActiveProcessors() < 64) {
        one = 1ull << ActiveProcessors();
        ok_status(NtSetInformationThread(NtCurrentThread(), ThreadAffinityMask, &one, sizeof(one)),
                  STATUS_INVALID_PARAMETER);
    }
    ok((int)NtGetCurrentProcessorNumber() < ActiveProcessors(), "the current processor exists");
    ok_status(NtGetCurrentProcessorNumberEx(&number), STATUS_SUCCESS);
    ok(number.Group == 0 && number.Number < ActiveProcessors(), "processor number, group 0");

    /* Another thread: its start address, opening it by id, its end. */
    ok_status(NtCreateEvent(&Go, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
    ok_status(NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), Sleeper, NULL, 0, 0, 0, 0, NULL),
              STATUS_SUCCESS);
    ok_status(NtQueryInformationThread(thread, ThreadQuerySetWin32StartAddress, &start, sizeof(start), NULL),
              STATUS_SUCCESS);
    ok(start == (PVOID)Sleeper, "the start address");
    ok_status(NtQueryInformationThread(NtCurrentThread(), ThreadAmILastThread, &value, sizeof(value), NULL),
              STATUS_SUCCESS);
    ok(value == 0, "not the last any more");
    NtQueryInformationThread(thread, ThreadBasicInformation, &basic, sizeof(basic), NULL);
    cid = basic.ClientId;
    ok_status(NtOpenThread(&opened, THREAD_ALL_ACCESS, &oa, &cid), STATUS_SUCCESS);
    ok_status(NtCompareObjects(opened, thread), STATUS_SUCCESS);
    NtClose(opened);
    cid.UniqueThread = (HANDLE)0x7ffffff0;
    ok_status(NtOpenThread(&opened, THREAD_ALL_ACCESS, &oa, &cid), STATUS_INVALID_CID);
    ok_status(NtOpenThread(&opened, THREAD_ALL_ACCESS, &oa, NULL), STATUS_INVALID_PARAMETER_MIX);
    /* The attributes are read without a look, as Windows reads them. */
    ok_status(NtOpenThread(&opened, THREAD_ALL_ACCESS, NULL, &cid), STATUS_ACCESS_VIOLATION);
    /* A running thread's id names no process. */
    ok_status(NtQueryInformationThread(thread, ThreadBasicInformation, &basic, sizeof(basic), NULL), STATUS_SUCCESS);
    cid.UniqueProcess = basic.ClientId.UniqueThread;
    cid.UniqueThread = NULL;
    ok_status(NtOpenProcess(&process, PROCESS_ALL_ACCESS, &oa, &cid), STATUS_INVALID_CID);
    NtSetEvent(Go, NULL);
    ok_status(NtWaitForSingleObject(thread, FALSE, NULL), STATUS_WAIT_0);
    ok_status(NtQueryInformationThread(thread, ThreadIsTerminated, &value, sizeof(value), NULL), STATUS_SUCCESS);
    ok(value == 1, "it ended");
    NtClose(thread);
    NtClose(Go);

    cid.UniqueProcess = NtCurrentTeb()->ClientId.UniqueProcess;
    cid.UniqueThread = NULL;
    ok_status(NtOpenProcess(&process, PROCESS_ALL_ACCESS, &oa, &cid), STATUS_SUCCESS);
    ok_status(NtCompareObjects(process, NtCurrentProcess()), STATUS_SUCCESS);
    NtClose(process);
    ok_status(NtOpenProcess(&process, PROCESS_ALL_ACCESS, NULL, &cid), STATUS_ACCESS_VIOLATION);
    cid.UniqueProcess = (HANDLE)0x7ffffff0;
    ok_status(NtOpenProcess(&process, PROCESS_ALL_ACCESS, &oa, &cid), STATUS_INVALID_CID);
    /* The first thread's id is not its process's (Windows' ids are one space), and opens that thread. */
    ok(NtCurrentTeb()->ClientId.UniqueThread != NtCurrentTeb()->ClientId.UniqueProcess, "the first thread's id %p",
       NtCurrentTeb()->ClientId.UniqueThread);
    cid.UniqueProcess = NtCurrentTeb()->ClientId.UniqueThread;
    ok_status(NtOpenProcess(&process, PROCESS_ALL_ACCESS, &oa, &cid), STATUS_INVALID_CID);
    cid.UniqueProcess = NULL;
    cid.UniqueThread = NtCurrentTeb()->ClientId.UniqueThread;
    ok_status(NtOpenThread(&opened, THREAD_ALL_ACCESS, &oa, &cid), STATUS_SUCCESS);
    ok_status(NtCompareObjects(opened, NtCurrentThread()), STATUS_SUCCESS);
    NtClose(opened);

    /* Ids are multiples of 4, and the low two bits of one asked for are not looked at. */
    ok(!((ULONG_PTR)NtCurrentTeb()->ClientId.UniqueProcess & 3) && !((ULONG_PTR)NtCurrentTeb()->ClientId.UniqueThread & 3),
       "ids in fours: %p, %p", NtCurrentTeb()->ClientId.UniqueProcess, NtCurrentTeb()->ClientId.UniqueThread);
    for (ULONG_PTR low = 1; low < 4; low++) {
        PROCESS_BASIC_INFORMATION pbi;
        cid.UniqueProcess = (HANDLE)((ULONG_PTR)NtCurrentTeb()->ClientId.UniqueProcess + low);
        cid.UniqueThread = NULL;
        ok_status(NtOpenProcess(&process, PROCESS_QUERY_LIMITED_INFORMATION, &oa, &cid), STATUS_SUCCESS);
        ok_status(NtQueryInformationProcess(process, ProcessBasicInformation, &pbi, sizeof(pbi), NULL), STATUS_SUCCESS);
        ok(pbi.UniqueProcessId == (ULONG_PTR)NtCurrentTeb()->ClientId.UniqueProcess, "process %p opened as %p",
           (PVOID)pbi.UniqueProcessId, cid.UniqueProcess);
        NtClose(process);
        cid.UniqueProcess = NULL;
        cid.UniqueThread = (HANDLE)((ULONG_PTR)NtCurrentTeb()->ClientId.UniqueThread + low);
        ok_status(NtOpenThread(&opened, THREAD_QUERY_LIMITED_INFORMATION, &oa, &cid), STATUS_SUCCESS);
        ok_status(NtCompareObjects(opened, NtCurrentThread()), STATUS_SUCCESS);
        NtClose(opened);
    }

    ok_status(NtQueryInformationThread(NtCurrentThread(), 0x7f, &value, sizeof(value), NULL), STATUS_INVALID_INFO_CLASS);
    ok_status(NtQueryInformationThread((HANDLE)0x1234, ThreadBasicInformation, &basic, sizeof(basic), NULL),
              STATUS_INVALID_HANDLE);
    ok_status(NtQueryInformationThread(NtCurrentProcess(), ThreadBasicInformation, &basic, sizeof(basic), NULL),
              STATUS_OBJECT_TYPE_MISMATCH);
}
