// File accesses, each reported once per cgroup: the facts read from a struct file (two builds, see
// BF_TYPED_FILES), the fingerprint cache and seen LRU in front of the path walk, and the record of a first sight.
#ifndef BIFROST_DEDUP_H
#define BIFROST_DEDUP_H

// A struct's leading bytes in one probe read; the fields a hot path needs are then taken from the copy at
// their CO-RE offsets. A field that lies beyond the copy on some kernel is read on its own instead.
#define HEAD_BYTES 128
#define HEAD_FIELD(head, ptr, type, field, T) \
    (bpf_core_field_offset(type, field) + sizeof(T) <= HEAD_BYTES \
        ? *(T *)&(head)[bpf_core_field_offset(type, field) & (HEAD_BYTES - 1)] \
        : (T)BPF_CORE_READ((type *)(ptr), field))

// What the file paths need of one open file, read with two probe reads (its struct file and its inode).
struct file_facts {
    struct inode *inode;
    struct super_block *sb;
    __u64 fs_id;
    __u64 ino;
    __u32 fmode;
    __u32 fflags;
    __u32 imode;
};

#ifdef BF_TYPED_FILES
// Built a second time with BF_TYPED_FILES for kernels that have bpf_rdonly_cast (6.2 and later): the file
// pointer becomes BTF-typed, its fields direct loads, and the two probe reads below go away. User space loads
// this build first and falls back to the other where the kfunc is missing.
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;

static __always_inline int read_file_facts(struct file *untyped, struct file_facts *ff)
{
    struct file *f = bpf_rdonly_cast(untyped, bpf_core_type_id_kernel(struct file));
    struct inode *inode = f->f_inode;
    if (!inode)
        return -1;
    ff->fmode = f->f_mode;
    ff->fflags = f->f_flags;
    ff->inode = inode;
    ff->imode = inode->i_mode;
    ff->sb = inode->i_sb;
    // A typed pointer cannot become a number for the key: the device number names the filesystem instead.
    ff->fs_id = inode->i_sb->s_dev;
    ff->ino = inode->i_ino;
    return 0;
}
#else
static __always_inline int read_file_facts(struct file *f, struct file_facts *ff)
{
    char head[HEAD_BYTES];
    if (bpf_probe_read_kernel(head, sizeof(head), f))
        return -1;
    ff->fmode = HEAD_FIELD(head, f, struct file, f_mode, __u32);
    ff->fflags = HEAD_FIELD(head, f, struct file, f_flags, __u32);
    ff->inode = HEAD_FIELD(head, f, struct file, f_inode, struct inode *);
    if (!ff->inode || bpf_probe_read_kernel(head, sizeof(head), ff->inode))
        return -1;
    ff->imode = HEAD_FIELD(head, ff->inode, struct inode, i_mode, __u16);
    ff->sb = HEAD_FIELD(head, ff->inode, struct inode, i_sb, struct super_block *);
    ff->ino = HEAD_FIELD(head, ff->inode, struct inode, i_ino, __u64);
    ff->fs_id = (__u64)ff->sb;
    return 0;
}
#endif

// A small two-way cache of 64-bit fingerprints in front of the seen LRU: a repeat found here costs a few
// multiplications and one cache line (64 KiB in all) instead of a hash-map call that touches buckets spread
// over megabytes. Shared by all CPUs without locks: an aligned 8-byte store cannot tear. It only ever holds keys
// the LRU has already reported, so a miss here just asks the LRU; two keys sharing a fingerprint (a 2^-64
// chance per pair) would hide the second.
#define L1_SETS 4096

__u64 seen_l1[L1_SETS * 2];

static __always_inline __u64 mix64(__u64 h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

static __always_inline __u64 l1_fingerprint(struct bf_seen_key *k)
{
    __u64 h = mix64(k->cgid ^ 0x9e3779b97f4a7c15ULL);
    h = mix64(h ^ k->ino);
    h = mix64(h ^ k->fs);
    return mix64(h ^ k->access) | 1;
}

static __always_inline __u64 *l1_set(__u64 fp)
{
    return &seen_l1[((fp >> 17) & (L1_SETS - 1)) * 2];
}

static __always_inline int l1_has(__u64 *set, __u64 fp)
{
    return set[0] == fp || set[1] == fp;
}

// The newest key goes first; the one it displaces moves to the second way.
static __always_inline void l1_put(__u64 *set, __u64 fp)
{
    __u64 first = set[0];
    if (first != fp) {
        set[1] = first;
        set[0] = fp;
    }
}

// First sight of a file access in this cgroup: the slow path (LRU insert, /proc check, path walk, record).
static __noinline void emit_new_file(struct bf_seen_key *key, struct file *f, struct file_facts *ff)
{
    __u64 cg = key->cgid;
    __u32 access = key->access;
    __u8 one = 1;
    bpf_map_update_elem(&seen, key, &one, BPF_ANY);
    // A repeat of the same /proc file names the same process, so this check runs once per key as well.
    if (access & BF_ACC_READ)
        check_proc_read(cg, ff->inode, ff->sb);
    struct scratch *s = begin(BF_EV_FILE, cg);
    if (!s)
        return;
    s->ev.a = access;
    s->ev.b = (ff->imode & S_IFMT_BITS) == S_IFDIR_BITS;
    __u32 len = 0;
    append_file_path(s, f, &len, &s->ev.len1);
    if (submit(s, len))
        bpf_map_delete_elem(&seen, key);
}

// Emits a file access unless this cgroup already reported it. The de-dup key comes from the file object
// (inode and superblock), so a repeat costs the fingerprint cache or one LRU lookup: no path walk, no
// ring-buffer reservation, and no BPF-to-BPF call (each return is costly under SRSO-style mitigations).
static __always_inline void emit_file_facts(__u64 cg, struct file *f, struct file_facts *ff, __u32 access)
{
    struct bf_seen_key key = {};
    key.cgid = cg;
    key.ino = ff->ino;
    key.fs = ff->fs_id;
    key.access = access;
    __u64 fp = l1_fingerprint(&key);
    __u64 *set = l1_set(fp);
    if (l1_has(set, fp))
        return;
    if (bpf_map_lookup_elem(&seen, &key)) {
        l1_put(set, fp);
        return;
    }
    emit_new_file(&key, f, ff);
}

static __always_inline void emit_file(__u64 cg, struct file *f, __u32 access)
{
    struct file_facts ff = {};
    if (!read_file_facts(f, &ff))
        emit_file_facts(cg, f, &ff, access);
}

#endif
