/* Code pages: the process's ANSI (1252) and OEM (437) tables, mapped from system32's c_NNNN.nls files, and
 * the conversions between them, UTF-8 and UTF-16; Unicode normalization. */
#include "rtl/rtlp.h"
#include "rtl/normalize.h"
#include "rtl/unicode.h"

#define RTLP_ANSI_CODE_PAGE 1252
#define RTLP_OEM_CODE_PAGE 437
#define RTLP_NLS_SECTION_CODEPAGE 11

static CPTABLEINFO RtlpAnsiTable, RtlpOemTable;

void NTAPI RtlInitCodePageTable(PUSHORT TableBase, PCPTABLEINFO CodePageTable)
{
    USHORT *p = TableBase;

    memset(CodePageTable, 0, sizeof(*CodePageTable));
    CodePageTable->CodePage = p[1];
    CodePageTable->MaximumCharacterSize = p[2];
    CodePageTable->DefaultChar = p[3];
    CodePageTable->UniDefaultChar = p[4];
    CodePageTable->TransDefaultChar = p[5];
    CodePageTable->TransUniDefaultChar = p[6];
    memcpy(CodePageTable->LeadByte, p + 7, sizeof(CodePageTable->LeadByte));
    p += p[0];                                   /* past the header */
    CodePageTable->WideCharTable = p + p[0] + 1; /* the first word says where the wide table begins */
    CodePageTable->MultiByteTable = ++p;
    p += 256;
    if (*p++)
        p += 256; /* the OEM glyph table */
    CodePageTable->DBCSRanges = p;
    if (*p) {
        CodePageTable->DBCSCodePage = 1;
        CodePageTable->DBCSOffsets = p + 1;
    }
}

/* A code page's table, mapped by the NLS service, described; the PEB keeps where it is, as Windows does. */
static NTSTATUS RtlpLoadCodePage(ULONG code_page, CPTABLEINFO *table, PVOID *peb_field)
{
    PVOID view = NULL;
    SIZE_T size = 0;
    NTSTATUS status = NtGetNlsSectionPtr(RTLP_NLS_SECTION_CODEPAGE, code_page, NULL, &view, &size);

    if (status)
        return status;
    RtlInitCodePageTable(view, table);
    *peb_field = view;
    return STATUS_SUCCESS;
}

NTSTATUS RtlpInitializeCodePages(void)
{
    PPEB peb = NtCurrentTeb()->ProcessEnvironmentBlock;
    NTSTATUS status = RtlpLoadCodePage(RTLP_ANSI_CODE_PAGE, &RtlpAnsiTable, &peb->AnsiCodePageData);

    return status ? status : RtlpLoadCodePage(RTLP_OEM_CODE_PAGE, &RtlpOemTable, &peb->OemCodePageData);
}

/* Bytes to characters through a table; at most *count characters, the number written comes back. Without a
 * table (no c_NNNN.nls), bytes above 0x7f become the Unicode default character. */
static ULONG RtlpBytesToChars(const CPTABLEINFO *table, WCHAR *dst, ULONG dstcap, const char *src, ULONG srclen)
{
    ULONG n = 0;

    for (ULONG i = 0; i < srclen; n++) {
        UCHAR c = (UCHAR)src[i++];
        WCHAR wc;
        if (!table->MultiByteTable)
            wc = c < 0x80 ? c : RTL_REPLACEMENT_CHAR;
        else if (table->DBCSOffsets && table->DBCSOffsets[c]) {
            USHORT offset = table->DBCSOffsets[c];
            wc = i < srclen ? table->DBCSOffsets[offset + (UCHAR)src[i++]] : table->UniDefaultChar;
        } else
            wc = table->MultiByteTable[c];
        if (dst) {
            if (n >= dstcap)
                break;
            dst[n] = wc;
        }
    }
    return n;
}

/* Characters to bytes; at most dstcap bytes, a double-byte character never split. */
static ULONG RtlpCharsToBytes(const CPTABLEINFO *table, char *dst, ULONG dstcap, const WCHAR *src, ULONG srclen)
{
    ULONG n = 0;

    for (ULONG i = 0; i < srclen; i++) {
        USHORT code;
        if (!table->MultiByteTable)
            code = src[i] < 0x80 ? src[i] : '?';
        else if (table->DBCSCodePage)
            code = ((const USHORT *)table->WideCharTable)[src[i]];
        else
            code = ((const UCHAR *)table->WideCharTable)[src[i]];
        if (code >> 8) {
            if (dst && n + 2 > dstcap)
                break;
            if (dst) {
                dst[n] = (char)(code >> 8);
                dst[n + 1] = (char)code;
            }
            n += 2;
        } else {
            if (dst && n >= dstcap)
                break;
            if (dst)
                dst[n] = (char)code;
            n++;
        }
    }
    return n;
}

NTSTATUS NTAPI RtlMultiByteToUnicodeN(PWCH UnicodeString, ULONG MaxBytesInUnicodeString, PULONG BytesInUnicodeString,
                                      PCCH MultiByteString, ULONG BytesInMultiByteString)
{
    ULONG n = RtlpBytesToChars(&RtlpAnsiTable, UnicodeString, MaxBytesInUnicodeString / sizeof(WCHAR),
                               MultiByteString, BytesInMultiByteString);
    if (BytesInUnicodeString)
        *BytesInUnicodeString = n * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlOemToUnicodeN(PWCH UnicodeString, ULONG MaxBytesInUnicodeString, PULONG BytesInUnicodeString,
                                PCCH OemString, ULONG BytesInOemString)
{
    ULONG n = RtlpBytesToChars(&RtlpOemTable, UnicodeString, MaxBytesInUnicodeString / sizeof(WCHAR), OemString,
                               BytesInOemString);
    if (BytesInUnicodeString)
        *BytesInUnicodeString = n * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlMultiByteToUnicodeSize(PULONG BytesInUnicodeString, PCCH MultiByteString,
                                         ULONG BytesInMultiByteString)
{
    *BytesInUnicodeString = RtlpBytesToChars(&RtlpAnsiTable, NULL, 0, MultiByteString, BytesInMultiByteString) *
                            sizeof(WCHAR);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUnicodeToMultiByteN(PCHAR MultiByteString, ULONG MaxBytesInMultiByteString,
                                      PULONG BytesInMultiByteString, PCWCH UnicodeString, ULONG BytesInUnicodeString)
{
    ULONG n = RtlpCharsToBytes(&RtlpAnsiTable, MultiByteString, MaxBytesInMultiByteString, UnicodeString,
                               BytesInUnicodeString / sizeof(WCHAR));
    if (BytesInMultiByteString)
        *BytesInMultiByteString = n;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUnicodeToOemN(PCHAR OemString, ULONG MaxBytesInOemString, PULONG BytesInOemString,
                                PCWCH UnicodeString, ULONG BytesInUnicodeString)
{
    ULONG n = RtlpCharsToBytes(&RtlpOemTable, OemString, MaxBytesInOemString, UnicodeString,
                               BytesInUnicodeString / sizeof(WCHAR));
    if (BytesInOemString)
        *BytesInOemString = n;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUnicodeToMultiByteSize(PULONG BytesInMultiByteString, PCWCH UnicodeString,
                                         ULONG BytesInUnicodeString)
{
    *BytesInMultiByteString = RtlpCharsToBytes(&RtlpAnsiTable, NULL, 0, UnicodeString,
                                               BytesInUnicodeString / sizeof(WCHAR));
    return STATUS_SUCCESS;
}

/* What the counted-string conversions share: the size, the room (allocated or given), the conversion. */
static NTSTATUS RtlpBytesToString(const CPTABLEINFO *table, PUNICODE_STRING dst, const STRING *src, BOOLEAN allocate)
{
    ULONG n = RtlpBytesToChars(table, NULL, 0, src->Buffer, src->Length);

    if (n * sizeof(WCHAR) + sizeof(WCHAR) > 0xfffe)
        return STATUS_INVALID_PARAMETER_2;
    if (allocate) {
        dst->MaximumLength = (USHORT)(n * sizeof(WCHAR) + sizeof(WCHAR));
        if (!(dst->Buffer = RtlAllocateHeap(RtlpHeap(), 0,
                                            dst->MaximumLength)))
            return STATUS_NO_MEMORY;
    } else if (n * sizeof(WCHAR) > dst->MaximumLength) {
        return STATUS_BUFFER_OVERFLOW;
    }
    dst->Length = (USHORT)(n * sizeof(WCHAR));
    RtlpBytesToChars(table, dst->Buffer, n, src->Buffer, src->Length);
    if (dst->Length + sizeof(WCHAR) <= dst->MaximumLength)
        dst->Buffer[n] = 0;
    return STATUS_SUCCESS;
}

/* A string that does not fit is cut to the room there is, terminated, with STATUS_BUFFER_OVERFLOW. */
static NTSTATUS RtlpStringToBytes(const CPTABLEINFO *table, PSTRING dst, PCUNICODE_STRING src, BOOLEAN allocate)
{
    ULONG n = RtlpCharsToBytes(table, NULL, 0, src->Buffer, src->Length / sizeof(WCHAR));
    NTSTATUS status = STATUS_SUCCESS;

    if (n + 1 > 0xffff)
        return STATUS_INVALID_PARAMETER_2;
    if (allocate) {
        dst->MaximumLength = (USHORT)(n + 1);
        if (!(dst->Buffer = RtlAllocateHeap(RtlpHeap(), 0,
                                            dst->MaximumLength)))
            return STATUS_NO_MEMORY;
    } else if (n >= dst->MaximumLength) {
        if (!dst->MaximumLength)
            return STATUS_BUFFER_OVERFLOW;
        n = dst->MaximumLength - 1;
        status = STATUS_BUFFER_OVERFLOW;
    }
    dst->Length = (USHORT)RtlpCharsToBytes(table, dst->Buffer, n, src->Buffer, src->Length / sizeof(WCHAR));
    dst->Buffer[dst->Length] = 0;
    return status;
}

NTSTATUS NTAPI RtlAnsiStringToUnicodeString(PUNICODE_STRING DestinationString, PCANSI_STRING SourceString,
                                            BOOLEAN AllocateDestinationString)
{
    return RtlpBytesToString(&RtlpAnsiTable, DestinationString, SourceString, AllocateDestinationString);
}

NTSTATUS NTAPI RtlOemStringToUnicodeString(PUNICODE_STRING DestinationString, PCOEM_STRING SourceString,
                                           BOOLEAN AllocateDestinationString)
{
    return RtlpBytesToString(&RtlpOemTable, DestinationString, SourceString, AllocateDestinationString);
}

NTSTATUS NTAPI RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString, PCUNICODE_STRING SourceString,
                                            BOOLEAN AllocateDestinationString)
{
    return RtlpStringToBytes(&RtlpAnsiTable, DestinationString, SourceString, AllocateDestinationString);
}

NTSTATUS NTAPI RtlUnicodeStringToOemString(POEM_STRING DestinationString, PCUNICODE_STRING SourceString,
                                           BOOLEAN AllocateDestinationString)
{
    return RtlpStringToBytes(&RtlpOemTable, DestinationString, SourceString, AllocateDestinationString);
}

/* The source upper-cased, in a block of the process heap the caller frees, as a counted string. */
static NTSTATUS RtlpUpcased(PCWCH text, ULONG bytes, UNICODE_STRING *upper)
{
    UNICODE_STRING source = {(USHORT)bytes, (USHORT)bytes, (PWSTR)text};

    if (bytes > 0xfffe)
        return STATUS_INVALID_PARAMETER_2;
    return RtlUpcaseUnicodeString(upper, &source, TRUE);
}

static NTSTATUS RtlpUpcaseToBytes(const CPTABLEINFO *table, PSTRING dst, PCUNICODE_STRING src, BOOLEAN allocate)
{
    UNICODE_STRING upper;
    NTSTATUS status = RtlpUpcased(src->Buffer, src->Length, &upper);

    if (status)
        return status;
    status = RtlpStringToBytes(table, dst, &upper, allocate);
    RtlFreeUnicodeString(&upper);
    return status;
}

NTSTATUS NTAPI RtlUpcaseUnicodeStringToAnsiString(PANSI_STRING DestinationString, PCUNICODE_STRING SourceString,
                                                  BOOLEAN AllocateDestinationString)
{
    return RtlpUpcaseToBytes(&RtlpAnsiTable, DestinationString, SourceString, AllocateDestinationString);
}

NTSTATUS NTAPI RtlUpcaseUnicodeStringToOemString(POEM_STRING DestinationString, PCUNICODE_STRING SourceString,
                                                 BOOLEAN AllocateDestinationString)
{
    return RtlpUpcaseToBytes(&RtlpOemTable, DestinationString, SourceString, AllocateDestinationString);
}

static NTSTATUS RtlpUpcaseToCodePage(const CPTABLEINFO *table, PCHAR out, ULONG room, PULONG written, PCWCH text,
                                     ULONG bytes)
{
    UNICODE_STRING upper;
    NTSTATUS status = RtlpUpcased(text, bytes, &upper);
    ULONG n;

    if (status)
        return status;
    n = RtlpCharsToBytes(table, out, room, upper.Buffer, upper.Length / sizeof(WCHAR));
    RtlFreeUnicodeString(&upper);
    if (written)
        *written = n;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUpcaseUnicodeToMultiByteN(PCHAR MultiByteString, ULONG MaxBytesInMultiByteString,
                                            PULONG BytesInMultiByteString, PCWCH UnicodeString,
                                            ULONG BytesInUnicodeString)
{
    return RtlpUpcaseToCodePage(&RtlpAnsiTable, MultiByteString, MaxBytesInMultiByteString, BytesInMultiByteString,
                                UnicodeString, BytesInUnicodeString);
}

NTSTATUS NTAPI RtlUpcaseUnicodeToOemN(PCHAR OemString, ULONG MaxBytesInOemString, PULONG BytesInOemString,
                                      PCWCH UnicodeString, ULONG BytesInUnicodeString)
{
    return RtlpUpcaseToCodePage(&RtlpOemTable, OemString, MaxBytesInOemString, BytesInOemString, UnicodeString,
                                BytesInUnicodeString);
}

void NTAPI RtlFreeOemString(POEM_STRING OemString)
{
    RtlFreeAnsiString(OemString);
}

/* Sizes with the terminator. */
ULONG NTAPI RtlAnsiStringToUnicodeSize(PCANSI_STRING AnsiString)
{
    return (RtlpBytesToChars(&RtlpAnsiTable, NULL, 0, AnsiString->Buffer, AnsiString->Length) + 1) * sizeof(WCHAR);
}

ULONG NTAPI RtlOemStringToUnicodeSize(PCOEM_STRING OemString)
{
    return (RtlpBytesToChars(&RtlpOemTable, NULL, 0, OemString->Buffer, OemString->Length) + 1) * sizeof(WCHAR);
}

ULONG NTAPI RtlUnicodeStringToAnsiSize(PCUNICODE_STRING UnicodeString)
{
    return RtlpCharsToBytes(&RtlpAnsiTable, NULL, 0, UnicodeString->Buffer, UnicodeString->Length / sizeof(WCHAR)) + 1;
}

ULONG NTAPI RtlUnicodeStringToOemSize(PCUNICODE_STRING UnicodeString)
{
    return RtlpCharsToBytes(&RtlpOemTable, NULL, 0, UnicodeString->Buffer, UnicodeString->Length / sizeof(WCHAR)) + 1;
}

BOOLEAN NTAPI RtlCreateUnicodeStringFromAsciiz(PUNICODE_STRING DestinationString, PCSTR SourceString)
{
    ANSI_STRING ansi;

    RtlInitAnsiString(&ansi, SourceString);
    return !RtlAnsiStringToUnicodeString(DestinationString, &ansi, TRUE);
}

/* Only ASCII letters: Windows leaves the code page's other bytes as they are (Wine's tests record it keeping
 * 0x9a and 0xff of code page 1252). */
CHAR NTAPI RtlUpperChar(CHAR Character)
{
    return Character >= 'a' && Character <= 'z' ? (CHAR)(Character - 32) : Character;
}

/* One character of the ANSI code page (two bytes for a lead byte of a double-byte one), as Unicode; the
 * source moves past it. */
WCHAR NTAPI RtlAnsiCharToUnicodeChar(PUCHAR *SourceCharacter)
{
    ULONG length = RtlpAnsiTable.DBCSOffsets && RtlpAnsiTable.DBCSOffsets[**SourceCharacter] ? 2 : 1;
    WCHAR wc;

    RtlpBytesToChars(&RtlpAnsiTable, &wc, 1, (const char *)*SourceCharacter, length);
    *SourceCharacter += length;
    return wc;
}

/* Byte strings compared as their bytes are, or upper-cased through RtlUpperChar; the shorter string is less
 * when one begins the other. */
LONG NTAPI RtlCompareString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive)
{
    USHORT n = String1->Length < String2->Length ? String1->Length : String2->Length;

    for (USHORT i = 0; i < n; i++) {
        UCHAR a = (UCHAR)String1->Buffer[i], b = (UCHAR)String2->Buffer[i];
        if (CaseInSensitive) {
            a = (UCHAR)RtlUpperChar((CHAR)a);
            b = (UCHAR)RtlUpperChar((CHAR)b);
        }
        if (a != b)
            return (LONG)a - (LONG)b;
    }
    return (LONG)String1->Length - (LONG)String2->Length;
}

/* The source upper-cased into the destination, as much of it as the destination holds. */
void NTAPI RtlUpperString(PSTRING DestinationString, const STRING *SourceString)
{
    USHORT n = SourceString->Length < DestinationString->MaximumLength ? SourceString->Length
                                                                        : DestinationString->MaximumLength;

    for (USHORT i = 0; i < n; i++)
        DestinationString->Buffer[i] = RtlUpperChar(SourceString->Buffer[i]);
    DestinationString->Length = n;
}

/* UTF-8: what does not fit is STATUS_BUFFER_TOO_SMALL, malformed input STATUS_SOME_NOT_MAPPED (it becomes
 * U+FFFD); a NULL destination asks for the size. */
NTSTATUS NTAPI RtlUTF8ToUnicodeN(PWSTR UnicodeStringDestination, ULONG UnicodeStringMaxByteCount,
                                 PULONG UnicodeStringActualByteCount, PCCH UTF8StringSource, ULONG UTF8StringByteCount)
{
    SIZE_T replaced, cap = UnicodeStringDestination ? UnicodeStringMaxByteCount / sizeof(WCHAR) : 0;
    SIZE_T n;

    if (!UTF8StringSource)
        return STATUS_INVALID_PARAMETER_4;
    if (!UnicodeStringActualByteCount)
        return STATUS_INVALID_PARAMETER;
    n = RtlpUtf8ToUtf16Counted(UTF8StringSource, UTF8StringByteCount, UnicodeStringDestination, cap, &replaced);
    *UnicodeStringActualByteCount = (ULONG)((UnicodeStringDestination && n > cap ? cap : n) * sizeof(WCHAR));
    if (UnicodeStringDestination && n > cap)
        return STATUS_BUFFER_TOO_SMALL;
    return replaced ? STATUS_SOME_NOT_MAPPED : STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUnicodeToUTF8N(PCHAR UTF8StringDestination, ULONG UTF8StringMaxByteCount,
                                 PULONG UTF8StringActualByteCount, PCWCH UnicodeStringSource,
                                 ULONG UnicodeStringByteCount)
{
    SIZE_T replaced, written, cap = UTF8StringDestination ? UTF8StringMaxByteCount : 0;
    SIZE_T n;

    if (!UnicodeStringSource)
        return STATUS_INVALID_PARAMETER_4;
    if (!UTF8StringActualByteCount)
        return STATUS_INVALID_PARAMETER;
    /* An odd count is refused when there is output, and rounded down when only the length is asked. */
    if (UTF8StringDestination && UnicodeStringByteCount & 1)
        return STATUS_INVALID_PARAMETER_5;
    n = RtlpUtf16ToUtf8Counted(UnicodeStringSource, UnicodeStringByteCount / sizeof(WCHAR), UTF8StringDestination, cap,
                               &replaced, &written);
    /* Too little room: the whole characters that fit were written, and that is what is told. */
    *UTF8StringActualByteCount = (ULONG)(UTF8StringDestination && n > cap ? written : n);
    if (UTF8StringDestination && n > cap)
        return STATUS_BUFFER_TOO_SMALL;
    return replaced ? STATUS_SOME_NOT_MAPPED : STATUS_SUCCESS;
}

/* Forms 1, 2, 5, 6 (C, D, KC, KD) and 13 (IDNA). A length of -1 takes the string with its terminator; a
 * destination length of 0 asks for an estimate, as Windows makes it. */
NTSTATUS NTAPI RtlNormalizeString(ULONG Form, PCWSTR Source, LONG SourceLength, PWSTR Destination,
                                  PLONG DestinationLength)
{
    PVOID heap = RtlpHeap();
    LONG factor = Form == RTLP_NORMALIZATION_C || Form == RTLP_NORMALIZATION_D ? 3 : 18;
    SIZE_T length, work_size;
    ULONG *work;
    NTSTATUS status;

    if (!Form || SourceLength < -1)
        return STATUS_INVALID_PARAMETER;
    if (Form != RTLP_NORMALIZATION_C && Form != RTLP_NORMALIZATION_D && Form != RTLP_NORMALIZATION_KC &&
        Form != RTLP_NORMALIZATION_KD && Form != RTLP_NORMALIZATION_IDNA)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if (SourceLength == -1)
        SourceLength = (LONG)wcslen(Source) + 1;
    if (!*DestinationLength) {
        LONG estimate = SourceLength * factor;
        *DestinationLength = estimate > 64 ? (SourceLength + SourceLength / 8 > 64 ? SourceLength + SourceLength / 8
                                                                                   : 64)
                                           : estimate;
        return STATUS_SUCCESS;
    }
    if (!SourceLength) {
        *DestinationLength = 0;
        return STATUS_SUCCESS;
    }
    work_size = (SIZE_T)SourceLength * RTLP_MAX_DECOMPOSITION;
    if (!(work = RtlAllocateHeap(heap, 0, work_size * sizeof(ULONG))))
        return STATUS_NO_MEMORY;
    length = (SIZE_T)*DestinationLength;
    status = RtlpNormalize(Form, Source, (SIZE_T)SourceLength, Destination, &length, work, work_size);
    RtlFreeHeap(heap, 0, work);
    *DestinationLength = (LONG)length;
    return status;
}

NTSTATUS NTAPI RtlIsNormalizedString(ULONG Form, PCWSTR String, LONG Length, PBOOLEAN Normalized)
{
    PVOID heap = RtlpHeap();
    LONG size;
    PWSTR buffer;
    NTSTATUS status;

    if (Length == -1)
        Length = (LONG)wcslen(String);
    size = Length * RTLP_MAX_DECOMPOSITION + 1;
    if (Length < 0)
        return STATUS_INVALID_PARAMETER;
    if (!(buffer = RtlAllocateHeap(heap, 0, (SIZE_T)size * sizeof(WCHAR))))
        return STATUS_NO_MEMORY;
    status = Length ? RtlNormalizeString(Form, String, Length, buffer, &size) : STATUS_SUCCESS;
    if (!status)
        *Normalized = !Length || (size == Length && !memcmp(buffer, String, (SIZE_T)Length * sizeof(WCHAR)));
    RtlFreeHeap(heap, 0, buffer);
    return status;
}
