/* Internationalized domain names: nameprep, to ASCII and back, with the results Windows gives (the cases of
 * Wine's conformance tests), and the IDNA normalization form under them. */
#include "lib/nttest.h"

typedef struct {
    LONG InLength;
    const WCHAR *In;
    ULONG Flags;
    LONG OutLength; /* 0: refused */
    const WCHAR *Out;
} IDN_CASE;

typedef NTSTATUS(NTAPI *IDN_FUNCTION)(ULONG, PCWSTR, LONG, PWSTR, PLONG);

static void Run(const char *what, IDN_FUNCTION function, const IDN_CASE *cases, ULONG count, BOOLEAN fold)
{
    for (ULONG i = 0; i < count; i++) {
        WCHAR out[256];
        LONG length = 256, measured = 0;
        NTSTATUS status = function(cases[i].Flags, cases[i].In, cases[i].InLength, out, &length);
        if (!cases[i].OutLength) {
            ok(status == STATUS_INVALID_IDN_NORMALIZATION, "%s %u: refused, not %x", what, i, status);
            continue;
        }
        ok(!status && length == cases[i].OutLength, "%s %u: %x, length %d", what, i, status, length);
        if (!status && (fold ? _wcsnicmp(out, cases[i].Out, (SIZE_T)length) : memcmp(out, cases[i].Out,
                                                                                    (SIZE_T)length * 2)))
            ok(0, "%s %u: [%S]", what, i, out);
        ok(!function(cases[i].Flags, cases[i].In, cases[i].InLength, NULL, &measured) &&
               measured == cases[i].OutLength,
           "%s %u: measured %d", what, i, measured);
    }
}

static const IDN_CASE Nameprep[] = {
    {5, L"test", 0, 5, L"test"},
    {3, L"a\xe111z", 0, 0, NULL},
    {4, L"t\0e", 0, 0, NULL},
    {1, L"T", 0, 1, L"T"},
    {1, L"", 0, 0, NULL},
    {6, L" -/[]", 0, 6, L" -/[]"},
    {3, L"a-a", IDN_USE_STD3_ASCII_RULES, 3, L"a-a"},
    {3, L"aa-", IDN_USE_STD3_ASCII_RULES, 0, NULL},
    {-1, L"T\xdf\x130\x143\x37a\x6a\x30c \xaa", 0, 12, L"tssi\x307\x144 \x3b9\x1f0 a"},
    {11, L"t\xad\x34f\x1806\x180b\x180c\x180d\x200b\x200c\x200d", 0, 0, NULL},
    {2, L"\x3b0", 0, 2, L"\x3b0"},
    {2, L"\x380", 0, 0, NULL},
    {2, L"\x380", IDN_ALLOW_UNASSIGNED, 2, L"\x380"},
    {5, L"a..a", 0, 0, NULL},
    {3, L"a.", 0, 3, L"a."},
    {5, L"T.\x105.A", 0, 5, L"t.\x105.a"},
    {5, L"T.*.A", 0, 5, L"T.*.A"},
    {5, L"X\xff0e.Z", 0, 0, NULL},
    {63, L"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, 63,
     L"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
    {64, L"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, 0, NULL},
};

static const IDN_CASE ToAscii[] = {
    {5, L"Test", 0, 5, L"Test"},
    {5, L"Te\x017cst", 0, 12, L"xn--test-cbb"},
    {12, L"te\x0105st.te\x017cst", 0, 26, L"xn--test-cta.xn--test-cbb"},
    {3, L"\x0105.", 0, 9, L"xn--2da."},
    {10, L"http://t\x106", 0, 17, L"xn--http://t-78a"},
    {-1, L"\x4e3a\x8bf4\x4e0d\x4ed6\x5011\x10d\x11b\x305c\x306a", 0, 35, L"xn--bea2a1631avbav44tyha32b91egs2t"},
    {2, L"\x380", IDN_ALLOW_UNASSIGNED, 8, L"xn--7va"},
    {63, L"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, 63,
     L"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
    {64, L"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, 0, NULL},
    {-1, L"\xe4z123456789012345678901234567890123456789012345678901234", 0, 64,
     L"xn--z123456789012345678901234567890123456789012345678901234-9te"},
    {-1, L"\xd803\xde78\x46b5-\xa861.\x2e87", 0, 28, L"xn----bm3an932a1l5d.xn--xvj"},
    {-1, L"\x06ef\x06ef", 0, 9, L"xn--cmba"},
    {-1, L"-\x07e1\xff61\x2184", 0, 18, L"xn----8cd.xn--r5g"},
};

static const IDN_CASE ToUnicode[] = {
    {5, L"Tes.", 0, 5, L"Tes."},
    {2, L"\x105", 0, 0, NULL},
    {33, L"xn--4dbcagdahymbxekheh6e0a7fei0b", 0, 23,
     L"\x05dc\x05de\x05d4\x05d4\x05dd\x05e4\x05e9\x05d5\x05d8\x05dc\x05d0\x05de\x05d3\x05d1\x05e8\x05d9\x05dd\x05e2"
     L"\x05d1\x05e8\x05d9\x05ea"},
    {34, L"test.xn--kda9ag5e9jnfsj.xn--pz-fna", 0, 16, L"test.\x0105\x0119\x015b\x0107\x0142\x00f3\x017c.p\x0119z"},
    {63, L"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, 63,
     L"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
    {64, L"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, 0, NULL},
    {8, L"xn--7va", IDN_ALLOW_UNASSIGNED, 2, L"\x380"},
    {8, L"xn--7va", 0, 0, NULL},
    {-1, L"xn----bm3an932a1l5d.xn--xvj", 0, 8, L"\xd803\xde78\x46b5-\xa861.\x2e87"},
    {-1, L"xn--z123456789012345678901234567890123456789012345678901234-9te", 0, 57,
     L"\xe4z123456789012345678901234567890123456789012345678901234"},
    {-1, L"foo.bar", 0, 8, L"foo.bar"},
    {-1, L"d.xn----dha", 0, 5, L"d.\x00fc-"},
};

void RunTests(void)
{
    WCHAR out[64];
    LONG length = 64;

    Run("nameprep", RtlIdnToNameprepUnicode, Nameprep, sizeof(Nameprep) / sizeof(Nameprep[0]), FALSE);
    Run("to ASCII", RtlIdnToAscii, ToAscii, sizeof(ToAscii) / sizeof(ToAscii[0]), TRUE);
    Run("to Unicode", RtlIdnToUnicode, ToUnicode, sizeof(ToUnicode) / sizeof(ToUnicode[0]), FALSE);

    ok_status(RtlIdnToNameprepUnicode(0, L"test", -2, out, &length), STATUS_INVALID_PARAMETER);
    ok_status(RtlIdnToNameprepUnicode(IDN_EMAIL_ADDRESS, L"test", -1, out, &length), STATUS_INVALID_PARAMETER);
    ok_status(RtlIdnToNameprepUnicode(0, NULL, 0, out, &length), STATUS_INVALID_PARAMETER);
    length = 2;
    ok_status(RtlIdnToAscii(0, L"Te\x017cst", 5, out, &length), STATUS_BUFFER_TOO_SMALL);
    ok(length == 12, "too small: the length needed, %d", length);

    /* The IDNA form: mapped, ignored and composed; disallowed characters refused, unassigned ones kept. */
    length = 64;
    ok_status(RtlNormalizeString(13, L"T\xdf\x130\x6a\x30c\xad", 6, out, &length), STATUS_SUCCESS);
    ok(length == 6 && !memcmp(out, L"tssi\x307\x1f0", 12), "IDNA form: %d [%S]", length, out);
    length = 64;
    ok_status(RtlNormalizeString(13, L"a\xe111z", 3, out, &length), STATUS_NO_UNICODE_TRANSLATION);
    ok(length == 1, "a private-use character is disallowed, at %d", length);
    length = 64;
    ok_status(RtlNormalizeString(13, L"\x380", 1, out, &length), STATUS_SUCCESS);
    ok(length == 1 && out[0] == 0x380, "an unassigned one passes");
}
