/* Unicode normalization (see normalize.h): full decomposition, canonical ordering, then for C and KC canonical
 * composition, as the Unicode standard's annex 15 describes; Hangul syllables by their arithmetic. */
#include "rtl/normalize.h"

#define HANGUL_S 0xac00
#define HANGUL_L 0x1100
#define HANGUL_V 0x1161
#define HANGUL_T 0x11a7
#define HANGUL_L_COUNT 19
#define HANGUL_V_COUNT 21
#define HANGUL_T_COUNT 28
#define HANGUL_N_COUNT (HANGUL_V_COUNT * HANGUL_T_COUNT)
#define HANGUL_S_COUNT (HANGUL_L_COUNT * HANGUL_N_COUNT)

UCHAR RtlpCombiningClass(ULONG c)
{
    ULONG lo = 0, hi = RtlpCombiningClassCount;

    while (lo < hi) {
        ULONG mid = (lo + hi) / 2, code = RtlpCombiningClasses[mid] >> 8;
        if (code == c)
            return (UCHAR)RtlpCombiningClasses[mid];
        if (code < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static const RTLP_DECOMPOSITION *RtlpFindDecomposition(const RTLP_DECOMPOSITION *table, ULONG count, ULONG c)
{
    ULONG lo = 0, hi = count;

    while (lo < hi) {
        ULONG mid = (lo + hi) / 2;
        if (table[mid].Code == c)
            return &table[mid];
        if (table[mid].Code < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

BOOLEAN RtlpAssigned(ULONG c)
{
    ULONG lo = 0, hi = RtlpAssignedRangeCount;

    while (lo < hi) {
        ULONG mid = (lo + hi) / 2;
        if (c < RtlpAssignedRanges[mid][0])
            hi = mid;
        else if (c > RtlpAssignedRanges[mid][1])
            lo = mid + 1;
        else
            return TRUE;
    }
    return FALSE;
}

const RTLP_IDNA_RANGE *RtlpIdnaRange(ULONG c)
{
    ULONG lo = 0, hi = RtlpIdnaRangeCount;

    while (hi - lo > 1) {
        ULONG mid = (lo + hi) / 2;
        if (RtlpIdnaRanges[mid].Start <= c)
            lo = mid;
        else
            hi = mid;
    }
    return &RtlpIdnaRanges[lo];
}

static ULONG RtlpCompose(ULONG first, ULONG second)
{
    ULONG lo = 0, hi = RtlpCompositionCount;

    if (first - HANGUL_L < HANGUL_L_COUNT && second - HANGUL_V < HANGUL_V_COUNT)
        return HANGUL_S + ((first - HANGUL_L) * HANGUL_V_COUNT + (second - HANGUL_V)) * HANGUL_T_COUNT;
    if (first - HANGUL_S < HANGUL_S_COUNT && !((first - HANGUL_S) % HANGUL_T_COUNT) && second - HANGUL_T - 1 <
        HANGUL_T_COUNT - 1)
        return first + (second - HANGUL_T);
    while (lo < hi) {
        ULONG mid = (lo + hi) / 2;
        const RTLP_COMPOSITION *p = &RtlpCompositions[mid];
        if (p->First == first && p->Second == second)
            return p->Composite;
        if (p->First < first || (p->First == first && p->Second < second))
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static SIZE_T RtlpUtf16Length(ULONG c)
{
    return c >= 0x10000 ? 2 : 1;
}

/* Appends the full decomposition of c to work; FALSE when work is full. */
static BOOLEAN RtlpDecompose(ULONG c, BOOLEAN compatible, ULONG *work, SIZE_T *used, SIZE_T size)
{
    const RTLP_DECOMPOSITION *d = NULL;

    if (c - HANGUL_S < HANGUL_S_COUNT) {
        ULONG s = c - HANGUL_S, t = s % HANGUL_T_COUNT;
        if (*used + 3 > size)
            return FALSE;
        work[(*used)++] = HANGUL_L + s / HANGUL_N_COUNT;
        work[(*used)++] = HANGUL_V + (s % HANGUL_N_COUNT) / HANGUL_T_COUNT;
        if (t)
            work[(*used)++] = HANGUL_T + t;
        return TRUE;
    }
    if (compatible)
        d = RtlpFindDecomposition(RtlpCompatibilityDecompositions, RtlpCompatibilityCount, c);
    if (!d)
        d = RtlpFindDecomposition(RtlpCanonicalDecompositions, RtlpCanonicalCount, c);
    if (!d) {
        if (*used == size)
            return FALSE;
        work[(*used)++] = c;
        return TRUE;
    }
    for (ULONG k = 0; k < d->Length; k++) {
        ULONG u = RtlpDecompositionText[d->Offset + k];
        if (u - 0xd800 < 0x400) /* the text is UTF-16, and well-formed */
            u = 0x10000 + ((u - 0xd800) << 10) + (RtlpDecompositionText[d->Offset + ++k] - 0xdc00);
        if (*used == size)
            return FALSE;
        work[(*used)++] = u;
    }
    return TRUE;
}

/* The IDNA form maps first (dropping what it ignores, refusing what it disallows), then composes as form C;
 * what Unicode has not assigned passes, for the caller to judge. FALSE for a disallowed character. */
static BOOLEAN RtlpMapIdna(ULONG c, ULONG *work, SIZE_T *used, SIZE_T size, BOOLEAN *full)
{
    const RTLP_IDNA_RANGE *range = RtlpIdnaRange(c);

    *full = FALSE;
    if (!RtlpAssigned(c) || range->Status == RtlpIdnaValid) {
        *full = !RtlpDecompose(c, FALSE, work, used, size);
        return TRUE;
    }
    if (range->Status == RtlpIdnaDisallowed)
        return FALSE;
    for (ULONG k = 0; k < range->Length && range->Status == RtlpIdnaMapped; k++) {
        ULONG u = RtlpDecompositionText[range->Offset + k];
        if (u - 0xd800 < 0x400)
            u = 0x10000 + ((u - 0xd800) << 10) + (RtlpDecompositionText[range->Offset + ++k] - 0xdc00);
        if (!RtlpDecompose(u, FALSE, work, used, size)) {
            *full = TRUE;
            return TRUE;
        }
    }
    return TRUE;
}

/* Canonical ordering: each run of non-starters sorted by combining class, stably. */
static void RtlpReorder(ULONG *work, SIZE_T count)
{
    for (SIZE_T i = 1; i < count; i++) {
        ULONG c = work[i];
        UCHAR class = RtlpCombiningClass(c);
        SIZE_T j = i;
        if (!class)
            continue;
        while (j > 0 && RtlpCombiningClass(work[j - 1]) > class) {
            work[j] = work[j - 1];
            j--;
        }
        work[j] = c;
    }
}

/* Canonical composition: each character joins the last starter when nothing between blocks it. */
static SIZE_T RtlpComposeAll(ULONG *work, SIZE_T count)
{
    SIZE_T starter = 0, out = 0;
    BOOLEAN have_starter = FALSE;
    int last_class = -1;

    for (SIZE_T i = 0; i < count; i++) {
        ULONG c = work[i], composite;
        UCHAR class = RtlpCombiningClass(c);
        if (have_starter && (last_class < class || (last_class == -1 && !class)) &&
            (composite = RtlpCompose(work[starter], c))) {
            work[starter] = composite;
            continue;
        }
        if (!class) {
            starter = out;
            have_starter = TRUE;
            last_class = -1;
        } else {
            last_class = class;
        }
        work[out++] = c;
    }
    return out;
}

NTSTATUS RtlpNormalize(ULONG form, const WCHAR *src, SIZE_T length, WCHAR *dst, SIZE_T *dst_length, ULONG *work,
                       SIZE_T work_size)
{
    BOOLEAN compatible = form == RTLP_NORMALIZATION_KC || form == RTLP_NORMALIZATION_KD;
    BOOLEAN idna = form == RTLP_NORMALIZATION_IDNA, full;
    BOOLEAN compose = form == RTLP_NORMALIZATION_C || form == RTLP_NORMALIZATION_KC || idna;
    SIZE_T used = 0, bad = ~(SIZE_T)0, needed = 0, capacity = *dst_length;

    for (SIZE_T i = 0; i < length && bad == ~(SIZE_T)0; i++) {
        ULONG c = src[i];
        if (c - 0xd800 < 0x400 && i + 1 < length && src[i + 1] - 0xdc00u < 0x400)
            c = 0x10000 + ((c - 0xd800) << 10) + (src[++i] - 0xdc00);
        if (c - 0xd800 < 0x800)
            bad = i + (c < 0xdc00);
        else if (!c && i + 1 < length)
            bad = i;
        else if (idna) {
            if (!RtlpMapIdna(c, work, &used, work_size, &full))
                bad = i;
            else if (full)
                return STATUS_BUFFER_OVERFLOW;
        } else if (!RtlpAssigned(c))
            bad = i;
        else if (!RtlpDecompose(c, compatible, work, &used, work_size))
            return STATUS_BUFFER_OVERFLOW;
    }
    RtlpReorder(work, used);
    if (compose)
        used = RtlpComposeAll(work, used);
    for (SIZE_T k = 0; k < used; k++)
        needed += RtlpUtf16Length(work[k]);
    /* What did not fit before the bad character is the first thing to report, as on Windows. */
    if (needed > capacity) {
        *dst_length = needed;
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (bad != ~(SIZE_T)0) {
        *dst_length = bad;
        return STATUS_NO_UNICODE_TRANSLATION;
    }
    for (SIZE_T k = 0, n = 0; k < used; k++) {
        ULONG c = work[k];
        if (c >= 0x10000) {
            dst[n++] = (WCHAR)(0xd800 + ((c - 0x10000) >> 10));
            dst[n++] = (WCHAR)(0xdc00 + ((c - 0x10000) & 0x3ff));
        } else {
            dst[n++] = (WCHAR)c;
        }
    }
    *dst_length = needed;
    return STATUS_SUCCESS;
}
