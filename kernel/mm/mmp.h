/* What the memory manager's files share among themselves: views placed in the address space. */
#ifndef MM_MMP_H
#define MM_MMP_H

#include <sys/stat.h>
#include "mm/mm.h"
#include "ps/ps.h"

/* Services on a child's memory, which the child's kernel serves (PsCallChild carries them): PS_CHILD_REQUEST's
 * functions, their arguments and results in the order the services have them. */
enum {
    MMP_CHILD_ALLOCATE = 1, /* base, size, zero bits, type, protection -> base, size */
    MMP_CHILD_FREE,         /* base, size, type -> base, size */
    MMP_CHILD_PROTECT,      /* base, size, protection -> base, size, old protection */
    MMP_CHILD_QUERY,        /* address -> its MEMORY_BASIC_INFORMATION */
    MMP_CHILD_MAP_VIEW,     /* the section's attributes, protection and size, base, limit, offset, size, type,
                             * protection (the section's file goes with it) -> base, size */
    MMP_CHILD_UNMAP_VIEW,   /* base */
};
/* Call a child's kernel with function (see above); when status is already a failure, only the child's reference
 * goes, which it does in any case. results has the reply's PS_CHILD_RESULTS values. */
NTSTATUS MmpCallChild(void *child, NTSTATUS status, ULONG function, const ULONG64 *arguments, ULONG count, int fd,
                      ULONG64 *results);
void MmpServeMemoryRequest(const PS_CHILD_REQUEST *request, PS_CHILD_REPLY *reply);
void MmpServeViewRequest(const PS_CHILD_REQUEST *request, int fd, PS_CHILD_REPLY *reply);

/* The highest end address ZeroBits allows (STATUS_INVALID_PARAMETER_3 for a count Windows refuses). */
NTSTATUS MmpZeroBitsLimit(ULONG_PTR zero_bits, ULONG_PTR *limit);
/* Reserve room for a view (no access yet): at base when exact, else at base if free, else anywhere below limit
 * (KE_HOST_BOUNDARY: below the host), from the top down if asked. 0 when there is no room. */
ULONG_PTR MmpReserveView(ULONG_PTR base, SIZE_T size, bool exact, ULONG_PTR limit, bool top_down);
/* Record a view placed at base: of an image (MEM_IMAGE, per-page protections) or a data section
 * (MEM_MAPPED, every page committed with protect when page_protections is NULL), of the file fd is open on (-1 for
 * none), whose name it keeps. */
/* Whether a view of the file is in the address space. */
bool MmpIsFileViewed(dev_t device, ino_t inode);
NTSTATUS MmpRegisterView(ULONG_PTR base, SIZE_T size, ULONG type, ULONG protect, const ULONG *page_protections,
                         int fd);
/* Remove the view that holds addr: STATUS_NOT_MAPPED_VIEW when addr is in none. */
NTSTATUS MmpUnmapView(ULONG_PTR addr);
/* Map the PE image in fd at base (exact or preferred, as MmpReserveView) or, with base 0, its own
 * preferred base if free. */
/* An image file's contents for the parser, mapped read-only and kept (NULL with errno set on failure); when
 * *owned comes back set, the caller unmaps it. */
void *MmpViewImageFile(int fd, const struct stat *st, bool *owned);
NTSTATUS MmpMapImage(int fd, ULONG_PTR base, bool exact, MM_IMAGE *image, char *err, size_t errlen);

#endif
