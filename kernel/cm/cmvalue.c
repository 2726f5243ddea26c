/* The value services: NtSetValueKey, NtQueryValueKey, NtEnumerateValueKey, NtDeleteValueKey,
 * NtQueryMultipleValueKey. */
#include <stdlib.h>
#include <string.h>
#include "cm/cmp.h"
#include "host/host.h"
#include "ke/ke.h"
#include "nt/services.h"
#include "rtl/unicode.h"

#define CMP_MAX_VALUE_DATA (64u << 20)  /* far beyond what Windows programs store, short of exhausting the host */

/* Copy a value name from the caller. Longer than Windows allows is too_long, which each service chooses. */
static NTSTATUS CmpCaptureValueName(const UNICODE_STRING *user_name, NTSTATUS too_long, WCHAR **name, USHORT *len)
{
    UNICODE_STRING string;

    *name = NULL;
    *len = 0;
    if (KeReadUser(&string, user_name))
        return STATUS_ACCESS_VIOLATION;
    if (string.Length & 1)
        return STATUS_INVALID_PARAMETER;
    if (string.Length > CMP_MAX_VALUE_NAME * sizeof(WCHAR))
        return too_long;
    *len = string.Length / sizeof(WCHAR);
    *name = HostAlloc(string.Length + sizeof(WCHAR));
    if (KeCopyFromUser(*name, string.Buffer, string.Length)) {
        free(*name);
        *name = NULL;
        return STATUS_ACCESS_VIOLATION;
    }
    return STATUS_SUCCESS;
}

/* What the value queries return about value, built in the host (the caller frees *data). */
static NTSTATUS CmpValueInformation(const CMP_VALUE *value, KEY_VALUE_INFORMATION_CLASS cls, UCHAR **data,
                                    ULONG *required, ULONG *fixed)
{
    ULONG name_bytes = value->NameLength * sizeof(WCHAR);

    switch (cls) {
    case KeyValueBasicInformation: {
        KEY_VALUE_BASIC_INFORMATION info = {.Type = value->Type, .NameLength = name_bytes};
        *fixed = offsetof(KEY_VALUE_BASIC_INFORMATION, Name);
        *required = *fixed + name_bytes;
        *data = HostZalloc(*required);
        memcpy(*data, &info, *fixed);
        memcpy(*data + *fixed, value->Name, name_bytes);
        return STATUS_SUCCESS;
    }
    case KeyValueFullInformation:
    case KeyValueFullInformationAlign64: {
        ULONG align = cls == KeyValueFullInformation ? sizeof(ULONG) : sizeof(ULONGLONG);
        KEY_VALUE_FULL_INFORMATION info = {.Type = value->Type, .DataLength = value->DataLength,
                                           .NameLength = name_bytes};
        *fixed = offsetof(KEY_VALUE_FULL_INFORMATION, Name);
        info.DataOffset = (*fixed + name_bytes + align - 1) & ~(align - 1);
        *required = info.DataOffset + value->DataLength;
        *data = HostZalloc(*required);
        memcpy(*data, &info, *fixed);
        memcpy(*data + *fixed, value->Name, name_bytes);
        if (value->DataLength)
            memcpy(*data + info.DataOffset, value->Data, value->DataLength);
        return STATUS_SUCCESS;
    }
    case KeyValuePartialInformation: {
        KEY_VALUE_PARTIAL_INFORMATION info = {.Type = value->Type, .DataLength = value->DataLength};
        *fixed = offsetof(KEY_VALUE_PARTIAL_INFORMATION, Data);
        *required = *fixed + value->DataLength;
        *data = HostZalloc(*required);
        memcpy(*data, &info, *fixed);
        if (value->DataLength)
            memcpy(*data + *fixed, value->Data, value->DataLength);
        return STATUS_SUCCESS;
    }
    case KeyValuePartialInformationAlign64: {
        KEY_VALUE_PARTIAL_INFORMATION_ALIGN64 info = {.Type = value->Type, .DataLength = value->DataLength};
        *fixed = offsetof(KEY_VALUE_PARTIAL_INFORMATION_ALIGN64, Data);
        *required = *fixed + value->DataLength;
        *data = HostZalloc(*required);
        memcpy(*data, &info, *fixed);
        if (value->DataLength)
            memcpy(*data + *fixed, value->Data, value->DataLength);
        return STATUS_SUCCESS;
    }
    case KeyValueLayerInformation:
        return KeReportNotImplemented("NtQueryValueKey/NtEnumerateValueKey: KeyValueLayerInformation");
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

NTSTATUS NTAPI NtQueryValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName,
                               KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass, PVOID KeyValueInformation,
                               ULONG Length, PULONG ResultLength)
{
    CMP_KEY_BODY *body;
    const CMP_VALUE *value;
    WCHAR *name;
    USHORT len;
    UCHAR *data = NULL;
    ULONG required = 0, fixed = 0;
    NTSTATUS status;

    if ((status = CmpReferenceKey(KeyHandle, KEY_QUERY_VALUE, &body)))
        return status;
    if ((status = CmpCaptureValueName(ValueName, STATUS_OBJECT_NAME_NOT_FOUND, &name, &len))) {
        ObDereferenceObject(body);
        return status;
    }
    CmpLock();
    if (body->Key->Flags & CMP_KEY_DELETED)
        status = STATUS_KEY_DELETED;
    else if (!(value = CmpFindValue(body->Key, name, len)))
        status = STATUS_OBJECT_NAME_NOT_FOUND;
    else
        status = CmpValueInformation(value, KeyValueInformationClass, &data, &required, &fixed);
    CmpUnlock();
    ObDereferenceObject(body);
    free(name);
    if (!status)
        status = CmpReturnInformation(KeyValueInformation, Length, data, required, fixed, ResultLength);
    free(data);
    return status;
}

NTSTATUS NTAPI NtEnumerateValueKey(HANDLE KeyHandle, ULONG Index,
                                   KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass, PVOID KeyValueInformation,
                                   ULONG Length, PULONG ResultLength)
{
    CMP_KEY_BODY *body;
    UCHAR *data = NULL;
    ULONG required = 0, fixed = 0;
    NTSTATUS status;

    if ((status = CmpReferenceKey(KeyHandle, KEY_QUERY_VALUE, &body)))
        return status;
    CmpLock();
    if (body->Key->Flags & CMP_KEY_DELETED)
        status = STATUS_KEY_DELETED;
    else if (Index >= body->Key->ValueCount)
        status = STATUS_NO_MORE_ENTRIES;
    else
        status = CmpValueInformation(&body->Key->Values[Index], KeyValueInformationClass, &data, &required, &fixed);
    CmpUnlock();
    ObDereferenceObject(body);
    if (!status)
        status = CmpReturnInformation(KeyValueInformation, Length, data, required, fixed, ResultLength);
    free(data);
    return status;
}

/* Log and apply a change of one value of the key a handle names, under the key's checks. */
static NTSTATUS CmpChangeValue(CMP_KEY_BODY *body, CMP_CHANGE *change)
{
    CMP_KEY *key = body->Key;
    NTSTATUS status;

    CmpLock();
    if (!(status = CmpBeginKeyChange(key))) {
        if (change->Kind == CMP_CHANGE_DELETE_VALUE && !CmpFindValue(key, change->Name, change->NameLength)) {
            status = STATUS_OBJECT_NAME_NOT_FOUND;
            CmpAbortChange(key);
        } else if (!(status = CmpEndChange(change)))
            CmpApplyChange(change);
    }
    CmpUnlock();
    return status;
}

NTSTATUS NTAPI NtSetValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName, ULONG TitleIndex, ULONG Type, PVOID Data,
                             ULONG DataSize)
{
    CMP_CHANGE change = {.Kind = CMP_CHANGE_SET_VALUE, .Type = Type, .DataLength = DataSize};
    CMP_KEY_BODY *body;
    WCHAR *name;
    USHORT len;
    void *data = NULL;
    NTSTATUS status;

    (void)TitleIndex;
    if ((status = CmpReferenceKey(KeyHandle, KEY_SET_VALUE, &body)))
        return status;
    if ((status = CmpCaptureValueName(ValueName, STATUS_INVALID_PARAMETER, &name, &len))) {
        ObDereferenceObject(body);
        return status;
    }
    if (DataSize > CMP_MAX_VALUE_DATA)
        status = STATUS_INSUFFICIENT_RESOURCES;
    else if (DataSize && KeCopyFromUser(data = HostAlloc(DataSize), Data, DataSize))
        status = STATUS_ACCESS_VIOLATION;
    else if (body->Key->Flags & CMP_KEY_LINK &&
             (Type != REG_LINK || !RtlpEqualNames(name, len, CmpLinkValueName,
                                                  CMP_LINK_VALUE_LENGTH, TRUE)))
        status = STATUS_ACCESS_DENIED; /* a link key holds its target and nothing else */
    if (!status) {
        change.Key = body->Key;
        change.Name = name;
        change.NameLength = len;
        change.Data = data;
        change.Time = KeQuerySystemTime();
        status = CmpChangeValue(body, &change);
    }
    ObDereferenceObject(body);
    free(name);
    free(data);
    return status;
}

NTSTATUS NTAPI NtDeleteValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName)
{
    CMP_CHANGE change = {.Kind = CMP_CHANGE_DELETE_VALUE};
    CMP_KEY_BODY *body;
    WCHAR *name;
    USHORT len;
    NTSTATUS status;

    if ((status = CmpReferenceKey(KeyHandle, KEY_SET_VALUE, &body)))
        return status;
    if (!(status = CmpCaptureValueName(ValueName, STATUS_OBJECT_NAME_NOT_FOUND, &name, &len))) {
        change.Key = body->Key;
        change.Name = name;
        change.NameLength = len;
        change.Time = KeQuerySystemTime();
        status = CmpChangeValue(body, &change);
        free(name);
    }
    ObDereferenceObject(body);
    return status;
}

/* Each entry's data goes into the buffer at the next ULONG boundary; all of them or STATUS_BUFFER_OVERFLOW. */
NTSTATUS NTAPI NtQueryMultipleValueKey(HANDLE KeyHandle, PKEY_VALUE_ENTRY ValueEntries, ULONG EntryCount,
                                       PVOID ValueBuffer, PULONG BufferLength, PULONG RequiredBufferLength)
{
    CMP_KEY_BODY *body;
    KEY_VALUE_ENTRY *entries = NULL;
    WCHAR **names = NULL;
    USHORT *lengths = NULL;
    UCHAR *out = NULL;
    ULONG length, required = 0;
    NTSTATUS status;

    if ((status = CmpReferenceKey(KeyHandle, KEY_QUERY_VALUE, &body)))
        return status;
    if (KeReadUser(&length, BufferLength)) {
        ObDereferenceObject(body);
        return STATUS_ACCESS_VIOLATION;
    }
    if (EntryCount > 0x10000) {
        ObDereferenceObject(body);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    entries = HostZalloc(EntryCount * sizeof(*entries) + 1);
    names = HostZalloc(EntryCount * sizeof(*names) + 1);
    lengths = HostZalloc(EntryCount * sizeof(*lengths) + 1);
    if (KeCopyFromUser(entries, ValueEntries, EntryCount * sizeof(*entries)))
        status = STATUS_ACCESS_VIOLATION;
    for (ULONG i = 0; !status && i < EntryCount; i++)
        status = CmpCaptureValueName(entries[i].ValueName, STATUS_OBJECT_NAME_NOT_FOUND, &names[i], &lengths[i]);
    if (!status) {
        CmpLock();
        if (body->Key->Flags & CMP_KEY_DELETED)
            status = STATUS_KEY_DELETED;
        for (ULONG i = 0; !status && i < EntryCount; i++) {
            const CMP_VALUE *value = CmpFindValue(body->Key, names[i], lengths[i]);
            if (!value) {
                status = STATUS_OBJECT_NAME_NOT_FOUND;
                break;
            }
            required = (required + sizeof(ULONG) - 1) & ~(ULONG)(sizeof(ULONG) - 1);
            if (required + (ULONGLONG)value->DataLength > 0xffffffffu) {
                status = STATUS_INSUFFICIENT_RESOURCES;
                break;
            }
            entries[i].Type = value->Type;
            entries[i].DataLength = value->DataLength;
            entries[i].DataOffset = required;
            if (required + value->DataLength <= length) {
                out = HostRealloc(out, required + value->DataLength + 1);
                if (value->DataLength)
                    memcpy(out + required, value->Data, value->DataLength);
            }
            required += value->DataLength;
        }
        CmpUnlock();
    }
    ObDereferenceObject(body);
    if (!status) {
        ULONG used = required <= length ? required : 0;
        if (RequiredBufferLength && KeWriteUser(RequiredBufferLength, required))
            status = STATUS_ACCESS_VIOLATION;
        else if (required > length)
            status = STATUS_BUFFER_OVERFLOW;
        else if (KeCopyToUser(ValueBuffer, out, used) || KeWriteUser(BufferLength, used) ||
                 KeCopyToUser(ValueEntries, entries, EntryCount * sizeof(*entries)))
            status = STATUS_ACCESS_VIOLATION;
    }
    for (ULONG i = 0; i < EntryCount; i++)
        free(names[i]);
    free(names);
    free(lengths);
    free(entries);
    free(out);
    return status;
}
