/* RtlUniform and RtlRandom: Windows' pseudo-random sequences, which programs may rely on being the same. */
#include "rtl/rtlp.h"

#define RTLP_RANDOM_MODULUS 0x7fffffffu

/* A linear congruential step: seed * 0x7fffffed + 0x7fffffc3, modulo 2^31 - 1. */
ULONG NTAPI RtlUniform(PULONG Seed)
{
    *Seed = (ULONG)(((ULONG64)*Seed * 0x7fffffed + 0x7fffffc3) % RTLP_RANDOM_MODULUS);
    return *Seed;
}
