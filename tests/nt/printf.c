/* ntdll's printf family: conversions, flags, sizes, both widths of text, and _vsnprintf's truncation rules. */
#include "lib/nttest.h"

static char Out[128];
static WCHAR WideOut[64];

static int Is(const char *expect)
{
    if (strcmp(Out, expect)) {
        TestPrint("     got \"%s\", expected \"%s\"\n", Out, expect);
        return 0;
    }
    return 1;
}

static void TestConversions(void)
{
    ANSI_STRING as;
    UNICODE_STRING us;

    ok(_snprintf(Out, sizeof(Out), "%d %i %u %x %X %o", -5, 7, 3000000000u, 255, 255, 8) == 24 &&
       Is("-5 7 3000000000 ff FF 10"), "integers");
    ok(_snprintf(Out, sizeof(Out), "%5d|%-5d|%05d|%+d|% d|%.3d", 42, 42, 42, 42, 42, 7) > 0 &&
       Is("   42|42   |00042|+42| 42|007"), "flags, width, precision");
    ok(_snprintf(Out, sizeof(Out), "%#x %#o %#X %#x", 255, 8, 171, 0) > 0 && Is("0xff 010 0XAB 0"), "alternate forms");
    ok(_snprintf(Out, sizeof(Out), "%I64d %lld %llx %Iu %I32u", -1ll, 1ll << 40, 1ull << 36, (SIZE_T)12, 5u) > 0 &&
       Is("-1 1099511627776 1000000000 12 5"), "sizes");
    ok(_snprintf(Out, sizeof(Out), "%hd %hu %ld", 70000, 70000, -3l) > 0 && Is("4464 4464 -3"), "short and long");
    ok(_snprintf(Out, sizeof(Out), "%s|%S|%hs|%ls|%ws", "abc", L"wide", "h", L"l", L"w") > 0 && Is("abc|wide|h|l|w"),
       "text of both widths");
    ok(_snprintf(Out, sizeof(Out), "%c%C%hc%lc", 'x', L'y', 'z', L'w') > 0 && Is("xyzw"), "characters");
    ok(_snprintf(Out, sizeof(Out), "%.2s|%*d|%-*s|%6.2s|", "abcdef", 5, 3, 4, "a", "xyz") > 0 &&
       Is("ab|    3|a   |    xy|"), "precision and width from arguments");
    ok(_snprintf(Out, sizeof(Out), "%p", (void *)0x12ab) > 0 && Is("00000000000012AB"), "pointers");
    RtlInitAnsiString(&as, "counted");
    RtlInitUnicodeString(&us, L"unicode");
    ok(_snprintf(Out, sizeof(Out), "%Z %wZ %s", &as, &us, (char *)NULL) > 0 && Is("counted unicode (null)"),
       "counted strings, NULL");
    ok(_snprintf(Out, sizeof(Out), "100%% %f %d", 1.5, 7) > 0 && Is("100% %f 7"),
       "floating point is not ntdll's: shown as written, its argument skipped");
    ok(_snprintf(Out, sizeof(Out), "a%Qb %**u %0.3+x", 3) > 0 && Is("aQb *u +x"),
       "a character no conversion has shows alone, the '%%' and what came before it gone: %s", Out);
    ok(_snprintf(Out, sizeof(Out), "ab%") == 2 && Is("ab"), "a '%%' that ends the format shows nothing");
}

static void TestTruncation(void)
{
    memset(Out, '#', sizeof(Out));
    ok(_snprintf(Out, 5, "abcdef") == -1 && !memcmp(Out, "abcde#", 6), "too long: -1, not terminated");
    memset(Out, '#', sizeof(Out));
    ok(_snprintf(Out, 6, "abcdef") == 6 && !memcmp(Out, "abcdef#", 7), "an exact fit is not terminated");
    memset(Out, '#', sizeof(Out));
    ok(_snprintf(Out, 7, "abcdef") == 6 && !memcmp(Out, "abcdef", 7), "room left: terminated");
    ok(sprintf(Out, "%s-%d", "x", 1) == 3 && Is("x-1"), "sprintf");
}

static void TestWide(void)
{
    ok(_snwprintf(WideOut, 64, L"%s %S %d %c", L"wide", "narrow", 3, L'!') == 15 &&
       !wcscmp(WideOut, L"wide narrow 3 !"), "wide: %s is wide, %S narrow");
    ok(_snwprintf(WideOut, 3, L"abcd") == -1, "wide truncation");
    ok(swprintf(WideOut, L"%05.1d|%x", 9, 0xbeef) > 0 && !wcscmp(WideOut, L"    9|beef"), "swprintf: %S", WideOut);
}

void RunTests(void)
{
    TestConversions();
    TestTruncation();
    TestWide();
}
