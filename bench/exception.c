/* Exceptions through Veles, per round trip: an access violation that a vectored handler fixes and
 * continues, and an exception raised and handled by a frame's handler, which unwinds to it (a try/except).
 * Prints "FAULT_NS RAISE_NS". */
#include "bench.h"

EXCEPTION_DISPOSITION NTAPI GuardHandler(PEXCEPTION_RECORD, PVOID, PCONTEXT, PVOID);
extern void Fault(void);
extern void Guarded(void);
extern char FaultResume[], GuardedRecovery[];
__asm__(".globl Fault\nFault:\n"
        "    xorl %eax, %eax\n"
        "    movl %eax, (%rax)\n"
        ".globl FaultResume\nFaultResume:\n"
        "    ret\n"
        ".globl Guarded\n"
        ".def Guarded; .scl 2; .type 32; .endef\n"
        ".seh_proc Guarded\n"
        "Guarded:\n"
        "    subq $40, %rsp\n"
        "    .seh_stackalloc 40\n"
        "    .seh_endprologue\n"
        "    .seh_handler GuardHandler, @except\n"
        "    call Raise\n"
        "    nop\n"
        ".globl GuardedRecovery\nGuardedRecovery:\n"
        "    addq $40, %rsp\n"
        "    ret\n"
        ".seh_endproc\n");

void Raise(void)
{
    EXCEPTION_RECORD record = {.ExceptionCode = 0xe0000001};
    RtlRaiseException(&record);
}

EXCEPTION_DISPOSITION NTAPI GuardHandler(PEXCEPTION_RECORD record, PVOID frame, PCONTEXT context, PVOID dispatch)
{
    CONTEXT scratch;
    RtlUnwindEx(frame, GuardedRecovery, record, NULL, &scratch, NULL);
    return ExceptionContinueSearch;
}

static LONG NTAPI SkipFault(PEXCEPTION_POINTERS pointers)
{
    if (pointers->ExceptionRecord->ExceptionCode != (DWORD)STATUS_ACCESS_VIOLATION)
        return EXCEPTION_CONTINUE_SEARCH;
    pointers->ContextRecord->Rip = (DWORD64)FaultResume;
    return EXCEPTION_CONTINUE_EXECUTION;
}

ULONG NTAPI Start(PPEB peb)
{
    const LONG64 rounds = 100000;
    char line[64];
    int len;
    LONG64 t0, t1, t2;
    PVOID vectored = RtlAddVectoredExceptionHandler(TRUE, SkipFault);

    if (!vectored)
        return 1;
    for (int i = 0; i < 1000; i++) {
        Fault();
        Guarded();
    }
    t0 = BenchNow();
    for (LONG64 i = 0; i < rounds; i++)
        Fault();
    t1 = BenchNow();
    for (LONG64 i = 0; i < rounds; i++)
        Guarded();
    t2 = BenchNow();
    len = BenchPut(line, t1 - t0, rounds, BENCH_NS, 1);
    line[len++] = ' ';
    len += BenchPut(line + len, t2 - t1, rounds, BENCH_NS, 1);
    line[len++] = '\n';
    BenchWrite(peb, line, len);
    return 0;
}
