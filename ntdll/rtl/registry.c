/* The registry as the runtime library offers it: keys named relative to the well-known roots (RtlCheckRegistryKey,
 * RtlCreateRegistryKey), the query tables of RtlQueryRegistryValues, and a key's unnamed value. */
#include "rtl/rtlp.h"

/* The roots RelativeTo names (RTL_REGISTRY_ABSOLUTE has none; RTL_REGISTRY_USER is the current user's key). */
static const WCHAR *const RtlpRegistryRoots[] = {
    NULL,
    L"\\Registry\\Machine\\System\\CurrentControlSet\\Services",
    L"\\Registry\\Machine\\System\\CurrentControlSet\\Control",
    L"\\Registry\\Machine\\Software\\Microsoft\\Windows NT\\CurrentVersion",
    L"\\Registry\\Machine\\Hardware\\DeviceMap",
    NULL,
};

/* The key RelativeTo and Path name, opened (or created); with RTL_REGISTRY_HANDLE, Path is an open key, which
 * *owned says the caller must not close. */
static NTSTATUS RtlpOpenRegistryKey(ULONG relative_to, PCWSTR path, BOOLEAN create, ACCESS_MASK access, HANDLE *key,
                                    BOOLEAN *owned)
{
    ULONG root = relative_to & ~(ULONG)(RTL_REGISTRY_OPTIONAL | RTL_REGISTRY_HANDLE);
    UNICODE_STRING name = {0, 0, NULL}, user = {0, 0, NULL};
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    const WCHAR *prefix;
    SIZE_T units;
    NTSTATUS status;

    *owned = FALSE;
    if (relative_to & RTL_REGISTRY_HANDLE) {
        *key = (HANDLE)path;
        return STATUS_SUCCESS;
    }
    if (root > RTL_REGISTRY_USER)
        return STATUS_INVALID_PARAMETER;
    if (root == RTL_REGISTRY_ABSOLUTE && (!path || !*path))
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    if (root == RTL_REGISTRY_USER && (status = RtlFormatCurrentUserKeyPath(&user)))
        return status;
    prefix = root == RTL_REGISTRY_USER ? user.Buffer : RtlpRegistryRoots[root];
    units = (prefix ? wcslen(prefix) + 1 : 0) + (path ? wcslen(path) : 0) + 1;
    if (units * sizeof(WCHAR) > 0xfffe) {
        RtlFreeUnicodeString(&user);
        return STATUS_NAME_TOO_LONG;
    }
    name.MaximumLength = (USHORT)(units * sizeof(WCHAR));
    if (!(name.Buffer = RtlAllocateHeap(RtlpHeap(), 0, name.MaximumLength))) {
        RtlFreeUnicodeString(&user);
        return STATUS_NO_MEMORY;
    }
    if (prefix)
        RtlAppendUnicodeToString(&name, prefix);
    if (prefix && path && *path && *path != '\\')
        RtlAppendUnicodeToString(&name, L"\\");
    if (path)
        RtlAppendUnicodeToString(&name, path);
    status = create ? NtCreateKey(key, access, &oa, 0, NULL, 0, NULL) : NtOpenKey(key, access, &oa);
    RtlFreeUnicodeString(&name);
    RtlFreeUnicodeString(&user);
    *owned = !status;
    return status;
}

/* Whether a key can be opened (or created), closing it again. */
static NTSTATUS RtlpTouchRegistryKey(ULONG relative_to, PCWSTR path, BOOLEAN create)
{
    BOOLEAN owned;
    HANDLE key;
    NTSTATUS status = RtlpOpenRegistryKey(relative_to, path, create, create ? KEY_ALL_ACCESS : KEY_QUERY_VALUE, &key,
                                          &owned);

    if (owned)
        NtClose(key);
    return status;
}

NTSTATUS NTAPI RtlCheckRegistryKey(ULONG RelativeTo, PWSTR Path)
{
    return RtlpTouchRegistryKey(RelativeTo, Path, FALSE);
}

NTSTATUS NTAPI RtlCreateRegistryKey(ULONG RelativeTo, PWSTR Path)
{
    return RtlpTouchRegistryKey(RelativeTo, Path, TRUE);
}

/* A key's unnamed value: its type, its data where there is room for it, and its length. */
NTSTATUS NTAPI RtlpNtQueryValueKey(HANDLE KeyHandle, PULONG Type, PBYTE Data, PULONG DataLength, PVOID Unused)
{
    UNICODE_STRING unnamed = {0, 0, NULL};
    ULONG room = Data && DataLength ? *DataLength : 0, size = sizeof(KEY_VALUE_PARTIAL_INFORMATION) + room, got;
    KEY_VALUE_PARTIAL_INFORMATION *info = RtlAllocateHeap(RtlpHeap(), 0, size);
    NTSTATUS status;

    if (!info)
        return STATUS_NO_MEMORY;
    status = NtQueryValueKey(KeyHandle, &unnamed, KeyValuePartialInformation, info, size, &got);
    if (!status || status == STATUS_BUFFER_OVERFLOW) {
        if (Type)
            *Type = info->Type;
        if (!status && Data)
            memcpy(Data, info->Data, info->DataLength);
        if (DataLength)
            *DataLength = info->DataLength;
    }
    RtlFreeHeap(RtlpHeap(), 0, info);
    return status;
}

/* A value stored where a direct entry says: strings into its UNICODE_STRING (allocated when it has no buffer), data
 * of up to a ULONG in place, longer data into a buffer whose first LONG is minus its size. */
static NTSTATUS RtlpStoreDirect(const RTL_QUERY_REGISTRY_TABLE *entry, ULONG type, const void *data, ULONG length)
{
    if (type == REG_SZ || type == REG_EXPAND_SZ || type == REG_MULTI_SZ) {
        UNICODE_STRING *string = entry->EntryContext;
        if (!string->Buffer) {
            if (!(string->Buffer = RtlAllocateHeap(RtlpHeap(), 0, length ? length : sizeof(WCHAR))))
                return STATUS_NO_MEMORY;
            string->MaximumLength = (USHORT)(length ? length : sizeof(WCHAR));
        } else if (length > string->MaximumLength) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        memcpy(string->Buffer, data, length);
        string->Length = (USHORT)(length >= sizeof(WCHAR) && !((const WCHAR *)data)[length / sizeof(WCHAR) - 1]
                                      ? length - sizeof(WCHAR) : length);
        return STATUS_SUCCESS;
    }
    if (length > sizeof(ULONG)) {
        LONG room = *(const LONG *)entry->EntryContext;
        if (room >= 0 || (ULONG)-room < length)
            return STATUS_BUFFER_TOO_SMALL;
    }
    memcpy(entry->EntryContext, data, length);
    return STATUS_SUCCESS;
}

/* One value handed to an entry: stored for a direct one, else to its routine; an expandable string expanded and a
 * list of strings one at a time, both as REG_SZ, unless the entry says not to. */
static NTSTATUS RtlpDeliverValue(const RTL_QUERY_REGISTRY_TABLE *entry, PCWSTR name, ULONG type, PVOID data,
                                 ULONG length, PVOID context, PVOID environment)
{
    BOOLEAN expand = !(entry->Flags & RTL_QUERY_REGISTRY_NOEXPAND);
    NTSTATUS status;

    if (expand && type == REG_EXPAND_SZ && length >= sizeof(WCHAR)) {
        UNICODE_STRING source = {(USHORT)(wcsnlen(data, length / sizeof(WCHAR)) * sizeof(WCHAR)), (USHORT)length, data},
                       expanded = {0, 0, NULL};
        ULONG needed = 0;
        RtlExpandEnvironmentStrings_U(environment, &source, &expanded, &needed);
        if (!needed || needed > 0xfffe || !(expanded.Buffer = RtlAllocateHeap(RtlpHeap(), 0, needed)))
            return STATUS_NO_MEMORY;
        expanded.MaximumLength = (USHORT)needed;
        if (!(status = RtlExpandEnvironmentStrings_U(environment, &source, &expanded, &needed)))
            status = RtlpDeliverValue(entry, name, REG_SZ, expanded.Buffer, expanded.Length + sizeof(WCHAR), context,
                                      environment);
        RtlFreeHeap(RtlpHeap(), 0, expanded.Buffer);
        return status;
    }
    if (entry->Flags & RTL_QUERY_REGISTRY_DIRECT)
        return RtlpStoreDirect(entry, type, data, length);
    if (expand && type == REG_MULTI_SZ) {
        for (WCHAR *s = data; (char *)s < (char *)data + length && *s; s += wcslen(s) + 1)
            if ((status = entry->QueryRoutine(name, REG_SZ, s, (ULONG)(wcslen(s) + 1) * sizeof(WCHAR), context,
                                              entry->EntryContext)))
                return status;
        return STATUS_SUCCESS;
    }
    return entry->QueryRoutine(name, type, data, length, context, entry->EntryContext);
}

/* An entry's default, when its value is missing and it names a type: strings' lengths counted when not given. */
static NTSTATUS RtlpDeliverDefault(const RTL_QUERY_REGISTRY_TABLE *entry, PVOID context, PVOID environment)
{
    ULONG length = entry->DefaultLength;
    const WCHAR *s = entry->DefaultData;

    if (!length && s && (entry->DefaultType == REG_SZ || entry->DefaultType == REG_EXPAND_SZ))
        length = (ULONG)(wcslen(s) + 1) * sizeof(WCHAR);
    else if (!length && s && entry->DefaultType == REG_MULTI_SZ) {
        while (*s)
            s += wcslen(s) + 1;
        length = (ULONG)((s - (const WCHAR *)entry->DefaultData + 1) * sizeof(WCHAR));
    }
    return RtlpDeliverValue(entry, entry->Name, entry->DefaultType, entry->DefaultData, length, context, environment);
}

/* Every value of a key, in order, to the entry. */
static NTSTATUS RtlpDeliverAllValues(HANDLE key, const RTL_QUERY_REGISTRY_TABLE *entry, PVOID context,
                                     PVOID environment, ULONG *count)
{
    ULONG size = 0x1000, got;
    KEY_VALUE_FULL_INFORMATION *info = RtlAllocateHeap(RtlpHeap(), 0, size);
    NTSTATUS status = STATUS_SUCCESS;

    for (ULONG i = 0; info && !status; i++) {
        status = NtEnumerateValueKey(key, i, KeyValueFullInformation, info, size, &got);
        if (status == STATUS_BUFFER_OVERFLOW || status == STATUS_BUFFER_TOO_SMALL) {
            RtlFreeHeap(RtlpHeap(), 0, info);
            size = got;
            info = RtlAllocateHeap(RtlpHeap(), 0, size);
            i--;
            status = STATUS_SUCCESS;
            continue;
        }
        if (status)
            break;
        /* The routine gets the name terminated. */
        WCHAR *name = RtlAllocateHeap(RtlpHeap(), 0, info->NameLength + sizeof(WCHAR));
        if (!name) {
            status = STATUS_NO_MEMORY;
            break;
        }
        memcpy(name, info->Name, info->NameLength);
        name[info->NameLength / sizeof(WCHAR)] = 0;
        (*count)++;
        status = RtlpDeliverValue(entry, name, info->Type, (char *)info + info->DataOffset, info->DataLength, context,
                                  environment);
        RtlFreeHeap(RtlpHeap(), 0, name);
    }
    if (info)
        RtlFreeHeap(RtlpHeap(), 0, info);
    if (!info)
        return STATUS_NO_MEMORY;
    return status == STATUS_NO_MORE_ENTRIES ? STATUS_SUCCESS : status;
}

/* One named value to the entry: its default, or nothing, when it is missing (STATUS_OBJECT_NAME_NOT_FOUND if it is
 * required); deleted afterwards when asked. */
static NTSTATUS RtlpDeliverNamedValue(HANDLE key, const RTL_QUERY_REGISTRY_TABLE *entry, PVOID context,
                                      PVOID environment)
{
    UNICODE_STRING name;
    ULONG size = 0x1000, got;
    KEY_VALUE_PARTIAL_INFORMATION *info = NULL;
    NTSTATUS status;

    RtlInitUnicodeString(&name, entry->Name);
    do {
        if (info)
            RtlFreeHeap(RtlpHeap(), 0, info);
        if (!(info = RtlAllocateHeap(RtlpHeap(), 0, size)))
            return STATUS_NO_MEMORY;
        status = NtQueryValueKey(key, &name, KeyValuePartialInformation, info, size, &got);
        size = got;
    } while (status == STATUS_BUFFER_OVERFLOW || status == STATUS_BUFFER_TOO_SMALL);
    if (!status) {
        status = RtlpDeliverValue(entry, entry->Name, info->Type, info->Data, info->DataLength, context, environment);
        if (!status && entry->Flags & RTL_QUERY_REGISTRY_DELETE)
            status = NtDeleteValueKey(key, &name);
    } else if (status == STATUS_OBJECT_NAME_NOT_FOUND && !(entry->Flags & RTL_QUERY_REGISTRY_REQUIRED)) {
        status = entry->DefaultType != REG_NONE ? RtlpDeliverDefault(entry, context, environment) : STATUS_SUCCESS;
    }
    RtlFreeHeap(RtlpHeap(), 0, info);
    return status;
}

NTSTATUS NTAPI RtlQueryRegistryValues(ULONG RelativeTo, PCWSTR Path, PRTL_QUERY_REGISTRY_TABLE QueryTable,
                                      PVOID Context, PVOID Environment)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    HANDLE top, current;
    BOOLEAN owned;
    NTSTATUS status = RtlpOpenRegistryKey(RelativeTo, Path, FALSE, KEY_READ | KEY_SET_VALUE, &top, &owned);

    if (status == STATUS_ACCESS_DENIED)
        status = RtlpOpenRegistryKey(RelativeTo, Path, FALSE, KEY_READ, &top, &owned);
    if (status)
        return status;
    current = top;
    for (PRTL_QUERY_REGISTRY_TABLE entry = QueryTable; !status && (entry->QueryRoutine || entry->Name); entry++) {
        ULONG count = 0;
        if (entry->Flags & (RTL_QUERY_REGISTRY_TOPKEY | RTL_QUERY_REGISTRY_SUBKEY)) {
            if (current != top)
                NtClose(current);
            current = top;
            if (entry->Flags & RTL_QUERY_REGISTRY_SUBKEY && entry->Name) {
                RtlInitUnicodeString(&name, entry->Name);
                oa.RootDirectory = top;
                if ((status = NtOpenKey(&current, KEY_READ | KEY_SET_VALUE, &oa)) == STATUS_ACCESS_DENIED)
                    status = NtOpenKey(&current, KEY_READ, &oa);
                if (status)
                    current = top;
            }
            if (!entry->QueryRoutine)
                continue;
        }
        if (entry->Flags & RTL_QUERY_REGISTRY_NOVALUE)
            status = entry->QueryRoutine(entry->Name, REG_NONE, NULL, 0, Context, entry->EntryContext);
        else if (!entry->Name || entry->Flags & RTL_QUERY_REGISTRY_SUBKEY) {
            status = RtlpDeliverAllValues(current, entry, Context, Environment, &count);
            if (!status && !count && entry->Flags & RTL_QUERY_REGISTRY_REQUIRED)
                status = STATUS_OBJECT_NAME_NOT_FOUND;
        } else
            status = RtlpDeliverNamedValue(current, entry, Context, Environment);
    }
    if (current != top)
        NtClose(current);
    if (owned)
        NtClose(top);
    return status;
}
