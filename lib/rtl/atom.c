/* Atom tables' core (see atom.h): lookup, reference counts and growth, with the caller's allocator. */
#include "atom.h"
#include "unicode.h"

#define RTLP_MAX_ATOMS (0x10000 - RTLP_MAX_INT_ATOM)

NTSTATUS RtlpParseAtomName(const WCHAR *name, SIZE_T length, RTL_ATOM *value)
{
    ULONG number = 0;
    SIZE_T i;

    *value = 0;
    if (!length)
        return STATUS_OBJECT_NAME_INVALID;
    if (length > RTLP_MAX_ATOM_NAME)
        return STATUS_INVALID_PARAMETER;
    if (name[0] == '#' && length > 1) {
        for (i = 1; i < length && name[i] >= '0' && name[i] <= '9' && number < RTLP_MAX_INT_ATOM; i++)
            number = number * 10 + (name[i] - '0');
        if (i == length && number && number < RTLP_MAX_INT_ATOM)
            *value = (RTL_ATOM)number;
    }
    return STATUS_SUCCESS;
}

static RTLP_ATOM_ENTRY *RtlpFindName(RTLP_ATOMS *atoms, const WCHAR *name, SIZE_T length, RTL_ATOM *atom)
{
    for (ULONG i = 0; i < atoms->Count; i++) {
        RTLP_ATOM_ENTRY *e = &atoms->Entries[i];
        if (e->Name && RtlpEqualNames(e->Name, e->Length, name, length, TRUE)) {
            *atom = (RTL_ATOM)(RTLP_MAX_INT_ATOM + i);
            return e;
        }
    }
    return NULL;
}

RTLP_ATOM_ENTRY *RtlpAtomEntry(RTLP_ATOMS *atoms, RTL_ATOM atom)
{
    ULONG index = (ULONG)atom - RTLP_MAX_INT_ATOM;
    return atom >= RTLP_MAX_INT_ATOM && index < atoms->Count && atoms->Entries[index].Name ? &atoms->Entries[index]
                                                                                           : NULL;
}

NTSTATUS RtlpAddAtom(RTLP_ATOMS *atoms, const WCHAR *name, SIZE_T length, RTL_ATOM *atom)
{
    RTLP_ATOM_ENTRY *e;
    ULONG index;

    if ((e = RtlpFindName(atoms, name, length, atom))) {
        e->References++;
        return STATUS_SUCCESS;
    }
    for (index = 0; index < atoms->Count && atoms->Entries[index].Name; index++)
        ;
    if (index == atoms->Count && atoms->Count == atoms->Capacity) {
        ULONG capacity = atoms->Capacity ? atoms->Capacity * 2 : 32;
        RTLP_ATOM_ENTRY *grown;
        if (capacity > RTLP_MAX_ATOMS)
            capacity = RTLP_MAX_ATOMS;
        if (capacity <= atoms->Capacity || !(grown = atoms->Allocate(capacity * sizeof(*grown))))
            return STATUS_NO_MEMORY;
        for (ULONG i = 0; i < atoms->Count; i++)
            grown[i] = atoms->Entries[i];
        if (atoms->Entries)
            atoms->Free(atoms->Entries);
        atoms->Entries = grown;
        atoms->Capacity = capacity;
    }
    e = &atoms->Entries[index];
    if (!(e->Name = atoms->Allocate(length * sizeof(WCHAR))))
        return STATUS_NO_MEMORY;
    for (SIZE_T i = 0; i < length; i++)
        e->Name[i] = name[i];
    e->Length = (USHORT)length;
    e->References = 1;
    e->Pinned = FALSE;
    if (index == atoms->Count)
        atoms->Count++;
    *atom = (RTL_ATOM)(RTLP_MAX_INT_ATOM + index);
    return STATUS_SUCCESS;
}

NTSTATUS RtlpFindAtom(RTLP_ATOMS *atoms, const WCHAR *name, SIZE_T length, RTL_ATOM *atom)
{
    return RtlpFindName(atoms, name, length, atom) ? STATUS_SUCCESS : STATUS_OBJECT_NAME_NOT_FOUND;
}

NTSTATUS RtlpDeleteAtom(RTLP_ATOMS *atoms, RTL_ATOM atom)
{
    RTLP_ATOM_ENTRY *e;

    if (atom < RTLP_MAX_INT_ATOM)
        return atom ? STATUS_SUCCESS : STATUS_INVALID_HANDLE;
    if (!(e = RtlpAtomEntry(atoms, atom)))
        return STATUS_INVALID_HANDLE;
    if (e->Pinned)
        return STATUS_WAS_LOCKED;
    if (!--e->References) {
        atoms->Free(e->Name);
        e->Name = NULL;
    }
    return STATUS_SUCCESS;
}

void RtlpEmptyAtoms(RTLP_ATOMS *atoms, BOOLEAN include_pinned)
{
    for (ULONG i = 0; i < atoms->Count; i++) {
        RTLP_ATOM_ENTRY *e = &atoms->Entries[i];
        if (e->Name && (include_pinned || !e->Pinned)) {
            atoms->Free(e->Name);
            e->Name = NULL;
        }
    }
}

void RtlpFreeAtoms(RTLP_ATOMS *atoms)
{
    RtlpEmptyAtoms(atoms, TRUE);
    if (atoms->Entries)
        atoms->Free(atoms->Entries);
    atoms->Entries = NULL;
    atoms->Count = atoms->Capacity = 0;
}

ULONG RtlpIntegerAtomName(RTL_ATOM atom, WCHAR text[8])
{
    WCHAR digits[6];
    ULONG length = 0;
    int n = 0;

    for (ULONG v = atom; v; v /= 10)
        digits[n++] = (WCHAR)('0' + v % 10);
    text[length++] = '#';
    while (n)
        text[length++] = digits[--n];
    return length;
}
