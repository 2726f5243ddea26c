/* RtlQueryProcessDebugInformation and its buffer: the process's modules and heaps, written into one block the
 * caller frees whole. The current process only; the other kinds (back traces, heap tags, locks) are not
 * written and say so. */
#include "rtl/rtlp.h"

#define RTLP_DEBUG_BUFFER_DEFAULT 0x400000

PRTL_DEBUG_INFORMATION NTAPI RtlCreateQueryDebugBuffer(ULONG MaximumCommit, BOOLEAN UseEventPair)
{
    PRTL_DEBUG_INFORMATION buffer = NULL;
    SIZE_T size = MaximumCommit ? MaximumCommit : RTLP_DEBUG_BUFFER_DEFAULT;

    (void)UseEventPair; /* for a query of another process, which is not supported */
    if (size < sizeof(*buffer) ||
        NtAllocateVirtualMemory(NtCurrentProcess(), (PVOID *)&buffer, 0, &size, MEM_COMMIT, PAGE_READWRITE))
        return NULL;
    buffer->ViewBaseClient = buffer;
    buffer->OffsetFree = sizeof(*buffer);
    buffer->CommitSize = buffer->ViewSize = size;
    return buffer;
}

NTSTATUS NTAPI RtlDestroyQueryDebugBuffer(PRTL_DEBUG_INFORMATION Buffer)
{
    PVOID base = Buffer;
    SIZE_T size = 0;

    return NtFreeVirtualMemory(NtCurrentProcess(), &base, &size, MEM_RELEASE);
}

/* Room in the buffer, 8-aligned, or NULL when it is full. */
static PVOID RtlpDebugTake(PRTL_DEBUG_INFORMATION buffer, SIZE_T size)
{
    SIZE_T at = (buffer->OffsetFree + 7) & ~(SIZE_T)7;

    if (at > buffer->ViewSize || size > buffer->ViewSize - at)
        return NULL;
    buffer->OffsetFree = at + size;
    return (char *)buffer + at;
}

static NTSTATUS RtlpQueryModules(PRTL_DEBUG_INFORMATION buffer)
{
    PLIST_ENTRY head = &NtCurrentTeb()->ProcessEnvironmentBlock->Ldr->InLoadOrderModuleList;
    PRTL_PROCESS_MODULES modules;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR cookie;
    ULONG count = 0;

    LdrLockLoaderLock(0, NULL, &cookie);
    for (PLIST_ENTRY l = head->Flink; l != head; l = l->Flink)
        count++;
    modules = RtlpDebugTake(buffer, offsetof(RTL_PROCESS_MODULES, Modules) +
                                        (SIZE_T)count * sizeof(RTL_PROCESS_MODULE_INFORMATION));
    if (!modules) {
        status = STATUS_NO_MEMORY;
        goto out;
    }
    modules->NumberOfModules = count;
    count = 0;
    for (PLIST_ENTRY l = head->Flink; l != head; l = l->Flink) {
        PLDR_DATA_TABLE_ENTRY entry = CONTAINING_RECORD(l, LDR_DATA_TABLE_ENTRY, InLoadOrderLinks);
        PRTL_PROCESS_MODULE_INFORMATION info = &modules->Modules[count];
        ULONG length = 0, base_length = entry->BaseDllName.Length;

        memset(info, 0, sizeof(*info));
        info->MappedBase = info->ImageBase = entry->DllBase;
        info->ImageSize = entry->SizeOfImage;
        info->Flags = entry->Flags;
        info->LoadOrderIndex = (USHORT)count++;
        info->LoadCount = entry->ObsoleteLoadCount;
        RtlUnicodeToMultiByteN((PCHAR)info->FullPathName, sizeof(info->FullPathName) - 1, &length,
                               entry->FullDllName.Buffer, entry->FullDllName.Length);
        info->FullPathName[length] = 0;
        RtlUnicodeToMultiByteSize(&base_length, entry->BaseDllName.Buffer, entry->BaseDllName.Length);
        info->OffsetToFileName = (USHORT)(base_length <= length ? length - base_length : 0);
    }
    buffer->Modules = modules;
out:
    LdrUnlockLoaderLock(0, cookie);
    return status;
}

/* Each heap's summary and, with RTL_QUERY_PROCESS_HEAP_ENTRIES, its blocks as RtlWalkHeap sees them. */
static NTSTATUS RtlpQueryHeaps(PRTL_DEBUG_INFORMATION buffer, BOOLEAN entries)
{
    PVOID handles[64];
    ULONG count = RtlGetProcessHeaps(64, handles);
    PRTL_PROCESS_HEAPS heaps;

    if (count > 64)
        count = 64;
    heaps = RtlpDebugTake(buffer, offsetof(RTL_PROCESS_HEAPS, Heaps) + (SIZE_T)count * sizeof(RTL_HEAP_INFORMATION));
    if (!heaps)
        return STATUS_NO_MEMORY;
    memset(heaps, 0, offsetof(RTL_PROCESS_HEAPS, Heaps) + (SIZE_T)count * sizeof(RTL_HEAP_INFORMATION));
    for (ULONG i = 0; i < count; i++) {
        RTL_HEAP_INFORMATION *info = &heaps->Heaps[heaps->NumberOfHeaps];
        RTL_HEAP_WALK_ENTRY walk = {0};

        if (!RtlpHeapSummary(handles[i], &info->Flags, &info->BytesCommitted))
            continue;
        info->BaseAddress = handles[i];
        heaps->NumberOfHeaps++;
        if (entries)
            info->Entries = (PRTL_HEAP_ENTRY)((char *)buffer + ((buffer->OffsetFree + 7) & ~(SIZE_T)7));
        while (!RtlWalkHeap(handles[i], &walk)) {
            if (walk.Flags & RTL_HEAP_BUSY)
                info->BytesAllocated += walk.DataSize;
            info->EntryOverhead = walk.OverheadBytes;
            if (entries) {
                PRTL_HEAP_ENTRY entry = RtlpDebugTake(buffer, sizeof(*entry));
                if (!entry)
                    return STATUS_NO_MEMORY;
                memset(entry, 0, sizeof(*entry));
                entry->Size = walk.DataSize;
                entry->Flags = walk.Flags & RTL_HEAP_BUSY;
                info->NumberOfEntries++;
            }
        }
    }
    buffer->Heaps = heaps;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlQueryProcessDebugInformation(HANDLE UniqueProcessId, ULONG Flags, PRTL_DEBUG_INFORMATION Buffer)
{
    const ULONG known = RTL_QUERY_PROCESS_MODULES | RTL_QUERY_PROCESS_HEAP_SUMMARY | RTL_QUERY_PROCESS_HEAP_ENTRIES;
    NTSTATUS status = STATUS_SUCCESS;

    if (UniqueProcessId != NtCurrentTeb()->ClientId.UniqueProcess) {
        OBJECT_ATTRIBUTES attributes = {.Length = sizeof(attributes)};
        CLIENT_ID id = {UniqueProcessId, 0};
        HANDLE process;
        if ((status = NtOpenProcess(&process, PROCESS_QUERY_LIMITED_INFORMATION, &attributes, &id)))
            return status == STATUS_NOT_IMPLEMENTED ? status : STATUS_INVALID_CID;
        NtClose(process);
        RtlpReport("RtlQueryProcessDebugInformation of another process is not implemented", NULL);
        return STATUS_NOT_IMPLEMENTED;
    }
    if (Flags & ~known) {
        RtlpReport("RtlQueryProcessDebugInformation: back traces, heap tags and locks are not implemented", NULL);
        return STATUS_NOT_IMPLEMENTED;
    }
    Buffer->OffsetFree = sizeof(*Buffer);
    Buffer->Modules = NULL;
    Buffer->Heaps = NULL;
    Buffer->Flags = Flags;
    Buffer->TargetProcessId = UniqueProcessId;
    if (Flags & RTL_QUERY_PROCESS_MODULES)
        status = RtlpQueryModules(Buffer);
    if (!status && Flags & (RTL_QUERY_PROCESS_HEAP_SUMMARY | RTL_QUERY_PROCESS_HEAP_ENTRIES))
        status = RtlpQueryHeaps(Buffer, (Flags & RTL_QUERY_PROCESS_HEAP_ENTRIES) != 0);
    return status;
}
