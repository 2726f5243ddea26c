/* One line on standard error for a person to read: "veles: " and the parts given, written at once. */
#include <stdarg.h>
#include "rtl/rtlp.h"

void RtlpReport(const char *first, ...)
{
    HANDLE err = NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters->StandardError;
    IO_STATUS_BLOCK iosb;
    char line[1024] = "veles: ";
    SIZE_T n = 7;
    va_list ap;

    /* One write, so that lines of threads reporting at once do not mix. */
    va_start(ap, first);
    for (const char *part = first; part; part = va_arg(ap, const char *))
        for (SIZE_T k = 0, len = strlen(part); k < len && n < sizeof(line) - 1; k++)
            line[n++] = part[k];
    va_end(ap);
    line[n++] = '\n';
    NtWriteFile(err, NULL, NULL, NULL, &iosb, line, (ULONG)n, NULL, NULL);
}
