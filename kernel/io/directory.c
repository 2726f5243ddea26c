/* Directory enumeration (NtQueryDirectoryFile, NtQueryDirectoryFileEx): a directory's entries matched against
 * the first call's mask with Windows' wildcards, in NTFS' order ("." and ".." first, then by upper-case name),
 * written in each information class Win32 asks for. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "host/host.h"
#include "io/iop.h"
#include "ke/ke.h"
#include "mm/mm.h"
#include "rtl/unicode.h"

/* The DOS wildcards, as kernelbase turns "*.", "?" and "." of a Win32 pattern into them. */
#define IOP_DOS_STAR '<'
#define IOP_DOS_QM '>'
#define IOP_DOS_DOT '"'

typedef struct {
    char *UnixName;
    WCHAR *Name;
    USHORT Length; /* characters */
} IOP_DIR_ENTRY;

struct IOP_DIR_SCAN {
    WCHAR *Mask;          /* NULL: everything */
    USHORT MaskLength;
    IOP_DIR_ENTRY *Entries;
    ULONG Count, Next;
};

/* Scans of all directories change under one lock: queries of one handle from two threads take turns. */
static pthread_mutex_t IopScanLock = PTHREAD_MUTEX_INITIALIZER;

static void IopFreeEntries(struct IOP_DIR_SCAN *scan)
{
    for (ULONG i = 0; i < scan->Count; i++) {
        free(scan->Entries[i].UnixName);
        free(scan->Entries[i].Name);
    }
    free(scan->Entries);
    scan->Entries = NULL;
    scan->Count = scan->Next = 0;
}

void IopFreeDirectoryScan(IOP_FILE *file)
{
    if (file->Scan) {
        IopFreeEntries(file->Scan);
        free(file->Scan->Mask);
        free(file->Scan);
    }
}

/* Whether name matches expression as FsRtlIsNameInExpression has it, without regard to case: '*' any run, '?'
 * one character, '<' any run that does not take the name's last dot, '>' one character or nothing at a dot or
 * the end, '"' a dot or nothing at the end. One row of answers for each expression position, from the end. */
bool IopNameMatches(const WCHAR *expr, USHORT expr_length, const WCHAR *name, USHORT length)
{
    bool row[length + 1], next[length + 1];
    int last_dot = -1;

    for (USHORT i = 0; i < length; i++)
        if (name[i] == '.')
            last_dot = i;
    for (USHORT s = 0; s <= length; s++)
        next[s] = s == length; /* past the expression: only past the name */
    for (int p = expr_length - 1; p >= 0; p--) {
        WCHAR e = expr[p];
        for (int s = length; s >= 0; s--) {
            bool at_end = s == length, m;
            switch (e) {
            case '*':
                m = next[s] || (!at_end && row[s + 1]);
                break;
            case IOP_DOS_STAR:
                m = next[s] || (!at_end && s != last_dot && row[s + 1]);
                break;
            case '?':
                m = !at_end && next[s + 1];
                break;
            case IOP_DOS_QM:
                m = at_end || name[s] == '.' ? next[s] : next[s + 1];
                break;
            case IOP_DOS_DOT:
                m = at_end ? next[s] : name[s] == '.' && next[s + 1];
                break;
            default:
                m = !at_end && RtlpUpcase(name[s]) == RtlpUpcase(e) && next[s + 1];
            }
            row[s] = m;
        }
        memcpy(next, row, sizeof(row));
    }
    return next[0];
}

static int IopCompareEntries(const void *a, const void *b)
{
    const IOP_DIR_ENTRY *x = a, *y = b;
    USHORT n = x->Length < y->Length ? x->Length : y->Length;

    for (USHORT i = 0; i < n; i++) {
        WCHAR cx = RtlpUpcase(x->Name[i]), cy = RtlpUpcase(y->Name[i]);
        if (cx != cy)
            return cx < cy ? -1 : 1;
    }
    return (x->Length > y->Length) - (x->Length < y->Length);
}

static void IopAddEntry(struct IOP_DIR_SCAN *scan, ULONG *capacity, const char *unix_name)
{
    WCHAR wide[256];
    SIZE_T units = RtlpUtf8ToUtf16(unix_name, strlen(unix_name), wide, 256);
    IOP_DIR_ENTRY *entry;

    if (!units || units > 255)
        return;
    if (scan->Mask && !IopNameMatches(scan->Mask, scan->MaskLength, wide, (USHORT)units))
        return;
    if (scan->Count == *capacity) {
        *capacity = *capacity ? *capacity * 2 : 64;
        scan->Entries = HostRealloc(scan->Entries, *capacity * sizeof(*scan->Entries));
    }
    entry = &scan->Entries[scan->Count++];
    entry->UnixName = HostStrdup(unix_name);
    entry->Name = HostAlloc(units * sizeof(WCHAR));
    memcpy(entry->Name, wide, units * sizeof(WCHAR));
    entry->Length = (USHORT)units;
}

/* The directory's entries as they are now, those the mask takes, in NTFS' order. */
static NTSTATUS IopReadDirectory(IOP_FILE *file, struct IOP_DIR_SCAN *scan)
{
    int fd = openat(file->Fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ULONG capacity = 0, dots;
    struct dirent *d;
    DIR *dir;

    IopFreeEntries(scan);
    if (fd < 0)
        return HostErrnoToStatus(errno);
    if (!(dir = fdopendir(fd))) {
        close(fd);
        return HostErrnoToStatus(errno);
    }
    IopAddEntry(scan, &capacity, ".");
    IopAddEntry(scan, &capacity, "..");
    dots = scan->Count;
    while ((d = readdir(dir)))
        if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
            IopAddEntry(scan, &capacity, d->d_name);
    closedir(dir);
    qsort(scan->Entries + dots, scan->Count - dots, sizeof(*scan->Entries), IopCompareEntries);
    return STATUS_SUCCESS;
}

static bool IopValidShortChar(WCHAR c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c < 0x80 && strchr("!#$%&'()-@^_`{}~", (char)c));
}

/* An 8.3 name for a name that is not one (NTFS makes these): up to six of its characters, "~1", and up to three
 * of its extension's, in upper case. Names that are valid 8.3 names get none. The number is always 1: names that
 * share their first six characters share their short name too. */
static UCHAR IopShortName(const WCHAR *name, USHORT length, WCHAR short_name[12])
{
    int dot = -1, dots = 0, n = 0;
    bool valid = length <= 12 && name[0] != '.';

    for (int i = 0; i < length; i++)
        if (name[i] == '.') {
            dot = i;
            dots++;
        } else if (!IopValidShortChar(RtlpUpcase(name[i]))) {
            valid = false;
        }
    if (name[0] == '.' && (length == 1 || (length == 2 && name[1] == '.')))
        return 0;
    if (valid && dots <= 1 && (dot < 0 ? length <= 8 : dot >= 1 && dot <= 8 && length - dot - 1 <= 3))
        return 0;
    for (int i = 0; i < (dot < 0 ? length : dot) && n < 6; i++) {
        WCHAR c = RtlpUpcase(name[i]);
        if (c == '.' || c == ' ')
            continue;
        short_name[n++] = IopValidShortChar(c) ? c : '_';
    }
    if (!n)
        short_name[n++] = '_';
    short_name[n++] = '~';
    short_name[n++] = '1';
    if (dot >= 0 && dot + 1 < length) {
        short_name[n++] = '.';
        for (int i = dot + 1, taken = 0; i < length && taken < 3; i++) {
            WCHAR c = RtlpUpcase(name[i]);
            if (c == ' ' || c == '.')
                continue;
            short_name[n++] = IopValidShortChar(c) ? c : '_';
            taken++;
        }
    }
    return (UCHAR)(n * sizeof(WCHAR));
}

/* Where each class puts the name: what the smallest buffer must hold is that and one character. */
static ULONG IopNameOffset(FILE_INFORMATION_CLASS class)
{
    switch (class) {
    case FileDirectoryInformation:
        return offsetof(FILE_DIRECTORY_INFORMATION, FileName);
    case FileFullDirectoryInformation:
        return offsetof(FILE_FULL_DIR_INFORMATION, FileName);
    case FileIdFullDirectoryInformation:
        return offsetof(FILE_ID_FULL_DIR_INFORMATION, FileName);
    case FileBothDirectoryInformation:
        return offsetof(FILE_BOTH_DIR_INFORMATION, FileName);
    case FileIdBothDirectoryInformation:
        return offsetof(FILE_ID_BOTH_DIR_INFORMATION, FileName);
    case FileIdExtdDirectoryInformation:
        return offsetof(FILE_ID_EXTD_DIR_INFORMATION, FileName);
    case FileIdExtdBothDirectoryInformation:
        return offsetof(FILE_ID_EXTD_BOTH_DIR_INFORMATION, FileName);
    case FileNamesInformation:
        return offsetof(FILE_NAMES_INFORMATION, FileName);
    default:
        return 0;
    }
}

/* One entry of a class in out (which holds any class with a 255-character name); its size without padding. The
 * directory's Linux path (NULL: not known) saves a walk through /proc for each entry's DOS attributes. */
static ULONG IopFillEntry(IOP_FILE *file, const char *dir_path, const IOP_DIR_ENTRY *entry,
                          FILE_INFORMATION_CLASS class, BYTE *out)
{
    ULONG name_offset = IopNameOffset(class), name_bytes = entry->Length * sizeof(WCHAR);
    FILE_DIRECTORY_INFORMATION *common = (FILE_DIRECTORY_INFORMATION *)out;
    FILE_NETWORK_OPEN_INFORMATION open;
    LARGE_INTEGER id;
    FILE_ID_128 id128 = {{0}};
    WCHAR short_name[12];
    UCHAR short_length = 0;
    struct stat st;

    memset(out, 0, name_offset);
    memcpy(out + name_offset, entry->Name, name_bytes);
    if (class == FileNamesInformation) {
        ((FILE_NAMES_INFORMATION *)out)->FileNameLength = name_bytes;
        return name_offset + name_bytes;
    }
    if (fstatat(file->Fd, entry->UnixName, &st, 0) && fstatat(file->Fd, entry->UnixName, &st, AT_SYMLINK_NOFOLLOW))
        memset(&st, 0, sizeof(st)); /* gone since the scan: shown without times or size */
    {
        char path[4096];
        if (dir_path)
            snprintf(path, sizeof(path), "%s/%s", dir_path, entry->UnixName);
        else
            snprintf(path, sizeof(path), "/proc/self/fd/%d/%s", file->Fd, entry->UnixName);
        IopFillNetworkOpenInformation(&st, entry->UnixName, IopReadDosAttributes(path), &open);
    }
    common->CreationTime = open.CreationTime;
    common->LastAccessTime = open.LastAccessTime;
    common->LastWriteTime = open.LastWriteTime;
    common->ChangeTime = open.ChangeTime;
    common->EndOfFile = open.EndOfFile;
    common->AllocationSize = open.AllocationSize;
    common->FileAttributes = open.FileAttributes;
    common->FileNameLength = name_bytes;
    id.QuadPart = (LONGLONG)st.st_ino;
    memcpy(id128.Identifier, &st.st_ino, sizeof(st.st_ino));
    if (class == FileBothDirectoryInformation || class == FileIdBothDirectoryInformation ||
        class == FileIdExtdBothDirectoryInformation)
        short_length = IopShortName(entry->Name, entry->Length, short_name);
    switch (class) {
    case FileIdFullDirectoryInformation:
        ((FILE_ID_FULL_DIR_INFORMATION *)out)->FileId = id;
        break;
    case FileBothDirectoryInformation:
        ((FILE_BOTH_DIR_INFORMATION *)out)->ShortNameLength = (CCHAR)short_length;
        memcpy(((FILE_BOTH_DIR_INFORMATION *)out)->ShortName, short_name, short_length);
        break;
    case FileIdBothDirectoryInformation:
        ((FILE_ID_BOTH_DIR_INFORMATION *)out)->ShortNameLength = (CCHAR)short_length;
        memcpy(((FILE_ID_BOTH_DIR_INFORMATION *)out)->ShortName, short_name, short_length);
        ((FILE_ID_BOTH_DIR_INFORMATION *)out)->FileId = id;
        break;
    case FileIdExtdDirectoryInformation:
        ((FILE_ID_EXTD_DIR_INFORMATION *)out)->FileId = id128;
        break;
    case FileIdExtdBothDirectoryInformation:
        ((FILE_ID_EXTD_BOTH_DIR_INFORMATION *)out)->FileId = id128;
        ((FILE_ID_EXTD_BOTH_DIR_INFORMATION *)out)->ShortNameLength = (CCHAR)short_length;
        memcpy(((FILE_ID_EXTD_BOTH_DIR_INFORMATION *)out)->ShortName, short_name, short_length);
        break;
    default:
        break;
    }
    return name_offset + name_bytes;
}

/* The mask of a first query, captured; an empty one or "*" takes everything. */
static NTSTATUS IopCaptureMask(PUNICODE_STRING user_mask, struct IOP_DIR_SCAN *scan)
{
    UNICODE_STRING mask;

    if (!user_mask)
        return STATUS_SUCCESS;
    if (KeReadUser(&mask, user_mask))
        return STATUS_ACCESS_VIOLATION;
    if (!mask.Length)
        return STATUS_SUCCESS;
    scan->MaskLength = mask.Length / sizeof(WCHAR);
    scan->Mask = HostAlloc(mask.Length);
    if (KeCopyFromUser(scan->Mask, mask.Buffer, scan->MaskLength * sizeof(WCHAR)) ||
        (scan->MaskLength == 1 && scan->Mask[0] == '*')) {
        free(scan->Mask);
        scan->Mask = NULL;
        return scan->MaskLength == 1 ? STATUS_SUCCESS : STATUS_ACCESS_VIOLATION;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS IopQueryDirectory(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, PVOID apc_context,
                                  PIO_STATUS_BLOCK iosb, PVOID buffer, ULONG length, FILE_INFORMATION_CLASS class,
                                  bool single, PUNICODE_STRING user_mask, bool restart)
{
    static _Thread_local BYTE entry[sizeof(FILE_ID_EXTD_BOTH_DIR_INFORMATION) + 256 * sizeof(WCHAR)];
    ULONG name_offset = IopNameOffset(class), pos = 0, previous = 0, information = 0;
    struct IOP_DIR_SCAN *scan;
    IOP_REQUEST request;
    IOP_FILE *file;
    bool written = false, first = false;
    char *dir_path;
    NTSTATUS status;

    IopCountOtherOperation();
    /* Windows has directory forms of these classes, for NTFS' indexes of object ids, quotas and reparse points,
     * which no directory here is: a long enough buffer learns the class is none of a plain directory's. */
    if (class == FileObjectIdInformation || class == FileQuotaInformation || class == FileReparsePointInformation) {
        ULONG minimum = class == FileObjectIdInformation ? 72 : class == FileQuotaInformation ? 56 : 16;
        return length < minimum ? STATUS_INFO_LENGTH_MISMATCH : STATUS_INVALID_INFO_CLASS;
    }
    if (!name_offset)
        return STATUS_INVALID_INFO_CLASS;
    if (length < ((name_offset + sizeof(WCHAR) + 7) & ~7u))
        return STATUS_INFO_LENGTH_MISMATCH;
    if ((status = IopBeginRequest(handle, FILE_LIST_DIRECTORY, event, apc, apc_context, iosb, &request)))
        return status;
    file = request.File;
    if (!file->Directory)
        return IopFailRequest(&request, STATUS_INVALID_PARAMETER);
    if (!MmIsUserRange(buffer, length))
        return IopFailRequest(&request, STATUS_ACCESS_VIOLATION);
    pthread_mutex_lock(&IopScanLock);
    if (!(scan = file->Scan)) {
        scan = HostZalloc(sizeof(*scan));
        if ((status = IopCaptureMask(user_mask, scan))) {
            free(scan);
            pthread_mutex_unlock(&IopScanLock);
            return IopFailRequest(&request, status);
        }
        file->Scan = scan;
        restart = true;
        first = true;
    }
    if (restart && (status = IopReadDirectory(file, scan))) {
        pthread_mutex_unlock(&IopScanLock);
        return IopFailRequest(&request, status);
    }
    /* Looked up once for the entries of this call; a directory deleted meanwhile is reached through /proc. */
    dir_path = class != FileNamesInformation && scan->Next < scan->Count ? IopDescriptorPath(file->Fd) : NULL;
    if (dir_path && strstr(dir_path, " (deleted)")) {
        free(dir_path);
        dir_path = NULL;
    }
    while (scan->Next < scan->Count) {
        ULONG size = IopFillEntry(file, dir_path, &scan->Entries[scan->Next], class, entry);
        if (pos + size > length) {
            /* Not even one whole entry: as much of it as fits, its name's whole length told, and the scan stays. */
            if (!written) {
                status = KeCopyToUser(buffer, entry, length) ? STATUS_ACCESS_VIOLATION : STATUS_BUFFER_OVERFLOW;
                information = length;
            }
            break;
        }
        ULONG next_offset = pos - previous;
        if ((written && KeWriteUser((ULONG *)((BYTE *)buffer + previous), next_offset)) ||
            KeCopyToUser((BYTE *)buffer + pos, entry, size)) {
            status = STATUS_ACCESS_VIOLATION;
            break;
        }
        written = true;
        previous = pos;
        information = pos + size;
        pos = (pos + size + 7) & ~7u;
        scan->Next++;
        if (single)
            break;
    }
    /* Nothing: STATUS_NO_SUCH_FILE for the handle's first query only (an error, which leaves the I/O status
     * block alone), STATUS_NO_MORE_FILES after, restarts included, as on Windows. */
    if (!written && !status)
        status = first && !scan->Count ? STATUS_NO_SUCH_FILE : STATUS_NO_MORE_FILES;
    pthread_mutex_unlock(&IopScanLock);
    free(dir_path);
    if (status == STATUS_ACCESS_VIOLATION || status == STATUS_NO_SUCH_FILE)
        return IopFailRequest(&request, status);
    return IopCompleteRequest(&request, status, information);
}

NTSTATUS NTAPI NtQueryDirectoryFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                                    PIO_STATUS_BLOCK IoStatusBlock, PVOID FileInformation, ULONG Length,
                                    FILE_INFORMATION_CLASS FileInformationClass, BOOLEAN ReturnSingleEntry,
                                    PUNICODE_STRING FileName, BOOLEAN RestartScan)
{
    return IopQueryDirectory(FileHandle, Event, ApcRoutine, ApcContext, IoStatusBlock, FileInformation, Length,
                             FileInformationClass, ReturnSingleEntry, FileName, RestartScan);
}

NTSTATUS NTAPI NtQueryDirectoryFileEx(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                                      PIO_STATUS_BLOCK IoStatusBlock, PVOID FileInformation, ULONG Length,
                                      FILE_INFORMATION_CLASS FileInformationClass, ULONG QueryFlags,
                                      PUNICODE_STRING FileName)
{
    if (QueryFlags & SL_INDEX_SPECIFIED)
        return KeReportNotImplemented("NtQueryDirectoryFileEx with SL_INDEX_SPECIFIED");
    return IopQueryDirectory(FileHandle, Event, ApcRoutine, ApcContext, IoStatusBlock, FileInformation, Length,
                             FileInformationClass, QueryFlags & SL_RETURN_SINGLE_ENTRY, FileName,
                             QueryFlags & SL_RESTART_SCAN);
}

bool IopDirectoryIsEmpty(int fd)
{
    int dir_fd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct dirent *d;
    bool empty = true;
    DIR *dir;

    if (dir_fd < 0 || !(dir = fdopendir(dir_fd))) {
        if (dir_fd >= 0)
            close(dir_fd);
        return false;
    }
    while (empty && (d = readdir(dir)))
        empty = !strcmp(d->d_name, ".") || !strcmp(d->d_name, "..");
    closedir(dir);
    return empty;
}
