using Microsoft.AspNetCore.Mvc.Filters;

namespace DonorTrack.Web.Pages;

/// <summary>
/// A post that names no handler the page has (a stale form, a hand-made request) would otherwise draw the page without
/// running any handler, so without the model its GET builds. Such a post changes nothing: it is sent back to the page.
/// </summary>
public sealed class UnhandledPostFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var method = context.HttpContext.Request.Method;
        if (context.HandlerMethod is null && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            var request = context.HttpContext.Request;
            context.Result = new RedirectResult(request.PathBase + request.Path, permanent: false, preserveMethod: false);
            return;
        }
        await next();
    }
}
