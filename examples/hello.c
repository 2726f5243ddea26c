/* A native Windows program (imports ntdll.dll alone) that greets through NtWriteFile. */
#include "nt/services.h"

ULONG NTAPI Start(PPEB peb)
{
    static const char text[] = "Hello from Windows, on Linux, through Veles.\n";
    IO_STATUS_BLOCK iosb;
    NTSTATUS status = NtWriteFile(peb->ProcessParameters->StandardOutput, NULL, NULL, NULL, &iosb, (PVOID)text,
                                  sizeof(text) - 1, NULL, NULL);
    return NT_SUCCESS(status) ? 0 : 1;
}
