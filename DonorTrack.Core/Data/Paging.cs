namespace DonorTrack.Core.Data;

/// <summary>
/// A 1-based page request; sizes are clamped to 1..500 (default 50), as the API contract says. Any page number up to
/// <see cref="int.MaxValue"/> is honoured: past the end it is an empty page, never a wrapped-around first page.
/// </summary>
public sealed record PageRequest
{
    public const int DefaultSize = 50;
    public const int MaximumSize = 500;

    public PageRequest(int? page = null, int? pageSize = null)
    {
        Page = Math.Max(1, page ?? 1);
        PageSize = Math.Clamp(pageSize ?? DefaultSize, 1, MaximumSize);
    }

    public int Page { get; }

    public int PageSize { get; }

    /// <summary>Rows before this page; a long, since (page - 1) × size overflows an int for large page numbers.</summary>
    public long Offset => (Page - 1L) * PageSize;

    /// <summary>This page of a list held in memory; empty past the end.</summary>
    public List<T> Slice<T>(IReadOnlyList<T> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        return Offset >= all.Count ? [] : all.Skip((int)Offset).Take(PageSize).ToList();
    }
}

/// <summary>One page of a list, with the total count across all pages.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total)
{
    private readonly bool? _hasNextPage;

    public int PageCount => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>True when counting stopped at <see cref="Total"/>: there are at least that many ("more than 1,000").</summary>
    public bool TotalIsLowerBound { get; init; }

    public bool HasNextPage
    {
        get => _hasNextPage ?? Page < PageCount;
        init => _hasNextPage = value;
    }
}
