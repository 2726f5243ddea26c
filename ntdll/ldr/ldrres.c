/* Resources of images, mapped as images or as data files (a base with its low bit set): LdrFindResource_U,
 * LdrFindResourceDirectory_U and LdrAccessResource. */
#include "ldr/ldrp.h"

#define LDRP_LEVEL_TYPE 0
#define LDRP_LEVEL_NAME 1
#define LDRP_LEVEL_LANGUAGE 2
#define LDRP_LANG_ENGLISH_US 0x409

/* An image's base without the marks LoadLibraryEx puts on it, and whether it is laid out as an image: a data
 * file's (1) is not, an image resource's (2) is. */
static char *LdrpResourceBase(PVOID base, BOOLEAN *image)
{
    *image = !((ULONG_PTR)base & 1);
    return (char *)((ULONG_PTR)base & ~(ULONG_PTR)3);
}

/* The entry of dir that names id (or the string name), or NULL. Named entries come first, then IDs. */
static const IMAGE_RESOURCE_DIRECTORY_ENTRY *LdrpFindEntry(const char *root, const IMAGE_RESOURCE_DIRECTORY *dir,
                                                         ULONG_PTR id, PCWSTR name)
{
    const IMAGE_RESOURCE_DIRECTORY_ENTRY *entries = (const IMAGE_RESOURCE_DIRECTORY_ENTRY *)(dir + 1);
    ULONG named = dir->NumberOfNamedEntries, total = named + dir->NumberOfIdEntries;

    for (ULONG i = name ? 0 : named; i < (name ? named : total); i++) {
        if (!name && entries[i].Name == id)
            return &entries[i];
        if (name && entries[i].Name & IMAGE_RESOURCE_NAME_IS_STRING) {
            const IMAGE_RESOURCE_DIR_STRING_U *s =
                (const IMAGE_RESOURCE_DIR_STRING_U *)(root + (entries[i].Name & ~IMAGE_RESOURCE_NAME_IS_STRING));
            if (!RtlCompareUnicodeStrings(s->NameString, s->Length, name, wcslen(name), TRUE))
                return &entries[i];
        }
    }
    return NULL;
}

/* An ID or a name: "#123" is the ID 123. */
static const IMAGE_RESOURCE_DIRECTORY_ENTRY *LdrpFindId(const char *root, const IMAGE_RESOURCE_DIRECTORY *dir,
                                                      ULONG_PTR value)
{
    PCWSTR name = (PCWSTR)value;
    ULONG_PTR id = 0;

    if (value < 0x10000)
        return LdrpFindEntry(root, dir, value, NULL);
    if (name[0] != '#')
        return LdrpFindEntry(root, dir, 0, name);
    for (PCWSTR p = name + 1; *p; p++) {
        if (*p < '0' || *p > '9' || id > 0xffff)
            return NULL;
        id = id * 10 + (*p - '0');
    }
    return LdrpFindEntry(root, dir, id, NULL);
}

/* A language as Windows falls back: exactly, its primary language alone and with the default sublanguage; for a
 * neutral one, the thread's language and its primary one; then neutral, US English, English, and whatever comes
 * first. */
static const IMAGE_RESOURCE_DIRECTORY_ENTRY *LdrpFindLanguage(const char *root, const IMAGE_RESOURCE_DIRECTORY *dir,
                                                            ULONG_PTR language)
{
    ULONG_PTR thread = (language & 0x3ff) ? language : NtCurrentTeb()->CurrentLocale & 0xffff;
    const ULONG_PTR tries[] = {language, language & 0x3ff, (language & 0x3ff) | 0x400, thread, thread & 0x3ff, 0,
                               LDRP_LANG_ENGLISH_US, LDRP_LANG_ENGLISH_US & 0x3ff};
    const IMAGE_RESOURCE_DIRECTORY_ENTRY *entry;

    if (language >= 0x10000)
        return NULL;
    for (unsigned i = 0; i < sizeof(tries) / sizeof(tries[0]); i++)
        if ((entry = LdrpFindEntry(root, dir, tries[i], NULL)))
            return entry;
    return dir->NumberOfIdEntries ? (const IMAGE_RESOURCE_DIRECTORY_ENTRY *)(dir + 1) + dir->NumberOfNamedEntries
                                  : NULL;
}

/* Walk levels (type, name, language) of info down from the root; what the last one leads to comes back. */
static NTSTATUS LdrpWalkResources(PVOID base, const LDR_RESOURCE_INFO *info, ULONG levels, const void **out)
{
    static const NTSTATUS missing[] = {STATUS_RESOURCE_TYPE_NOT_FOUND, STATUS_RESOURCE_NAME_NOT_FOUND,
                                       STATUS_RESOURCE_LANG_NOT_FOUND};
    const ULONG_PTR values[] = {info ? info->Type : 0, info ? info->Name : 0, info ? info->Language : 0};
    BOOLEAN image;
    char *start = LdrpResourceBase(base, &image);
    ULONG size;
    const char *root = RtlImageNtHeader(start) ? RtlImageDirectoryEntryToData(start, image,
                                                                             IMAGE_DIRECTORY_ENTRY_RESOURCE, &size)
                                               : NULL;
    const void *at = root;

    if (!root)
        return STATUS_RESOURCE_DATA_NOT_FOUND;
    if (levels > 3 || (levels && !info))
        return STATUS_INVALID_PARAMETER;
    for (ULONG level = 0; level < levels; level++) {
        const IMAGE_RESOURCE_DIRECTORY *dir = at;
        const IMAGE_RESOURCE_DIRECTORY_ENTRY *entry = level == LDRP_LEVEL_LANGUAGE
                                                          ? LdrpFindLanguage(root, dir, values[level])
                                                          : LdrpFindId(root, dir, values[level]);
        if (!entry)
            return missing[level];
        /* Above the language level there are only directories; at it, data. */
        if (!(entry->OffsetToData & IMAGE_RESOURCE_DATA_IS_DIRECTORY) != (level == LDRP_LEVEL_LANGUAGE))
            return STATUS_INVALID_IMAGE_FORMAT;
        at = root + (entry->OffsetToData & ~IMAGE_RESOURCE_DATA_IS_DIRECTORY);
    }
    *out = at;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LdrFindResource_U(PVOID BaseAddress, PLDR_RESOURCE_INFO ResourceInfo, ULONG Level,
                                 IMAGE_RESOURCE_DATA_ENTRY **ResourceDataEntry)
{
    return LdrpWalkResources(BaseAddress, ResourceInfo, Level, (const void **)ResourceDataEntry);
}

/* Directories only: a level that reaches data is refused. */
NTSTATUS NTAPI LdrFindResourceDirectory_U(PVOID BaseAddress, PLDR_RESOURCE_INFO ResourceInfo, ULONG Level,
                                          IMAGE_RESOURCE_DIRECTORY **ResourceDirectory)
{
    if (Level > 2)
        return STATUS_INVALID_PARAMETER;
    return LdrpWalkResources(BaseAddress, ResourceInfo, Level, (const void **)ResourceDirectory);
}

NTSTATUS NTAPI LdrAccessResource(PVOID BaseAddress, IMAGE_RESOURCE_DATA_ENTRY *ResourceDataEntry, PVOID *Resource,
                                 PULONG Size)
{
    BOOLEAN image;
    char *base = LdrpResourceBase(BaseAddress, &image);
    IMAGE_NT_HEADERS64 *nt = RtlImageNtHeader(base);
    ULONG rva = ResourceDataEntry->OffsetToData;

    if (!nt)
        return STATUS_INVALID_IMAGE_FORMAT;
    if (!image) {
        /* In a data file, an RVA is found through the section that holds it. */
        IMAGE_SECTION_HEADER *s = ImageFirstSection(nt);
        USHORT i;
        for (i = 0; i < nt->FileHeader.NumberOfSections; i++, s++)
            if (rva >= s->VirtualAddress && rva < s->VirtualAddress + s->SizeOfRawData)
                break;
        if (i == nt->FileHeader.NumberOfSections)
            return STATUS_RESOURCE_DATA_NOT_FOUND;
        rva = rva - s->VirtualAddress + s->PointerToRawData;
    }
    if (Resource)
        *Resource = base + rva;
    if (Size)
        *Size = ResourceDataEntry->Size;
    return STATUS_SUCCESS;
}

/* A message of an image's message table: the block of IDs holding MessageId, then its entry, each entry
 * telling its own length. Everything is checked against the resource's size. */
NTSTATUS NTAPI RtlFindMessage(PVOID DllHandle, ULONG MessageTableId, ULONG MessageLanguageId, ULONG MessageId,
                              PMESSAGE_RESOURCE_ENTRY *MessageEntry)
{
    LDR_RESOURCE_INFO info = {MessageTableId, 1, MessageLanguageId};
    IMAGE_RESOURCE_DATA_ENTRY *entry;
    const MESSAGE_RESOURCE_DATA *data;
    const UCHAR *end;
    ULONG size;
    NTSTATUS status;

    if ((status = LdrFindResource_U(DllHandle, &info, 3, &entry)) ||
        (status = LdrAccessResource(DllHandle, entry, (PVOID *)&data, &size)))
        return status;
    end = (const UCHAR *)data + size;
    if (size < sizeof(ULONG) || data->NumberOfBlocks > (size - sizeof(ULONG)) / sizeof(MESSAGE_RESOURCE_BLOCK))
        return STATUS_MESSAGE_NOT_FOUND;
    for (ULONG b = 0; b < data->NumberOfBlocks; b++) {
        const MESSAGE_RESOURCE_BLOCK *block = &data->Blocks[b];
        const UCHAR *p = (const UCHAR *)data + block->OffsetToEntries;
        if (MessageId < block->LowId || MessageId > block->HighId)
            continue;
        for (ULONG id = block->LowId; p + 2 * sizeof(USHORT) <= end && p >= (const UCHAR *)data; id++) {
            const MESSAGE_RESOURCE_ENTRY *message = (const MESSAGE_RESOURCE_ENTRY *)p;
            if (message->Length < 2 * sizeof(USHORT) || message->Length > (SIZE_T)(end - p))
                break;
            if (id == MessageId) {
                *MessageEntry = (PMESSAGE_RESOURCE_ENTRY)message;
                return STATUS_SUCCESS;
            }
            p += message->Length;
        }
        break;
    }
    return STATUS_MESSAGE_NOT_FOUND;
}
