/* The image parser and layout (kernel/mm/image.c) on a small PE built here, valid and broken each way. */
#include <stdlib.h>
#include <string.h>
#include "mm/mm.h"
#include "unit.h"

#define FILE_SIZE 0x600
#define IMAGE_SIZE 0x3000
#define NT_OFFSET 0x40

/* One valid image: .text at 0x1000 (with an absolute pointer at +0x10 and an import of ntdll!NtClose) and
 * .reloc at 0x2000 relocating that pointer. */
static void BuildImage(unsigned char *f)
{
    IMAGE_DOS_HEADER dos = {.e_magic = IMAGE_DOS_SIGNATURE, .e_lfanew = NT_OFFSET};
    IMAGE_NT_HEADERS64 nt = {.Signature = IMAGE_NT_SIGNATURE};
    IMAGE_SECTION_HEADER text = {.Name = ".text", .VirtualSize = 0x200, .VirtualAddress = 0x1000,
                                 .SizeOfRawData = 0x200, .PointerToRawData = 0x200,
                                 .Characteristics = IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ};
    IMAGE_SECTION_HEADER reloc = {.Name = ".reloc", .VirtualSize = 0x200, .VirtualAddress = 0x2000,
                                  .SizeOfRawData = 0x200, .PointerToRawData = 0x400,
                                  .Characteristics = IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ};
    IMAGE_IMPORT_DESCRIPTOR imports[2] = {{.OriginalFirstThunk = 0x1180, .Name = 0x11c0, .FirstThunk = 0x1190}};
    IMAGE_BASE_RELOCATION block = {.VirtualAddress = 0x1000, .SizeOfBlock = 12};
    USHORT entries[2] = {(IMAGE_REL_BASED_DIR64 << 12) | 0x10, 0};
    ULONG64 pointer = 0x140001000ull, thunk = 0x11d0;

    memset(f, 0, FILE_SIZE);
    nt.FileHeader.Machine = IMAGE_FILE_MACHINE_AMD64;
    nt.FileHeader.NumberOfSections = 2;
    nt.FileHeader.SizeOfOptionalHeader = sizeof(IMAGE_OPTIONAL_HEADER64);
    nt.FileHeader.Characteristics = IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_LARGE_ADDRESS_AWARE;
    nt.OptionalHeader.Magic = IMAGE_NT_OPTIONAL_HDR64_MAGIC;
    nt.OptionalHeader.AddressOfEntryPoint = 0x1000;
    nt.OptionalHeader.ImageBase = 0x140000000ull;
    nt.OptionalHeader.SectionAlignment = 0x1000;
    nt.OptionalHeader.FileAlignment = 0x200;
    nt.OptionalHeader.SizeOfImage = IMAGE_SIZE;
    nt.OptionalHeader.SizeOfHeaders = 0x200;
    nt.OptionalHeader.Subsystem = IMAGE_SUBSYSTEM_WINDOWS_CUI;
    nt.OptionalHeader.SizeOfStackReserve = 0x100000;
    nt.OptionalHeader.SizeOfStackCommit = 0x1000;
    nt.OptionalHeader.NumberOfRvaAndSizes = IMAGE_NUMBEROF_DIRECTORY_ENTRIES;
    nt.OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT] = (IMAGE_DATA_DIRECTORY){0x1100, sizeof(imports)};
    nt.OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC] = (IMAGE_DATA_DIRECTORY){0x2000, 12};

    memcpy(f, &dos, sizeof(dos));
    memcpy(f + NT_OFFSET, &nt, sizeof(nt));
    memcpy(f + NT_OFFSET + sizeof(nt), &text, sizeof(text));
    memcpy(f + NT_OFFSET + sizeof(nt) + sizeof(text), &reloc, sizeof(reloc));
    memcpy(f + 0x200 + 0x10, &pointer, 8);
    memcpy(f + 0x200 + 0x100, imports, sizeof(imports));
    memcpy(f + 0x200 + 0x180, &thunk, 8);
    memcpy(f + 0x200 + 0x190, &thunk, 8);
    memcpy(f + 0x200 + 0x1c0, "ntdll.dll", 10);
    memcpy(f + 0x200 + 0x1d2, "NtClose", 8);
    memcpy(f + 0x400, &block, sizeof(block));
    memcpy(f + 0x400 + sizeof(block), entries, sizeof(entries));
}

static IMAGE_NT_HEADERS64 *Nt(unsigned char *f)
{
    return (IMAGE_NT_HEADERS64 *)(f + NT_OFFSET);
}

static IMAGE_SECTION_HEADER *Section(unsigned char *f, int i)
{
    return (IMAGE_SECTION_HEADER *)(f + NT_OFFSET + sizeof(IMAGE_NT_HEADERS64)) + i;
}

/* Parse and lay out at load_base; the status of the first step that fails, and its message in err. */
static NTSTATUS Load(const unsigned char *f, size_t size, ULONG_PTR load_base, unsigned char *out, char *err)
{
    MM_IMAGE_INFO info;
    NTSTATUS status = MmpParseImage(f, size, &info, err, 256);
    if (status)
        return status;
    memset(out, 0, IMAGE_SIZE);
    if (info.SizeOfImage > IMAGE_SIZE)
        return STATUS_SUCCESS;
    return MmpLayoutImage(f, size, &info, out, load_base ? load_base : info.ImageBase, err, 256);
}

typedef void (*MUTATE)(unsigned char *f, size_t *size);
static void TruncateHeader(unsigned char *f, size_t *size) { *size = 40; }
static void TruncateSections(unsigned char *f, size_t *size) { *size = 0x300; }
static void NoMz(unsigned char *f, size_t *size) { f[0] = 'X'; }
static void FarLfanew(unsigned char *f, size_t *size) { ((IMAGE_DOS_HEADER *)f)->e_lfanew = 0x7ffffff0; }
static void NegativeLfanew(unsigned char *f, size_t *size) { ((IMAGE_DOS_HEADER *)f)->e_lfanew = -4; }
static void NoPe(unsigned char *f, size_t *size) { Nt(f)->Signature = 0x454e; /* "NE" */ }
static void I386(unsigned char *f, size_t *size) { Nt(f)->FileHeader.Machine = IMAGE_FILE_MACHINE_I386; }
static void Pe32(unsigned char *f, size_t *size) { Nt(f)->OptionalHeader.Magic = IMAGE_NT_OPTIONAL_HDR32_MAGIC; }
static void TinyOptional(unsigned char *f, size_t *size) { Nt(f)->FileHeader.SizeOfOptionalHeader = 16; }
static void TooManyDirs(unsigned char *f, size_t *size)
{
    Nt(f)->FileHeader.SizeOfOptionalHeader = 112 + 8 * 2;
    Nt(f)->OptionalHeader.NumberOfRvaAndSizes = 5;
}
static void ManySections(unsigned char *f, size_t *size) { Nt(f)->FileHeader.NumberOfSections = 0xffff; }
static void SectionPastFile(unsigned char *f, size_t *size) { Section(f, 1)->PointerToRawData = 0x10000; }
static void SectionRawOverflow(unsigned char *f, size_t *size)
{
    Section(f, 1)->PointerToRawData = 0xfffffe00;
    Section(f, 1)->SizeOfRawData = 0x400;
    Section(f, 1)->VirtualSize = 0x400;
}
static void SectionsOverlap(unsigned char *f, size_t *size) { Section(f, 1)->VirtualAddress = 0x1000; }
static void SectionPastImage(unsigned char *f, size_t *size) { Section(f, 1)->VirtualSize = 0x10000; }
static void SectionUnaligned(unsigned char *f, size_t *size) { Section(f, 1)->VirtualAddress = 0x2100; }
static void ZeroImageSize(unsigned char *f, size_t *size) { Nt(f)->OptionalHeader.SizeOfImage = 0; }
static void HugeImage(unsigned char *f, size_t *size) { Nt(f)->OptionalHeader.SizeOfImage = 0xfffff000; }
static void HeadersTooBig(unsigned char *f, size_t *size) { Nt(f)->OptionalHeader.SizeOfHeaders = 0x800; }
static void BadAlignment(unsigned char *f, size_t *size) { Nt(f)->OptionalHeader.SectionAlignment = 0x1001; }
static void FileAlignmentZero(unsigned char *f, size_t *size) { Nt(f)->OptionalHeader.FileAlignment = 0; }
static void UnalignedBase(unsigned char *f, size_t *size) { Nt(f)->OptionalHeader.ImageBase = 0x140001000ull; }
static void KernelBase(unsigned char *f, size_t *size) { Nt(f)->OptionalHeader.ImageBase = 0xffff800000000000ull; }
static void EntryOutside(unsigned char *f, size_t *size) { Nt(f)->OptionalHeader.AddressOfEntryPoint = 0x5000; }
static void EfiSubsystem(unsigned char *f, size_t *size) { Nt(f)->OptionalHeader.Subsystem = 10; }
static void AbsurdStack(unsigned char *f, size_t *size) { Nt(f)->OptionalHeader.SizeOfStackReserve = 1ull << 50; }
static void DirectoryOutside(unsigned char *f, size_t *size)
{
    Nt(f)->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT] = (IMAGE_DATA_DIRECTORY){0x2f00, 0x200};
}
static void BadRelocSize(unsigned char *f, size_t *size)
{
    ((IMAGE_BASE_RELOCATION *)(f + 0x400))->SizeOfBlock = 2;
}
static void RelocPastImage(unsigned char *f, size_t *size)
{
    ((IMAGE_BASE_RELOCATION *)(f + 0x400))->VirtualAddress = 0x2ff0;
}
static void RelocBadType(unsigned char *f, size_t *size)
{
    ((USHORT *)(f + 0x408))[0] = (7 << 12) | 0x10;
}
static void RelocsStripped(unsigned char *f, size_t *size)
{
    Nt(f)->FileHeader.Characteristics |= IMAGE_FILE_RELOCS_STRIPPED;
}
static void ImportNameOutside(unsigned char *f, size_t *size)
{
    ((IMAGE_IMPORT_DESCRIPTOR *)(f + 0x300))->Name = 0x7fffffff;
}
static void ImportUnterminated(unsigned char *f, size_t *size)
{
    /* Valid descriptors from 0x2100 to the very end of a 0x2200-byte image, and no terminating one. */
    Nt(f)->OptionalHeader.SizeOfImage = 0x2200;
    Nt(f)->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT] = (IMAGE_DATA_DIRECTORY){0x2100, 0x100};
    for (unsigned off = 0x500; off + sizeof(IMAGE_IMPORT_DESCRIPTOR) <= 0x600; off += sizeof(IMAGE_IMPORT_DESCRIPTOR))
        memcpy(f + off, f + 0x300, sizeof(IMAGE_IMPORT_DESCRIPTOR));
}
static void ImportThunkOutside(unsigned char *f, size_t *size)
{
    ((IMAGE_IMPORT_DESCRIPTOR *)(f + 0x300))->OriginalFirstThunk = 0x2ffc;
}
static void ImportByBadName(unsigned char *f, size_t *size)
{
    ULONG64 bad = 0x7ffffff0;
    memcpy(f + 0x200 + 0x180, &bad, 8);
}

UNIT_TEST(image_valid_and_relocated)
{
    unsigned char *f = malloc(FILE_SIZE), *image = malloc(IMAGE_SIZE);
    char err[256] = "";
    MM_IMAGE_INFO info;
    ULONG64 pointer;

    BuildImage(f);
    CHECK(MmpParseImage(f, FILE_SIZE, &info, err, sizeof(err)) == STATUS_SUCCESS, "valid image: %s", err);
    CHECK(info.ImageBase == 0x140000000ull && info.SizeOfImage == IMAGE_SIZE && info.EntryPoint == 0x1000 &&
              info.NumberOfSections == 2 && info.Subsystem == IMAGE_SUBSYSTEM_WINDOWS_CUI,
          "parsed fields");
    CHECK(Load(f, FILE_SIZE, 0, image, err) == STATUS_SUCCESS, "layout at the preferred base: %s", err);
    memcpy(&pointer, image + 0x1010, 8);
    CHECK(pointer == 0x140001000ull, "no relocation at the preferred base");
    CHECK(!memcmp(image + 0x11c0, "ntdll.dll", 10), "section data laid out at its RVA");
    CHECK(Load(f, FILE_SIZE, 0x7000000000ull, image, err) == STATUS_SUCCESS, "layout elsewhere: %s", err);
    memcpy(&pointer, image + 0x1010, 8);
    CHECK(pointer == 0x7000001000ull, "DIR64 relocated: %#llx", (unsigned long long)pointer);
    free(f);
    free(image);
}

UNIT_TEST(image_malformed)
{
    static const struct {
        const char *name;
        MUTATE mutate;
        ULONG_PTR load_base;
        NTSTATUS status;
        const char *message;
    } cases[] = {
        {"truncated header", TruncateHeader, 0, STATUS_INVALID_IMAGE_NOT_MZ, "too small"},
        {"truncated sections", TruncateSections, 0, STATUS_INVALID_IMAGE_FORMAT, "outside the file"},
        {"no MZ", NoMz, 0, STATUS_INVALID_IMAGE_NOT_MZ, "no MZ"},
        {"far e_lfanew", FarLfanew, 0, STATUS_INVALID_IMAGE_FORMAT, "PE header offset"},
        {"negative e_lfanew", NegativeLfanew, 0, STATUS_INVALID_IMAGE_FORMAT, "PE header offset"},
        {"no PE signature", NoPe, 0, STATUS_INVALID_IMAGE_FORMAT, "no PE signature"},
        {"i386", I386, 0, STATUS_INVALID_IMAGE_FORMAT, "not x86-64"},
        {"PE32", Pe32, 0, STATUS_INVALID_IMAGE_FORMAT, "not PE32+"},
        {"tiny optional header", TinyOptional, 0, STATUS_INVALID_IMAGE_FORMAT, "too small"},
        {"directories beyond the header", TooManyDirs, 0, STATUS_INVALID_IMAGE_FORMAT, "data directories"},
        {"65535 sections", ManySections, 0, STATUS_INVALID_IMAGE_FORMAT, "sections"},
        {"section past the file", SectionPastFile, 0, STATUS_INVALID_IMAGE_FORMAT, "outside the file"},
        {"section offset overflow", SectionRawOverflow, 0, STATUS_INVALID_IMAGE_FORMAT, "outside the file"},
        {"sections overlap", SectionsOverlap, 0, STATUS_INVALID_IMAGE_FORMAT, "overlaps"},
        {"section past the image", SectionPastImage, 0, STATUS_INVALID_IMAGE_FORMAT, "outside the image"},
        {"section unaligned", SectionUnaligned, 0, STATUS_INVALID_IMAGE_FORMAT, "not aligned"},
        {"image size 0", ZeroImageSize, 0, STATUS_INVALID_IMAGE_FORMAT, "image size"},
        {"image size 4 GiB", HugeImage, 0, STATUS_INVALID_IMAGE_FORMAT, "image size"},
        {"headers too big", HeadersTooBig, 0, STATUS_INVALID_IMAGE_FORMAT, "header size"},
        {"section alignment", BadAlignment, 0, STATUS_INVALID_IMAGE_FORMAT, "section alignment"},
        {"file alignment 0", FileAlignmentZero, 0, STATUS_INVALID_IMAGE_FORMAT, "file alignment"},
        {"unaligned base", UnalignedBase, 0, STATUS_INVALID_IMAGE_FORMAT, "image base"},
        {"kernel base", KernelBase, 0, STATUS_INVALID_IMAGE_FORMAT, "image base"},
        {"entry outside", EntryOutside, 0, STATUS_INVALID_IMAGE_FORMAT, "entry point"},
        {"EFI subsystem", EfiSubsystem, 0, STATUS_INVALID_IMAGE_FORMAT, "subsystem"},
        {"absurd stack", AbsurdStack, 0, STATUS_INVALID_IMAGE_FORMAT, "stack size"},
        {"directory outside", DirectoryOutside, 0, STATUS_INVALID_IMAGE_FORMAT, "data directory 0"},
        {"relocation block size", BadRelocSize, 0x7000000000ull, STATUS_INVALID_IMAGE_FORMAT, "relocation block"},
        {"relocation past the image", RelocPastImage, 0x7000000000ull, STATUS_INVALID_IMAGE_FORMAT,
         "outside the image"},
        {"relocation type", RelocBadType, 0x7000000000ull, STATUS_INVALID_IMAGE_FORMAT, "relocation type 7"},
        {"relocations stripped", RelocsStripped, 0x7000000000ull, STATUS_CONFLICTING_ADDRESSES, "stripped"},
        {"import name outside", ImportNameOutside, 0, STATUS_INVALID_IMAGE_FORMAT, "bad DLL name"},
        {"imports unterminated", ImportUnterminated, 0, STATUS_INVALID_IMAGE_FORMAT, "no terminating entry"},
        {"import thunks outside", ImportThunkOutside, 0, STATUS_INVALID_IMAGE_FORMAT, "run outside the image"},
        {"import by a bad name", ImportByBadName, 0, STATUS_INVALID_IMAGE_FORMAT, "has a bad name"},
    };
    unsigned char *f = malloc(0x800), *image = malloc(IMAGE_SIZE);

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char err[256] = "";
        size_t size = FILE_SIZE;
        NTSTATUS status;
        BuildImage(f);
        cases[i].mutate(f, &size);
        status = Load(f, size, cases[i].load_base, image, err);
        CHECK(status == cases[i].status, "%s: status %#x, expected %#x (%s)", cases[i].name, (unsigned)status,
              (unsigned)cases[i].status, err);
        CHECK(strstr(err, cases[i].message) != NULL, "%s: message \"%s\" should say \"%s\"", cases[i].name, err,
              cases[i].message);
    }
    free(f);
    free(image);
}
