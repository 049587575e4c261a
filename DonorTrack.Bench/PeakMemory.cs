using System.Diagnostics;

namespace DonorTrack.Bench;

/// <summary>The process's memory high-water marks, read once every other benchmark has run.</summary>
internal static class PeakMemory
{
    public const string Name = "memory";
    private const long TargetBytes = 300L * 1024 * 1024;

    public static IReadOnlyList<BenchResult> Read()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var peak = process.PeakWorkingSet64;
        var gc = GC.GetGCMemoryInfo();
        return
        [
            new(Name, "Peak working set (Process.PeakWorkingSet64)", BenchResult.Megabytes(peak), "≤ 300 MB", peak <= TargetBytes),
            new(Name, "Managed heap after last GC / total committed", $"{BenchResult.Megabytes(gc.HeapSizeBytes)} / {BenchResult.Megabytes(gc.TotalCommittedBytes)}"),
            new(Name, "Allocated over the run (GC.GetTotalAllocatedBytes)", BenchResult.Megabytes(GC.GetTotalAllocatedBytes())),
            new(Name, "Gen 0 / 1 / 2 collections", $"{GC.CollectionCount(0)} / {GC.CollectionCount(1)} / {GC.CollectionCount(2)}"),
        ];
    }
}
