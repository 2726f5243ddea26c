/* An ordinary Windows console program: C's printf, through mingw's msvcrt startup and Wine's msvcrt.dll and
 * kernel32.dll, on Veles' ntdll. */
#include <stdio.h>
#include <windows.h>

int main(void)
{
    OSVERSIONINFOW version = {.dwOSVersionInfoSize = sizeof(version)};

    GetVersionExW(&version);
    printf("Hello from Windows %lu.%lu (build %lu), on Linux, through Veles.\n", version.dwMajorVersion,
           version.dwMinorVersion, version.dwBuildNumber);
    return 0;
}
