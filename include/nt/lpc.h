/* Local procedure calls (NtCreatePort and its kin): the message header every port message starts with. */
#ifndef NT_LPC_H
#define NT_LPC_H

#include "ntdef.h"

typedef struct {
    USHORT DataLength;      /* bytes after the header */
    USHORT TotalLength;     /* the header's and the data's */
    USHORT Type;            /* LPC_* */
    USHORT DataInfoOffset;
    CLIENT_ID ClientId;     /* the sender's */
    ULONG MessageId;
    SIZE_T ClientViewSize;
} PORT_MESSAGE, *PPORT_MESSAGE;
NT_CHECK_SIZE(PORT_MESSAGE, 0x28);
NT_CHECK_OFFSET(PORT_MESSAGE, MessageId, 0x18);

#define LPC_REQUEST 1
#define LPC_REPLY 2
#define LPC_DATAGRAM 3
#define LPC_LOST_REPLY 4
#define LPC_PORT_CLOSED 5
#define LPC_CLIENT_DIED 6
#define LPC_EXCEPTION 7
#define LPC_DEBUG_EVENT 8
#define LPC_ERROR_EVENT 9
#define LPC_CONNECTION_REQUEST 10

/* The most a message's data may hold, and a connection's information. */
#define PORT_MAXIMUM_MESSAGE_LENGTH 512
#define PORT_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x1)
#define PORT_CONNECT 0x0001

#endif
