/* The kernel core: threads as the host sees them, the two ways into the services, faults and user memory. */
#ifndef KE_KE_H
#define KE_KE_H

#include <stdint.h>
#include "nt/types.h"

/* Windows code lives below this address, the host above it, so that one trap range tells them apart. */
#define KE_HOST_BOUNDARY 0x10000000000ull /* 1 TiB */

/* The host's view of a Windows thread. Reached through KeGetCurrentThread() in host TLS (FS). */
typedef struct KTHREAD {
    PTEB Teb;
    ULONG ThreadId;
    void *AltStack;
    size_t AltStackSize;
    /* Syscall User Dispatch selector byte for the selector mode (SYSCALL_DISPATCH_FILTER_*). */
    volatile uint8_t SyscallSelector;
    /* A raw syscall caught by the trap, handed from the SIGSYS handler to KiDispatchTrap. */
    struct {
        ULONG64 Number;
        ULONG64 Args[4];
        ULONG64 UserRsp;
    } Trap;
} KTHREAD;

KTHREAD *KeGetCurrentThread(void);
/* Host-side setup of a thread that will run Windows code: alternate signal stack, GS = TEB, the trap. */
NTSTATUS KeInitializeThread(KTHREAD *thread, PTEB teb);

/* Signal handlers for faults and the trap; once per process. */
void KeInitializeSignals(void);

/* How raw syscall instructions of Windows code reach the dispatcher (VELES_SUD picks one to test both). */
typedef enum { KE_TRAP_NONE, KE_TRAP_INCLUSIVE, KE_TRAP_SELECTOR } KE_TRAP_MODE;
KE_TRAP_MODE KeSelectTrapMode(void);
KE_TRAP_MODE KeTrapMode(void);
const char *KeTrapModeName(KE_TRAP_MODE mode);
NTSTATUS KeArmSyscallTrap(KTHREAD *thread);

/* KUSER_SHARED_DATA at 0x7ffe0000: read-only for Windows code, kept current by a host thread. */
NTSTATUS KeInitializeUserSharedData(void);
volatile KUSER_SHARED_DATA *KeUserSharedDataWritable(void);
/* Windows time (100 ns since 1601) and interrupt time (100 ns since boot) now. */
LONGLONG KeQuerySystemTime(void);
LONGLONG KeQueryInterruptTime(void);
#define KE_TICKS_1601_TO_1970 116444736000000000ll
#define KE_QPC_FREQUENCY 10000000ll

/* Copies between host memory and memory a Windows program named. An address outside the program's
 * range or a fault gives STATUS_ACCESS_VIOLATION, never a host crash. */
NTSTATUS KeCopyFromUser(void *dst, const void *user_src, size_t len);
NTSTATUS KeCopyToUser(void *user_dst, const void *src, size_t len);
#define KeReadUser(dst, user_src) KeCopyFromUser((dst), (user_src), sizeof(*(dst)))
#define KeWriteUser(user_dst, value) KeCopyToUser((user_dst), &(value), sizeof(value))

/* The ways in: the fast path ntdll jumps to, its traced twin, and what a raw syscall is turned into. */
extern const char KiSystemService[], KiSystemServiceTraced[];
void KeEnableTrace(const char *spec);
int KeTraceEnabled(void);
/* For a part of a service not yet written: says so in the trace, returns STATUS_NOT_IMPLEMENTED. */
NTSTATUS KeReportNotImplemented(const char *what);
/* Write the line of a traced call that will not return (the caller is ending). */
void KeTraceFlushPending(void);

/* Enter Windows code for good: switch to its stack and call entry(arg1, arg2) with the x64 convention. */
__attribute__((noreturn)) void KiEnterUserMode(ULONG64 entry, ULONG64 stack_top, ULONG64 arg1, ULONG64 arg2);

/* A Windows exception the program did not handle: report on stderr, end the process with its code. */
__attribute__((noreturn)) void KeTerminateOnUnhandled(NTSTATUS code, ULONG64 rip, ULONG64 address, const char *what);

#endif
