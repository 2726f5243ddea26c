/* Local atom tables (RtlCreateAtomTable and its family) over the atom core lib/rtl/atom.c shares with the
 * kernel's global table: a signature and a lock around it. */
#include "rtl/rtlp.h"
#include "rtl/atom.h"

#define RTLP_ATOM_SIGNATURE 0x6d6f7441 /* "Atom", where Windows keeps it */

typedef struct {
    ULONG Signature;
    volatile LONG Lock;
    RTLP_ATOMS Atoms;
} RTLP_ATOM_TABLE;

static void *RtlpAtomAllocate(SIZE_T size)
{
    return RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY, size);
}

static void RtlpAtomFree(void *p)
{
    RtlFreeHeap(RtlpHeap(), 0, p);
}

static RTLP_ATOM_TABLE *RtlpAtomTable(PVOID AtomTable)
{
    RTLP_ATOM_TABLE *table = AtomTable;
    return table && table->Signature == RTLP_ATOM_SIGNATURE ? table : NULL;
}

NTSTATUS NTAPI RtlCreateAtomTable(ULONG TableSize, PVOID *AtomTable)
{
    RTLP_ATOM_TABLE *table;

    if (*AtomTable)
        return STATUS_SUCCESS; /* a table already there is kept, as Windows does */
    if (!(table = RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY, sizeof(*table))))
        return STATUS_NO_MEMORY;
    table->Signature = RTLP_ATOM_SIGNATURE;
    table->Atoms.Allocate = RtlpAtomAllocate;
    table->Atoms.Free = RtlpAtomFree;
    *AtomTable = table;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlEmptyAtomTable(PVOID AtomTable, BOOLEAN IncludePinned)
{
    RTLP_ATOM_TABLE *table = RtlpAtomTable(AtomTable);

    if (!table)
        return STATUS_INVALID_PARAMETER;
    RtlpAcquireLock(&table->Lock);
    RtlpEmptyAtoms(&table->Atoms, IncludePinned);
    RtlpReleaseLock(&table->Lock);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlDestroyAtomTable(PVOID AtomTable)
{
    RTLP_ATOM_TABLE *table = RtlpAtomTable(AtomTable);

    if (!table)
        return STATUS_INVALID_PARAMETER;
    RtlpFreeAtoms(&table->Atoms);
    table->Signature = 0;
    RtlFreeHeap(RtlpHeap(), 0, table);
    return STATUS_SUCCESS;
}

/* What a name asks for: an integer atom (MAKEINTATOM, or "#123"; *value set), or a string of *length characters. */
static NTSTATUS RtlpAtomName(PCWSTR name, RTL_ATOM *value, SIZE_T *length)
{
    *value = 0;
    if ((ULONG_PTR)name < 0x10000) {
        if (!name || (ULONG_PTR)name >= RTLP_MAX_INT_ATOM)
            return STATUS_INVALID_PARAMETER;
        *value = (RTL_ATOM)(ULONG_PTR)name;
        return STATUS_SUCCESS;
    }
    *length = wcslen(name);
    return RtlpParseAtomName(name, *length, value);
}

NTSTATUS NTAPI RtlAddAtomToAtomTable(PVOID AtomTable, PCWSTR AtomName, RTL_ATOM *Atom)
{
    RTLP_ATOM_TABLE *table = RtlpAtomTable(AtomTable);
    RTL_ATOM value;
    SIZE_T length = 0;
    NTSTATUS status;

    if (!table)
        return STATUS_INVALID_PARAMETER;
    if ((status = RtlpAtomName(AtomName, &value, &length)))
        return status;
    if (!value) {
        RtlpAcquireLock(&table->Lock);
        status = RtlpAddAtom(&table->Atoms, AtomName, length, &value);
        RtlpReleaseLock(&table->Lock);
    }
    if (!status && Atom)
        *Atom = value;
    return status;
}

NTSTATUS NTAPI RtlLookupAtomInAtomTable(PVOID AtomTable, PCWSTR AtomName, RTL_ATOM *Atom)
{
    RTLP_ATOM_TABLE *table = RtlpAtomTable(AtomTable);
    RTL_ATOM value;
    SIZE_T length = 0;
    NTSTATUS status;

    if (!table)
        return STATUS_INVALID_PARAMETER;
    if ((status = RtlpAtomName(AtomName, &value, &length)))
        return status;
    if (!value) {
        RtlpAcquireLock(&table->Lock);
        status = RtlpFindAtom(&table->Atoms, AtomName, length, &value);
        RtlpReleaseLock(&table->Lock);
    }
    if (!status && Atom)
        *Atom = value;
    return status;
}

NTSTATUS NTAPI RtlDeleteAtomFromAtomTable(PVOID AtomTable, RTL_ATOM Atom)
{
    RTLP_ATOM_TABLE *table = RtlpAtomTable(AtomTable);
    NTSTATUS status;

    if (!table)
        return STATUS_INVALID_PARAMETER;
    RtlpAcquireLock(&table->Lock);
    status = RtlpDeleteAtom(&table->Atoms, Atom);
    RtlpReleaseLock(&table->Lock);
    return status;
}

NTSTATUS NTAPI RtlPinAtomInAtomTable(PVOID AtomTable, RTL_ATOM Atom)
{
    RTLP_ATOM_TABLE *table = RtlpAtomTable(AtomTable);
    RTLP_ATOM_ENTRY *e;
    NTSTATUS status = STATUS_SUCCESS;

    if (!table)
        return STATUS_INVALID_PARAMETER;
    if (Atom < RTLP_MAX_INT_ATOM)
        return Atom ? STATUS_SUCCESS : STATUS_INVALID_HANDLE;
    RtlpAcquireLock(&table->Lock);
    if ((e = RtlpAtomEntry(&table->Atoms, Atom)))
        e->Pinned = TRUE;
    else
        status = STATUS_INVALID_HANDLE;
    RtlpReleaseLock(&table->Lock);
    return status;
}

/* The name goes to Name as far as *NameLength bytes allow, always terminated; a zero length asks only for
 * the length (STATUS_BUFFER_TOO_SMALL). */
NTSTATUS NTAPI RtlQueryAtomInAtomTable(PVOID AtomTable, RTL_ATOM Atom, PULONG RefCount, PULONG PinCount, PWSTR Name,
                                       PULONG NameLength)
{
    RTLP_ATOM_TABLE *table = RtlpAtomTable(AtomTable);
    RTLP_ATOM_ENTRY *e;
    WCHAR number[8];
    const WCHAR *text = number;
    ULONG length = 0, references = 1, pinned = 1;
    NTSTATUS status = STATUS_SUCCESS;

    if (!table)
        return STATUS_INVALID_PARAMETER;
    if (!Atom)
        return STATUS_INVALID_HANDLE;
    RtlpAcquireLock(&table->Lock);
    if (Atom < RTLP_MAX_INT_ATOM) {
        length = RtlpIntegerAtomName(Atom, number);
    } else if ((e = RtlpAtomEntry(&table->Atoms, Atom))) {
        text = e->Name;
        length = e->Length;
        references = e->References;
        pinned = e->Pinned;
    } else {
        status = STATUS_INVALID_HANDLE;
    }
    if (!status && NameLength) {
        if (*NameLength < sizeof(WCHAR)) {
            *NameLength = length * sizeof(WCHAR);
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            ULONG fits = *NameLength / sizeof(WCHAR);
            ULONG copy = length < fits ? length : fits - 1;
            memcpy(Name, text, copy * sizeof(WCHAR));
            Name[copy] = 0;
            *NameLength = copy * sizeof(WCHAR);
        }
    }
    RtlpReleaseLock(&table->Lock);
    if (!status) {
        if (RefCount)
            *RefCount = references;
        if (PinCount)
            *PinCount = pinned;
    }
    return status;
}
