/* The runtime library functions ntdll's own files call one another by. */
#ifndef RTL_RTLP_H
#define RTL_RTLP_H

#include "nt/services.h"

/* The image of this ntdll (the linker's __ImageBase). */
extern IMAGE_DOS_HEADER __ImageBase;

/* The C library functions ntdll exports (string.c). */
void *memcpy(void *dst, const void *src, SIZE_T n);
void *memset(void *dst, int c, SIZE_T n);

void NTAPI RtlCaptureContext(PCONTEXT Context);
void NTAPI RtlRaiseException(PEXCEPTION_RECORD Record);
void NTAPI RtlExitUserProcess(NTSTATUS status);
PRUNTIME_FUNCTION NTAPI RtlLookupFunctionEntry(ULONG64 ControlPc, PULONG64 ImageBase, PVOID HistoryTable);
PEXCEPTION_ROUTINE NTAPI RtlVirtualUnwind(ULONG HandlerType, ULONG64 ImageBase, ULONG64 ControlPc,
                                          PRUNTIME_FUNCTION FunctionEntry, PCONTEXT ContextRecord, PVOID *HandlerData,
                                          PULONG64 EstablisherFrame, PVOID ContextPointers);
PVOID NTAPI RtlCreateHeap(ULONG Flags, PVOID HeapBase, SIZE_T ReserveSize, SIZE_T CommitSize, PVOID Lock,
                          PRTL_HEAP_PARAMETERS Parameters);
PVOID NTAPI RtlAllocateHeap(PVOID HeapHandle, ULONG Flags, SIZE_T Size);
BOOLEAN NTAPI RtlFreeHeap(PVOID HeapHandle, ULONG Flags, PVOID BaseAddress);
BOOLEAN NTAPI RtlValidateHeap(PVOID HeapHandle, ULONG Flags, const void *Block);
/* The process heap and the PEB lock, before anything else runs (process.c). */
NTSTATUS RtlpInitializeProcess(void);
NTSTATUS NTAPI RtlInitializeCriticalSectionEx(PRTL_CRITICAL_SECTION CriticalSection, ULONG SpinCount, ULONG Flags);
NTSTATUS NTAPI RtlEnterCriticalSection(PRTL_CRITICAL_SECTION CriticalSection);
NTSTATUS NTAPI RtlLeaveCriticalSection(PRTL_CRITICAL_SECTION CriticalSection);
PIMAGE_NT_HEADERS64 NTAPI RtlImageNtHeader(PVOID Base);
/* The base of the image holding pc, or 0 (image.c). */
ULONG64 RtlpImageBase(ULONG64 pc);
/* A lock for ntdll's own structures (lock.c): a zeroed LONG is free. */
void RtlpAcquireLock(volatile LONG *lock);
void RtlpReleaseLock(volatile LONG *lock);
/* The frames' handlers, after the vectored ones: whether one took the exception. */
BOOLEAN RtlpDispatchToFrames(EXCEPTION_RECORD *record, CONTEXT *context);

#endif
