/* The pointer every system-call stub jumps through: the personality fills it in before ntdll runs. */
#include "nt/ntdef.h"

PVOID KiServiceDispatcher;
