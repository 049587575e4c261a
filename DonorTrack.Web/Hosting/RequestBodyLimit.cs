using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace DonorTrack.Web.Hosting;

/// <summary>
/// Caps the size of every request body: <see cref="DefaultBytes"/> unless the endpoint declares its own limit
/// (<c>[RequestSizeLimit]</c> on an upload page, <c>WithMetadata(new RequestSizeLimitAttribute(…))</c> on an endpoint).
/// A declared Content-Length over the limit is refused before anything is read; a body without one (chunked) is counted
/// while it streams, so an oversized post is never buffered whole. The answer is 413: problem details on the API and the
/// Stripe webhook, the error page elsewhere.
/// </summary>
public static class RequestBodyLimit
{
    /// <summary>Forms and API JSON bodies: far above any real one, far below what could exhaust memory.</summary>
    public const long DefaultBytes = 1024 * 1024;

    /// <summary>Stripe events are a few KB; the largest (an invoice with many lines) stays well under this.</summary>
    public const long StripeWebhookBytes = 256 * 1024;

    /// <summary>Must run after routing (the endpoint's limit is in its metadata) and before anything reads the body.</summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? DefaultBytes;
        // Kestrel enforces this too; TestServer and other servers may not offer the feature, hence the counting stream below.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
            serverLimit.MaxRequestBodySize = limit;
        if (context.Request.ContentLength > limit)
        {
            await RefuseAsync(context, limit);
            return;
        }

        var counted = new LimitedRequestStream(context.Request.Body, limit);
        context.Request.Body = counted;
        try
        {
            await next(context);
        }
        catch (Exception error) when ((counted.LimitExceeded || error is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            && !context.Response.HasStarted)
        {
            await RefuseAsync(context, limit);
            return;
        }
        // Form readers (antiforgery, model binding) turn a read failure into their own 400; the real cause is the size.
        if (counted.LimitExceeded && !context.Response.HasStarted)
            await RefuseAsync(context, limit);
    });

    private static async Task RefuseAsync(HttpContext context, long limit)
    {
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        // The error page is rendered by re-executing this request: it must see no body (nor read the rest of this one).
        context.Request.Body = Stream.Null;
        context.Request.ContentLength = 0;
        context.Features.Set<IFormFeature>(null);
        context.Response.Headers.Connection = "close";
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/stripe"))
        {
            await Results.Problem(
                    statusCode: StatusCodes.Status413PayloadTooLarge,
                    title: "The request body is too large.",
                    detail: $"This address accepts at most {limit / 1024:N0} KB.")
                .ExecuteAsync(context);
        }
        // Elsewhere the empty 413 is re-executed as the error page by UseStatusCodePagesWithReExecute.
    }

    /// <summary>Passes the body through and throws 413 as soon as more than the limit has been read.</summary>
    private sealed class LimitedRequestStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public bool LimitExceeded { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
            {
                LimitExceeded = true;
                throw new BadHttpRequestException($"The request body is larger than {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
            }
            return read;
        }
    }
}
