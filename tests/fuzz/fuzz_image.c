/* libFuzzer harness for the image mapper's parser, layout, relocation and import checks (kernel/mm/image.c).
 * Built with AddressSanitizer and UndefinedBehaviorSanitizer; tests/run runs it for a bounded time. */
#include <stdint.h>
#include <stdlib.h>
#include "mm/mm.h"

#define FUZZ_MAX_IMAGE (16u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    MM_IMAGE_INFO info;
    char err[256];
    void *image;

    if (MmpParseImage(data, size, &info, err, sizeof(err)))
        return 0;
    if (info.SizeOfImage > FUZZ_MAX_IMAGE)
        return 0;
    image = calloc(1, info.SizeOfImage);
    if (!image)
        return 0;
    /* Once where it wants to be, once elsewhere so that every relocation is applied. */
    MmpLayoutImage(data, size, &info, image, info.ImageBase, err, sizeof(err));
    MmpLayoutImage(data, size, &info, image, info.ImageBase + 0x10000, err, sizeof(err));
    free(image);
    return 0;
}
