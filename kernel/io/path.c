/* Paths: NT paths inside a volume looked up without regard to case, and Linux paths as DOS paths (under
 * the prefix's drive_c they are on C:, everything else is on Z:, which is /). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "host/host.h"
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

/* The entry of the directory dir_fd named name without regard to case, or NULL; the caller frees it. */
static char *IopFindCaseBlind(int dir_fd, const WCHAR *name, USHORT length)
{
    int fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    char *found = NULL;
    struct dirent *entry;
    DIR *dir;

    if (fd < 0)
        return NULL;
    if (!(dir = fdopendir(fd))) {
        close(fd);
        return NULL;
    }
    while (!found && (entry = readdir(dir))) {
        WCHAR wide[256];
        SIZE_T units = RtlpUtf8ToUtf16(entry->d_name, strlen(entry->d_name), wide, 256);
        if (units == length && RtlpEqualNames(wide, units, name, length, TRUE))
            found = HostStrdup(entry->d_name);
    }
    closedir(dir);
    return found;
}

static char *IopComponentToUtf8(const WCHAR *name, USHORT length)
{
    SIZE_T size = RtlpUtf16ToUtf8(name, length, NULL, 0);
    char *utf8 = HostAlloc(size + 1);
    RtlpUtf16ToUtf8(name, length, utf8, size);
    utf8[size] = 0;
    return utf8;
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
            out->Exists = !fstatat(dir, name, &out->Stat, 0);
            if (!out->Exists && errno == ENOENT && (found = IopFindCaseBlind(dir, path + start, pos - start))) {
                free(name);
                name = found;
                out->Exists = !fstatat(dir, name, &out->Stat, 0);
            }
            out->Name = name;
            return STATUS_SUCCESS;
        }
        fd = openat(dir, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0 && errno == ENOENT && (found = IopFindCaseBlind(dir, path + start, pos - start))) {
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

/* Linux keeps no creation time in struct stat: the older of the change and modification times is the
 * nearest. Dot files are hidden, as Windows programs expect of them. */
void IopFillBasicInformation(const struct stat *st, const char *name, FILE_BASIC_INFORMATION *info)
{
    const char *base = strrchr(name, '/');

    base = base ? base + 1 : name;
    info->LastWriteTime.QuadPart = IopTime(&st->st_mtim);
    info->LastAccessTime.QuadPart = IopTime(&st->st_atim);
    info->ChangeTime.QuadPart = IopTime(&st->st_ctim);
    info->CreationTime.QuadPart = info->ChangeTime.QuadPart < info->LastWriteTime.QuadPart
                                      ? info->ChangeTime.QuadPart : info->LastWriteTime.QuadPart;
    info->FileAttributes = S_ISDIR(st->st_mode) ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_ARCHIVE;
    if (!(st->st_mode & 0222))
        info->FileAttributes |= FILE_ATTRIBUTE_READONLY;
    if (base[0] == '.' && strcmp(base, ".") && strcmp(base, ".."))
        info->FileAttributes |= FILE_ATTRIBUTE_HIDDEN;
}

void IopFillNetworkOpenInformation(const struct stat *st, const char *name, FILE_NETWORK_OPEN_INFORMATION *info)
{
    FILE_BASIC_INFORMATION basic;

    IopFillBasicInformation(st, name, &basic);
    info->CreationTime = basic.CreationTime;
    info->LastAccessTime = basic.LastAccessTime;
    info->LastWriteTime = basic.LastWriteTime;
    info->ChangeTime = basic.ChangeTime;
    info->AllocationSize.QuadPart = S_ISDIR(st->st_mode) ? 0 : (LONGLONG)st->st_blocks * 512;
    info->EndOfFile.QuadPart = S_ISDIR(st->st_mode) ? 0 : st->st_size;
    info->FileAttributes = basic.FileAttributes;
}
