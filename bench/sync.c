/* Synchronisation costs through Veles: event ping-pong between two threads (per round trip), an
 * uncontended mutant acquire and release, thread create and join, handle create and close.
 * Prints "PINGPONG_NS MUTANT_NS THREAD_US HANDLE_NS". */
#include "bench.h"

#define ROUNDS 100000
static HANDLE Ping, Pong;

static ULONG NTAPI Ponger(PVOID arg)
{
    for (int i = 0; i < ROUNDS; i++) {
        NtWaitForSingleObject(Ping, FALSE, NULL);
        NtSetEvent(Pong, NULL);
    }
    return 0;
}

static ULONG NTAPI Nothing(PVOID arg)
{
    return 0;
}

ULONG NTAPI Start(PPEB peb)
{
    HANDLE thread, mutant, event;
    LONG64 t0, t1, t2, t3, t4;
    char line[96];
    int len = 0;
    const int mutant_rounds = 1000000, thread_rounds = 2000, handle_rounds = 500000;

    NtCreateEvent(&Ping, EVENT_ALL_ACCESS, NULL, SynchronizationEvent, FALSE);
    NtCreateEvent(&Pong, EVENT_ALL_ACCESS, NULL, SynchronizationEvent, FALSE);
    NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), Ponger, NULL, 0, 0, 0, 0, NULL);
    t0 = BenchNow();
    for (int i = 0; i < ROUNDS; i++) {
        NtSetEvent(Ping, NULL);
        NtWaitForSingleObject(Pong, FALSE, NULL);
    }
    t1 = BenchNow();
    NtWaitForSingleObject(thread, FALSE, NULL);
    NtClose(thread);

    NtCreateMutant(&mutant, MUTANT_ALL_ACCESS, NULL, FALSE);
    t1 = BenchNow() - (t1 - t0);
    t2 = BenchNow();
    for (int i = 0; i < mutant_rounds; i++) {
        NtWaitForSingleObject(mutant, FALSE, NULL);
        NtReleaseMutant(mutant, NULL);
    }
    t3 = BenchNow();
    for (int i = 0; i < thread_rounds; i++) {
        NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), Nothing, NULL, 0, 0, 0, 0, NULL);
        NtWaitForSingleObject(thread, FALSE, NULL);
        NtClose(thread);
    }
    t4 = BenchNow();
    len += BenchPut(line + len, t2 - t1, ROUNDS, BENCH_NS, 1);
    line[len++] = ' ';
    len += BenchPut(line + len, t3 - t2, mutant_rounds, BENCH_NS, 1);
    line[len++] = ' ';
    len += BenchPut(line + len, t4 - t3, thread_rounds, BENCH_US, 1);
    line[len++] = ' ';
    t0 = BenchNow();
    for (int i = 0; i < handle_rounds; i++) {
        NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE);
        NtClose(event);
    }
    len += BenchPut(line + len, BenchNow() - t0, handle_rounds, BENCH_NS, 1);
    line[len++] = '\n';
    BenchWrite(peb, line, len);
    return 0;
}
