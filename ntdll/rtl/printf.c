/* The printf family ntdll exports (sprintf, _snprintf, _vsnprintf and their wide twins), with msvcrt's
 * rules: %s is the caller's width and %S the other, h/l/w/ll/I64/I32/I/z sizes, and _vsnprintf's -1 for
 * output that does not fit. Floating-point conversions are not ntdll's: they are copied through as text. */
#include <stdarg.h>
#include "rtl/rtlp.h"

typedef struct {
    void *Buffer;
    BOOLEAN Wide;   /* the output is WCHAR */
    SIZE_T Room;    /* characters the buffer holds */
    SIZE_T Length;  /* characters produced, written or not */
} RTLP_OUTPUT;

static void RtlpEmitChar(RTLP_OUTPUT *out, WCHAR c)
{
    if (out->Length < out->Room) {
        if (out->Wide)
            ((WCHAR *)out->Buffer)[out->Length] = c;
        else
            ((char *)out->Buffer)[out->Length] = (char)c;
    }
    out->Length++;
}

static void RtlpEmitPadding(RTLP_OUTPUT *out, WCHAR c, int count)
{
    while (count-- > 0)
        RtlpEmitChar(out, c);
}

typedef struct {
    BOOLEAN Left, Plus, Space, Alternate, Zero;
    int Width, Precision; /* -1: none */
} RTLP_SPEC;

/* A string of either width, at most precision characters, padded to the width. */
static void RtlpEmitString(RTLP_OUTPUT *out, const RTLP_SPEC *spec, const void *text, BOOLEAN wide, SIZE_T length)
{
    int pad;

    if (!text) {
        text = wide ? (const void *)L"(null)" : (const void *)"(null)";
        length = 6;
    } else if (length == (SIZE_T)-1) {
        length = wide ? wcslen(text) : strlen(text);
    }
    if (spec->Precision >= 0 && (SIZE_T)spec->Precision < length)
        length = (SIZE_T)spec->Precision;
    pad = spec->Width > (int)length ? spec->Width - (int)length : 0;
    if (!spec->Left)
        RtlpEmitPadding(out, ' ', pad);
    for (SIZE_T i = 0; i < length; i++)
        RtlpEmitChar(out, wide ? ((const WCHAR *)text)[i] : (UCHAR)((const char *)text)[i]);
    if (spec->Left)
        RtlpEmitPadding(out, ' ', pad);
}

static void RtlpEmitNumber(RTLP_OUTPUT *out, const RTLP_SPEC *spec, ULONG64 value, BOOLEAN negative, int base,
                           BOOLEAN upper, const char *prefix)
{
    char digits[66];
    int n = 0, zeros, pad, prefix_len = prefix ? (int)strlen(prefix) : 0;
    char sign = negative ? '-' : spec->Plus ? '+' : spec->Space ? ' ' : 0;
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";

    while (value) {
        digits[n++] = set[value % (ULONG)base];
        value /= (ULONG)base;
    }
    if (!n && spec->Precision)
        digits[n++] = '0';
    zeros = spec->Precision > n ? spec->Precision - n : 0;
    pad = spec->Width - n - zeros - (sign != 0) - prefix_len;
    if (spec->Zero && !spec->Left && spec->Precision < 0) {
        zeros += pad > 0 ? pad : 0;
        pad = 0;
    }
    if (!spec->Left)
        RtlpEmitPadding(out, ' ', pad);
    if (sign)
        RtlpEmitChar(out, sign);
    for (int i = 0; i < prefix_len; i++)
        RtlpEmitChar(out, prefix[i]);
    RtlpEmitPadding(out, '0', zeros);
    while (n)
        RtlpEmitChar(out, digits[--n]);
    if (spec->Left)
        RtlpEmitPadding(out, ' ', pad);
}

/* The engine: format (char or WCHAR, as wide_format says) into out. */
static void RtlpFormat(RTLP_OUTPUT *out, const void *format, BOOLEAN wide_format, va_list ap)
{
    SIZE_T i = 0;
#define RTLP_F(k) (wide_format ? ((const WCHAR *)format)[k] : (UCHAR)((const char *)format)[k])

    while (RTLP_F(i)) {
        RTLP_SPEC spec = {.Width = 0, .Precision = -1};
        SIZE_T start = i;
        int size = 0; /* 'h', 'l' (32), 'L' (64), 'w' (wide text) */
        WCHAR c = RTLP_F(i++);

        if (c != '%') {
            RtlpEmitChar(out, c);
            continue;
        }
        for (;; i++) {
            c = RTLP_F(i);
            if (c == '-') spec.Left = TRUE;
            else if (c == '+') spec.Plus = TRUE;
            else if (c == ' ') spec.Space = TRUE;
            else if (c == '#') spec.Alternate = TRUE;
            else if (c == '0') spec.Zero = TRUE;
            else break;
        }
        if (RTLP_F(i) == '*') {
            spec.Width = va_arg(ap, int);
            if (spec.Width < 0) {
                spec.Left = TRUE;
                spec.Width = -spec.Width;
            }
            i++;
        } else {
            while (RTLP_F(i) >= '0' && RTLP_F(i) <= '9')
                spec.Width = spec.Width * 10 + (RTLP_F(i++) - '0');
        }
        if (RTLP_F(i) == '.') {
            spec.Precision = 0;
            if (RTLP_F(++i) == '*') {
                spec.Precision = va_arg(ap, int);
                i++;
            } else {
                while (RTLP_F(i) >= '0' && RTLP_F(i) <= '9')
                    spec.Precision = spec.Precision * 10 + (RTLP_F(i++) - '0');
            }
        }
        for (;;) {
            c = RTLP_F(i);
            if (c == 'h') size = 'h', i++;
            else if (c == 'w') size = 'w', i++;
            else if (c == 'l' && RTLP_F(i + 1) == 'l') size = 'L', i += 2;
            else if (c == 'l') size = size == 'l' ? 'L' : 'l', i++;
            else if (c == 'I' && RTLP_F(i + 1) == '6' && RTLP_F(i + 2) == '4') size = 'L', i += 3;
            else if (c == 'I' && RTLP_F(i + 1) == '3' && RTLP_F(i + 2) == '2') size = 'l', i += 3;
            else if (c == 'I' || c == 'z' || c == 't' || c == 'j') size = 'L', i++;
            else if (c == 'L') i++; /* long double's, which changes no other conversion */
            else break;
        }
        c = RTLP_F(i++);
        switch (c) {
        case 'd':
        case 'i': {
            LONG64 v = size == 'L' ? va_arg(ap, LONG64) : va_arg(ap, int);
            if (size == 'h')
                v = (short)v;
            RtlpEmitNumber(out, &spec, v < 0 ? 0 - (ULONG64)v : (ULONG64)v, v < 0, 10, FALSE, NULL);
            break;
        }
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
            ULONG64 v = size == 'L' ? va_arg(ap, ULONG64) : va_arg(ap, unsigned int);
            const char *prefix = NULL;
            if (size == 'h')
                v = (USHORT)v;
            if (spec.Alternate && v && c != 'u')
                prefix = c == 'x' ? "0x" : c == 'X' ? "0X" : "0";
            RtlpEmitNumber(out, &spec, v, FALSE, c == 'u' ? 10 : c == 'o' ? 8 : 16, c == 'X', prefix);
            break;
        }
        case 'p':
            spec.Precision = 16;
            RtlpEmitNumber(out, &spec, (ULONG_PTR)va_arg(ap, void *), FALSE, 16, TRUE, NULL);
            break;
        case 'c':
        case 'C': {
            /* %c is the caller's width, %C the other; h and l/w choose outright. */
            BOOLEAN wide = size == 'h' ? FALSE : size == 'l' || size == 'w' ? TRUE : (c == 'c') == wide_format;
            WCHAR ch = (WCHAR)va_arg(ap, int);
            char narrow = (char)ch;
            RtlpEmitString(out, &spec, wide ? (const void *)&ch : (const void *)&narrow, wide, 1);
            break;
        }
        case 's':
        case 'S': {
            BOOLEAN wide = size == 'h' ? FALSE : size == 'l' || size == 'w' ? TRUE : (c == 's') == wide_format;
            RtlpEmitString(out, &spec, va_arg(ap, const void *), wide, (SIZE_T)-1);
            break;
        }
        case 'Z': {
            /* A counted string: ANSI_STRING, or UNICODE_STRING with w or l. */
            const UNICODE_STRING *us = va_arg(ap, const UNICODE_STRING *);
            BOOLEAN wide = size == 'w' || size == 'l';
            if (!us || !us->Buffer)
                RtlpEmitString(out, &spec, NULL, wide, 0);
            else
                RtlpEmitString(out, &spec, us->Buffer, wide, us->Length / (wide ? sizeof(WCHAR) : 1));
            break;
        }
        case '%':
            RtlpEmitChar(out, '%');
            break;
        case 0: /* a '%' that ends the format shows nothing */
            return;
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
            (void)va_arg(ap, double); /* the conversion is shown as it was written */
            for (SIZE_T k = start; k < i; k++)
                RtlpEmitChar(out, RTLP_F(k));
            break;
        default: /* a character no conversion has: itself, the '%' and what came between gone (FormatMessage's
                  * "%1!QQ!" is "QQ", "%1!**u!" is "*u") */
            RtlpEmitChar(out, c);
        }
    }
#undef RTLP_F
}

/* msvcrt's _vsnprintf: the terminator only when it fits, -1 when the text does not; with neither buffer nor
 * room, the length the text needs. */
static int RtlpFinish(RTLP_OUTPUT *out)
{
    if (!out->Buffer && !out->Room)
        return (int)out->Length;
    if (out->Length < out->Room) {
        RtlpEmitChar(out, 0);
        out->Length--;
    }
    return out->Length > out->Room ? -1 : (int)out->Length;
}

/* No buffer but room is refused, as Windows since Vista does. */
int _vsnprintf(char *buffer, SIZE_T count, const char *format, va_list ap)
{
    RTLP_OUTPUT out = {buffer, FALSE, count, 0};
    if (!buffer && count)
        return -1;
    RtlpFormat(&out, format, FALSE, ap);
    return RtlpFinish(&out);
}

int _vsnwprintf(WCHAR *buffer, SIZE_T count, const WCHAR *format, va_list ap)
{
    RTLP_OUTPUT out = {buffer, TRUE, count, 0};
    if (!buffer && count)
        return -1;
    RtlpFormat(&out, format, TRUE, ap);
    return RtlpFinish(&out);
}

int _snprintf(char *buffer, SIZE_T count, const char *format, ...)
{
    va_list ap;
    int n;
    va_start(ap, format);
    n = _vsnprintf(buffer, count, format, ap);
    va_end(ap);
    return n;
}

int _snwprintf(WCHAR *buffer, SIZE_T count, const WCHAR *format, ...)
{
    va_list ap;
    int n;
    va_start(ap, format);
    n = _vsnwprintf(buffer, count, format, ap);
    va_end(ap);
    return n;
}

/* The secure forms always end the text: with count characters at most (as many as fit for _TRUNCATE); -1 for
 * text cut short by count, and -1 and an empty buffer for text the buffer cannot hold. */
static int RtlpFormatSecure(void *buffer, BOOLEAN wide, SIZE_T size, SIZE_T count, const void *format, va_list ap)
{
    SIZE_T room;
    RTLP_OUTPUT out;

    if (!buffer || !size)
        return -1;
    room = count < size - 1 ? count : size - 1;
    out = (RTLP_OUTPUT){buffer, wide, room, 0};
    RtlpFormat(&out, format, wide, ap);
    if (out.Length > room) {
        if (count >= size && count != (SIZE_T)-1)
            room = 0;
        out.Length = -1;
    } else {
        room = out.Length;
    }
    if (wide)
        ((WCHAR *)buffer)[room] = 0;
    else
        ((char *)buffer)[room] = 0;
    return (int)out.Length;
}

int _vsnprintf_s(char *buffer, SIZE_T size, SIZE_T count, const char *format, va_list ap)
{
    return RtlpFormatSecure(buffer, FALSE, size, count, format, ap);
}

int _vsnwprintf_s(WCHAR *buffer, SIZE_T size, SIZE_T count, const WCHAR *format, va_list ap)
{
    return RtlpFormatSecure(buffer, TRUE, size, count, format, ap);
}

int _snprintf_s(char *buffer, SIZE_T size, SIZE_T count, const char *format, ...)
{
    va_list ap;
    int n;
    va_start(ap, format);
    n = _vsnprintf_s(buffer, size, count, format, ap);
    va_end(ap);
    return n;
}

int _snwprintf_s(WCHAR *buffer, SIZE_T size, SIZE_T count, const WCHAR *format, ...)
{
    va_list ap;
    int n;
    va_start(ap, format);
    n = _vsnwprintf_s(buffer, size, count, format, ap);
    va_end(ap);
    return n;
}

/* Without a count: the caller vouches for the room. */
int sprintf(char *buffer, const char *format, ...)
{
    va_list ap;
    int n;
    va_start(ap, format);
    n = _vsnprintf(buffer, (SIZE_T)-1 / 2, format, ap);
    va_end(ap);
    return n;
}

int swprintf(WCHAR *buffer, const WCHAR *format, ...)
{
    va_list ap;
    int n;
    va_start(ap, format);
    n = _vsnwprintf(buffer, (SIZE_T)-1 / 4, format, ap);
    va_end(ap);
    return n;
}
