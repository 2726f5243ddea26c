/* Where the personality starts a thread for a console's control event (Ctrl-C, Ctrl-Break): kernelbase's
 * CtrlRoutine runs the process's handlers; a process without kernelbase ends as Windows' default handler ends
 * it. */
#include "nt/services.h"
#include "nt/ntdll.h"

ULONG NTAPI KiUserConsoleCtrlDispatcher(PVOID event)
{
    static const WCHAR kernelbase[] = {'k', 'e', 'r', 'n', 'e', 'l', 'b', 'a', 's', 'e', '.', 'd', 'l', 'l'};
    UNICODE_STRING name = {sizeof(kernelbase), sizeof(kernelbase), (PWSTR)kernelbase};
    ANSI_STRING routine = {11, 12, (PCHAR) "CtrlRoutine"};
    PVOID module, address;

    if (!LdrGetDllHandle(NULL, NULL, &name, &module) && !LdrGetProcedureAddress(module, &routine, 0, &address))
        return ((ULONG(NTAPI *)(PVOID))address)(event);
    NtTerminateProcess(NtCurrentProcess(), STATUS_CONTROL_C_EXIT);
    return 0;
}
