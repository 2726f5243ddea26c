/* File costs through Veles: create + write 4 KiB + close of 10,000 files (per file), enumerating a 20,000-entry
 * directory (all of it), and reading a 256 MiB file sequentially (all of it), in C:\windows\temp\veles-bench.
 * Prints "CREATE_US ENUM_US READ_US". */
#include "bench.h"

#define TIMED_FILES 10000
#define ALL_FILES 20000
#define BIG_MIB 256
#define DIR_NAME L"\\??\\C:\\windows\\temp\\veles-bench"

static BYTE Buffer[1 << 20];

static NTSTATUS Open(HANDLE *h, ACCESS_MASK access, HANDLE root, const WCHAR *name, ULONG disposition, ULONG options)
{
    UNICODE_STRING us;
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .RootDirectory = root, .ObjectName = &us,
                            .Attributes = OBJ_CASE_INSENSITIVE};
    IO_STATUS_BLOCK iosb;

    RtlInitUnicodeString(&us, name);
    return NtCreateFile(h, access | SYNCHRONIZE, &oa, &iosb, NULL, 0, FILE_SHARE_VALID_FLAGS, disposition,
                        FILE_SYNCHRONOUS_IO_NONALERT | options, NULL, 0);
}

/* "f00042" */
static void FileName(WCHAR *out, int i)
{
    out[0] = 'f';
    for (int k = 5; k >= 1; k--, i /= 10)
        out[k] = (WCHAR)('0' + i % 10);
    out[6] = 0;
}

static void DeleteAt(HANDLE root, const WCHAR *name)
{
    HANDLE h;
    if (!Open(&h, DELETE, root, name, FILE_OPEN, FILE_DELETE_ON_CLOSE))
        NtClose(h);
}

ULONG NTAPI Start(PPEB peb)
{
    IO_STATUS_BLOCK iosb;
    HANDLE dir, h;
    WCHAR name[8];
    LONG64 t0, t_create, t_enum, t_read;
    ULONG entries = 0;
    char line[96];
    int len = 0;

    if (Open(&dir, FILE_LIST_DIRECTORY | DELETE, NULL, DIR_NAME, FILE_OPEN_IF, FILE_DIRECTORY_FILE))
        return 1;
    t0 = BenchNow();
    for (int i = 0; i < TIMED_FILES; i++) {
        FileName(name, i);
        if (Open(&h, FILE_GENERIC_WRITE, dir, name, FILE_OVERWRITE_IF, FILE_NON_DIRECTORY_FILE))
            return 2;
        NtWriteFile(h, NULL, NULL, NULL, &iosb, Buffer, 4096, NULL, NULL);
        NtClose(h);
    }
    t_create = BenchNow() - t0;
    for (int i = TIMED_FILES; i < ALL_FILES; i++) {
        FileName(name, i);
        if (!Open(&h, FILE_GENERIC_WRITE, dir, name, FILE_OVERWRITE_IF, FILE_NON_DIRECTORY_FILE))
            NtClose(h);
    }

    /* As FindFirstFile and FindNextFile do: FileBothDirectoryInformation into 64 KiB at a time. */
    if (Open(&h, FILE_LIST_DIRECTORY, NULL, DIR_NAME, FILE_OPEN, FILE_DIRECTORY_FILE))
        return 3;
    t0 = BenchNow();
    while (!NtQueryDirectoryFile(h, NULL, NULL, NULL, &iosb, Buffer, 65536, FileBothDirectoryInformation, FALSE, NULL,
                                 FALSE))
        for (BYTE *p = Buffer;; p += *(ULONG *)p) {
            entries++;
            if (!*(ULONG *)p)
                break;
        }
    t_enum = BenchNow() - t0;
    NtClose(h);
    if (entries != ALL_FILES + 2)
        return 4;

    if (Open(&h, FILE_GENERIC_READ | FILE_GENERIC_WRITE, dir, L"big", FILE_OVERWRITE_IF, FILE_NON_DIRECTORY_FILE))
        return 5;
    for (int i = 0; i < BIG_MIB; i++)
        NtWriteFile(h, NULL, NULL, NULL, &iosb, Buffer, sizeof(Buffer), NULL, NULL);
    NtClose(h);
    if (Open(&h, FILE_GENERIC_READ, dir, L"big", FILE_OPEN, FILE_SEQUENTIAL_ONLY))
        return 6;
    t0 = BenchNow();
    while (!NtReadFile(h, NULL, NULL, NULL, &iosb, Buffer, sizeof(Buffer), NULL, NULL) && iosb.Information)
        ;
    t_read = BenchNow() - t0;
    NtClose(h);

    DeleteAt(dir, L"big");
    for (int i = 0; i < ALL_FILES; i++) {
        FileName(name, i);
        DeleteAt(dir, name);
    }
    FILE_DISPOSITION_INFORMATION gone = {TRUE};
    NtSetInformationFile(dir, &iosb, &gone, sizeof(gone), FileDispositionInformation);
    NtClose(dir);

    len += BenchPut(line + len, t_create, TIMED_FILES, BENCH_US, 1);
    line[len++] = ' ';
    len += BenchPut(line + len, t_enum, 1, BENCH_US, 1);
    line[len++] = ' ';
    len += BenchPut(line + len, t_read, 1, BENCH_US, 1);
    line[len++] = '\n';
    BenchWrite(peb, line, len);
    return 0;
}
