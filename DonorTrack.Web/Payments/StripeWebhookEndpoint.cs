using DonorTrack.Core.Payments;
using DonorTrack.Web.Hosting;

namespace DonorTrack.Web.Payments;

/// <summary>
/// <c>POST /stripe/webhook/{orgSlug}</c>: verifies the signature, applies the event once, and answers fast. The body is capped
/// at <see cref="RequestBodyLimit.StripeWebhookBytes"/> while it streams, and the card fee is fetched after the answer.
/// </summary>
public static class StripeWebhookEndpoint
{
    public static void MapStripeWebhook(this IEndpointRouteBuilder app) =>
        app.MapPost("/stripe/webhook/{orgSlug}", async (string orgSlug, HttpRequest request, OrganizationService organizations, PaymentKeyStore keys,
                StripeWebhookProcessor processor, CardFeeWorker fees, ILoggerFactory loggers) =>
            {
                var organization = organizations.FindBySlug(orgSlug);
                var orgKeys = organization is null ? null : keys.Load(organization.Id);
                if (organization is null || orgKeys is null)
                    return Results.NotFound();
                using var reader = new StreamReader(request.Body);
                var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
                try
                {
                    var result = processor.Process(organization, body, request.Headers["Stripe-Signature"], orgKeys.WebhookSecret);
                    if (result.FeePending)
                        fees.Request();
                    return Results.Ok(new { received = true, result.EventId, result.Outcome, result.Duplicate });
                }
                catch (StripeWebhookRejectedException rejected)
                {
                    loggers.CreateLogger("StripeWebhook").LogWarning("Rejected a Stripe webhook for {Organization}: {Reason}", orgSlug, rejected.Reason);
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Webhook signature rejected.", detail: rejected.Reason.ToString());
                }
            })
            .WithMetadata(new RequestSizeLimitAttribute(RequestBodyLimit.StripeWebhookBytes))
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();
}
