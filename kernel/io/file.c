/* File objects over Linux descriptors, and the read and write services on them. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "host/host.h"
#include "io/iop.h"
#include "ke/ke.h"
#include "mm/mm.h"
#include "ob/ob.h"

static void IopDeleteFile(void *body)
{
    IOP_FILE *file = body;

    if (file->DeleteOnClose && file->UnixPath && (file->Directory ? rmdir(file->UnixPath) : unlink(file->UnixPath)))
        HostMessage("%s was to be deleted on close but stays: %s", file->UnixPath, strerror(errno));
    close(file->Fd);
    free(file->UnixPath);
    if (file->CompletionPort)
        ObDereferenceObject(file->CompletionPort);
}

const OBJECT_TYPE IoFileObjectType = {
    .Name = "File",
    .Mapping = {FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE, FILE_ALL_ACCESS},
    .ValidAccess = FILE_ALL_ACCESS,
    .Delete = IopDeleteFile,
};

IOP_FILE *IopCreateFileObject(int fd, const struct stat *st)
{
    IOP_FILE *file = ObCreateObject(&IoFileObjectType, sizeof(*file));

    file->Fd = fd;
    file->Seekable = S_ISREG(st->st_mode) || S_ISBLK(st->st_mode);
    file->IsPipe = S_ISFIFO(st->st_mode) || S_ISSOCK(st->st_mode);
    file->Directory = S_ISDIR(st->st_mode);
    return file;
}

NTSTATUS IoCreateFileFromDescriptor(int fd, ACCESS_MASK access, HANDLE *handle)
{
    struct stat st;
    IOP_FILE *file;
    NTSTATUS status;

    if (fstat(fd, &st))
        return HostErrnoToStatus(errno);
    file = IopCreateFileObject(fd, &st);
    file->Synchronous = true; /* what a process inherits (standard handles, its directory) is used synchronously */
    status = ObInsertHandle(file, access, 0, handle);
    ObDereferenceObject(file);
    return status;
}

NTSTATUS IoDuplicateFileDescriptor(HANDLE handle, ACCESS_MASK access, int *fd)
{
    IOP_FILE *file;
    NTSTATUS status = ObReferenceObjectByHandle(handle, access, &IoFileObjectType, (void **)&file);

    if (status)
        return status;
    *fd = fcntl(file->Fd, F_DUPFD_CLOEXEC, 0);
    ObDereferenceObject(file);
    return *fd < 0 ? HostErrnoToStatus(errno) : STATUS_SUCCESS;
}

/* What NtReadFile and NtWriteFile share: the handle, the parts not yet written, and the arguments. */
static NTSTATUS IopBeginTransfer(HANDLE handle, ACCESS_MASK access, HANDLE event, PIO_APC_ROUTINE apc,
                                 PIO_STATUS_BLOCK iosb, PVOID buffer, ULONG length, IOP_FILE **file)
{
    IO_STATUS_BLOCK probe;
    NTSTATUS status;

    if ((status = ObReferenceObjectByHandle(handle, access, &IoFileObjectType, (void **)file)))
        return status;
    if (KeReadUser(&probe, iosb) || KeWriteUser(iosb, probe) || (length && !MmIsUserRange(buffer, length)))
        status = STATUS_ACCESS_VIOLATION;
    else if (event)
        status = KeReportNotImplemented("NtReadFile/NtWriteFile with an event");
    else if (apc)
        status = KeReportNotImplemented("NtReadFile/NtWriteFile with an APC routine");
    if (status)
        ObDereferenceObject(*file);
    return status;
}

/* The offset a transfer starts at: -1 for "the current position" (also for pipes and terminals,
 * where offsets mean nothing), -2 for "the end" (append). */
static NTSTATUS IopTransferOffset(const IOP_FILE *file, PLARGE_INTEGER byte_offset, LONGLONG *offset)
{
    LARGE_INTEGER o;

    *offset = -1;
    if (!byte_offset || !file->Seekable)
        return STATUS_SUCCESS;
    if (KeReadUser(&o, byte_offset))
        return STATUS_ACCESS_VIOLATION;
    if (o.HighPart == -1 && o.LowPart == FILE_USE_FILE_POINTER_POSITION)
        return STATUS_SUCCESS;
    if (o.HighPart == -1 && o.LowPart == FILE_WRITE_TO_END_OF_FILE)
        *offset = -2;
    else if (o.QuadPart < 0)
        return STATUS_INVALID_PARAMETER;
    else
        *offset = o.QuadPart;
    return STATUS_SUCCESS;
}

static NTSTATUS IopComplete(PIO_STATUS_BLOCK iosb, NTSTATUS status, ULONG_PTR information)
{
    IO_STATUS_BLOCK result = {.Status = status, .Information = information};
    if (KeWriteUser(iosb, result))
        return STATUS_ACCESS_VIOLATION;
    return status;
}

NTSTATUS NTAPI NtReadFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                          PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length, PLARGE_INTEGER ByteOffset,
                          PULONG Key)
{
    IOP_FILE *file;
    LONGLONG offset;
    ssize_t n;
    NTSTATUS status;

    (void)Key;
    if ((status = IopBeginTransfer(FileHandle, FILE_READ_DATA, Event, ApcRoutine, IoStatusBlock, Buffer, Length,
                                   &file)))
        return status;
    if ((status = IopTransferOffset(file, ByteOffset, &offset)) || offset == -2) {
        ObDereferenceObject(file);
        return status ? status : STATUS_INVALID_PARAMETER;
    }
    do
        n = offset >= 0 ? pread(file->Fd, Buffer, Length, offset) : read(file->Fd, Buffer, Length);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        status = HostErrnoToStatus(errno);
    else if (!n && Length)
        /* The end: of a file it is STATUS_END_OF_FILE; of a pipe, a writer that went away. */
        status = file->IsPipe ? STATUS_PIPE_BROKEN : file->Seekable ? STATUS_END_OF_FILE : STATUS_SUCCESS;
    if (n < 0 && status != STATUS_END_OF_FILE) {
        ObDereferenceObject(file);
        return status;
    }
    status = IopComplete(IoStatusBlock, status, n > 0 ? (ULONG_PTR)n : 0);
    IopQueueCompletion(file, ApcContext, status, n > 0 ? (ULONG_PTR)n : 0);
    ObDereferenceObject(file);
    return status;
}

NTSTATUS NTAPI NtWriteFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                           PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length, PLARGE_INTEGER ByteOffset,
                           PULONG Key)
{
    IOP_FILE *file;
    LONGLONG offset;
    ULONG done = 0;
    NTSTATUS status;

    (void)Key;
    if ((status = IopBeginTransfer(FileHandle, FILE_WRITE_DATA, Event, ApcRoutine, IoStatusBlock, Buffer, Length,
                                   &file)))
        return status;
    if ((status = IopTransferOffset(file, ByteOffset, &offset))) {
        ObDereferenceObject(file);
        return status;
    }
    if (offset == -2 && (offset = lseek(file->Fd, 0, SEEK_END)) < 0)
        status = HostErrnoToStatus(errno);
    /* A short write is not an answer: Windows completes the whole synchronous write or fails. */
    while (!status && done < Length) {
        ssize_t n = offset >= 0 ? pwrite(file->Fd, (char *)Buffer + done, Length - done, offset + done)
                                : write(file->Fd, (char *)Buffer + done, Length - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            status = n < 0 ? HostErrnoToStatus(errno) : STATUS_DISK_FULL;
        else
            done += (ULONG)n;
    }
    if (status && !done) {
        ObDereferenceObject(file);
        return status;
    }
    status = IopComplete(IoStatusBlock, status, done);
    IopQueueCompletion(file, ApcContext, status, done);
    ObDereferenceObject(file);
    return status;
}
