/* The process heap under a mixed allocate/free workload (heap-workload.h), per operation.
 * Prints "NS_PER_OP". */
#include "bench.h"
#include "heap-workload.h"

static PVOID Heap;
static void *Allocate(unsigned size) { return RtlAllocateHeap(Heap, 0, size); }
static void Release(void *p) { RtlFreeHeap(Heap, 0, p); }

ULONG NTAPI Start(PPEB peb)
{
    char line[32];
    int len;
    LONG64 t0, ops;

    Heap = peb->ProcessHeap;
    HEAP_BENCH_RUN(Allocate, Release);
    t0 = BenchNow();
    ops = HEAP_BENCH_RUN(Allocate, Release);
    len = BenchPut(line, BenchNow() - t0, ops, BENCH_NS, 1);
    line[len++] = '\n';
    BenchWrite(peb, line, len);
    return 0;
}
