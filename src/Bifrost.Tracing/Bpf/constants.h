// The sizes of the program's buffers, and the kernel and uapi values it compares against (vmlinux.h carries the
// kernel's types but none of its macros).
#ifndef BIFROST_CONSTANTS_H
#define BIFROST_CONSTANTS_H

#define PATH_HALF 4096
#define PATH_MASK (PATH_HALF - 1)
#define NAME_MAX_LEN 255
#define MAX_DEPTH 48
#define USTR_MAX 256

#define FMODE_READ 0x1
#define FMODE_WRITE 0x2
#define FMODE_PATH 0x4000
#define FMODE_CREATED 0x100000
#define O_APPEND_FLAG 02000
#define PROT_EXEC_FLAG 0x4
#define S_IFMT_BITS 0170000
#define S_IFDIR_BITS 0040000
#define S_IFSOCK_BITS 0140000
#define S_IFCHR_BITS 0020000
#define S_IFBLK_BITS 0060000
#define PROC_MAGIC 0x9fa0
#define AF_UNIX_FAMILY 1
#define AF_INET_FAMILY 2
#define AF_INET6_FAMILY 10
#define AF_PACKET_FAMILY 17
#define SOCK_RAW_TYPE 3
#define AT_FDCWD_VALUE -100
#define EINPROGRESS_VALUE 115
#define CAP_OPT_NOAUDIT_BIT 0x2

#endif
