/* System time and the performance counter. */
#include "ke/ke.h"

NTSTATUS NTAPI NtQuerySystemTime(PLARGE_INTEGER SystemTime)
{
    LARGE_INTEGER now = {.QuadPart = KeQuerySystemTime()};
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
