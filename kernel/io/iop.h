/* What the I/O manager's files share among themselves: file and device objects, path lookup. */
#ifndef IO_IOP_H
#define IO_IOP_H

#include <stdbool.h>
#include <sys/stat.h>
#include "io/io.h"
#include "ob/ob.h"

/* A device in \Device: a volume is a Linux directory whose tree holds its files; the others (Null) are
 * one Linux file each. */
typedef struct {
    int RootFd;        /* O_PATH descriptor of the volume's directory, or -1 */
    char *UnixPath;    /* that directory, or the device's file ("/dev/null") */
} IOP_DEVICE;

typedef struct {
    int Fd;
    bool Seekable;      /* a regular file or block device: offsets mean something */
    bool IsPipe;
    bool Directory;
    bool DeleteOnClose;
    bool Synchronous;   /* opened for synchronous I/O: no completion port */
    void *CompletionPort; /* the KQUEUE of its completion port, referenced, or NULL */
    PVOID CompletionKey;
    char *UnixPath;     /* where it was opened, for delete-on-close; NULL when opened from a descriptor */
} IOP_FILE;

extern const OBJECT_TYPE IoFileObjectType;
extern const OBJECT_TYPE IoCompletionObjectType;

/* Queue a completion packet for an I/O of file that completed, when it has a port and the caller a context. */
void IopQueueCompletion(IOP_FILE *file, PVOID apc_context, NTSTATUS status, ULONG_PTR information);
/* Associate file with a completion port, or (replacing) with another or none (completion.c). */
NTSTATUS IopSetCompletion(IOP_FILE *file, const FILE_COMPLETION_INFORMATION *info, BOOLEAN replace);
extern const OBJECT_TYPE IoDeviceObjectType;

/* A file object over fd (which it then owns), described by st; one reference, the caller's. */
IOP_FILE *IopCreateFileObject(int fd, const struct stat *st);

/* Where a path leads: the directory that holds (or would hold) its last component, and that component as
 * it is on disk: the case-blind match of the name given, or the name as given when there is none. */
typedef struct {
    int ParentFd;       /* O_PATH, owned */
    char *Name;         /* owned; "." for the starting directory itself */
    bool Exists;
    bool MustBeDirectory; /* the path ended in a backslash */
    struct stat Stat;   /* when it exists (symbolic links followed) */
} IOP_PATH;

/* Walk path (UTF-16, components separated by backslashes, a leading one ignored) from the directory
 * start_fd, matching each component without regard to case. STATUS_OBJECT_NAME_INVALID for a name
 * Windows refuses, STATUS_OBJECT_PATH_NOT_FOUND when a directory on the way is missing. A missing last
 * component is not an error: Exists says so. */
NTSTATUS IopLookupPath(int start_fd, const WCHAR *path, USHORT length, IOP_PATH *out);
void IopReleasePath(IOP_PATH *path);

/* The Linux path of an open descriptor (for delete-on-close and for Unix names), allocated, or NULL
 * (create.c). */
char *IopDescriptorPath(int fd);

/* FILE_ATTRIBUTE_* and the four times of what a stat describes. */
void IopFillBasicInformation(const struct stat *st, const char *name, FILE_BASIC_INFORMATION *info);

#endif
