/* Keyed events: waiters and releasers meet by key, each side waits for the other, and the rules of keys,
 * handles and rights. */
#include "lib/nttest.h"

#define KEYEDEVENT_WAIT 0x0001
#define KEYEDEVENT_WAKE 0x0002
#define KEYEDEVENT_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | 0x3)

static HANDLE Keyed;

static ULONG NTAPI Partner(PVOID arg)
{
    /* The mirror image of the main thread's sequence: release what it waits for, wait for what it releases. */
    for (ULONG_PTR i = 0; i < 20; i++) {
        NTSTATUS status = i % 2 ? NtWaitForKeyedEvent(Keyed, (PVOID)(i * 2), FALSE, NULL)
                                : NtReleaseKeyedEvent(Keyed, (PVOID)(i * 2), FALSE, NULL);
        if (status)
            return 1;
    }
    return NtReleaseKeyedEvent(Keyed, (PVOID)0x1234, FALSE, NULL) ? 1 : 0;
}

void RunTests(void)
{
    LARGE_INTEGER timeout = {.QuadPart = -10 * 10000}, zero = {.QuadPart = 0};
    HANDLE h, thread;
    THREAD_BASIC_INFORMATION info;

    ok_status(NtCreateKeyedEvent(&Keyed, KEYEDEVENT_ALL_ACCESS | SYNCHRONIZE, NULL, 0), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(Keyed, FALSE, &zero), STATUS_WAIT_0);
    ok_status(NtWaitForKeyedEvent(Keyed, (PVOID)255, FALSE, &timeout), STATUS_INVALID_PARAMETER_1);
    ok_status(NtReleaseKeyedEvent(Keyed, (PVOID)255, FALSE, &timeout), STATUS_INVALID_PARAMETER_1);
    ok_status(NtWaitForKeyedEvent(Keyed, (PVOID)254, FALSE, &timeout), STATUS_TIMEOUT);
    ok_status(NtReleaseKeyedEvent(Keyed, (PVOID)254, FALSE, &timeout), STATUS_TIMEOUT);
    ok_status(NtWaitForKeyedEvent(Keyed, NULL, FALSE, &timeout), STATUS_TIMEOUT);
    ok_status(NtWaitForKeyedEvent(NULL, (PVOID)8, FALSE, &timeout), STATUS_TIMEOUT);
    ok_status(NtReleaseKeyedEvent(NULL, (PVOID)8, FALSE, &timeout), STATUS_TIMEOUT);
    ok_status(NtWaitForKeyedEvent((HANDLE)0xdeadbeef, (PVOID)9, FALSE, &timeout), STATUS_INVALID_PARAMETER_1);
    ok_status(NtWaitForKeyedEvent((HANDLE)0xdeadbeef, (PVOID)8, FALSE, &timeout), STATUS_INVALID_HANDLE);
    ok_status(NtCreateKeyedEvent(&h, KEYEDEVENT_ALL_ACCESS, NULL, 1), STATUS_INVALID_PARAMETER_4);

    ok_status(NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), Partner, NULL, 0, 0, 0, 0, NULL),
              STATUS_SUCCESS);
    for (ULONG_PTR i = 0; i < 20; i++)
        ok_status(i % 2 ? NtReleaseKeyedEvent(Keyed, (PVOID)(i * 2), FALSE, NULL)
                        : NtWaitForKeyedEvent(Keyed, (PVOID)(i * 2), FALSE, NULL),
                  STATUS_SUCCESS);
    ok_status(NtWaitForKeyedEvent(Keyed, (PVOID)0x1234, FALSE, &(LARGE_INTEGER){.QuadPart = -5ll * 10000000}),
              STATUS_SUCCESS);
    ok_status(NtWaitForKeyedEvent(Keyed, (PVOID)0x5678, FALSE, &timeout), STATUS_TIMEOUT);
    ok_status(NtWaitForSingleObject(thread, FALSE, &(LARGE_INTEGER){.QuadPart = -5ll * 10000000}), STATUS_WAIT_0);
    ok_status(NtQueryInformationThread(thread, ThreadBasicInformation, &info, sizeof(info), NULL), STATUS_SUCCESS);
    ok(info.ExitStatus == 0, "the partner met every key");
    NtClose(thread);
    NtClose(Keyed);

    ok_status(NtCreateKeyedEvent(&h, KEYEDEVENT_WAIT, NULL, 0), STATUS_SUCCESS);
    ok_status(NtWaitForKeyedEvent(h, (PVOID)8, FALSE, &timeout), STATUS_TIMEOUT);
    ok_status(NtReleaseKeyedEvent(h, (PVOID)8, FALSE, &timeout), STATUS_ACCESS_DENIED);
    NtClose(h);
    ok_status(NtCreateKeyedEvent(&h, KEYEDEVENT_WAKE, NULL, 0), STATUS_SUCCESS);
    ok_status(NtWaitForKeyedEvent(h, (PVOID)8, FALSE, &timeout), STATUS_ACCESS_DENIED);
    ok_status(NtReleaseKeyedEvent(h, (PVOID)8, FALSE, &timeout), STATUS_TIMEOUT);
    NtClose(h);
    ok_status(NtCreateKeyedEvent(&h, KEYEDEVENT_ALL_ACCESS, NULL, 0), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(h, FALSE, &zero), STATUS_ACCESS_DENIED);
    NtClose(h);
}
