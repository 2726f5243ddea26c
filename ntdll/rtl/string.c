/* The C string and memory functions ntdll exports (and the compiler itself calls). */
#include "nt/ntdef.h"

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

SIZE_T strlen(const char *s)
{
    const char *p = s;
    while (*p)
        p++;
    return (SIZE_T)(p - s);
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

SIZE_T wcslen(const WCHAR *s)
{
    const WCHAR *p = s;
    while (*p)
        p++;
    return (SIZE_T)(p - s);
}
