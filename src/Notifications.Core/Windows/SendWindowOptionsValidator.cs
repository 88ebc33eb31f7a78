using Microsoft.Extensions.Options;

namespace Notifications.Core.Windows;

/// <summary>Checks <see cref="SendWindowOptions"/> at start-up; each failure names its key.</summary>
internal sealed class SendWindowOptionsValidator : IValidateOptions<SendWindowOptions>
{
    private const string Section = SendWindowOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SendWindowOptions options)
    {
        var failures = new List<string>();
        Check(failures, Section, new LocalWindow(options.Start, options.End));
        foreach (var (state, window) in options.States)
        {
            if (!UsAreaCodes.States.Contains(state.ToUpperInvariant()))
            {
                failures.Add($"{Section}:States:{state} is not a state the area-code table knows ({string.Join(", ", UsAreaCodes.States)}).");
            }

            Check(failures, $"{Section}:States:{state}", options.WindowFor(state));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string key, LocalWindow window)
    {
        if (window.Start >= window.End)
        {
            failures.Add($"{key}:Start must be before {key}:End (was {window.Start:HH\\:mm}–{window.End:HH\\:mm}); a window does not span midnight.");
        }
        else if (window.End - window.Start < TimeSpan.FromHours(1))
        {
            failures.Add($"{key}: the window must be at least an hour long (was {window.Start:HH\\:mm}–{window.End:HH\\:mm}).");
        }
    }
}
