using Bifrost.Fuzz;
using SharpFuzz;

// Under afl-fuzz (tests/fuzz/run.sh): `Bifrost.Fuzz TARGET` runs SharpFuzz's fork server, one input a round.
// Elsewhere: `Bifrost.Fuzz TARGET FILE...` replays files through the target, for a crash afl-fuzz saved.
if (args.Length == 0 || !FuzzTargets.Names.Contains(args[0]))
{
    Console.Error.WriteLine($"usage: Bifrost.Fuzz TARGET [FILE...]; targets: {string.Join(", ", FuzzTargets.Names)}");
    return 2;
}

var target = args[0];
if (args.Length > 1)
{
    foreach (var file in args.Skip(1))
    {
        FuzzTargets.Run(target, File.ReadAllBytes(file));
        Console.WriteLine($"{file}: ok");
    }
    return 0;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    FuzzTargets.Run(target, buffer.ToArray());
});
return 0;
