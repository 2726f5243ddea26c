/* Information of open files (NtQueryInformationFile, NtSetInformationFile): the classes Veles knows, the
 * others named in the trace as not implemented. */
#include <stdlib.h>
#include <string.h>
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
