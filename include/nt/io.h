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

/* The classes of file information, as NtQueryInformationFile, NtSetInformationFile and NtQueryDirectoryFile
 * number them. */
typedef enum {
    FileDirectoryInformation = 1,
    FileFullDirectoryInformation = 2,
    FileBothDirectoryInformation = 3,
    FileBasicInformation = 4,
    FileStandardInformation = 5,
    FileInternalInformation = 6,
    FileEaInformation = 7,
    FileAccessInformation = 8,
    FileNameInformation = 9,
    FileRenameInformation = 10,
    FileLinkInformation = 11,
    FileNamesInformation = 12,
    FileDispositionInformation = 13,
    FilePositionInformation = 14,
    FileFullEaInformation = 15,
    FileModeInformation = 16,
    FileAlignmentInformation = 17,
    FileAllInformation = 18,
    FileAllocationInformation = 19,
    FileEndOfFileInformation = 20,
    FileAlternateNameInformation = 21,
    FileStreamInformation = 22,
    FilePipeInformation = 23,
    FilePipeLocalInformation = 24,
    FilePipeRemoteInformation = 25,
    FileMailslotQueryInformation = 26,
    FileMailslotSetInformation = 27,
    FileCompletionInformation = 30,
    FileObjectIdInformation = 29,
    FileQuotaInformation = 32,
    FileReparsePointInformation = 33,
    FileNetworkOpenInformation = 34,
    FileAttributeTagInformation = 35,
    FileIdBothDirectoryInformation = 37,
    FileIdFullDirectoryInformation = 38,
    FileValidDataLengthInformation = 39,
    FileShortNameInformation = 40,
    FileIoCompletionNotificationInformation = 41,
    FileIoPriorityHintInformation = 43,
    FileIdGlobalTxDirectoryInformation = 50,
    FileIsRemoteDeviceInformation = 51,
    FileNormalizedNameInformation = 48,
    FileIdInformation = 59,
    FileIdExtdDirectoryInformation = 60,
    FileReplaceCompletionInformation = 61,
    FileIdExtdBothDirectoryInformation = 63,
    FileDispositionInformationEx = 64,
    FileRenameInformationEx = 65,
    FileStatInformation = 68,
    FileCaseSensitiveInformation = 71,
    FileLinkInformationEx = 72,
    FileMaximumInformation = 77,
    /* A Veles extension, outside Windows' classes: the Linux path of an open file, in UTF-8, for the NT/Unix
     * name conversions Wine's DLLs import from ntdll. */
    FileVelesUnixNameInformation = 1000,
} FILE_INFORMATION_CLASS;

/* A file's streams: on Veles, its one unnamed data stream, "::$DATA". */
typedef struct {
    ULONG NextEntryOffset;
    ULONG StreamNameLength;
    LARGE_INTEGER StreamSize;
    LARGE_INTEGER StreamAllocationSize;
    WCHAR StreamName[1];
} FILE_STREAM_INFORMATION;
NT_CHECK_OFFSET(FILE_STREAM_INFORMATION, StreamName, 24);

typedef struct {
    LARGE_INTEGER AllocationSize;
    LARGE_INTEGER EndOfFile;
    ULONG NumberOfLinks;
    BOOLEAN DeletePending;
    BOOLEAN Directory;
} FILE_STANDARD_INFORMATION;
NT_CHECK_SIZE(FILE_STANDARD_INFORMATION, 24);

typedef struct {
    LARGE_INTEGER IndexNumber;
} FILE_INTERNAL_INFORMATION;
typedef struct {
    ULONG EaSize;
} FILE_EA_INFORMATION;
typedef struct {
    ACCESS_MASK AccessFlags;
} FILE_ACCESS_INFORMATION;
typedef struct {
    LARGE_INTEGER CurrentByteOffset;
} FILE_POSITION_INFORMATION;
typedef struct {
    ULONG Mode; /* FILE_SYNCHRONOUS_IO_*, FILE_WRITE_THROUGH, FILE_SEQUENTIAL_ONLY, ... of the open */
} FILE_MODE_INFORMATION;
typedef struct {
    ULONG AlignmentRequirement;
} FILE_ALIGNMENT_INFORMATION;
typedef struct {
    ULONG FileNameLength; /* bytes */
    WCHAR FileName[1];
} FILE_NAME_INFORMATION;
NT_CHECK_SIZE(FILE_NAME_INFORMATION, 8);

typedef struct {
    FILE_BASIC_INFORMATION BasicInformation;
    FILE_STANDARD_INFORMATION StandardInformation;
    FILE_INTERNAL_INFORMATION InternalInformation;
    FILE_EA_INFORMATION EaInformation;
    FILE_ACCESS_INFORMATION AccessInformation;
    FILE_POSITION_INFORMATION PositionInformation;
    FILE_MODE_INFORMATION ModeInformation;
    FILE_ALIGNMENT_INFORMATION AlignmentInformation;
    FILE_NAME_INFORMATION NameInformation;
} FILE_ALL_INFORMATION;
NT_CHECK_OFFSET(FILE_ALL_INFORMATION, NameInformation, 96);
NT_CHECK_SIZE(FILE_ALL_INFORMATION, 104);

typedef struct {
    ULONG FileAttributes;
    ULONG ReparseTag;
} FILE_ATTRIBUTE_TAG_INFORMATION;
typedef struct {
    BOOLEAN DeleteFile;
} FILE_DISPOSITION_INFORMATION;

/* FILE_DISPOSITION_INFORMATION_EX's flags. */
#define FILE_DISPOSITION_DO_NOT_DELETE 0x00
#define FILE_DISPOSITION_DELETE 0x01
#define FILE_DISPOSITION_POSIX_SEMANTICS 0x02
#define FILE_DISPOSITION_FORCE_IMAGE_SECTION_CHECK 0x04
#define FILE_DISPOSITION_ON_CLOSE 0x08
#define FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE 0x10
typedef struct {
    ULONG Flags;
} FILE_DISPOSITION_INFORMATION_EX;

typedef struct {
    LARGE_INTEGER EndOfFile;
} FILE_END_OF_FILE_INFORMATION;
typedef struct {
    LARGE_INTEGER AllocationSize;
} FILE_ALLOCATION_INFORMATION;
typedef struct {
    LARGE_INTEGER ValidDataLength;
} FILE_VALID_DATA_LENGTH_INFORMATION;

/* FILE_RENAME_INFORMATION's flags (the Ex classes; the others have one BOOLEAN, ReplaceIfExists). */
#define FILE_RENAME_REPLACE_IF_EXISTS 0x01
#define FILE_RENAME_POSIX_SEMANTICS 0x02
#define FILE_RENAME_IGNORE_READONLY_ATTRIBUTE 0x40
#define FILE_LINK_REPLACE_IF_EXISTS 0x01
#define FILE_LINK_POSIX_SEMANTICS 0x02
#define FILE_LINK_IGNORE_READONLY_ATTRIBUTE 0x40

/* Rename and link: the new name, absolute, relative to RootDirectory, or (neither) in the same directory. */
typedef struct {
    union {
        BOOLEAN ReplaceIfExists;
        ULONG Flags;
    };
    HANDLE RootDirectory;
    ULONG FileNameLength;
    WCHAR FileName[1];
} FILE_RENAME_INFORMATION, FILE_LINK_INFORMATION;
NT_CHECK_OFFSET(FILE_RENAME_INFORMATION, FileName, 20);

typedef struct {
    BYTE Identifier[16];
} FILE_ID_128;
typedef struct {
    ULONGLONG VolumeSerialNumber;
    FILE_ID_128 FileId;
} FILE_ID_INFORMATION;
NT_CHECK_SIZE(FILE_ID_INFORMATION, 24);

typedef struct {
    LARGE_INTEGER FileId;
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    LARGE_INTEGER AllocationSize;
    LARGE_INTEGER EndOfFile;
    ULONG FileAttributes;
    ULONG ReparseTag;
    ULONG NumberOfLinks;
    ACCESS_MASK EffectiveAccess;
} FILE_STAT_INFORMATION;
NT_CHECK_SIZE(FILE_STAT_INFORMATION, 72);

typedef struct {
    ULONG Flags;
} FILE_CASE_SENSITIVE_INFORMATION;
typedef struct {
    BOOLEAN IsRemote;
} FILE_IS_REMOTE_DEVICE_INFORMATION;
typedef struct {
    ULONG PriorityHint;
} FILE_IO_PRIORITY_HINT_INFORMATION;

/* The entries NtQueryDirectoryFile writes, each at an 8-aligned offset from the one before. */
typedef struct {
    ULONG NextEntryOffset;
    ULONG FileIndex;
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    LARGE_INTEGER EndOfFile;
    LARGE_INTEGER AllocationSize;
    ULONG FileAttributes;
    ULONG FileNameLength;
    WCHAR FileName[1];
} FILE_DIRECTORY_INFORMATION;
NT_CHECK_OFFSET(FILE_DIRECTORY_INFORMATION, FileName, 64);

typedef struct {
    ULONG NextEntryOffset;
    ULONG FileIndex;
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    LARGE_INTEGER EndOfFile;
    LARGE_INTEGER AllocationSize;
    ULONG FileAttributes;
    ULONG FileNameLength;
    ULONG EaSize;
    WCHAR FileName[1];
} FILE_FULL_DIR_INFORMATION;
NT_CHECK_OFFSET(FILE_FULL_DIR_INFORMATION, FileName, 68);

typedef struct {
    ULONG NextEntryOffset;
    ULONG FileIndex;
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    LARGE_INTEGER EndOfFile;
    LARGE_INTEGER AllocationSize;
    ULONG FileAttributes;
    ULONG FileNameLength;
    ULONG EaSize;
    LARGE_INTEGER FileId;
    WCHAR FileName[1];
} FILE_ID_FULL_DIR_INFORMATION;
NT_CHECK_OFFSET(FILE_ID_FULL_DIR_INFORMATION, FileName, 80);

typedef struct {
    ULONG NextEntryOffset;
    ULONG FileIndex;
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    LARGE_INTEGER EndOfFile;
    LARGE_INTEGER AllocationSize;
    ULONG FileAttributes;
    ULONG FileNameLength;
    ULONG EaSize;
    CCHAR ShortNameLength;
    WCHAR ShortName[12];
    WCHAR FileName[1];
} FILE_BOTH_DIR_INFORMATION;
NT_CHECK_OFFSET(FILE_BOTH_DIR_INFORMATION, FileName, 94);

typedef struct {
    ULONG NextEntryOffset;
    ULONG FileIndex;
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    LARGE_INTEGER EndOfFile;
    LARGE_INTEGER AllocationSize;
    ULONG FileAttributes;
    ULONG FileNameLength;
    ULONG EaSize;
    CCHAR ShortNameLength;
    WCHAR ShortName[12];
    LARGE_INTEGER FileId;
    WCHAR FileName[1];
} FILE_ID_BOTH_DIR_INFORMATION;
NT_CHECK_OFFSET(FILE_ID_BOTH_DIR_INFORMATION, FileId, 96);
NT_CHECK_OFFSET(FILE_ID_BOTH_DIR_INFORMATION, FileName, 104);

typedef struct {
    ULONG NextEntryOffset;
    ULONG FileIndex;
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    LARGE_INTEGER EndOfFile;
    LARGE_INTEGER AllocationSize;
    ULONG FileAttributes;
    ULONG FileNameLength;
    ULONG EaSize;
    ULONG ReparsePointTag;
    FILE_ID_128 FileId;
    WCHAR FileName[1];
} FILE_ID_EXTD_DIR_INFORMATION;
NT_CHECK_OFFSET(FILE_ID_EXTD_DIR_INFORMATION, FileName, 88);

typedef struct {
    ULONG NextEntryOffset;
    ULONG FileIndex;
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    LARGE_INTEGER EndOfFile;
    LARGE_INTEGER AllocationSize;
    ULONG FileAttributes;
    ULONG FileNameLength;
    ULONG EaSize;
    ULONG ReparsePointTag;
    FILE_ID_128 FileId;
    CCHAR ShortNameLength;
    WCHAR ShortName[12];
    WCHAR FileName[1];
} FILE_ID_EXTD_BOTH_DIR_INFORMATION;
NT_CHECK_OFFSET(FILE_ID_EXTD_BOTH_DIR_INFORMATION, FileName, 114);

typedef struct {
    ULONG NextEntryOffset;
    ULONG FileIndex;
    ULONG FileNameLength;
    WCHAR FileName[1];
} FILE_NAMES_INFORMATION;
NT_CHECK_OFFSET(FILE_NAMES_INFORMATION, FileName, 12);

/* NtQueryDirectoryFileEx's flags. */
#define SL_RESTART_SCAN 0x01
#define SL_RETURN_SINGLE_ENTRY 0x02
#define SL_INDEX_SPECIFIED 0x04
#define SL_RETURN_ON_DISK_ENTRIES_ONLY 0x08
#define SL_NO_CURSOR_UPDATE_QUERY 0x10

typedef struct {
    ULONG NameLength; /* bytes, without a terminator */
    CHAR Name[1];
} FILE_VELES_UNIX_NAME_INFORMATION;

/* The classes of volume information, and what FileFsDeviceInformation says of the device a file is on. */
typedef enum {
    FileFsVolumeInformation = 1,
    FileFsLabelInformation = 2,
    FileFsSizeInformation = 3,
    FileFsDeviceInformation = 4,
    FileFsAttributeInformation = 5,
    FileFsControlInformation = 6,
    FileFsFullSizeInformation = 7,
    FileFsObjectIdInformation = 8,
    FileFsDriverPathInformation = 9,
    FileFsVolumeFlagsInformation = 10,
    FileFsSectorSizeInformation = 11,
    FileFsDataCopyInformation = 12,
    FileFsMetadataSizeInformation = 13,
    FileFsFullSizeInformationEx = 14,
    FileFsMaximumInformation = 15,
} FS_INFORMATION_CLASS;

typedef struct {
    LARGE_INTEGER VolumeCreationTime;
    ULONG VolumeSerialNumber;
    ULONG VolumeLabelLength;
    BOOLEAN SupportsObjects;
    WCHAR VolumeLabel[1];
} FILE_FS_VOLUME_INFORMATION;
NT_CHECK_OFFSET(FILE_FS_VOLUME_INFORMATION, VolumeLabel, 18);
typedef struct {
    LARGE_INTEGER TotalAllocationUnits;
    LARGE_INTEGER AvailableAllocationUnits;
    ULONG SectorsPerAllocationUnit;
    ULONG BytesPerSector;
} FILE_FS_SIZE_INFORMATION;
NT_CHECK_SIZE(FILE_FS_SIZE_INFORMATION, 24);
typedef struct {
    LARGE_INTEGER TotalAllocationUnits;
    LARGE_INTEGER CallerAvailableAllocationUnits;
    LARGE_INTEGER ActualAvailableAllocationUnits;
    ULONG SectorsPerAllocationUnit;
    ULONG BytesPerSector;
} FILE_FS_FULL_SIZE_INFORMATION;
NT_CHECK_SIZE(FILE_FS_FULL_SIZE_INFORMATION, 32);
typedef struct {
    ULONG FileSystemAttributes;
    LONG MaximumComponentNameLength;
    ULONG FileSystemNameLength;
    WCHAR FileSystemName[1];
} FILE_FS_ATTRIBUTE_INFORMATION;
NT_CHECK_OFFSET(FILE_FS_ATTRIBUTE_INFORMATION, FileSystemName, 12);
typedef struct {
    ULONG LogicalBytesPerSector;
    ULONG PhysicalBytesPerSectorForAtomicity;
    ULONG PhysicalBytesPerSectorForPerformance;
    ULONG FileSystemEffectivePhysicalBytesPerSectorForAtomicity;
    ULONG Flags;
    ULONG ByteOffsetForSectorAlignment;
    ULONG ByteOffsetForPartitionAlignment;
} FILE_FS_SECTOR_SIZE_INFORMATION;

/* FILE_FS_ATTRIBUTE_INFORMATION's flags. */
#define FILE_CASE_SENSITIVE_SEARCH 0x00000001
#define FILE_CASE_PRESERVED_NAMES 0x00000002
#define FILE_UNICODE_ON_DISK 0x00000004
#define FILE_PERSISTENT_ACLS 0x00000008
#define FILE_SUPPORTS_SPARSE_FILES 0x00000040
#define FILE_SUPPORTS_REPARSE_POINTS 0x00000080
#define FILE_SUPPORTS_HARD_LINKS 0x00400000
#define FILE_SUPPORTS_POSIX_UNLINK_RENAME 0x00000400

/* FILE_FS_DEVICE_INFORMATION's characteristics. */
#define FILE_REMOVABLE_MEDIA 0x00000001
#define FILE_REMOTE_DEVICE 0x00000010
#define FILE_DEVICE_IS_MOUNTED 0x00000020

#define FILE_DEVICE_DISK 0x07
#define FILE_DEVICE_NAMED_PIPE 0x11
#define FILE_DEVICE_FILE_SYSTEM 0x09
#define FILE_DEVICE_NULL 0x15
#define FILE_DEVICE_UNKNOWN 0x22
#define FILE_DEVICE_KSEC 0x39
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

/* What a file's completed I/O leaves out (SetFileCompletionNotificationModes): flags only ever added. */
#define FILE_SKIP_COMPLETION_PORT_ON_SUCCESS 0x1
#define FILE_SKIP_SET_EVENT_ON_HANDLE 0x2
#define FILE_SKIP_SET_USER_EVENT_ON_FAST_IO 0x4
typedef struct {
    ULONG Flags;
} FILE_IO_COMPLETION_NOTIFICATION_INFORMATION;
typedef struct {
    LONG Depth;
} IO_COMPLETION_BASIC_INFORMATION;

typedef struct {
    PVOID KeyContext;
    PVOID ApcContext;
    IO_STATUS_BLOCK IoStatusBlock;
} FILE_IO_COMPLETION_INFORMATION, *PFILE_IO_COMPLETION_INFORMATION;
NT_CHECK_SIZE(FILE_IO_COMPLETION_INFORMATION, 32);

/* Named pipes: NtCreateNamedPipeFile's types and modes, the states and ends FilePipeLocalInformation reports. */
#define FILE_PIPE_BYTE_STREAM_TYPE 0
#define FILE_PIPE_MESSAGE_TYPE 1
#define FILE_PIPE_BYTE_STREAM_MODE 0
#define FILE_PIPE_MESSAGE_MODE 1
#define FILE_PIPE_QUEUE_OPERATION 0
#define FILE_PIPE_COMPLETE_OPERATION 1
#define FILE_PIPE_INBOUND 0
#define FILE_PIPE_OUTBOUND 1
#define FILE_PIPE_FULL_DUPLEX 2
#define FILE_PIPE_DISCONNECTED_STATE 1
#define FILE_PIPE_LISTENING_STATE 2
#define FILE_PIPE_CONNECTED_STATE 3
#define FILE_PIPE_CLOSING_STATE 4
#define FILE_PIPE_CLIENT_END 0
#define FILE_PIPE_SERVER_END 1

typedef struct {
    ULONG ReadMode;
    ULONG CompletionMode;
} FILE_PIPE_INFORMATION;

typedef struct {
    ULONG NamedPipeType;
    ULONG NamedPipeConfiguration;
    ULONG MaximumInstances;
    ULONG CurrentInstances;
    ULONG InboundQuota;
    ULONG ReadDataAvailable;
    ULONG OutboundQuota;
    ULONG WriteQuotaAvailable;
    ULONG NamedPipeState;
    ULONG NamedPipeEnd;
} FILE_PIPE_LOCAL_INFORMATION;
NT_CHECK_SIZE(FILE_PIPE_LOCAL_INFORMATION, 40);

/* Mailslots: what FileMailslotQueryInformation tells of one, and the read timeout FileMailslotSetInformation
 * changes (NextMessageSize is MAILSLOT_NO_MESSAGE when none waits). */
#define MAILSLOT_NO_MESSAGE ((ULONG)-1)
typedef struct {
    ULONG MaximumMessageSize;
    ULONG MailslotQuota;
    ULONG NextMessageSize;
    ULONG MessagesAvailable;
    LARGE_INTEGER ReadTimeout;
} FILE_MAILSLOT_QUERY_INFORMATION;
NT_CHECK_SIZE(FILE_MAILSLOT_QUERY_INFORMATION, 24);

typedef struct {
    LARGE_INTEGER ReadTimeout;
} FILE_MAILSLOT_SET_INFORMATION;

typedef struct {
    LARGE_INTEGER CollectDataTime;
    ULONG MaximumCollectionCount;
} FILE_PIPE_REMOTE_INFORMATION;

/* FSCTL_PIPE_PEEK's answer: the header, then as much of the data as fits. */
typedef struct {
    ULONG NamedPipeState;
    ULONG ReadDataAvailable;
    ULONG NumberOfMessages;
    ULONG MessageLength;
    CHAR Data[1];
} FILE_PIPE_PEEK_BUFFER;
NT_CHECK_OFFSET(FILE_PIPE_PEEK_BUFFER, Data, 16);

/* FSCTL_PIPE_WAIT's question, sent to \Device\NamedPipe itself: the name after it, and how long to wait. */
typedef struct {
    LARGE_INTEGER Timeout;
    ULONG NameLength;
    BOOLEAN TimeoutSpecified;
    WCHAR Name[1];
} FILE_PIPE_WAIT_FOR_BUFFER;
NT_CHECK_OFFSET(FILE_PIPE_WAIT_FOR_BUFFER, Name, 14);

#define CTL_CODE(type, function, method, access) (((type) << 16) | ((access) << 14) | ((function) << 2) | (method))
#define METHOD_BUFFERED 0
#define METHOD_NEITHER 3
#define FILE_ANY_ACCESS 0
#define FILE_READ_ACCESS 1
#define FILE_WRITE_ACCESS 2
#define FSCTL_PIPE_DISCONNECT CTL_CODE(FILE_DEVICE_NAMED_PIPE, 1, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define FSCTL_PIPE_LISTEN CTL_CODE(FILE_DEVICE_NAMED_PIPE, 2, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define FSCTL_PIPE_PEEK CTL_CODE(FILE_DEVICE_NAMED_PIPE, 3, METHOD_BUFFERED, FILE_READ_ACCESS)
#define FSCTL_PIPE_TRANSCEIVE CTL_CODE(FILE_DEVICE_NAMED_PIPE, 5, METHOD_NEITHER, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define FSCTL_PIPE_WAIT CTL_CODE(FILE_DEVICE_NAMED_PIPE, 6, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define FSCTL_GET_REPARSE_POINT CTL_CODE(FILE_DEVICE_FILE_SYSTEM, 42, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define FSCTL_PIPE_ASSIGN_EVENT CTL_CODE(FILE_DEVICE_NAMED_PIPE, 0, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define FSCTL_PIPE_QUERY_EVENT CTL_CODE(FILE_DEVICE_NAMED_PIPE, 4, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define FSCTL_PIPE_IMPERSONATE CTL_CODE(FILE_DEVICE_NAMED_PIPE, 7, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define FSCTL_PIPE_SET_CLIENT_PROCESS CTL_CODE(FILE_DEVICE_NAMED_PIPE, 8, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define FSCTL_PIPE_QUERY_CLIENT_PROCESS CTL_CODE(FILE_DEVICE_NAMED_PIPE, 9, METHOD_BUFFERED, FILE_ANY_ACCESS)

/* \Device\CNG's random bytes, which bcryptprimitives' ProcessPrng reads. */
#define IOCTL_KSEC_RNG CTL_CODE(FILE_DEVICE_KSEC, 1, METHOD_BUFFERED, FILE_ANY_ACCESS)

/* The requests Wine's kernelbase makes of a console (\Device\ConDrv), as Wine 8's console driver numbers them. */
#define IOCTL_CONDRV_GET_MODE CTL_CODE(FILE_DEVICE_CONSOLE, 0, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_CONDRV_SET_MODE CTL_CODE(FILE_DEVICE_CONSOLE, 1, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_CONDRV_READ_CONSOLE CTL_CODE(FILE_DEVICE_CONSOLE, 10, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_CONDRV_READ_FILE CTL_CODE(FILE_DEVICE_CONSOLE, 11, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_CONDRV_GET_INPUT_INFO CTL_CODE(FILE_DEVICE_CONSOLE, 15, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_CONDRV_SET_INPUT_INFO CTL_CODE(FILE_DEVICE_CONSOLE, 16, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_CONDRV_GET_TITLE CTL_CODE(FILE_DEVICE_CONSOLE, 17, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_CONDRV_SET_TITLE CTL_CODE(FILE_DEVICE_CONSOLE, 18, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_CONDRV_CTRL_EVENT CTL_CODE(FILE_DEVICE_CONSOLE, 19, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CONDRV_BEEP CTL_CODE(FILE_DEVICE_CONSOLE, 20, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CONDRV_FLUSH CTL_CODE(FILE_DEVICE_CONSOLE, 21, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CONDRV_GET_WINDOW CTL_CODE(FILE_DEVICE_CONSOLE, 22, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CONDRV_GET_PROCESS_LIST CTL_CODE(FILE_DEVICE_CONSOLE, 23, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CONDRV_WRITE_CONSOLE CTL_CODE(FILE_DEVICE_CONSOLE, 30, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_CONDRV_WRITE_FILE CTL_CODE(FILE_DEVICE_CONSOLE, 31, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_CONDRV_GET_OUTPUT_INFO CTL_CODE(FILE_DEVICE_CONSOLE, 34, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_CONDRV_SET_OUTPUT_INFO CTL_CODE(FILE_DEVICE_CONSOLE, 35, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct {
    ULONG InputCodePage, OutputCodePage, InputCount;
} CONDRV_INPUT_INFO;

/* GenerateConsoleCtrlEvent's request: CTRL_C_EVENT (0) or CTRL_BREAK_EVENT (1), and the process group. */
typedef struct {
    LONG Event;
    ULONG GroupId;
} CONDRV_CTRL_EVENT;

typedef struct {
    ULONG Mask;         /* CONDRV_SET_INPUT_* */
    CONDRV_INPUT_INFO Info;
} CONDRV_INPUT_INFO_PARAMS;
#define CONDRV_SET_INPUT_CODEPAGE 0x01
#define CONDRV_SET_OUTPUT_CODEPAGE 0x02

typedef struct {
    SHORT CursorSize, CursorVisible, CursorX, CursorY, Width, Height, Attributes, PopupAttributes;
    SHORT WindowLeft, WindowTop, WindowRight, WindowBottom, MaxWidth, MaxHeight;
    SHORT FontWidth, FontHeight, FontWeight, FontPitchFamily;
    ULONG ColorMap[16];
} CONDRV_OUTPUT_INFO;
NT_CHECK_SIZE(CONDRV_OUTPUT_INFO, 100);

typedef struct {
    ULONG Mask;         /* CONDRV_SET_OUTPUT_* */
    CONDRV_OUTPUT_INFO Info;
} CONDRV_OUTPUT_INFO_PARAMS;
#define CONDRV_SET_OUTPUT_CURSOR_GEOMETRY 0x0001
#define CONDRV_SET_OUTPUT_CURSOR_POSITION 0x0002
#define CONDRV_SET_OUTPUT_SIZE 0x0004
#define CONDRV_SET_OUTPUT_ATTRIBUTES 0x0008
#define CONDRV_SET_OUTPUT_DISPLAY_WINDOW 0x0010
#define CONDRV_SET_OUTPUT_MAX_SIZE 0x0020
#define CONDRV_SET_OUTPUT_POPUP_ATTRIBUTES 0x0040
#define CONDRV_SET_OUTPUT_FONT 0x0080

/* The console modes (SetConsoleMode). */
#define ENABLE_PROCESSED_INPUT 0x0001
#define ENABLE_LINE_INPUT 0x0002
#define ENABLE_ECHO_INPUT 0x0004
#define ENABLE_INPUT_MODES_VALID 0x03ff
#define ENABLE_PROCESSED_OUTPUT 0x0001
#define ENABLE_WRAP_AT_EOL_OUTPUT 0x0002
#define ENABLE_OUTPUT_MODES_VALID 0x001f

/* NtNotifyChangeDirectoryFile: what to watch, and the records of what changed. */
#define FILE_NOTIFY_CHANGE_FILE_NAME 0x0001
#define FILE_NOTIFY_CHANGE_DIR_NAME 0x0002
#define FILE_NOTIFY_CHANGE_ATTRIBUTES 0x0004
#define FILE_NOTIFY_CHANGE_SIZE 0x0008
#define FILE_NOTIFY_CHANGE_LAST_WRITE 0x0010
#define FILE_NOTIFY_CHANGE_LAST_ACCESS 0x0020
#define FILE_NOTIFY_CHANGE_CREATION 0x0040
#define FILE_NOTIFY_CHANGE_SECURITY 0x0100
#define FILE_NOTIFY_VALID_MASK 0x0fff
#define FILE_ACTION_ADDED 1
#define FILE_ACTION_REMOVED 2
#define FILE_ACTION_MODIFIED 3
#define FILE_ACTION_RENAMED_OLD_NAME 4
#define FILE_ACTION_RENAMED_NEW_NAME 5
#define DirectoryNotifyInformation 1

typedef struct {
    ULONG NextEntryOffset;
    ULONG Action;
    ULONG FileNameLength;
    WCHAR FileName[1];
} FILE_NOTIFY_INFORMATION;
NT_CHECK_OFFSET(FILE_NOTIFY_INFORMATION, FileName, 12);

#endif
