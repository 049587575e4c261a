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
            api => api.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandler = context => Results.Problem(
                        statusCode: StatusCodes.Status500InternalServerError,
                        title: "Something went wrong on our side; it has been logged.")
                    .ExecuteAsync(context),
            }));
}

/// <summary>The API's authorization policy names, one per minimum role.</summary>
public static class ApiPolicies
{
    public static string For(string role) => "api:" + role;
}
