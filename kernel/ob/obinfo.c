/* Services about objects and handles themselves: NtQueryObject, NtSetInformationObject, NtDuplicateObject,
 * NtCompareObjects. */
#include <stdlib.h>
#include <string.h>
#include "host/host.h"
#include "ke/ke.h"
#include "ob/obp.h"
#include "ps/ps.h"

#define OBP_MAX_QUERY_NAME 1024

/* Answer with a variable-size buffer: all of it or STATUS_INFO_LENGTH_MISMATCH, the size needed told either
 * way, as NtQueryObject does. */
static NTSTATUS ObpReturn(PVOID user_buffer, ULONG length, const void *data, ULONG size, PULONG user_return_length)
{
    if (user_return_length && KeWriteUser(user_return_length, size))
        return STATUS_ACCESS_VIOLATION;
    if (length < size)
        return STATUS_INFO_LENGTH_MISMATCH;
    return KeCopyToUser(user_buffer, data, size) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}

NTSTATUS ObQueryHandleInformation(BOOLEAN extended, PVOID out, ULONG length, PULONG return_length)
{
    ULONG header = extended ? offsetof(SYSTEM_HANDLE_INFORMATION_EX, Handles)
                            : offsetof(SYSTEM_HANDLE_INFORMATION, Handle);
    ULONG entry = extended ? sizeof(SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX) : sizeof(SYSTEM_HANDLE_ENTRY);
    ULONG count = ObSnapshotHandles(NULL, 0), size, n;
    ULONG_PTR pid = (ULONG_PTR)NtCurrentTeb()->ClientId.UniqueProcess;
    OB_HANDLE_SNAPSHOT *handles;
    BYTE *buffer;
    NTSTATUS status = STATUS_SUCCESS;

    if (KeProbeForWrite(out, length))
        return STATUS_ACCESS_VIOLATION;
    /* Room for a few more, as handles may come meanwhile; what is told is what was found. */
    handles = HostZalloc((count + 16) * sizeof(*handles));
    n = ObSnapshotHandles(handles, count + 16);
    if (n > count + 16)
        n = count + 16;
    size = header + n * entry;
    buffer = HostZalloc(size);
    for (ULONG i = 0; i < n; i++) {
        ULONG type = ObpTypeIndex(ObGetObjectType(handles[i].Object));
        if (extended) {
            SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX *e = (SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX *)(buffer + header) + i;
            e->Object = handles[i].Object;
            e->UniqueProcessId = pid;
            e->HandleValue = (ULONG_PTR)handles[i].Value;
            e->GrantedAccess = handles[i].Access;
            e->ObjectTypeIndex = (USHORT)type;
            e->HandleAttributes = handles[i].Attributes;
        } else {
            SYSTEM_HANDLE_ENTRY *e = (SYSTEM_HANDLE_ENTRY *)(buffer + header) + i;
            e->OwnerPid = (ULONG)pid;
            e->ObjectType = (BYTE)type;
            e->HandleFlags = (BYTE)handles[i].Attributes;
            e->HandleValue = (USHORT)(ULONG_PTR)handles[i].Value;
            e->ObjectPointer = handles[i].Object;
            e->AccessMask = handles[i].Access;
        }
        ObDereferenceObject(handles[i].Object);
    }
    if (extended)
        ((SYSTEM_HANDLE_INFORMATION_EX *)buffer)->NumberOfHandles = n;
    else
        ((SYSTEM_HANDLE_INFORMATION *)buffer)->Count = n;
    if (return_length && KeWriteUser(return_length, size))
        status = STATUS_ACCESS_VIOLATION;
    else if (length < size)
        status = STATUS_INFO_LENGTH_MISMATCH;
    else if (KeCopyToUser(out, buffer, size))
        status = STATUS_ACCESS_VIOLATION;
    free(buffer);
    free(handles);
    return status;
}

/* Every type objects were made of, each OBJECT_TYPE_INFORMATION with its name after it, at 8-byte steps. */
static NTSTATUS ObpQueryTypes(PVOID out, ULONG length, PULONG return_length)
{
    ULONG size = 8, n = 0;
    const OBJECT_TYPE *type;
    BYTE *buffer;
    NTSTATUS status = STATUS_SUCCESS;

    for (ULONG i = 0; (type = ObpTypeAt(i)); i++)
        size += (ULONG)((sizeof(OBJECT_TYPE_INFORMATION) + (strlen(type->Name) + 1) * sizeof(WCHAR) + 7) & ~7u);
    buffer = HostZalloc(size);
    for (ULONG i = 0, at = 8; (type = ObpTypeAt(i)) && at < size; i++, n++) {
        OBJECT_TYPE_INFORMATION *info = (OBJECT_TYPE_INFORMATION *)(buffer + at);
        WCHAR *name = (WCHAR *)(info + 1);
        size_t len = strlen(type->Name);
        for (size_t k = 0; k <= len; k++)
            name[k] = (WCHAR)type->Name[k];
        info->TypeName.Length = (USHORT)(len * sizeof(WCHAR));
        info->TypeName.MaximumLength = (USHORT)((len + 1) * sizeof(WCHAR));
        info->TypeName.Buffer = (PWSTR)((BYTE *)out + at + sizeof(*info));
        info->GenericMapping = type->Mapping;
        info->ValidAccessMask = type->ValidAccess;
        info->InvalidAttributes = ~(ULONG)OBJ_VALID_ATTRIBUTES;
        info->TypeIndex = (UCHAR)(i + 2);
        at += (ULONG)((sizeof(*info) + (len + 1) * sizeof(WCHAR) + 7) & ~7u);
    }
    *(ULONG *)buffer = n;
    if (return_length && KeWriteUser(return_length, size))
        status = STATUS_ACCESS_VIOLATION;
    else if (length < size)
        status = length >= sizeof(ULONG) && KeCopyToUser(out, buffer, sizeof(ULONG)) ? STATUS_ACCESS_VIOLATION
                                                                                     : STATUS_INFO_LENGTH_MISMATCH;
    else if (KeCopyToUser(out, buffer, size))
        status = STATUS_ACCESS_VIOLATION;
    free(buffer);
    return status;
}

NTSTATUS NTAPI NtQueryObject(HANDLE Handle, OBJECT_INFORMATION_CLASS ObjectInformationClass, PVOID ObjectInformation,
                             ULONG ObjectInformationLength, PULONG ReturnLength)
{
    union {
        OBJECT_BASIC_INFORMATION basic;
        OBJECT_HANDLE_FLAG_INFORMATION flags;
        struct {
            UNICODE_STRING name;
            WCHAR text[OBP_MAX_QUERY_NAME];
        } name;
        struct {
            OBJECT_TYPE_INFORMATION info;
            WCHAR name[32];
        } type;
    } u;
    ULONG size, attributes;
    ACCESS_MASK access;
    const OBJECT_TYPE *type;
    void *body;
    NTSTATUS status;

    switch (ObjectInformationClass) {
    case ObjectBasicInformation:
    case ObjectNameInformation:
    case ObjectTypeInformation:
    case ObjectHandleFlagInformation:
        break;
    case ObjectTypesInformation:
        return ObpQueryTypes(ObjectInformation, ObjectInformationLength, ReturnLength);
    case ObjectSessionInformation:
        return KeReportNotImplemented("NtQueryObject: this information class");
    default:
        return STATUS_INVALID_INFO_CLASS;
    }
    if ((status = ObReferenceHandle(Handle, &body, &access, &attributes)))
        return status;
    type = ObGetObjectType(body);
    memset(&u, 0, sizeof(u));
    switch (ObjectInformationClass) {
    case ObjectBasicInformation:
        u.basic.Attributes = attributes;
        u.basic.GrantedAccess = access;
        ObpQueryCounts(body, &u.basic.HandleCount, &u.basic.PointerCount);
        u.basic.PointerCount--; /* not counting this query's own reference */
        u.basic.TypeInfoSize = (ULONG)(sizeof(OBJECT_TYPE_INFORMATION) + (strlen(type->Name) + 1) * sizeof(WCHAR));
        size = sizeof(u.basic);
        /* This class takes any buffer at least its size. */
        if (ObjectInformationLength > size)
            ObjectInformationLength = size;
        break;
    case ObjectNameInformation: {
        /* The full path and its terminator after the string; an unnamed object has no buffer at all. */
        USHORT n;
        WCHAR *name;
        if (!type->QueryName)
            name = ObQueryObjectName(body, &n);
        else if ((status = type->QueryName(body, &name, &n))) {
            ObDereferenceObject(body);
            return status;
        }
        if (n >= OBP_MAX_QUERY_NAME)
            n = OBP_MAX_QUERY_NAME - 1;
        size = sizeof(u.name.name);
        if (n) {
            memcpy(u.name.text, name, n * sizeof(WCHAR));
            u.name.text[n] = 0;
            u.name.name.Length = (USHORT)(n * sizeof(WCHAR));
            u.name.name.MaximumLength = (USHORT)((n + 1) * sizeof(WCHAR));
            u.name.name.Buffer = (PWSTR)((char *)ObjectInformation + sizeof(UNICODE_STRING));
            size += (n + 1) * sizeof(WCHAR);
        }
        free(name);
        break;
    }
    case ObjectTypeInformation: {
        size_t n = strlen(type->Name);
        u.type.info.TypeName.Length = (USHORT)(n * sizeof(WCHAR));
        u.type.info.TypeName.MaximumLength = (USHORT)((n + 1) * sizeof(WCHAR));
        u.type.info.TypeName.Buffer = (PWSTR)((char *)ObjectInformation + sizeof(u.type.info));
        for (size_t i = 0; i <= n; i++)
            u.type.name[i] = (WCHAR)type->Name[i];
        u.type.info.GenericMapping = type->Mapping;
        u.type.info.ValidAccessMask = type->ValidAccess;
        u.type.info.InvalidAttributes = ~(ULONG)OBJ_VALID_ATTRIBUTES;
        u.type.info.TypeIndex = (UCHAR)ObpTypeIndex(type);
        size = (ULONG)(sizeof(u.type.info) + (n + 1) * sizeof(WCHAR));
        break;
    }
    default:
        u.flags.Inherit = !!(attributes & OBJ_INHERIT);
        u.flags.ProtectFromClose = !!(attributes & OBJ_PROTECT_CLOSE);
        size = sizeof(u.flags);
        if (ObjectInformationLength > size)
            ObjectInformationLength = size;
        break;
    }
    ObDereferenceObject(body);
    if (ObjectInformationClass == ObjectBasicInformation || ObjectInformationClass == ObjectHandleFlagInformation)
        if (ObjectInformationLength != size)
            return STATUS_INFO_LENGTH_MISMATCH;
    if (ObjectInformationClass == ObjectNameInformation && type->PartialName &&
        ObjectInformationLength >= sizeof(UNICODE_STRING) && ObjectInformationLength < size) {
        /* The characters that fit, without a terminator. */
        ULONG room = (ObjectInformationLength - sizeof(UNICODE_STRING)) & ~(ULONG)1;
        u.name.name.Length = u.name.name.MaximumLength = (USHORT)room;
        if ((ReturnLength && KeWriteUser(ReturnLength, size)) ||
            KeCopyToUser(ObjectInformation, &u, sizeof(UNICODE_STRING) + room))
            return STATUS_ACCESS_VIOLATION;
        return STATUS_BUFFER_OVERFLOW;
    }
    return ObpReturn(ObjectInformation, ObjectInformationLength, &u, size, ReturnLength);
}

NTSTATUS NTAPI NtSetInformationObject(HANDLE Handle, OBJECT_INFORMATION_CLASS ObjectInformationClass,
                                      PVOID ObjectInformation, ULONG ObjectInformationLength)
{
    OBJECT_HANDLE_FLAG_INFORMATION flags;

    if (ObjectInformationClass != ObjectHandleFlagInformation)
        return ObjectInformationClass == ObjectSessionInformation
                   ? KeReportNotImplemented("NtSetInformationObject(ObjectSessionInformation)")
                   : STATUS_INVALID_INFO_CLASS;
    if (ObjectInformationLength != sizeof(flags))
        return STATUS_INFO_LENGTH_MISMATCH;
    if (KeReadUser(&flags, (OBJECT_HANDLE_FLAG_INFORMATION *)ObjectInformation))
        return STATUS_ACCESS_VIOLATION;
    return ObSetHandleAttributes(Handle, (flags.Inherit ? OBJ_INHERIT : 0) | (flags.ProtectFromClose ? OBJ_PROTECT_CLOSE : 0));
}

/* Between handles of this process (other processes come with their objects). The new handle gets the access
 * asked for, or the source's; Windows checks that against the object's security, which has nothing to deny
 * here but the privileged ACCESS_SYSTEM_SECURITY. */
NTSTATUS NTAPI NtDuplicateObject(HANDLE SourceProcessHandle, HANDLE SourceHandle, HANDLE TargetProcessHandle,
                                 PHANDLE TargetHandle, ACCESS_MASK DesiredAccess, ULONG HandleAttributes, ULONG Options)
{
    HANDLE zero = NULL, handle;
    ACCESS_MASK access;
    ULONG attributes;
    void *body;
    NTSTATUS status;

    if (TargetHandle && KeWriteUser(TargetHandle, zero))
        return STATUS_ACCESS_VIOLATION;
    if ((status = PsCheckProcessHandle(SourceProcessHandle)) || (status = PsCheckProcessHandle(TargetProcessHandle)))
        return status;
    if (Options & ~(ULONG)(DUPLICATE_CLOSE_SOURCE | DUPLICATE_SAME_ACCESS | DUPLICATE_SAME_ATTRIBUTES))
        return STATUS_INVALID_PARAMETER;
    if ((status = ObReferenceHandle(SourceHandle, &body, &access, &attributes)))
        return status;
    if (!(Options & DUPLICATE_SAME_ACCESS))
        access = DesiredAccess;
    if (!(Options & DUPLICATE_SAME_ATTRIBUTES))
        attributes = HandleAttributes;
    if (access & ACCESS_SYSTEM_SECURITY)
        status = STATUS_ACCESS_DENIED; /* needs SeSecurityPrivilege */
    else if (TargetHandle && !(status = ObInsertHandle(body, ObMapGenericAccess(ObGetObjectType(body), access) &
                                                                 ObGetObjectType(body)->ValidAccess,
                                                       attributes, &handle)) &&
             KeWriteUser(TargetHandle, handle)) {
        NtClose(handle);
        status = STATUS_ACCESS_VIOLATION;
    }
    ObDereferenceObject(body);
    if (Options & DUPLICATE_CLOSE_SOURCE && SourceHandle != NtCurrentProcess() && SourceHandle != NtCurrentThread())
        NtClose(SourceHandle);
    return status;
}

NTSTATUS NTAPI NtCompareObjects(HANDLE FirstObjectHandle, HANDLE SecondObjectHandle)
{
    void *first, *second;
    NTSTATUS status;

    if ((status = ObReferenceObjectByHandle(FirstObjectHandle, 0, NULL, &first)))
        return status;
    if ((status = ObReferenceObjectByHandle(SecondObjectHandle, 0, NULL, &second))) {
        ObDereferenceObject(first);
        return status;
    }
    status = first == second ? STATUS_SUCCESS : STATUS_NOT_SAME_OBJECT;
    ObDereferenceObject(first);
    ObDereferenceObject(second);
    return status;
}
