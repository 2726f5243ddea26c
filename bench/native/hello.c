/* The native twin of examples/hello.c: the same greeting from an ELF, for start-to-exit comparisons. */
#include <unistd.h>

int main(void)
{
    static const char text[] = "Hello from Windows, on Linux, through Veles.\n";
    return write(1, text, sizeof(text) - 1) == sizeof(text) - 1 ? 0 : 1;
}
