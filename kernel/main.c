/* veles FILE [ARGS...]: runs a Windows x86-64 program under the NT personality, an ELF natively, and says
 * clearly what anything else is. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cm/cm.h"
#include "host/host.h"
#include "ke/ke.h"
#include "nt/pe.h"
#include "ps/ps.h"

#ifndef VELES_VERSION
#define VELES_VERSION "0.1"
#endif

#define EXIT_NOT_RUNNABLE 126
#define EXIT_NOT_FOUND 127

typedef enum { FILE_PE_X64, FILE_ELF, FILE_OTHER } FILE_KIND;

static void Usage(FILE *out)
{
    fprintf(out,
            "usage: veles FILE [ARGS...]\n"
            "Runs a Windows x86-64 program (PE) on Linux through Veles' NT personality.\n"
            "An ELF program is run natively with the same arguments.\n"
            "\n"
            "  --help       this text\n"
            "  --version    the version, the Windows version programs see, and the syscall trap mode\n"
            "  --register-binfmt    (root) let Linux run PE files through this veles: ./app.exe\n"
            "  --unregister-binfmt  (root) undo that\n"
            "  reg import FILE | reg export KEY FILE [--regedit4]\n"
            "               import or export regedit's .reg files (veles reg --help)\n"
            "\n"
            "Environment:\n"
            "  VELES_PREFIX   where C: and the registry live (default ~/.veles)\n"
            "  VELES_TRACE    1: print every NT service call; unimpl: only services not yet written\n"
            "  VELES_SUD      inclusive, selector or off: how raw syscall instructions are trapped\n");
}

static const char *MachineName(WORD machine)
{
    switch (machine) {
    case IMAGE_FILE_MACHINE_I386: return "i386 (32-bit x86)";
    case IMAGE_FILE_MACHINE_ARM64: return "ARM64";
    case IMAGE_FILE_MACHINE_ARMNT: return "ARM (32-bit)";
    case IMAGE_FILE_MACHINE_IA64: return "Itanium";
    case 0xA641: return "ARM64EC";
    case 0x01c0: return "ARM";
    default: return NULL;
    }
}

/* Tell what the first bytes of a file make it. On FILE_OTHER, what says what it is. */
static FILE_KIND Classify(const unsigned char *h, size_t n, char *what, size_t whatlen)
{
    ULONG magic = n >= 4 ? (ULONG)h[0] << 24 | (ULONG)h[1] << 16 | (ULONG)h[2] << 8 | h[3] : 0;

    if (n == 0) {
        snprintf(what, whatlen, "an empty file");
        return FILE_OTHER;
    }
    if (n >= 4 && !memcmp(h, "\177ELF", 4))
        return FILE_ELF;
    if (n >= 2 && h[0] == '#' && h[1] == '!') {
        snprintf(what, whatlen, "a script (#!), not a Windows program");
        return FILE_OTHER;
    }
    if (magic == 0xfeedface || magic == 0xfeedfacf || magic == 0xcefaedfe || magic == 0xcffaedfe) {
        snprintf(what, whatlen, "a Mach-O (macOS) executable");
        return FILE_OTHER;
    }
    if (magic == 0xcafebabe) {
        snprintf(what, whatlen, "a Mach-O universal binary or a Java class file");
        return FILE_OTHER;
    }
    if (n >= 64 && h[0] == 'M' && h[1] == 'Z') {
        LONG lfanew;
        memcpy(&lfanew, h + 0x3c, 4);
        if (lfanew < 0 || (size_t)lfanew + 26 > n) {
            snprintf(what, whatlen, "a DOS (MZ) program or a damaged PE image (no PE header)");
            return FILE_OTHER;
        }
        if (!memcmp(h + lfanew, "NE", 2) || !memcmp(h + lfanew, "LE", 2) || !memcmp(h + lfanew, "LX", 2)) {
            snprintf(what, whatlen, "a 16-bit Windows or OS/2 (%.2s) program", h + lfanew);
            return FILE_OTHER;
        }
        if (memcmp(h + lfanew, "PE\0\0", 4)) {
            snprintf(what, whatlen, "a DOS (MZ) program or a damaged PE image (no PE signature)");
            return FILE_OTHER;
        }
        WORD machine, magic_opt, characteristics;
        memcpy(&machine, h + lfanew + 4, 2);
        memcpy(&characteristics, h + lfanew + 22, 2);
        if (machine != IMAGE_FILE_MACHINE_AMD64) {
            const char *name = MachineName(machine);
            if (name)
                snprintf(what, whatlen, "a PE image for %s; Veles runs x86-64 images", name);
            else
                snprintf(what, whatlen, "a PE image for machine type %#x; Veles runs x86-64 images", machine);
            return FILE_OTHER;
        }
        if ((size_t)lfanew + 26 <= n) {
            memcpy(&magic_opt, h + lfanew + 24, 2);
            if (magic_opt == IMAGE_NT_OPTIONAL_HDR32_MAGIC) {
                snprintf(what, whatlen, "a PE32 (32-bit) image marked as x86-64");
                return FILE_OTHER;
            }
        }
        if (characteristics & IMAGE_FILE_DLL) {
            snprintf(what, whatlen, "a DLL, which is loaded by programs, not run");
            return FILE_OTHER;
        }
        return FILE_PE_X64;
    }
    snprintf(what, whatlen, "not an executable (unknown format)");
    return FILE_OTHER;
}

#define BINFMT_DIR "/proc/sys/fs/binfmt_misc"

static int WriteFile(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC), ok;
    if (fd < 0)
        return -1;
    ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
    close(fd);
    return ok ? 0 : -1;
}

/* binfmt_misc runs files starting with "MZ" through this veles; veles itself still sorts out what is not
 * an x86-64 program. Registering again replaces the old entry. */
static int RegisterBinfmt(int on)
{
    char self[4096], rule[4200];
    ssize_t n;

    /* Where nothing mounted binfmt_misc yet, mount it as systemd would. */
    if (access(BINFMT_DIR "/register", F_OK))
        mount("binfmt_misc", BINFMT_DIR, "binfmt_misc", 0, NULL);
    if (access(BINFMT_DIR "/register", F_OK)) {
        HostMessage("binfmt_misc is not available (is %s mounted?)", BINFMT_DIR);
        return 1;
    }
    if (!access(BINFMT_DIR "/veles", F_OK) && WriteFile(BINFMT_DIR "/veles", "-1")) {
        HostMessage("cannot remove the old registration: %s", strerror(errno));
        return 1;
    }
    if (!on)
        return 0;
    n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0)
        return 1;
    self[n] = 0;
    snprintf(rule, sizeof(rule), ":veles:M::MZ::%s:", self);
    if (WriteFile(BINFMT_DIR "/register", rule)) {
        HostMessage("cannot register with binfmt_misc: %s", strerror(errno));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    unsigned char header[4096];
    char what[256], err[1024] = "";
    struct stat st;
    ssize_t n;
    int fd;

    HostInitializeOutput();
    if (argc < 2) {
        Usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        Usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("veles %s\nprograms see Windows 10.0.19045 (22H2), x86-64\nsyscall trap: %s\n", VELES_VERSION,
               KeTrapModeName(KeSelectTrapMode()));
        return 0;
    }
    if (!strcmp(argv[1], "reg"))
        return CmRegCommand(argc - 2, argv + 2);
    if (!strcmp(argv[1], "--register-binfmt") || !strcmp(argv[1], "--unregister-binfmt"))
        return RegisterBinfmt(!strcmp(argv[1], "--register-binfmt"));
    /* A child process that a Windows program created (NtCreateUserProcess): its creator checked the image. */
    if (!strcmp(argv[1], "--child") && argc == 3) {
        KeEnableTrace(getenv("VELES_TRACE"));
        PsStartProcess(argv[2], 0, NULL, TRUE, err, sizeof(err));
        HostMessage("%s", err);
        return EXIT_NOT_RUNNABLE;
    }
    if (argv[1][0] == '-' && strcmp(argv[1], "--")) {
        HostMessage("unknown option %s (see veles --help)", argv[1]);
        return 2;
    }
    if (!strcmp(argv[1], "--")) {
        argv++;
        argc--;
        if (argc < 2) {
            Usage(stderr);
            return 2;
        }
    }

    const char *path = argv[1];
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        HostMessage("%s: %s", path, strerror(errno));
        return errno == ENOENT || errno == ENOTDIR ? EXIT_NOT_FOUND : EXIT_NOT_RUNNABLE;
    }
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        HostMessage("%s: is a directory", path);
        return EXIT_NOT_RUNNABLE;
    }
    n = read(fd, header, sizeof(header));
    close(fd);
    if (n < 0) {
        HostMessage("%s: %s", path, strerror(errno));
        return EXIT_NOT_RUNNABLE;
    }

    switch (Classify(header, (size_t)n, what, sizeof(what))) {
    case FILE_ELF:
        execv(path, argv + 1);
        HostMessage("%s: cannot run this ELF program: %s", path, strerror(errno));
        return errno == ENOENT ? EXIT_NOT_FOUND : EXIT_NOT_RUNNABLE;
    case FILE_OTHER:
        HostMessage("%s: %s", path, what);
        return EXIT_NOT_RUNNABLE;
    case FILE_PE_X64:
        break;
    }

    KeEnableTrace(getenv("VELES_TRACE"));
    PsStartProcess(path, argc - 1, argv + 1, FALSE, err, sizeof(err));
    HostMessage("%s", err);
    return EXIT_NOT_RUNNABLE;
}
