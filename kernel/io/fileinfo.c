/* Information of open files (NtQueryInformationFile, NtSetInformationFile): the classes Veles knows, the
 * others named in the trace as not implemented. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "io/iop.h"
#include "ke/ke.h"
#include "mm/mm.h"

/* What does not fit is cut, with the whole length told, as Windows does for names. */
NTSTATUS NTAPI NtQueryInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock, PVOID FileInformation,
                                      ULONG Length, FILE_INFORMATION_CLASS FileInformationClass)
{
    IO_STATUS_BLOCK iosb = {.Status = STATUS_SUCCESS};
    FILE_VELES_UNIX_NAME_INFORMATION *info = FileInformation;
    ULONG header = offsetof(FILE_VELES_UNIX_NAME_INFORMATION, Name), copy, full;
    IOP_FILE *file;
    char *path;
    NTSTATUS status;

    if (FileInformationClass != FileVelesUnixNameInformation) {
        if (FileInformationClass <= 0 || FileInformationClass >= FileMaximumInformation)
            return STATUS_INVALID_INFO_CLASS;
        return KeReportNotImplemented("NtQueryInformationFile: this information class");
    }
    if (Length < header)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (KeWriteUser(IoStatusBlock, iosb) || !MmIsUserRange(FileInformation, Length))
        return STATUS_ACCESS_VIOLATION;
    if ((status = ObReferenceObjectByHandle(FileHandle, 0, &IoFileObjectType, (void **)&file)))
        return status;
    path = IopDescriptorPath(file->Fd);
    ObDereferenceObject(file);
    if (!path)
        return STATUS_OBJECT_PATH_NOT_FOUND;
    full = (ULONG)strlen(path);
    copy = full < Length - header ? full : Length - header;
    status = copy < full ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
    if (KeWriteUser(&info->NameLength, full) || KeCopyToUser(info->Name, path, copy)) {
        free(path);
        return STATUS_ACCESS_VIOLATION;
    }
    free(path);
    iosb.Status = status;
    iosb.Information = header + copy;
    KeWriteUser(IoStatusBlock, iosb);
    return status;
}

NTSTATUS NTAPI NtSetInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock, PVOID FileInformation,
                                    ULONG Length, FILE_INFORMATION_CLASS FileInformationClass)
{
    IO_STATUS_BLOCK iosb = {.Status = STATUS_SUCCESS};
    FILE_COMPLETION_INFORMATION completion;
    IOP_FILE *file;
    NTSTATUS status;

    if (FileInformationClass <= 0 || FileInformationClass >= FileMaximumInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (FileInformationClass != FileCompletionInformation && FileInformationClass != FileReplaceCompletionInformation)
        return KeReportNotImplemented("NtSetInformationFile: this information class");
    if (Length < sizeof(completion))
        return STATUS_INFO_LENGTH_MISMATCH;
    if (KeReadUser(&completion, (FILE_COMPLETION_INFORMATION *)FileInformation) ||
        KeWriteUser(IoStatusBlock, iosb))
        return STATUS_ACCESS_VIOLATION;
    if ((status = ObReferenceObjectByHandle(FileHandle, 0, &IoFileObjectType, (void **)&file)))
        return status;
    status = IopSetCompletion(file, &completion, FileInformationClass == FileReplaceCompletionInformation);
    ObDereferenceObject(file);
    iosb.Status = status;
    if (!status)
        KeWriteUser(IoStatusBlock, iosb);
    return status;
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

NTSTATUS NTAPI NtQueryVolumeInformationFile(HANDLE FileHandle, PIO_STATUS_BLOCK IoStatusBlock, PVOID FsInformation,
                                            ULONG Length, FS_INFORMATION_CLASS FsInformationClass)
{
    IO_STATUS_BLOCK iosb = {.Status = STATUS_SUCCESS, .Information = sizeof(FILE_FS_DEVICE_INFORMATION)};
    FILE_FS_DEVICE_INFORMATION device = {0};
    IOP_FILE *file;
    NTSTATUS status;

    if (FsInformationClass <= 0 || FsInformationClass >= FileFsMaximumInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (FsInformationClass != FileFsDeviceInformation)
        return KeReportNotImplemented("NtQueryVolumeInformationFile: this information class");
    if (Length < sizeof(device))
        return STATUS_INFO_LENGTH_MISMATCH;
    if ((status = ObReferenceObjectByHandle(FileHandle, 0, &IoFileObjectType, (void **)&file)))
        return status;
    device.DeviceType = IopDeviceType(file);
    ObDereferenceObject(file);
    if (KeWriteUser((FILE_FS_DEVICE_INFORMATION *)FsInformation, device) || KeWriteUser(IoStatusBlock, iosb))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}
