/* Key objects and the key services: NtCreateKey, NtOpenKey(Ex), NtDeleteKey, NtRenameKey, NtQueryKey,
 * NtEnumerateKey, NtSetInformationKey, NtFlushKey; and how names lead to keys, through registry links. */
#include <stdlib.h>
#include <string.h>
#include "cm/cmp.h"
#include "host/host.h"
#include "ke/ke.h"
#include "nt/services.h"
#include "rtl/unicode.h"

#define CMP_MAX_LINK_DEPTH 16
#define CMP_CREATE_OPTIONS                                                                                           \
    (REG_OPTION_VOLATILE | REG_OPTION_CREATE_LINK | REG_OPTION_BACKUP_RESTORE | REG_OPTION_OPEN_LINK |              \
     REG_OPTION_DONT_VIRTUALIZE)

static void CmpDeleteKeyBody(void *body)
{
    CMP_KEY_BODY *key_body = body;

    if (!key_body->Key)
        return;
    CmpLock();
    CmpRundownBodyNotifications(key_body);
    CmpReleaseKey(key_body->Key);
    CmpUnlock();
}

static NTSTATUS CmpQueryKeyName(void *body, WCHAR **name, USHORT *length)
{
    CMP_KEY_BODY *key_body = body;
    NTSTATUS status = STATUS_SUCCESS;

    CmpLock();
    if (key_body->Key->Flags & CMP_KEY_DELETED)
        status = STATUS_KEY_DELETED;
    else
        *name = CmpKeyPath(key_body->Key, NULL, length);
    CmpUnlock();
    return status;
}

/* A key's descriptor belongs in its hive, which keeps none yet: it reads as the token's default. */
static NTSTATUS CmpKeySecurity(void *body, void ***slot)
{
    *slot = NULL;
    return STATUS_SUCCESS;
}

const OBJECT_TYPE CmKeyObjectType = {
    .Name = "Key",
    /* Windows' mapping: executing a key is reading it and linking to it. */
    .Mapping = {KEY_READ, KEY_WRITE, KEY_EXECUTE | KEY_CREATE_LINK, KEY_ALL_ACCESS},
    .ValidAccess = KEY_ALL_ACCESS | SYNCHRONIZE,
    .Delete = CmpDeleteKeyBody,
    .ParsesNames = TRUE,
    .QueryName = CmpQueryKeyName,
    .Security = CmpKeySecurity,
};

/* A new key object for key (under the lock: it takes a reference of the key). */
static CMP_KEY_BODY *CmpCreateKeyBody(CMP_KEY *key)
{
    CMP_KEY_BODY *body = ObCreateObject(&CmKeyObjectType, sizeof(*body));

    body->Key = key;
    key->References++;
    return body;
}

NTSTATUS CmpReferenceKey(HANDLE handle, ACCESS_MASK access, CMP_KEY_BODY **body)
{
    return ObReferenceObjectByHandle(handle, access, &CmKeyObjectType, (void **)body);
}

/* Where a name led: the key, or the key that would hold it when only the last component is missing. */
typedef struct {
    CMP_KEY *Key;
    CMP_KEY *Parent;
    const WCHAR *Last;                /* into the caller's name or a link's target, valid under the lock */
    USHORT LastLength;
} CMP_LOOKUP;

static NTSTATUS CmpResolve(CMP_KEY *key, const WCHAR *path, USHORT len, ULONG attributes, int depth,
                           CMP_LOOKUP *out);

/* Where a link key leads: its SymbolicLinkValue is a full registry path. */
static NTSTATUS CmpFollowLink(const CMP_KEY *link, int depth, CMP_LOOKUP *out)
{
    static const WCHAR registry[] = u"\\REGISTRY";
    const CMP_VALUE *value = CmpFindValue(link, CmpLinkValueName, CMP_LINK_VALUE_LENGTH);
    const WCHAR *target;
    USHORT len, prefix = sizeof(registry) / sizeof(WCHAR) - 1;

    memset(out, 0, sizeof(*out)); /* a link that leads nowhere names no parent to create in */
    if (depth > CMP_MAX_LINK_DEPTH || !value || value->Type != REG_LINK || value->DataLength < sizeof(WCHAR))
        return STATUS_OBJECT_NAME_NOT_FOUND;
    target = (const WCHAR *)value->Data;
    len = (USHORT)(value->DataLength / sizeof(WCHAR));
    if (len < prefix || !RtlpEqualNames(target, prefix, registry, prefix, TRUE) ||
        (len > prefix && target[prefix] != '\\'))
        return STATUS_OBJECT_NAME_NOT_FOUND;
    return CmpResolve(CmpRoot, target + prefix, (USHORT)(len - prefix), 0, depth, out);
}

/* Walk path from key. Runs of backslashes separate components; a link is followed unless it is the last
 * component and OBJ_OPENLINK asks for the link itself. A missing last component leaves out->Parent set. */
static NTSTATUS CmpResolve(CMP_KEY *key, const WCHAR *path, USHORT len, ULONG attributes, int depth,
                           CMP_LOOKUP *out)
{
    USHORT pos = 0;

    memset(out, 0, sizeof(*out));
    for (;;) {
        USHORT start, clen, next;
        CMP_KEY *sub;
        bool last;

        if (key->Flags & CMP_KEY_DELETED)
            return STATUS_KEY_DELETED;
        while (pos < len && path[pos] == '\\')
            pos++;
        if (pos >= len) {
            out->Key = key;
            return STATUS_SUCCESS;
        }
        start = pos;
        while (pos < len && path[pos] != '\\')
            pos++;
        clen = (USHORT)(pos - start);
        if (clen > CMP_MAX_KEY_NAME)
            return STATUS_INVALID_PARAMETER;
        for (next = pos; next < len && path[next] == '\\'; next++)
            ;
        last = next >= len;
        sub = CmpFindSubKey(key, path + start, clen, NULL);
        if (!sub) {
            if (last) {
                out->Parent = key;
                out->Last = path + start;
                out->LastLength = clen;
            }
            return STATUS_OBJECT_NAME_NOT_FOUND;
        }
        if (sub->Flags & CMP_KEY_LINK && !(last && attributes & OBJ_OPENLINK)) {
            CMP_LOOKUP target;
            NTSTATUS status = CmpFollowLink(sub, depth + 1, &target);
            if (status == STATUS_OBJECT_NAME_NOT_FOUND && target.Parent && last) {
                *out = target; /* the link's missing target may be created through it */
                return status;
            }
            if (status)
                return status == STATUS_KEY_DELETED ? status : STATUS_OBJECT_NAME_NOT_FOUND;
            sub = target.Key;
        }
        key = sub;
        pos = next;
    }
}

/* The key a handle or the namespace leads to first, and the rest of the name from there. root_body is the
 * object referenced for that (the caller dereferences it, outside the lock). */
static NTSTATUS CmpResolveStart(OB_OBJECT_ATTRIBUTES *oa, void **root_body, WCHAR **rest, USHORT *rest_length)
{
    NTSTATUS status;

    *root_body = NULL;
    *rest = NULL;
    *rest_length = 0;
    if (oa->RootDirectory) {
        void *object;
        if ((status = ObReferenceObjectByHandle(oa->RootDirectory, 0, NULL, &object)))
            return status;
        if (ObGetObjectType(object) == &CmKeyObjectType) {
            *root_body = object;
            if (oa->NameLength && oa->Name[0] == '\\')
                return STATUS_OBJECT_PATH_SYNTAX_BAD;
            *rest = oa->Name;
            *rest_length = oa->NameLength;
            oa->Name = NULL; /* now the caller's to free */
            return STATUS_SUCCESS;
        }
        ObDereferenceObject(object);
    }
    /* Since Windows 10 1607 the names leading to the registry are matched without regard to case. */
    oa->Attributes |= OBJ_CASE_INSENSITIVE;
    if ((status = ObReferenceObjectByName(oa, root_body, rest, rest_length)))
        return status;
    return ObGetObjectType(*root_body) == &CmKeyObjectType ? STATUS_SUCCESS : STATUS_OBJECT_TYPE_MISMATCH;
}

/* A handle to key, made under the lock. */
static NTSTATUS CmpInsertKeyHandle(CMP_KEY *key, ACCESS_MASK access, ULONG attributes, HANDLE *handle)
{
    CMP_KEY_BODY *body = CmpCreateKeyBody(key);
    NTSTATUS status = ObInsertHandle(body, access, attributes & OBJ_INHERIT, handle);

    if (status) {
        body->Key = NULL; /* so that its deletion below does not take the lock again */
        CmpReleaseKey(key);
    }
    ObDereferenceObject(body);
    return status;
}

/* Give a handle made by CmpInsertKeyHandle to the caller (outside the lock). */
static NTSTATUS CmpGiveHandle(HANDLE handle, HANDLE *user_handle)
{
    if (KeWriteUser(user_handle, handle)) {
        NtClose(handle);
        return STATUS_ACCESS_VIOLATION;
    }
    return STATUS_SUCCESS;
}

/* A key's services read the name of their OBJECT_ATTRIBUTES without looking: none is a fault, as on Windows. */
static NTSTATUS CmpCaptureAttributes(const OBJECT_ATTRIBUTES *attributes, OB_OBJECT_ATTRIBUTES *oa)
{
    UNICODE_STRING *name;

    if (!attributes || KeReadUser(&name, &attributes->ObjectName) || !name)
        return STATUS_ACCESS_VIOLATION;
    return ObCaptureObjectAttributes(attributes, oa);
}

static NTSTATUS CmpOpenOrCreate(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                                const UNICODE_STRING *user_class, ULONG options, PULONG Disposition, bool create)
{
    OB_OBJECT_ATTRIBUTES oa;
    UNICODE_STRING class_string = {0};
    WCHAR *class_name = NULL, *rest = NULL;
    USHORT rest_length;
    void *root_body = NULL;
    HANDLE none = NULL, handle;
    CMP_LOOKUP lookup;
    CMP_KEY *key = NULL, *changing = NULL;
    ULONG disposition = REG_OPENED_EXISTING_KEY;
    NTSTATUS status;

    if (KeWriteUser(KeyHandle, none))
        return STATUS_ACCESS_VIOLATION;
    if ((status = CmpCaptureAttributes(ObjectAttributes, &oa)))
        return status;
    if (create && user_class) {
        if (KeReadUser(&class_string, user_class) ||
            (class_string.Length && !(class_name = HostAlloc(class_string.Length))) ||
            KeCopyFromUser(class_name, class_string.Buffer, class_string.Length)) {
            status = STATUS_ACCESS_VIOLATION;
            goto out;
        }
    }
    if (!(DesiredAccess & ~(ACCESS_MASK)(KEY_WOW64_64KEY | KEY_WOW64_32KEY))) {
        status = STATUS_ACCESS_DENIED;
        goto out;
    }
    DesiredAccess &= ~(ACCESS_MASK)(KEY_WOW64_64KEY | KEY_WOW64_32KEY);
    if (options & ~(ULONG)CMP_CREATE_OPTIONS) {
        status = STATUS_INVALID_PARAMETER;
        goto out;
    }
    if ((status = CmpResolveStart(&oa, &root_body, &rest, &rest_length)))
        goto out;

    CmpLock();
    for (;;) {
        CMP_KEY *start = ((CMP_KEY_BODY *)root_body)->Key;
        status = CmpResolve(start, rest, rest_length, oa.Attributes, 0, &lookup);
        if (!create || status != STATUS_OBJECT_NAME_NOT_FOUND || !lookup.Parent)
            break;
        if (!lookup.Parent->Hive) {
            status = STATUS_ACCESS_DENIED; /* above the hives nothing new is made */
            break;
        }
        if (!CmpIsKeyName(lookup.Last, lookup.LastLength)) {
            status = STATUS_OBJECT_NAME_INVALID;
            break;
        }
        if (lookup.Parent->Flags & CMP_KEY_VOLATILE && !(options & REG_OPTION_VOLATILE)) {
            status = STATUS_CHILD_MUST_BE_VOLATILE;
            break;
        }
        if (changing != lookup.Parent) {
            /* Lock the hive against other processes; what they changed meanwhile may change the answer. */
            if (changing)
                CmpAbortChange(changing);
            changing = lookup.Parent;
            if ((status = CmpBeginChange(changing))) {
                changing = NULL;
                break;
            }
            continue;
        }
        {
            ULONG flags = (options & REG_OPTION_VOLATILE ? CMP_KEY_VOLATILE : 0) |
                          (options & REG_OPTION_CREATE_LINK ? CMP_KEY_LINK : 0);
            CMP_CHANGE change = {.Kind = CMP_CHANGE_CREATE_KEY, .Key = lookup.Parent, .Name = lookup.Last,
                                 .NameLength = lookup.LastLength, .Type = flags, .Data = class_name,
                                 .DataLength = class_string.Length, .Time = KeQuerySystemTime()};
            changing = NULL;
            if (!(status = CmpEndChange(&change))) {
                key = CmpApplyChange(&change);
                disposition = REG_CREATED_NEW_KEY;
            }
            break;
        }
    }
    if (changing)
        CmpAbortChange(changing);
    if (!status)
        status = CmpInsertKeyHandle(key ? key : lookup.Key, DesiredAccess, oa.Attributes, &handle);
    CmpUnlock();
    if (!status && !(status = CmpGiveHandle(handle, KeyHandle)) && Disposition &&
        KeWriteUser(Disposition, disposition))
        status = STATUS_ACCESS_VIOLATION;

out:
    if (root_body)
        ObDereferenceObject(root_body);
    free(rest);
    free(class_name);
    ObReleaseObjectAttributes(&oa);
    return status;
}

NTSTATUS NTAPI NtCreateKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                           ULONG TitleIndex, PUNICODE_STRING Class, ULONG CreateOptions, PULONG Disposition)
{
    (void)TitleIndex;
    return CmpOpenOrCreate(KeyHandle, DesiredAccess, ObjectAttributes, Class, CreateOptions, Disposition, true);
}

NTSTATUS NTAPI NtOpenKeyEx(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                           ULONG OpenOptions)
{
    /* Only OBJ_OPENLINK opens a link itself; REG_OPTION_OPEN_LINK changes nothing, as on Windows. */
    return CmpOpenOrCreate(KeyHandle, DesiredAccess, ObjectAttributes, NULL, OpenOptions & ~REG_OPTION_OPEN_LINK,
                           NULL, false);
}

NTSTATUS NTAPI NtOpenKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes)
{
    return CmpOpenOrCreate(KeyHandle, DesiredAccess, ObjectAttributes, NULL, 0, NULL, false);
}

NTSTATUS CmpLookupKey(POBJECT_ATTRIBUTES attributes, CMP_KEY **key, CMP_KEY **parent, WCHAR **last,
                      USHORT *last_length)
{
    OB_OBJECT_ATTRIBUTES oa;
    WCHAR *rest = NULL;
    USHORT rest_length;
    void *root_body = NULL;
    CMP_LOOKUP lookup;
    NTSTATUS status;

    *key = *parent = NULL;
    *last = NULL;
    *last_length = 0;
    if ((status = CmpCaptureAttributes(attributes, &oa)))
        return status;
    if (!(status = CmpResolveStart(&oa, &root_body, &rest, &rest_length))) {
        CmpLock();
        status = CmpResolve(((CMP_KEY_BODY *)root_body)->Key, rest, rest_length, oa.Attributes, 0, &lookup);
        if (!status) {
            *key = lookup.Key;
            (*key)->References++;
        } else if (status == STATUS_OBJECT_NAME_NOT_FOUND && lookup.Parent) {
            *parent = lookup.Parent;
            (*parent)->References++;
            *last = HostAlloc((lookup.LastLength + 1) * sizeof(WCHAR));
            memcpy(*last, lookup.Last, lookup.LastLength * sizeof(WCHAR));
            *last_length = lookup.LastLength;
        }
        CmpUnlock();
    }
    if (root_body)
        ObDereferenceObject(root_body);
    free(rest);
    ObReleaseObjectAttributes(&oa);
    return status;
}

NTSTATUS CmpOpenKeyObject(POBJECT_ATTRIBUTES attributes, CMP_KEY_BODY **body)
{
    CMP_KEY *key, *parent;
    WCHAR *last;
    USHORT last_length;
    NTSTATUS status = CmpLookupKey(attributes, &key, &parent, &last, &last_length);

    free(last);
    CmpLock();
    if (!status)
        *body = CmpCreateKeyBody(key);
    if (key)
        CmpReleaseKey(key); /* the body holds its own */
    if (parent)
        CmpReleaseKey(parent);
    CmpUnlock();
    return status;
}

NTSTATUS CmpBeginKeyChange(CMP_KEY *key)
{
    NTSTATUS status;

    if (key->Flags & CMP_KEY_DELETED)
        return STATUS_KEY_DELETED;
    if ((status = CmpBeginChange(key)))
        return status;
    if (key->Flags & CMP_KEY_DELETED) { /* by another process, meanwhile */
        CmpAbortChange(key);
        return STATUS_KEY_DELETED;
    }
    return STATUS_SUCCESS;
}

/* Delete or rename a key, once check (under the hive's lock) finds nothing against it. */
static NTSTATUS CmpChangeKeyPlace(CMP_KEY *key, const CMP_CHANGE *change, NTSTATUS (*check)(const CMP_CHANGE *))
{
    NTSTATUS status;

    if (key->Parent && !key->Parent->Hive)
        return STATUS_ACCESS_DENIED; /* \REGISTRY\MACHINE and the like stay where they are */
    if ((status = CmpBeginKeyChange(key)))
        return status;
    if ((status = check(change)))
        CmpAbortChange(key);
    else if (!(status = CmpEndChange(change)))
        CmpApplyChange(change);
    return status;
}

static NTSTATUS CmpCheckDelete(const CMP_CHANGE *change)
{
    return change->Key->SubKeyCount ? STATUS_CANNOT_DELETE : STATUS_SUCCESS;
}

static NTSTATUS CmpCheckRename(const CMP_CHANGE *change)
{
    /* A name a key of the parent has, the key itself included, is taken. */
    return CmpFindSubKey(change->Key->Parent, change->Name, change->NameLength, NULL) ? STATUS_CANNOT_DELETE
                                                                                      : STATUS_SUCCESS;
}

NTSTATUS NTAPI NtDeleteKey(HANDLE KeyHandle)
{
    CMP_KEY_BODY *body;
    NTSTATUS status;

    if ((status = CmpReferenceKey(KeyHandle, DELETE, &body)))
        return status;
    CmpLock();
    {
        CMP_CHANGE change = {.Kind = CMP_CHANGE_DELETE_KEY, .Key = body->Key, .Time = KeQuerySystemTime()};
        status = body->Key == CmpRoot ? STATUS_ACCESS_DENIED : CmpChangeKeyPlace(body->Key, &change, CmpCheckDelete);
    }
    CmpUnlock();
    ObDereferenceObject(body);
    return status == STATUS_KEY_DELETED ? STATUS_SUCCESS : status; /* deleting it again is no error */
}

NTSTATUS NTAPI NtRenameKey(HANDLE KeyHandle, PUNICODE_STRING NewName)
{
    UNICODE_STRING name;
    WCHAR *buffer = NULL;
    USHORT len;
    CMP_KEY_BODY *body;
    NTSTATUS status;

    /* The new name is read and judged before the handle, as Windows does. */
    if (KeReadUser(&name, NewName) || (name.Length && !(buffer = HostAlloc(name.Length))) ||
        KeCopyFromUser(buffer, name.Buffer, name.Length)) {
        free(buffer);
        return STATUS_ACCESS_VIOLATION;
    }
    len = name.Length / sizeof(WCHAR);
    if (!len || len > CMP_MAX_KEY_NAME || name.Length & 1 || !CmpIsKeyName(buffer, len)) {
        free(buffer);
        return STATUS_INVALID_PARAMETER;
    }
    if ((status = CmpReferenceKey(KeyHandle, KEY_WRITE, &body))) {
        free(buffer);
        return status;
    }
    CmpLock();
    {
        CMP_CHANGE change = {.Kind = CMP_CHANGE_RENAME_KEY, .Key = body->Key, .Name = buffer, .NameLength = len,
                             .Time = KeQuerySystemTime()};
        status = body->Key == CmpRoot ? STATUS_ACCESS_DENIED : CmpChangeKeyPlace(body->Key, &change, CmpCheckRename);
    }
    CmpUnlock();
    ObDereferenceObject(body);
    free(buffer);
    return status;
}

NTSTATUS CmpReturnInformation(PVOID buffer, ULONG length, const void *data, ULONG required, ULONG fixed,
                              PULONG result_length)
{
    NTSTATUS status = STATUS_SUCCESS;

    if (KeWriteUser(result_length, required))
        return STATUS_ACCESS_VIOLATION;
    if (length < fixed)
        return STATUS_BUFFER_TOO_SMALL;
    if (length < required)
        status = STATUS_BUFFER_OVERFLOW;
    else
        length = required;
    return KeCopyToUser(buffer, data, length) ? STATUS_ACCESS_VIOLATION : status;
}

/* What NtQueryKey and NtEnumerateKey return about key, built in the host (the caller frees *data). */
static NTSTATUS CmpKeyInformation(const CMP_KEY *key, KEY_INFORMATION_CLASS cls, UCHAR **data, ULONG *required,
                                  ULONG *fixed)
{
    ULONG name_bytes = key->NameLength * sizeof(WCHAR), max_name = 0, max_class = 0, max_value_name = 0,
          max_value_data = 0;
    UCHAR *p;

    for (ULONG i = 0; i < key->SubKeyCount; i++) {
        const CMP_KEY *sub = key->SubKeys[i];
        if (sub->NameLength * sizeof(WCHAR) > max_name)
            max_name = sub->NameLength * sizeof(WCHAR);
        if (sub->ClassLength > max_class)
            max_class = sub->ClassLength;
    }
    for (ULONG i = 0; i < key->ValueCount; i++) {
        if (key->Values[i].NameLength * sizeof(WCHAR) > max_value_name)
            max_value_name = key->Values[i].NameLength * sizeof(WCHAR);
        if (key->Values[i].DataLength > max_value_data)
            max_value_data = key->Values[i].DataLength;
    }
    switch (cls) {
    case KeyBasicInformation: {
        KEY_BASIC_INFORMATION info = {.NameLength = name_bytes};
        info.LastWriteTime.QuadPart = key->LastWriteTime;
        *fixed = offsetof(KEY_BASIC_INFORMATION, Name);
        *required = *fixed + name_bytes;
        p = *data = HostZalloc(*required);
        memcpy(p, &info, *fixed);
        memcpy(p + *fixed, key->Name, name_bytes);
        return STATUS_SUCCESS;
    }
    case KeyNodeInformation: {
        KEY_NODE_INFORMATION info = {.NameLength = name_bytes, .ClassLength = key->ClassLength};
        info.LastWriteTime.QuadPart = key->LastWriteTime;
        *fixed = offsetof(KEY_NODE_INFORMATION, Name);
        info.ClassOffset = key->ClassLength ? *fixed + name_bytes : 0xffffffff;
        *required = *fixed + name_bytes + key->ClassLength;
        p = *data = HostZalloc(*required);
        memcpy(p, &info, *fixed);
        memcpy(p + *fixed, key->Name, name_bytes);
        if (key->ClassLength)
            memcpy(p + *fixed + name_bytes, key->Class, key->ClassLength);
        return STATUS_SUCCESS;
    }
    case KeyFullInformation: {
        KEY_FULL_INFORMATION info = {.ClassLength = key->ClassLength, .SubKeys = key->SubKeyCount,
                                     .MaxNameLen = max_name, .MaxClassLen = max_class, .Values = key->ValueCount,
                                     .MaxValueNameLen = max_value_name, .MaxValueDataLen = max_value_data};
        info.LastWriteTime.QuadPart = key->LastWriteTime;
        *fixed = offsetof(KEY_FULL_INFORMATION, Class);
        info.ClassOffset = key->ClassLength ? *fixed : 0xffffffff;
        *required = *fixed + key->ClassLength;
        p = *data = HostZalloc(*required);
        memcpy(p, &info, *fixed);
        if (key->ClassLength)
            memcpy(p + *fixed, key->Class, key->ClassLength);
        return STATUS_SUCCESS;
    }
    case KeyNameInformation: {
        USHORT len;
        WCHAR *path = CmpKeyPath(key, NULL, &len);
        ULONG bytes = len * sizeof(WCHAR);
        *fixed = offsetof(KEY_NAME_INFORMATION, Name);
        *required = *fixed + bytes;
        p = *data = HostZalloc(*required);
        memcpy(p, &bytes, sizeof(bytes));
        memcpy(p + *fixed, path, bytes);
        free(path);
        return STATUS_SUCCESS;
    }
    case KeyCachedInformation: {
        KEY_CACHED_INFORMATION info = {.SubKeys = key->SubKeyCount, .MaxNameLen = max_name,
                                       .Values = key->ValueCount, .MaxValueNameLen = max_value_name,
                                       .MaxValueDataLen = max_value_data, .NameLength = name_bytes};
        info.LastWriteTime.QuadPart = key->LastWriteTime;
        *fixed = *required = sizeof(info);
        *data = HostAlloc(sizeof(info));
        memcpy(*data, &info, sizeof(info));
        return STATUS_SUCCESS;
    }
    case KeyFlagsInformation:
    case KeyVirtualizationInformation:
    case KeyHandleTagsInformation:
    case KeyTrustInformation:
    case KeyLayerInformation:
        return KeReportNotImplemented("NtQueryKey/NtEnumerateKey: this information class");
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

static NTSTATUS CmpQueryOrEnumerate(HANDLE KeyHandle, bool enumerate, ULONG Index, KEY_INFORMATION_CLASS cls,
                                    PVOID KeyInformation, ULONG Length, PULONG ResultLength)
{
    ACCESS_MASK access = enumerate ? KEY_ENUMERATE_SUB_KEYS : cls == KeyNameInformation ? 0 : KEY_QUERY_VALUE;
    CMP_KEY_BODY *body;
    UCHAR *data = NULL;
    ULONG required = 0, fixed = 0;
    NTSTATUS status;

    if ((status = CmpReferenceKey(KeyHandle, access, &body)))
        return status;
    CmpLock();
    if (body->Key->Flags & CMP_KEY_DELETED)
        status = STATUS_KEY_DELETED;
    else if (enumerate && Index >= body->Key->SubKeyCount)
        status = STATUS_NO_MORE_ENTRIES;
    else
        status = CmpKeyInformation(enumerate ? body->Key->SubKeys[Index] : body->Key, cls, &data, &required, &fixed);
    CmpUnlock();
    ObDereferenceObject(body);
    if (!status)
        status = CmpReturnInformation(KeyInformation, Length, data, required, fixed, ResultLength);
    free(data);
    return status;
}

NTSTATUS NTAPI NtQueryKey(HANDLE KeyHandle, KEY_INFORMATION_CLASS KeyInformationClass, PVOID KeyInformation,
                          ULONG Length, PULONG ResultLength)
{
    return CmpQueryOrEnumerate(KeyHandle, false, 0, KeyInformationClass, KeyInformation, Length, ResultLength);
}

NTSTATUS NTAPI NtEnumerateKey(HANDLE KeyHandle, ULONG Index, KEY_INFORMATION_CLASS KeyInformationClass,
                              PVOID KeyInformation, ULONG Length, PULONG ResultLength)
{
    return CmpQueryOrEnumerate(KeyHandle, true, Index, KeyInformationClass, KeyInformation, Length, ResultLength);
}

NTSTATUS NTAPI NtSetInformationKey(HANDLE KeyHandle, KEY_SET_INFORMATION_CLASS KeySetInformationClass,
                                   PVOID KeySetInformation, ULONG KeySetInformationLength)
{
    LARGE_INTEGER time;
    CMP_KEY_BODY *body;
    NTSTATUS status;

    if (KeySetInformationClass > KeySetLayerInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (KeySetInformationClass != KeyWriteTimeInformation)
        return KeReportNotImplemented("NtSetInformationKey: this information class");
    if (KeySetInformationLength != sizeof(time))
        return STATUS_INFO_LENGTH_MISMATCH;
    if ((status = CmpReferenceKey(KeyHandle, KEY_SET_VALUE, &body)))
        return status;
    if (KeReadUser(&time, (LARGE_INTEGER *)KeySetInformation)) {
        ObDereferenceObject(body);
        return STATUS_ACCESS_VIOLATION;
    }
    CmpLock();
    if (!(status = CmpBeginKeyChange(body->Key))) {
        CMP_CHANGE change = {.Kind = CMP_CHANGE_SET_TIME, .Key = body->Key, .Time = time.QuadPart};
        if (!(status = CmpEndChange(&change)))
            CmpApplyChange(&change);
    }
    CmpUnlock();
    ObDereferenceObject(body);
    return status;
}

NTSTATUS NTAPI NtFlushKey(HANDLE KeyHandle)
{
    CMP_KEY_BODY *body;
    NTSTATUS status;

    if ((status = CmpReferenceKey(KeyHandle, 0, &body)))
        return status;
    CmpLock();
    if (body->Key->Flags & CMP_KEY_DELETED)
        status = STATUS_KEY_DELETED;
    else if (body->Key->Hive)
        status = CmpFlushHive(body->Key->Hive);
    CmpUnlock();
    ObDereferenceObject(body);
    return status;
}
