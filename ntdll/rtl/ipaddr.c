/* Internet addresses to text and back (RtlIpv4*, RtlIpv6*), with the leniencies Windows' parsers have. */
#include "rtl/rtlp.h"

/* The text of the longest address: "[" IPv6 with a dotted tail "%" scope "]:" port, and its NUL. */
#define IPP_TEXT_MAX 72

static USHORT IppSwap(USHORT value)
{
    return __builtin_bswap16(value);
}

/* ---- Address to text ---- */

static char *IppPutNumber(char *p, ULONG value, unsigned base)
{
    char digits[12];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[value % base];
        value /= base;
    } while (value);
    while (n)
        *p++ = digits[--n];
    return p;
}

static char *IppPutIpv4(char *p, const UCHAR bytes[4])
{
    for (int i = 0; i < 4; i++) {
        if (i)
            *p++ = '.';
        p = IppPutNumber(p, bytes[i], 10);
    }
    return p;
}

/* Whether the address ends in an IPv4 address, written dotted: ISATAP's (the interface identifier 0:5efe or 200:5efe),
 * and with all of the first 64 bits zero the compatible (::a.b.c.d), mapped (::ffff:a.b.c.d) and translated
 * (::ffff:0:a.b.c.d) forms, as long as the upper half of the IPv4 address is not zero. */
static BOOLEAN IppHasIpv4Tail(const IN6_ADDR *address)
{
    const USHORT *w = address->u.Word;

    if (w[5] == IppSwap(0x5efe) && (w[4] == 0 || w[4] == IppSwap(0x0200)))
        return TRUE;
    if (w[0] || w[1] || w[2] || w[3] || !w[6])
        return FALSE;
    return (w[4] == 0 && (w[5] == 0 || w[5] == 0xffff)) || (w[4] == 0xffff && w[5] == 0);
}

/* The text of an IPv6 address: the longest run of two or more zero groups (the first of equal ones) as "::". */
static ULONG IppFormatIpv6(const IN6_ADDR *address, ULONG scope, USHORT port, char *text)
{
    int groups = IppHasIpv4Tail(address) ? 6 : 8, gap = -1, gap_len = 1;
    char *p = text;

    for (int i = 0; i < groups;) {
        int len = 0;
        while (i + len < groups && !address->u.Word[i + len])
            len++;
        if (len > gap_len) {
            gap = i;
            gap_len = len;
        }
        i += len ? len : 1;
    }
    if (port)
        *p++ = '[';
    for (int i = 0; i < groups; i++) {
        if (i == gap) {
            *p++ = ':';
            *p++ = ':';
            i += gap_len - 1;
            continue;
        }
        if (i && p[-1] != ':')
            *p++ = ':';
        p = IppPutNumber(p, IppSwap(address->u.Word[i]), 16);
    }
    if (groups == 6) {
        if (p[-1] != ':')
            *p++ = ':';
        p = IppPutIpv4(p, address->u.Byte + 12);
    }
    if (scope) {
        *p++ = '%';
        p = IppPutNumber(p, scope, 10);
    }
    if (port) {
        *p++ = ']';
        *p++ = ':';
        p = IppPutNumber(p, IppSwap(port), 10);
    }
    *p = 0;
    return (ULONG)(p - text);
}

static ULONG IppFormatIpv4(const IN_ADDR *address, USHORT port, char *text)
{
    char *p = IppPutIpv4(text, (const UCHAR *)&address->S_un);
    if (port) {
        *p++ = ':';
        p = IppPutNumber(p, IppSwap(port), 10);
    }
    *p = 0;
    return (ULONG)(p - text);
}

/* The text into the caller's buffer if *Length characters hold it and its NUL; *Length becomes what it needs. */
static NTSTATUS IppDeliver(const char *text, ULONG len, void *string, BOOLEAN wide, PULONG length)
{
    NTSTATUS status = STATUS_INVALID_PARAMETER;
    if (*length > len) {
        for (ULONG i = 0; i <= len; i++) {
            if (wide)
                ((PWSTR)string)[i] = (UCHAR)text[i];
            else
                ((PSTR)string)[i] = text[i];
        }
        status = STATUS_SUCCESS;
    }
    *length = len + 1;
    return status;
}

/* Either kind of address as text into the caller's buffer of either width. */
static NTSTATUS IppToString(const void *address, BOOLEAN v6, ULONG scope, USHORT port, void *string, BOOLEAN wide,
                            PULONG length)
{
    char text[IPP_TEXT_MAX];
    ULONG len;

    if (!address || !string || !length)
        return STATUS_INVALID_PARAMETER;
    len = v6 ? IppFormatIpv6(address, scope, port, text) : IppFormatIpv4(address, port, text);
    return IppDeliver(text, len, string, wide, length);
}

NTSTATUS NTAPI RtlIpv4AddressToStringExA(const IN_ADDR *Address, USHORT Port, PSTR String, PULONG Length)
{
    return IppToString(Address, FALSE, 0, Port, String, FALSE, Length);
}

NTSTATUS NTAPI RtlIpv4AddressToStringExW(const IN_ADDR *Address, USHORT Port, PWSTR String, PULONG Length)
{
    return IppToString(Address, FALSE, 0, Port, String, TRUE, Length);
}

/* The plain forms answer where the NUL went; with no buffer that is one before it, as on Windows. */
PSTR NTAPI RtlIpv4AddressToStringA(const IN_ADDR *Address, PSTR String)
{
    ULONG length = 16;
    if (RtlIpv4AddressToStringExA(Address, 0, String, &length))
        return (PSTR)((ULONG_PTR)String - 1);
    return String + length - 1;
}

PWSTR NTAPI RtlIpv4AddressToStringW(const IN_ADDR *Address, PWSTR String)
{
    ULONG length = 16;
    if (RtlIpv4AddressToStringExW(Address, 0, String, &length))
        return (PWSTR)((ULONG_PTR)String - sizeof(WCHAR));
    return String + length - 1;
}

NTSTATUS NTAPI RtlIpv6AddressToStringExA(const IN6_ADDR *Address, ULONG ScopeId, USHORT Port, PSTR String,
                                         PULONG Length)
{
    return IppToString(Address, TRUE, ScopeId, Port, String, FALSE, Length);
}

NTSTATUS NTAPI RtlIpv6AddressToStringExW(const IN6_ADDR *Address, ULONG ScopeId, USHORT Port, PWSTR String,
                                         PULONG Length)
{
    return IppToString(Address, TRUE, ScopeId, Port, String, TRUE, Length);
}

/* Windows clears the 46th character, the end of the longest address, whatever the length of this one. */
PSTR NTAPI RtlIpv6AddressToStringA(const IN6_ADDR *Address, PSTR String)
{
    ULONG length = 46;
    if (!Address || !String)
        return (PSTR)((ULONG_PTR)String - 1);
    String[45] = 0;
    RtlIpv6AddressToStringExA(Address, 0, 0, String, &length);
    return String + length - 1;
}

PWSTR NTAPI RtlIpv6AddressToStringW(const IN6_ADDR *Address, PWSTR String)
{
    ULONG length = 46;
    if (!Address || !String)
        return (PWSTR)((ULONG_PTR)String - sizeof(WCHAR));
    String[45] = 0;
    RtlIpv6AddressToStringExW(Address, 0, 0, String, &length);
    return String + length - 1;
}

/* ---- Text to address ---- */

/* The text being parsed, narrow or wide, read by position so that where parsing stopped maps back to a pointer of the
 * caller's kind. Reading never passes the NUL: each step looks at a character first. */
typedef struct {
    const void *Text;
    BOOLEAN Wide;
} IP_TEXT;

static WCHAR IppAt(const IP_TEXT *t, ULONG i)
{
    return t->Wide ? ((PCWSTR)t->Text)[i] : (UCHAR)((PCSTR)t->Text)[i];
}

static BOOLEAN IppIsDigit(WCHAR c, unsigned base)
{
    return RtlpDigitValue(c) < base;
}

/* The digits of a base from *pos: how many there were, their value capped at 0xffffffff. */
static ULONG IppScanDigits(const IP_TEXT *t, ULONG *pos, unsigned base, ULONG *value)
{
    ULONG64 v = 0;
    ULONG n = 0;
    for (; IppIsDigit(IppAt(t, *pos), base); (*pos)++, n++) {
        v = v * base + RtlpDigitValue(IppAt(t, *pos));
        if (v > 0xffffffff)
            v = 0xffffffff;
    }
    *value = (ULONG)v;
    return n;
}

/* One number of an IPv4 address, a port or a scope: decimal, or unless strict octal after a 0 and hex after 0x. A dot
 * where the number should be is stepped over before failing. Windows takes the value modulo 2^32 and sees an overflow
 * only where a digit makes it smaller, stopping there: 0x123456789 is 0x23456789. */
static BOOLEAN IppParseNumber(const IP_TEXT *t, ULONG *pos, BOOLEAN strict, ULONG *value)
{
    unsigned base = 10;
    ULONG v = 0;
    BOOLEAN any = FALSE;

    if (IppAt(t, *pos) == '.') {
        (*pos)++;
        return FALSE;
    }
    if (IppAt(t, *pos) == '0') {
        WCHAR next = IppAt(t, *pos + 1);
        if (next == 'x' || next == 'X') {
            *pos += 2;
            base = 16;
        } else if (next >= '0' && next <= '9') {
            *pos += 1;
            base = 8;
        }
        if (base != 10 && strict)
            return FALSE;
    }
    for (; IppIsDigit(IppAt(t, *pos), base); (*pos)++) {
        ULONG next = v * base + RtlpDigitValue(IppAt(t, *pos));
        if (next < v)
            return FALSE;
        v = next;
        any = TRUE;
    }
    *value = v;
    return any;
}

/* An IPv4 address of one to four numbers (only four when strict), the last filling the bytes the others leave; *pos
 * ends where parsing stopped. */
static NTSTATUS IppParseIpv4(const IP_TEXT *t, ULONG *pos, BOOLEAN strict, IN_ADDR *address)
{
    ULONG part[4], n = 0, value = 0;

    for (;;) {
        if (!IppParseNumber(t, pos, strict, &part[n]))
            return STATUS_INVALID_PARAMETER;
        n++;
        if (IppAt(t, *pos) != '.')
            break;
        if (n == 4)
            return STATUS_INVALID_PARAMETER;
        (*pos)++;
    }
    if (strict && n != 4)
        return STATUS_INVALID_PARAMETER;
    for (ULONG i = 0; i + 1 < n; i++) {
        if (part[i] > 0xff)
            return STATUS_INVALID_PARAMETER;
        value |= part[i] << (24 - 8 * i);
    }
    if (n > 1 && part[n - 1] >> (8 * (5 - n)))
        return STATUS_INVALID_PARAMETER;
    value |= part[n - 1];
    address->S_un.S_addr = __builtin_bswap32(value);
    return STATUS_SUCCESS;
}

/* ":port" after an address, if there is one, ending the text: the port in network order, 0 without one. */
static NTSTATUS IppParsePort(const IP_TEXT *t, ULONG pos, USHORT *port)
{
    ULONG value = 0;
    if (IppAt(t, pos) == ':') {
        pos++;
        if (!IppParseNumber(t, &pos, FALSE, &value) || !value || value > 0xffff)
            return STATUS_INVALID_PARAMETER;
    }
    if (IppAt(t, pos))
        return STATUS_INVALID_PARAMETER;
    *port = IppSwap((USHORT)value);
    return STATUS_SUCCESS;
}

/* Where a parse stopped, as the caller's kind of pointer. */
static const void *IppPosition(const IP_TEXT *t, ULONG pos)
{
    return (const char *)t->Text + pos * (t->Wide ? sizeof(WCHAR) : 1);
}

static NTSTATUS IppIpv4ToAddress(const void *text, BOOLEAN wide, BOOLEAN strict, const void **terminator,
                                 IN_ADDR *address)
{
    IP_TEXT t = {text, wide};
    ULONG end = 0;
    NTSTATUS status = IppParseIpv4(&t, &end, strict, address);
    *terminator = IppPosition(&t, end);
    return status;
}

static NTSTATUS IppIpv4ToAddressEx(const void *text, BOOLEAN wide, BOOLEAN strict, IN_ADDR *address, PUSHORT port)
{
    IP_TEXT t = {text, wide};
    ULONG end = 0;
    NTSTATUS status;

    if (!text || !address || !port)
        return STATUS_INVALID_PARAMETER;
    status = IppParseIpv4(&t, &end, strict, address);
    return status ? status : IppParsePort(&t, end, port);
}

NTSTATUS NTAPI RtlIpv4StringToAddressA(PCSTR String, BOOLEAN Strict, PCSTR *Terminator, IN_ADDR *Address)
{
    return IppIpv4ToAddress(String, FALSE, Strict, (const void **)Terminator, Address);
}

NTSTATUS NTAPI RtlIpv4StringToAddressW(PCWSTR String, BOOLEAN Strict, PCWSTR *Terminator, IN_ADDR *Address)
{
    return IppIpv4ToAddress(String, TRUE, Strict, (const void **)Terminator, Address);
}

NTSTATUS NTAPI RtlIpv4StringToAddressExA(PCSTR String, BOOLEAN Strict, IN_ADDR *Address, PUSHORT Port)
{
    return IppIpv4ToAddressEx(String, FALSE, Strict, Address, Port);
}

NTSTATUS NTAPI RtlIpv4StringToAddressExW(PCWSTR String, BOOLEAN Strict, IN_ADDR *Address, PUSHORT Port)
{
    return IppIpv4ToAddressEx(String, TRUE, Strict, Address, Port);
}

/* Where an IPv6 parse stopped; not known when a group too long was not the last one, as Windows leaves the caller's
 * terminator alone then. */
typedef struct {
    ULONG End;
    BOOLEAN EndKnown;
} IP6_PARSE;

/* An IPv6 address: hex groups, one "::" at most, the last 32 bits possibly dotted decimal. The groups go into the
 * address as they are read, those after the "::" moving to the end once all are, so a failure leaves what was read
 * before it. Windows' leniencies kept: the "::" may end the text after seven groups, a last group may be hex with "0x"
 * and any length (but then the "x" is where the parse ends), and text after a complete address ends the parse rather
 * than failing it. ex asks for the full syntax of the Ex functions: brackets, a "%scope", a ":port", and nothing after.
 * */
static NTSTATUS IppParseIpv6(const IP_TEXT *t, BOOLEAN ex, IP6_PARSE *result, IN6_ADDR *address, PULONG scope,
                             PUSHORT port)
{
    UCHAR *bytes = address->u.Byte;
    ULONG pos = 0, filled = 0, dotted = 0, scope_value = 0, value;
    LONG gap = -1;
    BOOLEAN bracket = FALSE, too_long = FALSE, hex_prefix = FALSE;
    USHORT port_value = 0;

    result->EndKnown = FALSE;
    if (IppAt(t, 0) == '[') {
        if (!ex)
            goto fail;
        bracket = TRUE;
        pos = 1;
    }
    if (IppAt(t, pos) == ':') {
        if (IppAt(t, pos + 1) != ':')
            goto fail;
        pos++;
        address->u.Word[0] = 0;
    }
    for (;;) {
        if (!dotted && IppAt(t, pos) == ':') {
            if (gap >= 0)
                goto fail;
            gap = (LONG)filled;
            pos++;
            if (filled == 14 || !IppIsDigit(IppAt(t, pos), 16))
                break;
        }
        /* Decimal digits and a dot where the last 32 bits may start begin the dotted form. */
        if (!dotted && filled <= (gap >= 0 ? 10u : 12u)) {
            ULONG probe = pos;
            if (IppScanDigits(t, &probe, 10, &value) && IppAt(t, probe) == '.')
                dotted = 1;
        }
        if (dotted) {
            ULONG digits = IppScanDigits(t, &pos, 10, &value);
            if (!digits)
                goto fail;
            if (digits > 3 || value > 0xff) {
                too_long = TRUE;
            } else {
                /* The last byte has to complete the address. */
                if (IppAt(t, pos) != '.' && (dotted < 4 || (filled < 15 && gap < 0)))
                    goto fail;
                bytes[filled++] = (UCHAR)value;
            }
            if (dotted == 4 || IppAt(t, pos) != '.')
                break;
            dotted++;
        } else {
            if (IppAt(t, pos) == '0' && (IppAt(t, pos + 1) == 'x' || IppAt(t, pos + 1) == 'X')) {
                result->End = pos + 1;
                result->EndKnown = TRUE;
                if (filled < 14 && gap < 0)
                    return STATUS_INVALID_PARAMETER;
                pos += 2;
                IppScanDigits(t, &pos, 16, &value);
                if (value > 0x7fffffff)
                    value = 0x7fffffff;
                address->u.Word[filled / 2] = IppSwap((USHORT)value);
                filled += 2;
                hex_prefix = TRUE;
                goto close_gap;
            }
            ULONG digits = IppScanDigits(t, &pos, 16, &value);
            if (!digits)
                goto fail;
            if (IppAt(t, pos) != ':' && filled < 14 && gap < 0)
                goto fail;
            if (digits > 4)
                too_long = TRUE;
            else
                address->u.Word[filled / 2] = IppSwap((USHORT)value);
            filled += 2;
            if (IppAt(t, pos) != ':' || (gap >= 0 && IppAt(t, pos + 1) == ':'))
                break;
        }
        if (filled == (gap >= 0 ? 14u : 16u))
            break;
        if (too_long)
            return STATUS_INVALID_PARAMETER;
        pos++;
    }
    result->End = pos;
    result->EndKnown = TRUE;
    if (too_long)
        return STATUS_INVALID_PARAMETER;

close_gap:
    if (gap < 0) {
        if (filled < 16)
            goto fail;
    } else {
        memmove(bytes + 16 - (filled - gap), bytes + gap, filled - gap);
        memset(bytes + gap, 0, 16 - filled);
    }
    if (ex) {
        if (hex_prefix)
            goto fail;
        if (IppAt(t, pos) == '%') {
            pos++;
            if (!IppParseNumber(t, &pos, TRUE, &scope_value))
                goto fail;
        }
        if (bracket) {
            if (IppAt(t, pos) != ']')
                goto fail;
            pos++;
            if (IppParsePort(t, pos, &port_value))
                goto fail;
        } else if (IppAt(t, pos)) {
            goto fail;
        }
        *scope = scope_value;
        *port = port_value;
    }
    return STATUS_SUCCESS;

fail:
    result->End = pos;
    result->EndKnown = TRUE;
    return STATUS_INVALID_PARAMETER;
}

static NTSTATUS IppIpv6ToAddress(const void *text, BOOLEAN wide, const void **terminator, IN6_ADDR *address)
{
    IP_TEXT t = {text, wide};
    IP6_PARSE result;
    NTSTATUS status = IppParseIpv6(&t, FALSE, &result, address, NULL, NULL);
    if (result.EndKnown)
        *terminator = IppPosition(&t, result.End);
    return status;
}

static NTSTATUS IppIpv6ToAddressEx(const void *text, BOOLEAN wide, IN6_ADDR *address, PULONG scope, PUSHORT port)
{
    IP_TEXT t = {text, wide};
    IP6_PARSE result;
    if (!text || !address || !scope || !port)
        return STATUS_INVALID_PARAMETER;
    return IppParseIpv6(&t, TRUE, &result, address, scope, port);
}

NTSTATUS NTAPI RtlIpv6StringToAddressA(PCSTR String, PCSTR *Terminator, IN6_ADDR *Address)
{
    return IppIpv6ToAddress(String, FALSE, (const void **)Terminator, Address);
}

NTSTATUS NTAPI RtlIpv6StringToAddressW(PCWSTR String, PCWSTR *Terminator, IN6_ADDR *Address)
{
    return IppIpv6ToAddress(String, TRUE, (const void **)Terminator, Address);
}

NTSTATUS NTAPI RtlIpv6StringToAddressExA(PCSTR String, IN6_ADDR *Address, PULONG ScopeId, PUSHORT Port)
{
    return IppIpv6ToAddressEx(String, FALSE, Address, ScopeId, Port);
}

NTSTATUS NTAPI RtlIpv6StringToAddressExW(PCWSTR String, IN6_ADDR *Address, PULONG ScopeId, PUSHORT Port)
{
    return IppIpv6ToAddressEx(String, TRUE, Address, ScopeId, Port);
}
