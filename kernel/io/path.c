/* Linux paths as DOS paths: under the prefix's drive_c they are on C:, everything else is on Z: (= /). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "host/host.h"
#include "io/io.h"

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
