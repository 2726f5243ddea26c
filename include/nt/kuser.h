/* KUSER_SHARED_DATA: the page at 0x7ffe0000 that Windows code reads for time, version and CPU features. */
#ifndef NT_KUSER_H
#define NT_KUSER_H

#include "ntdef.h"
#include "context.h"

#define KUSER_SHARED_DATA_ADDRESS 0x7ffe0000ull

/* Written High2Time, LowPart, High1Time; a reader retries until High1Time == High2Time. */
typedef struct {
    ULONG LowPart;
    LONG High1Time;
    LONG High2Time;
} KSYSTEM_TIME;

/* A consistent reading of a time the personality keeps changing. */
static inline LONGLONG KSystemTimeRead(const volatile KSYSTEM_TIME *t)
{
    for (;;) {
        LONG high = t->High1Time;
        ULONG low = t->LowPart;
        if (high == t->High2Time)
            return (LONGLONG)((ULONG64)(ULONG)high << 32 | low);
    }
}

#define PROCESSOR_FEATURE_MAX 64
#define PF_FLOATING_POINT_EMULATED 1
#define PF_COMPARE_EXCHANGE_DOUBLE 2
#define PF_MMX_INSTRUCTIONS_AVAILABLE 3
#define PF_XMMI_INSTRUCTIONS_AVAILABLE 6
#define PF_3DNOW_INSTRUCTIONS_AVAILABLE 7
#define PF_RDTSC_INSTRUCTION_AVAILABLE 8
#define PF_PAE_ENABLED 9
#define PF_XMMI64_INSTRUCTIONS_AVAILABLE 10
#define PF_NX_ENABLED 12
#define PF_SSE3_INSTRUCTIONS_AVAILABLE 13
#define PF_COMPARE_EXCHANGE128 14
#define PF_XSAVE_ENABLED 17
#define PF_SECOND_LEVEL_ADDRESS_TRANSLATION 20
#define PF_VIRT_FIRMWARE_ENABLED 21
#define PF_RDWRFSGSBASE_AVAILABLE 22
#define PF_FASTFAIL_AVAILABLE 23
#define PF_RDRAND_INSTRUCTION_AVAILABLE 28
#define PF_RDTSCP_INSTRUCTION_AVAILABLE 32
#define PF_SSSE3_INSTRUCTIONS_AVAILABLE 36
#define PF_SSE4_1_INSTRUCTIONS_AVAILABLE 37
#define PF_SSE4_2_INSTRUCTIONS_AVAILABLE 38
#define PF_AVX_INSTRUCTIONS_AVAILABLE 39
#define PF_AVX2_INSTRUCTIONS_AVAILABLE 40
#define PF_AVX512F_INSTRUCTIONS_AVAILABLE 41

typedef struct {
    ULONG TickCountLowDeprecated;
    ULONG TickCountMultiplier;
    volatile KSYSTEM_TIME InterruptTime;
    volatile KSYSTEM_TIME SystemTime;
    volatile KSYSTEM_TIME TimeZoneBias;
    USHORT ImageNumberLow;
    USHORT ImageNumberHigh;
    WCHAR NtSystemRoot[260];
    ULONG MaxStackTraceDepth;
    ULONG CryptoExponent;
    ULONG TimeZoneId;
    ULONG LargePageMinimum;
    ULONG AitSamplingValue;
    ULONG AppCompatFlag;
    ULONGLONG RNGSeedVersion;
    ULONG GlobalValidationRunLevel;
    volatile ULONG TimeZoneBiasStamp;
    ULONG NtBuildNumber;
    ULONG NtProductType;
    BOOLEAN ProductTypeIsValid;
    UCHAR Reserved0;
    USHORT NativeProcessorArchitecture;
    ULONG NtMajorVersion;
    ULONG NtMinorVersion;
    BOOLEAN ProcessorFeatures[PROCESSOR_FEATURE_MAX];
    ULONG Reserved1;
    ULONG Reserved3;
    volatile ULONG TimeSlip;
    ULONG AlternativeArchitecture;
    ULONG BootId;
    LARGE_INTEGER SystemExpirationDate;
    ULONG SuiteMask;
    BOOLEAN KdDebuggerEnabled;
    UCHAR MitigationPolicies;
    USHORT CyclesPerYield;
    volatile ULONG ActiveConsoleId;
    volatile ULONG DismountCount;
    ULONG ComPlusPackage;
    ULONG LastSystemRITEventTickCount;
    ULONG NumberOfPhysicalPages;
    BOOLEAN SafeBootMode;
    UCHAR VirtualizationFlags;
    UCHAR Reserved12[2];
    ULONG SharedDataFlags;
    ULONG DataFlagsPad;
    ULONGLONG TestRetInstruction;
    LONGLONG QpcFrequency;
    ULONG SystemCall;
    ULONG UserCetAvailableEnvironments;
    ULONGLONG SystemCallPad[2];
    union {
        volatile KSYSTEM_TIME TickCount;
        volatile ULONG64 TickCountQuad;
    };
    ULONG Cookie;
    ULONG CookiePad;
    LONGLONG ConsoleSessionForegroundProcessId;
    ULONGLONG TimeUpdateLock;
    ULONGLONG BaselineSystemTimeQpc;
    ULONGLONG BaselineInterruptTimeQpc;
    ULONGLONG QpcSystemTimeIncrement;
    ULONGLONG QpcInterruptTimeIncrement;
    UCHAR QpcSystemTimeIncrementShift;
    UCHAR QpcInterruptTimeIncrementShift;
    USHORT UnparkedProcessorCount;
    ULONG EnclaveFeatureMask[4];
    ULONG TelemetryCoverageRound;
    USHORT UserModeGlobalLogger[16];
    ULONG ImageFileExecutionOptions;
    ULONG LangGenerationCount;
    ULONG ActiveProcessorAffinity;
    volatile ULONGLONG InterruptTimeBias;
    volatile ULONGLONG QpcBias;
    ULONG ActiveProcessorCount;
    volatile UCHAR ActiveGroupCount;
    UCHAR Reserved9;
    USHORT QpcData;
    LARGE_INTEGER TimeZoneBiasEffectiveStart;
    LARGE_INTEGER TimeZoneBiasEffectiveEnd;
    XSTATE_CONFIGURATION XState;
} KUSER_SHARED_DATA;

NT_CHECK_OFFSET(KUSER_SHARED_DATA, InterruptTime, 0x008);
NT_CHECK_OFFSET(KUSER_SHARED_DATA, SystemTime, 0x014);
NT_CHECK_OFFSET(KUSER_SHARED_DATA, NtSystemRoot, 0x030);
NT_CHECK_OFFSET(KUSER_SHARED_DATA, NtBuildNumber, 0x260);
NT_CHECK_OFFSET(KUSER_SHARED_DATA, NativeProcessorArchitecture, 0x26a);
NT_CHECK_OFFSET(KUSER_SHARED_DATA, NtMajorVersion, 0x26c);
NT_CHECK_OFFSET(KUSER_SHARED_DATA, ProcessorFeatures, 0x274);
NT_CHECK_OFFSET(KUSER_SHARED_DATA, KdDebuggerEnabled, 0x2d4);
NT_CHECK_OFFSET(KUSER_SHARED_DATA, NumberOfPhysicalPages, 0x2e8);
NT_CHECK_OFFSET(KUSER_SHARED_DATA, QpcFrequency, 0x300);
NT_CHECK_OFFSET(KUSER_SHARED_DATA, SystemCall, 0x308);
NT_CHECK_OFFSET(KUSER_SHARED_DATA, TickCount, 0x320);
NT_CHECK_OFFSET(KUSER_SHARED_DATA, Cookie, 0x330);
NT_CHECK_OFFSET(KUSER_SHARED_DATA, ActiveProcessorCount, 0x3c0);
NT_CHECK_OFFSET(KUSER_SHARED_DATA, QpcData, 0x3c6);
NT_CHECK_OFFSET(KUSER_SHARED_DATA, XState, 0x3d8);

/* Veles' own, in the page past Windows' structure: the address every system-call stub jumps through. An absolute
 * address, so that a stub copied elsewhere (as sandboxes and hooking libraries copy them) still works. */
#define KUSER_SERVICE_DISPATCHER_ADDRESS (KUSER_SHARED_DATA_ADDRESS + 0xff8)
_Static_assert(sizeof(KUSER_SHARED_DATA) <= 0xff8, "the service dispatcher's slot is past KUSER_SHARED_DATA");

static inline volatile KUSER_SHARED_DATA *KiUserSharedData(void)
{
    return (volatile KUSER_SHARED_DATA *)KUSER_SHARED_DATA_ADDRESS;
}

#endif
