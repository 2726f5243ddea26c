/* MD4 (RFC 1320), which ntdll exports for advapi32's NTLM hashes: MD4Init, MD4Update, MD4Final. */
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

void NTAPI MD4Init(MD4_CTX *Context)
{
    Context->buf[0] = 0x67452301;
    Context->buf[1] = 0xefcdab89;
    Context->buf[2] = 0x98badcfe;
    Context->buf[3] = 0x10325476;
    Context->i[0] = Context->i[1] = 0;
}

void NTAPI MD4Update(MD4_CTX *Context, const UCHAR *Input, unsigned int Length)
{
    ULONG used = (Context->i[0] >> 3) & 63;
    ULONG64 bits = ((ULONG64)Context->i[1] << 32 | Context->i[0]) + ((ULONG64)Length << 3);

    Context->i[0] = (ULONG)bits;
    Context->i[1] = (ULONG)(bits >> 32);
    while (Length) {
        ULONG take = 64 - used < Length ? 64 - used : Length;
        memcpy(Context->in + used, Input, take);
        used += take;
        Input += take;
        Length -= take;
        if (used == 64) {
            RtlpMd4Block(Context->buf, Context->in);
            used = 0;
        }
    }
}

/* Padding: 0x80, zeros to 56 bytes of the block, then the length in bits; the digest is the state. */
void NTAPI MD4Final(MD4_CTX *Context)
{
    UCHAR length[8], pad[64] = {0x80};
    ULONG used = (Context->i[0] >> 3) & 63;

    for (int i = 0; i < 4; i++) {
        length[i] = (UCHAR)(Context->i[0] >> (8 * i));
        length[4 + i] = (UCHAR)(Context->i[1] >> (8 * i));
    }
    MD4Update(Context, pad, used < 56 ? 56 - used : 120 - used);
    MD4Update(Context, length, 8);
    for (int i = 0; i < 16; i++)
        Context->digest[i] = (UCHAR)(Context->buf[i / 4] >> (8 * (i % 4)));
}
