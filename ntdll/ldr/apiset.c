/* API sets: api-ms-* and ext-ms-* names resolved to their host DLLs through the schema (version 6) that
 * apisetschema.dll carries in its .apiset section, mapped at process start and kept in PEB->ApiSetMap. The file
 * is mapped as data, read-only and shared, not laid out as an image: the schema is read where it lies. */
#include "ldr/ldrp.h"

static const API_SET_NAMESPACE *LdrpSchema;

NTSTATUS LdrpMapSchema(void)
{
    UNICODE_STRING path = {0};
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &path, .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;
    HANDLE file, section;
    PVOID base = NULL;
    SIZE_T size = 0;
    IMAGE_NT_HEADERS64 *nt;
    IMAGE_SECTION_HEADER *s;
    NTSTATUS status;

    RtlInitUnicodeString(&path, L"\\SystemRoot\\system32\\apisetschema.dll");
    if ((status = NtOpenFile(&file, SYNCHRONIZE | FILE_READ_DATA, &oa, &iosb, FILE_SHARE_READ,
                             FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE)))
        return status;
    status = NtCreateSection(&section, SECTION_MAP_READ, NULL, NULL, PAGE_READONLY, SEC_COMMIT, file);
    NtClose(file);
    if (status)
        return status;
    status = NtMapViewOfSection(section, NtCurrentProcess(), &base, 0, 0, NULL, &size, ViewShare, 0, PAGE_READONLY);
    NtClose(section);
    if (status)
        return status;
    nt = RtlImageNtHeader(base);
    s = nt ? ImageFirstSection(nt) : NULL;
    for (USHORT i = 0; nt && i < nt->FileHeader.NumberOfSections; i++, s++) {
        const API_SET_NAMESPACE *schema = (const API_SET_NAMESPACE *)((char *)base + s->PointerToRawData);
        if (memcmp(s->Name, ".apiset", 8) || s->SizeOfRawData < sizeof(*schema) ||
            (ULONG64)s->PointerToRawData + s->SizeOfRawData > size || schema->Version != 6 ||
            schema->Size > s->SizeOfRawData)
            continue;
        LdrpSchema = schema;
        NtCurrentTeb()->ProcessEnvironmentBlock->ApiSetMap = (PVOID)schema;
        return STATUS_SUCCESS;
    }
    NtUnmapViewOfSection(NtCurrentProcess(), base);
    return STATUS_INVALID_IMAGE_FORMAT;
}

static const WCHAR *LdrpSchemaString(ULONG offset)
{
    return (const WCHAR *)((const char *)LdrpSchema + offset);
}

static WCHAR LdrpLower(WCHAR c)
{
    return c >= 'A' && c <= 'Z' ? (WCHAR)(c + 32) : c;
}

/* The schema's entry for a name (without ".dll"): hashed up to its last hyphen, as Windows hashes it. */
static const API_SET_NAMESPACE_ENTRY *LdrpFindApiSet(const WCHAR *name, SIZE_T length)
{
    const API_SET_HASH_ENTRY *hashes = (const API_SET_HASH_ENTRY *)((const char *)LdrpSchema + LdrpSchema->HashOffset);
    const API_SET_NAMESPACE_ENTRY *entries =
        (const API_SET_NAMESPACE_ENTRY *)((const char *)LdrpSchema + LdrpSchema->EntryOffset);
    SIZE_T hashed = length;
    ULONG hash = 0;
    LONG lo = 0, hi = (LONG)LdrpSchema->Count - 1;

    while (hashed && name[hashed - 1] != '-')
        hashed--;
    if (!hashed--)
        return NULL;
    for (SIZE_T i = 0; i < hashed; i++)
        hash = hash * LdrpSchema->HashFactor + LdrpLower(name[i]);
    while (lo <= hi) {
        LONG mid = (lo + hi) / 2;
        if (hashes[mid].Hash < hash)
            lo = mid + 1;
        else if (hashes[mid].Hash > hash)
            hi = mid - 1;
        else {
            const API_SET_NAMESPACE_ENTRY *entry = &entries[hashes[mid].Index];
            if (entry->HashedLength == hashed * sizeof(WCHAR) &&
                !RtlCompareUnicodeStrings(LdrpSchemaString(entry->NameOffset), hashed, name, hashed, TRUE))
                return entry;
            return NULL;
        }
    }
    return NULL;
}

NTSTATUS LdrpResolveApiSet(const UNICODE_STRING *name, const LDRP_MODULE *importer, UNICODE_STRING *host)
{
    SIZE_T length = name->Length / sizeof(WCHAR);
    const API_SET_NAMESPACE_ENTRY *entry;
    const API_SET_VALUE_ENTRY *values, *value;

    if (!LdrpSchema || length < 4 ||
        (RtlCompareUnicodeStrings(name->Buffer, 4, L"api-", 4, TRUE) &&
         RtlCompareUnicodeStrings(name->Buffer, 4, L"ext-", 4, TRUE)))
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if (length > 4 && !RtlCompareUnicodeStrings(name->Buffer + length - 4, 4, L".dll", 4, TRUE))
        length -= 4;
    /* A name the schema does not know is looked for as a file, as Windows does. */
    if (!(entry = LdrpFindApiSet(name->Buffer, length)))
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if (!entry->ValueCount)
        return STATUS_DLL_NOT_FOUND;
    values = (const API_SET_VALUE_ENTRY *)((const char *)LdrpSchema + entry->ValueOffset);
    value = &values[0];
    /* The values after the first name the importers that get another host. */
    for (ULONG i = 1; importer && i < entry->ValueCount; i++)
        if (!RtlCompareUnicodeStrings(LdrpSchemaString(values[i].NameOffset), values[i].NameLength / sizeof(WCHAR),
                                      importer->Entry.BaseDllName.Buffer,
                                      importer->Entry.BaseDllName.Length / sizeof(WCHAR), TRUE))
            value = &values[i];
    if (!value->ValueLength)
        return STATUS_DLL_NOT_FOUND;
    host->Buffer = (PWSTR)LdrpSchemaString(value->ValueOffset);
    host->Length = host->MaximumLength = (USHORT)value->ValueLength;
    return STATUS_SUCCESS;
}

/* Whether the schema knows an API set (in_schema) and a DLL stands behind it (present). */
NTSTATUS NTAPI ApiSetQueryApiSetPresenceEx(PCUNICODE_STRING Namespace, PBOOLEAN InSchema, PBOOLEAN Present)
{
    UNICODE_STRING host;
    NTSTATUS status;

    status = LdrpResolveApiSet(Namespace, NULL, &host);
    *InSchema = status != STATUS_OBJECT_NAME_NOT_FOUND;
    *Present = !status;
    return STATUS_SUCCESS;
}
