using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace DonorTrack.Web.Pages;

/// <summary>
/// Binds every <c>bool</c> form field. A value that is not true or false gets a message next to the field and the form
/// shows the box unticked: ASP.NET Core's own binder keeps the text as the field's value, and the checkbox tag helper then
/// fails to convert it while drawing the page again (a 500).
/// </summary>
public sealed class CheckboxModelBinder : IModelBinder
{
    public const string InvalidMessage = "Tick the box or leave it empty.";

    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (value == ValueProviderResult.None)
            return Task.CompletedTask;
        // A ticked box posts "true" before its hidden "false".
        var text = value.FirstValue;
        if (string.IsNullOrEmpty(text) && bindingContext.ModelMetadata.IsReferenceOrNullableType)
        {
            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value);
            bindingContext.Result = ModelBindingResult.Success(null);
        }
        else if (bool.TryParse(text, out var ticked))
        {
            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value);
            bindingContext.Result = ModelBindingResult.Success(ticked);
        }
        else
        {
            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, rawValue: false, attemptedValue: "false");
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, InvalidMessage);
        }

        return Task.CompletedTask;
    }
}

public sealed class CheckboxModelBinderProvider : IModelBinderProvider
{
    private static readonly CheckboxModelBinder Binder = new();

    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(bool) ? Binder : null;
}
