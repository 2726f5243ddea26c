/* The debug channels Wine's DLLs write through (__wine_dbg_*): classes and channels chosen by WINEDEBUG, as
 * under Wine, and lines of "thread:class:channel:function message" on standard error. */
#include "rtl/rtlp.h"

enum { DbgpFixme, DbgpErr, DbgpWarn, DbgpTrace, DbgpInit = 7 };

#define DBGP_MAX_OPTIONS 32

typedef struct {
    char Name[15]; /* "all" for every channel */
    UCHAR Set, Clear;
} DBGP_OPTION;

static DBGP_OPTION DbgpOptions[DBGP_MAX_OPTIONS];
static ULONG DbgpOptionCount;
static RTL_RUN_ONCE DbgpOptionsOnce;

static const char *const DbgpClassNames[] = {"fixme", "err", "warn", "trace"};

/* A line is put together per thread and written whole, so that threads' lines do not mix. */
typedef struct {
    ULONG StringsUsed;
    ULONG LineUsed;
    char Strings[1024];
    char Line[1024];
} DBGP_THREAD_DATA;

#define DbgpThreadSlot (NtCurrentTeb()->SystemReserved1[0])

/* One WINEDEBUG item: [class][+|-]channel, with no class meaning all of them. */
static void DbgpParseOption(const char *item, SIZE_T length)
{
    DBGP_OPTION *option = &DbgpOptions[DbgpOptionCount];
    UCHAR classes = 0;
    SIZE_T sign = 0, k;

    while (sign < length && item[sign] != '+' && item[sign] != '-')
        sign++;
    if (sign == length || length - sign - 1 >= sizeof(option->Name) || DbgpOptionCount == DBGP_MAX_OPTIONS)
        return;
    for (k = 0; k < 4 && sign; k++) {
        const char *class = DbgpClassNames[k];
        SIZE_T n = 0;
        while (n < sign && class[n] == item[n])
            n++;
        if (n == sign && !class[n])
            classes = 1 << k;
    }
    if (!sign)
        classes = (1 << DbgpFixme) | (1 << DbgpErr) | (1 << DbgpWarn) | (1 << DbgpTrace);
    if (!classes)
        return;
    memcpy(option->Name, item + sign + 1, length - sign - 1);
    option->Name[length - sign - 1] = 0;
    option->Set = item[sign] == '+' ? classes : 0;
    option->Clear = item[sign] == '-' ? classes : 0;
    DbgpOptionCount++;
}

static ULONG NTAPI DbgpReadOptions(PRTL_RUN_ONCE once, PVOID parameter, PVOID *context)
{
    static WCHAR variable[] = L"WINEDEBUG";
    UNICODE_STRING name = {sizeof(variable) - sizeof(WCHAR), sizeof(variable), variable}, value;
    WCHAR buffer[512];
    char text[512];
    SIZE_T n, start = 0;

    (void)once, (void)parameter, (void)context;
    value.Buffer = buffer;
    value.MaximumLength = sizeof(buffer);
    if (!NT_SUCCESS(RtlQueryEnvironmentVariable_U(NULL, &name, &value)))
        return TRUE;
    n = value.Length / sizeof(WCHAR);
    for (SIZE_T k = 0; k < n; k++)
        text[k] = buffer[k] < 0x80 ? (char)buffer[k] : '?';
    for (SIZE_T k = 0; k <= n; k++) {
        if (k < n && text[k] != ',')
            continue;
        DbgpParseOption(text + start, k - start);
        start = k + 1;
    }
    return TRUE;
}

/* Errors and fixmes unless WINEDEBUG says otherwise; its items apply in order. */
unsigned char __wine_dbg_get_channel_flags(WINE_DEBUG_CHANNEL *channel)
{
    unsigned char flags = (1 << DbgpFixme) | (1 << DbgpErr);

    RtlRunOnceExecuteOnce(&DbgpOptionsOnce, DbgpReadOptions, NULL, NULL);
    for (ULONG k = 0; k < DbgpOptionCount; k++) {
        if (strcmp(DbgpOptions[k].Name, "all") && strncmp(DbgpOptions[k].Name, channel->name, sizeof(channel->name)))
            continue;
        flags = (flags | DbgpOptions[k].Set) & ~DbgpOptions[k].Clear;
    }
    if (channel->flags & (1 << DbgpInit))
        channel->flags = flags;
    return flags;
}

static DBGP_THREAD_DATA *DbgpThreadData(void)
{
    DBGP_THREAD_DATA *data = DbgpThreadSlot;
    PVOID heap = RtlpHeap();

    if (!data && heap && (data = RtlAllocateHeap(heap, 0, sizeof(*data)))) {
        data->StringsUsed = data->LineUsed = 0;
        DbgpThreadSlot = data;
    }
    return data;
}

void DbgpFreeThreadData(void)
{
    if (DbgpThreadSlot)
        RtlFreeHeap(RtlpHeap(), 0, DbgpThreadSlot);
    DbgpThreadSlot = NULL;
}

static void DbgpWrite(const char *text, SIZE_T length)
{
    HANDLE err = NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters->StandardError;
    IO_STATUS_BLOCK iosb;

    if (length)
        NtWriteFile(err, NULL, NULL, NULL, &iosb, (PVOID)text, (ULONG)length, NULL, NULL);
}

/* Appends to the thread's line and writes it once it ends; what does not fit goes out as it is. */
static void DbgpAppend(const char *text, SIZE_T length)
{
    DBGP_THREAD_DATA *data = DbgpThreadData();

    if (!data) {
        DbgpWrite(text, length);
        return;
    }
    if (data->LineUsed + length > sizeof(data->Line)) {
        DbgpWrite(data->Line, data->LineUsed);
        data->LineUsed = 0;
        if (length > sizeof(data->Line)) {
            DbgpWrite(text, length);
            return;
        }
    }
    memcpy(data->Line + data->LineUsed, text, length);
    data->LineUsed += (ULONG)length;
    if (data->LineUsed && data->Line[data->LineUsed - 1] == '\n') {
        DbgpWrite(data->Line, data->LineUsed);
        data->LineUsed = 0;
    }
}

int __wine_dbg_header(int class, WINE_DEBUG_CHANNEL *channel, const char *function)
{
    char header[160];
    int n;

    if (class < 0 || class > DbgpTrace || !(__wine_dbg_get_channel_flags(channel) & (1 << class)))
        return -1;
    n = _snprintf(header, sizeof(header), "%04lx:%s:%.15s:%s ", (ULONG)(ULONG_PTR)NtCurrentTeb()->ClientId.UniqueThread,
                  DbgpClassNames[class], channel->name, function ? function : "");
    if (n < 0 || n >= (int)sizeof(header))
        n = sizeof(header) - 1;
    DbgpAppend(header, n);
    return n;
}

int __wine_dbg_output(const char *text)
{
    SIZE_T length = strlen(text);
    DbgpAppend(text, length);
    return (int)length;
}

/* A copy that lives long enough to be printed: a ring per thread, as Wine's debugstr functions expect. */
const char *__wine_dbg_strdup(const char *text)
{
    DBGP_THREAD_DATA *data = DbgpThreadData();
    SIZE_T length = strlen(text) + 1;
    char *copy;

    if (!data)
        return text;
    if (length > sizeof(data->Strings))
        length = sizeof(data->Strings);
    if (data->StringsUsed + length > sizeof(data->Strings))
        data->StringsUsed = 0;
    copy = data->Strings + data->StringsUsed;
    memcpy(copy, text, length - 1);
    copy[length - 1] = 0;
    data->StringsUsed += (ULONG)length;
    return copy;
}
