/* What ntdll's own files share beyond its exports (nt/ntdll.h): private helpers of the runtime library. */
#ifndef RTL_RTLP_H
#define RTL_RTLP_H

#include "nt/services.h"
#include "nt/ntdll.h"

/* The image of this ntdll (the linker's __ImageBase). */
extern IMAGE_DOS_HEADER __ImageBase;

/* The process heap, which ntdll's own allocations come from. */
static inline PVOID RtlpHeap(void)
{
    return NtCurrentTeb()->ProcessEnvironmentBlock->ProcessHeap;
}
/* The process heap and the PEB lock, before anything else runs (process.c). */
NTSTATUS RtlpInitializeProcess(void);
/* The kernel's process parameters moved into the process heap (params.c). */
NTSTATUS RtlpAdoptProcessParameters(void);
/* The ANSI and OEM code pages from system32's tables (nls.c); without them conversions know ASCII only. */
NTSTATUS RtlpInitializeCodePages(void);
/* The base of the image holding pc, or 0 (image.c). */
ULONG64 RtlpImageBase(ULONG64 pc);
/* Leave a failure's status and Win32 error in the TEB (error.c). */
void RtlpSetLastError(NTSTATUS status, ULONG error);
/* A lock for ntdll's own structures (lock.c): a zeroed LONG is free. */
void RtlpAcquireLock(volatile LONG *lock);
void RtlpReleaseLock(volatile LONG *lock);
/* The frames' handlers, after the vectored ones: whether one took the exception. */
BOOLEAN RtlpDispatchToFrames(EXCEPTION_RECORD *record, CONTEXT *context);
/* A heap's creation flags and the bytes it has taken from the system; FALSE for no heap (heap.c). */
BOOLEAN RtlpHeapSummary(PVOID HeapHandle, PULONG Flags, PSIZE_T Committed);
/* Raise the exception and return, whatever the handlers do: 0 when one continued it, else its code
 * (ke/exception.S). */
NTSTATUS RtlpRaiseCaught(EXCEPTION_RECORD *record);
/* Write a line to the process's standard error: "veles: " and the parts up to a NULL, concatenated
 * (report.c). */
void RtlpReport(const char *first, ...);
/* The thread's activation contexts, at its end (actctx.c). */
void RtlpFreeThreadActivationContexts(void);
/* A digit's value in any base up to 36, or 99 for a character that is no digit (unistr.c). */
ULONG RtlpDigitValue(WCHAR c);
/* The thread's preferred UI languages, at its end (locale.c). */
void RtlpFreeThreadLanguages(void);
/* The thread's buffers of Wine's debug output, at its end (dbg/winedebug.c). */
void DbgpFreeThreadData(void);

/* Services the personality does not implement yet, which ntdll calls all the same: their callers answer
 * STATUS_NOT_IMPLEMENTED until the services exist, and nothing in ntdll changes when they do. */
NTSTATUS NTAPI NtCreateDebugObject(PHANDLE DebugObject, ACCESS_MASK Access, POBJECT_ATTRIBUTES Attributes,
                                   ULONG Flags);
NTSTATUS NTAPI NtDebugActiveProcess(HANDLE Process, HANDLE DebugObject);
NTSTATUS NTAPI NtDebugContinue(HANDLE DebugObject, PCLIENT_ID ClientId, NTSTATUS ContinueStatus);
NTSTATUS NTAPI NtRemoveProcessDebug(HANDLE Process, HANDLE DebugObject);
NTSTATUS NTAPI NtWaitForDebugEvent(HANDLE DebugObject, BOOLEAN Alertable, PLARGE_INTEGER Timeout,
                                   PDBGUI_WAIT_STATE_CHANGE StateChange);
NTSTATUS NTAPI NtOpenProcessToken(HANDLE Process, ACCESS_MASK Access, PHANDLE Token);
NTSTATUS NTAPI NtOpenThreadToken(HANDLE Thread, ACCESS_MASK Access, BOOLEAN OpenAsSelf, PHANDLE Token);
NTSTATUS NTAPI NtQueryInformationToken(HANDLE Token, TOKEN_INFORMATION_CLASS Class, PVOID Information, ULONG Length,
                                       PULONG ReturnLength);
NTSTATUS NTAPI NtDuplicateToken(HANDLE Existing, ACCESS_MASK Access, POBJECT_ATTRIBUTES Attributes,
                                BOOLEAN EffectiveOnly, TOKEN_TYPE Type, PHANDLE NewToken);
NTSTATUS NTAPI NtOpenKey(PHANDLE Key, ACCESS_MASK Access, POBJECT_ATTRIBUTES Attributes);
NTSTATUS NTAPI NtQueryValueKey(HANDLE Key, PUNICODE_STRING ValueName, KEY_VALUE_INFORMATION_CLASS Class,
                               PVOID Information, ULONG Length, PULONG ResultLength);

#endif
