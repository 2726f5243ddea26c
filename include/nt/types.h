/* All NT types and layouts at once, for the generated service prototypes and their callers. */
#ifndef NT_TYPES_H
#define NT_TYPES_H

#include "ntdef.h"
#include "ntstatus.h"
#include "pe.h"
#include "ps.h"
#include "mm.h"
#include "ex.h"
#include "kuser.h"
#include "io.h"
#include "sync.h"
#include "ob.h"
#include "context.h"
#include "rtl.h"
#include "ldr.h"
#include "se.h"
#include "dbg.h"
#include "cm.h"
#include "po.h"
#include "lpc.h"

#endif
