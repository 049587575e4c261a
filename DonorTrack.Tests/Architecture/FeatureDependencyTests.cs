using System.Text.RegularExpressions;
using DonorTrack.Core;

namespace DonorTrack.Tests.Architecture;

/// <summary>
/// Core's feature folders depend one way (docs/architecture.md): this reads every Core source file, collects which folders it
/// names (a using, a fully qualified name, or a folder-qualified type such as <c>Gifts.GiftService</c>) and fails on any cycle.
/// </summary>
public sealed partial class FeatureDependencyTests
{
    [Test]
    public void CoreFeatureFolders_ReadFromSource_HaveNoDependencyCycle()
    {
        var graph = FolderGraph.Read(CoreSourceDirectory());

        var cycles = FolderGraph.Cycles(graph.Edges.Keys, graph.Edges.ToDictionary(e => e.Key, e => (IEnumerable<string>)e.Value.Keys));

        Assert.That(cycles.Select(cycle => Describe(graph, cycle)), Is.Empty,
            "A Core folder depends on a folder that depends back on it. Let the lower folder define a small listener interface " +
            "that the higher folder implements (see IGiftChangeListener), or move the use case up into its own folder.");
    }

    [Test]
    public void CoreSourceScan_OfTheRealTree_FindsTheKnownDirectionsAndNotTheirReverse()
    {
        var graph = FolderGraph.Read(CoreSourceDirectory());

        Assert.That(graph.Edges.Keys, Is.SupersetOf(new[] { "Data", "Donors", "Gifts", "Dues", "Matching", "Receipts", "Merging", "Security" }));
        Assert.That(graph.Edges["Gifts"].Keys, Does.Contain("Donors"));
        Assert.That(graph.Edges["Dues"].Keys, Does.Contain("Gifts"));
        Assert.That(graph.Edges["Merging"].Keys, Is.SupersetOf(new[] { "Donors", "Dues", "Matching" }));
        Assert.That(graph.Edges["Gifts"].Keys.Intersect(["Dues", "Matching", "Receipts"]), Is.Empty);
        Assert.That(graph.Edges["Data"].Keys, Is.Empty);
    }

    [Test]
    public void CycleSearch_OnAGraphWithALoopOfThree_ReportsThatLoop()
    {
        var edges = new Dictionary<string, IEnumerable<string>>
        {
            ["Data"] = [],
            ["Gifts"] = ["Data", "Dues"],
            ["Dues"] = ["Matching"],
            ["Matching"] = ["Gifts", "Data"],
            ["Reports"] = ["Gifts"],
        };

        var cycles = FolderGraph.Cycles(edges.Keys, edges);

        Assert.That(cycles.Select(c => string.Join(" -> ", c)), Is.EqualTo(new[] { "Dues -> Matching -> Gifts -> Dues" }));
    }

    [Test]
    public void CycleSearch_OnALayeredGraph_ReportsNothing()
    {
        var edges = new Dictionary<string, IEnumerable<string>>
        {
            ["Data"] = [],
            ["Gifts"] = ["Data"],
            ["Dues"] = ["Gifts", "Data"],
            ["Merging"] = ["Dues", "Gifts"],
        };

        Assert.That(FolderGraph.Cycles(edges.Keys, edges), Is.Empty);
    }

    private static string Describe(FolderGraph graph, IReadOnlyList<string> cycle) =>
        string.Join(" -> ", cycle) + " (" + string.Join("; ", cycle.Zip(cycle.Skip(1), (from, to) => $"{from} -> {to} in {graph.Edges[from][to]}")) + ")";

    private static string CoreSourceDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DonorTrack.sln")))
                return Path.Combine(directory.FullName, "DonorTrack.Core");
        }
        throw new InvalidOperationException($"No DonorTrack.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Folder → (folder it names → first file that names it).</summary>
    private sealed partial class FolderGraph(Dictionary<string, Dictionary<string, string>> edges)
    {
        public Dictionary<string, Dictionary<string, string>> Edges { get; } = edges;

        public static FolderGraph Read(string coreDirectory)
        {
            var core = typeof(CoreServices).Assembly;
            var folders = Directory.GetDirectories(coreDirectory).Select(Path.GetFileName).OfType<string>()
                .Where(name => name is not ("bin" or "obj")).ToHashSet();
            var edges = folders.ToDictionary(folder => folder, _ => new Dictionary<string, string>());
            foreach (var folder in folders)
            {
                foreach (var file in Directory.EnumerateFiles(Path.Combine(coreDirectory, folder), "*.cs", SearchOption.AllDirectories).Order())
                {
                    var source = File.ReadAllText(file);
                    var named = QualifiedName().Matches(source).Select(m => m.Groups[1].Value)
                        .Concat(FolderQualifiedType().Matches(source)
                            .Where(m => core.GetType($"DonorTrack.Core.{m.Groups[1].Value}.{m.Groups[2].Value}") is not null)
                            .Select(m => m.Groups[1].Value));
                    foreach (var other in named.Where(n => n != folder && folders.Contains(n)))
                        edges[folder].TryAdd(other, Path.GetRelativePath(coreDirectory, file));
                }
            }
            return new FolderGraph(edges);
        }

        /// <summary>Each cycle once, as a path that starts and ends at the same folder.</summary>
        public static IReadOnlyList<IReadOnlyList<string>> Cycles(IEnumerable<string> nodes, IReadOnlyDictionary<string, IEnumerable<string>> edges)
        {
            var cycles = new List<IReadOnlyList<string>>();
            var seen = new HashSet<string>();
            var finished = new HashSet<string>();
            var path = new List<string>();

            void Visit(string node)
            {
                seen.Add(node);
                path.Add(node);
                foreach (var next in edges.GetValueOrDefault(node, []).Order(StringComparer.Ordinal))
                {
                    if (!seen.Contains(next))
                        Visit(next);
                    else if (!finished.Contains(next))
                        cycles.Add([.. path.Skip(path.IndexOf(next)), next]);
                }
                path.RemoveAt(path.Count - 1);
                finished.Add(node);
            }

            foreach (var node in nodes.Order(StringComparer.Ordinal))
            {
                if (!seen.Contains(node))
                    Visit(node);
            }
            return cycles;
        }

        [GeneratedRegex(@"\bDonorTrack\.Core\.([A-Z]\w*)")]
        private static partial Regex QualifiedName();

        [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.([A-Z]\w*)")]
        private static partial Regex FolderQualifiedType();
    }
}
