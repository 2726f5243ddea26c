/* Parameters for a new process (both forms), threads and stacks made from user mode. */
#include "lib/nttest.h"

static int Same(const UNICODE_STRING *us, const WCHAR *text)
{
    return us->Length == wcslen(text) * sizeof(WCHAR) && !memcmp(us->Buffer, text, us->Length) &&
           !us->Buffer[us->Length / sizeof(WCHAR)];
}

static void TestParameters(void)
{
    UNICODE_STRING image, cwd, cmd;
    RTL_USER_PROCESS_PARAMETERS *pp = NULL;

    RtlInitUnicodeString(&image, L"C:\\x\\app.exe");
    RtlInitUnicodeString(&cwd, L"C:\\windows");
    RtlInitUnicodeString(&cmd, L"app.exe -v");
    ok_status(RtlCreateProcessParametersEx(&pp, &image, NULL, &cwd, &cmd, NULL, NULL, NULL, NULL, NULL,
                                           RTL_USER_PROC_PARAMS_NORMALIZED), STATUS_SUCCESS);
    ok(pp && pp->Flags & RTL_USER_PROC_PARAMS_NORMALIZED && Same(&pp->ImagePathName, L"C:\\x\\app.exe") &&
       Same(&pp->CommandLine, L"app.exe -v") && Same(&pp->CurrentDirectory.DosPath, L"C:\\windows\\") &&
       pp->CurrentDirectory.DosPath.MaximumLength == 520 && pp->WindowTitle.Length == 0,
       "the strings, the directory with its backslash and MAX_PATH of room");
    /* The block ends aligned, and EnvironmentSize reaches its end, as Windows lays it out. */
    ok(pp->Environment && pp->Environment != TestPeb()->ProcessParameters->Environment &&
           pp->EnvironmentSize == ((TestPeb()->ProcessParameters->EnvironmentSize + 7) & ~(SIZE_T)7) &&
           !memcmp(pp->Environment, TestPeb()->ProcessParameters->Environment,
                   TestPeb()->ProcessParameters->EnvironmentSize),
       "a copy of this process's environment");
    ok((char *)pp->CommandLine.Buffer > (char *)pp && (char *)pp->CommandLine.Buffer < (char *)pp + pp->Length,
       "one block");
    ok(!pp->RuntimeInfo.Buffer && !pp->RuntimeInfo.MaximumLength && pp->ShellInfo.MaximumLength == 2,
       "no runtime data given: none, where the other strings are empty");
    RtlDestroyProcessParameters(pp);
    /* A process's own parameters have their strings one after the other, unaligned, as Windows has them. */
    pp = TestPeb()->ProcessParameters;
    ok((char *)pp->ImagePathName.Buffer + pp->ImagePathName.MaximumLength == (char *)pp->CommandLine.Buffer &&
           (char *)pp->CommandLine.Buffer + pp->CommandLine.MaximumLength == (char *)pp->WindowTitle.Buffer,
       "the strings of this process's parameters follow each other");
    pp = NULL;

    ok_status(RtlCreateProcessParameters(&pp, &image, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
              STATUS_SUCCESS);
    ok(!(pp->Flags & RTL_USER_PROC_PARAMS_NORMALIZED) && (ULONG_PTR)pp->ImagePathName.Buffer < pp->Length,
       "denormalized: offsets");
    ok(RtlSizeHeap(TestPeb()->ProcessHeap, 0, pp) >= pp->Length && pp->MaximumLength == pp->Length,
       "a block of the process heap, as large as it says");
    ok(RtlNormalizeProcessParams(pp) == pp && pp->Flags & RTL_USER_PROC_PARAMS_NORMALIZED &&
       Same(&pp->ImagePathName, L"C:\\x\\app.exe") && Same(&pp->CommandLine, L"C:\\x\\app.exe"),
       "normalized: pointers, and the command line defaults to the image");
    RtlNormalizeProcessParams(pp);
    ok(Same(&pp->ImagePathName, L"C:\\x\\app.exe"), "normalizing twice changes nothing");
    RtlDeNormalizeProcessParams(pp);
    ok((ULONG_PTR)pp->ImagePathName.Buffer < pp->Length, "and back to offsets");
    RtlDestroyProcessParameters(pp);
    ok_status(RtlCreateProcessParametersEx(&pp, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0),
              STATUS_INVALID_PARAMETER);
}

static ULONG NTAPI ThreadMain(PVOID arg)
{
    return (ULONG)(ULONG_PTR)arg + 1;
}

static HANDLE SeenIds[64];

static ULONG NTAPI RecordId(PVOID slot)
{
    SeenIds[(ULONG_PTR)slot] = NtCurrentTeb()->ClientId.UniqueThread;
    return 0;
}

/* The id a creator is given is the one the thread finds in its TEB, however soon the thread ends: its creator
 * learns it without waiting for the thread to run. */
static void TestClientIds(void)
{
    HANDLE threads[64];
    CLIENT_ID cids[64] = {{0}};
    ULONG same = 0, distinct = 1;

    for (ULONG_PTR i = 0; i < 64; i++)
        ok_status(RtlCreateUserThread(NtCurrentProcess(), NULL, FALSE, 0, 0, 0, RecordId, (PVOID)i, &threads[i],
                                      &cids[i]),
                  STATUS_SUCCESS);
    for (int i = 0; i < 64; i++) {
        NtWaitForSingleObject(threads[i], FALSE, NULL);
        NtClose(threads[i]);
        same += SeenIds[i] == cids[i].UniqueThread;
        for (int k = 0; k < i; k++)
            distinct &= cids[k].UniqueThread != cids[i].UniqueThread;
    }
    ok(same == 64 && distinct, "%u of 64 ids as the threads saw them, all different: %u", same, distinct);
}

static void TestThreadsAndStacks(void)
{
    HANDLE thread;
    CLIENT_ID cid = {0};
    THREAD_BASIC_INFORMATION info;
    INITIAL_TEB stack;
    MEMORY_BASIC_INFORMATION mbi;

    ok_status(RtlCreateUserThread(NtCurrentProcess(), NULL, FALSE, 0, 0, 0, ThreadMain, (PVOID)41, &thread, &cid),
              STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(thread, FALSE, NULL), STATUS_SUCCESS);
    ok_status(NtQueryInformationThread(thread, ThreadBasicInformation, &info, sizeof(info), NULL), STATUS_SUCCESS);
    ok(info.ExitStatus == 42 && cid.UniqueThread && cid.UniqueThread == info.ClientId.UniqueThread,
       "the thread ran, its client id given back");
    NtClose(thread);
    ok_status(RtlCreateUserThread((HANDLE)0x1230, NULL, FALSE, 0, 0, 0, ThreadMain, NULL, &thread, &cid),
              STATUS_INVALID_HANDLE);

    ok_status(RtlCreateUserStack(0x2000, 0x100000, 0, 0x1000, 0x10000, &stack), STATUS_SUCCESS);
    ok((char *)stack.StackBase - (char *)stack.StackLimit == 0x2000 &&
       (char *)stack.StackBase - (char *)stack.StackAllocationBase == 0x100000, "its bounds");
    ((volatile char *)stack.StackLimit)[0] = 1;
    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), (char *)stack.StackLimit - 1, MemoryBasicInformation, &mbi,
                                   sizeof(mbi), NULL), STATUS_SUCCESS);
    ok(mbi.Protect == (PAGE_READWRITE | PAGE_GUARD) && mbi.RegionSize == 0x1000, "a guard page below");
    RtlFreeUserStack(stack.StackAllocationBase);
    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), stack.StackLimit, MemoryBasicInformation, &mbi, sizeof(mbi),
                                   NULL), STATUS_SUCCESS);
    ok(mbi.State == MEM_FREE, "freed");
    ok_status(RtlCreateUserStack(0, 0, 0, 0x1001, 0x10000, &stack), STATUS_INVALID_PARAMETER);
}

void RunTests(void)
{
    TestParameters();
    TestThreadsAndStacks();
    TestClientIds();
}
