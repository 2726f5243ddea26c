/* RtlRaiseStatus with an unhandled-exception filter set: the filter sees the exception, asks for the
 * outermost handler, and the process ends with the code (0xc0001234, exit 0x34) without a report. */
#include "nt/services.h"
#include "nt/ntdll.h"

static LONG NTAPI Filter(PEXCEPTION_POINTERS pointers)
{
    static const char line[] = "the unhandled-exception filter saw it\n";
    IO_STATUS_BLOCK iosb;
    if (pointers->ExceptionRecord->ExceptionCode == 0xc0001234 &&
        pointers->ExceptionRecord->ExceptionFlags & EXCEPTION_NONCONTINUABLE)
        NtWriteFile(NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters->StandardOutput, NULL, NULL, NULL,
                    &iosb, (PVOID)line, sizeof(line) - 1, NULL, NULL);
    return EXCEPTION_EXECUTE_HANDLER;
}

ULONG NTAPI Start(PPEB peb)
{
    RtlSetUnhandledExceptionFilter(Filter);
    RtlRaiseStatus((NTSTATUS)0xc0001234);
    return 1;
}
