/* The time zone, as Windows describes it (a bias and the yearly dates daylight time starts and ends), read from
 * the host's zone: its offsets, and its transitions found in the current year. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "ex/exp.h"
#include "rtl/unicode.h"

/* The moment in [from, to) where daylight time turns on or off, to the minute (from is before it). */
static time_t ExpFindTransition(time_t from, time_t to)
{
    struct tm a;
    int dst;

    localtime_r(&from, &a);
    dst = a.tm_isdst;
    while (to - from > 60) {
        time_t mid = from + (to - from) / 2;
        struct tm m;
        localtime_r(&mid, &m);
        if (m.tm_isdst == dst)
            from = mid;
        else
            to = mid;
    }
    return to;
}

/* A transition as Windows' rule: the n-th (5: last) weekday of the month, at the local time before it. */
static void ExpDescribeTransition(time_t when, long offset_before, RTL_SYSTEM_TIME *date)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    time_t local = when + offset_before;
    struct tm tm;
    int month_days, year;

    gmtime_r(&local, &tm);
    year = tm.tm_year + 1900;
    month_days = days[tm.tm_mon] + (tm.tm_mon == 1 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0));
    memset(date, 0, sizeof(*date));
    date->wMonth = (USHORT)(tm.tm_mon + 1);
    date->wDayOfWeek = (USHORT)tm.tm_wday;
    date->wDay = (USHORT)(tm.tm_mday + 7 > month_days ? 5 : (tm.tm_mday - 1) / 7 + 1);
    date->wHour = (USHORT)tm.tm_hour;
    date->wMinute = (USHORT)tm.tm_min;
}

static void ExpPutName(WCHAR *dst, const char *name)
{
    SIZE_T n = RtlpUtf8ToUtf16(name, strlen(name), dst, 31);
    dst[n < 31 ? n : 31] = 0;
}

/* The zone's name as the host knows it: $TZ, else /etc/timezone, else where /etc/localtime points. */
static void ExpZoneName(char *name, size_t size)
{
    const char *tz = getenv("TZ");
    char link[512];
    ssize_t n;
    FILE *f;

    *name = 0;
    if (tz && *tz) {
        snprintf(name, size, "%s", tz[0] == ':' ? tz + 1 : tz);
    } else if ((f = fopen("/etc/timezone", "re"))) {
        if (fgets(name, (int)size, f))
            name[strcspn(name, "\n")] = 0;
        fclose(f);
    }
    if (!*name && (n = readlink("/etc/localtime", link, sizeof(link) - 1)) > 0) {
        const char *zone;
        link[n] = 0;
        zone = strstr(link, "zoneinfo/");
        snprintf(name, size, "%s", zone ? zone + 9 : "UTC");
    }
    if (!*name)
        snprintf(name, size, "UTC");
}

void ExQueryTimeZone(RTL_DYNAMIC_TIME_ZONE_INFORMATION *tz)
{
    time_t now = time(NULL), start, end, day, on = 0, off = 0;
    struct tm tm, jan, jul;
    long standard_offset, daylight_offset;
    char name[256];
    SIZE_T n;

    memset(tz, 0, sizeof(*tz));
    tzset();
    localtime_r(&now, &tm);
    tm.tm_mon = 0;
    tm.tm_mday = 1;
    tm.tm_hour = 12;
    tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    start = mktime(&tm);
    end = start + 366 * 86400;
    /* Which offsets are standard and daylight: January and July of the year show both where there are two. */
    localtime_r(&start, &jan);
    day = start + 182 * 86400;
    localtime_r(&day, &jul);
    standard_offset = jan.tm_isdst ? jul.tm_gmtoff : jan.tm_gmtoff;
    daylight_offset = jan.tm_isdst ? jan.tm_gmtoff : jul.tm_gmtoff;
    tz->Bias = (LONG)(-standard_offset / 60);
    ExpPutName(tz->StandardName, tzname[0] ? tzname[0] : "UTC");
    ExpPutName(tz->DaylightName, tzname[1] ? tzname[1] : tzname[0] ? tzname[0] : "UTC");
    for (day = start; day + 86400 <= end; day += 86400) {
        struct tm a, b;
        time_t next = day + 86400;
        localtime_r(&day, &a);
        localtime_r(&next, &b);
        if (a.tm_isdst == b.tm_isdst)
            continue;
        if (b.tm_isdst)
            on = ExpFindTransition(day, next);
        else
            off = ExpFindTransition(day, next);
    }
    if (on && off && daylight_offset != standard_offset) {
        ExpDescribeTransition(on, standard_offset, &tz->DaylightDate);
        ExpDescribeTransition(off, daylight_offset, &tz->StandardDate);
        tz->DaylightBias = (LONG)(-(daylight_offset - standard_offset) / 60);
    }
    ExpZoneName(name, sizeof(name));
    n = RtlpUtf8ToUtf16(name, strlen(name), tz->TimeZoneKeyName, 127);
    tz->TimeZoneKeyName[n < 127 ? n : 127] = 0;
}
