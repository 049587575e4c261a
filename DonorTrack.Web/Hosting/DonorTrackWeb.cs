using DonorTrack.Core;
using DonorTrack.Core.Payments;
using DonorTrack.Web.Api;
using DonorTrack.Web.Payments;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DonorTrack.Web.Hosting;

/// <summary>Service registration and the request pipeline of the web host.</summary>
public static class DonorTrackWeb
{
    public static void AddDonorTrackWeb(this WebApplicationBuilder builder)
    {
        var dataDirectory = DataDirectory.Resolve(builder.Configuration);
        var connections = SqliteConnectionFactory.InDirectory(dataDirectory, DonorTrackHosting.WriteWait(builder.Configuration));
        builder.Services.AddDonorTrackCore(connections);
        builder.AddDonorTrackHosting();
        DailyBackups.AddDailyBackups(builder, dataDirectory, connections.DatabasePath);
        SecurityHeaders.Configure(builder);
        builder.AddSignInRateLimits();
        builder.Services.Replace(ServiceDescriptor.Singleton(services => new DonorTrack.Core.SelfService.DonorPageAddress(services.GetRequiredService<PublicUrls>().BaseUrl)));
        builder.Services.AddSingleton<PaymentKeyStore>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<DonorTrack.Web.Pages.InstantDisplay>();
        builder.Services.AddSingleton<CardSubscriptionButton>();
        builder.Services.AddSingleton<OnlineDonationService>();
        builder.Services.AddSingleton(new StripeGatewayFactory(
            new HttpClient { Timeout = TimeSpan.FromSeconds(30) },
            NonEmpty(builder.Configuration["Stripe:ApiBase"]),
            int.TryParse(builder.Configuration["Stripe:MaxNetworkRetries"], out var retries) ? retries : 2));
        builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<ReceiptBatchJobs>(services, ReceiptBatchJobs.FolderIn(dataDirectory)));
        builder.Services.AddHostedService(services => services.GetRequiredService<ReceiptBatchJobs>());
        builder.Services.AddSingleton<CardFeeWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CardFeeWorker>());
        builder.Services.AddSingleton<CardRenewalReminderWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CardRenewalReminderWorker>());
        builder.Services.AddSingleton<DonorTrack.Web.Email.MailSettingsStore>();
        builder.Services.AddSingleton<DonorTrack.Web.Email.OutboxWorker>();
        builder.Services.AddSingleton<DonorTrack.Web.Email.StatementMailingJobs>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DonorTrack.Web.Email.OutboxWorker>());
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.DefaultBytes);

        builder.Services.AddRazorPages(options =>
        {
            options.Conventions.AuthorizeFolder("/", RolePolicies.Viewer);
            options.Conventions.AuthorizeFolder("/Admin", RolePolicies.Admin);
            options.Conventions.AllowAnonymousToPage("/Account/SignIn");
            options.Conventions.AllowAnonymousToPage("/Account/Denied");
            options.Conventions.AllowAnonymousToPage("/Account/Invitation");
            options.Conventions.AllowAnonymousToPage("/Setup");
            options.Conventions.AllowAnonymousToPage("/Error");
            options.Conventions.AllowAnonymousToFolder("/Give");
            // The donor page has its own sign-in (DonorSessionCookie), which its pages check; staff roles grant nothing there.
            options.Conventions.AllowAnonymousToFolder("/My");
        }).AddMvcOptions(options =>
        {
            options.ModelBinderProviders.Insert(0, new DonorTrack.Web.Pages.DollarsModelBinderProvider());
            options.ModelBinderProviders.Insert(0, new DonorTrack.Web.Pages.CheckboxModelBinderProvider());
            options.Filters.Add(new DonorTrack.Web.Pages.UnhandledPostFilter());
        });

        builder.Services
            .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/Account/SignIn";
                options.LogoutPath = "/Account/SignOut";
                options.AccessDeniedPath = "/Account/Denied";
                options.Cookie.Name = "donortrack";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = CookieRoleRefresh.ValidateAsync;
            })
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { })
            .AddDonorSessionCookie();

        builder.Services.AddAuthorization(options =>
        {
            foreach (var role in RoleRules.All)
            {
                options.AddPolicy(RolePolicies.For(role), policy => policy.RequireAuthenticatedUser()
                    .RequireAssertion(context => context.User.RoleClaim()?.Includes(role) == true));
                options.AddPolicy(ApiPolicies.For(role), policy => policy
                    .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                    .RequireAuthenticatedUser()
                    .RequireAssertion(context => context.User.RoleClaim()?.Includes(role) == true));
            }
        });

        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "DonorTrack API";
            document.Info.Description = "Donors and gifts of one organization, authenticated by an API key: Authorization: Bearer dtk_…";
            return Task.CompletedTask;
        }));
        builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public static void UseDonorTrackWeb(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IDbConnectionFactory>() is SqliteConnectionFactory sqlite)
            sqlite.EnableWriteAheadLog();
        app.Services.GetRequiredService<DatabaseMigrator>().Migrate();
        app.Services.GetRequiredService<RunningInstanceLock>();
        app.UseDonorTrackHosting(DataDirectory.Resolve(app.Configuration));

        app.UseMiddleware<SecurityHeaders>();
        app.UseRequestLog();
        app.UseExceptionHandler("/Error");
        app.UseApiErrorResponses();
        app.UseStatusCodePagesWithReExecute("/Error", "?status={0}");
        app.UseMiddleware<ServiceUnavailableResponses>();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRequestBodyLimit();
        app.UseSignInRateLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseApiQueryChecks();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapDonorTrackApi();
        app.MapStripeWebhook();
        app.MapRazorPages();
    }
}
