/* What the memory manager's files share among themselves: views placed in the address space. */
#ifndef MM_MMP_H
#define MM_MMP_H

#include <sys/stat.h>
#include "mm/mm.h"

/* Reserve room for a view (no access yet): at base when exact, else at base if free, else anywhere below
 * the host. 0 when there is no room. */
ULONG_PTR MmpReserveView(ULONG_PTR base, SIZE_T size, bool exact);
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
