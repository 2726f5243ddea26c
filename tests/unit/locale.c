/* Locale names and LCIDs from locale.nls (lib/rtl/locale.c): the real file, and damaged ones that must not
 * be read outside their bounds. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "rtl/locale.h"
#include "unit.h"

static const WCHAR EnUs[] = {'e', 'n', '-', 'u', 's'};

UNIT_TEST(locale_names)
{
    const char *dir = getenv("VELES_WINE_NLS") ? getenv("VELES_WINE_NLS") : "/usr/share/wine/nls";
    char path[512];
    struct stat st;
    WCHAR name[RTLP_LOCALE_NAME_MAX];
    void *file;
    int fd;

    snprintf(path, sizeof(path), "%s/locale.nls", dir);
    if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st)) {
        CHECK(0, "no %s", path);
        return;
    }
    file = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    CHECK(RtlpLocaleNameToLcid(file, (SIZE_T)st.st_size, EnUs, 5) == 0x409, "en-us, in any case, is 0x409");
    CHECK(RtlpLocaleNameToLcid(file, (SIZE_T)st.st_size, EnUs, 2) == 0x9, "en alone is the neutral 0x9");
    CHECK(RtlpLocaleNameToLcid(file, (SIZE_T)st.st_size, (const WCHAR[]){'x', 'x'}, 2) == 0, "no such locale");
    CHECK(RtlpLcidToLocaleName(file, (SIZE_T)st.st_size, 0x0c07, name, RTLP_LOCALE_NAME_MAX) == 5 &&
              name[0] == 'd' && name[3] == 'A' && name[5] == 0,
          "0xc07 is de-AT");
    CHECK(RtlpLcidToLocaleName(file, (SIZE_T)st.st_size, 0x0c07, name, 5) == 0, "a buffer too small takes nothing");
    CHECK(RtlpLcidToLocaleName(file, (SIZE_T)st.st_size, 0x12345, name, RTLP_LOCALE_NAME_MAX) == 0, "no such LCID");

    /* Cut short anywhere, the table answers rightly or not at all, never reading past its end (AddressSanitizer
     * watches the copy, which is exactly as long as the cut). */
    for (SIZE_T cut = 0; cut < (SIZE_T)st.st_size; cut += (SIZE_T)st.st_size / 97 + 1) {
        void *copy = malloc(cut ? cut : 1);
        memcpy(copy, file, cut);
        ULONG lcid = RtlpLocaleNameToLcid(copy, cut, EnUs, 5);
        CHECK(lcid == 0 || lcid == 0x409, "cut at %zu: %x", (size_t)cut, lcid);
        RtlpLcidToLocaleName(copy, cut, 0x409, name, RTLP_LOCALE_NAME_MAX);
        free(copy);
    }
    CHECK(RtlpLocaleNameToLcid(NULL, 0, EnUs, 5) == 0, "no file");
    munmap(file, (size_t)st.st_size);
}
