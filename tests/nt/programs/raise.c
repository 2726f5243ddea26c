/* Raises an exception nobody handles: the process ends with its code (0xe0000042, exit 0x42) and a report. */
#include "nt/services.h"
#include "nt/ntdll.h"

ULONG NTAPI Start(PPEB peb)
{
    EXCEPTION_RECORD record = {.ExceptionCode = 0xe0000042};
    RtlRaiseException(&record);
    return 1;
}
