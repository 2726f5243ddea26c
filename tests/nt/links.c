/* Files reached through Linux symbolic links (system32's DLLs are links into the system's Wine): reading follows
 * the link, but deleting and renaming act on the link and never on the file it leads to. tests/run makes the
 * links in C:\windows\temp\veles-links, to files outside the prefix, and checks afterwards that those are intact. */
#include "lib/nttest.h"

#define DIR_PATH L"\\??\\C:\\windows\\temp\\veles-links"

static NTSTATUS Open(HANDLE *h, ACCESS_MASK access, const WCHAR *path, ULONG options)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;

    RtlInitUnicodeString(&name, path);
    *h = NULL;
    return NtOpenFile(h, access | SYNCHRONIZE, &oa, &iosb, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                      options | FILE_SYNCHRONOUS_IO_NONALERT);
}

static NTSTATUS Exists(const WCHAR *path)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .ObjectName = &name, .Attributes = OBJ_CASE_INSENSITIVE};
    FILE_BASIC_INFORMATION info;

    RtlInitUnicodeString(&name, path);
    return NtQueryAttributesFile(&oa, &info);
}

static int ReadsPrecious(HANDLE h)
{
    IO_STATUS_BLOCK iosb;
    char buf[16];
    LARGE_INTEGER zero = {.QuadPart = 0};

    return !NtReadFile(h, NULL, NULL, NULL, &iosb, buf, sizeof(buf), &zero, NULL) && iosb.Information == 8 &&
           !memcmp(buf, "precious", 8);
}

void RunTests(void)
{
    FILE_DISPOSITION_INFORMATION dispose = {TRUE};
    BYTE buf[512];
    FILE_RENAME_INFORMATION *rename = (FILE_RENAME_INFORMATION *)buf;
    FILE_NAME_INFORMATION *name = (FILE_NAME_INFORMATION *)buf;
    static const WCHAR new_name[] = DIR_PATH L"\\Renamed-Link";
    IO_STATUS_BLOCK iosb;
    HANDLE h, h2;

    /* Reading goes through the link. */
    ok_status(Open(&h, FILE_GENERIC_READ, DIR_PATH L"\\delete-on-close", 0), STATUS_SUCCESS);
    ok(ReadsPrecious(h), "the file the link leads to is read");
    NtClose(h);

    /* Delete-on-close removes the link. */
    ok_status(Open(&h, FILE_GENERIC_READ | DELETE, DIR_PATH L"\\delete-on-close", FILE_DELETE_ON_CLOSE),
              STATUS_SUCCESS);
    NtClose(h);
    ok_status(Exists(DIR_PATH L"\\delete-on-close"), STATUS_OBJECT_NAME_NOT_FOUND);

    /* So does a disposition, also when another open of the file it leads to closes last. */
    ok_status(Open(&h, DELETE, DIR_PATH L"\\disposition", 0), STATUS_SUCCESS);
    ok_status(Open(&h2, FILE_GENERIC_READ, DIR_PATH L"\\target.txt", 0), STATUS_SUCCESS);
    ok_status(NtSetInformationFile(h, &iosb, &dispose, sizeof(dispose), FileDispositionInformation), STATUS_SUCCESS);
    NtClose(h);
    /* The link is to go when the last open of the file goes; until then it is pending, as Windows tells a name
     * marked for deletion (Wine's file test records it); the file's other names are not. */
    ok_status(Exists(DIR_PATH L"\\disposition"), STATUS_DELETE_PENDING);
    ok_status(Exists(DIR_PATH L"\\target.txt"), STATUS_SUCCESS);
    NtClose(h2);
    ok_status(Exists(DIR_PATH L"\\disposition"), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(Exists(DIR_PATH L"\\target.txt"), STATUS_SUCCESS);

    /* A directory's link too. */
    ok_status(Open(&h, DELETE, DIR_PATH L"\\directory-link", FILE_DIRECTORY_FILE | FILE_DELETE_ON_CLOSE),
              STATUS_SUCCESS);
    NtClose(h);
    ok_status(Exists(DIR_PATH L"\\directory-link"), STATUS_OBJECT_NAME_NOT_FOUND);

    /* A rename moves the link, and the open's name follows it. */
    ok_status(Open(&h, FILE_GENERIC_READ | DELETE, DIR_PATH L"\\rename-me", 0), STATUS_SUCCESS);
    memset(buf, 0, sizeof(buf));
    rename->FileNameLength = sizeof(new_name) - sizeof(WCHAR);
    memcpy(rename->FileName, new_name, rename->FileNameLength);
    ok_status(NtSetInformationFile(h, &iosb, rename, sizeof(buf), FileRenameInformation), STATUS_SUCCESS);
    ok_status(Exists(DIR_PATH L"\\rename-me"), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(Exists(DIR_PATH L"\\renamed-link"), STATUS_SUCCESS);
    ok_status(NtQueryInformationFile(h, &iosb, name, sizeof(buf), FileNameInformation), STATUS_SUCCESS);
    ok(name->FileNameLength == 76 && TestStrEqualW(name->FileName, "\\windows\\temp\\veles-links\\Renamed-Link", 38),
       "the name is the link's new one (%u bytes)", name->FileNameLength);
    ok(ReadsPrecious(h), "still the same file");
    NtClose(h);
}
