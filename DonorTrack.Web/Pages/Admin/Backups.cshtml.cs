using System.Globalization;
using Microsoft.AspNetCore.Mvc.Filters;

namespace DonorTrack.Web.Pages.Admin;

/// <summary>
/// The installation's backups. A backup holds every organization, so only an installation administrator (an admin of the
/// organization created at set-up) sees this page; to anyone else it does not exist.
/// </summary>
public sealed class BackupsModel(BackupFolder backups, InstallationAdministrators administrators) : PageModel
{
    public IReadOnlyList<StoredBackup> Backups { get; private set; } = [];

    public BackupRetention Retention => backups.Retention;

    public string Folder => backups.Folder;

    [NonHandler]
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (!administrators.Includes(User.UserId()))
            context.Result = NotFound();
    }

    public void OnGet() => Backups = backups.List();

    /// <summary>A fresh backup taken now, streamed and then deleted.</summary>
    public IActionResult OnPostDownload()
    {
        var copy = Path.Combine(backups.Folder, $".download-{Guid.NewGuid():N}.db");
        DatabaseBackup.WriteTo(backups.DatabasePath, copy);
        var stream = new FileStream(copy, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.DeleteOnClose);
        var at = HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        return File(stream, "application/vnd.sqlite3", $"donortrack-{at.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.db");
    }

    public IActionResult OnGetFile(string? name) =>
        backups.Find(name) is { } backup
            ? PhysicalFile(backup.Path, "application/vnd.sqlite3", backup.Name)
            : NotFound();

    public static string Size(long bytes) => bytes switch
    {
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024:0.#} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024 / 1024:0.##} GB"),
    };
}
