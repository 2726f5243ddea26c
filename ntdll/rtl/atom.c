/* Atom tables: strings counted and named by 16-bit atoms from 0xC000, and integer atoms (1 to 0xBFFF, or
 * "#123") that stand for themselves. */
#include "rtl/rtlp.h"

#define RTLP_ATOM_SIGNATURE 0x6d6f7441 /* "Atom", where Windows keeps it */
#define RTLP_MAX_INT_ATOM 0xc000
#define RTLP_MAX_ATOM_NAME 255
#define RTLP_MAX_ATOMS (0x10000 - RTLP_MAX_INT_ATOM)

typedef struct {
    WCHAR *Name; /* NULL for a free entry */
    USHORT Length;
    ULONG References;
    BOOLEAN Pinned;
} RTLP_ATOM_ENTRY;

typedef struct {
    ULONG Signature;
    volatile LONG Lock;
    ULONG Count; /* entries used or freed: atoms are 0xC000 + index */
    ULONG Capacity;
    RTLP_ATOM_ENTRY *Entries;
} RTLP_ATOM_TABLE;

NTSTATUS NTAPI RtlCreateAtomTable(ULONG TableSize, PVOID *AtomTable)
{
    RTLP_ATOM_TABLE *table;

    if (*AtomTable)
        return STATUS_SUCCESS; /* a table already there is kept, as Windows does */
    if (!(table = RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY, sizeof(*table))))
        return STATUS_NO_MEMORY;
    table->Signature = RTLP_ATOM_SIGNATURE;
    *AtomTable = table;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlEmptyAtomTable(PVOID AtomTable, BOOLEAN IncludePinned)
{
    RTLP_ATOM_TABLE *table = AtomTable;

    if (!table || table->Signature != RTLP_ATOM_SIGNATURE)
        return STATUS_INVALID_PARAMETER;
    RtlpAcquireLock(&table->Lock);
    for (ULONG i = 0; i < table->Count; i++) {
        RTLP_ATOM_ENTRY *e = &table->Entries[i];
        if (e->Name && (IncludePinned || !e->Pinned)) {
            RtlFreeHeap(RtlpHeap(), 0, e->Name);
            e->Name = NULL;
        }
    }
    RtlpReleaseLock(&table->Lock);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlDestroyAtomTable(PVOID AtomTable)
{
    RTLP_ATOM_TABLE *table = AtomTable;
    NTSTATUS status = RtlEmptyAtomTable(table, TRUE);

    if (status)
        return status;
    table->Signature = 0;
    RtlFreeHeap(RtlpHeap(), 0, table->Entries);
    RtlFreeHeap(RtlpHeap(), 0, table);
    return STATUS_SUCCESS;
}

/* What a name asks for: an integer atom (*value set), or a string of *length characters. */
static NTSTATUS RtlpParseAtomName(PCWSTR name, RTL_ATOM *value, SIZE_T *length)
{
    ULONG number = 0;
    SIZE_T i;

    *value = 0;
    if ((ULONG_PTR)name < 0x10000) {
        if (!name || (ULONG_PTR)name >= RTLP_MAX_INT_ATOM)
            return STATUS_INVALID_PARAMETER;
        *value = (RTL_ATOM)(ULONG_PTR)name;
        return STATUS_SUCCESS;
    }
    *length = wcslen(name);
    if (!*length)
        return STATUS_OBJECT_NAME_INVALID;
    if (*length > RTLP_MAX_ATOM_NAME)
        return STATUS_INVALID_PARAMETER;
    if (name[0] == '#' && *length > 1) {
        for (i = 1; i < *length && name[i] >= '0' && name[i] <= '9' && number < RTLP_MAX_INT_ATOM; i++)
            number = number * 10 + (name[i] - '0');
        if (i == *length && number && number < RTLP_MAX_INT_ATOM)
            *value = (RTL_ATOM)number;
    }
    return STATUS_SUCCESS;
}

static RTLP_ATOM_ENTRY *RtlpFindAtomName(RTLP_ATOM_TABLE *table, PCWSTR name, SIZE_T length, RTL_ATOM *atom)
{
    for (ULONG i = 0; i < table->Count; i++) {
        RTLP_ATOM_ENTRY *e = &table->Entries[i];
        if (e->Name && !RtlCompareUnicodeStrings(e->Name, e->Length, name, length, TRUE)) {
            *atom = (RTL_ATOM)(RTLP_MAX_INT_ATOM + i);
            return e;
        }
    }
    return NULL;
}

static RTLP_ATOM_ENTRY *RtlpAtomEntry(RTLP_ATOM_TABLE *table, RTL_ATOM atom)
{
    ULONG index = (ULONG)atom - RTLP_MAX_INT_ATOM;
    return atom >= RTLP_MAX_INT_ATOM && index < table->Count && table->Entries[index].Name ? &table->Entries[index]
                                                                                           : NULL;
}

NTSTATUS NTAPI RtlAddAtomToAtomTable(PVOID AtomTable, PCWSTR AtomName, RTL_ATOM *Atom)
{
    RTLP_ATOM_TABLE *table = AtomTable;
    RTLP_ATOM_ENTRY *e;
    RTL_ATOM value;
    SIZE_T length = 0;
    ULONG index;
    NTSTATUS status;

    if (!table || table->Signature != RTLP_ATOM_SIGNATURE)
        return STATUS_INVALID_PARAMETER;
    if ((status = RtlpParseAtomName(AtomName, &value, &length)))
        return status;
    if (value) {
        if (Atom)
            *Atom = value;
        return STATUS_SUCCESS;
    }
    RtlpAcquireLock(&table->Lock);
    if ((e = RtlpFindAtomName(table, AtomName, length, &value))) {
        e->References++;
    } else {
        for (index = 0; index < table->Count && table->Entries[index].Name; index++)
            ;
        if (index == table->Count && table->Count == table->Capacity) {
            ULONG capacity = table->Capacity ? table->Capacity * 2 : 32;
            RTLP_ATOM_ENTRY *grown = NULL;
            if (capacity > RTLP_MAX_ATOMS)
                capacity = RTLP_MAX_ATOMS;
            if (capacity > table->Capacity &&
                (grown = RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY, capacity * sizeof(*grown)))) {
                if (table->Count)
                    memcpy(grown, table->Entries, table->Count * sizeof(*grown));
                RtlFreeHeap(RtlpHeap(), 0, table->Entries);
                table->Entries = grown;
                table->Capacity = capacity;
            }
            if (!grown)
                status = STATUS_NO_MEMORY;
        }
        if (!status) {
            e = &table->Entries[index];
            if (!(e->Name = RtlAllocateHeap(RtlpHeap(), 0, length * sizeof(WCHAR))))
                status = STATUS_NO_MEMORY;
            else {
                memcpy(e->Name, AtomName, length * sizeof(WCHAR));
                e->Length = (USHORT)length;
                e->References = 1;
                e->Pinned = FALSE;
                if (index == table->Count)
                    table->Count++;
                value = (RTL_ATOM)(RTLP_MAX_INT_ATOM + index);
            }
        }
    }
    RtlpReleaseLock(&table->Lock);
    if (!status && Atom)
        *Atom = value;
    return status;
}

NTSTATUS NTAPI RtlLookupAtomInAtomTable(PVOID AtomTable, PCWSTR AtomName, RTL_ATOM *Atom)
{
    RTLP_ATOM_TABLE *table = AtomTable;
    RTL_ATOM value;
    SIZE_T length = 0;
    NTSTATUS status;

    if (!table || table->Signature != RTLP_ATOM_SIGNATURE)
        return STATUS_INVALID_PARAMETER;
    if ((status = RtlpParseAtomName(AtomName, &value, &length)))
        return status;
    if (!value) {
        RtlpAcquireLock(&table->Lock);
        if (!RtlpFindAtomName(table, AtomName, length, &value))
            status = STATUS_OBJECT_NAME_NOT_FOUND;
        RtlpReleaseLock(&table->Lock);
    }
    if (!status && Atom)
        *Atom = value;
    return status;
}

NTSTATUS NTAPI RtlDeleteAtomFromAtomTable(PVOID AtomTable, RTL_ATOM Atom)
{
    RTLP_ATOM_TABLE *table = AtomTable;
    RTLP_ATOM_ENTRY *e;
    NTSTATUS status = STATUS_SUCCESS;

    if (!table || table->Signature != RTLP_ATOM_SIGNATURE)
        return STATUS_INVALID_PARAMETER;
    if (Atom < RTLP_MAX_INT_ATOM)
        return Atom ? STATUS_SUCCESS : STATUS_INVALID_HANDLE;
    RtlpAcquireLock(&table->Lock);
    if (!(e = RtlpAtomEntry(table, Atom)))
        status = STATUS_INVALID_HANDLE;
    else if (e->Pinned)
        status = STATUS_WAS_LOCKED;
    else if (!--e->References) {
        RtlFreeHeap(RtlpHeap(), 0, e->Name);
        e->Name = NULL;
    }
    RtlpReleaseLock(&table->Lock);
    return status;
}

NTSTATUS NTAPI RtlPinAtomInAtomTable(PVOID AtomTable, RTL_ATOM Atom)
{
    RTLP_ATOM_TABLE *table = AtomTable;
    RTLP_ATOM_ENTRY *e;
    NTSTATUS status = STATUS_SUCCESS;

    if (!table || table->Signature != RTLP_ATOM_SIGNATURE)
        return STATUS_INVALID_PARAMETER;
    if (Atom < RTLP_MAX_INT_ATOM)
        return Atom ? STATUS_SUCCESS : STATUS_INVALID_HANDLE;
    RtlpAcquireLock(&table->Lock);
    if ((e = RtlpAtomEntry(table, Atom)))
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
    RTLP_ATOM_TABLE *table = AtomTable;
    RTLP_ATOM_ENTRY *e;
    WCHAR number[8];
    const WCHAR *text = number;
    ULONG length = 0, references = 1, pinned = 1;
    NTSTATUS status = STATUS_SUCCESS;

    if (!table || table->Signature != RTLP_ATOM_SIGNATURE)
        return STATUS_INVALID_PARAMETER;
    if (!Atom)
        return STATUS_INVALID_HANDLE;
    RtlpAcquireLock(&table->Lock);
    if (Atom < RTLP_MAX_INT_ATOM) {
        WCHAR digits[6];
        int n = 0;
        for (ULONG v = Atom; v; v /= 10)
            digits[n++] = (WCHAR)('0' + v % 10);
        number[length++] = '#';
        while (n)
            number[length++] = digits[--n];
    } else if ((e = RtlpAtomEntry(table, Atom))) {
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
