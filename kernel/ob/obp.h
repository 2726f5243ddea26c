/* What the object manager's files share among themselves. */
#ifndef OB_OBP_H
#define OB_OBP_H

#include "ob/ob.h"

/* Every object's header, just before its body. The name fields belong to the namespace and its lock. */
typedef struct __attribute__((aligned(16))) OBJECT_HEADER {
    const OBJECT_TYPE *Type;
    volatile LONG PointerCount;
    volatile LONG HandleCount;
    WCHAR *Name;                   /* NULL for an unnamed object */
    USHORT NameLength;             /* characters */
    BOOLEAN Permanent;             /* stays named without handles (and holds a reference for that) */
    void *Directory;               /* the directory body it is named in */
    struct OBJECT_HEADER *Next;    /* the next object of that directory, newest first */
    void *Security;                /* its security descriptor, once it has one of its own (kernel/se) */
} OBJECT_HEADER;

OBJECT_HEADER *ObpHeader(const void *body);
/* The types objects were made of: a type's index (from 2; 0 for one never used), and the i-th (from 0), or NULL. */
ULONG ObpTypeIndex(const OBJECT_TYPE *type);
const OBJECT_TYPE *ObpTypeAt(ULONG i);
LONG ObpAdjustHandleCount(void *body, LONG delta);
/* The last handle of an object went: a temporary named object leaves its directory. */
void ObpHandlesGone(void *body);
void ObpQueryCounts(const void *body, ULONG *handles, ULONG *pointers);

#endif
