/* The NT and Unix name conversions Wine's DLLs import from ntdll (wine_nt_to_unix_file_name,
 * wine_unix_to_nt_file_name), on the personality's own path translation: a name is opened through the object
 * namespace, case-blind as Windows looks names up, and the file tells its Linux path. */
#include "rtl/rtlp.h"
#include "rtl/unicode.h"

#define RTLP_UNIX_PATH_MAX 4096

/* The Linux path of what an NT name opens (a file or a directory), UTF-8, in path. */
static NTSTATUS RtlpUnixPathOf(const OBJECT_ATTRIBUTES *attributes, char *path, ULONG size)
{
    union {
        FILE_VELES_UNIX_NAME_INFORMATION info;
        UCHAR bytes[RTLP_UNIX_PATH_MAX + 8];
    } u;
    IO_STATUS_BLOCK iosb;
    HANDLE file;
    NTSTATUS status;

    status = NtOpenFile(&file, SYNCHRONIZE | FILE_READ_ATTRIBUTES, (POBJECT_ATTRIBUTES)attributes, &iosb,
                        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, FILE_OPEN_FOR_BACKUP_INTENT);
    if (status)
        return status;
    status = NtQueryInformationFile(file, &iosb, &u, sizeof(u), FileVelesUnixNameInformation);
    NtClose(file);
    if (status)
        return status == STATUS_BUFFER_OVERFLOW ? STATUS_NAME_TOO_LONG : status;
    if (u.info.NameLength + 1 > size)
        return STATUS_NAME_TOO_LONG;
    memcpy(path, u.info.Name, u.info.NameLength);
    path[u.info.NameLength] = 0;
    return STATUS_SUCCESS;
}

static NTSTATUS RtlpCopyOut(const char *text, char *out, PULONG size)
{
    ULONG n = (ULONG)strlen(text) + 1;
    NTSTATUS status = STATUS_SUCCESS;

    if (*size >= n)
        memcpy(out, text, n);
    else
        status = STATUS_BUFFER_TOO_SMALL;
    *size = n;
    return status;
}

/* The Linux name of an NT name. With FILE_OPEN or FILE_OVERWRITE it must exist; otherwise a missing last
 * component is named after its existing directory, with STATUS_NO_SUCH_FILE, as Wine answers. */
NTSTATUS NTAPI wine_nt_to_unix_file_name(const OBJECT_ATTRIBUTES *Attributes, char *Name, PULONG Size,
                                         ULONG Disposition)
{
    char path[RTLP_UNIX_PATH_MAX + 1];
    NTSTATUS status;

    if (!Attributes || !Attributes->ObjectName || !Size)
        return STATUS_INVALID_PARAMETER;
    status = RtlpUnixPathOf(Attributes, path, sizeof(path));
    if (status == STATUS_OBJECT_NAME_NOT_FOUND && Disposition != FILE_OPEN && Disposition != FILE_OVERWRITE) {
        const UNICODE_STRING *full = Attributes->ObjectName;
        USHORT units = full->Length / sizeof(WCHAR), cut = units;
        OBJECT_ATTRIBUTES parent = *Attributes;
        UNICODE_STRING parent_name;
        SIZE_T used, added;

        while (cut && full->Buffer[cut - 1] != '\\')
            cut--;
        if (!cut || cut == units)
            return STATUS_OBJECT_NAME_INVALID;
        parent_name.Buffer = full->Buffer;
        parent_name.Length = parent_name.MaximumLength = (USHORT)(cut * sizeof(WCHAR));
        parent.ObjectName = &parent_name;
        if ((status = RtlpUnixPathOf(&parent, path, sizeof(path))))
            return status;
        used = strlen(path);
        if (used && path[used - 1] != '/')
            path[used++] = '/';
        added = RtlpUtf16ToUtf8(full->Buffer + cut, units - cut, path + used, sizeof(path) - 1 - used);
        if (used + added >= sizeof(path))
            return STATUS_NAME_TOO_LONG;
        path[used + added] = 0;
        status = RtlpCopyOut(path, Name, Size);
        return status ? status : STATUS_NO_SUCH_FILE;
    }
    return status ? status : RtlpCopyOut(path, Name, Size);
}

/* The NT name of an absolute Linux path: inside the prefix's drive C "\??\C:\...", elsewhere through Z:, the
 * Linux root. */
NTSTATUS NTAPI wine_unix_to_nt_file_name(const char *Name, PWSTR Buffer, PULONG Size)
{
    static WCHAR root_c[] = L"\\??\\C:\\";
    UNICODE_STRING c_name = {sizeof(root_c) - sizeof(WCHAR), sizeof(root_c), root_c};
    OBJECT_ATTRIBUTES c_attributes = {.Length = sizeof(c_attributes), .ObjectName = &c_name,
                                      .Attributes = OBJ_CASE_INSENSITIVE};
    char drive_c[RTLP_UNIX_PATH_MAX + 1];
    const char *rest = Name;
    WCHAR prefix = 'Z';
    SIZE_T n, c_length;
    ULONG needed;

    if (!Name || Name[0] != '/' || !Size)
        return STATUS_INVALID_PARAMETER;
    if (!RtlpUnixPathOf(&c_attributes, drive_c, sizeof(drive_c))) {
        c_length = strlen(drive_c);
        if (!strncmp(Name, drive_c, c_length) && (Name[c_length] == '/' || !Name[c_length])) {
            rest = Name + c_length;
            prefix = 'C';
        }
    }
    n = RtlpUtf8ToUtf16(rest, strlen(rest), NULL, 0);
    needed = (ULONG)(6 + (n ? n : 1) + 1); /* "\??\X:", the rest or "\", the terminator */
    if (*Size < needed) {
        *Size = needed;
        return STATUS_BUFFER_TOO_SMALL;
    }
    memcpy(Buffer, L"\\??\\", 4 * sizeof(WCHAR));
    Buffer[4] = prefix;
    Buffer[5] = ':';
    if (n)
        RtlpUtf8ToUtf16(rest, strlen(rest), Buffer + 6, n);
    else
        Buffer[6] = '/';
    for (SIZE_T i = 6; i < needed - 1; i++)
        if (Buffer[i] == '/')
            Buffer[i] = '\\';
    Buffer[needed - 1] = 0;
    *Size = needed;
    return STATUS_SUCCESS;
}
