using Microsoft.Extensions.Options;

namespace Bifrost.Webhook.Hosting;

/// <summary>Turns a start-up exception into the messages a person needs: each names the setting at fault.</summary>
internal static class StartupErrors
{
    public static IEnumerable<string> Describe(Exception error) => error switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Describe),
        OptionsValidationException validation => validation.Failures,
        _ => [error.Message],
    };
}
