using System.Diagnostics;

namespace DonorTrack.Bench;

/// <summary>
/// Wall time and this process's CPU time over repeated runs of one piece of work, after a warm-up run (JIT, page cache,
/// fonts). CPU time stands beside wall time because on a shared machine the wall clock also counts the wait for a core.
/// </summary>
public sealed record RepeatedTiming(double MedianMs, double BestMs, double MedianCpuMs)
{
    public static RepeatedTiming Of(int runs, Action work)
    {
        work();
        var times = new List<double>();
        var cpu = new List<double>();
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < runs; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            work();
            times.Add(watch.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }
        times.Sort();
        cpu.Sort();
        return new RepeatedTiming(times[times.Count / 2], times[0], cpu[cpu.Count / 2]);
    }
}
