using Bifrost.Core.Relevancy;

namespace Bifrost.Core.Tests.Relevancy;

public sealed class ElfInspectorTests
{
    [Fact]
    public void Read_WithInterpreter_IsDynamicAndNamesIt() => Assert.Equal((ElfKind.Dynamic, ElfFiles.Interpreter), ElfInspector.Read(ElfFiles.Dynamic()));

    [Fact]
    public void Inspect_WithoutInterpreter_IsStatic() => Assert.Equal(ElfKind.Static, ElfInspector.Inspect(ElfFiles.Static()));

    [Fact]
    public void Inspect_PositionIndependentWithADynamicSectionAndNoInterpreter_IsASharedObject() =>
        Assert.Equal(ElfKind.SharedObject, ElfInspector.Inspect(ElfFiles.SharedObject()));

    [RequiresFact(typeof(HostLibc))]
    public void Inspect_ThisMachinesLibmAndLoader_AreSharedObjectsAndItsShellIsDynamic()
    {
        Assert.Equal(ElfKind.SharedObject, ElfInspector.Inspect(Head(HostLibc.Libm)));
        Assert.Equal(ElfKind.SharedObject, ElfInspector.Inspect(Head(HostLibc.Loader)));
        Assert.Equal(ElfKind.Dynamic, ElfInspector.Inspect(Head("/bin/sh")));
    }

    private static byte[] Head(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[ElfInspector.HeadBytes];
        return head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
    }

    [Fact]
    public void Inspect_GoBuildIdNote_IsGo() => Assert.Equal(ElfKind.Go, ElfInspector.Inspect(ElfFiles.Go()));

    [Fact]
    public void Inspect_Script_IsUnknown() => Assert.Equal(ElfKind.Unknown, ElfInspector.Inspect("#!/bin/sh\necho hello, this is no ELF file at all, only text\n"u8));

    [Fact]
    public void Inspect_TruncatedHeaders_DoesNotThrow()
    {
        var head = ElfFiles.Go();
        for (var length = 0; length < head.Length; length++)
            _ = ElfInspector.Inspect(head.AsSpan(0, length));
    }
}

/// <summary>This machine's glibc libm and loader, where Debian puts them on x86_64 (libc.so.6 itself runs as a program: it has an interpreter).</summary>
public sealed class HostLibc : IRequirement
{
    public const string Libm = "/lib/x86_64-linux-gnu/libm.so.6";
    public const string Loader = "/lib64/ld-linux-x86-64.so.2";

    public string? Problem => File.Exists(Libm) && File.Exists(Loader) ? null : $"needs glibc at {Libm} and {Loader} (Debian on x86_64)";
}
