/* Linux paths as DOS paths: under the prefix's drive_c they are on C:, everything else is on Z: (= /). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "host/host.h"
#include "io/io.h"

/* Under drive_c (symbolic links resolved, as the prefix may be reached through one) a path is on C:;
 * elsewhere it stays as given, made absolute, on Z:. */
char *IoUnixPathToDos(const char *unix_path)
{
    char resolved[PATH_MAX], drive_c[PATH_MAX + 16], absolute[PATH_MAX * 2];
    const char *rest;
    char drive = 'Z';
    char *dos;
    size_t n;

    if (unix_path[0] == '/' || !getcwd(absolute, PATH_MAX))
        snprintf(absolute, sizeof(absolute), "%s", unix_path);
    else
        snprintf(absolute + strlen(absolute), sizeof(absolute) - strlen(absolute), "/%s", unix_path);
    rest = absolute;
    snprintf(drive_c, sizeof(drive_c), "%s/drive_c", HostPrefixPath());
    if (realpath(unix_path, resolved)) {
        char prefix[PATH_MAX];
        if (realpath(drive_c, prefix))
            snprintf(drive_c, sizeof(drive_c), "%s", prefix);
        n = strlen(drive_c);
        if (!strncmp(resolved, drive_c, n) && (resolved[n] == '/' || !resolved[n])) {
            drive = 'C';
            rest = resolved + n;
        }
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
