namespace Bifrost.Core.AppArmor;

/// <summary>
/// What Bifrost assumes <c>abstractions/base</c> grants when /etc/apparmor.d is not there to read (the controller's
/// container, say). A subset of what Debian 12 and Ubuntu ship, so a rule left out because of it is also granted on nodes.
/// </summary>
internal static class BuiltInAbstractions
{
    public const string BaseName = "abstractions/base";
    public const string TunablesName = "tunables/global";

    public const string Base = """
        /dev/log w,
        /dev/random r,
        /dev/urandom r,
        /dev/null rw,
        /dev/zero rw,
        /dev/full rw,
        @{etc_ro}/locale/** r,
        @{etc_ro}/locale.alias r,
        @{etc_ro}/localtime r,
        /usr/share/locale/** r,
        /usr/share/zoneinfo/ r,
        /usr/share/zoneinfo/** r,
        /usr/lib{,32,64}/locale/** mr,
        /usr/lib{,32,64}/gconv/*.so mr,
        /usr/lib{,32,64}/gconv/gconv-modules* mr,
        /usr/lib/@{multiarch}/gconv/*.so mr,
        /usr/lib/@{multiarch}/gconv/gconv-modules* mr,
        @{etc_ro}/ld.so.cache mr,
        @{etc_ro}/ld.so.conf r,
        @{etc_ro}/ld.so.conf.d/{,*.conf} r,
        @{etc_ro}/ld.so.preload r,
        /{usr/,}lib{,32,64}/ld{,32,64}-*.so mr,
        /{usr/,}lib/@{multiarch}/ld{,32,64}-*.so mr,
        /{usr/,}lib{,32,64}/** r,
        /{usr/,}lib{,32,64}/**.so* mr,
        /{usr/,}lib/@{multiarch}/** r,
        /{usr/,}lib/@{multiarch}/**.so* mr,
        @{PROC}/sys/kernel/version r,
        @{PROC}/sys/kernel/ngroups_max r,
        @{PROC}/meminfo r,
        @{PROC}/stat r,
        @{PROC}/cpuinfo r,
        @{sys}/devices/system/cpu/ r,
        @{sys}/devices/system/cpu/online r,
        @{sys}/devices/system/cpu/possible r,
        @{PROC}/@{pid}/{maps,auxv,status} r,
        @{PROC}/sys/crypto/* r,
        @{PROC}/filesystems r,
        @{PROC}/sys/vm/overcommit_memory r,
        @{PROC}/sys/kernel/cap_last_cap r,
        ptrace (readby),
        ptrace (tracedby),
        ptrace (read) peer=@{profile_name},
        signal (receive) peer=unconfined,
        signal peer=@{profile_name},
        signal (receive, send) set=("exists"),
        unix peer=(label=@{profile_name}),
        unix (receive) peer=(label=unconfined),
        unix (create),
        unix (getattr, getopt, setopt, shutdown),
        """;
}
