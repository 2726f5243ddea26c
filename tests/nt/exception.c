/* Exceptions: faults of Windows code reach vectored handlers with the record and context Windows gives, a
 * handler that fixes the context continues the program, and raising, capturing and continuing work. */
#include "lib/nttest.h"

/* Small routines whose faulting instruction and registers are known. */
extern LONG StoreOne(LONG *target);
extern LONG DivideInts(LONG a, LONG b);
extern LONG Breakpoint(void);
extern ULONG64 NonVolatileAcrossFault(LONG *good);
__asm__(".globl StoreOne\nStoreOne:\n"
        "    movl $1, (%rcx)\n"
        "    movl (%rcx), %eax\n"
        "    ret\n"
        ".globl DivideInts\nDivideInts:\n"
        "    movl %ecx, %eax\n"
        "    movl %edx, %ecx\n"
        "    cltd\n"
        "    idivl %ecx\n"
        "    ret\n"
        ".globl Breakpoint\nBreakpoint:\n"
        "    int3\n"
        "    movl $7, %eax\n"
        "    ret\n"
        /* Loads patterns, faults on a NULL store (which the handler redirects), then reports which of
         * rbx, r12, r15 and xmm6 changed. */
        ".globl NonVolatileAcrossFault\nNonVolatileAcrossFault:\n"
        "    pushq %rbx; pushq %r12; pushq %r15\n"
        "    subq $24, %rsp\n"
        "    movdqu %xmm6, (%rsp)\n"
        "    movq %rcx, %rdx\n"
        "    movq $0x1111, %rbx; movq $0x2222, %r12; movq $0x3333, %r15\n"
        "    movq $0x4444, %rax; movq %rax, %xmm6\n"
        "    xorl %ecx, %ecx\n"
        "    movl $1, (%rcx)\n"
        "    xorl %eax, %eax\n"
        "    cmpq $0x1111, %rbx; je 1f; orl $1, %eax\n1:\n"
        "    cmpq $0x2222, %r12; je 1f; orl $2, %eax\n1:\n"
        "    cmpq $0x3333, %r15; je 1f; orl $4, %eax\n1:\n"
        "    movq %xmm6, %rcx; cmpq $0x4444, %rcx; je 1f; orl $8, %eax\n1:\n"
        "    movdqu (%rsp), %xmm6\n"
        "    addq $24, %rsp\n"
        "    popq %r15; popq %r12; popq %rbx\n"
        "    ret\n");

static LONG Good;
static LONG *FixTarget = &Good; /* where FixStore points a faulting store */
static EXCEPTION_RECORD Seen;
static CONTEXT SeenContext;
static int Calls[3];

static LONG NTAPI FixStore(PEXCEPTION_POINTERS p)
{
    Calls[0]++;
    Seen = *p->ExceptionRecord;
    SeenContext = *p->ContextRecord;
    if (p->ExceptionRecord->ExceptionCode == (DWORD)STATUS_ACCESS_VIOLATION) {
        p->ContextRecord->Rcx = (DWORD64)FixTarget;
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    if (p->ExceptionRecord->ExceptionCode == (DWORD)STATUS_INTEGER_DIVIDE_BY_ZERO) {
        p->ContextRecord->Rcx = 2;
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    if (p->ExceptionRecord->ExceptionCode == (DWORD)STATUS_BREAKPOINT) {
        p->ContextRecord->Rip++;
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    if (p->ExceptionRecord->ExceptionCode == 0xe0000001)
        return EXCEPTION_CONTINUE_EXECUTION;
    return EXCEPTION_CONTINUE_SEARCH;
}

static LONG NTAPI SearchOn(PEXCEPTION_POINTERS p)
{
    Calls[1]++;
    return EXCEPTION_CONTINUE_SEARCH;
}

static LONG NTAPI FirstOfAll(PEXCEPTION_POINTERS p)
{
    Calls[2] = Calls[0] + Calls[1] + 1; /* when it ran, relative to the others */
    return EXCEPTION_CONTINUE_SEARCH;
}

static int ContinueCalls, ContinueSecond;
static DWORD ContinueCode;

static LONG NTAPI OnContinue(PEXCEPTION_POINTERS p)
{
    ContinueCalls++;
    ContinueCode = p->ExceptionRecord->ExceptionCode;
    return EXCEPTION_CONTINUE_SEARCH;
}

static LONG NTAPI OnContinueSecond(PEXCEPTION_POINTERS p)
{
    ContinueSecond++;
    return EXCEPTION_CONTINUE_SEARCH;
}

/* Continue handlers run when an exception is about to be continued, after the handler that took it. */
static void TestContinueHandlers(void)
{
    EXCEPTION_RECORD record = {.ExceptionCode = 0xe0000001};
    PVOID fix = RtlAddVectoredExceptionHandler(FALSE, FixStore);
    PVOID one = RtlAddVectoredContinueHandler(FALSE, OnContinue);
    PVOID two = RtlAddVectoredContinueHandler(TRUE, OnContinueSecond);

    ok(one && two, "continue handlers added");
    RtlRaiseException(&record);
    ok(ContinueCalls == 1 && ContinueSecond == 1 && ContinueCode == 0xe0000001, "both ran as it was continued");
    ok(RtlRemoveVectoredContinueHandler(two) == 1 && RtlRemoveVectoredContinueHandler(two) == 0,
       "removed once");
    ok(StoreOne(NULL) == 1 && ContinueCalls == 2 && ContinueSecond == 1 &&
           ContinueCode == (DWORD)STATUS_ACCESS_VIOLATION,
       "a fault continued passes the one left");
    ok(RtlRemoveVectoredContinueHandler(fix) == 0, "an exception handler is not a continue handler");
    RtlRemoveVectoredContinueHandler(one);
    RtlRemoveVectoredExceptionHandler(fix);
}

/* An invalid opcode, then a step with the trap flag set. */
extern int Illegal(void), Stepped(void);
extern char IllegalAt[], SteppedAfter[];
__asm__(".globl Illegal\nIllegal:\n"
        "    movl $5, %eax\n"
        ".globl IllegalAt\nIllegalAt:\n"
        "    ud2\n"
        "    ret\n"
        ".globl Stepped\nStepped:\n"
        "    pushfq\n"
        "    orq $0x100, (%rsp)\n"
        "    popfq\n"
        "    movl $6, %eax\n"
        ".globl SteppedAfter\nSteppedAfter:\n"
        "    ret\n");

static DWORD FaultCode;
static ULONG64 FaultAddress, StepFlags;

static LONG NTAPI OnFault(PEXCEPTION_POINTERS p)
{
    FaultCode = p->ExceptionRecord->ExceptionCode;
    FaultAddress = (ULONG64)p->ExceptionRecord->ExceptionAddress;
    if (FaultCode == (DWORD)STATUS_ILLEGAL_INSTRUCTION) {
        p->ContextRecord->Rip += 2;
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    if (FaultCode == (DWORD)STATUS_SINGLE_STEP) {
        StepFlags = p->ContextRecord->EFlags;
        return EXCEPTION_CONTINUE_EXECUTION; /* the step is over: the context has no trap flag left */
    }
    return EXCEPTION_CONTINUE_SEARCH;
}

static void TestIllegalAndStep(void)
{
    PVOID handler = RtlAddVectoredExceptionHandler(TRUE, OnFault);

    ok(Illegal() == 5 && FaultCode == (DWORD)STATUS_ILLEGAL_INSTRUCTION && FaultAddress == (ULONG64)IllegalAt,
       "an invalid opcode, at it: %x at %lx", FaultCode, FaultAddress);
    FaultCode = 0;
    ok(Stepped() == 6 && FaultCode == (DWORD)STATUS_SINGLE_STEP, "a single step: %x at %lx", FaultCode,
       FaultAddress);
    ok(!(StepFlags & 0x100), "the handler's context has the trap flag cleared, as on Windows: %lx", StepFlags);
    RtlRemoveVectoredExceptionHandler(handler);
}

/* General protection faults, told apart by the instruction: privileged ones, one past 15 bytes, and others
 * (a bad interrupt), which Windows reports as an access to the address -1. Each piece of code is its own. */
static EXCEPTION_RECORD GpRecord;

static LONG NTAPI OnGeneralProtection(PEXCEPTION_POINTERS p)
{
    GpRecord = *p->ExceptionRecord;
    p->ContextRecord->MxCsr = 0x1f80; /* all masked again */
    /* Resume at the ret that ends each piece. */
    p->ContextRecord->Rip = (ULONG64)p->ExceptionRecord->ExceptionAddress;
    while (*(BYTE *)p->ContextRecord->Rip != 0xc3)
        p->ContextRecord->Rip++;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static void TestGeneralProtection(void)
{
    static const struct {
        BYTE code[20];
        NTSTATUS status;
        ULONG64 address;
    } cases[] = {
        {{0xfa, 0xc3}, STATUS_PRIVILEGED_INSTRUCTION, 0},             /* cli */
        {{0xf4, 0xc3}, STATUS_PRIVILEGED_INSTRUCTION, 0},             /* hlt */
        {{0xe4, 0x11, 0xc3}, STATUS_PRIVILEGED_INSTRUCTION, 0},       /* in al, 0x11 */
        {{0x0f, 0x20, 0xc0, 0xc3}, STATUS_PRIVILEGED_INSTRUCTION, 0}, /* mov rax, cr0 */
        {{0x0f, 0x30, 0xc3}, STATUS_PRIVILEGED_INSTRUCTION, 0},       /* wrmsr */
        {{0xcd, 0xff, 0xc3}, STATUS_ACCESS_VIOLATION, ~0ull},         /* int 0xff */
        {{0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0x64, 0xfa, 0xc3},
         STATUS_ILLEGAL_INSTRUCTION, 0},                              /* 16 bytes */
    };
    PVOID handler = RtlAddVectoredExceptionHandler(TRUE, OnGeneralProtection);
    SIZE_T size = 0x1000;
    BYTE *code = NULL;

    ok_status(NtAllocateVirtualMemory(NtCurrentProcess(), (PVOID *)&code, 0, &size, MEM_RESERVE | MEM_COMMIT,
                                      PAGE_EXECUTE_READWRITE), STATUS_SUCCESS);
    for (ULONG i = 0; code && i < sizeof(cases) / sizeof(cases[0]); i++) {
        memcpy(code, cases[i].code, sizeof(cases[i].code));
        memset(&GpRecord, 0, sizeof(GpRecord));
        ((void (*)(void))code)();
        ok(GpRecord.ExceptionCode == (DWORD)cases[i].status && GpRecord.ExceptionAddress == code &&
               (cases[i].status != STATUS_ACCESS_VIOLATION ||
                (GpRecord.NumberParameters == 2 && !GpRecord.ExceptionInformation[0] &&
                 GpRecord.ExceptionInformation[1] == cases[i].address)) &&
               (cases[i].status == STATUS_ACCESS_VIOLATION || !GpRecord.NumberParameters),
           "case %lu: %x with %lu parameters, %llx", i, GpRecord.ExceptionCode, GpRecord.NumberParameters,
           GpRecord.ExceptionInformation[1]);
    }
    /* An SSE division by zero the program unmasked: the MXCSR it came from is the second parameter. */
    {
        static const BYTE divide[] = {
            0x0f, 0xae, 0x11,             /* ldmxcsr (%rcx) */
            0xb8, 0x00, 0x00, 0x80, 0x3f, /* mov $1.0f, %eax */
            0x66, 0x0f, 0x6e, 0xc0,       /* movd %eax, %xmm0 */
            0x0f, 0x57, 0xc9,             /* xorps %xmm1, %xmm1 */
            0xf3, 0x0f, 0x5e, 0xc1,       /* divss %xmm1, %xmm0 */
            0xc3,
        };
        static ULONG mxcsr = 0x1f80 & ~0x200u; /* zero division unmasked */
        memcpy(code, divide, sizeof(divide));
        memset(&GpRecord, 0, sizeof(GpRecord));
        ((void (*)(ULONG *))code)(&mxcsr);
        ok(GpRecord.ExceptionCode == (DWORD)STATUS_FLOAT_DIVIDE_BY_ZERO && GpRecord.NumberParameters == 2 &&
               !GpRecord.ExceptionInformation[0] && (GpRecord.ExceptionInformation[1] & 0xffff) == (mxcsr | 4),
           "an SSE division by zero: %x, %lu parameters, mxcsr %llx", GpRecord.ExceptionCode,
           GpRecord.NumberParameters, GpRecord.ExceptionInformation[1]);
    }
    NtFreeVirtualMemory(NtCurrentProcess(), (PVOID *)&code, &size, MEM_RELEASE);
    RtlRemoveVectoredExceptionHandler(handler);
}

/* icebp (int1) is a single step after it; int 0x2c an assertion failure at it. */
extern int Icebp(void), Int2c(void);
extern char IcebpAfter[], Int2cAt[];
__asm__(".globl Icebp\nIcebp:\n"
        "    .byte 0xf1\n"
        ".globl IcebpAfter\nIcebpAfter:\n"
        "    movl $8, %eax\n"
        "    ret\n"
        ".globl Int2c\nInt2c:\n"
        ".globl Int2cAt\nInt2cAt:\n"
        "    int $0x2c\n"
        "    movl $9, %eax\n"
        "    ret\n");

static ULONG64 TrapRip;

static LONG NTAPI OnTrap(PEXCEPTION_POINTERS p)
{
    FaultCode = p->ExceptionRecord->ExceptionCode;
    FaultAddress = (ULONG64)p->ExceptionRecord->ExceptionAddress;
    TrapRip = p->ContextRecord->Rip;
    if (FaultCode == (DWORD)STATUS_ASSERTION_FAILURE)
        p->ContextRecord->Rip += 2;
    return FaultCode == (DWORD)STATUS_SINGLE_STEP || FaultCode == (DWORD)STATUS_ASSERTION_FAILURE
                   ? EXCEPTION_CONTINUE_EXECUTION
                   : EXCEPTION_CONTINUE_SEARCH;
}

static void TestIcebpAndInt2c(void)
{
    PVOID handler = RtlAddVectoredExceptionHandler(TRUE, OnTrap);

    ok(Icebp() == 8 && FaultCode == (DWORD)STATUS_SINGLE_STEP && FaultAddress == (ULONG64)IcebpAfter &&
           TrapRip == (ULONG64)IcebpAfter,
       "icebp: a single step past it: %x at %lx", FaultCode, FaultAddress);
    ok(Int2c() == 9 && FaultCode == (DWORD)STATUS_ASSERTION_FAILURE && FaultAddress == (ULONG64)Int2cAt &&
           TrapRip == (ULONG64)Int2cAt,
       "int 0x2c: an assertion failure at it: %x at %lx", FaultCode, FaultAddress);
    RtlRemoveVectoredExceptionHandler(handler);
}

/* RtlRestoreContext with a longjmp's record takes setjmp's registers; with a consolidated unwind's it calls the
 * callback and goes where that says; RtlUnwindEx ends the same way. */
static volatile int Restores;
static CONTEXT RestoreAt;

static PVOID NTAPI Consolidate(EXCEPTION_RECORD *record)
{
    Restores += (int)record->ExceptionInformation[1];
    return (PVOID)record->ExceptionInformation[2];
}

static void TestRestoreContext(void)
{
    static JUMP_BUFFER jb;
    static EXCEPTION_RECORD record;
    static CONTEXT other;

    Restores = 0;
    RtlCaptureContext(&RestoreAt);
    if (Restores == 0) {
        Restores = 1;
        jb.Rbx = RestoreAt.Rbx, jb.Rsp = RestoreAt.Rsp, jb.Rbp = RestoreAt.Rbp, jb.Rsi = RestoreAt.Rsi;
        jb.Rdi = RestoreAt.Rdi, jb.R12 = RestoreAt.R12, jb.R13 = RestoreAt.R13, jb.R14 = RestoreAt.R14;
        jb.R15 = RestoreAt.R15, jb.Rip = RestoreAt.Rip, jb.MxCsr = RestoreAt.MxCsr, jb.FpCsr = 0x27f;
        memcpy(jb.Xmm, &RestoreAt.FltSave.XmmRegisters[6], sizeof(jb.Xmm));
        record.ExceptionCode = (DWORD)STATUS_LONGJUMP;
        record.NumberParameters = 1;
        record.ExceptionInformation[0] = (ULONG_PTR)&jb;
        other = RestoreAt;
        other.Rip = 0xdeadbeef;
        RtlRestoreContext(&other, &record);
    }
    if (Restores == 1) {
        Restores = 2;
        record.ExceptionCode = (DWORD)STATUS_UNWIND_CONSOLIDATE;
        record.NumberParameters = 3;
        record.ExceptionInformation[0] = (ULONG_PTR)Consolidate;
        record.ExceptionInformation[1] = 10;
        record.ExceptionInformation[2] = RestoreAt.Rip;
        other = RestoreAt;
        other.Rip = 0xdeadbeef;
        RtlRestoreContext(&other, &record);
    }
    if (Restores == 12) {
        Restores = 13;
        record.ExceptionCode = (DWORD)STATUS_LONGJUMP;
        record.NumberParameters = 1;
        record.ExceptionInformation[0] = (ULONG_PTR)&jb;
        RtlUnwindEx((PVOID)jb.Rsp, (PVOID)0xdeadbeef, &record, NULL, &other, NULL);
    }
    /* Each step resumed where the context was captured: a wrong one would have run at 0xdeadbeef. */
    ok(Restores == 13, "a longjmp's record takes setjmp's rip, a consolidated unwind's callback chooses it, "
                       "and RtlUnwindEx ends the same way: %d",
       Restores);
}

/* An APC that unwinds out of itself, through KiUserApcDispatcher, to the code that waited: the dispatcher's
 * unwind data gives back the interrupted code's registers. */
static CONTEXT UnwindTarget;
static volatile int UnwindPass;

static void NTAPI UnwindingApc(PVOID normal_context, PVOID argument1, PVOID argument2, CONTEXT *context)
{
    EXCEPTION_RECORD record = {.ExceptionCode = (DWORD)STATUS_UNWIND};
    RtlUnwind((PVOID)UnwindTarget.Rsp, (PVOID)UnwindTarget.Rip, &record, NULL);
}

static void TestUnwindFromApc(void)
{
    LARGE_INTEGER zero = {.QuadPart = 0};

    UnwindPass = 0;
    UnwindPass++;
    RtlCaptureContext(&UnwindTarget);
    UnwindPass++;
    if (UnwindPass == 2) {
        ok_status(NtQueueApcThread(NtCurrentThread(), (PPS_APC_ROUTINE)(void *)UnwindingApc, NULL, NULL, NULL),
                  STATUS_SUCCESS);
        NtDelayExecution(TRUE, &zero);
        ok(0, "the APC did not unwind");
    }
    ok(UnwindPass == 3, "an APC unwound through the dispatcher to the waiting code: pass %d", UnwindPass);
}

static volatile int ApcRuns;
static PVOID ApcSeen[3];
static CONTEXT *ApcContext;

static void NTAPI ApcRoutine(PVOID normal_context, PVOID argument1, PVOID argument2, CONTEXT *context)
{
    ApcRuns++;
    ApcSeen[0] = normal_context;
    ApcSeen[1] = argument1;
    ApcSeen[2] = argument2;
    ApcContext = context;
}

/* A user APC as the personality delivers it: the interrupted context on a stack with the APC in its home
 * slots and a machine frame above; the dispatcher calls the routine and resumes the context. */
static void TestApcDispatcher(void)
{
    /* The services the dispatcher calls run on this stack too: it must be a real one's size. */
    static UCHAR stack[0x10000] __attribute__((aligned(16)));
    static CONTEXT resume;
    static volatile int delivered;
    CONTEXT *frame = (CONTEXT *)(stack + sizeof(stack) - 0x800);
    ULONG64 *machine = (ULONG64 *)(frame + 1);

    delivered = 0;
    RtlCaptureContext(&resume);
    if (!delivered) {
        delivered = 1;
        *frame = resume;
        frame->P1Home = 0x11;
        frame->P2Home = 0x22;
        frame->P3Home = 0x33;
        frame->P4Home = (DWORD64)ApcRoutine;
        machine[0] = resume.Rip;
        machine[1] = resume.SegCs;
        machine[2] = resume.EFlags;
        machine[3] = resume.Rsp;
        machine[4] = resume.SegSs;
        __asm__ volatile("movq %0, %%rsp\n\tjmp *%1" ::"r"(frame), "r"(KiUserApcDispatcher) : "memory");
    }
    ok(ApcRuns == 1 && ApcSeen[0] == (PVOID)0x11 && ApcSeen[1] == (PVOID)0x22 && ApcSeen[2] == (PVOID)0x33,
       "the APC routine ran with its arguments: %d", ApcRuns);
    ok(ApcContext == frame, "and the interrupted context, which then resumed");
}

/* int 0x2d, the debug service: with no debugger, a breakpoint past the instruction for most services (the
 * service in ExceptionInformation[0]), nothing at all for printing and symbols, which resume a byte further. */
static ULONG DebugServiceBreaks;
static ULONG64 DebugServiceInfo, DebugServiceAddress;

static LONG NTAPI OnDebugService(PEXCEPTION_POINTERS p)
{
    if (p->ExceptionRecord->ExceptionCode != (DWORD)STATUS_BREAKPOINT)
        return EXCEPTION_CONTINUE_SEARCH;
    DebugServiceBreaks++;
    DebugServiceInfo = p->ExceptionRecord->NumberParameters == 1 ? p->ExceptionRecord->ExceptionInformation[0] : ~0ull;
    DebugServiceAddress = p->ContextRecord->Rip;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static void TestDebugService(void)
{
    static const UCHAR code[] = {0x48, 0x89, 0xc8, /* mov %rcx,%rax */
                                 0xcd, 0x2d,       /* int $0x2d */
                                 0x90,             /* nop: skipped when there is no exception */
                                 0xc3};            /* ret */
    PVOID mem = NULL, handler = RtlAddVectoredExceptionHandler(TRUE, OnDebugService);
    SIZE_T size = 0x1000;
    ULONG64 (*call)(ULONG64);

    ok_status(NtAllocateVirtualMemory(NtCurrentProcess(), &mem, 0, &size, MEM_COMMIT, PAGE_EXECUTE_READWRITE),
              STATUS_SUCCESS);
    memcpy(mem, code, sizeof(code));
    call = (ULONG64(*)(ULONG64))mem;
    ok(call(0) == 0 && DebugServiceBreaks == 1 && DebugServiceInfo == 0 && DebugServiceAddress == (ULONG64)mem + 5,
       "BREAKPOINT_BREAK: a breakpoint past the instruction: %u, %llx", DebugServiceBreaks, DebugServiceAddress);
    ok(call(1) == 1 && DebugServiceBreaks == 1, "BREAKPOINT_PRINT: nothing, resumed a byte further");
    ok(call(6) == 6 && DebugServiceBreaks == 2 && DebugServiceInfo == 6, "an unknown service: a breakpoint");
    RtlRemoveVectoredExceptionHandler(handler);
    size = 0;
    NtFreeVirtualMemory(NtCurrentProcess(), &mem, &size, MEM_RELEASE);
}

/* A call through a NULL pointer faults at address 0 itself (the instruction cannot be read there); the handler
 * returns to the caller. */
static ULONG64 NullCallAddress;

static LONG NTAPI OnNullCall(PEXCEPTION_POINTERS p)
{
    if (p->ExceptionRecord->ExceptionCode != (DWORD)STATUS_ACCESS_VIOLATION || p->ContextRecord->Rip)
        return EXCEPTION_CONTINUE_SEARCH;
    NullCallAddress = p->ExceptionRecord->ExceptionInformation[1] + 1;
    p->ContextRecord->Rip = *(ULONG64 *)p->ContextRecord->Rsp;
    p->ContextRecord->Rsp += 8;
    p->ContextRecord->Rax = 42;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static void TestNullCall(void)
{
    PVOID handler = RtlAddVectoredExceptionHandler(TRUE, OnNullCall);
    ULONG64 (*volatile null)(void) = NULL;

    ok(null() == 42 && NullCallAddress == 1, "a call to NULL: an access violation executing at 0, handled");
    RtlRemoveVectoredExceptionHandler(handler);
}

void RunTests(void)
{
    TestGeneralProtection();
    TestNullCall();
    TestDebugService();
    TestIllegalAndStep();
    TestApcDispatcher();
    TestContinueHandlers();
    TestIcebpAndInt2c();
    TestRestoreContext();
    TestUnwindFromApc();
    Good = 0;
    Calls[0] = Calls[1] = Calls[2] = 0;
    PVOID fix = RtlAddVectoredExceptionHandler(FALSE, FixStore);
    PVOID search = RtlAddVectoredExceptionHandler(TRUE, SearchOn);
    PVOID first = RtlAddVectoredExceptionHandler(TRUE, FirstOfAll);
    EXCEPTION_RECORD record = {.ExceptionCode = 0xe0000001, .NumberParameters = 2,
                               .ExceptionInformation = {0x1234, 0x5678}};
    static CONTEXT context;
    static volatile int raised;

    ok(fix && search && first, "handlers added");

    /* An access violation, fixed by pointing the store elsewhere. */
    ok(StoreOne(NULL) == 1 && Good == 1, "the store went where the handler pointed it");
    ok(Seen.ExceptionCode == (DWORD)STATUS_ACCESS_VIOLATION && Seen.ExceptionAddress == (PVOID)StoreOne &&
           Seen.NumberParameters == 2 && Seen.ExceptionInformation[0] == 1 && Seen.ExceptionInformation[1] == 0,
       "record: code %x at %p, write %lu to %p", (unsigned)Seen.ExceptionCode, Seen.ExceptionAddress,
       (ULONG64)Seen.ExceptionInformation[0], (void *)Seen.ExceptionInformation[1]);
    ok(SeenContext.Rip == (DWORD64)StoreOne && (SeenContext.ContextFlags & CONTEXT_FULL) == CONTEXT_FULL &&
           SeenContext.SegCs == 0x33,
       "context at the faulting instruction");
    ok(Calls[2] == 1 && Calls[1] == 1 && Calls[0] == 1, "handlers in order: first-added-first, then the rest");

    ok(DivideInts(10, 0) == 5, "a divide by zero, fixed by changing the divisor");
    ok(Seen.ExceptionCode == (DWORD)STATUS_INTEGER_DIVIDE_BY_ZERO, "integer divide by zero");
    ok(Breakpoint() == 7, "a breakpoint, stepped over");
    ok(Seen.ExceptionCode == (DWORD)STATUS_BREAKPOINT && Seen.ExceptionAddress == (PVOID)Breakpoint &&
           SeenContext.Rip == (DWORD64)Breakpoint,
       "a breakpoint is reported at the int3 itself");
    Seen.ExceptionCode = 0;
    DbgBreakPoint();
    ok(Seen.ExceptionCode == (DWORD)STATUS_BREAKPOINT, "DbgBreakPoint is a breakpoint");
    ok(NonVolatileAcrossFault(&Good) == 0, "registers survive a fault and its handling: changed %lx",
       (ULONG64)NonVolatileAcrossFault(&Good));
    ok(SeenContext.Rbx == 0x1111 && SeenContext.R12 == 0x2222 && SeenContext.R15 == 0x3333,
       "the handler saw the registers of the fault");

    RtlRaiseException(&record);
    ok(Seen.ExceptionCode == 0xe0000001 && Seen.NumberParameters == 2 && Seen.ExceptionInformation[1] == 0x5678,
       "a raised exception reaches the handlers and returns");
    ok(Seen.ExceptionAddress && SeenContext.Rip == (DWORD64)Seen.ExceptionAddress, "raised where the call returns");

    /* NtRaiseException, first chance, from a captured context: continuing resumes after the capture. */
    raised = 0;
    RtlCaptureContext(&context);
    if (!raised) {
        raised = 1;
        record.ExceptionAddress = (PVOID)context.Rip;
        NtRaiseException(&record, &context, TRUE);
        ok(0, "NtRaiseException returned");
    }
    ok(raised == 1, "continued after the capture");

    ok_status(NtContinue(NULL, FALSE), STATUS_ACCESS_VIOLATION);
    context.ContextFlags = CONTEXT_CONTROL;
    ok_status(NtContinue(&context, FALSE), STATUS_NOT_IMPLEMENTED);
    ok_status(NtRaiseException(NULL, &context, TRUE), STATUS_ACCESS_VIOLATION);
    record.NumberParameters = 16;
    ok_status(NtRaiseException(&record, &context, TRUE), STATUS_INVALID_PARAMETER);

    ok(RtlRemoveVectoredExceptionHandler(first) == 1, "removed");
    ok(RtlRemoveVectoredExceptionHandler(first) == 0, "not twice");
    ok(RtlRemoveVectoredExceptionHandler(search) == 1 && RtlRemoveVectoredExceptionHandler(fix) == 1, "all removed");
}
