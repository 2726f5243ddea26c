/* Sections and their views: images (SEC_IMAGE), mapped files and memory backed by the paging file (a memfd),
 * NtCreateSection, NtOpenSection, NtMapViewOfSection, NtUnmapViewOfSection(Ex), NtQuerySection. */
#include <errno.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "host/host.h"
#include "io/io.h"
#include "ke/ke.h"
#include "mm/mmp.h"
#include "ob/ob.h"
#include "ps/ps.h"

typedef struct MMP_SECTION {
    struct MMP_SECTION *Next; /* among the sections of files, while it lives */
    dev_t Device;        /* the file's, for those */
    ino_t Inode;
    int Fd;              /* the file, or a memfd for memory backed by the paging file */
    ULONG Attributes;    /* SEC_*, with SEC_FILE for sections over files */
    ULONG Protect;       /* the most a view may have */
    ULONG64 Size;
    MM_IMAGE_INFO Image; /* for SEC_IMAGE: what the headers say (Sections is NULL) */
} MMP_SECTION;

/* The sections of files that live: a file one of them (or a view) maps cannot be deleted. */
static pthread_mutex_t MmpFileSectionsLock = PTHREAD_MUTEX_INITIALIZER;
static MMP_SECTION *MmpFileSections;

static void MmpDeleteSection(void *body)
{
    MMP_SECTION *section = body;

    pthread_mutex_lock(&MmpFileSectionsLock);
    for (MMP_SECTION **p = &MmpFileSections; *p; p = &(*p)->Next)
        if (*p == section) {
            *p = section->Next;
            break;
        }
    pthread_mutex_unlock(&MmpFileSectionsLock);
    close(section->Fd);
}

bool MmIsFileMapped(dev_t device, ino_t inode)
{
    bool mapped = false;

    pthread_mutex_lock(&MmpFileSectionsLock);
    for (MMP_SECTION *s = MmpFileSections; s && !mapped; s = s->Next)
        mapped = s->Device == device && s->Inode == inode;
    pthread_mutex_unlock(&MmpFileSectionsLock);
    return mapped || MmpIsFileViewed(device, inode);
}

static const OBJECT_TYPE MmSectionObjectType = {
    .Name = "Section",
    .Mapping = {STANDARD_RIGHTS_READ | SECTION_QUERY | SECTION_MAP_READ, STANDARD_RIGHTS_WRITE | SECTION_MAP_WRITE,
                STANDARD_RIGHTS_EXECUTE | SECTION_MAP_EXECUTE, SECTION_ALL_ACCESS},
    .ValidAccess = SECTION_ALL_ACCESS | SYNCHRONIZE,
    .Delete = MmpDeleteSection,
};

/* What a protection allows, as bits: a view may have no more than its section. */
enum { MMP_READ = 1, MMP_WRITE = 2, MMP_COPY = 4, MMP_EXECUTE = 8 };

static ULONG MmpProtectionRights(ULONG protect)
{
    switch (protect & 0xff) {
    case PAGE_READONLY: return MMP_READ;
    case PAGE_READWRITE: return MMP_READ | MMP_WRITE;
    case PAGE_WRITECOPY: return MMP_READ | MMP_COPY;
    case PAGE_EXECUTE: return MMP_EXECUTE;
    case PAGE_EXECUTE_READ: return MMP_READ | MMP_EXECUTE;
    case PAGE_EXECUTE_READWRITE: return MMP_READ | MMP_WRITE | MMP_EXECUTE;
    case PAGE_EXECUTE_WRITECOPY: return MMP_READ | MMP_COPY | MMP_EXECUTE;
    default: return 0;
    }
}

/* The file access a section of this protection needs from its file. */
static ACCESS_MASK MmpFileAccess(ULONG rights)
{
    return FILE_READ_DATA | (rights & MMP_WRITE ? FILE_WRITE_DATA : 0) | (rights & MMP_EXECUTE ? FILE_EXECUTE : 0);
}

/* An image file parsed, not mapped; its section table is left out, being the file's. */
static NTSTATUS MmpParseImageFile(int fd, MM_IMAGE_INFO *image, char *err, size_t errlen)
{
    struct stat st;
    void *file;
    bool owned;
    NTSTATUS status;

    memset(image, 0, sizeof(*image));
    if (fstat(fd, &st) || !S_ISREG(st.st_mode) || !st.st_size) {
        snprintf(err, errlen, "not a regular, non-empty file");
        return STATUS_INVALID_IMAGE_NOT_MZ;
    }
    if (!(file = MmpViewImageFile(fd, &st, &owned))) {
        snprintf(err, errlen, "%s", strerror(errno));
        return HostErrnoToStatus(errno);
    }
    status = MmpParseImage(file, (size_t)st.st_size, image, err, errlen);
    if (owned)
        munmap(file, (size_t)st.st_size);
    image->Sections = NULL;
    return status;
}

NTSTATUS MmCheckImageFile(int fd, SECTION_IMAGE_INFORMATION *info, char *err, size_t errlen)
{
    MM_IMAGE_INFO image;
    NTSTATUS status = MmpParseImageFile(fd, &image, err, errlen);

    if (!status)
        MmDescribeImage(&image, (ULONG_PTR)image.ImageBase, info);
    return status;
}

static NTSTATUS MmpCreateImageSection(int fd, MMP_SECTION *section)
{
    char err[256];
    NTSTATUS status = MmpParseImageFile(fd, &section->Image, err, sizeof(err));

    if (status && KeTraceEnabled())
        HostMessage("NtCreateSection: not an image Windows would map: %s", err);
    section->Size = section->Image.SizeOfImage;
    section->Attributes |= SEC_FILE;
    return status;
}

static NTSTATUS MmpCreateDataSection(int fd, const LARGE_INTEGER *maximum, ULONG rights, MMP_SECTION *section)
{
    struct stat st;

    if (fd < 0) {
        if (!maximum || maximum->QuadPart <= 0)
            return STATUS_INVALID_PARAMETER_4;
        section->Size = (ULONG64)maximum->QuadPart;
        if ((section->Fd = memfd_create("veles-section", MFD_CLOEXEC)) < 0)
            return HostErrnoToStatus(errno);
        return ftruncate(section->Fd, (off_t)section->Size) ? STATUS_SECTION_TOO_BIG : STATUS_SUCCESS;
    }
    section->Fd = fd;
    section->Attributes |= SEC_FILE;
    if (fstat(fd, &st))
        return HostErrnoToStatus(errno);
    section->Size = maximum && maximum->QuadPart ? (ULONG64)maximum->QuadPart : (ULONG64)st.st_size;
    if (!section->Size)
        return STATUS_MAPPED_FILE_SIZE_ZERO;
    /* A section longer than its file grows the file, when it may write it. */
    if (section->Size > (ULONG64)st.st_size) {
        if (!(rights & MMP_WRITE))
            return STATUS_SECTION_TOO_BIG;
        if (ftruncate(fd, (off_t)section->Size))
            return HostErrnoToStatus(errno);
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI NtCreateSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
                               PLARGE_INTEGER MaximumSize, ULONG SectionPageProtection, ULONG AllocationAttributes,
                               HANDLE FileHandle)
{
    ULONG kind = AllocationAttributes & (SEC_IMAGE | SEC_RESERVE | SEC_COMMIT);
    ULONG rights = MmpProtectionRights(SectionPageProtection);
    LARGE_INTEGER maximum, *max = NULL;
    MMP_SECTION *section;
    int fd = -1;
    NTSTATUS status;

    if ((kind != SEC_IMAGE && kind != SEC_RESERVE && kind != SEC_COMMIT) ||
        AllocationAttributes & ~(ULONG)(SEC_IMAGE_NO_EXECUTE | SEC_RESERVE | SEC_COMMIT | SEC_NOCACHE | SEC_FILE |
                                        SEC_LARGE_PAGES))
        return STATUS_INVALID_PARAMETER_6;
    if (!rights || SectionPageProtection & ~0xffu)
        return STATUS_INVALID_PAGE_PROTECTION;
    if (MaximumSize) {
        if (KeReadUser(&maximum, MaximumSize))
            return STATUS_ACCESS_VIOLATION;
        max = &maximum;
    }
    if (kind == SEC_RESERVE)
        return KeReportNotImplemented("NtCreateSection with SEC_RESERVE (views whose pages are committed later)");
    if (kind == SEC_IMAGE && !FileHandle)
        return STATUS_INVALID_FILE_FOR_SECTION;
    if (FileHandle && (status = IoDuplicateFileDescriptor(FileHandle, MmpFileAccess(rights), &fd)))
        return status;

    section = ObCreateObject(&MmSectionObjectType, sizeof(*section));
    section->Fd = fd;
    section->Attributes = kind == SEC_IMAGE ? AllocationAttributes & SEC_IMAGE_NO_EXECUTE : kind;
    section->Protect = SectionPageProtection;
    status = kind == SEC_IMAGE ? MmpCreateImageSection(fd, section) : MmpCreateDataSection(fd, max, rights, section);
    if (status) {
        ObDereferenceObject(section);
        return status;
    }
    struct stat st;
    if (FileHandle && !fstat(fd, &st)) {
        section->Device = st.st_dev;
        section->Inode = st.st_ino;
        pthread_mutex_lock(&MmpFileSectionsLock);
        section->Next = MmpFileSections;
        MmpFileSections = section;
        pthread_mutex_unlock(&MmpFileSectionsLock);
    }
    return ObInsertObjectForCaller(section, DesiredAccess, ObjectAttributes, SectionHandle);
}

NTSTATUS NTAPI NtOpenSection(HANDLE *SectionHandle, ACCESS_MASK DesiredAccess, OBJECT_ATTRIBUTES *ObjectAttributes)
{
    return ObOpenObjectByNameForCaller(ObjectAttributes, &MmSectionObjectType, DesiredAccess, SectionHandle);
}

/* Map a view of a data section at base (0: anywhere below limit, from the top down if asked) from offset; size 0
 * means to the end of the section. */
static NTSTATUS MmpMapDataView(MMP_SECTION *section, ULONG_PTR *base, ULONG_PTR limit, bool top_down, ULONG64 offset,
                               SIZE_T *size, ULONG protect)
{
    ULONG rights = MmpProtectionRights(protect), allowed = MmpProtectionRights(section->Protect);
    ULONG_PTR addr;
    void *mapped;

    if (!rights || (protect & ~0xffu))
        return STATUS_INVALID_PAGE_PROTECTION;
    /* Copy-on-write needs only read access to the section; the rest must be granted. */
    if ((rights & ~(ULONG)MMP_COPY & ~allowed) || (rights & MMP_COPY && !(allowed & (MMP_WRITE | MMP_COPY))))
        return STATUS_SECTION_PROTECTION;
    if (offset & (MM_ALLOCATION_GRANULARITY - 1))
        return STATUS_MAPPED_ALIGNMENT;
    if (offset >= section->Size || (*size && *size > section->Size - offset))
        return STATUS_INVALID_VIEW_SIZE;
    if (!*size)
        *size = section->Size - offset;
    *size = (*size + MM_PAGE_SIZE - 1) & ~(MM_PAGE_SIZE - 1);
    if (!(addr = MmpReserveView(*base, *size, *base != 0, limit, top_down)))
        return *base ? STATUS_CONFLICTING_ADDRESSES : STATUS_NO_MEMORY;
    mapped = mmap((void *)addr, *size, PROT_NONE, (rights & MMP_COPY ? MAP_PRIVATE : MAP_SHARED) | MAP_FIXED,
                  section->Fd, (off_t)offset);
    if (mapped == MAP_FAILED) {
        munmap((void *)addr, *size);
        return HostErrnoToStatus(errno);
    }
    *base = addr;
    return MmpRegisterView(addr, *size, MEM_MAPPED, protect, NULL, section->Attributes & SEC_FILE ? section->Fd : -1);
}

/* A view of a section in this process, on values already checked: an image at its base (or where there is room,
 * STATUS_IMAGE_NOT_AT_BASE), data as MmpMapDataView places it. */
static NTSTATUS MmpMapView(MMP_SECTION *section, ULONG_PTR *base, ULONG_PTR limit, ULONG64 offset, SIZE_T *size,
                           ULONG type, ULONG protect)
{
    MM_IMAGE image;
    char err[256];
    NTSTATUS status;

    if (!(section->Attributes & SEC_IMAGE))
        return MmpMapDataView(section, base, limit, type & MEM_TOP_DOWN, offset, size, protect);
    if ((status = MmpMapImage(section->Fd, *base, *base != 0, &image, err, sizeof(err)))) {
        if (KeTraceEnabled())
            HostMessage("NtMapViewOfSection: %s", err);
        return status;
    }
    *base = (ULONG_PTR)image.Base;
    *size = image.Info.SizeOfImage;
    return image.Relocated ? STATUS_IMAGE_NOT_AT_BASE : STATUS_SUCCESS;
}

NTSTATUS MmMapFileReadOnly(int fd, PVOID *base, SIZE_T *size)
{
    MMP_SECTION section = {.Fd = fd, .Protect = PAGE_READONLY};
    ULONG_PTR addr = 0;
    struct stat st;
    NTSTATUS status;

    if (fstat(fd, &st))
        return HostErrnoToStatus(errno);
    if (!(section.Size = (ULONG64)st.st_size))
        return STATUS_MAPPED_FILE_SIZE_ZERO;
    *size = 0;
    if (!(status = MmpMapDataView(&section, &addr, KE_HOST_BOUNDARY, false, 0, size, PAGE_READONLY)))
        *base = (PVOID)addr;
    return status;
}

/* NtMapViewOfSection and NtMapViewOfSectionEx, in this process or a child's (whose kernel maps the section's file
 * as this one would). Windows' order: the process, the parameters, where the view may go (its zero bits, then its
 * alignment), the section. A bad allocation type is the Ex form's STATUS_INVALID_PARAMETER. */
static NTSTATUS MmpMapViewForCaller(HANDLE section_handle, HANDLE process, PVOID *user_base, ULONG_PTR zero_bits,
                                    PLARGE_INTEGER user_offset, PSIZE_T user_size, ULONG type, ULONG protect, bool ex)
{
    ULONG rights = MmpProtectionRights(protect);
    ACCESS_MASK access = SECTION_MAP_READ | (rights & MMP_WRITE ? SECTION_MAP_WRITE : 0) |
                         (rights & MMP_EXECUTE ? SECTION_MAP_EXECUTE : 0);
    MMP_SECTION *section = NULL;
    LARGE_INTEGER offset = {0};
    ULONG_PTR base = 0, limit = 0;
    ULONG64 results[PS_CHILD_RESULTS];
    SIZE_T size = 0;
    void *child;
    NTSTATUS status;

    if ((status = PsReferenceTargetProcess(process, PROCESS_VM_OPERATION, &child)))
        return status;
    if (type & ~(ULONG)(MEM_RESERVE | MEM_TOP_DOWN | MEM_LARGE_PAGES))
        status = ex ? STATUS_INVALID_PARAMETER : STATUS_INVALID_PARAMETER_9;
    else if (KeReadUser(&base, (ULONG_PTR *)user_base) || KeReadUser(&size, user_size) ||
             (user_offset && KeReadUser(&offset, user_offset)) || KeProbeForWrite(user_base, sizeof(base)) ||
             KeProbeForWrite(user_size, sizeof(size)))
        status = STATUS_ACCESS_VIOLATION;
    else if (MmpZeroBitsLimit(zero_bits, &limit) || (base && base >= limit))
        status = STATUS_INVALID_PARAMETER_4;
    else if (base & (MM_ALLOCATION_GRANULARITY - 1))
        status = STATUS_MAPPED_ALIGNMENT;
    else
        status = ObReferenceObjectByHandle(section_handle, access, &MmSectionObjectType, (void **)&section);
    if (child) {
        ULONG64 arguments[9] = {0};
        if (section)
            memcpy(arguments, (ULONG64[]){section->Attributes, section->Protect, section->Size, base, limit,
                                          (ULONG64)offset.QuadPart, size, type, protect},
                   sizeof(arguments));
        status = MmpCallChild(child, status, MMP_CHILD_MAP_VIEW, arguments, 9, section ? section->Fd : -1, results);
        base = results[0];
        size = results[1];
    } else if (!status) {
        status = MmpMapView(section, &base, limit, (ULONG64)offset.QuadPart, &size, type, protect);
    }
    if (section)
        ObDereferenceObject(section);
    if (NT_SUCCESS(status) && (KeWriteUser((ULONG_PTR *)user_base, base) || KeWriteUser(user_size, size))) {
        if (!child)
            MmpUnmapView(base);
        return STATUS_ACCESS_VIOLATION;
    }
    return status;
}

NTSTATUS NTAPI NtMapViewOfSection(HANDLE SectionHandle, HANDLE ProcessHandle, PVOID *BaseAddress, ULONG_PTR ZeroBits,
                                  SIZE_T CommitSize, PLARGE_INTEGER SectionOffset, PSIZE_T ViewSize,
                                  SECTION_INHERIT InheritDisposition, ULONG AllocationType, ULONG Win32Protect)
{
    (void)CommitSize; /* every page of a committed section's view is committed */
    if (InheritDisposition != ViewShare && InheritDisposition != ViewUnmap)
        return STATUS_INVALID_PARAMETER_8;
    return MmpMapViewForCaller(SectionHandle, ProcessHandle, BaseAddress, ZeroBits, SectionOffset, ViewSize,
                               AllocationType, Win32Protect, false);
}

NTSTATUS NTAPI NtMapViewOfSectionEx(HANDLE SectionHandle, HANDLE ProcessHandle, PVOID *BaseAddress,
                                    PLARGE_INTEGER SectionOffset, PSIZE_T ViewSize, ULONG AllocationType,
                                    ULONG Win32Protect, MEM_EXTENDED_PARAMETER *ExtendedParameters,
                                    ULONG ExtendedParameterCount)
{
    if (ExtendedParameterCount)
        return KeReportNotImplemented("NtMapViewOfSectionEx with extended parameters");
    return MmpMapViewForCaller(SectionHandle, ProcessHandle, BaseAddress, 0, SectionOffset, ViewSize, AllocationType,
                               Win32Protect, true);
}

NTSTATUS NTAPI NtUnmapViewOfSection(HANDLE ProcessHandle, PVOID BaseAddress)
{
    ULONG64 results[PS_CHILD_RESULTS];
    void *child;
    NTSTATUS status = PsReferenceTargetProcess(ProcessHandle, PROCESS_VM_OPERATION, &child);

    if (status)
        return status;
    if (child)
        return MmpCallChild(child, STATUS_SUCCESS, MMP_CHILD_UNMAP_VIEW, (ULONG64[]){(ULONG_PTR)BaseAddress}, 1, -1,
                            results);
    return MmpUnmapView((ULONG_PTR)BaseAddress);
}

NTSTATUS NTAPI NtUnmapViewOfSectionEx(HANDLE ProcessHandle, PVOID BaseAddress, ULONG Flags)
{
    if (Flags & ~3u) /* MEM_UNMAP_WITH_TRANSIENT_BOOST, MEM_PRESERVE_PLACEHOLDER */
        return STATUS_INVALID_PARAMETER;
    if (Flags & 2)
        return KeReportNotImplemented("NtUnmapViewOfSectionEx with MEM_PRESERVE_PLACEHOLDER");
    return NtUnmapViewOfSection(ProcessHandle, BaseAddress);
}

/* In a child: a view its creator maps of a section whose file came with the call, or one it unmaps. */
void MmpServeViewRequest(const PS_CHILD_REQUEST *request, int fd, PS_CHILD_REPLY *reply)
{
    const ULONG64 *a = request->Arguments;
    MMP_SECTION section = {.Fd = fd, .Attributes = (ULONG)a[0], .Protect = (ULONG)a[1], .Size = a[2]};
    ULONG_PTR base = a[3];
    SIZE_T size = a[6];

    if (request->Function == MMP_CHILD_UNMAP_VIEW) {
        reply->Status = MmpUnmapView(a[0]);
        return;
    }
    reply->Status = fd < 0 ? STATUS_INVALID_HANDLE
                           : MmpMapView(&section, &base, a[4], a[5], &size, (ULONG)a[7], (ULONG)a[8]);
    reply->Results[0] = base;
    reply->Results[1] = size;
}

void MmServeChildRequest(const PS_CHILD_REQUEST *request, int fd, PS_CHILD_REPLY *reply)
{
    if (request->Function == MMP_CHILD_MAP_VIEW || request->Function == MMP_CHILD_UNMAP_VIEW)
        MmpServeViewRequest(request, fd, reply);
    else if (request->Function >= MMP_CHILD_ALLOCATE && request->Function <= MMP_CHILD_QUERY)
        MmpServeMemoryRequest(request, reply);
    else
        reply->Status = STATUS_INVALID_PARAMETER;
}

void MmDescribeImage(const MM_IMAGE_INFO *image, ULONG_PTR base, SECTION_IMAGE_INFORMATION *info)
{
    memset(info, 0, sizeof(*info));
    info->TransferAddress = image->EntryPoint ? (PVOID)(base + image->EntryPoint) : NULL;
    info->MaximumStackSize = image->StackReserve;
    info->CommittedStackSize = image->StackCommit;
    info->SubSystemType = image->Subsystem;
    info->SubSystemMajorVersion = image->SubsystemMajor;
    info->SubSystemMinorVersion = image->SubsystemMinor;
    info->MajorOperatingSystemVersion = image->OsMajor;
    info->MinorOperatingSystemVersion = image->OsMinor;
    info->ImageCharacteristics = image->Characteristics;
    info->DllCharacteristics = image->DllCharacteristics;
    info->Machine = image->Machine;
    info->ImageContainsCode = image->ContainsCode;
    info->LoaderFlags = image->LoaderFlags;
    info->ImageFileSize = image->FileSize;
    info->CheckSum = image->CheckSum;
}

NTSTATUS NTAPI NtQuerySection(HANDLE SectionHandle, SECTION_INFORMATION_CLASS SectionInformationClass,
                              PVOID SectionInformation, SIZE_T SectionInformationLength, SIZE_T *ResultLength)
{
    union {
        SECTION_BASIC_INFORMATION basic;
        SECTION_IMAGE_INFORMATION image;
    } info;
    MMP_SECTION *section;
    SIZE_T size;
    NTSTATUS status;

    if (SectionInformationClass != SectionBasicInformation && SectionInformationClass != SectionImageInformation)
        return STATUS_INVALID_INFO_CLASS;
    size = SectionInformationClass == SectionBasicInformation ? sizeof(info.basic) : sizeof(info.image);
    if (SectionInformationLength < size)
        return STATUS_INFO_LENGTH_MISMATCH;
    if ((status = ObReferenceObjectByHandle(SectionHandle, SECTION_QUERY, &MmSectionObjectType, (void **)&section)))
        return status;
    memset(&info, 0, sizeof(info));
    if (SectionInformationClass == SectionBasicInformation) {
        info.basic.Attributes = section->Attributes;
        info.basic.Size.QuadPart = (LONGLONG)section->Size;
    } else if (!(section->Attributes & SEC_IMAGE)) {
        status = STATUS_SECTION_NOT_IMAGE;
    } else {
        MmDescribeImage(&section->Image, section->Image.ImageBase, &info.image);
    }
    ObDereferenceObject(section);
    if (status)
        return status;
    if (KeCopyToUser(SectionInformation, &info, size) || (ResultLength && KeWriteUser(ResultLength, size)))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}
