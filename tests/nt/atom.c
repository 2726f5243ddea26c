/* Atom tables: string atoms counted and pinned, integer atoms, queries and their buffer rules; the global table's
 * services. */
#include "lib/nttest.h"

static void TestStringAtoms(void)
{
    PVOID table = NULL;
    RTL_ATOM a, b, found;
    ULONG refs = 9, pins = 9, len;
    WCHAR name[64];

    ok_status(RtlCreateAtomTable(37, &table), STATUS_SUCCESS);
    ok(table && *(ULONG *)table == 0x6d6f7441, "Windows' signature");
    ok_status(RtlAddAtomToAtomTable(table, L"Veles Atom", &a), STATUS_SUCCESS);
    ok(a >= 0xc000, "a string atom: %x", a);
    ok_status(RtlLookupAtomInAtomTable(table, L"VELES ATOM", &found), STATUS_SUCCESS);
    ok(found == a, "found without regard to case");
    ok_status(RtlAddAtomToAtomTable(table, L"veles atom", &found), STATUS_SUCCESS);
    ok_status(RtlAddAtomToAtomTable(table, L"Veles Atom", &found), STATUS_SUCCESS);
    ok_status(RtlQueryAtomInAtomTable(table, a, &refs, &pins, NULL, NULL), STATUS_SUCCESS);
    ok(found == a && refs == 3 && pins == 0, "added three times: %u references, %u pins", refs, pins);
    ok_status(RtlAddAtomToAtomTable(table, L"", &b), STATUS_OBJECT_NAME_INVALID);
    ok_status(RtlAddAtomToAtomTable(table, L"Other", &b), STATUS_SUCCESS);
    ok(b != a, "another atom");

    len = 0;
    ok_status(RtlQueryAtomInAtomTable(table, a, NULL, NULL, name, &len), STATUS_BUFFER_TOO_SMALL);
    ok(len == 20, "the length needed: %u", len);
    len = sizeof(name);
    ok_status(RtlQueryAtomInAtomTable(table, a, NULL, NULL, name, &len), STATUS_SUCCESS);
    ok(len == 20 && !wcscmp(name, L"Veles Atom"), "the name as first added: %S", name);
    len = 8;
    name[4] = 0x1337;
    ok_status(RtlQueryAtomInAtomTable(table, a, NULL, NULL, name, &len), STATUS_SUCCESS);
    ok(len == 6 && !wcsncmp(name, L"Vel", 3) && !name[3] && name[4] == 0x1337, "cut to fit, terminated");

    ok_status(RtlDeleteAtomFromAtomTable(table, a), STATUS_SUCCESS);
    ok_status(RtlDeleteAtomFromAtomTable(table, a), STATUS_SUCCESS);
    ok_status(RtlLookupAtomInAtomTable(table, L"veles atom", &found), STATUS_SUCCESS);
    ok_status(RtlPinAtomInAtomTable(table, a), STATUS_SUCCESS);
    ok_status(RtlDeleteAtomFromAtomTable(table, a), STATUS_WAS_LOCKED);
    ok_status(RtlQueryAtomInAtomTable(table, a, &refs, &pins, NULL, NULL), STATUS_SUCCESS);
    ok(refs == 1 && pins == 1, "pinned: it stays");
    ok_status(RtlDeleteAtomFromAtomTable(table, b), STATUS_SUCCESS);
    ok_status(RtlLookupAtomInAtomTable(table, L"Other", &found), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(RtlDeleteAtomFromAtomTable(table, b), STATUS_INVALID_HANDLE);
    ok_status(RtlQueryAtomInAtomTable(table, b, &refs, &pins, NULL, NULL), STATUS_INVALID_HANDLE);

    ok_status(RtlEmptyAtomTable(table, FALSE), STATUS_SUCCESS);
    ok_status(RtlLookupAtomInAtomTable(table, L"Veles Atom", &found), STATUS_SUCCESS);
    ok_status(RtlEmptyAtomTable(table, TRUE), STATUS_SUCCESS);
    ok_status(RtlLookupAtomInAtomTable(table, L"Veles Atom", &found), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(RtlDestroyAtomTable(table), STATUS_SUCCESS);
}

static void TestIntegerAtoms(void)
{
    PVOID table = NULL;
    RTL_ATOM atom;
    ULONG refs, pins, len = 64;
    WCHAR name[64], longname[300];

    ok_status(RtlCreateAtomTable(0, &table), STATUS_SUCCESS);
    ok_status(RtlAddAtomToAtomTable(table, NULL, &atom), STATUS_INVALID_PARAMETER);
    ok_status(RtlAddAtomToAtomTable(table, (PCWSTR)1, &atom), STATUS_SUCCESS);
    ok_status(RtlAddAtomToAtomTable(table, (PCWSTR)0xbfff, &atom), STATUS_SUCCESS);
    ok(atom == 0xbfff, "an integer atom is itself");
    ok(RtlAddAtomToAtomTable(table, (PCWSTR)0xc000, &atom) != STATUS_SUCCESS, "0xc000 is no integer atom");
    ok_status(RtlAddAtomToAtomTable(table, L"#123", &atom), STATUS_SUCCESS);
    ok(atom == 123, "\"#123\" is 123");
    ok_status(RtlAddAtomToAtomTable(table, L"#abc", &atom), STATUS_SUCCESS);
    ok(atom >= 0xc000, "\"#abc\" is a string");
    ok_status(RtlLookupAtomInAtomTable(table, (PCWSTR)123, &atom), STATUS_SUCCESS);
    ok_status(RtlQueryAtomInAtomTable(table, 123, &refs, &pins, name, &len), STATUS_SUCCESS);
    ok(!wcscmp(name, L"#123") && len == 8 && refs == 1 && pins == 1, "queried: %S", name);
    ok_status(RtlPinAtomInAtomTable(table, 123), STATUS_SUCCESS);

    for (int i = 0; i < 256; i++)
        longname[i] = 'x';
    longname[256] = 0;
    ok_status(RtlAddAtomToAtomTable(table, longname, &atom), STATUS_INVALID_PARAMETER);
    longname[255] = 0;
    ok_status(RtlAddAtomToAtomTable(table, longname, &atom), STATUS_SUCCESS);
    ok_status(RtlDestroyAtomTable(table), STATUS_SUCCESS);
}

static void TestGlobalAtoms(void)
{
    static const WCHAR name[] = L"Veles-Global", other[] = L"VELES-GLOBAL";
    ULONG buffer[32];
    ATOM_BASIC_INFORMATION *info = (ATOM_BASIC_INFORMATION *)buffer;
    ATOM_TABLE_INFORMATION *table = (ATOM_TABLE_INFORMATION *)buffer;
    RTL_ATOM atom = 0, again = 0, number = 0;
    ULONG len = 0;

    ok_status(NtAddAtom((PWSTR)name, sizeof(name) - sizeof(WCHAR), &atom), STATUS_SUCCESS);
    ok(atom >= 0xc000, "a string atom: %x", atom);
    ok_status(NtAddAtom((PWSTR)other, sizeof(other) - sizeof(WCHAR), &again), STATUS_SUCCESS);
    ok(again == atom, "the same name in another case is the same atom");
    ok_status(NtFindAtom((PWSTR)other, sizeof(other) - sizeof(WCHAR), &again), STATUS_SUCCESS);
    ok_status(NtFindAtom((PWSTR)L"veles-none", 20, &again), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(NtAddAtom((PWSTR)L"#123", 8, &number), STATUS_SUCCESS);
    ok(number == 123, "an integer atom stands for itself: %u", number);
    ok_status(NtAddAtom((PWSTR)name, 0, &again), STATUS_OBJECT_NAME_INVALID);
    ok_status(NtAddAtom((PWSTR)name, 256 * sizeof(WCHAR), &again), STATUS_INVALID_PARAMETER);
    ok_status(NtAddAtom((PWSTR)name, sizeof(name) - sizeof(WCHAR), (PRTL_ATOM)0x10), STATUS_ACCESS_VIOLATION);

    memset(buffer, 0xcc, sizeof(buffer));
    ok_status(NtQueryInformationAtom(atom, AtomBasicInformation, buffer, sizeof(buffer), &len), STATUS_SUCCESS);
    ok(info->ReferenceCount == 3 && !info->Pinned && info->NameLength == 24 &&
           TestStrEqualW(info->Name, "Veles-Global", 12) && !info->Name[12],
       "its name and counts: %u %u", info->ReferenceCount, info->NameLength);
    ok_status(NtQueryInformationAtom(atom, AtomBasicInformation, buffer, sizeof(ATOM_BASIC_INFORMATION), &len),
              STATUS_BUFFER_TOO_SMALL);
    ok(info->NameLength == 24, "too small: the length told");
    ok_status(NtQueryInformationAtom(atom, AtomBasicInformation, buffer, offsetof(ATOM_BASIC_INFORMATION, Name) + 10,
                                     &len),
              STATUS_SUCCESS);
    ok(info->NameLength == 8 && !info->Name[4], "as much as fits, terminated: %u", info->NameLength);
    ok_status(NtQueryInformationAtom(number, AtomBasicInformation, buffer, sizeof(buffer), &len), STATUS_SUCCESS);
    ok(info->NameLength == 8 && TestStrEqualW(info->Name, "#123", 4), "an integer atom's name");
    ok_status(NtQueryInformationAtom(atom, AtomTableInformation, buffer, sizeof(buffer), &len), STATUS_SUCCESS);
    ok(table->NumberOfAtoms >= 1, "the table holds it");
    ok_status(NtQueryInformationAtom(atom, 7, buffer, sizeof(buffer), &len), STATUS_INVALID_INFO_CLASS);
    ok_status(NtQueryInformationAtom(0xc000 + 999, AtomBasicInformation, buffer, sizeof(buffer), &len),
              STATUS_INVALID_HANDLE);

    for (int i = 0; i < 3; i++)
        ok_status(NtDeleteAtom(atom), STATUS_SUCCESS);
    ok_status(NtFindAtom((PWSTR)name, sizeof(name) - sizeof(WCHAR), &again), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(NtDeleteAtom(atom), STATUS_INVALID_HANDLE);
    ok_status(NtDeleteAtom(0), STATUS_INVALID_HANDLE);
}

void RunTests(void)
{
    TestGlobalAtoms();
    TestStringAtoms();
    TestIntegerAtoms();
}
