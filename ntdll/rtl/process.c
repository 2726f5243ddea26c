/* The process from user mode: setting it up, its PEB and the lock on it, the version and processor features
 * it reports, ending it. */
#include "rtl/rtlp.h"

void NTAPI RtlExitUserProcess(NTSTATUS status)
{
    /* As Windows: first every other thread, then the DLLs are told, then this thread ends with the process. */
    NtTerminateProcess(NULL, status);
    LdrShutdownProcess();
    NtTerminateProcess(NtCurrentProcess(), status);
    for (;;)
        ;
}

PPEB NTAPI RtlGetCurrentPeb(void)
{
    return NtCurrentTeb()->ProcessEnvironmentBlock;
}

/* The version the PEB reports; the EX fields too when the caller's structure is the EX size. */
NTSTATUS NTAPI RtlGetVersion(PRTL_OSVERSIONINFOEXW VersionInformation)
{
    const PEB *peb = NtCurrentTeb()->ProcessEnvironmentBlock;
    SIZE_T units = peb->CSDVersion.Length / sizeof(WCHAR);

    VersionInformation->dwMajorVersion = peb->OSMajorVersion;
    VersionInformation->dwMinorVersion = peb->OSMinorVersion;
    VersionInformation->dwBuildNumber = peb->OSBuildNumber;
    VersionInformation->dwPlatformId = peb->OSPlatformId;
    if (units > 127)
        units = 127;
    if (units)
        memcpy(VersionInformation->szCSDVersion, peb->CSDVersion.Buffer, units * sizeof(WCHAR));
    VersionInformation->szCSDVersion[units] = 0;
    if (VersionInformation->dwOSVersionInfoSize == sizeof(RTL_OSVERSIONINFOEXW)) {
        VersionInformation->wServicePackMajor = peb->OSCSDVersion >> 8;
        VersionInformation->wServicePackMinor = peb->OSCSDVersion & 0xff;
        VersionInformation->wSuiteMask = VER_SUITE_SINGLEUSERTS;
        VersionInformation->wProductType = VER_NT_WORKSTATION;
        VersionInformation->wReserved = 0;
    }
    return STATUS_SUCCESS;
}

static RTL_CRITICAL_SECTION RtlpPebLock;

/* The bitmaps of the TLS slots kernel32 hands out (TlsAlloc): 64 in the TEB, 1024 more in its expansion. */
static RTL_BITMAP RtlpTlsBitmap, RtlpTlsExpansionBitmap;

/* The process heap, the PEB lock and the process parameters in the heap, before anything else runs. */
NTSTATUS RtlpInitializeProcess(void)
{
    PPEB peb = NtCurrentTeb()->ProcessEnvironmentBlock;

    if (!(peb->ProcessHeap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL)))
        return STATUS_NO_MEMORY;
    RtlInitializeCriticalSectionEx(&RtlpPebLock, 0, RTL_CRITICAL_SECTION_FLAG_NO_DEBUG_INFO);
    peb->FastPebLock = &RtlpPebLock;
    if (RtlpAdoptProcessParameters())
        return STATUS_NO_MEMORY;
    RtlInitializeBitMap(&RtlpTlsBitmap, peb->TlsBitmapBits, sizeof(peb->TlsBitmapBits) * 8);
    RtlInitializeBitMap(&RtlpTlsExpansionBitmap, peb->TlsExpansionBitmapBits,
                        sizeof(peb->TlsExpansionBitmapBits) * 8);
    peb->TlsBitmap = &RtlpTlsBitmap;
    peb->TlsExpansionBitmap = &RtlpTlsExpansionBitmap;
    return STATUS_SUCCESS;
}

void NTAPI RtlAcquirePebLock(void)
{
    RtlEnterCriticalSection(NtCurrentTeb()->ProcessEnvironmentBlock->FastPebLock);
}

void NTAPI RtlReleasePebLock(void)
{
    RtlLeaveCriticalSection(NtCurrentTeb()->ProcessEnvironmentBlock->FastPebLock);
}

BOOLEAN NTAPI RtlIsProcessorFeaturePresent(ULONG Feature)
{
    return Feature < PROCESSOR_FEATURE_MAX && KiUserSharedData()->ProcessorFeatures[Feature];
}

/* The edition a Windows 10 desktop reports: Professional. */
BOOLEAN NTAPI RtlGetProductInfo(ULONG OSMajorVersion, ULONG OSMinorVersion, ULONG SpMajorVersion,
                                ULONG SpMinorVersion, PULONG ReturnedProductType)
{
    *ReturnedProductType = OSMajorVersion >= 6 ? 0x30 /* PRODUCT_PROFESSIONAL */ : 0 /* PRODUCT_UNDEFINED */;
    return OSMajorVersion >= 6;
}

/* A 64-bit process is no WOW64 process: redirection does not apply, as on 64-bit Windows. */
NTSTATUS NTAPI RtlWow64EnableFsRedirection(BOOLEAN Enable)
{
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI RtlWow64EnableFsRedirectionEx(PVOID Disable, PVOID *OldValue)
{
    return STATUS_NOT_IMPLEMENTED;
}

/* From the system's list of machines: the process's own when it is not the native one (IMAGE_FILE_MACHINE_UNKNOWN
 * for a process that is no WOW64 one), and the native one. */
NTSTATUS NTAPI RtlWow64GetProcessMachines(HANDLE Process, PUSHORT CurrentMachine, PUSHORT NativeMachine)
{
    ULONG machines[8], length;
    USHORT current = 0, native = 0;
    NTSTATUS status = NtQuerySystemInformationEx(SystemSupportedProcessorArchitectures, &Process, sizeof(Process),
                                                 machines, sizeof(machines), &length);

    if (status)
        return status;
    for (ULONG i = 0; i < length / sizeof(ULONG) && machines[i]; i++) {
        if (machines[i] & 0x40000)
            native = (USHORT)machines[i];
        if (machines[i] & 0x80000)
            current = (USHORT)machines[i];
    }
    if (CurrentMachine)
        *CurrentMachine = current == native ? 0 : current;
    if (NativeMachine)
        *NativeMachine = native;
    return STATUS_SUCCESS;
}

USHORT NTAPI RtlWow64GetCurrentMachine(void)
{
    return IMAGE_FILE_MACHINE_AMD64;
}

/* No WOW64 here: Veles runs x86-64 programs alone. */
NTSTATUS NTAPI RtlWow64IsWowGuestMachineSupported(USHORT Machine, PBOOLEAN Supported)
{
    *Supported = FALSE;
    return STATUS_SUCCESS;
}

/* The native system's information, which for a process that is no WOW64 one is the system's. */
NTSTATUS NTAPI RtlGetNativeSystemInformation(SYSTEM_INFORMATION_CLASS SystemInformationClass, PVOID SystemInformation,
                                             ULONG SystemInformationLength, PULONG ReturnLength)
{
    return NtQuerySystemInformation(SystemInformationClass, SystemInformation, SystemInformationLength,
                                    ReturnLength);
}

/* The processor the thread runs on, one group. Linux writes it into the limit of a per-processor GDT
 * segment (selector 0x7b, node << 12 | cpu), as its own vDSO reads it; TSC_AUX is not trustworthy under
 * every hypervisor, which may offer RDTSCP without Linux having set it. */
ULONG NTAPI RtlGetCurrentProcessorNumber(void)
{
    ULONG limit = 0;
    __asm__ volatile("lsl %1, %0" : "+r"(limit) : "r"(0x7bu) : "cc");
    return limit & 0xfff;
}

void NTAPI RtlGetCurrentProcessorNumberEx(PPROCESSOR_NUMBER Processor)
{
    Processor->Group = 0;
    Processor->Number = (UCHAR)RtlGetCurrentProcessorNumber();
    Processor->Reserved = 0;
}

/* VerifyVersionInfo's condition mask: three bits of condition for each VER_* field, at the field's bit index
 * times three. */
ULONGLONG NTAPI VerSetConditionMask(ULONGLONG ConditionMask, ULONG TypeMask, UCHAR Condition)
{
    if (!TypeMask)
        return ConditionMask;
    for (int bit = 7; bit >= 0; bit--) {
        if (TypeMask & (1u << bit)) {
            ConditionMask |= (ULONGLONG)(Condition & 7) << (bit * 3);
            break; /* the highest field named, as Windows takes it */
        }
    }
    return ConditionMask;
}

/* A WOW64 thread's 32-bit context, which the thread's information classes carry. */
NTSTATUS NTAPI RtlWow64GetThreadContext(HANDLE Thread, PWOW64_CONTEXT Context)
{
    return NtQueryInformationThread(Thread, ThreadWow64Context, Context, sizeof(*Context), NULL);
}

NTSTATUS NTAPI RtlWow64SetThreadContext(HANDLE Thread, const WOW64_CONTEXT *Context)
{
    return NtSetInformationThread(Thread, ThreadWow64Context, (PVOID)Context, sizeof(*Context));
}
