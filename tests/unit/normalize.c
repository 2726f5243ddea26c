/* Unicode normalization (lib/rtl/normalize.c) against the Unicode standard's own conformance file,
 * NormalizationTest.txt, every line and every form; then the errors Windows reports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rtl/normalize.h"
#include "unit.h"

static size_t ToUtf16(const char *field, WCHAR *out)
{
    size_t n = 0;
    char *end;

    for (unsigned long c = strtoul(field, &end, 16); end != field; c = strtoul(field = end, &end, 16)) {
        if (c >= 0x10000) {
            out[n++] = (WCHAR)(0xd800 + ((c - 0x10000) >> 10));
            out[n++] = (WCHAR)(0xdc00 + ((c - 0x10000) & 0x3ff));
        } else {
            out[n++] = (WCHAR)c;
        }
    }
    return n;
}

static int Is(ULONG form, const WCHAR *src, size_t len, const WCHAR *want, size_t want_len)
{
    static ULONG work[64 * RTLP_MAX_DECOMPOSITION];
    WCHAR out[256];
    SIZE_T out_len = 256;

    return !RtlpNormalize(form, src, len, out, &out_len, work, sizeof(work) / sizeof(work[0])) &&
           out_len == want_len && !memcmp(out, want, want_len * sizeof(WCHAR));
}

UNIT_TEST(normalization_conformance)
{
    const char *ucd = getenv("UCD") ? getenv("UCD") : "/usr/share/unicode";
    char command[512], line[1024];
    int lines = 0, failures = 0;
    FILE *f;

    snprintf(command, sizeof(command), "bzcat %s/NormalizationTest.txt.bz2", ucd);
    if (!(f = popen(command, "r"))) {
        CHECK(0, "cannot read %s", command);
        return;
    }
    while (fgets(line, sizeof(line), f)) {
        WCHAR c[5][64];
        size_t n[5];
        char *field = line;
        if (line[0] == '#' || line[0] == '@' || line[0] == '\n')
            continue;
        for (int k = 0; k < 5; k++) {
            char *semi = strchr(field, ';');
            if (!semi)
                break;
            *semi = 0;
            n[k] = ToUtf16(field, c[k]);
            field = semi + 1;
        }
        lines++;
        for (int k = 0; k < 5 && failures < 10; k++) {
            /* NFC(c1..c3) = c2, NFC(c4..c5) = c4; NFD(c1..c3) = c3, NFD(c4..c5) = c5; NFKC = c4; NFKD = c5. */
            int ok = Is(RTLP_NORMALIZATION_C, c[k], n[k], c[k < 3 ? 1 : 3], n[k < 3 ? 1 : 3]) &&
                     Is(RTLP_NORMALIZATION_D, c[k], n[k], c[k < 3 ? 2 : 4], n[k < 3 ? 2 : 4]) &&
                     Is(RTLP_NORMALIZATION_KC, c[k], n[k], c[3], n[3]) &&
                     Is(RTLP_NORMALIZATION_KD, c[k], n[k], c[4], n[4]);
            if (!ok) {
                failures++;
                CHECK(0, "NormalizationTest line %d, column %d", lines, k + 1);
            }
        }
    }
    pclose(f);
    CHECK(lines > 18000 && !failures, "%d lines of the conformance file, %d failures", lines, failures);
}

UNIT_TEST(normalization_errors)
{
    static ULONG work[64 * RTLP_MAX_DECOMPOSITION];
    WCHAR out[64];
    SIZE_T len;
    const WCHAR high[] = {'A', 'B', 0xd800, 'Z'}, low[] = {'A', 'B', 'C', 'D', 0xdc12, 'Z'};
    const WCHAR unassigned[] = {'a', 0x0378}, nul[] = {'a', 0, 'b'}, final_nul[] = {'a', 0};
    const WCHAR d_dot[] = {0x1e0a};

    len = 64;
    CHECK(RtlpNormalize(RTLP_NORMALIZATION_C, high, 4, out, &len, work, 1024) == STATUS_NO_UNICODE_TRANSLATION &&
              len == 3,
          "a lone high surrogate: reported past it (%zu)", (size_t)len);
    len = 64;
    CHECK(RtlpNormalize(RTLP_NORMALIZATION_D, low, 6, out, &len, work, 1024) == STATUS_NO_UNICODE_TRANSLATION &&
              len == 4,
          "a lone low surrogate: at it (%zu)", (size_t)len);
    len = 1;
    CHECK(RtlpNormalize(RTLP_NORMALIZATION_D, high, 4, out, &len, work, 1024) == STATUS_BUFFER_TOO_SMALL,
          "what does not fit before it comes first");
    len = 64;
    CHECK(RtlpNormalize(RTLP_NORMALIZATION_C, unassigned, 2, out, &len, work, 1024) ==
              STATUS_NO_UNICODE_TRANSLATION && len == 1,
          "an unassigned code point");
    len = 64;
    CHECK(RtlpNormalize(RTLP_NORMALIZATION_C, nul, 3, out, &len, work, 1024) == STATUS_NO_UNICODE_TRANSLATION &&
              len == 1,
          "a NUL inside");
    len = 64;
    CHECK(!RtlpNormalize(RTLP_NORMALIZATION_C, final_nul, 2, out, &len, work, 1024) && len == 2 && !out[1],
          "a final NUL is kept");
    len = 1;
    CHECK(RtlpNormalize(RTLP_NORMALIZATION_D, d_dot, 1, out, &len, work, 1024) == STATUS_BUFFER_TOO_SMALL &&
              len == 2,
          "too small: the length needed (%zu)", (size_t)len);
    len = 64;
    CHECK(RtlpNormalize(RTLP_NORMALIZATION_D, d_dot, 1, out, &len, work, 1) == STATUS_BUFFER_OVERFLOW,
          "a work area too small is the caller's error");
}
