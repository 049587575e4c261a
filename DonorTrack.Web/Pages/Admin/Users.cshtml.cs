using DonorTrack.Core.Security;
using DonorTrack.Web.Security;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DonorTrack.Web.Pages.Admin;

public sealed class UsersModel(AccountService accounts) : PageModel
{
    public IReadOnlyList<OrganizationUser> People { get; private set; } = [];

    [BindProperty]
    public AddUserInput Input { get; set; } = new(null, null, null, Roles.Entry);

    public void OnGet() => People = accounts.UsersOf(User.ToActor());

    public IActionResult OnPostAdd()
    {
        if (!ModelState.TryRun(() => accounts.AddUser(User.ToActor(), Input)))
        {
            People = accounts.UsersOf(User.ToActor());
            return Page();
        }
        TempData["Notice"] = $"{Input.Email} can now sign in as {Input.Role}. Share the first password with them privately.";
        return RedirectToPage();
    }

    public IActionResult OnPostRole(long userId, string role) => Change(() => accounts.SetRole(User.ToActor(), userId, role), "Role changed.");

    public IActionResult OnPostRemove(long userId) => Change(() => accounts.RemoveUser(User.ToActor(), userId), "Removed from this organization.");

    private IActionResult Change(Action change, string notice)
    {
        try
        {
            change();
            TempData["Notice"] = notice;
        }
        catch (ValidationException invalid)
        {
            TempData["Notice"] = invalid.Messages();
        }
        return RedirectToPage();
    }
}
