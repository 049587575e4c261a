using DonorTrack.Web.Payments;

namespace DonorTrack.Web.Hosting;

/// <summary>
/// Answers the "not now" failures with 503 instead of 500: the database stayed busy with another writer past the wait
/// bound (with Retry-After), an organization's Stripe secrets can no longer be decrypted, or the disk is full or the data
/// directory read-only (the app keeps serving what it can read). The API and the Stripe webhook get problem details; pages
/// get the error page with the reason.
/// </summary>
public sealed class ServiceUnavailableResponses(RequestDelegate next, ILogger<ServiceUnavailableResponses> logger)
{
    public const int RetryAfterSeconds = 5;

    /// <summary>The HttpContext item the error page reads to say why the request could not be served.</summary>
    public const string ReasonItem = "DonorTrack.ServiceUnavailableReason";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception error) when (!context.Response.HasStarted
            && (error is PaymentKeysUnreadableException || DatabaseBusyException.IsBusy(error) || DataStorageFailure.Of(error) is not null))
        {
            string reason;
            context.Response.Clear();
            if (DataStorageFailure.Of(error) is { } storage)
            {
                logger.LogError(error, "Answered 503 to {Path}: the data directory refused a write ({Problem})", context.Request.Path, storage);
                reason = DataStorageFailure.Explain(storage);
            }
            else if (error is PaymentKeysUnreadableException unreadable)
            {
                logger.LogError("Answered 503 to {Path}: the saved Stripe secrets of organization {OrganizationId} can no longer be decrypted " +
                    "(the Data Protection key ring was lost or replaced); an admin must re-enter them under Admin → Payments",
                    context.Request.Path, unreadable.OrganizationId);
                reason = "Card payments are unavailable right now: the organization's Stripe keys must be re-entered by an admin.";
            }
            else
            {
                logger.LogWarning(error, "Answered 503 to {Path}: the database stayed busy with another change past the wait bound", context.Request.Path);
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                reason = "The database is busy with another change (an import, perhaps). Nothing was saved; try again in a few seconds.";
            }
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/stripe"))
                await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Temporarily unavailable.", detail: reason).ExecuteAsync(context);
            else
                context.Items[ReasonItem] = reason;
        }
    }
}
