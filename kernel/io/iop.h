/* What the I/O manager's files share among themselves: file and device objects, path lookup. */
#ifndef IO_IOP_H
#define IO_IOP_H

#include <stdbool.h>
#include <sys/stat.h>
#include "io/io.h"
#include "ke/ke.h"
#include "ob/ob.h"

/* A device in \Device: a volume is a Linux directory whose tree holds its files; the others (Null) are
 * one Linux file each. */
typedef struct {
    int RootFd;        /* O_PATH descriptor of the volume's directory, or -1 */
    char *UnixPath;    /* that directory, or the device's file ("/dev/null"); NULL for NamedPipe */
    bool NamedPipes;   /* \Device\NamedPipe: what follows its name is a pipe's (pipe.c) */
    bool Mailslots;    /* \Device\Mailslot: what follows is a mailslot's (mailslot.c) */
    bool Console;      /* \Device\ConDrv: what follows is a console file's kind (console.c) */
    bool Network;      /* \Device\Mup, where \??\UNC leads: network shares, which Veles does not reach */
} IOP_DEVICE;

/* For NtCreateNamedPipeFile and NtCreateMailslotFile: what follows the device's name in the name a caller's
 * OBJECT_ATTRIBUTES give (allocated, the caller frees it), and their attributes. The name must lead into the device
 * of that kind, or be relative to a handle of the named pipe device (*beside_device then), where it may be empty. */
typedef enum { IOP_DEVICE_NAMED_PIPES, IOP_DEVICE_MAILSLOTS } IOP_DEVICE_KIND;
NTSTATUS IopCaptureDeviceName(const OBJECT_ATTRIBUTES *user_attributes, IOP_DEVICE_KIND kind, WCHAR **rest,
                              USHORT *rest_length, ULONG *attributes, bool *beside_device);

/* The create options an open keeps, as FileModeInformation reports them. */
#define IOP_MODE_OPTIONS (FILE_WRITE_THROUGH | FILE_SEQUENTIAL_ONLY | FILE_NO_INTERMEDIATE_BUFFERING | \
                          FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT)

/* What every open of one Linux file shares (share.c). */
typedef struct IOP_FCB {
    struct IOP_FCB *Next;
    dev_t Device;
    ino_t Inode;
    ULONG Opens;
    /* Windows' share access: the opens that read, write or delete, and how many of them let others do so. */
    ULONG SharingOpens, Readers, Writers, Deleters, SharedRead, SharedWrite, SharedDelete;
    bool DeletePending;     /* deleted when its last open goes; no new open meanwhile */
    char *DeleteLink;       /* with DeletePending: the symbolic link to delete, when an open through one asked */
    struct IOP_LOCK *Locks; /* byte ranges locked through its opens */
} IOP_FCB;

struct IOP_DIR_SCAN;
struct IOP_PIPE_END;
struct IOP_MAILSLOT;
struct IOP_NOTIFY;

typedef struct {
    KEVENT Event;       /* first, for waits on the file: reset as a request starts, set as one without an event ends */
    int Fd;
    bool Seekable;      /* a regular file or block device: offsets mean something */
    bool IsPipe;
    bool Directory;
    bool DeleteOnClose;
    bool Synchronous;   /* opened for synchronous I/O: no completion port, a file position kept */
    bool CountsForSharing;
    ACCESS_MASK GrantedAccess;
    ULONG ShareAccess;
    ULONG Options;      /* the create options that FileModeInformation reports */
    LONGLONG Position;  /* where the file has no Linux offset of its own (directories, attribute-only opens) */
    IOP_FCB *Fcb;       /* NULL for what is not a file of a volume (devices, pipes, terminals) */
    struct IOP_DIR_SCAN *Scan; /* a directory's enumeration, from its first NtQueryDirectoryFile */
    void *CompletionPort; /* the KQUEUE of its completion port, referenced, or NULL */
    PVOID CompletionKey;
    ULONG CompletionFlags; /* FILE_SKIP_*: what its completed requests leave out */
    struct IOP_PIPE_END *PipeEnd; /* a named pipe's server or client end (pipe.c) */
    bool PipeDevice;    /* \Device\NamedPipe itself, opened for FSCTL_PIPE_WAIT */
    bool PipeDeviceRoot; /* ... as its root directory (a name ending in a backslash), which pipes are created beside */
    struct IOP_MAILSLOT *Mailslot; /* a mailslot's server or client (mailslot.c) */
    bool MailslotServer;
    bool MailslotDevice; /* \Device\Mailslot itself */
    void *Device;       /* of a device that is one Linux file (Null, CNG): its device object, referenced */
    ULONG ConsoleKind;  /* IOP_CONSOLE_*: a console file, over a terminal (console.c) */
    struct IOP_NOTIFY *Notify; /* a directory's change watch, from its first request (notify.c) */
    /* The Linux path of the symbolic link the file was opened through, or NULL: its name is the link's, so that
     * deleting or renaming it acts on the link and never on a file the link leads to (system32's DLLs are links
     * into the system's Wine). */
    char *LinkPath;
} IOP_FILE;

enum { IOP_CONSOLE_NONE, IOP_CONSOLE_INPUT, IOP_CONSOLE_OUTPUT, IOP_CONSOLE_CONNECTION };

/* Share access and the control block of a file being opened with access and share; STATUS_SHARING_VIOLATION or
 * STATUS_DELETE_PENDING when Windows refuses the open. */
NTSTATUS IopOpenFcb(IOP_FILE *file, const struct stat *st, ACCESS_MASK access, ULONG share);
/* The end of an open: when it was the file's last and a deletion is pending, the Linux path the caller deletes
 * (allocated), else NULL. */
char *IopCloseFcb(IOP_FILE *file);
NTSTATUS IopSetDeletePending(IOP_FILE *file, bool pending);
bool IopDeletePending(const IOP_FILE *file);
/* Whether any open of this process names the file, and (delete_pending, when not NULL) whether it is to go: the
 * file, or the symbolic link at path (its Linux path, or NULL) through which it was found. */
bool IopIsOpen(dev_t device, ino_t inode, const char *path, bool *delete_pending);
/* Whether any open of this process names a file below a directory (its Linux path). */
bool IopIsOpenBelow(const char *directory);
/* Byte-range locks of an open with a key; waiting for a conflicting one to go, or STATUS_LOCK_NOT_GRANTED. */
NTSTATUS IopLock(IOP_FILE *file, ULONGLONG offset, ULONGLONG length, ULONG key, bool exclusive, bool wait);
NTSTATUS IopUnlock(IOP_FILE *file, ULONGLONG offset, ULONGLONG length, ULONG key);
/* STATUS_FILE_LOCK_CONFLICT when another open's lock (or, for writing, a shared one) covers part of a range. */
NTSTATUS IopCheckLocks(const IOP_FILE *file, ULONGLONG offset, ULONGLONG length, bool writing);

/* A request of the I/O services that complete at once: the file, the event to signal, the APC to queue (or the
 * completion port to post to) and the status block to write (file.c). */
typedef struct {
    IOP_FILE *File;
    ACCESS_MASK Access; /* what the handle grants */
    KEVENT *Event;
    PIO_APC_ROUTINE Apc;
    PVOID ApcContext;
    PIO_STATUS_BLOCK Iosb;
    KTHREAD *Thread;    /* of a request pending: the thread that made it, referenced, for its APC */
    /* A request of a synchronous file while its thread carries it out (KTHREAD.IoRequest): NtCancelSynchronousIoFile
     * sets Cancelled and wakes the wait it is in. Guarded by the lock of synchronous requests (file.c). */
    bool Synchronous;
    bool Cancelled;
    int WakeFd;         /* an eventfd while it waits for a descriptor, else -1 */
    KEVENT *WakeEvent;  /* what it waits on beside a dispatcher object, or NULL */
} IOP_REQUEST;

/* One more request of the kinds Windows counts as other than reads and writes (opens, queries, controls). */
void IopCountOtherOperation(void);

/* The file a handle names, when the handle grants access (all of it), and the event (reset) and status block
 * checked. */
NTSTATUS IopBeginRequest(HANDLE handle, ACCESS_MASK access, HANDLE event, PIO_APC_ROUTINE apc, PVOID apc_context,
                         PIO_STATUS_BLOCK iosb, IOP_REQUEST *request);
/* The end of a request that was carried out: the status block written, the event set, the APC queued or the
 * packet posted (not for errors); status, or STATUS_ACCESS_VIOLATION for a status block gone bad. */
NTSTATUS IopCompleteRequest(IOP_REQUEST *request, NTSTATUS status, ULONG_PTR information);
/* The end of a request refused before any work: nothing is reported but the status. */
NTSTATUS IopFailRequest(IOP_REQUEST *request, NTSTATUS status);
/* A request that another thread will complete (its caller returns STATUS_PENDING): a copy of its own, which
 * holds no reference to the file, whose end completes or cancels it first. Its completion, whatever the
 * status, is reported like a success's, as a pending request's is on Windows. */
IOP_REQUEST *IopPendRequest(const IOP_REQUEST *request);
/* Waits of a request, with no lock held: until a descriptor has something to read or has come to its end (pipes,
 * inotify, the terminal), and for a dispatcher object as KeWaitForMultipleObjects waits for one. Either ends
 * with STATUS_CANCELLED when NtCancelSynchronousIoFile cancels the request. */
NTSTATUS IopWaitReadable(IOP_REQUEST *request, int fd);
NTSTATUS IopWaitObject(IOP_REQUEST *request, DISPATCHER_HEADER *object, BOOLEAN alertable,
                       const LARGE_INTEGER *timeout);
void IopCompletePending(IOP_REQUEST *pending, NTSTATUS status, ULONG_PTR information);
/* Whether a pending request is one of a thread's (NULL: any) with a status block (NULL: any), for cancelling. */
bool IopPendingMatches(const IOP_REQUEST *pending, const KTHREAD *thread, const IO_STATUS_BLOCK *iosb);

/* Pending requests that wait for data in order, each with the caller's buffer (its owner's lock guards it). */
typedef struct IOP_WAITING {
    struct IOP_WAITING *Next;
    IOP_REQUEST *Request;
    PVOID Buffer;
    ULONG Length;
    LONGLONG Deadline;  /* the interrupt time it gives up at, or 0: its owner sets it */
} IOP_WAITING;
typedef struct {
    IOP_WAITING *Head, **Tail;
} IOP_QUEUE;
void IopInitializeQueue(IOP_QUEUE *queue);
/* The request pends (IopPendRequest) at the end of the queue. */
IOP_WAITING *IopQueueWaiting(IOP_QUEUE *queue, const IOP_REQUEST *request, PVOID buffer, ULONG length);
/* Complete requests from the front while serve answers other than STATUS_PENDING (its status and length). */
void IopServeQueue(IOP_QUEUE *queue, NTSTATUS (*serve)(void *context, PVOID buffer, ULONG length, ULONG *done),
                   void *context);
/* Complete with status those that match (IopPendingMatches); how many. */
ULONG IopCancelQueue(IOP_QUEUE *queue, const KTHREAD *thread, const IO_STATUS_BLOCK *iosb, NTSTATUS status);
/* Complete with status those whose deadline is past now; *next becomes the earliest deadline still to come, if
 * that is sooner (or *next was 0). */
void IopExpireQueue(IOP_QUEUE *queue, LONGLONG now, NTSTATUS status, LONGLONG *next);

/* Named pipes (pipe.c). Reads and writes of pipe ends, FSCTLs of ends and of the device, and their classes. */
NTSTATUS IopReadPipe(IOP_REQUEST *request, PVOID buffer, ULONG length);
NTSTATUS IopWritePipe(IOP_REQUEST *request, PVOID buffer, ULONG length);
NTSTATUS IopPipeFsControl(IOP_REQUEST *request, ULONG code, PVOID input, ULONG input_length, PVOID output,
                          ULONG output_length);
/* An open of what follows \Device\NamedPipe: the device itself, or a client's end of a pipe. */
NTSTATUS IopOpenPipeDevice(const WCHAR *name, USHORT length, ACCESS_MASK access, ULONG disposition, ULONG options,
                           ULONG_PTR *information, IOP_FILE **out);
void IopClosePipeEnd(IOP_FILE *file);
NTSTATUS IopQueryPipe(const IOP_FILE *file, FILE_INFORMATION_CLASS class, BYTE *out, ULONG *written);
NTSTATUS IopSetPipeInformation(IOP_FILE *file, const FILE_PIPE_INFORMATION *info);
/* "\\" and the pipe's name (UTF-8, allocated); NULL for an unnamed pipe. */
char *IopPipeFileName(const IOP_FILE *file);
bool IopIsPipeServer(const IOP_FILE *file);
/* A pipe end whose descriptor another process has too: its close here leaves the connection to that process. */
void IopExportPipeEnd(IOP_FILE *file);
/* A flush of a pipe end: until the other end has read all this one wrote, or is gone (a cancel ends it too). */
NTSTATUS IopFlushPipe(IOP_REQUEST *request);
/* A client's end of the pipe whose server end is server (an open beside its handle, as CreatePipe's). */
NTSTATUS IopOpenPipeBeside(IOP_FILE *server, ACCESS_MASK access, ULONG options, IOP_FILE **out);
/* Where a pipe end's security descriptor is: its pipe's, shared by all instances. */
NTSTATUS IopPipeSecurity(IOP_FILE *file, void ***slot);
/* A client end its server disconnected: every request on it but its close is STATUS_PIPE_DISCONNECTED. */
bool IopPipeClientDisconnected(const IOP_FILE *file);
/* Cancel the requests pending on a pipe end: those of one thread (NULL: any), or the one with a status block
 * (NULL: any); how many there were. */
ULONG IopCancelPipeRequests(IOP_FILE *file, const KTHREAD *thread, const IO_STATUS_BLOCK *iosb);

/* Mailslots (mailslot.c): reads of the server, writes of clients, opens of what follows \Device\Mailslot, and
 * the information of the server; as for pipes. */
NTSTATUS IopReadMailslot(IOP_REQUEST *request, PVOID buffer, ULONG length);
NTSTATUS IopWriteMailslot(IOP_REQUEST *request, PVOID buffer, ULONG length);
NTSTATUS IopOpenMailslotDevice(const WCHAR *name, USHORT length, ACCESS_MASK *access, ULONG disposition,
                               ULONG options, ULONG_PTR *information, IOP_FILE **out);
void IopCloseMailslot(IOP_FILE *file);
NTSTATUS IopQueryMailslot(const IOP_FILE *file, FILE_MAILSLOT_QUERY_INFORMATION *info);
NTSTATUS IopSetMailslot(IOP_FILE *file, const FILE_MAILSLOT_SET_INFORMATION *info);
char *IopMailslotFileName(const IOP_FILE *file);
ULONG IopCancelMailslotRequests(IOP_FILE *file, const KTHREAD *thread, const IO_STATUS_BLOCK *iosb);

/* Change notifications (notify.c): the requests pending on a directory cancelled (as for pipes) with a status,
 * and the watch ended with its file. */
/* Changes this process made to directories others watch reach their requests before the service that made them
 * returns, as Windows' file systems complete them: inotify has them queued by then. */
void IopDeliverChanges(void);
ULONG IopCancelNotifyRequests(IOP_FILE *file, const KTHREAD *thread, const IO_STATUS_BLOCK *iosb, NTSTATUS why);
void IopCloseNotify(IOP_FILE *file);

/* The console (console.c): its requests, the reads of its input, and the opens of \Device\ConDrv's names
 * (or of those under a console file, root). */
NTSTATUS IopConsoleControl(IOP_REQUEST *request, ULONG code, PVOID input, ULONG input_length, PVOID output,
                           ULONG output_length);
NTSTATUS IopReadConsole(IOP_REQUEST *request, PVOID buffer, ULONG length);
NTSTATUS IopOpenConsoleDevice(const IOP_FILE *root, const WCHAR *name, USHORT length, ACCESS_MASK access,
                              ULONG options, IOP_FILE **out);

/* NtQueryObject's name of a file: its device's and its own in it ("\Device\HarddiskVolume1\windows",
 * "\Device\NamedPipe\x"); a terminal's file has none (fileinfo.c). */
NTSTATUS IopQueryObjectName(void *body, WCHAR **name, USHORT *length);

/* A directory's enumeration goes with its file object (directory.c). */
void IopFreeDirectoryScan(IOP_FILE *file);

extern const OBJECT_TYPE IoFileObjectType;
extern const OBJECT_TYPE IoCompletionObjectType;

/* Queue a completion packet for an I/O of file that completed, when it has a port and the caller a context. */
void IopQueueCompletion(IOP_FILE *file, PVOID apc_context, NTSTATUS status, ULONG_PTR information);
/* Associate file with a completion port, or (replacing) with another or none (completion.c). */
NTSTATUS IopSetCompletion(IOP_FILE *file, const FILE_COMPLETION_INFORMATION *info, BOOLEAN replace);
/* FileIoCompletionNotificationInformation: flags are added, never taken back. */
NTSTATUS IopSetCompletionFlags(IOP_FILE *file, ULONG flags);
extern const OBJECT_TYPE IoDeviceObjectType;

/* A file object over fd (which it then owns), described by st, opened with access and the create options given
 * (synchronous I/O, the modes FileModeInformation reports); one reference, the caller's. */
IOP_FILE *IopCreateFileObject(int fd, const struct stat *st, ACCESS_MASK access, ULONG options);

/* Where a path leads: the directory that holds (or would hold) its last component, and that component as
 * it is on disk: the case-blind match of the name given, or the name as given when there is none. */
typedef struct {
    int ParentFd;       /* O_PATH, owned */
    char *Name;         /* owned; "." for the starting directory itself */
    bool Exists;
    bool MustBeDirectory; /* the path ended in a backslash */
    bool IsLink;        /* the last component is a symbolic link (Stat is what it leads to) */
    struct stat Stat;   /* when it exists (symbolic links followed) */
} IOP_PATH;

/* Walk path (UTF-16, components separated by backslashes, a leading one ignored) from the directory
 * start_fd, matching each component without regard to case. STATUS_OBJECT_NAME_INVALID for a name
 * Windows refuses, STATUS_OBJECT_PATH_NOT_FOUND when a directory on the way is missing. A missing last
 * component is not an error: Exists says so. */
NTSTATUS IopLookupPath(int start_fd, const WCHAR *path, USHORT length, IOP_PATH *out);
void IopReleasePath(IOP_PATH *path);
/* The file of a volume whose ID (FileInternalInformation's, the inode) is id, looked for from root_fd (any open
 * of the volume) for FILE_OPEN_BY_FILE_ID; STATUS_INVALID_PARAMETER when no file has it. */
NTSTATUS IopLookupFileId(int root_fd, ULONGLONG id, IOP_PATH *out);
/* The case-blind lookup's table of a directory's names: a name Veles created in dir_fd, and the end of the table
 * when Veles deleted or renamed something (path.c). */
void IopNoteNewName(int dir_fd, const char *name);
void IopForgetNames(void);

/* Where a rename or a link of file goes: an NT path, a path relative to root, or (neither) a bare name in the
 * file's own directory (create.c). */
NTSTATUS IopLookupNewName(const IOP_FILE *file, HANDLE root, const WCHAR *name, USHORT length, IOP_PATH *out);
/* Whether the directory an open descriptor names holds nothing but "." and ".." (directory.c). */
bool IopDirectoryIsEmpty(int fd);

/* The Linux path of an open descriptor, allocated, or NULL (create.c). */
char *IopDescriptorPath(int fd);
/* The Linux path of a file by the name it was opened (its link's, or where its descriptor is now), allocated, or
 * NULL: what its name, deletion and renaming go by. */
char *IopFilePath(const IOP_FILE *file);
/* The Linux path of name in the directory dir_fd, allocated, or NULL. */
char *IopJoinPath(int dir_fd, const char *name);

/* The attributes Linux has no place for (hidden, system, archive), kept in an extended attribute of the file as
 * Samba and Wine keep them ("user.DOSATTRIB"); path names the file (a /proc/self/fd link will do). Reading gives
 * IOP_NO_DOS_ATTRIBUTES when it keeps none. */
#define IOP_NO_DOS_ATTRIBUTES 0xffffffffu
#define IOP_DOS_ATTRIBUTES (FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM | FILE_ATTRIBUTE_ARCHIVE)
ULONG IopReadDosAttributes(const char *path);
NTSTATUS IopWriteDosAttributes(const char *path, ULONG attributes);
/* FILE_ATTRIBUTE_* and the four times of what a stat describes, with the attributes the file keeps (dos). */
void IopFillBasicInformation(const struct stat *st, const char *name, ULONG dos, FILE_BASIC_INFORMATION *info);
/* The same with the sizes, as NtQueryFullAttributesFile and FileNetworkOpenInformation give them. */
void IopFillNetworkOpenInformation(const struct stat *st, const char *name, ULONG dos,
                                   FILE_NETWORK_OPEN_INFORMATION *info);

#endif
