/* What the Veles-side benchmarks share: a clock, and printing figures without a C library. */
#ifndef VELES_BENCH_H
#define VELES_BENCH_H
#include "nt/services.h"
#include "nt/ntdll.h"

/* Hundredths of the unit per 100 ns tick. */
#define BENCH_NS 10000
#define BENCH_US 10

static inline LONG64 BenchNow(void)
{
    LARGE_INTEGER t;
    NtQueryPerformanceCounter(&t, NULL);
    return t.QuadPart;
}

/* ticks over n operations in the unit, with one or two decimals, as text; its length. */
static inline int BenchPut(char *out, LONG64 ticks, LONG64 n, LONG64 unit, int decimals)
{
    LONG64 hundredths = ticks * unit / n, whole = hundredths / 100;
    char digits[24];
    int len = 0, k = 0;
    do
        digits[k++] = (char)('0' + whole % 10);
    while (whole /= 10);
    while (k)
        out[len++] = digits[--k];
    out[len++] = '.';
    out[len++] = (char)('0' + hundredths / 10 % 10);
    if (decimals > 1)
        out[len++] = (char)('0' + hundredths % 10);
    return len;
}

static inline void BenchWrite(PPEB peb, const char *line, int len)
{
    IO_STATUS_BLOCK iosb;
    NtWriteFile(peb->ProcessParameters->StandardOutput, NULL, NULL, NULL, &iosb, (PVOID)line, (ULONG)len, NULL, NULL);
}
#endif
