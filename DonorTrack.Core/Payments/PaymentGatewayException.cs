using System.Net;

namespace DonorTrack.Core.Payments;

/// <summary>Stripe refused a request or could not be reached; <see cref="Exception.Message"/> is safe to show staff.</summary>
public sealed class PaymentGatewayException : Exception
{
    public PaymentGatewayException(string message, string? stripeCode, HttpStatusCode? statusCode, Exception? innerException = null)
        : base(message, innerException)
    {
        StripeCode = stripeCode;
        StatusCode = statusCode;
    }

    /// <summary>Stripe's error code (e.g. <c>charge_already_refunded</c>, <c>resource_missing</c>), when it sent one.</summary>
    public string? StripeCode { get; }

    /// <summary>Null when Stripe was not reached at all.</summary>
    public HttpStatusCode? StatusCode { get; }
}
