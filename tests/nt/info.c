/* What a program learns about itself and the system: PEB, TEB, process parameters, KUSER_SHARED_DATA,
 * NtQuerySystemInformation and NtQueryInformationProcess. tests/run starts it as
 *   info.exe "a b" 'c"d' 'e\' 'f\\"g' ''   with VELES_TEST_VAR='hello wörld' */
#include "lib/nttest.h"

extern IMAGE_DOS_HEADER __ImageBase;

static int EndsWith(const UNICODE_STRING *us, const char *tail)
{
    SIZE_T units = us->Length / 2, n = 0;
    while (tail[n])
        n++;
    return units >= n && TestStrEqualW(us->Buffer + units - n, tail, n);
}

static void TestPebTeb(void)
{
    PPEB peb = TestPeb();
    PTEB teb = NtCurrentTeb();
    RTL_USER_PROCESS_PARAMETERS *pp = peb->ProcessParameters;
    char here;

    ok(peb->OSMajorVersion == 10 && peb->OSMinorVersion == 0 && peb->OSBuildNumber == 19045 &&
           peb->OSPlatformId == 2,
       "Windows 10.0.19045: %u.%u.%u", (unsigned)peb->OSMajorVersion, (unsigned)peb->OSMinorVersion,
       (unsigned)peb->OSBuildNumber);
    ok(peb->ImageBaseAddress == &__ImageBase, "image base %p", peb->ImageBaseAddress);
    ok(peb->NumberOfProcessors >= 1 && peb->ImageSubsystem == 3 && peb->SessionId == 1, "PEB fields");
    ok(teb->NtTib.Self == teb && teb->ProcessEnvironmentBlock == peb, "TEB self and PEB");
    ok(teb->ClientId.UniqueProcess && teb->ClientId.UniqueThread, "client id");
    ok((char *)teb->NtTib.StackBase > &here && (char *)teb->NtTib.StackLimit < &here,
       "stack %p..%p holds %p", teb->NtTib.StackLimit, teb->NtTib.StackBase, (void *)&here);
    ok((char *)teb->DeallocationStack <= (char *)teb->NtTib.StackLimit, "deallocation stack");
    ok(teb->StaticUnicodeString.Buffer == teb->StaticUnicodeBuffer, "static unicode string");

    ok(pp->Flags & RTL_USER_PROC_PARAMS_NORMALIZED, "parameters are normalized");
    ok(pp->ImagePathName.Buffer[1] == ':' && EndsWith(&pp->ImagePathName, "\\info.exe"), "image path %S",
       pp->ImagePathName.Buffer);
    ok(pp->CurrentDirectory.DosPath.Buffer[1] == ':' && EndsWith(&pp->CurrentDirectory.DosPath, "\\") &&
           pp->CurrentDirectory.DosPath.MaximumLength >= 520 && pp->CurrentDirectory.Handle,
       "current directory %S", pp->CurrentDirectory.DosPath.Buffer);
    ok(EndsWith(&pp->CommandLine, "info.exe \"a b\" \"c\\\"d\" e\\ \"f\\\\\\\\\\\"g\" \"\""),
       "command line quoted by Windows' rules: %S", pp->CommandLine.Buffer);
    ok(pp->CommandLine.Buffer[pp->CommandLine.Length / 2] == 0, "command line is terminated");
}

static void TestEnvironment(void)
{
    const WCHAR *v;
    static const WCHAR world[] = {'h', 'e', 'l', 'l', 'o', ' ', 'w', 0xf6, 'r', 'l', 'd', 0};

    ok((v = TestFindVariable("SystemRoot")) && TestStrEqualW(v, "C:\\windows", 10), "SystemRoot");
    ok((v = TestFindVariable("OS")) && TestStrEqualW(v, "Windows_NT", 10), "OS");
    ok((v = TestFindVariable("PROCESSOR_ARCHITECTURE")) && TestStrEqualW(v, "AMD64", 5), "PROCESSOR_ARCHITECTURE");
    ok((v = TestFindVariable("PATH")) && TestStrEqualW(v, "C:\\windows\\system32;", 20), "PATH starts with system32");
    v = TestFindVariable("VELES_TEST_VAR");
    ok(v != NULL, "a Linux variable comes through");
    if (v) {
        int same = 1;
        for (int i = 0; world[i] || v[i]; i++)
            same &= v[i] == world[i];
        ok(same, "and its UTF-8 becomes UTF-16: %S", v);
    }
    ok(TestFindVariable("USERPROFILE") && TestFindVariable("TEMP") && TestFindVariable("windir"), "Windows' own variables");
}

static void TestSharedData(void)
{
    volatile KUSER_SHARED_DATA *k = KiUserSharedData();

    ok(k->NtMajorVersion == 10 && k->NtMinorVersion == 0 && k->NtBuildNumber == 19045, "KUSER version");
    ok(k->NativeProcessorArchitecture == PROCESSOR_ARCHITECTURE_AMD64, "KUSER architecture");
    ok(TestStrEqualW((const WCHAR *)k->NtSystemRoot, "C:\\windows", 10), "NtSystemRoot");
    ok(k->QpcFrequency == 10000000, "QPC frequency %ld", (LONG64)k->QpcFrequency);
    ok(k->TickCountMultiplier && k->ActiveProcessorCount >= 1 && k->NumberOfPhysicalPages > 0, "KUSER counts");
    ok(k->ProcessorFeatures[PF_XMMI64_INSTRUCTIONS_AVAILABLE] && k->ProcessorFeatures[PF_NX_ENABLED],
       "processor features");
}

static void TestSystemInformation(void)
{
    SYSTEM_BASIC_INFORMATION sbi;
    SYSTEM_PROCESSOR_INFORMATION spi;
    SYSTEM_TIMEOFDAY_INFORMATION sti;
    ULONG_PTR range;
    ULONG len = 0;
    LARGE_INTEGER now;

    ok_status(NtQuerySystemInformation(SystemBasicInformation, &sbi, 0, &len), STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQuerySystemInformation(SystemBasicInformation, NULL, sizeof(sbi), NULL), STATUS_ACCESS_VIOLATION);
    ok_status(NtQuerySystemInformation(SystemBasicInformation, &sbi, sizeof(sbi) * 2, &len),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQuerySystemInformation(SystemBasicInformation, &sbi, sizeof(sbi), &len), STATUS_SUCCESS);
    ok(len == sizeof(sbi), "basic: length %u", (unsigned)len);
    ok(sbi.PageSize == 0x1000 && sbi.AllocationGranularity == 0x10000 && sbi.MinimumUserModeAddress == 0x10000 &&
           sbi.MaximumUserModeAddress == 0x7ffffffeffffull && sbi.NumberOfProcessors >= 1,
       "basic information");
    ok_status(NtQuerySystemInformation(SystemEmulationBasicInformation, &sbi, sizeof(sbi), NULL), STATUS_SUCCESS);
    {
        SYSTEM_BASIC_INFORMATION native;
        memset(&native, 0xcc, sizeof(native));
        ok_status(NtQuerySystemInformation(SystemNativeBasicInformation, &native, sizeof(native), &len),
                  STATUS_SUCCESS);
        ok(len == sizeof(native) && native.MaximumUserModeAddress == sbi.MaximumUserModeAddress &&
               native.NumberOfProcessors == sbi.NumberOfProcessors,
           "the native basic information is the basic information");
    }

    ok_status(NtQuerySystemInformation(SystemProcessorInformation, &spi, sizeof(spi), &len), STATUS_SUCCESS);
    ok(spi.ProcessorArchitecture == PROCESSOR_ARCHITECTURE_AMD64 && spi.ProcessorLevel >= 6, "processor: level %u",
       (unsigned)spi.ProcessorLevel);
    /* Every x86-64 processor has these: TSC, CMOV, CMPXCHG8B, MMX, FXSR, SSE, SSE2. */
    ok((spi.ProcessorFeatureBits & 0x1298aU) == 0x1298aU, "processor features %#x",
       (unsigned)spi.ProcessorFeatureBits);
    {
        SYSTEM_PROCESSOR_INFORMATION emulated;
        ok_status(NtQuerySystemInformation(SystemEmulationProcessorInformation, &emulated, sizeof(emulated), &len),
                  STATUS_SUCCESS);
        ok(len == sizeof(emulated) && emulated.ProcessorArchitecture == 0 /* i386 */ &&
               emulated.ProcessorLevel == spi.ProcessorLevel && emulated.ProcessorRevision == spi.ProcessorRevision,
           "the emulated processor is the same chip as an i386");
    }
    {
        ULONG alignment = 0;
        ok_status(NtQuerySystemInformation(58 /* SystemRecommendedSharedDataAlignment */, &alignment,
                                           sizeof(alignment), &len),
                  STATUS_SUCCESS);
        ok(alignment == 64 && len == sizeof(alignment), "shared data alignment %u", (unsigned)alignment);
    }
    {
        /* One record a processor; too little room learns the size. */
        ULONG interrupts[64 * 6] = {0};
        ULONG need = (ULONG)sbi.NumberOfProcessors * 24;
        len = 0;
        ok_status(NtQuerySystemInformation(23 /* SystemInterruptInformation */, interrupts, 0, &len),
                  STATUS_INFO_LENGTH_MISMATCH);
        ok(len == need, "interrupt information needs %u bytes, told %u", (unsigned)need, (unsigned)len);
        ok_status(NtQuerySystemInformation(23, interrupts, need, &len), STATUS_SUCCESS);
        ok(interrupts[3] == 156250 && interrupts[need / 4 - 3] == 156250, "each processor's time increment");
        ok_status(NtQuerySystemInformation(23, NULL, need, &len), STATUS_ACCESS_VIOLATION);
    }
    {
        struct {
            ULONG Allowed, Used;
            SIZE_T PagedPool;
            char more[8];
        } quota;
        ok_status(NtQuerySystemInformation(37 /* SystemRegistryQuotaInformation */, &quota, 0, &len),
                  STATUS_INFO_LENGTH_MISMATCH);
        ok(len == 16, "registry quota needs 16 bytes, told %u", (unsigned)len);
        len = 0;
        ok_status(NtQuerySystemInformation(37, &quota, sizeof(quota), &len), STATUS_SUCCESS);
        ok(len == 16 && quota.Allowed == 0xffffffffu && quota.Used > 4096, "registry usage %u bytes",
           (unsigned)quota.Used);
    }

    ok_status(NtQuerySystemInformation(SystemTimeOfDayInformation, &sti, 0, &len), STATUS_SUCCESS);
    ok(len == 0, "time of day, no room: %u", (unsigned)len);
    sti.TimeZoneId = 0xdeadbeef;
    ok_status(NtQuerySystemInformation(SystemTimeOfDayInformation, &sti, 24, &len), STATUS_SUCCESS);
    ok(len == 24 && sti.TimeZoneId == 0xdeadbeef, "time of day, 24 bytes only");
    ok_status(NtQuerySystemInformation(SystemTimeOfDayInformation, &sti, 49, &len), STATUS_INFO_LENGTH_MISMATCH);
    ok(len == sizeof(sti), "time of day, too long: told %u", (unsigned)len);
    ok_status(NtQuerySystemInformation(SystemTimeOfDayInformation, &sti, sizeof(sti), &len), STATUS_SUCCESS);
    NtQuerySystemTime(&now);
    ok(len == sizeof(sti) && now.QuadPart - sti.CurrentTime.QuadPart < 10000000 &&
           sti.BootTime.QuadPart < sti.CurrentTime.QuadPart,
       "time of day is now");

    {
        /* The file cache: Linux's page cache; a larger buffer is fine, a smaller one learns the size. */
        union {
            SYSTEM_FILECACHE_INFORMATION info;
            char room[128];
        } cache;
        ULONG got = 0;
        ok_status(NtQuerySystemInformation(SystemFileCacheInformation, &cache, sizeof(cache), &got), STATUS_SUCCESS);
        ok(got == 64 && cache.info.CurrentSize && cache.info.MaximumWorkingSet, "the file cache: %lu bytes",
           (ULONG64)cache.info.CurrentSize);
        got = 0;
        ok_status(NtQuerySystemInformation(SystemFileCacheInformation, &cache, 63, &got), STATUS_INFO_LENGTH_MISMATCH);
        ok(got == 64, "the size it needs");
    }
    ok_status(NtQuerySystemInformation(SystemRangeStartInformation, &range, sizeof(range), NULL), STATUS_SUCCESS);
    ok(range == 0xffff800000000000ull, "system range start %p", (void *)range);
    ok_status(NtQuerySystemInformation(0x1000, &sbi, sizeof(sbi), NULL), STATUS_INVALID_INFO_CLASS);
    /* SystemModuleInformation (11), the kernel's modules, is not written. */
    ok_status(NtQuerySystemInformation(11, &sbi, sizeof(sbi), NULL), STATUS_NOT_IMPLEMENTED);
}

/* The power manager: every processor's clocks or none, and the battery (none on a machine with no battery). */
static void TestPower(void)
{
    SYSTEM_BASIC_INFORMATION sbi;
    PROCESSOR_POWER_INFORMATION ppi[65];
    SYSTEM_BATTERY_STATE battery;
    ULONG n, i;

    NtQuerySystemInformation(SystemBasicInformation, &sbi, sizeof(sbi), NULL);
    n = (ULONG)sbi.NumberOfProcessors;
    for (i = 0; i < 65; i++)
        ppi[i].Number = 0xdeadbeef;
    ok_status(NtPowerInformation(ProcessorInformation, NULL, 0, ppi, n * sizeof(ppi[0]) - 1), STATUS_BUFFER_TOO_SMALL);
    ok(ppi[0].Number == 0xdeadbeef, "nothing written when not all fit");
    ok_status(NtPowerInformation(ProcessorInformation, NULL, 0, NULL, n * sizeof(ppi[0])), STATUS_INVALID_PARAMETER);
    ok_status(NtPowerInformation(ProcessorInformation, NULL, 0, (void *)1, n * sizeof(ppi[0])),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtPowerInformation(ProcessorInformation, NULL, 0, ppi, sizeof(ppi)), STATUS_SUCCESS);
    for (i = 0; i < n && ppi[i].Number == i && ppi[i].MaxMhz && ppi[i].CurrentMhz && ppi[i].MhzLimit; i++)
        ;
    ok(i == n && ppi[n].Number == 0xdeadbeef, "the clocks of %u processors: %u MHz at most", (unsigned)n,
       (unsigned)ppi[0].MaxMhz);

    memset(&battery, 0x23, sizeof(battery));
    ok_status(NtPowerInformation(SystemBatteryState, NULL, 0, &battery, sizeof(battery) - 1), STATUS_BUFFER_TOO_SMALL);
    ok_status(NtPowerInformation(SystemBatteryState, NULL, 0, &battery, sizeof(battery)), STATUS_SUCCESS);
    ok(battery.AcOnLine <= 1 && battery.BatteryPresent <= 1 && battery.MaxCapacity >= battery.RemainingCapacity &&
           (battery.BatteryPresent || (!battery.EstimatedTime && battery.AcOnLine && !battery.Discharging)),
       "battery: present %u, on the mains %u, %u of %u mWh", battery.BatteryPresent, battery.AcOnLine,
       (unsigned)battery.RemainingCapacity, (unsigned)battery.MaxCapacity);
    ok_status(NtPowerInformation(PowerInformationLevelMaximum, NULL, 0, &battery, sizeof(battery)),
              STATUS_INVALID_PARAMETER);
    ok_status(NtPowerInformation(SystemPowerPolicyAc, NULL, 0, &battery, sizeof(battery)), STATUS_NOT_IMPLEMENTED);
}

/* Each processor's times, as many as fit; its topology in both forms, the Ex one by relationship. */
static void TestProcessors(void)
{
    SYSTEM_BASIC_INFORMATION sbi;
    SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION perf[65];
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION slpi[256];
    static BYTE ex[16384];
    ULONG len = 0, n, all = 0, part, total = 0, relationship;
    KAFFINITY cores = 0;

    NtQuerySystemInformation(SystemBasicInformation, &sbi, sizeof(sbi), NULL);
    n = (ULONG)sbi.NumberOfProcessors;
    ok_status(NtQuerySystemInformation(SystemProcessorPerformanceInformation, perf, sizeof(perf[0]) - 1, &len),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQuerySystemInformation(SystemProcessorPerformanceInformation, perf, sizeof(perf[0]), &len),
              STATUS_SUCCESS);
    ok(len == sizeof(perf[0]), "one processor's worth: %u", len);
    ok_status(NtQuerySystemInformation(SystemProcessorPerformanceInformation, perf, sizeof(perf), &len),
              STATUS_SUCCESS);
    ok(len == n * sizeof(perf[0]) && perf[0].KernelTime.QuadPart >= perf[0].IdleTime.QuadPart &&
           perf[0].KernelTime.QuadPart + perf[0].UserTime.QuadPart > 0,
       "every processor, its kernel time counting its idle time: %u", len);

    ok_status(NtQuerySystemInformation(SystemLogicalProcessorInformation, NULL, 0, &len), STATUS_INFO_LENGTH_MISMATCH);
    ok(len && len % sizeof(slpi[0]) == 0 && len <= sizeof(slpi), "the size of whole records: %u", len);
    ok_status(NtQuerySystemInformation(SystemLogicalProcessorInformation, slpi, len, &len), STATUS_SUCCESS);
    for (ULONG i = 0; i < len / sizeof(slpi[0]); i++)
        if (slpi[i].Relationship == RelationProcessorCore)
            cores |= slpi[i].ProcessorMask;
    ok(cores == (n == 64 ? ~(KAFFINITY)0 : ((KAFFINITY)1 << n) - 1), "the cores hold every processor: %llx",
       (unsigned long long)cores);

    relationship = RelationAll;
    ok_status(NtQuerySystemInformationEx(SystemLogicalProcessorInformationEx, &relationship, sizeof(relationship), NULL,
                                         0, &all),
              STATUS_INFO_LENGTH_MISMATCH);
    ok(all && all <= sizeof(ex), "the size of all: %u", all);
    for (relationship = RelationProcessorCore; relationship <= RelationGroup; relationship++) {
        part = 0;
        ok_status(NtQuerySystemInformationEx(SystemLogicalProcessorInformationEx, &relationship, sizeof(relationship),
                                             ex, sizeof(ex), &part),
                  STATUS_SUCCESS);
        for (ULONG at = 0; at < part;) {
            SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *record = (void *)(ex + at);
            ok(record->Relationship == relationship && record->Size, "records of the one relationship asked");
            if (!record->Size)
                break;
            at += record->Size;
        }
        total += part;
    }
    ok(total == all, "all is every relationship once: %u, %u", total, all);
    relationship = RelationGroup;
    NtQuerySystemInformationEx(SystemLogicalProcessorInformationEx, &relationship, sizeof(relationship), ex,
                               sizeof(ex), &part);
    {
        SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *group = (void *)ex;
        ok(part == 80 && group->Group.ActiveGroupCount == 1 && group->Group.GroupInfo[0].ActiveProcessorCount == n,
           "one group of every processor: %u", part);
    }
    relationship = RelationProcessorModule;
    ok_status(NtQuerySystemInformationEx(SystemLogicalProcessorInformationEx, &relationship, sizeof(relationship), ex,
                                         sizeof(ex), &part),
              STATUS_UNSUCCESSFUL);
    relationship = 0x100;
    ok_status(NtQuerySystemInformationEx(SystemLogicalProcessorInformationEx, &relationship, sizeof(relationship), ex,
                                         sizeof(ex), &part),
              STATUS_INVALID_PARAMETER);
    ok_status(NtQuerySystemInformationEx(SystemLogicalProcessorInformationEx, NULL, 0, ex, sizeof(ex), &part),
              STATUS_INVALID_PARAMETER);

    /* A CPU set a processor, for the process or none. */
    {
        HANDLE process = NtCurrentProcess();
        SYSTEM_CPU_SET_INFORMATION *sets = (SYSTEM_CPU_SET_INFORMATION *)ex;
        ok_status(NtQuerySystemInformationEx(SystemCpuSetInformation, &process, sizeof(process), NULL, 0, &part),
                  STATUS_BUFFER_TOO_SMALL);
        ok(part == n * sizeof(*sets), "one a processor: %u", part);
        ok_status(NtQuerySystemInformationEx(SystemCpuSetInformation, &process, sizeof(process), ex, sizeof(ex),
                                             &part),
                  STATUS_SUCCESS);
        ok(sets[0].Size == sizeof(*sets) && sets[0].CpuSet.Id == 0x100 && sets[n - 1].CpuSet.LogicalProcessorIndex ==
                                                                              n - 1,
           "ids from 0x100, in processor order");
        process = (HANDLE)0x1234;
        ok_status(NtQuerySystemInformationEx(SystemCpuSetInformation, &process, sizeof(process), ex, sizeof(ex),
                                             &part),
                  STATUS_INVALID_HANDLE);
        ok_status(NtQuerySystemInformationEx(SystemCpuSetInformation, NULL, sizeof(process), ex, sizeof(ex), &part),
                  STATUS_INVALID_PARAMETER);
        ok_status(NtQuerySystemInformation(SystemCpuSetInformation, ex, sizeof(ex), &part), STATUS_INVALID_PARAMETER);
    }
}

/* The clock's adjustment (off: Linux disciplines the clock), and no kernel debugger. */
static void TestClockAndDebugger(void)
{
    SYSTEM_TIME_ADJUSTMENT_QUERY query;
    SYSTEM_TIME_ADJUSTMENT adjust = {0};
    SYSTEM_KERNEL_DEBUGGER_INFORMATION debugger[2];
    ULONG len = 0;

    ok_status(NtQuerySystemInformation(SystemTimeAdjustmentInformation, &query, sizeof(query), &len), STATUS_SUCCESS);
    ok(len == sizeof(query) && query.TimeIncrement == 156250 && query.TimeAdjustmentDisabled, "adjustment off");
    ok_status(NtQuerySystemInformation(SystemTimeAdjustmentInformation, &query, sizeof(query) + 1, &len),
              STATUS_INFO_LENGTH_MISMATCH);
    ok(len == sizeof(query), "the size told");
    ok_status(NtSetSystemInformation(SystemTimeAdjustmentInformation, &adjust, sizeof(adjust) - 1),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtSetSystemInformation(SystemTimeAdjustmentInformation, &adjust, sizeof(adjust)),
              STATUS_PRIVILEGE_NOT_HELD);
    {
        SYSTEM_PERFORMANCE_INFORMATION perf[2];
        ok_status(NtQuerySystemInformation(SystemPerformanceInformation, perf, sizeof(perf[0]) - 1, &len),
                  STATUS_INFO_LENGTH_MISMATCH);
        ok_status(NtQuerySystemInformation(SystemPerformanceInformation, perf, sizeof(perf), &len), STATUS_SUCCESS);
        ok(len == sizeof(perf[0]) && perf[0].AvailablePages && perf[0].TotalCommitLimit >= perf[0].AvailablePages &&
               perf[0].IdleTime.QuadPart,
           "memory in pages, idle time: %u of %u", perf[0].AvailablePages, perf[0].TotalCommitLimit);
    }
    ok_status(NtQuerySystemInformation(SystemKernelDebuggerInformation, debugger, 0, &len),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQuerySystemInformation(SystemKernelDebuggerInformation, debugger, sizeof(debugger), &len),
              STATUS_SUCCESS);
    ok(len == 2 && !debugger[0].KernelDebuggerEnabled && debugger[0].KernelDebuggerNotPresent, "no debugger");
}

static void TestProcessInformation(void)
{
    PROCESS_BASIC_INFORMATION pbi;
    SECTION_IMAGE_INFORMATION sii;
    KERNEL_USER_TIMES times;
    ULONG_PTR value = 1;
    ULONG len = 0;
    LARGE_INTEGER now;

    ok_status(NtQueryInformationProcess(NULL, -1, NULL, 0, NULL), STATUS_INVALID_INFO_CLASS);
    ok_status(NtQueryInformationProcess(NULL, ProcessBasicInformation, NULL, 0, NULL), STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQueryInformationProcess(NULL, ProcessBasicInformation, NULL, sizeof(pbi), NULL),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtQueryInformationProcess(NULL, ProcessBasicInformation, &pbi, sizeof(pbi), NULL),
              STATUS_INVALID_HANDLE);
    ok_status(NtQueryInformationProcess(NULL, ProcessBasicInformation, &pbi, sizeof(pbi) * 2, NULL),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQueryInformationProcess(NtCurrentProcess(), ProcessBasicInformation, &pbi, sizeof(pbi), &len),
              STATUS_SUCCESS);
    ok(len == sizeof(pbi) && pbi.PebBaseAddress == TestPeb() &&
           pbi.UniqueProcessId == (ULONG_PTR)NtCurrentTeb()->ClientId.UniqueProcess,
       "basic information: peb %p pid %lu", pbi.PebBaseAddress, (ULONG64)pbi.UniqueProcessId);

    ok_status(NtQueryInformationProcess(NtCurrentProcess(), ProcessWow64Information, &value, sizeof(value), NULL),
              STATUS_SUCCESS);
    ok(value == 0, "not a WoW64 process");
    value = 1;
    ok_status(NtQueryInformationProcess(NtCurrentProcess(), ProcessDebugPort, &value, sizeof(value), NULL),
              STATUS_SUCCESS);
    ok(value == 0, "no debugger");
    ok_status(NtQueryInformationProcess(NtCurrentProcess(), ProcessImageInformation, &sii, sizeof(sii), NULL),
              STATUS_SUCCESS);
    ok(sii.Machine == IMAGE_FILE_MACHINE_AMD64 && sii.SubSystemType == 3 && sii.TransferAddress, "image information");
    ok_status(NtQueryInformationProcess(NtCurrentProcess(), ProcessTimes, &times, sizeof(times), NULL),
              STATUS_SUCCESS);
    NtQuerySystemTime(&now);
    ok(times.CreateTime.QuadPart <= now.QuadPart && now.QuadPart - times.CreateTime.QuadPart < 600000000,
       "created within the last minute");

    /* The memory counters, short or long, and the I/O counters. */
    {
        VM_COUNTERS_EX vm;
        IO_COUNTERS io;
        PVOID block = NULL;
        SIZE_T size = 0x400000, before;
        ok_status(NtQueryInformationProcess(NtCurrentProcess(), ProcessVmCounters, &vm, 24, &len),
                  STATUS_INFO_LENGTH_MISMATCH);
        ok(len == offsetof(VM_COUNTERS_EX, PrivateUsage), "the short form's size told: %u", len);
        ok_status(NtQueryInformationProcess(NtCurrentProcess(), ProcessVmCounters, &vm,
                                            offsetof(VM_COUNTERS_EX, PrivateUsage), &len),
                  STATUS_SUCCESS);
        ok_status(NtQueryInformationProcess(NtCurrentProcess(), ProcessVmCounters, &vm, sizeof(vm), &len),
                  STATUS_SUCCESS);
        ok(len == sizeof(vm) && vm.WorkingSetSize && vm.VirtualSize && vm.PrivateUsage == vm.PagefileUsage,
           "sizes of the process's memory");
        before = vm.PrivateUsage;
        NtAllocateVirtualMemory(NtCurrentProcess(), &block, 0, &size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
        NtQueryInformationProcess(NtCurrentProcess(), ProcessVmCounters, &vm, sizeof(vm), NULL);
        ok(vm.PrivateUsage >= before + 0x400000, "a commit counts: %lu", (unsigned long)(vm.PrivateUsage - before));
        size = 0;
        NtFreeVirtualMemory(NtCurrentProcess(), &block, &size, MEM_RELEASE);
        ok_status(NtQueryInformationProcess(NtCurrentProcess(), ProcessIoCounters, &io, sizeof(io), &len),
                  STATUS_SUCCESS);
        ok(len == sizeof(io) && io.WriteOperationCount > 0, "the process has written: %llu",
           (unsigned long long)io.WriteOperationCount);
        {
            /* A query of a file is an operation other than a read or a write. */
            IO_COUNTERS after;
            FILE_STANDARD_INFORMATION standard;
            IO_STATUS_BLOCK iosb;
            HANDLE output = NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters->StandardOutput;
            NtQueryInformationFile(output, &iosb, &standard, sizeof(standard), FileStandardInformation);
            NtQueryInformationProcess(NtCurrentProcess(), ProcessIoCounters, &after, sizeof(after), NULL);
            ok(after.OtherOperationCount > io.OtherOperationCount, "other operations counted: %llu",
               (unsigned long long)after.OtherOperationCount);
        }
    }

    /* Settings that are set and read back. */
    {
        PROCESS_PRIORITY_CLASS priority = {0};
        ULONG flags = 0xcc, mode = 0;
        ok_status(NtQueryInformationProcess(NtCurrentProcess(), ProcessDebugFlags, &flags, sizeof(flags), NULL),
                  STATUS_SUCCESS);
        ok(flags == 1, "not debugged: %u", flags);
        ok_status(NtQueryInformationProcess(NtCurrentProcess(), ProcessPriorityClass, &priority, sizeof(priority),
                                            NULL),
                  STATUS_SUCCESS);
        ok(priority.PriorityClass == PROCESS_PRIOCLASS_NORMAL, "normal priority: %u", priority.PriorityClass);
        priority.PriorityClass = PROCESS_PRIOCLASS_BELOW_NORMAL;
        ok_status(NtSetInformationProcess(NtCurrentProcess(), ProcessPriorityClass, &priority, sizeof(priority)),
                  STATUS_SUCCESS);
        priority.PriorityClass = 0;
        NtQueryInformationProcess(NtCurrentProcess(), ProcessPriorityClass, &priority, sizeof(priority), NULL);
        ok(priority.PriorityClass == PROCESS_PRIOCLASS_BELOW_NORMAL, "set: %u", priority.PriorityClass);
        priority.PriorityClass = PROCESS_PRIOCLASS_REALTIME;
        NtSetInformationProcess(NtCurrentProcess(), ProcessPriorityClass, &priority, sizeof(priority));
        NtQueryInformationProcess(NtCurrentProcess(), ProcessPriorityClass, &priority, sizeof(priority), NULL);
        ok(priority.PriorityClass == PROCESS_PRIOCLASS_HIGH, "real time without the privilege is high");
        priority.PriorityClass = 7;
        ok_status(NtSetInformationProcess(NtCurrentProcess(), ProcessPriorityClass, &priority, sizeof(priority)),
                  STATUS_INVALID_PARAMETER);
        priority.PriorityClass = PROCESS_PRIOCLASS_NORMAL;
        ok_status(NtSetInformationProcess(NtCurrentProcess(), ProcessPriorityClass, &priority, 1),
                  STATUS_INFO_LENGTH_MISMATCH);
        ok_status(NtSetInformationProcess((HANDLE)0x1234, ProcessPriorityClass, &priority, sizeof(priority)),
                  STATUS_INVALID_HANDLE);
        NtSetInformationProcess(NtCurrentProcess(), ProcessPriorityClass, &priority, sizeof(priority));
        {
            /* No instrumentation callback is installed: none can be taken away; installing one is not written. */
            PROCESS_INSTRUMENTATION_CALLBACK_INFORMATION instrumentation = {0};
            ok_status(NtSetInformationProcess(NtCurrentProcess(), ProcessInstrumentationCallback, NULL, 0),
                      STATUS_INFO_LENGTH_MISMATCH);
            ok_status(NtSetInformationProcess(NtCurrentProcess(), ProcessInstrumentationCallback, &instrumentation,
                                              sizeof(instrumentation)),
                      STATUS_SUCCESS);
            instrumentation.Callback = (PVOID)EndsWith;
            ok_status(NtSetInformationProcess(NtCurrentProcess(), ProcessInstrumentationCallback, &instrumentation,
                                              sizeof(instrumentation)),
                      STATUS_NOT_IMPLEMENTED);
        }
        mode = 0;
        ok_status(NtSetInformationProcess(NtCurrentProcess(), ProcessDefaultHardErrorMode, &mode, sizeof(mode)),
                  STATUS_SUCCESS);
        mode = 7;
        NtQueryInformationProcess(NtCurrentProcess(), ProcessDefaultHardErrorMode, &mode, sizeof(mode), NULL);
        ok(mode == 0, "the error mode set: %u", mode);
        mode = 1;
        NtSetInformationProcess(NtCurrentProcess(), ProcessDefaultHardErrorMode, &mode, sizeof(mode));
        flags = 2;
        ok_status(NtSetInformationProcess(NtCurrentProcess(), ProcessDebugFlags, &flags, sizeof(flags)),
                  STATUS_INVALID_PARAMETER);
        ok_status(NtSetInformationProcess(NtCurrentProcess(), ProcessDebugFlags, (PVOID)0x10, sizeof(flags)),
                  STATUS_ACCESS_VIOLATION);
        /* The process's processors bind its threads, whose own affinity goes back to them. */
        {
            PROCESS_BASIC_INFORMATION basic;
            THREAD_BASIC_INFORMATION thread;
            KAFFINITY all, one = 1, none = 0;
            NtQueryInformationProcess(NtCurrentProcess(), ProcessBasicInformation, &basic, sizeof(basic), NULL);
            all = basic.AffinityMask;
            ok_status(NtSetInformationProcess(NtCurrentProcess(), ProcessAffinityMask, &none, sizeof(none)),
                      STATUS_INVALID_PARAMETER);
            ok_status(NtSetInformationProcess(NtCurrentProcess(), ProcessAffinityMask, &one, sizeof(one)),
                      STATUS_SUCCESS);
            NtQueryInformationProcess(NtCurrentProcess(), ProcessBasicInformation, &basic, sizeof(basic), NULL);
            NtQueryInformationThread(NtCurrentThread(), ThreadBasicInformation, &thread, sizeof(thread), NULL);
            ok(basic.AffinityMask == 1 && thread.AffinityMask == 1, "the process and its thread on one processor");
            ok_status(NtSetInformationProcess(NtCurrentProcess(), ProcessAffinityMask, &all, sizeof(all)),
                      STATUS_SUCCESS);
            NtQueryInformationThread(NtCurrentThread(), ThreadBasicInformation, &thread, sizeof(thread), NULL);
            ok(thread.AffinityMask == all, "back on all of them");
        }
    }
}

/* The image's name: in the NT form on its volume's device, and as Win32 has it (the process parameters' path). */
static void TestImageName(void)
{
    static BYTE buffer[1024];
    UNICODE_STRING *name = (UNICODE_STRING *)buffer, *win32 = &TestPeb()->ProcessParameters->ImagePathName;
    const char *device = win32->Buffer[0] == 'C' ? "\\Device\\HarddiskVolume1" : "\\Device\\HarddiskVolume2";
    ULONG len = 0, need;

    ok_status(NtQueryInformationProcess(NULL, ProcessImageFileName, buffer, sizeof(buffer), NULL),
              STATUS_INVALID_HANDLE);
    ok_status(NtQueryInformationProcess(NtCurrentProcess(), ProcessImageFileName, buffer, 2, &len),
              STATUS_INFO_LENGTH_MISMATCH);
    need = (ULONG)(sizeof(UNICODE_STRING) + (23 + win32->Length / sizeof(WCHAR) - 2 + 1) * sizeof(WCHAR));
    ok(len == need, "the size it needs: %u, expected %u", len, need);
    ok_status(NtQueryInformationProcess(NtCurrentProcess(), ProcessImageFileName, buffer, sizeof(UNICODE_STRING),
                                        &len),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQueryInformationProcess(NtCurrentProcess(), ProcessImageFileName, buffer, len, &len),
              STATUS_SUCCESS);
    ok(name->Buffer == (PWSTR)(name + 1) && name->MaximumLength == name->Length + 2 && !name->Buffer[name->Length / 2] &&
           TestStrEqualW(name->Buffer, device, 23) &&
           !memcmp(name->Buffer + 23, win32->Buffer + 2, win32->Length - 4),
       "the NT name on the volume's device: %S", name->Buffer);
    ok_status(NtQueryInformationProcess(NtCurrentProcess(), ProcessImageFileNameWin32, buffer, sizeof(buffer), &len),
              STATUS_SUCCESS);
    ok(name->Length == win32->Length && !memcmp(name->Buffer, win32->Buffer, win32->Length) &&
           len == sizeof(UNICODE_STRING) + win32->Length + 2,
       "the Win32 name: %S", name->Buffer);
    ok_status(NtQueryInformationProcess(NtCurrentProcess(), ProcessImageFileName, (PVOID)8, 1024, &len),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtQueryInformationProcess(NtCurrentProcess(), ProcessExecuteFlags, &len, sizeof(len), NULL),
              STATUS_INVALID_PARAMETER); /* DEP is always on for 64-bit processes */
}

static ULONG NTAPI Waiter(PVOID event)
{
    return (ULONG)NtWaitForSingleObject(event, FALSE, NULL);
}

/* A thread's state in SystemProcessInformation's list (its class's threads thread_size apart), or ~0u. */
static ULONG ThreadStateInList(SYSTEM_INFORMATION_CLASS class, ULONG thread_size, BYTE *buffer, ULONG size, HANDLE tid)
{
    SYSTEM_PROCESS_INFORMATION *entry = (SYSTEM_PROCESS_INFORMATION *)buffer;

    if (NtQuerySystemInformation(class, buffer, size, NULL))
        return ~0u;
    for (;; entry = (SYSTEM_PROCESS_INFORMATION *)((BYTE *)entry + entry->NextEntryOffset)) {
        for (ULONG i = 0; i < entry->NumberOfThreads; i++) {
            SYSTEM_THREAD_INFORMATION *t = (SYSTEM_THREAD_INFORMATION *)((BYTE *)(entry + 1) + i * thread_size);
            if (t->ClientId.UniqueThread == tid)
                return t->ThreadState;
        }
        if (!entry->NextEntryOffset)
            return ~0u;
    }
}

/* SystemProcessInformation: this process among the processes, with its Windows threads (a second one made here),
 * their ids and, in the extended form, their TEBs and stacks. */
static void TestProcessList(BOOLEAN extended)
{
    SYSTEM_INFORMATION_CLASS class = extended ? SystemExtendedProcessInformation : SystemProcessInformation;
    ULONG thread_size = extended ? sizeof(SYSTEM_EXTENDED_THREAD_INFORMATION) : sizeof(SYSTEM_THREAD_INFORMATION);
    static BYTE buffer[65536];
    THREAD_BASIC_INFORMATION basic;
    SYSTEM_PROCESS_INFORMATION *entry;
    HANDLE event, thread;
    ULONG need = 0, got = 0, found = 0, ours = 0;

    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
    thread = TestCreateThread(Waiter, event, 0);
    NtQueryInformationThread(thread, ThreadBasicInformation, &basic, sizeof(basic), NULL);
    /* The new thread is let reach its wait (a few seconds at the most) before the list is read. */
    for (int tries = 0; tries < 400 && ThreadStateInList(class, thread_size, buffer, sizeof(buffer),
                                                          basic.ClientId.UniqueThread) != 5;
         tries++) {
        LARGE_INTEGER pause = {.QuadPart = -10 * 10000LL};
        NtDelayExecution(FALSE, &pause);
    }

    ok_status(NtQuerySystemInformation(class, NULL, 0, &need), STATUS_INFO_LENGTH_MISMATCH);
    ok(need >= sizeof(SYSTEM_PROCESS_INFORMATION) + 2 * thread_size, "the size needed: %u", need);
    ok_status(NtQuerySystemInformation(class, buffer, need - 1, &got), STATUS_INFO_LENGTH_MISMATCH);
    ok(got == need, "the size needed again: %u", got);
    ok_status(NtQuerySystemInformation(class, (PVOID)8, need, &got), STATUS_ACCESS_VIOLATION);
    ok_status(NtQuerySystemInformation(class, buffer, sizeof(buffer), &got), STATUS_SUCCESS);
    ok(got == need, "the size written: %u of %u", got, need);

    for (entry = (SYSTEM_PROCESS_INFORMATION *)buffer;; entry = (SYSTEM_PROCESS_INFORMATION *)((BYTE *)entry +
                                                                                            entry->NextEntryOffset)) {
        ok(!((ULONG_PTR)entry->UniqueProcessId & 3), "a process id in fours: %p", entry->UniqueProcessId);
        if (entry->UniqueProcessId == NtCurrentTeb()->ClientId.UniqueProcess) {
            found++;
            ok(entry->ImageName.Length == 16 && TestStrEqualW(entry->ImageName.Buffer, "info.exe", 8) &&
                   !entry->ImageName.Buffer[8] && (BYTE *)entry->ImageName.Buffer > (BYTE *)entry &&
                   (BYTE *)entry->ImageName.Buffer < buffer + got,
               "its name in the answer: %S", entry->ImageName.Buffer);
            ok(entry->NumberOfThreads >= 2 && entry->HandleCount > 2 && entry->SessionId == 1 &&
                   entry->VmCounters.VirtualSize && entry->CreateTime.QuadPart,
               "%u threads, %u handles, session %u", entry->NumberOfThreads, entry->HandleCount, entry->SessionId);
            for (ULONG i = 0; i < entry->NumberOfThreads; i++) {
                SYSTEM_EXTENDED_THREAD_INFORMATION *t =
                    (SYSTEM_EXTENDED_THREAD_INFORMATION *)((BYTE *)(entry + 1) + i * thread_size);
                ok(t->ThreadInfo.ClientId.UniqueProcess == entry->UniqueProcessId &&
                       !((ULONG_PTR)t->ThreadInfo.ClientId.UniqueThread & 3) && t->ThreadInfo.StartAddress,
                   "thread %p of %p", t->ThreadInfo.ClientId.UniqueThread, t->ThreadInfo.ClientId.UniqueProcess);
                if (t->ThreadInfo.ClientId.UniqueThread == NtCurrentTeb()->ClientId.UniqueThread) {
                    ours++;
                    ok(t->ThreadInfo.ThreadState == 2, "this thread runs: state %u", t->ThreadInfo.ThreadState);
                    if (extended)
                        ok(t->TebBase == NtCurrentTeb() && t->StackBase == NtCurrentTeb()->NtTib.StackBase &&
                               t->StackLimit && t->Win32StartAddress,
                           "this thread's TEB %p and stack %p", t->TebBase, t->StackBase);
                }
                if (t->ThreadInfo.ClientId.UniqueThread == basic.ClientId.UniqueThread) {
                    ours++;
                    ok(t->ThreadInfo.ThreadState == 5, "the other waits: state %u", t->ThreadInfo.ThreadState);
                    if (extended)
                        ok(t->TebBase == basic.TebBaseAddress && t->Win32StartAddress == (PVOID)Waiter,
                           "the other thread's TEB %p and start %p", t->TebBase, t->Win32StartAddress);
                }
            }
        }
        if (!entry->NextEntryOffset)
            break;
    }
    ok(found == 1 && ours == 2, "this process found %u times, its threads %u", found, ours);
    NtSetEvent(event, NULL);
    NtWaitForSingleObject(thread, FALSE, NULL);
    NtClose(thread);
    NtClose(event);
}

void RunTests(void)
{
    TestProcessors();
    TestPower();
    TestClockAndDebugger();
    TestPebTeb();
    TestEnvironment();
    TestSharedData();
    TestSystemInformation();
    TestProcessInformation();
    TestImageName();
    TestProcessList(FALSE);
    TestProcessList(TRUE);
}
