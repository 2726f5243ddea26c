/* Wine's debug channels: WINEDEBUG chooses classes per channel, lines are written whole to standard error,
 * and strings copied for printing live in a ring per thread. */
#include "lib/nttest.h"

static HANDLE OpenCapture(void)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;
    HANDLE h = NULL;

    RtlInitUnicodeString(&name, L"\\??\\C:\\windows\\temp\\veles-winedebug.txt");
    ok_status(NtCreateFile(&h, FILE_GENERIC_READ | FILE_GENERIC_WRITE | DELETE, &oa, &iosb, NULL, 0, 0,
                           FILE_OVERWRITE_IF, FILE_SYNCHRONOUS_IO_NONALERT | FILE_DELETE_ON_CLOSE, NULL, 0),
              STATUS_SUCCESS);
    return h;
}

static void TestChannels(void)
{
    WINE_DEBUG_CHANNEL heap = {0xff, "heap"}, ldr = {0xff, "ldr"}, seh = {0xff, "seh"}, other = {0xff, "other"};
    WINE_DEBUG_CHANNEL known = {0x01, "heap"};

    ok(__wine_dbg_get_channel_flags(&heap) == 0x7 && heap.flags == 0x7, "warn+heap adds warnings: %x", heap.flags);
    ok(__wine_dbg_get_channel_flags(&ldr) == 0 && ldr.flags == 0, "-ldr silences it: %x", ldr.flags);
    ok(__wine_dbg_get_channel_flags(&seh) == 0x7, "+seh then trace-seh: %x", seh.flags);
    ok(__wine_dbg_get_channel_flags(&other) == 0x3, "others have errors and fixmes: %x", other.flags);
    ok(__wine_dbg_get_channel_flags(&known) == 0x7 && known.flags == 0x01, "a looked-up channel keeps its flags");
}

static void TestOutput(void)
{
    WINE_DEBUG_CHANNEL heap = {0xff, "heap"};
    PRTL_USER_PROCESS_PARAMETERS params = TestPeb()->ProcessParameters;
    HANDLE saved = params->StandardError, capture = OpenCapture();
    char text[256] = {0}, expect[128];
    LARGE_INTEGER zero = {.QuadPart = 0};
    IO_STATUS_BLOCK iosb;
    int n;

    params->StandardError = capture;
    ok(__wine_dbg_header(3, &heap, "Trace") == -1, "traces of heap are off");
    n = __wine_dbg_header(2, &heap, "RtlFoo");
    ok(__wine_dbg_output("first ") == 6 && __wine_dbg_output("and second\n") == 11, "output counts its text");
    ok(__wine_dbg_header(1, &heap, NULL) > 0, "an error header without a function");
    __wine_dbg_output("x\n");
    params->StandardError = saved;

    ok_status(NtReadFile(capture, NULL, NULL, NULL, &iosb, text, sizeof(text) - 1, &zero, NULL), STATUS_SUCCESS);
    _snprintf(expect, sizeof(expect), "%04lx:warn:heap:RtlFoo first and second\n%04lx:err:heap: x\n",
              (ULONG)(ULONG_PTR)NtCurrentTeb()->ClientId.UniqueThread,
              (ULONG)(ULONG_PTR)NtCurrentTeb()->ClientId.UniqueThread);
    ok(!strcmp(text, expect), "the lines as Wine writes them: [%s]", text);
    ok(n > 18 && n < 40 && !strncmp(text + n, "first", 5), "the header's length: %d", n);
    NtClose(capture);
}

static void TestStrdup(void)
{
    char long_text[1500];
    const char *a = __wine_dbg_strdup("alpha"), *b = __wine_dbg_strdup("beta"), *c;

    ok(!strcmp(a, "alpha") && !strcmp(b, "beta") && a != b, "copies that stay apart");
    memset(long_text, 'z', sizeof(long_text) - 1);
    long_text[sizeof(long_text) - 1] = 0;
    c = __wine_dbg_strdup(long_text);
    ok(strlen(c) == 1023 && c[0] == 'z', "a string longer than the ring is cut: %d", (int)strlen(c));
    c = __wine_dbg_strdup("gamma");
    ok(!strcmp(c, "gamma"), "the ring starts over");
}

/* What win32u and user32 import of Wine's Unix side and server loads, and says it is not there. */
static void TestUnixSide(void)
{
    const char *version = wine_get_version();
    ok_status(__wine_unix_call(1, 0, NULL), STATUS_NOT_IMPLEMENTED);
    ok_status(wine_server_call(NULL), STATUS_NOT_IMPLEMENTED);
    ok(version && version[0] == '8' && version[1] == '.', "the version of the Wine DLLs: %s", version);
}

void RunTests(void)
{
    UNICODE_STRING name, value;
    TestUnixSide();
    RtlInitUnicodeString(&name, L"WINEDEBUG");
    RtlInitUnicodeString(&value, L"warn+heap,-ldr,bogus+x,+seh,trace-seh,+,toolongchannelname0");
    ok_status(RtlSetEnvironmentVariable(NULL, &name, &value), STATUS_SUCCESS);
    TestChannels();
    TestOutput();
    TestStrdup();
}
