/* Images in memory: their headers, their directories, and which image an address lies in. */
#include "rtl/rtlp.h"

/* The NT headers of an image (or of a file mapped flat), or NULL when base holds none. */
PIMAGE_NT_HEADERS64 NTAPI RtlImageNtHeader(PVOID Base)
{
    const IMAGE_DOS_HEADER *dos = Base;
    IMAGE_NT_HEADERS64 *nt;

    if (!dos || dos->e_magic != IMAGE_DOS_SIGNATURE || dos->e_lfanew < 0 || dos->e_lfanew > 0x10000000)
        return NULL;
    nt = (IMAGE_NT_HEADERS64 *)((char *)Base + dos->e_lfanew);
    return nt->Signature == IMAGE_NT_SIGNATURE ? nt : NULL;
}

/* The section of a file mapped flat that holds rva, or NULL. */
PIMAGE_SECTION_HEADER NTAPI RtlImageRvaToSection(PIMAGE_NT_HEADERS64 NtHeaders, PVOID Base, ULONG Rva)
{
    IMAGE_SECTION_HEADER *section = ImageFirstSection(NtHeaders);

    (void)Base;
    for (ULONG i = 0; i < NtHeaders->FileHeader.NumberOfSections; i++, section++)
        if (Rva >= section->VirtualAddress && Rva < section->VirtualAddress + section->SizeOfRawData)
            return section;
    return NULL;
}

/* Where rva lies in a file mapped flat; LastRvaSection, when given, is tried first and then updated. */
PVOID NTAPI RtlImageRvaToVa(PIMAGE_NT_HEADERS64 NtHeaders, PVOID Base, ULONG Rva,
                            PIMAGE_SECTION_HEADER *LastRvaSection)
{
    IMAGE_SECTION_HEADER *section = LastRvaSection ? *LastRvaSection : NULL;

    if (!section || Rva < section->VirtualAddress || Rva >= section->VirtualAddress + section->SizeOfRawData) {
        if (!(section = RtlImageRvaToSection(NtHeaders, Base, Rva)))
            return NULL;
        if (LastRvaSection)
            *LastRvaSection = section;
    }
    return (char *)Base + section->PointerToRawData + (Rva - section->VirtualAddress);
}

/* A directory's data and size. A base with its low bit set, or MappedAsImage FALSE, is a file mapped flat:
 * the directory's address is then found through the section that holds it. */
PVOID NTAPI RtlImageDirectoryEntryToData(PVOID Base, BOOLEAN MappedAsImage, USHORT Directory, PULONG Size)
{
    IMAGE_NT_HEADERS64 *nt;
    IMAGE_DATA_DIRECTORY dir;

    /* LoadLibraryEx's marks: a data file (1) is not laid out as an image, an image resource (2) is. */
    if ((ULONG_PTR)Base & 1)
        MappedAsImage = FALSE;
    Base = (PVOID)((ULONG_PTR)Base & ~(ULONG_PTR)3);
    if (!(nt = RtlImageNtHeader(Base)) || nt->OptionalHeader.Magic != IMAGE_NT_OPTIONAL_HDR64_MAGIC ||
        Directory >= nt->OptionalHeader.NumberOfRvaAndSizes || Directory >= IMAGE_NUMBEROF_DIRECTORY_ENTRIES)
        return NULL;
    dir = nt->OptionalHeader.DataDirectory[Directory];
    if (!dir.VirtualAddress)
        return NULL;
    *Size = dir.Size;
    if (MappedAsImage || dir.VirtualAddress < nt->OptionalHeader.SizeOfHeaders)
        return (char *)Base + dir.VirtualAddress;
    return RtlImageRvaToVa(nt, Base, dir.VirtualAddress, NULL);
}

/* ntdll and the program never unload: they are answered without asking the memory manager. */
ULONG64 RtlpImageBase(ULONG64 pc)
{
    const ULONG64 resident[2] = {(ULONG64)&__ImageBase,
                                 (ULONG64)NtCurrentTeb()->ProcessEnvironmentBlock->ImageBaseAddress};
    MEMORY_BASIC_INFORMATION mbi;

    for (int i = 0; i < 2; i++)
        if (pc - resident[i] < RtlImageNtHeader((PVOID)resident[i])->OptionalHeader.SizeOfImage)
            return resident[i];
    if (!NtQueryVirtualMemory(NtCurrentProcess(), (PVOID)pc, MemoryBasicInformation, &mbi, sizeof(mbi), NULL) &&
        mbi.Type == MEM_IMAGE)
        return (ULONG64)mbi.AllocationBase;
    return 0;
}

PVOID NTAPI RtlPcToFileHeader(PVOID PcValue, PVOID *BaseOfImage)
{
    *BaseOfImage = (PVOID)RtlpImageBase((ULONG64)PcValue);
    return *BaseOfImage;
}

/* Apply one block's base relocations at address (delta added); past the block, or NULL at a type that is
 * none of x64's (the caller stops there, as Windows' loader does). */
IMAGE_BASE_RELOCATION *NTAPI LdrProcessRelocationBlock(ULONG_PTR Address, ULONG Count, PUSHORT TypeOffset,
                                                       LONG_PTR Delta)
{
    for (ULONG i = 0; i < Count; i++) {
        UCHAR *at = (UCHAR *)Address + (TypeOffset[i] & 0xfff);
        switch (TypeOffset[i] >> 12) {
        case IMAGE_REL_BASED_ABSOLUTE:
            break;
        case IMAGE_REL_BASED_HIGH:
            *(USHORT *)at += (USHORT)((ULONG)Delta >> 16);
            break;
        case IMAGE_REL_BASED_LOW:
            *(USHORT *)at += (USHORT)Delta;
            break;
        case IMAGE_REL_BASED_HIGHLOW:
            *(ULONG *)at += (ULONG)Delta;
            break;
        case IMAGE_REL_BASED_DIR64:
            *(ULONG64 *)at += (ULONG64)Delta;
            break;
        default:
            return NULL;
        }
    }
    return (IMAGE_BASE_RELOCATION *)(TypeOffset + Count);
}
