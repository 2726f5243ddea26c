/* The processors as NtQuerySystemInformation tells of them: their times (/proc/stat) and their topology (cores,
 * caches, packages, dies, NUMA nodes, from /sys), in one processor group of at most 64. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ex/exp.h"
#include "host/host.h"
#include "ke/ke.h"
#include "ps/ps.h"

#define EXP_MAX_UNITS 64
#define EXP_MAX_CACHES 256

typedef struct {
    KAFFINITY Mask;
    CACHE_DESCRIPTOR Descriptor;
} EXP_CACHE;

static struct {
    ULONG Processors;
    KAFFINITY Cores[EXP_MAX_UNITS], Packages[EXP_MAX_UNITS], Dies[EXP_MAX_UNITS], Nodes[EXP_MAX_UNITS];
    ULONG CoreCount, PackageCount, DieCount, NodeCount;
    ULONG NodeNumbers[EXP_MAX_UNITS];
    EXP_CACHE Caches[EXP_MAX_CACHES];
    ULONG CacheCount;
} ExpTopology;
static pthread_once_t ExpTopologyOnce = PTHREAD_ONCE_INIT;

/* A CPU list ("0-3,8") as a mask of the processors Windows programs see. */
static KAFFINITY ExpParseCpuList(const char *list)
{
    KAFFINITY mask = 0;
    char *end;

    while (*list) {
        unsigned long first = strtoul(list, &end, 10), last = first;
        if (end == list)
            break;
        if (*end == '-')
            last = strtoul(end + 1, &end, 10);
        for (unsigned long i = first; i <= last && i < ExpTopology.Processors; i++)
            mask |= (KAFFINITY)1 << i;
        list = *end == ',' ? end + 1 : end;
    }
    return mask;
}

static void ExpAddUnit(KAFFINITY *units, ULONG *count, KAFFINITY mask)
{
    for (ULONG i = 0; i < *count; i++)
        if (units[i] == mask)
            return;
    if (mask && *count < EXP_MAX_UNITS)
        units[(*count)++] = mask;
}

/* "32K", "8192K", "1M" in bytes. */
static DWORD ExpCacheSize(const char *text)
{
    char *end;
    unsigned long n = strtoul(text, &end, 10);
    return (DWORD)(*end == 'K' ? n << 10 : *end == 'M' ? n << 20 : n);
}

static void ExpAddCache(KAFFINITY mask, const CACHE_DESCRIPTOR *descriptor)
{
    if (mask && ExpTopology.CacheCount < EXP_MAX_CACHES) {
        ExpTopology.Caches[ExpTopology.CacheCount].Mask = mask;
        ExpTopology.Caches[ExpTopology.CacheCount++].Descriptor = *descriptor;
    }
}

static void ExpAddCaches(ULONG cpu)
{
    char line[256];

    for (ULONG index = 0; index < 16; index++) {
        EXP_CACHE cache = {0};
        if (!HostReadLine(line, sizeof(line), "/sys/devices/system/cpu/cpu%u/cache/index%u/level", cpu, index))
            break;
        cache.Descriptor.Level = (BYTE)atoi(line);
        if (HostReadLine(line, sizeof(line), "/sys/devices/system/cpu/cpu%u/cache/index%u/type", cpu, index))
            cache.Descriptor.Type = !strcmp(line, "Data")          ? CacheData
                                    : !strcmp(line, "Instruction") ? CacheInstruction
                                                                   : CacheUnified;
        if (HostReadLine(line, sizeof(line), "/sys/devices/system/cpu/cpu%u/cache/index%u/size", cpu, index))
            cache.Descriptor.Size = ExpCacheSize(line);
        if (HostReadLine(line, sizeof(line), "/sys/devices/system/cpu/cpu%u/cache/index%u/ways_of_associativity", cpu,
                        index))
            cache.Descriptor.Associativity = (BYTE)atoi(line);
        if (HostReadLine(line, sizeof(line), "/sys/devices/system/cpu/cpu%u/cache/index%u/coherency_line_size", cpu,
                        index))
            cache.Descriptor.LineSize = (WORD)atoi(line);
        cache.Mask = HostReadLine(line, sizeof(line), "/sys/devices/system/cpu/cpu%u/cache/index%u/shared_cpu_list",
                                 cpu, index)
                             ? ExpParseCpuList(line)
                             : (KAFFINITY)1 << cpu;
        bool known = false;
        for (ULONG i = 0; i < ExpTopology.CacheCount && !known; i++)
            known = ExpTopology.Caches[i].Mask == cache.Mask &&
                    ExpTopology.Caches[i].Descriptor.Level == cache.Descriptor.Level &&
                    ExpTopology.Caches[i].Descriptor.Type == cache.Descriptor.Type;
        if (!known)
            ExpAddCache(cache.Mask, &cache.Descriptor);
    }
}

/* AMD's older leaves: L1 and L2 of each core (0x80000005, 0x80000006), the L3 of each package. */
static void ExpAddLegacyAmdCaches(void)
{
    /* The L2 and L3 associativity codes of 0x80000006; 0 where the leaf does not tell. */
    static const BYTE ways[16] = {0, 1, 2, 3, 4, 6, 8, 0, 16, 0, 32, 48, 64, 96, 128, 0xff};
    unsigned a, b, c, d;

    __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000000u), "c"(0));
    if (a < 0x80000006u)
        return;
    __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000005u), "c"(0));
    CACHE_DESCRIPTOR l1d = {1, (BYTE)(c >> 16), (WORD)(c & 0xff), (c >> 24) << 10, CacheData};
    CACHE_DESCRIPTOR l1i = {1, (BYTE)(d >> 16), (WORD)(d & 0xff), (d >> 24) << 10, CacheInstruction};
    __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000006u), "c"(0));
    CACHE_DESCRIPTOR l2 = {2, ways[(c >> 12) & 0xf], (WORD)(c & 0xff), (c >> 16) << 10, CacheUnified};
    CACHE_DESCRIPTOR l3 = {3, ways[(d >> 12) & 0xf], (WORD)(d & 0xff), (d >> 18) << 19, CacheUnified};
    for (ULONG i = 0; i < ExpTopology.CoreCount; i++) {
        if (l1d.Size)
            ExpAddCache(ExpTopology.Cores[i], &l1d);
        if (l1i.Size)
            ExpAddCache(ExpTopology.Cores[i], &l1i);
        if (l2.Size)
            ExpAddCache(ExpTopology.Cores[i], &l2);
    }
    for (ULONG i = 0; l3.Size && i < ExpTopology.PackageCount; i++)
        ExpAddCache(ExpTopology.Packages[i], &l3);
}

/* Caches as CPUID's deterministic leaf describes them (4 on Intel, 0x8000001d on AMD), when Linux does not: each
 * shared by groups of neighbouring processors as large as it says. */
static void ExpAddCpuidCaches(void)
{
    unsigned a, b, c, d, leaf = 4;

    __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000000u), "c"(0));
    if (a >= 0x8000001du) {
        __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000001u), "c"(0));
        if (c & (1u << 22)) /* TOPOEXT */
            leaf = 0x8000001du;
    }
    if (leaf == 4) {
        __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0), "c"(0));
        if (a >= 4)
            __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(4), "c"(0));
        if (!(a & 0x1f)) {
            ExpAddLegacyAmdCaches();
            return;
        }
    }
    for (unsigned index = 0; index < 16; index++) {
        __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(leaf), "c"(index));
        unsigned type = a & 0x1f, share = ((a >> 14) & 0xfff) + 1;
        if (!type || type > 3)
            break;
        CACHE_DESCRIPTOR descriptor = {
            .Level = (BYTE)((a >> 5) & 7),
            .Associativity = (BYTE)((b >> 22) + 1),
            .LineSize = (WORD)((b & 0xfff) + 1),
            .Size = ((b >> 22) + 1) * (((b >> 12) & 0x3ff) + 1) * ((b & 0xfff) + 1) * (c + 1),
            .Type = type == 1 ? CacheData : type == 2 ? CacheInstruction : CacheUnified,
        };
        if (share > ExpTopology.Processors)
            share = ExpTopology.Processors;
        for (ULONG first = 0; first < ExpTopology.Processors; first += share) {
            KAFFINITY mask = 0;
            for (ULONG i = first; i < first + share && i < ExpTopology.Processors; i++)
                mask |= (KAFFINITY)1 << i;
            ExpAddCache(mask, &descriptor);
        }
    }
}

/* What Linux does not tell stands alone: a processor is its own core, and all are one package and node. */
static void ExpReadTopology(void)
{
    KAFFINITY all;
    char line[256];
    ULONG cpus = HostProcessorCount();

    ExpTopology.Processors = cpus > EXP_MAX_UNITS ? EXP_MAX_UNITS : cpus;
    all = ExpTopology.Processors == 64 ? ~(KAFFINITY)0 : ((KAFFINITY)1 << ExpTopology.Processors) - 1;
    for (ULONG cpu = 0; cpu < ExpTopology.Processors; cpu++) {
        KAFFINITY self = (KAFFINITY)1 << cpu;
        ExpAddUnit(ExpTopology.Cores, &ExpTopology.CoreCount,
                   HostReadLine(line, sizeof(line), "/sys/devices/system/cpu/cpu%u/topology/thread_siblings_list",
                               cpu)
                           ? ExpParseCpuList(line) | self
                           : self);
        ExpAddUnit(ExpTopology.Packages, &ExpTopology.PackageCount,
                   HostReadLine(line, sizeof(line), "/sys/devices/system/cpu/cpu%u/topology/core_siblings_list",
                               cpu)
                           ? ExpParseCpuList(line) | self
                           : all);
        ExpAddUnit(ExpTopology.Dies, &ExpTopology.DieCount,
                   HostReadLine(line, sizeof(line), "/sys/devices/system/cpu/cpu%u/topology/die_cpus_list", cpu)
                           ? ExpParseCpuList(line) | self
                           : all);
        ExpAddCaches(cpu);
    }
    if (!ExpTopology.CacheCount)
        ExpAddCpuidCaches();
    for (ULONG node = 0; node < EXP_MAX_UNITS && ExpTopology.NodeCount < EXP_MAX_UNITS; node++) {
        KAFFINITY mask;
        if (!HostReadLine(line, sizeof(line), "/sys/devices/system/node/node%u/cpulist", node) ||
            !(mask = ExpParseCpuList(line)))
            continue;
        ExpTopology.NodeNumbers[ExpTopology.NodeCount] = node;
        ExpTopology.Nodes[ExpTopology.NodeCount++] = mask;
    }
    if (!ExpTopology.NodeCount) {
        ExpTopology.Nodes[0] = all;
        ExpTopology.NodeCount = 1;
    }
}

/* Family, model and stepping as Windows derives them from CPUID leaf 1, and the kernel's feature bits. The
 * emulated processor of a 64-bit Windows is the i386 its WOW64 programs see, the same chip. */
BOOLEAN ExIsNumaNode(ULONG node)
{
    pthread_once(&ExpTopologyOnce, ExpReadTopology);
    for (ULONG i = 0; i < ExpTopology.NodeCount; i++)
        if (ExpTopology.NodeNumbers[i] == node)
            return TRUE;
    return FALSE;
}

void ExpQueryProcessor(SYSTEM_PROCESSOR_INFORMATION *spi, USHORT architecture)
{
    static const struct {
        unsigned Bit;
        ULONG Features;
    } edx1[] = {
        {1, KF_V86_VIS | KF_CR4}, {3, KF_LARGE_PAGE | KF_CR4}, {4, KF_RDTSC}, {8, KF_CMPXCHG8B},
        {11, KF_FAST_SYSCALL}, {12, KF_MTRR}, {13, KF_GLOBAL_PAGE | KF_CR4}, {15, KF_CMOV},
        {16, KF_PAT}, {21, KF_DTS}, {23, KF_MMX}, {24, KF_FXSR}, {25, KF_XMMI}, {26, KF_XMMI64},
    };
    unsigned a, b, c, d;
    ULONG features = KF_WORKING_PTE;

    memset(spi, 0, sizeof(*spi));
    spi->ProcessorArchitecture = architecture;
    __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    unsigned family = (a >> 8) & 0xf, model = (a >> 4) & 0xf, stepping = a & 0xf;
    if (family == 0xf)
        family += (a >> 20) & 0xff;
    if (family == 6 || family >= 0xf)
        model |= ((a >> 16) & 0xf) << 4;
    spi->ProcessorLevel = (USHORT)family;
    spi->ProcessorRevision = (USHORT)((model << 8) | stepping);
    spi->MaximumProcessors = (USHORT)HostProcessorCount();
    for (size_t i = 0; i < sizeof(edx1) / sizeof(edx1[0]); i++)
        if (d & (1u << edx1[i].Bit))
            features |= edx1[i].Features;
    if (c & 1u)
        features |= KF_SSE3;
    if (c & (1u << 13))
        features |= KF_CMPXCHG16B;
    if (c & (1u << 27)) /* OSXSAVE: the operating system saves the extended state */
        features |= KF_XSTATE;
    __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0), "c"(0));
    if (a >= 7) {
        __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(7), "c"(0));
        if (b & 1u)
            features |= KF_RDWRFSGSBASE;
    }
    __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000000u), "c"(0));
    if (a >= 0x80000001u) {
        __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000001u), "c"(0));
        if (d & (1u << 20))
            features |= KF_NOEXECUTE;
        if (d & (1u << 31))
            features |= KF_3DNOW;
    }
    spi->ProcessorFeatureBits = features;
}

/* Per processor: Linux has no DPCs and counts context switches for the whole machine only, so the counts are
 * zero; the increment is that of the tick Windows' clock has. */
NTSTATUS ExpQueryInterrupts(PVOID out, ULONG length, PULONG return_length)
{
    SYSTEM_INTERRUPT_INFORMATION info[EXP_MAX_UNITS];
    ULONG size;

    pthread_once(&ExpTopologyOnce, ExpReadTopology);
    size = ExpTopology.Processors * (ULONG)sizeof(info[0]);
    memset(info, 0, sizeof(info));
    for (ULONG i = 0; i < ExpTopology.Processors; i++)
        info[i].TimeIncrement = 156250;
    if (length < size)
        return return_length && KeWriteUser(return_length, size) ? STATUS_ACCESS_VIOLATION
                                                                 : STATUS_INFO_LENGTH_MISMATCH;
    if (KeCopyToUser(out, info, size) || (return_length && KeWriteUser(return_length, size)))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* The times of the first processors that fit, from /proc/stat's ticks: kernel time includes the idle time. */
NTSTATUS ExpQueryProcessorPerformance(PVOID out, ULONG length, PULONG return_length)
{
    SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION info[EXP_MAX_UNITS];
    ULONG want, count = 0, size;
    LONGLONG tick = 10000000 / sysconf(_SC_CLK_TCK);
    char line[512];
    FILE *f;

    pthread_once(&ExpTopologyOnce, ExpReadTopology);
    if (length < sizeof(info[0]))
        return STATUS_INFO_LENGTH_MISMATCH;
    want = length / sizeof(info[0]);
    if (want > ExpTopology.Processors)
        want = ExpTopology.Processors;
    memset(info, 0, sizeof(info));
    if ((f = fopen("/proc/stat", "re"))) {
        while (count < want && fgets(line, sizeof(line), f)) {
            unsigned long long user, nice, system, idle, iowait = 0, irq = 0, softirq = 0;
            unsigned cpu;
            if (sscanf(line, "cpu%u %llu %llu %llu %llu %llu %llu %llu", &cpu, &user, &nice, &system, &idle, &iowait,
                       &irq, &softirq) < 5 ||
                cpu >= want)
                continue;
            info[cpu].IdleTime.QuadPart = (LONGLONG)(idle + iowait) * tick;
            info[cpu].KernelTime.QuadPart = (LONGLONG)(system + irq + softirq + idle + iowait) * tick;
            info[cpu].UserTime.QuadPart = (LONGLONG)(user + nice) * tick;
            info[cpu].DpcTime.QuadPart = (LONGLONG)softirq * tick;
            info[cpu].InterruptTime.QuadPart = (LONGLONG)irq * tick;
            count++;
        }
        fclose(f);
    }
    size = want * (ULONG)sizeof(info[0]);
    if (KeCopyToUser(out, info, size) || (return_length && KeWriteUser(return_length, size)))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* The records, and their size, go to the caller whole or not at all; the size needed is told either way. */
static NTSTATUS ExpReturnRecords(const void *records, ULONG size, PVOID out, ULONG length, PULONG return_length)
{
    if (return_length && KeWriteUser(return_length, size))
        return STATUS_ACCESS_VIOLATION;
    if (length < size)
        return STATUS_INFO_LENGTH_MISMATCH;
    return KeCopyToUser(out, records, size) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}

NTSTATUS ExpQueryLogicalProcessors(PVOID out, ULONG length, PULONG return_length)
{
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION *records;
    ULONG n = 0, size;
    NTSTATUS status;

    pthread_once(&ExpTopologyOnce, ExpReadTopology);
    records = HostZalloc((ExpTopology.CoreCount + ExpTopology.CacheCount + ExpTopology.PackageCount +
                          ExpTopology.NodeCount) * sizeof(*records));
    for (ULONG i = 0; i < ExpTopology.CoreCount; i++, n++) {
        records[n].ProcessorMask = ExpTopology.Cores[i];
        records[n].Relationship = RelationProcessorCore;
        records[n].ProcessorCore.Flags = ExpTopology.Cores[i] & (ExpTopology.Cores[i] - 1) ? LTP_PC_SMT : 0;
    }
    for (ULONG i = 0; i < ExpTopology.CacheCount; i++, n++) {
        records[n].ProcessorMask = ExpTopology.Caches[i].Mask;
        records[n].Relationship = RelationCache;
        records[n].Cache = ExpTopology.Caches[i].Descriptor;
    }
    for (ULONG i = 0; i < ExpTopology.PackageCount; i++, n++) {
        records[n].ProcessorMask = ExpTopology.Packages[i];
        records[n].Relationship = RelationProcessorPackage;
    }
    for (ULONG i = 0; i < ExpTopology.NodeCount; i++, n++) {
        records[n].ProcessorMask = ExpTopology.Nodes[i];
        records[n].Relationship = RelationNumaNode;
        records[n].NumaNode.NodeNumber = ExpTopology.NodeNumbers[i];
    }
    size = n * (ULONG)sizeof(*records);
    status = ExpReturnRecords(records, size, out, length, return_length);
    free(records);
    return status;
}

/* One record of the Ex form at *at, advancing it; only its size when records is NULL. */
static void ExpPutRecord(BYTE *records, ULONG *at, LOGICAL_PROCESSOR_RELATIONSHIP relationship, ULONG index)
{
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX record;
    ULONG size = offsetof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX, Processor);
    KAFFINITY all = ExpTopology.Processors == 64 ? ~(KAFFINITY)0 : ((KAFFINITY)1 << ExpTopology.Processors) - 1;

    memset(&record, 0, sizeof(record));
    record.Relationship = relationship;
    switch (relationship) {
    case RelationProcessorCore:
    case RelationProcessorPackage:
    case RelationProcessorDie: {
        KAFFINITY mask = relationship == RelationProcessorCore      ? ExpTopology.Cores[index]
                         : relationship == RelationProcessorPackage ? ExpTopology.Packages[index]
                                                                    : ExpTopology.Dies[index];
        record.Processor.Flags = relationship == RelationProcessorCore && mask & (mask - 1) ? LTP_PC_SMT : 0;
        record.Processor.GroupCount = 1;
        record.Processor.GroupMask[0].Mask = mask;
        size += sizeof(record.Processor);
        break;
    }
    case RelationNumaNode:
    case RelationNumaNodeEx:
        record.NumaNode.NodeNumber = ExpTopology.NodeNumbers[index];
        record.NumaNode.GroupCount = 1;
        record.NumaNode.GroupMask.Mask = ExpTopology.Nodes[index];
        size += sizeof(record.NumaNode);
        break;
    case RelationCache: {
        const CACHE_DESCRIPTOR *cache = &ExpTopology.Caches[index].Descriptor;
        record.Cache.Level = cache->Level;
        record.Cache.Associativity = cache->Associativity;
        record.Cache.LineSize = cache->LineSize;
        record.Cache.CacheSize = cache->Size;
        record.Cache.Type = cache->Type;
        record.Cache.GroupCount = 1;
        record.Cache.GroupMask.Mask = ExpTopology.Caches[index].Mask;
        size += sizeof(record.Cache);
        break;
    }
    default: /* RelationGroup */
        record.Group.MaximumGroupCount = record.Group.ActiveGroupCount = 1;
        record.Group.GroupInfo[0].MaximumProcessorCount = (BYTE)ExpTopology.Processors;
        record.Group.GroupInfo[0].ActiveProcessorCount = (BYTE)ExpTopology.Processors;
        record.Group.GroupInfo[0].ActiveProcessorMask = all;
        size += sizeof(record.Group);
        break;
    }
    record.Size = size;
    if (records)
        memcpy(records + *at, &record, size);
    *at += size;
}

/* Every record of the relationships asked, in Windows' order: cores, NUMA nodes, caches, packages, the group. */
static ULONG ExpPutRecords(BYTE *records, LOGICAL_PROCESSOR_RELATIONSHIP relationship)
{
    static const LOGICAL_PROCESSOR_RELATIONSHIP order[] = {RelationProcessorCore, RelationNumaNode, RelationCache,
                                                           RelationProcessorPackage, RelationGroup};
    ULONG at = 0;

    for (size_t k = 0; k < sizeof(order) / sizeof(order[0]) + 2; k++) {
        /* Dies and the Ex form of the nodes come only when asked by name. */
        LOGICAL_PROCESSOR_RELATIONSHIP r = k < sizeof(order) / sizeof(order[0]) ? order[k]
                                           : k == sizeof(order) / sizeof(order[0]) ? RelationProcessorDie
                                                                                   : RelationNumaNodeEx;
        ULONG count;
        if (relationship != r && (relationship != RelationAll || r == RelationProcessorDie || r == RelationNumaNodeEx))
            continue;
        count = r == RelationProcessorCore      ? ExpTopology.CoreCount
                : r == RelationNumaNode || r == RelationNumaNodeEx ? ExpTopology.NodeCount
                : r == RelationCache            ? ExpTopology.CacheCount
                : r == RelationProcessorPackage ? ExpTopology.PackageCount
                : r == RelationProcessorDie     ? ExpTopology.DieCount
                                                : 1;
        for (ULONG i = 0; i < count; i++)
            ExpPutRecord(records, &at, r, i);
    }
    return at;
}

/* Modules of cores (RelationProcessorModule) are Windows 11's; Windows 10 answers as for a relationship it lacks. */
NTSTATUS ExpQueryLogicalProcessorsEx(PVOID input, ULONG input_length, PVOID out, ULONG length, PULONG return_length)
{
    LOGICAL_PROCESSOR_RELATIONSHIP relationship;
    BYTE *records;
    ULONG size;
    NTSTATUS status;

    if (!input || input_length != sizeof(relationship))
        return STATUS_INVALID_PARAMETER;
    if (KeCopyFromUser(&relationship, input, sizeof(relationship)))
        return STATUS_ACCESS_VIOLATION;
    if (relationship == RelationProcessorModule)
        return STATUS_UNSUCCESSFUL;
    if (relationship > RelationNumaNodeEx && relationship != RelationAll)
        return STATUS_INVALID_PARAMETER;
    pthread_once(&ExpTopologyOnce, ExpReadTopology);
    size = ExpPutRecords(NULL, relationship);
    records = HostZalloc(size);
    ExpPutRecords(records, relationship);
    status = ExpReturnRecords(records, size, out, length, return_length);
    free(records);
    return status;
}

/* The first processor of the unit of units that holds cpu: how a CPU set names its core, cache and node. */
static BYTE ExpFirstOf(const KAFFINITY *units, ULONG count, ULONG cpu)
{
    for (ULONG i = 0; i < count; i++)
        if (units[i] & ((KAFFINITY)1 << cpu))
            return (BYTE)__builtin_ctzll(units[i]);
    return (BYTE)cpu;
}

/* One CPU set a processor, ids from 0x100, for the process a handle names (or none): all are the process's. */
NTSTATUS ExpQueryCpuSets(PVOID input, ULONG input_length, PVOID out, ULONG length, PULONG return_length)
{
    SYSTEM_CPU_SET_INFORMATION *sets;
    KAFFINITY last_level[EXP_MAX_UNITS];
    ULONG size, levels = 0;
    BYTE deepest = 0;
    HANDLE process;
    NTSTATUS status;

    if (!input || input_length != sizeof(process))
        return STATUS_INVALID_PARAMETER;
    if (KeReadUser(&process, (HANDLE *)input))
        return STATUS_ACCESS_VIOLATION;
    if (process && (status = PsCheckProcessHandle(process)))
        return status;
    pthread_once(&ExpTopologyOnce, ExpReadTopology);
    size = ExpTopology.Processors * (ULONG)sizeof(*sets);
    if (length < size) {
        if (return_length && KeWriteUser(return_length, size))
            return STATUS_ACCESS_VIOLATION;
        return STATUS_BUFFER_TOO_SMALL;
    }
    for (ULONG i = 0; i < ExpTopology.CacheCount; i++)
        if (ExpTopology.Caches[i].Descriptor.Level > deepest)
            deepest = ExpTopology.Caches[i].Descriptor.Level;
    for (ULONG i = 0; i < ExpTopology.CacheCount && levels < EXP_MAX_UNITS; i++)
        if (ExpTopology.Caches[i].Descriptor.Level == deepest)
            last_level[levels++] = ExpTopology.Caches[i].Mask;
    sets = HostZalloc(size);
    for (ULONG i = 0; i < ExpTopology.Processors; i++) {
        sets[i].Size = sizeof(*sets);
        sets[i].Type = CpuSetInformation;
        sets[i].CpuSet.Id = 0x100 + i;
        sets[i].CpuSet.LogicalProcessorIndex = (BYTE)i;
        sets[i].CpuSet.CoreIndex = ExpFirstOf(ExpTopology.Cores, ExpTopology.CoreCount, i);
        sets[i].CpuSet.LastLevelCacheIndex = ExpFirstOf(last_level, levels, i);
        for (ULONG n = 0; n < ExpTopology.NodeCount; n++)
            if (ExpTopology.Nodes[n] & ((KAFFINITY)1 << i))
                sets[i].CpuSet.NumaNodeIndex = (BYTE)ExpTopology.NodeNumbers[n];
    }
    status = KeCopyToUser(out, sets, size) || (return_length && KeWriteUser(return_length, size))
                     ? STATUS_ACCESS_VIOLATION
                     : STATUS_SUCCESS;
    free(sets);
    return status;
}

/* The counters Linux keeps that Windows' performance information names: memory from /proc/meminfo (the commit
 * limit is memory and swap, as Windows' is memory and page file), idle time and context switches from /proc/stat,
 * page faults from /proc/vmstat. */
void ExpQueryPerformance(SYSTEM_PERFORMANCE_INFORMATION *info)
{
    LONGLONG tick = 10000000 / sysconf(_SC_CLK_TCK);
    char line[512];
    FILE *f;

    memset(info, 0, sizeof(*info));
    info->AvailablePages = (ULONG)(HostProcBytes("/proc/meminfo", "MemAvailable") / 4096);
    info->TotalCommittedPages = (ULONG)(HostProcBytes("/proc/meminfo", "Committed_AS") / 4096);
    info->TotalCommitLimit =
            (ULONG)((HostProcBytes("/proc/meminfo", "MemTotal") + HostProcBytes("/proc/meminfo", "SwapTotal")) / 4096);
    info->PeakCommitment = info->TotalCommittedPages;
    if ((f = fopen("/proc/stat", "re"))) {
        unsigned long long user, nice, system, idle, iowait = 0, n;
        while (fgets(line, sizeof(line), f)) {
            if (sscanf(line, "cpu %llu %llu %llu %llu %llu", &user, &nice, &system, &idle, &iowait) >= 4)
                info->IdleTime.QuadPart = (LONGLONG)(idle + iowait) * tick;
            else if (sscanf(line, "ctxt %llu", &n) == 1)
                info->ContextSwitches = (ULONG)n;
        }
        fclose(f);
    }
    if ((f = fopen("/proc/vmstat", "re"))) {
        unsigned long long n;
        while (fgets(line, sizeof(line), f))
            if (sscanf(line, "pgfault %llu", &n) == 1)
                info->PageFaults = (ULONG)n;
        fclose(f);
    }
}
