/* Calendar times: 100 ns ticks since 1 January 1601 (UTC), split into fields and back, and Unix-style seconds. */
#include "rtl/rtlp.h"

#define RTLP_TICKS_PER_SECOND 10000000ull
#define RTLP_TICKS_PER_DAY (86400ull * RTLP_TICKS_PER_SECOND)
#define RTLP_SECONDS_1601_TO_1970 11644473600ull
#define RTLP_SECONDS_1601_TO_1980 11960006400ull
/* Days in 400, 100 and 4 Gregorian years; 1601 begins a 400-year cycle. */
#define RTLP_DAYS_400 146097
#define RTLP_DAYS_100 36524
#define RTLP_DAYS_4 1461

static BOOLEAN RtlpIsLeap(ULONG year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static ULONG RtlpDaysInMonth(ULONG year, ULONG month)
{
    static const BYTE days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return days[month - 1] + (month == 2 && RtlpIsLeap(year));
}

void NTAPI RtlTimeToTimeFields(PLARGE_INTEGER Time, PTIME_FIELDS TimeFields)
{
    ULONG64 ticks = (ULONG64)Time->QuadPart, days = ticks / RTLP_TICKS_PER_DAY;
    ULONG64 in_day = ticks % RTLP_TICKS_PER_DAY, d;
    ULONG year, month = 1, n;

    TimeFields->Weekday = (SHORT)((days + 1) % 7); /* 1 January 1601 was a Monday */
    year = 1601 + (ULONG)(days / RTLP_DAYS_400) * 400;
    d = days % RTLP_DAYS_400;
    n = (ULONG)(d / RTLP_DAYS_100);
    n = n == 4 ? 3 : n; /* the last day of a 400-year cycle */
    year += n * 100;
    d -= n * RTLP_DAYS_100;
    year += (ULONG)(d / RTLP_DAYS_4) * 4;
    d %= RTLP_DAYS_4;
    n = (ULONG)(d / 365);
    n = n == 4 ? 3 : n; /* the last day of a leap year */
    year += n;
    d -= n * 365;
    while (d >= RtlpDaysInMonth(year, month))
        d -= RtlpDaysInMonth(year, month++);
    TimeFields->Year = (SHORT)year;
    TimeFields->Month = (SHORT)month;
    TimeFields->Day = (SHORT)(d + 1);
    TimeFields->Hour = (SHORT)(in_day / (3600 * RTLP_TICKS_PER_SECOND));
    TimeFields->Minute = (SHORT)(in_day / (60 * RTLP_TICKS_PER_SECOND) % 60);
    TimeFields->Second = (SHORT)(in_day / RTLP_TICKS_PER_SECOND % 60);
    TimeFields->Milliseconds = (SHORT)(in_day / 10000 % 1000);
}

/* FALSE for fields that name no moment (the weekday is not looked at). */
BOOLEAN NTAPI RtlTimeFieldsToTime(PTIME_FIELDS TimeFields, PLARGE_INTEGER Time)
{
    const TIME_FIELDS *f = TimeFields;
    ULONG64 y, days;

    if (f->Year < 1601 || f->Month < 1 || f->Month > 12 || f->Day < 1 ||
        (ULONG)f->Day > RtlpDaysInMonth((ULONG)f->Year, (ULONG)f->Month) || f->Hour < 0 || f->Hour > 23 ||
        f->Minute < 0 || f->Minute > 59 || f->Second < 0 || f->Second > 59 || f->Milliseconds < 0 ||
        f->Milliseconds > 999)
        return FALSE;
    y = (ULONG64)f->Year - 1601;
    days = y * 365 + y / 4 - y / 100 + y / 400;
    for (ULONG m = 1; m < (ULONG)f->Month; m++)
        days += RtlpDaysInMonth((ULONG)f->Year, m);
    days += (ULONG64)f->Day - 1;
    Time->QuadPart = (LONGLONG)(days * RTLP_TICKS_PER_DAY +
                                (((ULONG64)f->Hour * 60 + (ULONG64)f->Minute) * 60 + (ULONG64)f->Second) *
                                    RTLP_TICKS_PER_SECOND +
                                (ULONG64)f->Milliseconds * 10000);
    return TRUE;
}

/* Seconds since an epoch, FALSE when the time is before it or past what a ULONG holds. */
static BOOLEAN RtlpSecondsSince(const LARGE_INTEGER *time, ULONG64 epoch, PULONG seconds)
{
    ULONG64 s = (ULONG64)time->QuadPart / RTLP_TICKS_PER_SECOND;
    if (time->QuadPart < 0 || s < epoch || s - epoch > 0xffffffffull)
        return FALSE;
    *seconds = (ULONG)(s - epoch);
    return TRUE;
}

BOOLEAN NTAPI RtlTimeToSecondsSince1970(PLARGE_INTEGER Time, PULONG ElapsedSeconds)
{
    return RtlpSecondsSince(Time, RTLP_SECONDS_1601_TO_1970, ElapsedSeconds);
}

BOOLEAN NTAPI RtlTimeToSecondsSince1980(PLARGE_INTEGER Time, PULONG ElapsedSeconds)
{
    return RtlpSecondsSince(Time, RTLP_SECONDS_1601_TO_1980, ElapsedSeconds);
}

void NTAPI RtlSecondsSince1970ToTime(ULONG ElapsedSeconds, PLARGE_INTEGER Time)
{
    Time->QuadPart = (LONGLONG)((ElapsedSeconds + RTLP_SECONDS_1601_TO_1970) * RTLP_TICKS_PER_SECOND);
}

void NTAPI RtlSecondsSince1980ToTime(ULONG ElapsedSeconds, PLARGE_INTEGER Time)
{
    Time->QuadPart = (LONGLONG)((ElapsedSeconds + RTLP_SECONDS_1601_TO_1980) * RTLP_TICKS_PER_SECOND);
}

/* The system time from the clock itself, not the tick-updated copy in KUSER_SHARED_DATA. */
LONGLONG NTAPI RtlGetSystemTimePrecise(void)
{
    LARGE_INTEGER now = {0};
    NtQuerySystemTime(&now);
    return now.QuadPart;
}

/* Milliseconds since boot, from the tick count the personality keeps in KUSER_SHARED_DATA. */
ULONG NTAPI NtGetTickCount(void)
{
    const volatile KUSER_SHARED_DATA *k = KiUserSharedData();
    return (ULONG)((k->TickCountQuad * k->TickCountMultiplier) >> 24);
}

NTSTATUS NTAPI RtlQueryTimeZoneInformation(RTL_TIME_ZONE_INFORMATION *TimeZoneInformation)
{
    return NtQuerySystemInformation(SystemCurrentTimeZoneInformation, TimeZoneInformation,
                                    sizeof(*TimeZoneInformation), NULL);
}

NTSTATUS NTAPI RtlQueryDynamicTimeZoneInformation(RTL_DYNAMIC_TIME_ZONE_INFORMATION *TimeZoneInformation)
{
    return NtQuerySystemInformation(SystemDynamicTimeZoneInformation, TimeZoneInformation,
                                    sizeof(*TimeZoneInformation), NULL);
}

NTSTATUS NTAPI RtlSetTimeZoneInformation(const RTL_TIME_ZONE_INFORMATION *TimeZoneInformation)
{
    return NtSetSystemInformation(SystemCurrentTimeZoneInformation, (PVOID)TimeZoneInformation,
                                  sizeof(*TimeZoneInformation));
}

/* Local and UTC times differ by the bias in effect now, as Windows converts them. */
NTSTATUS NTAPI RtlSystemTimeToLocalTime(const LARGE_INTEGER *SystemTime, PLARGE_INTEGER LocalTime)
{
    LocalTime->QuadPart = SystemTime->QuadPart - KSystemTimeRead(&KiUserSharedData()->TimeZoneBias);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlLocalTimeToSystemTime(const LARGE_INTEGER *LocalTime, PLARGE_INTEGER SystemTime)
{
    SystemTime->QuadPart = LocalTime->QuadPart + KSystemTimeRead(&KiUserSharedData()->TimeZoneBias);
    return STATUS_SUCCESS;
}

BOOLEAN NTAPI RtlQueryPerformanceCounter(PLARGE_INTEGER Counter)
{
    return !NtQueryPerformanceCounter(Counter, NULL);
}

BOOLEAN NTAPI RtlQueryPerformanceFrequency(PLARGE_INTEGER Frequency)
{
    LARGE_INTEGER counter;
    return !NtQueryPerformanceCounter(&counter, Frequency);
}

/* The interrupt time (100 ns since boot); this one counts suspended time too, which Windows leaves out. */
BOOLEAN NTAPI RtlQueryUnbiasedInterruptTime(PULONGLONG InterruptTime)
{
    *InterruptTime = (ULONGLONG)KSystemTimeRead(&KiUserSharedData()->InterruptTime);
    return TRUE;
}
