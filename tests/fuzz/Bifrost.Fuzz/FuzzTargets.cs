using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Bifrost.Core.Admission;
using Bifrost.Core.AppArmor;
using Bifrost.Core.Audit;
using Bifrost.Core.Observations;
using Bifrost.Tracing.Native;
using Bifrost.Tracing.Tracing;
using Bifrost.Webhook.Intake;

namespace Bifrost.Fuzz;

/// <summary>
/// Input bytes into the real entry points. Each target lets through only what its entry point documents for bad
/// input; any other exception is a crash, and so is an answer that breaks the entry point's own contract.
/// </summary>
public static class FuzzTargets
{
    private const int MaxObservations = 1000;
    private static readonly int HeaderSize = Marshal.SizeOf<BpfEventHeader>();

    private static readonly Dictionary<string, Action<byte[]>> Targets = new(StringComparer.Ordinal)
    {
        ["admission"] = Admission,
        ["tracer-record"] = TracerRecords,
        ["report"] = Report,
        ["audit"] = Audit,
        ["profile"] = Profile,
    };

    public static IReadOnlyCollection<string> Names => Targets.Keys;

    /// <summary>Runs one input through <paramref name="target"/>; throws when the input shows a bug.</summary>
    public static void Run(string target, byte[] input)
    {
        if (!Targets.TryGetValue(target, out var run))
            throw new ArgumentException($"no fuzzing target '{target}'; targets: {string.Join(", ", Names)}", nameof(target));
        run(input);
    }

    /// <summary>
    /// An AdmissionReview through the handler: parse, decide, write the answer. Bad input is a 400 with a reason;
    /// a fault while deciding is admitted unchanged in production, but here it is the bug the input found.
    /// </summary>
    private static void Admission(byte[] input)
    {
        var handler = new AdmissionReviewHandler(new PodMutator(new AdmissionOptions()), FuzzNamespaces.Instance, LearningCatalog.Instance);
        var result = handler.Handle(input);
        if (result.Fault is { } fault)
            throw new FuzzFindingException("the mutator faulted on a review the parser accepted", fault);
        if (result.StatusCode == 400 && string.IsNullOrEmpty(result.Error))
            throw new FuzzFindingException("a 400 without a reason");
        if (result.StatusCode == 200)
        {
            using var answer = JsonDocument.Parse(result.Body ?? throw new FuzzFindingException("a 200 without a body"));
        }
    }

    /// <summary>
    /// Ring-buffer records as the kernel writes them, one after another, decoded and turned into observations
    /// with the state (a script's exec waiting for its interpreter's open) that spans records.
    /// </summary>
    private static void TracerRecords(byte[] input)
    {
        var translator = new EventTranslator(procRoot: null);
        var set = new ObservationSet();
        var scratch = new List<Observation>();
        var rest = input.AsSpan();
        while (TraceEvent.Decode(rest) is { } e)
        {
            scratch.Clear();
            translator.Translate(e, "app", scratch);
            foreach (var observation in scratch)
                set.Add(observation);
            var header = MemoryMarshal.Read<BpfEventHeader>(rest);
            rest = rest[(HeaderSize + header.Length1 + header.Length2 + header.Length3 + header.Length4)..];
        }
        scratch.Clear();
        translator.FlushPending(scratch);
        _ = ObservationJson.Serialize(set.Snapshot().Concat(scratch));
    }

    /// <summary>A tracer's or agent's report as <c>POST /v1/observations</c> reads it: a report or an error, nothing else.</summary>
    private static void Report(byte[] input)
    {
        var report = ReportReader.Read(input, MaxObservations, out var error);
        if (report is null && string.IsNullOrEmpty(error))
            throw new FuzzFindingException("no report and no error");
    }

    /// <summary>Kernel and audit-daemon lines as the node agent reads them; the parser never throws.</summary>
    private static void Audit(byte[] input)
    {
        foreach (var line in Encoding.UTF8.GetString(input).Split('\n'))
            _ = AuditRecordParser.Parse(line);
    }

    /// <summary>AppArmor profile text; a FormatException naming what is wrong is the documented answer to bad text.</summary>
    private static void Profile(byte[] input)
    {
        try
        {
            _ = new ProfileParser(IncludeResolver.BuiltInOnly).Parse(Encoding.UTF8.GetString(input));
        }
        catch (FormatException)
        {
        }
    }
}
