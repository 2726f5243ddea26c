/* The host unit tests' framework: checks counted per file, failures printed with their place. */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>

extern int UnitPasses, UnitFailures;
int UnitCheck(int cond, const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
#define CHECK(cond, ...) UnitCheck(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

/* Each test file registers its entry with UNIT_TEST(name). */
typedef struct {
    const char *name;
    void (*run)(void);
} UNIT_TEST_ENTRY;
#define UNIT_TEST(fn)                                                                                              \
    static void fn(void);                                                                                          \
    __attribute__((used, section("unit_tests"))) static const UNIT_TEST_ENTRY unit_entry_##fn = {#fn, fn};        \
    static void fn(void)

#endif
