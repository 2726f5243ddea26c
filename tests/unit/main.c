/* Runs every UNIT_TEST of the host unit tests and prints "N passed, N failed". */
#include <stdarg.h>
#include <stdio.h>
#include "unit.h"

int UnitPasses, UnitFailures;
extern const UNIT_TEST_ENTRY __start_unit_tests[], __stop_unit_tests[];

int UnitCheck(int cond, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    if (cond) {
        UnitPasses++;
        return 1;
    }
    UnitFailures++;
    printf("FAIL %s:%d: ", file, line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    return 0;
}

int main(void)
{
    for (const UNIT_TEST_ENTRY *t = __start_unit_tests; t < __stop_unit_tests; t++) {
        int before = UnitFailures;
        t->run();
        printf("%s %s\n", UnitFailures == before ? "ok" : "FAILED", t->name);
    }
    printf("unit: %d passed, %d failed\n", UnitPasses, UnitFailures);
    return UnitFailures != 0;
}
