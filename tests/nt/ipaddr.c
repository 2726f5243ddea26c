/* Internet addresses as text (RtlIpv4*, RtlIpv6*), both ways, with the leniencies and the terminators Windows' parsers
 * have, as Wine's conformance tests record them from Windows. */
#include "lib/nttest.h"

static USHORT Net16(USHORT v)
{
    return (USHORT)(v << 8 | v >> 8);
}

static void TestIpv4ToString(void)
{
    IN_ADDR ip = {.S_un.S_un_b = {192, 168, 0, 10}};
    char text[32];
    WCHAR wide[32];
    ULONG len;
    PSTR end;

    end = RtlIpv4AddressToStringA(&ip, text);
    ok(!strcmp(text, "192.168.0.10") && end == text + 12, "dotted: %s", text);
    ok(RtlIpv4AddressToStringA(&ip, NULL) == (PSTR) ~(ULONG_PTR)0, "no buffer: one before it");
    ok(RtlIpv4AddressToStringW(&ip, wide) == wide + 12 && TestStrEqualW(wide, "192.168.0.10", 12), "wide");

    len = sizeof(text);
    ok_status(RtlIpv4AddressToStringExA(&ip, Net16(8080), text, &len), STATUS_SUCCESS);
    ok(!strcmp(text, "192.168.0.10:8080") && len == 18, "with a port: %s %u", text, len);
    len = 17;
    memset(text, '#', sizeof(text));
    ok_status(RtlIpv4AddressToStringExA(&ip, Net16(8080), text, &len), STATUS_INVALID_PARAMETER);
    ok(len == 18 && text[0] == '#', "one short: the length it needs, nothing written");
    ok_status(RtlIpv4AddressToStringExA(NULL, 0, text, &len), STATUS_INVALID_PARAMETER);
    ok_status(RtlIpv4AddressToStringExA(&ip, 0, NULL, &len), STATUS_INVALID_PARAMETER);
    ok_status(RtlIpv4AddressToStringExW(&ip, 0, wide, NULL), STATUS_INVALID_PARAMETER);
}

static void Ipv4(const char *text, BOOLEAN strict, NTSTATUS status, int stop, ULONG want)
{
    IN_ADDR ip = {.S_un.S_addr = 0xabababab};
    PCSTR end = NULL;

    ok_status(RtlIpv4StringToAddressA(text, strict, &end, &ip), status);
    ok(end == text + stop, "[%s%s] stopped at %d, expected %d", text, strict ? " strict" : "", (int)(end - text), stop);
    ok(ip.S_un.S_addr == (status ? 0xabababab : want), "[%s] %x", text, ip.S_un.S_addr);
}

static void TestStringToIpv4(void)
{
    WCHAR wide[] = {'1', '0', '.', '1', ' ', 'x', 0};
    PCWSTR wend;
    IN_ADDR ip;
    USHORT port = 0xdead;

    Ipv4("1.2.3.4", TRUE, STATUS_SUCCESS, 7, 0x04030201);
    Ipv4("255.255.255.255:123", FALSE, STATUS_SUCCESS, 15, 0xffffffff);
    /* Fewer parts fill the last one's bytes; 0 starts octal and 0x hex, unless strict. */
    Ipv4("127.1", FALSE, STATUS_SUCCESS, 5, 0x0100007f);
    Ipv4("127.1", TRUE, STATUS_INVALID_PARAMETER, 5, 0);
    Ipv4("0x7f.010.0.1", FALSE, STATUS_SUCCESS, 12, 0x0100087f);
    Ipv4("0x7f.010.0.1", TRUE, STATUS_INVALID_PARAMETER, 2, 0);
    Ipv4("1.1.1.010", TRUE, STATUS_INVALID_PARAMETER, 7, 0);
    Ipv4("1.1.1.08", FALSE, STATUS_INVALID_PARAMETER, 7, 0);
    Ipv4("0x123456789", FALSE, STATUS_SUCCESS, 11, 0x89674523);
    Ipv4("255.255.255.4294967296", FALSE, STATUS_INVALID_PARAMETER, 21, 0);
    Ipv4("255.255.255.256", FALSE, STATUS_INVALID_PARAMETER, 15, 0);
    Ipv4("1.2.3.4.5", FALSE, STATUS_INVALID_PARAMETER, 7, 0);
    Ipv4("1..2", FALSE, STATUS_INVALID_PARAMETER, 3, 0);
    Ipv4(" 1.2.3.4", FALSE, STATUS_INVALID_PARAMETER, 0, 0);

    ok_status(RtlIpv4StringToAddressW(wide, FALSE, &wend, &ip), STATUS_SUCCESS);
    ok(wend == wide + 4 && ip.S_un.S_addr == 0x0100000a, "wide: %x", ip.S_un.S_addr);

    /* The Ex forms take a port and want nothing after the address. */
    ok_status(RtlIpv4StringToAddressExA("10.0.0.1:0x50", TRUE, &ip, &port), STATUS_SUCCESS);
    ok(ip.S_un.S_addr == 0x0100000a && port == Net16(80), "a port in hex: %x", port);
    ok_status(RtlIpv4StringToAddressExA("10.0.0.1", TRUE, &ip, &port), STATUS_SUCCESS);
    ok(port == 0, "no port: 0");
    port = 0xdead;
    ok_status(RtlIpv4StringToAddressExA("10.0.0.1:0", FALSE, &ip, &port), STATUS_INVALID_PARAMETER);
    ok_status(RtlIpv4StringToAddressExA("10.0.0.1:65536", FALSE, &ip, &port), STATUS_INVALID_PARAMETER);
    ok_status(RtlIpv4StringToAddressExA("10.0.0.1 ", FALSE, &ip, &port), STATUS_INVALID_PARAMETER);
    ok(port == 0xdead, "a port refused is not written");
    ok_status(RtlIpv4StringToAddressExA(NULL, FALSE, &ip, &port), STATUS_INVALID_PARAMETER);
    ok_status(RtlIpv4StringToAddressExW(wide, FALSE, &ip, NULL), STATUS_INVALID_PARAMETER);
}

static void Ipv6Text(const USHORT words[8], ULONG scope, USHORT port, const char *want)
{
    IN6_ADDR ip;
    char text[64];
    ULONG len = sizeof(text);

    memcpy(ip.u.Word, words, sizeof(ip.u.Word));
    ok_status(RtlIpv6AddressToStringExA(&ip, scope, port, text, &len), STATUS_SUCCESS);
    ok(!strcmp(text, want) && len == strlen(want) + 1, "got %s, expected %s", text, want);
}

static void TestIpv6ToString(void)
{
    static const USHORT loopback[8] = {0, 0, 0, 0, 0, 0, 0, 0x100};
    static const USHORT mapped[8] = {0, 0, 0, 0, 0, 0xffff, 0x9081, 0x2634};
    static const USHORT isatap[8] = {0x1111, 0, 0, 0, 0, 0xfe5e, 0x9081, 0x2634};
    static const USHORT runs[8] = {0xfe3f, 0xb, 0, 0, 0x100, 0, 0, 0xa00};
    static const USHORT single[8] = {0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666, 0, 0x8888};
    static const USHORT nothing[8];
    IN6_ADDR ip = {{{0}}};
    char text[50];
    WCHAR wide[50];
    ULONG len = 2;

    Ipv6Text(nothing, 0, 0, "::");
    Ipv6Text(loopback, 0, 0, "::1");
    Ipv6Text(mapped, 0, 0, "::ffff:129.144.52.38");
    Ipv6Text(isatap, 0, 0, "1111::5efe:129.144.52.38");
    Ipv6Text(runs, 0, 0, "3ffe:b00::1:0:0:a");
    Ipv6Text(single, 0, 0, "1111:2222:3333:4444:5555:6666:0:8888");
    Ipv6Text(loopback, 7, Net16(443), "[::1%7]:443");

    memset(text, '#', sizeof(text));
    ok(RtlIpv6AddressToStringA(&ip, text) == text + 2 && !strcmp(text, "::"), "the plain form");
    ok(text[45] == 0 && text[46] == '#', "the 46th character cleared, no more");
    ok(RtlIpv6AddressToStringW(&ip, wide) == wide + 2 && TestStrEqualW(wide, "::", 2), "wide");
    ok_status(RtlIpv6AddressToStringExA(&ip, 0, 0, text, &len), STATUS_INVALID_PARAMETER);
    ok(len == 3, "too short: the length it needs (%u)", len);
    ok_status(RtlIpv6AddressToStringExA(NULL, 0, 0, text, &len), STATUS_INVALID_PARAMETER);
}

static void Ipv6(const char *text, NTSTATUS status, int stop, const USHORT want[8])
{
    IN6_ADDR ip;
    PCSTR end = (PCSTR)1;

    memset(&ip, 0xab, sizeof(ip));
    ok_status(RtlIpv6StringToAddressA(text, &end, &ip), status);
    if (stop < 0)
        ok(end == (PCSTR)1, "[%s] the terminator is left alone", text);
    else
        ok(end == text + stop, "[%s] stopped at %d, expected %d", text, (int)(end - text), stop);
    ok(!memcmp(ip.u.Word, want, sizeof(ip.u.Word)), "[%s] %x:%x:%x:%x:%x:%x:%x:%x", text, ip.u.Word[0], ip.u.Word[1],
       ip.u.Word[2], ip.u.Word[3], ip.u.Word[4], ip.u.Word[5], ip.u.Word[6], ip.u.Word[7]);
}

static void TestStringToIpv6(void)
{
    static const USHORT loopback[8] = {0, 0, 0, 0, 0, 0, 0, 0x100};
    static const USHORT doc[8] = {0x120, 0xb80d, 0, 0, 0, 0, 0x2814, 0xab57};
    static const USHORT dotted[8] = {0x100, 0, 0, 0, 0, 0, 0x201, 0x403};
    static const USHORT partial[8] = {0x1111, 0x2222, 0xabab, 0xabab, 0xabab, 0xabab, 0xabab, 0xabab};
    static const USHORT long_group[8] = {0x120, 0xabab, 0xabab, 0xabab, 0xabab, 0xabab, 0xabab, 0xabab};
    static const USHORT hex_tail[8] = {0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0, 0, 0x8800};
    static const USHORT untouched[8] = {0xabab, 0xabab, 0xabab, 0xabab, 0xabab, 0xabab, 0xabab, 0xabab};
    static const USHORT fe80[8] = {0x80fe, 0, 0, 0, 0, 0, 0, 0x100};
    WCHAR wide[] = {':', ':', '1', 0};
    PCWSTR wend;
    IN6_ADDR ip;
    ULONG scope = 0xbadf00d;
    USHORT port = 0xbeef;

    Ipv6("::1", STATUS_SUCCESS, 3, loopback);
    Ipv6("2001:db8::1428:57ab", STATUS_SUCCESS, 19, doc);
    Ipv6("1::1.2.3.4", STATUS_SUCCESS, 10, dotted);
    /* What was read before a failure stays. */
    Ipv6("1111:2222:3333", STATUS_INVALID_PARAMETER, 14, partial);
    Ipv6("2001:00000:1234:0000:0000:C1C0:ABCD:0876", STATUS_INVALID_PARAMETER, -1, long_group);
    Ipv6("1111:2222:3333:4444:5555::0x88", STATUS_SUCCESS, 27, hex_tail);
    Ipv6(":1", STATUS_INVALID_PARAMETER, 0, untouched);
    Ipv6("[::1]", STATUS_INVALID_PARAMETER, 0, untouched);

    ok_status(RtlIpv6StringToAddressW(wide, &wend, &ip), STATUS_SUCCESS);
    ok(wend == wide + 3 && !memcmp(ip.u.Word, loopback, 16), "wide");

    ok_status(RtlIpv6StringToAddressExA("[fe80::1%3]:443", &ip, &scope, &port), STATUS_SUCCESS);
    ok(!memcmp(ip.u.Word, fe80, 16) && scope == 3 && port == Net16(443), "bracketed with scope and port: %u %x", scope,
       port);
    ok_status(RtlIpv6StringToAddressExA("fe80::1", &ip, &scope, &port), STATUS_SUCCESS);
    ok(scope == 0 && port == 0, "neither scope nor port: zeros");
    scope = 0xbadf00d;
    port = 0xbeef;
    ok_status(RtlIpv6StringToAddressExA("[::1]:080", &ip, &scope, &port), STATUS_INVALID_PARAMETER);
    ok_status(RtlIpv6StringToAddressExA("[::1%0x10]", &ip, &scope, &port), STATUS_INVALID_PARAMETER);
    ok_status(RtlIpv6StringToAddressExA("::0x88", &ip, &scope, &port), STATUS_INVALID_PARAMETER);
    ok_status(RtlIpv6StringToAddressExA("::1 ", &ip, &scope, &port), STATUS_INVALID_PARAMETER);
    ok(scope == 0xbadf00d && port == 0xbeef, "a failure writes neither scope nor port");
    ok_status(RtlIpv6StringToAddressExW(wide, &ip, NULL, &port), STATUS_INVALID_PARAMETER);
    ok_status(RtlIpv6StringToAddressExA(NULL, &ip, &scope, &port), STATUS_INVALID_PARAMETER);
}

void RunTests(void)
{
    TestIpv4ToString();
    TestStringToIpv4();
    TestIpv6ToString();
    TestStringToIpv6();
}
