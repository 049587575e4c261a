using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace DonorTrack.Web.Pages;

/// <summary>
/// Removes an error summary (<c>asp-validation-summary</c>) that has nothing to say. ASP.NET Core renders an empty
/// container when a form is valid (summary "All") or when every error sits next to its field (summary "ModelOnly"), and
/// the error style turns that container into an empty red bar.
/// </summary>
[HtmlTargetElement("div", Attributes = SummaryAttribute)]
public sealed class ErrorSummaryTagHelper : TagHelper
{
    private const string SummaryAttribute = "asp-validation-summary";

    // The framework's summary helper runs at -1000; this one looks at what it decided.
    public override int Order => 1000;

    [HtmlAttributeName(SummaryAttribute)]
    public ValidationSummary Summary { get; set; }

    [HtmlAttributeNotBound]
    [ViewContext]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!HasMessages(ViewContext.ViewData.ModelState, ViewContext.ViewData.TemplateInfo.HtmlFieldPrefix, Summary))
            output.SuppressOutput();
    }

    /// <summary>Whether a summary of this kind shows at least one message.</summary>
    public static bool HasMessages(ModelStateDictionary modelState, string fieldPrefix, ValidationSummary summary) => summary switch
    {
        ValidationSummary.None => false,
        ValidationSummary.All => modelState.ErrorCount > 0,
        _ => modelState.TryGetValue(fieldPrefix, out var own) && own.Errors.Count > 0,
    };
}
