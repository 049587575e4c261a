namespace DonorTrack.Web.Pages;

[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }

    public void OnGet(int? status) => Status = status ?? 500;

    public void OnPost(int? status) => Status = status ?? 500;
}
