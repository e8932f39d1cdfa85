using Bifrost.Kubernetes;
using Bifrost.Webhook.Admission;
using Bifrost.Webhook.Health;
using Bifrost.Webhook.Hosting;
using Bifrost.Webhook.Intake;
using Bifrost.Webhook.Lifecycle;
using Bifrost.Webhook.Metrics;
using Bifrost.Webhook.Namespaces;
using Bifrost.Webhook.Profiles;
using Bifrost.Webhook.Reconcile;
using Bifrost.Webhook.Tls;

namespace Bifrost.Webhook;

/// <summary>Builds and runs the webhook host; tests build the same app and run it on a free port.</summary>
public static class WebhookApp
{
    /// <param name="args">Command line: <c>--urls</c> and any setting as <c>--Bifrost:Section:Name=value</c>.</param>
    /// <param name="configure">Lets tests replace services before the app is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json sits next to the binary; certificate paths stay relative to the current directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddBifrostMetrics();
        builder.Services.AddBifrostHealth();
        builder.Services.AddBifrostServerLimits(builder.Configuration);
        builder.Services.AddBifrostTls(builder.Configuration);
        builder.Services.AddBifrostNamespaces(builder.Configuration);
        builder.Services.AddBifrostProfiles(builder.Configuration);
        builder.Services.AddBifrostAdmission(builder.Configuration);
        builder.Services.AddBifrostIntake(builder.Configuration, KubernetesRegistration.IsEnabled(builder.Configuration));
        builder.Services.AddBifrostLifecycle(builder.Configuration);
        builder.Services.AddBifrostReconcile(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapAdmission();
        app.MapIntake();
        app.MapHealth();
        app.MapBifrostMetrics();
        return app;
    }

    /// <summary>
    /// Builds and runs the webhook until shutdown. A setting that is already needed while the app is built (the intake
    /// creates its token file then) fails here, the same way as one checked at start: one clear message and exit code 1.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
#pragma warning disable CA1031 // Every start-up failure ends the process the same way: a message and a non-zero exit.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return await CannotStartAsync(e).ConfigureAwait(false);
        }

        return await RunAsync(app).ConfigureAwait(false);
    }

    /// <summary>Runs until shutdown; a start-up failure (bad setting, missing certificate) is one clear message and exit code 1.</summary>
    public static async Task<int> RunAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Every start-up failure ends the process the same way: a message and a non-zero exit.
            catch (Exception e)
#pragma warning restore CA1031
            {
                return await CannotStartAsync(e).ConfigureAwait(false);
            }

            await app.WaitForShutdownAsync().ConfigureAwait(false);
            return 0;
        }
    }

    private static async Task<int> CannotStartAsync(Exception error)
    {
        foreach (var message in StartupErrors.Describe(error))
            await Console.Error.WriteLineAsync($"bifrost-webhook: cannot start: {message}").ConfigureAwait(false);
        return 1;
    }
}
