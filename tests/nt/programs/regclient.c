/* A registry client for the tests that need more than one process or a crash:
 *   regclient write          set counter and then check to 1, 2, 3... flushing every tenth and saying so,
 *                            until killed
 *   regclient read           print "counter C check K"
 *   regclient share ID N     write N values of its own, then wait until process 1-ID has written its N, and
 *                            check all of them; exit 0 when every value is there with its data
 *   regclient notify         wait up to 10 s for a change of a value of the shared key; exit 0 if one came
 *   regclient sample         check values tests/cli/sample.reg sets, as the services return them */
#include "nt/services.h"
#include "nt/ntdll.h"

static HANDLE Output;

static void Print(const char *s)
{
    IO_STATUS_BLOCK iosb;
    ULONG n = 0;

    while (s[n])
        n++;
    NtWriteFile(Output, NULL, NULL, NULL, &iosb, (PVOID)s, n, NULL, NULL);
}

static void PrintNumber(ULONG v)
{
    char text[12], *p = text + sizeof(text) - 1;

    *p = 0;
    do
        *--p = (char)('0' + v % 10);
    while (v /= 10);
    Print(p);
}

static ULONG ParseNumber(const WCHAR *s)
{
    ULONG v = 0;

    while (*s >= '0' && *s <= '9')
        v = v * 10 + (ULONG)(*s++ - '0');
    return v;
}

static HANDLE OpenKey(const WCHAR *path)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name};
    HANDLE key;

    RtlInitUnicodeString(&name, path);
    if (NtCreateKey(&key, KEY_ALL_ACCESS, &oa, 0, NULL, 0, NULL))
        return NULL;
    return key;
}

static NTSTATUS SetDword(HANDLE key, const WCHAR *name, ULONG value)
{
    UNICODE_STRING s;

    RtlInitUnicodeString(&s, name);
    return NtSetValueKey(key, &s, 0, REG_DWORD, &value, sizeof(value));
}

static ULONG GetDword(HANDLE key, const WCHAR *name)
{
    union {
        KEY_VALUE_PARTIAL_INFORMATION info;
        UCHAR bytes[32];
    } u;
    UNICODE_STRING s;
    ULONG length;

    RtlInitUnicodeString(&s, name);
    if (NtQueryValueKey(key, &s, KeyValuePartialInformation, &u, sizeof(u), &length) || u.info.DataLength != 4)
        return 0xffffffff;
    return *(ULONG *)u.info.Data;
}

/* "ID-I" */
static void ValueName(WCHAR *name, ULONG id, ULONG i)
{
    WCHAR digits[12];
    int n = 0;

    *name++ = (WCHAR)('0' + id);
    *name++ = '-';
    do
        digits[n++] = (WCHAR)('0' + i % 10);
    while (i /= 10);
    while (n)
        *name++ = digits[--n];
    *name = 0;
}

static ULONG Write(void)
{
    HANDLE key = OpenKey(L"\\Registry\\Machine\\Software\\VelesCrash");

    for (ULONG i = 1; key && i < 100000000; i++) {
        if (SetDword(key, L"counter", i) || SetDword(key, L"check", i))
            return 2;
        if (i % 10 == 0) {
            if (NtFlushKey(key))
                return 3;
            Print("flushed ");
            PrintNumber(i);
            Print("\n");
        }
    }
    return 1;
}

static ULONG Read(void)
{
    HANDLE key = OpenKey(L"\\Registry\\Machine\\Software\\VelesCrash");

    if (!key)
        return 1;
    Print("counter ");
    PrintNumber(GetDword(key, L"counter"));
    Print(" check ");
    PrintNumber(GetDword(key, L"check"));
    Print("\n");
    return 0;
}

static ULONG Share(ULONG id, ULONG count)
{
    HANDLE key = OpenKey(L"\\Registry\\Machine\\Software\\VelesShare");
    LARGE_INTEGER pause = {.QuadPart = -10 * 10000};
    WCHAR name[32];

    if (!key)
        return 1;
    for (ULONG i = 0; i < count; i++) {
        ValueName(name, id, i);
        if (SetDword(key, name, id * 1000000 + i))
            return 2;
    }
    ValueName(name, id, 999999);
    SetDword(key, name, count);
    ValueName(name, 1 - id, 999999);
    for (int tries = 0; GetDword(key, name) != count; tries++) {
        if (tries > 1000) {
            Print("the other process's values never came\n");
            return 3;
        }
        NtDelayExecution(FALSE, &pause);
    }
    for (ULONG other = 0; other < 2; other++) {
        for (ULONG i = 0; i < count; i++) {
            ValueName(name, other, i);
            if (GetDword(key, name) != other * 1000000 + i) {
                Print("a value is missing or wrong: ");
                PrintNumber(other);
                Print("-");
                PrintNumber(i);
                Print("\n");
                return 4;
            }
        }
    }
    return 0;
}

static ULONG Notify(void)
{
    HANDLE key = OpenKey(L"\\Registry\\Machine\\Software\\VelesShare"), event;
    IO_STATUS_BLOCK iosb;
    LARGE_INTEGER timeout = {.QuadPart = -10ll * 10000000};

    if (!key || NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE) ||
        NtNotifyChangeKey(key, event, NULL, NULL, &iosb, REG_NOTIFY_CHANGE_LAST_SET, FALSE, NULL, 0, TRUE) !=
            STATUS_PENDING)
        return 2;
    Print("armed\n");
    return NtWaitForSingleObject(event, FALSE, &timeout) == STATUS_SUCCESS ? 0 : 1;
}

static int SameData(HANDLE key, const WCHAR *name, ULONG type, const void *data, ULONG size)
{
    union {
        KEY_VALUE_PARTIAL_INFORMATION info;
        UCHAR bytes[256];
    } u;
    UNICODE_STRING s;
    ULONG length;

    RtlInitUnicodeString(&s, name);
    if (NtQueryValueKey(key, &s, KeyValuePartialInformation, &u, sizeof(u), &length) || u.info.Type != type ||
        u.info.DataLength != size)
        return 0;
    for (ULONG i = 0; i < size; i++)
        if (u.info.Data[i] != ((const UCHAR *)data)[i])
            return 0;
    return 1;
}

static ULONG Sample(void)
{
    static const WCHAR string[] = L"with \"quotes\" and \\backslashes\\ and \u00fcn\u00efc\u00f6d\u00e9 \u2603";
    static const WCHAR multi[] = L"a\0b\0";
    static const UCHAR binary[] = {0, 1, 2, 0xff};
    HANDLE key = OpenKey(L"\\Registry\\User\\S-1-5-21-0-0-0-1000\\Software\\VelesSample");
    ULONG bad = 0, dword = 0xdeadbeef;

    if (!key)
        return 1;
    bad += !SameData(key, L"string", REG_SZ, string, sizeof(string));
    bad += !SameData(key, L"dword", REG_DWORD, &dword, 4);
    bad += !SameData(key, L"binary", REG_BINARY, binary, sizeof(binary));
    bad += !SameData(key, L"multi", REG_MULTI_SZ, multi, sizeof(multi));
    bad += !SameData(key, L"", REG_SZ, L"default value", sizeof(L"default value"));
    if (bad) {
        PrintNumber(bad);
        Print(" values differ from the file\n");
    }
    return bad;
}

ULONG NTAPI Start(PPEB peb)
{
    const UNICODE_STRING *line = &peb->ProcessParameters->CommandLine;
    const WCHAR *words[4] = {0};
    WCHAR *copy;
    USHORT n = line->Length / sizeof(WCHAR);
    int count = 0;

    Output = peb->ProcessParameters->StandardOutput;
    copy = RtlAllocateHeap(peb->ProcessHeap, 0, (n + 1) * sizeof(WCHAR));
    for (USHORT i = 0; i < n; i++)
        copy[i] = line->Buffer[i] == ' ' ? 0 : line->Buffer[i];
    copy[n] = 0;
    for (USHORT i = 0; i < n && count < 4; i++)
        if (copy[i] && (!i || !copy[i - 1]))
            words[count++] = copy + i;
    if (count >= 2 && words[1][0] == 'w')
        return Write();
    if (count >= 2 && words[1][0] == 'r')
        return Read();
    if (count >= 4 && words[1][0] == 's' && words[1][1] == 'h')
        return Share(ParseNumber(words[2]), ParseNumber(words[3]));
    if (count >= 2 && words[1][0] == 'n')
        return Notify();
    if (count >= 2 && words[1][0] == 's' && words[1][1] == 'a')
        return Sample();
    Print("usage: regclient write | read | share ID N | notify | sample\n");
    return 100;
}
