/* RtlFormatMessage: inserts with their printf formats, from a va_list and from an array, the escapes, line
 * wrapping at a width, and overflows. The expected texts are what Windows produces (Wine's tests record it). */
#include <stdarg.h>
#include "lib/nttest.h"

static WCHAR Out[128];
static ULONG OutSize;

static NTSTATUS Format(const WCHAR *src, ULONG width, BOOLEAN ansi, ULONG size, ...)
{
    va_list args;
    NTSTATUS status;

    memset(Out, 0xcc, sizeof(Out));
    OutSize = 0xdeadbeef;
    va_start(args, size);
    status = RtlFormatMessage((PWSTR)src, width, FALSE, ansi, FALSE, &args, Out, size, &OutSize);
    va_end(args);
    return status;
}

#define CHECK(src, expect, width, ansi, ...)                                                                     \
    do {                                                                                                         \
        NTSTATUS s_ = Format(src, width, ansi, sizeof(Out), ##__VA_ARGS__);                                      \
        ok(!s_ && !wcscmp(Out, expect) && OutSize == (wcslen(expect) + 1) * sizeof(WCHAR),                       \
           "%S: %x [%S] %u", src, s_, Out, OutSize);                                                             \
    } while (0)

static void TestInserts(void)
{
    CHECK(L"test", L"test", 0, FALSE);
    CHECK(L"", L"", 0, FALSE);
    CHECK(L"%1", L"test", 0, FALSE, L"test");
    CHECK(L"%1!s!", L"foo", 0, TRUE, "foo");
    CHECK(L"%1!S!", L"test", 0, FALSE, "test");
    CHECK(L"%1!S!", L"foo", 0, TRUE, L"foo");
    CHECK(L"%1!hs!%1!hS!", L"testtest", 0, FALSE, "test");
    CHECK(L"%1!c!", L"b", 0, TRUE, 'b');
    CHECK(L"%1!04X!", L"BEEF", 0, FALSE, 0xbeef);
    CHECK(L"%1!Saa!", L"testaa", 0, FALSE, "test");
    CHECK(L"%.%%%Z%n%t%r%!% ", L".%Z\r\n\t\r! ", 0, FALSE);
    CHECK(L"%1!*.*u!,%1!*.*u!", L"  001, 0002", 0, FALSE, 5, 3, 1, 4, 2);
    CHECK(L"%1!*.*u!,%3!*.*u!", L"  001,  0002", 0, FALSE, 5, 3, 1, 6, 4, 2);
    CHECK(L"%1", L"(null)", 0, FALSE, NULL);
    CHECK(L"ab%1!!cd", L"abcd", 0, FALSE, L"hello");
    CHECK(L"a\r\nb\rc\r\rd\r\r\ne", L"a\r\nb\r\nc\r\n\r\nd\r\n\r\ne", 0, FALSE);
    CHECK(L"%1!#I64x! %2!x!", L"0x1234 5678", 0, FALSE, (ULONG_PTR)0x1234, 0x5678, 0xbeef);
    CHECK(L"%3!#I64x! %4!#I64x! %3!x! %1!x!", L"0x3 0x4 3 1", 0, FALSE, 0xdead00000001ll, 2, 3ll, 4ll);
    CHECK(L"%2!*.*I64x! %1!u! %4!u! %2!u!", L"  00000000000000d 19 11 17", 0, FALSE, 19ull, 17ull, 15ull, 13ull,
          11ull, 9ull);
    CHECK(L"%1!#llx!%2!#x!%1!#hx!", L"0x1234560x789abc0x3456", 0, FALSE, (ULONG_PTR)0x123456, 0x789abc);

    /* An argument array counts the '*' arguments differently. */
    {
        ULONG_PTR args[] = {6, 4, 2, 5, 3, 1};
        ok_status(RtlFormatMessage(L"%1!*.*u!,%4!*.*u!", 0, FALSE, FALSE, TRUE, (va_list *)args, Out, sizeof(Out),
                                   &OutSize),
                  STATUS_SUCCESS);
        ok(!wcscmp(Out, L"  0002,  001"), "an array: [%S]", Out);
    }
    /* %0 ends the message without a terminating line end. */
    ok_status(Format(L"ab%0cd", 0, FALSE, sizeof(Out)), STATUS_SUCCESS);
    ok(!wcscmp(Out, L"ab") && OutSize == 3 * sizeof(WCHAR), "%%0: [%S]", Out);
    /* Ignoring inserts keeps them as they are. */
    ok_status(RtlFormatMessage(L"%1 %% %n", 0, TRUE, FALSE, FALSE, NULL, Out, sizeof(Out), &OutSize),
              STATUS_SUCCESS);
    ok(!wcscmp(Out, L"%1 %% \r\n"), "inserts ignored: [%S]", Out);
}

static void TestWidth(void)
{
    CHECK(L"%1", L"testing\r\n", 3, FALSE, L"testing");
    CHECK(L"%1%2%3%4", L"test\r\nabcd\r\nabcdef\r\n", 4, FALSE, L"test", L"abcd", L"abc", L"def");
    CHECK(L"a%tb%t%t%t%c%r%r%r%r%r%rdefg", L"a\r\nb\r\n\r\n\r\nc\r\r\r\r\r\rdef\r\ng", 3, FALSE);
    CHECK(L"test abcd ", L"test\r\n\r\nabcd\r\n ", 4, FALSE);
    CHECK(L"test abcdef %1 foobar", L"tes\r\nt\r\nabc\r\ndef\r\n\r\nhello\r\nfoo\r\nbar\r\n", 3, FALSE, L"hello");
    CHECK(L"te st\nabc d\nfoo", L"te st\r\nabc d\r\nfoo", 6, FALSE);
    CHECK(L"te st    ab    d\nfoo", L"te st\r\n  ab\r\n d foo", 7, FALSE);
    CHECK(L"te\tst\t\t\t\tab\t\t\td\nfoo", L"te\tst\t\t\r\n\t\tab\t\t\t\r\nd foo", 7, FALSE);
    CHECK(L"te st\r\nabc d\n\nfoo\rbar", L"te st abc d  foo bar", 0xff, FALSE);
    CHECK(L"te st%r%nabc d%nfoo%rbar", L"te st\r\r\nabc d\r\nfoo\rbar", 0xff, FALSE);
}

static void TestErrors(void)
{
    static const WCHAR x10[] = L"xxxxxxxxxx";

    memcpy(Out, x10, sizeof(x10));
    ok_status(RtlFormatMessage(L"testing", 0, FALSE, FALSE, FALSE, NULL, Out, 8, &OutSize), STATUS_BUFFER_OVERFLOW);
    ok(!wcscmp(Out, L"testxxxxxx"), "as much as fits: [%S]", Out);
    ok_status(Format(L"%1", 0, FALSE, 8, L"test"), STATUS_BUFFER_OVERFLOW);
    ok(!memcmp(Out, L"tes", 8) && OutSize == 0xdeadbeef, "an insert cut and terminated: [%S]", Out);
    ok_status(Format(L"%1!*s!", 0, FALSE, 10, 5, L"abc"), STATUS_BUFFER_OVERFLOW);
    ok(!memcmp(Out, L"  ab", 10), "with its width: [%S]", Out);
    ok_status(Format(L"ab%", 0, FALSE, sizeof(Out)), STATUS_INVALID_PARAMETER);
    ok_status(Format(L"%1!s", 0, FALSE, sizeof(Out), L"x"), STATUS_INVALID_PARAMETER);
    ok_status(Format(L"%1!***d!", 0, FALSE, sizeof(Out), 1, 2, 3, 4), STATUS_INVALID_PARAMETER);
    ok_status(Format(L"%1!0123456789012345678901234567890123s!", 0, FALSE, sizeof(Out), L"x"),
              STATUS_INVALID_PARAMETER);
    ok_status(RtlFormatMessage(L"%1", 0, FALSE, FALSE, TRUE, NULL, Out, sizeof(Out), &OutSize),
              STATUS_INVALID_PARAMETER);
}

void RunTests(void)
{
    TestInserts();
    TestWidth();
    TestErrors();
}
