/* The body of the str* and wcs* functions, included by string.c once for each: RTLP_CHAR is the character
 * type, RTLP_UCHAR its unsigned form, RTLP_NAME(len) the function's name, RTLP_SPACE(c) whether a character
 * is white space and RTLP_DIGIT(c) its value as a digit (99 for none). */

SIZE_T RTLP_NAME(len)(const RTLP_CHAR *s)
{
    const RTLP_CHAR *p = s;
    while (*p)
        p++;
    return (SIZE_T)(p - s);
}

SIZE_T RTLP_NAME(nlen)(const RTLP_CHAR *s, SIZE_T max)
{
    SIZE_T n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

int RTLP_NAME(ncmp)(const RTLP_CHAR *a, const RTLP_CHAR *b, SIZE_T n)
{
    for (SIZE_T i = 0; i < n; i++) {
        if (a[i] != b[i])
            return (RTLP_UCHAR)a[i] < (RTLP_UCHAR)b[i] ? -1 : 1;
        if (!a[i])
            break;
    }
    return 0;
}

int RTLP_NAME(cmp)(const RTLP_CHAR *a, const RTLP_CHAR *b)
{
    return RTLP_NAME(ncmp)(a, b, ~(SIZE_T)0);
}

RTLP_CHAR *RTLP_NAME(cpy)(RTLP_CHAR *dst, const RTLP_CHAR *src)
{
    RTLP_CHAR *d = dst;
    while ((*d++ = *src++))
        ;
    return dst;
}

/* Copies at most n characters and pads with NULs to n, as C does: no terminator when src is that long. */
RTLP_CHAR *RTLP_NAME(ncpy)(RTLP_CHAR *dst, const RTLP_CHAR *src, SIZE_T n)
{
    SIZE_T i = 0;
    for (; i < n && src[i]; i++)
        dst[i] = src[i];
    for (; i < n; i++)
        dst[i] = 0;
    return dst;
}

RTLP_CHAR *RTLP_NAME(cat)(RTLP_CHAR *dst, const RTLP_CHAR *src)
{
    RTLP_NAME(cpy)(dst + RTLP_NAME(len)(dst), src);
    return dst;
}

RTLP_CHAR *RTLP_NAME(chr)(const RTLP_CHAR *s, int c)
{
    for (;; s++) {
        if (*s == (RTLP_CHAR)c)
            return (RTLP_CHAR *)s;
        if (!*s)
            return NULL;
    }
}

RTLP_CHAR *RTLP_NAME(rchr)(const RTLP_CHAR *s, int c)
{
    const RTLP_CHAR *last = NULL;
    for (;; s++) {
        if (*s == (RTLP_CHAR)c)
            last = s;
        if (!*s)
            return (RTLP_CHAR *)last;
    }
}

/* The length of the leading run of s made of characters in set (accept) or not in it. */
static SIZE_T RTLP_NAME(p_span)(const RTLP_CHAR *s, const RTLP_CHAR *set, BOOLEAN accept)
{
    SIZE_T n = 0;
    for (; s[n]; n++) {
        BOOLEAN in = FALSE;
        for (const RTLP_CHAR *c = set; *c && !in; c++)
            in = *c == s[n];
        if (in != accept)
            break;
    }
    return n;
}

SIZE_T RTLP_NAME(spn)(const RTLP_CHAR *s, const RTLP_CHAR *accept)
{
    return RTLP_NAME(p_span)(s, accept, TRUE);
}

SIZE_T RTLP_NAME(cspn)(const RTLP_CHAR *s, const RTLP_CHAR *reject)
{
    return RTLP_NAME(p_span)(s, reject, FALSE);
}

RTLP_CHAR *RTLP_NAME(pbrk)(const RTLP_CHAR *s, const RTLP_CHAR *set)
{
    s += RTLP_NAME(cspn)(s, set);
    return *s ? (RTLP_CHAR *)s : NULL;
}

RTLP_CHAR *RTLP_NAME(str)(const RTLP_CHAR *s, const RTLP_CHAR *find)
{
    SIZE_T n = RTLP_NAME(len)(find);
    for (; *s; s++)
        if (!RTLP_NAME(ncmp)(s, find, n))
            return (RTLP_CHAR *)s;
    return n ? NULL : (RTLP_CHAR *)s;
}

/* The digits of a number in base 2..36 (0: by its prefix), after white space and a sign; the magnitude,
 * clamped to limit, and whether it was negative. *end is past the last digit, or s when there was none. */
static ULONG64 RTLP_NAME(p_parse)(const RTLP_CHAR *s, RTLP_CHAR **end, int base, ULONG64 limit, BOOLEAN *negative)
{
    const RTLP_CHAR *p = s, *digits;
    ULONG64 value = 0;
    BOOLEAN over = FALSE;

    *negative = FALSE;
    while (RTLP_SPACE(*p))
        p++;
    if (*p == '-' || *p == '+')
        *negative = *p++ == '-';
    if ((base == 0 || base == 16) && RTLP_DIGIT(p[0]) == 0 && (p[1] == 'x' || p[1] == 'X') &&
        RTLP_DIGIT(p[2]) < 16) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = RTLP_DIGIT(p[0]) == 0 ? 8 : 10;
    }
    for (digits = p; base >= 2 && base <= 36; p++) {
        int d = (int)RTLP_DIGIT(*p);
        if (d >= base)
            break;
        if (value > (limit - (ULONG64)d) / (ULONG64)base)
            over = TRUE;
        else
            value = value * (ULONG64)base + (ULONG64)d;
    }
    if (end)
        *end = (RTLP_CHAR *)(p == digits ? s : p);
    return over ? limit + 1 : value;
}

/* Out of range: LONG_MIN or LONG_MAX. */
long RTLP_NAME(tol)(const RTLP_CHAR *s, RTLP_CHAR **end, int base)
{
    BOOLEAN negative;
    ULONG64 v = RTLP_NAME(p_parse)(s, end, base, 0x80000000ull, &negative);
    if (negative)
        return v > 0x80000000ull ? (long)0x80000000 : (long)(0 - v);
    return v > 0x7fffffffull ? 0x7fffffff : (long)v;
}

/* Out of range: ULONG_MAX; a minus sign negates, as C does, the clamped value too (so -4294967296 is 1). */
unsigned long RTLP_NAME(toul)(const RTLP_CHAR *s, RTLP_CHAR **end, int base)
{
    BOOLEAN negative;
    ULONG64 v = RTLP_NAME(p_parse)(s, end, base, 0xffffffffull, &negative);
    if (v > 0xffffffffull)
        v = 0xffffffff;
    return negative ? (unsigned long)(0 - v) : (unsigned long)v;
}
