/* sscanf as ntdll exports it: integers, characters, strings and sets; like Windows' ntdll it converts no
 * floating point, a floating conversion ending the scan. */
#include "rtl/rtlp.h"
#include <stdarg.h>

typedef struct {
    const UCHAR *Text;
    SIZE_T Pos;
} RTLP_SCAN;

static int RtlpPeek(const RTLP_SCAN *in)
{
    return in->Text[in->Pos];
}

static void RtlpSkipSpace(RTLP_SCAN *in)
{
    while (RtlpPeek(in) && isspace(RtlpPeek(in)))
        in->Pos++;
}

/* An integer of at most width characters: the base 0 of %i takes a 0x or 0 prefix. */
static BOOLEAN RtlpScanInteger(RTLP_SCAN *in, int base, SIZE_T width, ULONG64 *value)
{
    BOOLEAN negative = FALSE, any = FALSE;
    ULONG64 v = 0;

    if (width && (RtlpPeek(in) == '-' || RtlpPeek(in) == '+')) {
        negative = RtlpPeek(in) == '-';
        in->Pos++;
        width--;
    }
    if ((base == 0 || base == 16) && width >= 2 && RtlpPeek(in) == '0' &&
        (in->Text[in->Pos + 1] == 'x' || in->Text[in->Pos + 1] == 'X')) {
        in->Pos += 2;
        width -= 2;
        base = 16;
    } else if (base == 0) {
        base = RtlpPeek(in) == '0' ? 8 : 10;
    }
    for (; width && RtlpDigitValue((WCHAR)RtlpPeek(in)) < (ULONG)base; width--, in->Pos++) {
        v = v * (ULONG)base + RtlpDigitValue((WCHAR)RtlpPeek(in));
        any = TRUE;
    }
    *value = negative ? 0 - v : v;
    return any;
}

static BOOLEAN RtlpInSet(const UCHAR *set, SIZE_T set_len, BOOLEAN negated, UCHAR c)
{
    BOOLEAN found = FALSE;
    for (SIZE_T i = 0; i < set_len && !found; i++) {
        if (i + 2 < set_len && set[i + 1] == '-') {
            found = c >= set[i] && c <= set[i + 2];
            i += 2;
        } else {
            found = c == set[i];
        }
    }
    return found != negated;
}

static void RtlpStoreInteger(va_list *ap, int size, ULONG64 value)
{
    switch (size) {
    case 'H': *va_arg(*ap, char *) = (char)value; break;
    case 'h': *va_arg(*ap, short *) = (short)value; break;
    case 'L': *va_arg(*ap, LONG64 *) = (LONG64)value; break;
    case 'z': *va_arg(*ap, SIZE_T *) = (SIZE_T)value; break;
    default: *va_arg(*ap, int *) = (int)value; break;
    }
}

static int RtlpScan(const char *text, const char *format, va_list ap)
{
    RTLP_SCAN in = {(const UCHAR *)text, 0};
    const UCHAR *f = (const UCHAR *)format;
    int assigned = 0;
    BOOLEAN converted = FALSE;
    va_list args;

    va_copy(args, ap);
    while (*f) {
        if (isspace(*f)) {
            RtlpSkipSpace(&in);
            f++;
            continue;
        }
        if (*f != '%' || f[1] == '%') {
            if (*f == '%')
                f++;
            if (RtlpPeek(&in) != *f)
                break;
            in.Pos++;
            f++;
            continue;
        }
        f++;
        BOOLEAN suppress = *f == '*', wide = FALSE;
        SIZE_T width = 0;
        int size = 0;
        if (suppress)
            f++;
        while (*f >= '0' && *f <= '9')
            width = width * 10 + (SIZE_T)(*f++ - '0');
        for (;;) {
            if (*f == 'h') {
                size = size == 'h' ? 'H' : 'h';
                f++;
            } else if (*f == 'l') {
                size = size == 'l' ? 'L' : 'l';
                wide = TRUE;
                f++;
            } else if (*f == 'w') {
                wide = TRUE;
                f++;
            } else if (*f == 'L') {
                size = 'L';
                f++;
            } else if (*f == 'I' && f[1] == '6' && f[2] == '4') {
                size = 'L';
                f += 3;
            } else if (*f == 'I' && f[1] == '3' && f[2] == '2') {
                size = 0;
                f += 3;
            } else if (*f == 'I' || *f == 'z') {
                size = 'z';
                f++;
            } else {
                break;
            }
        }
        int conversion = *f++;
        if (!conversion)
            break;
        if (conversion != 'c' && conversion != '[' && conversion != 'n')
            RtlpSkipSpace(&in);
        if (conversion != 'n' && !RtlpPeek(&in)) {
            if (!converted)
                assigned = -1;
            break;
        }
        if (!width)
            width = conversion == 'c' ? 1 : ~(SIZE_T)0;

        if (conversion == 'n') {
            if (!suppress)
                RtlpStoreInteger(&args, size, in.Pos);
            continue;
        }
        if (strchr("diuoxXp", conversion)) {
            int base = conversion == 'd' || conversion == 'u' ? 10 : conversion == 'i' ? 0 : conversion == 'o' ? 8 : 16;
            ULONG64 value;
            if (conversion == 'p')
                size = 'z';
            if (!RtlpScanInteger(&in, base, width, &value))
                break;
            converted = TRUE;
            if (!suppress) {
                RtlpStoreInteger(&args, size, value);
                assigned++;
            }
            continue;
        }
        if (conversion == 'c' || conversion == 's' || conversion == '[') {
            const UCHAR *set = NULL;
            SIZE_T set_len = 0, n = 0;
            BOOLEAN negated = FALSE;
            void *out = suppress ? NULL : va_arg(args, void *);
            if (conversion == '[') {
                negated = *f == '^';
                if (negated)
                    f++;
                set = f;
                if (*f == ']')
                    f++;
                while (*f && *f != ']')
                    f++;
                set_len = (SIZE_T)(f - set);
                if (*f)
                    f++;
            }
            for (; n < width && RtlpPeek(&in); n++, in.Pos++) {
                UCHAR c = (UCHAR)RtlpPeek(&in);
                if ((conversion == 's' && isspace(c)) || (conversion == '[' && !RtlpInSet(set, set_len, negated, c)))
                    break;
                if (out && wide)
                    ((WCHAR *)out)[n] = c;
                else if (out)
                    ((char *)out)[n] = (char)c;
            }
            if (!n)
                break;
            if (out && conversion != 'c') {
                if (wide)
                    ((WCHAR *)out)[n] = 0;
                else
                    ((char *)out)[n] = 0;
            }
            converted = TRUE;
            if (out)
                assigned++;
            continue;
        }
        /* Floating point and anything unknown: ntdll converts none. */
        break;
    }
    va_end(args);
    return assigned;
}

int __cdecl sscanf(const char *text, const char *format, ...)
{
    va_list ap;
    int n;

    va_start(ap, format);
    n = RtlpScan(text, format, ap);
    va_end(ap);
    return n;
}
