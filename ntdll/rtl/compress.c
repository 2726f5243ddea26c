/* The runtime library's buffer compression: LZNT1 (MS-XCA section 2.5), the format of NTFS's compressed files. */
#include "rtl/rtlp.h"

/* LZNT1 cuts the data into chunks of 4096 bytes, each behind a 16-bit header: the size of what follows less one in the
 * low 12 bits, the signature 3 in the next three and, at the top, whether the chunk is compressed. A compressed chunk
 * is groups of a flag byte and eight items, each a literal byte (flag bit clear) or a 16-bit back-reference whose split
 * between distance and length grows the distance with the position. */
#define LZNT1_CHUNK 4096
#define LZNT1_COMPRESSED 0x8000
#define LZNT1_SIGNATURE 0x3000
#define LZNT1_SIZE_MASK 0x0fff

#define LZNT1_HASH_SIZE 4096
#define LZNT1_NO_POSITION 0xffff

/* The compressor's workspace: for each hash of three bytes the latest position, and for each position the one before it
 * with the same hash. */
typedef struct {
    USHORT Head[LZNT1_HASH_SIZE];
    USHORT Previous[LZNT1_CHUNK];
} LZNT1_WORKSPACE;

static NTSTATUS RtlpCheckFormat(USHORT format)
{
    switch (format & COMPRESSION_FORMAT_MASK) {
    case COMPRESSION_FORMAT_NONE:
    case COMPRESSION_FORMAT_DEFAULT: return STATUS_INVALID_PARAMETER;
    case COMPRESSION_FORMAT_LZNT1: return STATUS_SUCCESS;
    case COMPRESSION_FORMAT_XPRESS:
    case COMPRESSION_FORMAT_XPRESS_HUFF:
        RtlpReport("compression format ", format == COMPRESSION_FORMAT_XPRESS ? "XPRESS" : "XPRESS Huffman",
                   " is not implemented", NULL);
        return STATUS_NOT_IMPLEMENTED;
    default: return STATUS_UNSUPPORTED_COMPRESSION;
    }
}

/* How many of a back-reference's 16 bits are the length at this position of the chunk; the rest, the distance, have to
 * reach back to its start. */
static unsigned RtlpLengthBits(ULONG position)
{
    unsigned bits = 12;
    for (ULONG reach = position - 1; reach >= 0x10; reach >>= 1)
        bits--;
    return bits;
}

NTSTATUS NTAPI RtlGetCompressionWorkSpaceSize(USHORT Format, PULONG CompressWorkSpace, PULONG FragmentWorkSpace)
{
    NTSTATUS status = RtlpCheckFormat(Format);
    if (status)
        return status;
    if (CompressWorkSpace)
        *CompressWorkSpace = sizeof(LZNT1_WORKSPACE);
    if (FragmentWorkSpace)
        *FragmentWorkSpace = LZNT1_CHUNK;
    return STATUS_SUCCESS;
}

static ULONG RtlpHash(const UCHAR *p)
{
    return ((ULONG)p[0] << 4 ^ (ULONG)p[1] << 2 ^ p[2]) & (LZNT1_HASH_SIZE - 1);
}

/* One chunk's data compressed into out, or 0 when it does not fit in limit bytes. */
static ULONG RtlpCompressChunk(const UCHAR *in, ULONG size, UCHAR *out, ULONG limit, LZNT1_WORKSPACE *work, ULONG depth)
{
    ULONG pos = 0, used = 0, flags_at = 0;
    unsigned item = 8;

    for (ULONG i = 0; i < LZNT1_HASH_SIZE; i++)
        work->Head[i] = LZNT1_NO_POSITION;
    while (pos < size) {
        ULONG best_len = 0, best_dist = 0;
        if (item == 8) {
            if (used >= limit)
                return 0;
            flags_at = used++;
            out[flags_at] = 0;
            item = 0;
        }
        if (pos && pos + 3 <= size) {
            unsigned len_bits = RtlpLengthBits(pos);
            ULONG max_len = ((1u << len_bits) - 1) + 3, h = RtlpHash(in + pos), tries = depth;
            if (max_len > size - pos)
                max_len = size - pos;
            for (ULONG cand = work->Head[h]; cand != LZNT1_NO_POSITION && tries--; cand = work->Previous[cand]) {
                ULONG len = 0;
                while (len < max_len && in[cand + len] == in[pos + len])
                    len++;
                if (len > best_len) {
                    best_len = len;
                    best_dist = pos - cand;
                    if (len == max_len)
                        break;
                }
            }
            if (best_len >= 3) {
                if (used + 2 > limit)
                    return 0;
                USHORT token = (USHORT)((best_dist - 1) << len_bits | (best_len - 3));
                out[used++] = (UCHAR)token;
                out[used++] = (UCHAR)(token >> 8);
                out[flags_at] |= (UCHAR)(1u << item);
            }
        }
        if (best_len < 3) {
            if (used >= limit)
                return 0;
            out[used++] = in[pos];
            best_len = 1;
        }
        for (ULONG end = pos + best_len; pos < end; pos++) {
            if (pos + 3 <= size) {
                ULONG h = RtlpHash(in + pos);
                work->Previous[pos] = work->Head[h];
                work->Head[h] = (USHORT)pos;
            }
        }
        item++;
    }
    return used;
}

NTSTATUS NTAPI RtlCompressBuffer(USHORT Format, const UCHAR *Uncompressed, ULONG UncompressedSize, PUCHAR Compressed,
                                 ULONG CompressedSize, ULONG ChunkSize, PULONG FinalCompressedSize, PVOID WorkSpace)
{
    NTSTATUS status = RtlpCheckFormat(Format);
    ULONG in = 0, out = 0, depth = (Format & COMPRESSION_ENGINE_MAXIMUM) ? LZNT1_CHUNK : 16;

    if (status)
        return status;
    if (!WorkSpace)
        return STATUS_INVALID_PARAMETER;
    while (in < UncompressedSize) {
        ULONG size = UncompressedSize - in < LZNT1_CHUNK ? UncompressedSize - in : LZNT1_CHUNK;
        /* A whole chunk is worth compressing only if it shrinks; a partial last one is compressed whenever it fits the
         * header's 12 bits, as RtlDecompressFragment takes stored chunks only whole. */
        ULONG room = CompressedSize - out < 2 ? 0 : CompressedSize - out - 2;
        ULONG worth = size == LZNT1_CHUNK ? size - 1 : LZNT1_CHUNK, limit = room < worth ? room : worth;
        ULONG packed = RtlpCompressChunk(Uncompressed + in, size, Compressed + out + 2, limit, WorkSpace, depth);
        USHORT header;

        if (packed) {
            header = (USHORT)(LZNT1_COMPRESSED | LZNT1_SIGNATURE | (packed - 1));
        } else {
            /* Data that does not shrink is stored as it is. */
            if (room < size)
                return STATUS_BUFFER_TOO_SMALL;
            memcpy(Compressed + out + 2, Uncompressed + in, size);
            packed = size;
            header = (USHORT)(LZNT1_SIGNATURE | (size - 1));
        }
        Compressed[out] = (UCHAR)header;
        Compressed[out + 1] = (UCHAR)(header >> 8);
        out += 2 + packed;
        in += size;
    }
    *FinalCompressedSize = out;
    return STATUS_SUCCESS;
}

/* Expands one chunk's data to out[start, limit), out[0] being the chunk's first byte: the new end of what is there, the
 * bytes past limit being dropped; a back-reference that does not fit whole is an error. */
static NTSTATUS RtlpDecompressChunk(const UCHAR *in, ULONG size, UCHAR *out, ULONG limit, PULONG end)
{
    ULONG pos = 0, i = 0;

    while (i < size && pos < limit) {
        UCHAR flags = in[i++];
        for (unsigned item = 0; item < 8 && i < size && pos < limit; item++, flags >>= 1) {
            if (!(flags & 1)) {
                out[pos++] = in[i++];
                continue;
            }
            if (i + 2 > size)
                return STATUS_BAD_COMPRESSION_BUFFER;
            USHORT token = (USHORT)(in[i] | in[i + 1] << 8);
            unsigned len_bits = RtlpLengthBits(pos ? pos : 1);
            ULONG distance = (ULONG)(token >> len_bits) + 1, len = (token & ((1u << len_bits) - 1)) + 3;
            i += 2;
            if (distance > pos || len > limit - pos)
                return STATUS_BAD_COMPRESSION_BUFFER;
            for (; len; len--, pos++)
                out[pos] = out[pos - distance];
        }
    }
    *end = pos;
    return STATUS_SUCCESS;
}

typedef struct {
    const UCHAR *Next, *End;
    BOOLEAN Fragment; /* uncompressed chunks have to be whole, as
                         RtlDecompressFragment wants them */
} LZNT1_READER;

/* The next chunk: STATUS_NO_MORE_ENTRIES at the end, and an error for a header that promises more than is left. */
static NTSTATUS RtlpNextChunk(LZNT1_READER *reader, const UCHAR **data, PULONG size, PBOOLEAN compressed)
{
    if (reader->End - reader->Next < 2)
        return STATUS_NO_MORE_ENTRIES;
    USHORT header = (USHORT)(reader->Next[0] | reader->Next[1] << 8);
    if (!header)
        return STATUS_NO_MORE_ENTRIES;
    *size = (header & LZNT1_SIZE_MASK) + 1u;
    *compressed = (header & LZNT1_COMPRESSED) != 0;
    *data = reader->Next + 2;
    if ((ULONG)(reader->End - *data) < *size)
        return STATUS_BAD_COMPRESSION_BUFFER;
    reader->Next = *data + *size;
    return STATUS_SUCCESS;
}

static NTSTATUS RtlpExpandChunk(const LZNT1_READER *reader, const UCHAR *data, ULONG size, BOOLEAN compressed,
                                UCHAR *out, ULONG limit, PULONG end)
{
    if (compressed)
        return RtlpDecompressChunk(data, size, out, limit, end);
    if (reader->Fragment && size != LZNT1_CHUNK)
        return STATUS_BAD_COMPRESSION_BUFFER;
    *end = size < limit ? size : limit;
    memcpy(out, data, *end);
    return STATUS_SUCCESS;
}

/* Whether a chunk follows the reader's position. */
static BOOLEAN RtlpMoreChunks(const LZNT1_READER *reader)
{
    return reader->End - reader->Next >= 2 && (reader->Next[0] | reader->Next[1]);
}

/* The chunks from the reader's position into out, each but the last filling its 4096 bytes, zeros making up what a
 * chunk's data left short. */
static NTSTATUS RtlpDecompressChunks(LZNT1_READER *reader, UCHAR *out, ULONG out_size, PULONG written)
{
    ULONG done = 0;
    ULONG64 chunk_start = 0;

    for (;;) {
        const UCHAR *data;
        ULONG size, end;
        BOOLEAN compressed;
        NTSTATUS status = RtlpNextChunk(reader, &data, &size, &compressed);
        if (status == STATUS_NO_MORE_ENTRIES)
            break;
        if (status)
            return status;
        if (chunk_start > done) {
            ULONG pad = chunk_start - done < out_size - done ? (ULONG)(chunk_start - done) : out_size - done;
            memset(out + done, 0, pad);
            done += pad;
        }
        if (done == out_size)
            break;
        status = RtlpExpandChunk(reader, data, size, compressed, out + done, out_size - done, &end);
        if (status)
            return status;
        done += end;
        chunk_start += LZNT1_CHUNK;
    }
    *written = done;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlDecompressBuffer(USHORT Format, PUCHAR Uncompressed, ULONG UncompressedSize, const UCHAR *Compressed,
                                   ULONG CompressedSize, PULONG FinalUncompressedSize)
{
    NTSTATUS status = RtlpCheckFormat(Format);
    LZNT1_READER reader = {Compressed, Compressed + CompressedSize, FALSE};

    if (status)
        return status;
    if (CompressedSize < 2)
        return STATUS_BAD_COMPRESSION_BUFFER;
    return RtlpDecompressChunks(&reader, Uncompressed, UncompressedSize, FinalUncompressedSize);
}

/* Each chunk the range touches is expanded whole in the workspace and the part wanted copied out, so that the range may
 * end inside a back-reference. A chunk's data short of 4096 bytes is made up with zeros when more chunks follow or the
 * offset lies past its data. */
NTSTATUS NTAPI RtlDecompressFragment(USHORT Format, PUCHAR Fragment, ULONG FragmentSize, const UCHAR *Compressed,
                                     ULONG CompressedSize, ULONG Offset, PULONG FinalUncompressedSize, PVOID WorkSpace)
{
    NTSTATUS status = RtlpCheckFormat(Format);
    LZNT1_READER reader = {Compressed, Compressed + CompressedSize, TRUE};
    UCHAR *chunk_out = WorkSpace;
    ULONG done = 0;

    if (status)
        return status;
    if (CompressedSize < 2)
        return STATUS_BAD_COMPRESSION_BUFFER;
    if (!WorkSpace)
        return STATUS_INVALID_PARAMETER;
    for (;;) {
        const UCHAR *data;
        ULONG size, end, take;
        BOOLEAN compressed;

        status = RtlpNextChunk(&reader, &data, &size, &compressed);
        if (status == STATUS_NO_MORE_ENTRIES)
            break;
        if (status)
            return status;
        /* The chunks wholly before the offset are only stepped over. */
        if (Offset >= LZNT1_CHUNK) {
            Offset -= LZNT1_CHUNK;
            continue;
        }
        if (done == FragmentSize)
            break;
        if ((status = RtlpExpandChunk(&reader, data, size, compressed, chunk_out, LZNT1_CHUNK, &end)))
            return status;
        if (Offset > end || RtlpMoreChunks(&reader)) {
            memset(chunk_out + end, 0, LZNT1_CHUNK - end);
            end = LZNT1_CHUNK;
        }
        take = end - Offset < FragmentSize - done ? end - Offset : FragmentSize - done;
        memcpy(Fragment + done, chunk_out + Offset, take);
        done += take;
        Offset = 0;
    }
    *FinalUncompressedSize = done;
    return STATUS_SUCCESS;
}
