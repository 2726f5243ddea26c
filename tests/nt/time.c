/* NtQuerySystemTime, NtQueryPerformanceCounter, NtDelayExecution, NtYieldExecution and the live times in
 * KUSER_SHARED_DATA. Only lower bounds are checked: a loaded machine may always be slower. */
#include "lib/nttest.h"

static LONG64 ReadSystemTime(volatile KSYSTEM_TIME *t)
{
    LONG high;
    ULONG low;
    do {
        high = t->High1Time;
        low = t->LowPart;
    } while (high != t->High2Time);
    return ((LONG64)high << 32) | low;
}

void RunTests(void)
{
    volatile KUSER_SHARED_DATA *k = KiUserSharedData();
    LARGE_INTEGER now, later, counter, counter2, frequency = {.QuadPart = 0}, delay;
    LONG64 tick, interrupt;

    ok_status(NtQuerySystemTime(&now), STATUS_SUCCESS);
    /* 2020-01-01 and 2100-01-01 in 100 ns units since 1601. */
    ok(now.QuadPart > 132223104000000000ll && now.QuadPart < 157469184000000000ll, "system time %ld",
       (LONG64)now.QuadPart);
    ok(now.QuadPart - ReadSystemTime(&k->SystemTime) < 10000000, "KUSER system time is current");
    ok_status(NtQuerySystemTime(NULL), STATUS_ACCESS_VIOLATION);
    ok_status(NtQuerySystemTime((PLARGE_INTEGER)0x7ffe0000), STATUS_ACCESS_VIOLATION);

    ok_status(NtQueryPerformanceCounter(&counter, &frequency), STATUS_SUCCESS);
    ok(frequency.QuadPart == 10000000, "QPC frequency %ld", (LONG64)frequency.QuadPart);
    ok_status(NtQueryPerformanceCounter(&counter2, NULL), STATUS_SUCCESS);
    ok(counter2.QuadPart >= counter.QuadPart, "QPC does not go back");
    ok_status(NtQueryPerformanceCounter(NULL, &frequency), STATUS_ACCESS_VIOLATION);

    tick = (LONG64)k->TickCountQuad;
    interrupt = ReadSystemTime(&k->InterruptTime);
    delay.QuadPart = -50 * 10000; /* 50 ms, relative */
    ok_status(NtDelayExecution(FALSE, &delay), STATUS_SUCCESS);
    NtQueryPerformanceCounter(&counter2, NULL);
    ok(counter2.QuadPart - counter.QuadPart >= 50 * 10000, "a relative delay of 50 ms lasted %ld",
       (LONG64)(counter2.QuadPart - counter.QuadPart));
    ok((LONG64)k->TickCountQuad - tick >= 40, "the tick count moves: %ld", (LONG64)k->TickCountQuad - tick);
    ok(ReadSystemTime(&k->InterruptTime) - interrupt >= 40 * 10000, "the interrupt time moves");

    NtQuerySystemTime(&now);
    delay.QuadPart = now.QuadPart + 30 * 10000; /* 30 ms from now, absolute */
    ok_status(NtDelayExecution(TRUE, &delay), STATUS_SUCCESS);
    NtQuerySystemTime(&later);
    ok(later.QuadPart >= delay.QuadPart, "an absolute delay ends at its time");

    delay.QuadPart = 0;
    ok_status(NtDelayExecution(FALSE, &delay), STATUS_SUCCESS);
    ok_status(NtDelayExecution(FALSE, NULL), STATUS_ACCESS_VIOLATION);
    ok_status(NtDelayExecution(FALSE, (PLARGE_INTEGER)0x7ff000000000ull), STATUS_ACCESS_VIOLATION);
    ok_status(NtYieldExecution(), STATUS_SUCCESS);
}
