using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Notifications.Core.Sms;

namespace Notifications.Core.Programs;

/// <summary>Every program and the program of each app, as read from configuration by <see cref="ProgramCatalogSetup"/>.</summary>
public sealed class ProgramCatalogOptions
{
    /// <summary>Programs by lower-case name; always holds <see cref="ProgramCatalog.DefaultProgram"/>.</summary>
    public Dictionary<string, ProgramOptions> Programs { get; } = new(StringComparer.Ordinal);

    /// <summary>App name to program name, for the apps that name one.</summary>
    public Dictionary<string, string> AppPrograms { get; } = new(StringComparer.Ordinal);

    /// <summary>What configured an app's program, for error messages (app to the raw value).</summary>
    internal Dictionary<string, string> AppProgramValues { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Reads <c>Sms:Program</c> (the program <c>default</c>; <c>Programs:default</c>, when present, is read on top of it),
/// every <c>Programs:&lt;name&gt;</c> and every <c>Apps:&lt;app&gt;:Program</c>, and refuses bad entries naming the key.
/// The brand texts are checked where replies are sent (<see cref="ProgramTextsValidator"/>).
/// </summary>
internal sealed partial class ProgramCatalogSetup(IConfiguration configuration)
    : IConfigureOptions<ProgramCatalogOptions>, IValidateOptions<ProgramCatalogOptions>
{
    public const string AppsSectionName = "Apps";
    public const string AppProgramKey = "Program";

    public void Configure(ProgramCatalogOptions options)
    {
        var defaults = new ProgramOptions();
        configuration.GetSection(ProgramOptions.SectionName).Bind(defaults);
        options.Programs[ProgramCatalog.DefaultProgram] = defaults;
        foreach (var section in configuration.GetSection(ProgramOptions.ProgramsSectionName).GetChildren())
        {
            var name = section.Key.ToLowerInvariant();
            var program = options.Programs.GetValueOrDefault(name) ?? new ProgramOptions();
            section.Bind(program);
            options.Programs[name] = program;
        }

        foreach (var program in options.Programs.Values)
        {
            var senders = new Dictionary<string, SenderOptions>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, sender) in program.Senders)
            {
                senders[key.Equals(SenderRules.DefaultKey, StringComparison.OrdinalIgnoreCase) ? SenderRules.DefaultKey : key.ToUpperInvariant()] = sender;
            }

            program.Senders = senders;
        }

        foreach (var app in configuration.GetSection(AppsSectionName).GetChildren())
        {
            if (app[AppProgramKey] is { } value)
            {
                options.AppProgramValues[app.Key] = value;
                options.AppPrograms[app.Key] = value.Trim().ToLowerInvariant();
            }
        }
    }

    public ValidateOptionsResult Validate(string? name, ProgramCatalogOptions options)
    {
        var failures = new List<string>();
        foreach (var (program, settings) in options.Programs)
        {
            var prefix = SectionOf(program);
            if (!ProgramName().IsMatch(program))
            {
                failures.Add($"{prefix}: '{program}' is not a valid program name (lower-case letters, digits, '-' and '_', at most 64 characters).");
            }

            failures.AddRange(settings.Senders.SelectMany(s => SenderRules.Validate(s.Key, s.Value, $"{prefix}:Senders")));
        }

        foreach (var (app, program) in options.AppPrograms)
        {
            if (!options.Programs.ContainsKey(program))
            {
                failures.Add($"{AppsSectionName}:{app}:{AppProgramKey}: '{options.AppProgramValues[app]}' is not a configured program; "
                    + $"configure {ProgramOptions.ProgramsSectionName}:{program} or use one of: {string.Join(", ", options.Programs.Keys.Order(StringComparer.Ordinal))}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The configuration section of a program, for messages naming a key.</summary>
    public static string SectionOf(string program) =>
        program == ProgramCatalog.DefaultProgram ? ProgramOptions.SectionName : $"{ProgramOptions.ProgramsSectionName}:{program}";

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex ProgramName();
}

/// <summary>Where replies are sent: every program needs its brand name and support contact, refused at start-up naming the key.</summary>
internal sealed class ProgramTextsValidator : IValidateOptions<ProgramCatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, ProgramCatalogOptions options)
    {
        var failures = new List<string>();
        foreach (var (program, settings) in options.Programs)
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true))
            {
                var prefix = ProgramCatalogSetup.SectionOf(program);
                failures.AddRange(results.Select(r => $"{prefix}:{r.ErrorMessage}"));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
