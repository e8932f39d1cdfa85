using Bifrost.Agent;
using Bifrost.Agent.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddBifrostAgent(builder.Configuration);
var port = builder.Configuration.GetValue($"{AgentOptions.SectionName}:HealthPort", new AgentOptions().HealthPort);
builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
var app = builder.Build();
app.MapAgentEndpoints();
app.Run();
