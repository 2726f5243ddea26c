/* Locales in user mode: locale.nls mapped once for the process (RtlGetLocaleFileMappingAddress), and the
 * preferred UI languages of the process and of each thread, falling back to the user's and the system's. */
#include "rtl/rtlp.h"
#include "rtl/locale.h"

#define RTLP_MAX_PREFERRED 5 /* languages a process or a thread may prefer */

typedef struct {
    ULONG Count;
    LANGID Languages[RTLP_MAX_PREFERRED];
} RTLP_LANGUAGES;

static PVOID RtlpLocaleFile;
static SIZE_T RtlpLocaleFileSize;
static LCID RtlpSystemLcid;
static LARGE_INTEGER RtlpCasingSize;
static volatile LONG RtlpLanguagesLock;
static RTLP_LANGUAGES RtlpProcessLanguages;

NTSTATUS NTAPI RtlGetLocaleFileMappingAddress(PVOID *BaseAddress, LCID *DefaultLocaleId,
                                              PLARGE_INTEGER DefaultCasingTableSize)
{
    if (!__atomic_load_n(&RtlpLocaleFile, __ATOMIC_ACQUIRE)) {
        MEMORY_BASIC_INFORMATION info;
        LARGE_INTEGER casing;
        PVOID base, expected = NULL;
        LCID lcid;
        NTSTATUS status = NtInitializeNlsFiles(&base, &lcid, &casing);
        if (status)
            return status;
        if (!NT_SUCCESS(NtQueryVirtualMemory(NtCurrentProcess(), base, MemoryBasicInformation, &info, sizeof(info),
                                             NULL)))
            info.RegionSize = 0;
        RtlpSystemLcid = lcid;
        RtlpCasingSize = casing;
        RtlpLocaleFileSize = info.RegionSize;
        if (!__atomic_compare_exchange_n(&RtlpLocaleFile, &expected, base, FALSE, __ATOMIC_RELEASE,
                                         __ATOMIC_ACQUIRE))
            NtUnmapViewOfSection(NtCurrentProcess(), base);
    }
    *BaseAddress = RtlpLocaleFile;
    *DefaultLocaleId = RtlpSystemLcid;
    if (DefaultCasingTableSize)
        *DefaultCasingTableSize = RtlpCasingSize;
    return STATUS_SUCCESS;
}

static const void *RtlpLocaleTable(SIZE_T *size)
{
    PVOID base = NULL;
    LCID lcid;

    if (RtlGetLocaleFileMappingAddress(&base, &lcid, NULL))
        return NULL;
    *size = RtlpLocaleFileSize;
    return base;
}

/* One language as the caller gave it: four hex digits, or a name. 0 when Windows knows no such language. */
static LANGID RtlpParseLanguage(const WCHAR *text, SIZE_T length, BOOLEAN by_id)
{
    SIZE_T size = 0;
    const void *table = RtlpLocaleTable(&size);
    WCHAR name[RTLP_LOCALE_NAME_MAX];
    ULONG id = 0;

    if (!by_id)
        return (LANGID)RtlpLocaleNameToLcid(table, size, text, length);
    if (length != 4)
        return 0;
    for (SIZE_T k = 0; k < 4; k++) {
        ULONG digit = RtlpDigitValue(text[k]);
        if (digit >= 16)
            return 0;
        id = id << 4 | digit;
    }
    return RtlpLcidToLocaleName(table, size, id, name, RTLP_LOCALE_NAME_MAX) ? (LANGID)id : 0;
}

static NTSTATUS RtlpSetLanguages(RTLP_LANGUAGES *target, ULONG Flags, PCZZWSTR Buffer, PULONG Count)
{
    RTLP_LANGUAGES set = {0};
    BOOLEAN by_id = (Flags & MUI_LANGUAGE_ID) != 0;

    /* An empty list or none resets; a list says which form it is in. */
    if ((Buffer && *Buffer && !(Flags & (MUI_LANGUAGE_ID | MUI_LANGUAGE_NAME))) ||
        ((Flags & MUI_LANGUAGE_ID) && (Flags & MUI_LANGUAGE_NAME)))
        return STATUS_INVALID_PARAMETER;
    for (const WCHAR *p = Buffer; p && *p;) {
        SIZE_T length = wcslen(p);
        LANGID lang = RtlpParseLanguage(p, length, by_id);
        if (!lang || set.Count == RTLP_MAX_PREFERRED)
            return STATUS_INVALID_PARAMETER;
        set.Languages[set.Count++] = lang;
        p += length + 1;
    }
    RtlpAcquireLock(&RtlpLanguagesLock);
    *target = set;
    RtlpReleaseLock(&RtlpLanguagesLock);
    if (Count)
        *Count = set.Count;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlSetProcessPreferredUILanguages(ULONG Flags, PCZZWSTR Buffer, PULONG Count)
{
    if (Flags & ~(ULONG)(MUI_LANGUAGE_ID | MUI_LANGUAGE_NAME))
        return STATUS_INVALID_PARAMETER;
    return RtlpSetLanguages(&RtlpProcessLanguages, Flags, Buffer, Count);
}

/* A thread's languages live with it in the TEB, allocated the first time it sets some. */
NTSTATUS NTAPI RtlSetThreadPreferredUILanguages(ULONG Flags, PCZZWSTR Buffer, PULONG Count)
{
    TEB *teb = NtCurrentTeb();

    if (Flags & ~(ULONG)(MUI_LANGUAGE_ID | MUI_LANGUAGE_NAME | MUI_CONSOLE_FILTER | MUI_COMPLEX_SCRIPT_FILTER |
                         MUI_RESET_FILTERS))
        return STATUS_INVALID_PARAMETER;
    if (!teb->PreferredLanguages &&
        !(teb->PreferredLanguages = RtlAllocateHeap(RtlpHeap(), HEAP_ZERO_MEMORY,
                                                    sizeof(RTLP_LANGUAGES))))
        return STATUS_NO_MEMORY;
    return RtlpSetLanguages(teb->PreferredLanguages, Flags, Buffer, Count);
}

void RtlpFreeThreadLanguages(void)
{
    TEB *teb = NtCurrentTeb();
    if (teb->PreferredLanguages)
        RtlFreeHeap(RtlpHeap(), 0, teb->PreferredLanguages);
    teb->PreferredLanguages = NULL;
}

static void RtlpAddLanguage(RTLP_LANGUAGES *list, LANGID lang)
{
    for (ULONG k = 0; k < list->Count; k++)
        if (list->Languages[k] == lang)
            return;
    if (list->Count < RTLP_MAX_PREFERRED)
        list->Languages[list->Count++] = lang;
}

static void RtlpAddLanguages(RTLP_LANGUAGES *list, const RTLP_LANGUAGES *from)
{
    RTLP_LANGUAGES copy;
    if (!from)
        return;
    RtlpAcquireLock(&RtlpLanguagesLock);
    copy = *from;
    RtlpReleaseLock(&RtlpLanguagesLock);
    for (ULONG k = 0; k < copy.Count; k++)
        RtlpAddLanguage(list, copy.Languages[k]);
}

/* The list as a double-NUL-terminated string of IDs or names, measured when it does not fit. */
static NTSTATUS RtlpWriteLanguages(const RTLP_LANGUAGES *list, ULONG Flags, PULONG Count, PZZWSTR Buffer,
                                   PULONG Size)
{
    WCHAR text[RTLP_MAX_PREFERRED * RTLP_LOCALE_NAME_MAX + 1];
    SIZE_T size = 0, used = 0;
    const void *table = RtlpLocaleTable(&size);

    for (ULONG k = 0; k < list->Count; k++) {
        if (Flags & MUI_LANGUAGE_ID) {
            for (int shift = 12; shift >= 0; shift -= 4)
                text[used++] = L"0123456789ABCDEF"[(list->Languages[k] >> shift) & 0xf];
        } else {
            used += RtlpLcidToLocaleName(table, size, list->Languages[k], text + used, RTLP_LOCALE_NAME_MAX);
        }
        text[used++] = 0;
    }
    text[used++] = 0;
    if (Buffer && used > *Size) {
        *Size = (ULONG)used;
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (Buffer)
        memcpy(Buffer, text, used * sizeof(WCHAR));
    *Size = (ULONG)used;
    *Count = list->Count;
    return STATUS_SUCCESS;
}

static NTSTATUS RtlpCheckQuery(ULONG Flags, ULONG allowed, PZZWSTR Buffer, PULONG Size)
{
    if (Flags & ~allowed || ((Flags & MUI_LANGUAGE_ID) && (Flags & MUI_LANGUAGE_NAME)) || !Size)
        return STATUS_INVALID_PARAMETER;
    if (*Size && !Buffer)
        return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

static LANGID RtlpUserLanguage(void)
{
    LANGID lang = 0;
    return NT_SUCCESS(NtQueryDefaultUILanguage(&lang)) ? lang : 0x0409;
}

static LANGID RtlpSystemLanguage(void)
{
    LANGID lang = 0;
    return NT_SUCCESS(NtQueryInstallUILanguage(&lang)) ? lang : 0x0409;
}

NTSTATUS NTAPI RtlGetProcessPreferredUILanguages(ULONG Flags, PULONG Count, PZZWSTR Buffer, PULONG Size)
{
    RTLP_LANGUAGES list = {0};
    NTSTATUS status = RtlpCheckQuery(Flags, MUI_LANGUAGE_ID | MUI_LANGUAGE_NAME, Buffer, Size);

    if (status)
        return status;
    RtlpAddLanguages(&list, &RtlpProcessLanguages);
    return RtlpWriteLanguages(&list, Flags, Count, Buffer, Size);
}

/* The thread's own, then the process's, then (when asked for, or when there are none) the user's and the
 * system's UI languages. */
NTSTATUS NTAPI RtlGetThreadPreferredUILanguages(ULONG Flags, PULONG Count, PZZWSTR Buffer, PULONG Size)
{
    RTLP_LANGUAGES list = {0};
    NTSTATUS status = RtlpCheckQuery(Flags,
                                     MUI_LANGUAGE_ID | MUI_LANGUAGE_NAME | MUI_MERGE_SYSTEM_FALLBACK |
                                         MUI_MERGE_USER_FALLBACK | MUI_THREAD_LANGUAGES,
                                     Buffer, Size);
    if (status)
        return status;
    RtlpAddLanguages(&list, NtCurrentTeb()->PreferredLanguages);
    if (!(Flags & MUI_THREAD_LANGUAGES)) {
        RtlpAddLanguages(&list, &RtlpProcessLanguages);
        if (Flags & MUI_MERGE_USER_FALLBACK || !list.Count)
            RtlpAddLanguage(&list, RtlpUserLanguage());
        if (Flags & MUI_MERGE_SYSTEM_FALLBACK)
            RtlpAddLanguage(&list, RtlpSystemLanguage());
    }
    return RtlpWriteLanguages(&list, Flags, Count, Buffer, Size);
}

NTSTATUS NTAPI RtlGetUserPreferredUILanguages(ULONG Flags, ULONG Reserved, PULONG Count, PZZWSTR Buffer,
                                              PULONG Size)
{
    RTLP_LANGUAGES list = {0};
    NTSTATUS status = RtlpCheckQuery(Flags, MUI_LANGUAGE_ID | MUI_LANGUAGE_NAME, Buffer, Size);

    (void)Reserved;
    if (status)
        return status;
    RtlpAddLanguage(&list, RtlpUserLanguage());
    return RtlpWriteLanguages(&list, Flags, Count, Buffer, Size);
}

NTSTATUS NTAPI RtlGetSystemPreferredUILanguages(ULONG Flags, ULONG Reserved, PULONG Count, PZZWSTR Buffer,
                                                PULONG Size)
{
    RTLP_LANGUAGES list = {0};
    NTSTATUS status =
        RtlpCheckQuery(Flags, MUI_LANGUAGE_ID | MUI_LANGUAGE_NAME | MUI_MACHINE_LANGUAGE_SETTINGS, Buffer, Size);

    (void)Reserved;
    if (status)
        return status;
    RtlpAddLanguage(&list, RtlpSystemLanguage());
    return RtlpWriteLanguages(&list, Flags, Count, Buffer, Size);
}
