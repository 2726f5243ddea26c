/* UTF-8 <-> UTF-16 conversion, the one implementation both sides use. */
#include "unicode.h"

/* Decode one UTF-8 scalar at *p (end excluded); advances *p; U+FFFD for anything malformed, as Windows counts
 * it: a byte that starts nothing is one bad unit; a lead byte with a continuation byte outside the range it allows
 * (an overlong form, a surrogate, beyond U+10FFFF) are one together; a sequence cut short is one, up to where it
 * stopped. */
static ULONG RtlpDecodeUtf8(const unsigned char **p, const unsigned char *end, SIZE_T *replaced)
{
    const unsigned char *s = *p;
    ULONG c = *s;
    unsigned char lo = 0x80, hi = 0xbf; /* where the second byte must be */
    int n;

    if (c < 0x80) {
        *p = s + 1;
        return c;
    }
    if (c >= 0xc2 && c <= 0xdf) {
        n = 1;
        c &= 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 2;
        lo = c == 0xe0 ? 0xa0 : 0x80;
        hi = c == 0xed ? 0x9f : 0xbf;
        c &= 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 3;
        lo = c == 0xf0 ? 0x90 : 0x80;
        hi = c == 0xf4 ? 0x8f : 0xbf;
        c &= 0x07;
    } else {
        *p = s + 1;
        ++*replaced;
        return RTL_REPLACEMENT_CHAR;
    }
    for (int i = 1; i <= n; i++) {
        if (s + i >= end || (s[i] & 0xc0) != 0x80) {
            *p = s + i;
            ++*replaced;
            return RTL_REPLACEMENT_CHAR;
        }
        if (i == 1 && (s[1] < lo || s[1] > hi)) {
            *p = s + 2;
            ++*replaced;
            return RTL_REPLACEMENT_CHAR;
        }
        c = (c << 6) | (s[i] & 0x3f);
    }
    *p = s + n + 1;
    return c;
}

SIZE_T RtlpUtf8ToUtf16Counted(const char *src, SIZE_T srclen, WCHAR *dst, SIZE_T dstcap, SIZE_T *replaced)
{
    const unsigned char *p = (const unsigned char *)src, *end = p + srclen;
    SIZE_T n = 0;

    *replaced = 0;
    while (p < end) {
        ULONG c = RtlpDecodeUtf8(&p, end, replaced);
        if (c >= 0x10000) {
            c -= 0x10000;
            if (n < dstcap) dst[n] = (WCHAR)(0xd800 | (c >> 10));
            n++;
            c = 0xdc00 | (c & 0x3ff);
        }
        if (n < dstcap) dst[n] = (WCHAR)c;
        n++;
    }
    return n;
}

SIZE_T RtlpUtf8ToUtf16(const char *src, SIZE_T srclen, WCHAR *dst, SIZE_T dstcap)
{
    SIZE_T replaced;
    return RtlpUtf8ToUtf16Counted(src, srclen, dst, dstcap, &replaced);
}

SIZE_T RtlpUtf16ToUtf8Counted(const WCHAR *src, SIZE_T srclen, char *dst, SIZE_T dstcap, SIZE_T *replaced,
                              SIZE_T *written)
{
    SIZE_T n = 0, whole = 0;
    BOOLEAN full = FALSE;

    *replaced = 0;
    for (SIZE_T i = 0; i < srclen; i++) {
        ULONG c = src[i];
        unsigned char buf[4];
        int len;

        if (c >= 0xd800 && c <= 0xdbff && i + 1 < srclen && src[i + 1] >= 0xdc00 && src[i + 1] <= 0xdfff)
            c = 0x10000 + ((c - 0xd800) << 10) + (src[++i] - 0xdc00);
        else if (c >= 0xd800 && c <= 0xdfff) {
            c = RTL_REPLACEMENT_CHAR;
            ++*replaced;
        }

        if (c < 0x80) { buf[0] = (unsigned char)c; len = 1; }
        else if (c < 0x800) { buf[0] = 0xc0 | (c >> 6); buf[1] = 0x80 | (c & 0x3f); len = 2; }
        else if (c < 0x10000) {
            buf[0] = 0xe0 | (c >> 12); buf[1] = 0x80 | ((c >> 6) & 0x3f); buf[2] = 0x80 | (c & 0x3f); len = 3;
        } else {
            buf[0] = 0xf0 | (c >> 18); buf[1] = 0x80 | ((c >> 12) & 0x3f);
            buf[2] = 0x80 | ((c >> 6) & 0x3f); buf[3] = 0x80 | (c & 0x3f); len = 4;
        }
        /* Only whole characters are written, and none after the first that does not fit. */
        if (!full && n + len <= dstcap) {
            for (int k = 0; k < len; k++)
                dst[n + k] = (char)buf[k];
            whole = n + len;
        } else {
            full = TRUE;
        }
        n += len;
    }
    if (written)
        *written = whole;
    return n;
}

SIZE_T RtlpUtf16ToUtf8(const WCHAR *src, SIZE_T srclen, char *dst, SIZE_T dstcap)
{
    SIZE_T replaced;
    return RtlpUtf16ToUtf8Counted(src, srclen, dst, dstcap, &replaced, NULL);
}

WCHAR RtlpUpcase(WCHAR c)
{
    return (WCHAR)(c + RtlpCaseDeltas[RtlpUpcaseIndex[c >> 8]][c & 0xff]);
}

WCHAR RtlpDowncase(WCHAR c)
{
    return (WCHAR)(c + RtlpCaseDeltas[RtlpDowncaseIndex[c >> 8]][c & 0xff]);
}

BOOLEAN RtlpEqualNames(const WCHAR *a, SIZE_T alen, const WCHAR *b, SIZE_T blen, BOOLEAN case_insensitive)
{
    if (alen != blen)
        return FALSE;
    for (SIZE_T i = 0; i < alen; i++)
        if (a[i] != b[i] && (!case_insensitive || RtlpUpcase(a[i]) != RtlpUpcase(b[i])))
            return FALSE;
    return TRUE;
}
