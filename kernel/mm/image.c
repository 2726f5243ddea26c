/* The image mapper: checks a PE x86-64 file, lays it out as the loader expects, relocates it and maps it
 * with section protections (the work of NtCreateSection(SEC_IMAGE) + NtMapViewOfSection). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include "host/host.h"
#include "ke/ke.h"
#include "mm/mmp.h"

#define MMP_MAX_IMAGE_SIZE 0x80000000u   /* 2 GiB, as Windows */
#define MMP_MAX_SECTIONS 96              /* Windows' limit */
#define MMP_MAX_STACK_RESERVE (64ull << 30)
#define MMP_MAX_IMPORT_NAME 4096


static NTSTATUS MmpFail(char *err, size_t errlen, NTSTATUS status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static NTSTATUS MmpFail(char *err, size_t errlen, NTSTATUS status, const char *fmt, ...)
{
    va_list ap;
    if (err && errlen) {
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return status;
}

/* Whether [offset, offset+len) fits in a buffer of size bytes, without overflow. */
static bool MmpFits(ULONG64 offset, ULONG64 len, ULONG64 size)
{
    return offset <= size && len <= size - offset;
}

static bool MmpIsPowerOfTwo(ULONG v)
{
    return v && !(v & (v - 1));
}

static ULONG64 MmpAlign(ULONG64 v, ULONG64 a)
{
    return (v + a - 1) & ~(a - 1);
}

NTSTATUS MmpParseImage(const void *file, size_t size, MM_IMAGE_INFO *info, char *err, size_t errlen)
{
    const unsigned char *data = file;
    IMAGE_DOS_HEADER dos;
    IMAGE_FILE_HEADER fh;
    IMAGE_OPTIONAL_HEADER64 opt;
    ULONG64 nt_offset, opt_offset, sec_offset, prev_end;
    ULONG dirs, min_opt = (ULONG)offsetof(IMAGE_OPTIONAL_HEADER64, DataDirectory);
    DWORD signature;

    memset(info, 0, sizeof(*info));
    if (size < sizeof(dos))
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_NOT_MZ, "file of %zu bytes is too small for a DOS header", size);
    memcpy(&dos, data, sizeof(dos));
    if (dos.e_magic != IMAGE_DOS_SIGNATURE)
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_NOT_MZ, "no MZ signature");
    nt_offset = (ULONG64)(ULONG)dos.e_lfanew;
    if (dos.e_lfanew < 0 || !MmpFits(nt_offset, sizeof(signature) + sizeof(fh), size))
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "PE header offset %#x is outside the file",
                       (unsigned)dos.e_lfanew);
    memcpy(&signature, data + nt_offset, sizeof(signature));
    if (signature != IMAGE_NT_SIGNATURE)
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "no PE signature at offset %#llx",
                       (unsigned long long)nt_offset);
    memcpy(&fh, data + nt_offset + sizeof(signature), sizeof(fh));
    if (fh.Machine != IMAGE_FILE_MACHINE_AMD64)
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "machine type %#x is not x86-64", fh.Machine);
    if (fh.SizeOfOptionalHeader < min_opt)
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "optional header of %u bytes is too small",
                       fh.SizeOfOptionalHeader);
    opt_offset = nt_offset + sizeof(signature) + sizeof(fh);
    if (!MmpFits(opt_offset, fh.SizeOfOptionalHeader, size))
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "optional header runs past the end of the file");
    memset(&opt, 0, sizeof(opt));
    memcpy(&opt, data + opt_offset, fh.SizeOfOptionalHeader < sizeof(opt) ? fh.SizeOfOptionalHeader : sizeof(opt));
    if (opt.Magic != IMAGE_NT_OPTIONAL_HDR64_MAGIC)
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "optional header magic %#x is not PE32+", opt.Magic);

    dirs = opt.NumberOfRvaAndSizes < IMAGE_NUMBEROF_DIRECTORY_ENTRIES ? opt.NumberOfRvaAndSizes
                                                                       : IMAGE_NUMBEROF_DIRECTORY_ENTRIES;
    if (min_opt + dirs * sizeof(IMAGE_DATA_DIRECTORY) > fh.SizeOfOptionalHeader)
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "%u data directories do not fit the optional header",
                       dirs);
    if (!MmpIsPowerOfTwo(opt.FileAlignment) || opt.FileAlignment > 0x10000)
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "file alignment %#x is invalid", opt.FileAlignment);
    if (!MmpIsPowerOfTwo(opt.SectionAlignment) || opt.SectionAlignment < opt.FileAlignment ||
        (opt.SectionAlignment < MM_PAGE_SIZE && opt.SectionAlignment != opt.FileAlignment))
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "section alignment %#x is invalid (file alignment %#x)",
                       opt.SectionAlignment, opt.FileAlignment);
    if (!opt.SizeOfImage || opt.SizeOfImage > MMP_MAX_IMAGE_SIZE)
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "image size %#x is invalid", opt.SizeOfImage);
    if (!opt.SizeOfHeaders || opt.SizeOfHeaders > opt.SizeOfImage || opt.SizeOfHeaders > size)
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT,
                       "header size %#x does not fit the image (%#x) or the file (%zu bytes)", opt.SizeOfHeaders,
                       opt.SizeOfImage, size);
    if (opt.ImageBase & (MM_ALLOCATION_GRANULARITY - 1) || opt.ImageBase >= MM_HIGHEST_USER_ADDRESS ||
        opt.ImageBase + opt.SizeOfImage > MM_HIGHEST_USER_ADDRESS)
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "image base %#llx is invalid",
                       (unsigned long long)opt.ImageBase);
    if (opt.AddressOfEntryPoint >= opt.SizeOfImage)
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "entry point %#x is outside the image",
                       opt.AddressOfEntryPoint);
    if (opt.Subsystem != IMAGE_SUBSYSTEM_NATIVE && opt.Subsystem != IMAGE_SUBSYSTEM_WINDOWS_GUI &&
        opt.Subsystem != IMAGE_SUBSYSTEM_WINDOWS_CUI)
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "subsystem %u is not a Windows one", opt.Subsystem);
    if (opt.SizeOfStackReserve > MMP_MAX_STACK_RESERVE || opt.SizeOfStackCommit > MMP_MAX_STACK_RESERVE)
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "stack size %#llx is absurd",
                       (unsigned long long)opt.SizeOfStackReserve);

    if (fh.NumberOfSections > MMP_MAX_SECTIONS)
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "%u sections (Windows allows %u)",
                       fh.NumberOfSections, MMP_MAX_SECTIONS);
    sec_offset = opt_offset + fh.SizeOfOptionalHeader;
    if (!MmpFits(sec_offset, (ULONG64)fh.NumberOfSections * sizeof(IMAGE_SECTION_HEADER), size) ||
        sec_offset + (ULONG64)fh.NumberOfSections * sizeof(IMAGE_SECTION_HEADER) > opt.SizeOfImage)
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "section table runs past the end of the file");

    prev_end = MmpAlign(opt.SizeOfHeaders, opt.SectionAlignment);
    for (ULONG i = 0; i < fh.NumberOfSections; i++) {
        IMAGE_SECTION_HEADER s;
        ULONG64 vsize, raw;
        memcpy(&s, data + sec_offset + i * sizeof(s), sizeof(s));
        vsize = s.VirtualSize ? s.VirtualSize : s.SizeOfRawData;
        raw = s.SizeOfRawData < vsize ? s.SizeOfRawData : vsize;
        if (s.VirtualAddress & (opt.SectionAlignment - 1))
            return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "section %u (%.8s) is not aligned: %#x", i, s.Name,
                           s.VirtualAddress);
        if (s.VirtualAddress < prev_end)
            return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "section %u (%.8s) at %#x overlaps what precedes it",
                           i, s.Name, s.VirtualAddress);
        if (!MmpFits(s.VirtualAddress, vsize, opt.SizeOfImage))
            return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "section %u (%.8s) ends outside the image", i,
                           s.Name);
        if (raw && !MmpFits(s.PointerToRawData, raw, size))
            return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "section %u (%.8s) data lies outside the file", i,
                           s.Name);
        prev_end = MmpAlign((ULONG64)s.VirtualAddress + vsize, opt.SectionAlignment);
        if (s.Characteristics & IMAGE_SCN_CNT_CODE)
            info->ContainsCode = true;
    }

    for (ULONG i = 0; i < dirs; i++) {
        IMAGE_DATA_DIRECTORY d = opt.DataDirectory[i];
        if (i == IMAGE_DIRECTORY_ENTRY_SECURITY || !d.Size)
            continue; /* the certificate table is a file offset, not an RVA */
        if (!MmpFits(d.VirtualAddress, d.Size, opt.SizeOfImage))
            return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "data directory %u (%#x, %#x bytes) is outside the image",
                           i, d.VirtualAddress, d.Size);
        info->Directories[i] = d;
    }

    info->ImageBase = opt.ImageBase;
    info->SizeOfImage = opt.SizeOfImage;
    info->SizeOfHeaders = opt.SizeOfHeaders;
    info->EntryPoint = opt.AddressOfEntryPoint;
    info->SectionAlignment = opt.SectionAlignment;
    info->Machine = fh.Machine;
    info->Characteristics = fh.Characteristics;
    info->DllCharacteristics = opt.DllCharacteristics;
    info->Subsystem = opt.Subsystem;
    info->SubsystemMajor = opt.MajorSubsystemVersion;
    info->SubsystemMinor = opt.MinorSubsystemVersion;
    info->OsMajor = opt.MajorOperatingSystemVersion;
    info->OsMinor = opt.MinorOperatingSystemVersion;
    info->LoaderFlags = opt.LoaderFlags;
    info->CheckSum = opt.CheckSum;
    info->FileSize = (ULONG)size;
    info->StackReserve = opt.SizeOfStackReserve ? opt.SizeOfStackReserve : 0x100000;
    info->StackCommit = opt.SizeOfStackCommit ? opt.SizeOfStackCommit : MM_PAGE_SIZE;
    if (info->StackCommit > info->StackReserve)
        info->StackReserve = MmpAlign(info->StackCommit, 0x100000);
    info->NumberOfSections = fh.NumberOfSections;
    info->Sections = (const IMAGE_SECTION_HEADER *)(data + sec_offset);
    return STATUS_SUCCESS;
}

static NTSTATUS MmpRelocate(unsigned char *image, const MM_IMAGE_INFO *info, LONGLONG delta, char *err, size_t errlen)
{
    IMAGE_DATA_DIRECTORY dir = info->Directories[IMAGE_DIRECTORY_ENTRY_BASERELOC];
    ULONG offset = 0;

    if (info->Characteristics & IMAGE_FILE_RELOCS_STRIPPED)
        return MmpFail(err, errlen, STATUS_CONFLICTING_ADDRESSES,
                       "its relocations were stripped and its base %#llx is taken", (unsigned long long)info->ImageBase);
    while (offset < dir.Size) {
        IMAGE_BASE_RELOCATION block;
        ULONG entries;

        if (dir.Size - offset < sizeof(block))
            return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "truncated relocation block at %#x",
                           dir.VirtualAddress + offset);
        memcpy(&block, image + dir.VirtualAddress + offset, sizeof(block));
        if (block.SizeOfBlock < sizeof(block) || block.SizeOfBlock > dir.Size - offset || block.SizeOfBlock & 1)
            return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "relocation block at %#x has size %#x",
                           dir.VirtualAddress + offset, block.SizeOfBlock);
        if (block.VirtualAddress >= info->SizeOfImage)
            return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "relocation block for page %#x outside the image",
                           block.VirtualAddress);
        entries = (block.SizeOfBlock - (ULONG)sizeof(block)) / 2;
        for (ULONG i = 0; i < entries; i++) {
            USHORT entry;
            ULONG64 target;
            memcpy(&entry, image + dir.VirtualAddress + offset + sizeof(block) + i * 2, 2);
            target = (ULONG64)block.VirtualAddress + (entry & 0xfff);
            switch (entry >> 12) {
            case IMAGE_REL_BASED_ABSOLUTE:
                break;
            case IMAGE_REL_BASED_DIR64: {
                ULONG64 v;
                if (!MmpFits(target, 8, info->SizeOfImage))
                    return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "relocation at %#llx outside the image",
                                   (unsigned long long)target);
                memcpy(&v, image + target, 8);
                v += (ULONG64)delta;
                memcpy(image + target, &v, 8);
                break;
            }
            case IMAGE_REL_BASED_HIGHLOW: {
                ULONG v;
                if (!MmpFits(target, 4, info->SizeOfImage))
                    return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "relocation at %#llx outside the image",
                                   (unsigned long long)target);
                memcpy(&v, image + target, 4);
                v += (ULONG)delta;
                memcpy(image + target, &v, 4);
                break;
            }
            default:
                return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "relocation type %u at %#llx is not for x86-64",
                               entry >> 12, (unsigned long long)target);
            }
        }
        offset += block.SizeOfBlock;
    }
    return STATUS_SUCCESS;
}

/* A NUL-terminated string at rva, wholly inside the image and at most max bytes long. */
static bool MmpStringValid(const unsigned char *image, const MM_IMAGE_INFO *info, ULONG64 rva, size_t max)
{
    if (rva >= info->SizeOfImage)
        return false;
    size_t room = info->SizeOfImage - rva;
    return memchr(image + rva, 0, room < max ? room : max) != NULL;
}

static NTSTATUS MmpCheckImports(const unsigned char *image, const MM_IMAGE_INFO *info, char *err, size_t errlen)
{
    IMAGE_DATA_DIRECTORY dir = info->Directories[IMAGE_DIRECTORY_ENTRY_IMPORT];

    if (!dir.Size)
        return STATUS_SUCCESS;
    for (ULONG offset = 0;; offset += sizeof(IMAGE_IMPORT_DESCRIPTOR)) {
        IMAGE_IMPORT_DESCRIPTOR d;
        ULONG lookup;

        if (!MmpFits((ULONG64)dir.VirtualAddress + offset, sizeof(d), info->SizeOfImage))
            return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "import directory at %#x has no terminating entry",
                           dir.VirtualAddress);
        memcpy(&d, image + dir.VirtualAddress + offset, sizeof(d));
        if (!d.Name && !d.FirstThunk)
            return STATUS_SUCCESS;
        if (!MmpStringValid(image, info, d.Name, MMP_MAX_IMPORT_NAME))
            return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "import entry %u has a bad DLL name (%#x)",
                           offset / (ULONG)sizeof(d), d.Name);
        lookup = d.OriginalFirstThunk ? d.OriginalFirstThunk : d.FirstThunk;
        for (ULONG64 i = 0;; i++) {
            ULONG64 thunk;
            if (!MmpFits((ULONG64)lookup + i * 8, 8, info->SizeOfImage) ||
                !MmpFits((ULONG64)d.FirstThunk + i * 8, 8, info->SizeOfImage))
                return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "imports from %s run outside the image",
                               (const char *)image + d.Name);
            memcpy(&thunk, image + lookup + i * 8, 8);
            if (!thunk)
                break;
            if (!(thunk & IMAGE_ORDINAL_FLAG64) &&
                (thunk >= info->SizeOfImage || !MmpStringValid(image, info, thunk + 2, MMP_MAX_IMPORT_NAME)))
                return MmpFail(err, errlen, STATUS_INVALID_IMAGE_FORMAT, "import %llu from %s has a bad name (%#llx)",
                               (unsigned long long)i, (const char *)image + d.Name, (unsigned long long)thunk);
        }
    }
}

NTSTATUS MmpLayoutImage(const void *file, size_t size, const MM_IMAGE_INFO *info, void *dest, ULONG_PTR load_base,
                        char *err, size_t errlen)
{
    unsigned char *image = dest;
    NTSTATUS status;

    (void)size;
    memcpy(image, file, info->SizeOfHeaders);
    for (ULONG i = 0; i < info->NumberOfSections; i++) {
        IMAGE_SECTION_HEADER s;
        ULONG64 vsize, raw;
        memcpy(&s, &info->Sections[i], sizeof(s));
        vsize = s.VirtualSize ? s.VirtualSize : s.SizeOfRawData;
        raw = s.SizeOfRawData < vsize ? s.SizeOfRawData : vsize;
        if (raw)
            memcpy(image + s.VirtualAddress, (const unsigned char *)file + s.PointerToRawData, raw);
    }
    if (load_base != info->ImageBase &&
        (status = MmpRelocate(image, info, (LONGLONG)(load_base - info->ImageBase), err, errlen)))
        return status;
    return MmpCheckImports(image, info, err, errlen);
}

static ULONG MmpSectionProtection(ULONG characteristics)
{
    bool r = characteristics & IMAGE_SCN_MEM_READ, w = characteristics & IMAGE_SCN_MEM_WRITE,
         x = characteristics & IMAGE_SCN_MEM_EXECUTE;
    if (x)
        return w ? PAGE_EXECUTE_WRITECOPY : r ? PAGE_EXECUTE_READ : PAGE_EXECUTE;
    if (w)
        return PAGE_WRITECOPY;
    return r ? PAGE_READONLY : PAGE_NOACCESS;
}

/* Large images are kept laid out in the prefix, named by the file's identity, so that later loads map them
 * (lazily, shared with other processes) instead of copying every section: mingw's DLLs keep their sections at
 * 512-byte file offsets, where they cannot be mapped from the file itself. Only images at their own base are
 * kept (nothing in them is relocated), and only where the prefix's file system may hold executable pages. */
#define MMP_CACHED_IMAGE_SIZE (64 * 1024)

static bool MmpImageCachePath(const struct stat *st, const MM_IMAGE_INFO *info, char *path, size_t size)
{
    struct statvfs vfs;
    char dir[4096];

    if (info->SizeOfImage < MMP_CACHED_IMAGE_SIZE || info->SectionAlignment < MM_PAGE_SIZE)
        return false;
    snprintf(dir, sizeof(dir), "%s/cache/images", HostPrefixPath());
    if (HostMakeDirectories(dir) || statvfs(dir, &vfs) || vfs.f_flag & ST_NOEXEC)
        return false;
    snprintf(path, size, "%s/%llx-%llx-%llx.%09ld-%llx", dir, (unsigned long long)st->st_dev,
             (unsigned long long)st->st_ino, (unsigned long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
             (unsigned long long)st->st_size);
    return true;
}

/* Map the kept layout over the reserved range; false when there is none, or it is not this image's (its size
 * or its headers differ from the file's). */
static bool MmpMapCachedImage(const char *path, const void *file, const MM_IMAGE_INFO *info, ULONG_PTR base,
                              size_t size)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    bool mapped = false;

    if (fd < 0)
        return false;
    if (!fstat(fd, &st) && (size_t)st.st_size == size)
        mapped = mmap((void *)base, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0) != MAP_FAILED;
    close(fd);
    if (mapped && memcmp((const void *)base, file, info->SizeOfHeaders)) {
        /* Not this image's after all: back to an empty reservation, laid out afresh. */
        mmap((void *)base, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
        mapped = false;
    }
    return mapped;
}

/* Keep a fresh layout for the next load: written aside, then renamed, so that no reader sees half of it. */
static void MmpKeepImage(const char *path, const void *image, size_t size)
{
    char temporary[4300];
    int fd, failed;

    snprintf(temporary, sizeof(temporary), "%s.%d", path, (int)getpid());
    if ((fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0)
        return;
    failed = HostWriteAll(fd, image, size);
    if (close(fd) || failed || rename(temporary, path))
        unlink(temporary);
}

/* win32u.dll's stubs are the Windows build's they came with (Wine's number the services its own way): each
 * "mov r10, rcx; mov eax, number" stub exported by a service's name gets the number win32k's table has for it,
 * so that the stubs of any win32u.dll reach the services they are named after. A stub whose name the table lacks
 * keeps its number, which reaches no service or another (STATUS_NOT_IMPLEMENTED either way, named in the trace),
 * and so does one of another shape. */
static void MmpBindWin32kStubs(unsigned char *image, const MM_IMAGE_INFO *info)
{
    IMAGE_DATA_DIRECTORY dir = info->Directories[IMAGE_DIRECTORY_ENTRY_EXPORT];
    static const unsigned char stub[] = {0x4c, 0x8b, 0xd1, 0xb8};
    IMAGE_EXPORT_DIRECTORY exports;

    if (!dir.Size || !MmpFits(dir.VirtualAddress, sizeof(exports), info->SizeOfImage))
        return;
    memcpy(&exports, image + dir.VirtualAddress, sizeof(exports));
    if (!MmpStringValid(image, info, exports.Name, MMP_MAX_IMPORT_NAME) ||
        strcasecmp((const char *)image + exports.Name, "win32u.dll") ||
        !MmpFits(exports.AddressOfNames, (ULONG64)exports.NumberOfNames * 4, info->SizeOfImage) ||
        !MmpFits(exports.AddressOfNameOrdinals, (ULONG64)exports.NumberOfNames * 2, info->SizeOfImage))
        return;
    for (ULONG i = 0; i < exports.NumberOfNames; i++) {
        ULONG name, function, number;
        USHORT ordinal;

        memcpy(&name, image + exports.AddressOfNames + i * 4, 4);
        memcpy(&ordinal, image + exports.AddressOfNameOrdinals + i * 2, 2);
        if (ordinal >= exports.NumberOfFunctions ||
            !MmpFits(exports.AddressOfFunctions + (ULONG64)ordinal * 4, 4, info->SizeOfImage) ||
            !MmpStringValid(image, info, name, MMP_MAX_IMPORT_NAME))
            continue;
        memcpy(&function, image + exports.AddressOfFunctions + ordinal * 4, 4);
        if (!MmpFits(function, sizeof(stub) + 4, info->SizeOfImage) || memcmp(image + function, stub, sizeof(stub)) ||
            !(number = KeWin32kServiceNumber((const char *)image + name)))
            continue;
        memcpy(image + function + sizeof(stub), &number, 4);
    }
}

/* Image files as the parser reads them: each mapped once and kept for the life of the process, so that making
 * a section and mapping its view read one copy, and nothing is unmapped: an unmap costs a TLB flush on every
 * CPU the process runs on. A file that changes has another identity (its time or size) and another view. */
#define MMP_FILE_VIEWS 64

typedef struct {
    dev_t Device;
    ino_t Inode;
    off_t Size;
    struct timespec Modified;
    void *Data;
} MMP_FILE_VIEW;

static MMP_FILE_VIEW MmpFileViews[MMP_FILE_VIEWS];
static int MmpFileViewCount;
static pthread_mutex_t MmpFileViewLock = PTHREAD_MUTEX_INITIALIZER;

void *MmpViewImageFile(int fd, const struct stat *st, bool *owned)
{
    void *data = NULL;

    *owned = false;
    pthread_mutex_lock(&MmpFileViewLock);
    for (int i = 0; i < MmpFileViewCount && !data; i++) {
        MMP_FILE_VIEW *v = &MmpFileViews[i];
        if (v->Device == st->st_dev && v->Inode == st->st_ino && v->Size == st->st_size &&
            v->Modified.tv_sec == st->st_mtim.tv_sec && v->Modified.tv_nsec == st->st_mtim.tv_nsec)
            data = v->Data;
    }
    if (!data && (data = mmap(NULL, (size_t)st->st_size, PROT_READ, MAP_PRIVATE, fd, 0)) != MAP_FAILED) {
        if (MmpFileViewCount < MMP_FILE_VIEWS)
            MmpFileViews[MmpFileViewCount++] =
                (MMP_FILE_VIEW){st->st_dev, st->st_ino, st->st_size, st->st_mtim, data};
        else
            *owned = true; /* no room to keep it: the caller unmaps it */
    }
    pthread_mutex_unlock(&MmpFileViewLock);
    return data == MAP_FAILED ? NULL : data;
}

NTSTATUS MmpMapImage(int fd, ULONG_PTR base, bool exact, MM_IMAGE *image, char *err, size_t errlen)
{
    char cache[4200];
    bool cacheable;
    struct stat st;
    void *file;
    bool owned;
    ULONG *protections;
    size_t pages;
    NTSTATUS status;

    memset(image, 0, sizeof(*image));
    if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size <= 0)
        return MmpFail(err, errlen, STATUS_INVALID_IMAGE_NOT_MZ, "not a regular, non-empty file");
    if (!(file = MmpViewImageFile(fd, &st, &owned)))
        return MmpFail(err, errlen, HostErrnoToStatus(errno), "%s", strerror(errno));

    status = MmpParseImage(file, (size_t)st.st_size, &image->Info, err, errlen);
    if (status)
        goto out;
    base = MmpReserveView(base ? base : image->Info.ImageBase, image->Info.SizeOfImage, exact, KE_HOST_BOUNDARY, false);
    if (!base) {
        status = exact ? MmpFail(err, errlen, STATUS_CONFLICTING_ADDRESSES, "the address asked for is taken")
                       : MmpFail(err, errlen, STATUS_NO_MEMORY, "no room for %#x bytes", image->Info.SizeOfImage);
        goto out;
    }
    cacheable = base == image->Info.ImageBase && MmpImageCachePath(&st, &image->Info, cache, sizeof(cache));
    size_t span = MmpAlign(image->Info.SizeOfImage, MM_PAGE_SIZE);
    if (cacheable && MmpMapCachedImage(cache, file, &image->Info, base, span))
        status = MmpCheckImports((unsigned char *)base, &image->Info, err, errlen);
    else {
        mprotect((void *)base, image->Info.SizeOfImage, PROT_READ | PROT_WRITE);
        status = MmpLayoutImage(file, (size_t)st.st_size, &image->Info, (void *)base, base, err, errlen);
        if (!status && cacheable)
            MmpKeepImage(cache, (const void *)base, span);
    }
    if (status) {
        munmap((void *)base, image->Info.SizeOfImage);
        goto out;
    }
    MmpBindWin32kStubs((unsigned char *)base, &image->Info);

    /* Protections as Windows reports them: headers read-only, each section by its flags. Images whose
     * sections are not page-aligned are one copy-on-write executable range. */
    pages = MmpAlign(image->Info.SizeOfImage, MM_PAGE_SIZE) / MM_PAGE_SIZE;
    protections = HostAlloc(pages * sizeof(ULONG));
    for (size_t i = 0; i < pages; i++)
        protections[i] = image->Info.SectionAlignment < MM_PAGE_SIZE ? PAGE_EXECUTE_WRITECOPY : PAGE_NOACCESS;
    if (image->Info.SectionAlignment >= MM_PAGE_SIZE) {
        for (size_t i = 0; i < MmpAlign(image->Info.SizeOfHeaders, MM_PAGE_SIZE) / MM_PAGE_SIZE; i++)
            protections[i] = PAGE_READONLY;
        for (ULONG s = 0; s < image->Info.NumberOfSections; s++) {
            IMAGE_SECTION_HEADER h;
            memcpy(&h, &image->Info.Sections[s], sizeof(h));
            ULONG64 vsize = h.VirtualSize ? h.VirtualSize : h.SizeOfRawData;
            ULONG64 end = MmpAlign((ULONG64)h.VirtualAddress + vsize, MM_PAGE_SIZE);
            for (ULONG64 p = h.VirtualAddress / MM_PAGE_SIZE; p < end / MM_PAGE_SIZE && p < pages; p++)
                protections[p] = MmpSectionProtection(h.Characteristics);
        }
    }
    status = MmpRegisterView(base, pages * MM_PAGE_SIZE, MEM_IMAGE, PAGE_EXECUTE_WRITECOPY, protections, fd);
    free(protections);
    image->Base = (PVOID)base;
    image->Relocated = base != image->Info.ImageBase;
out:
    image->Info.Sections = NULL; /* pointed into the file's view */
    if (owned)
        munmap(file, (size_t)st.st_size);
    return status;
}

NTSTATUS MmMapImageFile(const char *path, MM_IMAGE *image, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    NTSTATUS status;

    if (fd < 0) {
        memset(image, 0, sizeof(*image));
        return MmpFail(err, errlen, HostErrnoToStatus(errno), "%s", strerror(errno));
    }
    status = MmpMapImage(fd, 0, false, image, err, errlen);
    close(fd);
    return status;
}

PVOID MmFindExport(const MM_IMAGE *image, const char *name)
{
    const unsigned char *base = image->Base;
    IMAGE_DATA_DIRECTORY dir = image->Info.Directories[IMAGE_DIRECTORY_ENTRY_EXPORT];
    IMAGE_EXPORT_DIRECTORY exp;
    ULONG size = image->Info.SizeOfImage;

    if (!dir.Size || !MmpFits(dir.VirtualAddress, sizeof(exp), size))
        return NULL;
    memcpy(&exp, base + dir.VirtualAddress, sizeof(exp));
    if (!MmpFits(exp.AddressOfNames, (ULONG64)exp.NumberOfNames * 4, size) ||
        !MmpFits(exp.AddressOfNameOrdinals, (ULONG64)exp.NumberOfNames * 2, size) ||
        !MmpFits(exp.AddressOfFunctions, (ULONG64)exp.NumberOfFunctions * 4, size))
        return NULL;
    for (ULONG i = 0; i < exp.NumberOfNames; i++) {
        ULONG name_rva;
        USHORT ordinal;
        ULONG func;
        memcpy(&name_rva, base + exp.AddressOfNames + i * 4, 4);
        if (!MmpStringValid(base, &image->Info, name_rva, 256) || strcmp((const char *)base + name_rva, name))
            continue;
        memcpy(&ordinal, base + exp.AddressOfNameOrdinals + i * 2, 2);
        if (ordinal >= exp.NumberOfFunctions)
            return NULL;
        memcpy(&func, base + exp.AddressOfFunctions + ordinal * 4, 4);
        return func && func < size ? (PVOID)(base + func) : NULL;
    }
    return NULL;
}
