/* What the object manager's files share among themselves. */
#ifndef OB_OBP_H
#define OB_OBP_H

#include "ob/ob.h"

void ObpAdjustHandleCount(void *body, LONG delta);
void ObpQueryCounts(const void *body, ULONG *handles, ULONG *pointers);
/* The object a handle names (referenced), with the access and attributes of the handle itself. The
 * pseudo-handles grant everything and have no attributes. */
NTSTATUS ObpReferenceHandle(HANDLE handle, void **body, ACCESS_MASK *access, ULONG *attributes);
/* Change a handle's attributes (OBJ_INHERIT, OBJ_PROTECT_CLOSE). */
NTSTATUS ObpSetHandleAttributes(HANDLE handle, ULONG attributes);
ACCESS_MASK ObpMapGenericAccess(const OBJECT_TYPE *type, ACCESS_MASK access);

#endif
