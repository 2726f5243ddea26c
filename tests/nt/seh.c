/* Frame-based exception handling from x64 unwind data: a fault in a leaf reaches the handler of a frame two
 * calls up, RtlUnwindEx runs the termination handlers on the way back and resumes in that frame with the
 * registers its callees had saved restored. */
#include "lib/nttest.h"

EXCEPTION_DISPOSITION NTAPI OuterHandler(PEXCEPTION_RECORD, PVOID, PCONTEXT, PVOID);
EXCEPTION_DISPOSITION NTAPI MiddleHandler(PEXCEPTION_RECORD, PVOID, PCONTEXT, PVOID);
extern ULONG64 Outer(ULONG64 mode);
extern char OuterRecovery[], Middle[], MiddleAfterCall[];
ULONG64 RecoveryRdx;

/* Outer(mode) keeps 0x5151 in rbx across a call to Middle, which saves rbx and rsi and clobbers both before
 * calling Inner, which faults (mode 0) or raises (mode 1) or returns (mode 2). RtlUnwindEx resumes at
 * OuterRecovery, which answers rax if rbx came back right, else 0xbad, and keeps the rdx it came back with
 * (its handler sets it on the target unwind, as GCC's sets a catch's selector). */
__asm__(".globl Outer\n"
        ".def Outer; .scl 2; .type 32; .endef\n"
        ".seh_proc Outer\n"
        "Outer:\n"
        "    pushq %rbx\n"
        "    .seh_pushreg %rbx\n"
        "    subq $32, %rsp\n"
        "    .seh_stackalloc 32\n"
        "    .seh_endprologue\n"
        "    .seh_handler OuterHandler, @except, @unwind\n"
        "    movq $0x5151, %rbx\n"
        "    call Middle\n"
        "    movl $2, %eax\n"
        "    jmp 2f\n"
        ".globl OuterRecovery\n"
        "OuterRecovery:\n"
        "    movq %rdx, RecoveryRdx(%rip)\n"
        "    cmpq $0x5151, %rbx\n"
        "    je 2f\n"
        "    movl $0xbad, %eax\n"
        "2:  addq $32, %rsp\n"
        "    popq %rbx\n"
        "    ret\n"
        ".seh_endproc\n"
        ".globl Middle\n"
        ".def Middle; .scl 2; .type 32; .endef\n"
        ".seh_proc Middle\n"
        "Middle:\n"
        "    pushq %rbx\n"
        "    .seh_pushreg %rbx\n"
        "    pushq %rsi\n"
        "    .seh_pushreg %rsi\n"
        "    subq $40, %rsp\n"
        "    .seh_stackalloc 40\n"
        "    .seh_endprologue\n"
        "    .seh_handler MiddleHandler, @unwind\n"
        "    movq $0x6666, %rbx\n"
        "    movq $0x7777, %rsi\n"
        "    call Inner\n"
        /* As compilers do, so that a return address is never in an epilogue. */
        ".globl MiddleAfterCall\n"
        "MiddleAfterCall:\n"
        "    nop\n"
        "    addq $40, %rsp\n"
        "    popq %rsi\n"
        "    popq %rbx\n"
        "    ret\n"
        ".seh_endproc\n"
        /* A leaf: faults, returns, or hands over to InnerRaise. */
        ".globl Inner\n"
        "Inner:\n"
        "    cmpq $1, %rcx\n"
        "    je InnerRaise\n"
        "    ja 2f\n"
        "    xorl %eax, %eax\n"
        "    movl $1, (%rax)\n"
        "2:  ret\n"
        /* Raises 0xe0000005 from a record on its own frame, which has unwind data. */
        ".def InnerRaise; .scl 3; .type 32; .endef\n"
        ".seh_proc InnerRaise\n"
        "InnerRaise:\n"
        "    subq $0xd8, %rsp\n"
        "    .seh_stackalloc 0xd8\n"
        "    .seh_endprologue\n"
        "    movl $0xe0000005, 0x20(%rsp)\n"
        "    movl $0, 0x24(%rsp)\n"
        "    movq $0, 0x28(%rsp)\n"
        "    movq $0, 0x30(%rsp)\n"
        "    movl $0, 0x38(%rsp)\n"
        "    leaq 0x20(%rsp), %rcx\n"
        "    call RtlRaiseException\n"
        "    addq $0xd8, %rsp\n"
        "    ret\n"
        ".seh_endproc\n");

/* CTry(mode) as a C compiler lays out
 *     __try { __try { fault unless mode 2 } __except (CFilter(...)) { return code; } } __finally-like scopes:
 * the innermost scope is a __finally (CFinally), then an __except with CFilter, then one whose filter is the
 * constant EXCEPTION_EXECUTE_HANDLER. CFilter executes its handler in mode 0 and declines in mode 1. */
__asm__(".globl CTry\n"
        ".def CTry; .scl 2; .type 32; .endef\n"
        ".seh_proc CTry\n"
        "CTry:\n"
        "    subq $40, %rsp\n"
        "    .seh_stackalloc 40\n"
        "    .seh_endprologue\n"
        "    .seh_handler __C_specific_handler, @except, @unwind\n"
        "    movq %rcx, CMode(%rip)\n"
        "CTryBegin:\n"
        "    cmpq $2, %rcx\n"
        "    je 1f\n"
        "    xorl %eax, %eax\n"
        "    movl $1, (%rax)\n"
        "1:  movl $5, %eax\n"
        "CTryEnd:\n"
        "    nop\n"
        "    jmp CTryDone\n"
        "CTryExcept:\n"
        "    jmp CTryDone\n"
        "CTryOuterExcept:\n"
        "    movl $0x77, %eax\n"
        "CTryDone:\n"
        "    addq $40, %rsp\n"
        "    ret\n"
        ".seh_handlerdata\n"
        "    .long 3\n"
        "    .rva CTryBegin, CTryEnd, CFinally\n"
        "    .long 0\n"
        "    .rva CTryBegin, CTryEnd, CFilter, CTryExcept\n"
        "    .rva CTryBegin, CTryDone\n"
        "    .long 1\n"
        "    .rva CTryOuterExcept\n"
        ".text\n"
        ".seh_endproc\n");

extern ULONG64 CTry(ULONG64 mode);
ULONG64 CMode;
static int FilterCalls, FinallyCalls, FinallyAbnormal, FinallyAfterFilter;
static PVOID FilterFrame, FinallyFrame;
static DWORD FilterCode;

LONG NTAPI CFilter(PEXCEPTION_POINTERS pointers, PVOID frame)
{
    FilterCalls++;
    FilterFrame = frame;
    FilterCode = pointers->ExceptionRecord->ExceptionCode;
    if (pointers->ContextRecord->Rip != (ULONG64)pointers->ExceptionRecord->ExceptionAddress)
        FilterCode = 0;
    return CMode == 0 ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH;
}

void NTAPI CFinally(BOOLEAN abnormal, PVOID frame)
{
    FinallyCalls++;
    FinallyAbnormal = abnormal;
    FinallyFrame = frame;
    FinallyAfterFilter = FilterCalls > 0;
}

static int DispatchCalls, UnwindCalls, MiddleUnwinds, TargetSeen;
static DWORD LastCode;
static ULONG64 OuterFrame;
static int OrderOk = 1;

EXCEPTION_DISPOSITION NTAPI OuterHandler(PEXCEPTION_RECORD record, PVOID frame, PCONTEXT context, PVOID dispatch)
{
    static CONTEXT scratch;
    DISPATCHER_CONTEXT *dc = dispatch;

    if (record->ExceptionFlags & EXCEPTION_UNWINDING) {
        UnwindCalls++;
        TargetSeen = !!(record->ExceptionFlags & EXCEPTION_TARGET_UNWIND);
        /* The context the target resumes with is the one a handler may change. */
        if (TargetSeen)
            dc->ContextRecord->Rdx = 0x4242;
        if (!MiddleUnwinds)
            OrderOk = 0; /* the inner frame's termination handler runs first */
        return ExceptionContinueSearch;
    }
    DispatchCalls++;
    LastCode = record->ExceptionCode;
    OuterFrame = (ULONG64)frame;
    if (dc->EstablisherFrame != (ULONG64)frame || !dc->FunctionEntry || dc->LanguageHandler != OuterHandler)
        OrderOk = 0;
    /* The raised exception unwinds through RtlUnwind, the fault through RtlUnwindEx: the same way. */
    if (record->ExceptionCode == 0xe0000005)
        RtlUnwind(frame, OuterRecovery, record, (PVOID)42);
    else
        RtlUnwindEx(frame, OuterRecovery, record, (PVOID)42, &scratch, NULL);
    return ExceptionContinueSearch; /* not reached */
}

EXCEPTION_DISPOSITION NTAPI MiddleHandler(PEXCEPTION_RECORD record, PVOID frame, PCONTEXT context, PVOID dispatch)
{
    if (record->ExceptionFlags & EXCEPTION_UNWINDING)
        MiddleUnwinds++;
    else
        OrderOk = 0; /* a termination handler only: never asked to handle */
    return ExceptionContinueSearch;
}

static RUNTIME_FUNCTION JitEntry = {0x100, 0x180, 0x400};
static ULONG64 JitAsked;

static PRUNTIME_FUNCTION NTAPI JitCallback(ULONG64 pc, PVOID context)
{
    JitAsked = pc;
    return context == (PVOID)7 ? &JitEntry : NULL;
}

/* Three frames of this program, and their hash, from the innermost caller out (the asm keeps the calls
 * from becoming jumps, which would take these frames away). */
static __attribute__((noinline)) USHORT Capture(PVOID *frames, ULONG *hash)
{
    USHORT n = RtlCaptureStackBackTrace(0, 3, frames, hash);
    __asm__ volatile("" ::: "memory");
    return n;
}

static __attribute__((noinline)) USHORT CaptureSkipping(PVOID *frames)
{
    USHORT n = RtlCaptureStackBackTrace(1, 2, frames, NULL);
    __asm__ volatile("" ::: "memory");
    return n;
}

static void TestBackTrace(void)
{
    PVOID frames[3] = {0}, skipped[2] = {0};
    ULONG hash = 0;
    USHORT n = Capture(frames, &hash);
    ULONG64 here = (ULONG64)TestBackTrace, capture = (ULONG64)Capture;

    ok(n == 3, "three frames: %u", n);
    ok((ULONG64)frames[0] > capture && (ULONG64)frames[0] < capture + 0x40, "the first returns into the caller: %p",
       frames[0]);
    ok((ULONG64)frames[1] > here && (ULONG64)frames[1] < here + 0x200, "the next into its caller: %p", frames[1]);
    ok(hash == (ULONG)(ULONG_PTR)frames[0] + (ULONG)(ULONG_PTR)frames[1] + (ULONG)(ULONG_PTR)frames[2],
       "the hash is their sum");
    ok(CaptureSkipping(skipped) == 2 && (ULONG64)skipped[0] > here && (ULONG64)skipped[0] < here + 0x200 &&
           skipped[1] == frames[2],
       "skipping one frame starts a frame out");
}

/* Frames on the TEB's list, as Wine's DLLs keep their __TRY blocks: dispatch calls them where they are on the
 * stack, and an unwind to one of them runs (and pops) those inside it, then continues at its target. */
static EXCEPTION_REGISTRATION_RECORD *TebOuter;
static volatile LONG TebDispatched, TebInnerUnwound, TebListAtTarget;

static EXCEPTION_DISPOSITION NTAPI TebInnerHandler(PEXCEPTION_RECORD record, PVOID frame, PCONTEXT context,
                                                   PVOID dispatcher)
{
    (void)frame, (void)context, (void)dispatcher;
    if (record->ExceptionFlags & EXCEPTION_UNWINDING)
        TebInnerUnwound++;
    else if (record->ExceptionCode == 0xe0001234 && !(record->ExceptionFlags & EXCEPTION_NONCONTINUABLE))
        return TebDispatched++, ExceptionContinueExecution;
    return ExceptionContinueSearch;
}

static __attribute__((noreturn)) void TebTarget(void)
{
    TebListAtTarget = NtCurrentTeb()->NtTib.ExceptionList == TebOuter;
    NtCurrentTeb()->NtTib.ExceptionList = TebOuter->Prev;
    NtTerminateThread(NtCurrentThread(), 0x55);
    for (;;)
        ;
}

static EXCEPTION_DISPOSITION NTAPI TebOuterHandler(PEXCEPTION_RECORD record, PVOID frame, PCONTEXT context,
                                                   PVOID dispatcher)
{
    (void)context, (void)dispatcher;
    if (!(record->ExceptionFlags & EXCEPTION_UNWINDING) && record->ExceptionCode == 0xe0005678)
        RtlUnwind(frame, (PVOID)TebTarget, record, (PVOID)0x77);
    return ExceptionContinueSearch;
}

static ULONG NTAPI TebThread(PVOID arg)
{
    EXCEPTION_RECORD record = {.ExceptionCode = 0xe0001234};
    /* On the stack, where such frames always are. */
    EXCEPTION_REGISTRATION_RECORD outer = {NtCurrentTeb()->NtTib.ExceptionList, TebOuterHandler};
    EXCEPTION_REGISTRATION_RECORD inner = {&outer, TebInnerHandler};
    (void)arg;
    TebOuter = &outer;
    NtCurrentTeb()->NtTib.ExceptionList = &inner;
    RtlRaiseException(&record); /* continued by the inner frame */
    record.ExceptionCode = 0xe0005678;
    RtlRaiseException(&record); /* the outer one unwinds to itself */
    return 1;
}

static void TestTebFrames(void)
{
    THREAD_BASIC_INFORMATION info;
    HANDLE thread = TestCreateThread(TebThread, NULL, 0);

    NtWaitForSingleObject(thread, FALSE, NULL);
    ok_status(NtQueryInformationThread(thread, ThreadBasicInformation, &info, sizeof(info), NULL), STATUS_SUCCESS);
    ok(info.ExitStatus == 0x55 && TebDispatched == 1 && TebInnerUnwound == 1 && TebListAtTarget,
       "TEB frames: exit %x, dispatched %d, inner unwound %d, the list at the target %d", (unsigned)info.ExitStatus,
       (int)TebDispatched, (int)TebInnerUnwound, (int)TebListAtTarget);
    NtClose(thread);
}

void RunTests(void)
{
    ULONG64 base = 0, frame = 0, result;
    TestBackTrace();
    TestTebFrames();
    PRUNTIME_FUNCTION fn;
    CONTEXT context;
    PVOID data;

    ok((fn = RtlLookupFunctionEntry((ULONG64)Middle + 3, &base, NULL)) != NULL, "Middle has unwind data");
    ok(base == (ULONG64)TestPeb()->ImageBaseAddress && fn && base + fn->BeginAddress == (ULONG64)Middle,
       "found in this image at its start");
    ok(RtlLookupFunctionEntry((ULONG64)0x7ffe0000, &base, NULL) == NULL, "no unwind data outside images");

    result = Outer(0);
    ok(result == 42, "an access violation two calls down, handled and unwound: %lx", result);
    ok(DispatchCalls == 1 && LastCode == (DWORD)STATUS_ACCESS_VIOLATION, "the handler saw it: %d", DispatchCalls);
    ok(UnwindCalls == 1 && MiddleUnwinds == 1 && TargetSeen, "termination handlers ran, the target knew: %d %d",
       UnwindCalls, MiddleUnwinds);
    ok(RecoveryRdx == 0x4242, "the target resumed with the rdx its handler set: %llx",
       (unsigned long long)RecoveryRdx);
    ok(OrderOk, "handlers were called as Windows calls them");

    result = Outer(1);
    ok(result == 42 && LastCode == 0xe0000005 && DispatchCalls == 2 && MiddleUnwinds == 2,
       "a raised exception takes the same way: %lx %x", result, LastCode);
    ok(Outer(2) == 2, "without an exception nothing of this happens");

    /* C's __try, through the language handler compilers name. */
    result = CTry(0);
    ok(result == (ULONG)STATUS_ACCESS_VIOLATION, "the __except block ran with the code in rax: %lx", result);
    ok(FilterCalls == 1 && FilterCode == (DWORD)STATUS_ACCESS_VIOLATION, "its filter saw the fault: %d %x",
       FilterCalls, FilterCode);
    ok(FinallyCalls == 1 && FinallyAbnormal && FinallyAfterFilter && FinallyFrame == FilterFrame && FilterFrame,
       "the __finally inside ran abnormally, after the filter, with the same frame: %d", FinallyCalls);
    result = CTry(1);
    ok(result == 0x77 && FilterCalls == 2 && FinallyCalls == 2,
       "a declining filter leaves it to the next scope, a constant one: %lx %d %d", result, FilterCalls,
       FinallyCalls);
    ok(CTry(2) == 5 && FilterCalls == 2 && FinallyCalls == 2, "no exception, no filter, no unwind");

    /* RtlRestoreContext resumes a captured context, as a longjmp would. */
    {
        static volatile int restores;
        CONTEXT here;
        restores = 0;
        RtlCaptureContext(&here);
        if (restores < 2) {
            restores++;
            RtlRestoreContext(&here, NULL);
        }
        ok(restores == 2, "resumed twice at the capture: %d", restores);
    }

    /* One frame by hand: Middle's, as if stopped at its call of Inner. */
    memset(&context, 0, sizeof(context));
    {
        ULONG64 stack[16] = {0};
        /* Middle's frame after its prolog: 40 bytes, saved rsi, saved rbx, return address. */
        stack[5] = 0x7777;
        stack[6] = 0x5151;
        stack[7] = 0x1234;
        context.Rsp = (ULONG64)&stack[0];
        context.Rip = (ULONG64)MiddleAfterCall;
        KNONVOLATILE_CONTEXT_POINTERS pointers;
        memset(&pointers, 0, sizeof(pointers));
        data = (PVOID)0xdeadbeef;
        fn = RtlLookupFunctionEntry(context.Rip, &base, NULL);
        ok(fn && !RtlVirtualUnwind(UNW_FLAG_EHANDLER, base, context.Rip, fn, &context, &data, &frame, &pointers),
           "Middle has no exception handler");
        ok(data == (PVOID)0xdeadbeef, "no handler: its data is left alone (%p)", data);
        ok(context.Rsi == 0x7777 && context.Rbx == 0x5151 && context.Rip == 0x1234 &&
               context.Rsp == (ULONG64)&stack[8] && frame == (ULONG64)&stack[0],
           "unwound: rsi %lx rbx %lx rip %lx", (ULONG64)context.Rsi, (ULONG64)context.Rbx, (ULONG64)context.Rip);
        ok(pointers.IntegerContext[6] == &stack[5] && pointers.IntegerContext[3] == &stack[6] &&
               !pointers.IntegerContext[4] && !pointers.IntegerContext[5] && !pointers.IntegerContext[0],
           "where rsi and rbx were found: %p %p", pointers.IntegerContext[6], pointers.IntegerContext[3]);
    }

    /* Or through a callback that answers for a range of code. */
    {
        ULONG64 jit = 0x7ffe00000000ull;
        ok(!RtlInstallFunctionTableCallback(jit, jit, 0x1000, JitCallback, (PVOID)7, NULL),
           "an identifier without its low bits set is refused");
        ok(RtlInstallFunctionTableCallback(jit | 3, jit, 0x1000, JitCallback, (PVOID)7, NULL), "installed");
        ok(RtlLookupFunctionEntry(jit + 0x110, &base, NULL) == &JitEntry && base == jit && JitAsked == jit + 0x110,
           "the callback answered for its range: %lx", JitAsked);
        ok(RtlLookupFunctionEntry(jit + 0x1000, &base, NULL) == NULL, "not beyond it");
        ok(RtlDeleteFunctionTable((PRUNTIME_FUNCTION)(jit | 3)), "deleted by its identifier");
        ok(RtlLookupFunctionEntry(jit + 0x110, &base, NULL) == NULL, "gone");
    }

    /* Code generated at run time is found through the tables added for it, until they are deleted. */
    {
        static RUNTIME_FUNCTION table[2] = {{0x100, 0x180, 0x400}, {0x200, 0x220, 0x410}};
        ULONG64 jit = 0x7fff00000000ull;
        ok(RtlLookupFunctionEntry(jit + 0x210, &base, NULL) == NULL, "nothing known there yet");
        ok(RtlAddFunctionTable(table, 2, jit), "table added");
        ok(RtlLookupFunctionEntry(jit + 0x210, &base, NULL) == &table[1] && base == jit, "second entry found");
        ok(RtlLookupFunctionEntry(jit + 0x180, &base, NULL) == NULL, "end addresses are exclusive");
        ok(RtlDeleteFunctionTable(table), "table deleted");
        ok(!RtlDeleteFunctionTable(table), "deleting it twice fails");
        ok(RtlLookupFunctionEntry(jit + 0x210, &base, NULL) == NULL, "gone with its table");
    }
}
