/* The I/O manager's interface: file objects over Linux descriptors. */
#ifndef IO_IO_H
#define IO_IO_H

#include "nt/types.h"
#include "ke/ke.h"

/* A handle to a file object over fd (which the object then owns), e.g. for the standard handles. */
NTSTATUS IoCreateFileFromDescriptor(int fd, ACCESS_MASK access, HANDLE *handle);

/* A handle to the console of a process whose standard handles include a terminal (its
 * RTL_USER_PROCESS_PARAMETERS' ConsoleHandle); STATUS_INVALID_HANDLE when none is. */
NTSTATUS IoCreateConsoleReference(HANDLE *handle);
/* ntdll's routine for a console's control events, run in a new thread with the event. */
void IoSetConsoleCtrlDispatcher(PVOID routine);

/* A descriptor of its own (the caller closes it) for the file a handle names, when the handle grants access:
 * for the memory manager, which maps files. */
NTSTATUS IoDuplicateFileDescriptor(HANDLE handle, ACCESS_MASK access, int *fd);

/* A descriptor of its own (the caller closes it) for the file a handle names, to go to another process (a child's
 * standard handle): a pipe end given so stays connected to that process when closed here. */
NTSTATUS IoExportFileDescriptor(HANDLE handle, int *fd, ULONG *options);
/* In a new process: a handle at the value the creator's had, to a file object over a descriptor it was given
 * (which the object then owns), with the creator's access, open options and handle attributes. */
NTSTATUS IoImportFileDescriptor(int fd, ACCESS_MASK access, ULONG options, ULONG attributes, HANDLE value);

/* Open an existing file that a caller's OBJECT_ATTRIBUTES name, for the kernel's own use: a descriptor of its
 * own and the file's Linux path (both the caller's to close and free). The open's share access ends with it. */
NTSTATUS IoOpenFileByName(POBJECT_ATTRIBUTES attributes, ACCESS_MASK access, ULONG share, int *fd, char **unix_path);
/* The same for an NT name the kernel holds (characters, case-blind), sharing everything, with NtCreateFile's
 * options (FILE_DIRECTORY_FILE...). */
NTSTATUS IoOpenFileByNtName(const WCHAR *name, USHORT length, ACCESS_MASK access, ULONG options, int *fd,
                            char **unix_path);

/* The I/O requests the process made other than reads and writes, for ProcessIoCounters. */
ULONGLONG IoQueryOtherOperationCount(void);

/* The I/O completion port a handle names, referenced, for another component to post its packets to (a job's
 * events): IO_COMPLETION_MODIFY_STATE is the access it needs. */
NTSTATUS IoReferenceCompletionPort(HANDLE handle, KQUEUE **port);
void IoQueueCompletionPacket(KQUEUE *port, PVOID key, PVOID apc_context, NTSTATUS status, ULONG_PTR information);

/* A thread that ended inside a synchronous request (NtTerminateThread) leaves it: it can no longer be cancelled. */
void IoRundownThread(KTHREAD *thread);

/* The devices of \Device and the drive letters that name them; after ObInitializeNamespace. */
void IoInitializeDevices(void);
/* The device a drive letter names ("\Device\HarddiskVolume1" for C:), or NULL for a letter no volume has. */
const char *IoDriveDevice(char drive);

/* The DOS path ("C:\...", "Z:\...") of a Linux path, as UTF-8; the caller frees it. */
char *IoUnixPathToDos(const char *unix_path);
/* The NT name ("\Device\HarddiskVolume1\...") of a DOS path, as UTF-8, or NULL for a drive no volume has; the
 * caller frees it. */
char *IoDosPathToNt(const char *dos);
/* The NT name ("\Device\HarddiskVolume1\...") of the file an open descriptor is on, as UTF-8, or NULL; the caller
 * frees it. */
char *IoDescriptorNtName(int fd);

#endif
