/* Thread-local storage of images (their TLS directories): one slot per module that has one, and in every
 * thread's ThreadLocalStoragePointer an array holding, per slot, that thread's copy of the module's data. */
#include "ldr/ldrp.h"

static LDRP_MODULE **LdrpTlsModules; /* by slot; NULL for a free slot */
static ULONG LdrpTlsSlots;

/* The threads that have arrays, so that a DLL loaded later gives each of them its block. */
typedef struct {
    TEB *Teb;
    ULONG Capacity; /* entries of its array */
} LDRP_TLS_THREAD;
static LDRP_TLS_THREAD *LdrpTlsThreads;
static ULONG LdrpTlsThreadCount, LdrpTlsThreadCapacity;

static const IMAGE_TLS_DIRECTORY64 *LdrpTlsDirectory(const LDRP_MODULE *module)
{
    ULONG size;
    return RtlImageDirectoryEntryToData(module->Entry.DllBase, TRUE, IMAGE_DIRECTORY_ENTRY_TLS, &size);
}

/* A thread's copy of a module's TLS data: the template, then zeros. */
static PVOID LdrpCreateBlock(const LDRP_MODULE *module)
{
    const IMAGE_TLS_DIRECTORY64 *tls = LdrpTlsDirectory(module);
    SIZE_T data = tls->EndAddressOfRawData - tls->StartAddressOfRawData;
    char *block = RtlAllocateHeap(RtlpHeap(), 0, data + tls->SizeOfZeroFill + 1);

    if (block) {
        memcpy(block, (const void *)tls->StartAddressOfRawData, data);
        memset(block + data, 0, tls->SizeOfZeroFill + 1);
    }
    return block;
}

/* Make a thread's array hold at least LdrpTlsSlots entries. The old array is not freed: the thread may be
 * reading it at this moment, and the few bytes it keeps are the price of never pausing the thread. */
static NTSTATUS LdrpGrowArray(LDRP_TLS_THREAD *thread)
{
    ULONG capacity = LdrpTlsSlots < 8 ? 8 : LdrpTlsSlots * 2;
    PVOID *old = thread->Teb->ThreadLocalStoragePointer, *array;

    if (thread->Capacity >= LdrpTlsSlots)
        return STATUS_SUCCESS;
    if (!(array = RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY, capacity * sizeof(PVOID))))
        return STATUS_NO_MEMORY;
    if (old)
        memcpy(array, old, thread->Capacity * sizeof(PVOID));
    __atomic_store_n(&thread->Teb->ThreadLocalStoragePointer, array, __ATOMIC_RELEASE);
    thread->Capacity = capacity;
    return STATUS_SUCCESS;
}

NTSTATUS LdrpAllocateTlsIndex(LDRP_MODULE *module)
{
    const IMAGE_TLS_DIRECTORY64 *tls = LdrpTlsDirectory(module);
    ULONG slot;
    NTSTATUS status;

    if (!tls)
        return STATUS_SUCCESS;
    for (slot = 0; slot < LdrpTlsSlots && LdrpTlsModules[slot]; slot++)
        ;
    if (slot == LdrpTlsSlots) {
        LDRP_MODULE **grown = RtlAllocateHeap(RtlpHeap(), 0, (slot + 1) * sizeof(*grown));
        if (!grown)
            return STATUS_NO_MEMORY;
        if (slot)
            memcpy(grown, LdrpTlsModules, slot * sizeof(*grown));
        RtlFreeHeap(RtlpHeap(), 0, LdrpTlsModules);
        LdrpTlsModules = grown;
        LdrpTlsSlots++;
    }
    for (ULONG i = 0; i < LdrpTlsThreadCount; i++) {
        PVOID block;
        if ((status = LdrpGrowArray(&LdrpTlsThreads[i])) || !(block = LdrpCreateBlock(module)))
            return status ? status : STATUS_NO_MEMORY;
        ((PVOID *)LdrpTlsThreads[i].Teb->ThreadLocalStoragePointer)[slot] = block;
    }
    LdrpTlsModules[slot] = module;
    module->HasTls = TRUE;
    module->Entry.TlsIndex = (USHORT)slot;
    *(ULONG *)tls->AddressOfIndex = slot;
    return STATUS_SUCCESS;
}

void LdrpReleaseTlsIndex(LDRP_MODULE *module)
{
    ULONG slot = module->Entry.TlsIndex;

    for (ULONG i = 0; i < LdrpTlsThreadCount; i++) {
        PVOID *array = LdrpTlsThreads[i].Teb->ThreadLocalStoragePointer;
        RtlFreeHeap(RtlpHeap(), 0, array[slot]);
        array[slot] = NULL;
    }
    LdrpTlsModules[slot] = NULL;
    module->HasTls = FALSE;
}

NTSTATUS LdrpInitializeThreadTls(void)
{
    LDRP_TLS_THREAD *thread;
    NTSTATUS status;

    if (LdrpTlsThreadCount == LdrpTlsThreadCapacity) {
        ULONG capacity = LdrpTlsThreadCapacity ? LdrpTlsThreadCapacity * 2 : 16;
        LDRP_TLS_THREAD *grown = RtlAllocateHeap(RtlpHeap(), 0, capacity * sizeof(*grown));
        if (!grown)
            return STATUS_NO_MEMORY;
        if (LdrpTlsThreadCount)
            memcpy(grown, LdrpTlsThreads, LdrpTlsThreadCount * sizeof(*grown));
        RtlFreeHeap(RtlpHeap(), 0, LdrpTlsThreads);
        LdrpTlsThreads = grown;
        LdrpTlsThreadCapacity = capacity;
    }
    thread = &LdrpTlsThreads[LdrpTlsThreadCount];
    thread->Teb = NtCurrentTeb();
    thread->Capacity = 0;
    thread->Teb->ThreadLocalStoragePointer = NULL;
    if ((status = LdrpGrowArray(thread)))
        return status;
    LdrpTlsThreadCount++;
    for (ULONG slot = 0; slot < LdrpTlsSlots; slot++) {
        PVOID *array = thread->Teb->ThreadLocalStoragePointer;
        if (LdrpTlsModules[slot] && !(array[slot] = LdrpCreateBlock(LdrpTlsModules[slot])))
            return STATUS_NO_MEMORY;
    }
    return STATUS_SUCCESS;
}

void LdrpFreeThreadTls(void)
{
    TEB *teb = NtCurrentTeb();

    for (ULONG i = 0; i < LdrpTlsThreadCount; i++) {
        PVOID *array = LdrpTlsThreads[i].Teb->ThreadLocalStoragePointer;
        if (LdrpTlsThreads[i].Teb != teb)
            continue;
        for (ULONG slot = 0; slot < LdrpTlsSlots; slot++)
            RtlFreeHeap(RtlpHeap(), 0, array[slot]);
        RtlFreeHeap(RtlpHeap(), 0, array);
        teb->ThreadLocalStoragePointer = NULL;
        LdrpTlsThreads[i] = LdrpTlsThreads[--LdrpTlsThreadCount];
        return;
    }
}
