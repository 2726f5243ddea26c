/* KUSER_SHARED_DATA: one memfd page mapped read-only at 0x7ffe0000 for Windows code and writable for the
 * host, whose clock thread keeps its times current every millisecond. */
#include <cpuid.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "host/host.h"
#include "ke/ke.h"
#include "mm/mm.h"

static volatile KUSER_SHARED_DATA *KipSharedData;

volatile KUSER_SHARED_DATA *KeUserSharedDataWritable(void)
{
    return KipSharedData;
}

LONGLONG KeQuerySystemTime(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (LONGLONG)ts.tv_sec * 10000000 + ts.tv_nsec / 100 + KE_TICKS_1601_TO_1970;
}

LONGLONG KeQueryInterruptTime(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (LONGLONG)ts.tv_sec * 10000000 + ts.tv_nsec / 100;
}

/* The writer's half of the KSYSTEM_TIME protocol: High2Time, then LowPart, then High1Time. */
static void KipStoreSystemTime(volatile KSYSTEM_TIME *t, LONGLONG value)
{
    t->High2Time = (LONG)(value >> 32);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    t->LowPart = (ULONG)value;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    t->High1Time = (LONG)(value >> 32);
}

/* The system time in KUSER_SHARED_DATA moves forward, whoever stores it: the clock thread, or a service that told
 * a program the time (so that a later read of the shared data is never older). Only the clock moves it back, when
 * the host's clock was set back by more than a second. */
static pthread_mutex_t KipSystemTimeLock = PTHREAD_MUTEX_INITIALIZER;

static void KipAdvanceSystemTime(LONGLONG value, bool clock)
{
    volatile KSYSTEM_TIME *t = &KipSharedData->SystemTime;

    pthread_mutex_lock(&KipSystemTimeLock);
    LONGLONG stored = ((LONGLONG)t->High1Time << 32) | t->LowPart;
    if (value > stored || (clock && stored - value > 10000000))
        KipStoreSystemTime(t, value);
    pthread_mutex_unlock(&KipSystemTimeLock);
}

LONGLONG KeQuerySharedSystemTime(void)
{
    LONGLONG now = KeQuerySystemTime();

    if (KipSharedData)
        KipAdvanceSystemTime(now, false);
    return now;
}

static void KipUpdateTimes(void)
{
    volatile KUSER_SHARED_DATA *k = KipSharedData;
    LONGLONG interrupt = KeQueryInterruptTime();
    LONGLONG ms = interrupt / 10000;

    KipStoreSystemTime(&k->InterruptTime, interrupt);
    KipAdvanceSystemTime(KeQuerySystemTime(), true);
    KipStoreSystemTime(&k->TickCount, ms);
    k->TickCountLowDeprecated = (ULONG)ms;
}

static void *KipClockThread(void *arg)
{
    struct timespec next;

    (void)arg;
    clock_gettime(CLOCK_MONOTONIC, &next);
    for (;;) {
        next.tv_nsec += 1000000;
        if (next.tv_nsec >= 1000000000) {
            next.tv_nsec -= 1000000000;
            next.tv_sec++;
        }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
        KipUpdateTimes();
    }
    return NULL;
}

static void KipFillProcessorFeatures(volatile BOOLEAN *f)
{
    unsigned a, b, c, d;

    f[PF_COMPARE_EXCHANGE_DOUBLE] = f[PF_MMX_INSTRUCTIONS_AVAILABLE] = f[PF_XMMI_INSTRUCTIONS_AVAILABLE] = 1;
    f[PF_RDTSC_INSTRUCTION_AVAILABLE] = f[PF_PAE_ENABLED] = f[PF_XMMI64_INSTRUCTIONS_AVAILABLE] = 1;
    f[PF_NX_ENABLED] = f[PF_FASTFAIL_AVAILABLE] = 1;
    if (__get_cpuid(1, &a, &b, &c, &d)) {
        f[PF_SSE3_INSTRUCTIONS_AVAILABLE] = !!(c & bit_SSE3);
        f[PF_SSSE3_INSTRUCTIONS_AVAILABLE] = !!(c & bit_SSSE3);
        f[PF_SSE4_1_INSTRUCTIONS_AVAILABLE] = !!(c & bit_SSE4_1);
        f[PF_SSE4_2_INSTRUCTIONS_AVAILABLE] = !!(c & bit_SSE4_2);
        f[PF_COMPARE_EXCHANGE128] = !!(c & bit_CMPXCHG16B);
        f[PF_XSAVE_ENABLED] = !!(c & bit_OSXSAVE);
        f[PF_AVX_INSTRUCTIONS_AVAILABLE] = !!(c & bit_AVX);
        f[PF_RDRAND_INSTRUCTION_AVAILABLE] = !!(c & bit_RDRND);
    }
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        f[PF_AVX2_INSTRUCTIONS_AVAILABLE] = !!(b & bit_AVX2);
        f[PF_AVX512F_INSTRUCTIONS_AVAILABLE] = !!(b & bit_AVX512F);
        f[PF_RDWRFSGSBASE_AVAILABLE] = !!(b & bit_FSGSBASE);
    }
    if (__get_cpuid(0x80000001, &a, &b, &c, &d))
        f[PF_RDTSCP_INSTRUCTION_AVAILABLE] = !!(d & (1u << 27)); /* RDTSCP */
}

/* The extended state Windows code may ask contexts for: the legacy x87 and SSE area only, because that is
 * what the personality's contexts carry; AVX and later are not announced, so nobody looks for them there. */
static void KipFillXStateConfiguration(volatile XSTATE_CONFIGURATION *x)
{
    x->EnabledFeatures = x->EnabledVolatileFeatures = XSTATE_MASK_LEGACY;
    x->Size = x->AllFeatureSize = XSTATE_LEGACY_AREA_SIZE + sizeof(XSTATE_HEADER);
    x->Features[XSTATE_LEGACY_FLOATING_POINT].Size = x->AllFeatures[XSTATE_LEGACY_FLOATING_POINT] = 160;
    x->Features[XSTATE_LEGACY_SSE].Offset = 160;
    x->Features[XSTATE_LEGACY_SSE].Size = x->AllFeatures[XSTATE_LEGACY_SSE] = 256;
}

void KeSetServiceDispatcher(ULONG64 address)
{
    *(volatile ULONG64 *)((volatile char *)KipSharedData + (KUSER_SERVICE_DISPATCHER_ADDRESS - KUSER_SHARED_DATA_ADDRESS)) =
        address;
}

NTSTATUS KeInitializeUserSharedData(void)
{
    static const char root[] = "C:\\windows";
    volatile KUSER_SHARED_DATA *k;
    pthread_t clock_thread;
    void *user;
    int fd = memfd_create("KUSER_SHARED_DATA", MFD_CLOEXEC);

    if (fd < 0 || ftruncate(fd, (off_t)MM_PAGE_SIZE))
        return HostErrnoToStatus(errno);
    k = mmap(NULL, MM_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    user = mmap((void *)KUSER_SHARED_DATA_ADDRESS, MM_PAGE_SIZE, PROT_READ, MAP_SHARED | MAP_FIXED_NOREPLACE, fd, 0);
    close(fd);
    if (k == MAP_FAILED || user != (void *)KUSER_SHARED_DATA_ADDRESS)
        return STATUS_CONFLICTING_ADDRESSES;
    KipSharedData = k;

    k->TickCountMultiplier = 1u << 24; /* TickCount counts milliseconds */
    k->ImageNumberLow = k->ImageNumberHigh = 0x8664;
    for (size_t i = 0; i < sizeof(root); i++)
        k->NtSystemRoot[i] = (WCHAR)root[i];
    k->LargePageMinimum = 0x200000;
    k->NtBuildNumber = 19045;
    k->NtProductType = 1; /* NtProductWinNt */
    k->ProductTypeIsValid = 1;
    k->NativeProcessorArchitecture = 9; /* PROCESSOR_ARCHITECTURE_AMD64 */
    k->NtMajorVersion = 10;
    k->NtMinorVersion = 0;
    KipFillProcessorFeatures(k->ProcessorFeatures);
    KipFillXStateConfiguration(&k->XState);
    k->SuiteMask = 0x110; /* VER_SUITE_SINGLEUSERTS | VER_SUITE_TERMINAL */
    k->NumberOfPhysicalPages = (ULONG)sysconf(_SC_PHYS_PAGES);
    k->TestRetInstruction = 0xc3;
    k->QpcFrequency = KE_QPC_FREQUENCY;
    k->SystemCall = 0; /* the syscall instruction, not int 2e */
    k->Cookie = (ULONG)random() ^ (ULONG)getpid();
    k->ActiveProcessorCount = HostProcessorCount();
    k->ActiveGroupCount = 1;
    {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        KipStoreSystemTime(&k->TimeZoneBias, -(LONGLONG)tm.tm_gmtoff * 10000000);
    }
    KipUpdateTimes();

    MmRegisterFixedRegion((ULONG_PTR)KUSER_SHARED_DATA_ADDRESS, MM_PAGE_SIZE, PAGE_READONLY);
    if (pthread_create(&clock_thread, NULL, KipClockThread, NULL))
        return STATUS_INSUFFICIENT_RESOURCES;
    pthread_detach(clock_thread);
    return STATUS_SUCCESS;
}
