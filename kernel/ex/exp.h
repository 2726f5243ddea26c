/* What the executive's files share among themselves. */
#ifndef EX_EXP_H
#define EX_EXP_H

#include "nt/types.h"

/* The host's time zone as Windows describes it (timezone.c). */
void ExQueryTimeZone(RTL_DYNAMIC_TIME_ZONE_INFORMATION *tz);

/* The processor classes of NtQuerySystemInformation(Ex) (processor.c): their checks, the answer and its length. */
void ExpQueryProcessor(SYSTEM_PROCESSOR_INFORMATION *spi, USHORT architecture);
NTSTATUS ExpQueryInterrupts(PVOID out, ULONG length, PULONG return_length);
NTSTATUS ExpQueryProcessorPerformance(PVOID out, ULONG length, PULONG return_length);
NTSTATUS ExpQueryLogicalProcessors(PVOID out, ULONG length, PULONG return_length);
NTSTATUS ExpQueryLogicalProcessorsEx(PVOID input, ULONG input_length, PVOID out, ULONG length, PULONG return_length);
void ExpQueryPerformance(SYSTEM_PERFORMANCE_INFORMATION *info);
NTSTATUS ExpQueryCpuSets(PVOID input, ULONG input_length, PVOID out, ULONG length, PULONG return_length);

#endif
