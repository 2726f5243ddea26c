/* Starting the registry: \REGISTRY in the namespace, the hives, what the machine tells about itself; and the
 * `veles reg` command, which imports and exports regedit's files. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cm/cmp.h"
#include "host/host.h"
#include "ke/ke.h"
#include "rtl/unicode.h"

/* The names the machine goes by, from its host name: Tcpip's, kept with the hive when they change, and the
 * NetBIOS name, which on Windows is set at boot in a volatile key. */
static void CmpSetMachineNames(void)
{
    char host[256] = "veles", computer[16], text[1024], error[128];
    char *domain;
    size_t i;
    CMP_KEY *key;

    if (gethostname(host, sizeof(host) - 1) || !*host)
        strcpy(host, "veles");
    host[sizeof(host) - 1] = 0;
    domain = strchr(host, '.');
    if (domain)
        *domain++ = 0;
    for (i = 0; i < sizeof(computer) - 1 && host[i]; i++)
        computer[i] = (char)toupper((unsigned char)host[i]);
    computer[i] = 0;

    CmpLock();
    key = CmpWalk(CmpRoot, u"MACHINE\\SYSTEM\\ControlSet001\\Services\\Tcpip\\Parameters",
                  CmpStringLength(u"MACHINE\\SYSTEM\\ControlSet001\\Services\\Tcpip\\Parameters"), false, 0);
    {
        WCHAR wide[256];
        USHORT len = (USHORT)RtlpUtf8ToUtf16(host, strlen(host), wide, 255);
        const CMP_VALUE *value = key ? CmpFindValue(key, u"Hostname", 8) : NULL;
        bool same = value && value->DataLength == (len + 1u) * sizeof(WCHAR) &&
                    !memcmp(value->Data, wide, len * sizeof(WCHAR));
        if (!same) {
            snprintf(text, sizeof(text),
                     CMP_REG_HEADER "\n\n"
                     "[HKLM\\SYSTEM\\ControlSet001\\Services\\Tcpip\\Parameters]\n"
                     "\"Hostname\"=\"%s\"\n\"NV Hostname\"=\"%s\"\n\"Domain\"=\"%s\"\n\n"
                     "[HKLM\\SYSTEM\\ControlSet001\\Control\\ComputerName\\ComputerName]\n"
                     "\"ComputerName\"=\"%s\"\n",
                     host, host, domain ? domain : "", computer);
            CMP_IMPORT_TARGET target = {.Logged = true};
            if (CmpImportRegText(text, strlen(text), &target, error, sizeof(error)))
                HostMessage("registry: cannot record the host name: %s", error);
        }
    }
    key = CmpWalk(CmpRoot, u"MACHINE\\SYSTEM\\ControlSet001\\Control\\ComputerName",
                  CmpStringLength(u"MACHINE\\SYSTEM\\ControlSet001\\Control\\ComputerName"), false, 0);
    if (key && !CmpFindSubKey(key, u"ActiveComputerName", 18, NULL)) {
        WCHAR wide[16];
        USHORT len = (USHORT)RtlpUtf8ToUtf16(computer, strlen(computer) + 1, wide, 16);
        LONGLONG now = KeQuerySystemTime();
        CMP_CHANGE create = {.Kind = CMP_CHANGE_CREATE_KEY, .Key = key, .Name = u"ActiveComputerName",
                             .NameLength = 18, .Type = CMP_KEY_VOLATILE, .Time = now};
        CMP_KEY *active = CmpApplyChange(&create);
        CMP_CHANGE set = {.Kind = CMP_CHANGE_SET_VALUE, .Key = active, .Name = u"ComputerName", .NameLength = 12,
                          .Type = REG_SZ, .Data = wide, .DataLength = len * sizeof(WCHAR), .Time = now};
        CmpApplyChange(&set);
    }
    CmpUnlock();
}

NTSTATUS CmInitializeRegistry(char *error, size_t error_size)
{
    CMP_KEY_BODY *body;
    NTSTATUS status;

    if (CmpRoot)
        return STATUS_SUCCESS;
    CmpRoot = HostZalloc(sizeof(*CmpRoot));
    CmpRoot->Name = HostAlloc(sizeof(u"REGISTRY"));
    memcpy(CmpRoot->Name, u"REGISTRY", sizeof(u"REGISTRY"));
    CmpRoot->NameLength = 8;
    CmpRoot->References = 1;
    CmpRoot->LastWriteTime = KeQuerySystemTime();
    body = ObCreateObject(&CmKeyObjectType, sizeof(*body));
    body->Key = CmpRoot;
    CmpRoot->References++;
    ObInsertPermanentObject("\\REGISTRY", body);
    if ((status = CmpMountHives(error, error_size)))
        return status;
    CmpSetMachineNames();
    return STATUS_SUCCESS;
}

/* The key a .reg-style name ("HKEY_LOCAL_MACHINE\\Software", "HKCU\\x") leads to, referenced; and that name
 * with its root spelled out, as regedit writes it. */
static CMP_KEY *CmpFindKeyByRegName(const char *name, char *full, size_t full_size)
{
    size_t root_len = strcspn(name, "\\");
    const char *long_name, *path = CmpRegRootPath(name, root_len, &long_name);
    char nt[4096];
    WCHAR wide[4096];
    size_t n;
    CMP_KEY *key;

    if (!path)
        return NULL;
    snprintf(full, full_size, "%s%s", long_name, name + root_len);
    while (strlen(full) > 1 && full[strlen(full) - 1] == '\\')
        full[strlen(full) - 1] = 0;
    snprintf(nt, sizeof(nt), "%s%s", path, name + root_len);
    n = RtlpUtf8ToUtf16(nt, strlen(nt), wide, 4095);
    if ((key = CmpWalk(CmpRoot, wide, (USHORT)(n < 4095 ? n : 4095), false, 0)))
        key->References++;
    return key;
}

static int CmpExport(const char *name, const char *file, bool regedit4)
{
    char full[4096];
    CMP_TEXT text = {0};
    CMP_KEY *key;
    FILE *out;
    bool ok;

    CmpLock();
    if (!(key = CmpFindKeyByRegName(name, full, sizeof(full)))) {
        CmpUnlock();
        fprintf(stderr, "veles reg export: no key %s\n", name);
        return 1;
    }
    CmpTextPrint(&text, regedit4 ? CMP_REGEDIT4_HEADER "\n" : CMP_REG_HEADER "\n");
    CmpWriteRegText(&text, key, full, regedit4 ? CMP_REG_REGEDIT4 : CMP_REG_VERSION5);
    CmpReleaseKey(key);
    CmpUnlock();
    CmpTextAppend(&text, "\n", 1);
    if (!(out = strcmp(file, "-") ? fopen(file, "wb") : stdout)) {
        fprintf(stderr, "veles reg export: cannot write %s: %s\n", file, strerror(errno));
        free(text.Text);
        return 1;
    }
    ok = true;
    if (regedit4) {
        for (size_t i = 0; i < text.Length && ok; i++)
            ok = (text.Text[i] != '\n' || fputc('\r', out) != EOF) && fputc(text.Text[i], out) != EOF;
    } else {
        /* Version 5 is UTF-16 with a byte order mark, lines ending in CR LF. */
        size_t n = RtlpUtf8ToUtf16(text.Text, text.Length, NULL, 0);
        WCHAR *wide = HostAlloc((n + 1) * sizeof(WCHAR));
        RtlpUtf8ToUtf16(text.Text, text.Length, wide, n);
        ok = fwrite("\xff\xfe", 1, 2, out) == 2;
        for (size_t i = 0; i < n && ok; i++) {
            static const UCHAR crlf[] = {'\r', 0};
            ok = (wide[i] != '\n' || fwrite(crlf, 1, 2, out) == 2) &&
                 fwrite((UCHAR[]){(UCHAR)wide[i], (UCHAR)(wide[i] >> 8)}, 1, 2, out) == 2;
        }
        free(wide);
    }
    free(text.Text);
    if ((out != stdout && fclose(out)) || !ok) {
        fprintf(stderr, "veles reg export: cannot write %s: %s\n", file, strerror(errno));
        return 1;
    }
    return 0;
}

/* A .reg file as UTF-8 (allocated): UTF-16 with its byte order mark, or 8-bit text taken as UTF-8. */
static char *CmpReadRegFile(const char *file, size_t *length)
{
    FILE *in = strcmp(file, "-") ? fopen(file, "rb") : stdin;
    CMP_TEXT raw = {0};
    char buffer[65536];
    size_t n;

    if (!in)
        return NULL;
    while ((n = fread(buffer, 1, sizeof(buffer), in)) > 0)
        CmpTextAppend(&raw, buffer, n);
    if (in != stdin)
        fclose(in);
    if (!raw.Text)
        CmpTextAppend(&raw, "", 0);
    if (raw.Length >= 2 && (UCHAR)raw.Text[0] == 0xff && (UCHAR)raw.Text[1] == 0xfe) {
        size_t units = (raw.Length - 2) / 2, size;
        WCHAR *wide = HostAlloc(units * sizeof(WCHAR) + 1);
        char *utf8;
        for (size_t i = 0; i < units; i++)
            wide[i] = (WCHAR)((UCHAR)raw.Text[2 + 2 * i] | (UCHAR)raw.Text[3 + 2 * i] << 8);
        size = RtlpUtf16ToUtf8(wide, units, NULL, 0);
        utf8 = HostAlloc(size + 1);
        RtlpUtf16ToUtf8(wide, units, utf8, size);
        utf8[size] = 0;
        free(wide);
        free(raw.Text);
        *length = size;
        return utf8;
    }
    *length = raw.Length;
    return raw.Text;
}

static int CmpImport(const char *file)
{
    char error[512];
    size_t length;
    char *text = CmpReadRegFile(file, &length);
    NTSTATUS status;

    if (!text) {
        fprintf(stderr, "veles reg import: cannot read %s: %s\n", file, strerror(errno));
        return 1;
    }
    CMP_IMPORT_TARGET target = {.Logged = true};

    CmpLock();
    status = CmpImportRegText(text, length, &target, error, sizeof(error));
    CmpUnlock();
    free(text);
    if (status) {
        fprintf(stderr, "veles reg import: %s: %s\n", file, error);
        return 1;
    }
    return 0;
}

int CmRegCommand(int argc, char **argv)
{
    char error[512];
    NTSTATUS status;

    if (argc >= 1 && (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"))) {
        printf("usage: veles reg import FILE\n"
               "       veles reg export KEY FILE [--regedit4]\n"
               "Imports or exports regedit's .reg files (FILE - is standard input or output). KEY starts with\n"
               "HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, HKEY_USERS, HKEY_CLASSES_ROOT or HKEY_CURRENT_CONFIG\n"
               "(or HKLM, HKCU, HKU, HKCR, HKCC). Exports are Unicode (version 5) unless --regedit4.\n");
        return 0;
    }
    ObInitializeNamespace();
    if ((status = CmInitializeRegistry(error, sizeof(error)))) {
        fprintf(stderr, "veles reg: the registry in %s cannot be used: %s\n", HostPrefixPath(), error);
        return 1;
    }
    if (argc == 2 && !strcmp(argv[0], "import"))
        return CmpImport(argv[1]);
    if ((argc == 3 || (argc == 4 && !strcmp(argv[3], "--regedit4"))) && !strcmp(argv[0], "export"))
        return CmpExport(argv[1], argv[2], argc == 4);
    fprintf(stderr, "usage: veles reg import FILE | veles reg export KEY FILE [--regedit4]\n");
    return 2;
}
