/* Unicode normalization (forms C, D, KC, KD and IDNA) shared by the host and ntdll, over tables generated from the
 * Unicode character database (tools/unicode/gen-normalization). No allocation: the caller lends a work area. */
#ifndef LIB_RTL_NORMALIZE_H
#define LIB_RTL_NORMALIZE_H

#include "nt/ntdef.h"
#include "nt/ntstatus.h"

#define RTLP_NORMALIZATION_C 1
#define RTLP_NORMALIZATION_D 2
#define RTLP_NORMALIZATION_KC 5
#define RTLP_NORMALIZATION_KD 6
#define RTLP_NORMALIZATION_IDNA 13
/* The most code points one code point decomposes into (U+FDFA, compatibly or by the IDNA mapping). */
#define RTLP_MAX_DECOMPOSITION 18

typedef struct {
    ULONG Code;
    USHORT Offset; /* in RtlpDecompositionText */
    UCHAR Length;  /* UTF-16 units */
    UCHAR Reserved;
} RTLP_DECOMPOSITION;

typedef struct {
    ULONG First, Second, Composite;
} RTLP_COMPOSITION;

extern const ULONG RtlpCombiningClasses[];             /* code point << 8 | class, sorted */
/* The IDNA mapping (Unicode technical standard 46), from Start to the next range's start. */
typedef enum { RtlpIdnaValid, RtlpIdnaMapped, RtlpIdnaIgnored, RtlpIdnaDisallowed } RTLP_IDNA_STATUS;
typedef struct {
    ULONG Start;
    USHORT Offset; /* of its mapping in RtlpDecompositionText */
    UCHAR Length;
    UCHAR Status;
} RTLP_IDNA_RANGE;

extern const RTLP_IDNA_RANGE RtlpIdnaRanges[];
extern const RTLP_DECOMPOSITION RtlpCanonicalDecompositions[];
extern const RTLP_DECOMPOSITION RtlpCompatibilityDecompositions[]; /* where they differ from the canonical */
extern const WCHAR RtlpDecompositionText[];
extern const RTLP_COMPOSITION RtlpCompositions[];      /* sorted by First, then Second */
extern const ULONG RtlpAssignedRanges[][2];
extern const ULONG RtlpCombiningClassCount, RtlpCanonicalCount, RtlpCompatibilityCount, RtlpCompositionCount,
    RtlpAssignedRangeCount, RtlpIdnaRangeCount;

/* A code point's canonical combining class; whether Unicode has assigned it; its IDNA range. */
UCHAR RtlpCombiningClass(ULONG c);
BOOLEAN RtlpAssigned(ULONG c);
const RTLP_IDNA_RANGE *RtlpIdnaRange(ULONG c);

/* Normalize src (length units of UTF-16) into dst (*dst_length units). work must hold work_size code points;
 * length * RTLP_MAX_DECOMPOSITION always suffices. On success *dst_length is the result's length; with
 * STATUS_BUFFER_TOO_SMALL the length it needs; with STATUS_NO_UNICODE_TRANSLATION (an unpaired surrogate, an
 * unassigned code point, a NUL before the end) the position of the offending unit, past it for a high
 * surrogate. STATUS_BUFFER_OVERFLOW when work is too small. */
NTSTATUS RtlpNormalize(ULONG form, const WCHAR *src, SIZE_T length, WCHAR *dst, SIZE_T *dst_length, ULONG *work,
                       SIZE_T work_size);

#endif
