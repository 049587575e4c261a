using DonorTrack.Core.Data;
using DonorTrack.Core.Security;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;

namespace DonorTrack.Web.Api;

/// <summary>Turns the failures a caller can fix (validation, permissions) into problem details on every API endpoint.</summary>
public sealed class ApiProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ValidationException invalid)
        {
            return Results.ValidationProblem(
                invalid.Errors.GroupBy(e => ApiJson.FieldName(e.PropertyName))
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()),
                title: "Some fields need attention.");
        }
        catch (ForbiddenException forbidden)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: forbidden.Message);
        }
    }
}

/// <summary>Answers unexpected API errors as a problem without internals; the log keeps the detail.</summary>
public static class ApiErrors
{
    public static void UseApiErrorResponses(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/api"),
            api =>
            {
                api.UseExceptionHandler(new ExceptionHandlerOptions
                {
                    ExceptionHandler = context => Results.Problem(
                            statusCode: StatusCodes.Status500InternalServerError,
                            title: "Something went wrong on our side; it has been logged.")
                        .ExecuteAsync(context),
                });
                api.Use(RefuseMalformedPaging);
            });

    // Minimal APIs answer a page number that is not an int (page=2147483648, page=abc) with a bare 400 that the status-code
    // pages turn into HTML; checked here first, the caller gets problem+json naming the parameter like any other field.
    private static Task RefuseMalformedPaging(HttpContext context, RequestDelegate next)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (name, highest) in new[] { ("page", int.MaxValue), ("pageSize", Core.Data.PageRequest.MaximumSize) })
        {
            if (context.Request.Query.TryGetValue(name, out var values)
                && values.Any(v => !string.IsNullOrEmpty(v) && !int.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)))
                errors[name] = [$"Use a whole number from 1 to {highest.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}."];
        }
        return errors.Count == 0 ? next(context) : Results.ValidationProblem(errors, title: "Some fields need attention.").ExecuteAsync(context);
    }
}

/// <summary>The API's authorization policy names, one per minimum role.</summary>
public static class ApiPolicies
{
    public static string For(Role role) => "api:" + role.Word();
}
