/* The C runtime's integers as text and back that ntdll exports: _itoa and its kin (a sign only in base 10,
 * other bases showing the two's complement), atoi and its kin (wrapping, as Windows' do, rather than clamping),
 * in narrow and wide forms. */
#include "rtl/rtlp.h"

/* The digits of value in base (2 and up: past 36 the digits go on after 'z' in ASCII) into a buffer of either
 * width; a minus first when negative. */
static void *RtlpUnsignedToText(ULONG64 value, BOOLEAN negative, void *out, int base, BOOLEAN wide)
{
    char digits[72];
    int n = 0, i = 0;

    if (base < 2) {
        if (wide)
            *(WCHAR *)out = 0;
        else
            *(char *)out = 0;
        return out;
    }
    do {
        ULONG digit = (ULONG)(value % (ULONG)base);
        digits[n++] = (char)(digit < 10 ? '0' + digit : 'a' + digit - 10);
        value /= (ULONG)base;
    } while (value);
    if (negative)
        digits[n++] = '-';
    while (n) {
        char c = digits[--n];
        if (wide)
            ((WCHAR *)out)[i++] = (UCHAR)c;
        else
            ((char *)out)[i++] = c;
    }
    if (wide)
        ((WCHAR *)out)[i] = 0;
    else
        ((char *)out)[i] = 0;
    return out;
}

static void *RtlpSignedToText(LONG64 value, ULONG64 as_unsigned, void *out, int base, BOOLEAN wide)
{
    if (base == 10 && value < 0)
        return RtlpUnsignedToText(0 - (ULONG64)value, TRUE, out, base, wide);
    return RtlpUnsignedToText(as_unsigned, FALSE, out, base, wide);
}

char *_itoa(int value, char *str, int radix) { return RtlpSignedToText(value, (ULONG)value, str, radix, FALSE); }
char *_ltoa(LONG value, char *str, int radix) { return RtlpSignedToText(value, (ULONG)value, str, radix, FALSE); }
char *_ultoa(ULONG value, char *str, int radix) { return RtlpUnsignedToText(value, FALSE, str, radix, FALSE); }
char *_i64toa(LONG64 value, char *str, int radix) { return RtlpSignedToText(value, (ULONG64)value, str, radix, FALSE); }
char *_ui64toa(ULONG64 value, char *str, int radix) { return RtlpUnsignedToText(value, FALSE, str, radix, FALSE); }
WCHAR *_itow(int value, WCHAR *str, int radix) { return RtlpSignedToText(value, (ULONG)value, str, radix, TRUE); }
WCHAR *_ltow(LONG value, WCHAR *str, int radix) { return RtlpSignedToText(value, (ULONG)value, str, radix, TRUE); }
WCHAR *_ultow(ULONG value, WCHAR *str, int radix) { return RtlpUnsignedToText(value, FALSE, str, radix, TRUE); }
WCHAR *_i64tow(LONG64 value, WCHAR *str, int radix) { return RtlpSignedToText(value, (ULONG64)value, str, radix, TRUE); }
WCHAR *_ui64tow(ULONG64 value, WCHAR *str, int radix) { return RtlpUnsignedToText(value, FALSE, str, radix, TRUE); }

/* Decimal after spaces and a sign, the value taken modulo 2^64 (the callers keep what their type holds). */
static ULONG64 RtlpDecimal(const void *text, BOOLEAN wide)
{
    ULONG64 value = 0;
    BOOLEAN negative = FALSE;
    SIZE_T i = 0;
#define RTLP_AT(k) (wide ? ((const WCHAR *)text)[k] : (WCHAR)(UCHAR)((const char *)text)[k])

    while (wide ? iswspace(RTLP_AT(i)) : isspace(RTLP_AT(i)))
        i++;
    if (RTLP_AT(i) == '+' || RTLP_AT(i) == '-')
        negative = RTLP_AT(i++) == '-';
    for (; RTLP_AT(i) >= '0' && RTLP_AT(i) <= '9'; i++)
        value = value * 10 + (ULONG64)(RTLP_AT(i) - '0');
#undef RTLP_AT
    return negative ? 0 - value : value;
}

int atoi(const char *str) { return (int)(ULONG)RtlpDecimal(str, FALSE); }
LONG atol(const char *str) { return (LONG)(ULONG)RtlpDecimal(str, FALSE); }
LONG64 _atoi64(const char *str) { return (LONG64)RtlpDecimal(str, FALSE); }
int _wtoi(const WCHAR *str) { return (int)(ULONG)RtlpDecimal(str, TRUE); }
LONG _wtol(const WCHAR *str) { return (LONG)(ULONG)RtlpDecimal(str, TRUE); }
LONG64 _wtoi64(const WCHAR *str) { return (LONG64)RtlpDecimal(str, TRUE); }
