/* The locale services: the system and user locales and the UI language, taken from the host's locale
 * (LC_ALL, LC_MESSAGES, LANG) and named as Windows names them in locale.nls, which NtInitializeNlsFiles maps;
 * and the other NLS tables of system32 (NtGetNlsSectionPtr). */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ex/exp.h"
#include "host/host.h"
#include "ke/ke.h"
#include "mm/mm.h"
#include "rtl/locale.h"

#define EXP_DEFAULT_LCID 0x0409 /* en-US, for C and POSIX and whatever Windows has no name for */

static pthread_once_t ExpLocaleOnce = PTHREAD_ONCE_INIT;
static LCID ExpLocale, ExpUiLocale;

static int ExpOpenNlsFile(const char *name)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/drive_c/windows/system32/%s", HostPrefixPath(), name);
    return open(path, O_RDONLY | O_CLOEXEC);
}

/* "de_AT.UTF-8@euro" is Windows' "de-AT"; a name Windows lacks, or only a language, gives the default. */
static LCID ExpHostLocale(const void *table, SIZE_T size, const char *value)
{
    WCHAR name[RTLP_LOCALE_NAME_MAX];
    SIZE_T n = 0;
    ULONG lcid;

    if (!value || !*value || !strcmp(value, "C") || !strcmp(value, "POSIX"))
        return EXP_DEFAULT_LCID;
    for (; value[n] && value[n] != '.' && value[n] != '@' && n < RTLP_LOCALE_NAME_MAX - 1; n++)
        name[n] = value[n] == '_' ? '-' : (WCHAR)(unsigned char)value[n];
    lcid = RtlpLocaleNameToLcid(table, size, name, n);
    return lcid >= 0x400 ? lcid : EXP_DEFAULT_LCID;
}

static const char *ExpHostVariable(const char *category)
{
    const char *all = getenv("LC_ALL"), *one = getenv(category);
    return all && *all ? all : one && *one ? one : getenv("LANG");
}

static void ExpReadHostLocale(void)
{
    int fd = ExpOpenNlsFile("locale.nls");
    struct stat st;
    void *table = MAP_FAILED;

    if (fd >= 0 && !fstat(fd, &st) && st.st_size > 0)
        table = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (fd >= 0)
        close(fd);
    if (table == MAP_FAILED) {
        ExpLocale = ExpUiLocale = EXP_DEFAULT_LCID;
        return;
    }
    ExpLocale = ExpHostLocale(table, (SIZE_T)st.st_size, ExpHostVariable("LC_CTYPE"));
    ExpUiLocale = ExpHostLocale(table, (SIZE_T)st.st_size, ExpHostVariable("LC_MESSAGES"));
    munmap(table, (size_t)st.st_size);
}

static LCID ExpCurrentLocale(BOOLEAN ui)
{
    pthread_once(&ExpLocaleOnce, ExpReadHostLocale);
    return ui ? ExpUiLocale : ExpLocale;
}

/* The user's and the system's locale are one: the host has one locale for both. */
NTSTATUS NTAPI NtQueryDefaultLocale(BOOLEAN UserProfile, LCID *DefaultLocaleId)
{
    LCID lcid = ExpCurrentLocale(FALSE);
    (void)UserProfile;
    return KeWriteUser(DefaultLocaleId, lcid) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}

NTSTATUS NTAPI NtQueryDefaultUILanguage(LANGID *DefaultUILanguageId)
{
    LANGID lang = (LANGID)ExpCurrentLocale(TRUE);
    return KeWriteUser(DefaultUILanguageId, lang) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}

NTSTATUS NTAPI NtQueryInstallUILanguage(LANGID *InstallUILanguageId)
{
    LANGID lang = (LANGID)ExpCurrentLocale(FALSE);
    return KeWriteUser(InstallUILanguageId, lang) ? STATUS_ACCESS_VIOLATION : STATUS_SUCCESS;
}

/* A system32 .nls file mapped read-only for the process. */
static NTSTATUS ExpMapNlsFile(const char *name, PVOID *base, SIZE_T *size)
{
    NTSTATUS status;
    int fd = ExpOpenNlsFile(name);

    if (fd < 0)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    status = MmMapFileReadOnly(fd, base, size);
    close(fd);
    return status;
}

/* locale.nls mapped read-only for the process, with the system locale and the size of the casing table. */
NTSTATUS NTAPI NtInitializeNlsFiles(PVOID *BaseAddress, LCID *DefaultLocaleId, PLARGE_INTEGER DefaultCasingTableSize)
{
    LCID lcid = ExpCurrentLocale(FALSE);
    LARGE_INTEGER casing = {.QuadPart = 0};
    PVOID base = NULL;
    SIZE_T size;
    struct stat st;
    NTSTATUS status;
    int fd;

    if ((fd = ExpOpenNlsFile("l_intl.nls")) >= 0) {
        if (!fstat(fd, &st))
            casing.QuadPart = st.st_size;
        close(fd);
    }
    if ((status = ExpMapNlsFile("locale.nls", &base, &size))) {
        if (status == STATUS_OBJECT_NAME_NOT_FOUND)
            HostMessage("NtInitializeNlsFiles: no locale.nls in the prefix's system32");
        return status;
    }
    if (KeWriteUser(BaseAddress, base) || KeWriteUser(DefaultLocaleId, lcid) ||
        (DefaultCasingTableSize && KeWriteUser(DefaultCasingTableSize, casing))) {
        NtUnmapViewOfSection(NtCurrentProcess(), base);
        return STATUS_ACCESS_VIOLATION;
    }
    return STATUS_SUCCESS;
}

/* The NLS tables by kind: 9 the default sort keys, 10 the casing table, 11 a code page by number, 12 a
 * normalization form by number. */
NTSTATUS NTAPI NtGetNlsSectionPtr(ULONG SectionType, ULONG SectionData, PVOID ContextData, PVOID *SectionPointer,
                                  SIZE_T *SectionSize)
{
    static const struct {
        ULONG Form;
        const char *Name;
    } forms[] = {{1, "normnfc.nls"}, {2, "normnfd.nls"}, {5, "normnfkc.nls"}, {6, "normnfkd.nls"},
                 {13, "normidna.nls"}};
    char name[32] = "";
    PVOID base = NULL;
    SIZE_T size = 0;
    NTSTATUS status;

    (void)ContextData;
    switch (SectionType) {
    case 9:
        if (SectionData)
            return STATUS_INVALID_PARAMETER_1;
        snprintf(name, sizeof(name), "sortdefault.nls");
        break;
    case 10:
        if (SectionData)
            return STATUS_UNSUCCESSFUL;
        snprintf(name, sizeof(name), "l_intl.nls");
        break;
    case 11:
        snprintf(name, sizeof(name), "c_%03u.nls", SectionData);
        break;
    case 12:
        for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
            if (forms[i].Form == SectionData)
                snprintf(name, sizeof(name), "%s", forms[i].Name);
        if (!name[0])
            return STATUS_OBJECT_NAME_NOT_FOUND;
        break;
    default:
        return STATUS_INVALID_PARAMETER_1;
    }
    if ((status = ExpMapNlsFile(name, &base, &size)))
        return status;
    if (KeWriteUser(SectionPointer, base) || KeWriteUser(SectionSize, size)) {
        NtUnmapViewOfSection(NtCurrentProcess(), base);
        return STATUS_ACCESS_VIOLATION;
    }
    return STATUS_SUCCESS;
}
