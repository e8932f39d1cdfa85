// Opens (read, write, append, create; a script's open), operations on paths (unlink, mkdir, rename, link,
// symlink, mknod, chmod) relative to a directory fd or the working directory, and mounts.
#ifndef BIFROST_FILES_H
#define BIFROST_FILES_H

// An open that succeeded, by its file object: seen at the open's exit (fd) or at security_file_open (lsm.h).
static __always_inline int on_open_file(__u64 cg, struct file *f, long id)
{
    if (pending_scripts && is_script_open(open_name(id))) {
        struct scratch *s = begin(BF_EV_SCRIPT, cg);
        if (s) {
            __u32 len = 0;
            append_file_path(s, f, &len, &s->ev.len1);
            submit(s, len);
        }
    }
    struct file_facts ff = {};
    if (read_file_facts(f, &ff))
        return 0;
    __u32 fmode = ff.fmode;
    if (fmode & FMODE_PATH)
        return 0;
    __u32 access = 0;
    if (fmode & FMODE_READ)
        access |= BF_ACC_READ;
    if (fmode & FMODE_WRITE)
        access |= (ff.fflags & O_APPEND_FLAG) ? BF_ACC_APPEND : BF_ACC_WRITE;
    if (fmode & FMODE_CREATED)
        access |= BF_ACC_CREATE;
    emit_file_facts(cg, f, &ff, access);
    return 0;
}

static __always_inline int on_open_exit(__u64 cg, long fd, long id)
{
    struct file *f = fd_file(fd);
    if (!f)
        return 0;
    return on_open_file(cg, f, id);
}

// op_access packs the operation (high half) and the access (low half) to stay within five arguments.
static __noinline void path_op(__u64 cg, __u32 uid, __u32 op_access, int dirfd, const char *name)
{
    struct scratch *s = begin(BF_EV_PATHOP, cg);
    if (!s)
        return;
    s->ev.a = op_access & 0xffff;
    s->ev.b = op_access >> 16;
    s->ev.c = uid;
    __u32 len = 0;
    if (dirfd == AT_FDCWD_VALUE) {
        append_cwd(s, &len, &s->ev.len1);
    } else {
        struct file *f = fd_file(dirfd);
        if (!f)
            return;
        append_file_path(s, f, &len, &s->ev.len1);
    }
    append_user_str(s, name, &len, &s->ev.len2);
    submit(s, len);
}

static __noinline void emit_mount(__u64 cg, const char *source, const char *target, const char *fstype)
{
    struct scratch *s = begin(BF_EV_MOUNT, cg);
    if (!s)
        return;
    __u32 len = 0;
    append_cwd(s, &len, &s->ev.len1);
    append_user_str(s, target, &len, &s->ev.len2);
    append_user_str(s, source, &len, &s->ev.len3);
    append_user_str(s, fstype, &len, &s->ev.len4);
    submit(s, len);
}

#endif
