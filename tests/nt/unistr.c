/* Counted strings: RtlInit*String, comparison and case, appending and copying, the heap copies, byte strings,
 * searching, hashing and GUIDs as text. */
#include "lib/nttest.h"

static WCHAR Long[0x8001];

static void TestInit(void)
{
    UNICODE_STRING us;
    ANSI_STRING as;
    static const WCHAR text[] = L"Hello";

    RtlInitUnicodeString(&us, text);
    ok(us.Length == 10 && us.MaximumLength == 12 && us.Buffer == text, "init %u %u", us.Length, us.MaximumLength);
    RtlInitUnicodeString(&us, NULL);
    ok(us.Length == 0 && us.MaximumLength == 0 && !us.Buffer, "init from NULL");
    RtlInitUnicodeString(&us, L"");
    ok(us.Length == 0 && us.MaximumLength == 2, "init from empty");
    RtlInitAnsiString(&as, "abc");
    ok(as.Length == 3 && as.MaximumLength == 4, "ansi init");
    RtlInitAnsiString(&as, NULL);
    ok(as.Length == 0 && as.MaximumLength == 0 && !as.Buffer, "ansi init from NULL");
    ok_status(RtlInitAnsiStringEx(&as, "xy"), STATUS_SUCCESS);
    ok(as.Length == 2, "ansi init ex");

    /* Too long for a UNICODE_STRING: the plain call clamps, the Ex call refuses. */
    for (int i = 0; i < 0x8000; i++)
        Long[i] = 'a';
    RtlInitUnicodeString(&us, Long);
    ok(us.Length == 0xfffc && us.MaximumLength == 0xfffe, "clamped %x %x", us.Length, us.MaximumLength);
    ok_status(RtlInitUnicodeStringEx(&us, Long), STATUS_NAME_TOO_LONG);
    Long[0x7ffe] = 0;
    ok_status(RtlInitUnicodeStringEx(&us, Long), STATUS_SUCCESS);
    ok(us.Length == 0xfffc, "the longest that fits");
}

static void TestCompare(void)
{
    UNICODE_STRING a, b, p;

    RtlInitUnicodeString(&a, L"Kernel32.DLL");
    RtlInitUnicodeString(&b, L"kernel32.dll");
    RtlInitUnicodeString(&p, L"KERNEL");
    ok(RtlEqualUnicodeString(&a, &b, TRUE) && !RtlEqualUnicodeString(&a, &b, FALSE), "equal, case-blind only");
    ok(RtlCompareUnicodeString(&a, &b, TRUE) == 0, "compare case-blind");
    ok(RtlCompareUnicodeString(&a, &b, FALSE) < 0, "'K' sorts before 'k'");
    ok(RtlCompareUnicodeString(&p, &a, TRUE) < 0 && RtlCompareUnicodeString(&a, &p, TRUE) > 0, "shorter first");
    ok(RtlPrefixUnicodeString(&p, &a, TRUE) && !RtlPrefixUnicodeString(&p, &a, FALSE), "prefix");
    ok(!RtlPrefixUnicodeString(&a, &p, TRUE), "a longer string is no prefix");
    ok(RtlCompareUnicodeStrings(L"abc", 2, L"abd", 2, FALSE) == 0, "counted compare stops at the counts");
    ok(RtlUpcaseUnicodeChar('a') == 'A' && RtlUpcaseUnicodeChar(0xe9) == 0xc9 && RtlUpcaseUnicodeChar('1') == '1',
       "upcase");
    ok(RtlDowncaseUnicodeChar('Q') == 'q' && RtlDowncaseUnicodeChar(0xc9) == 0xe9 &&
       RtlDowncaseUnicodeChar(0xd7) == 0xd7, "downcase");
}

static void TestCopyAndAppend(void)
{
    WCHAR buf[8];
    UNICODE_STRING dst = {0, sizeof(buf), buf}, src, up;

    ok_status(RtlAppendUnicodeToString(&dst, L"abc"), STATUS_SUCCESS);
    ok(dst.Length == 6 && buf[3] == 0, "appended and terminated");
    RtlInitUnicodeString(&src, L"defg");
    ok_status(RtlAppendUnicodeStringToString(&dst, &src), STATUS_SUCCESS);
    ok(dst.Length == 14 && buf[6] == 'g' && buf[7] == 0, "appended %u", dst.Length);
    ok_status(RtlAppendUnicodeToString(&dst, L"hi"), STATUS_BUFFER_TOO_SMALL);
    ok(dst.Length == 14, "unchanged when it does not fit");
    ok_status(RtlAppendUnicodeToString(&dst, NULL), STATUS_SUCCESS);

    RtlInitUnicodeString(&src, L"0123456789");
    RtlCopyUnicodeString(&dst, &src);
    ok(dst.Length == 16 && buf[7] == '7', "copy truncated to the room there is (%u)", dst.Length);
    RtlCopyUnicodeString(&dst, NULL);
    ok(dst.Length == 0, "copy of nothing");

    RtlInitUnicodeString(&src, L"MiXed");
    ok_status(RtlUpcaseUnicodeString(&up, &src, TRUE), STATUS_SUCCESS);
    ok(up.Length == 10 && up.Buffer[1] == 'I' && up.Buffer[3] == 'E', "upcased copy");
    RtlFreeUnicodeString(&up);
    ok(!up.Buffer && !up.Length, "freed");
    dst.Length = 0;
    dst.MaximumLength = 4;
    ok_status(RtlUpcaseUnicodeString(&dst, &src, FALSE), STATUS_BUFFER_OVERFLOW);
}

static void TestHeapCopies(void)
{
    UNICODE_STRING s, d, empty = {0, 0, NULL};

    ok(RtlCreateUnicodeString(&s, L"copy me"), "created");
    ok(s.Length == 14 && s.MaximumLength == 16 && s.Buffer[7] == 0, "create %u %u", s.Length, s.MaximumLength);
    ok_status(RtlDuplicateUnicodeString(1, &s, &d), STATUS_SUCCESS);
    ok(d.Length == 14 && d.MaximumLength == 16 && d.Buffer != s.Buffer && d.Buffer[7] == 0 && d.Buffer[0] == 'c',
       "duplicate, terminated");
    RtlFreeUnicodeString(&d);
    ok_status(RtlDuplicateUnicodeString(0, &s, &d), STATUS_SUCCESS);
    ok(d.Length == 14 && d.MaximumLength == 14, "duplicate, not terminated");
    RtlFreeUnicodeString(&d);
    ok_status(RtlDuplicateUnicodeString(3, &empty, &d), STATUS_SUCCESS);
    ok(d.Buffer && d.Length == 0 && d.MaximumLength == 2 && d.Buffer[0] == 0, "an allocated empty string");
    RtlFreeUnicodeString(&d);
    ok_status(RtlDuplicateUnicodeString(1, &empty, &d), STATUS_SUCCESS);
    ok(!d.Buffer && d.MaximumLength == 0, "no allocation for an empty string");
    ok_status(RtlDuplicateUnicodeString(4, &s, &d), STATUS_INVALID_PARAMETER);
    ok_status(RtlDuplicateUnicodeString(2, &s, &d), STATUS_INVALID_PARAMETER);
    {
        UNICODE_STRING roomless = {0, 2, NULL};
        ok_status(RtlDuplicateUnicodeString(0, &roomless, &d), STATUS_INVALID_PARAMETER);
    }
    ok_status(RtlDuplicateUnicodeString(1, NULL, &d), STATUS_INVALID_PARAMETER);
    ok_status(RtlDuplicateUnicodeString(1, &s, NULL), STATUS_INVALID_PARAMETER);
    s.Length = 17;
    ok_status(RtlDuplicateUnicodeString(1, &s, &d), STATUS_INVALID_PARAMETER);
    s.Length = 14;
    RtlFreeUnicodeString(&s);
}

static void TestIntegers(void)
{
    static const struct {
        const char *text;
        ULONG base, value;
    } cases[] = {
        {"123", 10, 123}, {"  -5", 10, (ULONG)-5}, {"+42x", 0, 42}, {"0x1F", 0, 31}, {"0b101", 0, 5},
        {"0o17", 0, 15}, {"ff", 16, 255}, {"0x10", 16, 0}, {"789", 8, 7}, {"", 10, 0}, {"\t\n9", 10, 9},
    };
    UNICODE_STRING us;
    WCHAR wide[16];
    ULONG value;

    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        SIZE_T n = strlen(cases[i].text);
        value = 0xdead;
        ok_status(RtlCharToInteger(cases[i].text, cases[i].base, &value), STATUS_SUCCESS);
        ok(value == cases[i].value, "\"%s\" in base %u: %u", cases[i].text, cases[i].base, value);
        for (SIZE_T k = 0; k < n; k++)
            wide[k] = (WCHAR)cases[i].text[k];
        us.Buffer = wide;
        us.Length = us.MaximumLength = (USHORT)(n * sizeof(WCHAR));
        value = 0xdead;
        ok_status(RtlUnicodeStringToInteger(&us, cases[i].base, &value), STATUS_SUCCESS);
        ok(value == cases[i].value, "L\"%s\" in base %u: %u", cases[i].text, cases[i].base, value);
    }
    ok_status(RtlCharToInteger("1", 7, &value), STATUS_INVALID_PARAMETER);
    ok_status(RtlCharToInteger("1", 10, NULL), STATUS_ACCESS_VIOLATION);
    us.Length = 2; /* the count bounds the text: "12" read as "1" */
    wide[0] = '1';
    wide[1] = '2';
    ok_status(RtlUnicodeStringToInteger(&us, 10, &value), STATUS_SUCCESS);
    ok(value == 1, "only the counted characters");
}

static void TestIsTextUnicode(void)
{
    static const WCHAR text[] = L"Hello world\r\n";
    static const WCHAR bom[] = {0xfeff, 'h', 'i'};
    static const WCHAR reversed[] = {0xfffe, 0x6800, 0x6900};
    static const WCHAR swapped[] = {0x4800, 0x6900, 0x2000, 0x0a00};
    static const char ascii[] = "plain ascii text";
    INT flags;

    ok(RtlIsTextUnicode(text, sizeof(text) - 2, NULL), "ASCII in UTF-16 is Unicode");
    flags = ~0;
    ok(RtlIsTextUnicode(text, sizeof(text) - 2, &flags), "asked everything");
    ok(flags == (IS_TEXT_UNICODE_STATISTICS | IS_TEXT_UNICODE_CONTROLS | IS_TEXT_UNICODE_NULL_BYTES),
       "statistics, controls and NUL bytes: %x", flags);
    flags = IS_TEXT_UNICODE_SIGNATURE;
    ok(RtlIsTextUnicode(bom, sizeof(bom), &flags) && flags == IS_TEXT_UNICODE_SIGNATURE, "a byte order mark");
    flags = ~0;
    ok(!RtlIsTextUnicode(reversed, sizeof(reversed), &flags) && (flags & IS_TEXT_UNICODE_REVERSE_SIGNATURE),
       "a reversed mark is not: %x", flags);
    flags = IS_TEXT_UNICODE_REVERSE_CONTROLS;
    ok(!RtlIsTextUnicode(swapped, sizeof(swapped), &flags) && flags == IS_TEXT_UNICODE_REVERSE_CONTROLS,
       "big-endian controls: %x", flags);
    flags = IS_TEXT_UNICODE_STATISTICS | IS_TEXT_UNICODE_CONTROLS;
    ok(!RtlIsTextUnicode(ascii, sizeof(ascii) - 1, &flags) && flags == 0, "ASCII bytes are not: %x", flags);
    flags = ~0;
    ok(!RtlIsTextUnicode(ascii, 1, &flags) && flags == 0, "a single byte says nothing");
    flags = IS_TEXT_UNICODE_ODD_LENGTH;
    ok(!RtlIsTextUnicode(ascii, 5, &flags) && flags == IS_TEXT_UNICODE_ODD_LENGTH, "an odd length");
}

static void TestCaseTables(void)
{
    ok(RtlUpcaseUnicodeChar(0x3c3) == 0x3a3 && RtlDowncaseUnicodeChar(0x410) == 0x430 &&
           RtlUpcaseUnicodeChar(0x1f00) == 0x1f08,
       "case beyond Latin-1, as Unicode maps it");
    ok(_wcsicmp(L"\x414\x43e\x43c", L"\x434\x41e\x41c") && !_wcsicmp(L"DoM", L"dOm"),
       "_wcsicmp not: Windows' ntdll folds ASCII letters only there");
}

/* Byte strings copied, appended (never terminated; nothing at all when it does not fit), compared. */
static void TestByteStrings(void)
{
    char buffer[16];
    STRING dest = {0, 10, buffer}, src, other;

    memset(buffer, '-', sizeof(buffer));
    RtlInitString(&src, "Test");
    RtlCopyString(&dest, &src);
    ok(dest.Length == 4 && !memcmp(buffer, "Test-", 5), "copied, unterminated");
    ok_status(RtlAppendAsciizToString(&dest, "ing"), STATUS_SUCCESS);
    ok(dest.Length == 7 && !memcmp(buffer, "Testing-", 8), "ASCIIZ appended");
    ok_status(RtlAppendStringToString(&dest, &src), STATUS_BUFFER_TOO_SMALL);
    ok(dest.Length == 7 && buffer[7] == '-', "nothing of what does not fit");
    ok_status(RtlAppendAsciizToString(&dest, NULL), STATUS_SUCCESS);
    RtlCopyString(&dest, NULL);
    ok(dest.Length == 0, "a NULL source empties it");
    RtlInitString(&other, "TESTING");
    RtlInitString(&src, "testing");
    ok(RtlEqualString(&src, &other, TRUE) && !RtlEqualString(&src, &other, FALSE), "equal but for case");
    RtlInitString(&src, "TeS");
    ok(RtlPrefixString(&src, &other, TRUE) && !RtlPrefixString(&src, &other, FALSE) &&
           !RtlPrefixString(&other, &src, TRUE),
       "prefixes");
}

/* Case, validation, erasing, searching for characters of a set, hashing, GUIDs as text and upper-cased
 * conversions to the code pages. */
static void TestMoreUnicode(void)
{
    WCHAR buffer[8] = L"AbC\xc9";
    UNICODE_STRING s = {8, sizeof(buffer), buffer}, set, lower = {0, 0, NULL};
    USHORT pos;
    ULONG hash, hash2;
    GUID guid = {0x12345678, 0x9abc, 0xdef0, {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}};
    UNICODE_STRING text;
    ANSI_STRING ansi;
    char bytes[8];
    ULONG n;

    ok_status(RtlDowncaseUnicodeString(&lower, &s, TRUE), STATUS_SUCCESS);
    ok(lower.Length == 8 && TestStrEqualW(lower.Buffer, "abc\xe9", 4), "down-cased, Latin-1 too");
    RtlFreeUnicodeString(&lower);

    ok_status(RtlValidateUnicodeString(0, &s), STATUS_SUCCESS);
    ok_status(RtlValidateUnicodeString(0, NULL), STATUS_SUCCESS);
    ok_status(RtlValidateUnicodeString(1, &s), STATUS_INVALID_PARAMETER);
    s.Length = 3;
    ok_status(RtlValidateUnicodeString(0, &s), STATUS_INVALID_PARAMETER);
    s.Length = 18;
    ok_status(RtlValidateUnicodeString(0, &s), STATUS_INVALID_PARAMETER);
    s.Length = 8;

    RtlInitUnicodeString(&set, L"Cx");
    ok_status(RtlFindCharInUnicodeString(0, &s, &set, &pos), STATUS_SUCCESS);
    ok(pos == 6, "the first of the set, the offset past it: %u", pos);
    ok_status(RtlFindCharInUnicodeString(1, &s, &set, &pos), STATUS_SUCCESS);
    ok(pos == 4, "searching back, its own offset: %u", pos);
    RtlInitUnicodeString(&set, L"AbC\xc9");
    ok_status(RtlFindCharInUnicodeString(2, &s, &set, &pos), STATUS_NOT_FOUND);
    ok(pos == 0, "none outside the set");
    ok_status(RtlFindCharInUnicodeString(4, &s, &set, &pos), STATUS_INVALID_PARAMETER);

    /* Hashes Wine's tests record from Windows. */
    RtlInitUnicodeString(&text, L"Test");
    ok_status(RtlHashUnicodeString(&text, FALSE, 1, &hash), STATUS_SUCCESS);
    ok(hash == 0x766bb952, "x65599 of Test: %x", hash);
    RtlInitUnicodeString(&text, L"test");
    ok_status(RtlHashUnicodeString(&text, TRUE, 0, &hash2), STATUS_SUCCESS);
    ok(hash2 == 0x6689c132, "of test without case: %x", hash2);
    ok_status(RtlHashUnicodeString(&text, TRUE, 2, &hash), STATUS_INVALID_PARAMETER);
    ok_status(RtlHashUnicodeString(NULL, TRUE, 1, &hash), STATUS_INVALID_PARAMETER);
    ok_status(RtlHashUnicodeString(&text, TRUE, 1, NULL), STATUS_INVALID_PARAMETER);

    ok_status(RtlStringFromGUID(&guid, &text), STATUS_SUCCESS);
    ok(text.Length == 76 && text.MaximumLength == 78 &&
           TestStrEqualW(text.Buffer, "{12345678-9ABC-DEF0-0123-456789ABCDEF}", 38) && !text.Buffer[38],
       "a GUID as text");
    RtlFreeUnicodeString(&text);

    RtlInitUnicodeString(&text, L"abc");
    ok_status(RtlUpcaseUnicodeStringToAnsiString(&ansi, &text, TRUE), STATUS_SUCCESS);
    ok(ansi.Length == 3 && !strcmp(ansi.Buffer, "ABC"), "upper-cased to ANSI");
    RtlFreeAnsiString(&ansi);
    ok_status(RtlUpcaseUnicodeStringToOemString(&ansi, &text, TRUE), STATUS_SUCCESS);
    ok(ansi.Length == 3 && !strcmp(ansi.Buffer, "ABC"), "and to OEM");
    RtlFreeOemString(&ansi);
    ok_status(RtlUpcaseUnicodeToMultiByteN(bytes, sizeof(bytes), &n, L"xy", 4), STATUS_SUCCESS);
    ok(n == 2 && bytes[0] == 'X' && bytes[1] == 'Y', "upper-cased bytes");
    ok_status(RtlUpcaseUnicodeToOemN(bytes, 1, &n, L"xy", 4), STATUS_SUCCESS);
    ok(n == 1 && bytes[0] == 'X', "as many as there is room for");
    RtlInitString(&ansi, "abcd");
    ok(RtlAnsiStringToUnicodeSize(&ansi) == 10 && RtlOemStringToUnicodeSize(&ansi) == 10, "sizes with the terminator");

    RtlEraseUnicodeString(&s);
    ok(s.Length == 0 && !buffer[0] && !buffer[7], "erased");
}

void RunTests(void)
{
    TestByteStrings();
    TestMoreUnicode();
    TestCaseTables();
    TestIsTextUnicode();
    TestInit();
    TestCompare();
    TestCopyAndAppend();
    TestHeapCopies();
    TestIntegers();
}
