/* DOS paths: their kinds, full paths, the NT paths they name, and the current directory. */
#include "rtl/rtlp.h"

#define RTLP_MAX_PATH 32767 /* characters: the most a UNICODE_STRING holds */

static BOOLEAN RtlpIsSeparator(WCHAR c)
{
    return c == '\\' || c == '/';
}

RTL_PATH_TYPE NTAPI RtlDetermineDosPathNameType_U(PCWSTR Path)
{
    if (RtlpIsSeparator(Path[0])) {
        if (!RtlpIsSeparator(Path[1]))
            return RtlPathTypeRooted;
        if (Path[2] != '.' && Path[2] != '?')
            return RtlPathTypeUncAbsolute;
        if (RtlpIsSeparator(Path[3]))
            return RtlPathTypeLocalDevice;
        return Path[3] ? RtlPathTypeUncAbsolute : RtlPathTypeRootLocalDevice;
    }
    if (Path[0] && Path[1] == ':')
        return RtlpIsSeparator(Path[2]) ? RtlPathTypeDriveAbsolute : RtlPathTypeDriveRelative;
    return RtlPathTypeRelative;
}

/* The DOS device a path names, as Windows finds it: the last component up to its first '.' or ':', without
 * trailing spaces, being CON, PRN, AUX, NUL, COM1-9, LPT1-9, CONIN$ or CONOUT$. The answer is its offset
 * (high word) and length (low word) in bytes, or 0. */
ULONG NTAPI RtlIsDosDeviceName_U(PCWSTR DosFileName)
{
    static const WCHAR *const devices[] = {L"CON", L"PRN", L"AUX", L"NUL", L"CONIN$", L"CONOUT$"};
    RTL_PATH_TYPE type = RtlDetermineDosPathNameType_U(DosFileName);
    SIZE_T end = wcslen(DosFileName), start = end, n = 0;

    if (type == RtlPathTypeUncAbsolute || type == RtlPathTypeLocalDevice || type == RtlPathTypeRootLocalDevice ||
        !end || RtlpIsSeparator(DosFileName[end - 1]))
        return 0;
    while (start && !RtlpIsSeparator(DosFileName[start - 1]))
        start--;
    if (!start && (type == RtlPathTypeDriveRelative || type == RtlPathTypeDriveAbsolute))
        start = 2;
    while (start + n < end && DosFileName[start + n] != '.' && DosFileName[start + n] != ':')
        n++;
    while (n && DosFileName[start + n - 1] == ' ')
        n--;
    for (unsigned i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
        if (!RtlCompareUnicodeStrings(DosFileName + start, n, devices[i], wcslen(devices[i]), TRUE))
            return (ULONG)(start * sizeof(WCHAR)) << 16 | (ULONG)(n * sizeof(WCHAR));
    if (n == 4 && DosFileName[start + 3] >= '1' && DosFileName[start + 3] <= '9' &&
        (!RtlCompareUnicodeStrings(DosFileName + start, 3, L"COM", 3, TRUE) ||
         !RtlCompareUnicodeStrings(DosFileName + start, 3, L"LPT", 3, TRUE)))
        return (ULONG)(start * sizeof(WCHAR)) << 16 | 8;
    return 0;
}

/* Append n characters to the path being built, if it stays within the limit. */
static BOOLEAN RtlpPut(PWSTR out, SIZE_T *len, PCWSTR text, SIZE_T n)
{
    if (*len + n > RTLP_MAX_PATH)
        return FALSE;
    memcpy(out + *len, text, n * sizeof(WCHAR));
    *len += n;
    return TRUE;
}

/* The length of the part of a full path that ".." never climbs above: "C:\", "\\server\share\", "\\.\" */
static SIZE_T RtlpRootLength(PCWSTR path, SIZE_T len)
{
    SIZE_T i, seps = 0;

    if (len >= 3 && path[1] == ':')
        return 3;
    if (len >= 4 && (path[2] == '.' || path[2] == '?') && path[3] == '\\')
        return 4;
    for (i = 2; i < len; i++)
        if (path[i] == '\\' && ++seps == 2)
            return i + 1;
    return len;
}

/* The full path of name, in out (RTLP_MAX_PATH characters); 0 when it would be longer. */
static SIZE_T RtlpFullPath(PCWSTR name, PWSTR out)
{
    const UNICODE_STRING *cwd = &NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters->CurrentDirectory.DosPath;
    SIZE_T cwd_len = cwd->Length / sizeof(WCHAR), len = 0, root, i;
    RTL_PATH_TYPE type = RtlDetermineDosPathNameType_U(name);
    PCWSTR rest = name;
    static const WCHAR backslash = '\\';
    ULONG device = RtlIsDosDeviceName_U(name);

    /* A DOS device anywhere is the device itself: "C:\\x\\nul.txt" is "\\\\.\\nul". */
    if (device) {
        if (!RtlpPut(out, &len, L"\\\\.\\", 4) ||
            !RtlpPut(out, &len, name + (device >> 16) / sizeof(WCHAR), (device & 0xffff) / sizeof(WCHAR)))
            return 0;
        out[len] = 0;
        return len;
    }
    switch (type) {
    case RtlPathTypeRootLocalDevice: {
        /* "\\." or "\\?" alone: the root of the devices, "\\.\" */
        const WCHAR root[4] = {'\\', '\\', name[2], '\\'};
        if (!RtlpPut(out, &len, root, 4))
            return 0;
        out[len] = 0;
        return len;
    }
    case RtlPathTypeDriveAbsolute:
    case RtlPathTypeUncAbsolute:
    case RtlPathTypeLocalDevice:
        break;
    case RtlPathTypeDriveRelative:
        /* The current directory when it is on that drive, else the drive's root. */
        if (cwd_len >= 2 && RtlUpcaseUnicodeChar(cwd->Buffer[0]) == RtlUpcaseUnicodeChar(name[0])) {
            if (!RtlpPut(out, &len, cwd->Buffer, cwd_len))
                return 0;
        } else if (!RtlpPut(out, &len, name, 2) || !RtlpPut(out, &len, &backslash, 1)) {
            return 0;
        }
        rest = name + 2;
        break;
    case RtlPathTypeRooted:
        if (!RtlpPut(out, &len, cwd->Buffer, RtlpRootLength(cwd->Buffer, cwd_len) - 1))
            return 0;
        break;
    default:
        if (!RtlpPut(out, &len, cwd->Buffer, cwd_len))
            return 0;
    }
    if (len && out[len - 1] != '\\' && *rest && !RtlpIsSeparator(*rest) && !RtlpPut(out, &len, &backslash, 1))
        return 0;
    if (!RtlpPut(out, &len, rest, wcslen(rest)))
        return 0;

    /* One separator between components; "." and ".." resolved, never above the root. */
    for (i = 0; i < len; i++)
        if (out[i] == '/')
            out[i] = '\\';
    root = RtlpRootLength(out, len);
    {
        SIZE_T r = root, w = root;
        while (r < len) {
            SIZE_T start = r, n;
            BOOLEAN separator;
            while (r < len && out[r] != '\\')
                r++;
            n = r - start;
            separator = r < len;
            r += separator;
            if (!n)
                continue;
            if (out[start] == '.' && (n == 1 || (n == 2 && out[start + 1] == '.'))) {
                if (n == 2 && w > root) {
                    w--;
                    while (w > root && out[w - 1] != '\\')
                        w--;
                }
                /* Last, it names the directory itself: without its trailing backslash. */
                if (!separator && w > root)
                    w--;
                continue;
            }
            /* An inner component loses one trailing dot ("a./b" is "a\b"). */
            if (separator && out[start + n - 1] == '.')
                n--;
            memmove(out + w, out + start, n * sizeof(WCHAR));
            w += n;
            if (separator)
                out[w++] = '\\';
        }
        len = w;
    }
    /* A last component loses its trailing dots and spaces, as Windows strips them. */
    while (len > root && (out[len - 1] == '.' || out[len - 1] == ' '))
        len--;
    out[len] = 0;
    return len;
}

ULONG NTAPI RtlGetFullPathName_U(PCWSTR FileName, ULONG Size, PWSTR Buffer, PWSTR *FilePart)
{
    PWSTR full;
    SIZE_T len, part;

    if (FilePart)
        *FilePart = NULL;
    if (!FileName || !*FileName)
        return 0;
    if (!(full = RtlAllocateHeap(RtlpHeap(), 0,
                                 (RTLP_MAX_PATH + 1) * sizeof(WCHAR))))
        return 0;
    len = RtlpFullPath(FileName, full);
    if (len && (len + 1) * sizeof(WCHAR) <= Size) {
        memcpy(Buffer, full, (len + 1) * sizeof(WCHAR));
        for (part = len; part && Buffer[part - 1] != '\\'; part--)
            ;
        /* A device has no file part, nor has a UNC server without a share. */
        if (FilePart && part < len && !RtlIsDosDeviceName_U(FileName) &&
            !(RtlDetermineDosPathNameType_U(Buffer) == RtlPathTypeUncAbsolute && part <= 2))
            *FilePart = Buffer + part;
    } else if (len) {
        len++; /* the room it needs, terminator included */
    }
    RtlFreeHeap(RtlpHeap(), 0, full);
    return (ULONG)(len * sizeof(WCHAR));
}

/* CONIN$ and CONOUT$ as a whole name, which Windows takes for the console's devices. */
static BOOLEAN RtlpIsConsoleName(PCWSTR name)
{
    static const WCHAR *const names[] = {L"CONIN$", L"CONOUT$"};
    for (SIZE_T i = 0; i < 2; i++) {
        SIZE_T n = wcslen(names[i]);
        if (!_wcsnicmp(name, names[i], n) && !name[n])
            return TRUE;
    }
    return FALSE;
}

/* A DOS device named inside a directory ("C:\\dir\\nul") is that device only where the directory is there, as
 * Windows checks. */
static BOOLEAN RtlpDeviceDirectoryExists(PCWSTR name)
{
    ULONG device = RtlIsDosDeviceName_U(name);
    SIZE_T offset = (device >> 16) / sizeof(WCHAR);
    UNICODE_STRING nt;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &nt, .Attributes = OBJ_CASE_INSENSITIVE};
    FILE_BASIC_INFORMATION info;
    PWSTR directory;
    NTSTATUS status;

    if (!device || !offset)
        return TRUE;
    if (!(directory = RtlAllocateHeap(RtlpHeap(), 0, (offset + 1) * sizeof(WCHAR))))
        return FALSE;
    memcpy(directory, name, offset * sizeof(WCHAR));
    directory[offset] = 0;
    status = RtlDosPathNameToNtPathName_U_WithStatus(directory, &nt, NULL, NULL);
    RtlFreeHeap(RtlpHeap(), 0, directory);
    if (status)
        return FALSE;
    status = NtQueryAttributesFile(&oa, &info);
    RtlFreeUnicodeString(&nt);
    return !status && info.FileAttributes & FILE_ATTRIBUTE_DIRECTORY;
}

NTSTATUS NTAPI RtlDosPathNameToNtPathName_U_WithStatus(PCWSTR DosName, PUNICODE_STRING NtName, PWSTR *FilePart,
                                                       PRTL_RELATIVE_NAME_U RelativeName)
{
    static const WCHAR prefix[] = L"\\??\\", unc[] = L"\\??\\UNC";
    PVOID heap = RtlpHeap();
    PWSTR full, out;
    SIZE_T len, skip = 0, head = 4, total;
    RTL_PATH_TYPE type;

    if (RelativeName)
        memset(RelativeName, 0, sizeof(*RelativeName));
    if (FilePart)
        *FilePart = NULL;
    if (!DosName || !*DosName)
        return STATUS_OBJECT_NAME_INVALID;
    for (len = 0; DosName[len] == ' '; len++)
        ;
    if (!DosName[len])
        return STATUS_OBJECT_NAME_INVALID; /* spaces only */
    if (!RtlpDeviceDirectoryExists(DosName))
        return STATUS_OBJECT_NAME_INVALID;
    if (!(full = RtlAllocateHeap(heap, 0, (RTLP_MAX_PATH + 1) * sizeof(WCHAR))))
        return STATUS_NO_MEMORY;
    /* "\\?\" and "\??\" ask that the rest be taken as it is. */
    if ((DosName[0] == '\\' && DosName[1] == '\\' && DosName[2] == '?' && DosName[3] == '\\') ||
               (DosName[0] == '\\' && DosName[1] == '?' && DosName[2] == '?' && DosName[3] == '\\' && DosName[4])) {
        len = wcslen(DosName);
        if (len > RTLP_MAX_PATH) {
            RtlFreeHeap(heap, 0, full);
            return STATUS_NAME_TOO_LONG;
        }
        memcpy(full, DosName, (len + 1) * sizeof(WCHAR));
        skip = 4;
    } else {
        if (!(len = RtlpFullPath(DosName, full))) {
            RtlFreeHeap(heap, 0, full);
            return STATUS_OBJECT_NAME_INVALID;
        }
        type = RtlDetermineDosPathNameType_U(full);
        if (type == RtlPathTypeLocalDevice || type == RtlPathTypeRootLocalDevice)
            skip = 4; /* "\\.\x" is "\??\x" */
        else if (type == RtlPathTypeUncAbsolute) {
            skip = 1; /* "\\server\share" is "\??\UNC\server\share" */
            head = 7;
        }
    }
    total = head + len - skip;
    if (total > RTLP_MAX_PATH || !(out = RtlAllocateHeap(heap, 0, (total + 1) * sizeof(WCHAR)))) {
        RtlFreeHeap(heap, 0, full);
        return total > RTLP_MAX_PATH ? STATUS_NAME_TOO_LONG : STATUS_NO_MEMORY;
    }
    memcpy(out, head == 4 ? prefix : unc, head * sizeof(WCHAR));
    memcpy(out + head, full + skip, (len - skip + 1) * sizeof(WCHAR));
    RtlFreeHeap(heap, 0, full);
    NtName->Buffer = out;
    NtName->Length = (USHORT)(total * sizeof(WCHAR));
    NtName->MaximumLength = (USHORT)((total + 1) * sizeof(WCHAR));
    /* A DOS device (NUL, CON, CONIN$...) has no file part, nor has a UNC server without a share. */
    if (FilePart && !RtlIsDosDeviceName_U(DosName) && !RtlpIsConsoleName(DosName)) {
        SIZE_T part = total;
        while (part && out[part - 1] != '\\')
            part--;
        if (part < total && !(head == 7 && part <= head + 1))
            *FilePart = out + part;
    }
    return STATUS_SUCCESS;
}

BOOLEAN NTAPI RtlDosPathNameToNtPathName_U(PCWSTR DosName, PUNICODE_STRING NtName, PWSTR *FilePart,
                                           PRTL_RELATIVE_NAME_U RelativeName)
{
    return !RtlDosPathNameToNtPathName_U_WithStatus(DosName, NtName, FilePart, RelativeName);
}

/* Without its trailing backslash, unless it is a drive's root. */
ULONG NTAPI RtlGetCurrentDirectory_U(ULONG Length, PWSTR Buffer)
{
    const UNICODE_STRING *cwd;
    SIZE_T len;

    RtlAcquirePebLock();
    cwd = &NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters->CurrentDirectory.DosPath;
    len = cwd->Length / sizeof(WCHAR);
    if (len > 3 && cwd->Buffer[len - 1] == '\\')
        len--;
    if ((len + 1) * sizeof(WCHAR) > Length) {
        RtlReleasePebLock();
        return (ULONG)((len + 1) * sizeof(WCHAR));
    }
    memcpy(Buffer, cwd->Buffer, len * sizeof(WCHAR));
    Buffer[len] = 0;
    RtlReleasePebLock();
    return (ULONG)(len * sizeof(WCHAR));
}

NTSTATUS NTAPI RtlSetCurrentDirectory_U(PUNICODE_STRING Directory)
{
    CURDIR *cwd = &NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters->CurrentDirectory;
    PVOID heap = RtlpHeap();
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .Attributes = OBJ_CASE_INSENSITIVE};
    UNICODE_STRING nt;
    IO_STATUS_BLOCK iosb;
    PWSTR dos;
    HANDLE handle;
    SIZE_T len;
    NTSTATUS status;

    if (!(dos = RtlAllocateHeap(heap, 0, Directory->Length + sizeof(WCHAR))))
        return STATUS_NO_MEMORY;
    memcpy(dos, Directory->Buffer, Directory->Length);
    dos[Directory->Length / sizeof(WCHAR)] = 0;
    status = RtlDosPathNameToNtPathName_U_WithStatus(dos, &nt, NULL, NULL);
    RtlFreeHeap(heap, 0, dos);
    if (status)
        return status;
    oa.ObjectName = &nt;
    status = NtOpenFile(&handle, FILE_TRAVERSE | SYNCHRONIZE, &oa, &iosb, FILE_SHARE_READ | FILE_SHARE_WRITE,
                        FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT);
    if (status) {
        RtlFreeUnicodeString(&nt);
        return status;
    }
    /* The DOS form of what was opened, with its trailing backslash, in the room the parameters keep. */
    len = nt.Length / sizeof(WCHAR) - 4;
    RtlAcquirePebLock();
    if ((len + 2) * sizeof(WCHAR) > cwd->DosPath.MaximumLength) {
        status = STATUS_NAME_TOO_LONG;
        NtClose(handle);
    } else {
        memcpy(cwd->DosPath.Buffer, nt.Buffer + 4, len * sizeof(WCHAR));
        if (cwd->DosPath.Buffer[len - 1] != '\\')
            cwd->DosPath.Buffer[len++] = '\\';
        cwd->DosPath.Buffer[len] = 0;
        cwd->DosPath.Length = (USHORT)(len * sizeof(WCHAR));
        if (cwd->Handle)
            NtClose(cwd->Handle);
        cwd->Handle = handle;
    }
    RtlReleasePebLock();
    RtlFreeUnicodeString(&nt);
    return status;
}

BOOLEAN NTAPI RtlDoesFileExists_U(PCWSTR FileName)
{
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .Attributes = OBJ_CASE_INSENSITIVE};
    FILE_BASIC_INFORMATION info;
    UNICODE_STRING nt;
    NTSTATUS status;

    if (RtlDosPathNameToNtPathName_U_WithStatus(FileName, &nt, NULL, NULL))
        return FALSE;
    oa.ObjectName = &nt;
    status = NtQueryAttributesFile(&oa, &info);
    RtlFreeUnicodeString(&nt);
    /* Something is there even when it may not be looked at. */
    return !status || status == STATUS_SHARING_VIOLATION || status == STATUS_ACCESS_DENIED;
}

/* Look for name (with ext added when it has no extension) in each directory of path, or as it is when it is
 * not relative; the full path found goes to Buffer. The answer is its length in bytes, the room needed when
 * Buffer is too small, or 0 when nothing was found. */
ULONG NTAPI RtlDosSearchPath_U(PCWSTR Path, PCWSTR FileName, PCWSTR Extension, ULONG BufferLength, PWSTR Buffer,
                               PWSTR *FilePart)
{
    PVOID heap = RtlpHeap();
    SIZE_T name_len = wcslen(FileName), ext_len = 0, i;
    PWSTR candidate;
    ULONG found = 0;

    if (FilePart)
        *FilePart = NULL;
    for (i = name_len; i && FileName[i - 1] != '.' && !RtlpIsSeparator(FileName[i - 1]); i--)
        ;
    if (Extension && (!i || FileName[i - 1] != '.'))
        ext_len = wcslen(Extension);
    if (RtlDetermineDosPathNameType_U(FileName) != RtlPathTypeRelative)
        return RtlDoesFileExists_U(FileName) ? RtlGetFullPathName_U(FileName, BufferLength, Buffer, FilePart) : 0;
    if (!(candidate = RtlAllocateHeap(heap, 0, (RTLP_MAX_PATH + 1) * sizeof(WCHAR))))
        return 0;
    for (PCWSTR dir = Path; dir && *dir && !found;) {
        SIZE_T len = 0, at;
        while (dir[len] && dir[len] != ';')
            len++;
        if (len && len + name_len + ext_len + 2 <= RTLP_MAX_PATH) {
            memcpy(candidate, dir, len * sizeof(WCHAR));
            at = len;
            if (!RtlpIsSeparator(candidate[at - 1]))
                candidate[at++] = '\\';
            memcpy(candidate + at, FileName, name_len * sizeof(WCHAR));
            memcpy(candidate + at + name_len, Extension ? Extension : L"", ext_len * sizeof(WCHAR));
            candidate[at + name_len + ext_len] = 0;
            if (RtlDoesFileExists_U(candidate))
                found = RtlGetFullPathName_U(candidate, BufferLength, Buffer, FilePart);
        }
        dir += len + (dir[len] == ';');
    }
    RtlFreeHeap(heap, 0, candidate);
    return found;
}

/* Whether a name fits MS-DOS: eight characters, a dot and three, upper-cased into the OEM code page, with none
 * of the characters FAT reserves and no space at either end of either part. "." and ".." pass. */
BOOLEAN NTAPI RtlIsNameLegalDOS8Dot3(PCUNICODE_STRING Name, POEM_STRING OemName, PBOOLEAN NameContainsSpaces)
{
    static const char reserved[] = "*?<>|\"+=,;[]:/\\\345";
    WCHAR upper[12];
    char buffer[12];
    OEM_STRING local = {0, sizeof(buffer), buffer};
    ULONG count = Name->Length / sizeof(WCHAR), bytes = 0, dot = ~0u;
    BOOLEAN spaces = FALSE;
    const char *s;

    if (!OemName)
        OemName = &local;
    if (count > 12)
        return FALSE;
    for (ULONG i = 0; i < count; i++)
        upper[i] = RtlUpcaseUnicodeChar(Name->Buffer[i]);
    if (RtlUnicodeToOemN(OemName->Buffer, OemName->MaximumLength, &bytes, upper, count * sizeof(WCHAR)) ||
        bytes > 12)
        return FALSE;
    OemName->Length = (USHORT)bytes;
    s = OemName->Buffer;
    if (bytes && s[0] == '.') {
        if (bytes > 2 || (bytes == 2 && s[1] != '.'))
            return FALSE;
    } else {
        for (ULONG i = 0; i < bytes; i++) {
            if (s[i] == ' ') {
                if (!i || i == bytes - 1 || s[i + 1] == '.')
                    return FALSE;
                spaces = TRUE;
            } else if (s[i] == '.') {
                if (dot != ~0u)
                    return FALSE;
                dot = i;
            } else if (strchr(reserved, s[i])) {
                return FALSE;
            }
        }
        if (dot == ~0u ? bytes > 8 : dot > 8 || bytes - dot > 4 || dot == bytes - 1)
            return FALSE;
    }
    if (NameContainsSpaces)
        *NameContainsSpaces = spaces;
    return TRUE;
}
