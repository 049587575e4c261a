using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DonorTrack.Web.Pages.Imports;

/// <summary>What was uploaded for preview: the original file name and the options chosen with it.</summary>
public sealed record StagedImport(string Token, string FileName, bool CreateMissingDesignations, byte[] Bytes)
{
    /// <summary>A preset word (stripe, paypal, donor_tool), "mapping:NAME" for a saved mapping, or null for DonorTrack's own columns.</summary>
    public string? Source { get; init; }

    public string? DateOrder { get; init; }
}

/// <summary>
/// Keeps an uploaded file under the data directory between preview and commit, so the commit imports exactly the bytes
/// that were previewed. A file is named by its organization and a random token; tokens of another organization find nothing.
/// </summary>
public sealed partial class ImportUploads(string dataDirectory)
{
    public const long MaximumBytes = 10 * 1024 * 1024;

    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    private string Folder => Path.Combine(dataDirectory, "imports");

    public string Save(long organizationId, string fileName, bool createMissingDesignations, byte[] bytes, string? source = null, string? dateOrder = null)
    {
        Directory.CreateDirectory(Folder);
        RemoveAbandoned();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        File.WriteAllBytes(PathOf(organizationId, token, ".csv"), bytes);
        File.WriteAllText(PathOf(organizationId, token, ".json"), JsonSerializer.Serialize(new Meta(fileName, createMissingDesignations, source, dateOrder)));
        return token;
    }

    /// <summary>Turns on "create missing funds and campaigns" for a staged file (offered on a preview that names missing ones).</summary>
    public bool AllowCreatingDesignations(long organizationId, string? token)
    {
        if (Find(organizationId, token) is not { } staged)
            return false;
        File.WriteAllText(PathOf(organizationId, staged.Token, ".json"),
            JsonSerializer.Serialize(new Meta(staged.FileName, true, staged.Source, staged.DateOrder)));
        return true;
    }

    public StagedImport? Find(long organizationId, string? token)
    {
        if (token is null || !TokenShape().IsMatch(token) || !File.Exists(PathOf(organizationId, token, ".json")))
            return null;
        var meta = JsonSerializer.Deserialize<Meta>(File.ReadAllText(PathOf(organizationId, token, ".json")))!;
        return new StagedImport(token, meta.FileName, meta.CreateMissingDesignations, File.ReadAllBytes(PathOf(organizationId, token, ".csv")))
        {
            Source = meta.Source,
            DateOrder = meta.DateOrder,
        };
    }

    public void Remove(long organizationId, string token)
    {
        if (!TokenShape().IsMatch(token))
            return;
        File.Delete(PathOf(organizationId, token, ".csv"));
        File.Delete(PathOf(organizationId, token, ".json"));
    }

    // Previews nobody committed or discarded would otherwise stay on disk with donors' details in them.
    private void RemoveAbandoned()
    {
        foreach (var file in Directory.EnumerateFiles(Folder))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > KeptFor)
                File.Delete(file);
        }
    }

    private string PathOf(long organizationId, string token, string extension) =>
        Path.Combine(Folder, $"{organizationId.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{token}{extension}");

    private sealed record Meta(string FileName, bool CreateMissingDesignations, string? Source = null, string? DateOrder = null);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TokenShape();
}
