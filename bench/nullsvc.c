/* The cost of a service that does nothing (one not yet written: NtAccessCheck, number 0), through ntdll's
 * stub (the fast path) and through a raw syscall instruction (the trap). Prints "FAST_NS TRAP_NS". */
#include "bench.h"

NTSTATUS NTAPI NtAccessCheck(void);
extern NTSTATUS NTAPI RawNullService(void);
__asm__(".globl RawNullService\nRawNullService:\n"
        "    movq %rcx, %r10\n"
        "    xorl %eax, %eax\n"
        "    syscall\n"
        "    ret\n");

ULONG NTAPI Start(PPEB peb)
{
    const LONG64 fast_calls = 20000000, trap_calls = 1000000;
    char line[64];
    int len;
    LONG64 t0, t1, t2;

    for (int i = 0; i < 100000; i++)
        NtAccessCheck();
    t0 = BenchNow();
    for (LONG64 i = 0; i < fast_calls; i++)
        NtAccessCheck();
    t1 = BenchNow();
    for (LONG64 i = 0; i < trap_calls; i++)
        RawNullService();
    t2 = BenchNow();
    len = BenchPut(line, t1 - t0, fast_calls, BENCH_NS, 2);
    line[len++] = ' ';
    len += BenchPut(line + len, t2 - t1, trap_calls, BENCH_NS, 2);
    line[len++] = '\n';
    BenchWrite(peb, line, len);
    return 0;
}
