/* Image File Execution Options: settings the registry keeps for a program by its file name, which the loader
 * and kernel32 consult (LdrQueryImageFileExecutionOptions, LdrQueryImageFileKeyOption). */
#include "ldr/ldrp.h"

#define LDRP_IFEO_KEY                                                                                              \
    L"\\Registry\\Machine\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\"

/* One value of an open key, as the type asked for: a REG_SZ value read as a number when REG_DWORD is
 * wanted; otherwise the types must agree. */
NTSTATUS NTAPI LdrQueryImageFileKeyOption(HANDLE Key, PCWSTR ValueName, ULONG Type, PVOID Buffer, ULONG BufferSize,
                                          PULONG ReturnedLength)
{
    union {
        KEY_VALUE_PARTIAL_INFORMATION info;
        UCHAR bytes[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + 512];
    } u;
    UNICODE_STRING name;
    ULONG length = 0;
    NTSTATUS status;

    RtlInitUnicodeString(&name, ValueName);
    if ((status = NtQueryValueKey(Key, &name, KeyValuePartialInformation, &u, sizeof(u), &length)))
        return status;
    if (Type == REG_DWORD && u.info.Type == REG_SZ) {
        UNICODE_STRING text = {(USHORT)(u.info.DataLength & ~1u), (USHORT)(u.info.DataLength & ~1u),
                               (PWSTR)u.info.Data};
        ULONG value = 0;
        while (text.Length && !text.Buffer[text.Length / sizeof(WCHAR) - 1])
            text.Length -= sizeof(WCHAR);
        if ((status = RtlUnicodeStringToInteger(&text, 0, &value)))
            return status;
        if (BufferSize < sizeof(value))
            return STATUS_BUFFER_OVERFLOW;
        *(PULONG)Buffer = value;
        if (ReturnedLength)
            *ReturnedLength = sizeof(value);
        return STATUS_SUCCESS;
    }
    if (u.info.Type != Type)
        return STATUS_OBJECT_TYPE_MISMATCH;
    if (ReturnedLength)
        *ReturnedLength = u.info.DataLength;
    if (BufferSize < u.info.DataLength)
        return STATUS_BUFFER_OVERFLOW;
    memcpy(Buffer, u.info.Data, u.info.DataLength);
    return STATUS_SUCCESS;
}

/* The options of the program SubKey names (a path: its last component counts). */
NTSTATUS NTAPI LdrQueryImageFileExecutionOptions(PUNICODE_STRING SubKey, PCWSTR ValueName, ULONG Type, PVOID Buffer,
                                                 ULONG BufferSize, PULONG ReturnedLength)
{
    static const WCHAR prefix[] = LDRP_IFEO_KEY;
    WCHAR path[sizeof(prefix) / sizeof(WCHAR) + 260];
    UNICODE_STRING key_name = {0, sizeof(path), path};
    OBJECT_ATTRIBUTES attributes = {.Length = sizeof(attributes), .ObjectName = &key_name,
                                    .Attributes = OBJ_CASE_INSENSITIVE};
    UNICODE_STRING base = *SubKey;
    HANDLE key;
    NTSTATUS status;

    for (USHORT i = SubKey->Length / sizeof(WCHAR); i; i--) {
        if (SubKey->Buffer[i - 1] == '\\' || SubKey->Buffer[i - 1] == '/') {
            base.Buffer = SubKey->Buffer + i;
            base.Length = (USHORT)(SubKey->Length - i * sizeof(WCHAR));
            break;
        }
    }
    RtlAppendUnicodeToString(&key_name, prefix);
    if ((status = RtlAppendUnicodeStringToString(&key_name, &base)))
        return status == STATUS_BUFFER_TOO_SMALL ? STATUS_NAME_TOO_LONG : status;
    if ((status = NtOpenKey(&key, KEY_QUERY_VALUE, &attributes)))
        return status;
    status = LdrQueryImageFileKeyOption(key, ValueName, Type, Buffer, BufferSize, ReturnedLength);
    NtClose(key);
    return status;
}
