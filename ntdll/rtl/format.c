/* Message formatting (RtlFormatMessage), the heart of FormatMessage: inserts %1..%99 with optional printf
 * formats between '!', the escapes %n %t %r %0 and %%, and lines wrapped at a maximum width. */
#include <stdarg.h>
#include "rtl/rtlp.h"

#define RTLP_MAX_INSERT 99

typedef struct {
    WCHAR *Next, *End;  /* the output */
    WCHAR *Line;        /* where the current line starts */
    WCHAR *Space;       /* the last place a line may be broken, or NULL */
    ULONG_PTR *Array;   /* the arguments as an array... */
    va_list *List;      /* ...or as a va_list, read once each into Fetched */
    int Used;           /* arguments taken so far */
    ULONG_PTR Fetched[RTLP_MAX_INSERT + 3];
} RTLP_MESSAGE;

static NTSTATUS RtlpPut(RTLP_MESSAGE *m, const WCHAR *text, SIZE_T length)
{
    if (length > (SIZE_T)(m->End - m->Next))
        return STATUS_BUFFER_OVERFLOW;
    memcpy(m->Next, text, length * sizeof(WCHAR));
    m->Next += length;
    return STATUS_SUCCESS;
}

static NTSTATUS RtlpNewLine(RTLP_MESSAGE *m, const WCHAR *end, SIZE_T length)
{
    NTSTATUS status = RtlpPut(m, end, length);
    m->Line = m->Next;
    m->Space = NULL;
    return status;
}

/* Argument number (1-based) of a va_list, reading those before it first; 0 means the one after the last. */
static ULONG_PTR RtlpListArgument(RTLP_MESSAGE *m, int number)
{
    if (!number)
        number = m->Used + 1;
    while (number > m->Used && m->Used < (int)(sizeof(m->Fetched) / sizeof(m->Fetched[0])))
        m->Fetched[m->Used++] = va_arg(*m->List, ULONG_PTR);
    return m->Fetched[number - 1];
}

/* One insert: its printf format (default %s, or %S for ANSI arguments), with '*' widths and precisions taken
 * from the arguments in Windows' own, slightly odd, order. */
static NTSTATUS RtlpInsert(RTLP_MESSAGE *m, const WCHAR **source, int number, BOOLEAN ansi)
{
    const WCHAR *s = *source;
    WCHAR format[32] = L"%";
    ULONG_PTR args[5] = {0};
    int length = 1, stars = 0, count = 0, written;

    if (*s == '!') {
        const WCHAR *close = s + 1;
        while (*close && *close != '!')
            close++;
        if (!*close || close - s - 1 > (int)(sizeof(format) / sizeof(WCHAR)) - 2)
            return STATUS_INVALID_PARAMETER;
        for (s++; *s == '*' || *s == ' ' || *s == '+' || *s == '-' || *s == '#' || *s == '.' ||
                  (*s >= '0' && *s <= '9');
             s++) {
            stars += *s == '*';
            format[length++] = *s;
        }
        /* ANSI arguments: a string or character conversion takes the other width from the format's. */
        if (ansi && (*s == 's' || *s == 'S' || *s == 'c' || *s == 'C'))
            format[length++] = *s++ ^ ('s' - 'S');
        while (s < close)
            format[length++] = *s++;
        if (stars > 2)
            return STATUS_INVALID_PARAMETER;
        *source = close + 1;
    } else {
        format[length++] = ansi ? 'S' : 's';
    }
    format[length] = 0;

    if (m->List) {
        if (number > 1)
            RtlpListArgument(m, number - 1);
        while (stars--) {
            args[count++] = RtlpListArgument(m, number);
            number = 0;
        }
        if (!number)
            m->Used--; /* Windows reads the value over the last width */
        args[count++] = RtlpListArgument(m, number);
    } else if (m->Array) {
        args[count++] = m->Array[number - 1];
        if (m->Used < number)
            m->Used = number;
        while (stars--)
            args[count++] = m->Array[m->Used++];
    } else {
        return STATUS_INVALID_PARAMETER;
    }
    if (m->Next == m->End)
        return STATUS_BUFFER_OVERFLOW;
    /* What does not fit is cut and terminated, as Windows leaves it. */
    written = _snwprintf(m->Next, (SIZE_T)(m->End - m->Next) - 1, format, args[0], args[1], args[2], args[3], args[4]);
    if (written < 0) {
        m->End[-1] = 0;
        return STATUS_BUFFER_OVERFLOW;
    }
    m->Next += written;
    return STATUS_SUCCESS;
}

/* A line grown to the width breaks at its last space (dropping the blanks before it) or, with none, here. */
static NTSTATUS RtlpWrap(RTLP_MESSAGE *m)
{
    WCHAR *cut = m->Space, *resume;
    SIZE_T tail;

    if (cut) {
        resume = cut + 1;
        while (cut > m->Line && (cut[-1] == ' ' || cut[-1] == '\t'))
            cut--;
    } else {
        cut = resume = m->Next;
    }
    tail = (SIZE_T)(m->Next - resume);
    if (cut + 2 + tail > m->End)
        return STATUS_BUFFER_OVERFLOW;
    memmove(cut + 2, resume, tail * sizeof(WCHAR));
    cut[0] = '\r';
    cut[1] = '\n';
    m->Next = cut + 2 + tail;
    m->Line = cut + 2;
    m->Space = NULL;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlFormatMessage(PWSTR Message, ULONG MaxWidth, BOOLEAN IgnoreInserts, BOOLEAN ArgumentsAreAnsi,
                                BOOLEAN ArgumentsAreAnArray, va_list *Arguments, PWSTR Buffer, ULONG BufferSize,
                                PULONG ReturnLength)
{
    static const WCHAR crlf[] = {'\r', '\n'}, blank = ' ', tab = '\t', cr = '\r';
    RTLP_MESSAGE m = {.Next = Buffer, .End = Buffer + BufferSize / sizeof(WCHAR), .Line = Buffer};
    const WCHAR *s = Message;
    NTSTATUS status = STATUS_SUCCESS;

    if (ArgumentsAreAnArray)
        m.Array = (ULONG_PTR *)Arguments;
    else
        m.List = Arguments;
    for (; *s; s++) {
        switch (*s) {
        case '\r':
        case '\n':
            if (s[0] == '\r' && s[1] == '\n')
                s++;
            if (!MaxWidth) {
                status = RtlpNewLine(&m, crlf, 2);
                break;
            }
            __attribute__((fallthrough)); /* with a width, line ends are spaces */
        case ' ':
            m.Space = m.Next;
            status = RtlpPut(&m, &blank, 1);
            break;
        case '\t':
            if (m.Space && m.Space == m.Next - 1)
                m.Space = m.Next;
            status = RtlpPut(&m, &tab, 1);
            break;
        case '%':
            switch (*++s) {
            case 0:
                return STATUS_INVALID_PARAMETER;
            case 't':
                status = MaxWidth ? RtlpNewLine(&m, crlf, 2) : RtlpPut(&m, &tab, 1);
                break;
            case 'n':
                status = RtlpNewLine(&m, crlf, 2);
                break;
            case 'r':
                status = RtlpNewLine(&m, &cr, 1);
                break;
            case '0':
                while (s[1])
                    s++;
                break;
            default:
                if (*s >= '1' && *s <= '9' && !IgnoreInserts) {
                    int number = *s++ - '0';
                    if (*s >= '0' && *s <= '9')
                        number = number * 10 + *s++ - '0';
                    status = RtlpInsert(&m, &s, number, ArgumentsAreAnsi);
                    s--;
                } else {
                    /* %% and the like are the character itself; kept whole when inserts are ignored. */
                    status = IgnoreInserts ? RtlpPut(&m, s - 1, 2) : RtlpPut(&m, s, 1);
                }
                break;
            }
            break;
        default:
            status = RtlpPut(&m, s, 1);
            break;
        }
        if (!status && MaxWidth && m.Next - m.Line >= (LONG_PTR)MaxWidth)
            status = RtlpWrap(&m);
        if (status)
            return status;
    }
    if ((status = RtlpPut(&m, L"", 1)))
        return status;
    *ReturnLength = (ULONG)((m.Next - Buffer) * sizeof(WCHAR));
    return STATUS_SUCCESS;
}
