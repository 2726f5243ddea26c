/* Atom tables' core, shared by ntdll's local tables and the kernel's global one: counted strings named by
 * 16-bit atoms from 0xC000, and integer atoms (1 to 0xBFFF, "#123") that stand for themselves. Callers lock. */
#ifndef LIB_RTL_ATOM_H
#define LIB_RTL_ATOM_H

#include "nt/ntdef.h"
#include "nt/ntstatus.h"
#include "nt/rtl.h"

#define RTLP_MAX_INT_ATOM 0xc000
#define RTLP_MAX_ATOM_NAME 255

typedef struct {
    WCHAR *Name; /* NULL for a free entry */
    USHORT Length;
    ULONG References;
    BOOLEAN Pinned;
} RTLP_ATOM_ENTRY;

typedef struct {
    ULONG Count; /* entries used or freed: atoms are 0xC000 + index */
    ULONG Capacity;
    RTLP_ATOM_ENTRY *Entries;
    void *(*Allocate)(SIZE_T size); /* zeroed memory, or NULL */
    void (*Free)(void *p);
} RTLP_ATOMS;

/* What a counted name asks for: an integer atom ("#123" sets *value), or a string (*value 0). An empty name or
 * one longer than 255 characters is refused. */
NTSTATUS RtlpParseAtomName(const WCHAR *name, SIZE_T length, RTL_ATOM *value);
/* A string atom: a new reference to the one of that name (any case), or a new one. */
NTSTATUS RtlpAddAtom(RTLP_ATOMS *atoms, const WCHAR *name, SIZE_T length, RTL_ATOM *atom);
/* The string atom of that name, or STATUS_OBJECT_NAME_NOT_FOUND. */
NTSTATUS RtlpFindAtom(RTLP_ATOMS *atoms, const WCHAR *name, SIZE_T length, RTL_ATOM *atom);
/* The entry of a string atom, or NULL. */
RTLP_ATOM_ENTRY *RtlpAtomEntry(RTLP_ATOMS *atoms, RTL_ATOM atom);
/* Drop a reference (an integer atom has none to drop); a pinned atom stays (STATUS_WAS_LOCKED). */
NTSTATUS RtlpDeleteAtom(RTLP_ATOMS *atoms, RTL_ATOM atom);
/* Free every string atom (the pinned ones too if asked), or every entry and the table's own memory. */
void RtlpEmptyAtoms(RTLP_ATOMS *atoms, BOOLEAN include_pinned);
void RtlpFreeAtoms(RTLP_ATOMS *atoms);
/* An integer atom's name, "#123", into text; its length in characters. */
ULONG RtlpIntegerAtomName(RTL_ATOM atom, WCHAR text[8]);

#endif
