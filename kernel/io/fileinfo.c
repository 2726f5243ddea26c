/* Setting information of open files (NtSetInformationFile): the classes Veles knows, the others named in the
 * trace as not implemented. */
#include "io/iop.h"
#include "ke/ke.h"

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
