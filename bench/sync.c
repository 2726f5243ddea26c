/* Synchronisation costs through Veles: event ping-pong between two threads (per round trip), an
 * uncontended mutant acquire and release, thread create and join, handle create and close.
 * Prints "PINGPONG_NS MUTANT_NS THREAD_US HANDLE_NS". */
#include "nt/services.h"

#define ROUNDS 100000
static HANDLE Ping, Pong;

static LONG64 Now(void)
{
    LARGE_INTEGER t;
    NtQueryPerformanceCounter(&t, NULL);
    return t.QuadPart;
}

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

/* value in 100 ns ticks over n operations, printed in ns (scale 100) or us (scale 0.1) with one decimal. */
static int Put(char *out, LONG64 ticks, LONG64 n, LONG64 scale_tenths)
{
    LONG64 tenths = ticks * scale_tenths / n, whole = tenths / 10;
    char digits[24];
    int len = 0, k = 0;
    do
        digits[k++] = (char)('0' + whole % 10);
    while (whole /= 10);
    while (k)
        out[len++] = digits[--k];
    out[len++] = '.';
    out[len++] = (char)('0' + tenths % 10);
    return len;
}

ULONG NTAPI Start(PPEB peb)
{
    HANDLE thread, mutant, event;
    LONG64 t0, t1, t2, t3, t4;
    char line[96];
    int len = 0;
    IO_STATUS_BLOCK iosb;
    const int mutant_rounds = 1000000, thread_rounds = 2000, handle_rounds = 500000;

    NtCreateEvent(&Ping, EVENT_ALL_ACCESS, NULL, SynchronizationEvent, FALSE);
    NtCreateEvent(&Pong, EVENT_ALL_ACCESS, NULL, SynchronizationEvent, FALSE);
    NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), Ponger, NULL, 0, 0, 0, 0, NULL);
    t0 = Now();
    for (int i = 0; i < ROUNDS; i++) {
        NtSetEvent(Ping, NULL);
        NtWaitForSingleObject(Pong, FALSE, NULL);
    }
    t1 = Now();
    NtWaitForSingleObject(thread, FALSE, NULL);
    NtClose(thread);

    NtCreateMutant(&mutant, MUTANT_ALL_ACCESS, NULL, FALSE);
    t1 = Now() - (t1 - t0);
    t2 = Now();
    for (int i = 0; i < mutant_rounds; i++) {
        NtWaitForSingleObject(mutant, FALSE, NULL);
        NtReleaseMutant(mutant, NULL);
    }
    t3 = Now();
    for (int i = 0; i < thread_rounds; i++) {
        NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), Nothing, NULL, 0, 0, 0, 0, NULL);
        NtWaitForSingleObject(thread, FALSE, NULL);
        NtClose(thread);
    }
    t4 = Now();
    len += Put(line + len, t2 - t1, ROUNDS, 1000);
    line[len++] = ' ';
    len += Put(line + len, t3 - t2, mutant_rounds, 1000);
    line[len++] = ' ';
    len += Put(line + len, t4 - t3, thread_rounds, 1);
    line[len++] = ' ';
    t0 = Now();
    for (int i = 0; i < handle_rounds; i++) {
        NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE);
        NtClose(event);
    }
    len += Put(line + len, Now() - t0, handle_rounds, 1000);
    line[len++] = '\n';
    NtWriteFile(peb->ProcessParameters->StandardOutput, NULL, NULL, NULL, &iosb, line, (ULONG)len, NULL, NULL);
    return 0;
}
