using Bifrost.Core.Relevancy;

namespace Bifrost.Core.Tests.Relevancy;

public sealed class ElfInspectorTests
{
    [Fact]
    public void Read_WithInterpreter_IsDynamicAndNamesIt() => Assert.Equal((ElfKind.Dynamic, ElfFiles.Interpreter), ElfInspector.Read(ElfFiles.Dynamic()));

    [Fact]
    public void Inspect_WithoutInterpreter_IsStatic() => Assert.Equal(ElfKind.Static, ElfInspector.Inspect(ElfFiles.Static()));

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
