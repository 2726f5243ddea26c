/* The cost of a service that does nothing (one not yet written: NtAccessCheck, number 0), through ntdll's
 * stub (the fast path) and through a raw syscall instruction (the trap). Prints "FAST_NS TRAP_NS". */
#include "nt/services.h"

NTSTATUS NTAPI NtAccessCheck(void);
extern NTSTATUS NTAPI RawNullService(void);
__asm__(".globl RawNullService\nRawNullService:\n"
        "    movq %rcx, %r10\n"
        "    xorl %eax, %eax\n"
        "    syscall\n"
        "    ret\n");

static LONG64 Now(void)
{
    LARGE_INTEGER t;
    NtQueryPerformanceCounter(&t, NULL);
    return t.QuadPart;
}

/* ns per call, with two decimals, as text. */
static int Format(char *out, LONG64 ticks, LONG64 calls)
{
    LONG64 centi_ns = ticks * 100 * 100 / calls, whole = centi_ns / 100, frac = centi_ns % 100;
    char digits[24];
    int n = 0, len = 0;
    do
        digits[n++] = (char)('0' + whole % 10);
    while (whole /= 10);
    while (n)
        out[len++] = digits[--n];
    out[len++] = '.';
    out[len++] = (char)('0' + frac / 10);
    out[len++] = (char)('0' + frac % 10);
    return len;
}

ULONG NTAPI Start(PPEB peb)
{
    const LONG64 fast_calls = 20000000, trap_calls = 1000000;
    char line[64];
    int len;
    LONG64 t0, t1, t2;
    IO_STATUS_BLOCK iosb;

    for (int i = 0; i < 100000; i++)
        NtAccessCheck();
    t0 = Now();
    for (LONG64 i = 0; i < fast_calls; i++)
        NtAccessCheck();
    t1 = Now();
    for (LONG64 i = 0; i < trap_calls; i++)
        RawNullService();
    t2 = Now();
    len = Format(line, t1 - t0, fast_calls);
    line[len++] = ' ';
    len += Format(line + len, t2 - t1, trap_calls);
    line[len++] = '\n';
    NtWriteFile(peb->ProcessParameters->StandardOutput, NULL, NULL, NULL, &iosb, line, (ULONG)len, NULL, NULL);
    return 0;
}
