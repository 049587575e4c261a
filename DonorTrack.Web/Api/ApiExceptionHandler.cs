using DonorTrack.Core.Security;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;

namespace DonorTrack.Web.Api;

/// <summary>Turns validation and permission failures in API calls into problem details; other errors are logged and answered without internals.</summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
            return false;
        IResult result = exception switch
        {
            ValidationException invalid => Results.ValidationProblem(
                invalid.Errors.GroupBy(e => ApiJson.FieldName(e.PropertyName)).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()),
                title: "Some fields need attention."),
            ForbiddenException forbidden => Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: forbidden.Message),
            _ => Unexpected(exception),
        };
        await result.ExecuteAsync(context);
        return true;
    }

    private IResult Unexpected(Exception exception)
    {
        logger.LogError(exception, "Unhandled error in an API request");
        return Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Something went wrong on our side; it has been logged.");
    }
}

/// <summary>The API's authorization policy names, one per minimum role.</summary>
public static class ApiPolicies
{
    public static string For(string role) => "api:" + role;
}
