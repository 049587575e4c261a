using DonorTrack.Core.Data;

namespace DonorTrack.Core.Donors;

/// <summary>
/// Implemented by features above Donors whose rows restrict what a donor may become (a household member must stay an
/// individual); <see cref="DonorService"/> asks each before a change is written, so the caller gets a field error instead of
/// the database's refusal.
/// </summary>
public interface IDonorChangeCheck
{
    void EnsureAllowed(DbSession db, long organizationId, long donorId, DonorInput input);
}
