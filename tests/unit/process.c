/* The command line and environment a Windows program gets (kernel/ps/cmdline.c). */
#include <stdlib.h>
#include <string.h>
#include "ps/ps.h"
#include "unit.h"

/* CommandLineToArgvW's rules, written independently of the quoting under test: the program name ends at
 * the first blank unless quoted; after it 2n backslashes + quote give n backslashes and toggle quoting,
 * 2n+1 give n and a literal quote, other backslashes are literal, and "" inside quotes is a quote. */
static int ParseCommandLine(const char *s, char args[][64], int max)
{
    int argc = 0;

    if (*s == '"') {
        const char *end = strchr(s + 1, '"');
        size_t n = end ? (size_t)(end - s - 1) : strlen(s + 1);
        memcpy(args[argc], s + 1, n);
        args[argc++][n] = 0;
        s += n + 1 + (end != NULL);
    } else {
        size_t n = strcspn(s, " \t");
        memcpy(args[argc], s, n);
        args[argc++][n] = 0;
        s += n;
    }
    for (;;) {
        int quoted = 0;
        size_t len = 0;
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s || argc == max)
            return argc;
        for (;;) {
            if (*s == '\\') {
                size_t n = strspn(s, "\\");
                if (s[n] == '"') {
                    for (size_t i = 0; i < n / 2; i++)
                        args[argc][len++] = '\\';
                    s += n;
                    if (n & 1) {
                        args[argc][len++] = '"';
                        s++;
                    }
                } else {
                    for (size_t i = 0; i < n; i++)
                        args[argc][len++] = '\\';
                    s += n;
                }
            } else if (*s == '"') {
                if (quoted && s[1] == '"') {
                    args[argc][len++] = '"';
                    s += 2;
                } else {
                    quoted = !quoted;
                    s++;
                }
            } else if (!*s || (!quoted && (*s == ' ' || *s == '\t'))) {
                break;
            } else {
                args[argc][len++] = *s++;
            }
        }
        args[argc++][len] = 0;
    }
}

UNIT_TEST(command_line_round_trip)
{
    char *cases[][6] = {
        {"prog", "plain", "two words", "", "tab\there", NULL},
        {"prog", "quote\"inside", "trailing\\", "trail space\\", "\\\\server\\share", NULL},
        {"prog", "f\\\\\"g", "\\\"", "\"", "a\\\\b c", NULL},
        {"prog", "w\xc3\xb6rld", "--opt=\"x y\"", "\\", "\\\\", NULL},
    };
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        int argc = 0;
        char parsed[8][64];
        while (cases[c][argc])
            argc++;
        char *line = PsBuildCommandLine("C:\\Program Files\\app.exe", argc, cases[c]);
        int n = ParseCommandLine(line, parsed, 8);
        CHECK(n == argc, "case %zu: %d arguments back from %s", c, n, line);
        CHECK(!strcmp(parsed[0], "C:\\Program Files\\app.exe"), "case %zu: program name %s", c, parsed[0]);
        for (int i = 1; i < argc && i < n; i++)
            CHECK(!strcmp(parsed[i], cases[c][i]), "case %zu arg %d: [%s] came back as [%s] from %s", c, i,
                  cases[c][i], parsed[i], line);
        free(line);
    }
    char *argv[] = {"prog", "a b", "c\"d", "e\\", "f\\\\\"g", ""};
    char *line = PsBuildCommandLine("Z:\\t\\info.exe", 6, argv);
    CHECK(!strcmp(line, "Z:\\t\\info.exe \"a b\" \"c\\\"d\" e\\ \"f\\\\\\\\\\\"g\" \"\""), "exact quoting: %s", line);
    free(line);
}

static const WCHAR *FindVariable(const WCHAR *block, const char *name)
{
    size_t n = strlen(name);
    for (const WCHAR *p = block; *p;) {
        size_t len = 0, i = 0;
        while (p[len])
            len++;
        while (i < n && p[i] == (WCHAR)name[i])
            i++;
        if (i == n && p[n] == '=')
            return p + n + 1;
        p += len + 1;
    }
    return NULL;
}

static int WideEquals(const WCHAR *w, const char *s)
{
    while (*s && *w == (WCHAR)(unsigned char)*s)
        w++, s++;
    return !*s && !*w;
}

UNIT_TEST(environment_block)
{
    char *envp[] = {"PATH=/usr/bin:relative:/bin", "HOME=/home/u", "os=linux", "LANG=C.UTF-8", "NOEQUALS",
                    "UTF=w\xc3\xb6rld", NULL};
    SIZE_T size;
    WCHAR *block = PsBuildEnvironment(envp, &size);
    const WCHAR *v, *prev = NULL;

    CHECK(size % 2 == 0 && block[size / 2 - 1] == 0 && block[size / 2 - 2] == 0, "double-NUL terminated");
    CHECK((v = FindVariable(block, "PATH")) &&
              WideEquals(v, "C:\\windows\\system32;C:\\windows;C:\\windows\\system32\\wbem;Z:\\usr\\bin;Z:\\bin"),
          "PATH: Windows directories, then the absolute Linux ones as Z: paths");
    CHECK((v = FindVariable(block, "OS")) && WideEquals(v, "Windows_NT"), "OS is Windows_NT, not the Linux os");
    CHECK(!FindVariable(block, "os"), "a variable differing only in case from a Windows one is dropped");
    CHECK((v = FindVariable(block, "HOME")) && WideEquals(v, "/home/u"), "Linux variables pass");
    CHECK(!FindVariable(block, "NOEQUALS"), "an entry without '=' is dropped");
    CHECK((v = FindVariable(block, "UTF")) && v[0] == 'w' && v[1] == 0xf6, "UTF-8 values become UTF-16");
    CHECK(FindVariable(block, "SystemRoot") && FindVariable(block, "windir") && FindVariable(block, "USERPROFILE"),
          "Windows' variables are there");
    /* Sorted without regard to case, as Windows keeps its environment. */
    for (const WCHAR *p = block; *p;) {
        size_t len = 0;
        while (p[len])
            len++;
        if (prev) {
            const WCHAR *a = prev, *b = p;
            int ca, cb;
            do {
                ca = *a == '=' ? 0 : (*a >= 'a' && *a <= 'z' ? *a - 32 : *a);
                cb = *b == '=' ? 0 : (*b >= 'a' && *b <= 'z' ? *b - 32 : *b);
                a++, b++;
            } while (ca == cb && ca);
            CHECK(ca <= cb, "environment sorted");
        }
        prev = p;
        p += len + 1;
    }
    free(block);
}
