/* NtGetContextThread and NtSetContextThread on the current thread, through ntdll's stub and through a raw
 * syscall (tests/run also runs this traced): the registers the call was made with, and resuming elsewhere. */
#include "lib/nttest.h"

ULONG64 CallSiteRsp;
ULONG RawNumber;
extern char RawStub[], RawStubReturn[], CallReturn[];
extern NTSTATUS CallWithMarkers(HANDLE thread, CONTEXT *context, PVOID function);
extern void *__imp_NtGetContextThread;

/* Loads a pattern into the registers a call keeps, notes rsp, and calls function(thread, context). */
__asm__(".globl CallWithMarkers\nCallWithMarkers:\n"
        "    pushq %rbx; pushq %rbp; pushq %rsi; pushq %rdi; pushq %r12; pushq %r13; pushq %r14; pushq %r15\n"
        "    subq $40, %rsp\n"
        "    movq $0x1111, %rbx; movq $0x2222, %rbp; movq $0x3333, %rsi; movq $0x4444, %rdi\n"
        "    movq $0x5555, %r12; movq $0x6666, %r13; movq $0x7777, %r14; movq $0x8888, %r15\n"
        "    movq %rsp, CallSiteRsp(%rip)\n"
        "    call *%r8\n"
        ".globl CallReturn\nCallReturn:\n"
        "    addq $40, %rsp\n"
        "    popq %r15; popq %r14; popq %r13; popq %r12; popq %rdi; popq %rsi; popq %rbp; popq %rbx\n"
        "    ret\n"
        ".globl RawStub\nRawStub:\n"
        "    movq %rcx, %r10\n"
        "    movl RawNumber(%rip), %eax\n"
        "    syscall\n"
        ".globl RawStubReturn\nRawStubReturn:\n"
        "    ret\n");

static int MarkersAre(const CONTEXT *c)
{
    return c->Rbx == 0x1111 && c->Rbp == 0x2222 && c->Rsi == 0x3333 && c->Rdi == 0x4444 && c->R12 == 0x5555 &&
           c->R13 == 0x6666 && c->R14 == 0x7777 && c->R15 == 0x8888;
}

static void TestGet(void)
{
    static CONTEXT context __attribute__((aligned(16)));
    const unsigned char *stub = (const unsigned char *)__imp_NtGetContextThread; /* ntdll's, not our jump */

    memset(&context, 0xcc, sizeof(context));
    context.ContextFlags = CONTEXT_FULL;
    ok_status(CallWithMarkers(NtCurrentThread(), &context, (PVOID)NtGetContextThread), STATUS_SUCCESS);
    ok(MarkersAre(&context), "the registers of the call: rbx %lx r15 %lx", (ULONG64)context.Rbx,
       (ULONG64)context.R15);
    ok(context.Rip == (DWORD64)CallReturn && context.Rsp == CallSiteRsp,
       "where the call returns to, on the caller's stack: %lx %lx", (ULONG64)context.Rip, (ULONG64)context.Rsp);
    ok(context.SegCs == 0x33 && context.SegSs == 0x2b && (context.EFlags & 0x200), "selectors and flags");
    ok(context.Dr0 == 0xcccccccccccccccc, "the debug registers were not asked for");

    /* A raw syscall is trapped: the context is at the instruction after it, as on Windows. */
    RawNumber = *(const ULONG *)(stub + 4);
    memset(&context, 0, sizeof(context));
    context.ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
    ok_status(CallWithMarkers(NtCurrentThread(), &context, RawStub), STATUS_SUCCESS);
    ok(MarkersAre(&context) && context.Rip == (DWORD64)RawStubReturn && context.Rsp == CallSiteRsp - 8,
       "trapped: rip %lx rsp %lx (call site %lx)", (ULONG64)context.Rip, (ULONG64)context.Rsp, CallSiteRsp);

    context.ContextFlags = CONTEXT_CONTROL;
    ok_status(NtGetContextThread(NtCurrentThread(), (CONTEXT *)((char *)&context + 8)),
              STATUS_DATATYPE_MISALIGNMENT);
    ok_status(NtGetContextThread(NtCurrentThread(), (CONTEXT *)0x10), STATUS_ACCESS_VIOLATION);
    ok_status(NtGetContextThread((HANDLE)0x1234, &context), STATUS_INVALID_HANDLE);
}

static volatile int NotReached;

static ULONG NTAPI OtherThread(PVOID arg)
{
    LARGE_INTEGER forever = {.QuadPart = -100000000ll};
    NtDelayExecution(FALSE, &forever);
    return 0;
}

static void TestSet(void)
{
    static CONTEXT context __attribute__((aligned(16))), control __attribute__((aligned(16)));
    static volatile int resumed;
    HANDLE thread;

    resumed = 0;
    RtlCaptureContext(&context);
    if (!resumed) {
        resumed = 1;
        context.ContextFlags = CONTEXT_FULL;
        NtSetContextThread(NtCurrentThread(), &context);
        NotReached = 1;
    }
    ok(resumed == 1 && !NotReached, "set, the thread went on where the context says");

    /* Only the control part: the other registers stay the call's. */
    resumed = 0;
    RtlCaptureContext(&control);
    if (!resumed) {
        resumed = 1;
        control.ContextFlags = CONTEXT_CONTROL;
        NtSetContextThread(NtCurrentThread(), &control);
        NotReached = 1;
    }
    ok(resumed == 1 && !NotReached, "the control part alone moves it too");

    ok_status(NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), (PVOID)OtherThread, NULL, 0, 0,
                               0, 0, NULL),
              STATUS_SUCCESS);
    /* Another thread's context is read while it is stopped (tests/nt/suspend.c tests this fully). */
    context.ContextFlags = CONTEXT_CONTROL;
    ok_status(NtGetContextThread(thread, &context), STATUS_SUCCESS);
    ok(context.Rsp > (ULONG64)NtCurrentTeb()->NtTib.StackBase || context.Rsp < (ULONG64)NtCurrentTeb()->NtTib.StackLimit,
       "another thread's context has its own stack: rsp %lx", (ULONG64)context.Rsp);
    NtTerminateThread(thread, 0);
    NtClose(thread);
    ok_status(NtSetContextThread(NtCurrentThread(), (CONTEXT *)((char *)&context + 4)),
              STATUS_DATATYPE_MISALIGNMENT);
}

static volatile int BreakpointHits;
static volatile ULONG64 BreakpointDr6;

static LONG NTAPI OnBreakpoint(EXCEPTION_POINTERS *pointers)
{
    if (pointers->ExceptionRecord->ExceptionCode != (DWORD)STATUS_SINGLE_STEP)
        return EXCEPTION_CONTINUE_SEARCH;
    BreakpointHits++;
    BreakpointDr6 = pointers->ContextRecord->Dr6;
    /* Continuing at the instruction with its breakpoint armed would stop there again: the handler disarms it. */
    pointers->ContextRecord->Dr7 = 0;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static __attribute__((noinline)) int Watched(int x)
{
    return x * 3 + 1;
}

/* Debug registers: kept for each thread and read back as set; an enabled breakpoint stops the thread where it
 * points, a single-step exception whose Dr6 says which, where the machine raises them; where it does not, setting
 * one says STATUS_NOT_IMPLEMENTED and changes nothing. */
static void TestDebugRegisters(void)
{
    static CONTEXT context __attribute__((aligned(16)));
    PVOID handler = RtlAddVectoredExceptionHandler(TRUE, OnBreakpoint);
    NTSTATUS status;
    HANDLE thread;

    memset(&context, 0, sizeof(context));
    context.ContextFlags = CONTEXT_DEBUG_REGISTERS;
    context.Dr0 = 0x12340000;
    context.Dr2 = 0x5678;
    context.Dr7 = 0x400; /* enables none */
    ok_status(NtSetContextThread(NtCurrentThread(), &context), STATUS_SUCCESS);
    memset(&context, 0, sizeof(context));
    context.ContextFlags = CONTEXT_DEBUG_REGISTERS;
    ok_status(NtGetContextThread(NtCurrentThread(), &context), STATUS_SUCCESS);
    ok(context.Dr0 == 0x12340000 && context.Dr2 == 0x5678 && context.Dr7 == 0x400, "kept: %lx %lx %lx",
       (ULONG64)context.Dr0, (ULONG64)context.Dr2, (ULONG64)context.Dr7);

    context.Dr0 = (ULONG64)Watched;
    context.Dr7 = 1;
    BreakpointHits = 0;
    status = NtSetContextThread(NtCurrentThread(), &context);
    ok(status == STATUS_SUCCESS || status == STATUS_NOT_IMPLEMENTED, "an execution breakpoint: %lx", status);
    ok(Watched(2) == 7, "the function ran");
    if (status == STATUS_SUCCESS) {
        ok(BreakpointHits == 1 && (BreakpointDr6 & 0xf) == 1, "it stopped once at the breakpoint: %d, Dr6 %lx",
           BreakpointHits, (ULONG64)BreakpointDr6);
    } else {
        ok(BreakpointHits == 0, "nothing stopped it");
        context.ContextFlags = CONTEXT_DEBUG_REGISTERS;
        ok_status(NtGetContextThread(NtCurrentThread(), &context), STATUS_SUCCESS);
        ok(context.Dr0 == 0x12340000 && context.Dr7 == 0x400, "refused, the registers stay: %lx %lx",
           (ULONG64)context.Dr0, (ULONG64)context.Dr7);
    }
    /* An I/O breakpoint (condition 2) watches no memory. */
    context.Dr7 = 1 | (2 << 16);
    ok_status(NtSetContextThread(NtCurrentThread(), &context), STATUS_NOT_IMPLEMENTED);

    /* Another thread's are its own. */
    ok_status(NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), (PVOID)OtherThread, NULL, 0, 0,
                               0, 0, NULL),
              STATUS_SUCCESS);
    memset(&context, 0, sizeof(context));
    context.ContextFlags = CONTEXT_DEBUG_REGISTERS;
    ok_status(NtGetContextThread(thread, &context), STATUS_SUCCESS);
    ok(!context.Dr0 && !context.Dr7, "a new thread has none: %lx", (ULONG64)context.Dr0);
    context.Dr3 = 0xabcd0;
    ok_status(NtSetContextThread(thread, &context), STATUS_SUCCESS);
    context.Dr3 = 0;
    ok_status(NtGetContextThread(thread, &context), STATUS_SUCCESS);
    ok(context.Dr3 == 0xabcd0, "set on the other thread: %lx", (ULONG64)context.Dr3);
    NtTerminateThread(thread, 0);
    NtClose(thread);
    memset(&context, 0, sizeof(context));
    context.ContextFlags = CONTEXT_DEBUG_REGISTERS;
    ok_status(NtSetContextThread(NtCurrentThread(), &context), STATUS_SUCCESS);
    RtlRemoveVectoredExceptionHandler(handler);
}

void RunTests(void)
{
    TestGet();
    TestSet();
    TestDebugRegisters();
}
