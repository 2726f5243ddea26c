/* Locales: the system and user locale and UI language from the host's locale settings, locale.nls mapped for
 * the process, and the preferred UI languages of the process and the thread. tests/run sets the host's locale
 * and tells what to expect in LOCALE_EXPECT ("lcid,ui" in hex). */
#include "lib/nttest.h"

static ULONG ExpectLcid, ExpectUi;

static void ReadExpectation(void)
{
    const WCHAR *v = TestFindVariable("LOCALE_EXPECT");
    ULONG *target = &ExpectLcid;
    ok(v != NULL, "LOCALE_EXPECT is set");
    for (; v && *v; v++) {
        if (*v == ',')
            target = &ExpectUi;
        else
            *target = *target << 4 | (*v <= '9' ? *v - '0' : (*v | 0x20) - 'a' + 10);
    }
}

static void TestServices(void)
{
    LCID lcid = 0;
    LANGID lang = 0;
    PVOID base = NULL;
    LARGE_INTEGER casing = {.QuadPart = -1};
    MEMORY_BASIC_INFORMATION info;

    ok_status(NtQueryDefaultLocale(TRUE, &lcid), STATUS_SUCCESS);
    ok(lcid == ExpectLcid, "the user locale from the host's: %x, expected %x", lcid, ExpectLcid);
    ok_status(NtQueryDefaultLocale(FALSE, &lcid), STATUS_SUCCESS);
    ok(lcid == ExpectLcid, "the system locale too: %x", lcid);
    ok_status(NtQueryDefaultUILanguage(&lang), STATUS_SUCCESS);
    ok(lang == ExpectUi, "the UI language from the host's messages: %x, expected %x", lang, ExpectUi);
    ok_status(NtQueryInstallUILanguage(&lang), STATUS_SUCCESS);
    ok(lang == (LANGID)ExpectLcid, "the installed one is the system's: %x", lang);
    ok_status(NtQueryDefaultLocale(TRUE, (LCID *)1), STATUS_ACCESS_VIOLATION);
    ok_status(NtQueryDefaultUILanguage((LANGID *)0x7ffe0000), STATUS_ACCESS_VIOLATION);

    ok_status(NtInitializeNlsFiles(&base, &lcid, &casing), STATUS_SUCCESS);
    ok(base && lcid == ExpectLcid && casing.QuadPart > 0, "locale.nls mapped: %p %x %lld", base, lcid,
       casing.QuadPart);
    ok_status(NtQueryVirtualMemory(NtCurrentProcess(), base, MemoryBasicInformation, &info, sizeof(info), NULL),
              STATUS_SUCCESS);
    ok(info.Protect == PAGE_READONLY && info.Type == MEM_MAPPED && info.RegionSize > 0x10000,
       "read-only, mapped: %x %x %lx", info.Protect, info.Type, (ULONG)info.RegionSize);
    ok(*(ULONG *)((char *)base + 0x10) < info.RegionSize, "the locale table lies inside it");
    ok_status(NtUnmapViewOfSection(NtCurrentProcess(), base), STATUS_SUCCESS);
    ok_status(NtInitializeNlsFiles((PVOID *)1, &lcid, NULL), STATUS_ACCESS_VIOLATION);
}

/* The other NLS tables, by kind and number. */
static void TestSections(void)
{
    PVOID base = NULL;
    SIZE_T size = 0;

    ok_status(NtGetNlsSectionPtr(11, 1252, NULL, &base, &size), STATUS_SUCCESS);
    ok(base && size > 0x10000 && ((USHORT *)base)[1] == 1252, "code page 1252, which says so: %u",
       base ? ((USHORT *)base)[1] : 0);
    NtUnmapViewOfSection(NtCurrentProcess(), base);
    ok_status(NtGetNlsSectionPtr(11, 437, NULL, &base, &size), STATUS_SUCCESS);
    ok(((USHORT *)base)[1] == 437, "and 437");
    NtUnmapViewOfSection(NtCurrentProcess(), base);
    ok_status(NtGetNlsSectionPtr(10, 0, NULL, &base, &size), STATUS_SUCCESS);
    NtUnmapViewOfSection(NtCurrentProcess(), base);
    ok_status(NtGetNlsSectionPtr(12, 1, NULL, &base, &size), STATUS_SUCCESS);
    NtUnmapViewOfSection(NtCurrentProcess(), base);
    ok_status(NtGetNlsSectionPtr(9, 0, NULL, &base, &size), STATUS_SUCCESS);
    NtUnmapViewOfSection(NtCurrentProcess(), base);
    ok_status(NtGetNlsSectionPtr(11, 99999, NULL, &base, &size), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(NtGetNlsSectionPtr(12, 3, NULL, &base, &size), STATUS_OBJECT_NAME_NOT_FOUND);
    ok_status(NtGetNlsSectionPtr(9, 1, NULL, &base, &size), STATUS_INVALID_PARAMETER_1);
    ok_status(NtGetNlsSectionPtr(10, 1, NULL, &base, &size), STATUS_UNSUCCESSFUL);
    ok_status(NtGetNlsSectionPtr(7, 0, NULL, &base, &size), STATUS_INVALID_PARAMETER_1);
    ok_status(NtGetNlsSectionPtr(11, 1252, NULL, (PVOID *)1, &size), STATUS_ACCESS_VIOLATION);
}

static void TestMapping(void)
{
    PVOID a = NULL, b = NULL;
    LCID lcid = 0, lcid2 = 0;
    LARGE_INTEGER size;

    ok_status(RtlGetLocaleFileMappingAddress(&a, &lcid, &size), STATUS_SUCCESS);
    ok_status(RtlGetLocaleFileMappingAddress(&b, &lcid2, NULL), STATUS_SUCCESS);
    ok(a && a == b && lcid == ExpectLcid && lcid2 == lcid, "one mapping for the process: %p %p %x", a, b, lcid);
}

/* A double-NUL-terminated list as one comma-separated string, for comparisons. */
static const char *Joined(const WCHAR *list)
{
    static char text[128];
    int n = 0;
    for (; *list && n < 120; list++, n++) {
        for (; *list && n < 120; list++)
            text[n++] = (char)*list;
        text[n] = ',';
    }
    text[n ? n - 1 : 0] = 0;
    return text;
}

static void TestPreferred(void)
{
    WCHAR buffer[64];
    ULONG count = 99, size = 0, set = 99;
    char expect[64];

    /* Nothing preferred by the process yet. */
    ok_status(RtlGetProcessPreferredUILanguages(MUI_LANGUAGE_NAME, &count, NULL, &size), STATUS_SUCCESS);
    ok(count == 0 && size == 1, "the process prefers nothing: %u %u", count, size);

    /* The thread falls back to the user's UI language. */
    size = 0;
    ok_status(RtlGetThreadPreferredUILanguages(MUI_LANGUAGE_ID, &count, NULL, &size), STATUS_SUCCESS);
    ok(count == 1 && size == 6, "measured: %u %u", count, size);
    size = 5;
    ok_status(RtlGetThreadPreferredUILanguages(MUI_LANGUAGE_ID, &count, buffer, &size), STATUS_BUFFER_TOO_SMALL);
    ok(size == 6, "too small says what it needs: %u", size);
    ok_status(RtlGetThreadPreferredUILanguages(MUI_LANGUAGE_ID, &count, buffer, &size), STATUS_SUCCESS);
    _snprintf(expect, sizeof(expect), "%04X", ExpectUi);
    ok(!strcmp(Joined(buffer), expect), "the user's language by ID: %s", Joined(buffer));

    ok_status(RtlGetUserPreferredUILanguages(MUI_LANGUAGE_ID | MUI_LANGUAGE_NAME, 0, &count, NULL, &size),
              STATUS_INVALID_PARAMETER);
    size = 3;
    ok_status(RtlGetUserPreferredUILanguages(MUI_LANGUAGE_NAME, 0, &count, NULL, &size), STATUS_INVALID_PARAMETER);
    ok_status(RtlGetSystemPreferredUILanguages(0x8000, 0, &count, NULL, &size), STATUS_INVALID_PARAMETER);
    ok_status(RtlGetSystemPreferredUILanguages(MUI_LANGUAGE_ID, 0, &count, NULL, NULL), STATUS_INVALID_PARAMETER);
    size = 64;
    ok_status(RtlGetSystemPreferredUILanguages(MUI_LANGUAGE_ID, 0, &count, buffer, &size), STATUS_SUCCESS);
    _snprintf(expect, sizeof(expect), "%04X", ExpectLcid & 0xffff);
    ok(count == 1 && !strcmp(Joined(buffer), expect), "the system's: %s", Joined(buffer));

    /* The process prefers two; the thread then one of its own. */
    ok_status(RtlSetProcessPreferredUILanguages(MUI_LANGUAGE_NAME, L"de-DE\0ja-JP\0", &set), STATUS_SUCCESS);
    ok(set == 2, "two set: %u", set);
    size = 64;
    ok_status(RtlGetProcessPreferredUILanguages(MUI_LANGUAGE_ID, &count, buffer, &size), STATUS_SUCCESS);
    ok(count == 2 && size == 11 && !strcmp(Joined(buffer), "0407,0411"), "read back as IDs: %s %u",
       Joined(buffer), size);
    ok_status(RtlSetThreadPreferredUILanguages(MUI_LANGUAGE_ID, L"040C\0", &set), STATUS_SUCCESS);
    size = 64;
    ok_status(RtlGetThreadPreferredUILanguages(MUI_LANGUAGE_NAME, &count, buffer, &size), STATUS_SUCCESS);
    ok(count == 3 && !strcmp(Joined(buffer), "fr-FR,de-DE,ja-JP"), "the thread's, then the process's: %s",
       Joined(buffer));
    size = 64;
    ok_status(RtlGetThreadPreferredUILanguages(MUI_LANGUAGE_NAME | MUI_THREAD_LANGUAGES, &count, buffer, &size),
              STATUS_SUCCESS);
    ok(count == 1 && !strcmp(Joined(buffer), "fr-FR"), "only the thread's: %s", Joined(buffer));

    /* Unknown languages, mixed forms, and too many are refused and change nothing. */
    ok_status(RtlSetProcessPreferredUILanguages(MUI_LANGUAGE_NAME, L"xx-YY\0", &set), STATUS_INVALID_PARAMETER);
    ok_status(RtlSetProcessPreferredUILanguages(MUI_LANGUAGE_ID, L"04zz\0", &set), STATUS_INVALID_PARAMETER);
    ok_status(RtlSetProcessPreferredUILanguages(MUI_LANGUAGE_ID, L"0409\0", &set), STATUS_SUCCESS);
    ok_status(RtlSetProcessPreferredUILanguages(MUI_LANGUAGE_ID | MUI_LANGUAGE_NAME, L"0409\0", &set),
              STATUS_INVALID_PARAMETER);
    ok_status(RtlSetProcessPreferredUILanguages(MUI_LANGUAGE_NAME, L"en-US\0de-DE\0fr-FR\0ja-JP\0it-IT\0es-ES\0",
                                                &set),
              STATUS_INVALID_PARAMETER);
    size = 64;
    ok_status(RtlGetProcessPreferredUILanguages(MUI_LANGUAGE_NAME, &count, buffer, &size), STATUS_SUCCESS);
    ok(count == 1 && !strcmp(Joined(buffer), "en-US"), "the last good list stays: %s", Joined(buffer));

    /* No list resets. */
    ok_status(RtlSetProcessPreferredUILanguages(0, NULL, &set), STATUS_SUCCESS);
    ok_status(RtlSetThreadPreferredUILanguages(0, NULL, &set), STATUS_SUCCESS);
    ok(set == 0, "reset");
    size = 64;
    ok_status(RtlGetThreadPreferredUILanguages(MUI_LANGUAGE_NAME | MUI_THREAD_LANGUAGES, &count, buffer, &size),
              STATUS_SUCCESS);
    ok(count == 0 && size == 1, "nothing left: %u %u", count, size);
}

void RunTests(void)
{
    ReadExpectation();
    TestServices();
    TestMapping();
    TestSections();
    TestPreferred();
}
