/* Numbers: integers as text (RtlIntegerToChar and its kin), byte swaps and the large-integer arithmetic ntdll
 * exports. */
#include "rtl/rtlp.h"

/* A base as the conversions take it: 0 is 10; 2, 8, 10 and 16 are valid; 0 for any other. */
static ULONG RtlpBase(ULONG base)
{
    return !base ? 10 : base == 2 || base == 8 || base == 10 || base == 16 ? base : 0;
}

/* The digits of value in base, into str of length bytes: terminated when there is room; STATUS_BUFFER_OVERFLOW
 * and nothing written when even the digits do not fit. */
static NTSTATUS RtlpIntegerToChar(ULONGLONG value, ULONG base, ULONG length, PCHAR str)
{
    char digits[64];
    ULONG n = 0;

    if (!(base = RtlpBase(base)))
        return STATUS_INVALID_PARAMETER;
    do
        digits[n++] = "0123456789ABCDEF"[value % base];
    while ((value /= base));
    if (n > length)
        return STATUS_BUFFER_OVERFLOW;
    if (!str)
        return STATUS_ACCESS_VIOLATION;
    for (ULONG i = 0; i < n; i++)
        str[i] = digits[n - 1 - i];
    if (n < length)
        str[n] = 0;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlIntegerToChar(ULONG Value, ULONG Base, LONG Length, PCHAR String)
{
    return RtlpIntegerToChar(Value, Base, Length < 0 ? 0 : (ULONG)Length, String);
}

NTSTATUS NTAPI RtlLargeIntegerToChar(const ULONGLONG *Value, ULONG Base, ULONG Length, PCHAR String)
{
    /* The base is checked before the value is read. */
    return RtlpBase(Base) ? RtlpIntegerToChar(*Value, Base, Length, String) : STATUS_INVALID_PARAMETER;
}

/* The digits as a counted string: Length says how long they are even when they do not fit, which is when they
 * leave no room for the terminator (the buffer is then left as it was). */
static NTSTATUS RtlpIntegerToUnicode(ULONGLONG value, ULONG base, PUNICODE_STRING string)
{
    char digits[65];
    NTSTATUS status = RtlpIntegerToChar(value, base, sizeof(digits), digits);
    USHORT n = 0;

    if (status)
        return status;
    while (digits[n])
        n++;
    string->Length = (USHORT)(n * sizeof(WCHAR));
    if (string->Length >= string->MaximumLength)
        return STATUS_BUFFER_OVERFLOW;
    for (USHORT i = 0; i <= n; i++)
        string->Buffer[i] = (WCHAR)(UCHAR)digits[i];
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlIntegerToUnicodeString(ULONG Value, ULONG Base, PUNICODE_STRING String)
{
    return RtlpIntegerToUnicode(Value, Base, String);
}

NTSTATUS NTAPI RtlInt64ToUnicodeString(ULONGLONG Value, ULONG Base, PUNICODE_STRING String)
{
    return RtlpIntegerToUnicode(Value, Base, String);
}

/* Division by a constant as a multiplication: the high 64 bits of |dividend| times the magic divisor, shifted,
 * with the dividend's sign. */
LONGLONG NTAPI RtlExtendedMagicDivide(LONGLONG Dividend, LONGLONG MagicDivisor, CCHAR ShiftCount)
{
    ULONGLONG magnitude = Dividend < 0 ? 0 - (ULONGLONG)Dividend : (ULONGLONG)Dividend;
    ULONGLONG quotient = (ULONGLONG)(((unsigned __int128)magnitude * (ULONGLONG)MagicDivisor) >> 64) >> ShiftCount;

    return Dividend < 0 ? -(LONGLONG)quotient : (LONGLONG)quotient;
}

USHORT NTAPI RtlUshortByteSwap(USHORT Source)
{
    return __builtin_bswap16(Source);
}

ULONG NTAPI RtlUlongByteSwap(ULONG Source)
{
    return __builtin_bswap32(Source);
}

ULONGLONG NTAPI RtlUlonglongByteSwap(ULONGLONG Source)
{
    return __builtin_bswap64(Source);
}
