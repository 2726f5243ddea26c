/* Locale names and LCIDs from locale.nls (see locale.h), for the host and ntdll alike. */
#include "rtl/locale.h"
#include "rtl/unicode.h"

/* Offsets inside the locale table, which starts where the file's header says. */
#define LOCALE_TABLE_OFFSET 0x10 /* in the file header: UINT, the locale table */
#define LOCALE_NB_LCIDS 0x1e     /* USHORT */
#define LOCALE_NB_LCNAMES 0x28   /* USHORT */
#define LOCALE_LCIDS 0x2c        /* UINT: 8-byte entries { UINT lcid; USHORT idx; USHORT name; } */
#define LOCALE_LCNAMES 0x30      /* UINT: 8-byte entries { USHORT name; USHORT idx; UINT lcid; } */
#define LOCALE_STRINGS 0x40      /* UINT: WCHAR strings, each a length then its characters */
#define LOCALE_HEADER_SIZE 0x4c

typedef struct {
    const UCHAR *File;
    SIZE_T Size;
    SIZE_T Table;
} RTLP_LOCALE_FILE;

static ULONG RtlpRead32(const RTLP_LOCALE_FILE *f, SIZE_T offset)
{
    const UCHAR *p = f->File + offset;
    return offset + 4 <= f->Size ? (ULONG)p[0] | (ULONG)p[1] << 8 | (ULONG)p[2] << 16 | (ULONG)p[3] << 24 : 0;
}

static USHORT RtlpRead16(const RTLP_LOCALE_FILE *f, SIZE_T offset)
{
    const UCHAR *p = f->File + offset;
    return offset + 2 <= f->Size ? (USHORT)(p[0] | p[1] << 8) : 0;
}

/* One of the table's indexes: where its 8-byte entries start, and how many there are (0 for a bad file). */
static SIZE_T RtlpOpenLocaleIndex(RTLP_LOCALE_FILE *f, const void *file, SIZE_T size, SIZE_T offset_field,
                                  SIZE_T count_field, SIZE_T *entries)
{
    f->File = file;
    f->Size = size;
    f->Table = file ? RtlpRead32(f, LOCALE_TABLE_OFFSET) : 0;
    if (!f->Table || f->Table + LOCALE_HEADER_SIZE > size)
        return 0;
    *entries = f->Table + RtlpRead32(f, f->Table + offset_field);
    return RtlpRead16(f, f->Table + count_field);
}

/* A string of the table: its characters and length, or NULL when it lies outside the file. */
static const WCHAR *RtlpLocaleString(const RTLP_LOCALE_FILE *f, USHORT index, SIZE_T *length)
{
    SIZE_T offset = f->Table + RtlpRead32(f, f->Table + LOCALE_STRINGS) + (SIZE_T)index * 2;
    *length = RtlpRead16(f, offset);
    if (offset + 2 + *length * 2 > f->Size || (offset & 1))
        return NULL;
    return (const WCHAR *)(f->File + offset + 2);
}

ULONG RtlpLocaleNameToLcid(const void *file, SIZE_T size, const WCHAR *name, SIZE_T length)
{
    RTLP_LOCALE_FILE f;
    SIZE_T entries = 0, count = RtlpOpenLocaleIndex(&f, file, size, LOCALE_LCNAMES, LOCALE_NB_LCNAMES, &entries);

    for (SIZE_T i = 0; i < count; i++) {
        SIZE_T len;
        const WCHAR *s = RtlpLocaleString(&f, RtlpRead16(&f, entries + i * 8), &len);
        if (s && RtlpEqualNames(s, len, name, length, TRUE))
            return RtlpRead32(&f, entries + i * 8 + 4);
    }
    return 0;
}

SIZE_T RtlpLcidToLocaleName(const void *file, SIZE_T size, ULONG lcid, WCHAR *buffer, SIZE_T capacity)
{
    RTLP_LOCALE_FILE f;
    SIZE_T entries = 0, count = RtlpOpenLocaleIndex(&f, file, size, LOCALE_LCIDS, LOCALE_NB_LCIDS, &entries);

    for (SIZE_T i = 0; i < count; i++) {
        SIZE_T len;
        const WCHAR *s;
        if (RtlpRead32(&f, entries + i * 8) != lcid)
            continue;
        if (!(s = RtlpLocaleString(&f, RtlpRead16(&f, entries + i * 8 + 6), &len)) || len + 1 > capacity)
            return 0;
        for (SIZE_T k = 0; k < len; k++)
            buffer[k] = s[k];
        buffer[len] = 0;
        return len;
    }
    return 0;
}
