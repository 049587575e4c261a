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
            });

    /// <summary>After routing (it reads the endpoint's parameters): a query value the endpoint cannot convert answers 400 problem+json.</summary>
    public static void UseApiQueryChecks(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.Use(RefuseMalformedQuery));

    // Minimal APIs answer a query value they cannot convert (page=2147483648, donorId=abc, from=2026-02-30, an empty one) with
    // a bare 400 that names nothing; checked here first against the endpoint's own parameters, the caller gets problem+json
    // naming the parameter like any other field.
    private static Task RefuseMalformedQuery(HttpContext context, RequestDelegate next)
    {
        var errors = new Dictionary<string, string[]>();
        var parameters = context.GetEndpoint()?.Metadata.GetMetadata<System.Reflection.MethodInfo>()?.GetParameters() ?? [];
        foreach (var parameter in parameters)
        {
            if (parameter.Name is not { } name || !context.Request.Query.TryGetValue(name, out var values)
                || QueryValueRule(name, Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType) is not { } rule)
                continue;
            if (values.Count > 1)
                errors[name] = [$"Give {name} once."];
            else if (!rule.Parses(values[0] ?? ""))
                errors[name] = [rule.Message];
        }
        return errors.Count == 0 ? next(context) : Results.ValidationProblem(errors, title: "Some fields need attention.").ExecuteAsync(context);
    }

    private static (Func<string, bool> Parses, string Message)? QueryValueRule(string name, Type type)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (name is "page" or "pageSize")
        {
            var highest = name == "page" ? int.MaxValue : Core.Data.PageRequest.MaximumSize;
            return (v => int.TryParse(v, System.Globalization.NumberStyles.None, invariant, out _), $"Use a whole number from 1 to {highest.ToString("N0", invariant)}.");
        }
        if (type == typeof(int))
            return (v => int.TryParse(v, System.Globalization.NumberStyles.AllowLeadingSign, invariant, out _), "Use a whole number.");
        if (type == typeof(long))
            return (v => long.TryParse(v, System.Globalization.NumberStyles.AllowLeadingSign, invariant, out _), "Use a whole number (an id).");
        if (type == typeof(bool))
            return (v => bool.TryParse(v, out _), "Use true or false.");
        if (type == typeof(DateOnly))
            return (v => DateOnly.TryParseExact(v, "yyyy-MM-dd", invariant, System.Globalization.DateTimeStyles.None, out _), "Use a real date written YYYY-MM-DD.");
        return null;
    }
}

/// <summary>The API's authorization policy names, one per minimum role.</summary>
public static class ApiPolicies
{
    public static string For(Role role) => "api:" + role.Word();
}
