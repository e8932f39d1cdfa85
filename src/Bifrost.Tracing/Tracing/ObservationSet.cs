using Bifrost.Core.Observations;

namespace Bifrost.Tracing.Tracing;

/// <summary>
/// Everything seen so far, without repeats: accesses to one path merge into one observation. Thread-safe,
/// since records arrive on the ring-buffer thread while reporting reads from another.
/// </summary>
public sealed class ObservationSet
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Container, string Path), AccessMask> files = [];
    private readonly HashSet<Observation> others = [];

    public int Count
    {
        get
        {
            lock (gate)
            {
                return files.Count + others.Count;
            }
        }
    }

    /// <summary>Adds an observation; returns what is new (a file with its widened access), or null when nothing is.</summary>
    public Observation? Add(Observation observation)
    {
        lock (gate)
        {
            if (observation is FileObservation file)
            {
                var key = (file.Container, file.Path);
                var before = files.GetValueOrDefault(key);
                var after = before | file.Access;
                if (files.ContainsKey(key) && after == before)
                {
                    return null;
                }
                files[key] = after;
                return file with { Access = after };
            }
            return others.Add(observation) ? observation : null;
        }
    }

    /// <summary>All observations, files first, in a stable order.</summary>
    public IReadOnlyList<Observation> Snapshot()
    {
        lock (gate)
        {
            var list = new List<Observation>(files.Count + others.Count);
            list.AddRange(files
                .OrderBy(f => f.Key.Container, StringComparer.Ordinal)
                .ThenBy(f => f.Key.Path, StringComparer.Ordinal)
                .Select(f => new FileObservation { Container = f.Key.Container, Path = f.Key.Path, Access = f.Value }));
            list.AddRange(others
                .OrderBy(o => o.Container, StringComparer.Ordinal)
                .ThenBy(o => o.GetType().Name, StringComparer.Ordinal)
                .ThenBy(o => o.ToString(), StringComparer.Ordinal));
            return list;
        }
    }
}
