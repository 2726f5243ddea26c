/* The C runtime's standard streams: scanf from standard input (a file, a pipe or a terminal: tests/run feeds
 * "42 words\n" and a line of text), printf and puts to standard output, fprintf to standard error, and a file
 * written and read back with fopen in text and binary modes. */
#include <stdio.h>
#include <string.h>
#include "wintest.h"

int main(void)
{
    char word[32], line[128], back[64];
    int number = 0;
    FILE *f;
    size_t n;

    ok(scanf("%d %31s", &number, word) == 2 && number == 42 && !strcmp(word, "words"), "scanf: %d %s", number,
       word);
    ok(fgets(line, sizeof(line), stdin) && !strcmp(line, "\n"), "the rest of the first line");
    ok(fgets(line, sizeof(line), stdin) && !strcmp(line, "a line of text\n"), "fgets in text mode: [%s]", line);
    ok(!fgets(line, sizeof(line), stdin) && feof(stdin), "then the end");
    printf("printf: %d %s %.3f %x\n", number, word, 2.5, 0xbeef);
    puts("puts: a line");
    fprintf(stderr, "stderr: a report\n");

    f = fopen("stdio-test.txt", "w");
    ok(f != NULL, "fopen for writing");
    fprintf(f, "one\ntwo\n");
    fclose(f);
    f = fopen("stdio-test.txt", "rb");
    n = f ? fread(back, 1, sizeof(back), f) : 0;
    ok(n == 10 && !memcmp(back, "one\r\ntwo\r\n", 10), "text mode wrote CR LF: %u bytes", (unsigned)n);
    fclose(f);
    f = fopen("stdio-test.txt", "r");
    n = f ? fread(back, 1, sizeof(back), f) : 0;
    ok(n == 8 && !memcmp(back, "one\ntwo\n", 8), "and reads it back as LF: %u bytes", (unsigned)n);
    fclose(f);
    ok(remove("stdio-test.txt") == 0 && !fopen("stdio-test.txt", "r"), "removed");
    return wintest_summary();
}
