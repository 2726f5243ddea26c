/* The first thread ends while a second one still runs: the process lives on, and its exit status is the
 * status of its last thread (9), as on Windows. */
#include "nt/services.h"

static ULONG NTAPI Later(PVOID arg)
{
    static const char text[] = "the second thread outlived the first\n";
    LARGE_INTEGER delay = {.QuadPart = -50 * 10000};
    IO_STATUS_BLOCK iosb;

    NtDelayExecution(FALSE, &delay);
    NtWriteFile(((PPEB)arg)->ProcessParameters->StandardOutput, NULL, NULL, NULL, &iosb, (PVOID)text,
                sizeof(text) - 1, NULL, NULL);
    return 9;
}

ULONG NTAPI Start(PPEB peb)
{
    HANDLE thread;
    if (NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), Later, peb, 0, 0, 0, 0, NULL))
        return 1;
    NtTerminateThread(NtCurrentThread(), 3);
    return 2;
}
