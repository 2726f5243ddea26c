/* The registry's key and value services: names and where they lead, links, values of every shape and the
 * buffer rules of their queries, enumeration order, deletion, renaming, notification, and the statuses of
 * every kind of bad input. */
#include "lib/nttest.h"

#define TEST_KEY L"\\Registry\\Machine\\Software\\VelesTest"

static OBJECT_ATTRIBUTES Attributes(UNICODE_STRING *name, const WCHAR *text, HANDLE root, ULONG flags)
{
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .RootDirectory = root, .ObjectName = name, .Attributes = flags};

    RtlInitUnicodeString(name, text);
    return oa;
}

static NTSTATUS Create(HANDLE *key, HANDLE root, const WCHAR *name, ULONG options, ULONG *disposition)
{
    UNICODE_STRING s;
    OBJECT_ATTRIBUTES oa = Attributes(&s, name, root, 0);

    return NtCreateKey(key, KEY_ALL_ACCESS, &oa, 0, NULL, options, disposition);
}

static NTSTATUS Open(HANDLE *key, HANDLE root, const WCHAR *name, ULONG flags, ACCESS_MASK access)
{
    UNICODE_STRING s;
    OBJECT_ATTRIBUTES oa = Attributes(&s, name, root, flags);

    return NtOpenKey(key, access, &oa);
}

static NTSTATUS SetValue(HANDLE key, const WCHAR *name, ULONG type, const void *data, ULONG size)
{
    UNICODE_STRING s;

    RtlInitUnicodeString(&s, name);
    return NtSetValueKey(key, &s, 0, type, (PVOID)data, size);
}

static NTSTATUS QueryValue(HANDLE key, const WCHAR *name, KEY_VALUE_INFORMATION_CLASS cls, void *buffer, ULONG length,
                           ULONG *result)
{
    UNICODE_STRING s;

    RtlInitUnicodeString(&s, name);
    return NtQueryValueKey(key, &s, cls, buffer, length, result);
}

static ULONG QueryDword(HANDLE key, const WCHAR *name)
{
    union {
        KEY_VALUE_PARTIAL_INFORMATION info;
        UCHAR bytes[64];
    } u;
    ULONG length;

    if (QueryValue(key, name, KeyValuePartialInformation, &u, sizeof(u), &length) || u.info.DataLength != 4)
        return 0xdeadbeef;
    return *(ULONG *)u.info.Data;
}

static void TestNames(void)
{
    HANDLE key = (HANDLE)0x1234;
    UNICODE_STRING s;
    OBJECT_ATTRIBUTES oa;

    ok_status(NtOpenKey(NULL, KEY_READ, NULL), STATUS_ACCESS_VIOLATION);
    ok_status(NtOpenKey(&key, KEY_READ, NULL), STATUS_ACCESS_VIOLATION);
    oa = Attributes(&s, L"\\Registry\\Machine", NULL, 0);
    ok_status(NtOpenKey(NULL, KEY_READ, &oa), STATUS_ACCESS_VIOLATION);
    oa.Length *= 2;
    ok_status(NtOpenKey(&key, KEY_READ, &oa), STATUS_INVALID_PARAMETER);
    oa.Length = sizeof(oa);
    key = (HANDLE)0x1234;
    ok_status(NtOpenKey(&key, 0, &oa), STATUS_ACCESS_DENIED);
    ok(!key, "a failed open clears the handle: %p", key);

    ok_status(Open(&key, NULL, L"Machine", 0, KEY_READ), STATUS_OBJECT_PATH_SYNTAX_BAD);
    ok_status(Open(&key, NULL, L"", 0, KEY_READ), STATUS_OBJECT_PATH_SYNTAX_BAD);
    ok_status(Open(&key, NULL, L"\\", 0, KEY_READ), STATUS_OBJECT_TYPE_MISMATCH);
    ok_status(Open(&key, NULL, L"\\\\\\", 0, KEY_READ), STATUS_OBJECT_NAME_INVALID);
    ok_status(Open(&key, NULL, L"\\Foobar", 0, KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(Open(&key, NULL, L"\\Foobar\\Machine", 0, KEY_READ), STATUS_OBJECT_PATH_NOT_FOUND);
    ok_status(Open(&key, NULL, L"\\Device\\Null", 0, KEY_READ), STATUS_OBJECT_TYPE_MISMATCH);
    ok_status(Open(&key, NULL, L"\\Registry\\Machine\\NoSuchKey\\Below", 0, KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
    /* Registry names are matched without regard to case, with or without OBJ_CASE_INSENSITIVE. */
    ok_status(Open(&key, NULL, L"\\Registry", 0, KEY_READ), STATUS_SUCCESS);
    NtClose(key);
    ok_status(Open(&key, NULL, L"\\REGISTRY\\MACHINE\\software\\MICROSOFT", 0, KEY_READ), STATUS_SUCCESS);
    NtClose(key);
    ok_status(Open(&key, NULL, L"\\Registry\\\\", OBJ_CASE_INSENSITIVE, KEY_READ), STATUS_SUCCESS);
    NtClose(key);
    ok_status(Open(&key, NULL, L"\\Registry\\Machine\\\\Software\\\\", 0, KEY_READ), STATUS_SUCCESS);
    NtClose(key);
    ok_status(Open(&key, (HANDLE)0xdeadbee0, L"x", 0, KEY_READ), STATUS_INVALID_HANDLE);
}

static void TestCreate(HANDLE root)
{
    HANDLE key, sub, again;
    ULONG disposition = 0;
    UNICODE_STRING s, cls;
    OBJECT_ATTRIBUTES oa;
    WCHAR long_name[300];

    ok_status(Create(&key, root, L"test\\sub\\key", 0, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(Create(&key, root, L"test\\\\subkey", 0, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(Create(&key, root, L"\\x", 0, NULL), STATUS_OBJECT_PATH_SYNTAX_BAD);
    ok_status(Create(&key, root, L"sub\\", 0, &disposition), STATUS_SUCCESS);
    ok(disposition == REG_CREATED_NEW_KEY, "a new key: %u", disposition);
    ok_status(Create(&again, root, L"SUB", 0, &disposition), STATUS_SUCCESS);
    ok(disposition == REG_OPENED_EXISTING_KEY, "an existing key: %u", disposition);
    ok_status(Create(&sub, key, L"deeper\\\\", 0, NULL), STATUS_SUCCESS);
    ok_status(NtDeleteKey(key), STATUS_CANNOT_DELETE);
    ok_status(NtDeleteKey(sub), STATUS_SUCCESS);
    ok_status(NtDeleteKey(key), STATUS_SUCCESS);
    ok_status(NtDeleteKey(again), STATUS_SUCCESS); /* already gone */
    NtClose(sub);
    NtClose(key);
    NtClose(again);

    /* Names: one component at most 256 characters (Wine's om test records Windows so); options are checked;
     * above the hives nothing is made. */
    for (int i = 0; i < 257; i++)
        long_name[i] = 'a';
    long_name[257] = 0;
    ok_status(Create(&key, root, long_name, 0, NULL), STATUS_INVALID_PARAMETER);
    long_name[256] = 0;
    ok_status(Create(&key, root, long_name, 0, NULL), STATUS_SUCCESS);
    NtDeleteKey(key);
    NtClose(key);
    ok_status(Create(&key, root, L"opts", 0x100, NULL), STATUS_INVALID_PARAMETER);
    {
        /* A NUL is part of a key name as any character (Wine's om test records Windows so): "nul" is another key,
         * and the name comes back whole. */
        UNICODE_STRING name = {.Buffer = (PWSTR)L"nul\0name\0", .Length = 18, .MaximumLength = 18};
        OBJECT_ATTRIBUTES nul = {.Length = sizeof(nul), .RootDirectory = root, .ObjectName = &name};
        union {
            KEY_BASIC_INFORMATION info;
            UCHAR bytes[128];
        } u;
        ULONG length;
        ok_status(NtCreateKey(&key, KEY_ALL_ACCESS, &nul, 0, NULL, 0, &disposition), STATUS_SUCCESS);
        ok(disposition == REG_CREATED_NEW_KEY, "a new key: %u", disposition);
        ok_status(Open(&again, root, L"nul", 0, KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
        ok_status(NtCreateKey(&again, KEY_READ, &nul, 0, NULL, 0, &disposition), STATUS_SUCCESS);
        ok(disposition == REG_OPENED_EXISTING_KEY, "the same key: %u", disposition);
        ok_status(NtQueryKey(again, KeyBasicInformation, &u, sizeof(u), &length), STATUS_SUCCESS);
        ok(u.info.NameLength == 18 && !memcmp(u.info.Name, L"nul\0name\0", 18), "the name with its NULs (%u bytes)",
           u.info.NameLength);
        NtClose(again);
        ok_status(NtDeleteKey(key), STATUS_SUCCESS);
        NtClose(key);
    }
    ok_status(Create(&key, root, L"line\nbreak", 0, NULL), STATUS_SUCCESS);
    NtDeleteKey(key);
    NtClose(key);
    ok_status(Create(&key, root, L"line break", 0, NULL), STATUS_SUCCESS);
    ok_status(SetValue(key, L"with\nbreak", REG_DWORD, &(ULONG){1}, 4), STATUS_SUCCESS);
    ok(QueryDword(key, L"with\nbreak") == 1, "line breaks in names");
    ok_status(NtDeleteKey(key), STATUS_SUCCESS);
    NtClose(key);
    ok_status(Create(&key, NULL, L"\\Registry\\NewTopLevel", 0, NULL), STATUS_ACCESS_DENIED);
    ok_status(Create(&key, NULL, L"\\Registry\\Machine", 0, &disposition), STATUS_SUCCESS);
    ok(disposition == REG_OPENED_EXISTING_KEY, "\\Registry\\Machine exists");
    ok_status(NtDeleteKey(key), STATUS_ACCESS_DENIED);
    NtClose(key);

    /* Volatile keys: their children must be volatile too. */
    ok_status(Create(&key, root, L"volatile", REG_OPTION_VOLATILE, NULL), STATUS_SUCCESS);
    ok_status(Create(&sub, key, L"stable", 0, NULL), STATUS_CHILD_MUST_BE_VOLATILE);
    ok_status(Create(&sub, key, L"fleeting", REG_OPTION_VOLATILE, NULL), STATUS_SUCCESS);
    NtDeleteKey(sub);
    NtClose(sub);
    NtDeleteKey(key);
    NtClose(key);

    /* A class is kept and reported. */
    RtlInitUnicodeString(&cls, L"MyClass");
    oa = Attributes(&s, L"classy", root, 0);
    ok_status(NtCreateKey(&key, KEY_ALL_ACCESS, &oa, 0, &cls, 0, NULL), STATUS_SUCCESS);
    {
        union {
            KEY_FULL_INFORMATION info;
            UCHAR bytes[256];
        } u;
        ULONG length;
        ok_status(NtQueryKey(key, KeyFullInformation, &u, sizeof(u), &length), STATUS_SUCCESS);
        ok(u.info.ClassLength == 14 && u.info.ClassOffset == 44 && !memcmp(u.info.Class, L"MyClass", 14),
           "class %u at %u", u.info.ClassLength, u.info.ClassOffset);
        ok(length == 44 + 14, "full information is %u bytes", length);
    }
    NtDeleteKey(key);
    NtClose(key);

    /* Rights of the handle. */
    ok_status(Open(&key, root, L"", 0, KEY_QUERY_VALUE), STATUS_SUCCESS);
    ok_status(SetValue(key, L"x", REG_DWORD, &disposition, 4), STATUS_ACCESS_DENIED);
    ok_status(NtDeleteKey(key), STATUS_ACCESS_DENIED);
    ok_status(Create(&sub, key, L"child", 0, NULL), STATUS_SUCCESS); /* the key's security decides, not the handle */
    NtDeleteKey(sub);
    NtClose(sub);
    NtClose(key);
}

static void TestValues(HANDLE key)
{
    static const WCHAR string[] = L"Some Text";
    ULONG dword = 711, length, expected;
    union {
        KEY_VALUE_BASIC_INFORMATION basic;
        KEY_VALUE_FULL_INFORMATION full;
        KEY_VALUE_PARTIAL_INFORMATION partial;
        KEY_VALUE_PARTIAL_INFORMATION_ALIGN64 partial64;
        UCHAR bytes[256];
    } u;
    UNICODE_STRING s;
    WCHAR long_name[16385];

    ok_status(SetValue(key, L"deletetest", REG_DWORD, &dword, 4), STATUS_SUCCESS);
    ok_status(SetValue(key, L"stringtest", REG_SZ, string, sizeof(string)), STATUS_SUCCESS);

    length = 0;
    ok_status(QueryValue(key, L"deletetest", KeyValueBasicInformation, &u, 12, &length), STATUS_BUFFER_OVERFLOW);
    ok(u.basic.Type == REG_DWORD && u.basic.NameLength == 20 && length == 32, "basic header: %u %u %u",
       u.basic.Type, u.basic.NameLength, length);
    ok_status(QueryValue(key, L"DeleteTest", KeyValueBasicInformation, &u, length, &length), STATUS_SUCCESS);
    ok(!memcmp(u.basic.Name, L"deletetest", 20), "the stored name comes back, not the one asked for");
    ok_status(QueryValue(key, L"deletetest", KeyValuePartialInformation, &u, 12, &length), STATUS_BUFFER_OVERFLOW);
    ok(u.partial.DataLength == 4 && length == 16, "partial header: %u %u", u.partial.DataLength, length);
    ok_status(QueryValue(key, L"deletetest", KeyValuePartialInformation, &u, 16, &length), STATUS_SUCCESS);
    ok(*(ULONG *)u.partial.Data == 711, "the data");
    ok_status(QueryValue(key, L"deletetest", KeyValueFullInformation, &u, 20, &length), STATUS_BUFFER_OVERFLOW);
    ok(length == 20 + 20 + 4 && u.full.DataLength == 4 && u.full.NameLength == 20, "full: %u", length);
    ok_status(QueryValue(key, L"deletetest", KeyValueFullInformation, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(u.full.DataOffset == 40 && *(ULONG *)(u.bytes + u.full.DataOffset) == 711, "full data at %u",
       u.full.DataOffset);
    ok_status(QueryValue(key, L"deletetest", KeyValuePartialInformationAlign64, &u, sizeof(u), &length),
              STATUS_SUCCESS);
    ok(length == 12 && u.partial64.DataLength == 4 && *(ULONG *)u.partial64.Data == 711, "align64: %u", length);

    ok_status(QueryValue(key, L"stringtest", KeyValuePartialInformation, NULL, 0, &expected), STATUS_BUFFER_TOO_SMALL);
    ok(expected == 12 + sizeof(string), "needed %u", expected);
    ok_status(QueryValue(key, L"stringtest", KeyValuePartialInformation, &u, 11, &length), STATUS_BUFFER_TOO_SMALL);
    ok(length == expected, "too small still tells %u", length);
    ok_status(QueryValue(key, L"stringtest", KeyValuePartialInformation, &u, 12, &length), STATUS_BUFFER_OVERFLOW);
    memset(&u, 0xbd, sizeof(u));
    ok_status(QueryValue(key, L"stringtest", KeyValuePartialInformation, &u, expected, &length), STATUS_SUCCESS);
    ok(!memcmp(u.partial.Data, string, sizeof(string)) && u.bytes[expected] == 0xbd, "exactly the string");
    ok_status(QueryValue(key, L"stringtest", KeyValuePartialInformation, (void *)8, expected, &length),
              STATUS_ACCESS_VIOLATION);
    ok_status(QueryValue(key, L"stringtest", KeyValuePartialInformation, &u, sizeof(u), NULL),
              STATUS_ACCESS_VIOLATION);
    ok_status(QueryValue(key, L"stringtest", 99, &u, sizeof(u), &length), STATUS_INVALID_PARAMETER);
    ok_status(QueryValue(key, L"missing", KeyValuePartialInformation, &u, sizeof(u), &length),
              STATUS_OBJECT_NAME_NOT_FOUND);

    /* Any type, empty data, the default value, replacing keeps the place. */
    ok_status(SetValue(key, L"custom", 0xff00ff00, NULL, 0), STATUS_SUCCESS);
    ok_status(QueryValue(key, L"custom", KeyValuePartialInformation, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(u.partial.Type == 0xff00ff00 && !u.partial.DataLength, "custom type, no data");
    ok_status(SetValue(key, L"", REG_SZ, L"def", 8), STATUS_SUCCESS);
    ok_status(SetValue(key, L"deletetest", REG_DWORD, &(ULONG){5}, 4), STATUS_SUCCESS);
    ok(QueryDword(key, L"deletetest") == 5, "replaced");
    ok_status(SetValue(key, L"bad", REG_BINARY, (void *)8, 4), STATUS_ACCESS_VIOLATION);
    ok_status(NtSetValueKey(key, NULL, 0, REG_DWORD, &dword, 4), STATUS_ACCESS_VIOLATION);
    ok_status(NtSetValueKey((HANDLE)0xdeadbee0, NULL, 0, REG_DWORD, &dword, 4), STATUS_INVALID_HANDLE);

    /* Enumeration: in the order values were first set. */
    ok_status(NtEnumerateValueKey(key, 0, KeyValueBasicInformation, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(u.basic.NameLength == 20 && !memcmp(u.basic.Name, L"deletetest", 20), "first value");
    ok_status(NtEnumerateValueKey(key, 3, KeyValueBasicInformation, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(u.basic.NameLength == 0, "the default value is the fourth");
    ok_status(NtEnumerateValueKey(key, 4, KeyValueBasicInformation, &u, sizeof(u), &length), STATUS_NO_MORE_ENTRIES);

    /* Several at once. */
    {
        UNICODE_STRING n1, n2, n3;
        KEY_VALUE_ENTRY entries[2] = {{.ValueName = &n1}, {.ValueName = &n2}};
        UCHAR buffer[64];
        ULONG size = sizeof(buffer), required = 0;
        RtlInitUnicodeString(&n1, L"stringtest");
        RtlInitUnicodeString(&n2, L"deletetest");
        ok_status(NtQueryMultipleValueKey(key, entries, 2, buffer, &size, &required), STATUS_SUCCESS);
        ok(required == 24 && size == 24 && entries[0].DataOffset == 0 && entries[1].DataOffset == 20 &&
               entries[1].Type == REG_DWORD && *(ULONG *)(buffer + 20) == 5,
           "multiple: %u %u %u", required, entries[1].DataOffset, entries[1].Type);
        size = 8;
        ok_status(NtQueryMultipleValueKey(key, entries, 2, buffer, &size, &required), STATUS_BUFFER_OVERFLOW);
        ok(required == 24, "required %u", required);
        RtlInitUnicodeString(&n3, L"missing");
        entries[1].ValueName = &n3;
        size = sizeof(buffer);
        ok_status(NtQueryMultipleValueKey(key, entries, 2, buffer, &size, &required), STATUS_OBJECT_NAME_NOT_FOUND);
        ok_status(NtQueryMultipleValueKey(key, (KEY_VALUE_ENTRY *)8, 2, buffer, &size, &required),
                  STATUS_ACCESS_VIOLATION);
        ok_status(NtQueryMultipleValueKey(key, entries, 2, buffer, NULL, &required), STATUS_ACCESS_VIOLATION);
        ok_status(NtQueryMultipleValueKey((HANDLE)0xdeadbee0, entries, 2, buffer, &size, &required),
                  STATUS_INVALID_HANDLE);
    }

    /* Long names. */
    for (int i = 0; i < 16384; i++)
        long_name[i] = 'v';
    long_name[16384] = 0;
    ok_status(SetValue(key, long_name, REG_DWORD, &dword, 4), STATUS_INVALID_PARAMETER);
    ok_status(QueryValue(key, long_name, KeyValueBasicInformation, &u, sizeof(u), &length),
              STATUS_OBJECT_NAME_NOT_FOUND);
    RtlInitUnicodeString(&s, long_name);
    ok_status(NtDeleteValueKey(key, &s), STATUS_OBJECT_NAME_NOT_FOUND);
    long_name[16383] = 0;
    ok_status(SetValue(key, long_name, REG_DWORD, &dword, 4), STATUS_SUCCESS);
    RtlInitUnicodeString(&s, long_name);
    ok_status(NtDeleteValueKey(key, &s), STATUS_SUCCESS);

    RtlInitUnicodeString(&s, L"custom");
    ok_status(NtDeleteValueKey(key, &s), STATUS_SUCCESS);
    ok_status(NtDeleteValueKey(key, &s), STATUS_OBJECT_NAME_NOT_FOUND);
}

static void TestQueryKey(HANDLE root)
{
    HANDLE key, a, b, c;
    union {
        KEY_BASIC_INFORMATION basic;
        KEY_NODE_INFORMATION node;
        KEY_FULL_INFORMATION full;
        KEY_NAME_INFORMATION name;
        KEY_CACHED_INFORMATION cached;
        UCHAR bytes[512];
    } u;
    ULONG length;
    LARGE_INTEGER time = {.QuadPart = 123456789};

    ok_status(Create(&key, root, L"enum", 0, NULL), STATUS_SUCCESS);
    ok_status(Create(&c, key, L"Charlie", 0, NULL), STATUS_SUCCESS);
    ok_status(Create(&a, key, L"alpha", 0, NULL), STATUS_SUCCESS);
    ok_status(Create(&b, key, L"Bravo", 0, NULL), STATUS_SUCCESS);
    ok_status(SetValue(key, L"v", REG_BINARY, "12345678", 8), STATUS_SUCCESS);
    ok_status(NtEnumerateKey(key, 0, KeyBasicInformation, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(u.basic.NameLength == 10 && !memcmp(u.basic.Name, L"alpha", 10), "keys are listed in order of name");
    ok_status(NtEnumerateKey(key, 1, KeyNodeInformation, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(u.node.NameLength == 10 && !memcmp(u.node.Name, L"Bravo", 10) && u.node.ClassOffset == 0xffffffff,
       "second, without class");
    ok_status(NtEnumerateKey(key, 2, KeyBasicInformation, &u, 16, &length), STATUS_BUFFER_OVERFLOW);
    ok(length == 16 + 14, "overflow tells the size: %u", length);
    ok_status(NtEnumerateKey(key, 2, KeyBasicInformation, &u, 15, &length), STATUS_BUFFER_TOO_SMALL);
    ok_status(NtEnumerateKey(key, 3, KeyBasicInformation, &u, sizeof(u), &length), STATUS_NO_MORE_ENTRIES);
    ok_status(NtQueryKey(key, KeyFullInformation, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(u.full.SubKeys == 3 && u.full.Values == 1 && u.full.MaxNameLen == 14 && u.full.MaxValueNameLen == 2 &&
           u.full.MaxValueDataLen == 8,
       "full: %u subkeys %u values, max %u %u %u", u.full.SubKeys, u.full.Values, u.full.MaxNameLen,
       u.full.MaxValueNameLen, u.full.MaxValueDataLen);
    ok_status(NtQueryKey(key, KeyCachedInformation, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(length == 40 && u.cached.SubKeys == 3 && u.cached.NameLength == 8, "cached");
    ok_status(NtQueryKey(a, KeyNameInformation, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(u.name.NameLength == sizeof(L"\\REGISTRY\\MACHINE\\SOFTWARE\\VelesTest\\enum\\alpha") - 2 &&
           !memcmp(u.name.Name, L"\\REGISTRY\\MACHINE\\SOFTWARE\\VelesTest\\enum\\alpha", u.name.NameLength),
       "the full name: %.*S", (int)(u.name.NameLength / 2), u.name.Name);
    ok_status(NtQueryKey(key, KeyBasicInformation, &u, sizeof(u), NULL), STATUS_ACCESS_VIOLATION);
    ok_status(NtQueryKey(key, 42, &u, sizeof(u), &length), STATUS_INVALID_PARAMETER);
    {
        union {
            UNICODE_STRING name;
            UCHAR bytes[512];
        } name;
        ok_status(NtQueryObject(a, ObjectNameInformation, &name, sizeof(name), &length), STATUS_SUCCESS);
        ok(name.name.Length == u.name.NameLength && !memcmp(name.name.Buffer, u.name.Name, u.name.NameLength),
           "the object's name is the key's: %S", name.name.Buffer);
    }

    /* The last write time can be set. */
    ok_status(NtSetInformationKey(a, KeyWriteTimeInformation, &time, sizeof(time)), STATUS_SUCCESS);
    ok_status(NtSetInformationKey(a, KeyWriteTimeInformation, &time, 4), STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQueryKey(a, KeyBasicInformation, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(u.basic.LastWriteTime.QuadPart == 123456789, "the time set");

    /* Renaming keeps the order and refuses taken names and paths. */
    {
        UNICODE_STRING name;
        RtlInitUnicodeString(&name, L"delta");
        ok_status(NtRenameKey(a, &name), STATUS_SUCCESS);
        ok_status(NtEnumerateKey(key, 2, KeyBasicInformation, &u, sizeof(u), &length), STATUS_SUCCESS);
        ok(u.basic.NameLength == 10 && !memcmp(u.basic.Name, L"delta", 10), "renamed, now last");
        RtlInitUnicodeString(&name, L"BRAVO");
        ok_status(NtRenameKey(a, &name), STATUS_CANNOT_DELETE);
        RtlInitUnicodeString(&name, L"Delta"); /* its own name is taken too */
        ok_status(NtRenameKey(a, &name), STATUS_CANNOT_DELETE);
        ok_status(NtRenameKey((HANDLE)0x1234, NULL), STATUS_ACCESS_VIOLATION);
        ok_status(NtRenameKey((HANDLE)0x1234, &name), STATUS_INVALID_HANDLE);
        RtlInitUnicodeString(&name, L"a\\b");
        ok_status(NtRenameKey(a, &name), STATUS_INVALID_PARAMETER);
        RtlInitUnicodeString(&name, L"");
        ok_status(NtRenameKey(a, &name), STATUS_INVALID_PARAMETER);
    }

    /* A deleted key: everything but closing and deleting again says so. */
    ok_status(NtDeleteKey(a), STATUS_SUCCESS);
    ok_status(NtQueryKey(a, KeyNameInformation, &u, sizeof(u), &length), STATUS_KEY_DELETED);
    ok_status(NtEnumerateKey(a, 0, KeyFullInformation, &u, sizeof(u), &length), STATUS_KEY_DELETED);
    ok_status(QueryValue(a, L"value", KeyValueBasicInformation, &u, sizeof(u), &length), STATUS_KEY_DELETED);
    ok_status(NtEnumerateValueKey(a, 0, KeyValuePartialInformation, &u, sizeof(u), &length), STATUS_KEY_DELETED);
    ok_status(SetValue(a, L"value", REG_SZ, L"x", 4), STATUS_KEY_DELETED);
    ok_status(NtDeleteKey(a), STATUS_SUCCESS);
    ok_status(Open(&c, a, L"sub", 0, KEY_READ), STATUS_KEY_DELETED);
    ok_status(NtQueryObject(a, ObjectNameInformation, &u, sizeof(u), &length), STATUS_KEY_DELETED);
    ok_status(NtClose(a), STATUS_SUCCESS);

    NtDeleteKey(b);
    NtClose(b);
    NtClose(c);
    ok_status(Open(&c, key, L"charlie", 0, DELETE), STATUS_SUCCESS);
    NtDeleteKey(c);
    NtClose(c);
    NtDeleteKey(key);
    NtClose(key);
}

static void TestLinks(HANDLE root)
{
    static const WCHAR target[] = TEST_KEY L"\\target";
    HANDLE link, key;
    union {
        KEY_VALUE_PARTIAL_INFORMATION info;
        UCHAR bytes[512];
    } u;
    ULONG length;

    ok_status(Create(&link, root, L"link", REG_OPTION_CREATE_LINK, NULL), STATUS_SUCCESS);
    ok_status(SetValue(link, L"SymbolicLinkValue", REG_SZ, target, sizeof(target) - 2), STATUS_ACCESS_DENIED);
    ok_status(SetValue(link, L"other", REG_LINK, target, sizeof(target) - 2), STATUS_ACCESS_DENIED);
    ok_status(SetValue(link, L"SymbolicLinkValue", REG_LINK, target, sizeof(target) - 2), STATUS_SUCCESS);
    key = (HANDLE)1;
    ok_status(Open(&key, root, L"link", 0, KEY_ALL_ACCESS), STATUS_OBJECT_NAME_NOT_FOUND);
    ok(!key, "no handle");

    ok_status(Create(&key, root, L"target", 0, NULL), STATUS_SUCCESS);
    ok_status(SetValue(key, L"value", REG_DWORD, &(ULONG){0xbeef}, 4), STATUS_SUCCESS);
    NtClose(key);
    ok_status(Open(&key, root, L"link", 0, KEY_ALL_ACCESS), STATUS_SUCCESS);
    ok(QueryDword(key, L"value") == 0xbeef, "the target's value through the link");
    ok_status(QueryValue(key, L"SymbolicLinkValue", KeyValuePartialInformation, &u, sizeof(u), &length),
              STATUS_OBJECT_NAME_NOT_FOUND);
    NtClose(key);
    ok_status(Open(&key, root, L"link", OBJ_OPENLINK, KEY_ALL_ACCESS), STATUS_SUCCESS);
    ok_status(QueryValue(key, L"SymbolicLinkValue", KeyValuePartialInformation, &u, sizeof(u), &length),
              STATUS_SUCCESS);
    ok(length == 12 + sizeof(target) - 2 && u.info.Type == REG_LINK, "the link itself: %u", length);
    NtClose(key);

    /* A missing target is created through the link. */
    ok_status(Open(&key, root, L"target", 0, DELETE), STATUS_SUCCESS);
    ok_status(NtDeleteKey(key), STATUS_SUCCESS);
    NtClose(key);
    ok_status(Open(&key, root, L"link", 0, KEY_ALL_ACCESS), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(Create(&key, root, L"link", 0, NULL), STATUS_SUCCESS);
    NtClose(key);
    ok_status(Open(&key, root, L"target", OBJ_OPENLINK, KEY_ALL_ACCESS), STATUS_SUCCESS);
    NtDeleteKey(key);
    NtClose(key);
    ok_status(NtDeleteKey(link), STATUS_SUCCESS);
    NtClose(link);

    /* A link that leads nowhere (no value yet, or a target outside the registry) opens nothing and creates nothing
     * through it. */
    ok_status(Create(&link, root, L"nowhere", REG_OPTION_CREATE_LINK, NULL), STATUS_SUCCESS);
    ok_status(Create(&key, root, L"nowhere", 0, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(SetValue(link, L"SymbolicLinkValue", REG_LINK, L"\\Elsewhere\\x", 22), STATUS_SUCCESS);
    ok_status(Create(&key, root, L"nowhere", 0, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(Open(&key, root, L"nowhere", 0, KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(NtDeleteKey(link), STATUS_SUCCESS);
    NtClose(link);

    /* CurrentControlSet is one. */
    ok_status(Open(&key, NULL, L"\\Registry\\Machine\\System\\CurrentControlSet\\Control\\Nls\\CodePage", 0,
                   KEY_READ),
              STATUS_SUCCESS);
    ok_status(QueryValue(key, L"ACP", KeyValuePartialInformation, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(u.info.Type == REG_SZ && !memcmp(u.info.Data, L"1252", 10), "ACP through CurrentControlSet");
    NtClose(key);

    /* So is Software\Wow6432Node\Classes, the 32-bit view's classes kept under Classes\Wow6432Node; both views
     * have COM's interfaces, IUnknown first of them. */
    ok_status(Open(&key, NULL, L"\\Registry\\Machine\\Software\\Wow6432Node\\Classes\\Interface\\"
                   L"{00000000-0000-0000-C000-000000000046}", 0, KEY_READ),
              STATUS_SUCCESS);
    ok_status(QueryValue(key, L"", KeyValuePartialInformation, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(u.info.Type == REG_SZ && !memcmp(u.info.Data, L"IUnknown", 18), "IUnknown through the link");
    NtClose(key);
    ok_status(Open(&key, NULL, L"\\Registry\\Machine\\Software\\Wow6432Node\\Classes", OBJ_OPENLINK, KEY_READ),
              STATUS_SUCCESS);
    ok_status(QueryValue(key, L"SymbolicLinkValue", KeyValuePartialInformation, &u, sizeof(u), &length),
              STATUS_SUCCESS);
    ok(u.info.Type == REG_LINK && u.info.DataLength == 92 &&
           !memcmp(u.info.Data, L"\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\Wow6432Node", 92),
       "the link's target: %u bytes", (unsigned)u.info.DataLength);
    NtClose(key);
    ok_status(Open(&key, NULL, L"\\Registry\\Machine\\Software\\Classes\\Interface\\"
                   L"{00000000-0000-0000-C000-000000000046}", 0, KEY_READ),
              STATUS_SUCCESS);
    NtClose(key);
}

static void TestNotify(HANDLE root)
{
    HANDLE key, key2, sub, events[3];
    IO_STATUS_BLOCK iosb = {0}, iosb2 = {0};
    LARGE_INTEGER zero = {.QuadPart = 0};

    for (int i = 0; i < 3; i++)
        ok_status(NtCreateEvent(&events[i], EVENT_ALL_ACCESS, NULL, NotificationEvent, TRUE), STATUS_SUCCESS);
    ok_status(Open(&key, root, L"", 0, KEY_ALL_ACCESS), STATUS_SUCCESS);
    ok_status(Open(&key2, root, L"", 0, KEY_ALL_ACCESS), STATUS_SUCCESS);
    ok_status(NtNotifyChangeKey(key, events[0], NULL, NULL, &iosb, REG_NOTIFY_CHANGE_NAME, FALSE, NULL, 0, TRUE),
              STATUS_PENDING);
    ok_status(NtNotifyChangeKey(key2, events[1], NULL, NULL, &iosb2, 0, FALSE, NULL, 0, TRUE), STATUS_PENDING);
    ok_status(NtNotifyChangeKey(key, events[2], NULL, NULL, &iosb, 0x100, FALSE, NULL, 0, TRUE),
              STATUS_INVALID_PARAMETER);
    ok_status(NtNotifyChangeKey((HANDLE)0xdeadbee0, events[2], NULL, NULL, &iosb, REG_NOTIFY_CHANGE_NAME, FALSE, NULL,
                                0, TRUE),
              STATUS_INVALID_HANDLE);
    ok_status(NtNotifyChangeKey(events[2], events[2], NULL, NULL, &iosb, REG_NOTIFY_CHANGE_NAME, FALSE, NULL, 0, TRUE),
              STATUS_OBJECT_TYPE_MISMATCH);
    ok_status(NtNotifyChangeKey(key, events[2], NULL, NULL, (IO_STATUS_BLOCK *)8, REG_NOTIFY_CHANGE_NAME, FALSE, NULL,
                                0, TRUE),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtNotifyChangeKey(key, key, NULL, NULL, &iosb, REG_NOTIFY_CHANGE_NAME, FALSE, NULL, 0, TRUE),
              STATUS_OBJECT_TYPE_MISMATCH); /* the event handle is not an event */
    ok_status(NtWaitForSingleObject(events[0], FALSE, &zero), STATUS_TIMEOUT);
    ok_status(SetValue(key, L"n", REG_DWORD, &(ULONG){1}, 4), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(events[0], FALSE, &zero), STATUS_TIMEOUT); /* not a name change */
    ok_status(Create(&sub, key, L"notified", 0, NULL), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(events[0], FALSE, &zero), STATUS_SUCCESS);
    ok(iosb.Status == STATUS_NOTIFY_ENUM_DIR, "completed: %x", (unsigned)iosb.Status);
    ok_status(NtWaitForSingleObject(events[1], FALSE, &zero), STATUS_TIMEOUT); /* its filter is empty */

    /* Watching the subtree: a change below reaches it. */
    ok_status(NtResetEvent(events[0], NULL), STATUS_SUCCESS);
    ok_status(NtNotifyChangeKey(key, events[0], NULL, NULL, &iosb, REG_NOTIFY_CHANGE_LAST_SET, TRUE, NULL, 0, TRUE),
              STATUS_PENDING);
    ok_status(SetValue(sub, L"deep", REG_DWORD, &(ULONG){1}, 4), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(events[0], FALSE, &zero), STATUS_TIMEOUT); /* the block keeps its first scope */
    ok_status(SetValue(key, L"n", REG_DWORD, &(ULONG){2}, 4), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(events[0], FALSE, &zero), STATUS_TIMEOUT); /* and its first filter */
    ok_status(NtDeleteKey(sub), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(events[0], FALSE, &zero), STATUS_SUCCESS);
    NtClose(sub);

    /* Closing the handle completes what is pending on it. */
    ok_status(NtNotifyChangeKey(key, events[0], NULL, NULL, &iosb, REG_NOTIFY_CHANGE_NAME, FALSE, NULL, 0, TRUE),
              STATUS_PENDING);
    NtClose(key);
    ok_status(NtWaitForSingleObject(events[0], FALSE, &zero), STATUS_SUCCESS);
    ok(iosb.Status == STATUS_NOTIFY_CLEANUP, "cleanup: %x", (unsigned)iosb.Status);
    NtClose(key2);
    ok_status(NtWaitForSingleObject(events[1], FALSE, &zero), STATUS_SUCCESS);
    for (int i = 0; i < 3; i++)
        NtClose(events[i]);
}

static ULONG NotifyApcCalls;
static IO_STATUS_BLOCK *NotifyApcIosb;

static void NTAPI NotifyApc(PVOID context, PIO_STATUS_BLOCK iosb, ULONG reserved)
{
    (void)reserved;
    if (context == &NotifyApcCalls)
        NotifyApcCalls++;
    NotifyApcIosb = iosb;
}

/* Asynchronous requests with an APC or with nothing to signal, and a subordinate key. */
static void TestNotifyAsync(HANDLE root)
{
    HANDLE key, a, b, event;
    IO_STATUS_BLOCK iosb = {.Status = 0x1234};
    OBJECT_ATTRIBUTES sub_attr[2], missing_attr;
    UNICODE_STRING name, missing;
    LARGE_INTEGER zero = {.QuadPart = 0};

    ok_status(Create(&a, root, L"WatchedA", 0, NULL), STATUS_SUCCESS);
    ok_status(Create(&b, root, L"WatchedB", 0, NULL), STATUS_SUCCESS);

    /* An APC runs in the thread that asked, once it waits alertably. */
    ok_status(NtNotifyChangeKey(a, NULL, (PIO_APC_ROUTINE)NotifyApc, &NotifyApcCalls, &iosb, REG_NOTIFY_CHANGE_NAME,
                                FALSE, NULL, 0, TRUE),
              STATUS_PENDING);
    ok_status(Create(&key, a, L"one", REG_OPTION_VOLATILE, NULL), STATUS_SUCCESS);
    ok(NotifyApcCalls == 0, "no APC before an alertable wait");
    ok_status(NtDelayExecution(TRUE, &zero), STATUS_USER_APC);
    ok(NotifyApcCalls == 1 && NotifyApcIosb == &iosb && iosb.Status == STATUS_NOTIFY_ENUM_DIR,
       "the APC ran once with the request's status block: %u %x", NotifyApcCalls, (unsigned)iosb.Status);
    NtDeleteKey(key);
    NtClose(key);

    /* Nothing to signal: the status block alone tells. */
    iosb.Status = 0x1234;
    ok_status(NtNotifyChangeKey(a, NULL, NULL, NULL, &iosb, REG_NOTIFY_CHANGE_NAME, FALSE, NULL, 0, TRUE),
              STATUS_PENDING);
    ok(iosb.Status == 0x1234, "not completed yet: %x", (unsigned)iosb.Status);
    ok_status(Create(&key, a, L"two", REG_OPTION_VOLATILE, NULL), STATUS_SUCCESS);
    ok(iosb.Status == STATUS_NOTIFY_ENUM_DIR, "completed in the status block: %x", (unsigned)iosb.Status);
    NtDeleteKey(key);
    NtClose(key);
    NtClose(a);

    /* A subordinate key: a change of either completes the request. */
    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
    ok_status(Open(&a, root, L"WatchedA", 0, KEY_ALL_ACCESS), STATUS_SUCCESS);
    sub_attr[0] = sub_attr[1] = Attributes(&name, L"WatchedB", root, 0);
    ok_status(NtNotifyChangeMultipleKeys(a, 2, sub_attr, event, NULL, NULL, &iosb, REG_NOTIFY_CHANGE_NAME, FALSE,
                                         NULL, 0, TRUE),
              STATUS_INVALID_PARAMETER);
    missing_attr = Attributes(&missing, L"NoSuchKey", root, 0);
    ok_status(NtNotifyChangeMultipleKeys(a, 1, &missing_attr, event, NULL, NULL, &iosb, REG_NOTIFY_CHANGE_NAME, FALSE,
                                         NULL, 0, TRUE),
              STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(NtNotifyChangeMultipleKeys(a, 1, (OBJECT_ATTRIBUTES *)8, event, NULL, NULL, &iosb,
                                         REG_NOTIFY_CHANGE_NAME, FALSE, NULL, 0, TRUE),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtNotifyChangeMultipleKeys(a, 1, sub_attr, event, NULL, NULL, &iosb, REG_NOTIFY_CHANGE_NAME, FALSE,
                                         NULL, 0, TRUE),
              STATUS_PENDING);
    ok_status(NtWaitForSingleObject(event, FALSE, &zero), STATUS_TIMEOUT);
    ok_status(Create(&key, b, L"below b", REG_OPTION_VOLATILE, NULL), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(event, FALSE, &zero), STATUS_SUCCESS);
    ok(iosb.Status == STATUS_NOTIFY_ENUM_DIR, "the subordinate's change: %x", (unsigned)iosb.Status);
    NtDeleteKey(key);
    NtClose(key);
    /* The block keeps its subordinate for later requests, and the master's own changes still count. */
    ok_status(NtNotifyChangeKey(a, event, NULL, NULL, &iosb, REG_NOTIFY_CHANGE_NAME, FALSE, NULL, 0, TRUE),
              STATUS_PENDING);
    ok_status(Create(&key, b, L"again", REG_OPTION_VOLATILE, NULL), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(event, FALSE, &zero), STATUS_SUCCESS);
    NtDeleteKey(key);
    NtClose(key);
    ok_status(NtNotifyChangeKey(a, event, NULL, NULL, &iosb, REG_NOTIFY_CHANGE_NAME, FALSE, NULL, 0, TRUE),
              STATUS_PENDING);
    ok_status(Create(&key, a, L"in a", REG_OPTION_VOLATILE, NULL), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(event, FALSE, &zero), STATUS_SUCCESS);
    NtDeleteKey(key);
    NtClose(key);
    /* Closing the master lets the subordinate go: b's changes complete nothing more, and b can be deleted. */
    ok_status(NtNotifyChangeKey(a, event, NULL, NULL, &iosb, REG_NOTIFY_CHANGE_NAME, FALSE, NULL, 0, TRUE),
              STATUS_PENDING);
    NtClose(a);
    ok(iosb.Status == STATUS_NOTIFY_CLEANUP, "cleanup: %x", (unsigned)iosb.Status);
    ok_status(NtDeleteKey(b), STATUS_SUCCESS);
    NtClose(b);
    ok_status(Open(&a, root, L"WatchedA", 0, DELETE), STATUS_SUCCESS);
    ok_status(NtDeleteKey(a), STATUS_SUCCESS);
    NtClose(a);
    NtClose(event);
}

/* The loader reads a program's options from its key under Image File Execution Options. */
static void TestExecutionOptions(void)
{
    HANDLE key;
    UNICODE_STRING program;
    ULONG value = 0, length = 0;

    RtlInitUnicodeString(&program, L"C:\\apps\\VelesTool.exe");
    ok_status(LdrQueryImageFileExecutionOptions(&program, L"GlobalFlag", REG_DWORD, &value, sizeof(value), &length),
              STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(Create(&key, NULL,
                     L"\\Registry\\Machine\\Software\\Microsoft\\Windows NT\\CurrentVersion\\"
                     L"Image File Execution Options\\velestool.exe",
                     0, NULL),
              STATUS_SUCCESS);
    ok_status(SetValue(key, L"GlobalFlag", REG_DWORD, &(ULONG){0x70}, 4), STATUS_SUCCESS);
    ok_status(LdrQueryImageFileExecutionOptions(&program, L"GlobalFlag", REG_DWORD, &value, sizeof(value), &length),
              STATUS_SUCCESS);
    ok(value == 0x70 && length == 4, "the option: %x (%u bytes)", value, length);
    NtDeleteKey(key);
    NtClose(key);
}

static HANDLE OpenFile(const WCHAR *path, ACCESS_MASK access, ULONG disposition)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = Attributes(&name, path, NULL, OBJ_CASE_INSENSITIVE);
    IO_STATUS_BLOCK iosb;
    HANDLE file = NULL;

    NtCreateFile(&file, access | SYNCHRONIZE, &oa, &iosb, NULL, 0, FILE_SHARE_READ | FILE_SHARE_WRITE, disposition,
                 FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, NULL, 0);
    return file;
}

/* A subtree saved to a file comes back over whatever the key holds then; a file that does not read changes
 * nothing. */
static void TestSaveRestore(HANDLE root)
{
    static const WCHAR path[] = L"\\??\\C:\\windows\\temp\\veles-saved.reg";
    HANDLE key, sub, file, other;
    union {
        KEY_FULL_INFORMATION info;
        UCHAR bytes[256];
    } u;
    ULONG length;
    IO_STATUS_BLOCK iosb;
    BOOLEAN was;

    ok_status(Create(&key, root, L"saved", 0, NULL), STATUS_SUCCESS);
    ok_status(SetValue(key, L"kept", REG_DWORD, &(ULONG){7}, 4), STATUS_SUCCESS);
    ok_status(Create(&sub, key, L"Child", 0, NULL), STATUS_SUCCESS);
    ok_status(SetValue(sub, L"deep", REG_SZ, L"x", 4), STATUS_SUCCESS);
    NtClose(sub);
    file = OpenFile(path, FILE_GENERIC_WRITE | FILE_GENERIC_READ, FILE_OVERWRITE_IF);
    ok(file != NULL, "the file");
    /* Saving takes SeBackupPrivilege enabled, restoring SeRestorePrivilege: held, not enabled at first. */
    ok_status(NtSaveKey(key, file), STATUS_PRIVILEGE_NOT_HELD);
    ok_status(NtRestoreKey(key, file, 0), STATUS_PRIVILEGE_NOT_HELD);
    ok_status(RtlAdjustPrivilege(SE_BACKUP_PRIVILEGE, TRUE, FALSE, &was), STATUS_SUCCESS);
    ok_status(RtlAdjustPrivilege(SE_RESTORE_PRIVILEGE, TRUE, FALSE, &was), STATUS_SUCCESS);
    ok_status(NtSaveKeyEx(key, file, 3), STATUS_INVALID_PARAMETER);
    ok_status(NtSaveKeyEx(key, file, REG_LATEST_FORMAT), STATUS_SUCCESS);
    ok_status(NtSaveKey(key, file), STATUS_SUCCESS);
    ok_status(NtSaveKey(key, (HANDLE)0xdeadbee0), STATUS_INVALID_HANDLE);
    ok_status(NtSaveKey((HANDLE)0xdeadbee0, file), STATUS_INVALID_HANDLE);
    ok_status(NtSaveKey(file, file), STATUS_OBJECT_TYPE_MISMATCH);

    ok_status(SetValue(key, L"kept", REG_DWORD, &(ULONG){8}, 4), STATUS_SUCCESS);
    ok_status(SetValue(key, L"later", REG_DWORD, &(ULONG){9}, 4), STATUS_SUCCESS);
    ok_status(Create(&sub, key, L"Later", 0, NULL), STATUS_SUCCESS);
    NtClose(sub);
    ok_status(Open(&sub, key, L"child", 0, KEY_ALL_ACCESS), STATUS_SUCCESS);
    ok_status(NtDeleteKey(sub), STATUS_SUCCESS);
    NtClose(sub);

    ok_status(NtRestoreKey(key, file, 0), STATUS_SUCCESS);
    ok(QueryDword(key, L"kept") == 7, "the saved value is back");
    ok(QueryDword(key, L"later") == 0xdeadbeef, "a value set since is gone");
    ok_status(NtQueryKey(key, KeyFullInformation, &u, sizeof(u), &length), STATUS_SUCCESS);
    ok(u.info.SubKeys == 1 && u.info.Values == 1, "%u subkeys and %u values", u.info.SubKeys, u.info.Values);
    ok_status(Open(&sub, key, L"Child", 0, KEY_READ), STATUS_SUCCESS);
    ok_status(QueryValue(sub, L"deep", KeyValuePartialInformation, &u, sizeof(u), &length), STATUS_SUCCESS);
    NtClose(sub);
    ok_status(NtRestoreKey(key, file, 0x100), STATUS_INVALID_PARAMETER);
    ok_status(NtRestoreKey(key, (HANDLE)0xdeadbee0, 0), STATUS_INVALID_HANDLE);
    ok_status(NtRestoreKey((HANDLE)0xdeadbee0, file, 0), STATUS_INVALID_HANDLE);
    NtClose(file);

    /* Restored somewhere else, a subtree lands under that key. */
    ok_status(Create(&other, root, L"elsewhere", 0, NULL), STATUS_SUCCESS);
    file = OpenFile(path, FILE_GENERIC_READ, FILE_OPEN);
    ok_status(NtRestoreKey(other, file, 0), STATUS_SUCCESS);
    ok(QueryDword(other, L"kept") == 7, "restored under another key");
    NtClose(file);

    /* A file that is not a saved key: the key stays as it was. */
    file = OpenFile(path, FILE_GENERIC_WRITE | FILE_GENERIC_READ, FILE_OVERWRITE_IF);
    ok_status(NtWriteFile(file, NULL, NULL, NULL, &iosb, "garbage\n[x]\nzz", 15, NULL, NULL), STATUS_SUCCESS);
    ok_status(NtRestoreKey(key, file, 0), STATUS_REGISTRY_CORRUPT);
    ok(QueryDword(key, L"kept") == 7, "untouched");
    NtClose(file);
    file = OpenFile(path, FILE_GENERIC_READ, FILE_OPEN);
    ok_status(NtSaveKey(key, file), STATUS_ACCESS_DENIED); /* not opened for writing */
    NtClose(file);

    for (HANDLE k = key; k; k = k == key ? other : NULL) {
        ok_status(Open(&sub, k, L"Child", 0, DELETE), STATUS_SUCCESS);
        NtDeleteKey(sub);
        NtClose(sub);
        NtDeleteKey(k);
        NtClose(k);
    }
}

static NTSTATUS LoadKey(const WCHAR *target, const WCHAR *file, ULONG flags)
{
    UNICODE_STRING key_name, file_name;
    OBJECT_ATTRIBUTES key_oa = Attributes(&key_name, target, NULL, 0);
    OBJECT_ATTRIBUTES file_oa = Attributes(&file_name, file, NULL, OBJ_CASE_INSENSITIVE);

    return NtLoadKey2(&key_oa, &file_oa, flags);
}

static NTSTATUS UnloadKey(const WCHAR *target, ULONG flags)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = Attributes(&name, target, NULL, 0);

    return NtUnloadKey2(&oa, flags);
}

/* A saved key loaded as a hive of its own below \Registry\Machine: its keys are there until it is unloaded,
 * which an open handle prevents (unless forced), and what changed in it goes back to its file. */
static void TestLoadUnload(HANDLE root)
{
    static const WCHAR file_path[] = L"\\??\\C:\\windows\\temp\\veles-hive.reg";
    static const WCHAR garbage_path[] = L"\\??\\C:\\windows\\temp\\veles-garbage.reg";
    static const WCHAR target[] = L"\\Registry\\Machine\\VelesHive";
    HANDLE source, sub, file, key, machine, event;
    IO_STATUS_BLOCK iosb;
    LARGE_INTEGER zero = {.QuadPart = 0};
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    BOOLEAN was;

    ok_status(Create(&source, root, L"hive source", 0, NULL), STATUS_SUCCESS);
    ok_status(SetValue(source, L"v", REG_DWORD, &(ULONG){5}, 4), STATUS_SUCCESS);
    ok_status(Create(&sub, source, L"Sub", 0, NULL), STATUS_SUCCESS);
    ok_status(SetValue(sub, L"w", REG_DWORD, &(ULONG){6}, 4), STATUS_SUCCESS);
    file = OpenFile(file_path, FILE_GENERIC_WRITE | FILE_GENERIC_READ, FILE_OVERWRITE_IF);
    ok_status(NtSaveKey(source, file), STATUS_SUCCESS);
    NtClose(file);
    NtDeleteKey(sub);
    NtClose(sub);
    NtDeleteKey(source);
    NtClose(source);
    file = OpenFile(garbage_path, FILE_GENERIC_WRITE | FILE_GENERIC_READ, FILE_OVERWRITE_IF);
    ok_status(NtWriteFile(file, NULL, NULL, NULL, &iosb, "no hive\n", 8, NULL, NULL), STATUS_SUCCESS);
    NtClose(file);

    ok_status(RtlAdjustPrivilege(SE_RESTORE_PRIVILEGE, FALSE, FALSE, &was), STATUS_SUCCESS);
    ok_status(LoadKey(target, file_path, 0), STATUS_PRIVILEGE_NOT_HELD);
    ok_status(UnloadKey(target, 0), STATUS_PRIVILEGE_NOT_HELD);
    ok_status(RtlAdjustPrivilege(SE_RESTORE_PRIVILEGE, TRUE, FALSE, &was), STATUS_SUCCESS);

    /* Loading tells whoever watches \Registry\Machine's names. */
    ok_status(Open(&machine, NULL, L"\\Registry\\Machine", 0, KEY_NOTIFY), STATUS_SUCCESS);
    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
    ok_status(NtNotifyChangeKey(machine, event, NULL, NULL, &iosb, REG_NOTIFY_CHANGE_NAME, FALSE, NULL, 0, TRUE),
              STATUS_PENDING);
    ok_status(LoadKey(target, file_path, 0), STATUS_SUCCESS);
    ok_status(NtWaitForSingleObject(event, FALSE, &zero), STATUS_SUCCESS);
    NtClose(machine);
    NtClose(event);
    ok_status(Open(&key, NULL, target, 0, KEY_ALL_ACCESS), STATUS_SUCCESS);
    ok(QueryDword(key, L"v") == 5, "the hive's value");
    ok_status(Open(&sub, key, L"Sub", 0, KEY_READ), STATUS_SUCCESS);
    ok(QueryDword(sub, L"w") == 6, "and its subkey's");
    NtClose(sub);

    ok_status(LoadKey(target, file_path, 0), STATUS_OBJECT_NAME_COLLISION);
    ok_status(LoadKey(L"\\Registry\\Machine\\Software\\VelesHive", file_path, 0), STATUS_INVALID_PARAMETER);
    ok_status(LoadKey(L"\\Registry\\Machine\\VelesOther", L"\\??\\C:\\windows\\temp\\no-such-hive", 0),
              STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(LoadKey(L"\\Registry\\Machine\\VelesOther", garbage_path, 0), STATUS_NOT_REGISTRY_FILE);
    ok_status(Open(&sub, NULL, L"\\Registry\\Machine\\VelesOther", 0, KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(LoadKey(L"\\Registry\\Machine\\VelesOther", file_path, 1), STATUS_INVALID_PARAMETER);
    ok_status(LoadKey(L"\\Registry\\Machine\\VelesOther", file_path, REG_APP_HIVE), STATUS_NOT_IMPLEMENTED);
    RtlInitUnicodeString(&name, file_path);
    oa = Attributes(&name, file_path, NULL, OBJ_CASE_INSENSITIVE);
    ok_status(NtLoadKey((OBJECT_ATTRIBUTES *)8, &oa), STATUS_ACCESS_VIOLATION);

    /* Changed, flushed, and kept while a handle is open. */
    ok_status(SetValue(key, L"v", REG_DWORD, &(ULONG){7}, 4), STATUS_SUCCESS);
    ok_status(NtFlushKey(key), STATUS_SUCCESS);
    ok_status(UnloadKey(target, 0), STATUS_CANNOT_DELETE);
    ok(QueryDword(key, L"v") == 7, "still loaded");
    ok_status(SetValue(key, L"late", REG_DWORD, &(ULONG){8}, 4), STATUS_SUCCESS);
    NtClose(key);
    ok_status(UnloadKey(target, 2), STATUS_INVALID_PARAMETER);
    ok_status(UnloadKey(target, 0), STATUS_SUCCESS);
    ok_status(Open(&key, NULL, target, 0, KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(UnloadKey(target, 0), STATUS_INVALID_PARAMETER);
    ok_status(UnloadKey(L"\\Registry\\User\\.Default", 0), STATUS_ACCESS_DENIED);
    ok_status(UnloadKey(L"\\Registry\\Machine\\Software", 0), STATUS_INVALID_PARAMETER);

    /* What changed went back to the file: loaded again, it is there. */
    ok_status(LoadKey(target, file_path, 0), STATUS_SUCCESS);
    ok_status(Open(&key, NULL, target, 0, KEY_ALL_ACCESS), STATUS_SUCCESS);
    ok(QueryDword(key, L"v") == 7 && QueryDword(key, L"late") == 8, "the changes were written back");
    /* Forced, the unload leaves open handles on deleted keys. */
    ok_status(UnloadKey(target, REG_FORCE_UNLOAD), STATUS_SUCCESS);
    ok_status(NtFlushKey(key), STATUS_KEY_DELETED);
    ok(QueryDword(key, L"v") == 0xdeadbeef, "nothing to read");
    NtClose(key);
    ok_status(Open(&key, NULL, target, 0, KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);

    /* Below \Registry\User too; NtUnloadKeyEx without an event is NtUnloadKey. */
    ok_status(LoadKey(L"\\Registry\\User\\VelesHive", file_path, 0), STATUS_SUCCESS);
    oa = Attributes(&name, L"\\Registry\\User\\VelesHive", NULL, 0);
    ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
    ok_status(NtUnloadKeyEx(&oa, event), STATUS_NOT_IMPLEMENTED);
    NtClose(event);
    ok_status(NtUnloadKeyEx(&oa, NULL), STATUS_SUCCESS);
    ok_status(RtlAdjustPrivilege(SE_RESTORE_PRIVILEGE, FALSE, FALSE, &was), STATUS_SUCCESS);
    ok_status(RtlAdjustPrivilege(SE_BACKUP_PRIVILEGE, FALSE, FALSE, &was), STATUS_SUCCESS);
}

/* The edition's license values: found by name in any case, their type and size told when the data does not fit. */
static void TestLicenseValues(void)
{
    UNICODE_STRING name, empty = {0};
    WCHAR text[16];
    ULONG type = 0xdead, len = 0xbeef, value = 0;

    RtlInitUnicodeString(&name, L"Kernel-MUI-Language-Allowed");
    ok_status(NtQueryLicenseValue(NULL, &type, text, sizeof(text), &len), STATUS_INVALID_PARAMETER);
    ok_status(NtQueryLicenseValue(&name, &type, text, sizeof(text), NULL), STATUS_INVALID_PARAMETER);
    ok_status(NtQueryLicenseValue(&empty, &type, text, sizeof(text), &len), STATUS_INVALID_PARAMETER);
    ok(type == 0xdead && len == 0xbeef, "nothing written on a refusal");
    ok_status(NtQueryLicenseValue(&name, &type, text, 2, &len), STATUS_BUFFER_TOO_SMALL);
    ok(type == REG_SZ && len == 12, "too small, told the type and size: %u %u", type, len);
    ok_status(NtQueryLicenseValue(&name, NULL, text, sizeof(text), &len), STATUS_SUCCESS);
    ok(len == 12 && TestStrEqualW(text, "EMPTY", 5) && !text[5], "the string");
    RtlInitUnicodeString(&name, L"kernel-mui-number-allowed");
    ok_status(NtQueryLicenseValue(&name, &type, &value, sizeof(value), &len), STATUS_SUCCESS);
    ok(type == REG_DWORD && len == 4 && value == 1000, "a number, its name in any case: %u", value);
    RtlInitUnicodeString(&name, L"Nonexistent-License-Value");
    type = 0xdead;
    ok_status(NtQueryLicenseValue(&name, &type, &value, sizeof(value), &len), STATUS_OBJECT_NAME_NOT_FOUND);
    ok(type == 0xdead, "nothing written for what is not there");
    RtlInitUnicodeString(&name, L"Kernel-MUI-Number-Allowed");
    ok_status(NtQueryLicenseValue(&name, &type, (PVOID)0x10, sizeof(value), &len), STATUS_ACCESS_VIOLATION);
}

void RunTests(void)
{
    TestExecutionOptions();
    TestLicenseValues();
    HANDLE root;
    UNICODE_STRING s;

    TestNames();
    ok_status(Create(&root, NULL, TEST_KEY, 0, NULL), STATUS_SUCCESS);
    TestCreate(root);
    TestValues(root);
    TestQueryKey(root);
    TestLinks(root);
    TestNotify(root);
    TestNotifyAsync(root);
    TestSaveRestore(root);
    TestLoadUnload(root);
    ok_status(NtFlushKey(root), STATUS_SUCCESS);
    ok_status(NtFlushKey(NULL), STATUS_INVALID_HANDLE);
    {
        HANDLE event;
        ULONG length;
        ok_status(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE), STATUS_SUCCESS);
        ok_status(NtDeleteKey(event), STATUS_OBJECT_TYPE_MISMATCH);
        ok_status(NtEnumerateKey(event, 0, KeyBasicInformation, NULL, 0, &length), STATUS_OBJECT_TYPE_MISMATCH);
        BOOLEAN was;
        ok_status(RtlAdjustPrivilege(SE_BACKUP_PRIVILEGE, TRUE, FALSE, &was), STATUS_SUCCESS);
        ok_status(NtSaveKey(root, event), STATUS_OBJECT_TYPE_MISMATCH);
        ok_status(RtlAdjustPrivilege(SE_BACKUP_PRIVILEGE, FALSE, FALSE, &was), STATUS_SUCCESS);
        NtClose(event);
    }
    RtlInitUnicodeString(&s, L"");
    ok_status(NtDeleteValueKey(root, &s), STATUS_SUCCESS);
    for (ULONG i = 0; i < 3; i++) {
        union {
            KEY_VALUE_BASIC_INFORMATION info;
            UCHAR bytes[128];
        } u;
        ULONG length;
        if (NtEnumerateValueKey(root, 0, KeyValueBasicInformation, &u, sizeof(u), &length))
            break;
        s.Buffer = u.info.Name;
        s.Length = s.MaximumLength = (USHORT)u.info.NameLength;
        NtDeleteValueKey(root, &s);
    }
    ok_status(NtDeleteKey(root), STATUS_SUCCESS);
    NtClose(root);
}
