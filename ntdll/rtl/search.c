/* qsort and bsearch as ntdll exports them. */
#include "rtl/rtlp.h"

typedef int(__cdecl *RTLP_COMPARE)(const void *, const void *);

static void RtlpSwap(char *a, char *b, SIZE_T size)
{
    while (size--) {
        char t = *a;
        *a++ = *b;
        *b++ = t;
    }
}

/* A heap sort: no recursion and no allocation, whatever the input. */
static void RtlpSiftDown(char *base, SIZE_T root, SIZE_T count, SIZE_T size, RTLP_COMPARE compare)
{
    for (SIZE_T child; (child = 2 * root + 1) < count; root = child) {
        if (child + 1 < count && compare(base + child * size, base + (child + 1) * size) < 0)
            child++;
        if (compare(base + root * size, base + child * size) >= 0)
            return;
        RtlpSwap(base + root * size, base + child * size, size);
    }
}

/* Up to eight elements Windows moves the largest to the end, then the largest of the rest, and so on, which
 * decides where equal elements end up; this does the same, and a heap sort past that. */
void __cdecl qsort(void *base, SIZE_T count, SIZE_T size, RTLP_COMPARE compare)
{
    char *b = base;

    if (count < 2 || !size)
        return;
    if (count <= 8) {
        for (SIZE_T last = count - 1; last > 0; last--) {
            SIZE_T largest = 0;
            for (SIZE_T i = 1; i <= last; i++)
                if (compare(b + i * size, b + largest * size) > 0)
                    largest = i;
            if (largest != last)
                RtlpSwap(b + largest * size, b + last * size, size);
        }
        return;
    }
    for (SIZE_T i = count / 2; i-- > 0;)
        RtlpSiftDown(b, i, count, size, compare);
    for (SIZE_T end = count - 1; end > 0; end--) {
        RtlpSwap(b, b + end * size, size);
        RtlpSiftDown(b, 0, end, size, compare);
    }
}

void *__cdecl bsearch(const void *key, const void *base, SIZE_T count, SIZE_T size, RTLP_COMPARE compare)
{
    SIZE_T low = 0, high = count;

    while (low < high) {
        SIZE_T mid = low + (high - low) / 2;
        const char *at = (const char *)base + mid * size;
        int order = compare(key, at);
        if (!order)
            return (void *)at;
        if (order < 0)
            high = mid;
        else
            low = mid + 1;
    }
    return NULL;
}
