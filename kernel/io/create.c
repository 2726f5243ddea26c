/* Opening and creating files by name (NtCreateFile, NtOpenFile) and asking after them by name
 * (NtQueryAttributesFile, NtQueryFullAttributesFile). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "host/host.h"
#include "io/iop.h"
#include "ke/ke.h"

/* Where a name leads: inside a volume (Path), to a device that is one Linux file (DeviceFile), or to the named
 * pipes or mailslots (PipeName, what follows \Device\NamedPipe or \Device\Mailslot). */
typedef struct {
    IOP_PATH Path;
    const char *DeviceFile;
    IOP_DEVICE *Device;     /* referenced, when the name went through the namespace */
    WCHAR *PipeName;        /* owned; what follows \Device\NamedPipe, \Device\Mailslot or \Device\ConDrv, or a
                             * console file */
    USHORT PipeNameLength;
    IOP_FILE *ConsoleRoot;  /* referenced: the console file a name is relative to */
    IOP_FILE *PipeServer;   /* referenced: the pipe server end an empty name beside it opens a client of */
} IOP_TARGET;

static void IopReleaseTarget(IOP_TARGET *target)
{
    IopReleasePath(&target->Path);
    free(target->PipeName);
    if (target->ConsoleRoot)
        ObDereferenceObject(target->ConsoleRoot);
    if (target->PipeServer)
        ObDereferenceObject(target->PipeServer);
    if (target->Device)
        ObDereferenceObject(target->Device);
}

/* An empty name beside a file of a volume reopens that file (ReOpenFile does so): its Linux path, as a lookup
 * by name would have found it. */
static NTSTATUS IopLookupSameFile(const IOP_FILE *file, IOP_PATH *path)
{
    char *full = IopFilePath(file), *slash = full ? strrchr(full, '/') : NULL;
    NTSTATUS status = STATUS_SUCCESS;

    if (!slash) {
        free(full);
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    *slash = 0;
    path->ParentFd = open(slash == full ? "/" : full, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (path->ParentFd < 0) {
        status = HostErrnoToStatus(errno);
    } else {
        path->Name = HostStrdup(slash + 1);
        path->Exists = !fstatat(path->ParentFd, path->Name, &path->Stat, 0);
        path->IsLink = file->LinkPath != NULL;
    }
    free(full);
    return status;
}

/* Resolve what captured object attributes name: relative to a directory handle, or through the namespace
 * to a device and the path inside it. */
static NTSTATUS IopResolveName(const OB_OBJECT_ATTRIBUTES *oa, IOP_TARGET *target)
{
    void *object;
    WCHAR *rest;
    USHORT rest_length;
    NTSTATUS status;

    memset(target, 0, sizeof(*target));
    target->Path.ParentFd = -1;
    if (oa->RootDirectory && !ObReferenceObjectByHandle(oa->RootDirectory, 0, &IoFileObjectType, &object)) {
        IOP_FILE *root = object;
        if (root->ConsoleKind) {
            /* kernelbase opens its console's connection by a name relative to the console's handle. */
            target->ConsoleRoot = root;
            target->PipeName = HostZalloc((oa->NameLength + 1) * sizeof(WCHAR));
            memcpy(target->PipeName, oa->Name, oa->NameLength * sizeof(WCHAR));
            target->PipeNameLength = oa->NameLength;
            return STATUS_SUCCESS;
        }
        if (IopIsPipeServer(root)) {
            if (oa->NameLength)
                status = STATUS_OBJECT_NAME_INVALID;
            else {
                target->PipeServer = root;
                return STATUS_SUCCESS;
            }
        } else if (!root->Directory && !root->Fcb)
            status = STATUS_INVALID_PARAMETER;
        else if (!root->Directory)
            status = oa->NameLength ? STATUS_OBJECT_PATH_NOT_FOUND : IopLookupSameFile(root, &target->Path);
        else if (oa->NameLength && oa->Name[0] == '\\')
            status = STATUS_INVALID_PARAMETER; /* a name from the root, beside a directory */
        else
            status = IopLookupPath(root->Fd, oa->Name, oa->NameLength, &target->Path);
        ObDereferenceObject(root);
        return status;
    }
    if ((status = ObReferenceObjectByName(oa, &object, &rest, &rest_length)))
        return status;
    if (ObGetObjectType(object) != &IoDeviceObjectType) {
        ObDereferenceObject(object);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    target->Device = object;
    if (target->Device->Network) {
        free(rest);
        return KeReportNotImplemented("network paths (\\??\\UNC\\server\\share)");
    }
    if (target->Device->NamedPipes || target->Device->Mailslots || target->Device->Console) {
        target->PipeName = rest;
        target->PipeNameLength = rest_length;
        return STATUS_SUCCESS;
    }
    if (target->Device->RootFd >= 0)
        status = IopLookupPath(target->Device->RootFd, rest, rest_length, &target->Path);
    else if (rest_length)
        status = STATUS_OBJECT_PATH_NOT_FOUND;
    else
        target->DeviceFile = target->Device->UnixPath;
    free(rest);
    return status;
}

/* What FILE_OPEN_BY_FILE_ID names: the 8-byte ID (or a 16-byte one whose upper half is 0) of a file on the
 * volume of the root handle. */
static NTSTATUS IopResolveFileId(const OB_OBJECT_ATTRIBUTES *oa, IOP_TARGET *target)
{
    ULONGLONG id[2] = {0, 0};
    IOP_FILE *root;
    NTSTATUS status;

    memset(target, 0, sizeof(*target));
    target->Path.ParentFd = -1;
    if (!oa->RootDirectory || (oa->NameLength * sizeof(WCHAR) != 8 && oa->NameLength * sizeof(WCHAR) != 16))
        return STATUS_INVALID_PARAMETER;
    memcpy(id, oa->Name, oa->NameLength * sizeof(WCHAR));
    if (id[1])
        return STATUS_INVALID_PARAMETER;
    if ((status = ObReferenceObjectByHandle(oa->RootDirectory, 0, &IoFileObjectType, (void **)&root)))
        return status;
    status = root->Fcb ? IopLookupFileId(root->Fd, id[0], &target->Path) : STATUS_INVALID_PARAMETER;
    ObDereferenceObject(root);
    return status;
}

NTSTATUS IopLookupNewName(const IOP_FILE *file, HANDLE root, const WCHAR *name, USHORT length, IOP_PATH *out)
{
    OB_OBJECT_ATTRIBUTES oa = {.Attributes = OBJ_CASE_INSENSITIVE, .RootDirectory = root, .Name = (WCHAR *)name,
                               .NameLength = length};
    IOP_TARGET target;
    NTSTATUS status;

    memset(out, 0, sizeof(*out));
    out->ParentFd = -1;
    if (!length)
        return STATUS_INVALID_PARAMETER;
    if (!root && name[0] != '\\') {
        /* A bare name: beside the file, in its directory. */
        char *path = IopFilePath(file), *slash;
        int parent;
        for (USHORT i = 0; i < length; i++)
            if (name[i] == '\\') {
                free(path);
                return STATUS_INVALID_PARAMETER;
            }
        if (!path || !(slash = strrchr(path, '/'))) {
            free(path);
            return STATUS_OBJECT_PATH_NOT_FOUND;
        }
        *slash = 0;
        parent = open(*path ? path : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
        free(path);
        if (parent < 0)
            return HostErrnoToStatus(errno);
        status = IopLookupPath(parent, name, length, out);
        close(parent);
        return status;
    }
    if ((status = IopResolveName(&oa, &target)))
        return status;
    if (target.DeviceFile || target.PipeName) {
        IopReleaseTarget(&target);
        return STATUS_INVALID_PARAMETER;
    }
    *out = target.Path;
    target.Path.ParentFd = -1;
    target.Path.Name = NULL;
    IopReleaseTarget(&target);
    return STATUS_SUCCESS;
}

static NTSTATUS IopCheckCreateParameters(ULONG attributes, ULONG share, ULONG disposition, ULONG options,
                                         ACCESS_MASK access)
{
    /* Windows refuses FILE_ATTRIBUTE_DEVICE too; Wine 8's RegSaveKeyExW passes it (FILE_NON_DIRECTORY_FILE put
     * in the attributes), so here it is let through and means nothing, as it means nothing for a new file. */
    if (disposition > FILE_OVERWRITE_IF || options & ~(ULONG)FILE_VALID_OPTION_FLAGS ||
        share & ~(ULONG)FILE_SHARE_VALID_FLAGS ||
        attributes & ~(ULONG)(FILE_ATTRIBUTE_VALID_FLAGS | FILE_ATTRIBUTE_DEVICE))
        return STATUS_INVALID_PARAMETER;
    if ((options & FILE_DIRECTORY_FILE) &&
        (options & FILE_NON_DIRECTORY_FILE || (disposition != FILE_CREATE && disposition != FILE_OPEN &&
                                               disposition != FILE_OPEN_IF)))
        return STATUS_INVALID_PARAMETER;
    if ((options & FILE_SYNCHRONOUS_IO_ALERT && options & FILE_SYNCHRONOUS_IO_NONALERT) ||
        (options & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT) && !(access & SYNCHRONIZE)))
        return STATUS_INVALID_PARAMETER;
    if (options & FILE_DELETE_ON_CLOSE && !(access & DELETE))
        return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

/* Open (or create) what target names as the disposition says; *information is what IO_STATUS_BLOCK reports.
 * An existing file to be overwritten is opened whole, and truncated only once the share check allows it. */
static NTSTATUS IopOpenTarget(IOP_TARGET *target, ACCESS_MASK *access, ULONG attributes, ULONG disposition,
                              ULONG options, ULONG_PTR *information, int *fd_out)
{
    IOP_PATH *path = &target->Path;
    bool writing = *access & (FILE_WRITE_DATA | FILE_APPEND_DATA);
    bool reading = *access & (FILE_READ_DATA | FILE_EXECUTE);
    int flags = O_CLOEXEC | O_NOCTTY, fd;

    if (target->DeviceFile) {
        fd = open(target->DeviceFile, O_RDWR | flags);
        *information = FILE_OPENED;
        *fd_out = fd;
        return fd < 0 ? HostErrnoToStatus(errno) : STATUS_SUCCESS;
    }
    if (path->Exists) {
        bool directory = S_ISDIR(path->Stat.st_mode);
        if (disposition == FILE_CREATE)
            return STATUS_OBJECT_NAME_COLLISION;
        if (options & FILE_DIRECTORY_FILE && !directory)
            return STATUS_NOT_A_DIRECTORY;
        if (directory && options & FILE_NON_DIRECTORY_FILE)
            return STATUS_FILE_IS_A_DIRECTORY;
        /* A directory cannot be emptied as a file is. */
        if (directory && (disposition == FILE_OVERWRITE || disposition == FILE_OVERWRITE_IF ||
                          disposition == FILE_SUPERSEDE))
            return STATUS_OBJECT_NAME_COLLISION;
        if (path->MustBeDirectory && !directory)
            return STATUS_OBJECT_NAME_INVALID;
        /* Read-only is an attribute on Windows, kept even from an administrator (Veles may well run as root). A
         * superseded file is a new one, which may be made whatever the old one was. */
        if (!directory && !(path->Stat.st_mode & 0222)) {
            if (options & FILE_DELETE_ON_CLOSE)
                return STATUS_CANNOT_DELETE;
            if (*access & (FILE_WRITE_DATA | FILE_APPEND_DATA) || disposition >= FILE_OVERWRITE)
                return STATUS_ACCESS_DENIED;
            if (disposition == FILE_SUPERSEDE && fchmodat(path->ParentFd, path->Name, path->Stat.st_mode | 0200, 0))
                return HostErrnoToStatus(errno);
        }
        switch (disposition) {
        case FILE_SUPERSEDE:
            *information = FILE_SUPERSEDED;
            break;
        case FILE_OVERWRITE:
        case FILE_OVERWRITE_IF:
            *information = FILE_OVERWRITTEN;
            break;
        default:
            *information = FILE_OPENED;
        }
        if (*information != FILE_OPENED)
            writing = true;
        if (directory)
            flags |= O_RDONLY | O_DIRECTORY;
        else if (!reading && !writing)
            flags |= O_PATH; /* attributes, synchronisation, deletion: the data is not opened */
        else
            flags |= writing ? (reading ? O_RDWR : O_WRONLY) : O_RDONLY;
        fd = openat(path->ParentFd, path->Name, flags);
        if (fd < 0 && errno == EACCES && *access & MAXIMUM_ALLOWED && *information == FILE_OPENED &&
            (flags & O_RDWR)) {
            /* All that is allowed: the data for reading, when writing is not. */
            fd = openat(path->ParentFd, path->Name, (flags & ~O_RDWR) | O_RDONLY);
            *access &= ~(ACCESS_MASK)(FILE_WRITE_DATA | FILE_APPEND_DATA);
        }
    } else {
        mode_t mode = 0666; /* read-only comes once the file is made (IopOpenByName) */
        if (disposition == FILE_OPEN || disposition == FILE_OVERWRITE)
            return STATUS_OBJECT_NAME_NOT_FOUND;
        if (path->MustBeDirectory && !(options & FILE_DIRECTORY_FILE))
            return STATUS_OBJECT_NAME_INVALID;
        *information = FILE_CREATED;
        if (options & FILE_DIRECTORY_FILE) {
            if (mkdirat(path->ParentFd, path->Name, 0777))
                return HostErrnoToStatus(errno);
            fd = openat(path->ParentFd, path->Name, O_RDONLY | O_DIRECTORY | flags);
        } else {
            /* A new file is opened for writing whatever was asked, so that a read-only one can be made. */
            fd = openat(path->ParentFd, path->Name, O_CREAT | O_EXCL | (reading ? O_RDWR : O_WRONLY) | flags, mode);
        }
        if (fd >= 0)
            IopNoteNewName(path->ParentFd, path->Name);
    }
    *fd_out = fd;
    return fd < 0 ? HostErrnoToStatus(errno) : STATUS_SUCCESS;
}

char *IopDescriptorPath(int fd)
{
    char link[64], path[4096];
    ssize_t n;

    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    n = readlink(link, path, sizeof(path) - 1);
    if (n <= 0)
        return NULL;
    path[n] = 0;
    return HostStrdup(path);
}

char *IopFilePath(const IOP_FILE *file)
{
    return file->LinkPath ? HostStrdup(file->LinkPath) : IopDescriptorPath(file->Fd);
}

char *IopJoinPath(int dir_fd, const char *name)
{
    char *dir = IopDescriptorPath(dir_fd), *path;
    size_t size;

    if (!dir)
        return NULL;
    size = strlen(dir) + strlen(name) + 2;
    path = HostAlloc(size);
    snprintf(path, size, "%s/%s", strcmp(dir, "/") ? dir : "", name);
    free(dir);
    return path;
}

/* The file object of an open by captured name, with its share access taken: what NtCreateFile and NtDeleteFile
 * share. *access may lose what MAXIMUM_ALLOWED could not have. */
static NTSTATUS IopOpenByName(const OB_OBJECT_ATTRIBUTES *oa, ACCESS_MASK *access, ULONG attributes, ULONG share,
                              ULONG disposition, ULONG options, ULONG_PTR *information, IOP_FILE **out)
{
    IOP_TARGET target;
    IOP_FILE *file;
    struct stat st;
    int fd = -1;
    NTSTATUS status = options & FILE_OPEN_BY_FILE_ID ? IopResolveFileId(oa, &target) : IopResolveName(oa, &target);

    if (!status && (target.ConsoleRoot || (target.Device && target.Device->Console))) {
        *access &= ~(ACCESS_MASK)MAXIMUM_ALLOWED;
        *information = FILE_OPENED;
        status = IopOpenConsoleDevice(target.ConsoleRoot, target.PipeName, target.PipeNameLength, *access, options,
                                      out);
        IopReleaseTarget(&target);
        return status;
    }
    if (!status && target.PipeServer) {
        *access &= ~(ACCESS_MASK)MAXIMUM_ALLOWED;
        *information = FILE_OPENED;
        status = disposition == FILE_OPEN || disposition == FILE_OPEN_IF
                     ? IopOpenPipeBeside(target.PipeServer, *access, options, out)
                     : STATUS_INVALID_PARAMETER;
        IopReleaseTarget(&target);
        return status;
    }
    if (!status && target.Device && target.Device->NamedPipes) {
        *access &= ~(ACCESS_MASK)MAXIMUM_ALLOWED;
        status = IopOpenPipeDevice(target.PipeName, target.PipeNameLength, *access, disposition, options,
                                   information, out);
        IopReleaseTarget(&target);
        return status;
    }
    if (!status && target.Device && target.Device->Mailslots) {
        *access &= ~(ACCESS_MASK)MAXIMUM_ALLOWED;
        status = IopOpenMailslotDevice(target.PipeName, target.PipeNameLength, access, disposition, options,
                                       information, out);
        IopReleaseTarget(&target);
        return status;
    }
    if (!status)
        status = IopOpenTarget(&target, access, attributes, disposition, options, information, &fd);
    char *link_path = !status && target.Path.IsLink ? IopJoinPath(target.Path.ParentFd, target.Path.Name) : NULL;
    void *device = !status && target.DeviceFile ? target.Device : NULL;
    if (device)
        ObReferenceObject(device);
    IopReleaseTarget(&target);
    if (!status && fstat(fd, &st))
        status = HostErrnoToStatus(errno);
    if (status) {
        if (fd >= 0)
            close(fd);
        free(link_path);
        if (device)
            ObDereferenceObject(device);
        return status;
    }
    *access &= ~(ACCESS_MASK)MAXIMUM_ALLOWED;
    /* NTFS grants reading a file's attributes to whoever may list its directory, which here is everyone:
     * kernelbase asks for them on handles opened for DELETE alone (MoveFileEx). */
    if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
        *access |= FILE_READ_ATTRIBUTES;
    /* Wine 8's SetFileAttributesW opens for SYNCHRONIZE alone and then sets the attributes: an open that asks
     * for nothing else may, where Linux lets this user change them. */
    if ((*access & ~(ACCESS_MASK)FILE_READ_ATTRIBUTES) == SYNCHRONIZE && (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) &&
        (st.st_uid == geteuid() || !geteuid()))
        *access |= FILE_WRITE_ATTRIBUTES;
    file = IopCreateFileObject(fd, &st, *access, options);
    file->LinkPath = link_path;
    file->Device = device;
    file->DeleteOnClose = (options & FILE_DELETE_ON_CLOSE) != 0;
    if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
        status = IopOpenFcb(file, &st, *access, share);
    /* Overwriting waits for the share check: a refused open must not have cut the file. */
    if (!status && *information != FILE_OPENED && *information != FILE_CREATED && ftruncate(fd, 0))
        status = HostErrnoToStatus(errno);
    /* A new, overwritten or superseded file has the attributes asked for: hidden and system kept beside it (as are
     * those of a file made anew in the place of one that kept some), then read-only, which would keep them from
     * being written. */
    if (!status && *information != FILE_OPENED) {
        char link[64];
        snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
        if (attributes & (FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM) ||
            (*information != FILE_CREATED && IopReadDosAttributes(link) != IOP_NO_DOS_ATTRIBUTES))
            status = IopWriteDosAttributes(link, attributes | (S_ISDIR(st.st_mode) ? 0 : FILE_ATTRIBUTE_ARCHIVE));
        mode_t mode = attributes & FILE_ATTRIBUTE_READONLY ? st.st_mode & ~0222 : st.st_mode | 0200;
        if (!status && !S_ISDIR(st.st_mode) && mode != st.st_mode && fchmod(fd, mode & 07777))
            status = HostErrnoToStatus(errno);
    }
    if (status) {
        file->DeleteOnClose = false;
        ObDereferenceObject(file);
        return status;
    }
    *out = file;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                            PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER AllocationSize, ULONG FileAttributes,
                            ULONG ShareAccess, ULONG CreateDisposition, ULONG CreateOptions, PVOID EaBuffer,
                            ULONG EaLength)
{
    ACCESS_MASK access = ObMapGenericAccess(&IoFileObjectType, DesiredAccess) | (DesiredAccess & MAXIMUM_ALLOWED);
    OB_OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb = {0};
    IOP_FILE *file;
    HANDLE handle = NULL;
    NTSTATUS status;

    IopCountOtherOperation();
    (void)AllocationSize; /* a hint Linux has no use for */
    if ((status = IopCheckCreateParameters(FileAttributes, ShareAccess, CreateDisposition, CreateOptions, access)))
        return status;
    if (EaBuffer && EaLength)
        return STATUS_EAS_NOT_SUPPORTED;
    if (!ObjectAttributes)
        return STATUS_INVALID_PARAMETER;
    if (KeWriteUser(FileHandle, handle) || KeWriteUser(IoStatusBlock, iosb))
        return STATUS_ACCESS_VIOLATION;
    if ((status = ObCaptureObjectAttributes(ObjectAttributes, &oa)))
        return status;
    status = IopOpenByName(&oa, &access, FileAttributes, ShareAccess, CreateDisposition, CreateOptions,
                           &iosb.Information, &file);
    if (!status && iosb.Information != FILE_OPENED)
        IopDeliverChanges();
    if (!status) {
        status = ObInsertHandle(file, access, oa.Attributes & OBJ_INHERIT, &handle);
        ObDereferenceObject(file);
    }
    ObReleaseObjectAttributes(&oa);
    if (status)
        return status;
    iosb.Status = STATUS_SUCCESS;
    if (KeWriteUser(FileHandle, handle) || KeWriteUser(IoStatusBlock, iosb)) {
        NtClose(handle);
        return STATUS_ACCESS_VIOLATION;
    }
    return STATUS_SUCCESS;
}

/* The file object of an existing file a caller's OBJECT_ATTRIBUTES name, for the kernel's use (no handle). */
static NTSTATUS IopOpenExisting(POBJECT_ATTRIBUTES user_attributes, ACCESS_MASK access, ULONG share, ULONG options,
                                IOP_FILE **file)
{
    OB_OBJECT_ATTRIBUTES oa;
    ULONG_PTR information;
    NTSTATUS status;

    if (!user_attributes)
        return STATUS_INVALID_PARAMETER;
    if ((status = ObCaptureObjectAttributes(user_attributes, &oa)))
        return status;
    status = IopOpenByName(&oa, &access, 0, share, FILE_OPEN, options, &information, file);
    ObReleaseObjectAttributes(&oa);
    return status;
}

/* The tail of the kernel's own opens: a descriptor of its own and the file's Linux path. */
static NTSTATUS IopHandOver(IOP_FILE *file, int *fd, char **unix_path)
{
    NTSTATUS status = STATUS_SUCCESS;

    if (file->Fd < 0 || (*fd = fcntl(file->Fd, F_DUPFD_CLOEXEC, 3)) < 0)
        status = file->Fd < 0 ? STATUS_INVALID_DEVICE_REQUEST : HostErrnoToStatus(errno);
    else if (!(*unix_path = IopDescriptorPath(*fd)))
        status = STATUS_OBJECT_PATH_NOT_FOUND;
    ObDereferenceObject(file);
    if (status && *fd >= 0) {
        close(*fd);
        *fd = -1;
    }
    return status;
}

NTSTATUS IoOpenFileByName(POBJECT_ATTRIBUTES ObjectAttributes, ACCESS_MASK access, ULONG share, int *fd,
                          char **unix_path)
{
    IOP_FILE *file;
    NTSTATUS status;

    *fd = -1;
    *unix_path = NULL;
    if ((status = IopOpenExisting(ObjectAttributes, access, share, FILE_NON_DIRECTORY_FILE, &file)))
        return status;
    return IopHandOver(file, fd, unix_path);
}

NTSTATUS IoOpenFileByNtName(const WCHAR *name, USHORT length, ACCESS_MASK access, ULONG options, int *fd,
                            char **unix_path)
{
    OB_OBJECT_ATTRIBUTES oa = {.Attributes = OBJ_CASE_INSENSITIVE, .Name = (WCHAR *)name, .NameLength = length};
    ULONG_PTR information;
    IOP_FILE *file;
    NTSTATUS status;

    *fd = -1;
    *unix_path = NULL;
    if (!length)
        return STATUS_OBJECT_NAME_INVALID;
    if ((status = IopOpenByName(&oa, &access, 0, FILE_SHARE_VALID_FLAGS, FILE_OPEN, options, &information, &file)))
        return status;
    return IopHandOver(file, fd, unix_path);
}

/* Deleting by name is an open to delete on close, sharing everything, closed at once: a directory that is not
 * empty stays, and the call succeeds all the same, as on Windows. */
NTSTATUS NTAPI NtDeleteFile(POBJECT_ATTRIBUTES ObjectAttributes)
{
    IOP_FILE *file;
    NTSTATUS status;

    if ((status = IopOpenExisting(ObjectAttributes, DELETE, FILE_SHARE_VALID_FLAGS, FILE_DELETE_ON_CLOSE, &file)))
        return status;
    if (file->Directory && !IopDirectoryIsEmpty(file->Fd))
        file->DeleteOnClose = false;
    ObDereferenceObject(file);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtOpenFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                          PIO_STATUS_BLOCK IoStatusBlock, ULONG ShareAccess, ULONG OpenOptions)
{
    return NtCreateFile(FileHandle, DesiredAccess, ObjectAttributes, IoStatusBlock, NULL, 0, ShareAccess, FILE_OPEN,
                        OpenOptions, NULL, 0);
}

/* Whether the name a lookup found is to go when the last open of its file does. */
static bool IopNamePending(const IOP_PATH *path)
{
    char *link = path->IsLink ? IopJoinPath(path->ParentFd, path->Name) : NULL;
    bool pending = false;

    IopIsOpen(path->Stat.st_dev, path->Stat.st_ino, link, &pending);
    free(link);
    return pending;
}

/* The stat of what a name leads to, its name on disk and the attributes it keeps, for the two queries by name. */
static NTSTATUS IopStatName(const OBJECT_ATTRIBUTES *user_attributes, struct stat *st, char *name, size_t size,
                            ULONG *dos)
{
    OB_OBJECT_ATTRIBUTES oa;
    IOP_TARGET target;
    NTSTATUS status;

    if (!user_attributes)
        return STATUS_INVALID_PARAMETER;
    if ((status = ObCaptureObjectAttributes(user_attributes, &oa)))
        return status;
    status = IopResolveName(&oa, &target);
    ObReleaseObjectAttributes(&oa);
    if (!status && target.PipeName)
        status = KeReportNotImplemented("the attributes of a named pipe or a console by name");
    else if (!status && target.DeviceFile && stat(target.DeviceFile, st))
        status = HostErrnoToStatus(errno);
    else if (!status && !target.DeviceFile && !target.Path.Exists)
        status = STATUS_OBJECT_NAME_NOT_FOUND;
    else if (!status && !target.DeviceFile && target.Path.MustBeDirectory && !S_ISDIR(target.Path.Stat.st_mode))
        status = STATUS_OBJECT_NAME_INVALID;
    else if (!status && !target.DeviceFile && IopNamePending(&target.Path))
        status = STATUS_DELETE_PENDING; /* its name goes with its last open */
    else if (!status && !target.DeviceFile)
        *st = target.Path.Stat;
    if (!status)
        snprintf(name, size, "%s", target.DeviceFile ? target.DeviceFile : target.Path.Name);
    *dos = IOP_NO_DOS_ATTRIBUTES;
    if (!status && !target.DeviceFile) {
        char path[4096];
        snprintf(path, sizeof(path), "/proc/self/fd/%d/%s", target.Path.ParentFd, target.Path.Name);
        *dos = IopReadDosAttributes(path);
    }
    IopReleaseTarget(&target);
    return status;
}

NTSTATUS NTAPI NtQueryAttributesFile(OBJECT_ATTRIBUTES *ObjectAttributes, FILE_BASIC_INFORMATION *FileInformation)
{
    FILE_BASIC_INFORMATION info;
    struct stat st;
    char name[256];
    ULONG dos;
    NTSTATUS status = IopStatName(ObjectAttributes, &st, name, sizeof(name), &dos);

    if (status)
        return status;
    IopFillBasicInformation(&st, name, dos, &info);
    return KeWriteUser(FileInformation, info) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}

NTSTATUS NTAPI NtQueryFullAttributesFile(OBJECT_ATTRIBUTES *ObjectAttributes,
                                         FILE_NETWORK_OPEN_INFORMATION *FileInformation)
{
    FILE_NETWORK_OPEN_INFORMATION info;
    struct stat st;
    char name[256];
    ULONG dos;
    NTSTATUS status = IopStatName(ObjectAttributes, &st, name, sizeof(name), &dos);

    if (status)
        return status;
    IopFillNetworkOpenInformation(&st, name, dos, &info);
    return KeWriteUser(FileInformation, info) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}
