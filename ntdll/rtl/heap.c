/* Heaps: RtlCreateHeap and the blocks allocated from them, the process heap among them. */
#include "rtl/rtlp.h"

/* Blocks come in size classes: 16-byte steps up to 1 KiB, then four steps per power of two up to
 * RTLP_LARGE_BLOCK; a freed block goes on its class's list for the next allocation of that class. Larger
 * blocks are regions of their own, returned to the system when freed. */
#define RTLP_SMALL_LIMIT 1024
#define RTLP_LARGE_BLOCK (512 * 1024)
#define RTLP_CLASSES 101
#define RTLP_CLASS_LARGE 0xffff
#define RTLP_CHUNK_SIZE (1024 * 1024)
#define RTLP_MAX_HEAPS 64
#define RTLP_HEAP_SIGNATURE 0x50414548u /* "HEAP" */
#define RTLP_BUSY 0xb5b5u
/* Sizes of the structures at the start of a chunk, rounded to keep what follows 16-aligned. */
#define RTLP_ALIGN16(n) (((n) + 15) & ~(SIZE_T)15)
#define RTLP_FREE 0xf1f1u

/* Before every block, 16 bytes so that blocks stay 16-aligned. */
typedef struct RTLP_BLOCK {
    SIZE_T Size;  /* what the caller asked for */
    USHORT Class; /* or RTLP_CLASS_LARGE */
    USHORT State; /* RTLP_BUSY or RTLP_FREE */
    ULONG Owner;  /* RtlpOwnerTag of the heap: a block of another heap, or no block, fails the check */
} RTLP_BLOCK;

/* A block of its own region: the region starts with this, the block's header ends it. */
typedef struct RTLP_LARGE {
    LIST_ENTRY Links;
    SIZE_T RegionSize;
    SIZE_T Padding;
    RTLP_BLOCK Block;
} RTLP_LARGE;

/* Memory blocks are carved from; the first chunk holds the heap itself. */
typedef struct RTLP_CHUNK {
    struct RTLP_CHUNK *Next;
    SIZE_T Size;
} RTLP_CHUNK;

/* A value a caller attached to a block (RtlSetUserValueHeap): few blocks have one, so they live aside. */
typedef struct {
    PVOID Block; /* the data address */
    PVOID Value;
} RTLP_USER_VALUE;

typedef struct RTLP_HEAP {
    ULONG Signature;
    ULONG Flags;
    volatile LONG Lock;
    ULONG Owner;
    SIZE_T Limit;     /* bytes the heap may take from the system; ~0 when growable */
    SIZE_T Committed; /* bytes it has taken */
    char *Cursor, *End; /* the unused rest of the newest chunk */
    RTLP_CHUNK *Chunks;
    LIST_ENTRY Large;
    RTLP_BLOCK *Free[RTLP_CLASSES]; /* each free block's first 8 bytes link to the next */
    RTLP_USER_VALUE *UserValues;
    ULONG UserValueCount, UserValueCapacity;
} RTLP_HEAP;

static PVOID RtlpProcessHeaps[RTLP_MAX_HEAPS];
static volatile LONG RtlpHeapListLock;
static BOOLEAN RtlpTerminateOnCorruption; /* HeapEnableTerminationOnCorruption */

/* The size class of n bytes (n <= RTLP_LARGE_BLOCK), and its size. */
static ULONG RtlpSizeClass(SIZE_T n, SIZE_T *size)
{
    ULONG bit, shift;
    SIZE_T steps;

    if (n <= RTLP_SMALL_LIMIT) {
        SIZE_T c = n ? (n + 15) / 16 : 1;
        *size = c * 16;
        return (ULONG)c;
    }
    bit = 63 - (ULONG)__builtin_clzll(n - 1);
    shift = bit - 2;
    steps = (n - 1) >> shift; /* 4..7 */
    *size = (steps + 1) << shift;
    return 65 + (bit - 10) * 4 + (ULONG)(steps - 4);
}

static SIZE_T RtlpClassSize(ULONG c)
{
    ULONG bit, step;
    if (c <= 64)
        return c * 16;
    bit = 10 + (c - 65) / 4;
    step = (c - 65) % 4;
    return (SIZE_T)(5 + step) << (bit - 2);
}

static PVOID RtlpNoMemory(RTLP_HEAP *heap, ULONG flags, SIZE_T size)
{
    if ((heap->Flags | flags) & HEAP_GENERATE_EXCEPTIONS) {
        EXCEPTION_RECORD record = {.ExceptionCode = (DWORD)STATUS_NO_MEMORY,
                                   .ExceptionFlags = EXCEPTION_NONCONTINUABLE,
                                   .ExceptionAddress = (PVOID)RtlAllocateHeap,
                                   .NumberParameters = 1,
                                   .ExceptionInformation = {size}};
        RtlRaiseException(&record);
    }
    return NULL;
}

static ULONG RtlpProtection(ULONG flags)
{
    return flags & HEAP_CREATE_ENABLE_EXECUTE ? PAGE_EXECUTE_READWRITE : PAGE_READWRITE;
}

/* Memory for the heap from the system, within its limit. */
static PVOID RtlpTakeRegion(RTLP_HEAP *heap, SIZE_T size)
{
    PVOID base = NULL;

    if (size > heap->Limit - heap->Committed ||
        NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size, MEM_RESERVE | MEM_COMMIT,
                                RtlpProtection(heap->Flags)))
        return NULL;
    heap->Committed += size;
    return base;
}

static void RtlpGiveRegion(RTLP_HEAP *heap, PVOID base, SIZE_T size)
{
    SIZE_T zero = 0;
    heap->Committed -= size;
    NtFreeVirtualMemory(NtCurrentProcess(), &base, &zero, MEM_RELEASE);
}

static RTLP_BLOCK *RtlpCarve(RTLP_HEAP *heap, SIZE_T size)
{
    SIZE_T need = sizeof(RTLP_BLOCK) + size;
    RTLP_BLOCK *block;

    if ((SIZE_T)(heap->End - heap->Cursor) < need) {
        RTLP_CHUNK *chunk = RtlpTakeRegion(heap, RTLP_CHUNK_SIZE);
        if (!chunk)
            return NULL;
        chunk->Next = heap->Chunks;
        chunk->Size = RTLP_CHUNK_SIZE;
        heap->Chunks = chunk;
        heap->Cursor = (char *)chunk + RTLP_ALIGN16(sizeof(*chunk));
        heap->End = (char *)chunk + RTLP_CHUNK_SIZE;
    }
    block = (RTLP_BLOCK *)heap->Cursor;
    heap->Cursor += need;
    return block;
}

static RTLP_BLOCK *RtlpAllocateLarge(RTLP_HEAP *heap, SIZE_T size)
{
    SIZE_T region = (sizeof(RTLP_LARGE) + size + MM_PAGE_SIZE - 1) & ~(SIZE_T)(MM_PAGE_SIZE - 1);
    RTLP_LARGE *large;

    if (region < size || !(large = RtlpTakeRegion(heap, region)))
        return NULL;
    large->RegionSize = region;
    large->Links.Flink = heap->Large.Flink;
    large->Links.Blink = &heap->Large;
    heap->Large.Flink->Blink = &large->Links;
    heap->Large.Flink = &large->Links;
    large->Block.Class = RTLP_CLASS_LARGE;
    return &large->Block;
}

static void RtlpFreeLarge(RTLP_HEAP *heap, RTLP_BLOCK *block)
{
    RTLP_LARGE *large = CONTAINING_RECORD(block, RTLP_LARGE, Block);
    large->Links.Blink->Flink = large->Links.Flink;
    large->Links.Flink->Blink = large->Links.Blink;
    RtlpGiveRegion(heap, large, large->RegionSize);
}

static BOOLEAN RtlpLock(RTLP_HEAP *heap, ULONG flags)
{
    if ((heap->Flags | flags) & HEAP_NO_SERIALIZE)
        return FALSE;
    RtlpAcquireLock(&heap->Lock);
    return TRUE;
}

static void RtlpUnlock(RTLP_HEAP *heap, BOOLEAN locked)
{
    if (locked)
        RtlpReleaseLock(&heap->Lock);
}

/* The heap a handle names, or NULL. */
static RTLP_HEAP *RtlpHeapOfHandle(PVOID handle)
{
    RTLP_HEAP *heap = handle;
    return heap && !((ULONG_PTR)heap & 15) && heap->Signature == RTLP_HEAP_SIGNATURE ? heap : NULL;
}

/* The busy block of this heap p is the start of, or NULL. */
static RTLP_BLOCK *RtlpBusyBlock(RTLP_HEAP *heap, const void *p)
{
    RTLP_BLOCK *block = (RTLP_BLOCK *)p - 1;
    if (!p || ((ULONG_PTR)p & 15) || block->State != RTLP_BUSY || block->Owner != heap->Owner ||
        (block->Class >= RTLP_CLASSES && block->Class != RTLP_CLASS_LARGE))
        return NULL;
    return block;
}

/* What a block can hold without moving. */
static SIZE_T RtlpCapacity(const RTLP_BLOCK *block)
{
    if (block->Class == RTLP_CLASS_LARGE) {
        const RTLP_LARGE *large = CONTAINING_RECORD(block, RTLP_LARGE, Block);
        return large->RegionSize - sizeof(RTLP_LARGE);
    }
    return RtlpClassSize(block->Class);
}

static BOOLEAN RtlpRegisterHeap(PVOID heap)
{
    PPEB peb = NtCurrentTeb()->ProcessEnvironmentBlock;
    BOOLEAN added = FALSE;

    RtlpAcquireLock(&RtlpHeapListLock);
    for (ULONG i = 0; i < RTLP_MAX_HEAPS && !added; i++) {
        if (!RtlpProcessHeaps[i]) {
            RtlpProcessHeaps[i] = heap;
            peb->NumberOfHeaps++;
            added = TRUE;
        }
    }
    peb->ProcessHeaps = RtlpProcessHeaps;
    peb->MaximumNumberOfHeaps = RTLP_MAX_HEAPS;
    RtlpReleaseLock(&RtlpHeapListLock);
    return added;
}

static void RtlpUnregisterHeap(PVOID heap)
{
    RtlpAcquireLock(&RtlpHeapListLock);
    for (ULONG i = 0; i < RTLP_MAX_HEAPS; i++) {
        if (RtlpProcessHeaps[i] == heap) {
            RtlpProcessHeaps[i] = NULL;
            NtCurrentTeb()->ProcessEnvironmentBlock->NumberOfHeaps--;
        }
    }
    RtlpReleaseLock(&RtlpHeapListLock);
}

/* The user value of a block moves to another (NULL: is dropped). Under the heap's lock. */
static void RtlpMoveUserValue(RTLP_HEAP *heap, PVOID from, PVOID to)
{
    for (ULONG i = 0; i < heap->UserValueCount; i++) {
        if (heap->UserValues[i].Block != from)
            continue;
        if (to)
            heap->UserValues[i].Block = to;
        else
            heap->UserValues[i] = heap->UserValues[--heap->UserValueCount];
        return;
    }
}

static void RtlpFreeUserValues(RTLP_HEAP *heap)
{
    PVOID base = heap->UserValues;
    SIZE_T zero = 0;

    if (base)
        NtFreeVirtualMemory(NtCurrentProcess(), &base, &zero, MEM_RELEASE);
    heap->UserValues = NULL;
}

/* A free of what is no block, once termination on corruption is asked for: the process ends. */
static void RtlpReportCorruption(PVOID address)
{
    EXCEPTION_RECORD record = {.ExceptionCode = (DWORD)STATUS_HEAP_CORRUPTION,
                               .ExceptionFlags = EXCEPTION_NONCONTINUABLE,
                               .NumberParameters = 1,
                               .ExceptionInformation = {(ULONG_PTR)address}};
    RtlRaiseException(&record);
}

PVOID NTAPI RtlCreateHeap(ULONG Flags, PVOID HeapBase, SIZE_T ReserveSize, SIZE_T CommitSize, PVOID Lock,
                          PRTL_HEAP_PARAMETERS Parameters)
{
    RTLP_HEAP *heap;
    RTLP_CHUNK *chunk;
    PVOID base = NULL;
    SIZE_T size = RTLP_CHUNK_SIZE;

    (void)CommitSize;
    (void)Parameters;
    if (HeapBase || Lock) {
        RtlpSetLastError(STATUS_NOT_IMPLEMENTED, ERROR_INVALID_PARAMETER);
        return NULL; /* heaps in the caller's memory, under the caller's lock: not supported */
    }
    if (!ReserveSize)
        Flags |= HEAP_GROWABLE;
    if (!(Flags & HEAP_GROWABLE) && ReserveSize < size)
        size = (ReserveSize + 0xffff) & ~(SIZE_T)0xffff;
    if (NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size, MEM_RESERVE | MEM_COMMIT, RtlpProtection(Flags)))
        return NULL;
    chunk = base;
    chunk->Size = size;
    heap = (RTLP_HEAP *)((char *)base + RTLP_ALIGN16(sizeof(*chunk)));
    heap->Signature = RTLP_HEAP_SIGNATURE;
    heap->Flags = Flags;
    heap->Owner = (ULONG)((ULONG_PTR)heap >> 4) ^ 0x9e3779b9u;
    heap->Limit = Flags & HEAP_GROWABLE ? ~(SIZE_T)0 : (ReserveSize + 0xffff) & ~(SIZE_T)0xffff;
    heap->Committed = size;
    heap->Chunks = chunk;
    heap->Cursor = (char *)heap + RTLP_ALIGN16(sizeof(*heap));
    heap->End = (char *)base + size;
    heap->Large.Flink = heap->Large.Blink = &heap->Large;
    if (!RtlpRegisterHeap(heap)) {
        size = 0;
        NtFreeVirtualMemory(NtCurrentProcess(), &base, &size, MEM_RELEASE);
        return NULL;
    }
    return heap;
}

/* NULL once destroyed; the heap itself when it cannot be (the process heap, or no heap). */
PVOID NTAPI RtlDestroyHeap(PVOID HeapHandle)
{
    RTLP_HEAP *heap = RtlpHeapOfHandle(HeapHandle);
    RTLP_CHUNK *chunk;

    if (!heap) {
        /* Under a debugger Windows says so and stops there; without one the call just fails. */
        if (HeapHandle && NtCurrentTeb()->ProcessEnvironmentBlock->BeingDebugged) {
            DbgPrint("HEAP: Invalid heap handle %p passed to RtlDestroyHeap\n", HeapHandle);
            DbgBreakPoint();
        }
        return HeapHandle;
    }
    if (HeapHandle == RtlpHeap())
        return HeapHandle;
    RtlpUnregisterHeap(heap);
    while (heap->Large.Flink != &heap->Large)
        RtlpFreeLarge(heap, &CONTAINING_RECORD(heap->Large.Flink, RTLP_LARGE, Links)->Block);
    RtlpFreeUserValues(heap);
    heap->Signature = 0;
    chunk = heap->Chunks;
    while (chunk) {
        RTLP_CHUNK *next = chunk->Next;
        PVOID base = chunk;
        SIZE_T zero = 0;
        NtFreeVirtualMemory(NtCurrentProcess(), &base, &zero, MEM_RELEASE);
        chunk = next;
    }
    return NULL;
}

PVOID NTAPI RtlAllocateHeap(PVOID HeapHandle, ULONG Flags, SIZE_T Size)
{
    RTLP_HEAP *heap = RtlpHeapOfHandle(HeapHandle);
    RTLP_BLOCK *block;
    SIZE_T size = Size;
    ULONG c = RTLP_CLASS_LARGE;
    BOOLEAN locked;

    if (!heap)
        return NULL;
    if (Size > ~(SIZE_T)0 >> 1)
        return RtlpNoMemory(heap, Flags, Size);
    if (Size <= RTLP_LARGE_BLOCK)
        c = RtlpSizeClass(Size, &size);
    locked = RtlpLock(heap, Flags);
    if (c == RTLP_CLASS_LARGE) {
        block = RtlpAllocateLarge(heap, Size);
    } else if ((block = heap->Free[c])) {
        heap->Free[c] = *(RTLP_BLOCK **)(block + 1);
    } else if ((block = RtlpCarve(heap, size))) {
        block->Class = (USHORT)c;
    }
    if (block) {
        block->Size = Size;
        block->State = RTLP_BUSY;
        block->Owner = heap->Owner;
    }
    RtlpUnlock(heap, locked);
    if (!block)
        return RtlpNoMemory(heap, Flags, Size);
    if ((Flags | heap->Flags) & HEAP_ZERO_MEMORY)
        memset(block + 1, 0, Size);
    return block + 1;
}

BOOLEAN NTAPI RtlFreeHeap(PVOID HeapHandle, ULONG Flags, PVOID BaseAddress)
{
    RTLP_HEAP *heap = RtlpHeapOfHandle(HeapHandle);
    RTLP_BLOCK *block;
    BOOLEAN locked;

    if (!BaseAddress)
        return TRUE;
    if (!heap) {
        RtlpSetLastError(STATUS_INVALID_HANDLE, ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    locked = RtlpLock(heap, Flags);
    if ((block = RtlpBusyBlock(heap, BaseAddress))) {
        RtlpMoveUserValue(heap, BaseAddress, NULL);
        block->State = RTLP_FREE;
        if (block->Class == RTLP_CLASS_LARGE) {
            RtlpFreeLarge(heap, block);
        } else {
            *(RTLP_BLOCK **)(block + 1) = heap->Free[block->Class];
            heap->Free[block->Class] = block;
        }
    }
    RtlpUnlock(heap, locked);
    if (!block) {
        if (RtlpTerminateOnCorruption)
            RtlpReportCorruption(BaseAddress);
        RtlpSetLastError(STATUS_INVALID_PARAMETER, ERROR_INVALID_PARAMETER);
    }
    return block != NULL;
}

/* A NULL block is not allocated (Windows does not). In place when the block's class holds the new size. */
PVOID NTAPI RtlReAllocateHeap(PVOID HeapHandle, ULONG Flags, PVOID Ptr, SIZE_T Size)
{
    RTLP_HEAP *heap = RtlpHeapOfHandle(HeapHandle);
    RTLP_BLOCK *block;
    SIZE_T old_size = 0;
    BOOLEAN locked, in_place = FALSE;
    PVOID moved;

    if (!heap || !Ptr)
        return NULL;
    if (Size > ~(SIZE_T)0 >> 1)
        return RtlpNoMemory(heap, Flags, Size);
    locked = RtlpLock(heap, Flags);
    if ((block = RtlpBusyBlock(heap, Ptr))) {
        old_size = block->Size;
        if (Size <= RtlpCapacity(block)) {
            block->Size = Size;
            in_place = TRUE;
        }
    }
    RtlpUnlock(heap, locked);
    if (!block) {
        RtlpSetLastError(STATUS_INVALID_PARAMETER, ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (in_place) {
        if (Size > old_size && ((Flags | heap->Flags) & HEAP_ZERO_MEMORY))
            memset((char *)Ptr + old_size, 0, Size - old_size);
        return Ptr;
    }
    if (Flags & HEAP_REALLOC_IN_PLACE_ONLY)
        return RtlpNoMemory(heap, Flags, Size);
    if (!(moved = RtlAllocateHeap(heap, Flags & ~HEAP_ZERO_MEMORY, Size)))
        return NULL;
    memcpy(moved, Ptr, old_size);
    if ((Flags | heap->Flags) & HEAP_ZERO_MEMORY)
        memset((char *)moved + old_size, 0, Size - old_size);
    locked = RtlpLock(heap, Flags);
    RtlpMoveUserValue(heap, Ptr, moved); /* the value goes with the block */
    RtlpUnlock(heap, locked);
    RtlFreeHeap(heap, Flags, Ptr);
    return moved;
}

/* The size asked for, or ~0 for what is not a block of this heap. */
SIZE_T NTAPI RtlSizeHeap(PVOID HeapHandle, ULONG Flags, const void *Ptr)
{
    RTLP_HEAP *heap = RtlpHeapOfHandle(HeapHandle);
    const RTLP_BLOCK *block;
    SIZE_T size = ~(SIZE_T)0;
    BOOLEAN locked;

    if (!heap)
        return size;
    locked = RtlpLock(heap, Flags);
    if ((block = RtlpBusyBlock(heap, Ptr)))
        size = block->Size;
    RtlpUnlock(heap, locked);
    if (!block)
        RtlpSetLastError(STATUS_INVALID_PARAMETER, ERROR_INVALID_PARAMETER);
    return size;
}

/* With a block: whether it is a busy block of the heap. Without: whether the heap's free lists hold up. */
BOOLEAN NTAPI RtlValidateHeap(PVOID HeapHandle, ULONG Flags, const void *Block)
{
    RTLP_HEAP *heap = RtlpHeapOfHandle(HeapHandle);
    BOOLEAN valid = TRUE, locked;

    if (!heap)
        return FALSE;
    locked = RtlpLock(heap, Flags);
    if (Block) {
        valid = RtlpBusyBlock(heap, Block) != NULL;
    } else {
        for (ULONG c = 1; c < RTLP_CLASSES && valid; c++)
            for (RTLP_BLOCK *b = heap->Free[c]; b && valid; b = *(RTLP_BLOCK **)(b + 1))
                valid = b->State == RTLP_FREE && b->Class == c && b->Owner == heap->Owner;
    }
    RtlpUnlock(heap, locked);
    return valid;
}

BOOLEAN NTAPI RtlLockHeap(PVOID HeapHandle)
{
    RTLP_HEAP *heap = RtlpHeapOfHandle(HeapHandle);
    if (!heap)
        return FALSE;
    RtlpAcquireLock(&heap->Lock);
    return TRUE;
}

BOOLEAN NTAPI RtlUnlockHeap(PVOID HeapHandle)
{
    RTLP_HEAP *heap = RtlpHeapOfHandle(HeapHandle);
    if (!heap)
        return FALSE;
    RtlpReleaseLock(&heap->Lock);
    return TRUE;
}

/* How many heaps the process has; their handles, when that many fit. */
ULONG NTAPI RtlGetProcessHeaps(ULONG NumberOfHeaps, PVOID *ProcessHeaps)
{
    ULONG total = 0;

    RtlpAcquireLock(&RtlpHeapListLock);
    for (ULONG i = 0; i < RTLP_MAX_HEAPS; i++)
        if (RtlpProcessHeaps[i])
            total++;
    if (total <= NumberOfHeaps)
        for (ULONG i = 0, n = 0; i < RTLP_MAX_HEAPS; i++)
            if (RtlpProcessHeaps[i])
                ProcessHeaps[n++] = RtlpProcessHeaps[i];
    RtlpReleaseLock(&RtlpHeapListLock);
    return total;
}

/* ---- Walking, user values, information ---- */

static RTLP_CHUNK *RtlpFirstChunk(RTLP_HEAP *heap)
{
    return (RTLP_CHUNK *)((char *)heap - RTLP_ALIGN16(sizeof(RTLP_CHUNK)));
}

/* The first block of a chunk, where carving began. */
static RTLP_BLOCK *RtlpChunkStart(RTLP_HEAP *heap, RTLP_CHUNK *chunk)
{
    if (chunk == RtlpFirstChunk(heap))
        return (RTLP_BLOCK *)((char *)heap + RTLP_ALIGN16(sizeof(*heap)));
    return (RTLP_BLOCK *)((char *)chunk + RTLP_ALIGN16(sizeof(*chunk)));
}

/* Whether a carved block lies at b: in the newest chunk before the cursor, in older ones until the zeroed
 * rest where carving stopped. */
static BOOLEAN RtlpCarvedAt(RTLP_HEAP *heap, RTLP_CHUNK *chunk, const RTLP_BLOCK *b)
{
    const char *end = chunk == heap->Chunks ? heap->Cursor : (const char *)chunk + chunk->Size;
    return (const char *)(b + 1) <= end && (b->State == RTLP_BUSY || b->State == RTLP_FREE) && b->Class &&
           b->Class < RTLP_CLASSES;
}

static void RtlpDescribeBlock(RTLP_BLOCK *b, RTL_HEAP_WALK_ENTRY *entry)
{
    memset(entry, 0, sizeof(*entry));
    entry->DataAddress = b + 1;
    entry->DataSize = b->State == RTLP_BUSY ? b->Size : RtlpCapacity(b);
    entry->OverheadBytes = sizeof(RTLP_BLOCK);
    entry->Flags = b->State == RTLP_BUSY ? RTL_HEAP_BUSY : 0;
}

/* The block after entry->DataAddress (NULL: the first): carved blocks chunk by chunk, then large ones. */
NTSTATUS NTAPI RtlWalkHeap(PVOID HeapHandle, PRTL_HEAP_WALK_ENTRY Entry)
{
    RTLP_HEAP *heap = RtlpHeapOfHandle(HeapHandle);
    BOOLEAN take = !Entry->DataAddress, locked;
    NTSTATUS status = STATUS_NO_MORE_ENTRIES;

    if (!heap)
        return STATUS_INVALID_PARAMETER;
    locked = RtlpLock(heap, 0);
    for (RTLP_CHUNK *chunk = heap->Chunks; chunk && status; chunk = chunk->Next) {
        for (RTLP_BLOCK *b = RtlpChunkStart(heap, chunk); RtlpCarvedAt(heap, chunk, b);
             b = (RTLP_BLOCK *)((char *)(b + 1) + RtlpClassSize(b->Class))) {
            if (take) {
                RtlpDescribeBlock(b, Entry);
                status = STATUS_SUCCESS;
                break;
            }
            take = Entry->DataAddress == b + 1;
        }
    }
    for (LIST_ENTRY *l = heap->Large.Flink; l != &heap->Large && status; l = l->Flink) {
        RTLP_BLOCK *b = &CONTAINING_RECORD(l, RTLP_LARGE, Links)->Block;
        if (take) {
            RtlpDescribeBlock(b, Entry);
            status = STATUS_SUCCESS;
        }
        take = Entry->DataAddress == b + 1;
    }
    RtlpUnlock(heap, locked);
    return status;
}

/* The heap's creation flags and what it has taken from the system, for RtlQueryProcessDebugInformation. */
BOOLEAN RtlpHeapSummary(PVOID HeapHandle, PULONG Flags, PSIZE_T Committed)
{
    RTLP_HEAP *heap = RtlpHeapOfHandle(HeapHandle);
    BOOLEAN locked;

    if (!heap)
        return FALSE;
    locked = RtlpLock(heap, 0);
    *Flags = heap->Flags;
    *Committed = heap->Committed;
    RtlpUnlock(heap, locked);
    return TRUE;
}

/* The largest block the heap can hand out without asking the system for memory. */
SIZE_T NTAPI RtlCompactHeap(PVOID HeapHandle, ULONG Flags)
{
    RTLP_HEAP *heap = RtlpHeapOfHandle(HeapHandle);
    SIZE_T largest = 0;
    BOOLEAN locked;

    if (!heap)
        return 0;
    locked = RtlpLock(heap, Flags);
    for (ULONG c = RTLP_CLASSES - 1; c && !largest; c--)
        if (heap->Free[c])
            largest = RtlpClassSize(c);
    if ((SIZE_T)(heap->End - heap->Cursor) > sizeof(RTLP_BLOCK) + largest)
        largest = (SIZE_T)(heap->End - heap->Cursor) - sizeof(RTLP_BLOCK);
    RtlpUnlock(heap, locked);
    return largest;
}

BOOLEAN NTAPI RtlSetUserValueHeap(PVOID HeapHandle, ULONG Flags, PVOID BaseAddress, PVOID UserValue)
{
    RTLP_HEAP *heap = RtlpHeapOfHandle(HeapHandle);
    BOOLEAN locked, done = FALSE;

    if (!heap)
        return FALSE;
    locked = RtlpLock(heap, Flags);
    if (RtlpBusyBlock(heap, BaseAddress)) {
        ULONG i;
        for (i = 0; i < heap->UserValueCount && heap->UserValues[i].Block != BaseAddress; i++)
            ;
        if (i == heap->UserValueCapacity) {
            /* From the system: the heap's lock is held, and this may be the process heap. */
            SIZE_T size = (heap->UserValueCapacity ? heap->UserValueCapacity * 2 : 256) * sizeof(RTLP_USER_VALUE);
            PVOID grown = NULL;
            if (!NtAllocateVirtualMemory(NtCurrentProcess(), &grown, 0, &size, MEM_RESERVE | MEM_COMMIT,
                                         PAGE_READWRITE)) {
                if (heap->UserValueCount)
                    memcpy(grown, heap->UserValues, heap->UserValueCount * sizeof(RTLP_USER_VALUE));
                RtlpFreeUserValues(heap);
                heap->UserValues = grown;
                heap->UserValueCapacity = (ULONG)(size / sizeof(RTLP_USER_VALUE));
            }
        }
        if (i < heap->UserValueCapacity) {
            heap->UserValues[i].Block = BaseAddress;
            heap->UserValues[i].Value = UserValue;
            if (i == heap->UserValueCount)
                heap->UserValueCount++;
            done = TRUE;
        }
    }
    RtlpUnlock(heap, locked);
    return done;
}

BOOLEAN NTAPI RtlGetUserInfoHeap(PVOID HeapHandle, ULONG Flags, PVOID BaseAddress, PVOID *UserValue,
                                 PULONG UserFlags)
{
    RTLP_HEAP *heap = RtlpHeapOfHandle(HeapHandle);
    BOOLEAN locked, found = FALSE;

    if (!heap)
        return FALSE;
    locked = RtlpLock(heap, Flags);
    if (RtlpBusyBlock(heap, BaseAddress)) {
        found = TRUE;
        if (UserValue)
            *UserValue = NULL;
        for (ULONG i = 0; UserValue && i < heap->UserValueCount; i++)
            if (heap->UserValues[i].Block == BaseAddress)
                *UserValue = heap->UserValues[i].Value;
        if (UserFlags)
            *UserFlags = 0;
    }
    RtlpUnlock(heap, locked);
    return found;
}

/* Every heap here behaves as the low-fragmentation heap (compatibility value 2). */
NTSTATUS NTAPI RtlQueryHeapInformation(PVOID HeapHandle, HEAP_INFORMATION_CLASS InformationClass,
                                       PVOID Information, SIZE_T InformationLength, PSIZE_T ReturnLength)
{
    if (InformationClass != HeapCompatibilityInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (ReturnLength)
        *ReturnLength = sizeof(ULONG);
    if (InformationLength < sizeof(ULONG))
        return STATUS_BUFFER_TOO_SMALL;
    if (!RtlpHeapOfHandle(HeapHandle))
        return STATUS_INVALID_PARAMETER;
    *(ULONG *)Information = 2;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlSetHeapInformation(PVOID HeapHandle, HEAP_INFORMATION_CLASS InformationClass, PVOID Information,
                                     SIZE_T InformationLength)
{
    switch (InformationClass) {
    case HeapCompatibilityInformation:
        if (InformationLength < sizeof(ULONG))
            return STATUS_BUFFER_TOO_SMALL;
        if (!RtlpHeapOfHandle(HeapHandle))
            return STATUS_INVALID_PARAMETER;
        /* The low-fragmentation heap is what every heap is; the others cannot be had back. */
        return *(ULONG *)Information == 2 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
    case HeapEnableTerminationOnCorruption:
        RtlpTerminateOnCorruption = TRUE;
        return STATUS_SUCCESS;
    default:
        return STATUS_INVALID_INFO_CLASS;
    }
}
