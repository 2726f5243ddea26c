/* The C library functions ntdll exports: strings narrow and wide, number parsing, character classes. */
#include "lib/nttest.h"

static void TestNarrow(void)
{
    char buf[32];
    const char *path = "C:\\dir\\file.txt";
    char *end;

    ok(strlen(path) == 15 && strnlen(path, 4) == 4 && strnlen("ab", 10) == 2, "lengths");
    ok(strcmp("abc", "abd") < 0 && strcmp("b", "abc") > 0 && strcmp("same", "same") == 0, "strcmp's signs");
    ok(strcmp("\xe9", "a") > 0, "characters compare unsigned");
    ok(strncmp("abcX", "abcY", 3) == 0 && strncmp("ab", "abc", 3) < 0, "strncmp stops at n or the end");
    ok(strcat(strcpy(buf, "foo"), "bar") == buf && !strcmp(buf, "foobar"), "strcpy and strcat");
    memset(buf, 'x', sizeof(buf));
    strncpy(buf, "ab", 5);
    ok(buf[0] == 'a' && buf[1] == 'b' && !buf[2] && !buf[4] && buf[5] == 'x', "strncpy pads to n, no further");
    strncpy(buf, "abcdef", 3);
    ok(buf[3] == 0 && buf[2] == 'c', "and adds no terminator when the source is longer");
    ok(strchr(path, '\\') == path + 2 && strrchr(path, '\\') == path + 6 && !strchr(path, 'z'), "strchr, strrchr");
    ok(strchr(path, 0) == path + 15, "the terminator is found too");
    ok(strpbrk(path, ".:") == path + 1 && !strpbrk(path, "?*"), "strpbrk");
    ok(strspn("aabbc", "ab") == 4 && strcspn("abc;d", ";") == 3 && strcspn("abc", "") == 3, "spans");
    ok(strstr(path, "file") == path + 7 && !strstr(path, "files") && strstr(path, "") == path, "strstr");
    ok(_stricmp("HeLLo", "hello") == 0 && _stricmp("a", "B") < 0 && _strnicmp("ABCx", "abcy", 3) == 0,
       "case-insensitive compares");
    ok(_wcsicmp(L"K\x00c9rnel", L"k\x00e9RNEL") == 0 && _wcsicmp(L"a", L"B") < 0 && _wcsnicmp(L"ABx", L"aby", 2) == 0 &&
       _wcsnicmp(L"ab", L"abc", 3) < 0, "wide compares fold Unicode case");
    ok(towupper(L'a') == L'A' && towupper(0xe9) == 0xc9 && towlower(0xc9) == 0xe9 && towlower(L'1') == L'1',
       "towupper, towlower");

    ok(strtol("  -123xyz", &end, 10) == -123 && !strcmp(end, "xyz"), "strtol: spaces, sign, stops at a non-digit");
    ok(strtol("0x1F", &end, 0) == 31 && !*end && strtol("017", NULL, 0) == 15 && strtol("19", NULL, 0) == 19,
       "base 0 follows the prefix");
    ok(strtol("ff", NULL, 16) == 255 && strtol("0xff", NULL, 16) == 255 && strtol("z", NULL, 36) == 35, "bases");
    ok(strtol("99999999999", &end, 10) == 0x7fffffff && !*end, "overflow clamps high");
    ok(strtol("-99999999999", NULL, 10) == (long)0x80000000, "and low");
    ok(strtol("-2147483648", NULL, 10) == (long)0x80000000 && strtol("2147483647", NULL, 10) == 0x7fffffff,
       "the limits themselves");
    ok(strtol("xyz", &end, 10) == 0 && end != NULL && !strcmp(end, "xyz"), "no digits: 0, end at the start");
    ok(strtol("0x", &end, 16) == 0 && !strcmp(end, "x"), "0x without digits: only the 0");
    ok(strtoul("4294967295", NULL, 10) == 0xffffffffu && strtoul("4294967296", NULL, 10) == 0xffffffffu,
       "strtoul's limit");
    ok(strtoul("-1", NULL, 10) == 0xffffffffu, "a minus sign negates");

    ok(isdigit('0') && !isdigit('a') && isupper('Q') && !isupper('q'), "digits and capitals");
    ok(isalpha('q') && !isalpha('1') && isalnum('7') && islower('a') && !islower('A'), "classes");
    ok(isxdigit('F') && isxdigit('9') && !isxdigit('g') && isspace('\t') && !isspace('x'), "more classes");
    ok(tolower('Q') == 'q' && tolower('1') == '1' && toupper('z') == 'Z' && tolower(0xc9) == 0xc9,
       "case: ASCII only, as the C locale");
}

static void TestWide(void)
{
    WCHAR buf[32];
    static const WCHAR path[] = {'C', ':', '\\', 'a', '\\', 'b', '.', 't', 0};
    static const WCHAR bs[] = {'\\', 0}, dot_colon[] = {'.', ':', 0}, b_dot[] = {'b', '.', 0}, none[] = {0};
    static const WCHAR num[] = {' ', '-', '0', 'x', '1', '0', 'k', 0}, big[] = {0x00e9, 0};
    static const WCHAR em_space[] = {0x2003, '5', 0};
    WCHAR *end;

    ok(wcslen(path) == 8 && wcsnlen(path, 3) == 3, "wide lengths");
    ok(wcscmp(path, path) == 0 && wcscmp(big, path) > 0 && wcsncmp(path, bs, 0) == 0, "wcscmp, unsigned");
    ok(wcscat(wcscpy(buf, path), bs) == buf && wcslen(buf) == 9 && buf[8] == '\\', "wcscpy and wcscat");
    memset(buf, 0x55, sizeof(buf));
    wcsncpy(buf, bs, 3);
    ok(buf[0] == '\\' && !buf[1] && !buf[2] && buf[3] == 0x5555, "wcsncpy pads to n");
    ok(wcschr(path, '\\') == path + 2 && wcsrchr(path, '\\') == path + 4 && !wcschr(path, 'z'), "wcschr, wcsrchr");
    ok(wcspbrk(path, dot_colon) == path + 1 && wcsspn(path, none) == 0 && wcscspn(path, bs) == 2, "spans");
    ok(wcsstr(path, b_dot) == path + 5 && wcsstr(path, none) == path, "wcsstr");
    ok(wcstol(num, &end, 16) == -16 && *end == 'k', "wcstol: hex with a sign");
    ok(wcstoul(num, NULL, 0) == (ULONG)-16, "wcstoul");
    ok(wcstol(em_space, &end, 10) == 0 && end == em_space, "only ASCII white space is skipped");
    ok(strtol("\xa0" "5", NULL, 10) == 0, "a byte above 0x7f is no space either");
}

static void TestMemory(void)
{
    char b[16] = "0123456789";

    ok(memmove(b + 2, b, 6) == b + 2 && !memcmp(b, "0101234589", 10), "memmove up over itself");
    ok(memmove(b, b + 2, 6) == b && !memcmp(b, "0123454589", 10), "and down");
    ok(memcmp("abc", "abd", 3) < 0 && memcmp("abd", "abc", 3) > 0 && !memcmp("abc", "abd", 2) &&
           memcmp("\xff", "\x01", 1) > 0,
       "memcmp, bytes unsigned");
    ok(memcpy(b, "xyz", 3) == b && !memcmp(b, "xyz345", 6), "memcpy");
}

void RunTests(void)
{
    TestMemory();
    TestNarrow();
    TestWide();
}
