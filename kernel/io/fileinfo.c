/* Information of open files and their volumes (NtQueryInformationFile, NtSetInformationFile,
 * NtQueryVolumeInformationFile): the classes Veles knows, the others named in the trace as not implemented. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "host/host.h"
#include "io/iop.h"
#include "ke/ke.h"
#include "mm/mm.h"
#include "rtl/unicode.h"

/* What each class needs of the caller: the smallest buffer (0: not a class of this service) and the access. */
typedef struct {
    ULONG QueryLength, SetLength;
    ACCESS_MASK QueryAccess, SetAccess;
} IOP_CLASS_RULE;

static const IOP_CLASS_RULE IopClassRules[FileMaximumInformation] = {
    [FileBasicInformation] = {sizeof(FILE_BASIC_INFORMATION), sizeof(FILE_BASIC_INFORMATION), FILE_READ_ATTRIBUTES,
                              FILE_WRITE_ATTRIBUTES},
    [FileStandardInformation] = {sizeof(FILE_STANDARD_INFORMATION), 0, 0, 0},
    [FileInternalInformation] = {sizeof(FILE_INTERNAL_INFORMATION), 0, 0, 0},
    [FileEaInformation] = {sizeof(FILE_EA_INFORMATION), 0, 0, 0},
    [FileAccessInformation] = {sizeof(FILE_ACCESS_INFORMATION), 0, 0, 0},
    [FileNameInformation] = {sizeof(FILE_NAME_INFORMATION), 0, 0, 0},
    [FileDispositionInformation] = {0, sizeof(FILE_DISPOSITION_INFORMATION), 0, DELETE},
    [FileDispositionInformationEx] = {0, sizeof(FILE_DISPOSITION_INFORMATION_EX), 0, DELETE},
    [FilePositionInformation] = {sizeof(FILE_POSITION_INFORMATION), sizeof(FILE_POSITION_INFORMATION), 0, 0},
    [FileModeInformation] = {sizeof(FILE_MODE_INFORMATION), 0, 0, 0},
    [FileAlignmentInformation] = {sizeof(FILE_ALIGNMENT_INFORMATION), 0, 0, 0},
    [FileAllInformation] = {sizeof(FILE_ALL_INFORMATION), 0, FILE_READ_ATTRIBUTES, 0},
    [FileAllocationInformation] = {0, sizeof(FILE_ALLOCATION_INFORMATION), 0, FILE_WRITE_DATA},
    [FileEndOfFileInformation] = {0, sizeof(FILE_END_OF_FILE_INFORMATION), 0, FILE_WRITE_DATA},
    [FileCompletionInformation] = {0, sizeof(FILE_COMPLETION_INFORMATION), 0, 0},
    [FileRenameInformation] = {0, sizeof(FILE_RENAME_INFORMATION), 0, DELETE},
    [FileRenameInformationEx] = {0, sizeof(FILE_RENAME_INFORMATION), 0, DELETE},
    [FileLinkInformation] = {0, sizeof(FILE_LINK_INFORMATION), 0, 0},
    [FileLinkInformationEx] = {0, sizeof(FILE_LINK_INFORMATION), 0, 0},
    [FileReplaceCompletionInformation] = {0, sizeof(FILE_COMPLETION_INFORMATION), 0, 0},
    [FileNetworkOpenInformation] = {sizeof(FILE_NETWORK_OPEN_INFORMATION), 0, FILE_READ_ATTRIBUTES, 0},
    [FileAttributeTagInformation] = {sizeof(FILE_ATTRIBUTE_TAG_INFORMATION), 0, FILE_READ_ATTRIBUTES, 0},
    [FileIdInformation] = {sizeof(FILE_ID_INFORMATION), 0, 0, 0},
    [FileIsRemoteDeviceInformation] = {sizeof(FILE_IS_REMOTE_DEVICE_INFORMATION), 0, 0, 0},
    [FileStatInformation] = {sizeof(FILE_STAT_INFORMATION), 0, FILE_READ_ATTRIBUTES, 0},
    [FileCaseSensitiveInformation] = {sizeof(FILE_CASE_SENSITIVE_INFORMATION), 0, 0, 0},
    [FileStreamInformation] = {offsetof(FILE_STREAM_INFORMATION, StreamName), 0, 0, 0},
    [FileNormalizedNameInformation] = {sizeof(FILE_NAME_INFORMATION), 0, 0, 0},
    [FilePipeInformation] = {sizeof(FILE_PIPE_INFORMATION), sizeof(FILE_PIPE_INFORMATION), FILE_READ_ATTRIBUTES,
                             FILE_WRITE_ATTRIBUTES},
    [FilePipeLocalInformation] = {sizeof(FILE_PIPE_LOCAL_INFORMATION), 0, FILE_READ_ATTRIBUTES, 0},
    [FileMailslotQueryInformation] = {sizeof(FILE_MAILSLOT_QUERY_INFORMATION), 0, 0, 0},
    [FileIoCompletionNotificationInformation] = {sizeof(FILE_IO_COMPLETION_NOTIFICATION_INFORMATION),
                                                 sizeof(FILE_IO_COMPLETION_NOTIFICATION_INFORMATION), 0, 0},
    [FileMailslotSetInformation] = {0, sizeof(FILE_MAILSLOT_SET_INFORMATION), 0, 0},
};

/* The name of a file as FileNameInformation gives it: from its volume's root, without the drive. */
static char *IopVolumeName(const IOP_FILE *file)
{
    char *path = IopFilePath(file), *dos;

    if (!path || path[0] != '/' || !file->Fcb) {
        free(path);
        return NULL;
    }
    dos = IoUnixPathToDos(path);
    free(path);
    if (dos && dos[0] && dos[1] == ':')
        memmove(dos, dos + 2, strlen(dos + 2) + 1);
    return dos;
}

/* Two UTF-8 strings, one after the other, as UTF-16 (allocated); *length in characters. */
static WCHAR *IopJoinWide(const char *a, const char *b, USHORT *length)
{
    size_t la = strlen(a), lb = b ? strlen(b) : 0;
    SIZE_T n = RtlpUtf8ToUtf16(a, la, NULL, 0), m = b ? RtlpUtf8ToUtf16(b, lb, NULL, 0) : 0;
    WCHAR *wide = HostAlloc((n + m + 1) * sizeof(WCHAR));

    RtlpUtf8ToUtf16(a, la, wide, n);
    if (b)
        RtlpUtf8ToUtf16(b, lb, wide + n, m);
    wide[n + m] = 0;
    *length = (USHORT)(n + m);
    return wide;
}

NTSTATUS IopQueryObjectName(void *body, WCHAR **name, USHORT *length)
{
    IOP_FILE *file = body;
    char *rest = NULL, *path, *dos;

    if (file->PipeEnd || file->PipeDevice) {
        rest = file->PipeEnd || file->PipeDeviceRoot ? IopPipeFileName(file) : NULL;
        if (file->PipeEnd && !rest)
            return STATUS_OBJECT_PATH_INVALID; /* an unnamed pipe */
        *name = IopJoinWide("\\Device\\NamedPipe", rest, length);
    } else if (file->Mailslot || file->MailslotDevice) {
        rest = IopMailslotFileName(file);
        *name = IopJoinWide("\\Device\\Mailslot", rest, length);
    } else if (file->Device) {
        *name = ObQueryObjectName(file->Device, length);
    } else if (file->Fcb && (path = IopFilePath(file))) {
        dos = IoUnixPathToDos(path);
        free(path);
        rest = dos ? IoDosPathToNt(dos) : NULL;
        free(dos);
        *name = IopJoinWide(rest ? rest : "", NULL, length);
    } else {
        *name = IopJoinWide("", NULL, length); /* a terminal, or a descriptor Veles was given */
    }
    free(rest);
    return STATUS_SUCCESS;
}

/* A name at the end of a class's structure: as much as fits, its whole length in *length_field; the size
 * written, or 0 with *status set when even the header does not fit. */
static ULONG IopPutName(BYTE *out, ULONG header, ULONG size, ULONG *length_field, const char *utf8, NTSTATUS *status)
{
    WCHAR wide[4096];
    size_t units;

    units = RtlpUtf8ToUtf16(utf8, strlen(utf8), wide, sizeof(wide) / sizeof(WCHAR));
    for (size_t i = 0; i < units; i++)
        if (wide[i] == '/')
            wide[i] = '\\';
    *length_field = (ULONG)(units * sizeof(WCHAR));
    ULONG room = (size - header) & ~1u, copy = *length_field < room ? *length_field : room;
    memcpy(out + header, wide, copy);
    *status = copy < *length_field ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
    return header + copy;
}

static LONGLONG IopPosition(const IOP_FILE *file)
{
    off_t offset = file->Seekable ? lseek(file->Fd, 0, SEEK_CUR) : -1;
    return offset < 0 ? file->Position : offset;
}

/* Times, sizes and attributes, those Linux has no place for as the file keeps them. */
static void IopFileAttributes(const IOP_FILE *file, const struct stat *st, FILE_NETWORK_OPEN_INFORMATION *open)
{
    char *name = IopFilePath(file), link[64];

    snprintf(link, sizeof(link), "/proc/self/fd/%d", file->Fd);
    IopFillNetworkOpenInformation(st, name ? name : "", file->Fcb ? IopReadDosAttributes(link) : IOP_NO_DOS_ATTRIBUTES,
                                  open);
    free(name);
}

/* One query's answer in out (a kernel buffer of size bytes); its size, and *status. */
static ULONG IopQueryClass(IOP_FILE *file, const struct stat *st, ACCESS_MASK granted, FILE_INFORMATION_CLASS class,
                           BYTE *out, ULONG size, NTSTATUS *status)
{
    FILE_NETWORK_OPEN_INFORMATION open;
    char *name;

    *status = STATUS_SUCCESS;
    switch (class) {
    case FileBasicInformation: {
        FILE_BASIC_INFORMATION *info = (FILE_BASIC_INFORMATION *)out;
        IopFileAttributes(file, st, &open);
        info->CreationTime = open.CreationTime;
        info->LastAccessTime = open.LastAccessTime;
        info->LastWriteTime = open.LastWriteTime;
        info->ChangeTime = open.ChangeTime;
        info->FileAttributes = open.FileAttributes;
        return sizeof(*info);
    }
    case FileStandardInformation: {
        FILE_STANDARD_INFORMATION *info = (FILE_STANDARD_INFORMATION *)out;
        info->AllocationSize.QuadPart = file->Directory ? 0 : (LONGLONG)st->st_blocks * 512;
        info->EndOfFile.QuadPart = file->Directory ? 0 : st->st_size;
        info->NumberOfLinks = (ULONG)st->st_nlink;
        info->DeletePending = IopDeletePending(file);
        info->Directory = file->Directory;
        return sizeof(*info);
    }
    case FileInternalInformation:
        ((FILE_INTERNAL_INFORMATION *)out)->IndexNumber.QuadPart = (LONGLONG)st->st_ino;
        return sizeof(FILE_INTERNAL_INFORMATION);
    case FileEaInformation:
        ((FILE_EA_INFORMATION *)out)->EaSize = 0;
        return sizeof(FILE_EA_INFORMATION);
    case FileAccessInformation:
        ((FILE_ACCESS_INFORMATION *)out)->AccessFlags = granted;
        return sizeof(FILE_ACCESS_INFORMATION);
    case FilePositionInformation:
        ((FILE_POSITION_INFORMATION *)out)->CurrentByteOffset.QuadPart = IopPosition(file);
        return sizeof(FILE_POSITION_INFORMATION);
    case FileModeInformation:
        ((FILE_MODE_INFORMATION *)out)->Mode = file->Options & IOP_MODE_OPTIONS;
        return sizeof(FILE_MODE_INFORMATION);
    case FileAlignmentInformation:
        ((FILE_ALIGNMENT_INFORMATION *)out)->AlignmentRequirement = 0; /* FILE_BYTE_ALIGNMENT */
        return sizeof(FILE_ALIGNMENT_INFORMATION);
    case FileNameInformation:
    case FileNormalizedNameInformation: /* names are on disk as given: they are normal already */
    case FileAllInformation: {
        ULONG header = class != FileAllInformation ? offsetof(FILE_NAME_INFORMATION, FileName)
                                                   : offsetof(FILE_ALL_INFORMATION, NameInformation.FileName);
        ULONG *length_field = (ULONG *)(out + header - sizeof(ULONG)), written;
        if (class == FileAllInformation) {
            FILE_ALL_INFORMATION *all = (FILE_ALL_INFORMATION *)out;
            static const FILE_INFORMATION_CLASS parts[] = {FileBasicInformation, FileStandardInformation,
                FileInternalInformation, FileEaInformation, FileAccessInformation, FilePositionInformation,
                FileModeInformation, FileAlignmentInformation};
            BYTE *places[] = {(BYTE *)&all->BasicInformation, (BYTE *)&all->StandardInformation,
                              (BYTE *)&all->InternalInformation, (BYTE *)&all->EaInformation,
                              (BYTE *)&all->AccessInformation, (BYTE *)&all->PositionInformation,
                              (BYTE *)&all->ModeInformation, (BYTE *)&all->AlignmentInformation};
            for (unsigned i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
                if (IopQueryClass(file, st, granted, parts[i], places[i], size, status), *status)
                    return 0;
        }
        name = file->PipeEnd || file->PipeDevice             ? IopPipeFileName(file)
               : file->Mailslot || file->MailslotDevice ? IopMailslotFileName(file)
                                                        : IopVolumeName(file);
        if (!name) {
            *status = STATUS_INVALID_PARAMETER; /* not a file of a volume */
            return 0;
        }
        written = IopPutName(out, header, size, length_field, name, status);
        free(name);
        return written;
    }
    case FileNetworkOpenInformation:
        IopFileAttributes(file, st, (FILE_NETWORK_OPEN_INFORMATION *)out);
        return sizeof(FILE_NETWORK_OPEN_INFORMATION);
    case FileAttributeTagInformation: {
        IopFileAttributes(file, st, &open);
        ((FILE_ATTRIBUTE_TAG_INFORMATION *)out)->FileAttributes = open.FileAttributes;
        ((FILE_ATTRIBUTE_TAG_INFORMATION *)out)->ReparseTag = 0;
        return sizeof(FILE_ATTRIBUTE_TAG_INFORMATION);
    }
    case FileIdInformation: {
        FILE_ID_INFORMATION *info = (FILE_ID_INFORMATION *)out;
        memset(info, 0, sizeof(*info));
        info->VolumeSerialNumber = st->st_dev;
        memcpy(info->FileId.Identifier, &st->st_ino, sizeof(st->st_ino));
        return sizeof(*info);
    }
    case FileIsRemoteDeviceInformation:
        ((FILE_IS_REMOTE_DEVICE_INFORMATION *)out)->IsRemote = FALSE;
        return sizeof(FILE_IS_REMOTE_DEVICE_INFORMATION);
    case FileStatInformation: {
        FILE_STAT_INFORMATION *info = (FILE_STAT_INFORMATION *)out;
        IopFileAttributes(file, st, &open);
        info->FileId.QuadPart = (LONGLONG)st->st_ino;
        info->CreationTime = open.CreationTime;
        info->LastAccessTime = open.LastAccessTime;
        info->LastWriteTime = open.LastWriteTime;
        info->ChangeTime = open.ChangeTime;
        info->AllocationSize = open.AllocationSize;
        info->EndOfFile = open.EndOfFile;
        info->FileAttributes = open.FileAttributes;
        info->ReparseTag = 0;
        info->NumberOfLinks = (ULONG)st->st_nlink;
        info->EffectiveAccess = granted;
        return sizeof(*info);
    }
    case FileCaseSensitiveInformation:
        ((FILE_CASE_SENSITIVE_INFORMATION *)out)->Flags = 0; /* names are matched without regard to case */
        return sizeof(FILE_CASE_SENSITIVE_INFORMATION);
    case FileStreamInformation: {
        /* A file's one stream, the unnamed data; a directory has none. */
        static const char data[] = "::$DATA";
        FILE_STREAM_INFORMATION *info = (FILE_STREAM_INFORMATION *)out;
        if (file->Directory)
            return 0;
        info->NextEntryOffset = 0;
        info->StreamSize.QuadPart = st->st_size;
        info->StreamAllocationSize.QuadPart = (LONGLONG)st->st_blocks * 512;
        return IopPutName(out, offsetof(FILE_STREAM_INFORMATION, StreamName), size, &info->StreamNameLength, data,
                          status);
    }
    case FilePipeInformation:
    case FilePipeLocalInformation: {
        ULONG written = 0;
        *status = IopQueryPipe(file, class, out, &written);
        return written;
    }
    case FileIoCompletionNotificationInformation:
        ((FILE_IO_COMPLETION_NOTIFICATION_INFORMATION *)out)->Flags = file->CompletionFlags;
        return sizeof(FILE_IO_COMPLETION_NOTIFICATION_INFORMATION);
    case FileMailslotQueryInformation:
        *status = IopQueryMailslot(file, (FILE_MAILSLOT_QUERY_INFORMATION *)out);
        return *status ? 0 : sizeof(FILE_MAILSLOT_QUERY_INFORMATION);
    default:
        *status = STATUS_INVALID_INFO_CLASS;
        return 0;
    }
}

/* Veles' own class: the Linux path, cut to what fits with its whole length told. */
static ULONG IopQueryUnixName(const IOP_FILE *file, BYTE *out, ULONG size, NTSTATUS *status)
{
    FILE_VELES_UNIX_NAME_INFORMATION *info = (FILE_VELES_UNIX_NAME_INFORMATION *)out;
    ULONG header = offsetof(FILE_VELES_UNIX_NAME_INFORMATION, Name), copy;
    char *path = IopFilePath(file);

    if (!path) {
        *status = STATUS_OBJECT_PATH_NOT_FOUND;
        return 0;
    }
    info->NameLength = (ULONG)strlen(path);
    copy = info->NameLength < size - header ? info->NameLength : size - header;
    memcpy(info->Name, path, copy);
    free(path);
    *status = copy < info->NameLength ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
    return header + copy;
}

/* The class is checked first, then the length, the buffers and last the handle, in Windows' order. */
NTSTATUS NTAPI NtQueryInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock, PVOID FileInformation,
                                      ULONG Length, FILE_INFORMATION_CLASS FileInformationClass)
{
    bool unix_name = FileInformationClass == FileVelesUnixNameInformation;
    ULONG minimum = unix_name ? offsetof(FILE_VELES_UNIX_NAME_INFORMATION, Name) : 0, size = Length, written;
    IO_STATUS_BLOCK iosb = {0};
    ACCESS_MASK granted;
    IOP_FILE *file;
    struct stat st;
    BYTE *out;
    NTSTATUS status;

    IopCountOtherOperation();
    if (!unix_name) {
        if (FileInformationClass <= 0 || FileInformationClass >= FileMaximumInformation)
            return STATUS_INVALID_INFO_CLASS;
        if (!(minimum = IopClassRules[FileInformationClass].QueryLength)) {
            if (IopClassRules[FileInformationClass].SetLength)
                return STATUS_INVALID_INFO_CLASS; /* classes that are only set */
            return KeReportNotImplemented("NtQueryInformationFile: this information class");
        }
    }
    if (Length < minimum)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (KeWriteUser(IoStatusBlock, iosb) || !MmIsUserRange(FileInformation, Length))
        return STATUS_ACCESS_VIOLATION;
    if ((status = ObReferenceObjectByHandleWithAccess(FileHandle, &IoFileObjectType, (void **)&file, &granted)))
        return status;
    if (!unix_name && (granted & IopClassRules[FileInformationClass].QueryAccess) !=
                          IopClassRules[FileInformationClass].QueryAccess) {
        ObDereferenceObject(file);
        return STATUS_ACCESS_DENIED;
    }
    if (size > 64 * 1024)
        size = 64 * 1024; /* more than any class with a name of the longest path can use */
    out = HostZalloc(size);
    if (IopPipeClientDisconnected(file))
        written = 0, status = STATUS_PIPE_DISCONNECTED;
    else if (unix_name)
        written = IopQueryUnixName(file, out, size, &status);
    else if (fstat(file->Fd, &st))
        written = 0, status = HostErrnoToStatus(errno);
    else
        written = IopQueryClass(file, &st, granted, FileInformationClass, out, size, &status);
    ObDereferenceObject(file);
    if (!NT_ERROR(status) && KeCopyToUser(FileInformation, out, written))
        status = STATUS_ACCESS_VIOLATION;
    free(out);
    if (NT_ERROR(status))
        return status;
    iosb.Status = status;
    iosb.Information = written;
    return KeWriteUser(IoStatusBlock, iosb) ? STATUS_ACCESS_VIOLATION : status;
}

/* Times of 0 are kept, as is -1 (Windows' "stop updating it", which Linux cannot); attributes of 0 keep the
 * attributes. Read-only is the mode's; hidden, system and archive are kept beside the file. */
static NTSTATUS IopSetBasic(IOP_FILE *file, const FILE_BASIC_INFORMATION *info)
{
    struct timespec times[2] = {{.tv_nsec = UTIME_OMIT}, {.tv_nsec = UTIME_OMIT}};
    const LARGE_INTEGER *in[2] = {&info->LastAccessTime, &info->LastWriteTime};
    char link[64];
    struct stat st;

    snprintf(link, sizeof(link), "/proc/self/fd/%d", file->Fd);
    for (int i = 0; i < 2; i++) {
        LONGLONG t = in[i]->QuadPart;
        if (t < -2)
            return STATUS_INVALID_PARAMETER;
        if (t > 0) {
            t -= KE_TICKS_1601_TO_1970;
            times[i].tv_sec = t >= 0 ? t / 10000000 : -((-t + 9999999) / 10000000);
            times[i].tv_nsec = (long)(t - times[i].tv_sec * 10000000) * 100;
        }
    }
    if ((times[0].tv_nsec != UTIME_OMIT || times[1].tv_nsec != UTIME_OMIT) && utimensat(AT_FDCWD, link, times, 0))
        return HostErrnoToStatus(errno);
    if (info->FileAttributes && file->Fcb) {
        NTSTATUS status;
        if (info->FileAttributes & ~(ULONG)FILE_ATTRIBUTE_VALID_FLAGS ||
            (info->FileAttributes & FILE_ATTRIBUTE_DIRECTORY && !file->Directory))
            return STATUS_INVALID_PARAMETER;
        if (fstat(file->Fd, &st))
            return HostErrnoToStatus(errno);
        mode_t mode = info->FileAttributes & FILE_ATTRIBUTE_READONLY ? st.st_mode & ~0222u : st.st_mode | 0200;
        /* Kept beside the file while Linux still lets it be written to; a file system that keeps no extended
         * attributes can still hold a file with none of them. */
        if ((status = IopWriteDosAttributes(link, info->FileAttributes)) &&
            info->FileAttributes & (FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM) && mode & 0200)
            return status;
        if (!file->Directory && mode != st.st_mode && chmod(link, mode & 07777))
            return HostErrnoToStatus(errno);
        if (status && info->FileAttributes & (FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM) &&
            (status = IopWriteDosAttributes(link, info->FileAttributes)))
            return status;
    }
    return STATUS_SUCCESS;
}

/* Deletion as Windows asks for it: at the last close (pending, or on this handle's close), or at once with POSIX
 * semantics, the name going while the opens stay. */
static NTSTATUS IopSetDisposition(IOP_FILE *file, ULONG flags)
{
    struct stat st;

    if (!file->Fcb)
        return STATUS_INVALID_PARAMETER;
    if (flags & ~(ULONG)(FILE_DISPOSITION_DELETE | FILE_DISPOSITION_POSIX_SEMANTICS |
                         FILE_DISPOSITION_FORCE_IMAGE_SECTION_CHECK | FILE_DISPOSITION_ON_CLOSE |
                         FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE))
        return STATUS_INVALID_PARAMETER;
    if (flags & FILE_DISPOSITION_DELETE) {
        if (fstat(file->Fd, &st))
            return HostErrnoToStatus(errno);
        if (!file->Directory && !(st.st_mode & 0222) && !(flags & FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE))
            return STATUS_CANNOT_DELETE;
        if (!file->Directory && MmIsFileMapped(st.st_dev, st.st_ino))
            return STATUS_CANNOT_DELETE; /* a section or a view maps it */
        if (file->Directory && !IopDirectoryIsEmpty(file->Fd))
            return STATUS_DIRECTORY_NOT_EMPTY;
    }
    if (flags & FILE_DISPOSITION_ON_CLOSE) {
        file->DeleteOnClose = flags & FILE_DISPOSITION_DELETE;
        return STATUS_SUCCESS;
    }
    if ((flags & (FILE_DISPOSITION_DELETE | FILE_DISPOSITION_POSIX_SEMANTICS)) ==
        (FILE_DISPOSITION_DELETE | FILE_DISPOSITION_POSIX_SEMANTICS)) {
        char *path = IopFilePath(file);
        IopForgetNames();
        int failed = !path || (file->Directory ? rmdir(path) : unlink(path));
        NTSTATUS status = failed ? (path ? HostErrnoToStatus(errno) : STATUS_OBJECT_PATH_NOT_FOUND) : STATUS_SUCCESS;
        free(path);
        return status;
    }
    return IopSetDeletePending(file, flags & FILE_DISPOSITION_DELETE);
}

/* A rename or a hard link to the name the caller gives. What exists there is replaced only when asked, never
 * when it is a directory or open (unless with POSIX semantics) or, without leave, read-only; a name that is
 * this file's own (another case of it) is no collision. Across Linux file systems the answer is
 * STATUS_NOT_SAME_DEVICE, on which kernelbase copies. */
static NTSTATUS IopSetName(IOP_FILE *file, FILE_INFORMATION_CLASS class, const FILE_RENAME_INFORMATION *info,
                           const BYTE *user_info, ULONG length)
{
    bool link = class == FileLinkInformation || class == FileLinkInformationEx;
    ULONG flags = class == FileRenameInformationEx || class == FileLinkInformationEx
                      ? info->Flags : (info->ReplaceIfExists ? FILE_RENAME_REPLACE_IF_EXISTS : 0);
    ULONG header = offsetof(FILE_RENAME_INFORMATION, FileName);
    struct stat st;
    IOP_PATH target;
    WCHAR *name;
    char *source;
    NTSTATUS status;

    if (info->FileNameLength > length - header || info->FileNameLength & 1 || !info->FileNameLength ||
        info->FileNameLength > 0xfffe)
        return STATUS_INVALID_PARAMETER;
    if (!file->Fcb)
        return STATUS_INVALID_PARAMETER;
    if (link && file->Directory)
        return STATUS_FILE_IS_A_DIRECTORY;
    name = HostAlloc(info->FileNameLength);
    if (KeCopyFromUser(name, user_info + header, info->FileNameLength)) {
        free(name);
        return STATUS_ACCESS_VIOLATION;
    }
    USHORT units = (USHORT)(info->FileNameLength / sizeof(WCHAR)), last = units;
    status = IopLookupNewName(file, info->RootDirectory, name, units, &target);
    /* The new name takes the case the caller gives, whatever case a name it replaces had. */
    char given[1024];
    while (last && name[last - 1] != '\\')
        last--;
    given[RtlpUtf16ToUtf8(name + last, units - last, given, sizeof(given) - 1)] = 0;
    free(name);
    if (status)
        return status;
    source = IopFilePath(file);
    if (!source || fstat(file->Fd, &st))
        status = STATUS_OBJECT_PATH_NOT_FOUND;
    else if (!link && file->Directory && IopIsOpenBelow(source))
        status = STATUS_ACCESS_DENIED; /* NTFS moves no directory with an open file inside */
    else if (target.Exists && (target.Stat.st_dev != st.st_dev || target.Stat.st_ino != st.st_ino)) {
        if (!(flags & FILE_RENAME_REPLACE_IF_EXISTS))
            status = STATUS_OBJECT_NAME_COLLISION;
        else if (S_ISDIR(target.Stat.st_mode) ||
                 (!(flags & FILE_RENAME_POSIX_SEMANTICS) && IopIsOpen(target.Stat.st_dev, target.Stat.st_ino, NULL, NULL)) ||
                 (!(target.Stat.st_mode & 0222) && !(flags & FILE_RENAME_IGNORE_READONLY_ATTRIBUTE)))
            status = STATUS_ACCESS_DENIED;
        else if (link && unlinkat(target.ParentFd, target.Name, 0))
            status = HostErrnoToStatus(errno);
    } else if (target.Exists && link) {
        /* A link to itself: replacing it changes no more than the case of its name. */
        if (!(flags & FILE_RENAME_REPLACE_IF_EXISTS))
            status = STATUS_OBJECT_NAME_COLLISION;
        else {
            IopForgetNames();
            if (strcmp(given, target.Name))
                renameat2(target.ParentFd, target.Name, target.ParentFd, given, RENAME_NOREPLACE);
            free(source);
            IopReleasePath(&target);
            return STATUS_SUCCESS;
        }
    }
    if (!status) {
        IopForgetNames();
        int failed = link ? linkat(AT_FDCWD, source, target.ParentFd, given, 0)
                          : renameat(AT_FDCWD, source, target.ParentFd, target.Name);
        if (failed)
            status = errno == EXDEV ? STATUS_NOT_SAME_DEVICE : HostErrnoToStatus(errno);
        else if (!link && strcmp(given, target.Name) &&
                 !renameat2(target.ParentFd, target.Name, target.ParentFd, given, RENAME_NOREPLACE)) {
            free(target.Name); /* else it keeps the old case */
            target.Name = HostStrdup(given);
        }
        if (!failed && !link && file->LinkPath) {
            free(file->LinkPath);
            file->LinkPath = IopJoinPath(target.ParentFd, target.Name);
        }
    }
    free(source);
    IopReleasePath(&target);
    return status;
}

static NTSTATUS IopSetClass(IOP_FILE *file, FILE_INFORMATION_CLASS class, const BYTE *in, const BYTE *user_in,
                            ULONG length)
{
    switch (class) {
    case FileRenameInformation:
    case FileRenameInformationEx:
    case FileLinkInformation:
    case FileLinkInformationEx:
        return IopSetName(file, class, (const FILE_RENAME_INFORMATION *)in, user_in, length);
    case FileBasicInformation:
        return IopSetBasic(file, (const FILE_BASIC_INFORMATION *)in);
    case FileDispositionInformation:
        return IopSetDisposition(file, ((const FILE_DISPOSITION_INFORMATION *)in)->DeleteFile
                                           ? FILE_DISPOSITION_DELETE : FILE_DISPOSITION_DO_NOT_DELETE);
    case FileDispositionInformationEx:
        return IopSetDisposition(file, ((const FILE_DISPOSITION_INFORMATION_EX *)in)->Flags);
    case FilePositionInformation: {
        LONGLONG offset = ((const FILE_POSITION_INFORMATION *)in)->CurrentByteOffset.QuadPart;
        if (offset < 0)
            return STATUS_INVALID_PARAMETER;
        if (file->Seekable && lseek(file->Fd, offset, SEEK_SET) >= 0)
            return STATUS_SUCCESS;
        file->Position = offset;
        return STATUS_SUCCESS;
    }
    case FileEndOfFileInformation:
    case FileAllocationInformation: {
        LONGLONG size = ((const FILE_END_OF_FILE_INFORMATION *)in)->EndOfFile.QuadPart;
        struct stat st;
        if (size < 0 || file->Directory)
            return STATUS_INVALID_PARAMETER;
        if (fstat(file->Fd, &st))
            return HostErrnoToStatus(errno);
        /* An allocation is a reservation, kept past the end; only one below the end cuts the file. */
        if (class == FileAllocationInformation && size >= st.st_size) {
            int error = size > st.st_size ? posix_fallocate(file->Fd, 0, size) : 0;
            if (!error || error == EOPNOTSUPP || error == EINVAL)
                return STATUS_SUCCESS;
            return HostErrnoToStatus(error);
        }
        return ftruncate(file->Fd, size) ? HostErrnoToStatus(errno) : STATUS_SUCCESS;
    }
    case FilePipeInformation:
        return IopSetPipeInformation(file, (const FILE_PIPE_INFORMATION *)in);
    case FileIoCompletionNotificationInformation:
        return IopSetCompletionFlags(file, ((const FILE_IO_COMPLETION_NOTIFICATION_INFORMATION *)in)->Flags);
    case FileMailslotSetInformation:
        return IopSetMailslot(file, (const FILE_MAILSLOT_SET_INFORMATION *)in);
    case FileCompletionInformation:
    case FileReplaceCompletionInformation:
        return IopSetCompletion(file, (const FILE_COMPLETION_INFORMATION *)in,
                                class == FileReplaceCompletionInformation);
    default:
        return STATUS_INVALID_INFO_CLASS;
    }
}

/* Files here hold no extended attributes (an open that brings some is refused), so every file answers it has none;
 * the buffer is cleared as Windows clears it, and the status block left alone. */
NTSTATUS NTAPI NtQueryEaFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length,
                             BOOLEAN ReturnSingleEntry, PVOID EaList, ULONG EaListLength, PULONG EaIndex,
                             BOOLEAN RestartScan)
{
    IOP_FILE *file;
    NTSTATUS status = ObReferenceObjectByHandle(FileHandle, 0, &IoFileObjectType, (void **)&file);
    BYTE zeros[256] = {0};

    if (status)
        return status;
    ObDereferenceObject(file);
    for (ULONG done = 0; done < Length; done += sizeof(zeros))
        if (KeCopyToUser((BYTE *)Buffer + done, zeros, Length - done < sizeof(zeros) ? Length - done : sizeof(zeros)))
            return STATUS_ACCESS_VIOLATION;
    return STATUS_NO_EAS_ON_FILE;
}

NTSTATUS NTAPI NtSetInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock, PVOID FileInformation,
                                    ULONG Length, FILE_INFORMATION_CLASS FileInformationClass)
{
    IO_STATUS_BLOCK iosb = {0};
    _Alignas(8) BYTE in[sizeof(FILE_BASIC_INFORMATION)];
    ACCESS_MASK granted;
    IOP_FILE *file;
    ULONG minimum;
    NTSTATUS status;

    IopCountOtherOperation();
    if (FileInformationClass <= 0 || FileInformationClass >= FileMaximumInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (!(minimum = IopClassRules[FileInformationClass].SetLength)) {
        if (IopClassRules[FileInformationClass].QueryLength)
            return STATUS_INVALID_INFO_CLASS; /* classes that are only queried */
        return KeReportNotImplemented("NtSetInformationFile: this information class");
    }
    if (Length < minimum)
        return STATUS_INFO_LENGTH_MISMATCH;
    /* The status block is written only when the work is done, as on Windows. */
    if (KeCopyFromUser(in, FileInformation, minimum) || KeProbeForWrite(IoStatusBlock, sizeof(*IoStatusBlock)))
        return STATUS_ACCESS_VIOLATION;
    if ((status = ObReferenceObjectByHandleWithAccess(FileHandle, &IoFileObjectType, (void **)&file, &granted)))
        return status;
    /* A request as any other: the file's event is reset as it starts and set as it ends, unless the file (as it
     * is then) asks that it not be. */
    KeResetEvent(&file->Event);
    if ((granted & IopClassRules[FileInformationClass].SetAccess) != IopClassRules[FileInformationClass].SetAccess)
        status = STATUS_ACCESS_DENIED;
    else
        status = IopSetClass(file, FileInformationClass, in, FileInformation, Length);
    IopDeliverChanges();
    if (!(file->CompletionFlags & FILE_SKIP_SET_EVENT_ON_HANDLE))
        KeSetEvent(&file->Event);
    ObDereferenceObject(file);
    if (status)
        return status;
    iosb.Status = STATUS_SUCCESS;
    return KeWriteUser(IoStatusBlock, iosb) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}

/* The device a file is on, as GetFileType reads it: disks, pipes, the null device, terminals (Windows'
 * consoles) and other character devices. */
static ULONG IopDeviceType(const IOP_FILE *file)
{
    struct stat st;

    if (fstat(file->Fd, &st))
        return FILE_DEVICE_UNKNOWN;
    if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
        return FILE_DEVICE_NAMED_PIPE;
    if (S_ISCHR(st.st_mode)) {
        if (isatty(file->Fd))
            return FILE_DEVICE_CONSOLE;
        /* /dev/null's device number, 1:3 */
        return st.st_rdev == makedev(1, 3) ? FILE_DEVICE_NULL : FILE_DEVICE_UNKNOWN;
    }
    return FILE_DEVICE_DISK;
}

/* When the file system a file is on was made: the birth of its root directory, found in mountinfo by the device
 * number; 0 when Linux keeps none there (or keeps 1970's). */
static LONGLONG IopVolumeCreationTime(dev_t device)
{
    FILE *mounts = fopen("/proc/self/mountinfo", "re");
    char line[4096], root[4096];
    unsigned major, minor;
    LONGLONG time = 0;
    struct statx sx;

    while (mounts && !time && fgets(line, sizeof(line), mounts)) {
        /* "id parent major:minor root mountpoint ...": the mount of the file system's own root. */
        if (sscanf(line, "%*u %*u %u:%u / %4095s", &major, &minor, root) != 3 || makedev(major, minor) != device)
            continue;
        if (!statx(AT_FDCWD, root, 0, STATX_BTIME, &sx) && sx.stx_mask & STATX_BTIME && sx.stx_btime.tv_sec)
            time = (LONGLONG)sx.stx_btime.tv_sec * 10000000 + sx.stx_btime.tv_nsec / 100 + KE_TICKS_1601_TO_1970;
    }
    if (mounts)
        fclose(mounts);
    return time;
}

/* A volume as NTFS describes itself: the sizes from statvfs, in 512-byte sectors. */
static ULONG IopQueryVolume(const IOP_FILE *file, FS_INFORMATION_CLASS class, BYTE *out, ULONG size,
                            NTSTATUS *status)
{
    static const WCHAR ntfs[] = {'N', 'T', 'F', 'S'};
    struct statvfs vfs;
    struct stat st;

    *status = STATUS_SUCCESS;
    if (class == FileFsDeviceInformation) {
        ((FILE_FS_DEVICE_INFORMATION *)out)->DeviceType = IopDeviceType(file);
        return sizeof(FILE_FS_DEVICE_INFORMATION);
    }
    if (IopDeviceType(file) != FILE_DEVICE_DISK) {
        *status = STATUS_INVALID_DEVICE_REQUEST;
        return 0;
    }
    if (fstat(file->Fd, &st) || fstatvfs(file->Fd, &vfs)) {
        *status = HostErrnoToStatus(errno);
        return 0;
    }
    ULONG sectors = vfs.f_frsize >= 512 ? (ULONG)(vfs.f_frsize / 512) : 1;
    switch (class) {
    case FileFsVolumeInformation: {
        FILE_FS_VOLUME_INFORMATION *info = (FILE_FS_VOLUME_INFORMATION *)out;
        info->VolumeSerialNumber = (ULONG)(st.st_dev ^ (st.st_dev >> 32)); /* no label: its length is 0 */
        info->VolumeCreationTime.QuadPart = IopVolumeCreationTime(st.st_dev);
        return offsetof(FILE_FS_VOLUME_INFORMATION, VolumeLabel);
    }
    case FileFsSizeInformation:
    case FileFsFullSizeInformation: {
        FILE_FS_FULL_SIZE_INFORMATION full = {
            .TotalAllocationUnits.QuadPart = (LONGLONG)vfs.f_blocks,
            .CallerAvailableAllocationUnits.QuadPart = (LONGLONG)vfs.f_bavail,
            .ActualAvailableAllocationUnits.QuadPart = (LONGLONG)vfs.f_bfree,
            .SectorsPerAllocationUnit = sectors,
            .BytesPerSector = 512,
        };
        if (class == FileFsFullSizeInformation) {
            memcpy(out, &full, sizeof(full));
            return sizeof(full);
        }
        FILE_FS_SIZE_INFORMATION *info = (FILE_FS_SIZE_INFORMATION *)out;
        info->TotalAllocationUnits = full.TotalAllocationUnits;
        info->AvailableAllocationUnits = full.CallerAvailableAllocationUnits;
        info->SectorsPerAllocationUnit = full.SectorsPerAllocationUnit;
        info->BytesPerSector = full.BytesPerSector;
        return sizeof(*info);
    }
    case FileFsAttributeInformation: {
        FILE_FS_ATTRIBUTE_INFORMATION *info = (FILE_FS_ATTRIBUTE_INFORMATION *)out;
        ULONG header = offsetof(FILE_FS_ATTRIBUTE_INFORMATION, FileSystemName);
        ULONG copy = size - header < sizeof(ntfs) ? (size - header) & ~1u : sizeof(ntfs);
        info->FileSystemAttributes = FILE_CASE_PRESERVED_NAMES | FILE_UNICODE_ON_DISK | FILE_SUPPORTS_SPARSE_FILES |
                                     FILE_SUPPORTS_HARD_LINKS | FILE_SUPPORTS_POSIX_UNLINK_RENAME;
        info->MaximumComponentNameLength = 255;
        info->FileSystemNameLength = sizeof(ntfs);
        memcpy(info->FileSystemName, ntfs, copy);
        *status = copy < sizeof(ntfs) ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
        return header + copy;
    }
    case FileFsSectorSizeInformation: {
        FILE_FS_SECTOR_SIZE_INFORMATION *info = (FILE_FS_SECTOR_SIZE_INFORMATION *)out;
        info->LogicalBytesPerSector = 512;
        info->PhysicalBytesPerSectorForAtomicity = 512;
        info->PhysicalBytesPerSectorForPerformance = 512;
        info->FileSystemEffectivePhysicalBytesPerSectorForAtomicity = 512;
        return sizeof(*info);
    }
    default:
        *status = STATUS_INVALID_INFO_CLASS;
        return 0;
    }
}

NTSTATUS NTAPI NtQueryVolumeInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock, PVOID FsInformation,
                                            ULONG Length, FS_INFORMATION_CLASS FsInformationClass)
{
    static const ULONG minimum[FileFsMaximumInformation] = {
        [FileFsVolumeInformation] = sizeof(FILE_FS_VOLUME_INFORMATION),
        [FileFsSizeInformation] = sizeof(FILE_FS_SIZE_INFORMATION),
        [FileFsDeviceInformation] = sizeof(FILE_FS_DEVICE_INFORMATION),
        [FileFsAttributeInformation] = sizeof(FILE_FS_ATTRIBUTE_INFORMATION),
        [FileFsFullSizeInformation] = sizeof(FILE_FS_FULL_SIZE_INFORMATION),
        [FileFsSectorSizeInformation] = sizeof(FILE_FS_SECTOR_SIZE_INFORMATION),
    };
    IO_STATUS_BLOCK iosb = {0};
    BYTE out[64] = {0};
    IOP_FILE *file;
    ULONG written;
    NTSTATUS status;

    IopCountOtherOperation();
    if (FsInformationClass <= 0 || FsInformationClass >= FileFsMaximumInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (!minimum[FsInformationClass])
        return KeReportNotImplemented("NtQueryVolumeInformationFile: this information class");
    if (Length < minimum[FsInformationClass])
        return STATUS_INFO_LENGTH_MISMATCH;
    if (KeWriteUser(IoStatusBlock, iosb) || !MmIsUserRange(FsInformation, Length))
        return STATUS_ACCESS_VIOLATION;
    if ((status = ObReferenceObjectByHandle(FileHandle, 0, &IoFileObjectType, (void **)&file)))
        return status;
    written = IopQueryVolume(file, FsInformationClass, out, Length < sizeof(out) ? Length : sizeof(out), &status);
    ObDereferenceObject(file);
    if (NT_ERROR(status))
        return status;
    if (KeCopyToUser(FsInformation, out, written))
        return STATUS_ACCESS_VIOLATION;
    iosb.Status = status;
    iosb.Information = written;
    return KeWriteUser(IoStatusBlock, iosb) ? STATUS_ACCESS_VIOLATION : status;
}
