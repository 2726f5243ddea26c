/* NtDelayExecution and NtYieldExecution: the thread gives up the processor. */
#include <errno.h>
#include <sched.h>
#include <time.h>
#include "ke/ke.h"

/* A negative interval is relative, in 100 ns units; a positive one an absolute system time (since 1601).
 * Alertable waits end early for user APCs once threads can receive them. */
NTSTATUS NTAPI NtDelayExecution(BOOLEAN Alertable, PLARGE_INTEGER DelayInterval)
{
    LARGE_INTEGER interval;
    struct timespec ts;
    int clock, flags;

    (void)Alertable;
    if (KeReadUser(&interval, DelayInterval))
        return STATUS_ACCESS_VIOLATION;
    if (!interval.QuadPart) {
        sched_yield();
        return STATUS_SUCCESS;
    }
    if (interval.QuadPart < 0) {
        ULONGLONG ticks = (ULONGLONG)-(interval.QuadPart + 1) + 1; /* -INT64_MIN without overflow */
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_sec += (time_t)(ticks / 10000000);
        ts.tv_nsec += (long)(ticks % 10000000) * 100;
        clock = CLOCK_MONOTONIC;
    } else {
        LONGLONG unix_ticks = interval.QuadPart - KE_TICKS_1601_TO_1970;
        if (unix_ticks < 0)
            unix_ticks = 0;
        ts.tv_sec = (time_t)(unix_ticks / 10000000);
        ts.tv_nsec = (long)(unix_ticks % 10000000) * 100;
        clock = CLOCK_REALTIME;
    }
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    flags = TIMER_ABSTIME;
    while (clock_nanosleep(clock, flags, &ts, NULL) == EINTR)
        ;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtYieldExecution(void)
{
    sched_yield();
    return STATUS_SUCCESS;
}
