/* The global atom table (NtAddAtom, NtFindAtom, NtDeleteAtom, NtQueryInformationAtom) of GlobalAddAtom and its
 * family, over the atom core lib/rtl/atom.c shares with ntdll. Its atoms are the process's own: Veles has no
 * window station shared between processes yet. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "host/host.h"
#include "ke/ke.h"
#include "rtl/atom.h"

static void ExpAtomFree(void *p)
{
    free(p);
}

static pthread_mutex_t ExpAtomLock = PTHREAD_MUTEX_INITIALIZER;
static RTLP_ATOMS ExpAtoms = {.Allocate = HostZalloc, .Free = ExpAtomFree};

/* A caller's counted name: an integer atom (*value set) or a string copied into name. */
static NTSTATUS ExpCaptureAtomName(const WCHAR *user_name, ULONG bytes, WCHAR name[RTLP_MAX_ATOM_NAME], SIZE_T *length,
                                   RTL_ATOM *value)
{
    *length = bytes / sizeof(WCHAR);
    if (*length > RTLP_MAX_ATOM_NAME)
        return STATUS_INVALID_PARAMETER;
    if (*length && KeCopyFromUser(name, user_name, *length * sizeof(WCHAR)))
        return STATUS_ACCESS_VIOLATION;
    return RtlpParseAtomName(name, *length, value);
}

static NTSTATUS ExpAddOrFind(PWSTR AtomName, ULONG AtomNameLength, PRTL_ATOM Atom, BOOLEAN add)
{
    WCHAR name[RTLP_MAX_ATOM_NAME];
    SIZE_T length;
    RTL_ATOM value;
    NTSTATUS status = ExpCaptureAtomName(AtomName, AtomNameLength, name, &length, &value);

    if (status)
        return status;
    if (!value) {
        pthread_mutex_lock(&ExpAtomLock);
        status = add ? RtlpAddAtom(&ExpAtoms, name, length, &value) : RtlpFindAtom(&ExpAtoms, name, length, &value);
        pthread_mutex_unlock(&ExpAtomLock);
    }
    if (!status && Atom && KeWriteUser(Atom, value))
        return STATUS_ACCESS_VIOLATION;
    return status;
}

NTSTATUS NTAPI NtAddAtom(PWSTR AtomName, ULONG AtomNameLength, PRTL_ATOM Atom)
{
    return ExpAddOrFind(AtomName, AtomNameLength, Atom, TRUE);
}

NTSTATUS NTAPI NtFindAtom(PWSTR AtomName, ULONG AtomNameLength, PRTL_ATOM Atom)
{
    return ExpAddOrFind(AtomName, AtomNameLength, Atom, FALSE);
}

NTSTATUS NTAPI NtDeleteAtom(RTL_ATOM Atom)
{
    NTSTATUS status;

    pthread_mutex_lock(&ExpAtomLock);
    status = RtlpDeleteAtom(&ExpAtoms, Atom);
    pthread_mutex_unlock(&ExpAtomLock);
    return status;
}

/* An atom's counts and name: as much of the name as fits with its terminator, and STATUS_BUFFER_TOO_SMALL (the
 * whole length told) when not even one character does. */
static NTSTATUS ExpQueryAtom(RTL_ATOM atom, BYTE *out, ULONG length, ULONG *size)
{
    ULONG header = offsetof(ATOM_BASIC_INFORMATION, Name), room, copy;
    ATOM_BASIC_INFORMATION *info = (ATOM_BASIC_INFORMATION *)out;
    RTLP_ATOM_ENTRY *e;
    WCHAR number[8];
    const WCHAR *text = number;
    ULONG chars;

    if (length < header)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (atom < RTLP_MAX_INT_ATOM) {
        if (!atom)
            return STATUS_INVALID_HANDLE;
        chars = RtlpIntegerAtomName(atom, number);
        info->ReferenceCount = info->Pinned = 1;
    } else if ((e = RtlpAtomEntry(&ExpAtoms, atom))) {
        text = e->Name;
        chars = e->Length;
        info->ReferenceCount = (USHORT)e->References;
        info->Pinned = e->Pinned;
    } else {
        return STATUS_INVALID_HANDLE;
    }
    room = (length - header) / sizeof(WCHAR);
    info->NameLength = (USHORT)(chars * sizeof(WCHAR));
    *size = header;
    if (room <= 1)
        return STATUS_BUFFER_TOO_SMALL;
    copy = chars < room ? chars : room - 1;
    memcpy(info->Name, text, copy * sizeof(WCHAR));
    info->Name[copy] = 0;
    info->NameLength = (USHORT)(copy * sizeof(WCHAR));
    *size = header + (copy + 1) * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

/* The string atoms there are, as many as fit; all of them are counted. */
static NTSTATUS ExpQueryAtomTable(BYTE *out, ULONG length, ULONG *size)
{
    ATOM_TABLE_INFORMATION *info = (ATOM_TABLE_INFORMATION *)out;
    ULONG header = offsetof(ATOM_TABLE_INFORMATION, Atoms), fits, n = 0;

    if (length < header)
        return STATUS_INFO_LENGTH_MISMATCH;
    fits = (length - header) / sizeof(RTL_ATOM);
    for (ULONG i = 0; i < ExpAtoms.Count; i++)
        if (ExpAtoms.Entries[i].Name) {
            if (n < fits)
                info->Atoms[n] = (RTL_ATOM)(RTLP_MAX_INT_ATOM + i);
            n++;
        }
    info->NumberOfAtoms = n;
    *size = header + (n < fits ? n : fits) * (ULONG)sizeof(RTL_ATOM);
    return n > fits ? STATUS_BUFFER_TOO_SMALL : STATUS_SUCCESS;
}

NTSTATUS NTAPI NtQueryInformationAtom(RTL_ATOM Atom, ATOM_INFORMATION_CLASS AtomInformationClass,
                                      PVOID AtomInformation, ULONG AtomInformationLength, PULONG ReturnLength)
{
    ULONG length = AtomInformationLength > 0x10000 ? 0x10000 : AtomInformationLength, size = 0;
    BYTE *out;
    NTSTATUS status;

    if (AtomInformationClass != AtomBasicInformation && AtomInformationClass != AtomTableInformation)
        return STATUS_INVALID_INFO_CLASS;
    out = HostZalloc(length ? length : 1);
    pthread_mutex_lock(&ExpAtomLock);
    status = AtomInformationClass == AtomBasicInformation ? ExpQueryAtom(Atom, out, length, &size)
                                                          : ExpQueryAtomTable(out, length, &size);
    pthread_mutex_unlock(&ExpAtomLock);
    if (size && KeCopyToUser(AtomInformation, out, size))
        status = STATUS_ACCESS_VIOLATION;
    free(out);
    if (ReturnLength && !NT_ERROR(status) && KeWriteUser(ReturnLength, size))
        return STATUS_ACCESS_VIOLATION;
    return status;
}
