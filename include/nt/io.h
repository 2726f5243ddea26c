/* I/O manager constants shared by both sides: file access rights and special byte offsets. */
#ifndef NT_IO_H
#define NT_IO_H

#include "ntdef.h"

#define FILE_READ_DATA 0x0001
#define FILE_WRITE_DATA 0x0002
#define FILE_APPEND_DATA 0x0004
#define FILE_READ_EA 0x0008
#define FILE_WRITE_EA 0x0010
#define FILE_EXECUTE 0x0020
#define FILE_READ_ATTRIBUTES 0x0080
#define FILE_WRITE_ATTRIBUTES 0x0100
#define FILE_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x1ff)
#define FILE_GENERIC_READ (STANDARD_RIGHTS_READ | FILE_READ_DATA | FILE_READ_ATTRIBUTES | FILE_READ_EA | SYNCHRONIZE)
#define FILE_GENERIC_WRITE \
    (STANDARD_RIGHTS_WRITE | FILE_WRITE_DATA | FILE_WRITE_ATTRIBUTES | FILE_WRITE_EA | FILE_APPEND_DATA | SYNCHRONIZE)
#define FILE_GENERIC_EXECUTE (STANDARD_RIGHTS_EXECUTE | FILE_READ_ATTRIBUTES | FILE_EXECUTE | SYNCHRONIZE)

/* ByteOffset.HighPart == -1 with these LowParts: write at the end, or at the current position. */
#define FILE_WRITE_TO_END_OF_FILE 0xffffffff
#define FILE_USE_FILE_POINTER_POSITION 0xfffffffe

#define FILE_LIST_DIRECTORY FILE_READ_DATA
#define FILE_TRAVERSE FILE_EXECUTE
#define FILE_DELETE_CHILD 0x0040

#define FILE_SHARE_READ 0x1
#define FILE_SHARE_WRITE 0x2
#define FILE_SHARE_DELETE 0x4
#define FILE_SHARE_VALID_FLAGS 0x7

/* NtCreateFile's dispositions, and what IO_STATUS_BLOCK.Information says was done. */
#define FILE_SUPERSEDE 0
#define FILE_OPEN 1
#define FILE_CREATE 2
#define FILE_OPEN_IF 3
#define FILE_OVERWRITE 4
#define FILE_OVERWRITE_IF 5
#define FILE_SUPERSEDED 0
#define FILE_OPENED 1
#define FILE_CREATED 2
#define FILE_OVERWRITTEN 3
#define FILE_EXISTS 4
#define FILE_DOES_NOT_EXIST 5

/* NtCreateFile's and NtOpenFile's options. */
#define FILE_DIRECTORY_FILE 0x00000001
#define FILE_WRITE_THROUGH 0x00000002
#define FILE_SEQUENTIAL_ONLY 0x00000004
#define FILE_NO_INTERMEDIATE_BUFFERING 0x00000008
#define FILE_SYNCHRONOUS_IO_ALERT 0x00000010
#define FILE_SYNCHRONOUS_IO_NONALERT 0x00000020
#define FILE_NON_DIRECTORY_FILE 0x00000040
#define FILE_CREATE_TREE_CONNECTION 0x00000080
#define FILE_COMPLETE_IF_OPLOCKED 0x00000100
#define FILE_NO_EA_KNOWLEDGE 0x00000200
#define FILE_OPEN_REMOTE_INSTANCE 0x00000400
#define FILE_RANDOM_ACCESS 0x00000800
#define FILE_DELETE_ON_CLOSE 0x00001000
#define FILE_OPEN_BY_FILE_ID 0x00002000
#define FILE_OPEN_FOR_BACKUP_INTENT 0x00004000
#define FILE_NO_COMPRESSION 0x00008000
#define FILE_OPEN_REQUIRING_OPLOCK 0x00010000
#define FILE_RESERVE_OPFILTER 0x00100000
#define FILE_OPEN_REPARSE_POINT 0x00200000
#define FILE_OPEN_NO_RECALL 0x00400000
#define FILE_OPEN_FOR_FREE_SPACE_QUERY 0x00800000
#define FILE_VALID_OPTION_FLAGS 0x00ffffff

#define FILE_ATTRIBUTE_READONLY 0x00000001
#define FILE_ATTRIBUTE_HIDDEN 0x00000002
#define FILE_ATTRIBUTE_SYSTEM 0x00000004
#define FILE_ATTRIBUTE_DIRECTORY 0x00000010
#define FILE_ATTRIBUTE_ARCHIVE 0x00000020
#define FILE_ATTRIBUTE_DEVICE 0x00000040
#define FILE_ATTRIBUTE_NORMAL 0x00000080
#define FILE_ATTRIBUTE_TEMPORARY 0x00000100
#define FILE_ATTRIBUTE_REPARSE_POINT 0x00000400
#define FILE_ATTRIBUTE_VALID_FLAGS 0x00007fb7

typedef struct {
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    ULONG FileAttributes;
} FILE_BASIC_INFORMATION, *PFILE_BASIC_INFORMATION;
NT_CHECK_SIZE(FILE_BASIC_INFORMATION, 40);

typedef struct {
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    LARGE_INTEGER AllocationSize;
    LARGE_INTEGER EndOfFile;
    ULONG FileAttributes;
} FILE_NETWORK_OPEN_INFORMATION, *PFILE_NETWORK_OPEN_INFORMATION;
NT_CHECK_SIZE(FILE_NETWORK_OPEN_INFORMATION, 56);

#define IO_COMPLETION_QUERY_STATE 0x0001
#define IO_COMPLETION_MODIFY_STATE 0x0002
#define IO_COMPLETION_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)

typedef enum { IoCompletionBasicInformation } IO_COMPLETION_INFORMATION_CLASS;

/* The classes of file information (the ones with a layout here are the ones Veles knows). */
typedef enum {
    FileCompletionInformation = 30,
    FileReplaceCompletionInformation = 61,
    FileMaximumInformation = 77,
    /* A Veles extension, outside Windows' classes: the Linux path of an open file, in UTF-8, for the NT/Unix
     * name conversions Wine's DLLs import from ntdll. */
    FileVelesUnixNameInformation = 1000,
} FILE_INFORMATION_CLASS;

typedef struct {
    ULONG NameLength; /* bytes, without a terminator */
    CHAR Name[1];
} FILE_VELES_UNIX_NAME_INFORMATION;

/* The classes of volume information, and what FileFsDeviceInformation says of the device a file is on. */
typedef enum {
    FileFsVolumeInformation = 1,
    FileFsDeviceInformation = 4,
    FileFsMaximumInformation = 15,
} FS_INFORMATION_CLASS;

#define FILE_DEVICE_DISK 0x07
#define FILE_DEVICE_NAMED_PIPE 0x11
#define FILE_DEVICE_NULL 0x15
#define FILE_DEVICE_UNKNOWN 0x22
#define FILE_DEVICE_CONSOLE 0x50

typedef struct {
    ULONG DeviceType;
    ULONG Characteristics;
} FILE_FS_DEVICE_INFORMATION;

/* The completion port a file's asynchronous I/O reports to, with the key its packets carry. */
typedef struct {
    HANDLE Port;
    PVOID Key;
} FILE_COMPLETION_INFORMATION;
typedef struct {
    LONG Depth;
} IO_COMPLETION_BASIC_INFORMATION;

typedef struct {
    PVOID KeyContext;
    PVOID ApcContext;
    IO_STATUS_BLOCK IoStatusBlock;
} FILE_IO_COMPLETION_INFORMATION, *PFILE_IO_COMPLETION_INFORMATION;
NT_CHECK_SIZE(FILE_IO_COMPLETION_INFORMATION, 32);

#endif
