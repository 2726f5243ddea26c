/* The power manager: NtPowerInformation, the processors' clocks and the battery as Linux's /sys tells of them. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host/host.h"
#include "ke/ke.h"

#define POP_MAX_PROCESSORS 64

/* The clocks of the online processors in the order Windows numbers them, from cpufreq where the machine has it
 * (its limit is the policy's ceiling) and from /proc/cpuinfo's current speed where it does not (virtual
 * machines), which then stands for all three. */
static void PopProcessorClocks(PROCESSOR_POWER_INFORMATION *info, ULONG count)
{
    char line[256];
    ULONG n = 0;
    unsigned cpu = 0;
    FILE *f = fopen("/proc/cpuinfo", "re");

    memset(info, 0, count * sizeof(*info));
    if (f) {
        while (n < count && fgets(line, sizeof(line), f)) {
            double mhz;
            if (sscanf(line, "processor : %u", &cpu) == 1)
                continue;
            if (sscanf(line, "cpu MHz : %lf", &mhz) != 1)
                continue;
            info[n].Number = n;
            info[n].CurrentMhz = info[n].MaxMhz = info[n].MhzLimit = (ULONG)(mhz + 0.5);
            if (HostReadLine(line, sizeof(line), "/sys/devices/system/cpu/cpu%u/cpufreq/cpuinfo_max_freq", cpu))
                info[n].MaxMhz = (ULONG)(strtoul(line, NULL, 10) / 1000);
            if (HostReadLine(line, sizeof(line), "/sys/devices/system/cpu/cpu%u/cpufreq/scaling_max_freq", cpu))
                info[n].MhzLimit = (ULONG)(strtoul(line, NULL, 10) / 1000);
            if (HostReadLine(line, sizeof(line), "/sys/devices/system/cpu/cpu%u/cpufreq/scaling_cur_freq", cpu))
                info[n].CurrentMhz = (ULONG)(strtoul(line, NULL, 10) / 1000);
            /* Idle states are numbered from 0 as cpuidle's are; the deepest is the last of them. */
            for (unsigned state = 0; state < 16; state++)
                if (HostReadLine(line, sizeof(line), "/sys/devices/system/cpu/cpu%u/cpuidle/state%u/name", cpu,
                                 state))
                    info[n].MaxIdleState = state;
            n++;
        }
        fclose(f);
    }
    /* Without /proc/cpuinfo the processors are still there, their clocks unknown. */
    for (ULONG i = n; i < count; i++)
        info[i].Number = i;
}

/* A number a power supply's /sys directory gives, or -1. */
static long long PopSupplyNumber(const char *supply, const char *name)
{
    char line[64];

    if (!HostReadLine(line, sizeof(line), "/sys/class/power_supply/%.40s/%s", supply, name))
        return -1;
    return strtoll(line, NULL, 10);
}

/* The batteries added up and the mains, from /sys/class/power_supply. A machine without a battery is on the
 * mains, as a desktop Windows says; a battery's charge in µAh is made energy by its design voltage. */
static void PopBatteryState(SYSTEM_BATTERY_STATE *state)
{
    bool mains_seen = false, mains_online = false;
    long long max_mwh = 0, now_mwh = 0, rate_mw = 0;
    struct dirent *entry;
    DIR *dir = opendir("/sys/class/power_supply");

    memset(state, 0, sizeof(*state));
    while (dir && (entry = readdir(dir))) {
        char type[32], status[32];
        const char *s = entry->d_name;
        if (s[0] == '.' || !HostReadLine(type, sizeof(type), "/sys/class/power_supply/%.40s/type", s))
            continue;
        if (!strcmp(type, "Mains")) {
            mains_seen = true;
            mains_online |= PopSupplyNumber(s, "online") > 0;
            continue;
        }
        if (strcmp(type, "Battery") || PopSupplyNumber(s, "present") == 0)
            continue;
        state->BatteryPresent = TRUE;
        long long full = PopSupplyNumber(s, "energy_full"), now = PopSupplyNumber(s, "energy_now");
        long long power = PopSupplyNumber(s, "power_now");
        long long volts = PopSupplyNumber(s, "voltage_min_design");
        if (full < 0 && volts > 0) {
            long long charge_full = PopSupplyNumber(s, "charge_full"), charge_now = PopSupplyNumber(s, "charge_now");
            long long current = PopSupplyNumber(s, "current_now");
            full = charge_full < 0 ? -1 : charge_full * volts / 1000000;
            now = charge_now < 0 ? -1 : charge_now * volts / 1000000;
            power = current < 0 ? -1 : current * volts / 1000000;
        }
        if (full > 0)
            max_mwh += full / 1000;
        if (now > 0)
            now_mwh += now / 1000;
        if (HostReadLine(status, sizeof(status), "/sys/class/power_supply/%.40s/status", s)) {
            if (!strcmp(status, "Charging")) {
                state->Charging = TRUE;
                rate_mw += power > 0 ? power / 1000 : 0;
            } else if (!strcmp(status, "Discharging")) {
                state->Discharging = TRUE;
                rate_mw -= power > 0 ? power / 1000 : 0;
            }
        }
    }
    if (dir)
        closedir(dir);
    state->AcOnLine = mains_seen ? mains_online : !state->Discharging;
    if (now_mwh > max_mwh)
        now_mwh = max_mwh;
    state->MaxCapacity = (ULONG)max_mwh;
    state->RemainingCapacity = (ULONG)now_mwh;
    state->Rate = (ULONG)(LONG)rate_mw;
    if (!state->BatteryPresent)
        state->EstimatedTime = 0;
    else if (!state->Charging && rate_mw < 0)
        state->EstimatedTime = (ULONG)(3600 * now_mwh / -rate_mw);
    else
        state->EstimatedTime = ~0u;
}

NTSTATUS NTAPI NtPowerInformation(POWER_INFORMATION_LEVEL InformationLevel, PVOID InputBuffer,
                                  ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength)
{
    union {
        PROCESSOR_POWER_INFORMATION processors[POP_MAX_PROCESSORS];
        SYSTEM_BATTERY_STATE battery;
    } u;
    ULONG size;

    switch (InformationLevel) {
    case ProcessorInformation: {
        ULONG count = HostProcessorCount() > POP_MAX_PROCESSORS ? POP_MAX_PROCESSORS : HostProcessorCount();
        size = count * (ULONG)sizeof(u.processors[0]);
        /* All the processors or none, as Windows 7 and later answer. */
        if (!OutputBuffer)
            return STATUS_INVALID_PARAMETER;
        if (OutputBufferLength < size)
            return STATUS_BUFFER_TOO_SMALL;
        PopProcessorClocks(u.processors, count);
        break;
    }
    case SystemBatteryState:
        size = sizeof(u.battery);
        if (!OutputBuffer)
            return STATUS_INVALID_PARAMETER;
        if (OutputBufferLength < size)
            return STATUS_BUFFER_TOO_SMALL;
        PopBatteryState(&u.battery);
        break;
    default:
        if ((ULONG)InformationLevel >= PowerInformationLevelMaximum)
            return STATUS_INVALID_PARAMETER;
        return KeReportNotImplemented("NtPowerInformation: this information level");
    }
    return KeCopyToUser(OutputBuffer, &u, size) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}
