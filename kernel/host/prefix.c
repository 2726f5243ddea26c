/* The prefix ($VELES_PREFIX, default ~/.veles) and where veles itself is installed. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "host/host.h"

/* One field (0: the name, 5: the home directory) of this user's line in /etc/passwd, or NULL. Read here rather
 * than through getpwuid: veles is linked statically, and NSS would want glibc's shared libraries back. */
static const char *HostpPasswdField(int field, char *out, size_t size)
{
    char line[1024];
    const char *found = NULL;
    FILE *f = fopen("/etc/passwd", "re");

    while (f && !found && fgets(line, sizeof(line), f)) {
        char *fields[7] = {line}, *p = line;
        int n = 1;
        while (n < 7 && (p = strchr(p, ':'))) {
            *p++ = 0;
            fields[n++] = p;
        }
        if (n < 7 || strtoul(fields[2], NULL, 10) != getuid())
            continue;
        fields[6][strcspn(fields[6], "\n")] = 0;
        snprintf(out, size, "%s", fields[field]);
        found = out;
    }
    if (f)
        fclose(f);
    return found;
}

const char *HostPrefixPath(void)
{
    static char path[PATH_MAX];
    const char *env, *home;

    if (*path)
        return path;
    if ((env = getenv("VELES_PREFIX")) && *env) {
        snprintf(path, sizeof(path), "%s", env);
    } else {
        char entry[PATH_MAX];
        home = getenv("HOME");
        if ((!home || !*home) && !(home = HostpPasswdField(5, entry, sizeof(entry))))
            home = "/tmp";
        snprintf(path, sizeof(path), "%s/.veles", home);
    }
    return path;
}

const char *HostUserName(void)
{
    static char name[128];
    const char *env = getenv("USER");

    if (*name)
        return name;
    if (!env || !*env)
        env = getenv("LOGNAME");
    char entry[128];
    if (!env || !*env)
        env = HostpPasswdField(0, entry, sizeof(entry));
    snprintf(name, sizeof(name), "%s", env && *env && !strchr(env, '/') ? env : "user");
    return name;
}

ULONG HostProcessorCount(void)
{
    static ULONG count;

    if (!count) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        count = n > 0 ? (ULONG)n : 1;
    }
    return count;
}

SIZE_T HostProcBytes(const char *file, const char *key)
{
    char line[128];
    size_t n = strlen(key);
    unsigned long long kb = 0;
    FILE *f = fopen(file, "re");

    if (!f)
        return 0;
    while (fgets(line, sizeof(line), f))
        if (!strncmp(line, key, n) && line[n] == ':' && sscanf(line + n + 1, "%llu", &kb) == 1)
            break;
    fclose(f);
    return (SIZE_T)kb * 1024;
}

bool HostReadLine(char *line, size_t size, const char *fmt, ...)
{
    char path[128];
    va_list ap;
    FILE *f;
    bool ok;

    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    if (!(f = fopen(path, "re")))
        return false;
    ok = fgets(line, (int)size, f) != NULL;
    fclose(f);
    if (ok)
        line[strcspn(line, "\n")] = 0;
    return ok;
}

const char *HostInstallDirectory(void)
{
    static char dir[PATH_MAX];
    ssize_t n;

    if (*dir)
        return dir;
    n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
    if (n <= 0)
        strcpy(dir, ".");
    else {
        dir[n] = 0;
        *strrchr(dir, '/') = 0;
    }
    return dir;
}

int HostMakeDirectories(const char *path)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof(buf), "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(buf, 0755) && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

/* The first of the candidate directories (NULL entries skipped) that holds marker, or NULL. */
static const char *HostpFindDirectory(const char *const *candidates, size_t count, const char *marker)
{
    char path[PATH_MAX + 64];

    for (size_t i = 0; i < count; i++) {
        if (!candidates[i] || !*candidates[i])
            continue;
        snprintf(path, sizeof(path), "%s/%s", candidates[i], marker);
        if (!access(path, R_OK))
            return candidates[i];
    }
    return NULL;
}

/* Link into system32 every file of source whose name ends in one of the suffixes (but ntdll.dll: ours is
 * the one), when marker is missing there: on the first run, or the first after Wine was installed. Files
 * already in system32 are left as they are. */
static NTSTATUS HostpLinkFiles(const char *system32, const char *source, const char *marker,
                               const char *const *suffixes, size_t suffix_count)
{
    char path[PATH_MAX + 512], target[PATH_MAX + 512];
    struct dirent *entry;
    struct stat st;
    DIR *dir;

    snprintf(path, sizeof(path), "%s/%s", system32, marker);
    if (!source || !lstat(path, &st) || !(dir = opendir(source)))
        return STATUS_SUCCESS;
    while ((entry = readdir(dir))) {
        const char *dot = strrchr(entry->d_name, '.');
        bool wanted = false;
        for (size_t i = 0; dot && i < suffix_count; i++)
            wanted |= !strcasecmp(dot, suffixes[i]);
        if (!wanted || entry->d_name[0] == '.' || !strcasecmp(entry->d_name, "ntdll.dll"))
            continue;
        if ((size_t)snprintf(path, sizeof(path), "%s/%s", system32, entry->d_name) >= sizeof(path) ||
            (size_t)snprintf(target, sizeof(target), "%s/%s", source, entry->d_name) >= sizeof(target))
            continue;
        if (symlink(target, path) && errno != EEXIST) {
            NTSTATUS status = HostErrnoToStatus(errno);
            closedir(dir);
            return status;
        }
    }
    closedir(dir);
    return STATUS_SUCCESS;
}

/* system32 holds links to the Win32 DLLs of the system's Wine (Debian's libwine, or $VELES_WINE_DLLS) and
 * to its code page and locale tables ($VELES_WINE_NLS). */
static NTSTATUS HostpLinkWin32Files(const char *system32)
{
    const char *dlls[] = {getenv("VELES_WINE_DLLS"), "/usr/lib/x86_64-linux-gnu/wine/x86_64-windows",
                          "/usr/lib/wine/x86_64-windows", "/usr/local/lib/wine/x86_64-windows"};
    const char *nls[] = {getenv("VELES_WINE_NLS"), "/usr/share/wine/nls", "/usr/local/share/wine/nls"};
    static const char *const binaries[] = {".dll", ".exe", ".drv", ".sys", ".ocx", ".cpl", ".acm", ".tlb"};
    static const char *const tables[] = {".nls"};
    NTSTATUS status = HostpLinkFiles(system32, HostpFindDirectory(dlls, 4, "kernel32.dll"), "apisetschema.dll",
                                     binaries, sizeof(binaries) / sizeof(binaries[0]));

    if (status)
        return status;
    return HostpLinkFiles(system32, HostpFindDirectory(nls, 3, "c_1252.nls"), "c_1252.nls", tables, 1);
}

/* Create what a program expects on C: once; later runs only check that system32 is there. The ntdll
 * in system32 is a link to the one veles runs with, so the two never differ. */
/* system32's name for one of Veles' own DLLs: a link to it, made again when it points elsewhere. */
static NTSTATUS HostpLinkOwn(const char *prefix, const char *source, const char *name)
{
    char path[PATH_MAX + 64], target[PATH_MAX], current[PATH_MAX];
    ssize_t n;

    snprintf(path, sizeof(path), "%s/drive_c/windows/system32/%s", prefix, name);
    if (!realpath(source, target))
        return STATUS_SUCCESS;
    n = readlink(path, current, sizeof(current) - 1);
    if (n < 0 || (current[n] = 0, strcmp(current, target))) {
        /* Made aside and renamed over the old one: processes that start at once in a new prefix all succeed. */
        char temporary[PATH_MAX + 96];
        snprintf(temporary, sizeof(temporary), "%s.%d", path, (int)getpid());
        unlink(temporary);
        if (symlink(target, temporary) || rename(temporary, path)) {
            NTSTATUS status = HostErrnoToStatus(errno);
            unlink(temporary);
            return status;
        }
    }
    return STATUS_SUCCESS;
}

NTSTATUS HostEnsurePrefix(const char *ntdll_path)
{
    char path[PATH_MAX], target[PATH_MAX];
    const char *prefix = HostPrefixPath();
    const char *user = HostUserName();
    static const char *const dirs[] = {
        "drive_c/windows/system32", "drive_c/windows/temp", "drive_c/ProgramData", "drive_c/Program Files",
        "drive_c/Program Files (x86)", "drive_c/users/Public",
    };
    struct stat st;
    NTSTATUS status;

    snprintf(path, sizeof(path), "%s/drive_c/windows/system32", prefix);
    if (stat(path, &st)) {
        for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
            snprintf(path, sizeof(path), "%s/%s", prefix, dirs[i]);
            if (HostMakeDirectories(path))
                return HostErrnoToStatus(errno);
        }
        snprintf(path, sizeof(path), "%s/drive_c/users/%s/AppData/Local/Temp", prefix, user);
        if (HostMakeDirectories(path))
            return HostErrnoToStatus(errno);
        snprintf(path, sizeof(path), "%s/drive_c/users/%s/AppData/Roaming", prefix, user);
        if (HostMakeDirectories(path))
            return HostErrnoToStatus(errno);
    }
    snprintf(path, sizeof(path), "%s/drive_c/windows/system32", prefix);
    if ((status = HostpLinkWin32Files(path)))
        return status;
    /* Ours, beside the running ntdll: ntdll.dll and bcryptprimitives.dll. */
    if ((status = HostpLinkOwn(prefix, ntdll_path, "ntdll.dll")))
        return status;
    snprintf(target, sizeof(target), "%s", ntdll_path);
    char *slash = strrchr(target, '/');
    snprintf(slash ? slash + 1 : target, sizeof(target) - (size_t)(slash ? slash + 1 - target : 0),
             "bcryptprimitives.dll");
    return access(target, R_OK) ? STATUS_SUCCESS : HostpLinkOwn(prefix, target, "bcryptprimitives.dll");
}
