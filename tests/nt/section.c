/* Sections: memory backed by the paging file, mapped files and images; views, their protections and
 * their errors, and the names of the files they are of; NtQuerySection. */
#include "lib/nttest.h"

#define TEMP L"\\??\\C:\\windows\\temp\\"

static NTSTATUS OpenFile(HANDLE *h, ACCESS_MASK access, const WCHAR *path, ULONG disposition, ULONG options)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;

    RtlInitUnicodeString(&name, path);
    return NtCreateFile(h, access | SYNCHRONIZE, &oa, &iosb, NULL, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                        disposition, FILE_SYNCHRONOUS_IO_NONALERT | options, NULL, 0);
}

static NTSTATUS Map(HANDLE section, PVOID *base, ULONG64 offset, SIZE_T *size, ULONG protect)
{
    LARGE_INTEGER off = {.QuadPart = (LONGLONG)offset};
    return NtMapViewOfSection(section, NtCurrentProcess(), base, 0, 0, &off, size, ViewUnmap, 0, protect);
}

static ULONG TypeOf(PVOID addr)
{
    MEMORY_BASIC_INFORMATION mbi;
    if (NtQueryVirtualMemory(NtCurrentProcess(), addr, MemoryBasicInformation, &mbi, sizeof(mbi), NULL))
        return 0;
    return mbi.Type;
}

static void TestPagefileSections(void)
{
    LARGE_INTEGER size = {.QuadPart = 0x20000};
    SECTION_BASIC_INFORMATION basic;
    SECTION_IMAGE_INFORMATION image;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name};
    HANDLE section, opened;
    PVOID a = NULL, b = NULL;
    SIZE_T view = 0, result = 0;

    RtlInitUnicodeString(&name, L"\\BaseNamedObjects\\veles-section-test");
    ok_status(NtCreateSection(&section, SECTION_ALL_ACCESS, &oa, &size, PAGE_READWRITE, SEC_COMMIT, NULL),
              STATUS_SUCCESS);
    ok_status(Map(section, &a, 0, &view, PAGE_READWRITE), STATUS_SUCCESS);
    ok(a && view == 0x20000 && TypeOf(a) == MEM_MAPPED, "a whole view %p %zx, type %x", a, view, TypeOf(a));
    ((volatile char *)a)[0x1234] = 42;

    ok_status(NtOpenSection(&opened, SECTION_MAP_READ | SECTION_QUERY, &oa), STATUS_SUCCESS);
    view = 0x1000;
    ok_status(Map(opened, &b, 0x10000, &view, PAGE_READONLY), STATUS_SUCCESS);
    ((volatile char *)a)[0x10010] = 7;
    ok(b && b != a && ((volatile char *)b)[0x10] == 7, "the second view shares the pages");
    ok_status(Map(opened, &b, 0, &view, PAGE_READWRITE), STATUS_ACCESS_DENIED);
    ok_status(NtUnmapViewOfSection(NtCurrentProcess(), b), STATUS_SUCCESS);
    ok_status(NtUnmapViewOfSection(NtCurrentProcess(), b), STATUS_NOT_MAPPED_VIEW);

    ok_status(NtQuerySection(section, SectionBasicInformation, &basic, sizeof(basic), &result), STATUS_SUCCESS);
    ok(basic.Attributes == SEC_COMMIT && basic.Size.QuadPart == 0x20000 && result == sizeof(basic),
       "basic information %x %llx", basic.Attributes, basic.Size.QuadPart);
    ok_status(NtQuerySection(section, SectionImageInformation, &image, sizeof(image), NULL), STATUS_SECTION_NOT_IMAGE);
    ok_status(NtQuerySection(section, SectionBasicInformation, &basic, sizeof(basic) - 1, NULL),
              STATUS_INFO_LENGTH_MISMATCH);
    ok_status(NtQuerySection(section, 7, &basic, sizeof(basic), NULL), STATUS_INVALID_INFO_CLASS);

    /* A view is not private memory. */
    {
        PVOID base = a;
        SIZE_T zero = 0;
        ok_status(NtFreeVirtualMemory(NtCurrentProcess(), &base, &zero, MEM_RELEASE), STATUS_UNABLE_TO_DELETE_SECTION);
    }

    /* The rules of views. */
    b = NULL;
    view = 0;
    ok_status(Map(section, &b, 0x1000, &view, PAGE_READWRITE), STATUS_MAPPED_ALIGNMENT);
    ok_status(Map(section, &b, 0x30000, &view, PAGE_READWRITE), STATUS_INVALID_VIEW_SIZE);
    view = 0x20000;
    ok_status(Map(section, &b, 0x10000, &view, PAGE_READWRITE), STATUS_INVALID_VIEW_SIZE);
    view = 0;
    b = (PVOID)0x12345000;
    ok_status(Map(section, &b, 0, &view, PAGE_READWRITE), STATUS_MAPPED_ALIGNMENT);
    b = a;
    ok_status(Map(section, &b, 0, &view, PAGE_READWRITE), STATUS_CONFLICTING_ADDRESSES);
    b = NULL;
    ok_status(Map(section, &b, 0, &view, 0x1234), STATUS_INVALID_PAGE_PROTECTION);
    ok_status(NtMapViewOfSection(section, NtCurrentProcess(), &b, 0, 0, NULL, &view, 3, 0, PAGE_READWRITE),
              STATUS_INVALID_PARAMETER_8);
    ok_status(Map((HANDLE)0x1230, &b, 0, &view, PAGE_READWRITE), STATUS_INVALID_HANDLE);
    ok_status(NtMapViewOfSection(section, NtCurrentProcess(), (PVOID *)0x10, 0, 0, NULL, &view, ViewUnmap, 0,
                                 PAGE_READWRITE), STATUS_ACCESS_VIOLATION);

    /* A copy-on-write view keeps its writes to itself. */
    ok_status(Map(section, &b, 0, &view, PAGE_WRITECOPY), STATUS_SUCCESS);
    ok(((volatile char *)b)[0x1234] == 42, "the copy sees the section");
    ((volatile char *)b)[0x1234] = 1;
    ok(((volatile char *)a)[0x1234] == 42, "and writes only to itself");
    NtUnmapViewOfSection(NtCurrentProcess(), b);

    ok_status(NtUnmapViewOfSection(NtCurrentProcess(), a), STATUS_SUCCESS);
    ok(TypeOf(a) == 0 || TypeOf(a) != MEM_MAPPED, "the view is gone");
    NtClose(opened);
    NtClose(section);

    /* What creation refuses. */
    ok_status(NtCreateSection(&section, SECTION_ALL_ACCESS, NULL, NULL, PAGE_READWRITE, SEC_COMMIT, NULL),
              STATUS_INVALID_PARAMETER_4);
    ok_status(NtCreateSection(&section, SECTION_ALL_ACCESS, NULL, &size, PAGE_NOACCESS, SEC_COMMIT, NULL),
              STATUS_INVALID_PAGE_PROTECTION);
    ok_status(NtCreateSection(&section, SECTION_ALL_ACCESS, NULL, &size, PAGE_READWRITE, 0, NULL),
              STATUS_INVALID_PARAMETER_6);
    ok_status(NtCreateSection(&section, SECTION_ALL_ACCESS, NULL, &size, PAGE_READWRITE, SEC_COMMIT | 1, NULL),
              STATUS_INVALID_PARAMETER_6);
    ok_status(NtCreateSection(&section, SECTION_ALL_ACCESS, NULL, &size, PAGE_READONLY, SEC_IMAGE, NULL),
              STATUS_INVALID_FILE_FOR_SECTION);
    ok_status(NtCreateSection(&section, SECTION_ALL_ACCESS, NULL, &size, PAGE_READWRITE, SEC_COMMIT, (HANDLE)0x1230),
              STATUS_INVALID_HANDLE);
}

static void TestFileSections(void)
{
    LARGE_INTEGER grow = {.QuadPart = 0x3000};
    FILE_NETWORK_OPEN_INFORMATION full;
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name};
    IO_STATUS_BLOCK iosb;
    HANDLE file, reader, section;
    PVOID view = NULL;
    SIZE_T size = 0;
    char buf[4];

    ok_status(OpenFile(&file, FILE_GENERIC_READ | FILE_GENERIC_WRITE | DELETE, TEMP L"section.dat", FILE_OVERWRITE_IF,
                       0), STATUS_SUCCESS);
    ok_status(NtCreateSection(&section, SECTION_ALL_ACCESS, NULL, NULL, PAGE_READONLY, SEC_COMMIT, file),
              STATUS_MAPPED_FILE_SIZE_ZERO);
    ok_status(NtWriteFile(file, NULL, NULL, NULL, &iosb, (PVOID) "abcd", 4, NULL, NULL), STATUS_SUCCESS);

    ok_status(NtCreateSection(&section, SECTION_ALL_ACCESS, NULL, NULL, PAGE_READONLY, SEC_COMMIT, file),
              STATUS_SUCCESS);
    ok_status(Map(section, &view, 0, &size, PAGE_READONLY), STATUS_SUCCESS);
    ok(size == 0x1000 && ((char *)view)[0] == 'a' && ((char *)view)[3] == 'd', "the file through a view");
    ok_status(Map(section, &view, 0, &size, PAGE_READWRITE), STATUS_SECTION_PROTECTION);
    /* A file that a section or a view maps cannot be deleted; once neither does, it can be. */
    {
        FILE_DISPOSITION_INFORMATION dispose = {TRUE}, keep = {FALSE};
        ok_status(NtSetInformationFile(file, &iosb, &dispose, sizeof(dispose), FileDispositionInformation),
                  STATUS_CANNOT_DELETE);
        NtClose(section);
        ok_status(NtSetInformationFile(file, &iosb, &dispose, sizeof(dispose), FileDispositionInformation),
                  STATUS_CANNOT_DELETE); /* the view is still there */
        NtUnmapViewOfSection(NtCurrentProcess(), view);
        ok_status(NtSetInformationFile(file, &iosb, &dispose, sizeof(dispose), FileDispositionInformation),
                  STATUS_SUCCESS);
        ok_status(NtSetInformationFile(file, &iosb, &keep, sizeof(keep), FileDispositionInformation), STATUS_SUCCESS);
    }
    ok_status(NtCreateSection(&section, SECTION_ALL_ACCESS, NULL, &grow, PAGE_READONLY, SEC_COMMIT, file),
              STATUS_SECTION_TOO_BIG);

    /* A writable section longer than its file grows it; writes through the view reach the file. */
    ok_status(NtCreateSection(&section, SECTION_ALL_ACCESS, NULL, &grow, PAGE_READWRITE, SEC_COMMIT, file),
              STATUS_SUCCESS);
    view = NULL;
    size = 0;
    ok_status(Map(section, &view, 0, &size, PAGE_READWRITE), STATUS_SUCCESS);
    ok(size == 0x3000, "view of the grown file %zx", size);
    ((char *)view)[1] = 'B';
    ((char *)view)[0x2fff] = 'z';
    RtlInitUnicodeString(&name, TEMP L"section.dat");
    ok_status(NtQueryFullAttributesFile(&oa, &full), STATUS_SUCCESS);
    ok(full.EndOfFile.QuadPart == 0x3000, "the file grew to %llx", full.EndOfFile.QuadPart);
    ok_status(OpenFile(&reader, FILE_GENERIC_READ, TEMP L"section.dat", FILE_OPEN, 0), STATUS_SUCCESS);
    ok_status(NtReadFile(reader, NULL, NULL, NULL, &iosb, buf, 4, NULL, NULL), STATUS_SUCCESS);
    ok(buf[0] == 'a' && buf[1] == 'B', "the write through the view is in the file");
    NtClose(reader);
    NtUnmapViewOfSection(NtCurrentProcess(), view);
    NtClose(section);

    /* A file that is no image, and a handle without the access a section needs. */
    ok_status(NtCreateSection(&section, SECTION_ALL_ACCESS, NULL, NULL, PAGE_EXECUTE_READ, SEC_IMAGE, file),
              STATUS_ACCESS_DENIED); /* executable, and the handle has no FILE_EXECUTE */
    ok_status(NtCreateSection(&section, SECTION_ALL_ACCESS, NULL, NULL, PAGE_READONLY, SEC_IMAGE, file),
              STATUS_INVALID_IMAGE_NOT_MZ);
    NtClose(file);
    ok_status(OpenFile(&file, FILE_READ_ATTRIBUTES | DELETE, TEMP L"section.dat", FILE_OPEN, FILE_DELETE_ON_CLOSE),
              STATUS_SUCCESS);
    ok_status(NtCreateSection(&section, SECTION_ALL_ACCESS, NULL, NULL, PAGE_READONLY, SEC_COMMIT, file),
              STATUS_ACCESS_DENIED);
    NtClose(file);
}

static void TestImageSections(void)
{
    SECTION_IMAGE_INFORMATION info;
    SECTION_BASIC_INFORMATION basic;
    HANDLE file, section;
    PVOID view = NULL, ntdll = NULL;
    SIZE_T size = 0;
    PIMAGE_NT_HEADERS64 nt;

    ok_status(OpenFile(&file, FILE_GENERIC_READ | FILE_EXECUTE, L"\\SystemRoot\\system32\\ntdll.dll", FILE_OPEN, 0),
              STATUS_SUCCESS);
    ok_status(NtCreateSection(&section, SECTION_ALL_ACCESS, NULL, NULL, PAGE_EXECUTE_WRITECOPY, SEC_IMAGE, file),
              STATUS_SUCCESS);
    NtClose(file);
    ok_status(NtQuerySection(section, SectionImageInformation, &info, sizeof(info), NULL), STATUS_SUCCESS);
    ok(info.Machine == 0x8664 && info.ImageCharacteristics & 0x2000 && info.ImageContainsCode && info.ImageFileSize,
       "image information: machine %x, characteristics %x", info.Machine, info.ImageCharacteristics);
    ok_status(NtQuerySection(section, SectionBasicInformation, &basic, sizeof(basic), NULL), STATUS_SUCCESS);
    ok(basic.Attributes == (SEC_IMAGE | SEC_FILE), "attributes %x", basic.Attributes);

    /* This ntdll already sits at its preferred base: a second view is relocated. */
    RtlPcToFileHeader((PVOID)RtlPcToFileHeader, &ntdll);
    ok_status(Map(section, &view, 0, &size, PAGE_EXECUTE_WRITECOPY), STATUS_IMAGE_NOT_AT_BASE);
    nt = RtlImageNtHeader(view);
    ok(view && view != ntdll && nt && nt->OptionalHeader.SizeOfImage == size && TypeOf(view) == MEM_IMAGE,
       "a second ntdll at %p (the first at %p)", view, ntdll);
    ok((char *)info.TransferAddress - (char *)nt->OptionalHeader.ImageBase == nt->OptionalHeader.AddressOfEntryPoint,
       "the entry point is at the preferred base");
    ok_status(NtUnmapViewOfSection(NtCurrentProcess(), (char *)view + 0x1000), STATUS_SUCCESS);
    ok(TypeOf(view) != MEM_IMAGE, "unmapped through an address inside the view");
    NtClose(section);
}

/* The name of the file a view is of (GetMappedFileName): the NT name on its volume's device; an address with no
 * file behind it has none. */
static void TestMappedNames(void)
{
    static BYTE buffer[1024];
    UNICODE_STRING *name = (UNICODE_STRING *)buffer;
    LARGE_INTEGER size = {.QuadPart = 0x1000};
    PVOID ntdll = NULL, view = NULL;
    SIZE_T length = 0xdead, needed, view_size = 0;
    HANDLE section;
    UNICODE_STRING dll;

    RtlInitUnicodeString(&dll, L"ntdll.dll");
    ok_status(LdrGetDllHandle(NULL, NULL, &dll, &ntdll), STATUS_SUCCESS);
    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), (char *)ntdll + 1234, MemoryMappedFilenameInformation, buffer,
                                   sizeof(buffer), &length),
              STATUS_SUCCESS);
    ok(name->Buffer == (PWSTR)(name + 1) && name->MaximumLength == name->Length + 2 && !name->Buffer[name->Length / 2] &&
           length == sizeof(*name) + name->MaximumLength && TestStrEqualW(name->Buffer, "\\Device\\HarddiskVolume", 22),
       "ntdll's view is of %S", name->Buffer);
    ok(name->Length > 20 && TestStrEqualW(name->Buffer + name->Length / 2 - 9, "ntdll.dll", 9), "named ntdll.dll: %S",
       name->Buffer);
    needed = length;
    memset(buffer, 0xcc, sizeof(buffer));
    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), ntdll, MemoryMappedFilenameInformation, buffer,
                                   sizeof(*name) + 16, &length),
              STATUS_BUFFER_OVERFLOW);
    ok(length == needed && name->Length == 0xcccc, "too small: the size it needs, nothing written");
    length = 0xdead;
    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), ntdll, MemoryMappedFilenameInformation, buffer,
                                   sizeof(*name) - 1, &length),
              STATUS_INFO_LENGTH_MISMATCH);
    ok(length == needed, "the size it needs, even then (Wine's info test records Windows so): %lu",
       (unsigned long)length);
    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), ntdll, MemoryMappedFilenameInformation, NULL, sizeof(buffer),
                                   NULL),
              STATUS_ACCESS_VIOLATION);
    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), TestPeb()->ProcessHeap, MemoryMappedFilenameInformation, buffer,
                                   sizeof(buffer), &length),
              STATUS_INVALID_ADDRESS); /* private memory */
    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), (PVOID)0x1234, MemoryMappedFilenameInformation, buffer, 4,
                                   &length),
              STATUS_INVALID_ADDRESS);
    ok_status(NtQueryVirtualMemory((HANDLE)0xdead, ntdll, MemoryMappedFilenameInformation, buffer, sizeof(buffer),
                                   &length),
              STATUS_INVALID_HANDLE);

    /* Memory of the paging file has no file to name. */
    ok_status(NtCreateSection(&section, SECTION_ALL_ACCESS, NULL, &size, PAGE_READWRITE, SEC_COMMIT, NULL),
              STATUS_SUCCESS);
    ok_status(Map(section, &view, 0, &view_size, PAGE_READWRITE), STATUS_SUCCESS);
    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), view, MemoryMappedFilenameInformation, buffer, sizeof(buffer),
                                   &length),
              STATUS_INVALID_ADDRESS);
    NtUnmapViewOfSection(NtCurrentProcess(), view);
    NtClose(section);
}

void RunTests(void)
{
    TestMappedNames();
    TestPagefileSections();
    TestFileSections();
    TestImageSections();
}
