/* The registry through the runtime library: keys relative to the well-known roots, RtlQueryRegistryValues' tables
 * (every value, one by name, defaults, direct storage, subkeys, deletion) and a key's unnamed value. */
#include "lib/nttest.h"

#define KEY_PATH L"\\Registry\\Machine\\Software\\VelesRtlTest"

static HANDLE OpenKey(const WCHAR *path)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    HANDLE key = NULL;

    RtlInitUnicodeString(&name, path);
    ok_status(NtCreateKey(&key, KEY_ALL_ACCESS, &oa, 0, NULL, 0, NULL), STATUS_SUCCESS);
    return key;
}

static void SetValue(HANDLE key, const WCHAR *name, ULONG type, const void *data, ULONG length)
{
    UNICODE_STRING us;

    RtlInitUnicodeString(&us, name);
    ok_status(NtSetValueKey(key, &us, 0, type, (PVOID)data, length), STATUS_SUCCESS);
}

static int Calls;
static WCHAR Seen[8][32];
static ULONG SeenTypes[8];

static NTSTATUS NTAPI Record(PCWSTR name, ULONG type, PVOID data, ULONG length, PVOID context, PVOID entry)
{
    if (Calls < 8) {
        SeenTypes[Calls] = type;
        Seen[Calls][0] = 0;
        if (type == REG_SZ && data && length <= sizeof(Seen[0]))
            memcpy(Seen[Calls], data, length);
        else if (name && type == REG_DWORD)
            wcscpy(Seen[Calls], name);
    }
    Calls++;
    return context == (PVOID)0x1234 ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

static void TestRoots(void)
{
    static WCHAR empty[] = L"", deep[] = KEY_PATH L"\\missing\\deeper", path[] = KEY_PATH;

    ok_status(RtlCreateRegistryKey(RTL_REGISTRY_ABSOLUTE, path), STATUS_SUCCESS);
    ok_status(RtlCheckRegistryKey(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL, path), STATUS_SUCCESS);
    ok_status(RtlCheckRegistryKey(RTL_REGISTRY_ABSOLUTE, NULL), STATUS_OBJECT_PATH_SYNTAX_BAD);
    ok_status(RtlCheckRegistryKey(RTL_REGISTRY_ABSOLUTE, empty), STATUS_OBJECT_PATH_SYNTAX_BAD);
    ok_status(RtlCheckRegistryKey(RTL_REGISTRY_USER, NULL), STATUS_SUCCESS);
    ok_status(RtlCheckRegistryKey(RTL_REGISTRY_WINDOWS_NT, NULL), STATUS_SUCCESS);
    ok_status(RtlCheckRegistryKey(RTL_REGISTRY_CONTROL, L"Nothing Here"), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(RtlCreateRegistryKey(RTL_REGISTRY_USER + 1, path), STATUS_INVALID_PARAMETER);
    ok_status(RtlCreateRegistryKey(RTL_REGISTRY_ABSOLUTE, deep), STATUS_OBJECT_NAME_NOT_FOUND);
}

static void TestQueries(void)
{
    HANDLE key = OpenKey(KEY_PATH), sub = OpenKey(KEY_PATH L"\\Sub");
    static const WCHAR multi[] = L"one\0two\0", path[] = KEY_PATH;
    ULONG number = 7, direct = 0, type = 0, length;
    WCHAR text[16];
    UNICODE_STRING string = {0, sizeof(text), text};
    RTL_QUERY_REGISTRY_TABLE table[4];
    BYTE data[8];

    SetValue(key, L"Number", REG_DWORD, &number, sizeof(number));
    SetValue(key, L"List", REG_MULTI_SZ, multi, sizeof(multi));
    SetValue(key, L"Text", REG_SZ, L"hello", 12);
    SetValue(sub, L"Inner", REG_DWORD, &number, sizeof(number));

    /* Every value of the key, a list of strings one string at a time. */
    memset(table, 0, sizeof(table));
    table[0].QueryRoutine = Record;
    Calls = 0;
    ok_status(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, path, table, (PVOID)0x1234, NULL), STATUS_SUCCESS);
    ok(Calls == 4 && SeenTypes[0] == REG_DWORD && !wcscmp(Seen[0], L"Number") && !wcscmp(Seen[1], L"one") &&
           !wcscmp(Seen[2], L"two") && !wcscmp(Seen[3], L"hello"),
       "every value in order, the list split: %d calls", Calls);

    /* A routine's failure ends the query. */
    Calls = 0;
    ok_status(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, path, table, NULL, NULL), STATUS_INVALID_PARAMETER);
    ok(Calls == 1, "stopped at the first failure");

    /* Only a call back; a subkey's values; a missing value, required or with a default. */
    memset(table, 0, sizeof(table));
    table[0].QueryRoutine = Record;
    table[0].Flags = RTL_QUERY_REGISTRY_NOVALUE;
    table[1].QueryRoutine = Record;
    table[1].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[1].Name = L"Sub";
    table[2].QueryRoutine = Record;
    table[2].Name = L"Missing";
    table[2].DefaultType = REG_SZ;
    table[2].DefaultData = L"fallback";
    Calls = 0;
    ok_status(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, path, table, (PVOID)0x1234, NULL), STATUS_SUCCESS);
    ok(Calls == 3 && SeenTypes[0] == REG_NONE && !wcscmp(Seen[1], L"Inner") && !wcscmp(Seen[2], L"fallback"),
       "a call back, the subkey's value, the default: %d calls", Calls);
    table[2].Flags = RTL_QUERY_REGISTRY_REQUIRED;
    ok_status(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, path, table, (PVOID)0x1234, NULL),
              STATUS_OBJECT_NAME_NOT_FOUND);

    /* Direct storage: a number in place, a string into its UNICODE_STRING; then the value deleted. */
    memset(table, 0, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name = L"Number";
    table[0].EntryContext = &direct;
    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_DELETE;
    table[1].Name = L"Text";
    table[1].EntryContext = &string;
    ok_status(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, path, table, NULL, NULL), STATUS_SUCCESS);
    ok(direct == 7 && string.Length == 10 && !wcscmp(text, L"hello"), "stored directly: %u", direct);
    table[1].Flags |= RTL_QUERY_REGISTRY_REQUIRED;
    ok_status(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, path, table, NULL, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, KEY_PATH L"\\Nothing", table, NULL, NULL),
              STATUS_OBJECT_NAME_NOT_FOUND);

    /* The unnamed value. */
    SetValue(key, L"", REG_BINARY, "\x01\x02\x03", 3);
    length = sizeof(data);
    ok_status(RtlpNtQueryValueKey(key, &type, data, &length, NULL), STATUS_SUCCESS);
    ok(type == REG_BINARY && length == 3 && data[2] == 3, "the unnamed value: type %u, %u bytes", type, length);
    ok_status(RtlpNtQueryValueKey(NULL, NULL, NULL, NULL, NULL), STATUS_INVALID_HANDLE);

    NtDeleteKey(sub);
    NtClose(sub);
    NtDeleteKey(key);
    NtClose(key);
}

void RunTests(void)
{
    TestRoots();
    TestQueries();
}
