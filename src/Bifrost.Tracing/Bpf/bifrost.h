// Shared between bifrost.bpf.c and the C# decoder (Native/BpfStructs.cs, Tracing/EventKind.cs mirror them).
#ifndef BIFROST_H
#define BIFROST_H

enum bf_event_kind {
    BF_EV_FILE = 1,
    BF_EV_EXEC = 2,
    BF_EV_SCRIPT = 3,
    BF_EV_SOCKET = 4,
    BF_EV_UNIX = 5,
    BF_EV_CAP = 6,
    BF_EV_SIGNAL = 7,
    BF_EV_PTRACE = 8,
    BF_EV_MOUNT = 9,
    BF_EV_PATHOP = 10,
};

// Same bit values as Bifrost.Core.Observations.AccessMask.
enum bf_access {
    BF_ACC_READ = 1 << 0,
    BF_ACC_WRITE = 1 << 1,
    BF_ACC_APPEND = 1 << 2,
    BF_ACC_EXEC = 1 << 3,
    BF_ACC_MMAP_EXEC = 1 << 4,
    BF_ACC_LINK = 1 << 5,
    BF_ACC_LOCK = 1 << 6,
    BF_ACC_CREATE = 1 << 7,
    BF_ACC_DELETE = 1 << 8,
    BF_ACC_EXEC_EVENT = 1 << 16,
};

enum bf_cap {
    BF_CAP_CHOWN = 0,
    BF_CAP_FOWNER = 3,
    BF_CAP_KILL = 5,
    BF_CAP_SETGID = 6,
    BF_CAP_SETUID = 7,
    BF_CAP_NET_BIND_SERVICE = 10,
    BF_CAP_NET_RAW = 13,
    BF_CAP_SYS_CHROOT = 18,
    BF_CAP_SYS_ADMIN = 21,
    BF_CAP_MKNOD = 27,
};

enum bf_op {
    BF_OP_CONNECT = 1, BF_OP_BIND, BF_OP_CHOWN, BF_OP_LCHOWN, BF_OP_FCHOWN, BF_OP_FCHOWNAT,
    BF_OP_CHMOD, BF_OP_FCHMOD, BF_OP_FCHMODAT, BF_OP_SETUID, BF_OP_SETREUID, BF_OP_SETRESUID,
    BF_OP_SETGID, BF_OP_SETREGID, BF_OP_SETRESGID, BF_OP_SETGROUPS, BF_OP_MOUNT, BF_OP_UMOUNT,
    BF_OP_SETHOSTNAME, BF_OP_CHROOT, BF_OP_MKNOD, BF_OP_MKNODAT, BF_OP_PTRACE, BF_OP_UNLINK,
    BF_OP_UNLINKAT, BF_OP_RMDIR, BF_OP_MKDIR, BF_OP_MKDIRAT, BF_OP_RENAME, BF_OP_RENAMEAT,
    BF_OP_LINK, BF_OP_LINKAT, BF_OP_SYMLINK, BF_OP_SYMLINKAT,
};

// Values of the cgroups map.
enum { BF_CG_STARTED = 1, BF_CG_EXCLUDED = 2 };
enum { BF_UNIX_CONNECT = 1, BF_UNIX_BIND = 2 };
enum { BF_PTRACE_READ = 0, BF_PTRACE_TRACE = 1 };

struct bf_config {
    __u64 target_cgid;
    __u32 target_level;
    __u32 tracer_tgid;
    __u32 precise_caps;
    __u32 wakeup_bytes;
};

struct bf_counters {
    __u64 dropped;
    __u64 emitted;
};

// An inode is named by its number and its filesystem: the superblock's address where fields cost a probe read
// each (unique while mounted, one read cheaper), else the device number.
struct bf_seen_key {
    __u64 cgid;
    __u64 ino;
    __u64 fs;
    __u32 access;
    __u32 pad;
};

struct bf_agg {
    __u64 caps;
    __u64 sockets[8];
    __u64 signals_same;
    __u64 signals_other;
    __u64 ptrace;
};

// Header of every ring-buffer record; len1..len4 bytes of strings follow, without terminators.
struct bf_event {
    __u32 kind;
    __u32 pid;
    __u64 cgid;
    __u32 a;
    __u32 b;
    __u32 c;
    __u16 len1;
    __u16 len2;
    __u16 len3;
    __u16 len4;
    __u32 pad;
};

#endif
