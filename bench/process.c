/* A child process's cost as a Windows program pays it: NtCreateUserProcess of the program the command line's last
 * word names (a DOS path), waited for to its end, and its handles closed. Prints the microseconds per child, or "-"
 * when it could not be started. */
#include "bench.h"

#define ROUNDS 20

static int Round(RTL_USER_PROCESS_PARAMETERS *pp, const UNICODE_STRING *nt)
{
    struct {
        SIZE_T TotalLength;
        PS_ATTRIBUTE Attributes[1];
    } attributes = {sizeof(attributes), {{PS_ATTRIBUTE_IMAGE_NAME, nt->Length, (ULONG_PTR)nt->Buffer, NULL}}};
    PS_CREATE_INFO info = {.Size = sizeof(info)};
    HANDLE process, thread;

    if (NtCreateUserProcess(&process, &thread, PROCESS_ALL_ACCESS, THREAD_ALL_ACCESS, NULL, NULL, 0, 0, pp, &info,
                            (PS_ATTRIBUTE_LIST *)&attributes))
        return 0;
    NtWaitForSingleObject(process, FALSE, NULL);
    NtClose(thread);
    NtClose(process);
    return 1;
}

ULONG NTAPI Start(PPEB peb)
{
    const UNICODE_STRING *line = &peb->ProcessParameters->CommandLine;
    USHORT n = line->Length / sizeof(WCHAR), from = n;
    WCHAR dos_text[600], nt_text[610];
    UNICODE_STRING dos, nt;
    RTL_USER_PROCESS_PARAMETERS *pp;
    char text[64];
    int len;
    LONG64 t0;

    while (from && line->Buffer[from - 1] != ' ')
        from--;
    if (!from || n - from >= 590) {
        BenchWrite(peb, "-\n", 2);
        return 1;
    }
    memcpy(dos_text, line->Buffer + from, (n - from) * sizeof(WCHAR));
    dos_text[n - from] = 0;
    memcpy(nt_text, L"\\??\\", 4 * sizeof(WCHAR));
    memcpy(nt_text + 4, dos_text, (n - from + 1) * sizeof(WCHAR));
    RtlInitUnicodeString(&dos, dos_text);
    RtlInitUnicodeString(&nt, nt_text);
    if (RtlCreateProcessParametersEx(&pp, &dos, NULL, NULL, &dos, NULL, NULL, NULL, NULL, NULL,
                                     RTL_USER_PROC_PARAMS_NORMALIZED) ||
        !Round(pp, &nt)) {
        BenchWrite(peb, "-\n", 2);
        return 1;
    }
    t0 = BenchNow();
    for (int i = 0; i < ROUNDS; i++)
        Round(pp, &nt);
    len = BenchPut(text, BenchNow() - t0, ROUNDS, BENCH_US, 1);
    text[len++] = '\n';
    BenchWrite(peb, text, len);
    return 0;
}
