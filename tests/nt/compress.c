/* LZNT1 compression: round trips through RtlCompressBuffer, hand-made chunks through RtlDecompressBuffer and
 * RtlDecompressFragment, and the statuses of bad formats, short buffers and damaged data. */
#include "lib/nttest.h"

#define DATA_SIZE 10000

static UCHAR Data[DATA_SIZE], Packed[DATA_SIZE + DATA_SIZE / 8 + 64], Unpacked[DATA_SIZE + 16];
static UCHAR WorkSpace[0x10000], Fragment[0x1000];

static void TestFormats(void)
{
    ULONG compress = 0xdeadbeef, fragment = 0xdeadbeef, final = 0xdeadbeef;
    static const UCHAR chunk[] = {0x03, 0x30, 'a', 'b', 'c', 'd'};

    ok_status(RtlGetCompressionWorkSpaceSize(COMPRESSION_FORMAT_NONE, &compress, &fragment), STATUS_INVALID_PARAMETER);
    ok_status(RtlGetCompressionWorkSpaceSize(COMPRESSION_FORMAT_DEFAULT, &compress, &fragment),
              STATUS_INVALID_PARAMETER);
    ok_status(RtlGetCompressionWorkSpaceSize(0xff, &compress, &fragment), STATUS_UNSUPPORTED_COMPRESSION);
    ok_status(RtlGetCompressionWorkSpaceSize(COMPRESSION_FORMAT_XPRESS, &compress, &fragment), STATUS_NOT_IMPLEMENTED);
    ok(compress == 0xdeadbeef && fragment == 0xdeadbeef, "nothing answered for a format refused");
    ok_status(
            RtlGetCompressionWorkSpaceSize(COMPRESSION_FORMAT_LZNT1 | COMPRESSION_ENGINE_MAXIMUM, &compress, &fragment),
            STATUS_SUCCESS);
    ok(compress && compress <= sizeof(WorkSpace) && fragment == 0x1000, "LZNT1's workspaces: %u and %u", compress,
       fragment);

    ok_status(RtlCompressBuffer(COMPRESSION_FORMAT_NONE, Data, 16, Packed, sizeof(Packed), 4096, &final, WorkSpace),
              STATUS_INVALID_PARAMETER);
    ok_status(RtlDecompressBuffer(0xff, Unpacked, sizeof(Unpacked), chunk, sizeof(chunk), &final),
              STATUS_UNSUPPORTED_COMPRESSION);
    ok_status(RtlDecompressFragment(COMPRESSION_FORMAT_DEFAULT, Fragment, sizeof(Fragment), chunk, sizeof(chunk), 0,
                                    &final, WorkSpace),
              STATUS_INVALID_PARAMETER);
    ok(final == 0xdeadbeef, "no size answered for a format refused");
}

/* Compressed and back, with each engine; then slices of it through RtlDecompressFragment. */
static void RoundTrip(const char *what, BOOLEAN shrinks)
{
    static const USHORT engines[] = {COMPRESSION_ENGINE_STANDARD, COMPRESSION_ENGINE_MAXIMUM};
    ULONG packed = 0, unpacked = 0;

    for (int e = 0; e < 2; e++) {
        USHORT format = COMPRESSION_FORMAT_LZNT1 | engines[e];
        ok_status(RtlCompressBuffer(format, Data, DATA_SIZE, Packed, sizeof(Packed), 4096, &packed, WorkSpace),
                  STATUS_SUCCESS);
        ok(shrinks ? packed < DATA_SIZE / 2 : packed > DATA_SIZE, "%s, engine %x: %u bytes", what, engines[e], packed);
        ok((Packed[1] & 0x70) == 0x30, "%s: the chunk signature", what);
        memset(Unpacked, 0x55, sizeof(Unpacked));
        ok_status(RtlDecompressBuffer(format, Unpacked, sizeof(Unpacked), Packed, packed, &unpacked), STATUS_SUCCESS);
        ok(unpacked == DATA_SIZE && !memcmp(Unpacked, Data, DATA_SIZE) && Unpacked[DATA_SIZE] == 0x55,
           "%s, engine %x: back as it was (%u bytes)", what, engines[e], unpacked);
    }
    /* Whole chunks skipped, the one the offset falls in through the workspace, the next one after it. */
    static const ULONG offsets[] = {0, 100, 4096, 5000, 8000};
    for (int i = 0; i < 5; i++) {
        memset(Fragment, 0x55, sizeof(Fragment));
        ok_status(RtlDecompressFragment(COMPRESSION_FORMAT_LZNT1, Fragment, 3000, Packed, packed, offsets[i], &unpacked,
                                        WorkSpace),
                  STATUS_SUCCESS);
        ULONG want = DATA_SIZE - offsets[i] < 3000 ? DATA_SIZE - offsets[i] : 3000;
        ok(unpacked == want && !memcmp(Fragment, Data + offsets[i], want) && Fragment[want] == 0x55,
           "%s from %u: %u bytes", what, offsets[i], unpacked);
    }
    ok_status(RtlDecompressFragment(COMPRESSION_FORMAT_LZNT1, Fragment, 100, Packed, packed, 3 * 4096, &unpacked,
                                    WorkSpace),
              STATUS_SUCCESS);
    ok(unpacked == 0, "%s: nothing past the last chunk (%u)", what, unpacked);
    ok_status(RtlCompressBuffer(COMPRESSION_FORMAT_LZNT1 | COMPRESSION_ENGINE_MAXIMUM, Data, DATA_SIZE, Packed,
                                packed / 2, 4096, &unpacked, WorkSpace),
              STATUS_BUFFER_TOO_SMALL);
}

static void TestRoundTrips(void)
{
    ULONG seed = 42;

    for (int i = 0; i < DATA_SIZE; i++)
        Data[i] = "the quick brown fox jumps over the lazy dog "[i % 44] ^ (i / 1000);
    RoundTrip("text", TRUE);
    for (int i = 0; i < DATA_SIZE; i++)
        Data[i] = (UCHAR)RtlRandomEx(&seed);
    RoundTrip("random bytes", FALSE);
    memset(Data, 0, DATA_SIZE);
    RoundTrip("zeros", TRUE);
}

static void Expect(const char *what, const UCHAR *in, ULONG size, ULONG room, NTSTATUS status, const char *text)
{
    ULONG final = 0xdeadbeef, len = text ? (ULONG)strlen(text) : 0;

    memset(Unpacked, 0x55, sizeof(Unpacked));
    ok_status(RtlDecompressBuffer(COMPRESSION_FORMAT_LZNT1, Unpacked, room, in, size, &final), status);
    if (!status)
        ok(final == len && !memcmp(Unpacked, text, len) && Unpacked[len] == 0x55, "%s: %u bytes", what, final);
}

static void TestChunks(void)
{
    /* "abc" then a reference three back, twelve long, overlapping what it writes.
     */
    static const UCHAR overlap[] = {0x05, 0xb0, 0x08, 'a', 'b', 'c', 0x06, 0x20};
    static const UCHAR stored[] = {0x03, 0x30, 'W', 'i', 'n', 'e', 0, 0, 0x03, 0x30, 'x', 'x', 'x', 'x'};
    static const UCHAR before_start[] = {0x06, 0xb0, 0x10, 'W', 'i', 'n', 'e', 0x05, 0x40};
    static const UCHAR half_token[] = {0x05, 0xb0, 0x10, 'W', 'i', 'n', 'e', 0x05};
    static const UCHAR cut[] = {0x08, 0xb0, 0x00, 'W', 'i', 'n', 'e'};
    static const UCHAR empty_then_cut[] = {0x00, 0xb0, 0x02, 0x00, 0xb0};
    ULONG final;

    Expect("a reference overlapping itself", overlap, sizeof(overlap), sizeof(Unpacked), STATUS_SUCCESS,
           "abcabcabcabc");
    Expect("literals cut short by the buffer", overlap, sizeof(overlap), 2, STATUS_SUCCESS, "ab");
    Expect("a reference that does not fit", overlap, sizeof(overlap), 5, STATUS_BAD_COMPRESSION_BUFFER, NULL);
    Expect("a stored chunk, then the end mark", stored, sizeof(stored), sizeof(Unpacked), STATUS_SUCCESS, "Wine");
    Expect("a reference before the chunk", before_start, sizeof(before_start), sizeof(Unpacked),
           STATUS_BAD_COMPRESSION_BUFFER, NULL);
    Expect("half a reference", half_token, sizeof(half_token), sizeof(Unpacked), STATUS_BAD_COMPRESSION_BUFFER, NULL);
    Expect("a chunk longer than the data", cut, sizeof(cut), sizeof(Unpacked), STATUS_BAD_COMPRESSION_BUFFER, NULL);
    Expect("a second chunk cut", empty_then_cut, sizeof(empty_then_cut), sizeof(Unpacked),
           STATUS_BAD_COMPRESSION_BUFFER, NULL);
    Expect("nothing", overlap, 1, sizeof(Unpacked), STATUS_BAD_COMPRESSION_BUFFER, NULL);
    Expect("no room: only the first header is read", empty_then_cut, sizeof(empty_then_cut), 0, STATUS_SUCCESS, "");

    /* A fragment wants stored chunks whole; an offset past a chunk's data lands in its zeros. */
    ok_status(RtlDecompressFragment(COMPRESSION_FORMAT_LZNT1, Fragment, sizeof(Fragment), stored, sizeof(stored), 0,
                                    &final, WorkSpace),
              STATUS_BAD_COMPRESSION_BUFFER);
    memset(Fragment, 0x55, sizeof(Fragment));
    ok_status(RtlDecompressFragment(COMPRESSION_FORMAT_LZNT1, Fragment, sizeof(Fragment), overlap, sizeof(overlap),
                                    4095, &final, WorkSpace),
              STATUS_SUCCESS);
    ok(final == 1 && Fragment[0] == 0 && Fragment[1] == 0x55, "the chunk's last byte, a zero: %u", final);
    ok_status(RtlDecompressFragment(COMPRESSION_FORMAT_LZNT1, Fragment, sizeof(Fragment), overlap, sizeof(overlap), 3,
                                    &final, WorkSpace),
              STATUS_SUCCESS);
    ok(final == 9 && !memcmp(Fragment, "abcabcabc", 9), "the data from 3: %u", final);
}

void RunTests(void)
{
    TestFormats();
    TestRoundTrips();
    TestChunks();
}
