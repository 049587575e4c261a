namespace DonorTrack.Web.Pages;

/// <summary>
/// The step before a destructive or irreversible action: what is about to happen, in plain words, and one final button that
/// posts the same form again with <see cref="Field"/> set. It is a page of its own, so it works without script.
/// </summary>
public sealed record Confirmation(string Title, IReadOnlyList<string> WhatHappens, string Button)
{
    /// <summary>The form field that says the person saw the confirmation step and went on.</summary>
    public const string Field = "Confirmed";

    public const string View = "/Pages/Shared/_Confirm.cshtml";
}

public static class ConfirmationResults
{
    /// <summary>Answers a destructive post not yet confirmed with the confirmation step; nothing has been changed.</summary>
    public static PartialViewResult Confirm(this PageModel page, Confirmation confirmation) => page.Partial(Confirmation.View, confirmation);
}
