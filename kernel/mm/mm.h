/* The memory manager's interface to the other components: address ranges, allocations, images. */
#ifndef MM_MM_H
#define MM_MM_H

#include <stdbool.h>
#include <sys/types.h>
#include "nt/types.h"
#include "ps/ps.h"

/* Whether [addr, addr+len) lies in the part of the address space a Windows program owns: below the
 * host boundary and above the first 64 KiB, or inside an allocation the program made above it. */
bool MmIsUserRange(const void *addr, size_t len);

/* Whether every page of [addr, addr+len) is committed memory of the process's that can be read (or written):
 * what a transfer into or out of a program's buffer checks before it starts. */
bool MmIsCommittedRange(const void *addr, size_t len, bool write);

/* Record a region the host mapped itself (KUSER_SHARED_DATA) so that queries and allocations see it. */
void MmRegisterFixedRegion(ULONG_PTR base, SIZE_T size, ULONG protect);

/* Allocations for the process's own structures (PEB, TEB, stacks, parameters), with the service's rules. */
NTSTATUS MmAllocateVirtual(PVOID *base, SIZE_T size, ULONG type, ULONG protect);
/* The same for a new region below the end zero_bits allows, as NtAllocateVirtualMemory takes them. */
NTSTATUS MmAllocateVirtualBelow(PVOID *base, SIZE_T size, ULONG_PTR zero_bits, ULONG type, ULONG protect);
NTSTATUS MmProtectVirtual(PVOID base, SIZE_T size, ULONG protect);
/* Release the whole allocation that starts at base. */
NTSTATUS MmFreeVirtual(PVOID base);
/* A thread's stack, reserve bytes reserved at stack, laid out afresh: the top commit bytes committed, a guard page
 * below them, the rest reserved but for nothing. */
NTSTATUS MmLayOutStack(PVOID stack, SIZE_T reserve, SIZE_T commit);
/* A fault at address (access: 0 read, 1 write, 8 execute, as exception records say) by the program (user_mode)
 * or by a service copying for it: STATUS_SUCCESS when the access may be retried (a guard page of the thread's
 * stack made it grow), else the exception it raises (STATUS_GUARD_PAGE_VIOLATION, STATUS_STACK_OVERFLOW,
 * STATUS_ACCESS_VIOLATION). */
NTSTATUS MmAccessFault(ULONG_PTR address, ULONG access, bool user_mode);
/* Before the kernel writes a frame at [low, high) of the calling thread's stack: its guard pages there are
 * touched, top down, as the program's own pushes would. False when the range is not all committed stack. */
bool MmProbeStack(ULONG_PTR low, ULONG_PTR high);
/* The bytes of the process's private memory that are committed, and of all it has reserved (the VM counters). */
void MmQueryUsage(SIZE_T *committed_private, SIZE_T *reserved);

/* What the image mapper learns from a PE file's headers (all validated against the file). */
typedef struct {
    ULONG_PTR ImageBase;         /* preferred */
    ULONG SizeOfImage;
    ULONG SizeOfHeaders;
    ULONG EntryPoint;            /* RVA, 0 when none */
    ULONG SectionAlignment;
    USHORT Machine;
    USHORT Characteristics;
    USHORT DllCharacteristics;
    USHORT Subsystem;
    USHORT SubsystemMajor, SubsystemMinor;
    USHORT OsMajor, OsMinor;
    ULONG LoaderFlags, CheckSum, FileSize;
    bool ContainsCode;           /* a section holds code */
    ULONG64 StackReserve, StackCommit;
    ULONG NumberOfSections;
    const IMAGE_SECTION_HEADER *Sections; /* inside the file buffer */
    IMAGE_DATA_DIRECTORY Directories[IMAGE_NUMBEROF_DIRECTORY_ENTRIES];
} MM_IMAGE_INFO;

/* A mapped image. */
typedef struct {
    PVOID Base;
    MM_IMAGE_INFO Info;
    bool Relocated;
} MM_IMAGE;

/* Parse and check a PE x86-64 image held in memory; on failure err says what is wrong. Pure: no I/O. */
NTSTATUS MmpParseImage(const void *file, size_t size, MM_IMAGE_INFO *info, char *err, size_t errlen);
/* Lay the parsed image out at dest (SizeOfImage bytes, zeroed), apply relocations for load_base and check
 * the import directory. Pure: the fuzzer drives it with a heap buffer. */
NTSTATUS MmpLayoutImage(const void *file, size_t size, const MM_IMAGE_INFO *info, void *dest, ULONG_PTR load_base,
                        char *err, size_t errlen);
/* NtCreateSection(SEC_IMAGE) and NtMapViewOfSection in one: map a PE file for this process. */
NTSTATUS MmMapImageFile(const char *path, MM_IMAGE *image, char *err, size_t errlen);
/* Whether a section of the file lives, or a view of it is mapped: such a file cannot be deleted. */
bool MmIsFileMapped(dev_t device, ino_t inode);
/* A read-only view of a whole file for the process, as a data section would give (the fd stays the caller's). */
NTSTATUS MmMapFileReadOnly(int fd, PVOID *base, SIZE_T *size);
/* Whether a file is an image this process could map (NtCreateUserProcess checks the child's so), and what
 * NtQuerySection would report of it at its preferred base; on failure err says what is wrong. */
NTSTATUS MmCheckImageFile(int fd, SECTION_IMAGE_INFORMATION *info, char *err, size_t errlen);
/* What NtQuerySection and NtQueryInformationProcess report of an image, were it at base. */
void MmDescribeImage(const MM_IMAGE_INFO *image, ULONG_PTR base, SECTION_IMAGE_INFORMATION *info);
/* The address of a named export of a mapped image, or NULL. */
PVOID MmFindExport(const MM_IMAGE *image, const char *name);

/* In a child: a call its creator made on its memory (ps/remote.c), served. */
void MmServeChildRequest(const PS_CHILD_REQUEST *request, int fd, PS_CHILD_REPLY *reply);

#endif
