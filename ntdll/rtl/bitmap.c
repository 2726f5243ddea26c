/* Bitmaps: runs of bits over a caller's buffer of ULONGs, bit 0 the lowest of the first. */
#include "rtl/rtlp.h"

#define RTLP_NOT_FOUND 0xffffffffu

static BOOLEAN RtlpBit(const RTL_BITMAP *bitmap, ULONG i)
{
    return (bitmap->Buffer[i / 32] >> (i % 32)) & 1;
}

/* Sets or clears bits [start, start + count), a word at a time where it can. */
static void RtlpFill(PRTL_BITMAP bitmap, ULONG start, ULONG count, BOOLEAN set)
{
    while (count) {
        ULONG bit = start % 32, n = 32 - bit < count ? 32 - bit : count;
        ULONG mask = (n == 32 ? ~0u : ((1u << n) - 1)) << bit;
        if (set)
            bitmap->Buffer[start / 32] |= mask;
        else
            bitmap->Buffer[start / 32] &= ~mask;
        start += n;
        count -= n;
    }
}

/* Whether bits [start, start + count) all equal set; a range not wholly inside the map does not. */
static BOOLEAN RtlpAll(const RTL_BITMAP *bitmap, ULONG start, ULONG count, BOOLEAN set)
{
    if (!count || start >= bitmap->SizeOfBitMap || count > bitmap->SizeOfBitMap - start)
        return FALSE;
    for (ULONG i = start; i < start + count; i++)
        if (RtlpBit(bitmap, i) != set)
            return FALSE;
    return TRUE;
}

/* The first run of count bits equal to set at or after the hint, else from the start; RTLP_NOT_FOUND. */
static ULONG RtlpFind(const RTL_BITMAP *bitmap, ULONG count, ULONG hint, BOOLEAN set)
{
    ULONG size = bitmap->SizeOfBitMap;

    if (hint >= size)
        hint = 0;
    if (!count)
        return hint & ~7u; /* as Windows answers */
    if (count > size)
        return RTLP_NOT_FOUND;
    for (int pass = 0; pass < 2; pass++) {
        ULONG from = pass ? 0 : hint;
        for (ULONG i = from, run = 0; i < size; i++) {
            run = RtlpBit(bitmap, i) == set ? run + 1 : 0;
            if (run == count)
                return i + 1 - count;
        }
        if (!hint)
            break;
    }
    return RTLP_NOT_FOUND;
}

static ULONG RtlpCount(const RTL_BITMAP *bitmap)
{
    ULONG set = 0, whole = bitmap->SizeOfBitMap / 32, rest = bitmap->SizeOfBitMap % 32;
    for (ULONG i = 0; i < whole; i++)
        set += (ULONG)__builtin_popcount(bitmap->Buffer[i]);
    if (rest)
        set += (ULONG)__builtin_popcount(bitmap->Buffer[whole] & ((1u << rest) - 1));
    return set;
}

void NTAPI RtlInitializeBitMap(PRTL_BITMAP BitMapHeader, PULONG BitMapBuffer, ULONG SizeOfBitMap)
{
    BitMapHeader->SizeOfBitMap = SizeOfBitMap;
    BitMapHeader->Buffer = BitMapBuffer;
}

void NTAPI RtlSetBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG NumberToSet)
{
    RtlpFill(BitMapHeader, StartingIndex, NumberToSet, TRUE);
}

void NTAPI RtlClearBits(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG NumberToClear)
{
    RtlpFill(BitMapHeader, StartingIndex, NumberToClear, FALSE);
}

/* Whole ULONGs, as Windows does: the bits past the size in the last one change too. */
void NTAPI RtlSetAllBits(PRTL_BITMAP BitMapHeader)
{
    memset(BitMapHeader->Buffer, 0xff, (BitMapHeader->SizeOfBitMap + 31) / 32 * sizeof(ULONG));
}

void NTAPI RtlClearAllBits(PRTL_BITMAP BitMapHeader)
{
    memset(BitMapHeader->Buffer, 0, (BitMapHeader->SizeOfBitMap + 31) / 32 * sizeof(ULONG));
}

BOOLEAN NTAPI RtlTestBit(PRTL_BITMAP BitMapHeader, ULONG BitNumber)
{
    return BitNumber < BitMapHeader->SizeOfBitMap && RtlpBit(BitMapHeader, BitNumber);
}

BOOLEAN NTAPI RtlAreBitsSet(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length)
{
    return RtlpAll(BitMapHeader, StartingIndex, Length, TRUE);
}

BOOLEAN NTAPI RtlAreBitsClear(PRTL_BITMAP BitMapHeader, ULONG StartingIndex, ULONG Length)
{
    return RtlpAll(BitMapHeader, StartingIndex, Length, FALSE);
}

ULONG NTAPI RtlFindClearBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex)
{
    return RtlpFind(BitMapHeader, NumberToFind, HintIndex, FALSE);
}

ULONG NTAPI RtlFindSetBits(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex)
{
    return RtlpFind(BitMapHeader, NumberToFind, HintIndex, TRUE);
}

ULONG NTAPI RtlFindClearBitsAndSet(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex)
{
    ULONG at = RtlpFind(BitMapHeader, NumberToFind, HintIndex, FALSE);
    if (at != RTLP_NOT_FOUND)
        RtlpFill(BitMapHeader, at, NumberToFind, TRUE);
    return at;
}

ULONG NTAPI RtlFindSetBitsAndClear(PRTL_BITMAP BitMapHeader, ULONG NumberToFind, ULONG HintIndex)
{
    ULONG at = RtlpFind(BitMapHeader, NumberToFind, HintIndex, TRUE);
    if (at != RTLP_NOT_FOUND)
        RtlpFill(BitMapHeader, at, NumberToFind, FALSE);
    return at;
}

ULONG NTAPI RtlNumberOfSetBits(PRTL_BITMAP BitMapHeader)
{
    return RtlpCount(BitMapHeader);
}

ULONG NTAPI RtlNumberOfClearBits(PRTL_BITMAP BitMapHeader)
{
    return BitMapHeader->SizeOfBitMap - RtlpCount(BitMapHeader);
}

/* The first run of bits equal to set at or after from: its length, 0 when there is none (its start is then the
 * end of the map). */
static ULONG RtlpNextRun(const RTL_BITMAP *bitmap, ULONG from, BOOLEAN set, PULONG start)
{
    ULONG size = bitmap->SizeOfBitMap, i = from, n = 0;

    while (i < size && RtlpBit(bitmap, i) != set)
        i++;
    *start = i < size ? i : size;
    for (; i < size && RtlpBit(bitmap, i) == set; i++)
        n++;
    return n;
}

ULONG NTAPI RtlFindNextForwardRunSet(PRTL_BITMAP BitMapHeader, ULONG FromIndex, PULONG StartingRunIndex)
{
    return RtlpNextRun(BitMapHeader, FromIndex, TRUE, StartingRunIndex);
}

ULONG NTAPI RtlFindNextForwardRunClear(PRTL_BITMAP BitMapHeader, ULONG FromIndex, PULONG StartingRunIndex)
{
    return RtlpNextRun(BitMapHeader, FromIndex, FALSE, StartingRunIndex);
}

/* The runs of bits equal to set, in order, up to count of them; or the count longest, in no particular order. */
static ULONG RtlpFindRuns(const RTL_BITMAP *bitmap, PRTL_BITMAP_RUN runs, ULONG count, BOOLEAN longest,
                          BOOLEAN set)
{
    ULONG found = 0, start, length;

    for (ULONG from = 0; count && (length = RtlpNextRun(bitmap, from, set, &start)); from = start + length) {
        if (found < count) {
            runs[found].StartingIndex = start;
            runs[found++].NumberOfBits = length;
            continue;
        }
        if (!longest)
            break;
        ULONG shortest = 0;
        for (ULONG i = 1; i < found; i++)
            if (runs[i].NumberOfBits < runs[shortest].NumberOfBits)
                shortest = i;
        if (length > runs[shortest].NumberOfBits) {
            runs[shortest].StartingIndex = start;
            runs[shortest].NumberOfBits = length;
        }
    }
    return found;
}

ULONG NTAPI RtlFindSetRuns(PRTL_BITMAP BitMapHeader, PRTL_BITMAP_RUN RunArray, ULONG SizeOfRunArray,
                           BOOLEAN LocateLongestRuns)
{
    return RtlpFindRuns(BitMapHeader, RunArray, SizeOfRunArray, LocateLongestRuns, TRUE);
}

ULONG NTAPI RtlFindClearRuns(PRTL_BITMAP BitMapHeader, PRTL_BITMAP_RUN RunArray, ULONG SizeOfRunArray,
                             BOOLEAN LocateLongestRuns)
{
    return RtlpFindRuns(BitMapHeader, RunArray, SizeOfRunArray, LocateLongestRuns, FALSE);
}

/* The longest run (the first of equal ones): its length, 0 when there is none. */
static ULONG RtlpLongestRun(const RTL_BITMAP *bitmap, BOOLEAN set, PULONG start)
{
    RTL_BITMAP_RUN run = {0, 0};

    RtlpFindRuns(bitmap, &run, 1, TRUE, set);
    *start = run.StartingIndex;
    return run.NumberOfBits;
}

ULONG NTAPI RtlFindLongestRunSet(PRTL_BITMAP BitMapHeader, PULONG StartingIndex)
{
    return RtlpLongestRun(BitMapHeader, TRUE, StartingIndex);
}

ULONG NTAPI RtlFindLongestRunClear(PRTL_BITMAP BitMapHeader, PULONG StartingIndex)
{
    return RtlpLongestRun(BitMapHeader, FALSE, StartingIndex);
}

/* The index of the highest or lowest bit set, -1 for none. */
CCHAR NTAPI RtlFindMostSignificantBit(ULONGLONG Set)
{
    return Set ? (CCHAR)(63 - __builtin_clzll(Set)) : -1;
}

CCHAR NTAPI RtlFindLeastSignificantBit(ULONGLONG Set)
{
    return Set ? (CCHAR)__builtin_ctzll(Set) : -1;
}
