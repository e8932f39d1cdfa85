using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Bifrost.Tracer.Tests.Cgroups;

/// <summary>
/// An OCI bundle for runc whose root filesystem is the host's /usr, /bin, /lib, /lib64, /sbin and /etc, bound
/// read-only (or linked, where the host links them into /usr), with its own runc state directory.
/// </summary>
internal sealed class RuncBundle : IDisposable
{
    private static readonly string[] HostDirectories = ["usr", "bin", "lib", "lib64", "sbin", "etc"];

    private readonly List<string> created = [];

    public RuncBundle()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("bifrost-runc-").FullName;
        System.IO.Directory.CreateDirectory(Path.Join(Directory, "rootfs"));
    }

    public string Directory { get; }

    public static string? Runc { get; } = Tools.Find("runc");

    /// <summary>Starts <paramref name="args"/> in the container (detached) in the cgroupfs-style path; returns runc's error or null.</summary>
    public string? Run(string name, string cgroupsPath, bool detach, params string[] args)
    {
        var (code, _) = Runc_("spec", "--bundle", Directory);
        if (code != 0)
        {
            return "runc spec failed";
        }
        var configPath = Path.Join(Directory, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config["process"]!["terminal"] = false;
        config["process"]!["args"] = new JsonArray([.. args.Select(a => JsonValue.Create(a))]);
        config["root"]!["readonly"] = true;
        config["linux"]!["cgroupsPath"] = cgroupsPath;
        var mounts = config["mounts"]!.AsArray();
        foreach (var d in HostDirectories)
        {
            var host = "/" + d;
            var info = new DirectoryInfo(host);
            if (info.LinkTarget is { } target)
            {
                File.CreateSymbolicLink(Path.Join(Directory, "rootfs", d), target);
            }
            else if (info.Exists)
            {
                mounts.Add(new JsonObject { ["destination"] = host, ["type"] = "bind", ["source"] = host, ["options"] = new JsonArray("rbind", "ro") });
            }
        }
        File.WriteAllText(configPath, config.ToJsonString());
        created.Add(name);
        // The container inherits runc's stdio: give it nothing to hold open, so a detached one does not keep a pipe.
        var error = Path.Join(Directory, "runc.err");
        List<string> command = ["-c", "exec \"$@\" </dev/null >/dev/null 2>\"$0\"", error, Runc!, "--root", State, "run", "--bundle", Directory, name];
        if (detach)
        {
            command.Insert(command.IndexOf("run") + 1, "-d");
        }
        var start = new ProcessStartInfo("sh", command);
        using var runc = Process.Start(start)!;
        if (!runc.WaitForExit(20_000))
        {
            runc.Kill(entireProcessTree: true);
            return "runc run did not return within 20 s";
        }
        return runc.ExitCode == 0 ? null : $"runc run exited {runc.ExitCode}: {File.ReadAllText(error).Trim()}";
    }

    /// <summary>The host pid of the container's process.</summary>
    public int PidOf(string name)
    {
        var (code, output) = Runc_("--root", State, "state", name);
        return code == 0 ? JsonNode.Parse(output)!["pid"]!.GetValue<int>() : throw new InvalidOperationException("runc state failed");
    }

    public void Dispose()
    {
        foreach (var name in created)
        {
            Runc_("--root", State, "delete", "-f", name);
        }
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private string State => Path.Join(Directory, "state");

    private static (int Code, string Output) Runc_(params string[] args)
    {
        using var runc = Process.Start(new ProcessStartInfo(Runc!, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = runc.StandardOutput.ReadToEndAsync();
        var error = runc.StandardError.ReadToEndAsync();
        if (!runc.WaitForExit(20_000))
        {
            runc.Kill(entireProcessTree: true);
            return (-1, "");
        }
        return (runc.ExitCode, output.Result + error.Result);
    }
}
