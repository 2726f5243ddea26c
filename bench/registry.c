/* Open a key, query a value, close it: through the NT services, or (with "advapi32" on the command line)
 * through advapi32's RegOpenKeyExW, RegQueryValueExW and RegCloseKey as Win32 programs do. Prints the ns per
 * round, or "-" when advapi32 is not there. */
#include "bench.h"

#define ROUNDS 100000
#define HKEY_LOCAL_MACHINE ((HANDLE)(ULONG_PTR)0x80000002)

typedef LONG(NTAPI *REG_OPEN)(HANDLE, const WCHAR *, ULONG, ACCESS_MASK, HANDLE *);
typedef LONG(NTAPI *REG_QUERY)(HANDLE, const WCHAR *, ULONG *, ULONG *, UCHAR *, ULONG *);
typedef LONG(NTAPI *REG_CLOSE)(HANDLE);

static const WCHAR Path[] = L"Software\\Microsoft\\Windows NT\\CurrentVersion";

static int NtRound(void)
{
    union {
        KEY_VALUE_PARTIAL_INFORMATION info;
        UCHAR bytes[256];
    } u;
    UNICODE_STRING path, name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &path, .Attributes = OBJ_CASE_INSENSITIVE};
    HANDLE key;
    ULONG length;
    NTSTATUS status;

    RtlInitUnicodeString(&path, L"\\Registry\\Machine\\Software\\Microsoft\\Windows NT\\CurrentVersion");
    RtlInitUnicodeString(&name, L"ProductName");
    if (NtOpenKey(&key, KEY_QUERY_VALUE, &oa))
        return 0;
    status = NtQueryValueKey(key, &name, KeyValuePartialInformation, &u, sizeof(u), &length);
    NtClose(key);
    return !status;
}

static REG_OPEN RegOpen;
static REG_QUERY RegQuery;
static REG_CLOSE RegClose;

static int Advapi32Round(void)
{
    UCHAR data[256];
    ULONG type, size = sizeof(data);
    HANDLE key;
    LONG error;

    if (RegOpen(HKEY_LOCAL_MACHINE, Path, 0, KEY_QUERY_VALUE, &key))
        return 0;
    error = RegQuery(key, L"ProductName", NULL, &type, data, &size);
    RegClose(key);
    return !error;
}

static int LoadAdvapi32(void)
{
    UNICODE_STRING dll;
    ANSI_STRING name;
    PVOID base;

    RtlInitUnicodeString(&dll, L"advapi32.dll");
    if (LdrLoadDll(NULL, NULL, &dll, &base))
        return 0;
    RtlInitAnsiString(&name, "RegOpenKeyExW");
    if (LdrGetProcedureAddress(base, &name, 0, (PVOID *)&RegOpen))
        return 0;
    RtlInitAnsiString(&name, "RegQueryValueExW");
    if (LdrGetProcedureAddress(base, &name, 0, (PVOID *)&RegQuery))
        return 0;
    RtlInitAnsiString(&name, "RegCloseKey");
    return !LdrGetProcedureAddress(base, &name, 0, (PVOID *)&RegClose);
}

ULONG NTAPI Start(PPEB peb)
{
    const UNICODE_STRING *line = &peb->ProcessParameters->CommandLine;
    int advapi32 = line->Length >= 16 && line->Buffer[line->Length / 2 - 1] == '2' &&
                   line->Buffer[line->Length / 2 - 2] == '3';
    int (*round)(void) = advapi32 ? Advapi32Round : NtRound;
    char text[64];
    int len;
    LONG64 t0;

    if (advapi32 && !LoadAdvapi32()) {
        BenchWrite(peb, "-\n", 2);
        return 0;
    }
    for (int i = 0; i < 1000; i++)
        if (!round()) {
            BenchWrite(peb, "-\n", 2);
            return 1;
        }
    t0 = BenchNow();
    for (int i = 0; i < ROUNDS; i++)
        round();
    len = BenchPut(text, BenchNow() - t0, ROUNDS, BENCH_NS, 1);
    text[len++] = '\n';
    BenchWrite(peb, text, len);
    return 0;
}
