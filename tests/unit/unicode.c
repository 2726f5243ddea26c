/* UTF-8 <-> UTF-16 conversion (lib/rtl/unicode.c). */
#include <string.h>
#include "rtl/unicode.h"
#include "unit.h"

static int Utf8To16Is(const char *in, size_t inlen, const WCHAR *want, size_t wantlen)
{
    WCHAR out[64];
    size_t n = RtlpUtf8ToUtf16(in, inlen, out, 64);
    return n == wantlen && (!wantlen || !memcmp(out, want, wantlen * sizeof(WCHAR))) && RtlpUtf8ToUtf16(in, inlen, NULL, 0) == n;
}

UNIT_TEST(utf8_to_utf16)
{
    CHECK(Utf8To16Is("abc", 3, (const WCHAR[]){'a', 'b', 'c'}, 3), "ASCII");
    CHECK(Utf8To16Is("w\xc3\xb6rld", 6, (const WCHAR[]){'w', 0xf6, 'r', 'l', 'd'}, 5), "two-byte sequence");
    CHECK(Utf8To16Is("\xe2\x82\xac", 3, (const WCHAR[]){0x20ac}, 1), "three-byte sequence");
    CHECK(Utf8To16Is("\xf0\x9f\x98\x80", 4, (const WCHAR[]){0xd83d, 0xde00}, 2), "four bytes become a surrogate pair");
    CHECK(Utf8To16Is("\xc0\xaf", 2, (const WCHAR[]){0xfffd, 0xfffd}, 2), "overlong: replaced");
    /* Windows' count: the lead byte and the continuation it does not allow are one unit, the rest one each. */
    CHECK(Utf8To16Is("\xed\xa0\x80", 3, (const WCHAR[]){0xfffd, 0xfffd}, 2), "encoded surrogate: replaced");
    CHECK(Utf8To16Is("\xe2\x82", 2, (const WCHAR[]){0xfffd}, 1), "truncated: one unit");
    CHECK(Utf8To16Is("\xe2\x82-", 3, (const WCHAR[]){0xfffd, '-'}, 2), "cut short: one unit, then what follows");
    CHECK(Utf8To16Is("\xf4\x90\x80\x80", 4, (const WCHAR[]){0xfffd, 0xfffd, 0xfffd}, 3), "beyond U+10FFFF");
    CHECK(Utf8To16Is("a\xff" "b", 3, (const WCHAR[]){'a', 0xfffd, 'b'}, 3), "a stray byte resynchronises");
    CHECK(Utf8To16Is("", 0, NULL, 0), "empty");
}

UNIT_TEST(utf16_to_utf8)
{
    char out[32];
    const WCHAR mixed[] = {'w', 0xf6, 0x20ac, 0xd83d, 0xde00};
    const WCHAR lone[] = {0xd800, 'x', 0xdc00};
    size_t n = RtlpUtf16ToUtf8(mixed, 5, out, sizeof(out));

    CHECK(n == 10 && !memcmp(out, "w\xc3\xb6\xe2\x82\xac\xf0\x9f\x98\x80", 10), "mixed: %zu bytes", n);
    n = RtlpUtf16ToUtf8(lone, 3, out, sizeof(out));
    CHECK(n == 7 && !memcmp(out, "\xef\xbf\xbdx\xef\xbf\xbd", 7), "unpaired surrogates replaced");
    CHECK(RtlpUtf16ToUtf8(mixed, 5, out, 3) == 10 && !memcmp(out, "w\xc3\xb6", 3), "a short buffer: partial, size told");
    {
        SIZE_T replaced, written;
        memset(out, 0x55, sizeof(out));
        n = RtlpUtf16ToUtf8Counted(mixed, 5, out, 5, &replaced, &written);
        CHECK(n == 10 && written == 3 && out[3] == 0x55 && out[4] == 0x55,
              "a character that does not fit whole is not begun: %zu written", (size_t)written);
    }
}

UNIT_TEST(case_mappings)
{
    CHECK(RtlpUpcase('a') == 'A' && RtlpUpcase(0xe9) == 0xc9 && RtlpUpcase(0xff) == 0x178, "Latin");
    CHECK(RtlpUpcase(0x3c3) == 0x3a3 && RtlpUpcase(0x3c2) == 0x3a3 && RtlpUpcase(0x434) == 0x414, "Greek, Cyrillic");
    CHECK(RtlpUpcase(0xdf) == 0xdf && RtlpUpcase('1') == '1' && RtlpUpcase(0xff41) == 0xff21,
          "no single-character mapping stays; fullwidth letters map");
    CHECK(RtlpDowncase(0x410) == 0x430 && RtlpDowncase(0x178) == 0xff && RtlpDowncase('Z') == 'z', "down");
    CHECK(RtlpUpcase(0xb5) == 0xb5 && RtlpDowncase(0x130) == 0x130 && RtlpDowncase(0x3f4) == 0x3f4,
          "the mappings Windows' table leaves out");
    CHECK(RtlpEqualNames((const WCHAR[]){0x414, 0x43e, 'm'}, 3, (const WCHAR[]){0x434, 0x41e, 'M'}, 3, TRUE),
          "names compare without case beyond Latin-1");
}
