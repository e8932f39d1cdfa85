using Bifrost.Agent;
using Bifrost.Agent.Hosting;
using Bifrost.Kubernetes;

WebApplication app;
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Services.AddBifrostAgent(builder.Configuration);
    var port = builder.Configuration.GetValue($"{AgentOptions.SectionName}:HealthPort", new AgentOptions().HealthPort);
    builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
    app = builder.Build();
    app.MapAgentEndpoints();
    await app.StartAsync().ConfigureAwait(false);
}
#pragma warning disable CA1031 // Every start-up failure ends the process the same way: a message naming the setting and exit code 1.
catch (Exception e) when (e is not HostAbortedException) // WebApplicationFactory stops the program this way once it has the host.
#pragma warning restore CA1031
{
    foreach (var message in StartupErrors.Describe(e))
        await Console.Error.WriteLineAsync($"bifrost-agent: cannot start: {message}").ConfigureAwait(false);
    return 1;
}

await using (app.ConfigureAwait(false))
{
    await app.WaitForShutdownAsync().ConfigureAwait(false);
}

return 0;
