/* What the files of the process component share among themselves. */
#ifndef PS_PSP_H
#define PS_PSP_H

#include "ps/ps.h"

PPEB PsGetCurrentPeb(void);
SIZE_T PsGetImageStackReserve(void);
ULONG PsLiveThreadCount(void);
/* Run the first thread: enter ntdll at entry(0, ntdll_base) on a stack of stack_reserve bytes. New
 * threads enter at user_thread_start(start, argument). Does not return. */
__attribute__((noreturn)) void PsStartInitialThread(ULONG64 entry, ULONG64 ntdll_base, ULONG64 user_thread_start,
                                                    SIZE_T stack_reserve);

#endif
