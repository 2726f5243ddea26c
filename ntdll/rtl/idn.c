/* Internationalized domain names: nameprep (the IDNA normalization form, then the rules for labels) and the
 * conversions to and from ASCII, whose non-ASCII labels are "xn--" and their Punycode (RFC 3492). */
#include "rtl/rtlp.h"
#include "rtl/normalize.h"

#define RTLP_IDN_MAX 256        /* a domain name's units, with room for its terminator */
#define RTLP_LABEL_MAX 63
#define RTLP_LABEL_CHARS 64

/* Punycode's parameters (RFC 3492, section 5). */
enum { PunyBase = 36, PunyTMin = 1, PunyTMax = 26, PunySkew = 38, PunyDamp = 700, PunyBias = 72, PunyN = 0x80 };

static ULONG RtlpPunyThreshold(ULONG k, ULONG bias)
{
    return k <= bias ? PunyTMin : k >= bias + PunyTMax ? PunyTMax : k - bias;
}

static ULONG RtlpPunyAdapt(ULONG delta, ULONG points, BOOLEAN first)
{
    ULONG k = 0;

    delta /= first ? PunyDamp : 2;
    delta += delta / points;
    while (delta > ((PunyBase - PunyTMin) * PunyTMax) / 2) {
        delta /= PunyBase - PunyTMin;
        k += PunyBase;
    }
    return k + (PunyBase - PunyTMin + 1) * delta / (delta + PunySkew);
}

static WCHAR RtlpPunyDigit(ULONG d)
{
    return (WCHAR)(d < 26 ? 'a' + d : '0' + d - 26);
}

static BOOLEAN RtlpIsLdh(ULONG c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

/* The code points of a label that is not plain ASCII must be ones a domain name may hold. */
static BOOLEAN RtlpLabelValid(ULONG flags, const ULONG *cps, ULONG count)
{
    for (ULONG i = 0; i < count; i++) {
        ULONG c = cps[i];
        if (c == 0x200c || c == 0x200d) { /* joiners, only after a virama */
            if (!i || RtlpCombiningClass(cps[i - 1]) != 9)
                return FALSE;
            continue;
        }
        if ((c == 0x2260 || c == 0x226e || c == 0x226f) && (flags & IDN_USE_STD3_ASCII_RULES))
            return FALSE;
        if (!RtlpAssigned(c)) {
            if (!(flags & IDN_ALLOW_UNASSIGNED))
                return FALSE;
        } else if (RtlpIdnaRange(c)->Status != RtlpIdnaValid) {
            return FALSE;
        }
    }
    return !(flags & IDN_USE_STD3_ASCII_RULES) || !count || (cps[0] != '-' && cps[count - 1] != '-');
}

/* A result into the caller's buffer: measured when *Length is 0, refused when it does not fit. */
static NTSTATUS RtlpIdnResult(const WCHAR *text, LONG length, PWSTR Destination, PLONG DestinationLength)
{
    NTSTATUS status = STATUS_SUCCESS;

    if (*DestinationLength) {
        if (length <= *DestinationLength)
            memcpy(Destination, text, (SIZE_T)length * sizeof(WCHAR));
        else
            status = STATUS_BUFFER_TOO_SMALL;
    }
    *DestinationLength = length;
    return status;
}

static ULONG RtlpDecodeUtf16(const WCHAR *s, LONG length, LONG *i)
{
    ULONG c = s[*i];
    if (c - 0xd800 < 0x400 && *i + 1 < length && s[*i + 1] - 0xdc00u < 0x400)
        c = 0x10000 + ((c - 0xd800) << 10) + (s[++*i] - 0xdc00);
    return c;
}

/* Nameprep into buffer (RTLP_IDN_MAX units): ASCII text as it is, anything else through the IDNA form; then
 * each label checked: not empty, at most 63 characters, letters, digits and hyphens only under STD3 rules. */
static NTSTATUS RtlpNameprep(ULONG Flags, PCWSTR Source, LONG SourceLength, WCHAR *buffer, LONG *length)
{
    LONG i, start = 0;
    NTSTATUS status;

    if (Flags & ~(ULONG)(IDN_ALLOW_UNASSIGNED | IDN_USE_STD3_ASCII_RULES) || !Source || SourceLength < -1)
        return STATUS_INVALID_PARAMETER;
    if (SourceLength == -1)
        SourceLength = (LONG)wcslen(Source) + 1;
    for (i = 0; i < SourceLength && Source[i] >= 0x20 && Source[i] < 0x7f; i++)
        ;
    *length = RTLP_IDN_MAX;
    if (i == SourceLength || (i == SourceLength - 1 && !Source[i])) {
        if (SourceLength > RTLP_IDN_MAX)
            return STATUS_INVALID_IDN_NORMALIZATION;
        memcpy(buffer, Source, (SIZE_T)SourceLength * sizeof(WCHAR));
        *length = SourceLength;
    } else if ((status = RtlNormalizeString(RTLP_NORMALIZATION_IDNA, Source, SourceLength, buffer, length))) {
        return status == STATUS_NO_UNICODE_TRANSLATION || status == STATUS_BUFFER_TOO_SMALL
                   ? STATUS_INVALID_IDN_NORMALIZATION
                   : status;
    }
    for (i = 0; i <= *length; i++) {
        ULONG c = i < *length ? RtlpDecodeUtf16(buffer, *length, &i) : 0;
        if (!c || c == '.') {
            /* Only the last label may be empty, and not when it is the whole name. */
            if ((c == '.' && i == start) || (!c && !i) || i - start > RTLP_LABEL_MAX)
                return STATUS_INVALID_IDN_NORMALIZATION;
            if ((Flags & IDN_USE_STD3_ASCII_RULES) && i > start && (buffer[start] == '-' || buffer[i - 1] == '-'))
                return STATUS_INVALID_IDN_NORMALIZATION;
            if (!c)
                break;
            start = i + 1;
        } else if ((Flags & IDN_USE_STD3_ASCII_RULES) && !RtlpIsLdh(c)) {
            return STATUS_INVALID_IDN_NORMALIZATION;
        } else if (!(Flags & IDN_ALLOW_UNASSIGNED) && !RtlpAssigned(c)) {
            return STATUS_INVALID_IDN_NORMALIZATION;
        }
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlIdnToNameprepUnicode(ULONG Flags, PCWSTR Source, LONG SourceLength, PWSTR Destination,
                                       PLONG DestinationLength)
{
    WCHAR buffer[RTLP_IDN_MAX];
    LONG length;
    NTSTATUS status = RtlpNameprep(Flags, Source, SourceLength, buffer, &length);

    return status ? status : RtlpIdnResult(buffer, length, Destination, DestinationLength);
}

/* Each label that is not plain ASCII becomes "xn--", its ASCII characters, '-' and the Punycode of the rest. */
NTSTATUS NTAPI RtlIdnToAscii(ULONG Flags, PCWSTR Source, LONG SourceLength, PWSTR Destination,
                             PLONG DestinationLength)
{
    WCHAR name[RTLP_IDN_MAX], out[RTLP_IDN_MAX];
    LONG length, used = 0, i = 0;
    NTSTATUS status = RtlpNameprep(Flags, Source, SourceLength, name, &length);

    if (status)
        return status;
    while (i <= length) {
        ULONG cps[RTLP_LABEL_CHARS], count = 0, basic = 0, n = PunyN, bias = PunyBias, delta = 0;
        LONG start = i, label_start = used;
        ULONG c = 0;
        for (; i < length; i++) {
            if (!(c = RtlpDecodeUtf16(name, length, &i)) || c == '.')
                break;
            if (count == RTLP_LABEL_CHARS)
                return STATUS_INVALID_IDN_NORMALIZATION;
            basic += c < 0x80;
            cps[count++] = c;
        }
        if (basic == count) {
            /* ASCII: copied, with what ends it. */
            LONG end = i < length ? i + 1 : i;
            if (used + end - start > RTLP_IDN_MAX)
                return STATUS_INVALID_IDN_NORMALIZATION;
            memcpy(out + used, name + start, (SIZE_T)(end - start) * sizeof(WCHAR));
            used += end - start;
            if (i >= length)
                break;
            i++;
            continue;
        }
        if ((count >= 4 && cps[2] == '-' && cps[3] == '-') || !RtlpLabelValid(Flags, cps, count) ||
            used + 4 + (LONG)basic + 1 > RTLP_IDN_MAX)
            return STATUS_INVALID_IDN_NORMALIZATION;
        memcpy(out + used, L"xn--", 4 * sizeof(WCHAR));
        used += 4;
        for (ULONG k = 0; k < count; k++)
            if (cps[k] < 0x80)
                out[used++] = (WCHAR)cps[k];
        if (basic)
            out[used++] = '-';
        for (ULONG handled = basic; handled < count; delta++, n++) {
            ULONG next = 0x110000;
            for (ULONG k = 0; k < count; k++)
                if (cps[k] >= n && cps[k] < next)
                    next = cps[k];
            delta += (next - n) * (handled + 1);
            n = next;
            for (ULONG k = 0; k < count; k++) {
                if (cps[k] < n) {
                    delta++;
                } else if (cps[k] == n) {
                    ULONG q = delta;
                    for (ULONG kk = PunyBase;; kk += PunyBase) {
                        ULONG t = RtlpPunyThreshold(kk, bias);
                        if (used >= RTLP_IDN_MAX)
                            return STATUS_INVALID_IDN_NORMALIZATION;
                        if (q < t) {
                            out[used++] = RtlpPunyDigit(q);
                            break;
                        }
                        out[used++] = RtlpPunyDigit(t + (q - t) % (PunyBase - t));
                        q = (q - t) / (PunyBase - t);
                    }
                    bias = RtlpPunyAdapt(delta, handled + 1, handled == basic);
                    delta = 0;
                    handled++;
                }
            }
        }
        if (used - label_start > RTLP_LABEL_MAX)
            return STATUS_INVALID_IDN_NORMALIZATION;
        if (i < length) {
            if (used >= RTLP_IDN_MAX)
                return STATUS_INVALID_IDN_NORMALIZATION;
            out[used++] = name[i];
        }
        if (i >= length || !c)
            break;
        i++;
    }
    return RtlpIdnResult(out, used, Destination, DestinationLength);
}

/* Decodes one "xn--" label's Punycode into cps; FALSE when it is not well-formed. */
static BOOLEAN RtlpPunyDecode(const WCHAR *label, LONG length, ULONG *cps, ULONG *count)
{
    LONG delimiter = -1, i;
    ULONG n = PunyN, bias = PunyBias, position = 0;

    for (i = 0; i < length; i++)
        if (label[i] == '-')
            delimiter = i;
    *count = 0;
    for (i = 0; i < delimiter; i++)
        cps[(*count)++] = label[i];
    for (i = delimiter + 1; i < length;) {
        ULONG old = position, weight = 1;
        for (ULONG k = PunyBase;; k += PunyBase) {
            ULONG digit, t;
            WCHAR ch;
            if (i >= length)
                return FALSE;
            ch = label[i++];
            if (ch >= 'a' && ch <= 'z')
                digit = ch - 'a';
            else if (ch >= 'A' && ch <= 'Z')
                digit = ch - 'A';
            else if (ch >= '0' && ch <= '9')
                digit = ch - '0' + 26;
            else
                return FALSE;
            if (digit > (0x7fffffff - position) / weight)
                return FALSE;
            position += digit * weight;
            t = RtlpPunyThreshold(k, bias);
            if (digit < t)
                break;
            weight *= PunyBase - t;
        }
        bias = RtlpPunyAdapt(position - old, *count + 1, old == 0);
        n += position / (*count + 1);
        position %= *count + 1;
        if (*count == RTLP_LABEL_CHARS || n > 0x10ffff)
            return FALSE;
        memmove(cps + position + 1, cps + position, (*count - position) * sizeof(*cps));
        cps[position++] = n;
        (*count)++;
    }
    return TRUE;
}

NTSTATUS NTAPI RtlIdnToUnicode(ULONG Flags, PCWSTR Source, LONG SourceLength, PWSTR Destination,
                               PLONG DestinationLength)
{
    WCHAR out[RTLP_IDN_MAX * 2];
    LONG used = 0, start = 0;

    if (!Source || SourceLength < -1)
        return STATUS_INVALID_PARAMETER;
    if (SourceLength == -1)
        SourceLength = (LONG)wcslen(Source) + 1;
    while (start < SourceLength) {
        LONG end = start, label_start = used;
        WCHAR ch = 0;
        for (; end < SourceLength; end++) {
            ch = Source[end];
            if (ch > 0x7f || (!ch && end != SourceLength - 1))
                return STATUS_INVALID_IDN_NORMALIZATION;
            if (!ch || ch == '.')
                break;
            if ((Flags & IDN_USE_STD3_ASCII_RULES) && !RtlpIsLdh(ch))
                return STATUS_INVALID_IDN_NORMALIZATION;
        }
        if (start == end && ch) /* only the last label may be empty */
            return STATUS_INVALID_IDN_NORMALIZATION;
        if (end - start < 4 || (Source[start] | 0x20) != 'x' || (Source[start + 1] | 0x20) != 'n' ||
            Source[start + 2] != '-' || Source[start + 3] != '-') {
            if (end - start > RTLP_LABEL_MAX || ((Flags & IDN_USE_STD3_ASCII_RULES) && end > start &&
                                                  (Source[start] == '-' || Source[end - 1] == '-')))
                return STATUS_INVALID_IDN_NORMALIZATION;
            if (end < SourceLength)
                end++;
            if (used + end - start > (LONG)(sizeof(out) / sizeof(WCHAR)))
                return STATUS_INVALID_IDN_NORMALIZATION;
            memcpy(out + used, Source + start, (SIZE_T)(end - start) * sizeof(WCHAR));
            used += end - start;
        } else {
            ULONG cps[RTLP_LABEL_CHARS], count;
            if (!RtlpPunyDecode(Source + start + 4, end - start - 4, cps, &count) ||
                !RtlpLabelValid(Flags, cps, count))
                return STATUS_INVALID_IDN_NORMALIZATION;
            for (ULONG k = 0; k < count; k++) {
                if (used + 2 > (LONG)(sizeof(out) / sizeof(WCHAR)))
                    return STATUS_INVALID_IDN_NORMALIZATION;
                if (cps[k] >= 0x10000) {
                    out[used++] = (WCHAR)(0xd800 + ((cps[k] - 0x10000) >> 10));
                    out[used++] = (WCHAR)(0xdc00 + ((cps[k] - 0x10000) & 0x3ff));
                } else {
                    out[used++] = (WCHAR)cps[k];
                }
            }
            if (used - label_start > RTLP_LABEL_MAX)
                return STATUS_INVALID_IDN_NORMALIZATION;
            if (end < SourceLength)
                out[used++] = Source[end++];
        }
        start = end;
    }
    return RtlpIdnResult(out, used, Destination, DestinationLength);
}
