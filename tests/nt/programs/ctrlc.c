/* A console's Ctrl-C: GenerateConsoleCtrlEvent's request, or the terminal's interrupt (argument "signal": it
 * waits for one). Without kernelbase to run handlers, the process ends with STATUS_CONTROL_C_EXIT (0x3a). */
#include "nt/services.h"
#include "nt/ntdll.h"

ULONG NTAPI Start(PPEB peb)
{
    HANDLE console = peb->ProcessParameters->ConsoleHandle;
    UNICODE_STRING *cmdline = &peb->ProcessParameters->CommandLine;
    CONDRV_CTRL_EVENT event = {0, 0};
    LARGE_INTEGER wait = {.QuadPart = -50000000};
    IO_STATUS_BLOCK iosb;
    BOOLEAN by_signal = cmdline->Length >= 12 && cmdline->Buffer[cmdline->Length / 2 - 1] == 'l';

    if (!console)
        return 1;
    if (by_signal) {
        /* Says it waits, so that the runner knows when to interrupt it. */
        static const char ready[] = "ready\n";
        NtWriteFile(peb->ProcessParameters->StandardOutput, NULL, NULL, NULL, &iosb, (PVOID)ready, 6, NULL, NULL);
    } else if (NtDeviceIoControlFile(console, NULL, NULL, NULL, &iosb, IOCTL_CONDRV_CTRL_EVENT, &event,
                                     sizeof(event), NULL, 0)) {
        return 2;
    }
    NtDelayExecution(FALSE, &wait);
    return 3;
}
