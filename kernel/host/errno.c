/* The errno to NTSTATUS translation, from the one table in errno.def. */
#include <errno.h>
#include "host/host.h"

NTSTATUS HostErrnoToStatus(int err)
{
    switch (err) {
#define X(e, status) case e: return status;
#include "host/errno.def"
#undef X
    }
    return STATUS_UNSUCCESSFUL;
}

int HostErrnoIsMapped(int err)
{
    switch (err) {
#define X(e, status) case e: return 1;
#include "host/errno.def"
#undef X
    }
    return 0;
}
