using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bifrost.Core.Observations;
using Bifrost.Core.Wire;

namespace Bifrost.Reporting;

/// <summary>
/// Sends one report to the webhook's <c>POST /v1/observations</c> with the bearer token read from its file before
/// every send (projected tokens rotate). Never throws for a failed delivery: the caller keeps the report and retries.
/// </summary>
public sealed class ReportSender(HttpClient http, Uri endpoint, string tokenFile)
{
    private readonly Uri target = IntakeApi.ObservationsUri(endpoint);

    /// <summary>Null when the report was acknowledged; otherwise why not, in words.</summary>
    public async Task<string?> SendAsync(ObservationReport report, CancellationToken cancellationToken)
    {
        try
        {
            var token = (await File.ReadAllTextAsync(tokenFile, cancellationToken).ConfigureAwait(false)).Trim();
            using var request = new HttpRequestMessage(HttpMethod.Post, target)
            {
                Content = JsonContent.Create(report, options: ObservationJson.Options),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "timeout";
        }
    }
}
