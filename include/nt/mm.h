/* Virtual memory constants and layouts of the memory services (NtAllocateVirtualMemory and friends). */
#ifndef NT_MM_H
#define NT_MM_H

#include "ntdef.h"

#define PAGE_NOACCESS 0x01
#define PAGE_READONLY 0x02
#define PAGE_READWRITE 0x04
#define PAGE_WRITECOPY 0x08
#define PAGE_EXECUTE 0x10
#define PAGE_EXECUTE_READ 0x20
#define PAGE_EXECUTE_READWRITE 0x40
#define PAGE_EXECUTE_WRITECOPY 0x80
#define PAGE_GUARD 0x100
#define PAGE_NOCACHE 0x200
#define PAGE_WRITECOMBINE 0x400

#define MEM_COMMIT 0x00001000
#define MEM_RESERVE 0x00002000
#define MEM_DECOMMIT 0x00004000
#define MEM_RELEASE 0x00008000
#define MEM_FREE 0x00010000
#define MEM_PRIVATE 0x00020000
#define MEM_MAPPED 0x00040000
#define MEM_RESET 0x00080000
#define MEM_TOP_DOWN 0x00100000
#define MEM_REPLACE_PLACEHOLDER 0x00004000
#define MEM_COALESCE_PLACEHOLDERS 0x00000001
#define MEM_PRESERVE_PLACEHOLDER 0x00000002
#define MEM_RESERVE_PLACEHOLDER 0x00040000
#define MEM_WRITE_WATCH 0x00200000
#define MEM_PHYSICAL 0x00400000
#define MEM_RESET_UNDO 0x01000000
#define MEM_LARGE_PAGES 0x20000000
#define MEM_IMAGE 0x01000000
#define MEM_4MB_PAGES 0x80000000

#define SEC_FILE 0x00800000
#define SEC_IMAGE 0x01000000
#define SEC_RESERVE 0x04000000
#define SEC_COMMIT 0x08000000
#define SEC_NOCACHE 0x10000000
#define SEC_LARGE_PAGES 0x80000000
#define SEC_IMAGE_NO_EXECUTE 0x11000000

#define SECTION_QUERY 0x0001
#define SECTION_MAP_WRITE 0x0002
#define SECTION_MAP_READ 0x0004
#define SECTION_MAP_EXECUTE 0x0008
#define SECTION_EXTEND_SIZE 0x0010
#define SECTION_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | 0x1f)

typedef enum { ViewShare = 1, ViewUnmap = 2 } SECTION_INHERIT;
typedef enum { SectionBasicInformation, SectionImageInformation } SECTION_INFORMATION_CLASS;

typedef struct {
    PVOID BaseAddress;
    ULONG Attributes;
    LARGE_INTEGER Size;
} SECTION_BASIC_INFORMATION;
NT_CHECK_SIZE(SECTION_BASIC_INFORMATION, 24);

typedef struct {
    PVOID TransferAddress;
    ULONG ZeroBits;
    SIZE_T MaximumStackSize;
    SIZE_T CommittedStackSize;
    ULONG SubSystemType;
    USHORT SubSystemMinorVersion, SubSystemMajorVersion;
    USHORT MajorOperatingSystemVersion, MinorOperatingSystemVersion;
    USHORT ImageCharacteristics;
    USHORT DllCharacteristics;
    USHORT Machine;
    BOOLEAN ImageContainsCode;
    UCHAR ImageFlags;
    ULONG LoaderFlags;
    ULONG ImageFileSize;
    ULONG CheckSum;
} SECTION_IMAGE_INFORMATION;
NT_CHECK_OFFSET(SECTION_IMAGE_INFORMATION, SubSystemType, 0x20);
NT_CHECK_OFFSET(SECTION_IMAGE_INFORMATION, Machine, 0x30);
NT_CHECK_SIZE(SECTION_IMAGE_INFORMATION, 0x40);

typedef enum {
    MemoryBasicInformation = 0,
    MemoryWorkingSetInformation = 1,
    MemoryMappedFilenameInformation = 2,
    MemoryRegionInformation = 3,
} MEMORY_INFORMATION_CLASS;

/* A whole allocation, as MemoryRegionInformation tells it; a caller may take it without the last three fields. */
typedef struct {
    PVOID AllocationBase;
    ULONG AllocationProtect;
    ULONG RegionType;           /* Private, MappedDataFile, MappedImage... bits: none set on Windows 10 */
    SIZE_T RegionSize;
    SIZE_T CommitSize;
    ULONG_PTR PartitionId;
    ULONG_PTR NodePreference;
} MEMORY_REGION_INFORMATION;
NT_CHECK_OFFSET(MEMORY_REGION_INFORMATION, CommitSize, 24);
NT_CHECK_SIZE(MEMORY_REGION_INFORMATION, 48);

typedef struct {
    PVOID BaseAddress;
    PVOID AllocationBase;
    ULONG AllocationProtect;
    USHORT PartitionId;
    SIZE_T RegionSize;
    ULONG State;
    ULONG Protect;
    ULONG Type;
} MEMORY_BASIC_INFORMATION, *PMEMORY_BASIC_INFORMATION;
NT_CHECK_OFFSET(MEMORY_BASIC_INFORMATION, RegionSize, 0x18);
NT_CHECK_OFFSET(MEMORY_BASIC_INFORMATION, Type, 0x28);
NT_CHECK_SIZE(MEMORY_BASIC_INFORMATION, 0x30);

#define MM_PAGE_SIZE 0x1000ull
#define MM_ALLOCATION_GRANULARITY 0x10000ull
#define MM_LOWEST_USER_ADDRESS 0x10000ull
#define MM_HIGHEST_USER_ADDRESS 0x7ffffffeffffull

/* NtAllocateVirtualMemoryEx's extended parameters; the address requirements say where a new region may go. */
typedef enum {
    MemExtendedParameterInvalidType = 0,
    MemExtendedParameterAddressRequirements = 1,
    MemExtendedParameterNumaNode = 2,
    MemExtendedParameterPartitionHandle = 3,
    MemExtendedParameterUserPhysicalHandle = 4,
    MemExtendedParameterAttributeFlags = 5,
    MemExtendedParameterMax             /* Windows 10's; Windows 11 adds the image machine */
} MEM_EXTENDED_PARAMETER_TYPE;

typedef struct {
    ULONG64 Type;               /* the low 8 bits; the rest reserved */
    union {
        ULONG64 ULong64;
        PVOID Pointer;
        SIZE_T Size;
        HANDLE Handle;
        ULONG ULong;
    };
} MEM_EXTENDED_PARAMETER;
NT_CHECK_SIZE(MEM_EXTENDED_PARAMETER, 16);

typedef struct {
    PVOID LowestStartingAddress;
    PVOID HighestEndingAddress;
    SIZE_T Alignment;
} MEM_ADDRESS_REQUIREMENTS;

/* NtSetInformationVirtualMemory's classes, and the ranges they act on. */
typedef enum {
    VmPrefetchInformation,
    VmPagePriorityInformation,
    VmCfgCallTargetInformation,
    VmPageDirtyStateInformation,
    VmImageHotPatchInformation,
    VmPhysicalContiguityInformation,
    VmVirtualMachinePrepopulateInformation,
    VmRemoveFromWorkingSetInformation,
    MaxVmInfoClass
} VIRTUAL_MEMORY_INFORMATION_CLASS;

typedef struct {
    PVOID VirtualAddress;
    SIZE_T NumberOfBytes;
} MEMORY_RANGE_ENTRY, *PMEMORY_RANGE_ENTRY;

#endif
