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
    /* Windows' ntdll folds ASCII letters only here, whatever the rest of Unicode does. */
    ok(_wcsicmp(L"KERnel", L"keRNEL") == 0 && _wcsicmp(L"\x00c9", L"\x00e9") == 0xc9 - 0xe9 &&
           _wcsicmp(L"a", L"B") < 0 && _wcsnicmp(L"ABx", L"aby", 2) == 0 && _wcsnicmp(L"ab", L"abc", 3) < 0,
       "wide compares fold ASCII case");
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

/* The character classes answer GetStringTypeW's CT_CTYPE1 bits: ASCII for the narrow ones, Latin-1 for the
 * wide ones. */
static void TestClasses(void)
{
    ok(isalpha('A') == 0x1 && isalpha('b') == 0x2 && isxdigit('f') == 0x80 && isdigit('7') == 0x4,
       "the bits themselves");
    ok(iscntrl('\t') && !isprint('\t') && isprint(' ') && !isgraph(' ') && ispunct('~') && !ispunct('a') &&
           isgraph('a') && !isalpha(0xe9) && !isalpha(-1),
       "narrow: ASCII only");
    ok(iswalpha(0xe9) && iswlower(0xe9) && !iswalpha(0xd7) && !iswalpha(0x100) && iswspace(0xa0) &&
           !iswspace(0x3000) && iswctype(0xb2, 0xffff) == 0x14 && iswctype('\t', 0xffff) == 0x68 &&
           iswxdigit('F') && !iswdigit(0x660),
       "wide: Latin-1 only");
    ok(tolower('Q') == 'q' && tolower(0x141) == 0x161 && tolower(0xc9) == 0xc9 && toupper('q') == 'Q' &&
           toupper(0x171) == 'Q' && toupper(-512) == 0,
       "tolower by the low byte, toupper through the code page");
    ok(towlower(0xc9) == 0xe9 && towlower(0x100) == 0x100 && towupper(0x101) == 0x100, "towlower stops at Latin-1");
}

static int __cdecl CompareInts(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

static int __cdecl CompareNoCase(const void *a, const void *b)
{
    return _stricmp(*(const char *const *)a, *(const char *const *)b);
}

static void TestNumbersAndSorting(void)
{
    static int many[1000];
    const char *words[7] = {"Hello", "Wine", "World", "!", "wine", "Sorted", "WINE"};
    char text[80];
    WCHAR wide[40];
    WCHAR digits[] = {0x0e54, 0x0e50, 0x0e55, 0};
    WCHAR *end;
    ULONG seed = 7, sorted = 1;
    int key = 42, *found;

    ok(!strcmp(_itoa(-123, text, 10), "-123") && !strcmp(_ltoa(-2, text, 2), "11111111111111111111111111111110") &&
           !strcmp(_ultoa(71270178, text, 37), "111111") && !strcmp(_i64toa(-1, text, 16), "ffffffffffffffff") &&
           !strcmp(_ui64toa(0x8000000000000000ull, text, 10), "9223372036854775808"),
       "integers as text: a sign in base 10 only");
    ok(TestStrEqualW(_itow(-77, wide, 10), "-77", 3) && TestStrEqualW(_ui64tow(255, wide, 16), "ff", 2) &&
           TestStrEqualW(_ltow(10, wide, 2), "1010", 4) && TestStrEqualW(_ultow(8, wide, 8), "10", 2) &&
           TestStrEqualW(_i64tow(-5, wide, 10), "-5", 2),
       "and wide");
    ok(atoi(" \n+214 0") == 214 && atoi("-9999999999") == -1410065407 && atol("4294967296") == 0 &&
           _atoi64("-9223372036854775809") == 0x7fffffffffffffffll && atoi("0x12") == 0,
       "atoi and its kin wrap, decimal only");
    ok(_wtoi(L"\t\xa0\n 12") == 12 && _wtol(L"\x3000 12") == 0 && _wtoi64(L"-5") == -5, "wide, with Latin-1 space");
    ok(wcstol(digits, &end, 0) == 405 && end == digits + 3 && wcstoul(L"-4294967296", NULL, 10) == 1 &&
           wcstol(L"2147483648", NULL, 10) == 0x7fffffff,
       "wcstol reads other scripts' digits; wcstoul negates its clamped value");

    qsort(words, 7, sizeof(words[0]), CompareNoCase);
    ok(!strcmp(words[0], "!") && !strcmp(words[3], "wine") && !strcmp(words[4], "WINE") && !strcmp(words[5], "Wine"),
       "equal elements of a short array where Windows puts them: %s %s %s", words[3], words[4], words[5]);
    for (int i = 0; i < 1000; i++)
        many[i] = (int)(RtlRandomEx(&seed) % 5000);
    many[500] = 42;
    qsort(many, 1000, sizeof(int), CompareInts);
    for (int i = 1; i < 1000; i++)
        sorted &= many[i - 1] <= many[i];
    found = bsearch(&key, many, 1000, sizeof(int), CompareInts);
    ok(sorted && found && *found == 42, "a long array sorted and searched");
    key = 5001;
    ok(!bsearch(&key, many, 1000, sizeof(int), CompareInts), "a missing key");
}

static void TestScanAndSecurePrint(void)
{
    char word[16] = "", set[16] = "", c = 0;
    WCHAR wide[16];
    int a = 0, b = 0, n = 0;
    ULONG f = 0x5555; /* where a float would go: never written */

    ok(sscanf(" 12 0x1f word", "%d %x %15s%n", &a, &b, word, &n) == 3 && a == 12 && b == 0x1f &&
           !strcmp(word, "word") && n == 13,
       "sscanf: integers, a word, the count read");
    ok(sscanf("abc123", "%[a-c]%c", set, &c) == 2 && !strcmp(set, "abc") && c == '1', "a set, a character");
    ok(sscanf("10", "%f", &f) == 0 && f == 0x5555, "no floating point, as in Windows' ntdll");
    ok(sscanf("", "%d", &a) == -1 && sscanf("x", "%d", &a) == 0 && sscanf("7", "%*d") == 0, "end, mismatch, skip");

    memset(word, 0x55, sizeof(word));
    ok(_snprintf_s(word, 5, 4, "test") == 4 && !strcmp(word, "test"), "_snprintf_s: it fits");
    ok(_snprintf_s(word, 5, 3, "test") == -1 && !strcmp(word, "tes"), "cut by the count: -1, ended");
    ok(_snprintf_s(word, 4, 10, "test") == -1 && !word[0], "cut by the buffer: -1, empty");
    ok(_snprintf_s(word, 4, (SIZE_T)-1, "test") == -1 && !strcmp(word, "tes"), "_TRUNCATE: as much as fits");
    ok(_snwprintf_s(wide, 16, 16, L"%d", 5) == 1 && wide[0] == '5' && !wide[1], "_snwprintf_s");
    ok(_snprintf(NULL, 0, "hello world") == 11 && _snprintf(NULL, 1, "x") == -1, "_snprintf's length for no buffer");
    ok(_snprintf(word, sizeof(word), "%Ls", "test") == 4 && !strcmp(word, "test"), "%%Ls: L changes no string");
    wcscpy(wide, L"Ab\x00c9z");
    ok(_wcslwr(wide) == wide && wide[0] == 'a' && wide[2] == 0xc9 && _wcsupr(wide) == wide && wide[3] == 'Z',
       "_wcslwr and _wcsupr: ASCII only");
    ok(memchr("ab", 'b', 2) && memchr("ab", 0x100 + 'a', 2) && !memchr("ab", 'z', 2), "memchr by the low byte");
}

void RunTests(void)
{
    TestMemory();
    TestNarrow();
    TestWide();
    TestClasses();
    TestNumbersAndSorting();
    TestScanAndSecurePrint();
}
