/* NtAllocateVirtualMemory, NtFreeVirtualMemory, NtProtectVirtualMemory, NtQueryVirtualMemory: Windows' rules. */
#include "lib/nttest.h"

#define AT_ROUND_TO_PAGE 0x40000000

static NTSTATUS Alloc(PVOID *base, SIZE_T *size, ULONG_PTR zero_bits, ULONG type, ULONG protect)
{
    return NtAllocateVirtualMemory(NtCurrentProcess(), base, zero_bits, size, type, protect);
}

static NTSTATUS Free(PVOID *base, SIZE_T *size, ULONG type)
{
    return NtFreeVirtualMemory(NtCurrentProcess(), base, size, type);
}

static NTSTATUS Query(PVOID addr, MEMORY_BASIC_INFORMATION *mbi)
{
    return NtQueryVirtualMemory(NtCurrentProcess(), addr, MemoryBasicInformation, mbi, sizeof(*mbi), NULL);
}

static void TestAllocateRules(void)
{
    PVOID a = NULL, b;
    SIZE_T size = 0x1000;

    ok_status(Alloc(&a, &size, 0, MEM_RESERVE | MEM_COMMIT, PAGE_EXECUTE_READWRITE), STATUS_SUCCESS);
    ok(a && !((ULONG_PTR)a & 0xffff), "allocation %p is 64 KiB aligned", a);
    ok(size == 0x1000, "size %lx", (ULONG64)size);
    ((volatile char *)a)[0xfff] = 42;
    ok(((volatile char *)a)[0xfff] == 42, "committed memory is writable");

    /* The next page is inside the same 64 KiB unit. */
    b = (char *)a + 0x1000;
    size = 0x1000;
    ok_status(Alloc(&b, &size, 0, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE), STATUS_CONFLICTING_ADDRESSES);
    b = (char *)a + 0x1000;
    ok_status(Alloc(&b, &size, 12, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE), STATUS_CONFLICTING_ADDRESSES);

    for (ULONG_PTR zero_bits = 1; zero_bits <= 20; zero_bits++) {
        b = NULL;
        size = 0x1000;
        NTSTATUS status = Alloc(&b, &size, zero_bits, MEM_RESERVE | MEM_COMMIT | MEM_TOP_DOWN, PAGE_READWRITE);
        ok(status == STATUS_SUCCESS || status == STATUS_NO_MEMORY, "zero bits %d: %x", (int)zero_bits,
           (unsigned)status);
        if (!status) {
            ok(((ULONG_PTR)b >> (32 - zero_bits)) == 0, "zero bits %d gave %p", (int)zero_bits, b);
            size = 0;
            ok_status(Free(&b, &size, MEM_RELEASE), STATUS_SUCCESS);
        }
    }
    b = NULL;
    size = 0x1000;
    ok_status(Alloc(&b, &size, 21, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE), STATUS_NO_MEMORY);
    b = NULL;
    ok_status(Alloc(&b, &size, 22, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE), STATUS_INVALID_PARAMETER_3);
    /* A zero-bits value above 31 is a mask whose leading zeros the address keeps. */
    b = NULL;
    size = 0x1000;
    ok_status(Alloc(&b, &size, 0x1aaaaaaa, MEM_RESERVE | MEM_COMMIT | MEM_TOP_DOWN, PAGE_READWRITE), STATUS_SUCCESS);
    ok((ULONG_PTR)b < 0x20000000, "mask zero bits gave %p", b);
    size = 0;
    Free(&b, &size, MEM_RELEASE);

    b = (char *)a + 0x1000;
    size = 0x1000;
    ok_status(Alloc(&b, &size, 0, MEM_RESERVE | MEM_COMMIT | AT_ROUND_TO_PAGE, PAGE_READWRITE),
              STATUS_INVALID_PARAMETER_5);
    b = NULL;
    ok_status(Alloc(&b, &size, 0, 0, PAGE_READWRITE), STATUS_INVALID_PARAMETER_5);
    b = NULL;
    size = 0;
    ok_status(Alloc(&b, &size, 0, MEM_COMMIT, PAGE_READWRITE), STATUS_INVALID_PARAMETER_4);
    size = 0x1000;
    ok_status(Alloc(&b, &size, 0, MEM_COMMIT, PAGE_READONLY | PAGE_READWRITE), STATUS_INVALID_PAGE_PROTECTION);
    ok_status(Alloc(&b, &size, 0, MEM_COMMIT, PAGE_WRITECOPY), STATUS_INVALID_PAGE_PROTECTION);
    ok_status(Alloc(&b, &size, 0, MEM_COMMIT, PAGE_NOACCESS | PAGE_GUARD), STATUS_INVALID_PAGE_PROTECTION);
    ok_status(Alloc(&b, &size, 0, MEM_COMMIT, 0), STATUS_INVALID_PAGE_PROTECTION);
    ok_status(Alloc(&b, &size, 0, MEM_COMMIT | MEM_LARGE_PAGES, PAGE_READWRITE), STATUS_PRIVILEGE_NOT_HELD);
    ok(b == NULL, "nothing allocated on failure");

    size = 0;
    ok_status(Free(&a, &size, MEM_RELEASE), STATUS_SUCCESS);
}

static void TestFreeRules(void)
{
    PVOID a = NULL, b;
    SIZE_T size = 0x10000;
    MEMORY_BASIC_INFORMATION mbi;

    ok_status(Alloc(&a, &size, 0, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE), STATUS_SUCCESS);
    ((volatile char *)a)[0x1000] = 7;

    size = 2;
    b = (char *)a + 0x1fff;
    ok_status(Free(&b, &size, MEM_DECOMMIT), STATUS_SUCCESS);
    ok(size == 0x2000, "decommit size %lx", (ULONG64)size);
    ok(b == (char *)a + 0x1000, "decommit base %p", b);
    ok_status(Query((char *)a + 0x1000, &mbi), STATUS_SUCCESS);
    ok(mbi.State == MEM_RESERVE && mbi.RegionSize == 0x2000 && mbi.Protect == 0, "decommitted: state %x size %lx",
       (unsigned)mbi.State, (ULONG64)mbi.RegionSize);

    /* Committed again, the page reads as zero. */
    b = (char *)a + 0x1000;
    size = 0x1000;
    ok_status(Alloc(&b, &size, 0, MEM_COMMIT, PAGE_READWRITE), STATUS_SUCCESS);
    ok(((volatile char *)a)[0x1000] == 0, "a recommitted page is zero");

    size = 0;
    b = (char *)a + 0x1001;
    ok_status(Free(&b, &size, MEM_DECOMMIT), STATUS_FREE_VM_NOT_AT_BASE);
    ok(size == 0 && b == (char *)a + 0x1001, "outputs untouched on failure");
    size = 0;
    b = (char *)a + 0xffe;
    ok_status(Free(&b, &size, MEM_DECOMMIT), STATUS_SUCCESS);
    ok(size == 0 && b == a, "whole decommit: size %lx base %p", (ULONG64)size, b);

    size = 0;
    b = (char *)a + 0x1001;
    ok_status(Free(&b, &size, MEM_RELEASE), STATUS_FREE_VM_NOT_AT_BASE);
    ok_status(Free(&b, &size, 0), STATUS_INVALID_PARAMETER_4);
    ok_status(Free(&b, &size, MEM_RELEASE | MEM_DECOMMIT), STATUS_INVALID_PARAMETER_4);
    size = 0;
    b = (char *)a + 0xfff;
    ok_status(Free(&b, &size, MEM_RELEASE), STATUS_SUCCESS);
    ok(size == 0x10000 && b == a, "release: size %lx base %p", (ULONG64)size, b);

    ok_status(Query(a, &mbi), STATUS_SUCCESS);
    ok(mbi.State == MEM_FREE && mbi.Protect == PAGE_NOACCESS && !mbi.AllocationBase, "released: state %x",
       (unsigned)mbi.State);
    size = 0;
    b = a;
    ok_status(Free(&b, &size, MEM_RELEASE), STATUS_MEMORY_NOT_ALLOCATED);
    b = NULL;
    ok_status(Free(&b, &size, MEM_RELEASE), STATUS_INVALID_PARAMETER);
}

static void TestReserveCommitProtectQuery(void)
{
    PVOID a = NULL, b;
    SIZE_T size = 0x10000;
    ULONG old = 0;
    MEMORY_BASIC_INFORMATION mbi;

    ok_status(Alloc(&a, &size, 0, MEM_RESERVE, PAGE_NOACCESS), STATUS_SUCCESS);
    ok_status(Query(a, &mbi), STATUS_SUCCESS);
    ok(mbi.BaseAddress == a && mbi.AllocationBase == a && mbi.AllocationProtect == PAGE_NOACCESS &&
           mbi.RegionSize == 0x10000 && mbi.State == MEM_RESERVE && mbi.Protect == 0 && mbi.Type == MEM_PRIVATE,
       "reserved region: base %p size %lx state %x protect %x type %x", mbi.BaseAddress, (ULONG64)mbi.RegionSize,
       (unsigned)mbi.State, (unsigned)mbi.Protect, (unsigned)mbi.Type);

    b = a;
    size = 0xfffc;
    ok_status(NtProtectVirtualMemory(NtCurrentProcess(), &b, &size, PAGE_READONLY, &old), STATUS_NOT_COMMITTED);

    b = a;
    size = 0x1000;
    ok_status(Alloc(&b, &size, 0, MEM_COMMIT, PAGE_NOACCESS), STATUS_SUCCESS);
    ok_status(Query(a, &mbi), STATUS_SUCCESS);
    ok(mbi.RegionSize == 0x1000 && mbi.State == MEM_COMMIT && mbi.Protect == PAGE_NOACCESS,
       "one committed page: size %lx state %x protect %x", (ULONG64)mbi.RegionSize, (unsigned)mbi.State,
       (unsigned)mbi.Protect);
    ok_status(Query((char *)a + 0x1800, &mbi), STATUS_SUCCESS);
    ok(mbi.BaseAddress == (char *)a + 0x1000 && mbi.RegionSize == 0xf000 && mbi.State == MEM_RESERVE,
       "rest reserved: base %p size %lx", mbi.BaseAddress, (ULONG64)mbi.RegionSize);

    b = a;
    size = 0xfffc;
    ok_status(NtProtectVirtualMemory(NtCurrentProcess(), &b, &size, PAGE_READONLY, &old), STATUS_NOT_COMMITTED);
    b = a;
    size = 0x1000;
    ok_status(NtProtectVirtualMemory(NtCurrentProcess(), &b, &size, PAGE_READWRITE, &old), STATUS_SUCCESS);
    ok(old == PAGE_NOACCESS, "old protection %x", (unsigned)old);
    ((volatile char *)a)[10] = 1;
    b = (char *)a + 0x10;
    size = 1;
    ok_status(NtProtectVirtualMemory(NtCurrentProcess(), &b, &size, PAGE_READONLY, &old), STATUS_SUCCESS);
    ok(old == PAGE_READWRITE && b == a && size == 0x1000, "protect rounds to pages: old %x base %p size %lx",
       (unsigned)old, b, (ULONG64)size);
    ok_status(Query(a, &mbi), STATUS_SUCCESS);
    ok(mbi.Protect == PAGE_READONLY, "protection now %x", (unsigned)mbi.Protect);
    ok_status(NtProtectVirtualMemory(NtCurrentProcess(), &b, &size, PAGE_WRITECOPY, &old),
              STATUS_INVALID_PAGE_PROTECTION);
    ok_status(NtProtectVirtualMemory(NtCurrentProcess(), &b, &size, PAGE_READONLY, NULL), STATUS_ACCESS_VIOLATION);
    b = (PVOID)0x7ff00000;
    ok_status(NtProtectVirtualMemory(NtCurrentProcess(), &b, &size, PAGE_READONLY, &old), STATUS_MEMORY_NOT_ALLOCATED);

    size = 0;
    ok_status(Free(&a, &size, MEM_RELEASE), STATUS_SUCCESS);
}

static void TestExplicitAddresses(void)
{
    PVOID a = (PVOID)0x3000001234ull, high = (PVOID)0x20000000000ull;
    SIZE_T size = 0x2000;

    ok_status(Alloc(&a, &size, 0, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE), STATUS_SUCCESS);
    ok(a == (PVOID)0x3000000000ull && size == 0x4000, "explicit reserve rounds: %p %lx", a, (ULONG64)size);
    size = 0;
    Free(&a, &size, MEM_RELEASE);

    a = (PVOID)0x7ffe0000; /* KUSER_SHARED_DATA */
    size = 0x1000;
    ok_status(Alloc(&a, &size, 0, MEM_RESERVE, PAGE_READWRITE), STATUS_CONFLICTING_ADDRESSES);
    a = (PVOID)0x800000000000ull;
    ok_status(Alloc(&a, &size, 0, MEM_RESERVE, PAGE_READWRITE), STATUS_INVALID_PARAMETER_2);
    a = (PVOID)0x5000000000ull;
    ok_status(Alloc(&a, &size, 0, MEM_COMMIT, PAGE_READWRITE), STATUS_CONFLICTING_ADDRESSES);

    /* Above the host boundary a program may still have memory where it asks for it. */
    size = 0x10000;
    ok_status(Alloc(&high, &size, 0, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE), STATUS_SUCCESS);
    if (high == (PVOID)0x20000000000ull) {
        IO_STATUS_BLOCK iosb;
        ((char *)high)[0] = '\n';
        ok_status(NtWriteFile(TestPeb()->ProcessParameters->StandardOutput, NULL, NULL, NULL, &iosb, high, 1, NULL,
                              NULL),
                  STATUS_SUCCESS);
        size = 0;
        ok_status(Free(&high, &size, MEM_RELEASE), STATUS_SUCCESS);
    }
}

static void TestQueryRules(void)
{
    MEMORY_BASIC_INFORMATION mbi;
    SIZE_T ret = 0;
    PVOID image = TestPeb()->ImageBaseAddress;

    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), image, MemoryBasicInformation, &mbi, sizeof(mbi), &ret),
              STATUS_SUCCESS);
    ok(ret == sizeof(mbi), "return length %lu", (ULONG64)ret);
    ok(mbi.Type == MEM_IMAGE && mbi.AllocationBase == image && mbi.Protect == PAGE_READONLY &&
           mbi.AllocationProtect == PAGE_EXECUTE_WRITECOPY,
       "image headers: type %x protect %x", (unsigned)mbi.Type, (unsigned)mbi.Protect);
    ok_status(Query((PVOID)(ULONG_PTR)TestQueryRules, &mbi), STATUS_SUCCESS);
    ok(mbi.Type == MEM_IMAGE && mbi.Protect == PAGE_EXECUTE_READ, "code: protect %x", (unsigned)mbi.Protect);

    ok_status(Query((PVOID)0x7ffe0000, &mbi), STATUS_SUCCESS);
    ok(mbi.State == MEM_COMMIT && mbi.Protect == PAGE_READONLY && mbi.RegionSize == 0x1000,
       "KUSER_SHARED_DATA: state %x protect %x", (unsigned)mbi.State, (unsigned)mbi.Protect);
    ok_status(Query(NULL, &mbi), STATUS_SUCCESS);
    ok(mbi.State == MEM_FREE && mbi.BaseAddress == NULL, "page zero is free");

    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), image, MemoryBasicInformation, &mbi, sizeof(mbi) - 1, NULL),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), image, 99, &mbi, sizeof(mbi), NULL), STATUS_INVALID_INFO_CLASS);
    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), (PVOID)0x7fffffff0000ull, MemoryBasicInformation, &mbi,
                                   sizeof(mbi), NULL),
              STATUS_INVALID_PARAMETER);
    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), image, MemoryBasicInformation, NULL, sizeof(mbi), NULL),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), image, MemoryBasicInformation, (PVOID)0x7ffe0000,
                                   sizeof(mbi), NULL),
              STATUS_ACCESS_VIOLATION);
}

/* What a program passes must never crash the host: every bad pointer is STATUS_ACCESS_VIOLATION. */
static void TestBadPointersAndHandles(void)
{
    SIZE_T size = 0x1000;
    PVOID a = NULL;
    /* Where the host lives (its stack, heap and code are up here), never a Windows program's memory. */
    PVOID host = (PVOID)0x7ff000000000ull;

    ok_status(NtAllocateVirtualMemory(NtCurrentProcess(), (PVOID *)1, 0, &size, MEM_COMMIT, PAGE_READWRITE),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtAllocateVirtualMemory(NtCurrentProcess(), &a, 0, (PSIZE_T)0xffff800000000000ull, MEM_COMMIT,
                                      PAGE_READWRITE),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtAllocateVirtualMemory(NtCurrentProcess(), (PVOID *)host, 0, &size, MEM_COMMIT, PAGE_READWRITE),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtAllocateVirtualMemory(NtCurrentProcess(), &a, 0, (PSIZE_T)0x7ffe0000, MEM_COMMIT, PAGE_READWRITE),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtFreeVirtualMemory(NtCurrentProcess(), (PVOID *)host, &size, MEM_RELEASE), STATUS_ACCESS_VIOLATION);
    ok_status(NtAllocateVirtualMemory((HANDLE)0x1234, &a, 0, &size, MEM_COMMIT, PAGE_READWRITE),
              STATUS_INVALID_HANDLE);
    ok_status(NtFreeVirtualMemory((HANDLE)0x1234, &a, &size, MEM_RELEASE), STATUS_INVALID_HANDLE);
    /* A thread handle is not a process handle. */
    ok_status(NtQueryVirtualMemory(NtCurrentThread(), &a, MemoryBasicInformation, &a, 0, NULL),
              STATUS_OBJECT_TYPE_MISMATCH);
}

/* NtAllocateVirtualMemoryEx: as NtAllocateVirtualMemory without parameters; with address requirements, a new region
 * inside the range and at the alignment they ask, and their refusals. */
static NTSTATUS AllocEx(PVOID *base, SIZE_T *size, ULONG type, ULONG protect)
{
    return NtAllocateVirtualMemoryEx(NtCurrentProcess(), base, size, type, protect, NULL, 0);
}

/* Placeholders: reservations of no access that are split, replaced by allocations, made placeholders again and
 * joined. */
static void TestPlaceholders(void)
{
    MEMORY_BASIC_INFORMATION mbi;
    PVOID base = NULL, middle, at;
    SIZE_T size = 0x10000, part;

    ok_status(AllocEx(&base, &size, MEM_RESERVE | MEM_RESERVE_PLACEHOLDER, PAGE_READWRITE), STATUS_INVALID_PARAMETER);
    ok_status(AllocEx(&base, &size, MEM_RESERVE | MEM_COMMIT | MEM_RESERVE_PLACEHOLDER, PAGE_NOACCESS),
              STATUS_INVALID_PARAMETER);
    ok_status(Alloc(&base, &size, 0, MEM_RESERVE | MEM_RESERVE_PLACEHOLDER, PAGE_NOACCESS), STATUS_INVALID_PARAMETER);
    ok_status(AllocEx(&base, &size, MEM_RESERVE | MEM_RESERVE_PLACEHOLDER, PAGE_NOACCESS), STATUS_SUCCESS);
    at = base;
    part = 0x1000;
    ok_status(Alloc(&at, &part, 0, MEM_COMMIT, PAGE_READWRITE), STATUS_CONFLICTING_ADDRESSES);

    /* Split in three. */
    middle = (char *)base + 0x8000;
    part = 0x4000;
    ok_status(Free(&middle, &part, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER), STATUS_SUCCESS);
    ok(middle == (char *)base + 0x8000 && part == 0x4000, "split at %p, %lx", middle, (ULONG64)part);
    ok_status(Query(base, &mbi), STATUS_SUCCESS);
    ok(mbi.RegionSize == 0x8000 && mbi.AllocationBase == base && mbi.State == MEM_RESERVE, "the first part: %lx",
       (ULONG64)mbi.RegionSize);
    ok_status(Query((char *)base + 0xc000, &mbi), STATUS_SUCCESS);
    ok(mbi.RegionSize == 0x4000 && mbi.AllocationBase == (char *)base + 0xc000, "the last part: %lx",
       (ULONG64)mbi.RegionSize);

    /* The middle replaced by an allocation, exactly; then a placeholder again. */
    at = (char *)middle + 0x1000;
    ok_status(AllocEx(&at, &part, MEM_RESERVE | MEM_COMMIT | MEM_REPLACE_PLACEHOLDER, PAGE_READWRITE),
              STATUS_CONFLICTING_ADDRESSES);
    ok_status(AllocEx(&middle, &part, MEM_RESERVE | MEM_COMMIT | MEM_REPLACE_PLACEHOLDER, PAGE_READWRITE),
              STATUS_SUCCESS);
    ((volatile char *)middle)[0x3fff] = 1;
    ok_status(Query(middle, &mbi), STATUS_SUCCESS);
    ok(mbi.State == MEM_COMMIT && mbi.Protect == PAGE_READWRITE && mbi.RegionSize == 0x4000, "replaced: %lx",
       (ULONG64)mbi.State);
    part = 0;
    ok_status(Free(&middle, &part, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER), STATUS_SUCCESS);
    ok_status(Query(middle, &mbi), STATUS_SUCCESS);
    ok(mbi.State == MEM_RESERVE && mbi.RegionSize == 0x4000, "a placeholder again: %lx", (ULONG64)mbi.State);

    /* Joined whole, then released. */
    size = 0x10000;
    ok_status(Free(&base, &size, MEM_RELEASE | MEM_COALESCE_PLACEHOLDERS), STATUS_SUCCESS);
    ok_status(Query(base, &mbi), STATUS_SUCCESS);
    ok(mbi.RegionSize == 0x10000 && mbi.AllocationBase == base, "one again: %lx", (ULONG64)mbi.RegionSize);
    size = 0;
    ok_status(Free(&base, &size, MEM_RELEASE), STATUS_SUCCESS);
    ok_status(Query(base, &mbi), STATUS_SUCCESS);
    ok(mbi.State == MEM_FREE, "released");
}

static void TestAllocateEx(void)
{
    MEM_ADDRESS_REQUIREMENTS a = {0};
    MEM_EXTENDED_PARAMETER ext[2] = {{.Type = MemExtendedParameterAddressRequirements, .Pointer = &a}};
    PVOID base = NULL;
    SIZE_T size = 0x1000, zero = 0;

    ok_status(NtAllocateVirtualMemoryEx(NtCurrentProcess(), &base, &size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE,
                                        NULL, 0),
              STATUS_SUCCESS);
    *(volatile int *)base = 1;
    ok_status(NtFreeVirtualMemory(NtCurrentProcess(), &base, &zero, MEM_RELEASE), STATUS_SUCCESS);
    base = NULL;
    ok_status(NtAllocateVirtualMemoryEx(NtCurrentProcess(), &base, &size, MEM_RESERVE, PAGE_READWRITE, NULL, 1),
              STATUS_INVALID_PARAMETER);
    ok_status(NtAllocateVirtualMemoryEx(NULL, &base, &size, MEM_RESERVE, PAGE_READWRITE, NULL, 0),
              STATUS_INVALID_HANDLE);

    /* Below 512 MiB, at 256 KiB. */
    a.HighestEndingAddress = (PVOID)(0x20000000 - 1);
    a.Alignment = 0x40000;
    size = 0x30000;
    ok_status(NtAllocateVirtualMemoryEx(NtCurrentProcess(), &base, &size, MEM_RESERVE, PAGE_READWRITE, ext, 1),
              STATUS_SUCCESS);
    ok(base && !((ULONG_PTR)base & 0x3ffff) && (ULONG_PTR)base + size <= 0x20000000, "placed as asked: %p", base);
    /* An address of the caller's with requirements is refused. */
    ok_status(NtAllocateVirtualMemoryEx(NtCurrentProcess(), &base, &size, MEM_COMMIT, PAGE_READWRITE, ext, 1),
              STATUS_INVALID_PARAMETER);
    zero = 0;
    ok_status(NtFreeVirtualMemory(NtCurrentProcess(), &base, &zero, MEM_RELEASE), STATUS_SUCCESS);
    /* Above a start, which must be at the granularity. */
    a.HighestEndingAddress = NULL;
    a.Alignment = 0;
    a.LowestStartingAddress = (PVOID)0x30000000;
    base = NULL;
    ok_status(NtAllocateVirtualMemoryEx(NtCurrentProcess(), &base, &size, MEM_RESERVE, PAGE_READWRITE, ext, 1),
              STATUS_SUCCESS);
    ok((ULONG_PTR)base >= 0x30000000, "at or above the start: %p", base);
    zero = 0;
    NtFreeVirtualMemory(NtCurrentProcess(), &base, &zero, MEM_RELEASE);
    base = NULL;
    a.LowestStartingAddress = (PVOID)0x30001000;
    ok_status(NtAllocateVirtualMemoryEx(NtCurrentProcess(), &base, &size, MEM_RESERVE, PAGE_READWRITE, ext, 1),
              STATUS_INVALID_PARAMETER);
    a.LowestStartingAddress = NULL;
    a.HighestEndingAddress = (PVOID)0x20000800; /* not the end of a page */
    ok_status(NtAllocateVirtualMemoryEx(NtCurrentProcess(), &base, &size, MEM_RESERVE, PAGE_READWRITE, ext, 1),
              STATUS_INVALID_PARAMETER);
    a.HighestEndingAddress = NULL;
    a.Alignment = 0x30000; /* not a power of two */
    ok_status(NtAllocateVirtualMemoryEx(NtCurrentProcess(), &base, &size, MEM_RESERVE, PAGE_READWRITE, ext, 1),
              STATUS_INVALID_PARAMETER);
    a.Alignment = 0x8000; /* finer than the granularity */
    ok_status(NtAllocateVirtualMemoryEx(NtCurrentProcess(), &base, &size, MEM_RESERVE, PAGE_READWRITE, ext, 1),
              STATUS_INVALID_PARAMETER);
    /* No room: a range smaller than the alignment can hold. */
    a.Alignment = 0x20000000;
    a.HighestEndingAddress = (PVOID)(0x20001000 - 1);
    ok_status(NtAllocateVirtualMemoryEx(NtCurrentProcess(), &base, &size, MEM_RESERVE, PAGE_READWRITE, ext, 1),
              STATUS_NO_MEMORY);
    a.Alignment = 0;
    ext[1] = ext[0];
    ok_status(NtAllocateVirtualMemoryEx(NtCurrentProcess(), &base, &size, MEM_RESERVE, PAGE_READWRITE, ext, 2),
              STATUS_INVALID_PARAMETER);
    ext[1].Type = MemExtendedParameterMax;
    ok_status(NtAllocateVirtualMemoryEx(NtCurrentProcess(), &base, &size, MEM_RESERVE, PAGE_READWRITE, ext + 1, 1),
              STATUS_INVALID_PARAMETER);
    ext[1].Type = MemExtendedParameterNumaNode;
    ok_status(NtAllocateVirtualMemoryEx(NtCurrentProcess(), &base, &size, MEM_RESERVE, PAGE_READWRITE, ext + 1, 1),
              STATUS_NOT_IMPLEMENTED);
    ext[0].Pointer = (PVOID)0x10;
    ok_status(NtAllocateVirtualMemoryEx(NtCurrentProcess(), &base, &size, MEM_RESERVE, PAGE_READWRITE, ext, 1),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size, MEM_RESERVE | MEM_RESERVE_PLACEHOLDER,
                                      PAGE_NOACCESS),
              STATUS_INVALID_PARAMETER);
}

/* Prefetching: a hint about ranges, held or not, with its arguments checked in Windows' order. */
static void TestPrefetch(void)
{
    static char data[] = "some data to prefetch";
    MEMORY_RANGE_ENTRY entries[2] = {{data, sizeof(data)}, {NULL, 0x1000}};
    ULONG flags = 0;

    ok_status(NtSetInformationVirtualMemory(NtCurrentProcess(), (VIRTUAL_MEMORY_INFORMATION_CLASS)-1, 1, entries,
                                            &flags, sizeof(flags)),
              STATUS_INVALID_PARAMETER_2);
    ok_status(NtSetInformationVirtualMemory(NtCurrentProcess(), VmPrefetchInformation, 1, entries, NULL, 0),
              STATUS_INVALID_PARAMETER_5);
    ok_status(NtSetInformationVirtualMemory(NtCurrentProcess(), VmPrefetchInformation, 1, entries, &flags, 8),
              STATUS_INVALID_PARAMETER_6);
    ok_status(NtSetInformationVirtualMemory(NtCurrentProcess(), VmPrefetchInformation, 0, entries, &flags, 4),
              STATUS_INVALID_PARAMETER_3);
    ok_status(NtSetInformationVirtualMemory(NtCurrentProcess(), VmPrefetchInformation, 1, NULL, &flags, 4),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtSetInformationVirtualMemory(NtCurrentProcess(), VmPrefetchInformation, 2, entries, &flags, 4),
              STATUS_SUCCESS);
    entries[0].NumberOfBytes = 0;
    ok_status(NtSetInformationVirtualMemory(NtCurrentProcess(), VmPrefetchInformation, 1, entries, &flags, 4),
              STATUS_INVALID_PARAMETER_4);
    ok_status(NtSetInformationVirtualMemory((HANDLE)0x1234, VmPrefetchInformation, 1, entries + 1, &flags, 4),
              STATUS_INVALID_HANDLE);
    ok_status(NtSetInformationVirtualMemory(NtCurrentProcess(), VmPagePriorityInformation, 1, entries + 1, &flags, 4),
              STATUS_NOT_IMPLEMENTED);
}

/* MemoryRegionInformation: the whole allocation an address is in, with its committed part. */
static void TestRegionInformation(void)
{
    MEMORY_REGION_INFORMATION info;
    PVOID base = NULL, commit;
    SIZE_T size = 0x20000, len = 0, one = 0x1000;

    ok_status(NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size, MEM_RESERVE, PAGE_READWRITE), STATUS_SUCCESS);
    commit = (char *)base + 0x3000;
    ok_status(NtAllocateVirtualMemory(NtCurrentProcess(), &commit, 0, &one, MEM_COMMIT, PAGE_READONLY), STATUS_SUCCESS);
    memset(&info, 0x11, sizeof(info));
    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), (char *)base + 0x5000, MemoryRegionInformation, &info,
                                   sizeof(info), &len),
              STATUS_SUCCESS);
    ok(len == sizeof(info) && info.AllocationBase == base && info.AllocationProtect == PAGE_READWRITE &&
           info.RegionSize == 0x20000 && info.CommitSize == 0x1000 && !info.RegionType,
       "the allocation: %p %x %lx %lx", info.AllocationBase, info.AllocationProtect, (unsigned long)info.RegionSize,
       (unsigned long)info.CommitSize);
    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), base, MemoryRegionInformation, &info,
                                   offsetof(MEMORY_REGION_INFORMATION, CommitSize), &len),
              STATUS_SUCCESS);
    ok(len == offsetof(MEMORY_REGION_INFORMATION, CommitSize), "the short form: %lu", (unsigned long)len);
    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), base, MemoryRegionInformation, &info,
                                   offsetof(MEMORY_REGION_INFORMATION, RegionSize), &len),
              STATUS_INFO_LENGTH_MISMATCH);
    size = 0;
    NtFreeVirtualMemory(NtCurrentProcess(), &base, &size, MEM_RELEASE);
    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), base, MemoryRegionInformation, &info, sizeof(info), &len),
              STATUS_INVALID_ADDRESS);
}

static volatile EXCEPTION_RECORD GuardSeen;
static ULONG64 RaisedRsp;

static LONG NTAPI CatchGuard(EXCEPTION_POINTERS *p)
{
    if (p->ExceptionRecord->ExceptionCode == (DWORD)STATUS_GUARD_PAGE_VIOLATION) {
        memcpy((void *)&GuardSeen, p->ExceptionRecord, sizeof(GuardSeen));
        return EXCEPTION_CONTINUE_EXECUTION; /* the guard is gone: the access goes through when retried */
    }
    if (p->ExceptionRecord->ExceptionCode == 0xe0005354) {
        memcpy((void *)&GuardSeen, p->ExceptionRecord, sizeof(GuardSeen));
        p->ContextRecord->Rsp = RaisedRsp;
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    return EXCEPTION_CONTINUE_SEARCH;
}

/* A guard page is a one-shot alarm: the first touch raises STATUS_GUARD_PAGE_VIOLATION and lifts the guard. */
static void TestGuardPages(void)
{
    PVOID handler = RtlAddVectoredExceptionHandler(1, CatchGuard);
    MEMORY_BASIC_INFORMATION mbi;
    PVOID base = NULL;
    SIZE_T size = 0x2000;

    ok_status(Alloc(&base, &size, 0, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD), STATUS_SUCCESS);
    memset((void *)&GuardSeen, 0, sizeof(GuardSeen));
    ((volatile char *)base)[0x1010] = 5;
    ok(GuardSeen.ExceptionCode == (DWORD)STATUS_GUARD_PAGE_VIOLATION && GuardSeen.NumberParameters == 2 &&
           GuardSeen.ExceptionInformation[0] == 1 && GuardSeen.ExceptionInformation[1] == (ULONG_PTR)base + 0x1010,
       "a write to a guard page: %x, %lu parameters, %lx at %lx", (unsigned)GuardSeen.ExceptionCode,
       (unsigned long)GuardSeen.NumberParameters, (unsigned long)GuardSeen.ExceptionInformation[0],
       (unsigned long)GuardSeen.ExceptionInformation[1]);
    ok(((volatile char *)base)[0x1010] == 5, "the write went through when retried");
    ok_status(Query((char *)base + 0x1000, &mbi), STATUS_SUCCESS);
    ok(mbi.Protect == PAGE_READWRITE && mbi.RegionSize == 0x1000, "that page lost its guard: %x", mbi.Protect);
    ok_status(Query(base, &mbi), STATUS_SUCCESS);
    ok(mbi.Protect == (PAGE_READWRITE | PAGE_GUARD) && mbi.RegionSize == 0x1000, "the other keeps it: %x",
       mbi.Protect);
    memset((void *)&GuardSeen, 0, sizeof(GuardSeen));
    ok(((volatile char *)base)[0x20] == 0, "a read of the other page");
    ok(GuardSeen.ExceptionCode == (DWORD)STATUS_GUARD_PAGE_VIOLATION && GuardSeen.ExceptionInformation[0] == 0,
       "raises for a read");
    memset((void *)&GuardSeen, 0, sizeof(GuardSeen));
    ((volatile char *)base)[0x30] = 1;
    ok(!GuardSeen.ExceptionCode, "once only");
    size = 0;
    Free(&base, &size, MEM_RELEASE);
    RtlRemoveVectoredExceptionHandler(handler);
}

/* Uses 0x6000 bytes of stack, touched page by page from the top as the compiler's stack probe does. */
static __attribute__((noinline)) ULONG UseStack(void)
{
    volatile char buffer[0x6000];
    buffer[0] = 1;
    return buffer[0];
}

static ULONG NTAPI StackThread(PVOID arg)
{
    PTEB teb = NtCurrentTeb();
    char *base = teb->NtTib.StackBase, *limit = teb->NtTib.StackLimit, *bottom = teb->DeallocationStack;
    PVOID handler, at;
    MEMORY_BASIC_INFORMATION mbi;
    SIZE_T size;
    ULONG old;
    CONTEXT context;
    EXCEPTION_RECORD record;
    volatile int raised;

    /* Reserved as asked, the asked-for commit at the top, one guard page below it, the rest reserved only. */
    ok(base - bottom == 0x100000 && base - limit == 0x4000, "stack of %lx, %lx committed", (ULONG64)(base - bottom),
       (ULONG64)(base - limit));
    ok_status(Query(bottom, &mbi), STATUS_SUCCESS);
    ok(mbi.State == MEM_RESERVE && !mbi.Protect && mbi.AllocationProtect == PAGE_READWRITE &&
           mbi.RegionSize == 0x100000 - 0x5000,
       "reserved below: %lx %x %lx", (ULONG64)mbi.State, mbi.Protect, (ULONG64)mbi.RegionSize);
    ok_status(Query(limit - 0x1000, &mbi), STATUS_SUCCESS);
    ok(mbi.State == MEM_COMMIT && mbi.Protect == (PAGE_READWRITE | PAGE_GUARD) && mbi.RegionSize == 0x1000,
       "the guard page: %x %lx", mbi.Protect, (ULONG64)mbi.RegionSize);

    /* Touching the guard grows the stack: the limit follows, and the guard moves below it. */
    UseStack();
    limit = teb->NtTib.StackLimit;
    ok(base - limit >= 0x6000 && base - limit <= 0x8000, "grown to %lx", (ULONG64)(base - limit));
    ok_status(Query(limit, &mbi), STATUS_SUCCESS);
    ok(mbi.Protect == PAGE_READWRITE && mbi.RegionSize == (SIZE_T)(base - limit), "committed: %x %lx", mbi.Protect,
       (ULONG64)mbi.RegionSize);
    ok_status(Query(limit - 0x1000, &mbi), STATUS_SUCCESS);
    ok(mbi.Protect == (PAGE_READWRITE | PAGE_GUARD) && mbi.RegionSize == 0x1000, "the guard below: %x", mbi.Protect);

    /* A service writing into the guard page grows the stack as the program would; below it is reserved only. */
    ok_status(Query(bottom, (MEMORY_BASIC_INFORMATION *)(limit - 0x800)), STATUS_SUCCESS);
    ok((char *)teb->NtTib.StackLimit == limit - 0x1000, "grown by the service: %lx",
       (ULONG64)(base - (char *)teb->NtTib.StackLimit));
    limit = teb->NtTib.StackLimit;
    ok_status(Query(bottom, (MEMORY_BASIC_INFORMATION *)(limit - 0x2800)), STATUS_ACCESS_VIOLATION);
    ok((char *)teb->NtTib.StackLimit == limit, "no growth past the guard");

    /* The exception frame the kernel pushes grows the stack too. */
    handler = RtlAddVectoredExceptionHandler(1, CatchGuard);
    memset(&record, 0, sizeof(record));
    record.ExceptionCode = 0xe0005354;
    raised = 0;
    RtlCaptureContext(&context);
    if (!raised) {
        raised = 1;
        RaisedRsp = context.Rsp;
        context.Rsp = ((ULONG64)limit + 0x100) & ~(ULONG64)15;
        record.ExceptionAddress = (PVOID)context.Rip;
        NtRaiseException(&record, &context, TRUE);
    }
    ok(GuardSeen.ExceptionCode == 0xe0005354, "raised with the frame in the guard page");
    ok((char *)teb->NtTib.StackLimit == limit - 0x1000, "grown by the frame: %lx",
       (ULONG64)(base - (char *)teb->NtTib.StackLimit));
    RtlRemoveVectoredExceptionHandler(handler);

    /* A guard page set inside the committed stack moves the limit up above it; lifting it does not move it back. */
    limit = teb->NtTib.StackLimit;
    at = limit + 0x2000;
    size = 0x1000;
    ok_status(NtProtectVirtualMemory(NtCurrentProcess(), &at, &size, PAGE_READWRITE | PAGE_GUARD, &old),
              STATUS_SUCCESS);
    ok(old == PAGE_READWRITE && (char *)teb->NtTib.StackLimit == limit + 0x3000, "limit moved up by %lx",
       (ULONG64)((char *)teb->NtTib.StackLimit - limit));
    ok_status(NtProtectVirtualMemory(NtCurrentProcess(), &at, &size, PAGE_READWRITE, &old), STATUS_SUCCESS);
    ok(old == (PAGE_READWRITE | PAGE_GUARD) && (char *)teb->NtTib.StackLimit == limit + 0x3000, "and stays");
    return 0;
}

static void TestThreadStack(void)
{
    HANDLE thread;

    ok_status(NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), StackThread, NULL, 0, 0,
                               0x3f00, 0x100000, NULL),
              STATUS_SUCCESS);
    NtWaitForSingleObject(thread, FALSE, NULL);
    NtClose(thread);
    /* A commit as large as the reservation takes whole MiBs. */
    ok_status(NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), StackThread, NULL,
                               THREAD_CREATE_FLAGS_CREATE_SUSPENDED, 0, 0x180000, 0x10000, NULL),
              STATUS_SUCCESS);
    {
        THREAD_BASIC_INFORMATION info;
        ok_status(NtQueryInformationThread(thread, ThreadBasicInformation, &info, sizeof(info), NULL),
                  STATUS_SUCCESS);
        PTEB teb = info.TebBaseAddress;
        ok((char *)teb->NtTib.StackBase - (char *)teb->DeallocationStack == 0x200000 &&
               (char *)teb->NtTib.StackBase - (char *)teb->NtTib.StackLimit == 0x180000,
           "reserve %lx, commit %lx", (ULONG64)((char *)teb->NtTib.StackBase - (char *)teb->DeallocationStack),
           (ULONG64)((char *)teb->NtTib.StackBase - (char *)teb->NtTib.StackLimit));
    }
    NtTerminateThread(thread, 0);
    NtWaitForSingleObject(thread, FALSE, NULL);
    NtClose(thread);
    ok_status(NtCreateThreadEx(&thread, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), StackThread, NULL, 0, 0,
                               ~(SIZE_T)0, 0, NULL),
              STATUS_NO_MEMORY);
}

/* NtReadVirtualMemory and NtWriteVirtualMemory on the process itself: what can be reached of the other side, a
 * count whatever happens, the caller's own buffer whole or not at all. */
static void TestProcessMemory(void)
{
    static const char text[] = "test string";
    char buffer[16];
    SIZE_T done;
    PVOID base = NULL;
    SIZE_T size = 0x2000;

    ok_status(NtReadVirtualMemory(NtCurrentProcess(), (PVOID)text, buffer, 12, &done), STATUS_SUCCESS);
    ok(done == 12 && !memcmp(buffer, text, 12), "read %lu", (ULONG64)done);
    ok_status(NtReadVirtualMemory(NtCurrentProcess(), (PVOID)text, buffer, 12, NULL), STATUS_SUCCESS);
    done = 99;
    ok_status(NtReadVirtualMemory(NtCurrentProcess(), (PVOID)0x1234, buffer, 12, &done), STATUS_PARTIAL_COPY);
    ok(!done, "nothing read from nowhere: %lu", (ULONG64)done);
    done = 99;
    ok_status(NtReadVirtualMemory(NULL, (PVOID)text, buffer, 12, &done), STATUS_INVALID_HANDLE);
    ok(!done, "nothing read without a process");
    ok_status(NtReadVirtualMemory(NtCurrentProcess(), (PVOID)text, (PVOID)0x1234, 12, &done),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtReadVirtualMemory(NtCurrentProcess(), (PVOID)text, buffer, 12, (PSIZE_T)0x1234),
              STATUS_ACCESS_VIOLATION);

    /* Up to the end of what is committed. */
    ok_status(Alloc(&base, &size, 0, MEM_RESERVE, PAGE_READWRITE), STATUS_SUCCESS);
    size = 0x1000;
    ok_status(Alloc(&base, &size, 0, MEM_COMMIT, PAGE_READWRITE), STATUS_SUCCESS);
    memcpy((char *)base + 0xff8, "12345678", 8);
    ok_status(NtReadVirtualMemory(NtCurrentProcess(), (char *)base + 0xff8, buffer, 16, &done), STATUS_PARTIAL_COPY);
    ok(done == 8 && !memcmp(buffer, "12345678", 8), "read up to the reserved page: %lu", (ULONG64)done);
    ok_status(NtWriteVirtualMemory(NtCurrentProcess(), (char *)base + 0xff0, (PVOID)"abcdefghijklmnopq", 17, &done),
              STATUS_PARTIAL_COPY);
    ok(done == 16 && !memcmp((char *)base + 0xff0, "abcdefghijklmnop", 16), "written up to it: %lu",
       (ULONG64)done);
    ok_status(NtWriteVirtualMemory(NtCurrentProcess(), (PVOID)0x7ffe0000, (PVOID)text, 4, &done),
              STATUS_PARTIAL_COPY);
    ok(!done, "nothing written to a read-only page");
    size = 0;
    Free(&base, &size, MEM_RELEASE);
}

/* ProcessThreadStackAllocation: a reservation for a stack the caller makes itself. */
static void TestStackAllocation(void)
{
    PROCESS_STACK_ALLOCATION_INFORMATION info = {0x100000, 0, (PVOID)0xdeadbeef};
    PROCESS_STACK_ALLOCATION_INFORMATION_EX ex = {.AllocInfo = {0x40000, 0, NULL}};
    MEMORY_BASIC_INFORMATION mbi;
    SIZE_T size = 0;

    ok_status(NtSetInformationProcess(NtCurrentProcess(), ProcessThreadStackAllocation, &info, sizeof(info)),
              STATUS_SUCCESS);
    ok_status(Query(info.StackBase, &mbi), STATUS_SUCCESS);
    ok(mbi.AllocationBase == info.StackBase && mbi.RegionSize == 0x100000 && mbi.State == MEM_RESERVE &&
           !mbi.Protect && mbi.Type == MEM_PRIVATE,
       "reserved: %p %lx %lx", mbi.AllocationBase, (ULONG64)mbi.RegionSize, (ULONG64)mbi.State);
    Free(&info.StackBase, &size, MEM_RELEASE);
    ok_status(NtSetInformationProcess(NtCurrentProcess(), ProcessThreadStackAllocation, &ex, sizeof(ex)),
              STATUS_SUCCESS);
    ok(ex.AllocInfo.StackBase != NULL, "the Ex form's base");
    Free(&ex.AllocInfo.StackBase, &size, MEM_RELEASE);
    ex.PreferredNode = 999;
    ok_status(NtSetInformationProcess(NtCurrentProcess(), ProcessThreadStackAllocation, &ex, sizeof(ex)),
              STATUS_INVALID_PARAMETER);
    ok_status(NtSetInformationProcess(NtCurrentProcess(), ProcessThreadStackAllocation, &info, sizeof(info) - 1),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtSetInformationProcess(NtCurrentProcess(), ProcessThreadStackAllocation, (PVOID)0x10, sizeof(info)),
              STATUS_ACCESS_VIOLATION);
}

void RunTests(void)
{
    TestPlaceholders();
    TestProcessMemory();
    TestStackAllocation();
    TestGuardPages();
    TestThreadStack();
    TestRegionInformation();
    TestPrefetch();
    TestAllocateEx();
    TestAllocateRules();
    TestFreeRules();
    TestReserveCommitProtectQuery();
    TestExplicitAddresses();
    TestQueryRules();
    TestBadPointersAndHandles();
}
