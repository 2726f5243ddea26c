/* Exceptions: faults of Windows code become an EXCEPTION_RECORD and CONTEXT on the thread's Windows stack and
 * continue in ntdll's KiUserExceptionDispatcher, as on Windows; NtContinue and NtRaiseException close the loop. */
#include <signal.h>
#include <string.h>
#include <ucontext.h>
#include "host/host.h"
#include "ke/ke.h"
#include "ke/kip.h"
#include "mm/mm.h"

/* The dispatcher's frame below the interrupted rsp: CONTEXT, a gap, the record, then a machine frame (rip,
 * cs, eflags, rsp, ss) through which unwinding KiUserExceptionDispatcher leads back to the interrupted code. */
#define KIP_MACHINE_FRAME_OFFSET (KI_USER_EXCEPTION_RECORD_OFFSET + sizeof(EXCEPTION_RECORD))
#define KIP_FRAME_SIZE (KIP_MACHINE_FRAME_OFFSET + 5 * sizeof(ULONG64) + 0x10)

int KiCopyUserBytes(void *dst, const void *src, size_t len);
__attribute__((noreturn)) void KiRestoreContext(const CONTEXT *context);

static ULONG64 KipUserExceptionDispatcher;

void KeSetUserExceptionDispatcher(ULONG64 address)
{
    KipUserExceptionDispatcher = address;
}

void KeTerminateOnUnhandled(const EXCEPTION_RECORD *record)
{
    const char *name = RtlNtStatusName((NTSTATUS)record->ExceptionCode);
    unsigned long long at = (unsigned long long)(ULONG_PTR)record->ExceptionAddress;

    KeTraceFlushPending();
    if ((NTSTATUS)record->ExceptionCode == STATUS_ACCESS_VIOLATION && record->NumberParameters >= 2) {
        ULONG_PTR kind = record->ExceptionInformation[0];
        HostMessage("unhandled exception %#010x (%s) at %#llx: %s %#llx", (unsigned)record->ExceptionCode, name, at,
                    kind == 8 ? "execute at" : kind == 1 ? "write to" : "read from",
                    (unsigned long long)record->ExceptionInformation[1]);
    } else if ((NTSTATUS)record->ExceptionCode == STATUS_STACK_OVERFLOW) {
        HostMessage("unhandled exception %#010x (%s) at %#llx: stack exhausted", (unsigned)record->ExceptionCode, name,
                    at);
    } else {
        HostMessage("unhandled exception %#010x (%s) at %#llx", (unsigned)record->ExceptionCode, name ? name : "?", at);
    }
    HostExit(record->ExceptionCode);
}

void KipSetUserSegments(CONTEXT *c)
{
    c->SegCs = 0x33;
    c->SegDs = c->SegEs = c->SegSs = c->SegGs = 0x2b;
    c->SegFs = 0x53;
}

/* The thread's state as a CONTEXT, from what the kernel saved for a signal. */
void KiContextFromSignal(const ucontext_t *uc, CONTEXT *c)
{
    const greg_t *r = uc->uc_mcontext.gregs;

    memset(c, 0, sizeof(*c));
    c->ContextFlags = CONTEXT_FULL | CONTEXT_SEGMENTS;
    KipSetUserSegments(c);
    c->EFlags = (DWORD)r[REG_EFL];
    c->Rax = (DWORD64)r[REG_RAX];
    c->Rcx = (DWORD64)r[REG_RCX];
    c->Rdx = (DWORD64)r[REG_RDX];
    c->Rbx = (DWORD64)r[REG_RBX];
    c->Rsp = (DWORD64)r[REG_RSP];
    c->Rbp = (DWORD64)r[REG_RBP];
    c->Rsi = (DWORD64)r[REG_RSI];
    c->Rdi = (DWORD64)r[REG_RDI];
    c->R8 = (DWORD64)r[REG_R8];
    c->R9 = (DWORD64)r[REG_R9];
    c->R10 = (DWORD64)r[REG_R10];
    c->R11 = (DWORD64)r[REG_R11];
    c->R12 = (DWORD64)r[REG_R12];
    c->R13 = (DWORD64)r[REG_R13];
    c->R14 = (DWORD64)r[REG_R14];
    c->R15 = (DWORD64)r[REG_R15];
    c->Rip = (DWORD64)r[REG_RIP];
    if (uc->uc_mcontext.fpregs) {
        memcpy(&c->FltSave, uc->uc_mcontext.fpregs, sizeof(c->FltSave)); /* both are the fxsave layout */
        c->MxCsr = c->FltSave.MxCsr;
    }
}

/* Put the context and record on the Windows stack below top; the rsp the dispatcher starts with, or 0 when
 * the stack has no room for them (or none at all). */
static ULONG64 KipPushExceptionFrame(const CONTEXT *context, const EXCEPTION_RECORD *record, ULONG64 top)
{
    KTHREAD *thread = KeGetCurrentThread();
    ULONG64 frame = (top - KIP_FRAME_SIZE) & ~(ULONG64)15;
    ULONG64 bottom = (ULONG64)thread->Teb->DeallocationStack + MM_PAGE_SIZE;

    if (!KipUserExceptionDispatcher || context->Rsp > (ULONG64)thread->Teb->NtTib.StackBase || frame < bottom ||
        frame > context->Rsp || !MmProbeStack(frame, context->Rsp))
        return 0;
    ULONG64 machine[5] = {context->Rip, 0x33, context->EFlags, context->Rsp, 0x2b};
    if (KiCopyUserBytes((void *)frame, context, sizeof(*context)) ||
        KiCopyUserBytes((void *)(frame + KI_USER_EXCEPTION_RECORD_OFFSET), record, sizeof(*record)) ||
        KiCopyUserBytes((void *)(frame + KIP_MACHINE_FRAME_OFFSET), machine, sizeof(machine)))
        return 0;
    return frame;
}

void KiDeliverFault(void *signal_context, EXCEPTION_RECORD *record)
{
    ucontext_t *uc = signal_context;
    CONTEXT context;
    ULONG64 frame;

    KiContextFromSignal(uc, &context);
    context.Rip = (DWORD64)record->ExceptionAddress;
    /* Handlers get the debug registers too, and what they change in them takes effect as they continue. */
    context.ContextFlags = CONTEXT_ALL;
    KeGetDebugRegisters(KeGetCurrentThread(), &context);
    /* A single step is over: Windows hands its handlers the context without the trap flag, so that continuing
     * runs on unless they set it again. */
    if (record->ExceptionCode == (DWORD)STATUS_SINGLE_STEP)
        context.EFlags &= ~0x100u;
    /* The handler runs on the alternate stack: the Windows stack below the fault is free. */
    frame = KipPushExceptionFrame(&context, record, context.Rsp);
    if (!frame)
        KeTerminateOnUnhandled(record);
    uc->uc_mcontext.gregs[REG_RSP] = (greg_t)frame;
    uc->uc_mcontext.gregs[REG_RIP] = (greg_t)KipUserExceptionDispatcher;
    /* The dispatcher runs as the ABI has code entered: no trap flag, the direction flag clear (memcpy would run
     * backwards), no alignment checks. The context it hands on keeps them (but the trap flag after a step). */
    uc->uc_mcontext.gregs[REG_EFL] &= ~(greg_t)(0x100 | 0x400 | 0x40000);
}

/* Resume a program's context. It is copied to the thread first and made safe for the processor: the
 * flags to what user mode may set, MXCSR to its valid bits. KiRestoreContext puts the return frame (flags,
 * rip) just below the target rsp as its last use of any stack, since these services run on the Windows
 * stack themselves; here that memory is only probed (read and written back unchanged), so that a stack
 * that cannot take it is STATUS_ACCESS_VIOLATION. A thread suspended inside the service stops here first,
 * and a context set meanwhile is the one resumed. */
NTSTATUS KipContinue(const CONTEXT *context)
{
    KTHREAD *thread = KeGetCurrentThread();
    CONTEXT *c = &thread->ContinueContext;
    ULONG64 probe[2];
    LONG work;

    *c = *context;
    thread->InService = 0;
    __asm__ volatile("" ::: "memory");
    work = __atomic_exchange_n(&thread->ExitWork, 0, __ATOMIC_RELAXED);
    KipExitIfTerminated(work);
    if (work & KI_EXIT_SUSPEND) {
        KipWaitWhileSuspended(thread, c);
        KipExitIfTerminated(thread->ExitWork);
    }
    c->EFlags = (c->EFlags & KIP_USER_EFLAGS) | KIP_EFLAGS_FIXED;
    c->MxCsr &= 0xffff; /* bits above 15 are reserved: loading them faults */
    /* Breakpoints that cannot be armed (the trace says which) do not keep the thread from going on, as an
     * exception handler's continuing must not fail. */
    if ((c->ContextFlags & CONTEXT_DEBUG_REGISTERS) == CONTEXT_DEBUG_REGISTERS)
        KeSetDebugRegisters(thread, c);
    if (KeCopyFromUser(probe, (void *)(c->Rsp - sizeof(probe)), sizeof(probe)) ||
        KeCopyToUser((void *)(c->Rsp - sizeof(probe)), probe, sizeof(probe)))
        return STATUS_ACCESS_VIOLATION;
    KeTraceFlushPending();
    KiRestoreContext(c);
}

ULONG64 KipUserFrameTop(const CONTEXT *context, ULONG64 size)
{
    KTHREAD *thread = KeGetCurrentThread();
    ULONG64 entry = thread->EntryContext ? thread->EntryContext->Rsp : thread->ServiceFrame.Rsp, top;

    /* Above where the service was entered, the stack is the program's own and free: a frame that fits there
     * goes right below the context, so that frames delivered one after another do not pile up. */
    if (context->Rsp - size >= entry)
        return context->Rsp;
    __asm__("movq %%rsp, %0" : "=r"(top));
    top -= KIP_HOST_STACK_ROOM;
    return context->Rsp < top ? context->Rsp : top;
}

/* Only whole contexts can be resumed: the values of what a partial one leaves out were not kept. */
NTSTATUS NTAPI NtContinue(PCONTEXT ContextRecord, BOOLEAN TestAlert)
{
    CONTEXT context;

    if (KeReadUser(&context, ContextRecord))
        return STATUS_ACCESS_VIOLATION;
    if ((context.ContextFlags & CONTEXT_FULL) != CONTEXT_FULL)
        return KeReportNotImplemented("NtContinue with a partial context");
    return KeContinueContext(&context, TestAlert);
}

/* First chance: deliver to the program's dispatcher on the context's stack. Otherwise no one handled it. */
NTSTATUS NTAPI NtRaiseException(PEXCEPTION_RECORD ExceptionRecord, PCONTEXT ContextRecord, BOOLEAN FirstChance)
{
    EXCEPTION_RECORD record;
    CONTEXT context;
    ULONG64 frame;

    if (KeReadUser(&record, ExceptionRecord) || KeReadUser(&context, ContextRecord))
        return STATUS_ACCESS_VIOLATION;
    if (record.NumberParameters > EXCEPTION_MAXIMUM_PARAMETERS)
        return STATUS_INVALID_PARAMETER;
    if (!FirstChance)
        KeTerminateOnUnhandled(&record);
    if (!(frame = KipPushExceptionFrame(&context, &record, KipUserFrameTop(&context, KIP_FRAME_SIZE + 16))))
        KeTerminateOnUnhandled(&record);
    context.Rsp = frame;
    context.Rip = KipUserExceptionDispatcher;
    return KipContinue(&context);
}
