/* Imports a function ntdll does not export: the loader names it and exits with STATUS_ENTRYPOINT_NOT_FOUND
 * (low byte 0x39). */
#include "nt/services.h"

__declspec(dllimport) ULONG NTAPI NtVelesNoSuchService(void);

ULONG NTAPI Start(PPEB peb)
{
    return NtVelesNoSuchService();
}
