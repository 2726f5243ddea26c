/* Paths: NT paths inside a volume looked up without regard to case, and Linux paths as DOS paths (under
 * the prefix's drive_c they are on C:, everything else is on Z:, which is /). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>
#include "host/host.h"
#include "io/io.h"
#include "io/iop.h"
#include "ke/ke.h"
#include "rtl/unicode.h"

/* drive_c with symbolic links resolved, computed once: getcwd() and realpath() give resolved paths. */
static const char *IopDriveC(void)
{
    static char drive_c[PATH_MAX + 16];
    char path[PATH_MAX + 16];

    if (!*drive_c) {
        snprintf(path, sizeof(path), "%s/drive_c", HostPrefixPath());
        if (!realpath(path, drive_c))
            snprintf(drive_c, sizeof(drive_c), "%s", path);
    }
    return drive_c;
}

/* A path lexically under drive_c is on C:; any other is on Z: (which is /), made absolute but otherwise as
 * given: Z: reaches every file, so no symbolic link needs resolving. */
char *IoUnixPathToDos(const char *unix_path)
{
    char absolute[PATH_MAX * 2];
    const char *rest = absolute, *drive_c = IopDriveC();
    char drive = 'Z';
    char *dos;
    size_t n = strlen(drive_c);

    if (unix_path[0] == '/' || !getcwd(absolute, PATH_MAX))
        snprintf(absolute, sizeof(absolute), "%s", unix_path);
    else
        snprintf(absolute + strlen(absolute), sizeof(absolute) - strlen(absolute), "/%s", unix_path);
    if (!strncmp(absolute, drive_c, n) && (absolute[n] == '/' || !absolute[n])) {
        drive = 'C';
        rest = absolute + n;
    }
    dos = HostAlloc(strlen(rest) + 4);
    dos[0] = drive;
    dos[1] = ':';
    strcpy(dos + 2, *rest ? rest : "/");
    for (char *p = dos + 2; *p; p++)
        if (*p == '/')
            *p = '\\';
    return dos;
}

char *IoDosPathToNt(const char *dos)
{
    const char *device = dos[0] && dos[1] == ':' ? IoDriveDevice(dos[0]) : NULL;
    char *nt;

    if (!device)
        return NULL;
    nt = HostAlloc(strlen(device) + strlen(dos + 2) + 1);
    strcpy(nt, device);
    strcat(nt, dos + 2);
    return nt;
}

char *IoDescriptorNtName(int fd)
{
    char *unix_path = IopDescriptorPath(fd), *dos, *nt;

    if (!unix_path)
        return NULL;
    dos = IoUnixPathToDos(unix_path);
    nt = IoDosPathToNt(dos);
    free(dos);
    free(unix_path);
    return nt;
}

/* What NTFS refuses in a name: the wildcards, separators, the stream colon and control characters; "." and
 * ".." (Win32 resolves them before asking); more than 255 characters. */
static bool IopValidComponent(const WCHAR *name, USHORT length)
{
    if (!length || length > 255 || (name[0] == '.' && (length == 1 || (length == 2 && name[1] == '.'))))
        return false;
    for (USHORT i = 0; i < length; i++)
        if (name[i] < 0x20 || (name[i] < 0x80 && strchr("\"*/:<>?|", (char)name[i])))
            return false;
    return true;
}

/* The names of the directory a case-blind lookup last read, hashed by their upper case: a name that is not on
 * disk as given would otherwise cost a read of the whole directory, and programs create files by names that do
 * not exist yet. The table holds while the directory's modification time is what it was, and Veles keeps it so
 * for the names it adds itself (IopNoteNewName); its own deletions and renames drop it (IopForgetNames). A change
 * by another process within the same tick of the file system's clock as one of Veles' goes unseen until the
 * next. */
typedef struct {
    char *UnixName; /* NULL: a free slot */
    ULONG Hash;
} IOP_NAME_SLOT;

static struct {
    bool Valid;
    dev_t Device;
    ino_t Inode;
    struct timespec Modified;
    IOP_NAME_SLOT *Slots;
    ULONG Count, Capacity; /* a power of two */
} IopNames;
static pthread_mutex_t IopNamesLock = PTHREAD_MUTEX_INITIALIZER;

static ULONG IopHashName(const WCHAR *name, SIZE_T length)
{
    ULONG hash = 2166136261u;
    for (SIZE_T i = 0; i < length; i++)
        hash = (hash ^ RtlpUpcase(name[i])) * 16777619u;
    return hash;
}

static void IopInsertName(char *unix_name)
{
    WCHAR wide[256];
    SIZE_T units = RtlpUtf8ToUtf16(unix_name, strlen(unix_name), wide, 256);
    ULONG hash = IopHashName(wide, units), i;

    if ((IopNames.Count + 1) * 2 > IopNames.Capacity) {
        IOP_NAME_SLOT *old = IopNames.Slots;
        ULONG old_capacity = IopNames.Capacity;
        IopNames.Capacity = old_capacity ? old_capacity * 2 : 64;
        IopNames.Slots = HostZalloc(IopNames.Capacity * sizeof(*IopNames.Slots));
        for (ULONG k = 0; k < old_capacity; k++)
            if (old[k].UnixName) {
                for (i = old[k].Hash & (IopNames.Capacity - 1); IopNames.Slots[i].UnixName;)
                    i = (i + 1) & (IopNames.Capacity - 1);
                IopNames.Slots[i] = old[k];
            }
        free(old);
    }
    for (i = hash & (IopNames.Capacity - 1); IopNames.Slots[i].UnixName; i = (i + 1) & (IopNames.Capacity - 1))
        ;
    IopNames.Slots[i].UnixName = unix_name;
    IopNames.Slots[i].Hash = hash;
    IopNames.Count++;
}

static void IopClearNames(void)
{
    for (ULONG i = 0; i < IopNames.Capacity; i++)
        free(IopNames.Slots[i].UnixName);
    memset(IopNames.Slots, 0, IopNames.Capacity * sizeof(*IopNames.Slots));
    IopNames.Count = 0;
    IopNames.Valid = false;
}

static bool IopNamesDescribe(const struct stat *st)
{
    return IopNames.Valid && IopNames.Device == st->st_dev && IopNames.Inode == st->st_ino &&
           IopNames.Modified.tv_sec == st->st_mtim.tv_sec && IopNames.Modified.tv_nsec == st->st_mtim.tv_nsec;
}

static bool IopReadNames(int dir_fd, const struct stat *st)
{
    int fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct dirent *entry;
    DIR *dir;

    IopClearNames();
    if (fd < 0)
        return false;
    if (!(dir = fdopendir(fd))) {
        close(fd);
        return false;
    }
    while ((entry = readdir(dir)))
        IopInsertName(HostStrdup(entry->d_name));
    closedir(dir);
    IopNames.Device = st->st_dev;
    IopNames.Inode = st->st_ino;
    IopNames.Modified = st->st_mtim;
    IopNames.Valid = true;
    return true;
}

/* The entry of the directory dir_fd named name without regard to case, or NULL; the caller frees it. */
/* A name in another case, found: first as all lower case, which Linux trees mostly are (system32's DLLs,
 * asked for as "KERNEL32.dll"), then by the directory's table of names. */
static char *IopFindCaseBlind(int dir_fd, const WCHAR *name, USHORT length);

static char *IopFindOtherCase(int dir_fd, const char *utf8, const WCHAR *name, USHORT length)
{
    char *lower = HostStrdup(utf8);
    struct stat st;
    bool changed = false;

    for (char *p = lower; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a'), changed = true;
    if (changed && !fstatat(dir_fd, lower, &st, AT_SYMLINK_NOFOLLOW))
        return lower;
    free(lower);
    return IopFindCaseBlind(dir_fd, name, length);
}

static char *IopFindCaseBlind(int dir_fd, const WCHAR *name, USHORT length)
{
    ULONG hash = IopHashName(name, length);
    char *found = NULL;
    struct stat st;

    if (fstat(dir_fd, &st))
        return NULL;
    pthread_mutex_lock(&IopNamesLock);
    if (IopNamesDescribe(&st) || IopReadNames(dir_fd, &st))
        for (ULONG i = hash & (IopNames.Capacity - 1); !found && IopNames.Slots[i].UnixName;
             i = (i + 1) & (IopNames.Capacity - 1)) {
            WCHAR wide[256];
            SIZE_T units;
            if (IopNames.Slots[i].Hash != hash)
                continue;
            units = RtlpUtf8ToUtf16(IopNames.Slots[i].UnixName, strlen(IopNames.Slots[i].UnixName), wide, 256);
            if (units == length && RtlpEqualNames(wide, units, name, length, TRUE))
                found = HostStrdup(IopNames.Slots[i].UnixName);
        }
    pthread_mutex_unlock(&IopNamesLock);
    return found;
}

void IopNoteNewName(int dir_fd, const char *name)
{
    struct stat st;

    if (fstat(dir_fd, &st))
        return;
    pthread_mutex_lock(&IopNamesLock);
    if (IopNames.Valid && IopNames.Device == st.st_dev && IopNames.Inode == st.st_ino) {
        IopInsertName(HostStrdup(name));
        IopNames.Modified = st.st_mtim;
    }
    pthread_mutex_unlock(&IopNamesLock);
}

void IopForgetNames(void)
{
    pthread_mutex_lock(&IopNamesLock);
    IopNames.Valid = false;
    pthread_mutex_unlock(&IopNamesLock);
}

static char *IopComponentToUtf8(const WCHAR *name, USHORT length)
{
    SIZE_T size = RtlpUtf16ToUtf8(name, length, NULL, 0);
    char *utf8 = HostAlloc(size + 1);
    RtlpUtf16ToUtf8(name, length, utf8, size);
    utf8[size] = 0;
    return utf8;
}

/* Whether the last component exists, what it leads to, and whether it is a symbolic link; one stat for what is
 * not a link. */
static bool IopStatName(int dir, const char *name, IOP_PATH *out)
{
    out->IsLink = false;
    out->Exists = !fstatat(dir, name, &out->Stat, AT_SYMLINK_NOFOLLOW);
    if (out->Exists && S_ISLNK(out->Stat.st_mode)) {
        out->IsLink = true;
        out->Exists = !fstatat(dir, name, &out->Stat, 0);
    }
    return out->Exists;
}

NTSTATUS IopLookupPath(int start_fd, const WCHAR *path, USHORT length, IOP_PATH *out)
{
    USHORT pos = length && path[0] == '\\' ? 1 : 0;
    int dir = fcntl(start_fd, F_DUPFD_CLOEXEC, 0);

    memset(out, 0, sizeof(*out));
    out->ParentFd = -1;
    if (dir < 0)
        return HostErrnoToStatus(errno);
    /* A trailing backslash names a directory. */
    if (length > pos && path[length - 1] == '\\') {
        out->MustBeDirectory = true;
        length--;
    }
    if (pos >= length) {
        out->ParentFd = dir;
        out->Name = HostStrdup(".");
        out->Exists = !fstatat(dir, ".", &out->Stat, 0);
        return STATUS_SUCCESS;
    }
    for (;;) {
        USHORT start = pos;
        char *name, *found;
        int fd;

        while (pos < length && path[pos] != '\\')
            pos++;
        if (!IopValidComponent(path + start, (USHORT)(pos - start))) {
            close(dir);
            return STATUS_OBJECT_NAME_INVALID;
        }
        name = IopComponentToUtf8(path + start, (USHORT)(pos - start));
        if (pos >= length) {
            out->ParentFd = dir;
            if (!IopStatName(dir, name, out) && errno == ENOENT &&
                (found = IopFindOtherCase(dir, name, path + start, (USHORT)(pos - start)))) {
                free(name);
                name = found;
                IopStatName(dir, name, out);
            }
            out->Name = name;
            return STATUS_SUCCESS;
        }
        fd = openat(dir, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0 && errno == ENOENT && (found = IopFindOtherCase(dir, name, path + start, (USHORT)(pos - start)))) {
            fd = openat(dir, found, O_PATH | O_DIRECTORY | O_CLOEXEC);
            free(found);
        }
        free(name);
        close(dir);
        if (fd < 0)
            return errno == ENOENT || errno == ENOTDIR ? STATUS_OBJECT_PATH_NOT_FOUND : HostErrnoToStatus(errno);
        dir = fd;
        pos++;
    }
}

/* Open-by-ID's search: Linux finds no file by its inode number, so directories are read for it, breadth first,
 * staying on one file system, until IOP_FILE_ID_SEARCH_LIMIT entries have been looked at. */
#define IOP_FILE_ID_SEARCH_LIMIT 200000

typedef struct {
    char **Paths;       /* directories still to read, relative to the search's start */
    ULONG Head, Count, Capacity;
    ULONG Budget;       /* entries that may still be looked at */
} IOP_ID_SEARCH;

static void IopQueueDirectory(IOP_ID_SEARCH *search, char *path)
{
    if (search->Head + search->Count == search->Capacity) {
        if (search->Head) {
            memmove(search->Paths, search->Paths + search->Head, search->Count * sizeof(char *));
            search->Head = 0;
        } else {
            search->Capacity = search->Capacity ? search->Capacity * 2 : 64;
            search->Paths = HostRealloc(search->Paths, search->Capacity * sizeof(char *));
        }
    }
    search->Paths[search->Head + search->Count++] = path;
}

/* Read one directory (start_fd's relative path) for the inode; queue its subdirectories. */
static bool IopSearchDirectory(IOP_ID_SEARCH *search, int start_fd, const char *path, dev_t device, ino_t id,
                               IOP_PATH *out)
{
    int fd = openat(start_fd, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    struct dirent *entry;
    struct stat st;
    bool found = false;
    DIR *dir;

    if (fd < 0)
        return false;
    if (fstat(fd, &st) || st.st_dev != device || !(dir = fdopendir(fd))) {
        close(fd);
        return false;
    }
    while (!found && search->Budget && (entry = readdir(dir))) {
        search->Budget--;
        if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
            continue;
        if (entry->d_ino == id && !fstatat(fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) && st.st_ino == id &&
            st.st_dev == device) {
            out->ParentFd = openat(fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
            out->Name = HostStrdup(entry->d_name);
            out->Exists = !fstatat(fd, entry->d_name, &out->Stat, 0);
            found = out->ParentFd >= 0 && out->Exists;
        } else if (entry->d_type == DT_DIR) {
            size_t size = strlen(path) + strlen(entry->d_name) + 2;
            char *child = HostAlloc(size);
            snprintf(child, size, "%s/%s", path, entry->d_name);
            IopQueueDirectory(search, child);
        }
    }
    closedir(dir);
    return found;
}

static bool IopSearchTree(int start_fd, dev_t device, ino_t id, ULONG *budget, IOP_PATH *out)
{
    IOP_ID_SEARCH search = {.Budget = *budget};
    bool found = false;

    IopQueueDirectory(&search, HostStrdup("."));
    while (search.Count) {
        char *path = search.Paths[search.Head++];
        search.Count--;
        if (!found && search.Budget)
            found = IopSearchDirectory(&search, start_fd, path, device, id, out);
        free(path);
    }
    free(search.Paths);
    *budget = search.Budget;
    return found;
}

NTSTATUS IopLookupFileId(int root_fd, ULONGLONG id, IOP_PATH *out)
{
    char *root_path = IopDescriptorPath(root_fd);
    const char *drive_c = IopDriveC();
    size_t n = strlen(drive_c);
    ULONG budget = IOP_FILE_ID_SEARCH_LIMIT;
    struct stat st;
    int volume;

    memset(out, 0, sizeof(*out));
    out->ParentFd = -1;
    if (!root_path || fstat(root_fd, &st)) {
        free(root_path);
        return STATUS_INVALID_PARAMETER;
    }
    if (st.st_ino == id) {
        out->ParentFd = fcntl(root_fd, F_DUPFD_CLOEXEC, 0);
        out->Name = HostStrdup(".");
        out->Exists = true;
        out->Stat = st;
        free(root_path);
        return out->ParentFd < 0 ? HostErrnoToStatus(errno) : STATUS_SUCCESS;
    }
    /* First the tree below the handle given, where the ID most likely came from, then the whole volume. */
    if (S_ISDIR(st.st_mode) && IopSearchTree(root_fd, st.st_dev, (ino_t)id, &budget, out)) {
        free(root_path);
        return STATUS_SUCCESS;
    }
    IopReleasePath(out);
    volume = open(!strncmp(root_path, drive_c, n) && (root_path[n] == '/' || !root_path[n]) ? drive_c : "/",
                  O_PATH | O_DIRECTORY | O_CLOEXEC);
    free(root_path);
    if (volume >= 0 && IopSearchTree(volume, st.st_dev, (ino_t)id, &budget, out)) {
        close(volume);
        return STATUS_SUCCESS;
    }
    if (volume >= 0)
        close(volume);
    IopReleasePath(out);
    return STATUS_INVALID_PARAMETER; /* as NTFS answers an ID no file has */
}

void IopReleasePath(IOP_PATH *path)
{
    if (path->ParentFd >= 0)
        close(path->ParentFd);
    free(path->Name);
    memset(path, 0, sizeof(*path));
    path->ParentFd = -1;
}

static LONGLONG IopTime(const struct timespec *ts)
{
    return (LONGLONG)ts->tv_sec * 10000000 + ts->tv_nsec / 100 + KE_TICKS_1601_TO_1970;
}

#define IOP_DOS_XATTR "user.DOSATTRIB"

ULONG IopReadDosAttributes(const char *path)
{
    char value[32];
    ssize_t n = getxattr(path, IOP_DOS_XATTR, value, sizeof(value) - 1);

    if (n <= 2 || value[0] != '0' || (value[1] != 'x' && value[1] != 'X'))
        return IOP_NO_DOS_ATTRIBUTES;
    value[n] = 0;
    return (ULONG)strtoul(value + 2, NULL, 16) & IOP_DOS_ATTRIBUTES;
}

NTSTATUS IopWriteDosAttributes(const char *path, ULONG attributes)
{
    char value[32];
    int n = snprintf(value, sizeof(value), "0x%x", (unsigned)(attributes & IOP_DOS_ATTRIBUTES));

    return setxattr(path, IOP_DOS_XATTR, value, (size_t)n, 0) ? HostErrnoToStatus(errno) : STATUS_SUCCESS;
}

/* Linux keeps no creation time in struct stat: the older of the change and modification times is the
 * nearest. Without attributes of its own a file is to be archived, and dot files are hidden, as Windows programs
 * expect of them. */
void IopFillBasicInformation(const struct stat *st, const char *name, ULONG dos, FILE_BASIC_INFORMATION *info)
{
    const char *base = strrchr(name, '/');

    base = base ? base + 1 : name;
    info->LastWriteTime.QuadPart = IopTime(&st->st_mtim);
    info->LastAccessTime.QuadPart = IopTime(&st->st_atim);
    info->ChangeTime.QuadPart = IopTime(&st->st_ctim);
    info->CreationTime.QuadPart = info->ChangeTime.QuadPart < info->LastWriteTime.QuadPart
                                      ? info->ChangeTime.QuadPart : info->LastWriteTime.QuadPart;
    if (dos != IOP_NO_DOS_ATTRIBUTES)
        info->FileAttributes = dos | (S_ISDIR(st->st_mode) ? FILE_ATTRIBUTE_DIRECTORY : 0);
    else
        info->FileAttributes = S_ISDIR(st->st_mode) ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_ARCHIVE;
    if (!(st->st_mode & 0222))
        info->FileAttributes |= FILE_ATTRIBUTE_READONLY;
    if (dos == IOP_NO_DOS_ATTRIBUTES && base[0] == '.' && strcmp(base, ".") && strcmp(base, ".."))
        info->FileAttributes |= FILE_ATTRIBUTE_HIDDEN;
    if (!info->FileAttributes)
        info->FileAttributes = FILE_ATTRIBUTE_NORMAL;
}

void IopFillNetworkOpenInformation(const struct stat *st, const char *name, ULONG dos,
                                   FILE_NETWORK_OPEN_INFORMATION *info)
{
    FILE_BASIC_INFORMATION basic;

    IopFillBasicInformation(st, name, dos, &basic);
    info->CreationTime = basic.CreationTime;
    info->LastAccessTime = basic.LastAccessTime;
    info->LastWriteTime = basic.LastWriteTime;
    info->ChangeTime = basic.ChangeTime;
    info->AllocationSize.QuadPart = S_ISDIR(st->st_mode) ? 0 : (LONGLONG)st->st_blocks * 512;
    info->EndOfFile.QuadPart = S_ISDIR(st->st_mode) ? 0 : st->st_size;
    info->FileAttributes = basic.FileAttributes;
}
