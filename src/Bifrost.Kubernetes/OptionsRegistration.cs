using Microsoft.Extensions.Options;

namespace Bifrost.Kubernetes;

/// <summary>Binds an options record from its configuration section and checks it when the host starts.</summary>
public static class OptionsRegistration
{
    /// <summary>
    /// A bad setting stops the process at start-up with a message naming the setting, rather than
    /// surfacing on the first admission request.
    /// </summary>
    public static IServiceCollection AddValidatedOptions<TOptions>(
        this IServiceCollection services, IConfiguration configuration, string section, Func<TOptions, IEnumerable<string>> validate)
        where TOptions : class
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new RecordValidator<TOptions>(validate));
        return services;
    }

    private sealed class RecordValidator<TOptions>(Func<TOptions, IEnumerable<string>> validate) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var errors = validate(options).ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
