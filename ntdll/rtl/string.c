/* The C string, character and memory functions ntdll exports (and the compiler itself calls), in the C
 * locale: ASCII only. */
#include "nt/ntdll.h"

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

/* Character classes of the C locale: anything outside ASCII (a negative char, a wide character) is in none. */
#define RTLP_UPPER 1
#define RTLP_LOWER 2
#define RTLP_DIGIT 4
#define RTLP_SPACE 8
#define RTLP_HEX 16

static int RtlpClass(int c)
{
    if (c >= 'A' && c <= 'Z')
        return RTLP_UPPER | (c <= 'F' ? RTLP_HEX : 0);
    if (c >= 'a' && c <= 'z')
        return RTLP_LOWER | (c <= 'f' ? RTLP_HEX : 0);
    if (c >= '0' && c <= '9')
        return RTLP_DIGIT | RTLP_HEX;
    if (c == ' ' || (c >= '\t' && c <= '\r'))
        return RTLP_SPACE;
    return 0;
}

int isalpha(int c) { return RtlpClass(c) & (RTLP_UPPER | RTLP_LOWER); }
int isalnum(int c) { return RtlpClass(c) & (RTLP_UPPER | RTLP_LOWER | RTLP_DIGIT); }
int isdigit(int c) { return RtlpClass(c) & RTLP_DIGIT; }
int islower(int c) { return RtlpClass(c) & RTLP_LOWER; }
int isupper(int c) { return RtlpClass(c) & RTLP_UPPER; }
int isspace(int c) { return RtlpClass(c) & RTLP_SPACE; }
int isxdigit(int c) { return RtlpClass(c) & RTLP_HEX; }
int tolower(int c) { return isupper(c) ? c + 32 : c; }
int toupper(int c) { return islower(c) ? c - 32 : c; }

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

/* Wide characters fold case as Unicode strings do (RtlUpcaseUnicodeChar), not by the C locale. */
WCHAR towupper(WCHAR c)
{
    return RtlUpcaseUnicodeChar(c);
}

WCHAR towlower(WCHAR c)
{
    return RtlDowncaseUnicodeChar(c);
}

int _wcsnicmp(const WCHAR *a, const WCHAR *b, SIZE_T n)
{
    for (SIZE_T i = 0; i < n; i++) {
        int x = towlower(a[i]), y = towlower(b[i]);
        if (x != y || !x)
            return x - y;
    }
    return 0;
}

int _wcsicmp(const WCHAR *a, const WCHAR *b)
{
    return _wcsnicmp(a, b, ~(SIZE_T)0);
}

/* The str* functions and their wcs* twins, from one text. */
#define RTLP_CHAR char
#define RTLP_UCHAR unsigned char
#define RTLP_NAME(suffix) str##suffix
#include "rtl/strtemplate.h"
#undef RTLP_CHAR
#undef RTLP_UCHAR
#undef RTLP_NAME

#define RTLP_CHAR WCHAR
#define RTLP_UCHAR WCHAR
#define RTLP_NAME(suffix) wcs##suffix
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
