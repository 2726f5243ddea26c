/* The command line and environment a Windows program receives, built from the Linux ones. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "host/host.h"
#include "io/io.h"
#include "ps/ps.h"
#include "rtl/unicode.h"

typedef struct {
    char *data;
    size_t len, cap;
} PSP_BUFFER;

static void PspPut(PSP_BUFFER *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        char *grown = HostAlloc(b->cap);
        if (b->len)
            memcpy(grown, b->data, b->len);
        free(b->data);
        b->data = grown;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

static void PspPutc(PSP_BUFFER *b, char c)
{
    PspPut(b, &c, 1);
}

/* Quote one argument by the rules CommandLineToArgvW undoes: backslashes are literal unless they precede
 * a quote, where each is doubled and the quote escaped. */
static void PspQuoteArgument(PSP_BUFFER *b, const char *arg)
{
    if (*arg && !strpbrk(arg, " \t\n\v\"")) {
        PspPut(b, arg, strlen(arg));
        return;
    }
    PspPutc(b, '"');
    for (const char *p = arg;; p++) {
        size_t backslashes = 0;
        while (*p == '\\') {
            backslashes++;
            p++;
        }
        if (!*p) {
            for (size_t i = 0; i < backslashes * 2; i++)
                PspPutc(b, '\\');
            break;
        }
        if (*p == '"') {
            for (size_t i = 0; i < backslashes * 2 + 1; i++)
                PspPutc(b, '\\');
        } else {
            for (size_t i = 0; i < backslashes; i++)
                PspPutc(b, '\\');
        }
        PspPutc(b, *p);
    }
    PspPutc(b, '"');
}

char *PsBuildCommandLine(const char *image_dos_path, int argc, char **argv)
{
    PSP_BUFFER b = {0};

    /* The program name is split at the first space unless quoted, with no escapes: quote it whole. */
    if (strpbrk(image_dos_path, " \t")) {
        PspPutc(&b, '"');
        PspPut(&b, image_dos_path, strlen(image_dos_path));
        PspPutc(&b, '"');
    } else {
        PspPut(&b, image_dos_path, strlen(image_dos_path));
    }
    for (int i = 1; i < argc; i++) {
        PspPutc(&b, ' ');
        PspQuoteArgument(&b, argv[i]);
    }
    return b.data;
}

typedef struct {
    char *name;  /* "NAME=value", UTF-8 */
} PSP_VARIABLE;

static int PspCompareVariables(const void *a, const void *b)
{
    const char *x = ((const PSP_VARIABLE *)a)->name, *y = ((const PSP_VARIABLE *)b)->name;
    for (;; x++, y++) {
        int cx = *x == '=' ? 0 : toupper((unsigned char)*x), cy = *y == '=' ? 0 : toupper((unsigned char)*y);
        if (cx != cy || !cx)
            return cx - cy;
    }
}

static bool PspSameName(const char *a, const char *b)
{
    size_t la = strcspn(a, "="), lb = strcspn(b, "=");
    return la == lb && !strncasecmp(a, b, la);
}

WCHAR *PsBuildEnvironment(char **envp, SIZE_T *size_bytes)
{
    char host[256] = "VELES", buf[8192];
    const char *user = HostUserName();
    const char *unix_path = NULL;
    PSP_VARIABLE *vars;
    size_t n = 0, cap, units = 1;
    PSP_BUFFER path = {0};
    WCHAR *block, *out;

    gethostname(host, sizeof(host) - 1);
    host[strcspn(host, ".")] = 0;
    for (char *p = host; *p; p++)
        *p = (char)toupper((unsigned char)*p);

    /* The Linux PATH stays reachable, as Z: paths after Windows' own directories. */
    static const char windows_path[] = "PATH=C:\\windows\\system32;C:\\windows;C:\\windows\\system32\\wbem";
    PspPut(&path, windows_path, sizeof(windows_path) - 1);
    for (char **e = envp; *e; e++)
        if (!strncmp(*e, "PATH=", 5))
            unix_path = *e + 5;
    if (unix_path) {
        char *copy = HostStrdup(unix_path), *save = NULL;
        for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
            if (*dir != '/')
                continue;
            char *dos = IoUnixPathToDos(dir);
            PspPutc(&path, ';');
            PspPut(&path, dos, strlen(dos));
            free(dos);
        }
        free(copy);
    }

    const char *windows[] = {
        "ALLUSERSPROFILE=C:\\ProgramData",
        "APPDATA=C:\\users\\%1$s\\AppData\\Roaming",
        "CommonProgramFiles=C:\\Program Files\\Common Files",
        "CommonProgramFiles(x86)=C:\\Program Files (x86)\\Common Files",
        "CommonProgramW6432=C:\\Program Files\\Common Files",
        "COMPUTERNAME=%2$s",
        "ComSpec=C:\\windows\\system32\\cmd.exe",
        "HOMEDRIVE=C:",
        "HOMEPATH=\\users\\%1$s",
        "LOCALAPPDATA=C:\\users\\%1$s\\AppData\\Local",
        "NUMBER_OF_PROCESSORS=%3$u",
        "OS=Windows_NT",
        "PATHEXT=.COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC",
        "PROCESSOR_ARCHITECTURE=AMD64",
        "ProgramData=C:\\ProgramData",
        "ProgramFiles=C:\\Program Files",
        "ProgramFiles(x86)=C:\\Program Files (x86)",
        "ProgramW6432=C:\\Program Files",
        "PUBLIC=C:\\users\\Public",
        "SystemDrive=C:",
        "SystemRoot=C:\\windows",
        "TEMP=C:\\users\\%1$s\\AppData\\Local\\Temp",
        "TMP=C:\\users\\%1$s\\AppData\\Local\\Temp",
        "USERDOMAIN=%2$s",
        "USERNAME=%1$s",
        "USERPROFILE=C:\\users\\%1$s",
        "windir=C:\\windows",
        /* Where Wine's advapi32, which Veles runs, finds the user's name for GetUserNameW. */
        "WINEUSERNAME=%1$s",
    };
    size_t nwin = sizeof(windows) / sizeof(windows[0]);
    size_t nenv = 0;
    while (envp[nenv])
        nenv++;
    cap = nwin + nenv + 1;
    vars = HostAlloc(cap * sizeof(*vars));
    vars[n++].name = path.data;
    for (size_t i = 0; i < nwin; i++) {
        snprintf(buf, sizeof(buf), windows[i], user, host, (unsigned)HostProcessorCount());
        vars[n++].name = HostStrdup(buf);
    }
    for (size_t i = 0; i < nenv; i++) {
        bool clash = envp[i][0] == '=' || !strchr(envp[i], '=');
        for (size_t k = 0; k < n && !clash; k++)
            clash = PspSameName(vars[k].name, envp[i]);
        if (!clash)
            vars[n++].name = HostStrdup(envp[i]);
    }
    qsort(vars, n, sizeof(*vars), PspCompareVariables);

    for (size_t i = 0; i < n; i++)
        units += RtlpUtf8ToUtf16(vars[i].name, strlen(vars[i].name), NULL, 0) + 1;
    block = out = HostAlloc(units * sizeof(WCHAR));
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(vars[i].name);
        out += RtlpUtf8ToUtf16(vars[i].name, len, out, units - (size_t)(out - block));
        *out++ = 0;
        free(vars[i].name);
    }
    *out++ = 0;
    free(vars);
    *size_bytes = (SIZE_T)(out - block) * sizeof(WCHAR);
    return block;
}
