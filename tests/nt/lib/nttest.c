/* The test framework's implementation (see nttest.h). */
#include "nttest.h"

int TestFailures, TestPasses;

PPEB TestPeb(void)
{
    return NtCurrentTeb()->ProcessEnvironmentBlock;
}

int TestStrEqualW(const WCHAR *a, const char *b, SIZE_T units)
{
    SIZE_T i = 0;
    for (; i < units && b[i]; i++)
        if (a[i] != (WCHAR)(unsigned char)b[i])
            return 0;
    return i == units && !b[i];
}

int TestTypeNameIs(HANDLE h, const char *name)
{
    union {
        OBJECT_TYPE_INFORMATION info;
        char raw[256];
    } u;
    ULONG len = 0;
    NTSTATUS status = NtQueryObject(h, ObjectTypeInformation, &u, sizeof(u), &len);
    SIZE_T n = 0;
    while (name[n])
        n++;
    return !status && len == sizeof(u.info) + (n + 1) * 2 && u.info.TypeName.Length == n * 2 &&
           TestStrEqualW(u.info.TypeName.Buffer, name, n) && u.info.TypeName.Buffer[n] == 0;
}

const WCHAR *TestFindVariable(const char *name)
{
    const WCHAR *env = TestPeb()->ProcessParameters->Environment;
    SIZE_T n = 0;
    while (name[n])
        n++;
    while (*env) {
        SIZE_T len = 0, i = 0;
        while (env[len])
            len++;
        while (i < n && env[i] == (WCHAR)name[i])
            i++;
        if (i == n && env[n] == '=')
            return env + n + 1;
        env += len + 1;
    }
    return NULL;
}

static void TestPut(char **p, char *end, char c)
{
    if (*p < end)
        *(*p)++ = c;
}

int TestFormat(char *buf, int size, const char *fmt, va_list ap)
{
    char *p = buf, *end = buf + size - 1;

    for (; *fmt; fmt++) {
        int longs = 0, zero_pad = 0, width = 0;
        if (*fmt != '%') {
            TestPut(&p, end, *fmt);
            continue;
        }
        fmt++;
        if (*fmt == '0')
            zero_pad = 1, fmt++;
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l' || *fmt == 'z')
            longs++, fmt++;
        switch (*fmt) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            for (s = s ? s : "(null)"; *s; s++)
                TestPut(&p, end, *s);
            break;
        }
        case 'S': {
            const WCHAR *s = va_arg(ap, const WCHAR *);
            for (; s && *s; s++)
                TestPut(&p, end, *s < 0x80 ? (char)*s : '?');
            break;
        }
        case 'c':
            TestPut(&p, end, (char)va_arg(ap, int));
            break;
        case 'd':
        case 'u':
        case 'x':
        case 'p': {
            ULONG64 v;
            int neg = 0, n = 0, base = (*fmt == 'x' || *fmt == 'p') ? 16 : 10;
            char digits[24];
            if (*fmt == 'p')
                v = (ULONG64)va_arg(ap, void *);
            else if (longs)
                v = va_arg(ap, ULONG64);
            else
                v = *fmt == 'd' ? (ULONG64)(LONG64)va_arg(ap, int) : va_arg(ap, unsigned);
            if (*fmt == 'd' && (LONG64)v < 0)
                neg = 1, v = (ULONG64)-(LONG64)v;
            do
                digits[n++] = "0123456789abcdef"[v % base];
            while (v /= base);
            if (*fmt == 'p')
                TestPut(&p, end, '0'), TestPut(&p, end, 'x');
            if (neg)
                TestPut(&p, end, '-');
            for (int i = n; i < width; i++)
                TestPut(&p, end, zero_pad ? '0' : ' ');
            while (n)
                TestPut(&p, end, digits[--n]);
            break;
        }
        default:
            TestPut(&p, end, *fmt);
        }
    }
    *p = 0;
    return (int)(p - buf);
}

static void TestWrite(const char *buf, int len)
{
    IO_STATUS_BLOCK iosb;
    NtWriteFile(TestPeb()->ProcessParameters->StandardOutput, NULL, NULL, NULL, &iosb, (PVOID)buf, (ULONG)len, NULL,
                NULL);
}

void TestPrint(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = TestFormat(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    TestWrite(buf, n);
}

int TestCheck(int cond, const char *file, int line, const char *fmt, ...)
{
    char buf[900];
    va_list ap;

    if (cond) {
        TestPasses++;
        return 1;
    }
    TestFailures++;
    va_start(ap, fmt);
    TestFormat(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    TestPrint("FAIL %s:%d: %s\n", file, line, buf);
    return 0;
}

ULONG NTAPI Start(PPEB peb)
{
    (void)peb;
    RunTests();
    TestPrint("nttest: %d passed, %d failed\n", TestPasses, TestFailures);
    return TestFailures > 125 ? 125 : (ULONG)TestFailures;
}

HANDLE TestCreateThread(PUSER_THREAD_START_ROUTINE start, PVOID arg, ULONG flags)
{
    HANDLE h = NULL;
    ok_status(NtCreateThreadEx(&h, THREAD_ALL_ACCESS, NULL, NtCurrentProcess(), start, arg, flags, 0, 0, 0, NULL),
              STATUS_SUCCESS);
    return h;
}
