using DonorTrack.Core.Data;
using DonorTrack.Core.Security;

namespace DonorTrack.Core.Gifts;

public enum GiftChangeKind
{
    Recorded,
    Voided,
    Refunded,
    Edited,
}

/// <summary>
/// What just happened to a gift: the gift as it now stands, who changed it, for a void the reason given, and for an edit the
/// gift as it stood before and whether the treasurer asked for its receipts to be voided and reissued.
/// </summary>
public sealed record GiftChange(GiftChangeKind Kind, Actor Actor, Gift Gift, string? Reason = null, Gift? Before = null, bool ReissueReceipts = false);

/// <summary>
/// A feature that keeps its own rows in step with gifts (dues standing, matching allocations, receipts). GiftService calls every
/// registered listener after the gift's write and audit, inside the same transaction, so a listener's failure undoes the gift too.
/// Gifts knows only this interface; the features above it implement it in their own folders.
/// </summary>
public interface IGiftChangeListener
{
    void OnGiftChanged(DbSession db, GiftChange change);
}

/// <summary>
/// A feature whose rows a gift input may point at (a membership, a recurring donation): it refuses a wrong reference with a
/// field error before anything is written.
/// </summary>
public interface IGiftReferenceCheck
{
    void EnsureValid(DbSession db, long organizationId, GiftInput input);
}
