/* The loaded modules: their entries in PEB->Ldr, finding them, the loader lock, and the services that ask
 * after modules without loading any (LdrGetDllHandleEx, LdrAddRefDll, LdrGetDllFullName,
 * LdrFindEntryForAddress, LdrLockLoaderLock). */
#include "ldr/ldrp.h"

PEB_LDR_DATA LdrpData = {
    .Length = sizeof(PEB_LDR_DATA),
    .InLoadOrderModuleList = {&LdrpData.InLoadOrderModuleList, &LdrpData.InLoadOrderModuleList},
    .InMemoryOrderModuleList = {&LdrpData.InMemoryOrderModuleList, &LdrpData.InMemoryOrderModuleList},
    .InInitializationOrderModuleList = {&LdrpData.InInitializationOrderModuleList,
                                        &LdrpData.InInitializationOrderModuleList},
};
RTL_CRITICAL_SECTION LdrpLoaderLock;
LDRP_MODULE *LdrpExecutable;
BOOLEAN LdrpProcessInitialized;

/* Windows' hash of a base name (x65599 over the upcased characters), kept in BaseNameHashValue. */
static ULONG LdrpHashName(const UNICODE_STRING *name)
{
    ULONG hash = 0;
    for (USHORT i = 0; i < name->Length / sizeof(WCHAR); i++)
        hash = hash * 65599 + RtlUpcaseUnicodeChar(name->Buffer[i]);
    return hash;
}

LDRP_MODULE *LdrpCreateModule(PVOID base, const UNICODE_STRING *full_name, LDR_DLL_LOAD_REASON reason)
{
    IMAGE_NT_HEADERS64 *nt = RtlImageNtHeader(base);
    LDRP_MODULE *module = RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY, sizeof(*module));
    LDR_DATA_TABLE_ENTRY *e;
    USHORT start;

    if (!module || !(module->Entry.FullDllName.Buffer = RtlAllocateHeap(RtlpHeap(), 0,
                                                                        full_name->Length + sizeof(WCHAR)))) {
        RtlFreeHeap(RtlpHeap(), 0, module);
        return NULL;
    }
    e = &module->Entry;
    memcpy(e->FullDllName.Buffer, full_name->Buffer, full_name->Length);
    e->FullDllName.Buffer[full_name->Length / sizeof(WCHAR)] = 0;
    e->FullDllName.Length = full_name->Length;
    e->FullDllName.MaximumLength = full_name->Length + sizeof(WCHAR);
    for (start = full_name->Length / sizeof(WCHAR); start && full_name->Buffer[start - 1] != '\\'; start--)
        ;
    e->BaseDllName.Buffer = e->FullDllName.Buffer + start;
    e->BaseDllName.Length = (USHORT)(full_name->Length - start * sizeof(WCHAR));
    e->BaseDllName.MaximumLength = e->BaseDllName.Length + sizeof(WCHAR);
    e->DllBase = base;
    e->SizeOfImage = nt->OptionalHeader.SizeOfImage;
    e->EntryPoint = nt->OptionalHeader.AddressOfEntryPoint ? (char *)base + nt->OptionalHeader.AddressOfEntryPoint
                                                           : NULL;
    e->TimeDateStamp = nt->FileHeader.TimeDateStamp;
    e->OriginalBase = nt->OptionalHeader.ImageBase;
    e->Flags = LDRP_LOAD_IN_PROGRESS | (nt->FileHeader.Characteristics & IMAGE_FILE_DLL ? LDRP_IMAGE_DLL : 0);
    e->ObsoleteLoadCount = 1;
    e->ReferenceCount = 1;
    e->LoadReason = reason;
    e->BaseNameHashValue = LdrpHashName(&e->BaseDllName);
    NtQuerySystemTime(&e->LoadTime);
    InitializeListHead(&e->HashLinks);
    InitializeListHead(&e->NodeModuleLink);
    InitializeListHead(&e->InInitializationOrderLinks);
    InsertTailList(&LdrpData.InLoadOrderModuleList, &e->InLoadOrderLinks);
    InsertTailList(&LdrpData.InMemoryOrderModuleList, &e->InMemoryOrderLinks);
    return module;
}

void LdrpDeleteModule(LDRP_MODULE *module)
{
    RemoveEntryList(&module->Entry.InLoadOrderLinks);
    RemoveEntryList(&module->Entry.InMemoryOrderLinks);
    RemoveEntryList(&module->Entry.InInitializationOrderLinks);
    RtlFreeHeap(RtlpHeap(), 0, module->Dependencies);
    RtlFreeHeap(RtlpHeap(), 0, module->Entry.FullDllName.Buffer);
    RtlFreeHeap(RtlpHeap(), 0, module);
}

LDRP_MODULE *LdrpFindModuleByName(const UNICODE_STRING *name)
{
    BOOLEAN full = FALSE;

    for (USHORT i = 0; i < name->Length / sizeof(WCHAR); i++)
        if (name->Buffer[i] == '\\')
            full = TRUE;
    for (LIST_ENTRY *l = LdrpData.InLoadOrderModuleList.Flink; l != &LdrpData.InLoadOrderModuleList; l = l->Flink) {
        LDRP_MODULE *module = CONTAINING_RECORD(l, LDRP_MODULE, Entry.InLoadOrderLinks);
        if (RtlEqualUnicodeString(full ? &module->Entry.FullDllName : &module->Entry.BaseDllName, name, TRUE))
            return module;
    }
    return NULL;
}

LDRP_MODULE *LdrpFindModuleByAddress(PVOID address)
{
    for (LIST_ENTRY *l = LdrpData.InLoadOrderModuleList.Flink; l != &LdrpData.InLoadOrderModuleList; l = l->Flink) {
        LDRP_MODULE *module = CONTAINING_RECORD(l, LDRP_MODULE, Entry.InLoadOrderLinks);
        if ((ULONG_PTR)address - (ULONG_PTR)module->Entry.DllBase < module->Entry.SizeOfImage)
            return module;
    }
    return NULL;
}

LDRP_MODULE *LdrpFindModuleByBase(PVOID base)
{
    LDRP_MODULE *module = LdrpFindModuleByAddress(base);

    return module && module->Entry.DllBase == base ? module : NULL;
}

NTSTATUS LdrpAddDependency(LDRP_MODULE *module, LDRP_MODULE *dependency)
{
    if (module->DependencyCount == module->DependencyCapacity) {
        ULONG capacity = module->DependencyCapacity ? module->DependencyCapacity * 2 : 8;
        LDRP_MODULE **grown = RtlAllocateHeap(RtlpHeap(), 0, capacity * sizeof(*grown));
        if (!grown)
            return STATUS_NO_MEMORY;
        if (module->DependencyCount)
            memcpy(grown, module->Dependencies, module->DependencyCount * sizeof(*grown));
        RtlFreeHeap(RtlpHeap(), 0, module->Dependencies);
        module->Dependencies = grown;
        module->DependencyCapacity = capacity;
    }
    module->Dependencies[module->DependencyCount++] = dependency;
    return STATUS_SUCCESS;
}

NTSTATUS LdrpHoldDependency(LDRP_MODULE *module, LDRP_MODULE *dependency)
{
    NTSTATUS status;

    for (ULONG i = 0; i < module->DependencyCount; i++)
        if (module->Dependencies[i] == dependency) {
            LdrpDereferenceModule(dependency);
            return STATUS_SUCCESS;
        }
    if ((status = LdrpAddDependency(module, dependency)))
        LdrpDereferenceModule(dependency);
    return status;
}

NTSTATUS NTAPI LdrFindEntryForAddress(PVOID Address, PLDR_DATA_TABLE_ENTRY *Entry)
{
    LDRP_MODULE *module;

    RtlEnterCriticalSection(&LdrpLoaderLock);
    module = LdrpFindModuleByAddress(Address);
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    if (!module)
        return STATUS_NO_MORE_ENTRIES;
    *Entry = &module->Entry;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LdrGetDllHandleEx(ULONG Flags, PWSTR DllPath, PULONG DllCharacteristics, PUNICODE_STRING DllName,
                                 PVOID *DllHandle)
{
    LDRP_MODULE *module;
    UNICODE_STRING name;
    WCHAR buffer[LDRP_MAX_NAME];
    NTSTATUS status;

    if (DllHandle)
        *DllHandle = NULL;
    if (Flags & ~(ULONG)(LDR_GET_DLL_HANDLE_EX_UNCHANGED_REFCOUNT | LDR_GET_DLL_HANDLE_EX_PIN) ||
        Flags == (LDR_GET_DLL_HANDLE_EX_UNCHANGED_REFCOUNT | LDR_GET_DLL_HANDLE_EX_PIN) || !DllName || !DllHandle)
        return STATUS_INVALID_PARAMETER;
    RtlEnterCriticalSection(&LdrpLoaderLock);
    status = LdrpCanonicalName(DllName, NULL, &name, buffer);
    if (!status && !(module = LdrpFindModuleByName(&name)))
        status = STATUS_DLL_NOT_FOUND;
    if (!status) {
        if (Flags & LDR_GET_DLL_HANDLE_EX_PIN)
            module->Entry.ObsoleteLoadCount = LDRP_PINNED;
        else if (!(Flags & LDR_GET_DLL_HANDLE_EX_UNCHANGED_REFCOUNT) &&
                 module->Entry.ObsoleteLoadCount != LDRP_PINNED) {
            module->Entry.ReferenceCount++;
            module->Entry.ObsoleteLoadCount++;
        }
        *DllHandle = module->Entry.DllBase;
    }
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    return status;
}

NTSTATUS NTAPI LdrGetDllHandle(PWSTR DllPath, PULONG DllCharacteristics, PUNICODE_STRING DllName, PVOID *DllHandle)
{
    return LdrGetDllHandleEx(LDR_GET_DLL_HANDLE_EX_UNCHANGED_REFCOUNT, DllPath, DllCharacteristics, DllName,
                             DllHandle);
}

NTSTATUS NTAPI LdrAddRefDll(ULONG Flags, PVOID BaseAddress)
{
    LDRP_MODULE *module;
    NTSTATUS status = STATUS_SUCCESS;

    if (Flags & ~(ULONG)LDR_ADDREF_DLL_PIN)
        return STATUS_INVALID_PARAMETER;
    RtlEnterCriticalSection(&LdrpLoaderLock);
    module = LdrpFindModuleByBase(BaseAddress);
    if (!module)
        status = STATUS_INVALID_PARAMETER;
    else if (Flags & LDR_ADDREF_DLL_PIN)
        module->Entry.ObsoleteLoadCount = LDRP_PINNED;
    else if (module->Entry.ObsoleteLoadCount != LDRP_PINNED) {
        module->Entry.ReferenceCount++;
        module->Entry.ObsoleteLoadCount++;
    }
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    return status;
}

/* The full name of a module (NULL: the program); STATUS_BUFFER_TOO_SMALL with the length needed. */
NTSTATUS NTAPI LdrGetDllFullName(PVOID DllHandle, PUNICODE_STRING FullDllName)
{
    LDRP_MODULE *module;
    NTSTATUS status = STATUS_SUCCESS;

    RtlEnterCriticalSection(&LdrpLoaderLock);
    module = DllHandle ? LdrpFindModuleByBase(DllHandle) : LdrpExecutable;
    if (!module)
        status = STATUS_DLL_NOT_FOUND;
    else {
        const UNICODE_STRING *name = &module->Entry.FullDllName;
        if (FullDllName->MaximumLength < name->Length + sizeof(WCHAR)) {
            status = STATUS_BUFFER_TOO_SMALL;
            FullDllName->Length = name->Length + sizeof(WCHAR);
        } else {
            memcpy(FullDllName->Buffer, name->Buffer, name->Length + sizeof(WCHAR));
            FullDllName->Length = name->Length;
        }
    }
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    return status;
}

/* The cookie names the thread that took the lock, so that another cannot give it back. */
NTSTATUS NTAPI LdrLockLoaderLock(ULONG Flags, PULONG Disposition, PULONG_PTR Cookie)
{
    if (Cookie)
        *Cookie = 0;
    if (Disposition)
        *Disposition = 0;
    if (Flags & ~(ULONG)(LDR_LOCK_LOADER_LOCK_FLAG_RAISE_ON_ERRORS | LDR_LOCK_LOADER_LOCK_FLAG_TRY_ONLY))
        return STATUS_INVALID_PARAMETER_1;
    if (!Cookie)
        return STATUS_INVALID_PARAMETER_3;
    if (Flags & LDR_LOCK_LOADER_LOCK_FLAG_TRY_ONLY) {
        if (!Disposition)
            return STATUS_INVALID_PARAMETER_2;
        if (!RtlTryEnterCriticalSection(&LdrpLoaderLock)) {
            *Disposition = 2; /* not acquired */
            return STATUS_SUCCESS;
        }
    } else {
        RtlEnterCriticalSection(&LdrpLoaderLock);
    }
    if (Disposition)
        *Disposition = 1;
    *Cookie = (ULONG_PTR)NtCurrentTeb()->ClientId.UniqueThread | 0x10000000ull << 32;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LdrUnlockLoaderLock(ULONG Flags, ULONG_PTR Cookie)
{
    if (Flags & ~(ULONG)LDR_LOCK_LOADER_LOCK_FLAG_RAISE_ON_ERRORS)
        return STATUS_INVALID_PARAMETER_1;
    if (!Cookie)
        return STATUS_SUCCESS;
    if (Cookie != ((ULONG_PTR)NtCurrentTeb()->ClientId.UniqueThread | 0x10000000ull << 32) ||
        !RtlIsCriticalSectionLockedByThread(&LdrpLoaderLock))
        return STATUS_INVALID_PARAMETER_2;
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    return STATUS_SUCCESS;
}
