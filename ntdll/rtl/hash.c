/* The hashes ntdll exports: MD4 (RFC 1320, for NTLM), MD5 (RFC 1321) and SHA-1 (FIPS 180-4, A_SHA*), which
 * all buffer 64-byte blocks and end with the same padding, only the block function and the byte order of the
 * words differing; and the CRC-32 of zlib and Ethernet (RtlComputeCrc32). */
#include "rtl/rtlp.h"

static ULONG RtlpRotate(ULONG x, int n)
{
    return x << n | x >> (32 - n);
}

/* One 64-byte block into the state: three rounds of sixteen steps. */
static void RtlpMd4Block(ULONG state[4], const UCHAR block[64])
{
    static const int order2[16] = {0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15};
    static const int order3[16] = {0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15};
    static const int shifts[3][4] = {{3, 7, 11, 19}, {3, 5, 9, 13}, {3, 9, 11, 15}};
    ULONG x[16], s[4] = {state[0], state[1], state[2], state[3]};

    for (int i = 0; i < 16; i++)
        x[i] = (ULONG)block[i * 4] | (ULONG)block[i * 4 + 1] << 8 | (ULONG)block[i * 4 + 2] << 16 |
               (ULONG)block[i * 4 + 3] << 24;
    for (int round = 0; round < 3; round++) {
        for (int step = 0; step < 16; step++) {
            /* The word updated turns a, d, c, b; the others are its three successors in that turn. */
            int a = (4 - step % 4) % 4, b = (a + 1) % 4, c = (a + 2) % 4, d = (a + 3) % 4;
            ULONG f, k = round == 0 ? (ULONG)step : round == 1 ? (ULONG)order2[step] : (ULONG)order3[step];
            if (round == 0)
                f = (s[b] & s[c]) | (~s[b] & s[d]);
            else if (round == 1)
                f = ((s[b] & s[c]) | (s[b] & s[d]) | (s[c] & s[d])) + 0x5a827999;
            else
                f = (s[b] ^ s[c] ^ s[d]) + 0x6ed9eba1;
            s[a] = RtlpRotate(s[a] + f + x[k], shifts[round][step % 4]);
        }
    }
    for (int i = 0; i < 4; i++)
        state[i] += s[i];
}

typedef void (*RTLP_HASH_BLOCK)(ULONG *state, const UCHAR block[64]);

/* Input into the 64-byte buffer, each full block into the state; bits counts the length, low word first. */
static void RtlpHashUpdate(ULONG *state, ULONG bits[2], UCHAR buffer[64], RTLP_HASH_BLOCK block, const UCHAR *input,
                           ULONG length)
{
    ULONG used = (bits[0] >> 3) & 63;
    ULONG64 total = ((ULONG64)bits[1] << 32 | bits[0]) + ((ULONG64)length << 3);

    bits[0] = (ULONG)total;
    bits[1] = (ULONG)(total >> 32);
    while (length) {
        ULONG take = 64 - used < length ? 64 - used : length;
        memcpy(buffer + used, input, take);
        used += take;
        input += take;
        length -= take;
        if (used == 64) {
            block(state, buffer);
            used = 0;
        }
    }
}

/* Padding: 0x80, zeros to 56 bytes of the block, then the length in bits in the hash's byte order; then the
 * state's words, in that order too, are the digest. */
static void RtlpHashFinal(ULONG *state, ULONG words, ULONG bits[2], UCHAR buffer[64], RTLP_HASH_BLOCK block,
                          BOOLEAN big_endian, UCHAR *digest)
{
    UCHAR length[8], pad[64] = {0x80};
    ULONG used = (bits[0] >> 3) & 63;
    ULONG64 total = (ULONG64)bits[1] << 32 | bits[0];

    for (int i = 0; i < 8; i++)
        length[big_endian ? 7 - i : i] = (UCHAR)(total >> (8 * i));
    RtlpHashUpdate(state, bits, buffer, block, pad, used < 56 ? 56 - used : 120 - used);
    RtlpHashUpdate(state, bits, buffer, block, length, 8);
    for (ULONG i = 0; i < words * 4; i++)
        digest[i] = (UCHAR)(state[i / 4] >> (big_endian ? 8 * (3 - i % 4) : 8 * (i % 4)));
}

static const ULONG RtlpMdInitial[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};

void NTAPI MD4Init(MD4_CTX *Context)
{
    memcpy(Context->buf, RtlpMdInitial, sizeof(RtlpMdInitial));
    Context->i[0] = Context->i[1] = 0;
}

void NTAPI MD4Update(MD4_CTX *Context, const UCHAR *Input, unsigned int Length)
{
    RtlpHashUpdate(Context->buf, Context->i, Context->in, RtlpMd4Block, Input, Length);
}

void NTAPI MD4Final(MD4_CTX *Context)
{
    RtlpHashFinal(Context->buf, 4, Context->i, Context->in, RtlpMd4Block, FALSE, Context->digest);
}

/* One 64-byte block into the state: four rounds of sixteen steps, each adding a sine-derived constant. */
static void RtlpMd5Block(ULONG state[4], const UCHAR block[64])
{
    static const int shifts[4][4] = {{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};
    /* floor(abs(sin(i + 1)) * 2^32), the table RFC 1321 gives. */
    static const ULONG constants[64] = {
            0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
            0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
            0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
            0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
            0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
            0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
            0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
            0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};
    ULONG x[16], a = state[0], b = state[1], c = state[2], d = state[3];

    for (int i = 0; i < 16; i++)
        x[i] = (ULONG)block[i * 4] | (ULONG)block[i * 4 + 1] << 8 | (ULONG)block[i * 4 + 2] << 16 |
               (ULONG)block[i * 4 + 3] << 24;
    for (int i = 0; i < 64; i++) {
        int round = i / 16;
        ULONG f, k, t;
        if (round == 0)
            f = (b & c) | (~b & d), k = (ULONG)i;
        else if (round == 1)
            f = (d & b) | (~d & c), k = (ULONG)(5 * i + 1) % 16;
        else if (round == 2)
            f = b ^ c ^ d, k = (ULONG)(3 * i + 5) % 16;
        else
            f = c ^ (b | ~d), k = (ULONG)(7 * i) % 16;
        t = d;
        d = c;
        c = b;
        b = b + RtlpRotate(a + f + constants[i] + x[k], shifts[round][i % 4]);
        a = t;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
}

void NTAPI MD5Init(MD5_CTX *Context)
{
    memcpy(Context->buf, RtlpMdInitial, sizeof(RtlpMdInitial));
    Context->i[0] = Context->i[1] = 0;
}

void NTAPI MD5Update(MD5_CTX *Context, const UCHAR *Input, unsigned int Length)
{
    RtlpHashUpdate(Context->buf, Context->i, Context->in, RtlpMd5Block, Input, Length);
}

void NTAPI MD5Final(MD5_CTX *Context)
{
    RtlpHashFinal(Context->buf, 4, Context->i, Context->in, RtlpMd5Block, FALSE, Context->digest);
}

/* One 64-byte block into the state: eighty rounds over a message schedule of big-endian words. */
static void RtlpSha1Block(ULONG state[5], const UCHAR block[64])
{
    ULONG w[80], a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];

    for (int i = 0; i < 16; i++)
        w[i] = (ULONG)block[i * 4] << 24 | (ULONG)block[i * 4 + 1] << 16 | (ULONG)block[i * 4 + 2] << 8 |
               (ULONG)block[i * 4 + 3];
    for (int i = 16; i < 80; i++)
        w[i] = RtlpRotate(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    for (int i = 0; i < 80; i++) {
        ULONG f, k, t;
        if (i < 20)
            f = (b & c) | (~b & d), k = 0x5a827999;
        else if (i < 40)
            f = b ^ c ^ d, k = 0x6ed9eba1;
        else if (i < 60)
            f = (b & c) | (b & d) | (c & d), k = 0x8f1bbcdc;
        else
            f = b ^ c ^ d, k = 0xca62c1d6;
        t = RtlpRotate(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = RtlpRotate(b, 30);
        b = a;
        a = t;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
}

void NTAPI A_SHAInit(A_SHA_CTX *Context)
{
    static const ULONG initial[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    memcpy(Context->State, initial, sizeof(initial));
    Context->Count[0] = Context->Count[1] = 0;
}

void NTAPI A_SHAUpdate(A_SHA_CTX *Context, const UCHAR *Input, unsigned int Length)
{
    RtlpHashUpdate(Context->State, Context->Count, Context->Buffer, RtlpSha1Block, Input, Length);
}

/* The 20 bytes of the digest into Result; the context starts over. */
void NTAPI A_SHAFinal(A_SHA_CTX *Context, PULONG Result)
{
    RtlpHashFinal(Context->State, 5, Context->Count, Context->Buffer, RtlpSha1Block, TRUE, (UCHAR *)Result);
    A_SHAInit(Context);
}

/* The reflected CRC-32 of polynomial 0x04c11db7, a byte at a time through a table of the 256 remainders: the
 * sum continues from InitialCrc, so a buffer may be given in pieces. */
static ULONG RtlpCrcTable[256];
static RTL_RUN_ONCE RtlpCrcOnce;

static ULONG NTAPI RtlpFillCrcTable(PRTL_RUN_ONCE once, PVOID parameter, PVOID *context)
{
    (void)once, (void)parameter, (void)context;
    for (ULONG n = 0; n < 256; n++) {
        ULONG crc = n;
        for (int bit = 0; bit < 8; bit++)
            crc = crc >> 1 ^ (0xedb88320 & -(crc & 1));
        RtlpCrcTable[n] = crc;
    }
    return TRUE;
}

ULONG NTAPI RtlComputeCrc32(ULONG InitialCrc, const UCHAR *Buffer, ULONG Length)
{
    ULONG crc = ~InitialCrc;

    RtlRunOnceExecuteOnce(&RtlpCrcOnce, RtlpFillCrcTable, NULL, NULL);
    for (ULONG i = 0; i < Length; i++)
        crc = crc >> 8 ^ RtlpCrcTable[(crc ^ Buffer[i]) & 0xff];
    return ~crc;
}
