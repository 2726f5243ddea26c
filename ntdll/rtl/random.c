/* RtlUniform, RtlRandom and RtlRandomEx: Windows' pseudo-random sequences, which programs may rely on. */
#include "rtl/rtlp.h"

#define RTLP_RANDOM_MODULUS 0x7fffffffu

/* A linear congruential step: seed * 0x7fffffed + 0x7fffffc3, modulo 2^31 - 1. */
ULONG NTAPI RtlUniform(PULONG Seed)
{
    *Seed = (ULONG)(((ULONG64)*Seed * 0x7fffffed + 0x7fffffc3) % RTLP_RANDOM_MODULUS);
    return *Seed;
}

/* Two uniform steps from the seed; the first is stored in a 128-slot shuffle table, and what the slot held
 * (chosen by the previous result) is returned, which breaks up the congruential sequence's patterns. The
 * table starts filled from a fixed seed, so a process's sequence is the same from run to run. */
#define RTLP_SHUFFLE_SLOTS 128

static ULONG RtlpShuffle[RTLP_SHUFFLE_SLOTS];
static ULONG RtlpShuffleLast;
static RTL_RUN_ONCE RtlpShuffleOnce;

static ULONG NTAPI RtlpFillShuffle(PRTL_RUN_ONCE once, PVOID parameter, PVOID *context)
{
    ULONG seed = 0x6d2b79f5;

    (void)once, (void)parameter, (void)context;
    for (ULONG i = 0; i < RTLP_SHUFFLE_SLOTS; i++)
        RtlpShuffle[i] = RtlUniform(&seed);
    RtlpShuffleLast = RtlUniform(&seed);
    return TRUE;
}

ULONG NTAPI RtlRandom(PULONG Seed)
{
    ULONG value, slot;

    RtlRunOnceExecuteOnce(&RtlpShuffleOnce, RtlpFillShuffle, NULL, NULL);
    value = RtlUniform(Seed);
    RtlUniform(Seed);
    slot = RtlpShuffleLast & (RTLP_SHUFFLE_SLOTS - 1);
    RtlpShuffleLast = RtlpShuffle[slot];
    RtlpShuffle[slot] = value;
    return RtlpShuffleLast;
}

ULONG NTAPI RtlRandomEx(PULONG Seed)
{
    return RtlRandom(Seed);
}
