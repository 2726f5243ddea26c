/* Heaps: the process heap, blocks of every size class and large ones, reallocation, Windows' answers to
 * bad blocks and handles, limits of a fixed-size heap, and many threads allocating at once. */
#include "lib/nttest.h"

static void Fill(BYTE *p, SIZE_T n, BYTE seed)
{
    for (SIZE_T i = 0; i < n; i++)
        p[i] = (BYTE)(seed + i * 7);
}

static BOOLEAN Holds(const BYTE *p, SIZE_T n, BYTE seed)
{
    for (SIZE_T i = 0; i < n; i++)
        if (p[i] != (BYTE)(seed + i * 7))
            return FALSE;
    return TRUE;
}

static BOOLEAN AllZero(const BYTE *p, SIZE_T n)
{
    for (SIZE_T i = 0; i < n; i++)
        if (p[i])
            return FALSE;
    return TRUE;
}

static MEMORY_BASIC_INFORMATION Query(PVOID p)
{
    MEMORY_BASIC_INFORMATION mbi = {0};
    NtQueryVirtualMemory(NtCurrentProcess(), p, MemoryBasicInformation, &mbi, sizeof(mbi), NULL);
    return mbi;
}

static void TestProcessHeap(void)
{
    PVOID heap = TestPeb()->ProcessHeap, heaps[64];
    ULONG n;
    BOOLEAN listed = FALSE;

    ok(heap != NULL, "the PEB has a process heap");
    n = RtlGetProcessHeaps(64, heaps);
    for (ULONG i = 0; i < n && i < 64; i++)
        listed |= heaps[i] == heap;
    ok(n >= 1 && listed && TestPeb()->NumberOfHeaps == n, "it is among the process's heaps: %u", n);
    ok(RtlGetProcessHeaps(0, heaps) == n, "the count, when the array is too small");
    ok(RtlDestroyHeap(heap) == heap, "the process heap cannot be destroyed");
}

static void TestBlocks(PVOID heap)
{
    static const SIZE_T sizes[] = {0, 1, 15, 16, 17, 100, 1000, 1024, 1025, 3000, 70000, 500000, 524288, 524289, 3000000};
    BYTE *blocks[sizeof(sizes) / sizeof(sizes[0])];
    BOOLEAN aligned = TRUE, sized = TRUE, kept = TRUE, distinct = TRUE;

    for (ULONG i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        blocks[i] = RtlAllocateHeap(heap, 0, sizes[i]);
        if (!blocks[i]) {
            ok(0, "%zu bytes allocated", sizes[i]);
            return;
        }
        aligned &= !((ULONG_PTR)blocks[i] & 15);
        sized &= RtlSizeHeap(heap, 0, blocks[i]) == sizes[i];
        Fill(blocks[i], sizes[i], (BYTE)i);
        for (ULONG j = 0; j < i; j++)
            distinct &= blocks[j] != blocks[i];
    }
    for (ULONG i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        kept &= Holds(blocks[i], sizes[i], (BYTE)i);
    ok(aligned, "blocks are 16-aligned");
    ok(sized, "RtlSizeHeap answers the size asked for");
    ok(distinct && kept, "blocks do not overlap: what was written in each is still there");
    ok(RtlValidateHeap(heap, 0, blocks[5]) && RtlValidateHeap(heap, 0, NULL), "the heap validates");

    /* A large block is a region of its own, gone when freed. */
    ok(Query(blocks[14]).State == MEM_COMMIT, "the large block is committed memory");
    ok(RtlFreeHeap(heap, 0, blocks[14]), "the large block freed");
    ok(Query(blocks[14]).State == MEM_FREE, "and returned to the system");
    for (ULONG i = 0; i < 14; i++)
        RtlFreeHeap(heap, 0, blocks[i]);

    /* A freed block is dirty when reused: HEAP_ZERO_MEMORY clears it all the same. */
    {
        BYTE *a = RtlAllocateHeap(heap, 0, 200), *b;
        Fill(a, 200, 9);
        RtlFreeHeap(heap, 0, a);
        b = RtlAllocateHeap(heap, HEAP_ZERO_MEMORY, 200);
        ok(b == a && AllZero(b, 200), "a reused block is zeroed on request");
        RtlFreeHeap(heap, 0, b);
    }
}

static void TestReallocation(PVOID heap)
{
    BYTE *p = RtlAllocateHeap(heap, 0, 40), *q;

    Fill(p, 40, 3);
    q = RtlReAllocateHeap(heap, 0, p, 44);
    ok(q == p && Holds(q, 40, 3) && RtlSizeHeap(heap, 0, q) == 44, "growing within the block stays in place");
    q = RtlReAllocateHeap(heap, HEAP_REALLOC_IN_PLACE_ONLY, p, 5000);
    ok(q == NULL && RtlSizeHeap(heap, 0, p) == 44 && Holds(p, 40, 3), "in place only: refused, block intact");
    q = RtlReAllocateHeap(heap, HEAP_ZERO_MEMORY, p, 5000);
    ok(q && q != p && Holds(q, 40, 3) && AllZero(q + 44, 5000 - 44), "moved: contents kept, the rest zeroed");
    ok(!RtlFreeHeap(heap, 0, p), "the old block is no longer allocated");
    p = RtlReAllocateHeap(heap, 0, q, 10);
    ok(p == q && Holds(p, 10, 3) && RtlSizeHeap(heap, 0, p) == 10, "shrinking stays in place");
    q = RtlReAllocateHeap(heap, 0, p, 2000000);
    ok(q && Holds(q, 10, 3) && RtlSizeHeap(heap, 0, q) == 2000000, "into a large block");
    p = RtlReAllocateHeap(heap, 0, q, 100);
    ok(p == q && Holds(p, 10, 3), "a large block shrinks in place");
    ok(RtlFreeHeap(heap, 0, p), "and is freed");
    ok(RtlReAllocateHeap(heap, 0, NULL, 10) == NULL, "no block: nothing allocated");
}

static void TestBadInput(PVOID heap)
{
    BYTE *p = RtlAllocateHeap(heap, 0, 64);
    PVOID other = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
    ULONG64 local[4] = {0};

    ok(RtlFreeHeap(heap, 0, NULL), "freeing NULL succeeds");
    NtCurrentTeb()->LastErrorValue = 0;
    ok(!RtlFreeHeap(heap, 0, p + 16), "a pointer inside a block is no block");
    ok(NtCurrentTeb()->LastErrorValue == ERROR_INVALID_PARAMETER &&
           NtCurrentTeb()->LastStatusValue == STATUS_INVALID_PARAMETER,
       "the last error says why: %u", NtCurrentTeb()->LastErrorValue);
    ok(!RtlFreeHeap(heap, 0, &local[2]), "nor is memory the heap never gave");
    ok(!RtlFreeHeap(other, 0, p), "nor a block of another heap");
    ok(RtlSizeHeap(heap, 0, p + 1) == ~(SIZE_T)0, "RtlSizeHeap of no block: ~0");
    ok(!RtlValidateHeap(heap, 0, p + 16), "nor does it validate");
    ok(RtlFreeHeap(heap, 0, p), "the block itself is freed");
    ok(!RtlFreeHeap(heap, 0, p), "but not twice");
    ok(RtlSizeHeap(heap, 0, p) == ~(SIZE_T)0, "a freed block has no size");
    ok(RtlAllocateHeap(heap, 0, ~(SIZE_T)0 - 8) == NULL, "an impossible size gets no block");
    ok(RtlAllocateHeap((PVOID)local, 0, 8) == NULL, "no heap, no block");
    ok(!RtlFreeHeap((PVOID)local, 0, p), "no heap, nothing freed");
    ok(RtlDestroyHeap((PVOID)local) == (PVOID)local, "what is no heap is not destroyed");
    ok(RtlCreateHeap(0, local, 0, 0, NULL, NULL) == NULL, "a heap in the caller's memory is not supported");
    ok(RtlDestroyHeap(other) == NULL, "another heap destroyed");
}

static void TestFixedHeap(void)
{
    PVOID fixed = RtlCreateHeap(0, NULL, 0x10000, 0, NULL, NULL), heaps[64];
    PVOID block, first;
    ULONG before = RtlGetProcessHeaps(64, heaps), count = 0;

    ok(fixed != NULL, "a heap of 64 KiB, not growable");
    ok(RtlAllocateHeap(fixed, 0, 200000) == NULL, "a block larger than it can hold is refused");
    first = block = RtlAllocateHeap(fixed, 0, 1000);
    while (block && count < 1000) {
        count++;
        block = RtlAllocateHeap(fixed, 0, 1000);
    }
    ok(first && !block && count > 50 && count < 66, "it fills up: %u blocks of 1000 bytes", count);
    ok(RtlFreeHeap(fixed, 0, first) && RtlAllocateHeap(fixed, 0, 1000) == first, "a freed block serves again");
    ok(RtlDestroyHeap(fixed) == NULL && RtlGetProcessHeaps(64, heaps) == before - 1, "destroyed and unlisted");
    ok(Query(fixed).State == MEM_FREE, "its memory went back to the system");
}

/* Threads allocating, growing and freeing blocks of mixed sizes in one heap, checking every block's contents
 * before letting it go. */
#define STRESS_THREADS 4
#define STRESS_SLOTS 256
#define STRESS_ROUNDS 20000
static PVOID StressHeap;
static volatile LONG StressErrors;

static ULONG NTAPI Stress(PVOID arg)
{
    BYTE *slot[STRESS_SLOTS] = {0};
    SIZE_T size[STRESS_SLOTS] = {0};
    ULONG64 rng = (ULONG64)arg * 0x9e3779b97f4a7c15ull + 1;
    BYTE seed = (BYTE)(ULONG_PTR)arg;

    for (int round = 0; round < STRESS_ROUNDS; round++) {
        ULONG i, pick;
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        i = (ULONG)(rng % STRESS_SLOTS);
        pick = (ULONG)(rng >> 32);
        if (slot[i] && !Holds(slot[i], size[i], seed + (BYTE)i))
            __atomic_add_fetch(&StressErrors, 1, __ATOMIC_RELAXED);
        if (slot[i] && pick % 3 == 0) {
            SIZE_T n = pick % 7 == 0 ? 600000 + pick % 1000 : pick % 5000;
            BYTE *p = RtlReAllocateHeap(StressHeap, 0, slot[i], n);
            if (!p) {
                __atomic_add_fetch(&StressErrors, 1, __ATOMIC_RELAXED);
                continue;
            }
            if (!Holds(p, n < size[i] ? n : size[i], seed + (BYTE)i))
                __atomic_add_fetch(&StressErrors, 1, __ATOMIC_RELAXED);
            slot[i] = p;
            size[i] = n;
            Fill(p, n, seed + (BYTE)i);
        } else if (slot[i]) {
            if (!RtlFreeHeap(StressHeap, 0, slot[i]))
                __atomic_add_fetch(&StressErrors, 1, __ATOMIC_RELAXED);
            slot[i] = NULL;
        } else {
            size[i] = pick % 2000;
            if (!(slot[i] = RtlAllocateHeap(StressHeap, 0, size[i]))) {
                __atomic_add_fetch(&StressErrors, 1, __ATOMIC_RELAXED);
                continue;
            }
            Fill(slot[i], size[i], seed + (BYTE)i);
        }
    }
    for (ULONG i = 0; i < STRESS_SLOTS; i++)
        if (slot[i] && (!Holds(slot[i], size[i], seed + (BYTE)i) || !RtlFreeHeap(StressHeap, 0, slot[i])))
            __atomic_add_fetch(&StressErrors, 1, __ATOMIC_RELAXED);
    return 0;
}

static void TestThreads(void)
{
    HANDLE threads[STRESS_THREADS];

    StressHeap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
    for (ULONG_PTR i = 0; i < STRESS_THREADS; i++)
        ok_status(NtCreateThreadEx(&threads[i], THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), Stress, (PVOID)(i + 1), 0,
                                   0, 0, 0, NULL),
                  STATUS_SUCCESS);
    ok_status(NtWaitForMultipleObjects(STRESS_THREADS, threads, WaitAll, FALSE, NULL), STATUS_SUCCESS);
    for (ULONG i = 0; i < STRESS_THREADS; i++)
        NtClose(threads[i]);
    ok(StressErrors == 0, "%d threads, %d rounds each: no block lost or damaged (%d errors)", STRESS_THREADS,
       STRESS_ROUNDS, StressErrors);
    ok(RtlValidateHeap(StressHeap, 0, NULL), "the heap still validates");
    ok(RtlLockHeap(StressHeap) && RtlUnlockHeap(StressHeap), "the heap's lock can be held and released");
    ok(RtlDestroyHeap(StressHeap) == NULL, "destroyed");
}

static void TestWalkAndInformation(void)
{
    PVOID heap = RtlCreateHeap(HEAP_GROWABLE, NULL, 0, 0, NULL, NULL);
    PVOID a = RtlAllocateHeap(heap, 0, 100), b = RtlAllocateHeap(heap, 0, 40), big = RtlAllocateHeap(heap, 0, 600000);
    RTL_HEAP_WALK_ENTRY entry = {0};
    PVOID value = (PVOID)1, moved;
    ULONG flags = 9, compatibility = 0;
    SIZE_T length = 0;
    int busy = 0, free = 0, seen_a = 0, seen_big = 0;

    RtlFreeHeap(heap, 0, b);
    while (!RtlWalkHeap(heap, &entry)) {
        if (entry.Flags & RTL_HEAP_BUSY)
            busy++;
        else
            free++;
        seen_a |= entry.DataAddress == a && entry.DataSize == 100 && entry.OverheadBytes == 16;
        seen_big |= entry.DataAddress == big && entry.DataSize == 600000;
    }
    ok(busy == 2 && free == 1 && seen_a && seen_big, "the walk sees %d busy and %d free blocks", busy, free);
    ok(RtlCompactHeap(heap, 0) >= 48, "room for at least the freed block");

    ok(RtlGetUserInfoHeap(heap, 0, a, &value, &flags) && !value && !flags, "no user value yet");
    ok(RtlSetUserValueHeap(heap, 0, a, (PVOID)0x1234), "a user value set");
    ok(RtlGetUserInfoHeap(heap, 0, a, &value, NULL) && value == (PVOID)0x1234, "and read");
    moved = RtlReAllocateHeap(heap, 0, a, 5000);
    ok(moved && moved != a && RtlGetUserInfoHeap(heap, 0, moved, &value, NULL) && value == (PVOID)0x1234,
       "it moves with the block");
    ok(!RtlSetUserValueHeap(heap, 0, b, (PVOID)1) && !RtlGetUserInfoHeap(heap, 0, b, &value, NULL),
       "not for a freed block");
    ok(RtlFreeHeap(heap, 0, moved) && !RtlGetUserInfoHeap(heap, 0, moved, &value, NULL), "gone with its block");

    ok_status(RtlQueryHeapInformation(heap, HeapCompatibilityInformation, &compatibility, sizeof(compatibility),
                                      &length), STATUS_SUCCESS);
    ok(compatibility == 2 && length == 4, "the low-fragmentation heap");
    ok_status(RtlQueryHeapInformation(heap, HeapCompatibilityInformation, &compatibility, 2, &length),
              STATUS_BUFFER_TOO_SMALL);
    compatibility = 2;
    ok_status(RtlSetHeapInformation(heap, HeapCompatibilityInformation, &compatibility, 4), STATUS_SUCCESS);
    compatibility = 0;
    ok_status(RtlSetHeapInformation(heap, HeapCompatibilityInformation, &compatibility, 4), STATUS_UNSUCCESSFUL);
    ok_status(RtlQueryHeapInformation(heap, 7, &compatibility, 4, NULL), STATUS_INVALID_INFO_CLASS);
    RtlDestroyHeap(heap);
}

void RunTests(void)
{
    TestProcessHeap();
    TestBlocks(TestPeb()->ProcessHeap);
    TestReallocation(TestPeb()->ProcessHeap);
    TestBadInput(TestPeb()->ProcessHeap);
    TestFixedHeap();
    TestThreads();
    TestWalkAndInformation();
}
