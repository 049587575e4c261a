using DonorTrack.Core.Data;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Security;

namespace DonorTrack.Core.Payments;

/// <summary>
/// Told of each declined subscription invoice (<c>invoice.payment_failed</c>, one per Stripe retry) inside the webhook's
/// transaction, after the failure is recorded; a feature above Payments writes the donor's notice from it.
/// </summary>
public interface IPaymentFailureListener
{
    void OnPaymentFailed(DbSession db, Actor actor, Organization organization, InvoicePaymentFailed failed, string reason);
}

/// <summary>How a run of declined installments ended: paid after all, or the subscription ended unpaid.</summary>
[DomainWords]
public enum PaymentRecovery
{
    Recovered,
    Lost,
}
