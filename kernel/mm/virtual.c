/* Virtual memory: the process's allocations (VADs) with per-page state, and the services over them. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include "host/host.h"
#include "io/io.h"
#include "ke/ke.h"
#include "mm/mmp.h"
#include "ps/ps.h"
#include "rtl/unicode.h"

#define MMP_COMMITTED 0x8000
#define MMP_PROTECT_MASK 0x0fff
#define MMP_PAGE MM_PAGE_SIZE
#define MMP_GRANULARITY MM_ALLOCATION_GRANULARITY
#define MMP_USER_TOP (MM_HIGHEST_USER_ADDRESS + 1)

/* One allocation: what NtAllocateVirtualMemory reserved, a view of a section, or a region the host placed. */
typedef struct {
    ULONG_PTR Base;
    SIZE_T Size;
    ULONG AllocationProtect;
    ULONG Type;      /* MEM_PRIVATE, MEM_IMAGE or MEM_MAPPED */
    bool Fixed;      /* placed by the host; a program may not free it */
    bool Placeholder; /* reserved to be replaced by an allocation or a view (MEM_RESERVE_PLACEHOLDER) */
    bool Replaced;    /* an allocation that replaced a placeholder, which may become one again */
    USHORT *Pages;   /* per page: MMP_COMMITTED | Windows protection */
    char *FileName;  /* a view of a file: its NT name (UTF-8), for MemoryMappedFilenameInformation */
    dev_t Device;    /* ...and the file itself, which cannot be deleted while the view is there */
    ino_t Inode;
} MMP_VAD;

static pthread_mutex_t MmpLock = PTHREAD_MUTEX_INITIALIZER;
/* Whether this thread holds MmpLock: a guard page a service touches while it does cannot be serviced. */
static __thread bool MmpLockHeld;
/* The address of the fault MmAccessFault last let this thread retry. */
static __thread ULONG_PTR MmpRetried;
static MMP_VAD *MmpVads; /* sorted by Base, never overlapping */
static size_t MmpVadCount, MmpVadCapacity;

static void MmpAcquire(void)
{
    pthread_mutex_lock(&MmpLock);
    MmpLockHeld = true;
}

static void MmpRelease(void)
{
    MmpLockHeld = false;
    pthread_mutex_unlock(&MmpLock);
}

static ULONG_PTR MmpAlignDown(ULONG_PTR v, ULONG_PTR a) { return v & ~(a - 1); }
static ULONG_PTR MmpAlignUp(ULONG_PTR v, ULONG_PTR a) { return (v + a - 1) & ~(a - 1); }

/* Index of the first VAD whose Base is above addr. */
static size_t MmpUpperBound(ULONG_PTR addr)
{
    size_t lo = 0, hi = MmpVadCount;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (MmpVads[mid].Base <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static MMP_VAD *MmpFindVad(ULONG_PTR addr)
{
    size_t i = MmpUpperBound(addr);
    if (!i)
        return NULL;
    return addr - MmpVads[i - 1].Base < MmpVads[i - 1].Size ? &MmpVads[i - 1] : NULL;
}

static bool MmpRangeFree(ULONG_PTR base, SIZE_T size)
{
    size_t i = MmpUpperBound(base);
    if (i && MmpVads[i - 1].Base + MmpVads[i - 1].Size > base)
        return false;
    return i == MmpVadCount || MmpVads[i].Base >= base + size;
}

static MMP_VAD *MmpInsertVad(ULONG_PTR base, SIZE_T size, ULONG type, ULONG protect)
{
    size_t i = MmpUpperBound(base);

    if (MmpVadCount == MmpVadCapacity) {
        size_t cap = MmpVadCapacity ? MmpVadCapacity * 2 : 64;
        MMP_VAD *grown = HostAlloc(cap * sizeof(*grown));
        if (MmpVadCount)
            memcpy(grown, MmpVads, MmpVadCount * sizeof(*grown));
        free(MmpVads);
        MmpVads = grown;
        MmpVadCapacity = cap;
    }
    memmove(&MmpVads[i + 1], &MmpVads[i], (MmpVadCount - i) * sizeof(*MmpVads));
    MmpVadCount++;
    MmpVads[i] = (MMP_VAD){.Base = base, .Size = size, .AllocationProtect = protect, .Type = type,
                           .Pages = HostZalloc(size / MMP_PAGE * sizeof(USHORT))};
    return &MmpVads[i];
}

static void MmpRemoveVad(MMP_VAD *vad)
{
    size_t i = (size_t)(vad - MmpVads);
    free(vad->Pages);
    free(vad->FileName);
    memmove(&MmpVads[i], &MmpVads[i + 1], (MmpVadCount - i - 1) * sizeof(*MmpVads));
    MmpVadCount--;
}

/* The VAD holding at becomes two, split there (a page boundary inside it); the second, or NULL when at is none.
 * VAD pointers taken before are stale after it. */
static MMP_VAD *MmpSplitVad(ULONG_PTR at)
{
    MMP_VAD *vad = MmpFindVad(at), *second;
    size_t first_pages;

    if (!vad || at == vad->Base)
        return vad;
    first_pages = (at - vad->Base) / MM_PAGE_SIZE;
    MMP_VAD old = *vad;
    second = MmpInsertVad(at, old.Base + old.Size - at, old.Type, old.AllocationProtect);
    memcpy(second->Pages, old.Pages + first_pages, (old.Size - (at - old.Base)) / MM_PAGE_SIZE * sizeof(USHORT));
    second->Placeholder = old.Placeholder;
    vad = MmpFindVad(old.Base);
    vad->Size = at - old.Base;
    return MmpFindVad(at);
}

static int MmpLinuxProtection(USHORT page)
{
    if (!(page & MMP_COMMITTED) || (page & PAGE_GUARD))
        return PROT_NONE;
    switch (page & 0xff) {
    case PAGE_READONLY: return PROT_READ;
    case PAGE_READWRITE:
    case PAGE_WRITECOPY: return PROT_READ | PROT_WRITE;
    case PAGE_EXECUTE:
    case PAGE_EXECUTE_READ: return PROT_READ | PROT_EXEC;
    case PAGE_EXECUTE_READWRITE:
    case PAGE_EXECUTE_WRITECOPY: return PROT_READ | PROT_WRITE | PROT_EXEC;
    default: return PROT_NONE;
    }
}

/* Windows' rule: one base protection, and modifiers that make sense with it. Copy-on-write exists only
 * for views of sections and images, never for private memory. */
static bool MmpValidProtection(ULONG protect, bool private_memory)
{
    ULONG base = protect & 0xff, modifiers = protect & ~0xffu;

    if (!base || (base & (base - 1)))
        return false;
    if (modifiers & ~(ULONG)(PAGE_GUARD | PAGE_NOCACHE | PAGE_WRITECOMBINE))
        return false;
    if ((modifiers & PAGE_NOCACHE) && (modifiers & (PAGE_WRITECOMBINE | PAGE_GUARD)))
        return false;
    if ((modifiers & PAGE_WRITECOMBINE) && (modifiers & PAGE_GUARD))
        return false;
    if (base == PAGE_NOACCESS && modifiers)
        return false;
    if (private_memory && (base == PAGE_WRITECOPY || base == PAGE_EXECUTE_WRITECOPY))
        return false;
    return true;
}

/* Give pages [first, first+count) of vad one state, in the table and in Linux. */
static NTSTATUS MmpSetPages(MMP_VAD *vad, size_t first, size_t count, USHORT value)
{
    void *addr = (void *)(vad->Base + first * MMP_PAGE);
    int linux_protection = MmpLinuxProtection(value);
    bool same = true;

    /* A loader's NtProtectVirtualMemory often asks for what the pages have; with a second thread running,
     * every mprotect costs a TLB flush on its CPU too. */
    for (size_t i = 0; i < count && same; i++)
        same = MmpLinuxProtection(vad->Pages[first + i]) == linux_protection;
    if (!same && mprotect(addr, count * MMP_PAGE, linux_protection))
        return HostErrnoToStatus(errno);
    for (size_t i = 0; i < count; i++)
        vad->Pages[first + i] = value;
    return STATUS_SUCCESS;
}

static bool MmpReserveAt(ULONG_PTR base, SIZE_T size)
{
    void *p = mmap((void *)base, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE,
                   -1, 0);
    if (p == MAP_FAILED)
        return false;
    if (p != (void *)base) { /* a kernel without MAP_FIXED_NOREPLACE treats it as a hint */
        munmap(p, size);
        return false;
    }
    return true;
}

/* Where a new region may go: from low up to limit (its end excluded), at a multiple of align (a power of two, at
 * least the allocation granularity). */
typedef struct {
    ULONG_PTR Low, Limit, Align;
} MMP_PLACE;

/* Find and reserve a free range of size bytes inside a place; 0 when none. */
static ULONG_PTR MmpReserveIn(SIZE_T size, const MMP_PLACE *place, bool top_down)
{
    ULONG_PTR addr, low = MmpAlignUp(place->Low, place->Align), limit = place->Limit, align = place->Align;

    if (low < place->Low || size > limit || limit - size < low)
        return 0;
    addr = top_down ? MmpAlignDown(limit - size, align) : low;
    while (addr >= low && addr + size <= limit) {
        size_t i = MmpUpperBound(addr + size - 1);
        const MMP_VAD *below = i ? &MmpVads[i - 1] : NULL;

        if (below && below->Base + below->Size > addr) {
            /* Skip past (or below) the allocation in the way. */
            if (top_down) {
                if (below->Base < size + low)
                    return 0;
                addr = MmpAlignDown(below->Base - size, align);
            } else {
                addr = MmpAlignUp(below->Base + below->Size, align);
            }
            continue;
        }
        if (MmpReserveAt(addr, size))
            return addr;
        /* Something of the host's is there: step on. */
        addr = top_down ? addr - align : addr + align;
    }
    return 0;
}

/* Anywhere the process's own allocations may go, at the allocation granularity, ending at or below limit. */
static ULONG_PTR MmpReserveAnywhere(SIZE_T size, ULONG_PTR limit, bool top_down)
{
    MMP_PLACE place = {MM_LOWEST_USER_ADDRESS, limit, MMP_GRANULARITY};
    return MmpReserveIn(size, &place, top_down);
}

/* The highest end address ZeroBits allows: a count of high zero bits of a 32-bit address (1..21), or on
 * 64-bit Windows a mask whose leading zero bits must stay zero. */
NTSTATUS MmpZeroBitsLimit(ULONG_PTR zero_bits, ULONG_PTR *limit)
{
    if (!zero_bits)
        *limit = KE_HOST_BOUNDARY;
    else if (zero_bits <= 21)
        *limit = 1ull << (32 - zero_bits);
    else if (zero_bits < 32)
        return STATUS_INVALID_PARAMETER_3;
    else {
        int top_bit = 63 - __builtin_clzll(zero_bits);
        *limit = top_bit >= 63 ? KE_HOST_BOUNDARY : 1ull << (top_bit + 1);
        if (*limit > KE_HOST_BOUNDARY)
            *limit = KE_HOST_BOUNDARY;
    }
    return STATUS_SUCCESS;
}

void MmQueryUsage(SIZE_T *committed_private, SIZE_T *reserved)
{
    *committed_private = *reserved = 0;
    MmpAcquire();
    for (size_t v = 0; v < MmpVadCount; v++) {
        const MMP_VAD *vad = &MmpVads[v];
        *reserved += vad->Size;
        if (vad->Type == MEM_PRIVATE)
            for (size_t i = 0; i < vad->Size / MMP_PAGE; i++)
                if (vad->Pages[i] & MMP_COMMITTED)
                    *committed_private += MMP_PAGE;
    }
    MmpRelease();
}

bool MmIsUserRange(const void *addr, size_t len)
{
    ULONG_PTR start = (ULONG_PTR)addr, end = start + len;
    const MMP_VAD *vad;
    bool ok;

    if (end < start || start < MM_LOWEST_USER_ADDRESS)
        return false;
    if (end <= KE_HOST_BOUNDARY)
        return true;
    MmpAcquire();
    vad = MmpFindVad(start);
    ok = vad && end <= vad->Base + vad->Size;
    MmpRelease();
    return ok;
}

bool MmIsCommittedRange(const void *addr, size_t len, bool write)
{
    ULONG_PTR page = MmpAlignDown((ULONG_PTR)addr, MMP_PAGE), end = (ULONG_PTR)addr + len;
    int needed = write ? PROT_WRITE : PROT_READ;
    const MMP_VAD *vad = NULL;
    bool ok = end >= (ULONG_PTR)addr;

    MmpAcquire();
    for (; ok && page < end; page += MMP_PAGE) {
        USHORT value;
        if (!vad || page - vad->Base >= vad->Size)
            vad = MmpFindVad(page);
        /* A guard page counts as what it guards: touching it is the program's own business. */
        value = vad ? vad->Pages[(page - vad->Base) / MMP_PAGE] & ~PAGE_GUARD : 0;
        ok = (value & MMP_COMMITTED) && (MmpLinuxProtection(value) & needed);
    }
    MmpRelease();
    return ok;
}

void MmRegisterFixedRegion(ULONG_PTR base, SIZE_T size, ULONG protect)
{
    MMP_VAD *vad;

    MmpAcquire();
    vad = MmpInsertVad(base, size, MEM_PRIVATE, protect);
    vad->Fixed = true;
    for (size_t i = 0; i < size / MMP_PAGE; i++)
        vad->Pages[i] = MMP_COMMITTED | (USHORT)protect;
    MmpRelease();
}

/* Thread stacks grow as on Windows: committed at the top, a guard page below, the rest reserved. Touching the
 * guard page moves the stack's limit (in the TEB) down to it and the guard below that; guard pages set inside
 * the committed part move the limit up above them. */

/* The calling thread's stack now reaches down to page: the pages below it (one, and as many as the thread's
 * guarantee asks) become the guard. No room for them above the stack's last page is an overflow. */
static NTSTATUS MmpGrowStack(MMP_VAD *vad, PTEB teb, ULONG_PTR page)
{
    ULONG_PTR bottom = (ULONG_PTR)teb->DeallocationStack > vad->Base ? (ULONG_PTR)teb->DeallocationStack : vad->Base;
    SIZE_T guard = MMP_PAGE + MmpAlignUp(teb->GuaranteedStackBytes, MMP_PAGE);

    teb->NtTib.StackLimit = (PVOID)page;
    if (page < bottom || page - bottom < MMP_PAGE + guard)
        return STATUS_STACK_OVERFLOW;
    return MmpSetPages(vad, (page - guard - vad->Base) / MMP_PAGE, guard / MMP_PAGE,
                       MMP_COMMITTED | PAGE_READWRITE | PAGE_GUARD) ? STATUS_STACK_OVERFLOW : STATUS_SUCCESS;
}

static PTEB MmpStackOf(ULONG_PTR address)
{
    KTHREAD *thread = KeGetCurrentThread();
    PTEB teb = thread ? thread->Teb : NULL;

    return teb && address >= (ULONG_PTR)teb->DeallocationStack && address < (ULONG_PTR)teb->NtTib.StackBase ? teb
                                                                                                             : NULL;
}

/* A guard page, touched, loses its guard and raises STATUS_GUARD_PAGE_VIOLATION, unless it is in the calling
 * thread's stack: the stack grows (STATUS_SUCCESS: the access may be retried) or has run out
 * (STATUS_STACK_OVERFLOW, the page usable). A page another thread made accessible meanwhile is STATUS_SUCCESS
 * too. A service's access (user_mode false) only grows the stack. Anything else is STATUS_ACCESS_VIOLATION. */
NTSTATUS MmAccessFault(ULONG_PTR address, ULONG access, bool user_mode)
{
    ULONG_PTR page = MmpAlignDown(address, MMP_PAGE);
    PTEB teb = MmpStackOf(address);
    NTSTATUS status = STATUS_ACCESS_VIOLATION;
    int needed = access == 8 ? PROT_EXEC : access == 1 ? PROT_WRITE : PROT_READ;
    MMP_VAD *vad;

    if (MmpLockHeld || (!user_mode && !teb))
        return STATUS_ACCESS_VIOLATION;
    MmpAcquire();
    if ((vad = MmpFindVad(page))) {
        size_t i = (page - vad->Base) / MMP_PAGE;
        USHORT value = vad->Pages[i];
        if ((value & (MMP_COMMITTED | PAGE_GUARD)) == (MMP_COMMITTED | PAGE_GUARD)) {
            if (!MmpSetPages(vad, i, 1, value & ~PAGE_GUARD))
                status = teb ? MmpGrowStack(vad, teb, page) : STATUS_GUARD_PAGE_VIOLATION;
            if (!user_mode && status == STATUS_STACK_OVERFLOW)
                status = STATUS_SUCCESS;
        } else if ((MmpLinuxProtection(value) & needed) == needed && MmpRetried != address) {
            /* Made accessible by another thread meanwhile: retried, once, lest a fault no page state explains
             * come back for ever. */
            status = STATUS_SUCCESS;
        }
    }
    MmpRetried = status == STATUS_SUCCESS ? address : 0;
    MmpRelease();
    return status;
}

bool MmProbeStack(ULONG_PTR low, ULONG_PTR high)
{
    PTEB teb = MmpStackOf(low);
    MMP_VAD *vad;
    bool ok = teb && high > low && MmpStackOf(high - 1) == teb;

    if (!ok || MmpLockHeld)
        return false;
    MmpAcquire();
    vad = MmpFindVad(low);
    ok = vad && high <= vad->Base + vad->Size;
    for (ULONG_PTR page = MmpAlignDown(high - 1, MMP_PAGE); ok && page >= MmpAlignDown(low, MMP_PAGE);
         page -= MMP_PAGE) {
        size_t i = (page - vad->Base) / MMP_PAGE;
        USHORT value = vad->Pages[i];
        if (!(value & MMP_COMMITTED))
            ok = false;
        else if (value & PAGE_GUARD) {
            /* Running out here is no failure: the page itself is usable, and the frame is what was asked for. */
            ok = !MmpSetPages(vad, i, 1, value & ~PAGE_GUARD);
            MmpGrowStack(vad, teb, page);
        }
    }
    MmpRelease();
    return ok;
}

/* Guard pages set in the calling thread's stack, at or above its limit, move the limit up above them. */
static void MmpNoteStackGuard(ULONG_PTR base, ULONG_PTR end, ULONG protect)
{
    PTEB teb = MmpStackOf(base);

    if ((protect & PAGE_GUARD) && teb && base >= (ULONG_PTR)teb->NtTib.StackLimit &&
        end <= (ULONG_PTR)teb->NtTib.StackBase)
        teb->NtTib.StackLimit = (PVOID)end;
}

NTSTATUS MmLayOutStack(PVOID stack, SIZE_T reserve, SIZE_T commit)
{
    size_t pages = reserve / MMP_PAGE, committed = commit / MMP_PAGE;
    NTSTATUS status = STATUS_MEMORY_NOT_ALLOCATED;
    MMP_VAD *vad;

    if (committed >= pages)
        committed = pages - 1;
    MmpAcquire();
    vad = MmpFindVad((ULONG_PTR)stack);
    if (vad && vad->Base == (ULONG_PTR)stack && vad->Size == reserve && pages > 1) {
        size_t guard = committed + 2 <= pages ? 1 : 0, rest = pages - committed - guard;
        if (!(status = MmpSetPages(vad, 0, rest, 0)) &&
            !(status = MmpSetPages(vad, rest, guard, MMP_COMMITTED | PAGE_READWRITE | PAGE_GUARD)))
            status = MmpSetPages(vad, rest + guard, committed, MMP_COMMITTED | PAGE_READWRITE);
    }
    MmpRelease();
    return status;
}

/* The body of NtAllocateVirtualMemory(Ex) for this process, on values already read from the caller; a place
 * narrows where a new region may go (NtAllocateVirtualMemoryEx's address requirements), or is NULL. */
static NTSTATUS MmpAllocate(ULONG_PTR *base_io, SIZE_T *size_io, ULONG_PTR zero_bits, const MMP_PLACE *required,
                            ULONG type, ULONG protect)
{
    ULONG_PTR addr = *base_io, limit, base, end;
    MMP_PLACE place;
    SIZE_T size = *size_io;
    NTSTATUS status;
    MMP_VAD *vad;

    if (type & ~(ULONG)(MEM_COMMIT | MEM_RESERVE | MEM_TOP_DOWN | MEM_WRITE_WATCH | MEM_RESET | MEM_RESET_UNDO |
                        MEM_LARGE_PAGES | MEM_PHYSICAL))
        return STATUS_INVALID_PARAMETER_5;
    if ((status = MmpZeroBitsLimit(zero_bits, &limit)))
        return status;
    if (!size)
        return STATUS_INVALID_PARAMETER_4;
    if (type & (MEM_RESET | MEM_RESET_UNDO)) {
        /* Contents no longer needed: the kernel may drop them. Only committed private pages qualify. */
        if ((type & ~(ULONG)(MEM_RESET | MEM_RESET_UNDO)) || (type & MEM_RESET && type & MEM_RESET_UNDO))
            return STATUS_INVALID_PARAMETER_5;
        base = MmpAlignDown(addr, MMP_PAGE);
        end = MmpAlignUp(addr + size, MMP_PAGE);
        vad = MmpFindVad(base);
        if (!vad || end > vad->Base + vad->Size)
            return STATUS_CONFLICTING_ADDRESSES;
        if (type & MEM_RESET)
            madvise((void *)base, end - base, MADV_FREE);
        *base_io = base;
        *size_io = end - base;
        return STATUS_SUCCESS;
    }
    if (!(type & (MEM_COMMIT | MEM_RESERVE)))
        return STATUS_INVALID_PARAMETER_5;
    if (type & MEM_LARGE_PAGES)
        return STATUS_PRIVILEGE_NOT_HELD; /* needs SeLockMemoryPrivilege, which no Veles token holds */
    if (type & (MEM_PHYSICAL | MEM_WRITE_WATCH))
        return KeReportNotImplemented(type & MEM_PHYSICAL ? "NtAllocateVirtualMemory(MEM_PHYSICAL)"
                                                           : "NtAllocateVirtualMemory(MEM_WRITE_WATCH)");
    if (!MmpValidProtection(protect, true))
        return STATUS_INVALID_PAGE_PROTECTION;

    if (!addr) {
        /* Anywhere: reserve (and commit) a fresh region. */
        size = MmpAlignUp(size, MMP_PAGE);
        if (!size)
            return STATUS_NO_MEMORY;
        place = required ? *required : (MMP_PLACE){MM_LOWEST_USER_ADDRESS, limit, MMP_GRANULARITY};
        if (place.Limit > limit)
            place.Limit = limit;
        base = MmpReserveIn(size, &place, type & MEM_TOP_DOWN);
        if (!base)
            return STATUS_NO_MEMORY;
        vad = MmpInsertVad(base, size, MEM_PRIVATE, protect);
        if (type & MEM_COMMIT && (status = MmpSetPages(vad, 0, size / MMP_PAGE, MMP_COMMITTED | (USHORT)protect))) {
            munmap((void *)base, size);
            MmpRemoveVad(vad);
            return status;
        }
        *base_io = base;
        *size_io = size;
        return STATUS_SUCCESS;
    }

    if (type & MEM_RESERVE) {
        base = MmpAlignDown(addr, MMP_GRANULARITY);
        end = MmpAlignUp(addr + size, MMP_PAGE);
        if (end < addr || base < MM_LOWEST_USER_ADDRESS || end > MMP_USER_TOP)
            return STATUS_INVALID_PARAMETER_2;
        if (!MmpRangeFree(base, end - base) || !MmpReserveAt(base, end - base))
            return STATUS_CONFLICTING_ADDRESSES;
        vad = MmpInsertVad(base, end - base, MEM_PRIVATE, protect);
        if (type & MEM_COMMIT && (status = MmpSetPages(vad, 0, (end - base) / MMP_PAGE,
                                                       MMP_COMMITTED | (USHORT)protect))) {
            munmap((void *)base, end - base);
            MmpRemoveVad(vad);
            return status;
        }
        *base_io = base;
        *size_io = end - base;
        return STATUS_SUCCESS;
    }

    /* Commit inside an existing reservation. */
    base = MmpAlignDown(addr, MMP_PAGE);
    end = MmpAlignUp(addr + size, MMP_PAGE);
    if (end < addr || end > MMP_USER_TOP)
        return STATUS_INVALID_PARAMETER_2;
    vad = MmpFindVad(base);
    if (!vad || end > vad->Base + vad->Size || vad->Type != MEM_PRIVATE || vad->Fixed || vad->Placeholder)
        return STATUS_CONFLICTING_ADDRESSES;
    if ((status = MmpSetPages(vad, (base - vad->Base) / MMP_PAGE, (end - base) / MMP_PAGE,
                              MMP_COMMITTED | (USHORT)protect)))
        return status;
    MmpNoteStackGuard(base, end, protect);
    *base_io = base;
    *size_io = end - base;
    return STATUS_SUCCESS;
}

NTSTATUS MmAllocateVirtual(PVOID *base, SIZE_T size, ULONG type, ULONG protect)
{
    return MmAllocateVirtualBelow(base, size, 0, type, protect);
}

NTSTATUS MmAllocateVirtualBelow(PVOID *base, SIZE_T size, ULONG_PTR zero_bits, ULONG type, ULONG protect)
{
    ULONG_PTR addr = (ULONG_PTR)*base;
    NTSTATUS status;

    MmpAcquire();
    status = MmpAllocate(&addr, &size, zero_bits, NULL, type, protect);
    MmpRelease();
    if (!status)
        *base = (PVOID)addr;
    return status;
}

NTSTATUS MmFreeVirtual(PVOID base)
{
    MMP_VAD *vad;
    NTSTATUS status = STATUS_SUCCESS;

    MmpAcquire();
    vad = MmpFindVad((ULONG_PTR)base);
    if (!vad || vad->Base != (ULONG_PTR)base || vad->Fixed || vad->Type != MEM_PRIVATE)
        status = STATUS_MEMORY_NOT_ALLOCATED;
    else {
        munmap(base, vad->Size);
        MmpRemoveVad(vad);
    }
    MmpRelease();
    return status;
}

/* The placeholder forms of a release (the lock is held): a part of a placeholder split off as one of its own
 * (MEM_PRESERVE_PLACEHOLDER), or an allocation that replaced one made a placeholder again; adjacent placeholders
 * made one (MEM_COALESCE_PLACEHOLDERS); a part of a placeholder released. */
static NTSTATUS MmpFreePlaceholder(ULONG_PTR base, ULONG_PTR end, ULONG type)
{
    MMP_VAD *vad = MmpFindVad(base);

    if (end <= base || end > MMP_USER_TOP)
        return STATUS_INVALID_PARAMETER;
    if (type & MEM_COALESCE_PLACEHOLDERS) {
        ULONG_PTR at = base;
        USHORT *pages;
        while ((vad = MmpFindVad(at)) && vad->Placeholder && vad->Base == at && at < end)
            at += vad->Size;
        if (at != end || !(vad = MmpFindVad(base)) || vad->Base != base)
            return STATUS_CONFLICTING_ADDRESSES;
        while (vad->Size < end - base) {
            MMP_VAD *next = MmpFindVad(vad->Base + vad->Size);
            SIZE_T grow = next->Size;
            MmpRemoveVad(next);
            vad = MmpFindVad(base);
            vad->Size += grow;
        }
        pages = HostZalloc((end - base) / MMP_PAGE * sizeof(USHORT));
        free(vad->Pages);
        vad->Pages = pages;
        vad->Size = end - base;
        return STATUS_SUCCESS;
    }
    if (!vad->Placeholder) {
        /* MEM_PRESERVE_PLACEHOLDER on an allocation: the whole of it, emptied. */
        if (!vad->Replaced)
            return STATUS_CONFLICTING_ADDRESSES;
        if (base != vad->Base || end != vad->Base + vad->Size)
            return STATUS_INVALID_PARAMETER;
        MmpSetPages(vad, 0, vad->Size / MMP_PAGE, 0);
        madvise((void *)base, end - base, MADV_DONTNEED);
        vad->Placeholder = true;
        vad->Replaced = false;
        vad->AllocationProtect = PAGE_NOACCESS;
        return STATUS_SUCCESS;
    }
    if (end > vad->Base + vad->Size)
        return STATUS_CONFLICTING_ADDRESSES;
    if (end < vad->Base + vad->Size)
        MmpSplitVad(end);
    vad = MmpSplitVad(base);
    if (!(type & MEM_PRESERVE_PLACEHOLDER)) {
        munmap((void *)base, end - base);
        MmpRemoveVad(vad);
    }
    return STATUS_SUCCESS;
}

/* A placeholder, exactly, becomes an allocation of the caller's (the lock is held). */
static NTSTATUS MmpReplacePlaceholder(ULONG_PTR base, SIZE_T size, ULONG type, ULONG protect)
{
    MMP_VAD *vad = MmpFindVad(base);

    if (type & ~(ULONG)(MEM_RESERVE | MEM_COMMIT) || !MmpValidProtection(protect, true))
        return STATUS_INVALID_PARAMETER;
    if (!vad || !vad->Placeholder || vad->Base != base || vad->Size != size)
        return STATUS_CONFLICTING_ADDRESSES;
    vad->Placeholder = false;
    vad->Replaced = true;
    vad->AllocationProtect = protect;
    return type & MEM_COMMIT ? MmpSetPages(vad, 0, size / MMP_PAGE, MMP_COMMITTED | (USHORT)protect)
                             : STATUS_SUCCESS;
}

/* Read and probe-write the two in/out parameters most memory services share. */
static NTSTATUS MmpReadInOut(PVOID *user_base, PSIZE_T user_size, ULONG_PTR *base, SIZE_T *size)
{
    if (KeReadUser(base, (ULONG_PTR *)user_base) || KeReadUser(size, user_size) ||
        KeWriteUser((ULONG_PTR *)user_base, *base) || KeWriteUser(user_size, *size))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, ULONG_PTR ZeroBits,
                                       PSIZE_T RegionSize, ULONG AllocationType, ULONG Protect)
{
    ULONG_PTR base = 0;
    SIZE_T size = 0;
    void *child;
    NTSTATUS status;

    if ((status = PsReferenceTargetProcess(ProcessHandle, PROCESS_VM_OPERATION, &child)))
        return status;
    if (AllocationType & MEM_RESERVE_PLACEHOLDER)
        status = STATUS_INVALID_PARAMETER; /* placeholders are NtAllocateVirtualMemoryEx's */
    else
        status = MmpReadInOut(BaseAddress, RegionSize, &base, &size);
    if (child) {
        ULONG64 results[PS_CHILD_RESULTS];
        status = MmpCallChild(child, status, MMP_CHILD_ALLOCATE,
                              (ULONG64[]){base, size, ZeroBits, AllocationType, Protect}, 5, -1, results);
        base = results[0];
        size = results[1];
    } else if (!status) {
        MmpAcquire();
        status = MmpAllocate(&base, &size, ZeroBits, NULL, AllocationType, Protect);
        MmpRelease();
    }
    if (!status && (KeWriteUser((ULONG_PTR *)BaseAddress, base) || KeWriteUser(RegionSize, size)))
        return STATUS_ACCESS_VIOLATION;
    return status;
}

/* The extended parameters a caller passed: the address requirements alone are known; the others (a NUMA node,
 * a partition, physical pages, attributes) answer STATUS_NOT_IMPLEMENTED. Requirements all zero ask nothing. */
static NTSTATUS MmpCaptureRequirements(const MEM_EXTENDED_PARAMETER *user, ULONG count, MMP_PLACE *place,
                                       bool *required)
{
    bool seen = false;

    *required = false;
    *place = (MMP_PLACE){MM_LOWEST_USER_ADDRESS, MMP_USER_TOP, MMP_GRANULARITY};
    if (count && !user)
        return STATUS_INVALID_PARAMETER;
    for (ULONG i = 0; i < count; i++) {
        MEM_EXTENDED_PARAMETER parameter;
        MEM_ADDRESS_REQUIREMENTS requirements;
        ULONG type;
        if (KeReadUser(&parameter, &user[i]))
            return STATUS_ACCESS_VIOLATION;
        type = (ULONG)(parameter.Type & 0xff);
        if (type == MemExtendedParameterInvalidType || type >= MemExtendedParameterMax)
            return STATUS_INVALID_PARAMETER;
        if (type != MemExtendedParameterAddressRequirements)
            return KeReportNotImplemented("NtAllocateVirtualMemoryEx: an extended parameter other than address "
                                          "requirements");
        if (seen)
            return STATUS_INVALID_PARAMETER;
        seen = true;
        if (KeReadUser(&requirements, (MEM_ADDRESS_REQUIREMENTS *)parameter.Pointer))
            return STATUS_ACCESS_VIOLATION;
        ULONG_PTR low = (ULONG_PTR)requirements.LowestStartingAddress;
        ULONG_PTR high = (ULONG_PTR)requirements.HighestEndingAddress;
        SIZE_T align = requirements.Alignment;
        /* The lowest start at the granularity, the highest end just before a page, an alignment a power of two
         * no finer than the granularity. */
        if ((low & (MMP_GRANULARITY - 1)) || (high && ((high + 1) & (MMP_PAGE - 1))) ||
            high > MM_HIGHEST_USER_ADDRESS || (align && (align & (align - 1) || align < MMP_GRANULARITY)))
            return STATUS_INVALID_PARAMETER;
        *required = low || high || align;
        if (low)
            place->Low = low;
        if (high)
            place->Limit = high + 1;
        if (align)
            place->Align = align;
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtAllocateVirtualMemoryEx(HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize,
                                         ULONG AllocationType, ULONG PageProtection,
                                         MEM_EXTENDED_PARAMETER *ExtendedParameters, ULONG ExtendedParameterCount)
{
    MMP_PLACE place;
    ULONG_PTR base;
    SIZE_T size;
    bool required;
    NTSTATUS status;

    if ((status = PsCheckProcessHandle(ProcessHandle)))
        return status;
    /* A placeholder is a reservation of no access, kept to be replaced by an allocation or a view; only one made
     * as one can be replaced, whole. */
    if ((AllocationType & MEM_RESERVE_PLACEHOLDER &&
         (AllocationType != (MEM_RESERVE | MEM_RESERVE_PLACEHOLDER) || PageProtection != PAGE_NOACCESS)) ||
        (AllocationType & MEM_REPLACE_PLACEHOLDER && !(AllocationType & MEM_RESERVE)))
        return STATUS_INVALID_PARAMETER;
    if ((status = MmpCaptureRequirements(ExtendedParameters, ExtendedParameterCount, &place, &required)))
        return status;
    if ((status = MmpReadInOut(BaseAddress, RegionSize, &base, &size)))
        return status;
    /* Requirements say where a new region goes: with an address of the caller's they have nothing to say. */
    if (required && base)
        return STATUS_INVALID_PARAMETER;
    MmpAcquire();
    if (AllocationType & MEM_REPLACE_PLACEHOLDER) {
        status = MmpReplacePlaceholder(base, size, AllocationType & ~(ULONG)MEM_REPLACE_PLACEHOLDER, PageProtection);
    } else {
        status = MmpAllocate(&base, &size, 0, required ? &place : NULL, AllocationType & ~(ULONG)MEM_RESERVE_PLACEHOLDER,
                             PageProtection);
        if (!status && AllocationType & MEM_RESERVE_PLACEHOLDER)
            MmpFindVad(base)->Placeholder = true;
    }
    MmpRelease();
    if (!status && (KeWriteUser((ULONG_PTR *)BaseAddress, base) || KeWriteUser(RegionSize, size)))
        return STATUS_ACCESS_VIOLATION;
    return status;
}

/* Prefetching is a hint: Linux is told the ranges will be wanted (MADV_WILLNEED), and a range that holds nothing
 * is no error. Its information is a ULONG of flags, which must be 0. */
NTSTATUS NTAPI NtSetInformationVirtualMemory(HANDLE ProcessHandle, VIRTUAL_MEMORY_INFORMATION_CLASS VmInformationClass,
                                             ULONG_PTR NumberOfEntries, PMEMORY_RANGE_ENTRY VirtualAddresses,
                                             PVOID VmInformation, ULONG VmInformationLength)
{
    ULONG flags;
    NTSTATUS status;

    if ((ULONG)VmInformationClass >= MaxVmInfoClass)
        return STATUS_INVALID_PARAMETER_2;
    if (VmInformationClass != VmPrefetchInformation)
        return KeReportNotImplemented("NtSetInformationVirtualMemory: this information class");
    if (!VmInformation)
        return STATUS_INVALID_PARAMETER_5;
    if (VmInformationLength != sizeof(flags))
        return STATUS_INVALID_PARAMETER_6;
    if (!NumberOfEntries)
        return STATUS_INVALID_PARAMETER_3;
    if (KeReadUser(&flags, (ULONG *)VmInformation))
        return STATUS_ACCESS_VIOLATION;
    if (flags)
        return STATUS_INVALID_PARAMETER_5;
    if ((status = PsCheckProcessHandle(ProcessHandle)))
        return status;
    for (ULONG_PTR i = 0; i < NumberOfEntries; i++) {
        MEMORY_RANGE_ENTRY entry;
        if (KeReadUser(&entry, &VirtualAddresses[i]))
            return STATUS_ACCESS_VIOLATION;
        if (!entry.NumberOfBytes)
            return STATUS_INVALID_PARAMETER_4;
        ULONG_PTR start = MmpAlignDown((ULONG_PTR)entry.VirtualAddress, MMP_PAGE);
        ULONG_PTR end = MmpAlignUp((ULONG_PTR)entry.VirtualAddress + entry.NumberOfBytes, MMP_PAGE);
        if (end > start && MmIsUserRange((void *)start, end - start))
            madvise((void *)start, end - start, MADV_WILLNEED);
    }
    return STATUS_SUCCESS;
}

/* The body of NtFreeVirtualMemory on values already read, for this process, the lock held. */
static NTSTATUS MmpFree(ULONG_PTR *addr_io, SIZE_T *size_io, ULONG type)
{
    ULONG_PTR addr = *addr_io, base = MmpAlignDown(addr, MMP_PAGE), end;
    SIZE_T size = *size_io;
    MMP_VAD *vad = MmpFindVad(base);
    NTSTATUS status = STATUS_SUCCESS;

    if (!base)
        return STATUS_INVALID_PARAMETER;
    if (vad && vad->Type == MEM_PRIVATE && !vad->Fixed && (type != MEM_DECOMMIT) &&
        (vad->Placeholder || type != MEM_RELEASE)) {
        end = size ? MmpAlignUp(addr + size, MMP_PAGE) : vad->Base + vad->Size;
        if ((status = MmpFreePlaceholder(base, end, type)) == STATUS_SUCCESS)
            size = end - base;
    } else if (!vad)
        status = STATUS_MEMORY_NOT_ALLOCATED;
    else if (vad->Fixed)
        status = STATUS_UNABLE_TO_FREE_VM;
    else if (vad->Type != MEM_PRIVATE)
        status = type == MEM_RELEASE ? STATUS_UNABLE_TO_DELETE_SECTION : STATUS_UNABLE_TO_DECOMMIT_VM;
    else if (!size && base != vad->Base)
        status = STATUS_FREE_VM_NOT_AT_BASE;
    else if (type == MEM_RELEASE) {
        /* A whole allocation only: from its base, with size 0 or its exact size. */
        if (base != vad->Base || (size && MmpAlignUp(addr + size, MMP_PAGE) - base != vad->Size))
            status = size ? STATUS_INVALID_PARAMETER : STATUS_FREE_VM_NOT_AT_BASE;
        else {
            base = vad->Base;
            size = vad->Size;
            munmap((void *)base, size);
            MmpRemoveVad(vad);
        }
    } else {
        end = size ? MmpAlignUp(addr + size, MMP_PAGE) : vad->Base + vad->Size;
        if (end < base || end > vad->Base + vad->Size)
            status = STATUS_UNABLE_TO_FREE_VM;
        else {
            /* Decommitted pages read back as zero when committed again. */
            status = MmpSetPages(vad, (base - vad->Base) / MMP_PAGE, (end - base) / MMP_PAGE, 0);
            if (!status)
                madvise((void *)base, end - base, MADV_DONTNEED);
            if (size)
                size = end - base;
        }
    }
    *addr_io = base;
    *size_io = size;
    return status;
}

NTSTATUS NTAPI NtFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize, ULONG FreeType)
{
    ULONG_PTR addr = 0;
    SIZE_T size = 0;
    void *child;
    NTSTATUS status;

    if ((status = PsReferenceTargetProcess(ProcessHandle, PROCESS_VM_OPERATION, &child)))
        return status;
    if (FreeType != MEM_RELEASE && FreeType != MEM_DECOMMIT &&
        FreeType != (MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER) && FreeType != (MEM_RELEASE | MEM_COALESCE_PLACEHOLDERS))
        status = STATUS_INVALID_PARAMETER_4;
    else
        status = MmpReadInOut(BaseAddress, RegionSize, &addr, &size);
    if (child) {
        ULONG64 results[PS_CHILD_RESULTS];
        status = MmpCallChild(child, status, MMP_CHILD_FREE, (ULONG64[]){addr, size, FreeType}, 3, -1, results);
        addr = results[0];
        size = results[1];
    } else if (!status) {
        MmpAcquire();
        status = MmpFree(&addr, &size, FreeType);
        MmpRelease();
    }
    if (!status && (KeWriteUser((ULONG_PTR *)BaseAddress, addr) || KeWriteUser(RegionSize, size)))
        return STATUS_ACCESS_VIOLATION;
    return status;
}

/* The body of NtProtectVirtualMemory. Image pages asked to be writable stay copy-on-write, as Windows shows. */
static NTSTATUS MmpProtect(ULONG_PTR *base_io, SIZE_T *size_io, ULONG protect, ULONG *old)
{
    ULONG_PTR base = MmpAlignDown(*base_io, MMP_PAGE);
    ULONG_PTR end = MmpAlignUp(*base_io + (*size_io ? *size_io : 1), MMP_PAGE);
    MMP_VAD *vad = MmpFindVad(base);
    size_t first, count;
    NTSTATUS status;

    if (end < base)
        return STATUS_INVALID_PARAMETER_3;
    if (!vad)
        return STATUS_MEMORY_NOT_ALLOCATED;
    if (vad->Fixed)
        return STATUS_INVALID_PAGE_PROTECTION;
    if (!MmpValidProtection(protect, vad->Type == MEM_PRIVATE))
        return STATUS_INVALID_PAGE_PROTECTION;
    if (end > vad->Base + vad->Size)
        return STATUS_CONFLICTING_ADDRESSES;
    first = (base - vad->Base) / MMP_PAGE;
    count = (end - base) / MMP_PAGE;
    for (size_t i = 0; i < count; i++)
        if (!(vad->Pages[first + i] & MMP_COMMITTED))
            return STATUS_NOT_COMMITTED;
    if (vad->Type == MEM_IMAGE) {
        if ((protect & 0xff) == PAGE_READWRITE)
            protect = (protect & ~0xffu) | PAGE_WRITECOPY;
        else if ((protect & 0xff) == PAGE_EXECUTE_READWRITE)
            protect = (protect & ~0xffu) | PAGE_EXECUTE_WRITECOPY;
    }
    *old = vad->Pages[first] & MMP_PROTECT_MASK;
    if ((status = MmpSetPages(vad, first, count, MMP_COMMITTED | (USHORT)protect)))
        return status;
    MmpNoteStackGuard(base, end, protect);
    *base_io = base;
    *size_io = end - base;
    return STATUS_SUCCESS;
}

NTSTATUS MmProtectVirtual(PVOID base, SIZE_T size, ULONG protect)
{
    ULONG_PTR addr = (ULONG_PTR)base;
    ULONG old;
    NTSTATUS status;

    MmpAcquire();
    status = MmpProtect(&addr, &size, protect, &old);
    MmpRelease();
    return status;
}

NTSTATUS NTAPI NtProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T NumberOfBytesToProtect,
                                      ULONG NewAccessProtection, PULONG OldAccessProtection)
{
    ULONG_PTR base = 0;
    SIZE_T size = 0;
    ULONG old = 0;
    void *child;
    NTSTATUS status;

    if ((status = PsReferenceTargetProcess(ProcessHandle, PROCESS_VM_OPERATION, &child)))
        return status;
    if (!(status = MmpReadInOut(BaseAddress, NumberOfBytesToProtect, &base, &size)) &&
        (KeReadUser(&old, OldAccessProtection) || KeWriteUser(OldAccessProtection, old)))
        status = STATUS_ACCESS_VIOLATION;
    if (child) {
        ULONG64 results[PS_CHILD_RESULTS];
        status = MmpCallChild(child, status, MMP_CHILD_PROTECT, (ULONG64[]){base, size, NewAccessProtection}, 3, -1,
                              results);
        base = results[0];
        size = results[1];
        old = (ULONG)results[2];
    } else if (!status) {
        MmpAcquire();
        status = MmpProtect(&base, &size, NewAccessProtection, &old);
        MmpRelease();
    }
    if (!status && (KeWriteUser((ULONG_PTR *)BaseAddress, base) || KeWriteUser(NumberOfBytesToProtect, size) ||
                    KeWriteUser(OldAccessProtection, old)))
        return STATUS_ACCESS_VIOLATION;
    return status;
}

/* The same with a child process, which Linux lets its parent reach (process_vm_readv/writev), a page of the
 * child's at a time, so that what can be reached is. The caller's side is checked whole first. */
static NTSTATUS MmpCopyChildMemory(int pid, const BYTE *from, BYTE *to, SIZE_T size, SIZE_T *done,
                                   bool remote_is_source)
{
    const BYTE *local = remote_is_source ? to : from;

    if (size && (remote_is_source ? KeProbeForWrite(to, size) : !MmIsUserRange(from, size)))
        return STATUS_ACCESS_VIOLATION;
    while (*done < size) {
        const BYTE *remote = (remote_is_source ? from : to) + *done;
        SIZE_T n = MMP_PAGE - ((ULONG_PTR)remote & (MMP_PAGE - 1));
        struct iovec mine = {(void *)(local + *done), n > size - *done ? size - *done : n};
        struct iovec theirs = {(void *)remote, mine.iov_len};
        ssize_t got = remote_is_source ? process_vm_readv(pid, &mine, 1, &theirs, 1, 0)
                                       : process_vm_writev(pid, &mine, 1, &theirs, 1, 0);
        if (got <= 0)
            return got < 0 && errno == EPERM ? STATUS_ACCESS_DENIED : STATUS_PARTIAL_COPY;
        *done += (SIZE_T)got;
    }
    return STATUS_SUCCESS;
}

/* NtReadVirtualMemory and NtWriteVirtualMemory, in this process or a child: as much of the
 * "remote" side as can be reached is copied (STATUS_PARTIAL_COPY when not all of it), through a bounce buffer
 * a page at a time; the caller's own side must take it all (STATUS_ACCESS_VIOLATION). The count is written
 * whatever happens, as Windows does. */
static NTSTATUS MmpCopyProcessMemory(HANDLE process, ACCESS_MASK access, const BYTE *from, BYTE *to, SIZE_T size,
                                     PSIZE_T user_done, bool remote_is_source)
{
    BYTE bounce[MMP_PAGE];
    SIZE_T done = 0;
    int pid;
    NTSTATUS status = PsProcessLinuxId(process, access, &pid);

    if (!status && pid)
        status = MmpCopyChildMemory(pid, from, to, size, &done, remote_is_source);
    while (!status && !pid && done < size) {
        const BYTE *src = from + done;
        SIZE_T n = MMP_PAGE - ((ULONG_PTR)(remote_is_source ? src : to + done) & (MMP_PAGE - 1));
        if (n > size - done)
            n = size - done;
        if (KeCopyFromUser(bounce, src, n))
            status = remote_is_source ? STATUS_PARTIAL_COPY : STATUS_ACCESS_VIOLATION;
        else if (KeCopyToUser(to + done, bounce, n))
            status = remote_is_source ? STATUS_ACCESS_VIOLATION : STATUS_PARTIAL_COPY;
        else
            done += n;
    }
    if (status == STATUS_ACCESS_VIOLATION)
        done = 0;
    if (user_done && KeWriteUser(user_done, done))
        return STATUS_ACCESS_VIOLATION;
    return status;
}

NTSTATUS NTAPI NtReadVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress, PVOID Buffer, SIZE_T BufferSize,
                                   PSIZE_T NumberOfBytesRead)
{
    return MmpCopyProcessMemory(ProcessHandle, PROCESS_VM_READ, BaseAddress, Buffer, BufferSize, NumberOfBytesRead,
                                true);
}

NTSTATUS NTAPI NtWriteVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress, PVOID Buffer, SIZE_T BufferSize,
                                    PSIZE_T NumberOfBytesWritten)
{
    return MmpCopyProcessMemory(ProcessHandle, PROCESS_VM_WRITE, Buffer, BaseAddress, BufferSize,
                                NumberOfBytesWritten, false);
}

/* MEMORY_BASIC_INFORMATION for addr: a run of pages of one state inside an allocation, or free space up to
 * the next allocation. The host's own range above the boundary reads as one reservation nobody may use. */
static void MmpDescribe(ULONG_PTR addr, MEMORY_BASIC_INFORMATION *mbi)
{
    ULONG_PTR page = MmpAlignDown(addr, MMP_PAGE);
    size_t next = MmpUpperBound(page);
    const MMP_VAD *vad = MmpFindVad(page);

    memset(mbi, 0, sizeof(*mbi));
    mbi->BaseAddress = (PVOID)page;
    if (vad) {
        size_t first = (page - vad->Base) / MMP_PAGE, n = vad->Size / MMP_PAGE, last = first;
        USHORT value = vad->Pages[first];
        while (last < n && vad->Pages[last] == value)
            last++;
        mbi->AllocationBase = (PVOID)vad->Base;
        mbi->AllocationProtect = vad->AllocationProtect;
        mbi->RegionSize = (last - first) * MMP_PAGE;
        mbi->State = value & MMP_COMMITTED ? MEM_COMMIT : MEM_RESERVE;
        mbi->Protect = value & MMP_COMMITTED ? (value & MMP_PROTECT_MASK) : 0;
        mbi->Type = vad->Type;
        return;
    }
    {
        ULONG_PTR limit = page < KE_HOST_BOUNDARY ? KE_HOST_BOUNDARY : MMP_USER_TOP;
        if (next < MmpVadCount && MmpVads[next].Base < limit)
            limit = MmpVads[next].Base;
        mbi->RegionSize = limit - page;
        if (page < KE_HOST_BOUNDARY) {
            mbi->State = MEM_FREE;
            mbi->Protect = PAGE_NOACCESS;
        } else {
            mbi->AllocationBase = (PVOID)KE_HOST_BOUNDARY;
            mbi->AllocationProtect = PAGE_NOACCESS;
            mbi->State = MEM_RESERVE;
            mbi->Type = MEM_PRIVATE;
        }
    }
}

/* The name of the file a view at addr is of, as a UNICODE_STRING followed by its text: STATUS_INVALID_ADDRESS
 * where no file is mapped; the size it needs comes back also when it does not fit. */
static NTSTATUS MmpQueryMappedName(ULONG_PTR addr, PVOID out, SIZE_T length, PSIZE_T return_length)
{
    const MMP_VAD *vad;
    char *name = NULL;
    UNICODE_STRING *section;
    SIZE_T units, size;
    NTSTATUS status = STATUS_SUCCESS;

    MmpAcquire();
    if ((vad = MmpFindVad(addr)) && vad->FileName)
        name = HostStrdup(vad->FileName);
    MmpRelease();
    if (!name)
        return STATUS_INVALID_ADDRESS;
    units = RtlpUtf8ToUtf16(name, strlen(name), NULL, 0);
    size = sizeof(UNICODE_STRING) + (units + 1) * sizeof(WCHAR);
    if (length < sizeof(UNICODE_STRING))
        status = STATUS_INFO_LENGTH_MISMATCH;
    else if (!out)
        status = STATUS_ACCESS_VIOLATION;
    else if (length < size)
        status = STATUS_BUFFER_OVERFLOW;
    if (!status) {
        section = HostAlloc(size);
        section->Length = (USHORT)(units * sizeof(WCHAR));
        section->MaximumLength = (USHORT)(section->Length + sizeof(WCHAR));
        section->Buffer = (PWSTR)((UNICODE_STRING *)out + 1);
        RtlpUtf8ToUtf16(name, strlen(name), (WCHAR *)(section + 1), units);
        ((WCHAR *)(section + 1))[units] = 0;
        if (KeCopyToUser(out, section, size))
            status = STATUS_ACCESS_VIOLATION;
        free(section);
    }
    free(name);
    /* The size it takes is told unless the buffer was missing. */
    if (status != STATUS_ACCESS_VIOLATION && return_length && KeWriteUser(return_length, size))
        status = STATUS_ACCESS_VIOLATION;
    return status;
}

/* The allocation holding addr: its base, first protection, size and committed bytes; a caller may leave out the
 * fields after the size. Free memory holds no allocation. */
static NTSTATUS MmpQueryRegion(ULONG_PTR addr, PVOID out, SIZE_T length, PSIZE_T return_length)
{
    MEMORY_REGION_INFORMATION info = {0};
    const MMP_VAD *vad;
    SIZE_T size;

    if (length < offsetof(MEMORY_REGION_INFORMATION, CommitSize))
        return STATUS_INFO_LENGTH_MISMATCH;
    MmpAcquire();
    if ((vad = MmpFindVad(addr))) {
        info.AllocationBase = (PVOID)vad->Base;
        info.AllocationProtect = vad->AllocationProtect;
        info.RegionSize = vad->Size;
        for (size_t i = 0; i < vad->Size / MMP_PAGE; i++)
            if (vad->Pages[i] & MMP_COMMITTED)
                info.CommitSize += MMP_PAGE;
    }
    MmpRelease();
    if (!vad)
        return STATUS_INVALID_ADDRESS;
    size = length < sizeof(info) ? length : sizeof(info);
    if (KeCopyToUser(out, &info, size) || (return_length && KeWriteUser(return_length, size)))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtQueryVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress, MEMORY_INFORMATION_CLASS MemoryInformationClass,
                                    PVOID MemoryInformation, SIZE_T MemoryInformationLength, PSIZE_T ReturnLength)
{
    MEMORY_BASIC_INFORMATION mbi;
    SIZE_T len = sizeof(mbi);
    ULONG64 results[PS_CHILD_RESULTS];
    void *child;
    NTSTATUS status;

    if ((status = PsReferenceTargetProcess(ProcessHandle, PROCESS_QUERY_INFORMATION, &child)))
        return status;
    switch (MemoryInformationClass) {
    case MemoryBasicInformation:
        break;
    case MemoryMappedFilenameInformation:
    case MemoryRegionInformation:
        if (child) {
            ObDereferenceObject(child);
            return KeReportNotImplemented("NtQueryVirtualMemory: this class of another process");
        }
        return MemoryInformationClass == MemoryRegionInformation
                   ? MmpQueryRegion((ULONG_PTR)BaseAddress, MemoryInformation, MemoryInformationLength, ReturnLength)
                   : MmpQueryMappedName((ULONG_PTR)BaseAddress, MemoryInformation, MemoryInformationLength,
                                        ReturnLength);
    case MemoryWorkingSetInformation:
        status = KeReportNotImplemented("NtQueryVirtualMemory: this information class");
        break;
    default:
        status = STATUS_INVALID_INFO_CLASS;
        break;
    }
    if (!status && MemoryInformationLength < sizeof(mbi))
        status = STATUS_INFO_LENGTH_MISMATCH;
    else if (!status && (ULONG_PTR)BaseAddress >= MMP_USER_TOP)
        status = STATUS_INVALID_PARAMETER;
    if (child) {
        status = MmpCallChild(child, status, MMP_CHILD_QUERY, (ULONG64[]){(ULONG_PTR)BaseAddress}, 1, -1, results);
        memcpy(&mbi, results, sizeof(mbi));
    } else if (!status) {
        MmpAcquire();
        MmpDescribe((ULONG_PTR)BaseAddress, &mbi);
        MmpRelease();
    }
    if (status)
        return status;
    if (KeCopyToUser(MemoryInformation, &mbi, sizeof(mbi)))
        return STATUS_ACCESS_VIOLATION;
    if (ReturnLength && KeWriteUser(ReturnLength, len))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

NTSTATUS MmpCallChild(void *child, NTSTATUS status, ULONG function, const ULONG64 *arguments, ULONG count, int fd,
                      ULONG64 *results)
{
    PS_CHILD_REQUEST request = {.Function = function};
    PS_CHILD_REPLY reply = {0};

    if (!status) {
        memcpy(request.Arguments, arguments, count * sizeof(ULONG64));
        status = PsCallChild(child, &request, fd, &reply);
    }
    ObDereferenceObject(child);
    memcpy(results, reply.Results, sizeof(reply.Results));
    return status;
}

_Static_assert(sizeof(MEMORY_BASIC_INFORMATION) <= sizeof(((PS_CHILD_REPLY *)0)->Results),
               "a region's description is a reply's results");

/* In a child: its creator's calls on its memory, served as its own services would serve them. */
void MmpServeMemoryRequest(const PS_CHILD_REQUEST *request, PS_CHILD_REPLY *reply)
{
    const ULONG64 *a = request->Arguments;
    ULONG_PTR base = a[0];
    SIZE_T size = a[1];
    ULONG old = 0;

    MmpAcquire();
    switch (request->Function) {
    case MMP_CHILD_ALLOCATE:
        reply->Status = MmpAllocate(&base, &size, a[2], NULL, (ULONG)a[3], (ULONG)a[4]);
        break;
    case MMP_CHILD_FREE:
        reply->Status = MmpFree(&base, &size, (ULONG)a[2]);
        break;
    case MMP_CHILD_PROTECT:
        reply->Status = MmpProtect(&base, &size, (ULONG)a[2], &old);
        break;
    case MMP_CHILD_QUERY:
        MmpDescribe(base, (MEMORY_BASIC_INFORMATION *)reply->Results);
        MmpRelease();
        return;
    }
    MmpRelease();
    reply->Results[0] = base;
    reply->Results[1] = size;
    reply->Results[2] = old;
}

NTSTATUS MmpRegisterView(ULONG_PTR base, SIZE_T size, ULONG type, ULONG protect, const ULONG *page_protections,
                         int fd)
{
    MMP_VAD *vad;
    NTSTATUS status = STATUS_SUCCESS;
    size_t n = size / MMP_PAGE;
    char *name = fd >= 0 ? IoDescriptorNtName(fd) : NULL;

    struct stat st;
    bool file = fd >= 0 && !fstat(fd, &st);

    MmpAcquire();
    vad = MmpInsertVad(base, size, type, protect);
    vad->FileName = name;
    if (file) {
        vad->Device = st.st_dev;
        vad->Inode = st.st_ino;
    }
    for (size_t i = 0; i < n && !status;) {
        size_t j = i;
        ULONG page = page_protections ? page_protections[i] : protect;
        while (j < n && (page_protections ? page_protections[j] : protect) == page)
            j++;
        status = MmpSetPages(vad, i, j - i, MMP_COMMITTED | (USHORT)page);
        i = j;
    }
    MmpRelease();
    return status;
}

bool MmpIsFileViewed(dev_t device, ino_t inode)
{
    bool viewed = false;

    MmpAcquire();
    for (size_t i = 0; i < MmpVadCount && !viewed; i++)
        viewed = MmpVads[i].FileName && MmpVads[i].Device == device && MmpVads[i].Inode == inode;
    MmpRelease();
    return viewed;
}

ULONG_PTR MmpReserveView(ULONG_PTR base, SIZE_T size, bool exact, ULONG_PTR limit, bool top_down)
{
    ULONG_PTR found = 0;

    size = MmpAlignUp(size, MMP_PAGE);
    MmpAcquire();
    if (base >= MM_LOWEST_USER_ADDRESS && base + size <= KE_HOST_BOUNDARY && base + size > base &&
        MmpRangeFree(base, size) && MmpReserveAt(base, size))
        found = base;
    else if (!exact)
        found = MmpReserveAnywhere(size, limit, top_down);
    MmpRelease();
    return found;
}

NTSTATUS MmpUnmapView(ULONG_PTR addr)
{
    MMP_VAD *vad;
    NTSTATUS status = STATUS_SUCCESS;

    MmpAcquire();
    vad = MmpFindVad(addr);
    if (!vad || vad->Fixed || (vad->Type != MEM_IMAGE && vad->Type != MEM_MAPPED))
        status = STATUS_NOT_MAPPED_VIEW;
    else {
        munmap((void *)vad->Base, vad->Size);
        MmpRemoveVad(vad);
    }
    MmpRelease();
    return status;
}
