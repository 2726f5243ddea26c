/* NtQuerySystemTime, NtQueryPerformanceCounter, NtDelayExecution, NtYieldExecution and the live times in
 * KUSER_SHARED_DATA. Only lower bounds are checked: a loaded machine may always be slower. */
#include "lib/nttest.h"

/* Run with TZ=EST5EDT,M3.2.0,M11.1.0 by tests/run: the rules of New York, without the zone database. */
static void TestTimeZone(void)
{
    RTL_TIME_ZONE_INFORMATION tz;
    RTL_DYNAMIC_TIME_ZONE_INFORMATION dtz;
    LARGE_INTEGER utc, local, back;
    const WCHAR *rule = TestFindVariable("TZ");

    if (!rule || !TestStrEqualW(rule, "EST5EDT,M3.2.0,M11.1.0", 22)) {
        ok(0, "TZ is not the rule tests/run sets");
        return;
    }
    ok_status(RtlQueryTimeZoneInformation(&tz), STATUS_SUCCESS);
    ok(tz.Bias == 300 && tz.StandardBias == 0 && tz.DaylightBias == -60, "biases %d %d %d", tz.Bias, tz.StandardBias,
       tz.DaylightBias);
    ok(tz.DaylightDate.wMonth == 3 && tz.DaylightDate.wDayOfWeek == 0 && tz.DaylightDate.wDay == 2 &&
       tz.DaylightDate.wHour == 2 && tz.DaylightDate.wYear == 0,
       "daylight time: the second Sunday of March, 2:00 (%u %u %u %u)",
       tz.DaylightDate.wMonth, tz.DaylightDate.wDayOfWeek, tz.DaylightDate.wDay, tz.DaylightDate.wHour);
    ok(tz.StandardDate.wMonth == 11 && tz.StandardDate.wDayOfWeek == 0 && tz.StandardDate.wDay == 1 &&
       tz.StandardDate.wHour == 2, "standard time: the first Sunday of November, 2:00 (%u %u %u %u)",
       tz.StandardDate.wMonth, tz.StandardDate.wDayOfWeek, tz.StandardDate.wDay, tz.StandardDate.wHour);
    ok(TestStrEqualW(tz.StandardName, "EST", 3) && !tz.StandardName[3] && TestStrEqualW(tz.DaylightName, "EDT", 3),
       "names %S / %S", tz.StandardName, tz.DaylightName);
    ok_status(RtlQueryDynamicTimeZoneInformation(&dtz), STATUS_SUCCESS);
    ok(dtz.Bias == 300 && TestStrEqualW(dtz.TimeZoneKeyName, "EST5EDT,M3.2.0,M11.1.0", 22) &&
       !dtz.DynamicDaylightTimeDisabled, "the dynamic form: %S", dtz.TimeZoneKeyName);
    ok_status(NtQuerySystemInformation(SystemCurrentTimeZoneInformation, &tz, sizeof(tz) - 1, NULL),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(RtlSetTimeZoneInformation(&tz), STATUS_NOT_IMPLEMENTED);

    NtQuerySystemTime(&utc);
    ok_status(RtlSystemTimeToLocalTime(&utc, &local), STATUS_SUCCESS);
    ok(utc.QuadPart - local.QuadPart == 5 * 36000000000ll || utc.QuadPart - local.QuadPart == 4 * 36000000000ll,
       "local time is four or five hours behind");
    ok_status(RtlLocalTimeToSystemTime(&local, &back), STATUS_SUCCESS);
    ok(back.QuadPart == utc.QuadPart, "and back");
}

/* The timer resolution Windows reports and takes requests for: 1/64 s to 0.5 ms, in 100 ns units. */
static void TestTimerResolution(void)
{
    ULONG coarsest = 0, finest = 0, current = 0, now = 0;

    ok_status(NtQueryTimerResolution(NULL, &finest, &current), STATUS_ACCESS_VIOLATION);
    ok_status(NtQueryTimerResolution(&coarsest, &finest, &current), STATUS_SUCCESS);
    ok(coarsest == 156250 && finest == 5000 && current == coarsest, "1/64 s to 0.5 ms, now 1/64 s: %u", current);
    ok_status(NtSetTimerResolution(10000, TRUE, NULL), STATUS_ACCESS_VIOLATION);
    ok_status(NtSetTimerResolution(0, FALSE, &now), STATUS_TIMER_RESOLUTION_NOT_SET);
    ok(now == coarsest, "no request to withdraw, and the resolution it is");
    ok_status(NtSetTimerResolution(1, TRUE, &now), STATUS_SUCCESS);
    ok(now == finest, "a request finer than supported gets the finest: %u", now);
    ok_status(NtSetTimerResolution(10000, TRUE, &now), STATUS_SUCCESS);
    ok_status(NtQueryTimerResolution(&coarsest, &finest, &current), STATUS_SUCCESS);
    ok(now == 10000 && current == 10000, "1 ms asked, 1 ms reported");
    ok_status(NtSetTimerResolution(0, FALSE, &now), STATUS_SUCCESS);
    ok(now == coarsest, "withdrawn: back to 1/64 s");
}

void RunTests(void)
{
    TestTimeZone();
    TestTimerResolution();
    volatile KUSER_SHARED_DATA *k = KiUserSharedData();
    LARGE_INTEGER now, later, counter, counter2, frequency = {.QuadPart = 0}, delay;
    LONG64 tick, interrupt;

    ok_status(NtQuerySystemTime(&now), STATUS_SUCCESS);
    /* 2020-01-01 and 2100-01-01 in 100 ns units since 1601. */
    ok(now.QuadPart > 132223104000000000ll && now.QuadPart < 157469184000000000ll, "system time %ld",
       (LONG64)now.QuadPart);
    ok(now.QuadPart - KSystemTimeRead(&k->SystemTime) < 10000000, "KUSER system time is current");
    {
        /* The shared data's time is never older than a time told before it was read. */
        int disorder = 0;
        for (int i = 0; i < 10000; i++) {
            LARGE_INTEGER before, after;
            NtQuerySystemTime(&before);
            LONG64 shared = KSystemTimeRead(&k->SystemTime);
            NtQuerySystemTime(&after);
            disorder += before.QuadPart > shared || shared > after.QuadPart;
        }
        ok(!disorder, "NtQuerySystemTime and KUSER_SHARED_DATA out of order %d times", disorder);
    }
    ok_status(NtQuerySystemTime(NULL), STATUS_ACCESS_VIOLATION);
    ok_status(NtQuerySystemTime((PLARGE_INTEGER)0x7ffe0000), STATUS_ACCESS_VIOLATION);

    ok_status(NtQueryPerformanceCounter(&counter, &frequency), STATUS_SUCCESS);
    ok(frequency.QuadPart == 10000000, "QPC frequency %ld", (LONG64)frequency.QuadPart);
    ok_status(NtQueryPerformanceCounter(&counter2, NULL), STATUS_SUCCESS);
    ok(counter2.QuadPart >= counter.QuadPart, "QPC does not go back");
    ok_status(NtQueryPerformanceCounter(NULL, &frequency), STATUS_ACCESS_VIOLATION);

    tick = (LONG64)k->TickCountQuad;
    interrupt = KSystemTimeRead(&k->InterruptTime);
    delay.QuadPart = -50 * 10000; /* 50 ms, relative */
    ok_status(NtDelayExecution(FALSE, &delay), STATUS_SUCCESS);
    NtQueryPerformanceCounter(&counter2, NULL);
    ok(counter2.QuadPart - counter.QuadPart >= 50 * 10000, "a relative delay of 50 ms lasted %ld",
       (LONG64)(counter2.QuadPart - counter.QuadPart));
    ok((LONG64)k->TickCountQuad - tick >= 40, "the tick count moves: %ld", (LONG64)k->TickCountQuad - tick);
    ok(KSystemTimeRead(&k->InterruptTime) - interrupt >= 40 * 10000, "the interrupt time moves");

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
