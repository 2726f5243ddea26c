/* \Device\CNG's random bytes (IOCTL_KSEC_RNG), which bcryptprimitives' ProcessPrng draws on: two draws differ,
 * large ones are whole, a bad buffer is refused; and the DLL itself. */
#include "lib/nttest.h"

static NTSTATUS Draw(HANDLE cng, void *buffer, ULONG length, ULONG *got)
{
    IO_STATUS_BLOCK iosb = {.Information = 0};
    NTSTATUS status = NtDeviceIoControlFile(cng, NULL, NULL, NULL, &iosb, IOCTL_KSEC_RNG, NULL, 0, buffer, length);
    *got = (ULONG)iosb.Information;
    return status;
}

static int AllZero(const BYTE *p, ULONG n)
{
    for (ULONG i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

void RunTests(void)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name};
    IO_STATUS_BLOCK iosb;
    static BYTE a[64], b[64], big[100000];
    HANDLE cng;
    ULONG got;

    RtlInitUnicodeString(&name, L"\\Device\\CNG");
    ok_status(NtOpenFile(&cng, SYNCHRONIZE | FILE_READ_DATA, &oa, &iosb, FILE_SHARE_READ | FILE_SHARE_WRITE,
                         FILE_SYNCHRONOUS_IO_NONALERT), STATUS_SUCCESS);
    ok_status(Draw(cng, a, sizeof(a), &got), STATUS_SUCCESS);
    ok(got == sizeof(a) && !AllZero(a, sizeof(a)), "64 random bytes: %u", got);
    ok_status(Draw(cng, b, sizeof(b), &got), STATUS_SUCCESS);
    ok(memcmp(a, b, sizeof(a)), "a second draw differs");
    ok_status(Draw(cng, big, sizeof(big), &got), STATUS_SUCCESS);
    ok(got == sizeof(big) && !AllZero(big + sizeof(big) - 64, 64), "a large draw, whole: %u", got);
    ok_status(Draw(cng, (PVOID)8, 64, &got), STATUS_ACCESS_VIOLATION);
    ok_status(NtDeviceIoControlFile(cng, NULL, NULL, NULL, &iosb, CTL_CODE(FILE_DEVICE_KSEC, 2, METHOD_BUFFERED, 0),
                                    NULL, 0, a, sizeof(a)), STATUS_NOT_IMPLEMENTED);
    NtClose(cng);

    /* The DLL, as Go's and Rust's runtimes find it. */
    UNICODE_STRING dll;
    ANSI_STRING routine = {11, 12, (PCHAR) "ProcessPrng"};
    PVOID module = NULL, address = NULL;
    RtlInitUnicodeString(&dll, L"bcryptprimitives.dll");
    ok_status(LdrLoadDll(NULL, NULL, &dll, &module), STATUS_SUCCESS);
    ok_status(LdrGetProcedureAddress(module, &routine, 0, &address), STATUS_SUCCESS);
    if (address) {
        LOGICAL(NTAPI * prng)(PUCHAR, SIZE_T) = address;
        memset(a, 0, sizeof(a));
        ok(prng(a, sizeof(a)) && !AllZero(a, sizeof(a)), "ProcessPrng fills its buffer");
        ok(prng(big, sizeof(big)), "and a large one");
    }
}
