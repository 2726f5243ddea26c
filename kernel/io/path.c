/* Linux paths as DOS paths: under the prefix's drive_c they are on C:, everything else is on Z: (= /). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host/host.h"
#include "io/io.h"

char *IoUnixPathToDos(const char *unix_path)
{
    char resolved[PATH_MAX], drive_c[PATH_MAX + 16];
    const char *rest = resolved;
    char drive = 'Z';
    char *dos;
    size_t n;

    if (!realpath(unix_path, resolved)) {
        strncpy(resolved, unix_path, sizeof(resolved) - 1);
        resolved[sizeof(resolved) - 1] = 0;
    }
    snprintf(drive_c, sizeof(drive_c), "%s/drive_c", HostPrefixPath());
    n = strlen(drive_c);
    if (!strncmp(resolved, drive_c, n) && (resolved[n] == '/' || !resolved[n])) {
        drive = 'C';
        rest = resolved + n;
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
