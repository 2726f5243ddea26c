/* Basic NT types with one meaning on both sides: the host (LP64, gcc) and the PE side (LLP64, mingw). */
#ifndef NT_NTDEF_H
#define NT_NTDEF_H

#include <stddef.h>
#include <stdint.h>

/* Every NT service and ntdll export uses the Windows x64 calling convention, also when the host calls
 * or implements it. */
#define NTAPI __attribute__((ms_abi))

#define NT_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#define NT_CHECK_OFFSET(type, field, off) \
    _Static_assert(offsetof(type, field) == (off), #type "." #field " must be at offset " #off)
#define NT_CHECK_SIZE(type, size) _Static_assert(sizeof(type) == (size), "sizeof(" #type ") must be " #size)

typedef void VOID, *PVOID, **PPVOID;
typedef const void *PCVOID;
typedef uint8_t UCHAR, *PUCHAR, BYTE, *PBYTE, BOOLEAN, *PBOOLEAN;
typedef char CHAR, *PCHAR, *PSTR, CCHAR;
typedef const char *PCSTR;
typedef int16_t SHORT, CSHORT;
typedef uint16_t USHORT, *PUSHORT, WORD, *PWORD, WCHAR, *PWCHAR, *PWSTR;
typedef const uint16_t *PCWSTR;
typedef uint16_t *PZZWSTR; /* strings one after the other, ended by an empty one */
typedef const uint16_t *PCZZWSTR;
typedef int32_t LONG, *PLONG, INT, *PINT, NTSTATUS, *PNTSTATUS, KPRIORITY;
typedef uint32_t ULONG, *PULONG, DWORD, *PDWORD, ACCESS_MASK, *PACCESS_MASK, LOGICAL;
typedef int64_t LONGLONG, LONG64, LONG_PTR, SSIZE_T;
typedef uint64_t ULONGLONG, *PULONGLONG, ULONG_PTR, *PULONG_PTR, SIZE_T, *PSIZE_T, DWORD64, ULONG64, *PULONG64;
typedef ULONG_PTR KAFFINITY;
typedef PVOID HANDLE, *PHANDLE;
typedef uint16_t LANGID;
typedef ULONG LCID;

#define TRUE 1
#define FALSE 0

typedef union {
    struct {
        ULONG LowPart;
        LONG HighPart;
    };
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union {
    struct {
        ULONG LowPart;
        ULONG HighPart;
    };
    ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef struct {
    USHORT Length;        /* bytes, without the terminator */
    USHORT MaximumLength; /* bytes */
    PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;

typedef struct {
    USHORT Length;
    USHORT MaximumLength;
    PSTR Buffer;
} STRING, ANSI_STRING, OEM_STRING, *PSTRING, *PANSI_STRING, *POEM_STRING;
typedef const STRING *PCSTRING, *PCANSI_STRING, *PCOEM_STRING;
typedef char *PCH;
typedef const char *PCCH;
typedef WCHAR *PWCH;
typedef const WCHAR *PCWCH;

typedef struct _LIST_ENTRY {
    struct _LIST_ENTRY *Flink, *Blink;
} LIST_ENTRY, *PLIST_ENTRY;

#define CONTAINING_RECORD(address, type, field) ((type *)((char *)(address) - offsetof(type, field)))

typedef struct {
    HANDLE UniqueProcess;
    HANDLE UniqueThread;
} CLIENT_ID, *PCLIENT_ID;

typedef struct {
    ULONG Length;
    HANDLE RootDirectory;
    PUNICODE_STRING ObjectName;
    ULONG Attributes;
    PVOID SecurityDescriptor;
    PVOID SecurityQualityOfService;
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;

#define OBJ_INHERIT 0x00000002
#define OBJ_PERMANENT 0x00000010
#define OBJ_EXCLUSIVE 0x00000020
#define OBJ_CASE_INSENSITIVE 0x00000040
#define OBJ_OPENIF 0x00000080
#define OBJ_OPENLINK 0x00000100
#define OBJ_KERNEL_HANDLE 0x00000200
#define OBJ_VALID_ATTRIBUTES 0x000007f2

typedef struct {
    union {
        NTSTATUS Status;
        PVOID Pointer;
    };
    ULONG_PTR Information;
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;

typedef VOID(NTAPI *PIO_APC_ROUTINE)(PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, ULONG Reserved);

/* Types the service table names that need no layout of their own yet. */
typedef PVOID PSECURITY_DESCRIPTOR, PSID, PPRIVILEGE_SET, PTOKEN_PRIVILEGES;
typedef ULONG SECURITY_INFORMATION;

#define DELETE 0x00010000
#define READ_CONTROL 0x00020000
#define WRITE_DAC 0x00040000
#define WRITE_OWNER 0x00080000
#define SYNCHRONIZE 0x00100000
#define STANDARD_RIGHTS_REQUIRED 0x000f0000
#define STANDARD_RIGHTS_READ READ_CONTROL
#define STANDARD_RIGHTS_WRITE READ_CONTROL
#define STANDARD_RIGHTS_EXECUTE READ_CONTROL
#define MAXIMUM_ALLOWED 0x02000000
#define GENERIC_READ 0x80000000
#define GENERIC_WRITE 0x40000000
#define GENERIC_EXECUTE 0x20000000
#define GENERIC_ALL 0x10000000

typedef struct {
    ULONG Data1;
    USHORT Data2, Data3;
    UCHAR Data4[8];
} GUID;

typedef struct {
    ACCESS_MASK GenericRead;
    ACCESS_MASK GenericWrite;
    ACCESS_MASK GenericExecute;
    ACCESS_MASK GenericAll;
} GENERIC_MAPPING, *PGENERIC_MAPPING;

#define NtCurrentProcess() ((HANDLE)(LONG_PTR)-1)
#define NtCurrentThread() ((HANDLE)(LONG_PTR)-2)

#define NT_SUCCESS(status) ((NTSTATUS)(status) >= 0)
#define NT_ERROR(status) ((ULONG)(status) >> 30 == 3)

#endif
