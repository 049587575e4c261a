using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace DonorTrack.Web.Pages;

/// <summary>
/// Ties a field's error message to the field for screen readers: the message element (<c>asp-validation-for</c>) gets the id
/// <c>{field id}-error</c>, and every field whose posted name has errors, written with <c>asp-for</c> or by hand, gets
/// <c>aria-invalid="true"</c> and <c>aria-describedby</c> naming that message. A field whose errors are filed under other
/// keys than its name (<c>On</c> refused as <c>ReceivedOn</c>) lists them in <c>field-errors</c>, like its message's <c>field-message-for</c>.
/// </summary>
[HtmlTargetElement("input", Attributes = NameAttribute)]
[HtmlTargetElement("select", Attributes = NameAttribute)]
[HtmlTargetElement("textarea", Attributes = NameAttribute)]
[HtmlTargetElement("input", Attributes = ForAttribute)]
[HtmlTargetElement("select", Attributes = ForAttribute)]
[HtmlTargetElement("textarea", Attributes = ForAttribute)]
[HtmlTargetElement("span", Attributes = MessageAttribute)]
public sealed class FieldErrorLinkTagHelper : TagHelper
{
    private const string NameAttribute = "name";
    private const string ForAttribute = "asp-for";
    private const string MessageAttribute = "asp-validation-for";

    // After the framework's own tag helpers, so the name, id and class they write are there to read and add to.
    public override int Order => 100;

    [HtmlAttributeName(MessageAttribute)]
    public ModelExpression? MessageFor { get; set; }

    /// <summary>The keys the field's errors are filed under, when they are not its name; the first names its message.</summary>
    [HtmlAttributeName(FieldMessageTagHelper.FieldErrorsAttribute)]
    public string? ErrorKeys { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public static string ErrorId(string fieldName) => TagBuilder.CreateSanitizedId(fieldName, "_") + "-error";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (MessageFor is not null)
        {
            if (!output.Attributes.ContainsName("id"))
                output.Attributes.SetAttribute("id", ErrorId(ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(MessageFor.Name)));
            return;
        }
        var keys = FieldMessageTagHelper.Keys(ErrorKeys);
        if (keys.Length == 0 && output.Attributes.TryGetAttribute(NameAttribute, out var nameAttribute) && TextOf(nameAttribute.Value) is { Length: > 0 } posted)
            keys = [posted];
        if (keys.Length == 0)
            return;
        var name = keys[0];
        if (keys.Any(key => ViewContext.ViewData.ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0))
        {
            output.Attributes.SetAttribute("aria-invalid", "true");
            var existing = output.Attributes.TryGetAttribute("aria-describedby", out var describedBy) ? TextOf(describedBy.Value) : null;
            if (existing is null || !existing.Split(' ').Contains(ErrorId(name)))
                output.Attributes.SetAttribute("aria-describedby", string.IsNullOrEmpty(existing) ? ErrorId(name) : $"{existing} {ErrorId(name)}");
        }
    }

    /// <summary>An attribute's value as text: Razor hands over a string, or markup when the value mixes text and code (<c>Input.Schedule[@i].DueOn</c>).</summary>
    private static string? TextOf(object? value)
    {
        if (value is not IHtmlContent markup)
            return value?.ToString();
        using var writer = new StringWriter();
        markup.WriteTo(writer, HtmlEncoder.Default);
        return WebUtility.HtmlDecode(writer.ToString());
    }
}

/// <summary>
/// A field's message written by hand (<c>&lt;span class="field-error" field-message-for="Amount AmountCents"&gt;</c>): the errors
/// filed under those keys, with the id the field's <c>aria-describedby</c> names; nothing at all when there are none.
/// </summary>
[HtmlTargetElement("span", Attributes = MessageForAttribute)]
[HtmlTargetElement("p", Attributes = MessageForAttribute)]
public sealed class FieldMessageTagHelper : TagHelper
{
    public const string MessageForAttribute = "field-message-for";
    public const string FieldErrorsAttribute = "field-errors";

    [HtmlAttributeName(MessageForAttribute)]
    public string? MessageFor { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public static string[] Keys(string? keys) => keys?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var keys = Keys(MessageFor);
        var messages = keys.SelectMany(key => ViewContext.ViewData.ModelState.TryGetValue(key, out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : []).ToList();
        if (messages.Count == 0)
        {
            output.SuppressOutput();
            return;
        }
        output.Attributes.SetAttribute("id", FieldErrorLinkTagHelper.ErrorId(keys[0]));
        output.Content.SetContent(string.Join(" ", messages));
    }
}

/// <summary>Gives every table header cell a scope: a column header inside <c>thead</c>, a row header elsewhere, unless the markup says.</summary>
[HtmlTargetElement("thead")]
[HtmlTargetElement("tbody")]
[HtmlTargetElement("tfoot")]
[HtmlTargetElement("th")]
public sealed class HeaderScopeTagHelper : TagHelper
{
    private static readonly object InHead = new();

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        switch (output.TagName)
        {
            case "thead":
                context.Items[InHead] = true;
                break;
            case "tbody" or "tfoot":
                context.Items[InHead] = false;
                break;
            default:
                if (!output.Attributes.ContainsName("scope"))
                    output.Attributes.SetAttribute("scope", context.Items.TryGetValue(InHead, out var inHead) && inHead is false ? "row" : "col");
                break;
        }
    }
}

/// <summary>Puts every table in its own horizontally scrolling box, so a wide table never makes a narrow page wider than the screen.</summary>
[HtmlTargetElement("table")]
public sealed class TableScrollTagHelper : TagHelper
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.PreElement.SetHtmlContent("<div class=\"table-scroll\">");
        output.PostElement.SetHtmlContent("</div>");
    }
}
