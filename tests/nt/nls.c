/* Code pages: the ANSI (1252) and OEM (437) tables from system32, a double-byte one (932), and the
 * conversions through them and through UTF-8. */
#include "lib/nttest.h"

static int SameW(const WCHAR *a, const WCHAR *b, SIZE_T n)
{
    return !memcmp(a, b, n * sizeof(WCHAR));
}

static void TestTables(void)
{
    CPTABLEINFO info;
    PPEB peb = TestPeb();
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;
    HANDLE file, section;
    PVOID view = NULL;
    SIZE_T size = 0;

    ok(peb->AnsiCodePageData && peb->OemCodePageData, "the PEB has the tables");
    RtlInitCodePageTable(peb->AnsiCodePageData, &info);
    ok(info.CodePage == 1252 && info.MaximumCharacterSize == 1 && !info.DBCSCodePage && info.DefaultChar == '?',
       "ANSI is 1252: %u", info.CodePage);
    ok(info.MultiByteTable[0x80] == 0x20ac && ((UCHAR *)info.WideCharTable)[0x20ac] == 0x80, "the euro sign");
    RtlInitCodePageTable(peb->OemCodePageData, &info);
    ok(info.CodePage == 437 && info.MultiByteTable[0x82] == 0xe9, "OEM is 437: %u", info.CodePage);

    RtlInitUnicodeString(&name, L"\\SystemRoot\\system32\\C_932.NLS");
    ok_status(NtOpenFile(&file, FILE_GENERIC_READ, &oa, &iosb, FILE_SHARE_READ, FILE_SYNCHRONOUS_IO_NONALERT),
              STATUS_SUCCESS);
    ok_status(NtCreateSection(&section, SECTION_MAP_READ, NULL, NULL, PAGE_READONLY, SEC_COMMIT, file),
              STATUS_SUCCESS);
    ok_status(NtMapViewOfSection(section, NtCurrentProcess(), &view, 0, 0, NULL, &size, ViewShare, 0, PAGE_READONLY),
              STATUS_SUCCESS);
    RtlInitCodePageTable(view, &info);
    ok(info.CodePage == 932 && info.MaximumCharacterSize == 2 && info.DBCSCodePage && info.DBCSOffsets,
       "932 is double-byte");
    ok(info.DBCSOffsets[0x82] && info.DBCSOffsets[info.DBCSOffsets[0x82] + 0xa0] == 0x3042 &&
       ((USHORT *)info.WideCharTable)[0x3042] == 0x82a0, "0x82 0xa0 is HIRAGANA LETTER A");
    NtUnmapViewOfSection(NtCurrentProcess(), view);
    NtClose(section);
    NtClose(file);
}

static void TestConversions(void)
{
    WCHAR wide[16];
    char bytes[16];
    ULONG n;

    ok_status(RtlMultiByteToUnicodeN(wide, sizeof(wide), &n, "\x80" "abc\xe9", 5), STATUS_SUCCESS);
    ok(n == 10 && SameW(wide, L"\x20ac" L"abc\x00e9", 5), "ANSI to Unicode (%u)", n);
    ok_status(RtlMultiByteToUnicodeN(wide, 4, &n, "abc", 3), STATUS_SUCCESS);
    ok(n == 4, "cut to the room there is");
    ok_status(RtlMultiByteToUnicodeSize(&n, "abcd", 4), STATUS_SUCCESS);
    ok(n == 8, "size %u", n);
    ok_status(RtlUnicodeToMultiByteN(bytes, sizeof(bytes), &n, L"\x20ac\x00e9\x4e00", 6), STATUS_SUCCESS);
    ok(n == 3 && (UCHAR)bytes[0] == 0x80 && (UCHAR)bytes[1] == 0xe9 && bytes[2] == '?', "Unicode to ANSI");
    ok_status(RtlUnicodeToMultiByteSize(&n, L"abc", 6), STATUS_SUCCESS);
    ok(n == 3, "size %u", n);
    ok_status(RtlOemToUnicodeN(wide, sizeof(wide), &n, "\x82", 1), STATUS_SUCCESS);
    ok(n == 2 && wide[0] == 0xe9, "OEM to Unicode");
    ok_status(RtlUnicodeToOemN(bytes, sizeof(bytes), &n, L"\x00e9", 2), STATUS_SUCCESS);
    ok(n == 1 && (UCHAR)bytes[0] == 0x82, "Unicode to OEM");
    /* Only ASCII letters: Wine's tests record Windows leaving the code page's other bytes alone. */
    ok(RtlUpperChar('q') == 'Q' && (UCHAR)RtlUpperChar((CHAR)0xe9) == 0xe9 && RtlUpperChar('1') == '1', "upper");
}

static void TestCountedStrings(void)
{
    ANSI_STRING ansi, out;
    UNICODE_STRING us, fixed;
    char small[4];
    WCHAR room[3];

    RtlInitAnsiString(&ansi, "h\xe9llo");
    ok_status(RtlAnsiStringToUnicodeString(&us, &ansi, TRUE), STATUS_SUCCESS);
    ok(us.Length == 10 && us.MaximumLength == 12 && SameW(us.Buffer, L"h\x00e9llo", 6), "allocated");
    fixed.Buffer = room;
    fixed.MaximumLength = sizeof(room);
    ok_status(RtlAnsiStringToUnicodeString(&fixed, &ansi, FALSE), STATUS_BUFFER_OVERFLOW);
    ok(RtlUnicodeStringToAnsiSize(&us) == 6 && RtlUnicodeStringToOemSize(&us) == 6, "sizes with the terminator");

    out.Buffer = small;
    out.MaximumLength = sizeof(small);
    ok_status(RtlUnicodeStringToAnsiString(&out, &us, FALSE), STATUS_BUFFER_OVERFLOW);
    ok(out.Length == 3 && !memcmp(small, "h\xe9l", 4), "cut and terminated");
    ok_status(RtlUnicodeStringToOemString(&out, &us, TRUE), STATUS_SUCCESS);
    ok(out.Length == 5 && !strcmp(out.Buffer, "h\x82llo"), "to OEM, allocated");
    RtlFreeAnsiString(&out);
    ok_status(RtlOemStringToUnicodeString(&fixed, &ansi, TRUE), STATUS_SUCCESS);
    ok(fixed.Buffer[1] == 0x0398, "0xe9 in 437 is THETA: %x", fixed.Buffer[1]);
    RtlFreeUnicodeString(&fixed);
    RtlFreeUnicodeString(&us);
    ok(RtlCreateUnicodeStringFromAsciiz(&us, "plain") && us.Length == 10 && !wcscmp(us.Buffer, L"plain"), "from ASCII");
    RtlFreeUnicodeString(&us);
}

static void TestUtf8(void)
{
    WCHAR wide[8];
    char bytes[8];
    ULONG n = 0;

    ok_status(RtlUTF8ToUnicodeN(wide, sizeof(wide), &n, "h\xc3\xa9", 3), STATUS_SUCCESS);
    ok(n == 4 && wide[0] == 'h' && wide[1] == 0xe9, "UTF-8 to Unicode");
    ok_status(RtlUTF8ToUnicodeN(NULL, 0, &n, "h\xf0\x9f\x98\x80", 5), STATUS_SUCCESS);
    ok(n == 6, "the size asked for: a surrogate pair (%u)", n);
    ok_status(RtlUTF8ToUnicodeN(wide, sizeof(wide), &n, "a\xff", 2), STATUS_SOME_NOT_MAPPED);
    ok(n == 4 && wide[1] == 0xfffd, "malformed input is U+FFFD");
    ok_status(RtlUTF8ToUnicodeN(wide, 2, &n, "abc", 3), STATUS_BUFFER_TOO_SMALL);
    ok(n == 2 && wide[0] == 'a', "what fits");
    ok_status(RtlUTF8ToUnicodeN(wide, sizeof(wide), NULL, "abc", 3), STATUS_INVALID_PARAMETER);

    ok_status(RtlUnicodeToUTF8N(bytes, sizeof(bytes), &n, L"h\x00e9", 4), STATUS_SUCCESS);
    ok(n == 3 && !memcmp(bytes, "h\xc3\xa9", 3), "Unicode to UTF-8");
    ok_status(RtlUnicodeToUTF8N(bytes, sizeof(bytes), &n, L"\xd800x", 4), STATUS_SOME_NOT_MAPPED);
    ok_status(RtlUnicodeToUTF8N(bytes, sizeof(bytes), &n, L"abc", 3), STATUS_INVALID_PARAMETER_5);
    ok_status(RtlUnicodeToUTF8N(NULL, 0, &n, L"abc", 3), STATUS_SUCCESS);
    ok(n == 1, "only the length asked: an odd count rounded down (%u)", n);
    ok_status(RtlUnicodeToUTF8N(bytes, 2, &n, L"abc", 6), STATUS_BUFFER_TOO_SMALL);
}

/* Normalization as Windows does it (the cases of Wine's conformance tests); the forms themselves are checked
 * against the Unicode standard's conformance file by the host unit tests. */
static void TestNormalization(void)
{
    static const WCHAR d_dot_above[] = {0x1e0a, 0}, d_below_above[] = {0x0044, 0x0323, 0x0307, 0};
    static const WCHAR nfc2[] = {0x1e0c, 0x0307}, bad[] = {'A', 'B', 0xd800, 'Z', 0};
    static const ULONG forms[] = {1, 2, 5, 6};
    WCHAR out[64];
    LONG len;
    BOOLEAN normalized;

    len = 64;
    ok_status(RtlNormalizeString(2, d_dot_above, -1, out, &len), STATUS_SUCCESS);
    ok(len == 3 && out[0] == 0x44 && out[1] == 0x307 && !out[2], "NFD, with the terminator: %d", len);
    len = 64;
    ok_status(RtlNormalizeString(1, d_below_above, 3, out, &len), STATUS_SUCCESS);
    ok(len == 2 && !memcmp(out, nfc2, sizeof(nfc2)), "NFC composes what is not blocked: %d %x", len, out[0]);
    len = 1;
    ok_status(RtlNormalizeString(2, d_dot_above, 1, out, &len), STATUS_BUFFER_TOO_SMALL);
    ok(len == 2, "too small: %d", len);

    for (ULONG i = 0; i < 4; i++) {
        for (LONG j = 1; j < 40; j += 7) {
            LONG expect = forms[i] < 5 ? j * 3 : j * 18;
            if (expect > 64)
                expect = j + j / 8 > 64 ? j + j / 8 : 64;
            len = 0;
            ok_status(RtlNormalizeString(forms[i], L"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", j, NULL, &len),
                      STATUS_SUCCESS);
            if (len != expect)
                ok(0, "form %u, %d characters: an estimate of %d, not %d", forms[i], j, len, expect);
        }
        len = 64;
        ok_status(RtlNormalizeString(forms[i], bad, -1, out, &len), STATUS_NO_UNICODE_TRANSLATION);
        ok(len == 3, "a lone surrogate, form %u: %d", forms[i], len);
    }
    len = 0;
    ok_status(RtlNormalizeString(0, L"ABC", -1, NULL, &len), STATUS_INVALID_PARAMETER);
    ok_status(RtlNormalizeString(3, L"ABC", -1, NULL, &len), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(RtlNormalizeString(13, L"ABC", -1, NULL, &len), STATUS_SUCCESS);
    len = 64;
    ok_status(RtlNormalizeString(1, L"ABC", 0, out, &len), STATUS_SUCCESS);
    ok(len == 0, "nothing to normalize");

    ok_status(RtlIsNormalizedString(1, nfc2, 2, &normalized), STATUS_SUCCESS);
    ok(normalized, "NFC is NFC");
    ok_status(RtlIsNormalizedString(1, d_below_above, -1, &normalized), STATUS_SUCCESS);
    ok(!normalized, "a decomposed letter is not NFC");
    ok_status(RtlIsNormalizedString(2, d_below_above, -1, &normalized), STATUS_SUCCESS);
    ok(normalized, "but it is NFD");
    ok_status(RtlIsNormalizedString(1, bad, -1, &normalized), STATUS_NO_UNICODE_TRANSLATION);
}

/* Byte strings compared and upper-cased, and one ANSI character read at a time. */
static void TestByteStrings(void)
{
    STRING abc, abd, ab, upper;
    char room[2], text[] = "A\xe9z";
    PUCHAR p = (PUCHAR)text;

    RtlInitString(&abc, "abc");
    RtlInitString(&abd, "ABD");
    RtlInitString(&ab, "ab");
    ok(RtlCompareString(&abc, &abd, TRUE) < 0 && RtlCompareString(&abd, &abc, TRUE) > 0, "c before d, case aside");
    ok(RtlCompareString(&abc, &abd, FALSE) == 'a' - 'A', "with case: 'a' after 'A'");
    ok(RtlCompareString(&abc, &ab, FALSE) > 0 && RtlCompareString(&ab, &abc, FALSE) < 0, "a prefix first");
    RtlInitString(&abd, "ABC");
    ok(RtlCompareString(&abc, &abd, TRUE) == 0, "equal but for case");
    upper.Buffer = room;
    upper.MaximumLength = sizeof(room);
    RtlUpperString(&upper, &abc);
    ok(upper.Length == 2 && room[0] == 'A' && room[1] == 'B', "upper-cased, as much as there is room for");
    ok(RtlAnsiCharToUnicodeChar(&p) == 'A' && p == (PUCHAR)text + 1, "an ASCII character");
    ok(RtlAnsiCharToUnicodeChar(&p) == 0xe9 && p == (PUCHAR)text + 2, "e acute in code page 1252");
}

void RunTests(void)
{
    TestByteStrings();
    TestNormalization();
    TestTables();
    TestConversions();
    TestCountedStrings();
    TestUtf8();
}
