/* The runtime library functions ntdll's own files call one another by. */
#ifndef RTL_RTLP_H
#define RTL_RTLP_H

#include "nt/services.h"

void NTAPI RtlCaptureContext(PCONTEXT Context);
void NTAPI RtlRaiseException(PEXCEPTION_RECORD Record);
void NTAPI RtlExitUserProcess(NTSTATUS status);
PRUNTIME_FUNCTION NTAPI RtlLookupFunctionEntry(ULONG64 ControlPc, PULONG64 ImageBase, PVOID HistoryTable);
PEXCEPTION_ROUTINE NTAPI RtlVirtualUnwind(ULONG HandlerType, ULONG64 ImageBase, ULONG64 ControlPc,
                                          PRUNTIME_FUNCTION FunctionEntry, PCONTEXT ContextRecord, PVOID *HandlerData,
                                          PULONG64 EstablisherFrame, PVOID ContextPointers);
/* The frames' handlers, after the vectored ones: whether one took the exception. */
BOOLEAN RtlpDispatchToFrames(EXCEPTION_RECORD *record, CONTEXT *context);

#endif
