/* With HeapEnableTerminationOnCorruption, freeing what is no block ends the process with
 * STATUS_HEAP_CORRUPTION (0xc0000374, exit 0x74). */
#include "nt/services.h"
#include "nt/ntdll.h"

ULONG NTAPI Start(PPEB peb)
{
    static ULONG64 not_a_block[4];
    PVOID heap = peb->ProcessHeap;

    if (RtlFreeHeap(heap, 0, &not_a_block[2]))
        return 1; /* refused quietly before the request */
    RtlSetHeapInformation(NULL, HeapEnableTerminationOnCorruption, NULL, 0);
    RtlFreeHeap(heap, 0, &not_a_block[2]);
    return 2;
}
