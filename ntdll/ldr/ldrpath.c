/* Where DLLs are looked for: the search path of LoadLibraryEx's flags, the DLL directory (SetDllDirectory),
 * the added directories (AddDllDirectory) and the default directories (SetDefaultDllDirectories); and where
 * SearchPath and CreateProcess look for files (RtlGetSearchPath, RtlGetExePath). */
#include "ldr/ldrp.h"

#define LOAD_WITH_ALTERED_SEARCH_PATH 0x00000008
#define LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR 0x00000100
#define LOAD_LIBRARY_SEARCH_APPLICATION_DIR 0x00000200
#define LOAD_LIBRARY_SEARCH_USER_DIRS 0x00000400
#define LOAD_LIBRARY_SEARCH_SYSTEM32 0x00000800
#define LOAD_LIBRARY_SEARCH_DEFAULT_DIRS 0x00001000
#define LOAD_LIBRARY_SEARCH_FLAGS 0x00001f00
#define BASE_SEARCH_PATH_ENABLE_SAFE_SEARCHMODE 0x00000001
#define BASE_SEARCH_PATH_DISABLE_SAFE_SEARCHMODE 0x00010000
#define BASE_SEARCH_PATH_PERMANENT 0x00008000

typedef struct {
    LIST_ENTRY Link;
    UNICODE_STRING Path;
} LDRP_USER_DIRECTORY;

/* All under the loader lock. */
static UNICODE_STRING LdrpDllDirectory;
static LIST_ENTRY LdrpUserDirectories = {&LdrpUserDirectories, &LdrpUserDirectories};
static ULONG LdrpDefaultFlags;
static volatile LONG LdrpSafeSearchMode = -1; /* -1: not set yet (unsafe); the permanent bit locks it */

/* A ';'-separated path being built in the process heap; a failed allocation leaves Buffer NULL. */
typedef struct {
    PWSTR Buffer;
    SIZE_T Length, Capacity;
} LDRP_PATH;

static void LdrpAppend(LDRP_PATH *path, PCWSTR text, SIZE_T length)
{
    if (!path->Buffer || !length)
        return;
    if (path->Length + length + 2 > path->Capacity) {
        SIZE_T capacity = (path->Length + length + 2) * 2;
        PWSTR grown = RtlAllocateHeap(RtlpHeap(), 0, capacity * sizeof(WCHAR));
        if (grown)
            memcpy(grown, path->Buffer, path->Length * sizeof(WCHAR));
        RtlFreeHeap(RtlpHeap(), 0, path->Buffer);
        if (!(path->Buffer = grown))
            return;
        path->Capacity = capacity;
    }
    if (path->Length)
        path->Buffer[path->Length++] = ';';
    memcpy(path->Buffer + path->Length, text, length * sizeof(WCHAR));
    path->Length += length;
    path->Buffer[path->Length] = 0;
}

/* The directory part of a DOS path ("C:\a\b.dll" -> "C:\a"), as a length. */
static SIZE_T LdrpDirectoryLength(PCWSTR path, SIZE_T length)
{
    while (length && path[length - 1] != '\\' && path[length - 1] != '/')
        length--;
    return length > 1 && path[length - 2] != ':' ? length - 1 : length;
}

/* The value of an environment variable of the process, as one more part. */
static void LdrpAppendVariable(LDRP_PATH *path, PCWSTR name)
{
    UNICODE_STRING us, value = {0, 0, NULL};

    RtlInitUnicodeString(&us, name);
    if (RtlQueryEnvironmentVariable_U(NULL, &us, &value) != STATUS_BUFFER_TOO_SMALL)
        return;
    value.MaximumLength = value.Length + sizeof(WCHAR);
    if (!(value.Buffer = RtlAllocateHeap(RtlpHeap(), 0, value.MaximumLength)))
        return;
    if (!RtlQueryEnvironmentVariable_U(NULL, &us, &value))
        LdrpAppend(path, value.Buffer, value.Length / sizeof(WCHAR));
    RtlFreeHeap(RtlpHeap(), 0, value.Buffer);
}

static void LdrpAppendSystemDirectories(LDRP_PATH *path, BOOLEAN all)
{
    PCWSTR root = (PCWSTR)KiUserSharedData()->NtSystemRoot;
    SIZE_T n = wcslen(root);
    WCHAR dir[300];

    if (n > 280)
        return;
    memcpy(dir, root, n * sizeof(WCHAR));
    memcpy(dir + n, L"\\system32", 10 * sizeof(WCHAR));
    LdrpAppend(path, dir, n + 9);
    if (!all)
        return;
    memcpy(dir + n, L"\\system", 8 * sizeof(WCHAR));
    LdrpAppend(path, dir, n + 7);
    LdrpAppend(path, root, n);
}

/* The search path for LoadLibraryEx's flags; dll_path is the DLL asked for, when it has a directory. */
static PWSTR LdrpBuildSearchPath(PCWSTR dll_path, ULONG flags)
{
    const UNICODE_STRING *image = &NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters->ImagePathName;
    LDRP_PATH path = {RtlAllocateHeap(RtlpHeap(), 0, 256 * sizeof(WCHAR)), 0, 256};

    if (!path.Buffer)
        return NULL;
    path.Buffer[0] = 0;
    if (!(flags & LOAD_LIBRARY_SEARCH_FLAGS) && !(flags & LOAD_WITH_ALTERED_SEARCH_PATH && dll_path))
        flags |= LdrpDefaultFlags;
    if (dll_path && flags & (LOAD_WITH_ALTERED_SEARCH_PATH | LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR))
        LdrpAppend(&path, dll_path, LdrpDirectoryLength(dll_path, wcslen(dll_path)));
    if (!(flags & LOAD_LIBRARY_SEARCH_FLAGS)) {
        /* The classic order: the program's directory, the DLL directory, the system, the current directory
         * (unless a DLL directory replaces it) and PATH. */
        if (!(flags & LOAD_WITH_ALTERED_SEARCH_PATH && dll_path))
            LdrpAppend(&path, image->Buffer, LdrpDirectoryLength(image->Buffer, image->Length / sizeof(WCHAR)));
        LdrpAppend(&path, LdrpDllDirectory.Buffer, LdrpDllDirectory.Length / sizeof(WCHAR));
        LdrpAppendSystemDirectories(&path, TRUE);
        if (!LdrpDllDirectory.Length)
            LdrpAppend(&path, L".", 1);
        LdrpAppendVariable(&path, L"PATH");
        return path.Buffer;
    }
    if (flags & (LOAD_LIBRARY_SEARCH_APPLICATION_DIR | LOAD_LIBRARY_SEARCH_DEFAULT_DIRS))
        LdrpAppend(&path, image->Buffer, LdrpDirectoryLength(image->Buffer, image->Length / sizeof(WCHAR)));
    if (flags & (LOAD_LIBRARY_SEARCH_USER_DIRS | LOAD_LIBRARY_SEARCH_DEFAULT_DIRS)) {
        for (LIST_ENTRY *l = LdrpUserDirectories.Flink; l != &LdrpUserDirectories; l = l->Flink) {
            LDRP_USER_DIRECTORY *dir = CONTAINING_RECORD(l, LDRP_USER_DIRECTORY, Link);
            LdrpAppend(&path, dir->Path.Buffer, dir->Path.Length / sizeof(WCHAR));
        }
        LdrpAppend(&path, LdrpDllDirectory.Buffer, LdrpDllDirectory.Length / sizeof(WCHAR));
    }
    if (flags & (LOAD_LIBRARY_SEARCH_SYSTEM32 | LOAD_LIBRARY_SEARCH_DEFAULT_DIRS))
        LdrpAppendSystemDirectories(&path, FALSE);
    return path.Buffer;
}

PWSTR LdrpDefaultSearchPath(void)
{
    return LdrpBuildSearchPath(NULL, 0);
}

NTSTATUS NTAPI LdrGetDllPath(PCWSTR Module, ULONG Flags, PWSTR *Path, PWSTR *Unknown)
{
    BOOLEAN has_directory = FALSE;

    *Path = NULL;
    if (Unknown)
        *Unknown = NULL;
    if ((Flags & LOAD_WITH_ALTERED_SEARCH_PATH) && (Flags & LOAD_LIBRARY_SEARCH_FLAGS))
        return STATUS_INVALID_PARAMETER;
    for (PCWSTR p = Module; p && *p; p++)
        if (*p == '\\' || *p == '/')
            has_directory = TRUE;
    RtlEnterCriticalSection(&LdrpLoaderLock);
    *Path = LdrpBuildSearchPath(has_directory ? Module : NULL, Flags);
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    return *Path ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

void NTAPI RtlReleasePath(PWSTR Path)
{
    RtlFreeHeap(RtlpHeap(), 0, Path);
}

NTSTATUS NTAPI LdrSetDllDirectory(PCUNICODE_STRING Directory)
{
    UNICODE_STRING copy = {0};
    NTSTATUS status = STATUS_SUCCESS;

    if (Directory && Directory->Length && (status = RtlDuplicateUnicodeString(1, Directory, &copy)))
        return status;
    RtlEnterCriticalSection(&LdrpLoaderLock);
    RtlFreeUnicodeString(&LdrpDllDirectory);
    LdrpDllDirectory = copy;
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LdrGetDllDirectory(PUNICODE_STRING Directory)
{
    NTSTATUS status = STATUS_SUCCESS;

    RtlEnterCriticalSection(&LdrpLoaderLock);
    Directory->Length = LdrpDllDirectory.Length;
    if (Directory->MaximumLength < LdrpDllDirectory.Length + sizeof(WCHAR)) {
        status = STATUS_BUFFER_TOO_SMALL;
        Directory->Length = LdrpDllDirectory.Length + sizeof(WCHAR);
    } else {
        if (LdrpDllDirectory.Length)
            memcpy(Directory->Buffer, LdrpDllDirectory.Buffer, LdrpDllDirectory.Length);
        Directory->Buffer[LdrpDllDirectory.Length / sizeof(WCHAR)] = 0;
    }
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    return status;
}

/* A fully qualified directory that exists; the cookie names it for LdrRemoveDllDirectory. */
NTSTATUS NTAPI LdrAddDllDirectory(PCUNICODE_STRING Directory, PVOID *Cookie)
{
    OBJECT_ATTRIBUTES oa = {.Length = sizeof(oa), .Attributes = OBJ_CASE_INSENSITIVE};
    FILE_BASIC_INFORMATION info;
    LDRP_USER_DIRECTORY *dir;
    UNICODE_STRING nt;
    NTSTATUS status;

    if (!Directory || !Cookie || Directory->Length < 3 * sizeof(WCHAR) ||
        RtlDetermineDosPathNameType_U(Directory->Buffer) != RtlPathTypeDriveAbsolute)
        return STATUS_INVALID_PARAMETER;
    if (!(dir = RtlAllocateHeap(RtlpHeap(), 0, sizeof(*dir))))
        return STATUS_NO_MEMORY;
    if ((status = RtlDuplicateUnicodeString(1, Directory, &dir->Path)) ||
        (status = RtlDosPathNameToNtPathName_U_WithStatus(dir->Path.Buffer, &nt, NULL, NULL))) {
        RtlFreeHeap(RtlpHeap(), 0, dir);
        return status;
    }
    oa.ObjectName = &nt;
    status = NtQueryAttributesFile(&oa, &info);
    RtlFreeUnicodeString(&nt);
    if (!status && !(info.FileAttributes & FILE_ATTRIBUTE_DIRECTORY))
        status = STATUS_NOT_A_DIRECTORY;
    if (status) {
        RtlFreeUnicodeString(&dir->Path);
        RtlFreeHeap(RtlpHeap(), 0, dir);
        return status;
    }
    RtlEnterCriticalSection(&LdrpLoaderLock);
    InsertTailList(&LdrpUserDirectories, &dir->Link);
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    *Cookie = dir;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LdrRemoveDllDirectory(PVOID Cookie)
{
    NTSTATUS status = STATUS_INVALID_PARAMETER;

    RtlEnterCriticalSection(&LdrpLoaderLock);
    for (LIST_ENTRY *l = LdrpUserDirectories.Flink; l != &LdrpUserDirectories; l = l->Flink) {
        LDRP_USER_DIRECTORY *dir = CONTAINING_RECORD(l, LDRP_USER_DIRECTORY, Link);
        if (dir != Cookie)
            continue;
        RemoveEntryList(&dir->Link);
        RtlFreeUnicodeString(&dir->Path);
        RtlFreeHeap(RtlpHeap(), 0, dir);
        status = STATUS_SUCCESS;
        break;
    }
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    return status;
}

NTSTATUS NTAPI LdrSetDefaultDllDirectories(ULONG DirectoryFlags)
{
    const ULONG valid = LOAD_LIBRARY_SEARCH_APPLICATION_DIR | LOAD_LIBRARY_SEARCH_USER_DIRS |
                        LOAD_LIBRARY_SEARCH_SYSTEM32 | LOAD_LIBRARY_SEARCH_DEFAULT_DIRS;

    if (!DirectoryFlags || DirectoryFlags & ~valid)
        return STATUS_INVALID_PARAMETER;
    RtlEnterCriticalSection(&LdrpLoaderLock);
    LdrpDefaultFlags = DirectoryFlags;
    RtlLeaveCriticalSection(&LdrpLoaderLock);
    return STATUS_SUCCESS;
}

/* For SearchPath: the program's directory, the current one (after the system's in safe mode), the system
 * directories, PATH. */
static PWSTR LdrpBuildFileSearchPath(BOOLEAN current)
{
    const UNICODE_STRING *image = &NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters->ImagePathName;
    LDRP_PATH path = {RtlAllocateHeap(RtlpHeap(), 0, 256 * sizeof(WCHAR)), 0, 256};
    BOOLEAN safe = LdrpSafeSearchMode > 0 && (LdrpSafeSearchMode & BASE_SEARCH_PATH_ENABLE_SAFE_SEARCHMODE);

    if (!path.Buffer)
        return NULL;
    path.Buffer[0] = 0;
    LdrpAppend(&path, image->Buffer, LdrpDirectoryLength(image->Buffer, image->Length / sizeof(WCHAR)));
    if (current && !safe)
        LdrpAppend(&path, L".", 1);
    LdrpAppendSystemDirectories(&path, TRUE);
    if (current && safe)
        LdrpAppend(&path, L".", 1);
    LdrpAppendVariable(&path, L"PATH");
    return path.Buffer;
}

NTSTATUS NTAPI RtlGetSearchPath(PWSTR *Path)
{
    return (*Path = LdrpBuildFileSearchPath(TRUE)) ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

/* Executables are looked for in the current directory too, unless NoDefaultCurrentDirectoryInExePath is set. */
NTSTATUS NTAPI RtlGetExePath(PCWSTR Name, PWSTR *Path)
{
    UNICODE_STRING variable = {0}, value = {0, 0, NULL};

    RtlInitUnicodeString(&variable, L"NoDefaultCurrentDirectoryInExePath");
    *Path = LdrpBuildFileSearchPath(RtlQueryEnvironmentVariable_U(NULL, &variable, &value) ==
                                    STATUS_VARIABLE_NOT_FOUND);
    return *Path ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

NTSTATUS NTAPI RtlSetSearchPathMode(ULONG Flags)
{
    LONG old, mode;

    if (Flags != BASE_SEARCH_PATH_ENABLE_SAFE_SEARCHMODE && Flags != BASE_SEARCH_PATH_DISABLE_SAFE_SEARCHMODE &&
        Flags != (BASE_SEARCH_PATH_ENABLE_SAFE_SEARCHMODE | BASE_SEARCH_PATH_PERMANENT))
        return STATUS_INVALID_PARAMETER;
    mode = (LONG)(Flags & (BASE_SEARCH_PATH_ENABLE_SAFE_SEARCHMODE | BASE_SEARCH_PATH_PERMANENT));
    do {
        old = LdrpSafeSearchMode;
        if (old > 0 && old & BASE_SEARCH_PATH_PERMANENT)
            return STATUS_ACCESS_DENIED;
    } while (!__atomic_compare_exchange_n(&LdrpSafeSearchMode, &old, mode, FALSE, __ATOMIC_SEQ_CST,
                                          __ATOMIC_SEQ_CST));
    return STATUS_SUCCESS;
}
