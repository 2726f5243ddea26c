/* The configuration manager (registry): access rights of keys, value types, options and what the key and
 * value services return. */
#ifndef NT_CM_H
#define NT_CM_H

#include "ntdef.h"

#define KEY_QUERY_VALUE 0x0001
#define KEY_SET_VALUE 0x0002
#define KEY_CREATE_SUB_KEY 0x0004
#define KEY_ENUMERATE_SUB_KEYS 0x0008
#define KEY_NOTIFY 0x0010
#define KEY_CREATE_LINK 0x0020
#define KEY_WOW64_64KEY 0x0100
#define KEY_WOW64_32KEY 0x0200
#define KEY_READ (0x00020000 | KEY_QUERY_VALUE | KEY_ENUMERATE_SUB_KEYS | KEY_NOTIFY)
#define KEY_WRITE (0x00020000 | KEY_SET_VALUE | KEY_CREATE_SUB_KEY)
#define KEY_EXECUTE KEY_READ
#define KEY_ALL_ACCESS 0x000f003f

#define REG_NONE 0
#define REG_SZ 1
#define REG_EXPAND_SZ 2
#define REG_BINARY 3
#define REG_DWORD 4
#define REG_DWORD_BIG_ENDIAN 5
#define REG_LINK 6
#define REG_MULTI_SZ 7
#define REG_RESOURCE_LIST 8
#define REG_FULL_RESOURCE_DESCRIPTOR 9
#define REG_RESOURCE_REQUIREMENTS_LIST 10
#define REG_QWORD 11

/* NtCreateKey's options and dispositions. */
#define REG_OPTION_NON_VOLATILE 0x0000
#define REG_OPTION_VOLATILE 0x0001
#define REG_OPTION_CREATE_LINK 0x0002
#define REG_OPTION_BACKUP_RESTORE 0x0004
#define REG_OPTION_OPEN_LINK 0x0008
#define REG_OPTION_DONT_VIRTUALIZE 0x0010
#define REG_CREATED_NEW_KEY 1
#define REG_OPENED_EXISTING_KEY 2

/* NtNotifyChangeKey's filter. */
#define REG_NOTIFY_CHANGE_NAME 0x01
#define REG_NOTIFY_CHANGE_ATTRIBUTES 0x02
#define REG_NOTIFY_CHANGE_LAST_SET 0x04
#define REG_NOTIFY_CHANGE_SECURITY 0x08
#define REG_LEGAL_CHANGE_FILTER 0x0f

/* NtRestoreKey's and NtLoadKey's flags. */
#define REG_WHOLE_HIVE_VOLATILE 0x01
#define REG_REFRESH_HIVE 0x02
#define REG_NO_LAZY_FLUSH 0x04
#define REG_FORCE_RESTORE 0x08
/* NtLoadKey2 and NtLoadKeyEx. */
#define REG_APP_HIVE 0x10
#define REG_PROCESS_PRIVATE 0x20
#define REG_START_JOURNAL 0x40
#define REG_HIVE_EXACT_FILE_GROWTH 0x80
#define REG_HIVE_NO_RM 0x100
#define REG_HIVE_SINGLE_LOG 0x200
#define REG_BOOT_HIVE 0x400
#define REG_LOAD_HIVE_OPEN_HANDLE 0x800
#define REG_FLUSH_HIVE_FILE_GROWTH 0x1000
#define REG_OPEN_READ_ONLY 0x2000
#define REG_IMMUTABLE 0x4000
#define REG_NO_IMPERSONATION_FALLBACK 0x8000
/* NtUnloadKey2. */
#define REG_FORCE_UNLOAD 1
/* NtSaveKeyEx's formats. */
#define REG_STANDARD_FORMAT 1
#define REG_LATEST_FORMAT 2
#define REG_NO_COMPRESSION 4

typedef enum {
    KeyBasicInformation,
    KeyNodeInformation,
    KeyFullInformation,
    KeyNameInformation,
    KeyCachedInformation,
    KeyFlagsInformation,
    KeyVirtualizationInformation,
    KeyHandleTagsInformation,
    KeyTrustInformation,
    KeyLayerInformation,
} KEY_INFORMATION_CLASS;

typedef struct {
    LARGE_INTEGER LastWriteTime;
    ULONG TitleIndex;
    ULONG NameLength;
    WCHAR Name[1];
} KEY_BASIC_INFORMATION;

typedef struct {
    LARGE_INTEGER LastWriteTime;
    ULONG TitleIndex;
    ULONG ClassOffset;
    ULONG ClassLength;
    ULONG NameLength;
    WCHAR Name[1];
} KEY_NODE_INFORMATION;

typedef struct {
    LARGE_INTEGER LastWriteTime;
    ULONG TitleIndex;
    ULONG ClassOffset;
    ULONG ClassLength;
    ULONG SubKeys;
    ULONG MaxNameLen;
    ULONG MaxClassLen;
    ULONG Values;
    ULONG MaxValueNameLen;
    ULONG MaxValueDataLen;
    WCHAR Class[1];
} KEY_FULL_INFORMATION;

typedef struct {
    ULONG NameLength;
    WCHAR Name[1];
} KEY_NAME_INFORMATION;

typedef struct {
    LARGE_INTEGER LastWriteTime;
    ULONG TitleIndex;
    ULONG SubKeys;
    ULONG MaxNameLen;
    ULONG Values;
    ULONG MaxValueNameLen;
    ULONG MaxValueDataLen;
    ULONG NameLength;
} KEY_CACHED_INFORMATION;

typedef enum {
    KeyWriteTimeInformation,
    KeyWow64FlagsInformation,
    KeyControlFlagsInformation,
    KeySetVirtualizationInformation,
    KeySetDebugInformation,
    KeySetHandleTagsInformation,
    KeySetLayerInformation,
} KEY_SET_INFORMATION_CLASS;

typedef enum {
    KeyValueBasicInformation,
    KeyValueFullInformation,
    KeyValuePartialInformation,
    KeyValueFullInformationAlign64,
    KeyValuePartialInformationAlign64,
    KeyValueLayerInformation,
} KEY_VALUE_INFORMATION_CLASS;

typedef struct {
    ULONG TitleIndex;
    ULONG Type;
    ULONG NameLength;
    WCHAR Name[1];
} KEY_VALUE_BASIC_INFORMATION;

typedef struct {
    ULONG TitleIndex;
    ULONG Type;
    ULONG DataOffset;
    ULONG DataLength;
    ULONG NameLength;
    WCHAR Name[1];
} KEY_VALUE_FULL_INFORMATION;

typedef struct {
    ULONG TitleIndex;
    ULONG Type;
    ULONG DataLength;
    UCHAR Data[1];
} KEY_VALUE_PARTIAL_INFORMATION;

typedef struct {
    ULONG Type;
    ULONG DataLength;
    UCHAR Data[1];
} KEY_VALUE_PARTIAL_INFORMATION_ALIGN64;

/* NtQueryMultipleValueKey: one entry per value asked for, filled in with where its data went. */
typedef struct {
    PUNICODE_STRING ValueName;
    ULONG DataLength;
    ULONG DataOffset;
    ULONG Type;
} KEY_VALUE_ENTRY, *PKEY_VALUE_ENTRY;

_Static_assert(__builtin_offsetof(KEY_BASIC_INFORMATION, Name) == 16, "KEY_BASIC_INFORMATION");
_Static_assert(__builtin_offsetof(KEY_NODE_INFORMATION, Name) == 24, "KEY_NODE_INFORMATION");
_Static_assert(__builtin_offsetof(KEY_FULL_INFORMATION, Class) == 44, "KEY_FULL_INFORMATION");
_Static_assert(sizeof(KEY_CACHED_INFORMATION) == 40, "KEY_CACHED_INFORMATION");
_Static_assert(__builtin_offsetof(KEY_VALUE_BASIC_INFORMATION, Name) == 12, "KEY_VALUE_BASIC_INFORMATION");
_Static_assert(__builtin_offsetof(KEY_VALUE_FULL_INFORMATION, Name) == 20, "KEY_VALUE_FULL_INFORMATION");
_Static_assert(__builtin_offsetof(KEY_VALUE_PARTIAL_INFORMATION, Data) == 12, "KEY_VALUE_PARTIAL_INFORMATION");
_Static_assert(__builtin_offsetof(KEY_VALUE_PARTIAL_INFORMATION_ALIGN64, Data) == 8, "PARTIAL_ALIGN64");
_Static_assert(sizeof(KEY_VALUE_ENTRY) == 24, "KEY_VALUE_ENTRY");

#endif
