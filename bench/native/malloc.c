/* The native counterpart of bench/heap.c: glibc's malloc and free under the same workload.
 * Prints "NS_PER_OP". */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "../heap-workload.h"

int main(void)
{
    struct timespec t0, t1;
    long ops;

    HEAP_BENCH_RUN(malloc, free);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ops = HEAP_BENCH_RUN(malloc, free);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%.1f\n", ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / ops);
    return 0;
}
