using System.ComponentModel;
using System.Globalization;
using DonorTrack.Core.Money;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace DonorTrack.Web.Pages;

/// <summary>
/// A money amount as a form field: typed in dollars ("1,234.50", "$12", "12.5"), held as exact cents, and shown back in
/// the field as plain dollars ("1234.50"). Every page binds money through this type, so every page refuses bad input alike.
/// </summary>
[TypeConverter(typeof(DollarsTypeConverter))]
public readonly record struct Dollars(long Cents)
{
    public const string InvalidMessage = "Enter an amount in dollars and cents, like 25 or 25.50.";

    /// <summary>The typed text as dollars, or null when it is not an amount with at most two decimals.</summary>
    public static Dollars? Parse(string? text) => MoneyFormat.ParseCents(text) is { } cents ? new Dollars(cents) : null;

    public override string ToString() => MoneyFormat.Plain(Cents);
}

/// <summary>
/// Binds a <see cref="Dollars"/> field: an empty field is no amount, text that is not dollars and cents gets
/// <see cref="Dollars.InvalidMessage"/> next to the field and leaves the property unset.
/// </summary>
public sealed class DollarsModelBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (value == ValueProviderResult.None)
            return Task.CompletedTask;
        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value);
        var text = value.FirstValue;
        if (string.IsNullOrWhiteSpace(text))
        {
            bindingContext.Result = ModelBindingResult.Success(null);
            return Task.CompletedTask;
        }
        if (Dollars.Parse(text) is { } dollars)
            bindingContext.Result = ModelBindingResult.Success(dollars);
        else
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, Dollars.InvalidMessage);
        return Task.CompletedTask;
    }
}

/// <summary>Binds every <see cref="Dollars"/> and <c>Dollars?</c> property, in page models and in the forms they hold.</summary>
public sealed class DollarsModelBinderProvider : IModelBinderProvider
{
    private static readonly DollarsModelBinder Binder = new();

    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(Dollars) ? Binder : null;
}

/// <summary>Makes <see cref="Dollars"/> a simple type to model binding, so it binds as a dictionary value (<c>Caps[7]</c>) too.</summary>
public sealed class DollarsTypeConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text
            ? Dollars.Parse(text) ?? throw new FormatException(Dollars.InvalidMessage)
            : base.ConvertFrom(context, culture, value);
}
