/* The C string, character and memory functions ntdll exports (and the compiler itself calls), in the C
 * locale: ASCII only. */
#include "rtl/rtlp.h"

void *memcpy(void *dst, const void *src, SIZE_T n)
{
    /* rep movsb: fast on every CPU with ERMSB, and the compiler cannot turn it back into a memcpy call. */
    void *ret = dst;
    __asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
    return ret;
}

void *memmove(void *dst, const void *src, SIZE_T n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (d <= s || d >= s + n)
        return memcpy(dst, src, n);
    /* Overlapping with dst above src: copy backwards. */
    d += n - 1;
    s += n - 1;
    __asm__ volatile("std\n\trep movsb\n\tcld" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    return dst;
}

void *memset(void *dst, int c, SIZE_T n)
{
    void *ret = dst;
    __asm__ volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(c) : "memory");
    return ret;
}

int memcmp(const void *a, const void *b, SIZE_T n)
{
    const unsigned char *x = a, *y = b;
    for (SIZE_T i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] - y[i];
    return 0;
}

/* Character classes as ntdll answers them: the CT_CTYPE1 bits of GetStringTypeW, which the is* functions
 * return masked. The narrow functions know ASCII only; the wide ones Latin-1, and nothing above it. */
#define C1_UPPER 0x0001
#define C1_LOWER 0x0002
#define C1_DIGIT 0x0004
#define C1_SPACE 0x0008
#define C1_PUNCT 0x0010
#define C1_CNTRL 0x0020
#define C1_BLANK 0x0040
#define C1_XDIGIT 0x0080
#define C1_ALPHA 0x0100

static USHORT RtlpLatin1Type(ULONG c)
{
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
        if (c == '\t')
            return C1_CNTRL | C1_SPACE | C1_BLANK;
        return C1_CNTRL | (c >= '\n' && c <= '\r' ? C1_SPACE : 0);
    }
    if (c == ' ' || c == 0xa0)
        return C1_SPACE | C1_BLANK;
    if (c >= '0' && c <= '9')
        return C1_DIGIT | C1_XDIGIT;
    if ((c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7))
        return C1_ALPHA | C1_UPPER | ((c >= 'A' && c <= 'F') ? C1_XDIGIT : 0);
    if ((c >= 'a' && c <= 'z') || (c >= 0xdf && c <= 0xff && c != 0xf7))
        return C1_ALPHA | C1_LOWER | ((c >= 'a' && c <= 'f') ? C1_XDIGIT : 0);
    /* Superscript one, two and three count as digits as well. */
    if (c == 0xb2 || c == 0xb3 || c == 0xb9)
        return C1_PUNCT | C1_DIGIT;
    return c <= 0xff ? C1_PUNCT : 0;
}

/* The narrow functions take a char's value or EOF; the tab is no blank to them. */
static int RtlpClass(int c)
{
    if (c < 0 || c > 0x7f)
        return 0;
    return c == '\t' ? C1_CNTRL | C1_SPACE : RtlpLatin1Type((ULONG)c);
}

int isalpha(int c) { return RtlpClass(c) & (C1_UPPER | C1_LOWER); }
int isalnum(int c) { return RtlpClass(c) & (C1_UPPER | C1_LOWER | C1_DIGIT); }
int iscntrl(int c) { return RtlpClass(c) & C1_CNTRL; }
int isdigit(int c) { return RtlpClass(c) & C1_DIGIT; }
int isgraph(int c) { return RtlpClass(c) & (C1_DIGIT | C1_PUNCT | C1_UPPER | C1_LOWER); }
int islower(int c) { return RtlpClass(c) & C1_LOWER; }
int isprint(int c) { return RtlpClass(c) & (C1_DIGIT | C1_BLANK | C1_PUNCT | C1_UPPER | C1_LOWER); }
int ispunct(int c) { return RtlpClass(c) & C1_PUNCT; }
int isupper(int c) { return RtlpClass(c) & C1_UPPER; }
int isspace(int c) { return RtlpClass(c) & C1_SPACE; }
int isxdigit(int c) { return RtlpClass(c) & C1_XDIGIT; }

int iswctype(WCHAR c, USHORT mask) { return RtlpLatin1Type(c) & mask; }
int iswalpha(WCHAR c) { return iswctype(c, C1_ALPHA | C1_UPPER | C1_LOWER); }
int iswdigit(WCHAR c) { return iswctype(c, C1_DIGIT); }
int iswlower(WCHAR c) { return iswctype(c, C1_LOWER); }
int iswspace(WCHAR c) { return iswctype(c, C1_SPACE); }
int iswxdigit(WCHAR c) { return iswctype(c, C1_XDIGIT); }
/* tolower looks at the low byte alone; toupper goes through the ANSI code page: the character (a byte, or two
 * for a lead byte) to Unicode, upper-cased, and back, the answer one byte or two, high first. */
int tolower(int c) { return (char)c >= 'A' && (char)c <= 'Z' ? c + 32 : c; }

int toupper(int c)
{
    UCHAR bytes[3] = {(UCHAR)c, (UCHAR)(c >> 8), 0};
    PUCHAR p = bytes;
    char out[2];
    ULONG n = 0;
    WCHAR wc;

    if (c >= 'a' && c <= 'z')
        return c - 32;
    wc = RtlUpcaseUnicodeChar(RtlAnsiCharToUnicodeChar(&p));
    RtlUnicodeToMultiByteN(out, sizeof(out), &n, &wc, sizeof(wc));
    if (n == 2)
        return (UCHAR)out[0] << 8 | (UCHAR)out[1];
    return n == 1 ? (UCHAR)out[0] : (WCHAR)c;
}

int _strnicmp(const char *a, const char *b, SIZE_T n)
{
    for (SIZE_T i = 0; i < n; i++) {
        int x = tolower((unsigned char)a[i]), y = tolower((unsigned char)b[i]);
        if (x != y || !x)
            return x - y;
    }
    return 0;
}

int _stricmp(const char *a, const char *b)
{
    return _strnicmp(a, b, ~(SIZE_T)0);
}

/* Wide characters: towupper as Unicode strings upper-case (RtlUpcaseUnicodeChar), towlower for ASCII and
 * Latin-1 only, and the wcs* functions that fold case (_wcsicmp, _wcslwr...) for ASCII alone, as Windows' ntdll
 * has them. */
WCHAR towupper(WCHAR c)
{
    return RtlUpcaseUnicodeChar(c);
}

WCHAR towlower(WCHAR c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7) ? c + 32 : c;
}

static WCHAR RtlpAsciiLower(WCHAR c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int _wcsnicmp(const WCHAR *a, const WCHAR *b, SIZE_T n)
{
    for (SIZE_T i = 0; i < n; i++) {
        int x = RtlpAsciiLower(a[i]), y = RtlpAsciiLower(b[i]);
        if (x != y || !x)
            return x - y;
    }
    return 0;
}

int _wcsicmp(const WCHAR *a, const WCHAR *b)
{
    return _wcsnicmp(a, b, ~(SIZE_T)0);
}

WCHAR *_wcslwr(WCHAR *str)
{
    for (WCHAR *p = str; *p; p++)
        *p = RtlpAsciiLower(*p);
    return str;
}

WCHAR *_wcsupr(WCHAR *str)
{
    for (WCHAR *p = str; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p -= 32;
    return str;
}

void *memchr(const void *s, int c, SIZE_T n)
{
    const UCHAR *p = s;
    for (SIZE_T i = 0; i < n; i++)
        if (p[i] == (UCHAR)c)
            return (void *)(p + i);
    return NULL;
}

/* The str* functions and their wcs* twins, from one text. */
#define RTLP_CHAR char
#define RTLP_UCHAR unsigned char
#define RTLP_NAME(suffix) str##suffix
#define RTLP_SPACE(c) isspace((unsigned char)(c))
#define RTLP_DIGIT(c) RtlpDigitValue((unsigned char)(c))
#include "rtl/strtemplate.h"
#undef RTLP_CHAR
#undef RTLP_UCHAR
#undef RTLP_NAME
#undef RTLP_SPACE
#undef RTLP_DIGIT

/* The wide forms read the decimal digits of other scripts too: these are the zeros of those ntdll knows. */
static ULONG RtlpWideDigit(WCHAR c)
{
    static const WCHAR zeros[] = {0x0660, 0x06f0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0c66, 0x0ce6,
                                  0x0d66, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x17e0, 0x1810, 0xff10};
    for (SIZE_T i = 0; i < sizeof(zeros) / sizeof(zeros[0]); i++)
        if (c >= zeros[i] && c <= zeros[i] + 9)
            return c - zeros[i];
    return RtlpDigitValue(c);
}

#define RTLP_CHAR WCHAR
#define RTLP_UCHAR WCHAR
#define RTLP_NAME(suffix) wcs##suffix
#define RTLP_SPACE(c) iswspace(c)
#define RTLP_DIGIT(c) RtlpWideDigit(c)
#include "rtl/strtemplate.h"

/* The Rtl names of the memory functions (what kernel32's CopyMemory and its kin forward to). */
SIZE_T NTAPI RtlCompareMemory(const void *Source1, const void *Source2, SIZE_T Length)
{
    const UCHAR *a = Source1, *b = Source2;
    SIZE_T same = 0;

    while (same < Length && a[same] == b[same])
        same++;
    return same;
}

/* How many bytes, in whole ULONGs from the start, equal the pattern repeated. */
SIZE_T NTAPI RtlCompareMemoryUlong(const void *Source, SIZE_T Length, ULONG Pattern)
{
    const ULONG *p = Source;
    SIZE_T n = 0;

    while (n < Length / sizeof(ULONG) && p[n] == Pattern)
        n++;
    return n * sizeof(ULONG);
}

/* The pattern into the whole ULONGs of Length bytes; a remainder is left alone. */
void NTAPI RtlFillMemoryUlong(PVOID Destination, SIZE_T Length, ULONG Pattern)
{
    ULONG *p = Destination;
    for (SIZE_T i = 0; i < Length / sizeof(ULONG); i++)
        p[i] = Pattern;
}

void NTAPI RtlCopyMemory(void *Destination, const void *Source, SIZE_T Length)
{
    memmove(Destination, Source, Length);
}

void NTAPI RtlMoveMemory(void *Destination, const void *Source, SIZE_T Length)
{
    memmove(Destination, Source, Length);
}

/* The same, without keeping the data in the cache: a hint that changes nothing of the result. */
void NTAPI RtlCopyMemoryNonTemporal(void *Destination, const void *Source, SIZE_T Length)
{
    memmove(Destination, Source, Length);
}

void NTAPI RtlFillMemory(void *Destination, SIZE_T Length, UCHAR Fill)
{
    memset(Destination, Fill, Length);
}

void NTAPI RtlZeroMemory(void *Destination, SIZE_T Length)
{
    memset(Destination, 0, Length);
}
