/* System time, the performance counter and the timer resolution. */
#include "ke/ke.h"

/* What programs read in KUSER_SHARED_DATA and what this answers never disagree on which came first. */
NTSTATUS NTAPI NtQuerySystemTime(PLARGE_INTEGER SystemTime)
{
    LARGE_INTEGER now = {.QuadPart = KeQuerySharedSystemTime()};
    return KeWriteUser(SystemTime, now);
}

/* A 10 MHz counter, as on Windows 10: interrupt time in 100 ns units. */
NTSTATUS NTAPI NtQueryPerformanceCounter(PLARGE_INTEGER PerformanceCounter, PLARGE_INTEGER PerformanceFrequency)
{
    LARGE_INTEGER counter = {.QuadPart = KeQueryInterruptTime()}, frequency = {.QuadPart = KE_QPC_FREQUENCY};

    if (KeWriteUser(PerformanceCounter, counter))
        return STATUS_ACCESS_VIOLATION;
    if (PerformanceFrequency && KeWriteUser(PerformanceFrequency, frequency))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* The timer resolution, in 100 ns units: Windows' coarsest (its clock tick, 1/64 s) and finest (0.5 ms). Veles'
 * waits are as fine as Linux makes them whatever is asked, so a request changes what is reported, not timing. */
#define EXP_TIMER_COARSEST 156250
#define EXP_TIMER_FINEST 5000

static ULONG ExpRequestedResolution; /* the process's request, 0 for none */

static ULONG ExpCurrentResolution(void)
{
    ULONG requested = __atomic_load_n(&ExpRequestedResolution, __ATOMIC_RELAXED);
    return requested ? requested : EXP_TIMER_COARSEST;
}

NTSTATUS NTAPI NtQueryTimerResolution(PULONG MinimumTime, PULONG MaximumTime, PULONG CurrentTime)
{
    ULONG coarsest = EXP_TIMER_COARSEST, finest = EXP_TIMER_FINEST, current = ExpCurrentResolution();

    if (KeWriteUser(MinimumTime, coarsest) || KeWriteUser(MaximumTime, finest) || KeWriteUser(CurrentTime, current))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* A request, clamped to what is supported, or its withdrawal (STATUS_TIMER_RESOLUTION_NOT_SET when there was
 * none); the output is probed first, as on Windows, so that nothing happens when it is bad. */
NTSTATUS NTAPI NtSetTimerResolution(ULONG DesiredTime, BOOLEAN SetResolution, PULONG CurrentTime)
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG probe;

    if (KeReadUser(&probe, CurrentTime) || KeWriteUser(CurrentTime, probe))
        return STATUS_ACCESS_VIOLATION;
    if (SetResolution) {
        ULONG clamped = DesiredTime < EXP_TIMER_FINEST     ? EXP_TIMER_FINEST
                        : DesiredTime > EXP_TIMER_COARSEST ? EXP_TIMER_COARSEST
                                                           : DesiredTime;
        __atomic_store_n(&ExpRequestedResolution, clamped, __ATOMIC_RELAXED);
    } else if (!__atomic_exchange_n(&ExpRequestedResolution, 0, __ATOMIC_RELAXED)) {
        status = STATUS_TIMER_RESOLUTION_NOT_SET;
    }
    probe = ExpCurrentResolution();
    return KeWriteUser(CurrentTime, probe) ? STATUS_ACCESS_VIOLATION : status;
}
