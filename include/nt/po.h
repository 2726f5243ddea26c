/* Power manager layouts: what NtPowerInformation answers. */
#ifndef NT_PO_H
#define NT_PO_H

#include "ntdef.h"

typedef enum {
    SystemPowerPolicyAc = 0,
    SystemPowerPolicyDc = 1,
    VerifySystemPolicyAc = 2,
    VerifySystemPolicyDc = 3,
    SystemPowerCapabilities = 4,
    SystemBatteryState = 5,
    ProcessorInformation = 11,
    SystemPowerInformation = 12,
    PowerInformationLevelMaximum = 0x5f
} POWER_INFORMATION_LEVEL;

/* ProcessorInformation: one per processor, clocks in MHz. */
typedef struct {
    ULONG Number;
    ULONG MaxMhz;
    ULONG CurrentMhz;
    ULONG MhzLimit;
    ULONG MaxIdleState;
    ULONG CurrentIdleState;
} PROCESSOR_POWER_INFORMATION;
NT_CHECK_SIZE(PROCESSOR_POWER_INFORMATION, 24);

/* SystemBatteryState: capacities in mWh, the rate in mW (negative while discharging), the time left in
 * seconds (all ones when it cannot be told). */
typedef struct {
    BOOLEAN AcOnLine;
    BOOLEAN BatteryPresent;
    BOOLEAN Charging;
    BOOLEAN Discharging;
    BOOLEAN Spare1[3];
    UCHAR Tag;
    ULONG MaxCapacity;
    ULONG RemainingCapacity;
    ULONG Rate;
    ULONG EstimatedTime;
    ULONG DefaultAlert1;
    ULONG DefaultAlert2;
} SYSTEM_BATTERY_STATE;
NT_CHECK_OFFSET(SYSTEM_BATTERY_STATE, MaxCapacity, 8);
NT_CHECK_SIZE(SYSTEM_BATTERY_STATE, 32);

#endif
