// SPDX-License-Identifier: GPL-2.0
// Bifrost's in-kernel half: records what the processes of one cgroup subtree do, resolved by the kernel,
// de-duplicated and aggregated here so that a busy application does not flood user space.
// Baseline hooks are syscall tracepoints and BTF tracepoints (they load wherever BTF exists);
// the fentry/kprobe programs for cap_capable are optional and picked by user space at start, and so is the
// LSM-hook path (lsm.h), which replaces every syscall tracepoint where fentry/fexit load.
//
// One compilation unit. The headers hold the program by concern; this file keeps the syscall dispatch (which
// syscall runs what, and the programs that feed it) and the cap_capable programs. Programs appear in one fixed
// order (exec, syscalls, locks, signals, LSM hooks, cap_capable), so the headers that define later ones follow the dispatch.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

#include "bifrost.h"

// Generated from syscalls.tbl into obj/bpf/: the NR_<name> x86_64 numbers, and the case lists BF_EXIT_CASES and
// BF_ENTER_CASES that keep the raw sys_enter/sys_exit and the cap_capable programs to the table's syscalls.
#include "syscalls.h"

#include "constants.h"
#include "maps.h"
#include "records.h"
#include "paths.h"
#include "capabilities.h"
#include "ptrace.h"
#include "dedup.h"
#include "exec.h"
#include "network.h"
#include "files.h"

// setuid and friends are judged against the credentials before the call, so they are saved at entry.
// Global functions are verified once, on their own, whichever program calls them.
__noinline int handle_enter(long id)
{
    __u32 op;
    int n;
    switch (id) {
    case NR_setuid: op = BF_OP_SETUID; n = 1; break;
    case NR_setreuid: op = BF_OP_SETREUID; n = 2; break;
    case NR_setresuid: op = BF_OP_SETRESUID; n = 3; break;
    case NR_setgid: op = BF_OP_SETGID; n = 1; break;
    case NR_setregid: op = BF_OP_SETREGID; n = 2; break;
    case NR_setresgid: op = BF_OP_SETRESGID; n = 3; break;
    default: return 0;
    }
    if (!scope(0))
        return 0;
    struct task_struct *task = bpf_get_current_task_btf();
    struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(task);
    __u64 a0 = regs->di, a1 = regs->si, a2 = regs->dx;
    const struct cred *cred = task->cred;
    struct stash st = {};
    st.op = op;
    if (op == BF_OP_SETUID || op == BF_OP_SETREUID || op == BF_OP_SETRESUID)
        st.extra = needs_id_cap(cred->uid.val, cred->euid.val, cred->suid.val, a0, a1, a2, n);
    else
        st.extra = needs_id_cap(cred->gid.val, cred->egid.val, cred->sgid.val, a0, a1, a2, n);
    if (!st.extra)
        return 0;
    __u64 tid = bpf_get_current_pid_tgid();
    bpf_map_update_elem(&stashes, &tid, &st, BPF_ANY);
    return 1;
}

// Syscall tracepoints fire only for the syscalls they are attached to (user space attaches this one to the
// set*id entries), so the rest of the system's syscalls never run a BPF program.
// Only the syscall number is read from the record: a program may not read past the shortest record it is
// attached to (setuid's has one argument), so the arguments come from the saved registers.
struct syscall_enter_ctx {
    __u64 common;
    int nr;
};

SEC("tracepoint")
int on_syscall_enter(struct syscall_enter_ctx *ctx)
{
    handle_enter(ctx->nr);
    return 0;
}

// Where the kernel has the cap_capable tracepoint, the set*id syscalls' own CAP_SETUID/CAP_SETGID checks are
// seen as they happen, so no entry hook (which would sit on every syscall of every task) is needed for them.
// Only checks made inside those syscalls count: elsewhere a check may be one AppArmor never audits.
SEC("tp_btf/cap_capable")
int BPF_PROG(on_cap_check, const struct cred *cred, struct user_namespace *target_ns, const struct user_namespace *ns, int cap, int ret)
{
    if ((cap != BF_CAP_SETUID && cap != BF_CAP_SETGID) || ret != 0)
        return 0;
    struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
    switch (regs->orig_ax) {
    BF_ENTER_CASES
        break;
    default:
        return 0;
    }
    __u64 cg = scope(0);
    if (cg)
        infer_cap(cg, cap);
    return 0;
}

// The fallback where syscall tracepoints cannot be attached (no tracefs): runs on every syscall.
SEC("tp_btf/sys_enter")
int BPF_PROG(on_sys_enter, struct pt_regs *regs, long id)
{
    switch (id) {
    BF_ENTER_CASES
        handle_enter(id);
        return 0;
    default:
        return 0;
    }
}

// Everything after a syscall returned successfully; the arguments come from the registers saved at entry
// (x86_64 syscall convention).
__noinline int handle_exit(long id, long ret)
{
    // Opens are by far the most frequent: they need neither the arguments nor a second helper.
    if (id == NR_open || id == NR_creat || id == NR_openat || id == NR_openat2) {
        __u64 cg = scope(0);
        if (cg)
            on_open_exit(cg, ret, id);
        return 0;
    }
    struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
    __u64 a0 = regs->di;
    __u64 a1 = regs->si;
    __u64 a2 = regs->dx;
    __u64 a3 = regs->r10;
    __u64 a4 = regs->r8;
    if (id == NR_fcntl && a1 != 6 && a1 != 7 && a1 != 37 && a1 != 38)
        return 0;
    if (id == NR_mmap && (!(a2 & PROT_EXEC_FLAG) || (long)a4 < 0))
        return 0;
    __u64 cg = scope(0);
    if (!cg)
        return 0;
    __u32 uid;
    switch (id) {
    case NR_mmap:
        if ((a2 & PROT_EXEC_FLAG) && (long)a4 >= 0) {
            struct file *f = fd_file((int)a4);
            if (f)
                emit_file(cg, f, BF_ACC_MMAP_EXEC);
        }
        return 0;
    case NR_fcntl:
        // F_SETLK, F_SETLKW, F_OFD_SETLK, F_OFD_SETLKW
        if (a1 != 6 && a1 != 7 && a1 != 37 && a1 != 38)
            return 0;
        /* fall through */
    case NR_flock: {
        struct file *f = fd_file((int)a0);
        if (f)
            emit_file(cg, f, BF_ACC_LOCK);
        return 0;
    }
    case NR_socket: case NR_connect: case NR_bind:
        return exit_net(cg, id, ret, (int)a0);
    case NR_chown: case NR_lchown: case NR_fchown: case NR_fchownat:
        return exit_owner(cg, id, a1, a2, a3);
    case NR_fchmod: {
        struct file *f = fd_file((int)a0);
        if (f && BPF_CORE_READ(f, f_inode, i_uid.val) != current_fsuid())
            infer_cap(cg, BF_CAP_FOWNER);
        return 0;
    }
    case NR_chmod:
        path_op(cg, current_fsuid(), BF_OP_CHMOD << 16, AT_FDCWD_VALUE, (const char *)a0);
        return 0;
    case NR_fchmodat: case NR_fchmodat2:
        path_op(cg, current_fsuid(), BF_OP_FCHMODAT << 16, (int)a0, (const char *)a1);
        return 0;
    case NR_setuid: case NR_setreuid: case NR_setresuid: case NR_setgid: case NR_setregid: case NR_setresgid:
        return exit_ids(cg, ret);
    case NR_setgroups:
        infer_cap(cg, BF_CAP_SETGID);
        return 0;
    case NR_mount:
        infer_cap(cg, BF_CAP_SYS_ADMIN);
        emit_mount(cg, (const char *)a0, (const char *)a1, (const char *)a2);
        return 0;
    case NR_umount2: case NR_sethostname: case NR_setdomainname:
        infer_cap(cg, BF_CAP_SYS_ADMIN);
        return 0;
    case NR_chroot:
        infer_cap(cg, BF_CAP_SYS_CHROOT);
        return 0;
    case NR_mknod: case NR_mknodat: {
        __u32 mode = id == NR_mknod ? a1 : a2;
        __u32 fmt = mode & S_IFMT_BITS;
        if (fmt == S_IFCHR_BITS || fmt == S_IFBLK_BITS)
            infer_cap(cg, BF_CAP_MKNOD);
        if (id == NR_mknod)
            path_op(cg, 0, (BF_OP_MKNOD << 16) | BF_ACC_CREATE, AT_FDCWD_VALUE, (const char *)a0);
        else
            path_op(cg, 0, (BF_OP_MKNODAT << 16) | BF_ACC_CREATE, (int)a0, (const char *)a1);
        return 0;
    }
    case NR_ptrace:
        return exit_ptrace(cg, a0);
    case NR_unlink: case NR_rmdir:
        path_op(cg, 0, (BF_OP_UNLINK << 16) | BF_ACC_DELETE, AT_FDCWD_VALUE, (const char *)a0);
        return 0;
    case NR_unlinkat:
        path_op(cg, 0, (BF_OP_UNLINKAT << 16) | BF_ACC_DELETE, (int)a0, (const char *)a1);
        return 0;
    case NR_mkdir:
        path_op(cg, 0, (BF_OP_MKDIR << 16) | BF_ACC_CREATE, AT_FDCWD_VALUE, (const char *)a0);
        return 0;
    case NR_mkdirat:
        path_op(cg, 0, (BF_OP_MKDIRAT << 16) | BF_ACC_CREATE, (int)a0, (const char *)a1);
        return 0;
    case NR_rename:
        path_op(cg, 0, (BF_OP_RENAME << 16) | BF_ACC_DELETE, AT_FDCWD_VALUE, (const char *)a0);
        path_op(cg, 0, (BF_OP_RENAME << 16) | BF_ACC_CREATE, AT_FDCWD_VALUE, (const char *)a1);
        return 0;
    case NR_renameat: case NR_renameat2:
        path_op(cg, 0, (BF_OP_RENAMEAT << 16) | BF_ACC_DELETE, (int)a0, (const char *)a1);
        path_op(cg, 0, (BF_OP_RENAMEAT << 16) | BF_ACC_CREATE, (int)a2, (const char *)a3);
        return 0;
    case NR_link:
        path_op(cg, 0, (BF_OP_LINK << 16) | BF_ACC_LINK, AT_FDCWD_VALUE, (const char *)a1);
        return 0;
    case NR_linkat:
        path_op(cg, 0, (BF_OP_LINKAT << 16) | BF_ACC_LINK, (int)a2, (const char *)a3);
        return 0;
    case NR_symlink:
        path_op(cg, 0, (BF_OP_SYMLINK << 16) | BF_ACC_CREATE, AT_FDCWD_VALUE, (const char *)a1);
        return 0;
    case NR_symlinkat:
        path_op(cg, 0, (BF_OP_SYMLINKAT << 16) | BF_ACC_CREATE, (int)a1, (const char *)a2);
        return 0;
    }
    return 0;
}

// A non-blocking connect that is still in progress has its peer already.
static __always_inline int failed(long id, long ret)
{
    return ret < 0 && !(id == NR_connect && ret == -EINPROGRESS_VALUE);
}

struct syscall_exit_ctx {
    __u64 common;
    int nr;
    int pad;
    long ret;
};

// Attached by user space to the exit tracepoint of each syscall handle_exit knows (fcntl and flock excepted
// when the lock tracepoints below are attached).
SEC("tracepoint")
int on_syscall_exit(struct syscall_exit_ctx *ctx)
{
    long id = ctx->nr;
    long ret = ctx->ret;
    if (failed(id, ret))
        return 0;
    handle_exit(id, ret);
    return 0;
}

// The fallback where syscall tracepoints cannot be attached (no tracefs): runs on every syscall.
SEC("tp_btf/sys_exit")
int BPF_PROG(on_sys_exit, struct pt_regs *regs, long ret)
{
    long id = regs->orig_ax;
    switch (id) {
    BF_EXIT_CASES
        break;
    default:
        return 0;
    }
    if (failed(id, ret))
        return 0;
    handle_exit(id, ret);
    return 0;
}

#include "locks.h"
#include "signals.h"
#include "lsm.h"

// Precise capability checks where the kernel lets fentry or kprobes load; user space enables one of these.
SEC("fentry/cap_capable")
int BPF_PROG(fentry_capable, const struct cred *cred, struct user_namespace *ns, int cap, unsigned int opts)
{
    return on_capable(cap, opts);
}

SEC("kprobe/cap_capable")
int BPF_KPROBE(kprobe_capable, const struct cred *cred, struct user_namespace *ns, int cap, unsigned int opts)
{
    return on_capable(cap, opts);
}
