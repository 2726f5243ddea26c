/* Handle tables (RtlInitializeHandleTable and its kin): fixed-size entries in one reserved range, committed
 * a page at a time as they are needed, the free ones linked through their first word. The owner marks an
 * entry in use by setting bit 0 of that word (RTL_HANDLE_ALLOCATED). */
#include "rtl/rtlp.h"

void NTAPI RtlInitializeHandleTable(ULONG MaxHandleCount, ULONG HandleSize, PRTL_HANDLE_TABLE HandleTable)
{
    memset(HandleTable, 0, sizeof(*HandleTable));
    HandleTable->MaxHandleCount = MaxHandleCount;
    HandleTable->HandleSize = HandleSize;
}

NTSTATUS NTAPI RtlDestroyHandleTable(PRTL_HANDLE_TABLE HandleTable)
{
    PVOID base = HandleTable->CommittedHandles;
    SIZE_T size = 0;
    NTSTATUS status = STATUS_SUCCESS;

    if (base)
        status = NtFreeVirtualMemory(NtCurrentProcess(), &base, &size, MEM_RELEASE);
    HandleTable->FreeHandles = NULL;
    HandleTable->CommittedHandles = HandleTable->UnCommittedHandles = HandleTable->MaxReservedHandles = NULL;
    return status;
}

/* More free entries: the range is reserved on first use, then committed a page (and whole entries) further. */
static BOOLEAN RtlpGrowHandleTable(PRTL_HANDLE_TABLE table)
{
    SIZE_T size = (SIZE_T)table->MaxHandleCount * table->HandleSize, grow;
    PVOID base = table->CommittedHandles;
    char *from, *to;

    if (!table->HandleSize || table->HandleSize < sizeof(RTL_HANDLE) || !size)
        return FALSE;
    if (!base) {
        if (NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size, MEM_RESERVE, PAGE_READWRITE))
            return FALSE;
        table->CommittedHandles = table->UnCommittedHandles = base;
        table->MaxReservedHandles = (char *)base + (SIZE_T)table->MaxHandleCount * table->HandleSize;
    }
    from = table->UnCommittedHandles;
    grow = (SIZE_T)((char *)table->MaxReservedHandles - from);
    if (grow < table->HandleSize)
        return FALSE;
    if (grow > 0x1000 && table->HandleSize <= 0x1000)
        grow = 0x1000;
    grow -= grow % table->HandleSize;
    base = from;
    size = grow;
    if (NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size, MEM_COMMIT, PAGE_READWRITE))
        return FALSE;
    to = from + grow;
    for (char *entry = from; entry < to; entry += table->HandleSize)
        ((PRTL_HANDLE)entry)->Next = entry + table->HandleSize < to ? (PRTL_HANDLE)(entry + table->HandleSize) : NULL;
    table->FreeHandles = (PRTL_HANDLE)from;
    table->UnCommittedHandles = to;
    return TRUE;
}

PRTL_HANDLE NTAPI RtlAllocateHandle(PRTL_HANDLE_TABLE HandleTable, PULONG HandleIndex)
{
    PRTL_HANDLE handle;

    if (!HandleTable->FreeHandles && !RtlpGrowHandleTable(HandleTable))
        return NULL;
    handle = HandleTable->FreeHandles;
    HandleTable->FreeHandles = handle->Next;
    handle->Next = NULL;
    if (HandleIndex)
        *HandleIndex = (ULONG)(((char *)handle - (char *)HandleTable->CommittedHandles) / HandleTable->HandleSize);
    return handle;
}

/* An entry of the table's committed part, at an entry's start, marked in use. */
BOOLEAN NTAPI RtlIsValidHandle(PRTL_HANDLE_TABLE HandleTable, PRTL_HANDLE Handle)
{
    char *start = HandleTable->CommittedHandles, *at = (char *)Handle;

    return start && at >= start && at < (char *)HandleTable->UnCommittedHandles &&
           !((SIZE_T)(at - start) % HandleTable->HandleSize) && ((ULONG_PTR)Handle->Next & RTL_HANDLE_ALLOCATED);
}

BOOLEAN NTAPI RtlIsValidIndexHandle(PRTL_HANDLE_TABLE HandleTable, ULONG HandleIndex, PRTL_HANDLE *Handle)
{
    PRTL_HANDLE handle;

    if (!HandleTable->CommittedHandles || HandleIndex >= HandleTable->MaxHandleCount)
        return FALSE;
    handle = (PRTL_HANDLE)((char *)HandleTable->CommittedHandles + (SIZE_T)HandleIndex * HandleTable->HandleSize);
    if (!RtlIsValidHandle(HandleTable, handle))
        return FALSE;
    *Handle = handle;
    return TRUE;
}

/* The entry is cleared and becomes the next one allocated. */
BOOLEAN NTAPI RtlFreeHandle(PRTL_HANDLE_TABLE HandleTable, PRTL_HANDLE Handle)
{
    if (!RtlIsValidHandle(HandleTable, Handle))
        return FALSE;
    memset(Handle, 0, HandleTable->HandleSize);
    Handle->Next = HandleTable->FreeHandles;
    HandleTable->FreeHandles = Handle;
    return TRUE;
}
