/* Counted strings: UNICODE_STRING and ANSI_STRING set-up, comparison, copying and their heap copies. */
#include "rtl/rtlp.h"
#include "rtl/unicode.h"

#define RTL_MAX_UNICODE_BYTES 0xfffc /* the longest Length a terminated UNICODE_STRING may have */
#define RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE 1
#define RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING 2

void NTAPI RtlInitUnicodeString(PUNICODE_STRING Destination, PCWSTR Source)
{
    SIZE_T bytes = Source ? wcslen(Source) * sizeof(WCHAR) : 0;

    if (bytes > RTL_MAX_UNICODE_BYTES)
        bytes = RTL_MAX_UNICODE_BYTES;
    Destination->Length = (USHORT)bytes;
    Destination->MaximumLength = Source ? (USHORT)(bytes + sizeof(WCHAR)) : 0;
    Destination->Buffer = (PWSTR)Source;
}

NTSTATUS NTAPI RtlInitUnicodeStringEx(PUNICODE_STRING Destination, PCWSTR Source)
{
    if (Source && wcslen(Source) * sizeof(WCHAR) > RTL_MAX_UNICODE_BYTES)
        return STATUS_NAME_TOO_LONG;
    RtlInitUnicodeString(Destination, Source);
    return STATUS_SUCCESS;
}

void NTAPI RtlInitString(PSTRING Destination, PCSTR Source)
{
    SIZE_T bytes = Source ? strlen(Source) : 0;

    if (bytes > 0xfffe)
        bytes = 0xfffe;
    Destination->Length = (USHORT)bytes;
    Destination->MaximumLength = Source ? (USHORT)(bytes + 1) : 0;
    Destination->Buffer = (PCHAR)Source;
}

void NTAPI RtlInitAnsiString(PANSI_STRING Destination, PCSTR Source)
{
    RtlInitString(Destination, Source);
}

NTSTATUS NTAPI RtlInitAnsiStringEx(PANSI_STRING Destination, PCSTR Source)
{
    if (Source && strlen(Source) > 0xfffe)
        return STATUS_NAME_TOO_LONG;
    RtlInitString(Destination, Source);
    return STATUS_SUCCESS;
}

WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR Source)
{
    return RtlpUpcase(Source);
}

WCHAR NTAPI RtlDowncaseUnicodeChar(WCHAR Source)
{
    return RtlpDowncase(Source);
}

LONG NTAPI RtlCompareUnicodeStrings(PCWSTR String1, SIZE_T Length1, PCWSTR String2, SIZE_T Length2,
                                    BOOLEAN CaseInSensitive)
{
    SIZE_T n = Length1 < Length2 ? Length1 : Length2;

    for (SIZE_T i = 0; i < n; i++) {
        WCHAR a = String1[i], b = String2[i];
        if (CaseInSensitive) {
            a = RtlpUpcase(a);
            b = RtlpUpcase(b);
        }
        if (a != b)
            return (LONG)a - (LONG)b;
    }
    return (LONG)(Length1 - Length2);
}

LONG NTAPI RtlCompareUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive)
{
    return RtlCompareUnicodeStrings(String1->Buffer, String1->Length / sizeof(WCHAR), String2->Buffer,
                                    String2->Length / sizeof(WCHAR), CaseInSensitive);
}

BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive)
{
    return RtlpEqualNames(String1->Buffer, String1->Length / sizeof(WCHAR), String2->Buffer,
                          String2->Length / sizeof(WCHAR), CaseInSensitive);
}

BOOLEAN NTAPI RtlPrefixUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive)
{
    return String1->Length <= String2->Length &&
           RtlpEqualNames(String1->Buffer, String1->Length / sizeof(WCHAR), String2->Buffer,
                          String1->Length / sizeof(WCHAR), CaseInSensitive);
}

/* The source mapped a character at a time into the destination, allocated or given. */
static NTSTATUS RtlpMapString(PUNICODE_STRING Destination, PCUNICODE_STRING Source, BOOLEAN allocate,
                              WCHAR (*map)(WCHAR))
{
    USHORT n = Source->Length / sizeof(WCHAR);

    if (allocate) {
        if (!(Destination->Buffer = RtlAllocateHeap(RtlpHeap(), 0, Source->Length)))
            return STATUS_NO_MEMORY;
        Destination->MaximumLength = Source->Length;
    } else if (Destination->MaximumLength < Source->Length) {
        return STATUS_BUFFER_OVERFLOW;
    }
    for (USHORT i = 0; i < n; i++)
        Destination->Buffer[i] = map(Source->Buffer[i]);
    Destination->Length = Source->Length;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlUpcaseUnicodeString(PUNICODE_STRING Destination, PCUNICODE_STRING Source,
                                      BOOLEAN AllocateDestinationString)
{
    return RtlpMapString(Destination, Source, AllocateDestinationString, RtlpUpcase);
}

NTSTATUS NTAPI RtlDowncaseUnicodeString(PUNICODE_STRING Destination, PCUNICODE_STRING Source,
                                        BOOLEAN AllocateDestinationString)
{
    return RtlpMapString(Destination, Source, AllocateDestinationString, RtlpDowncase);
}

/* A string's form checked: whole characters, within its room, a buffer where there is text. No flags exist. */
NTSTATUS NTAPI RtlValidateUnicodeString(ULONG Flags, PCUNICODE_STRING String)
{
    if (Flags)
        return STATUS_INVALID_PARAMETER;
    if (String && (String->Length & 1 || String->MaximumLength & 1 || String->Length > String->MaximumLength ||
                   (String->Length && !String->Buffer)))
        return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

void NTAPI RtlEraseUnicodeString(PUNICODE_STRING String)
{
    if (String->Buffer)
        memset(String->Buffer, 0, String->MaximumLength);
    String->Length = 0;
}

/* Where in a string the first (or, searching from the end, the last) character that is (or is not) one of a set
 * is: flag 1 searches from the end, flag 2 looks for a character outside the set. The position is the byte
 * offset past the character searching forwards, and of it searching backwards. */
NTSTATUS NTAPI RtlFindCharInUnicodeString(ULONG Flags, PCUNICODE_STRING SearchString, PCUNICODE_STRING MatchString,
                                          PUSHORT Position)
{
    USHORT length = SearchString->Length / sizeof(WCHAR), set = MatchString->Length / sizeof(WCHAR);
    BOOLEAN backwards = Flags & 1, outside = (Flags & 2) != 0;

    *Position = 0;
    if (Flags > 3)
        return STATUS_INVALID_PARAMETER;
    for (USHORT k = 0; k < length; k++) {
        USHORT i = backwards ? length - 1 - k : k;
        BOOLEAN in = FALSE;
        for (USHORT j = 0; j < set && !in; j++)
            in = SearchString->Buffer[i] == MatchString->Buffer[j];
        if (in != outside) {
            *Position = (USHORT)((backwards ? i : i + 1) * sizeof(WCHAR));
            return STATUS_SUCCESS;
        }
    }
    return STATUS_NOT_FOUND;
}

/* The x65599 hash (the default, and the only algorithm), of the upper case when asked. */
#define RTLP_HASH_DEFAULT 0
#define RTLP_HASH_X65599 1

NTSTATUS NTAPI RtlHashUnicodeString(PCUNICODE_STRING String, BOOLEAN CaseInSensitive, ULONG HashAlgorithm,
                                    PULONG HashValue)
{
    ULONG hash = 0;

    if (!String || !HashValue || (HashAlgorithm != RTLP_HASH_DEFAULT && HashAlgorithm != RTLP_HASH_X65599))
        return STATUS_INVALID_PARAMETER;
    for (USHORT i = 0; i < String->Length / sizeof(WCHAR); i++)
        hash = hash * 65599 + (CaseInSensitive ? RtlpUpcase(String->Buffer[i]) : String->Buffer[i]);
    *HashValue = hash;
    return STATUS_SUCCESS;
}

/* "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" in a string of the process heap. */
NTSTATUS NTAPI RtlStringFromGUID(const GUID *Guid, PUNICODE_STRING GuidString)
{
    WCHAR *text = RtlAllocateHeap(RtlpHeap(), 0, 39 * sizeof(WCHAR)), *p;
    ULONG64 value;

    if (!(GuidString->Buffer = text))
        return STATUS_NO_MEMORY;
    p = text;
    *p++ = '{';
    for (int part = 0; part < 11; part++) {
        /* The parts' sizes in hex digits: Data1, Data2, Data3, then the eight bytes of Data4 in two groups. */
        int digits = part == 0 ? 8 : part < 3 ? 4 : 2;
        value = part == 0 ? Guid->Data1 : part == 1 ? Guid->Data2 : part == 2 ? Guid->Data3 : Guid->Data4[part - 3];
        if (part == 1 || part == 2 || part == 3 || part == 5)
            *p++ = '-';
        for (int d = digits - 1; d >= 0; d--)
            *p++ = L"0123456789ABCDEF"[(value >> (d * 4)) & 0xf];
    }
    *p++ = '}';
    *p = 0;
    GuidString->Length = 38 * sizeof(WCHAR);
    GuidString->MaximumLength = 39 * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

/* Byte strings. */

void NTAPI RtlCopyString(PSTRING DestinationString, const STRING *SourceString)
{
    USHORT n = 0;

    if (SourceString) {
        n = SourceString->Length < DestinationString->MaximumLength ? SourceString->Length
                                                                    : DestinationString->MaximumLength;
        memmove(DestinationString->Buffer, SourceString->Buffer, n);
    }
    DestinationString->Length = n;
}

/* Bytes after a byte string, which is not terminated: nothing at all when they do not all fit. */
static NTSTATUS RtlpAppendBytes(PSTRING Destination, const char *bytes, SIZE_T length)
{
    if (!length)
        return STATUS_SUCCESS;
    if (Destination->Length + length > Destination->MaximumLength)
        return STATUS_BUFFER_TOO_SMALL;
    memmove(Destination->Buffer + Destination->Length, bytes, length);
    Destination->Length = (USHORT)(Destination->Length + length);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlAppendStringToString(PSTRING Destination, const STRING *Source)
{
    return RtlpAppendBytes(Destination, Source->Buffer, Source->Length);
}

NTSTATUS NTAPI RtlAppendAsciizToString(PSTRING Destination, PCSTR Source)
{
    return Source ? RtlpAppendBytes(Destination, Source, strlen(Source)) : STATUS_SUCCESS;
}

BOOLEAN NTAPI RtlEqualString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive)
{
    return String1->Length == String2->Length && !RtlCompareString(String1, String2, CaseInSensitive);
}

/* Whether the first string begins the second. */
BOOLEAN NTAPI RtlPrefixString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive)
{
    STRING start;

    if (String1->Length > String2->Length)
        return FALSE;
    start = *String2;
    start.Length = String1->Length;
    return !RtlCompareString(String1, &start, CaseInSensitive);
}

/* Copy bytes of text to the end of Destination, terminating it when there is room; nothing to copy leaves it as
 * it is. */
static NTSTATUS RtlpAppend(PUNICODE_STRING Destination, PCWSTR text, SIZE_T bytes)
{
    if (!bytes)
        return STATUS_SUCCESS;
    if (Destination->Length + bytes > Destination->MaximumLength)
        return STATUS_BUFFER_TOO_SMALL;
    memmove((char *)Destination->Buffer + Destination->Length, text, bytes);
    Destination->Length = (USHORT)(Destination->Length + bytes);
    if (Destination->Length + sizeof(WCHAR) <= Destination->MaximumLength)
        Destination->Buffer[Destination->Length / sizeof(WCHAR)] = 0;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlAppendUnicodeToString(PUNICODE_STRING Destination, PCWSTR Source)
{
    return Source ? RtlpAppend(Destination, Source, wcslen(Source) * sizeof(WCHAR)) : STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlAppendUnicodeStringToString(PUNICODE_STRING Destination, PCUNICODE_STRING Source)
{
    return RtlpAppend(Destination, Source->Buffer, Source->Length);
}

void NTAPI RtlCopyUnicodeString(PUNICODE_STRING Destination, PCUNICODE_STRING Source)
{
    USHORT bytes;

    if (!Source) {
        Destination->Length = 0;
        return;
    }
    bytes = Source->Length < Destination->MaximumLength ? Source->Length : Destination->MaximumLength;
    memmove(Destination->Buffer, Source->Buffer, bytes);
    Destination->Length = bytes;
    if (bytes + sizeof(WCHAR) <= Destination->MaximumLength)
        Destination->Buffer[bytes / sizeof(WCHAR)] = 0;
}

BOOLEAN NTAPI RtlCreateUnicodeString(PUNICODE_STRING Destination, PCWSTR Source)
{
    SIZE_T bytes = (wcslen(Source) + 1) * sizeof(WCHAR);

    if (bytes > RTL_MAX_UNICODE_BYTES + sizeof(WCHAR) ||
        !(Destination->Buffer = RtlAllocateHeap(RtlpHeap(), 0, bytes)))
        return FALSE;
    memcpy(Destination->Buffer, Source, bytes);
    Destination->MaximumLength = (USHORT)bytes;
    Destination->Length = (USHORT)(bytes - sizeof(WCHAR));
    return TRUE;
}

NTSTATUS NTAPI RtlDuplicateUnicodeString(ULONG Flags, PCUNICODE_STRING Source, PUNICODE_STRING Destination)
{
    BOOLEAN terminate = Flags & RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE;
    SIZE_T bytes;

    /* Windows refuses ALLOCATE_NULL_STRING without NULL_TERMINATE, and room claimed without a buffer. */
    if (!Source || !Destination || Flags > 3 || Flags == RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING ||
        Source->Length > Source->MaximumLength || Source->Length & 1 || (Source->MaximumLength && !Source->Buffer) ||
        (terminate && Source->Length == 0xfffe))
        return STATUS_INVALID_PARAMETER;
    if (!Source->Length && Flags != (RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE |
                                     RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING)) {
        Destination->Length = Destination->MaximumLength = 0;
        Destination->Buffer = NULL;
        return STATUS_SUCCESS;
    }
    bytes = Source->Length + (terminate ? sizeof(WCHAR) : 0);
    if (!(Destination->Buffer = RtlAllocateHeap(RtlpHeap(), 0, bytes)))
        return STATUS_NO_MEMORY;
    memcpy(Destination->Buffer, Source->Buffer, Source->Length);
    if (terminate)
        Destination->Buffer[Source->Length / sizeof(WCHAR)] = 0;
    Destination->Length = Source->Length;
    Destination->MaximumLength = (USHORT)bytes;
    return STATUS_SUCCESS;
}

void NTAPI RtlFreeUnicodeString(PUNICODE_STRING String)
{
    if (String->Buffer)
        RtlFreeHeap(RtlpHeap(), 0, String->Buffer);
    String->Buffer = NULL;
    String->Length = String->MaximumLength = 0;
}

/* The two counted strings share their layout. */
void NTAPI RtlFreeAnsiString(PANSI_STRING String)
{
    RtlFreeUnicodeString((PUNICODE_STRING)String);
}

ULONG RtlpDigitValue(WCHAR c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* The number at the start of a string: blanks skipped, a sign, and with base 0 a prefix 0b, 0o or 0x choosing
 * it (else 10); digits are read until one does not belong to the base. */
static NTSTATUS RtlpParseInteger(const void *text, SIZE_T length, BOOLEAN wide, ULONG base, PULONG value)
{
    SIZE_T i = 0;
    ULONG result = 0;
    BOOLEAN negative = FALSE;
#define RTLP_AT(k) ((k) < length ? (wide ? ((const WCHAR *)text)[k] : (UCHAR)((const char *)text)[k]) : 0)

    if (base != 0 && base != 2 && base != 8 && base != 10 && base != 16)
        return STATUS_INVALID_PARAMETER;
    if (!value)
        return STATUS_ACCESS_VIOLATION;
    while (i < length && RTLP_AT(i) && RTLP_AT(i) <= ' ')
        i++;
    if (RTLP_AT(i) == '+' || RTLP_AT(i) == '-') {
        negative = RTLP_AT(i) == '-';
        i++;
    }
    if (!base) {
        base = 10;
        if (RTLP_AT(i) == '0') {
            WCHAR prefix = RTLP_AT(i + 1);
            base = prefix == 'b' ? 2 : prefix == 'o' ? 8 : prefix == 'x' ? 16 : 10;
            if (base != 10)
                i += 2;
        }
    }
    for (; i < length; i++) {
        ULONG digit = RtlpDigitValue(RTLP_AT(i));
        if (digit >= base)
            break;
        result = result * base + digit;
    }
#undef RTLP_AT
    *value = negative ? 0u - result : result;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlCharToInteger(PCSTR String, ULONG Base, PULONG Value)
{
    return RtlpParseInteger(String, strlen(String), FALSE, Base, Value);
}

NTSTATUS NTAPI RtlUnicodeStringToInteger(PCUNICODE_STRING String, ULONG Base, PULONG Value)
{
    return RtlpParseInteger(String->Buffer, String->Length / sizeof(WCHAR), TRUE, Base, Value);
}

/* "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" exactly, in hex digits of either case. */
NTSTATUS NTAPI RtlGUIDFromString(PCUNICODE_STRING String, GUID *Guid)
{
    static const char shape[] = "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}";
    UCHAR bytes[16];
    int nibble = 0;

    if (String->Length != (sizeof(shape) - 1) * sizeof(WCHAR))
        return STATUS_INVALID_PARAMETER;
    for (SIZE_T i = 0; i < sizeof(shape) - 1; i++) {
        WCHAR c = String->Buffer[i];
        ULONG v = RtlpDigitValue(c);
        if (shape[i] != 'x') {
            if (c != (WCHAR)shape[i])
                return STATUS_INVALID_PARAMETER;
            continue;
        }
        if (v >= 16)
            return STATUS_INVALID_PARAMETER;
        bytes[nibble / 2] = (UCHAR)(nibble & 1 ? (ULONG)bytes[nibble / 2] << 4 | v : v);
        nibble++;
    }
    Guid->Data1 = (ULONG)bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3];
    Guid->Data2 = (USHORT)(bytes[4] << 8 | bytes[5]);
    Guid->Data3 = (USHORT)(bytes[6] << 8 | bytes[7]);
    memcpy(Guid->Data4, bytes + 8, 8);
    return STATUS_SUCCESS;
}

/* Guesses whether a buffer holds UTF-16, by the tests the caller asks for in *Flags (all when Flags is NULL):
 * each test passed sets its flag. Only the first 256 characters count, and a final zero byte does not. */
BOOLEAN NTAPI RtlIsTextUnicode(PCVOID Buffer, INT Size, INT *Flags)
{
    const WCHAR *s = Buffer;
    ULONG asked = Flags ? (ULONG)*Flags : ~0u, found = 0, count, narrow = 0;

    if (Size < (INT)sizeof(WCHAR)) {
        if (Flags)
            *Flags = 0;
        return FALSE;
    }
    if (Size & 1)
        found |= IS_TEXT_UNICODE_ODD_LENGTH;
    if (!((const UCHAR *)Buffer)[Size - 1])
        Size--;
    count = (ULONG)Size / sizeof(WCHAR);
    if (count > 256)
        count = 256;
    if (s[0] == 0xfeff)
        found |= IS_TEXT_UNICODE_SIGNATURE;
    else if (s[0] == 0xfffe)
        found |= IS_TEXT_UNICODE_REVERSE_SIGNATURE;
    for (ULONG i = 0; i < count; i++) {
        WCHAR c = s[i];
        if (c <= 0xff)
            narrow++;
        if (!(c & 0xff) || !(c >> 8))
            found |= IS_TEXT_UNICODE_NULL_BYTES;
        if (c == '\r' || c == '\n' || c == '\t' || c == ' ' || c == 0x3000)
            found |= IS_TEXT_UNICODE_CONTROLS;
        if (c == 0x0d00 || c == 0x0a00 || c == 0x0900 || c == 0x2000)
            found |= IS_TEXT_UNICODE_REVERSE_CONTROLS;
    }
    if (narrow > count / 2)
        found |= IS_TEXT_UNICODE_STATISTICS;
    found &= asked;
    if (Flags)
        *Flags = (INT)found;
    if (found & (IS_TEXT_UNICODE_REVERSE_MASK | IS_TEXT_UNICODE_NOT_UNICODE_MASK))
        return FALSE;
    return (found & (IS_TEXT_UNICODE_NOT_ASCII_MASK | IS_TEXT_UNICODE_UNICODE_MASK)) != 0;
}
