/* bcryptprimitives.dll: ProcessPrng, the random bytes Go and Rust programs ask of Windows (Wine 8 has no such
 * DLL), drawn from \Device\CNG as Windows' own draws them from the kernel's generator. */
#include "nt/services.h"
#include "nt/ntdll.h"

static HANDLE Cng;

LOGICAL NTAPI DllMain(PVOID instance, ULONG reason, PVOID reserved)
{
    (void)instance, (void)reserved;
    if (reason == 0 /* DLL_PROCESS_DETACH */ && Cng)
        NtClose(Cng);
    return TRUE;
}

static HANDLE CngDevice(void)
{
    static const WCHAR path[] = {'\\', 'D', 'e', 'v', 'i', 'c', 'e', '\\', 'C', 'N', 'G'};
    UNICODE_STRING name = {sizeof(path), sizeof(path), (PWSTR)path};
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name};
    IO_STATUS_BLOCK iosb;
    HANDLE handle = NULL, none = NULL;

    if (Cng)
        return Cng;
    if (NtOpenFile(&handle, SYNCHRONIZE | FILE_READ_DATA, &oa, &iosb, FILE_SHARE_READ | FILE_SHARE_WRITE,
                   FILE_SYNCHRONOUS_IO_NONALERT))
        return NULL;
    /* Two threads may both have opened it: one handle stays. */
    if (!__atomic_compare_exchange_n(&Cng, &none, handle, FALSE, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        NtClose(handle);
    return Cng;
}

/* Always TRUE on Windows, where it cannot fail; here it fails only without the device, and says so. */
LOGICAL NTAPI ProcessPrng(PUCHAR data, SIZE_T length)
{
    HANDLE cng = CngDevice();
    IO_STATUS_BLOCK iosb;

    while (cng && length) {
        ULONG part = length > 0x100000 ? 0x100000 : (ULONG)length;
        if (NtDeviceIoControlFile(cng, NULL, NULL, NULL, &iosb, IOCTL_KSEC_RNG, NULL, 0, data, part))
            break;
        data += part;
        length -= part;
    }
    return !length;
}
